"""Concurrent writers (issue 6): processes acting on the same ledger at the same moment.

Every test runs on both stores (the `store` fixture). Each writer is a process forked from
the test (multiprocessing's "fork" context) that opens its OWN `Ledger` after the fork,
waits at a `multiprocessing.Barrier` with the others, runs one command, puts what happened
(recorded, or the refusal's class and message, and `ledger.retries`) on a queue and exits.
The test closes its own ledgers (and their connections) before forking.

"At the same moment" is made exact where it matters: besides the start barrier, a writer
racing others for one record passes a second barrier (the *save gate*) just before its
first save, so every writer has loaded the record at the same version and judged the rules
against it before any of them saves. Exactly one save then gets in; every other collides
(eventsourcing's IntegrityError, our `Collision`) and `@retried` runs its command again
from loading the record. Retries are therefore certain, not a matter of luck, and the
counts each scenario saw are printed (`pytest -s` shows them).

    two approvals a decision still needs, together     both recorded, taken once
    the chair and a member approving together          taken once, by whichever route
    ten seats voting on one item                       ten votes, each once
    ten attendances                                    ten, each once
    a proposal from every seat                         each once, no collision at all
    one decision proposed twice                        once; the other finds it exists
    one seat voting (approving) twice at once          once; the other refused by the rule
    a report and a close of its meeting at once        never the report after the close
    two `lsp init`s of one new ledger at once          created once; the other told it
                                                       exists
    eight raw saves of one aggregate version, x20      exactly one wins each round
    a follower catching up while three write           positions 1..N, each once

Every child is bounded: a barrier wait, and the whole race, time out, and a child that
hangs or dies is reported by name, so a deadlock fails the test instead of stalling it.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import queue
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from ledger.app import Ledger, Recorded
from ledger.body import Body
from ledger.decision import Decision
from ledger.errors import LedgerError
from ledger.events import entity_id
from ledger.meeting import Meeting
from ledger.retry import Collision
from ledger.store.seam import Database, Store
from projections.catchup import ReadStore
from tests.conftest import (
    EXAMPLES,
    close_opened_ledgers,
    drop_postgres_schema,
    on,
    postgres_schema_url,
)

CTX = multiprocessing.get_context("fork")
WAIT = 60.0  # seconds a child waits at a barrier before giving up (and failing the test)
RACE = 120.0  # seconds a whole race may take before its children are killed and it fails

DAVENTRY = str(EXAMPLES / "daventry" / "terms.toml")
SEATED = on("2026-02-01")
PROPOSED = on("2026-03-02")
APPROVED = on("2026-03-03")
MEETING = "exec-2026-03"
ITEM = "budget"

# Ten voting seats on the Daventry Executive (4.1: the council's three, and seven of the
# other core member organisations), each with its own holder; the chair sits in dc-1.
SEATS = {"dc-1": "daventry-dc", "dc-2": "daventry-dc", "dc-3": "daventry-dc",
         "dvc": "daventry-volunteer-centre", "futures": "futures-housing", "ccg": "nene-ccg",
         "college": "northampton-college", "acre": "northants-acre",
         "calc": "northants-calc", "county": "northants-cc"}
HOLDERS = {seat: f"member-{seat}" for seat in SEATS}
CHAIR = "dc-1"

Action = Callable[[Ledger], list[Recorded]]


# ---------------------------------------------------------------------------- set-up


def set_up_executive(store: str, *, meeting: bool = False, attended: bool = False) -> None:
    """The Daventry Executive with its ten voting seats filled and the chair in dc-1;
    optionally the March meeting with one item, and every seat recorded as present."""
    ledger = Ledger(store, "secretariat", create=True)
    ledger.init("Daventry District LSP", DAVENTRY, on("2026-01-01"))
    for org in sorted(set(SEATS.values())):
        ledger.add_org(org, org.replace("-", " ").title())
    for seat, org in SEATS.items():
        ledger.add_person(HOLDERS[seat], HOLDERS[seat].replace("-", " ").title())
        ledger.add_seat("executive", seat, org, on=SEATED)
        ledger.fill_seat("executive", seat, HOLDERS[seat], SEATED)
    ledger.assign_role("executive", "chair", CHAIR, SEATED)
    if meeting:
        ledger.schedule_meeting("executive", MEETING, on("2026-03-20T18:30"))
        ledger.add_agenda_item(MEETING, ITEM, "Community grants budget 2026/27")
    if attended:
        for seat in SEATS:
            ledger.attend(MEETING, seat)
    ledger.close()


def propose(store: str, decision: str, by: str) -> None:
    ledger = Ledger(store, "secretariat")
    ledger.propose_decision("executive", decision, f"Decision {decision}", by, on=PROPOSED)
    ledger.close()


def events_of(store: str, kind: str, slug: str) -> list[Aggregate.Event]:
    ledger = Ledger(store, "auditor")
    try:
        return [e for e in ledger.events.get(entity_id(kind, slug))
                if isinstance(e, Aggregate.Event)]
    finally:
        ledger.close()


def named(events: list[Aggregate.Event]) -> list[str]:
    return [type(e).__name__ for e in events]


def store_kind(store: str) -> str:
    return "postgresql" if store.startswith("postgresql") else "sqlite"


# ---------------------------------------------------------------------------- racing


@dataclass(frozen=True)
class Outcome:
    """What one writer's command did: recorded (entity, event, position)s, or the class,
    message, rule and clause of its refusal; and how many times it was run again."""

    who: str
    ok: bool
    error: str
    message: str
    rule: str | None
    clause: str | None
    retries: int
    recorded: tuple[tuple[str, str, int], ...]

    @property
    def events(self) -> list[str]:
        return [event for _, event, _ in self.recorded]


def _command_child(store: str, who: str, action: Action, start: Any, gate: Any,
                   out: Any) -> None:
    """In the child: open a Ledger of its own, wait for the others, run the command."""
    result: dict[str, Any] = {"who": who, "ok": False, "error": "", "message": "",
                              "rule": None, "clause": None, "retries": 0, "recorded": ()}
    ledger: Ledger | None = None
    started = at_gate = False
    try:
        ledger = Ledger(store, who)
        if gate is not None:
            save = ledger._save

            def gated(*aggregates: Aggregate) -> list[Recorded]:
                nonlocal at_gate
                if not at_gate:  # the first attempt only: its retries run free
                    at_gate = True
                    gate.wait(WAIT)
                return save(*aggregates)

            ledger._save = gated  # type: ignore[method-assign]
        start.wait(WAIT)
        started = True
        done = action(ledger)
        result.update(ok=True, recorded=tuple((r.entity, r.event, r.position) for r in done))
    except BaseException as e:
        result.update(error=type(e).__name__, message=str(e) or traceback.format_exc(),
                      rule=getattr(e, "rule", None), clause=getattr(e, "clause", None))
    finally:
        # A writer that never got to the start (or to the gate) must not leave the others
        # waiting for it: they fail at once (BrokenBarrierError) and the test says why.
        if not started:
            start.abort()
        if gate is not None and not at_gate:
            gate.abort()
        if ledger is not None:
            result["retries"] = ledger.retries
            ledger.close()
    out.put(result)


def _collect(procs: list[Any], out: Any, expected: int,
             poll: Callable[[], None] | None = None) -> list[dict[str, Any]]:
    """Every message the children put on `out` (`expected` of them), within RACE seconds;
    `poll` runs between waits. Fails, naming the children, if one hangs or dies."""
    deadline = time.monotonic() + RACE
    results: list[dict[str, Any]] = []
    try:
        while len(results) < expected:
            if poll is not None:
                poll()
            try:
                results.append(out.get(timeout=0.02 if poll else 0.5))
                continue
            except queue.Empty:
                pass
            alive = [p.name for p in procs if p.is_alive()]
            if not alive:
                try:  # the last of a dead child's messages may still be in the pipe
                    results.append(out.get(timeout=2))
                    continue
                except queue.Empty:
                    pytest.fail(f"children exited with {len(results)} of {expected} answers: "
                                f"{[(p.name, p.exitcode) for p in procs]}")
            if time.monotonic() > deadline:
                pytest.fail(f"children still running after {RACE:.0f}s (hung?): {alive}")
    finally:
        answered = len(results) == expected  # else a child hung or died: stop the rest now
        for p in procs:
            p.join(timeout=10 if answered else 0.1)
            if p.is_alive():
                p.kill()
                p.join(timeout=10)
    assert [p.exitcode for p in procs] == [0] * len(procs), [(p.name, p.exitcode)
                                                            for p in procs]
    return results


def race(store: str, actions: dict[str, Action], *, gate: bool = True) -> dict[str, Outcome]:
    """Run each action in its own process, all starting at once (and, with `gate`, all
    reaching their first save at once); each writer's name is its actor."""
    close_opened_ledgers()  # no connection of ours may cross the fork
    start = CTX.Barrier(len(actions))
    save_gate = CTX.Barrier(len(actions)) if gate else None
    out = CTX.Queue()
    procs = [CTX.Process(target=_command_child, name=who, daemon=True,
                         args=(store, who, action, start, save_gate, out))
             for who, action in actions.items()]
    for p in procs:
        p.start()
    outcomes = {r["who"]: Outcome(**r) for r in _collect(procs, out, len(procs))}
    assert set(outcomes) == set(actions)
    return outcomes


