"""Two meetings told step by step, as a secretariat would record them at the command line.

Every step is a separate invocation: a NEW `Ledger` on the same store, one command, and
then (STYLE convention 11) the meeting as it stood in memory after the save is compared
with the same meeting reloaded by yet another `Ledger`. The state after each step is also
checked outright, so a reload that lost the same thing twice would still fail.

- A Daventry LSP Executive meeting: agenda of two items published on time, holders, a
  deputy, apologies, an officer in attendance, a personal interest, a vote carried, a
  decision by consensus, closing, and a correction made after closing.
- A Tower Hamlets LAP 1 steering group meeting: seats by category, a ward councillor in
  the chair; the terms are silent on notice, quorum and voting, so the agenda goes out on
  the day and the meeting decides by consensus.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from freezegun import freeze_time

from ledger.app import Ledger, Recorded
from ledger.events import entity_id
from ledger.meeting import Meeting, MeetingState
from projections import meetings
from projections.catchup import ReadStore
from tests.conftest import EXAMPLES, on
from tests.helpers import LiveLedger, utc

Command = Callable[[Ledger], list[Recorded]]


class Story:
    """The steps of one meeting, each by a new Ledger, each checked against a reload."""

    def __init__(self, store: str, slug: str) -> None:
        self.store = store
        self.slug = slug
        self.id = entity_id("meeting", slug)

    def step(self, command: Command, *events: str, actor: str = "minute-taker"
             ) -> MeetingState:
        """Run `command` as one invocation; check it recorded `events` on the meeting and
        that the meeting reloads equal to the live one; return the reloaded state."""
        ledger = LiveLedger(self.store, actor)
        done = command(ledger)
        assert [(r.entity, r.event) for r in done] == [(f"meeting:{self.slug}", e)
                                                        for e in events]
        live = ledger.live[self.id]
        reloaded = Ledger(self.store, "auditor").meeting_state(self.slug)
        assert isinstance(live, Meeting) and isinstance(reloaded, Meeting)
        assert without_cache(reloaded) == without_cache(live)
        assert reloaded.state == live.state
        assert reloaded.facts[-1].actor == actor
        return reloaded.state

    def quorum_reason(self, item: str | None = None) -> str:
        return Ledger(self.store, "auditor").quorum(self.slug, item).reason

    def facts(self, kind: str) -> list[dict[str, Any]]:
        meeting = Ledger(self.store, "auditor").meeting_state(self.slug)
        return [dict(f.data) for f in meeting.facts if f.kind == kind]


def without_cache(meeting: Meeting) -> dict[str, Any]:
    """The aggregate's attributes, less the folded state it caches on first use."""
    return {k: v for k, v in vars(meeting).items() if k != "_state"}


# ---------------------------------------------------------------------------- Daventry

EXEC = "exec-2026-03"


def set_up_daventry(store: str) -> None:
    """The Executive's seats: three council seats (the chair in dc-1), the CCG (with frank
    as deputy), the police, ACRE, and a non-voting seat for the Chamber."""
    ledger = Ledger(store, "secretariat", create=True)
    ledger.init("Daventry District LSP", str(EXAMPLES / "daventry" / "terms.toml"),
                on("2026-01-01"))
    for org in ("daventry-dc", "nene-ccg", "northants-police", "northants-acre",
                "daventry-chamber"):
        ledger.add_org(org, org.replace("-", " ").title())
    for person in ("alice", "bob", "carol", "dan", "erin", "frank", "gina", "hank", "olga"):
        ledger.add_person(person, person.title())
    for seat, org, person, voting in (
        ("dc-1", "daventry-dc", "alice", True), ("dc-2", "daventry-dc", "bob", True),
        ("dc-3", "daventry-dc", "carol", True), ("ccg", "nene-ccg", "dan", True),
        ("police", "northants-police", "erin", True), ("acre", "northants-acre", "hank", True),
        ("chamber", "daventry-chamber", "gina", False),
    ):
        ledger.add_seat("executive", seat, org, voting=voting, on=on("2026-02-01"))
        ledger.fill_seat("executive", seat, person, on("2026-02-01"))
    ledger.assign_role("executive", "chair", "dc-1", on("2026-02-01"))
    ledger.nominate_deputy("executive", "ccg", "frank", on("2026-02-01"))


