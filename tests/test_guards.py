"""The store's own defences, never silently repaired (issue 13 items 5 and 6):
ledger/store/appendonly.py, `lsp store repair-guards` (ledger/audit/repairing.py), and
SQLite's `PRAGMA integrity_check` in `lsp verify` and `lsp doctor`.

A dropped append-only guard is the trace that someone removed it. Opening the ledger
used to put it back silently; now it warns, `verify` fails naming the guard (exit 3),
and only `lsp store repair-guards` puts it back, recording who and when first. A damaged
file (here: a corrupted index of the events, whose rows and seals are intact) is found
by `PRAGMA integrity_check`, which verify and the doctor run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.store.appendonly import PG_TRIGGERS, TRIGGERS, missing_guards
from ledger.store.seam import Store
from tests.conftest import EXAMPLES, event_count
from tests.helpers import is_postgres, raw

Lsp = Callable[..., Result]
DAVENTRY = str(EXAMPLES / "daventry" / "terms.toml")


@pytest.fixture
def ledger_store(lsp: Lsp, store: str) -> str:
    """A Daventry ledger with an organisation, sealed."""
    assert lsp("init", "Daventry LSP", "--terms", DAVENTRY, "--on", "2026-04-01").exit_code == 0
    assert lsp("org", "add", "ddc", "--name", "Daventry DC").exit_code == 0
    assert lsp("seal").exit_code == 0
    return store


def guard_of(store: str) -> str:
    """The guard against UPDATE and DELETE, in this store."""
    return "lsp_stored_events_no_change" if is_postgres(store) else "lsp_stored_events_no_delete"


def run(store: str, statement: str) -> None:
    """One statement as the store's owner, outside the ledger."""
    if not is_postgres(store):
        with closing(sqlite3.connect(store)) as conn, conn:
            conn.execute(statement)
        return
    with raw(store) as db, db.transaction():
        db.execute(statement)


def drop(store: str, name: str) -> None:
    run(store, f"DROP TRIGGER {name}" + (" ON stored_events" if is_postgres(store) else ""))


def missing(store: str) -> tuple[str, ...]:
    return missing_guards(Store.parse(store))


def events(store: str) -> int:
    with Ledger(store, "counter") as ledger:
        return event_count(ledger)


def verify_json(lsp: Lsp) -> tuple[Result, dict[str, Any]]:
    result = lsp("verify", "--json")
    doc: dict[str, Any] = json.loads(result.stdout)
    return result, doc


# ---------------------------------------------------------------------------- guards


def test_a_new_ledger_is_created_with_every_guard(ledger_store: str) -> None:
    # Given a ledger just created by `lsp init`
    # When its guards are looked for
    # Then every one is there, as written
    assert missing(ledger_store) == ()


def test_guards_rule_5_opening_a_ledger_warns_of_a_dropped_guard_and_leaves_it_out(
        ledger_store: str, lsp: Lsp) -> None:
    # Given a ledger from which someone dropped the guard against DELETE
    name = guard_of(ledger_store)
    drop(ledger_store, name)
    # When any command opens it
    result = lsp("audit")
    # Then it runs, warns on stderr naming the guard and the explicit repair...
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Warning: the append-only guards {name} are missing "
                                    "from stored_events")
    assert "`lsp store repair-guards`" in result.stderr
    # ...and the guard is still missing: the trace is kept
    assert missing(ledger_store) == (name,)


def test_guards_rule_5_verify_exits_3_naming_a_dropped_guard(ledger_store: str,
                                                             lsp: Lsp) -> None:
    # Given a sealed ledger whose events are intact, but a guard dropped
    name = guard_of(ledger_store)
    drop(ledger_store, name)
    # When it is verified
    result, doc = verify_json(lsp)
    # Then exit 3, naming the guard, at the ledger (no one event)
    assert result.exit_code == 3
    assert doc["ok"] is False and doc["position"] is None
    assert doc["problem"].startswith(f"the append-only guards {name} are missing")
    assert doc["guards"]["missing"] == [name]
    assert "Error: integrity failure at the ledger: the append-only guards " + name in (
        result.stderr)


