"""Setting up a PostgreSQL store: the tables, the guards, and a writer role that cannot
rewrite history (`lsp store init-postgres`, docs/deploy.md).

The owner of the ledger's schema (a superuser, or a role with CREATEROLE that may create
schemas in the database) runs the plan once; it is idempotent, so running it again
repairs what is missing and takes back any right the writer should not have. `plan()`
gives the statements, and both `--print-sql` (for a DBA to review and run with psql) and
`apply()` use that one list:

    1. the schema, and eventsourcing's own objects: `stored_events`, its notification
       index, the composite type and insert function (rendered from eventsourcing's
       recorder itself, so they are exactly what `lsp init` would create);
    2. the append-only guards and the gapless numbering (`ledger.store.appendonly`);
    3. `lsp_lock_events()`, explained below;
    4. the read models' tables (their DDL is given by the caller: `ledger/` never imports
       `projections/`);
    5. the writer role and its rights.

What the writer may do, and why each right:

    stored_events       SELECT, INSERT; never UPDATE, DELETE, TRUNCATE (nor REFERENCES,
                        TRIGGER): a dropped trigger cannot let it edit history, because the
                        role itself has no right to
    its sequence        USAGE, SELECT: the column's default draws from it before the
                        numbering trigger replaces the number
    lsp_lock_events()   EXECUTE: see below
    the read models     it OWNS the `lsp_*` tables, and may CREATE in the schema: they are
                        disposable copies of the log, and every read runs `CREATE TABLE /
                        INDEX IF NOT EXISTS` on them (PostgreSQL checks CREATE on the schema,
                        and ownership for an index, even when they exist), and `lsp
                        projections rebuild` drops and recreates them
    stored_snapshots    it OWNS it, as the read models: bodies' snapshots, a cache of the
                        replay that no seal covers and `lsp verify` checks against the
                        events (docs/architecture.md, "Snapshots")
    the schema          USAGE (and CREATE, for the read models)

The table lock. eventsourcing serialises writers with `LOCK TABLE stored_events IN
EXCLUSIVE MODE`, which PostgreSQL allows only to a role with UPDATE, DELETE or TRUNCATE on
the table (or, from PostgreSQL 17, MAINTAIN). The writer has none of those, so the plan
adds `lsp_lock_events()`, a SECURITY DEFINER function owned by the schema's owner that
takes that lock and does nothing else, and `route_table_lock` points the ledger's
recorder at it. On PostgreSQL 17 and later the writer is also granted MAINTAIN (VACUUM,
ANALYZE, REINDEX, CLUSTER and LOCK TABLE: nothing that changes a row), so eventsourcing's
own statement works there too.

Who does what. An owner that is not a superuser is made a member of the writer role, as
PostgreSQL requires to hand the read models over to it. The owner creates the ledger
(`lsp init`, `lsp import`): creating runs eventsourcing's DDL, which needs ownership of
`stored_events`. Everything after that, the writer may do. When the owner creates the read
models again (the rebuild at the end of `lsp import`), `PostgresDatabase.ensure` creates
them as the writer (the owner is its member), so the writer keeps owning them.
PostgreSQL 14 or later (`CREATE OR REPLACE TRIGGER`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ledger.errors import InvalidInput, StoreError
from ledger.store import appendonly
from ledger.store.postgres import first_line
from ledger.store.seam import EVENTS_TABLE, SNAPSHOTS_TABLE, Database, Store

WRITER = "lsp_writer"
"""The writer role's name unless `--writer` says otherwise."""

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

LOCK_FUNCTION = "lsp_lock_events"

EVENT_TYPE = "stored_event_uuid"
SEQUENCE = f"{EVENTS_TABLE}_notification_id_seq"
INSERT_FUNCTION = "es_insert_events_uuid"

MAINTAIN_FROM = 170000
"""server_version_num from which PostgreSQL has the MAINTAIN privilege (17)."""