def report(scenario: str, store: str, outcomes: dict[str, Outcome]) -> None:
    retries = {who: o.retries for who, o in sorted(outcomes.items())}
    print(f"\n[{store_kind(store)}] {scenario}: {sum(retries.values())} retries in all, "
          f"at most {max(retries.values())} for one writer; {retries}")


def refused(outcome: Outcome) -> str:
    return f"{outcome.who}: {outcome.error}: {outcome.message}"


# ---------------------------------------------------------------------------- decisions


def test_daventry_4_6_two_approvals_arriving_together_are_both_recorded_and_take_it_once(
    store: str,
) -> None:
    # given: dc-2 proposes between meetings; it needs two more members (three without the
    # chair, 4.6), and ccg and county give their approvals at the same moment
    set_up_executive(store)
    propose(store, "vc-match-funding", "dc-2")

    # when: both approve from two processes, both having loaded the proposal alone
    outcomes = race(store, {
        f"clerk-{seat}": (lambda led, seat=seat: led.approve_decision(
            "vc-match-funding", seat, on=APPROVED))
        for seat in ("ccg", "county")})
    report("two approvals", store, outcomes)

    # then: both are recorded; the one that saved second was run again, saw the other's
    # approval, and took the decision: one Taken, by three members without the chair
    assert all(o.ok for o in outcomes.values()), [refused(o) for o in outcomes.values()]
    first = next(o for o in outcomes.values() if o.retries == 0)
    second = next(o for o in outcomes.values() if o is not first)
    assert first.events == ["Approved"]
    assert (second.events, second.retries) == (["Approved", "Taken"], 1)
    events = events_of(store, "decision", "vc-match-funding")
    assert named(events) == ["Proposed", "Approved", "Approved", "Taken"]
    assert sorted(e.seat for e in events if isinstance(e, Decision.Approved)) == [
        "ccg", "county"]
    taken = events[-1]
    assert isinstance(taken, Decision.Taken)
    assert (taken.route, taken.clause) == ("without-chair", "4.6")
    assert taken.reason == ("3 members other than the chair agree; clause 4.6 needs 3")
    assert sorted(a["seat"] for a in json.loads(taken.agreeing)) == ["ccg", "county", "dc-2"]


