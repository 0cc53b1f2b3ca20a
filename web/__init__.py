"""The server: `lsp serve` (FastAPI on uvicorn), the JSON API and the CLI's command endpoint."""