def _q(name: str) -> str:
    """A quoted identifier (names here are checked slugs, but quote them all the same)."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# ---------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Plan:
    """The statements that set up one schema, in order, run in one transaction."""

    store: Store
    writer: str
    password_set: bool
    read_model_tables: tuple[str, ...]
    statements: tuple[str, ...] = field(repr=False)

    def script(self) -> str:
        """The plan as a psql script, for `--print-sql` and docs/deploy-postgres.sql."""
        schema = self.store.schema
        password = ("its password is set as a SCRAM-SHA-256 verifier, never in clear."
                    if self.password_set else
                    f"no password: set one with psql's \\password {self.writer}, or use an "
                    "authentication method that needs none.")
        head = [
            "-- The PostgreSQL store of an lsp ledger: its tables, the append-only guards and a",
            "-- writer role that may read and append events, never change them. Generated by",
            f"--   lsp --store {self.store} store init-postgres --writer {self.writer} --print-sql",
            "-- (docs/deploy.md). Run it as the owner of the ledger's schema: a superuser, or a",
            "-- role with CREATEROLE that may create schemas in the database:",
            "--   psql -v ON_ERROR_STOP=1 -f FILE DATABASE",
            "-- It is idempotent: running it again repairs what is missing and takes back any",
            f"-- right on {EVENTS_TABLE} that the writer should not have.",
            "--",
            f"-- Schema: {schema}. Writer role: {self.writer},",
            f"-- {password}",
        ]
        body = ";\n\n".join(self.statements)
        return "\n".join(head) + "\n\nBEGIN;\n\n" + body + ";\n\nCOMMIT;\n"


def plan(store: Store, read_models: str, read_model_tables: Sequence[str], *,
         writer: str = WRITER, password: str | None = None) -> Plan:
    """The statements that set up `store`'s schema with a writer role named `writer`.

    `read_models` is the read models' DDL as the projections run it (`CREATE TABLE IF NOT
    EXISTS ...` statements separated by `;`), `read_model_tables` their tables. A
    `password` is put in the SQL as a SCRAM-SHA-256 verifier only.
    """
    if not store.is_postgres:
        raise InvalidInput(not_postgres(store))
    if not ROLE_NAME.match(writer):
        raise InvalidInput(f"--writer {writer!r}: a role name here is lower-case letters, "
                           "digits and underscores, starting with a letter or underscore")
    if writer == store.user:
        raise InvalidInput(f"--writer {writer} is the role in --store: run `lsp store "
                           "init-postgres` as the owner of the ledger's schema, and name "
                           "another role as the writer")
    if password is not None and not password:
        raise InvalidInput("--password is empty: give one, or leave it out")
    schema = store.schema
    statements = [
        f"CREATE SCHEMA IF NOT EXISTS {_q(schema)}",
        # Unqualified names below (the guards, the read models) go into this schema.
        f"SET LOCAL search_path TO {_q(schema)}",
        *_event_tables(store),
        *_guards(),
        _lock_function(schema),
        *_read_models(read_models),
        *_writer(store, writer, password, (*read_model_tables, SNAPSHOTS_TABLE)),
    ]
    for statement in statements:
        if "?" in statement:  # ledger.store.seam.Database turns `?` into a placeholder
            raise ValueError(f"a statement of the plan contains '?': {statement[:60]}")
    return Plan(store, writer, password is not None, tuple(read_model_tables),
                tuple(statements))


def not_postgres(store: Store) -> str:
    return (f"lsp store init-postgres sets up a PostgreSQL store, and --store {store} is an "
            "SQLite file, which needs no set-up (`lsp init` creates it): give "
            "--store postgresql://USER@HOST:PORT/DATABASE[?schema=NAME] (docs/deploy.md)")


def _event_tables(store: Store) -> list[str]:
    """eventsourcing's own statements for the events table and the snapshot table, rendered
    from its recorders with the settings the ledger gives it (`Store.env`), without
    connecting."""
    from eventsourcing.postgres import (
        PostgresAggregateRecorder,
        PostgresApplicationRecorder,
        PostgresDatastore,
    )

    class Offline(PostgresDatastore):
        def register_type_adapters(self) -> None:  # would connect; only SQL is wanted
            pass

    env = store.env()
    datastore = Offline(store.dbname, store.host, store.port, store.user, "",
                        schema=store.schema, lock_timeout=int(env["POSTGRES_LOCK_TIMEOUT"]))
    try:
        recorder = PostgresApplicationRecorder(datastore, events_table_name=EVENTS_TABLE)
        snapshots = PostgresAggregateRecorder(datastore, events_table_name=SNAPSHOTS_TABLE)
        rendered = [s.as_string().strip().rstrip(";").strip()
                    for s in recorder.sql_create_statements]
        rendered += [text for text in (s.as_string().strip().rstrip(";").strip()
                                       for s in snapshots.sql_create_statements)
                     if text.startswith("CREATE TABLE")]  # its type is the events' own
    finally:
        datastore.close()
    # CREATE TYPE has no IF NOT EXISTS: eventsourcing suppresses the duplicate itself.
    return [f"DO $lsp$ BEGIN\n    {s};\nEXCEPTION WHEN duplicate_object THEN NULL;\nEND $lsp$"
            if s.startswith("CREATE TYPE") else s for s in rendered]


