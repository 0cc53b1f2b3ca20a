"""`verify` (ledger/audit/verify.py, `lsp verify`): the stored history is what was sealed.

An attacker here has the SQLite file: they drop the append-only triggers (as anyone who can
write the file can) and edit rows with sqlite3. Whatever they do to sealed events (flip a
byte, delete, swap, insert a row, renumber a version) `verify` fails and names the first
bad position. An attacker who also recomputes every seal is caught by a checkpoint kept
outside the ledger (`--checkpoint`).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.app import Ledger
from ledger.audit import sealing, verify
from ledger.errors import IntegrityFailure, InvalidInput
from tests.helpers import attack, copy_store, leaf_of, mth, rows, seals_in
from tests.stories import build_daventry

Lsp = Callable[..., Result]


@pytest.fixture(scope="module")
def sealed_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One sealed Daventry ledger (its last event is a seal), copied by each test."""
    store = str(tmp_path_factory.mktemp("sealed") / "ledger.sqlite")
    build_daventry(store).close()
    return store


@pytest.fixture
def sealed(sealed_file: str, store: str) -> str:
    copy_store(sealed_file, store)
    return store


def report(store: str, checkpoint: dict[str, Any] | None = None) -> verify.VerifyReport:
    ledger = Ledger(store, "auditor")
    try:
        return verify.verify(ledger, checkpoint)
    finally:
        ledger.close()


# ---------------------------------------------------------------------------- untouched


def test_an_untouched_sealed_ledger_verifies(sealed: str) -> None:
    # Given a ledger sealed three times, its last event the latest seal
    stored = rows(sealed)
    # When it is verified
    found = report(sealed)
    # Then all is well, and the report gives the latest seal and the root of every event
    assert found.ok, found.problems
    assert (found.events, found.seals, found.unsealed) == (len(stored), 3, 0)
    assert found.tree_size == len(stored) - 1
    assert found.root == mth([leaf_of(r) for r in stored[:-1]]).hex()
    assert found.head_root == mth([leaf_of(r) for r in stored]).hex()


def test_events_after_the_latest_seal_are_counted_as_unsealed(sealed: str) -> None:
    # Given a sealed ledger with two events recorded since
    ledger = Ledger(sealed, "secretariat")
    ledger.add_org("late-1", "Late One")
    ledger.add_org("late-2", "Late Two")
    # When it is verified
    found = verify.verify(ledger)
    # Then it verifies, with two events under no seal yet
    assert found.ok
    assert found.unsealed == 2


# ---------------------------------------------------------------------------- tampering


@settings(max_examples=500, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_a_byte_flipped_in_any_stored_event_is_found_at_its_position(
        sealed_file: str, data: st.DataObject) -> None:
    # Given a copy of a sealed ledger, and one stored event chosen at random
    stored = rows(sealed_file)
    position, *_, state = data.draw(st.sampled_from(stored), label="event")
    offset = data.draw(st.integers(0, len(state) - 1), label="offset")
    flip = data.draw(st.integers(1, 255), label="xor")
    changed = bytearray(state)
    changed[offset] ^= flip
    with tempfile.TemporaryDirectory() as folder:
        store = str(Path(folder) / "copy.sqlite")
        copy_store(sealed_file, store)
        # When an attacker flips that one byte of its state in the file
        attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                       (bytes(changed), position)))
        found = report(store)
    # Then verification fails, naming that event's position first
    assert not found.ok
    assert found.first is not None
    assert found.first.position == position, found.problems


@pytest.mark.parametrize(("field", "forged"), [("author_method", "os-lohin"),
                                                ("author_route", "lical")])
