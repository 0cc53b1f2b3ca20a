"""`verify`'s walk reads the stored rows and hashes their bytes, decoding only what it must.

The seals commit to each event's stored bytes (`ledger.audit.merkle.leaf_input`), so the
walk of `lsp verify` reads the rows by a plain SELECT in pages (`ledger.audit.stored.rows`)
and hashes them (`merkle.event_leaf_hash`) without making a domain event of each. It still
decodes every seal (checked whole), every event no seal covers (its form is all that can
be checked of it), and, when re-judging, every event (the judge needs them). Here:

- the fast leaf hash is the leaf hash of CONTRACT.md for any values (hypothesis);
- `rows` gives what the recorder's `select_notifications` gives, on both stores;
- without re-judging, only the seals and the unsealed events are decoded (counted);
- every attack gives the same problems with and without re-judging, but for the one
  check that only decoding does: the form of an event a seal covers (docs/audit.md);
- the benchmark's ledger of bulk-written events (bench/bench_seal.py) verifies, and a
  byte changed in it is caught.
"""

from __future__ import annotations

import itertools
import json
import os
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.bench_seal import build_fast
from ledger.app import Ledger
from ledger.audit import merkle, sealing, stored, verify
from tests.helpers import attack, copy_store, leaf_of, mth, rows, seals_in
from tests.stories import build_daventry

# ---------------------------------------------------------------------------- the leaf

ids = st.one_of(st.uuids().map(str), st.uuids().map(lambda u: u.hex), st.text(max_size=40))


@settings(max_examples=300, deadline=None)
@given(ids, st.integers(min_value=-(2**70), max_value=2**70), st.text(max_size=30),
       st.binary(max_size=80))
def test_the_fast_leaf_hash_is_the_contract_s(originator: str, version: int, topic: str,
                                              state: bytes) -> None:
    # Given any values of a stored event, when its leaf is hashed both ways,
    # then the two hashes are the same
    assert merkle.event_leaf_hash(originator, version, topic, state) == merkle.leaf_hash(
        merkle.leaf_input(originator, version, topic, state))


@pytest.mark.parametrize("version", [True, 1.0, "1", None])
def test_the_fast_leaf_hash_refuses_what_the_contract_refuses(version: Any) -> None:
    # Given a version that is not a whole number, then both refuse it alike
    with pytest.raises(ValueError):
        merkle.leaf_input("x", version, "lsp:x", b"{}")
    with pytest.raises(ValueError):
        merkle.event_leaf_hash("x", version, "lsp:x", b"{}")


def test_a_state_that_is_not_bytes_is_refused_by_both() -> None:
    with pytest.raises(TypeError):
        merkle.leaf_input("x", 1, "lsp:x", "{}")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        merkle.event_leaf_hash("x", 1, "lsp:x", "{}")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- the rows


@pytest.fixture(scope="module")
def sealed_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    store = str(tmp_path_factory.mktemp("sealed") / "ledger.sqlite")
    build_daventry(store).close()
    return store


@pytest.fixture
def sealed(sealed_file: str, store: str) -> str:
    copy_store(sealed_file, store)
    return store


