"""Read models checked (issue 13 item 4): `lsp verify` and `lsp doctor` compare the read
models with a rebuild from the sealed log (projections/drift.py) and name the table and
entity of every row that differs; `lsp projections rebuild` repairs it.

The attacker edits the read models' tables directly (anyone who can write the store can:
no guard protects them, as they are rebuilt from the log at will): the wrong person in
the chair's seat of the kept roster, the wrong recorder in the audit trail.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from freezegun import freeze_time

from ledger.audit import sealing
from tests.helpers import raw
from tests.stories import NOW, NewLedger, daventry

Lsp = Callable[..., Result]


@pytest.fixture
def read(new_ledger: NewLedger, lsp: Lsp) -> Lsp:
    """The Daventry Executive (alice in the chair's seat dc-1), sealed, its read models
    caught up by a read."""
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        sealing.seal(ledger)
    assert lsp("roster", "executive").exit_code == 0
    return lsp


def verify(lsp: Lsp, *options: str) -> tuple[Result, dict[str, Any]]:
    result = lsp("verify", "--json", *options)
    return result, json.loads(result.stdout)


def doctor(lsp: Lsp) -> dict[str, Any]:
    result = lsp("doctor", "--json")
    assert result.exit_code == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def chair_holder(lsp: Lsp) -> str:
    seats = json.loads(lsp("roster", "executive", "--json").stdout)["seats"]
    return str(next(s["holder"] for s in seats if s["seat"] == "dc-1"))


def put_in_the_chair(store: str, person: str) -> None:
    """Edit the kept roster of the Executive: `person` holds seat dc-1, the chair's."""
    with raw(store) as db, db.transaction():
        state = json.loads(db.execute("SELECT state FROM lsp_rosters WHERE body = ?",
                                      ("executive",)).fetchone()["state"])
        for seat in state["seats"]:
            if seat["seat"] == "dc-1":
                seat["holder"] = person
        db.execute("UPDATE lsp_rosters SET state = ? WHERE body = ?",
                   (json.dumps(state, sort_keys=True), "executive"))


def fill_of_the_chair(store: str) -> int:
    with raw(store) as db:
        row = db.execute("SELECT position FROM lsp_events WHERE kind = 'SeatFilled' AND "
                         f"{db.json_text('data', 'seat')} = 'dc-1'").fetchone()
    return int(row["position"])


# ---------------------------------------------------------------------------- untouched


def test_untouched_read_models_are_what_the_log_gives(read: Lsp) -> None:
    # Given read models caught up with the log
    # When verify and doctor check them
    result, doc = verify(read)
    checked = doctor(read)
    # Then every row is what a rebuild gives
    assert result.exit_code == 0, result.stderr
    assert doc["read_models"]["drift"] == [] and doc["read_models"]["rows"] > 0
    assert "read models:" in read("verify").stdout
    assert checked["read_models"] == {"checked": True, "drift": []}
    assert "read-models-drift" not in [w["code"] for w in checked["warnings"]]


# ---------------------------------------------------------------------------- attacks


def test_the_wrong_person_in_the_chairs_seat_of_lsp_rosters_fails_verify_until_rebuilt(
        read: Lsp, store: str) -> None:
    # Given someone who edits the kept roster: mallory in the chair's seat
    put_in_the_chair(store, "mallory")
    assert chair_holder(read) == "mallory"  # what people read is wrong
    # When verify runs, then exit 3 naming the table, the entity and the seat
    result, doc = verify(read)
    assert result.exit_code == 3
    assert (doc["table"], doc["entity"]) == ("lsp_rosters", "body:executive")
    assert "seat dc-1: holder is 'mallory', the log gives 'alice'" in doc["problem"]
    assert "the read model lsp_rosters is not what the log gives for body:executive" in \
        result.stderr
    # And the doctor warns of it
    warning = next(w for w in doctor(read)["warnings"] if w["code"] == "read-models-drift")
    assert "lsp_rosters, body:executive" in warning["message"]
    assert "lsp projections rebuild" in warning["action"]
    # When the read models are rebuilt, then verify passes and alice is in the chair again
    assert read("projections", "rebuild").exit_code == 0
    assert verify(read)[0].exit_code == 0
    assert chair_holder(read) == "alice"


def test_the_wrong_recorder_in_the_audit_trail_of_lsp_events_fails_verify_until_rebuilt(
        read: Lsp, store: str) -> None:
    # Given someone who edits the audit trail: mallory recorded alice's appointment
    position = fill_of_the_chair(store)
    with raw(store) as db, db.transaction():
        db.execute("UPDATE lsp_events SET actor = ? WHERE position = ?", ("mallory", position))
    trail = json.loads(read("audit", "--entity", "body:executive", "--json").stdout)
    assert "mallory" in json.dumps(trail)
    # When verify runs, then exit 3 naming the table, the entity, the position and actor
    result, doc = verify(read)
    assert result.exit_code == 3
    assert (doc["table"], doc["entity"]) == ("lsp_events", "body:executive")
    assert (f"position {position}: actor is 'mallory', the log gives 'secretariat'"
            in doc["problem"])
    # And the doctor warns of it
    assert "read-models-drift" in [w["code"] for w in doctor(read)["warnings"]]
    # When the read models are rebuilt, then verify passes
    assert read("projections", "rebuild").exit_code == 0
    assert verify(read)[0].exit_code == 0


@pytest.mark.parametrize(("statement", "says"), [
    ("DELETE FROM lsp_events WHERE position = 3", "the row the log gives (position 3) is "
                                                  "missing"),
    ("DELETE FROM lsp_entities WHERE slug = 'alice'", "is missing"),
    ("UPDATE lsp_terms SET text = 'forged'", "text is 'forged'"),
    ("INSERT INTO lsp_rosters (body, state) VALUES ('forum-2', '{}')",
     "a row (body forum-2) that the log does not give"),
])
def test_a_row_deleted_changed_or_added_in_any_read_model_is_named(
        read: Lsp, store: str, statement: str, says: str) -> None:
    # Given a read model's row deleted, changed or added
    with raw(store) as db, db.transaction():
        db.execute(statement)
    # When verify runs, then exit 3 saying what differs
    result, doc = verify(read)
    assert result.exit_code == 3
    assert says in doc["problem"], doc["problem"]


def test_verify_without_the_read_models_does_not_compare_them(read: Lsp, store: str) -> None:
    # Given the wrong person in the chair's seat of the kept roster
    put_in_the_chair(store, "mallory")
    # When verify runs with --no-read-models, then it passes, and says it did not check
    result, doc = verify(read, "--no-read-models")
    assert result.exit_code == 0, result.stderr
    assert "read_models" not in doc
