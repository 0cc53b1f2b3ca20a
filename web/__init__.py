"""The web: the pages and routes `lsp serve` serves (docs/web.md)."""