def test_rows_are_the_recorder_s_notifications(sealed: str) -> None:
    # Given a sealed ledger with an event after its latest seal
    with Ledger(sealed, "secretariat") as ledger:
        ledger.add_org("late", "Late Org")
        expected = [(n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
                    for n in stored.notifications(ledger)]
        # When its rows are read, all of them, after a position, and up to one, in pages
        # smaller than the ledger
        found = list(stored.rows(ledger))
        after = list(stored.rows(ledger, after=10))
        upto = list(stored.rows(ledger, after=3, stop=12))
    paged = _paged(sealed, 7)
    # Then they are the recorder's, value for value, each hashed to the same leaf
    assert found == expected and paged == expected
    assert after == expected[10:] and upto == expected[3:12]
    assert [stored.row_leaf(r) for r in found] == [leaf_of(r) for r in rows(sealed)]


def _paged(store: str, page: int) -> list[stored.Row]:
    saved = stored.PAGE
    stored.PAGE = page
    try:
        with Ledger(store, "auditor") as ledger:
            return list(stored.rows(ledger))
    finally:
        stored.PAGE = saved


@pytest.mark.sqlite_only
def test_an_id_stored_in_another_form_is_read_as_its_uuid(sealed: str) -> None:
    # Given an event whose id an attacker rewrote in another spelling of the same UUID
    position, originator = rows(sealed)[3][:2]
    attack(sealed, ("UPDATE stored_events SET originator_id = ? WHERE rowid = ?",
                    (originator.upper(), position)))
    # When the rows are read, then it is read as the recorder reads it: the same UUID
    with Ledger(sealed, "auditor") as ledger:
        found = {r[0]: r[1] for r in stored.rows(ledger)}
    assert found[position] == str(UUID(originator))


@pytest.mark.sqlite_only
def test_an_id_that_is_no_uuid_stops_the_walk_where_it_is(sealed: str) -> None:
    # Given an event whose id is not a UUID at all
    position = rows(sealed)[5][0]
    attack(sealed, ("UPDATE stored_events SET originator_id = 'nope' WHERE rowid = ?",
                    (position,)))
    # When it is verified, then it fails there, saying the row cannot be read
    found = _verify(sealed, rejudge=False)
    assert found.first is not None and found.first.position == position
    assert "cannot be read" in found.first.problem


# ---------------------------------------------------------------------------- decoding


def _verify(store: str, **options: Any) -> verify.VerifyReport:
    with Ledger(store, "auditor") as ledger:
        return verify.verify(ledger, **options)


def _decoded(store: str, monkeypatch: pytest.MonkeyPatch, **options: Any
             ) -> tuple[verify.VerifyReport, list[int]]:
    """The report, and the positions of the events the walk decoded."""
    positions: list[int] = []
    real = verify.decode

    def counting(ledger: Ledger, n: Any) -> Any:
        positions.append(n.id)
        return real(ledger, n)

    monkeypatch.setattr(verify, "decode", counting)
    return _verify(store, **options), positions


def test_without_rejudging_only_the_seals_and_the_unsealed_events_are_decoded(
        sealed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a sealed ledger with two events since its latest seal
    with Ledger(sealed, "secretariat") as ledger:
        ledger.add_org("late-1", "Late One")
        ledger.add_org("late-2", "Late Two")
    stored_rows = rows(sealed)
    seals = [p for p, _ in seals_in(sealed)]
    # When it is verified without re-judging
    found, decoded = _decoded(sealed, monkeypatch, rejudge=False)
    # Then it verifies, having decoded the seals and the two unsealed events only
    assert found.ok, found.problems
    assert sorted(decoded) == sorted([*seals, *[r[0] for r in stored_rows[-2:]]])
    # And with re-judging, every event is decoded (the judge needs them)
    again, every = _decoded(sealed, monkeypatch)
    assert again.ok and sorted(every) == [r[0] for r in stored_rows]


def test_a_malformed_event_after_the_latest_seal_is_found_without_rejudging(
        sealed: str) -> None:
    # Given an event appended after the latest seal whose state is not its class's
    stored_rows = rows(sealed)
    org = next(r for r in stored_rows if r[3] == "lsp:Organisation.Registered")
    attack(sealed, ("INSERT INTO stored_events (rowid, originator_id, originator_version, "
                    "topic, state) VALUES (?, ?, 1, ?, ?)",
                    (stored_rows[-1][0] + 1, "1" * 32, org[3], b'{"slug":"x"}')))
    # When it is verified without re-judging, then its form is checked: it fails there
    found = _verify(sealed, rejudge=False)
    assert found.first is not None and found.first.position == stored_rows[-1][0] + 1
    assert "not well formed" in found.first.problem


def test_a_long_unsealed_run_is_decoded_as_it_goes(sealed: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Given more events after the latest seal than the walk holds undecoded, one of them
    # (not the last) malformed
    with Ledger(sealed, "secretariat") as ledger:
        for i in range(6):
            ledger.add_org(f"late-{i}", f"Late {i}")
    target = rows(sealed)[-4]
    attack(sealed, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                    (b'{"slug":"x"}', target[0])))
    monkeypatch.setattr(verify, "TAIL", 2)
    # When it is verified without re-judging, then every one was decoded, and it is found
    found, decoded = _decoded(sealed, monkeypatch, rejudge=False)
    assert found.first is not None and found.first.position == target[0]
    assert {r[0] for r in rows(sealed)[-6:]} <= set(decoded)


def test_an_unknown_topic_under_a_seal_is_decoded_and_named(sealed: str) -> None:
    # Given a sealed event whose topic an attacker changed to one the ledger has not
    target = rows(sealed)[4]
    attack(sealed, ("UPDATE stored_events SET topic = 'lsp:Nothing.Here' WHERE rowid = ?",
                    (target[0],)))
    # When it is verified without re-judging, then it fails there, and the event is
    # named as not one the ledger can read (its topic is decoded: it names no event)
    found = _verify(sealed, rejudge=False)
    assert found.first is not None and found.first.position == target[0]
    problems = [p.problem for p in found.problems if p.position == target[0]]
    assert any("not well formed" in p for p in problems), problems
    assert any("not what the seal" in p for p in problems), problems


# ---------------------------------------------------------------------------- parity


def _flip(store: str) -> None:
    r = rows(store)[6]
    state = bytearray(r[4])
    state[len(state) // 2] ^= 0x01
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?", (bytes(state), r[0])))


def _garble(store: str) -> None:  # a sealed event no longer JSON at all
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                   (b"\xff not json", rows(store)[8][0])))


def _delete(store: str) -> None:
    attack(store, ("DELETE FROM stored_events WHERE rowid = ?", (10,)))


def _version(store: str) -> None:
    attack(store, ("UPDATE stored_events SET originator_version = originator_version + 50 "
                   "WHERE rowid = 9", ()))


def _insert(store: str) -> None:
    template = rows(store)[2]
    attack(store,
           ("UPDATE stored_events SET rowid = rowid + 100000 WHERE rowid > 11", ()),
           ("UPDATE stored_events SET rowid = rowid - 99999 WHERE rowid > 100000", ()),
           ("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, "
            "state) VALUES (12, ?, 1, ?, ?)", ("0" * 32, template[3], template[4])))


def _seal_root(store: str) -> None:
    position, state = seals_in(store)[1]
    state["root"] = ("0" if state["root"][0] != "0" else "1") + state["root"][1:]
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                   (json.dumps(state, separators=(",", ":")).encode(), position)))


