"""The server and the web: `lsp serve` (FastAPI on uvicorn), the JSON API, the CLI's command
endpoint, and the pages (docs/server.md, docs/web.md)."""