@pytest.mark.sqlite_only
def test_guards_rule_5_a_guard_replaced_by_one_that_refuses_nothing_counts_as_missing(
        ledger_store: str, lsp: Lsp) -> None:
    # Given the guard against UPDATE replaced by a trigger of its name that does nothing
    run(ledger_store, "DROP TRIGGER lsp_stored_events_no_update")
    run(ledger_store, "CREATE TRIGGER lsp_stored_events_no_update BEFORE UPDATE ON "
                      "stored_events BEGIN SELECT 1; END")
    # When it is verified, then repaired
    verified = lsp("verify")
    repaired = lsp("store", "repair-guards")
    # Then verify names it, and the repair puts the real guard back, which refuses again
    assert verified.exit_code == 3
    assert "lsp_stored_events_no_update are missing" in verified.stderr
    assert repaired.exit_code == 0, repaired.stderr
    assert missing(ledger_store) == ()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        run(ledger_store, "UPDATE stored_events SET topic = topic")


@pytest.mark.postgres_only
def test_guards_rule_5_a_disabled_postgres_trigger_counts_as_missing(ledger_store: str,
                                                                    lsp: Lsp) -> None:
    # Given the guard trigger disabled by the table's owner (and left so)
    run(ledger_store, "ALTER TABLE stored_events DISABLE TRIGGER lsp_stored_events_no_change")
    # When it is verified, then repaired
    verified = lsp("verify")
    repaired = lsp("store", "repair-guards")
    # Then verify names it, and the repair makes it anew, enabled
    assert verified.exit_code == 3
    assert "lsp_stored_events_no_change are missing" in verified.stderr
    assert repaired.exit_code == 0, repaired.stderr
    assert missing(ledger_store) == ()
    assert lsp("verify").exit_code == 0


def test_guards_rule_5_repair_records_who_and_when_then_puts_the_guards_back(
        ledger_store: str, lsp: Lsp) -> None:
    # Given a ledger whose guard against DELETE was dropped
    name = guard_of(ledger_store)
    drop(ledger_store, name)
    before = events(ledger_store)
    # When the secretariat repairs the guards, on a given day, saying why
    with freeze_time("2026-12-03 10:15:00"):
        result = lsp("store", "repair-guards", "--reason", "found dropped at the audit",
                     "--json")
    # Then one event is recorded, saying which guards, by whom, when and why...
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["recorded"] is True
    assert [e["entity"] for e in doc["events"]] == ["guards:guards"]
    assert events(ledger_store) == before + 1
    trail = json.loads(lsp("audit", "--entity", "guards:guards", "--json").stdout)
    (repair,) = trail["events"]
    assert repair["event"] == "FirstRepaired"
    assert repair["actor"] == "tester"
    assert repair["recorded"].startswith("2026-12-03")
    assert repair["changes"]["guards"] == name
    assert repair["changes"]["reason"] == "found dropped at the audit"
    # ...and the guards are back, so the ledger verifies again
    assert missing(ledger_store) == ()
    assert lsp("verify").exit_code == 0


def test_guards_rule_5_repair_with_every_guard_in_place_records_nothing(
        ledger_store: str, lsp: Lsp) -> None:
    # Given a ledger with every guard
    before = events(ledger_store)
    # When the guards are "repaired"
    result = lsp("store", "repair-guards", "--json")
    # Then nothing is recorded, and it says so
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"recorded": False, "repaired": [],
                                         "message": "every guard is in place"}
    assert events(ledger_store) == before


