"""The stores below the application: the SQL seam, SQLite and PostgreSQL, the
append-only guards, set-up and grants, and the doctor. Never imports the application."""