def _seal_frontier(store: str) -> None:
    position, state = seals_in(store)[0]
    state["frontier"] = "ab" * 32
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                   (json.dumps(state, separators=(",", ":")).encode(), position)))


def _seal_moved(store: str) -> None:  # a seal's topic given to an ordinary event
    target = rows(store)[3]
    attack(store, ("UPDATE stored_events SET topic = 'lsp:Seal.Sealed' WHERE rowid = ?",
                   (target[0],)))


def _seal_deleted(store: str) -> None:
    attack(store, ("DELETE FROM stored_events WHERE rowid = ?", (seals_in(store)[1][0],)))


ATTACKS = [_flip, _garble, _delete, _version, _insert, _seal_root, _seal_frontier,
           _seal_moved, _seal_deleted]


def _only_walk(report: verify.VerifyReport, sealed_below: int) -> set[tuple[Any, str]]:
    """The problems of the walk: not re-judging's, and not the form of a sealed event."""
    return {(p.position, p.problem) for p in report.problems
            if "against the rules" not in p.problem
            and not ("not well formed" in p.problem and p.position is not None
                     and p.position < sealed_below)}


@pytest.mark.parametrize("attack_with", ATTACKS, ids=lambda f: f.__name__.strip("_"))
def test_every_attack_is_found_alike_with_and_without_decoding_every_event(
        sealed: str, attack_with: Any) -> None:
    # Given a sealed ledger attacked
    attack_with(sealed)
    # When it is verified with re-judging (decoding every event, as verify always did)
    # and without (decoding only the seals and what no seal covers)
    every = _verify(sealed)
    walk = _verify(sealed, rejudge=False)
    # Then both fail at the same position, with the same problems of the walk
    assert not every.ok and not walk.ok
    assert every.first is not None and walk.first is not None
    assert walk.first.position == every.first.position, (walk.problems, every.problems)
    below = seals_in(sealed)[-1][0]
    assert _only_walk(walk, below) == _only_walk(every, below)
    assert (walk.root, walk.head_root, walk.tree_size) == (every.root, every.head_root,
                                                           every.tree_size)


def test_the_walk_s_roots_are_those_of_the_stored_rows(sealed: str) -> None:
    # Given a sealed ledger, when it is verified without re-judging
    found = _verify(sealed, rejudge=False)
    stored_rows = rows(sealed)
    # Then the roots it reports are those of an independent tree over the raw rows
    assert found.ok, found.problems
    assert found.root == mth([leaf_of(r) for r in stored_rows[:-1]]).hex()
    assert found.head_root == mth([leaf_of(r) for r in stored_rows]).hex()


# ---------------------------------------------------------------------------- the bench


@pytest.mark.sqlite_only
def test_the_benchmark_s_ledger_verifies_and_a_changed_byte_is_caught(
        tmp_path: os.PathLike[str]) -> None:
    # Given the benchmark's ledger of bulk-written events, sealed every 100
    path = os.path.join(tmp_path, "bench.sqlite")
    ledger = build_fast(path, 1_000, chunk=300)
    # Then it verifies, with and without re-judging, its seals every 100 events, and a
    # seal made by `lsp seal` on top of it is one more
    found = verify.verify(ledger, rejudge=False)
    assert found.ok, found.problems[:3]
    assert verify.verify(ledger).ok
    assert found.seals == 11 and found.unsealed == 0
    sizes = [s["tree_size"] for _, s in seals_in(path)]
    assert {b - a for a, b in itertools.pairwise(sizes)} == {100}
    ledger.add_org("late", "Late Org")
    assert sealing.seal(ledger).recorded
    assert verify.verify(ledger, rejudge=False).ok
    ledger.close()
    # And a byte changed under a seal is named at its position
    target = rows(path)[500]
    state = json.loads(target[4])
    state["name"] = "Forged"
    attack(path, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                  (json.dumps(state).encode(), target[0])))
    broken = _verify(path, rejudge=False)
    assert broken.first is not None and broken.first.position == target[0]