def test_daventry_4_6_the_chair_and_a_member_approving_together_take_it_exactly_once(
    store: str,
) -> None:
    # given: dc-2 proposes; the chair's approval alone would take it (the chair and one
    # other member, 4.6), and the chair and ccg approve at the same moment
    set_up_executive(store)
    propose(store, "room-hire", "dc-2")

    # when: both approve from two processes, both having loaded the proposal alone
    outcomes = race(store, {
        "clerk-chair": lambda led: led.approve_decision("room-hire", CHAIR, on=APPROVED),
        "clerk-ccg": lambda led: led.approve_decision("room-hire", "ccg", on=APPROVED)})
    report("the chair and a member approving", store, outcomes)

    # then: taken exactly once, by the chair's route, whichever saved first; never a
    # Conflict. If the chair's approval got in first it took the decision with dc-2, and
    # ccg's approval, run again, finds it taken already; if ccg's got in first, the
    # chair's, run again, is recorded and takes it with both.
    chair, ccg = outcomes["clerk-chair"], outcomes["clerk-ccg"]
    events = events_of(store, "decision", "room-hire")
    assert named(events).count("Taken") == 1
    taken = events[-1]
    assert isinstance(taken, Decision.Taken)
    assert (taken.route, taken.clause) == ("chair-plus", "4.6")
    if chair.retries == 0:
        assert (chair.ok, chair.events) == (True, ["Approved", "Taken"])
        assert (ccg.ok, ccg.error, ccg.retries) == (False, "InvalidInput", 1)
        assert "decision 'room-hire' is already taken: no more approvals" in ccg.message
        assert named(events) == ["Proposed", "Approved", "Taken"]
        assert taken.reason == ("the chair and 1 other member(s) agree; clause 4.6 needs the "
                                "chair and 1")
    else:
        assert (ccg.ok, ccg.events, ccg.retries) == (True, ["Approved"], 0)
        assert (chair.ok, chair.events, chair.retries) == (True, ["Approved", "Taken"], 1)
        assert named(events) == ["Proposed", "Approved", "Approved", "Taken"]
        assert taken.reason == ("the chair and 2 other member(s) agree; clause 4.6 needs the "
                                "chair and 1")