def test_a_tampered_author_is_found_at_its_position(sealed_file: str, field: str,
                                                    forged: str) -> None:
    # Given a copy of a sealed ledger, and an event whose author is recorded as local
    stored = rows(sealed_file)
    position, *_, state = next(r for r in stored if b'"author_route":"local"' in r[-1])
    value = "os-login" if field == "author_method" else "local"
    changed = state.replace(f'"{field}":"{value}"'.encode(), f'"{field}":"{forged}"'.encode())
    with tempfile.TemporaryDirectory() as folder:
        store = str(Path(folder) / "copy.sqlite")
        copy_store(sealed_file, store)
        # When an attacker changes its route or method to one no server records
        attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                       (changed, position)))
        found = report(store)
    # Then verification fails at that event (re-judging it as nobody authenticated, not
    # stopping at it)
    assert not found.ok
    assert found.first is not None
    assert found.first.position == position, found.problems


@pytest.mark.parametrize(("field", "value", "forged"), [
    ("author_method", "os-login", "os-lohin"), ("author_route", "local", "mocal")])
def test_a_tampered_author_of_the_latest_seal_is_found(sealed_file: str, field: str,
                                                       value: str, forged: str) -> None:
    # Given a copy of a sealed ledger, its last event the latest seal (no later seal
    # covers it)
    position, *_, state = rows(sealed_file)[-1]
    changed = state.replace(f'"{field}":"{value}"'.encode(), f'"{field}":"{forged}"'.encode())
    assert changed != state
    with tempfile.TemporaryDirectory() as folder:
        store = str(Path(folder) / "copy.sqlite")
        copy_store(sealed_file, store)
        # When an attacker changes its author's route or method to one no server records
        attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                       (changed, position)))
        found = report(store)
    # Then verification fails at that seal
    assert not found.ok
    assert found.first is not None and found.first.position == position, found.problems


def test_a_deleted_event_is_named(sealed: str) -> None:
    # Given a sealed ledger from which an attacker deletes the tenth event
    attack(sealed, ("DELETE FROM stored_events WHERE rowid = ?", (10,)))
    # When it is verified
    found = report(sealed)
    # Then it fails at position 10, which is missing
    assert not found.ok and found.first is not None
    assert found.first.position == 10
    assert "missing" in found.first.problem


def test_a_deleted_last_event_under_a_seal_is_named(sealed: str) -> None:
    # Given an attacker deleting the event just before the latest seal
    before_seal = rows(sealed)[-2][0]
    attack(sealed, ("DELETE FROM stored_events WHERE rowid = ?", (before_seal,)))
    # When it is verified
    found = report(sealed)
    # Then that position is named
    assert found.first is not None and found.first.position == before_seal


def test_two_swapped_rows_are_named(sealed: str) -> None:
    # Given an attacker swapping the whole contents of the 6th and 14th rows (through a
    # spare version number, as the primary key demands)
    stored = {r[0]: r for r in rows(sealed)}
    a, b = stored[6], stored[14]
    update = ("UPDATE stored_events SET originator_id = ?, originator_version = ?, topic = ?, "
              "state = ? WHERE rowid = ?")
    attack(sealed,
           ("UPDATE stored_events SET originator_version = -1 WHERE rowid = 6", ()),
           ("UPDATE stored_events SET originator_version = -2 WHERE rowid = 14", ()),
           (update, (*b[1:], 6)),
           (update, (*a[1:], 14)))
    assert [r[0] for r in rows(sealed) if r[1:] == b[1:]] == [6]
    # When it is verified
    found = report(sealed)
    # Then the first of the two is named
    assert found.first is not None and found.first.position == 6
    assert {p.position for p in found.problems} >= {6, 14}


def test_a_row_inserted_in_the_middle_is_named(sealed: str) -> None:
    # Given an attacker who makes room after position 11 and inserts a copy of an event
    # of a new organisation there
    stored = rows(sealed)
    template = stored[2]
    attack(sealed,
           ("UPDATE stored_events SET rowid = rowid + 100000 WHERE rowid > 11", ()),
           ("UPDATE stored_events SET rowid = rowid - 99999 WHERE rowid > 100000", ()),
           ("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state)"
            " VALUES (12, ?, 1, ?, ?)", ("0" * 32, template[3], template[4])))
    assert len(rows(sealed)) == len(stored) + 1
    # When it is verified
    found = report(sealed)
    # Then position 12, the inserted row, is named
    assert found.first is not None and found.first.position == 12, found.problems