def test_guards_rule_5_a_second_repair_is_a_second_event_of_the_stream(
        ledger_store: str, lsp: Lsp) -> None:
    # Given a guard dropped and repaired, then dropped again
    name = guard_of(ledger_store)
    drop(ledger_store, name)
    assert lsp("store", "repair-guards").exit_code == 0
    drop(ledger_store, name)
    # When it is repaired again
    result = lsp("store", "repair-guards")
    # Then the stream holds both repairs, the second a `Repaired`
    assert result.exit_code == 0, result.stderr
    trail = json.loads(lsp("audit", "--entity", "guards:guards", "--json").stdout)
    assert [e["event"] for e in trail["events"]] == ["FirstRepaired", "Repaired"]
    assert missing(ledger_store) == ()


def test_guards_are_listed_as_expected_for_each_store(store: str) -> None:
    # Given either store
    # When the guards a ledger must have are listed
    expected = sorted(PG_TRIGGERS if is_postgres(store) else TRIGGERS)
    # Then a new ledger has exactly those
    Ledger(store, "secretariat", create=True).close()
    assert missing(store) == () and len(expected) == 3


# ---------------------------------------------------------------------------- storage


def corrupt_events_index(path: str) -> None:
    """Flip bytes in the middle of the cells of the events table's own index (its rows,
    and so every seal, are left intact): the damage `PRAGMA integrity_check` finds."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = "
                               "'sqlite_autoindex_stored_events_1'").fetchone()
    data = bytearray(Path(path).read_bytes())
    page = (root - 1) * page_size
    content = int.from_bytes(data[page + 5:page + 7], "big")  # where the cells start
    middle = page + content + (page_size - content) // 2
    for i in range(8):
        data[middle + i] ^= 0x55
    Path(path).write_bytes(bytes(data))


@pytest.mark.sqlite_only
def test_storage_rule_6_a_corrupted_index_fails_verify_naming_the_integrity_check(
        ledger_store: str, lsp: Lsp) -> None:
    # Given a sealed ledger whose events' index was corrupted on disk (rows intact)
    corrupt_events_index(ledger_store)
    # When it is verified
    result, doc = verify_json(lsp)
    # Then exit 3, saying what SQLite's integrity check found
    assert result.exit_code == 3
    assert doc["storage"]["integrity_check"] == "failed"
    assert doc["storage"]["messages"]
    assert any(p["problem"].startswith("the SQLite file is damaged: PRAGMA integrity_check "
                                       "says") for p in doc["problems"])
    assert "PRAGMA integrity_check" in result.stderr


@pytest.mark.sqlite_only
def test_storage_rule_6_the_doctor_warns_of_a_corrupted_index(ledger_store: str,
                                                             lsp: Lsp) -> None:
    # Given a ledger whose events' index was corrupted on disk
    corrupt_events_index(ledger_store)
    # When the doctor examines it
    result = lsp("doctor", "--json")
    # Then it warns that the file is damaged, and what to do
    assert result.exit_code == 0, result.stdout + result.stderr
    doc = json.loads(result.stdout)
    warning = next(w for w in doc["warnings"] if w["code"] == "storage-damaged")
    assert warning["message"].startswith("the SQLite file is damaged: PRAGMA integrity_check")
    assert "restore it from a backup" in warning["action"]
    assert doc["storage"]["integrity_check"] == "failed"


def test_storage_rule_6_an_intact_store_says_what_was_checked(ledger_store: str,
                                                              lsp: Lsp) -> None:
    # Given an untouched ledger
    # When it is verified and examined
    result, doc = verify_json(lsp)
    doctor = json.loads(lsp("doctor", "--json").stdout)
    # Then the integrity check passed on SQLite, and is said not to run on PostgreSQL
    said = "not run" if is_postgres(ledger_store) else "ok"
    assert result.exit_code == 0, result.stderr
    assert doc["storage"] == {"integrity_check": said, "messages": []}
    assert doctor["storage"] == {"integrity_check": said, "messages": []}
    assert "storage-damaged" not in [w["code"] for w in doctor["warnings"]]
