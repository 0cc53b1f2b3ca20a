"""Seals (ledger/audit/seal.py, ledger/audit/sealing.py): a checkpoint of the whole ledger.

A seal records `tree_size` and `root`, the RFC 6962 Merkle Tree Hash of the stored events
before it (CONTRACT.md, "The export format and the seals"). These tests recompute every
root from the raw SQLite rows with hashlib alone, check that each seal extends the one
before, that sealing reads only the events stored since the last seal, and that two
sealers racing cannot record two different seals.

The small sealed Daventry ledger is `tests.stories.build_daventry`; the rows as an attacker
sees them and the independent Merkle tree are in tests/helpers.py (shared with
tests/test_verify.py, tests/test_prove.py and tests/test_signed_seals.py).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.audit import merkle, sealing, stored, verify
from ledger.audit.seal import SEAL_ID
from ledger.errors import Conflict, IntegrityFailure, InvalidInput
from tests.conftest import EXAMPLES, on
from tests.helpers import attack, leaf_of, mth, rows, seals_in
from tests.stories import NOW, build_daventry

# ---------------------------------------------------------------------------- helpers


@pytest.fixture
def daventry(store: str) -> Ledger:
    return build_daventry(store)


# ---------------------------------------------------------------------------- what a seal is


def test_every_seal_holds_the_root_of_the_events_before_it(daventry: Ledger, store: str
                                                          ) -> None:
    # Given a ledger sealed three times
    stored = rows(store)
    # When each seal's state is read from the file and its root recomputed with hashlib
    found = seals_in(store)
    # Then each is plain JSON with the format, covering every event before it, and its
    # root is the Merkle Tree Hash of those events
    assert len(found) == 3
    leaves = [leaf_of(r) for r in stored]
    for position, state in found:
        index = [r[0] for r in stored].index(position)
        assert state["format"] == "rfc6962-sha256/v1"
        assert state["tree_size"] == index
        assert state["root"] == mth(leaves[:index]).hex()
        assert state["last_position"] == stored[index - 1][0]


def test_a_seal_extends_the_one_before_it(daventry: Ledger, store: str) -> None:
    # Given the three seals of the ledger
    (_, first), (_, second), (_, third) = seals_in(store)
    leaves = [leaf_of(r) for r in rows(store)]
    # When a consistency proof is drawn between each and the next
    # Then it verifies, and each seal names the size of the one before
    for old, new in ((first, second), (second, third)):
        proof = merkle.consistency_proof(leaves[:new["tree_size"]], old["tree_size"])
        assert merkle.verify_consistency(old["tree_size"], new["tree_size"],
                                         bytes.fromhex(old["root"]), bytes.fromhex(new["root"]),
                                         proof)
        assert new["previous_size"] == old["tree_size"]
    assert first["previous_size"] == 0


def test_a_seal_keeps_the_frontier_its_root_comes_from(daventry: Ledger, store: str) -> None:
    # Given the latest seal
    _, state = seals_in(store)[-1]
    # When its frontier is read back
    frontier = merkle.Frontier.from_hex(state["tree_size"], state["frontier"].split(","))
    # Then it gives the seal's root, and one leaf tag per event since the previous seal
    assert frontier.root().hex() == state["root"]
    assert len(state["leaf_tags"]) == 8 * (state["tree_size"] - state["previous_size"])


def test_sealing_with_nothing_new_records_nothing(daventry: Ledger, store: str) -> None:
    # Given a ledger whose last event is its latest seal
    before = rows(store)
    latest = sealing.latest_seal(daventry)
    # When it is sealed again
    again = sealing.seal(daventry)
    # Then nothing is recorded, and the answer is the latest seal
    assert rows(store) == before
    assert again.recorded is False
    assert latest is not None
    assert (again.tree_size, again.root, again.position) == (latest.tree_size, latest.root,
                                                             latest.position)
    assert again.position == before[-1][0]


def test_an_export_of_a_sealed_ledger_passes_the_auditors_script(
        daventry: Ledger, tmp_path: Path) -> None:
    # Given the ledger written as `lsp export` lines (CONTRACT.md)
    notifications = daventry.recorder.select_notifications(start=None, limit=10_000)
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(stored.export_line(n)) + "\n"
                              for n in notifications), encoding="utf-8")
    # When docs/verify_example.py, which uses only the standard library, checks it
    import importlib.util

    spec = importlib.util.spec_from_file_location("verify_example",
                                                  EXAMPLES.parent / "docs" / "verify_example.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    # Then every seal matches
    assert script.main(str(export)) == 0


def test_an_empty_ledger_cannot_be_sealed(store: str) -> None:
    # Given a store with no events at all
    ledger = Ledger(store, "secretariat", create=True)
    # When it is sealed
    # Then it is refused, and nothing is recorded
    with pytest.raises(InvalidInput, match="nothing to seal"):
        sealing.seal(ledger)
    assert ledger.recorder.max_notification_id() in (None, 0)


def test_a_damaged_latest_seal_is_not_extended(daventry: Ledger, store: str) -> None:
    # Given a ledger whose latest seal's frontier was changed in the file
    position, state = seals_in(store)[-1]
    state["frontier"] = state["frontier"].replace(state["frontier"][0],
                                                  "1" if state["frontier"][0] != "1" else "2", 1)
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                   (json.dumps(state, separators=(",", ":")).encode(), position)))
    daventry.add_org("new-org", "New Org")
    # When it is sealed again
    # Then the seal is refused as an integrity failure
    with pytest.raises(IntegrityFailure):
        sealing.seal(Ledger(store, "secretariat"))


# ---------------------------------------------------------------------------- cost


def counting_reads(ledger: Ledger) -> list[int]:
    """Count the stored events the recorder hands out, in order or by aggregate."""
    read: list[int] = []
    for name in ("select_notifications", "select_events"):
        original = getattr(ledger.recorder, name)

        def counted(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            found = _original(*args, **kwargs)
            read.append(len(found))
            return found

        setattr(ledger.recorder, name, counted)
    return read


@pytest.mark.parametrize("history", [20, 200])
def test_sealing_reads_only_the_events_since_the_last_seal(store: str, history: int) -> None:
    # Given a ledger of `history` events, sealed after every tenth, then five more events
    with freeze_time(NOW):
        ledger = Ledger(store, "secretariat", create=True)
        ledger.init("Daventry LSP", str(EXAMPLES / "daventry" / "terms.toml"), on("2026-01-01"))
        for i in range(history - 2):
            ledger.add_org(f"org-{i}", f"Org {i}")
            if i % 10 == 9:
                sealing.seal(ledger)
        sealing.seal(ledger)
        seals = len(seals_in(store))
        for i in range(5):
            ledger.add_org(f"late-{i}", f"Late {i}")
        read = counting_reads(ledger)
        # When it is sealed again
        info = sealing.seal(ledger)
    # Then only the latest seal (once to resume from it, once as a new leaf) and the five
    # new events were read, whatever the length of the history and the number of seals,
    # and the root is still that of every event before it
    assert info.events_read == 6
    assert sum(read) == 1 + 6
    stored = rows(store)
    assert info.root == mth([leaf_of(r) for r in stored[:-1]]).hex()
    assert info.tree_size == len(stored) - 1 == history + seals + 5
    assert seals == (history - 2) // 10 + 1


# ---------------------------------------------------------------------------- racing


def test_two_sealers_at_the_same_moment_record_one_seal_and_agree_on_it(
        daventry: Ledger, store: str) -> None:
    # Given two people sealing the same ledger from two processes, the second saving its
    # seal while the first is between computing it and saving it
    daventry.add_org("late-org", "Late Org")
    first, second = Ledger(store, "alice"), Ledger(store, "bob")
    original = first._save
    answers: list[sealing.SealInfo] = []

    def interleaved(*aggregates: Any) -> Any:
        answers.append(sealing.seal(second))
        return original(*aggregates)

    first._save = interleaved  # type: ignore[method-assign]
    before = len(seals_in(store))
    # When the first one saves
    # Then its save collides and it seals again on top of the second's seal, which
    # already covers everything: only the second's seal is recorded, and both answer it
    mine = sealing.seal(first)
    after = seals_in(store)
    assert len(after) == before + 1
    assert after[-1][1]["actor"] == "bob"
    assert answers[0].recorded and answers[0].root == after[-1][1]["root"]
    assert not mine.recorded and (mine.root, mine.tree_size) == (
        answers[0].root, answers[0].tree_size)
    assert first.retries == 1
    assert verify.verify(second).ok


def test_sealers_racing_in_threads_never_record_two_roots_for_one_size(
        daventry: Ledger, store: str) -> None:
    # Given four writers, each adding organisations and sealing after each, at once
    conflicts: list[int] = []
    errors: list[BaseException] = []
    gate = threading.Barrier(4)

    def work(n: int) -> None:
        ledger = Ledger(store, f"writer-{n}")
        try:
            gate.wait()
            for i in range(5):
                ledger.add_org(f"w{n}-org-{i}", f"Writer {n} org {i}")
                try:
                    sealing.seal(ledger)
                except Conflict:
                    conflicts.append(n)
        except BaseException as e:  # reported below, not lost in the thread
            errors.append(e)
        finally:
            ledger.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    # When they all run
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then the seal stream has one seal per version, their sizes only grow, no size has
    # two roots, and the whole ledger verifies
    assert errors == []
    assert conflicts == []  # a collision is sealed again, never shown to the user
    stream = [r for r in rows(store) if r[1] == SEAL_ID.hex]
    assert [r[2] for r in stream] == list(range(1, len(stream) + 1))
    sizes = [json.loads(r[4])["tree_size"] for r in stream]
    assert sizes == sorted(set(sizes))
    roots: dict[int, set[str]] = {}
    for r in stream:
        state = json.loads(r[4])
        roots.setdefault(state["tree_size"], set()).add(state["root"])
    assert all(len(found) == 1 for found in roots.values())
    assert verify.verify(Ledger(store, "auditor")).ok
    assert len(stream) >= 4


# ---------------------------------------------------------------------------- the CLI


Lsp = Callable[..., Any]


def test_lsp_seal_prints_the_seal_and_records_it(daventry: Ledger, lsp: Lsp, store: str
                                                ) -> None:
    # Given a sealed ledger with one more event
    daventry.add_org("late-org", "Late Org")
    # When `lsp seal --json` is run, and then `lsp seal` again
    result = lsp("seal", "--json")
    again = lsp("seal")
    # Then the first records a seal over every event before it and prints one JSON
    # document; the second records nothing and says so
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    stored = rows(store)
    assert doc["recorded"] is True
    assert doc["position"] == stored[-1][0]
    assert doc["tree_size"] == len(stored) - 1
    assert doc["root"] == mth([leaf_of(r) for r in stored[:-1]]).hex()
    assert doc["format"] == "rfc6962-sha256/v1"
    assert again.exit_code == 0
    assert "Nothing new" in again.stdout
    assert rows(store) == stored


def test_lsp_seal_without_a_ledger_is_refused(lsp: Lsp, store: str) -> None:
    # Given no ledger at the store's path
    # When it is sealed
    result = lsp("seal")
    # Then exit 1, the reason on stderr, nothing on stdout, no file made
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert not Path(store).exists()