def test_a_row_inserted_before_the_first_is_named(sealed: str) -> None:
    # Given an attacker inserting a row at position 0, before everything
    template = rows(sealed)[2]
    attack(sealed, ("INSERT INTO stored_events (rowid, originator_id, originator_version, "
                    "topic, state) VALUES (0, ?, 1, ?, ?)", ("0" * 32, template[3],
                                                              template[4])))
    # When it is verified
    found = report(sealed)
    # Then position 0 is named
    assert found.first is not None and found.first.position == 0


def test_a_changed_version_number_is_named(sealed: str) -> None:
    # Given an attacker renumbering the version of the 9th event
    attack(sealed, ("UPDATE stored_events SET originator_version = originator_version + 50 "
                    "WHERE rowid = 9", ()))
    # When it is verified
    found = report(sealed)
    # Then position 9 is named
    assert found.first is not None and found.first.position == 9


def test_a_forged_event_after_the_latest_seal_with_a_version_gap_is_named(sealed: str) -> None:
    # Given an attacker appending, after the latest seal, an event of an existing entity
    # that skips a version
    stored = rows(sealed)
    org = next(r for r in stored if r[3] == "lsp:Organisation.Registered")  # version 1
    last = stored[-1][0]
    attack(sealed, ("INSERT INTO stored_events (rowid, originator_id, originator_version, "
                    "topic, state) VALUES (?, ?, 3, ?, ?)", (last + 1, *org[1:2], *org[3:])))
    # When it is verified
    found = report(sealed)
    # Then the appended event is named
    assert found.first is not None and found.first.position == last + 1
    assert "version 3" in found.first.problem


def test_a_forged_seal_root_is_named_at_the_seal(sealed: str) -> None:
    # Given an attacker changing the root written in the second seal
    position, state = seals_in(sealed)[1]
    state["root"] = ("0" if state["root"][0] != "0" else "1") + state["root"][1:]
    attack(sealed, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                    (json.dumps(state, separators=(",", ":")).encode(), position)))
    # When it is verified
    found = report(sealed)
    # Then the seal's own position is named
    assert found.first is not None and found.first.position == position


# ---------------------------------------------------------------------------- checkpoints


def test_the_ledger_extends_a_checkpoint_taken_earlier(sealed: str) -> None:
    # Given the first seal, printed and kept by an auditor, and more events since
    _, first = seals_in(sealed)[0]
    Ledger(sealed, "secretariat").add_org("late-org", "Late Org")
    # When the ledger is verified against it
    found = report(sealed, {"tree_size": first["tree_size"], "root": first["root"]})
    # Then it verifies, and the checkpoint is reported as matched
    assert found.ok
    assert found.checkpoint == {"tree_size": first["tree_size"], "root": first["root"],
                                "ok": True}


def test_a_history_rewritten_with_every_seal_recomputed_fails_the_checkpoint(
        sealed: str, tmp_path: Path) -> None:
    # Given an auditor's checkpoint of the real ledger, and another ledger whose seals are
    # all valid but whose history differs (as if someone rewrote it and resealed)
    _, first = seals_in(sealed)[1]
    rewritten = str(tmp_path / "rewritten.sqlite")
    resealed = build_daventry(rewritten, seal=False)  # no seal at position 5: all shifts
    sealing.seal(resealed)
    assert report(rewritten).ok
    # When the rewritten ledger is verified against the real one's checkpoint
    found = report(rewritten, {"tree_size": first["tree_size"], "root": first["root"]})
    # Then it fails: the ledger does not extend the checkpoint
    assert not found.ok
    assert found.first is not None and "does not extend the checkpoint" in found.first.problem


