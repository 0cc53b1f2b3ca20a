"""The stores below the application: what a `--store` names and the SQL seam (`seam`),
its SQLite and PostgreSQL dialects (`sqlite`, `postgres`), SQLite's durability for
eventsourcing (`durability`), the append-only guards (`appendonly`), opening a ledger on
its store (`opening`), set-up and grants (`deploy`), and the doctor (`doctor`, `health`).

Nothing here imports `ledger.app` or `ledger.audit`, not even for types: the application
hands in what the store needs (a callable that constructs it, its recorder)."""
