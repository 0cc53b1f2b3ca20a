"""`lsp doctor`: the store's safety, reported without writing anything (ledger/store/doctor.py
reads the store, ledger/store/health.py judges what was read).

On both stores (the `store` fixture) a ledger made with `lsp init` is examined: what is
reported, that a sealed and caught-up ledger is healthy, that nothing is written (not
even a missing guard, nor the read models' tables), and that `--strict` turns warnings
into exit 1. What cannot be made unsafe from outside (an SQLite connection syncing below
FULL, a server with fsync off) is proved on the pure warning functions with settings
objects.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ledger.store.appendonly import PG_TRIGGERS, TRIGGERS, guards
from ledger.store.health import (
    PostgresDurability,
    RoleRights,
    SealState,
    SQLiteDurability,
    guard_warnings,
    log_warnings,
    postgres_warnings,
    role_warnings,
    sqlite_warnings,
)
from ledger.store.seam import Store
from tests.conftest import EXAMPLES, POSTGRES_URL

Lsp = Callable[..., Result]

DAVENTRY_TERMS = str(EXAMPLES / "daventry" / "terms.toml")


def codes(doc: dict[str, Any]) -> list[str]:
    return [w["code"] for w in doc["warnings"]]


def doctor_json(lsp: Lsp, *args: str) -> dict[str, Any]:
    result = lsp("doctor", "--json", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.fixture
def initialised(lsp: Lsp, store: str) -> str:
    """A new Daventry ledger: two events, never sealed, read models never read."""
    result = lsp("init", "Daventry District LSP", "--terms", DAVENTRY_TERMS,
                 "--on", "2026-04-01")
    assert result.exit_code == 0, result.stderr
    return store


def run_sql(store: str, statement: str) -> None:
    """Run one statement on the store as its owner, outside the ledger."""
    where = Store.parse(store)
    if not where.is_postgres:
        with closing(sqlite3.connect(where.path)) as conn, conn:
            conn.execute(statement)
        return
    import psycopg

    with psycopg.connect(POSTGRES_URL.split("?")[0], autocommit=True,
                         options=f"-c search_path={where.schema}") as conn:
        conn.execute(statement)


def event_total(store: str) -> int:
    where = Store.parse(store)
    if not where.is_postgres:
        with closing(sqlite3.connect(where.path)) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])
    with where.connect() as db:
        return int(db.execute("SELECT COUNT(*) AS n FROM stored_events").fetchone()["n"])


def read_models_created(store: str) -> bool:
    where = Store.parse(store)
    with where.connect() as db:
        if where.is_postgres:
            row = db.execute("SELECT to_regclass(?) IS NOT NULL AS found",
                             (f"{where.schema}.lsp_position",)).fetchone()
            return bool(row["found"])
        return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'lsp_position'"
                          ).fetchone() is not None


def expected_guards(store: str) -> list[str]:
    return sorted(PG_TRIGGERS if Store.parse(store).is_postgres else TRIGGERS)


# ---------------------------------------------------------------------------- on both stores


def test_doctor_reports_the_store_its_events_guards_and_what_is_not_yet_done(
        lsp: Lsp, initialised: str) -> None:
    # Given a ledger just created: 2 events, never sealed, its read models never read
    # When the doctor examines it
    doc = doctor_json(lsp)
    # Then it names the store, counts the events and finds every guard in place
    where = Store.parse(initialised)
    assert doc["store"]["kind"] == where.kind
    assert doc["store"]["location"] == str(where)
    assert (doc["events"], doc["latest_position"]) == (2, 2)
    assert doc["guards"] == {"present": expected_guards(initialised), "missing": []}
    assert doc["opened"] is True
    assert doc["seal"] is None
    assert doc["projections"] == {"position": 0, "created": False, "latest": 2, "behind": 2}
    # And its durability settings are the safe ones
    if where.is_postgres:
        assert doc["durability"] == {"fsync": "on", "synchronous_commit": "on",
                                     "full_page_writes": "on"}
        assert doc["role"]["name"] == "postgres"
    else:
        assert doc["durability"] == {"journal_mode": "wal", "synchronous": "FULL"}
        assert doc["role"] is None
    # And it warns of the events under no seal and the read models behind, saying what to do
    warnings = {w["code"]: w for w in doc["warnings"]}
    assert "the ledger was never sealed: none of its 2 events" in (
        warnings["unsealed-events"]["message"])
    assert "`lsp seal`" in warnings["unsealed-events"]["action"]
    assert warnings["read-models-behind"]["message"] == (
        "the read models are 2 events behind the log (at 0 of 2)")
    assert "`lsp projections rebuild`" in warnings["read-models-behind"]["action"]
    assert doc["healthy"] is False


def test_a_sealed_caught_up_ledger_has_no_warning_but_the_superuser_role(
        lsp: Lsp, initialised: str) -> None:
    # Given a ledger sealed, then read (its read models caught up with the seal too)
    assert lsp("seal").exit_code == 0
    assert lsp("audit").exit_code == 0
    # When the doctor examines it strictly
    result = lsp("doctor", "--json", "--strict")
    doc = json.loads(result.stdout)
    # Then the seal is reported, nothing is recorded since, the read models are up to date
    assert doc["seal"] == {"tree_size": 2, "position": 3, "signed": False, "key_id": None,
                           "recorded_since": 0, "unsealed": 0}
    assert doc["projections"]["behind"] == 0
    if Store.parse(initialised).is_postgres:
        # And on PostgreSQL, connected as the superuser, the one warning is that role
        assert codes(doc) == ["role-can-change-events"]
        assert "role postgres (a superuser) may UPDATE, DELETE, TRUNCATE stored_events" in (
            doc["warnings"][0]["message"])
        assert "`lsp store init-postgres`" in doc["warnings"][0]["action"]
        assert result.exit_code == 1
    else:
        # And the SQLite ledger is healthy: exit 0 even under --strict
        assert codes(doc) == []
        assert doc["healthy"] is True
        assert (result.exit_code, result.stderr) == (0, "")


def test_a_signed_seal_is_reported_with_its_key(lsp: Lsp, initialised: str,
                                                tmp_path: Path) -> None:
    # Given a ledger sealed with a key, and an event recorded since
    private, public = str(tmp_path / "k.pem"), str(tmp_path / "k.pub")
    keys = json.loads(lsp("keys", "generate", private, public, "--json").stdout)
    assert lsp("seal", "--key", private).exit_code == 0
    assert lsp("org", "add", "northants-police", "--name", "Police").exit_code == 0
    # When the doctor examines it
    doc = doctor_json(lsp)
    # Then the seal is signed by that key, and one event is recorded since, under no seal
    assert doc["seal"]["signed"] is True
    assert doc["seal"]["key_id"] == keys["key_id"]
    assert (doc["seal"]["recorded_since"], doc["seal"]["unsealed"]) == (1, 1)
    assert "unsealed-events" in codes(doc)


def test_doctor_writes_nothing(lsp: Lsp, initialised: str) -> None:
    # Given a new ledger whose read models were never created
    where = Store.parse(initialised)
    before = Path(where.path).read_bytes() if not where.is_postgres else b""
    # When the doctor examines it, as text and as JSON
    text, as_json = lsp("doctor"), lsp("doctor", "--json")
    # Then both succeed, and the store is as it was: the same events, no read-model
    # tables, and (SQLite) the same bytes in the file
    assert (text.exit_code, as_json.exit_code) == (0, 0)
    assert event_total(initialised) == 2
    assert read_models_created(initialised) is False
    if not where.is_postgres:
        assert Path(where.path).read_bytes() == before


def test_a_missing_guard_is_warned_of_and_not_reinstalled(lsp: Lsp, initialised: str) -> None:
    # Given a ledger from which someone dropped an append-only trigger
    where = Store.parse(initialised)
    dropped = ("lsp_stored_events_no_change" if where.is_postgres
               else "lsp_stored_events_no_delete")
    run_sql(initialised, f"DROP TRIGGER {dropped}"
            + (" ON stored_events" if where.is_postgres else ""))
    # When the doctor examines it
    doc = doctor_json(lsp)
    # Then it names the missing guard and what to do: verify, then the explicit repair
    assert doc["guards"]["missing"] == [dropped]
    warning = next(w for w in doc["warnings"] if w["code"] == "guards-missing")
    assert f"the append-only guards {dropped} are missing from stored_events" in (
        warning["message"])
    assert "`lsp verify`" in warning["action"]
    assert "`lsp store repair-guards`" in warning["action"]
    # And it opened the ledger, which now never reinstalls a guard (issue 13 item 5: this
    # test said the doctor could not open it, because opening repaired it silently)
    assert doc["opened"] is True
    assert not any("would install the missing guards" in note for note in doc["notes"])
    # And the guard is still missing: the doctor repaired nothing
    assert dropped not in guards(where)


def test_read_models_ahead_of_the_log_are_warned_of(lsp: Lsp, initialised: str) -> None:
    # Given read models that claim to have read further than the log goes
    assert lsp("audit").exit_code == 0
    run_sql(initialised, "UPDATE lsp_position SET position = 7 WHERE name = 'log'")
    # When the doctor examines the ledger
    doc = doctor_json(lsp)
    # Then it warns that events were removed or the read models are another ledger's
    warning = next(w for w in doc["warnings"] if w["code"] == "read-models-ahead")
    assert warning["message"] == (
        "the read models have read up to position 7, but the log ends at 2: events were "
        "removed, or the read models belong to another ledger")
    assert warning["action"] == "run `lsp verify`, then `lsp projections rebuild`"


def test_strict_exits_1_on_a_warning_with_the_report_on_stdout(lsp: Lsp,
                                                               initialised: str) -> None:
    # Given a ledger with warnings (never sealed, read models behind)
    # When the doctor examines it with --strict, as JSON and as text
    as_json = lsp("doctor", "--strict", "--json")
    text = lsp("doctor", "--strict")
    # Then both exit 1, with the report on stdout (one JSON document) and the codes on stderr
    assert as_json.exit_code == 1
    doc = json.loads(as_json.stdout)
    assert {"unsealed-events", "read-models-behind"} <= set(codes(doc))
    assert as_json.stderr.startswith(f"Error: {len(doc['warnings'])} warning(s) under "
                                     "--strict: ")
    assert text.exit_code == 1
    assert "Warnings (" in text.stdout
    assert "  unsealed-events: the ledger was never sealed" in text.stdout
    # And without --strict the same ledger exits 0
    assert lsp("doctor").exit_code == 0


def test_the_text_report_has_one_line_for_each_thing_examined(lsp: Lsp,
                                                              initialised: str) -> None:
    # Given a new ledger
    # When the doctor examines it as text
    result = lsp("doctor")
    # Then each thing examined has its line, in order, and nothing is on stderr
    assert (result.exit_code, result.stderr) == (0, "")
    where = Store.parse(initialised)
    lines = result.stdout.splitlines()
    kind = "PostgreSQL" if where.is_postgres else "SQLite file"
    assert lines[0] == f"Store: {kind} {where}"
    assert lines[1] == ("Durability: fsync on, synchronous_commit on, full_page_writes on"
                        if where.is_postgres else
                        "Durability: journal_mode wal, synchronous FULL")
    assert lines[2] == "Events: 2 (latest position 2)"
    assert lines[3] == "Read models: not created yet (2 events to read at the first query)"
    assert lines[4] == "Latest seal: none"
    assert lines[5] == (f"Append-only guards: 3 of 3 ({', '.join(expected_guards(initialised))})")
    if where.is_postgres:
        assert lines[6] == ("Role: postgres (superuser): on stored_events INSERT, UPDATE, "
                            "DELETE, TRUNCATE; may take the writers' lock")
    assert lines[7 if where.is_postgres else 6] == (
        "Storage: no integrity check on this store" if where.is_postgres
        else "Storage: ok (PRAGMA integrity_check)")


def test_no_ledger_is_refused_and_nothing_is_created(lsp: Lsp, store: str) -> None:
    # Given a store where no ledger was ever created
    # When the doctor is asked about it
    result = lsp("doctor")
    # Then it is refused (exit 1) with the usual message, and nothing was created
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: there is no ledger at ")
    where = Store.parse(store)
    if where.is_postgres:
        with where.connect() as db:
            row = db.execute("SELECT 1 FROM pg_namespace WHERE nspname = ?",
                             (where.schema,)).fetchone()
        assert row is None
    else:
        assert not Path(where.path).exists()


@pytest.mark.postgres_only
def test_the_password_in_the_store_url_is_never_shown(initialised: str) -> None:
    # Given a PostgreSQL --store with a password in it (the server trusts, so any will do)
    secret = "s3cret-pa55"
    with_password = initialised.replace("postgresql://postgres@",
                                        f"postgresql://postgres:{secret}@")
    runner = CliRunner()
    # When the doctor reports, as text and as JSON
    from cli.main import cli

    results = [runner.invoke(cli, ["--store", with_password, "doctor", *args],
                             env={"LSP_SEAL": "off"}) for args in ([], ["--json"])]
    # Then the store is named without it
    for result in results:
        assert result.exit_code == 0, result.stderr
        assert secret not in result.stdout + result.stderr
    doc = json.loads(results[1].stdout)
    assert doc["store"]["location"] == str(Store.parse(initialised))
    assert doc["store"]["user"] == "postgres"


# ---------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(("synchronous", "warned"), [
    (0, True),   # OFF
    (1, True),   # NORMAL: WAL-safe against corruption, not against losing the last commits
    (2, False),  # FULL
    (3, False),  # EXTRA
    (None, False),  # not read: the report says so instead
])
def test_sqlite_synchronous_below_full_is_a_warning(synchronous: int | None,
                                                    warned: bool) -> None:
    # Given the ledger's connection syncing at this level, in WAL mode
    settings = SQLiteDurability("wal", synchronous)
    # When the warnings are judged
    found = sqlite_warnings(settings)
    # Then synchronous below FULL is warned of, naming the level
    assert [w.code for w in found] == (["synchronous"] if warned else [])
    if warned:
        level = {0: "OFF", 1: "NORMAL"}[synchronous or 0]
        assert f"synchronous={level}" in found[0].message


@pytest.mark.parametrize(("mode", "warned"), [
    ("wal", False), ("WAL", False), ("delete", True), ("truncate", True), ("memory", True),
])
def test_sqlite_journal_mode_other_than_wal_is_a_warning(mode: str, warned: bool) -> None:
    # Given the file's journal mode
    # When the warnings are judged
    found = sqlite_warnings(SQLiteDurability(mode, 2))
    # Then anything but WAL is warned of, with how to switch
    assert [w.code for w in found] == (["journal-mode"] if warned else [])
    if warned:
        assert f"is {mode.upper()}, not WAL" in found[0].message
        assert "PRAGMA journal_mode=WAL" in found[0].action


@pytest.mark.parametrize(("fsync", "commit", "pages", "expected"), [
    ("on", "on", "on", []),
    ("on", "local", "on", []),
    ("on", "remote_apply", "on", []),
    ("off", "on", "on", ["fsync-off"]),
    ("on", "off", "on", ["synchronous-commit-off"]),
    ("on", "on", "off", ["full-page-writes-off"]),
    ("off", "off", "off", ["fsync-off", "synchronous-commit-off", "full-page-writes-off"]),
])
def test_postgres_settings_that_can_lose_events_are_warnings(
        fsync: str, commit: str, pages: str, expected: list[str]) -> None:
    # Given the server's settings
    # When the warnings are judged
    found = postgres_warnings(PostgresDurability(fsync, commit, pages))
    # Then each setting that can lose a committed event is warned of, saying to turn it on
    assert [w.code for w in found] == expected
    for w in found:
        assert "= on" in w.action


@pytest.mark.parametrize(("rights", "expected"), [
    # a writer made by `lsp store init-postgres`
    (RoleRights("lsp_writer", False, True, False, False, False, True), []),
    # a reader (an auditor's role)
    (RoleRights("auditor", False, False, False, False, False, False), []),
    # the owner, or a superuser
    (RoleRights("postgres", True, True, True, True, True, True), ["role-can-change-events"]),
    (RoleRights("editor", False, True, True, False, False, True), ["role-can-change-events"]),
    # may insert, but not take the lock eventsourcing takes to write
    (RoleRights("half", False, True, False, False, False, False), ["role-cannot-lock"]),
])
def test_a_role_that_can_change_events_is_a_warning(rights: RoleRights,
                                                    expected: list[str]) -> None:
    # Given what the connected role may do to stored_events
    # When the warnings are judged
    found = role_warnings(rights)
    # Then only a role that may change history, or cannot write at all, is warned of
    assert [w.code for w in found] == expected


def test_the_role_warning_names_each_right_that_can_change_history() -> None:
    # Given a role that may UPDATE and TRUNCATE, not DELETE
    rights = RoleRights("editor", False, True, True, False, True, True)
    # When the warning is judged
    (warning,) = role_warnings(rights)
    # Then it names exactly those rights
    assert warning.message.startswith("role editor may UPDATE, TRUNCATE stored_events: ")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_missing_guards_are_one_warning_naming_them(kind: str) -> None:
    # Given a store missing two guards
    store = Store.parse("postgresql://u@h/db" if kind == "postgresql" else "x.sqlite")
    # When the warnings are judged
    (warning,) = guard_warnings(store, {"b_guard", "a_guard"})
    # Then one warning names both, in order, and none is given when nothing is missing
    assert warning.code == "guards-missing"
    assert "the append-only guards a_guard, b_guard are missing" in warning.message
    assert guard_warnings(store, set()) == []


@pytest.mark.parametrize(("events", "latest", "read", "seal", "expected"), [
    (5, 5, 5, SealState(4, 5, False, None, 0, 0), []),
    (5, 5, None, SealState(4, 5, False, None, 0, 0), ["read-models-behind"]),
    (5, 5, 3, SealState(4, 5, False, None, 0, 0), ["read-models-behind"]),
    (5, 5, 9, SealState(4, 5, False, None, 0, 0), ["read-models-ahead"]),
    (7, 7, 7, SealState(4, 5, False, None, 2, 2), ["unsealed-events"]),
    (3, 3, 3, None, ["unsealed-events"]),
    (0, 0, None, None, []),
    (4, 5, 5, SealState(3, 5, False, None, 0, 0), ["positions-gap"]),
])
def test_the_log_warnings(events: int, latest: int, read: int | None, seal: SealState | None,
                          expected: list[str]) -> None:
    # Given the event count, the latest position, the read models' position and the seal
    # When the warnings are judged
    found = log_warnings(events, latest, read, seal, seal_read=True)
    # Then exactly these are warned of
    assert [w.code for w in found] == expected


def test_the_seal_is_not_judged_when_it_was_not_read() -> None:
    # Given a ledger whose seal was not read (not opened, or the seal damaged)
    # When the log warnings are judged
    found = log_warnings(3, 3, 3, None, seal_read=False)
    # Then no unsealed warning is made up
    assert found == []