def test_daventry_4_6_proposals_from_every_seat_at_once_are_each_recorded_once(
    store: str,
) -> None:
    # given: the ten voting members of the Executive
    set_up_executive(store)
    before = event_count_of(store)

    # when: each proposes a decision of its own between meetings, all at the same moment
    outcomes = race(store, {
        f"clerk-{seat}": (lambda led, seat=seat: led.propose_decision(
            "executive", f"proposal-{seat}", f"Proposal of {seat}", seat, on=PROPOSED))
        for seat in SEATS})
    report("a proposal from every seat", store, outcomes)

    # then: every proposal is recorded once, in a position of its own; distinct records
    # never collide, so none was run again
    assert all(o.ok for o in outcomes.values()), [refused(o) for o in outcomes.values()]
    for seat in SEATS:
        assert outcomes[f"clerk-{seat}"].recorded[0][:2] == (f"decision:proposal-{seat}",
                                                             "Proposed")
        assert len(outcomes[f"clerk-{seat}"].recorded) == 1
    assert [o.retries for o in outcomes.values()] == [0] * len(SEATS)
    positions = sorted(o.recorded[0][2] for o in outcomes.values())
    assert positions == list(range(before + 1, before + len(SEATS) + 1))
    assert event_count_of(store) == before + len(SEATS)
    for seat in SEATS:
        events = events_of(store, "decision", f"proposal-{seat}")
        assert named(events) == ["Proposed"]
        assert isinstance(events[0], Decision.Proposed) and events[0].seat == seat


def test_one_decision_proposed_twice_at_once_is_recorded_once_and_then_already_exists(
    store: str,
) -> None:
    # given: two clerks record the same proposal (one slug) for two different members
    set_up_executive(store)

    # when: both propose it from two processes, both having found no such decision
    outcomes = race(store, {
        f"clerk-{seat}": (lambda led, seat=seat: led.propose_decision(
            "executive", "room-hire", "Hire of the Abbey Centre", seat, on=PROPOSED))
        for seat in ("dc-2", "ccg")})
    report("one decision proposed twice", store, outcomes)

    # then: it is recorded once; the other, run again after its save collided, finds it
    # exists (not a conflict)
    winner = next(o for o in outcomes.values() if o.ok)
    loser = next(o for o in outcomes.values() if not o.ok)
    assert (winner.events, winner.retries) == (["Proposed"], 0)
    assert (loser.error, loser.message, loser.retries) == (
        "AlreadyExists", "decision 'room-hire' already exists", 1)
    events = events_of(store, "decision", "room-hire")
    assert named(events) == ["Proposed"]
    assert isinstance(events[0], Decision.Proposed)
    assert events[0].seat == winner.who.removeprefix("clerk-")


def test_agree_once_4_6_one_seat_approving_twice_at_once_is_recorded_once_refused_once(
    store: str,
) -> None:
    # given: dc-2 proposes; two clerks each record ccg's approval, at the same moment
    set_up_executive(store)
    propose(store, "vc-match-funding", "dc-2")

    # when: both approve for ccg from two processes, both having loaded the proposal alone
    outcomes = race(store, {
        who: lambda led: led.approve_decision("vc-match-funding", "ccg", on=APPROVED)
        for who in ("clerk-a", "clerk-b")})
    report("one seat approving twice", store, outcomes)

    # then: one approval is recorded; the other, run again after its save collided, is
    # refused by the rule (each member agrees once, 4.6), not as a conflict
    winner = next(o for o in outcomes.values() if o.ok)
    loser = next(o for o in outcomes.values() if not o.ok)
    assert (winner.events, winner.retries) == (["Approved"], 0)
    assert (loser.error, loser.rule, loser.clause, loser.retries) == (
        "RuleBroken", "agree-once", "4.6", 1)
    assert "seat ccg has already agreed to this decision" in loser.message
    events = events_of(store, "decision", "vc-match-funding")
    assert named(events) == ["Proposed", "Approved"]
    assert events[1].actor == winner.who  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- meetings