def test_a_daventry_executive_meeting_from_schedule_to_a_correction_after_closing(
    store: str,
) -> None:
    with freeze_time("2026-02-20 10:00:00") as clock:
        set_up_daventry(store)
        story = Story(store, EXEC)

        # given: the meeting is scheduled and its agenda of two items published on time
        s = story.step(lambda led: led.schedule_meeting("executive", EXEC, on("2026-03-20")),
                       "Scheduled", actor="clerk")
        assert (s.slug, s.body, s.when, s.terms_version) == (EXEC, "executive",
                                                              on("2026-03-20"), 1)
        assert (s.items, s.published, s.present, s.closed) == ({}, None, {}, False)

        s = story.step(lambda led: led.add_agenda_item(
            EXEC, "budget", "Community grants budget 2026/27", proposer="dc-1"),
            "ItemAdded", actor="clerk")
        s = story.step(lambda led: led.add_agenda_item(
            EXEC, "forum-report", "Report of the Health and Wellbeing Forum"),
            "ItemAdded", actor="clerk")
        assert [(i.item, i.title, i.proposer, i.decided) for i in s.items.values()] == [
            ("budget", "Community grants budget 2026/27", "dc-1", False),
            ("forum-report", "Report of the Health and Wellbeing Forum", None, False)]

        clock.move_to("2026-03-09 10:00:00")
        s = story.step(lambda led: led.publish_agenda(EXEC), "Published", actor="clerk")
        assert s.published == {"when": utc("2026-03-09 10:00:00"), "urgent": None,
                               "days_before": 11, "notice_days": 10, "clause": "4.7"}

        # when: the meeting is held and minuted
        clock.move_to("2026-03-20 19:30:00")
        for seat in ("dc-1", "dc-2", "police", "chamber"):
            s = story.step(lambda led, seat=seat: led.attend(EXEC, seat), "Attended")
        s = story.step(lambda led: led.attend(EXEC, "ccg", as_deputy=True), "Attended")
        assert s.present == {
            "dc-1": {"person": "alice", "deputy": False},
            "dc-2": {"person": "bob", "deputy": False},
            "police": {"person": "erin", "deputy": False},
            "chamber": {"person": "gina", "deputy": False},
            "ccg": {"person": "frank", "deputy": True},
        }

        s = story.step(lambda led: led.send_apologies(EXEC, "dc-3"), "Apologies")
        s = story.step(lambda led: led.send_apologies(EXEC, "acre"), "Apologies")  # wrongly
        s = story.step(lambda led: led.note_in_attendance(EXEC, "olga", "officer"),
                       "InAttendance")
        assert s.apologies == {"dc-3": "carol", "acre": "hank"}
        assert s.in_attendance == [{"person": "olga", "capacity": "officer"}]
        # the Chamber's seat is non-voting and the officer has no seat: four count
        assert story.quorum_reason() == "4 voting members present; clause 4.5 requires 3"

        s = story.step(lambda led: led.declare_interest(
            EXEC, "budget", "bob", "personal", "trustee of an applicant"), "InterestDeclared")
        assert s.interests == [{"item": "budget", "person": "bob", "nature": "personal",
                                "note": "trustee of an applicant", "left_room": False,
                                "excludes": False, "excludes_seat": None, "clause": "6.4"}]

        for seat, choice in (("dc-1", "for"), ("dc-2", "for"), ("ccg", "against"),
                             ("police", "abstain")):
            s = story.step(lambda led, seat=seat, choice=choice: led.cast_vote(
                EXEC, "budget", seat, choice), "VoteCast")
        assert s.item("budget").votes["ccg"] == {"choice": "against", "person": "frank"}
        assert not s.item("budget").decided

        s = story.step(lambda led: led.close_vote(EXEC, "budget"), "VoteClosed")
        outcome = s.item("budget").outcome
        assert outcome is not None
        assert (outcome["result"], outcome["votes_for"], outcome["votes_against"],
                outcome["abstentions"], outcome["casting"]) == ("carried", 2, 1, 1, None)
        assert (outcome["clause"], outcome["terms_version"]) == ("4.3", 1)
        assert outcome["quorum"] == "4 voting members present; clause 4.5 requires 3"
        assert json.loads(outcome["votes"]) == {
            "dc-1": {"choice": "for", "person": "alice"},
            "dc-2": {"choice": "for", "person": "bob"},
            "ccg": {"choice": "against", "person": "frank"},
            "police": {"choice": "abstain", "person": "erin"},
        }

        s = story.step(lambda led: led.decide_by_consensus(
            EXEC, "forum-report", "Noted the Forum's report"), "DecidedByConsensus")
        assert s.item("forum-report").consensus == "Noted the Forum's report"
        assert story.facts("DecidedByConsensus") == [{
            "item": "forum-report", "text": "Noted the Forum's report",
            "quorum": "4 voting members present; clause 4.5 requires 3", "terms_version": 1}]

        s = story.step(lambda led: led.close_meeting(EXEC), "Closed")
        assert s.closed and all(i.decided for i in s.items.values())

        # then: after closing, the wrongly recorded apologies are corrected
        clock.move_to("2026-03-23 11:00:00")
        wrong = next(f.version for f in Ledger(store, "clerk").meeting_state(EXEC).facts
                     if f.kind == "Apologies" and f.data["seat"] == "acre")
        s = story.step(lambda led: led.retract(
            f"meeting:{EXEC}", wrong, "hank sent no apologies"), "Retracted", actor="clerk")
        assert s.apologies == {"dc-3": "carol"}
        assert s.corrections == [{"version": wrong, "reason": "hank sent no apologies",
                                  "when": utc("2026-03-23 11:00:00"), "actor": "clerk"}]
        assert s.closed
        assert s.item("budget").outcome == outcome  # the evidence is untouched
        assert len(s.present) == 5

        # and the minutes, read from the read models, say the same, correction included
        minutes = meetings.minutes(ReadStore(Ledger(store, "clerk")), EXEC)
        assert minutes.closed
        assert [a.seat for a in minutes.apologies] == ["dc-3"]
        assert [c.reason for c in minutes.corrections] == ["hank sent no apologies"]
        assert minutes.quorum.reason == "4 voting members present; clause 4.5 requires 3"
        budget = next(i for i in minutes.items if i.item == "budget")
        assert budget.vote is not None and budget.vote.result == outcome["result"]


