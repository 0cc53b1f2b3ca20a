"""Two decisions between meetings told step by step, as a secretariat would record them.

Every step is a separate invocation: a NEW `Ledger` on the same store, one command; then
the decision as it stood in memory after the save is compared with the same decision
reloaded by yet another `Ledger`. The state after each step is also checked outright, so a
reload that lost the same thing twice would still fail.

Daventry, clause 4.6: a partner needs the Executive's approval before its next meeting.
A member proposes (with the urgency, reasons and alternatives), a second member approves
(two members: not yet taken), the chair approves (taken), a personal interest is declared,
and the decision is reported to the next Executive meeting, where three voting members
attend, as ratified. A second decision, taken by the chair and one member, is rescinded
at the same meeting, with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from eventsourcing.domain import Aggregate
from freezegun import freeze_time

from ledger.app import Ledger, Recorded
from ledger.decision import Agreeing, Decision
from ledger.events import entity_id
from tests.conftest import EXAMPLES, on
from tests.helpers import LiveLedger, utc

Command = Callable[[Ledger], list[Recorded]]

MEETING = "exec-2026-03"


def step(store: str, command: Command, entity: str, *events: str,
         actor: str = "secretariat", also: tuple[tuple[str, str], ...] = ()) -> Aggregate:
    """Run `command` as one invocation by a new Ledger; check it recorded `events` on
    `entity` (KIND:SLUG), then those `also` named (KIND:SLUG, event) on other entities,
    and that the entity reloads equal to the live one; return the reloaded aggregate."""
    ledger = LiveLedger(store, actor)
    done = command(ledger)
    assert [(r.entity, r.event) for r in done] == [(entity, e) for e in events] + list(also)
    kind, slug = entity.split(":")
    aggregate_id = entity_id(kind, slug)
    live = ledger.live[aggregate_id]
    auditor = Ledger(store, "auditor")
    reloaded = auditor.repository.get(aggregate_id)
    if isinstance(live, Decision):
        assert isinstance(reloaded, Decision)
        assert vars(reloaded) == vars(live)
        assert reloaded == live
    last = list(auditor.events.get(aggregate_id, desc=True, limit=1))
    assert [e.actor for e in last] == [actor]  # type: ignore[attr-defined]
    return reloaded


def decision(store: str, slug: str) -> Decision:
    return Ledger(store, "auditor").decision_state(slug)


def events_of(store: str, slug: str) -> list[Aggregate.Event]:
    ledger = Ledger(store, "auditor")  # kept open while the events are read
    return list(ledger.events.get(entity_id("decision", slug)))


def set_up_daventry(store: str) -> None:
    """The Executive's seats: three council seats (the chair in dc-1), the CCG (with frank
    as deputy), the police, Volunteer Centre, and a non-voting seat for the Chamber."""
    ledger = Ledger(store, "secretariat", create=True)
    ledger.init("Daventry District LSP", str(EXAMPLES / "daventry" / "terms.toml"),
                on("2026-01-01"))
    for org in ("daventry-dc", "nene-ccg", "northants-police", "daventry-volunteer-centre",
                "daventry-chamber"):
        ledger.add_org(org, org.replace("-", " ").title())
    for person in ("alice", "bob", "carol", "dan", "erin", "frank", "gina", "vera"):
        ledger.add_person(person, person.title())
    for seat, org, person, voting in (
        ("dc-1", "daventry-dc", "alice", True), ("dc-2", "daventry-dc", "bob", True),
        ("dc-3", "daventry-dc", "carol", True), ("ccg", "nene-ccg", "dan", True),
        ("police", "northants-police", "erin", True),
        ("dvc", "daventry-volunteer-centre", "vera", True),
        ("chamber", "daventry-chamber", "gina", False),
    ):
        ledger.add_seat("executive", seat, org, voting=voting, on=on("2026-02-01"))
        ledger.fill_seat("executive", seat, person, on("2026-02-01"))
    ledger.assign_role("executive", "chair", "dc-1", on("2026-02-01"))
    ledger.nominate_deputy("executive", "ccg", "frank", on("2026-02-01"))


def test_daventry_4_6_a_partner_gets_approval_before_the_next_executive_meeting(
    store: str,
) -> None:
    with freeze_time("2026-03-02 09:15:00") as clock:
        set_up_daventry(store)

        # given: bob proposes, between meetings, the match funding the Volunteer Centre
        # needs before its bid closes on 13 March; the Executive next meets on 20 March
        d = step(store, lambda led: led.propose_decision(
            "executive", "vc-match-funding", "Match funding for the Volunteer Centre bid",
            "dc-2",
            text="Commit £5,000 of LSP funds as match funding for the Volunteer Centre's "
                 "Lottery bid",
            reasons="the bid needs a partnership commitment of match funding",
            alternatives="waiting for the next meeting (the bid would close first); "
                         "asking the district council alone to fund it",
            urgency="the Lottery bid closes on 13 March, before the Executive meets on "
                    "20 March",
            on=on("2026-03-02")), "decision:vc-match-funding", "Proposed", actor="clerk")
        assert isinstance(d, Decision)
        assert (d.slug, d.body, d.report_to, d.status) == (
            "vc-match-funding", "executive", "executive", "proposed")
        assert d.title == "Match funding for the Volunteer Centre bid"
        assert d.urgency == ("the Lottery bid closes on 13 March, before the Executive meets "
                             "on 20 March")
        assert d.reasons == "the bid needs a partnership commitment of match funding"
        assert d.alternatives.startswith("waiting for the next meeting")
        assert d.text.startswith("Commit £5,000")
        assert d.agreeing == [Agreeing("dc-2", "bob", False, utc("2026-03-02 00:00:00"),
                                       proposer=True,
                                       given="recorded by clerk, no evidence given")]
        assert (d.taken_on, d.evidence, d.report, d.interests) == (None, None, None, [])

        # when: a second member approves: two members, no chair; not yet taken
        clock.move_to("2026-03-03 11:00:00")
        d = step(store, lambda led: led.approve_decision(
            "vc-match-funding", "police", on=on("2026-03-03")),
            "decision:vc-match-funding", "Approved", actor="clerk")
        assert isinstance(d, Decision)
        assert (d.status, d.taken_on, d.evidence) == ("proposed", None, None)
        assert [(a.seat, a.person, a.proposer) for a in d.agreeing] == [
            ("dc-2", "bob", True), ("police", "erin", False)]

        # when: the chair approves: taken
        clock.move_to("2026-03-04 16:40:00")
        d = step(store, lambda led: led.approve_decision(
            "vc-match-funding", "dc-1", on=on("2026-03-04")),
            "decision:vc-match-funding", "Approved", "Taken", actor="clerk")
        assert isinstance(d, Decision)
        assert (d.status, d.taken_on) == ("taken", utc("2026-03-04 00:00:00"))
        assert d.evidence == {
            "route": "chair-plus", "clause": "4.6", "terms_version": 1,
            "reason": "the chair and 2 other member(s) agree; clause 4.6 needs the chair "
                      "and 1"}
        taken = [e for e in events_of(store, "vc-match-funding")
                 if isinstance(e, Decision.Taken)]
        assert len(taken) == 1
        assert [(a["seat"], a["person"], a["chair"], a["proposer"])
                for a in json.loads(taken[0].agreeing)] == [
            ("dc-2", "bob", False, True), ("police", "erin", False, False),
            ("dc-1", "alice", True, False)]

        # when: erin declares a personal interest (she is a trustee of the Centre)
        clock.move_to("2026-03-05 10:00:00")
        d = step(store, lambda led: led.declare_decision_interest(
            "vc-match-funding", "erin", "personal", "trustee of the Volunteer Centre",
            on("2026-03-05")), "decision:vc-match-funding", "InterestDeclared",
            actor="clerk")
        assert isinstance(d, Decision)
        assert d.status == "taken"
        assert d.interests == [{"person": "erin", "nature": "personal",
                                "note": "trustee of the Volunteer Centre"}]

        # and: a second decision, the chair with one member: taken at the approval
        clock.move_to("2026-03-09 09:00:00")
        d = step(store, lambda led: led.propose_decision(
            "executive", "room-hire", "Hire of the Abbey Centre for the partnership event",
            "dc-1", reasons="the venue must be booked this week", urgency="booking deadline",
            on=on("2026-03-09")), "decision:room-hire", "Proposed", actor="clerk")
        assert isinstance(d, Decision) and d.status == "proposed"
        clock.move_to("2026-03-10 09:00:00")
        d = step(store, lambda led: led.approve_decision(
            "room-hire", "dc-3", on=on("2026-03-10")),
            "decision:room-hire", "Approved", "Taken", actor="clerk")
        assert isinstance(d, Decision)
        assert (d.status, d.taken_on) == ("taken", utc("2026-03-10 00:00:00"))
        assert d.evidence is not None and d.evidence["reason"] == (
            "the chair and 1 other member(s) agree; clause 4.6 needs the chair and 1")

        # given: the next Executive meeting, at which three voting members attend
        step(store, lambda led: led.schedule_meeting("executive", MEETING,
                                                     on("2026-03-20T18:30")),
             f"meeting:{MEETING}", "Scheduled", actor="clerk")
        clock.move_to("2026-03-20 19:00:00")
        for seat in ("dc-1", "dc-3", "police", "chamber"):
            step(store, lambda led, seat=seat: led.attend(MEETING, seat),
                 f"meeting:{MEETING}", "Attended", actor="minute-taker")
        assert Ledger(store, "auditor").quorum(MEETING).reason == (
            "3 voting members present; clause 4.5 requires 3")

        # when: the first decision is reported, and ratified
        clock.move_to("2026-03-20 19:20:00")
        d = step(store, lambda led: led.report_decision(
            "vc-match-funding", MEETING, "ratified"),
            "decision:vc-match-funding", "Reported", actor="minute-taker",
            also=((f"meeting:{MEETING}", "ReportReceived"),))
        assert isinstance(d, Decision)
        assert d.status == "reported"
        assert d.report == {"meeting": MEETING, "outcome": "ratified", "reason": ""}
        reported = events_of(store, "vc-match-funding")[-1]
        assert isinstance(reported, Decision.Reported)
        assert reported.effective == utc("2026-03-20 18:30:00")  # at the meeting

        # when: the second is reported and rescinded, with the reason
        d = step(store, lambda led: led.report_decision(
            "room-hire", MEETING, "rescinded",
            "the district council offered its council chamber at no cost"),
            "decision:room-hire", "Reported", actor="minute-taker",
            also=((f"meeting:{MEETING}", "ReportReceived"),))
        assert isinstance(d, Decision)
        assert d.status == "reported"
        assert d.report == {
            "meeting": MEETING, "outcome": "rescinded",
            "reason": "the district council offered its council chamber at no cost"}

        # then: each decision's whole history, in order, and its evidence untouched
        assert [type(e).__name__ for e in events_of(store, "vc-match-funding")] == [
            "Proposed", "Approved", "Approved", "Taken", "InterestDeclared", "Reported"]
        assert [type(e).__name__ for e in events_of(store, "room-hire")] == [
            "Proposed", "Approved", "Taken", "Reported"]
        first = decision(store, "vc-match-funding")
        assert first.evidence is not None and first.evidence["route"] == "chair-plus"
        assert first.taken_on == utc("2026-03-04 00:00:00")
        assert [a.seat for a in first.agreeing] == ["dc-2", "police", "dc-1"]