def _guards() -> list[str]:
    triggers = [s.replace("CREATE TRIGGER", "CREATE OR REPLACE TRIGGER", 1)
                for s in appendonly.PG_TRIGGERS.values()]
    return [*appendonly.PG_FUNCTIONS, *triggers]


def _lock_function(schema: str) -> str:
    return (f"CREATE OR REPLACE FUNCTION {_q(schema)}.{LOCK_FUNCTION}() RETURNS void\n"
            "LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $lsp$\n"
            f"    LOCK TABLE {_q(schema)}.{EVENTS_TABLE} IN EXCLUSIVE MODE\n$lsp$")


def _read_models(ddl: str) -> list[str]:
    # As ledger.store.postgres.PostgresDatabase.ensure creates them: text sorted by code point.
    return [re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', s.strip())
            for s in ddl.split(";") if s.strip()]


def _writer(store: Store, writer: str, password: str | None,
            tables: Iterable[str]) -> list[str]:
    s, w, events = _q(store.schema), _q(writer), f"{_q(store.schema)}.{EVENTS_TABLE}"
    lit = _literal(writer)
    refuse = (f"role {writer} is a superuser or bypasses row security: it could change "
              "recorded events whatever it is granted; name another --writer")
    owns = (f"role {writer} owns {EVENTS_TABLE}: it could change recorded events; name "
            "another --writer")
    statements = [
        f"""DO $lsp$ BEGIN
    IF current_user = {lit} THEN
        RAISE EXCEPTION 'the writer role {writer} cannot set itself up: run this as the owner';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {lit}) THEN
        CREATE ROLE {w} LOGIN;
    END IF;
    IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = {lit}) THEN
        RAISE EXCEPTION '{refuse}';
    END IF;
    IF (SELECT pg_get_userbyid(relowner) FROM pg_class
        WHERE oid = {_literal(events)}::regclass) = {lit} THEN
        RAISE EXCEPTION '{owns}';
    END IF;
    -- To hand the read models to the writer, a role that is not a superuser must be a
    -- member of it (CREATEROLE allows granting that).
    IF NOT pg_has_role(current_user, {lit}, 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', {lit}, current_user);
    END IF;
END $lsp$""",
        f"ALTER ROLE {w} LOGIN",
    ]
    if password is not None:
        statements.append(f"ALTER ROLE {w} PASSWORD {_literal(scram_verifier(password))}")
    statements += [
        f"GRANT USAGE, CREATE ON SCHEMA {s} TO {w}",
        f"REVOKE ALL ON TABLE {events} FROM PUBLIC",
        f"REVOKE ALL ON TABLE {events} FROM {w}",
        f"GRANT SELECT, INSERT ON TABLE {events} TO {w}",
        f"GRANT USAGE, SELECT ON SEQUENCE {s}.{SEQUENCE} TO {w}",
        f"GRANT USAGE ON TYPE {s}.{EVENT_TYPE} TO {w}",
        f"GRANT EXECUTE ON FUNCTION {s}.{INSERT_FUNCTION}({s}.{EVENT_TYPE}[]) TO {w}",
        f"REVOKE ALL ON FUNCTION {s}.{LOCK_FUNCTION}() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {s}.{LOCK_FUNCTION}() TO {w}",
        f"""DO $lsp$ BEGIN
    IF current_setting('server_version_num')::int >= {MAINTAIN_FROM} THEN
        EXECUTE 'GRANT MAINTAIN ON TABLE {events} TO {w}';
    END IF;
END $lsp$""",
    ]
    statements += [f"ALTER TABLE {s}.{table} OWNER TO {w}" for table in tables]
    return statements