def test_ten_attendances_recorded_at_once_are_each_recorded_once(store: str) -> None:
    # given: the March meeting of the Executive, nobody yet recorded as present
    set_up_executive(store, meeting=True)

    # when: ten clerks record the ten members' attendance at the same moment
    outcomes = race(store, {
        f"clerk-{seat}": (lambda led, seat=seat: led.attend(MEETING, seat)) for seat in SEATS})
    report("ten attendances", store, outcomes)

    # then: each is recorded exactly once; exactly one writer got in at the first try, and
    # each of the other nine collided and was run again
    assert all(o.ok for o in outcomes.values()), [refused(o) for o in outcomes.values()]
    assert all(o.events == ["Attended"] for o in outcomes.values())
    assert [o.retries for o in outcomes.values()].count(0) == 1
    events = events_of(store, "meeting", MEETING)
    attended = [e for e in events if isinstance(e, Meeting.Attended)]
    assert sorted((e.seat, e.person, e.as_deputy) for e in attended) == sorted(
        (seat, HOLDERS[seat], False) for seat in SEATS)
    assert len({e.originator_version for e in attended}) == len(SEATS)
    ledger = Ledger(store, "auditor")
    assert ledger.quorum(MEETING).reason == "10 voting members present; clause 4.5 requires 3"
    assert set(ledger.meeting_state(MEETING).state.present) == set(SEATS)


CHOICES = {"dc-1": "for", "dc-2": "for", "dc-3": "for", "dvc": "for", "futures": "for",
           "ccg": "for", "college": "against", "acre": "against", "calc": "against",
           "county": "abstain"}


def test_daventry_4_3_ten_seats_voting_at_once_have_each_vote_recorded_once(
    store: str,
) -> None:
    # given: the March meeting, all ten voting members recorded present (quorate, 4.5)
    set_up_executive(store, meeting=True, attended=True)

    # when: the ten seats vote on the budget at the same moment
    outcomes = race(store, {
        f"clerk-{seat}": (lambda led, seat=seat: led.cast_vote(MEETING, ITEM, seat,
                                                                CHOICES[seat]))
        for seat in SEATS})
    report("ten votes on one item", store, outcomes)

    # then: every vote is recorded exactly once, each as cast; exactly one writer got in at
    # the first try, and each of the other nine collided and was run again
    assert all(o.ok for o in outcomes.values()), [refused(o) for o in outcomes.values()]
    assert all(o.events == ["VoteCast"] for o in outcomes.values())
    assert [o.retries for o in outcomes.values()].count(0) == 1
    votes = [e for e in events_of(store, "meeting", MEETING) if isinstance(e, Meeting.VoteCast)]
    assert sorted((e.seat, e.person, e.choice) for e in votes) == sorted(
        (seat, HOLDERS[seat], CHOICES[seat]) for seat in SEATS)
    ledger = Ledger(store, "chair")
    item = ledger.meeting_state(MEETING).state.item(ITEM)
    assert {seat: v["choice"] for seat, v in item.votes.items()} == CHOICES
    # and: the vote closes on exactly those ten votes
    ledger.close_vote(MEETING, ITEM)
    closed = events_of(store, "meeting", MEETING)[-1]
    assert isinstance(closed, Meeting.VoteClosed)
    assert (closed.result, closed.votes_for, closed.votes_against, closed.abstentions) == (
        "carried", 6, 3, 1)


def test_one_vote_4_3_one_seat_voting_twice_at_once_is_recorded_once_refused_once(
    store: str,
) -> None:
    # given: the March meeting, all present; two clerks each record ccg's vote on the
    # budget, one as "for" and one as "against", at the same moment
    set_up_executive(store, meeting=True, attended=True)

    # when: both cast it from two processes, both having loaded the meeting with no votes
    outcomes = race(store, {
        "clerk-for": lambda led: led.cast_vote(MEETING, ITEM, "ccg", "for"),
        "clerk-against": lambda led: led.cast_vote(MEETING, ITEM, "ccg", "against")})
    report("one seat voting twice", store, outcomes)

    # then: one vote is recorded; the other, run again after its save collided, is refused
    # by the rule (each member has one vote, 4.3), not as a conflict
    winner = next(o for o in outcomes.values() if o.ok)
    loser = next(o for o in outcomes.values() if not o.ok)
    assert (winner.events, winner.retries) == (["VoteCast"], 0)
    assert (loser.error, loser.rule, loser.clause, loser.retries) == (
        "RuleBroken", "one-vote", "4.3", 1)
    assert "refused by rule 'one-vote' (clause 4.3, terms version 1)" in loser.message
    assert "seat ccg has already voted on this item" in loser.message
    votes = [e for e in events_of(store, "meeting", MEETING) if isinstance(e, Meeting.VoteCast)]
    assert [(e.seat, e.choice) for e in votes] == [("ccg", winner.who.removeprefix("clerk-"))]


