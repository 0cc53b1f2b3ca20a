"""`lsp store init-postgres`: a PostgreSQL store set up by its owner, and a writer role that
may read and append events but never change them (ledger/store/deploy.py, docs/deploy.md).

The printed SQL needs no server, and docs/deploy-postgres.sql is that SQL. The rest runs
on PostgreSQL: what init-postgres creates is what `lsp init` and the read models create;
running it again changes nothing; the writer records, reads and rebuilds through the CLI;
and UPDATE, DELETE and TRUNCATE on the events are refused to the writer by its rights
alone, with the append-only triggers dropped. Each test makes its own roles, with unique
names, and drops them after.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cli.main import cli
from ledger.app import Ledger
from ledger.body import Body
from ledger.events import entity_id
from ledger.snapshots import SNAPSHOT_AFTER, TABLE
from ledger.store import deploy
from ledger.store.seam import Store
from ledger.when import effective_from
from projections.catchup import SCHEMA, TABLES
from tests.conftest import (
    EXAMPLES,
    POSTGRES_URL,
    ROOT,
    close_opened_ledgers,
    drop_postgres_schema,
    postgres_schema_url,
)

DAVENTRY_TERMS = str(EXAMPLES / "daventry" / "terms.toml")
DEPLOY_SQL = ROOT / "docs" / "deploy-postgres.sql"
DOC_STORE = "postgresql://lsp_admin@localhost:5432/lsp"
"""The --store docs/deploy-postgres.sql is printed for (its schema is `public`)."""

Run = Callable[..., Result]


def run(store: str, *args: str, env: dict[str, str] | None = None) -> Result:
    """`lsp --store STORE --as tester ARGS...`, sealing off unless `env` says otherwise."""
    return CliRunner().invoke(cli, ["--store", store, "--as", "tester", *args],
                              catch_exceptions=False, env={"LSP_SEAL": "off", **(env or {})})


def ok_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------- no server


def test_print_sql_needs_no_server_and_grants_no_right_to_change_events() -> None:
    # Given a PostgreSQL --store where no server listens
    store = "postgresql://owner@127.0.0.1:1/ledgers?schema=daventry"
    # When the SQL is printed
    result = run(store, "store", "init-postgres", "--writer", "daventry_writer", "--print-sql")
    # Then it is printed as a psql script, in one transaction, without connecting
    assert (result.exit_code, result.stderr) == (0, "")
    sql = result.stdout
    assert sql.startswith("-- The PostgreSQL store of an lsp ledger")
    assert "\nBEGIN;\n" in sql and sql.rstrip().endswith("COMMIT;")
    # And it creates the schema, the events table, the guards and the lock function
    assert 'CREATE SCHEMA IF NOT EXISTS "daventry"' in sql
    assert 'CREATE TABLE IF NOT EXISTS "daventry"."stored_events"' in sql
    assert "CREATE OR REPLACE TRIGGER lsp_stored_events_no_change" in sql
    assert 'CREATE OR REPLACE FUNCTION "daventry".lsp_lock_events()' in sql
    # And the writer may read and append events, and nothing more on them
    assert 'GRANT SELECT, INSERT ON TABLE "daventry".stored_events TO "daventry_writer"' in sql
    assert 'REVOKE ALL ON TABLE "daventry".stored_events FROM "daventry_writer"' in sql
    grants = [line for line in sql.splitlines() if line.startswith("GRANT")]
    assert not any("UPDATE" in g or "DELETE" in g or "TRUNCATE" in g for g in grants)


def test_print_sql_under_json_is_one_document() -> None:
    # Given a PostgreSQL --store
    store = "postgresql://owner@127.0.0.1:1/ledgers?schema=daventry"
    # When the SQL is asked for under --json
    doc = ok_json(run(store, "store", "init-postgres", "--print-sql", "--json"))
    # Then it is one JSON document holding the script, the schema and the writer
    assert set(doc) == {"sql", "schema", "writer"}
    assert (doc["schema"], doc["writer"]) == ("daventry", "lsp_writer")
    assert doc["sql"].startswith("-- The PostgreSQL store of an lsp ledger")


def test_docs_deploy_postgres_sql_is_what_print_sql_prints() -> None:
    # Given docs/deploy-postgres.sql, shipped for a DBA
    shipped = DEPLOY_SQL.read_text(encoding="utf-8")
    # When the SQL is printed for the store it names
    printed = deploy.plan(Store.parse(DOC_STORE), SCHEMA, TABLES).script()
    # Then they are the same (regenerate it with:
    #   lsp --store postgresql://lsp_admin@localhost:5432/lsp store init-postgres \
    #       --print-sql > docs/deploy-postgres.sql)
    assert shipped == printed
    assert run(DOC_STORE, "store", "init-postgres", "--print-sql").stdout == printed


def test_a_sqlite_store_is_refused_and_nothing_is_created(tmp_path: Any) -> None:
    # Given an SQLite --store
    path = tmp_path / "ledger.sqlite"
    # When init-postgres is asked of it, to run or to print
    results = [run(str(path), "store", "init-postgres", *args) for args in ([], ["--print-sql"])]
    # Then both are refused with exit 1 and say what to give instead, creating nothing
    for result in results:
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.startswith(f"Error: lsp store init-postgres sets up a PostgreSQL "
                                        f"store, and --store {path} is an SQLite file")
        assert "postgresql://USER@HOST:PORT/DATABASE[?schema=NAME]" in result.stderr
    assert not path.exists()


@pytest.mark.parametrize(("writer", "says"), [
    ("Writer", "a role name here is lower-case letters"),
    ("owner", "is the role in --store"),
])
def test_a_bad_writer_name_is_refused(writer: str, says: str) -> None:
    # Given a writer role name that is not a plain name, or is the role running the set-up
    store = "postgresql://owner@127.0.0.1:1/ledgers"
    # When init-postgres is asked to print its SQL
    result = run(store, "store", "init-postgres", "--writer", writer, "--print-sql")
    # Then it is refused, saying why
    assert result.exit_code == 1
    assert says in result.stderr


def test_the_password_is_printed_only_as_a_scram_verifier() -> None:
    # Given a writer password
    secret = "correct horse battery staple"
    # When the SQL is printed with it
    result = run("postgresql://owner@127.0.0.1:1/ledgers", "store", "init-postgres",
                 "--password", secret, "--print-sql")
    # Then the password is set as a SCRAM-SHA-256 verifier, never in clear
    assert result.exit_code == 0, result.stderr
    assert secret not in result.stdout
    assert "ALTER ROLE \"lsp_writer\" PASSWORD 'SCRAM-SHA-256$4096:" in result.stdout


def test_the_scram_verifier_is_the_rfc_7677_one() -> None:
    # Given RFC 7677's example: user "user", password "pencil", its salt and nonces
    salt = base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ==")
    auth_message = (b"n=user,r=rOprNGfwEbeRWgbNEkqO,"
                    b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                    b"s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
                    b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")
    # When the verifier is computed for it
    verifier = deploy.scram_verifier("pencil", salt=salt)
    method, rest = verifier.split("$", 1)
    params, keys = rest.split("$")
    stored_key, server_key = (base64.b64decode(k) for k in keys.split(":"))
    # Then the server signature is the RFC's, and the client's proof checks against it
    assert (method, params) == ("SCRAM-SHA-256", "4096:W22ZaJ0SNY7soEsUEjb6gQ==")
    signature = hmac.new(server_key, auth_message, "sha256").digest()
    assert base64.b64encode(signature) == b"6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
    proof = base64.b64decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
    client_signature = hmac.new(stored_key, auth_message, "sha256").digest()
    client_key = bytes(a ^ b for a, b in zip(proof, client_signature, strict=True))
    assert hashlib.sha256(client_key).digest() == stored_key


# ---------------------------------------------------------------------------- PostgreSQL


def admin_connect(schema: str | None = None) -> Any:
    import psycopg

    options = f"-c search_path={schema}" if schema else ""
    return psycopg.connect(POSTGRES_URL.split("?")[0], autocommit=True, options=options)


@pytest.fixture
def roles() -> Iterator[Callable[[str], str]]:
    """Unique role names for one test; each role made is dropped after, with what it owns."""
    if not POSTGRES_URL:
        pytest.skip("LSP_TEST_POSTGRES_URL is not set")
    made: list[str] = []

    def name(prefix: str = "lsp_w") -> str:
        made.append(f"{prefix}_{uuid.uuid4().hex[:10]}")
        return made[-1]

    yield name
    close_opened_ledgers()
    with admin_connect() as conn:
        for role in reversed(made):
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(f'DROP OWNED BY "{role}" CASCADE')
                conn.execute(f'DROP ROLE "{role}"')


def init_postgres(store: str, writer: str, *extra: str) -> dict[str, Any]:
    doc: dict[str, Any] = ok_json(run(store, "store", "init-postgres", "--writer", writer,
                                      "--json", *extra))
    return doc


def init_ledger(store: str) -> None:
    result = run(store, "init", "Daventry District LSP", "--terms", DAVENTRY_TERMS,
                 "--on", "2026-04-01")
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def deployed(postgres_store: str, roles: Callable[[str], str]) -> dict[str, Any]:
    """A schema set up by init-postgres as the superuser, and its ledger created by it."""
    doc = init_postgres(postgres_store, roles("lsp_w"))
    init_ledger(postgres_store)
    return doc


@pytest.mark.postgres
def test_init_postgres_reports_what_it_set_up(postgres_store: str,
                                              roles: Callable[[str], str]) -> None:
    # Given an empty schema and a writer role that does not exist yet
    writer = roles("lsp_w")
    where = Store.parse(postgres_store)
    # When the owner runs init-postgres
    doc = init_postgres(postgres_store, writer)
    # Then the answer names the store, the guards, the read models and the new writer,
    # and the --store the writer records with (no password in it)
    assert doc["store"] == str(where)
    assert doc["writer"] == writer
    assert doc["writer_created"] is True
    assert doc["password_set"] is False
    assert doc["writer_store"] == (f"postgresql://{writer}@{where.host}:{where.port}/"
                                   f"{where.dbname}?schema={where.schema}")
    assert doc["guards"] == ["lsp_stored_events_no_change", "lsp_stored_events_no_truncate",
                             "lsp_stored_events_number"]
    assert doc["read_models"] == list(TABLES)


def catalog(schema: str) -> dict[str, Any]:
    """What a schema holds, with its own name taken out of the definitions."""
    with admin_connect() as conn:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            found = conn.execute(sql, {"s": schema}).fetchall()
            return sorted(tuple(str(v).replace(schema, "S") for v in r) for r in found)

        return {
            "columns": rows("SELECT table_name, column_name, data_type, collation_name, "
                            "is_nullable, column_default FROM information_schema.columns "
                            "WHERE table_schema = %(s)s"),
            "indexes": rows("SELECT indexname, indexdef FROM pg_indexes "
                            "WHERE schemaname = %(s)s"),
            "triggers": rows("SELECT c.relname, t.tgname, t.tgtype, p.proname "
                             "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                             "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal "
                             "AND c.relnamespace = %(s)s::regnamespace"),
            "functions": rows("SELECT proname, prosecdef, pg_get_function_arguments(oid) "
                              "FROM pg_proc WHERE pronamespace = %(s)s::regnamespace"),
            "types": rows("SELECT typname, typtype FROM pg_type "
                          "WHERE typnamespace = %(s)s::regnamespace"),
        }


@pytest.fixture
def second_store() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("LSP_TEST_POSTGRES_URL is not set")
    schema = f"lsp_test_{uuid.uuid4().hex[:12]}"
    yield postgres_schema_url(schema)
    close_opened_ledgers()
    drop_postgres_schema(schema)


@pytest.mark.postgres
def test_init_postgres_creates_what_lsp_init_and_the_read_models_create(
        postgres_store: str, second_store: str, roles: Callable[[str], str]) -> None:
    # Given one schema set up by init-postgres then `lsp init`, and another by `lsp init`
    # alone, both read once (which creates the read models at run time)
    init_postgres(postgres_store, roles("lsp_w"))
    for store in (postgres_store, second_store):
        init_ledger(store)
        assert run(store, "audit").exit_code == 0
    # When their catalogs are compared
    deployed, plain = (catalog(Store.parse(s).schema) for s in (postgres_store, second_store))
    # Then the tables, columns (types, collations, defaults), indexes, triggers and types are
    # the same, and the functions too but for the lock function init-postgres adds
    for part in ("columns", "indexes", "triggers", "types"):
        assert deployed[part] == plain[part], part
    assert deployed["functions"] == sorted([*plain["functions"],
                                            ("lsp_lock_events", "True", "")])


def privileges(schema: str, role: str) -> dict[str, Any]:
    with admin_connect() as conn:
        table = f"{schema}.stored_events"
        held = {p: conn.execute("SELECT has_table_privilege(%s, %s, %s)",
                                (role, table, p)).fetchone()[0]
                for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
                          "TRIGGER")}
        owners = dict(conn.execute("SELECT tablename, tableowner FROM pg_tables "
                                   "WHERE schemaname = %s", (schema,)).fetchall())
        lock = conn.execute("SELECT has_function_privilege(%s, %s, 'EXECUTE')",
                            (role, f"{schema}.lsp_lock_events()")).fetchone()[0]
        public_lock = conn.execute(
            "SELECT has_function_privilege('public', %s, 'EXECUTE')",
            (f"{schema}.lsp_lock_events()",)).fetchone()[0]
    return {"events": held, "owners": owners, "lock": lock, "public_lock": public_lock}


@pytest.mark.postgres
def test_the_writer_may_read_and_append_events_and_owns_only_the_read_models(
        deployed: dict[str, Any]) -> None:
    # Given a schema set up by init-postgres
    schema, writer = deployed["schema"], deployed["writer"]
    # When the writer's rights are read from the catalog
    found = privileges(schema, writer)
    # Then it may SELECT and INSERT events, and nothing else on them
    assert found["events"] == {"SELECT": True, "INSERT": True, "UPDATE": False,
                               "DELETE": False, "TRUNCATE": False, "REFERENCES": False,
                               "TRIGGER": False}
    # And it owns the read models and the snapshots (caches), not the events; and it alone
    # of the two may lock
    assert found["owners"] == {"stored_events": "postgres", "stored_snapshots": writer,
                               **{table: writer for table in TABLES}}
    assert (found["lock"], found["public_lock"]) == (True, False)


@pytest.mark.postgres
def test_running_init_postgres_again_changes_nothing_and_takes_back_extra_rights(
        deployed: dict[str, Any]) -> None:
    # Given a set-up ledger whose writer someone granted UPDATE on the events
    schema, writer = deployed["schema"], deployed["writer"]
    store = deployed["store"]
    before = privileges(schema, writer)
    with admin_connect() as conn:
        conn.execute(f'GRANT UPDATE, DELETE ON {schema}.stored_events TO "{writer}"')
    # When init-postgres runs again
    again = init_postgres(store, writer)
    # Then it succeeds, the role was already there, and the rights are as before
    assert again["writer_created"] is False
    assert privileges(schema, writer) == before
    # And the ledger is untouched
    with Store.parse(store).connect() as db:
        assert db.execute("SELECT COUNT(*) AS n FROM stored_events").fetchone()["n"] == 2


@pytest.mark.postgres
def test_the_writer_records_reads_seals_and_rebuilds_through_the_cli(
        deployed: dict[str, Any]) -> None:
    # Given a ledger set up by its owner, and the writer's --store
    writer_store = deployed["writer_store"]
    # When the writer records a seat and its holder (sealing after each write, as by default)
    steps = [
        ("org", "add", "northants-police", "--name", "Northamptonshire Police"),
        ("person", "add", "supt-kate-moss", "--name", "Supt Kate Moss"),
        ("seat", "add", "executive", "police", "--org", "northants-police",
         "--on", "2026-04-01"),
        ("seat", "fill", "executive", "police", "supt-kate-moss", "--on", "2026-04-01"),
    ]
    results = [run(writer_store, *step, env={"LSP_SEAL": "on"}) for step in steps]
    # Then each is recorded, and sealed
    for result in results:
        assert (result.exit_code, result.stderr) == (0, "")
        assert "sealed: " in result.stdout
    # And the writer reads the roster, and may rebuild the read models
    roster = ok_json(run(writer_store, "roster", "executive", "--as-of", "2026-05-01",
                         "--json"))
    assert [(s["seat"], s["holder"]) for s in roster["seats"]] == [
        ("police", "supt-kate-moss")]
    rebuilt = ok_json(run(writer_store, "projections", "rebuild", "--json"))
    assert rebuilt["rebuilt"] is True
    assert ok_json(run(writer_store, "verify", "--json"))["ok"] is True
    # And the doctor, connected as the writer, finds nothing unsafe
    doc = ok_json(run(writer_store, "doctor", "--json"))
    assert doc["warnings"] == []
    assert doc["role"] == {"name": deployed["writer"], "superuser": False, "insert": True,
                           "update": False, "delete": False, "truncate": False, "lock": True}


@pytest.mark.postgres
def test_the_writer_is_refused_update_delete_and_truncate_by_its_rights_alone(
        deployed: dict[str, Any]) -> None:
    import psycopg
    from psycopg.errors import InsufficientPrivilege

    schema = deployed["schema"]
    table = f"{schema}.stored_events"
    changes = [f"UPDATE {table} SET topic = topic",
               f"DELETE FROM {table}",
               f"TRUNCATE {table}"]
    writer_conninfo = Store.parse(deployed["writer_store"]).conninfo()
    # Given the owner dropped every append-only trigger (and can now change a row)
    with admin_connect() as conn:
        for trigger in ("lsp_stored_events_no_change", "lsp_stored_events_no_truncate"):
            conn.execute(f"DROP TRIGGER {trigger} ON {table}")
        with conn.transaction(force_rollback=True):
            assert conn.execute(f"UPDATE {table} SET topic = topic").rowcount == 2
    # When the writer tries to change, delete or truncate the events
    refused = []
    with psycopg.connect(**writer_conninfo, autocommit=True) as conn:
        for statement in changes:
            with pytest.raises(InsufficientPrivilege) as error:
                conn.execute(statement)
            refused.append(str(error.value))
        count = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    # Then each is refused for want of the right, and every event is still there
    assert refused == ["permission denied for table stored_events"] * 3
    assert count == (2,)


@pytest.mark.postgres
def test_a_writer_that_cannot_take_the_lock_is_warned_of(deployed: dict[str, Any]) -> None:
    # Given a writer whose right to take the writers' lock was taken away
    schema, writer = deployed["schema"], deployed["writer"]
    with admin_connect() as conn:
        conn.execute(f'REVOKE EXECUTE ON FUNCTION {schema}.lsp_lock_events() FROM "{writer}"')
    # When the doctor runs as the writer
    doc = ok_json(run(deployed["writer_store"], "doctor", "--json"))
    # Then it warns that every write will fail, and says to run init-postgres again
    warning = next(w for w in doc["warnings"] if w["code"] == "role-cannot-lock")
    assert f"run `lsp store init-postgres --writer {writer}`" in warning["action"]


@pytest.mark.postgres
def test_an_owner_that_is_not_a_superuser_can_set_up_the_store(
        postgres_store: str, roles: Callable[[str], str]) -> None:
    # Given an owner role with CREATEROLE that may create schemas in the database, no more
    owner, writer = roles("lsp_owner"), roles("lsp_w")
    with admin_connect() as conn:
        conn.execute(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        database = Store.parse(postgres_store).dbname
        conn.execute(f'GRANT CREATE ON DATABASE "{database}" TO "{owner}"')
    owner_store = postgres_store.replace("postgresql://postgres@", f"postgresql://{owner}@")
    # When it runs init-postgres and creates the ledger
    doc = init_postgres(owner_store, writer)
    init_ledger(owner_store)
    # Then the writer records as it should
    result = run(doc["writer_store"], "org", "add", "northants-police", "--name", "Police")
    assert (result.exit_code, result.stderr) == (0, "")
    with admin_connect() as conn:
        conn.execute(f'REVOKE CREATE ON DATABASE "{database}" FROM "{owner}"')


@pytest.mark.postgres
def test_a_superuser_writer_is_refused_and_nothing_is_changed(
        postgres_store: str, roles: Callable[[str], str]) -> None:
    # Given a role that is a superuser
    writer = roles("lsp_su")
    with admin_connect() as conn:
        conn.execute(f'CREATE ROLE "{writer}" SUPERUSER')
    # When init-postgres is asked to make it the writer
    result = run(postgres_store, "store", "init-postgres", "--writer", writer)
    # Then it is refused, saying why, and nothing was created
    assert result.exit_code == 1
    assert f"role {writer} is a superuser" in result.stderr
    assert "nothing was changed" in result.stderr
    with Store.parse(postgres_store).connect() as db:
        assert not Store.parse(postgres_store).exists(db)


@pytest.mark.postgres
def test_the_writer_password_is_stored_as_the_verifier_libpq_would_make(
        postgres_store: str, roles: Callable[[str], str]) -> None:
    # Given a writer password
    writer, secret = roles("lsp_w"), "pässwörd 1"
    # When init-postgres sets it
    doc = init_postgres(postgres_store, writer, "--password", secret)
    assert doc["password_set"] is True
    # Then the server holds a SCRAM-SHA-256 verifier that libpq computes the same way
    with admin_connect() as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s",
                              (writer,)).fetchone()[0]
        made = conn.pgconn.encrypt_password(secret.encode(), writer.encode(),
                                            b"scram-sha-256").decode()
    iterations, salt = stored.split("$")[1].split(":")
    assert stored == deploy.scram_verifier(secret, salt=base64.b64decode(salt),
                                           iterations=int(iterations))
    made_iterations, made_salt = made.split("$")[1].split(":")
    assert made == deploy.scram_verifier(secret, salt=base64.b64decode(made_salt),
                                         iterations=int(made_iterations))


@pytest.mark.postgres
def test_the_doctor_refuses_a_role_that_may_not_read_the_events(
        deployed: dict[str, Any], roles: Callable[[str], str]) -> None:
    # Given a role that may use the schema but not read the events
    outsider = roles("lsp_out")
    with admin_connect() as conn:
        conn.execute(f'CREATE ROLE "{outsider}" LOGIN')
        conn.execute(f'GRANT USAGE ON SCHEMA "{deployed["schema"]}" TO "{outsider}"')
    store = deployed["writer_store"].replace(deployed["writer"], outsider, 1)
    # When the doctor runs as it
    result = run(store, "doctor")
    # Then it is refused with the server's reason (exit 1), not a traceback
    assert result.exit_code == 1
    assert result.stderr == (f"Error: cannot examine the ledger at {Store.parse(store)}: "
                             "permission denied for table stored_events\n")


@pytest.mark.postgres
def test_the_writer_keeps_snapshots_and_writes_without_them_where_it_may_not(
        deployed: dict[str, Any]) -> None:
    """Given a ledger set up by its owner, when the writer records a seat's holder
    vacated and filled again more than SNAPSHOT_AFTER times, then the body's snapshot is
    stored in the writer's snapshot table; and when that table is handed to the owner
    (so the writer may not read or write it), the writer's ledger loads without
    snapshots and still records and reads the roster right."""
    schema, writer_store = deployed["schema"], deployed["writer_store"]
    ledger = Ledger(writer_store, "secretariat")
    ledger.add_org("northants-police", "Northamptonshire Police")
    ledger.add_person("kate", "Kate")
    ledger.add_seat("executive", "police", "northants-police", on=effective_from("2026-04-01"))
    start = effective_from("2026-04-02")
    for n in range(SNAPSHOT_AFTER // 2 + 1):
        ledger.fill_seat("executive", "police", "kate", start + timedelta(days=n))
        ledger.vacate_seat("executive", "police", start + timedelta(days=n, hours=1))
    ledger.close()
    with admin_connect() as conn:
        held = conn.execute(f'SELECT COUNT(*) FROM "{schema}".{TABLE}').fetchone()[0]
        assert held >= 1
        conn.execute(f'ALTER TABLE "{schema}".{TABLE} OWNER TO postgres')
    ledger = Ledger(writer_store, "secretariat")
    assert ledger.snapshots is None
    ledger.fill_seat("executive", "police", "kate", effective_from("2026-06-01"))
    body = ledger.repository.get(entity_id("body", "executive"))
    assert isinstance(body, Body) and body._base == 0  # replayed from its events
    police = body.roster(effective_from("2026-06-02")).seat("police")
    assert police is not None and police.holder == "kate"
    ledger.close()