def test_a_checkpoint_with_a_frontier_narrows_down_where_history_changed(sealed: str,
                                                                         tmp_path: Path
                                                                         ) -> None:
    # Given the real ledger's second seal as `lsp seal --json` prints it (with its
    # frontier), and a copy in which the 20th event was changed and every seal recomputed
    _, second = seals_in(sealed)[1]
    checkpoint = {"tree_size": second["tree_size"], "root": second["root"],
                  "frontier": second["frontier"].split(",")}
    leaves = [leaf_of(r) for r in rows(sealed)][: second["tree_size"]]
    leaves[19] = b"\x11" * 32
    # When the tree of the changed history is compared with it
    walk = verify._Walk(Ledger(sealed, "auditor"))
    walk.leaves, walk.positions = leaves, list(range(1, len(leaves) + 1))
    result = walk.checkpoint(checkpoint)
    # Then it fails, and names the start of the only subtree that differs
    assert result["ok"] is False
    size = second["tree_size"]
    top = 1 << (size.bit_length() - 1)
    assert walk.problems[0].position == (1 if top >= 20 else top + 1)
    assert result["range"][0] <= 20 <= result["range"][1]


def test_a_checkpoint_beyond_the_ledger_is_a_failure(sealed: str) -> None:
    # Given a checkpoint covering more events than the ledger holds (events deleted)
    _, latest = seals_in(sealed)[-1]
    # When the ledger is verified against it
    found = report(sealed, {"tree_size": latest["tree_size"] + 5, "root": latest["root"]})
    # Then it fails, naming the first position that is missing
    assert found.first is not None
    assert found.first.position == len(rows(sealed)) + 1


@pytest.mark.parametrize("checkpoint", [
    {"root": "00" * 32}, {"tree_size": 3}, {"tree_size": -1, "root": "00" * 32},
    {"tree_size": 3, "root": "XYZ"}, {"tree_size": 3, "root": "00" * 32, "format": "md5"},
])
def test_a_checkpoint_of_the_wrong_shape_is_refused(sealed: str, checkpoint: dict[str, Any]
                                                    ) -> None:
    # Given a checkpoint missing a field, or with one of the wrong shape
    # When the ledger is verified against it
    # Then it is refused as input, not reported as a failure of the ledger
    with pytest.raises(InvalidInput):
        report(sealed, checkpoint)


# ---------------------------------------------------------------------------- the CLI


def test_lsp_verify_exits_0_with_the_json_of_contract(sealed: str, lsp: Lsp) -> None:
    # Given an untouched sealed ledger
    # When `lsp verify --json` is run
    result = lsp("verify", "--json")
    # Then exit 0, one JSON document with ok, and nothing on stderr
    assert result.exit_code == 0
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["ok"] is True
    assert doc["events"] == len(rows(sealed))
    assert doc["seals"] == 3
    assert doc["root"] == seals_in(sealed)[-1][1]["root"]


def test_lsp_verify_exits_3_naming_the_first_bad_position(sealed: str, lsp: Lsp) -> None:
    # Given an attacker flipping a byte of the 7th event
    state = bytearray(rows(sealed)[6][4])
    state[-3] ^= 0x01
    attack(sealed, ("UPDATE stored_events SET state = ? WHERE rowid = 7", (bytes(state),)))
    # When `lsp verify` is run, with and without --json
    as_json = lsp("verify", "--json")
    as_text = lsp("verify")
    # Then exit 3 both times, position 7 in the JSON document, the error on stderr
    assert as_json.exit_code == 3
    doc = json.loads(as_json.stdout)
    assert doc["ok"] is False
    assert doc["position"] == 7
    assert doc["problem"]
    assert as_json.stderr.startswith("Error: integrity failure at position 7")
    assert as_text.exit_code == 3
    assert as_text.stdout == ""
    assert "Error: integrity failure at position 7" in as_text.stderr