def test_daventry_4_6_a_report_and_a_close_at_once_never_record_the_report_after_the_close(
    store: str,
) -> None:
    # given: a decision taken between meetings (dc-1, the chair, and ccg), and the March
    # meeting with every seat present
    set_up_executive(store, meeting=True, attended=True)
    propose(store, "vc-match-funding", CHAIR)
    ledger = Ledger(store, "secretariat")
    ledger.approve_decision("vc-match-funding", "ccg", on=APPROVED)
    ledger.close()

    # when: one clerk reports it while another closes the meeting, both having loaded the
    # open meeting before either saves
    outcomes = race(store, {
        "clerk-report": lambda led: led.report_decision("vc-match-funding", MEETING,
                                                        "ratified"),
        "clerk-close": lambda led: led.close_meeting(MEETING)})
    report("a report and a close", store, outcomes)

    # then: they collided on the meeting; the close is recorded, and the report either
    # before it (on the decision and the meeting alike) or refused as at a closed meeting
    close, reported = outcomes["clerk-close"], outcomes["clerk-report"]
    assert close.ok, refused(close)
    assert close.retries + reported.retries == 1
    meeting = named(events_of(store, "meeting", MEETING))
    decision = named(events_of(store, "decision", "vc-match-funding"))
    assert meeting[-1] == "Closed"
    if reported.ok:
        assert reported.events == ["Reported", "ReportReceived"]
        assert meeting[-2:] == ["ReportReceived", "Closed"] and decision[-1] == "Reported"
    else:
        assert (reported.error, reported.retries) == ("InvalidInput", 1), refused(reported)
        assert f"meeting '{MEETING}' is closed" in reported.message
        assert "ReportReceived" not in meeting and "Reported" not in decision


# ---------------------------------------------------------------------------- creating


def _create_child(store: str, who: str, start: Any, gate: Any, out: Any) -> None:
    """In the child: `Ledger.create` (what `lsp init` calls), starting with the others;
    every creator has looked for the ledger (and found none) before any prepares it."""
    result: dict[str, Any] = {"who": who, "ok": False, "error": "", "message": "",
                              "rule": None, "clause": None, "retries": 0, "recorded": ()}
    opened: list[Ledger] = []
    prepare, save = Store.prepare, Ledger._save

    def gated_prepare(self: Store, db: Database | None) -> None:
        # SQLite: both creators meet here, having both looked for the file. PostgreSQL
        # lets one creator at a time in (ledger.store.opening), so there they cannot meet.
        if not self.is_postgres:
            gate.wait(WAIT)
        prepare(self, db)

    def noted_save(self: Ledger, *aggregates: Aggregate) -> list[Recorded]:
        opened.append(self)
        return save(self, *aggregates)

    # In this child process only (forked: the test's own classes are untouched).
    Store.prepare = gated_prepare  # type: ignore[method-assign]
    Ledger._save = noted_save  # type: ignore[method-assign]
    started = False
    try:
        start.wait(WAIT)
        started = True
        ledger, done = Ledger.create(store, who, "Daventry District LSP", DAVENTRY,
                                     on("2026-01-01"))
        ledger.close()
        result.update(ok=True, recorded=tuple((r.entity, r.event, r.position) for r in done))
    except BaseException as e:
        result.update(error=type(e).__name__, message=str(e) or traceback.format_exc())
    finally:
        if not started:
            start.abort()
        result["retries"] = opened[-1].retries if opened else 0
    out.put(result)


def events_in(store: str) -> int | str:
    """How many events the ledger at `store` holds, or why it cannot be opened."""
    try:
        return event_count_of(store)
    except LedgerError as e:
        return f"{type(e).__name__}: {e}"


ROUNDS = 5  # fresh stores tried: the race went wrong in ~9 of 10 before it was fixed


def test_two_inits_of_one_new_ledger_at_once_create_it_once_and_tell_the_other_it_exists(
    store: str, request: pytest.FixtureRequest,
) -> None:
    schemas: list[str] = []
    try:
        for n in range(ROUNDS):
            # given: a new store, no ledger in it yet (a new file; a schema not yet created)
            where = store
            if n and store_kind(store) == "sqlite":
                folder = Path(store).parent / f"round-{n}"
                folder.mkdir()
                where = str(folder / "ledger.sqlite")
            elif n:
                schemas.append(f"lsp_test_{uuid4().hex[:12]}")
                where = postgres_schema_url(schemas[-1])

            # when: two secretaries run `lsp init` for it at the same moment
            close_opened_ledgers()
            start, gate, out = CTX.Barrier(2), CTX.Barrier(2), CTX.Queue()
            procs = [CTX.Process(target=_create_child, name=who, daemon=True,
                                 args=(where, who, start, gate, out))
                     for who in ("secretary-a", "secretary-b")]
            for p in procs:
                p.start()
            outcomes = {r["who"]: Outcome(**r) for r in _collect(procs, out, 2)}
            report(f"two inits at once (round {n + 1})", store, outcomes)

            # then: one creates the ledger; the other is told it exists already (after
            # its save collided, or having found it); the ledger is there, as created
            winner = next((o for o in outcomes.values() if o.ok), None)
            loser = next((o for o in outcomes.values() if not o.ok), None)
            assert winner is not None and loser is not None, outcomes
            assert winner.events == ["Founded", "TermsAdopted"]
            assert (loser.error, loser.message.split(" already holds ")[-1]) == (
                "AlreadyExists", "the ledger of Daventry District LSP"), refused(loser)
            assert events_in(where) == 2
    finally:
        close_opened_ledgers()
        for schema in schemas:
            drop_postgres_schema(schema)