# ---------------------------------------------------------------------------- running it


@dataclass(frozen=True)
class Deployed:
    """What `apply` did."""

    store: Store
    writer: str
    writer_created: bool
    password_set: bool
    statements: int
    guards: tuple[str, ...]
    read_models: tuple[str, ...]

    @property
    def writer_store(self) -> str:
        """The --store the writer connects with (no password in it)."""
        where = f"postgresql://{self.writer}@{self.store.host}:{self.store.port}/" \
                f"{self.store.dbname}"
        return where if self.store.schema == "public" else f"{where}?schema={self.store.schema}"

    def as_dict(self) -> dict[str, Any]:
        return {"initialised": True, "store": str(self.store), "schema": self.store.schema,
                "writer": self.writer, "writer_created": self.writer_created,
                "password_set": self.password_set, "writer_store": self.writer_store,
                "statements": self.statements, "events_table": EVENTS_TABLE,
                "guards": list(self.guards), "read_models": list(self.read_models),
                "lock_function": LOCK_FUNCTION}


def apply(the_plan: Plan) -> Deployed:
    """Run the plan in one transaction, as the role in the plan's --store. Nothing is
    changed unless all of it succeeds."""
    import psycopg

    store = the_plan.store
    with store.connect() as db:
        existed = _role_exists(db, the_plan.writer)
        try:
            with db.transaction(exclusive=True):
                for statement in the_plan.statements:
                    db.execute(statement)
        except psycopg.Error as e:
            raise StoreError(_why(store, e)) from None
        present = appendonly.guards(store)
    return Deployed(store, the_plan.writer, not existed, the_plan.password_set,
                    len(the_plan.statements), tuple(sorted(present)),
                    the_plan.read_model_tables)


def _role_exists(db: Database, role: str) -> bool:
    return db.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone() is not None


def _why(store: Store, error: Exception) -> str:
    first = first_line(error)
    hint = ""
    if "permission denied" in first or "must be" in first:
        hint = (" (run it as the owner of the schema: a superuser, or a role with CREATEROLE "
                f"that may create schemas in the database; `lsp --store {store} store "
                "init-postgres --print-sql` gives the SQL for a DBA to run)")
    return f"cannot set up {store}: {first}{hint}; nothing was changed"


# ---------------------------------------------------------------------------- the lock


def has_lock_function(db: Database, schema: str) -> bool:
    row = db.execute("SELECT to_regprocedure(?) IS NOT NULL AS found",
                     (f"{_q(schema)}.{LOCK_FUNCTION}()",)).fetchone()
    return bool(row and row["found"])


def route_table_lock(recorder: Any, store: Store, db: Database | None) -> bool:
    """Have a ledger's PostgreSQL `recorder` (eventsourcing's) take its table lock through
    `lsp_lock_events()` where the schema has it, so a writer without UPDATE, DELETE or
    TRUNCATE on `stored_events` can record; `db` is our own connection to `store`. True
    when the lock goes through it (also when it already did); False on SQLite, or where
    the function is missing (the recorder then locks the table itself, which its owner and
    a superuser may)."""
    statements = getattr(recorder, "lock_table_statements", None)
    if not store.is_postgres or db is None or statements is None:
        return False
    from psycopg import sql  # here: a SQLite ledger never needs psycopg

    call = sql.SQL("SELECT {}.{}()").format(sql.Identifier(store.schema),
                                            sql.Identifier(LOCK_FUNCTION))
    rendered = [s.as_string() for s in statements]
    if call.as_string() in rendered:
        return True
    if not has_lock_function(db, store.schema):
        return False
    recorder.lock_table_statements = [
        s for s, text in zip(statements, rendered, strict=True) if "LOCK TABLE" not in text
    ] + [call]
    return True


# ---------------------------------------------------------------------------- passwords


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802, RFC 7677),
    as `ALTER ROLE ... PASSWORD` accepts it: the password itself never reaches the server,
    its logs or a printed script. Non-ASCII passwords are normalised (NFKC) first, as
    PostgreSQL's SASLprep does for ordinary text."""
    salt = os.urandom(16) if salt is None else salt
    text = password if password.isascii() else unicodedata.normalize("NFKC", password)
    salted = hashlib.pbkdf2_hmac("sha256", text.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"