# ---------------------------------------------------------------------------- Tower Hamlets

LAP = "lap-1-2026-05"


def set_up_lap_1(store: str) -> None:
    """LAP 1 with seats by category: two ward councillors (the chair in cllr-1), two
    residents (the vice-chair in res-1) and a service provider."""
    ledger = Ledger(store, "secretariat", create=True)
    ledger.init("The Tower Hamlets Partnership",
                str(EXAMPLES / "tower-hamlets" / "terms.toml"), on("2026-01-01"))
    ledger.add_org("lbth", "London Borough of Tower Hamlets")
    ledger.add_org("tower-hamlets-homes", "Tower Hamlets Homes")
    for person, category in (("cllr-ahmed", "ward-councillor"),
                             ("cllr-begum", "ward-councillor"), ("rita", "resident"),
                             ("ruth", "resident"), ("sam", "service-provider")):
        ledger.add_person(person, person.title(), category=category)
    for seat, org, person, category in (
        ("cllr-1", "lbth", "cllr-ahmed", "ward-councillor"),
        ("cllr-2", "lbth", "cllr-begum", "ward-councillor"),
        ("res-1", "lbth", "rita", "resident"),
        ("res-2", "lbth", "ruth", "resident"),
        ("sp-1", "tower-hamlets-homes", "sam", "service-provider"),
    ):
        ledger.add_seat("lap-1", seat, org, category=category, on=on("2026-02-01"))
        ledger.fill_seat("lap-1", seat, person, on("2026-02-01"))
    ledger.assign_role("lap-1", "chair", "cllr-1", on("2026-02-01"))
    ledger.assign_role("lap-1", "vice-chair", "res-1", on("2026-02-01"))