# ---------------------------------------------------------------------------- the store


EXECUTIVE_ID = entity_id("body", "executive")
REVIEWED = on("2026-04-01")


def _contender(store: str, who: str, rounds: int, raw: bool, barrier: Any, out: Any) -> None:
    """In the child, each round: a fresh Ledger loads the Executive, records a review on
    it, waits until every writer holds the same version, and saves it straight away
    (`ledger.save`, or `ledger._save`: no @retried in either)."""
    try:
        for n in range(rounds):
            barrier.wait(WAIT)  # the previous round is over for everyone
            ledger = Ledger(store, who)
            try:
                body: Aggregate = ledger.repository.get(EXECUTIVE_ID)
                assert isinstance(body, Body)
                loaded = body.version
                body.review_membership(f"round {n} by {who}", who, REVIEWED)
                barrier.wait(WAIT)  # everyone has loaded `loaded`
                try:
                    if raw:
                        ledger.save(body)
                    else:
                        ledger._save(body)
                    result = "saved"
                except (IntegrityError, Collision) as e:
                    result = type(e).__name__
            finally:
                ledger.close()
            out.put({"round": n, "who": who, "loaded": loaded, "result": result})
    except BaseException:
        barrier.abort()
        out.put({"round": -1, "who": who, "loaded": -1, "result": traceback.format_exc()})


def test_the_store_lets_exactly_one_of_eight_writers_save_each_version_of_an_aggregate(
    store: str,
) -> None:
    # given: the Executive's body aggregate at some version N
    set_up_executive(store)
    ledger = Ledger(store, "secretariat")
    start_version: int = ledger.repository.get(EXECUTIVE_ID).version
    ledger.close()
    writers, rounds = 8, 20

    # when: in each of 20 rounds, 8 processes each load it with a fresh Ledger, change it,
    # wait for the others, and save at the same moment without any retry (four through
    # eventsourcing's `save`, four through the ledger's `_save`)
    close_opened_ledgers()
    barrier = CTX.Barrier(writers)
    out = CTX.Queue()
    procs = [CTX.Process(target=_contender, name=f"writer-{w}", daemon=True,
                         args=(store, f"writer-{w}", rounds, w % 2 == 0, barrier, out))
             for w in range(writers)]
    for p in procs:
        p.start()
    results = _collect(procs, out, writers * rounds)

    # then: in every round all eight loaded the same version, exactly one save got in, and
    # the seven others were refused by the store: IntegrityError from eventsourcing's
    # save, Collision (our Conflict) from the ledger's
    assert all(r["round"] >= 0 for r in results), [r["result"] for r in results
                                                   if r["round"] < 0]
    by_round: dict[int, list[dict[str, Any]]] = {}
    for r in results:
        by_round.setdefault(r["round"], []).append(r)
    assert sorted(by_round) == list(range(rounds))
    winners = []
    for n, got in sorted(by_round.items()):
        assert {r["loaded"] for r in got} == {start_version + n}, (n, got)
        saved = [r["who"] for r in got if r["result"] == "saved"]
        assert len(saved) == 1, (n, got)
        winners.append(saved[0])
        for r in got:
            if r["result"] != "saved":
                raw = int(r["who"].split("-")[1]) % 2 == 0
                assert r["result"] == ("IntegrityError" if raw else "Collision"), r
    lost = Counter(r["who"] for r in results if r["result"] != "saved")
    print(f"\n[{store_kind(store)}] 8 raw writers x 20 rounds: {sum(lost.values())} saves "
          f"refused (7 a round), wins {dict(Counter(winners))}")
    # and: the stream holds exactly the winners' reviews, one a version, in round order
    events = events_of(store, "body", "executive")
    reviews = [e for e in events if isinstance(e, Body.MembershipReviewed)]
    assert [e.originator_version for e in events] == list(range(1, start_version + rounds + 1))
    assert [(e.note, e.actor) for e in reviews] == [
        (f"round {n} by {who}", who) for n, who in enumerate(winners)]


