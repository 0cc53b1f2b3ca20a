"""Snapshots of bodies (ledger/snapshots.py): a write on a long history loads the body from
its latest snapshot and the events after it, and decides exactly what a replay from
nothing decides; snapshots stay outside the sealed log, and `lsp verify` catches one that
was changed.

First a property over random histories of one body (fills, vacates, deputies, roles,
removals, retractions, many of them backdated), the snapshot taken at a random point and
passed through the ledger's transcoder as the store keeps it; then the stores.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import Result
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, Mapper, UUIDAsHex
from freezegun import freeze_time
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ledger import snapshots
from ledger.app import Ledger
from ledger.audit import sealing, verify
from ledger.body import Body
from ledger.errors import InvalidInput, NotFound, RuleBroken
from ledger.events import Fact, LedgerTranscoder, entity_id, kind_of, payload
from ledger.loading import project
from ledger.roster import ROLES, Roster, roster_at
from ledger.rules import LEDGER
from ledger.when import effective_from
from tests.helpers import EVERY_RULE, assert_broken, every_rule_board, raw, rows

BASE = datetime(2026, 1, 1, tzinfo=UTC)
FAR = datetime(2100, 1, 1, tzinfo=UTC)
SEATS = ("s1", "s2", "s3")
PEOPLE = ("p1", "p2", "p3")
KINDS = ("add", "add", "fill", "fill", "fill", "vacate", "deputy", "deputy", "revoke",
         "role", "remove", "review", "retract")

# One step of a history: what to do, to which seat, for whom, on which day (any order, so
# many are backdated before the latest fact), and which earlier event a retraction names.
steps = st.tuples(st.sampled_from(KINDS), st.sampled_from(SEATS), st.sampled_from(PEOPLE),
                  st.integers(0, 40), st.integers(1, 60))


def act(body: Body, step: tuple[str, str, str, int, int]) -> str:
    """Run one step on `body` as the application would (the body's own checks); what it
    decided: the event it recorded, or why it refused."""
    kind, seat, person, days, version = step
    when = BASE + timedelta(days=days)
    commands: dict[str, Callable[[], None]] = {
        "add": lambda: body.add_seat(seat, "org", True, False, None, None, "sec", when),
        "fill": lambda: body.fill_seat(seat, person, None, "sec", when),
        "vacate": lambda: body.vacate_seat(seat, "sec", when),
        "deputy": lambda: body.nominate_deputy(seat, person, "sec", when),
        "revoke": lambda: body.revoke_deputy(seat, "sec", when),
        "role": lambda: body.assign_role(ROLES[version % len(ROLES)], seat, "sec", when),
        "remove": lambda: body.remove_seat(seat, "sec", when),
        "review": lambda: body.review_membership("review", "sec", when),
        # one of the last few events (a seat added last may be retracted: no dependants)
        "retract": lambda: body.retract(max(1, body.version - version % 4), "in error", "sec",
                                        when),
    }
    try:
        commands[kind]()
    except (InvalidInput, NotFound) as refused:
        return f"refused: {refused}"
    event = body.pending_events[-1]
    return f"{kind_of(event)} {event.originator_version} {payload(event)}"


def mapper() -> Mapper[Any]:
    """The ledger's mapper as `Ledger.construct_transcoder` builds its transcoder."""
    transcoder = LedgerTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    snapshots.register(transcoder)
    return Mapper(transcoder=transcoder)


def stored_and_read(snapshot: Aggregate.Event) -> Any:
    """The snapshot as the store gives it back: encoded to bytes, then decoded."""
    m = mapper()
    return m.to_domain_event(m.to_stored_event(snapshot))


def from_snapshot(events: list[Aggregate.Event], at: int) -> Body:
    """The body as a write loads it: its snapshot at version `at`, then the events after
    it; its facts, when asked, read from `events` as the store would give them."""
    snapshot = stored_and_read(Body.Snapshot.take(project(None, events[:at])))
    body = snapshot.mutate(None)
    body.history = lambda upto: [e for e in events if e.originator_version <= upto]
    body = project(body, events[at:])
    assert isinstance(body, Body)
    return body


@settings(max_examples=150, deadline=None)
@example(history=[("add", "s1", "p1", 0, 0), ("retract", "s1", "p1", 0, 0)], where=0.5,
         then=[("add", "s1", "p1", 1, 0)])  # a seat's adding retracted: its id is free
@example(history=[("add", "s1", "p1", 5, 0), ("fill", "s1", "p1", 9, 0)], where=1.0,
         then=[("fill", "s1", "p2", 7, 0)])  # backdated before the snapshot's latest fact
@given(st.lists(steps, min_size=1, max_size=40), st.floats(0, 1),
       st.lists(steps, min_size=1, max_size=8))
def test_a_body_loaded_from_its_snapshot_decides_what_a_replay_from_nothing_decides(
    history: list[tuple[str, str, str, int, int]], where: float,
    then: list[tuple[str, str, str, int, int]],
) -> None:
    """Given a random history of one body, and a snapshot of it at a random version
    (stored and read back through the ledger's transcoder),
    when the body is loaded from the snapshot and the events after it, and again from
    nothing, then both give the same roster on every date on which a fact takes effect
    and far later, the same rosters from each date, the same answer on every seat id, and
    the same decision on each further act, backdated or not; and the rosters from a date
    and the seat ids in use are those the facts themselves give."""
    with freeze_time("2026-12-01 09:00"):  # each act's recorded time, the same in both
        recording = Body.register("board", "sec", BASE)
        for step in history:
            act(recording, step)
        events = list(recording.collect_events())
        loaded = from_snapshot(events, max(1, round(where * len(events))))
        replayed = project(None, events)
        moments = sorted({f.effective for f in replayed.facts} | {BASE, FAR})
        for moment in moments:
            assert loaded.roster(moment) == replayed.roster(moment)
            assert loaded.rosters_from(moment) == replayed.rosters_from(moment) == (
                rosters_from(replayed.facts, moment))
        for seat in SEATS:
            assert _answer(lambda s=seat: loaded.check_new_seat(s)) == _answer(
                lambda s=seat: replayed.check_new_seat(s))
            assert (_answer(lambda s=seat: loaded.check_new_seat(s)) == "allowed") == (
                seat not in live_seats(replayed.facts))
        for step in then:
            assert act(loaded, step) == act(replayed, step)
        assert loaded.facts == replayed.facts


def live(facts: list[Fact]) -> list[Fact]:
    retracted = {f.data["version"] for f in facts if f.kind == "Retracted"}
    return [f for f in facts if f.kind != "Retracted" and f.version not in retracted]


def rosters_from(facts: list[Fact], when: datetime) -> list[Roster]:
    """The roster at `when` and at every later date on which a live fact takes effect,
    folded from the facts with `roster_at` (what `Body.rosters_from` must give)."""
    later = sorted({f.effective for f in live(facts) if f.effective > when})
    return [roster_at("board", facts, moment) for moment in [when, *later]]


def live_seats(facts: list[Fact]) -> set[str]:
    """The seat ids a body has ever added, retractions taken out (never reused)."""
    return {f.data["seat"] for f in live(facts) if f.kind == "SeatAdded"}


def _answer(check: Callable[[], None]) -> str:
    try:
        check()
    except InvalidInput as refused:
        return str(refused)
    return "allowed"


def test_a_write_on_or_after_the_latest_fact_reads_no_fact_of_the_snapshot() -> None:
    """Given a body of 120 fills in date order, loaded from its snapshot at version 100,
    when a seat is filled on a later date, then the body never read the facts the
    snapshot stands for (its history is not asked), and a backdated fill does read them."""
    recording = Body.register("board", "sec", BASE)
    recording.add_seat("s1", "org", True, False, None, None, "sec", BASE)
    for n in range(120):
        recording.fill_seat("s1", PEOPLE[n % 3], None, "sec", BASE + timedelta(hours=n))
    events = list(recording.collect_events())
    asked: list[int] = []
    body = from_snapshot(events, 100)
    history = body.history
    assert history is not None
    body.history = lambda upto: asked.append(upto) or history(upto)  # type: ignore[func-returns-value]
    body.fill_seat("s1", "p9", None, "sec", BASE + timedelta(days=30))
    assert asked == []
    body.fill_seat("s1", "p8", None, "sec", BASE + timedelta(hours=3))
    assert asked == [100]


# ---------------------------------------------------------------------------- the stores

LONG = snapshots.SNAPSHOT_AFTER + 10  # fills and vacates: enough for one snapshot


@pytest.fixture
def board(new_ledger: Callable[..., Ledger], write_terms: Callable[[str], str]) -> Ledger:
    """The every-rule board, then seat s2 vacated and filled again LONG times (bob, on
    later and later days): a body with a snapshot."""
    ledger = every_rule_board(new_ledger(write_terms(EVERY_RULE)))
    for n in range(LONG):
        when = effective_from("2026-03-01") + timedelta(days=n)
        ledger.vacate_seat("board", "s2", when)
        ledger.fill_seat("board", "s2", "bob", when + timedelta(hours=1))
    return ledger


def stored_snapshots(store: str) -> list[tuple[int, bytes]]:
    with raw(store) as db:
        found = db.execute(f"SELECT originator_version, state FROM {snapshots.TABLE} "
                           "ORDER BY originator_version").fetchall()
    return [(int(r[0]), bytes(r[1])) for r in found]


def test_a_write_on_a_long_history_loads_the_body_from_its_snapshot(
        board: Ledger, store: str) -> None:
    # Given a body of more than SNAPSHOT_AFTER events, written through the application
    body_id = entity_id("body", "board")
    # Then a snapshot of it is stored, and loading the body starts from it
    assert stored_snapshots(store)
    loaded = board.repository.get(body_id)
    assert isinstance(loaded, Body)
    assert loaded._base == stored_snapshots(store)[-1][0]
    # When a seat is filled on a later date
    board.vacate_seat("board", "s3", effective_from("2026-09-01"))
    board.fill_seat("board", "s3", "erin", effective_from("2026-09-02"))
    # Then the body decides as a replay from nothing: the same roster on every date
    loaded, replayed = board.repository.get(body_id), board.replayed(body_id)
    assert isinstance(loaded, Body) and isinstance(replayed, Body)
    for day in ("2026-02-01", "2026-03-15", "2026-09-01", "2026-09-03"):
        assert loaded.roster(effective_from(day)) == replayed.roster(effective_from(day))


def test_a_backdated_act_after_a_snapshot_is_judged_on_the_facts(board: Ledger) -> None:
    """Given a body with a snapshot, whose s2 bob held from 2026-02-01 to 2026-03-01,
    when s3 is vacated and bob filled into it on 2026-02-15 (before the snapshot's latest
    fact), then the one-seat-each rule refuses him, who held s2 then, and nothing is
    recorded; on a day he held no seat, the same fill is recorded."""
    board.vacate_seat("board", "s3", effective_from("2026-02-10"))
    before = board.recorder.max_notification_id()
    with pytest.raises(RuleBroken) as refused:
        board.fill_seat("board", "s3", "bob", effective_from("2026-02-15"))
    assert_broken(refused.value, "one-seat-each", LEDGER, "bob already holds seat s2")
    assert board.recorder.max_notification_id() == before
    # And the same fill on a day bob held no seat (between a vacate and his next fill)
    board.fill_seat("board", "s3", "bob", effective_from("2026-03-01") + timedelta(minutes=30))


def test_snapshots_never_enter_the_sealed_log(board: Ledger, store: str) -> None:
    # Given a body with snapshots, sealed
    sealing.seal(board)
    # Then the stored events hold no snapshot: not in the log the seals, the export, the
    # read models and the audit trail read
    topics = {r[3] for r in rows(store)}
    assert Body.Snapshot.TOPIC not in topics
    assert len(rows(store)) == board.recorder.max_notification_id()
    # And the ledger verifies, its snapshots compared with the replay
    found = verify.verify(board)
    assert found.ok, found.problems


def test_a_changed_snapshot_fails_verify_naming_it_and_its_act_is_found_unlawful(
        board: Ledger, store: str, lsp: Callable[..., Result]) -> None:
    """Given a body with a snapshot, changed in the store so that alice seems to hold no
    seat (s1 is held by "zed" in it), when alice is filled into a new seat s5 (which the
    changed snapshot lets through: one-seat-each saw her holding none), then `lsp verify`
    fails (exit 3) naming the snapshot of body 'board' and its version, and re-judging
    the events alone finds the fill against the one-seat-each rule."""
    version, state = stored_snapshots(store)[-1]
    changed = json.loads(state)
    text = json.dumps(changed).replace('"holder": "alice"', '"holder": "zed"')
    assert text != json.dumps(changed)
    with raw(store) as db, db.transaction():
        db.execute(f"UPDATE {snapshots.TABLE} SET state = ? WHERE originator_version = ?",
                   (text.encode("utf-8"), version))
    board.add_seat("board", "s5", "org-a", on=effective_from("2026-10-01"))
    board.fill_seat("board", "s5", "alice", effective_from("2026-10-01"))
    board.close()
    result = lsp("verify")
    assert result.exit_code == 3, result.output
    assert f"the snapshot of body 'board' at version {version} is not the replay" in (
        result.output)
    assert "one-seat-each" in result.output


def test_a_ledger_without_a_snapshot_table_gets_one_when_opened(
        board: Ledger, store: str) -> None:
    # Given a ledger whose snapshot table is gone (as one made before snapshots)
    board.close()
    with raw(store) as db:
        db.execute(f"DROP TABLE {snapshots.TABLE}")
    # When it is opened and its body written
    with freeze_time("2026-12-01"):
        ledger = Ledger(store, "secretariat")
        ledger.vacate_seat("board", "s2", effective_from("2026-11-01"))
    # Then the table is back and the first write took a snapshot (the body replayed all of
    # its events), and the body loads from it
    assert stored_snapshots(store)[-1][0] == ledger.replayed(entity_id("body", "board")).version
    ledger.close()