def test_a_tower_hamlets_lap_meeting_decides_by_consensus_with_no_notice_quorum_or_vote(
    store: str,
) -> None:
    with freeze_time("2026-04-20 10:00:00") as clock:
        set_up_lap_1(store)
        story = Story(store, LAP)
        chair = Ledger(store, "auditor").roster("lap-1", on("2026-05-12")).role_seat("chair")
        assert chair is not None and (chair.seat, chair.category, chair.holder) == (
            "cllr-1", "ward-councillor", "cllr-ahmed")

        # given: the meeting at 18:30, its agenda published that morning (no notice period)
        s = story.step(lambda led: led.schedule_meeting("lap-1", LAP,
                                                        on("2026-05-12T18:30")),
                       "Scheduled", actor="lap-officer")
        assert (s.body, s.when, s.terms_version) == ("lap-1", utc("2026-05-12 17:30:00"), 1)
        s = story.step(lambda led: led.add_agenda_item(
            LAP, "priorities", "LAP 1 priorities for 2026/27", proposer="cllr-1"),
            "ItemAdded", actor="lap-officer")
        assert list(s.items) == ["priorities"]

        clock.move_to("2026-05-12 09:00:00")
        s = story.step(lambda led: led.publish_agenda(LAP), "Published", actor="lap-officer")
        assert s.published == {"when": utc("2026-05-12 09:00:00"), "urgent": None,
                               "days_before": 0, "notice_days": None, "clause": "n/a"}

        # when: four members attend, one sends apologies, and the meeting agrees
        clock.move_to("2026-05-12 19:45:00")
        for seat in ("cllr-1", "res-1", "res-2", "sp-1"):
            s = story.step(lambda led, seat=seat: led.attend(LAP, seat), "Attended")
        s = story.step(lambda led: led.send_apologies(LAP, "cllr-2"), "Apologies")
        assert {seat: p["person"] for seat, p in s.present.items()} == {
            "cllr-1": "cllr-ahmed", "res-1": "rita", "res-2": "ruth", "sp-1": "sam"}
        assert s.apologies == {"cllr-2": "cllr-begum"}
        no_quorum = ("4 voting members present; the terms of Local Area Partnership 1 "
                     "Steering Group set no quorum")
        assert story.quorum_reason() == no_quorum

        s = story.step(lambda led: led.decide_by_consensus(
            LAP, "priorities", "Agreed three priorities: housing, youth, safer streets"),
            "DecidedByConsensus")
        assert s.item("priorities").consensus == (
            "Agreed three priorities: housing, youth, safer streets")
        assert s.item("priorities").outcome is None

        s = story.step(lambda led: led.close_meeting(LAP), "Closed")

        # then
        assert s.closed and s.item("priorities").decided
        assert s.corrections == [] and s.interests == []
        assert story.facts("DecidedByConsensus") == [{
            "item": "priorities",
            "text": "Agreed three priorities: housing, youth, safer streets",
            "quorum": no_quorum, "terms_version": 1}]
        kinds = [f.kind for f in Ledger(store, "auditor").meeting_state(LAP).facts]
        assert kinds == ["Scheduled", "ItemAdded", "Published", *["Attended"] * 4,
                         "Apologies", "DecidedByConsensus", "Closed"]

        # and the minutes record the same meeting
        minutes = meetings.minutes(ReadStore(Ledger(store, "auditor")), LAP)
        assert (minutes.body, minutes.closed) == ("lap-1", True)
        assert sorted(a.seat for a in minutes.present) == ["cllr-1", "res-1", "res-2", "sp-1"]
        assert minutes.quorum.reason == no_quorum
        priorities = next(i for i in minutes.items if i.item == "priorities")
        assert priorities.consensus is not None
        assert priorities.consensus.text == (
            "Agreed three priorities: housing, youth, safer streets")