# ---------------------------------------------------------------------------- readers


def _writer(store: str, n: int, count: int, barrier: Any, out: Any) -> None:
    """In the child: `count` times, add a person (a record of its own) and record a
    review of the Executive (a record every writer races for)."""
    result: dict[str, Any] = {"who": f"writer-{n}", "error": "", "retries": 0,
                              "positions": []}
    ledger: Ledger | None = None
    try:
        ledger = Ledger(store, f"writer-{n}")
        barrier.wait(WAIT)
        for i in range(count):
            done = ledger.add_person(f"writer-{n}-person-{i}", f"Person {i} of writer {n}")
            done += ledger.review_membership("executive", f"writer {n}, review {i}")
            result["positions"] += [r.position for r in done]
    except BaseException:
        barrier.abort()
        result["error"] = traceback.format_exc()
    finally:
        if ledger is not None:
            result["retries"] = ledger.retries
            ledger.close()
    out.put(result)


def test_a_follower_catching_up_while_three_writers_write_never_skips_or_doubles_an_event(
    store: str,
) -> None:
    # given: a ledger with the Executive, and three writers ready to record 20 events each,
    # half of them on the one record all three race for
    set_up_executive(store)
    ledger = Ledger(store, "secretariat")
    ledger.review_membership("executive", "set up", on=REVIEWED)
    ledger.close()
    writers, count = 3, 10
    close_opened_ledgers()
    barrier = CTX.Barrier(writers + 1)  # the writers and the follower start together
    out = CTX.Queue()
    procs = [CTX.Process(target=_writer, name=f"writer-{n}", daemon=True,
                         args=(store, n, count, barrier, out)) for n in range(writers)]
    for p in procs:
        p.start()

    # when: the follower (this process, on a Ledger opened after the fork) catches up over
    # and over while they write, checking after each catch-up that the read model holds
    # positions 1..P, each once, where P is its tracked position
    follower = Ledger(store, "follower")
    reads = ReadStore(follower)
    setup_events = reads.catch_up()
    folded: list[int] = []

    def follow() -> None:
        folded.append(reads.catch_up())
        with follower.database() as db:
            row = db.execute("SELECT COUNT(*) AS n, COALESCE(MIN(position), 0) AS lo, "
                             "COALESCE(MAX(position), 0) AS hi FROM lsp_events").fetchone()
        position = reads.position()
        assert (row["n"], row["lo"], row["hi"]) == (position, 1, position), (
            f"after catching up to {position}, lsp_events holds {row['n']} rows "
            f"from {row['lo']} to {row['hi']}")

    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(WAIT)  # if a writer failed to start, its answer says why
    results = _collect(procs, out, writers, poll=follow)
    follow()  # everything the writers recorded

    # then: every writer recorded all of its events, and the read model's positions are
    # exactly the store's notification ids, 1..N, each event once, in the store's order
    assert [r["error"] for r in results] == [""] * writers, [r["error"] for r in results]
    written = sorted(p for r in results for p in r["positions"])
    total = setup_events + writers * count * 2
    assert written == list(range(setup_events + 1, total + 1))
    assert follower.recorder.max_notification_id() == total
    stored = [(n.id, UUID(str(n.originator_id)).hex, n.originator_version)
              for n in follower.recorder.select_notifications(start=1, limit=total + 100)]
    with follower.database() as db:
        read = [(int(r["position"]), r["originator_id"], int(r["version"])) for r in db.execute(
            "SELECT position, originator_id, version FROM lsp_events ORDER BY position")]
    assert [n for n, _, _ in stored] == list(range(1, total + 1))
    assert read == stored
    assert sum(folded) + setup_events == total
    # and: the follower really followed: it folded events in more than one catch-up while
    # the writers were writing
    assert len([n for n in folded if n]) >= 2, folded
    retries = {r["who"]: r["retries"] for r in sorted(results, key=lambda r: r["who"])}
    print(f"\n[{store_kind(store)}] follower and 3 writers: {len(folded)} catch-ups, "
          f"{len([n for n in folded if n])} folded something; writers' retries {retries}")


def event_count_of(store: str) -> int:
    ledger = Ledger(store, "auditor")
    try:
        return ledger.recorder.max_notification_id() or 0
    finally:
        ledger.close()