def test_a_failed_report_raises_the_integrity_failure_carrying_the_whole_report(
        sealed: str) -> None:
    # Given an attacker flipping a byte of the 7th and of the 12th event
    for rowid in (7, 12):
        state = bytearray(rows(sealed)[rowid - 1][4])
        state[-3] ^= 0x01
        attack(sealed, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                        (bytes(state), rowid)))
    found = report(sealed)
    # When the report is asked to raise what it found
    with pytest.raises(IntegrityFailure) as failure:
        found.raise_if_failed()
    # Then the failure names the first position, lists every further problem on a line
    # of its own, and carries the report as its document
    assert failure.value.position == 7
    first, *more = failure.value.message.splitlines()
    assert first == f"integrity failure at position 7: {found.problems[0].problem}"
    assert more == [f"  also at position {p.position}: {p.problem}"
                    for p in found.problems[1:]]
    assert failure.value.document == found.as_dict()


def test_a_report_without_problems_raises_nothing(sealed: str) -> None:
    # Given an untouched sealed ledger's report
    found = report(sealed)
    # When it is asked to raise what it found, then nothing is raised
    found.raise_if_failed()


def test_lsp_verify_json_on_failure_keeps_every_key_of_the_report(sealed: str, lsp: Lsp
                                                                  ) -> None:
    # Given an attacker flipping a byte of the 7th event
    state = bytearray(rows(sealed)[6][4])
    state[-3] ^= 0x01
    attack(sealed, ("UPDATE stored_events SET state = ? WHERE rowid = 7", (bytes(state),)))
    expected = report(sealed).as_dict()
    # When `lsp verify --json` is run
    result = lsp("verify", "--json")
    # Then the one JSON document is the report, every key of it, with the error named
    # (and the read models' check, which the command line adds: tests/test_readmodel_check.py)
    assert result.exit_code == 3
    doc = json.loads(result.stdout)
    assert {k: doc[k] for k in expected} == expected
    assert set(doc) - set(expected) == {"error", "message", "read_models"}
    assert doc["error"] == "IntegrityFailure"


def test_lsp_verify_with_a_good_and_a_forged_checkpoint(sealed: str, lsp: Lsp,
                                                        tmp_path: Path) -> None:
    # Given the JSON of the first seal, kept aside, and a forged copy of it
    printed = lsp("seal", "--json")  # nothing new: prints the latest seal
    assert printed.exit_code == 0
    good = tmp_path / "good.json"
    good.write_text(printed.stdout, encoding="utf-8")
    doc = json.loads(printed.stdout)
    doc["root"] = ("f" if doc["root"][0] != "f" else "e") + doc["root"][1:]
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(doc), encoding="utf-8")
    # When the ledger is verified against each
    ok = lsp("verify", "--checkpoint", str(good), "--json")
    bad = lsp("verify", "--checkpoint", str(forged), "--json")
    # Then the good one passes (exit 0) and the forged one fails (exit 3)
    assert ok.exit_code == 0, ok.stderr
    assert json.loads(ok.stdout)["checkpoint"]["ok"] is True
    assert bad.exit_code == 3
    assert json.loads(bad.stdout)["ok"] is False
    assert "checkpoint" in bad.stderr


def test_lsp_verify_refuses_a_checkpoint_that_is_not_one(sealed: str, lsp: Lsp,
                                                          tmp_path: Path) -> None:
    # Given a checkpoint file that is not JSON, and a path with no file
    junk = tmp_path / "junk.txt"
    junk.write_text("tree size 12, root abc", encoding="utf-8")
    # When the ledger is verified against them
    refused = lsp("verify", "--checkpoint", str(junk))
    missing = lsp("verify", "--checkpoint", str(tmp_path / "none.json"))
    # Then the first is refused (exit 1) and the second is a usage error (exit 2)
    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert refused.stderr.startswith("Error: ")
    assert missing.exit_code == 2
