"""Issue 11, people and seats: a person counts once wherever they sit, and the membership
rules hold on every path (drawn-from, co-optees, categories, fixed terms).

Each test reproduces one numbered item of issue 11 through the `Ledger` application or
the `lsp` command, given / when / then, the clock pinned with freezegun. A test marked
`xfail(strict=True)` fails today because of the bug it names: the fix must remove the
mark. Rule names chosen here for refusals the ledger does not make yet:
`one-person-once` (clause "ledger rule"), `left-room` (the interests clause) and
`term-ended` (the membership term clause).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result
from freezegun import freeze_time

from ledger import rules
from ledger.app import Ledger
from ledger.errors import RuleBroken
from ledger.meeting import Item, MeetingState
from ledger.roster import Roster
from ledger.roster import Seat as RosterSeat
from ledger.terms import Body, Quorum
from tests.conftest import on
from tests.helpers import (
    EVERY_RULE,
    assert_broken,
    every_rule_board,
    example,
    refusal,
    seated,
)

NewLedger = Callable[..., Ledger]
WriteTerms = Callable[[str], str]
Lsp = Callable[..., Result]

NOW = "2026-03-20 21:00:00"
MEETING = "2026-03-20"


def board(new_ledger: NewLedger, write_terms: WriteTerms) -> Ledger:
    return every_rule_board(new_ledger(write_terms(EVERY_RULE)))


def daventry(new_ledger: NewLedger) -> Ledger:
    """The Daventry Executive: dc-1 (alice, the chair), dc-2 (bob), police (erin), and
    ccg (dan), whose nominated deputy is erin, the police member."""
    ledger = new_ledger(example("daventry"))
    for org in ("daventry-dc", "nene-ccg", "northants-police"):
        ledger.add_org(org, org.title())
    for person in ("alice", "bob", "dan", "erin"):
        ledger.add_person(person, person.title())
    seated(ledger, "executive", "dc-1", "daventry-dc", "alice")
    seated(ledger, "executive", "dc-2", "daventry-dc", "bob")
    seated(ledger, "executive", "police", "northants-police", "erin")
    seated(ledger, "executive", "ccg", "nene-ccg", "dan")
    ledger.assign_role("executive", "chair", "dc-1", on("2026-02-01"))
    ledger.nominate_deputy("executive", "ccg", "erin", on("2026-02-01"))
    return ledger


# ---------------------------------------------------------------- item 1: one person, two seats


@freeze_time(NOW)
def test_one_person_counts_once_towards_quorum_daventry_4_5(new_ledger: NewLedger) -> None:
    # given: erin sits in her own seat, police; alice in dc-1
    ledger = daventry(new_ledger)
    ledger.schedule_meeting("executive", "exec-1", on(MEETING))
    ledger.add_agenda_item("exec-1", "budget", "The budget")
    ledger.attend("exec-1", "dc-1")
    ledger.attend("exec-1", "police")

    # when: erin is also recorded in ccg, as its deputy
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.attend("exec-1", "ccg", as_deputy=True))

    # then: refused, she counts once, and the meeting of two people is not quorate
    assert_broken(refused, "one-person-once", "ledger rule", "erin")
    count = ledger.quorum("exec-1")
    assert (count.present_voting, count.quorate) == (2, False)


@freeze_time(NOW)
def test_one_person_agrees_once_between_meetings_6_1(new_ledger: NewLedger,
                                                     write_terms: WriteTerms) -> None:
    # given: bob is also the nominated deputy of s4; s2 (bob) proposes, s3 approves
    ledger = board(new_ledger, write_terms)
    ledger.nominate_deputy("board", "s4", "bob", on("2026-02-01"))
    ledger.propose_decision("board", "d1", "Grant", "s2", on=on("2026-03-01"))
    ledger.approve_decision("d1", "s3", on=on("2026-03-02"))

    # when: bob approves again, as s4's deputy (3 seats, 2 people)
    refused = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "d1", "s4", as_deputy=True, on=on("2026-03-03")))

    # then: refused, and the decision is not taken
    assert_broken(refused, "agree-once", "6.1", "bob")
    assert ledger.decision_state("d1").status == "proposed"


def test_a_record_of_one_person_in_two_seats_counts_and_votes_once_ledger_rule() -> None:
    # given: a meeting recorded before the ledger refused it: erin in police and in ccg
    # (as its deputy), and her vote in police on the budget
    terms = Body(name="Executive", clause="4", quorum=Quorum(members=3, clause="4.5"))
    seats = tuple(RosterSeat(s, "org", True, False, None, None, holder=h)
                  for s, h in (("dc-1", "alice"), ("police", "erin"), ("ccg", "dan")))
    roster = Roster("executive", on(MEETING), None, seats)
    state = MeetingState(slug="exec-1", body="executive", items={
        "budget": Item("budget", "The budget", None,
                       votes={"police": {"choice": "for", "person": "erin"}})})
    state.present = {"dc-1": {"person": "alice", "deputy": False},
                     "police": {"person": "erin", "deputy": False},
                     "ccg": {"person": "erin", "deputy": True}}

    # when: the quorum is counted, and ccg votes through her
    count = rules.meeting_quorum(terms, roster, state)
    vote = rules.one_person_once("erin", "ccg", state.items["budget"].votes, "vote")

    # then: two people count, not three, and the second vote is refused
    assert (count.present_voting, count.quorate) == (2, False)
    assert not vote.allowed
    assert (vote.rule, vote.clause) == ("one-person-once", "ledger rule")
    assert "erin has already voted on this item in seat police" in vote.reasons[0]


# ---------------------------------------------------------------- item 2: left the room


@freeze_time(NOW)
def test_a_member_who_left_the_room_neither_votes_nor_counts_7_1(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: all four present; carol declares a prejudicial interest and leaves the room
    # (the terms do not make the interest exclude: she left of her own accord)
    ledger = board(new_ledger, write_terms)
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.add_agenda_item("b-1", "budget", "The budget")
    for seat in ("s1", "s2", "s3", "s4"):
        ledger.attend("b-1", seat)
    ledger.declare_interest("b-1", "budget", "carol", "prejudicial", "landlord",
                            left_room=True)

    # when: her seat votes on that item
    refused = refusal(ledger, RuleBroken, lambda: ledger.cast_vote("b-1", "budget", "s3",
                                                                   "for"))

    # then: refused, and the item's quorum counts three
    assert_broken(refused, "left-room", "7.1", "s3")
    count = ledger.quorum("b-1", "budget")
    assert (count.present_voting, count.excluded) == (3, 1)


@freeze_time(NOW)
def test_a_member_who_voted_cannot_then_leave_the_room_7_1(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: all four present; carol (s3) has voted on the budget
    ledger = board(new_ledger, write_terms)
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.add_agenda_item("b-1", "budget", "The budget")
    for seat in ("s1", "s2", "s3", "s4"):
        ledger.attend("b-1", seat)
    ledger.cast_vote("b-1", "budget", "s3", "for")

    # when: she declares a prejudicial interest and leaves the room
    refused = refusal(ledger, RuleBroken, lambda: ledger.declare_interest(
        "b-1", "budget", "carol", "prejudicial", "landlord", left_room=True))

    # then: refused (her vote would stand), and the item's quorum still counts her
    assert_broken(refused, "left-room", "7.1", "carol", "s3")
    assert ledger.quorum("b-1", "budget").present_voting == 4


@freeze_time(NOW)
def test_a_chair_who_left_the_room_gives_no_casting_vote_5_2(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: alice, the chair (s1), left the room for the budget; the others tie 1-1
    ledger = board(new_ledger, write_terms)
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.add_agenda_item("b-1", "budget", "The budget")
    for seat in ("s1", "s2", "s3", "s4"):
        ledger.attend("b-1", seat)
    ledger.declare_interest("b-1", "budget", "alice", "prejudicial", "landlord",
                            left_room=True)
    ledger.cast_vote("b-1", "budget", "s2", "for")
    ledger.cast_vote("b-1", "budget", "s3", "against")

    # when: she gives a casting vote
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.close_vote("b-1", "budget", casting="for"))

    # then: refused: a casting vote is a vote, and she is out of the item
    assert_broken(refused, "casting-vote", "5.2", "excluded from this item")


@freeze_time(NOW)
def test_one_person_votes_once_wherever_they_sit_ledger_rule(
    new_ledger: NewLedger,
) -> None:
    # given: erin sits in police; the ccg seat, whose deputy she is, is not recorded
    ledger = daventry(new_ledger)
    ledger.schedule_meeting("executive", "exec-1", on(MEETING))
    ledger.add_agenda_item("exec-1", "budget", "The budget")
    for seat in ("dc-1", "dc-2", "police"):
        ledger.attend("exec-1", seat)
    ledger.cast_vote("exec-1", "budget", "police", "for")

    # when: erin is recorded again, in ccg as its deputy, to vote a second time
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.attend("exec-1", "ccg", as_deputy=True))

    # then: refused, naming her and the seat she holds; one vote stands
    assert_broken(refused, "one-person-once", "ledger rule", "erin", "police")
    votes = ledger.meeting_state("exec-1").state.item("budget").votes
    assert [v["person"] for v in votes.values()] == ["erin"]


# ---------------------------------------------------------------- item 5: drawn from, once


@freeze_time("2026-06-01 12:00:00")
@pytest.mark.parametrize("change", ["vacated", "new-holder"])
def test_drawn_from_holds_after_the_parent_seat_changes_lewisham_psg_principle_1(
    new_ledger: NewLedger, lsp: Lsp, change: str,
) -> None:
    # given: pat sits on the Full LSP and, drawn from it, on the PSG
    ledger = new_ledger(example("lewisham"))
    ledger.add_org("lewisham-council", "Lewisham Council")
    for person in ("pat", "quinn"):
        ledger.add_person(person, person.title())
    seated(ledger, "full", "council", "lewisham-council", "pat")
    seated(ledger, "psg", "council", "lewisham-council", "pat")

    # when: the Full LSP seat is vacated, or given to quinn
    if change == "vacated":
        ledger.vacate_seat("full", "council", on("2026-04-01"))
    else:
        ledger.fill_seat("full", "council", "quinn", on("2026-04-01"))
    result = lsp("check", "--as-of", "2026-05-01", "--json")

    # then: the check warns that pat is no longer drawn from the Full LSP
    assert result.exit_code == 0, result.output
    warnings = [w for w in json.loads(result.stdout)["warnings"]
                if w["rule"] == "drawn-from"]
    assert [(w["body"], w["clause"]) for w in warnings] == [
        ("psg", "PSG, membership principle 1")]
    assert "pat" in warnings[0]["message"]


# ---------------------------------------------------------------- item 6: co-optee as deputy


@freeze_time("2026-06-01 12:00:00")
def test_a_co_optee_is_not_a_deputy_elsewhere_lewisham_working_groups_2_4(
    new_ledger: NewLedger,
) -> None:
    # given: cleo is co-opted to the Race and Equality working group
    ledger = new_ledger(example("lewisham"))
    ledger.add_org("lewisham-council", "Lewisham Council")
    ledger.add_org("community", "Community")
    for person in ("pat", "cleo"):
        ledger.add_person(person, person.title())
    seated(ledger, "full", "council", "lewisham-council", "pat")
    seated(ledger, "race-equality", "co-1", "community", "cleo", co_opted=True)

    # when: she is nominated deputy of a Full LSP seat
    refused = refusal(ledger, RuleBroken, lambda: ledger.nominate_deputy(
        "full", "council", "cleo", on("2026-04-01")))

    # then: refused under the working groups' co-option principles
    assert_broken(refused, "co-optees-confined", "Working groups, membership principles 2-4",
                  "cleo")


# ---------------------------------------------------------------- item 7: no category, any seat


@freeze_time("2026-06-01 12:00:00")
def test_a_resident_seat_takes_a_resident_tower_hamlets_lap_steering_groups(
    new_ledger: NewLedger,
) -> None:
    # given: a resident seat on LAP 1, and a person of no category
    ledger = new_ledger(example("tower-hamlets"))
    ledger.add_org("residents", "Residents")
    ledger.add_person("nadia", "Nadia")
    ledger.add_seat("lap-1", "res-1", "residents", category="resident", on=on("2026-02-01"))

    # when: she fills it
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.fill_seat("lap-1", "res-1", "nadia", on("2026-02-01")))

    # then: refused: her category is not known to be resident
    assert_broken(refused, "seat-category", "LAP Steering Groups", "res-1")


# ---------------------------------------------------------------- item 15: terms ended


@freeze_time("2028-06-01 12:00:00")
def test_the_roster_says_a_fixed_term_ended_tower_hamlets_lap_steering_groups(
    new_ledger: NewLedger, lsp: Lsp,
) -> None:
    # given: a resident appointed to LAP 1 on 1 February 2026, for two years
    ledger = new_ledger(example("tower-hamlets"))
    ledger.add_org("residents", "Residents")
    ledger.add_person("nadia", "Nadia", category="resident")
    seated(ledger, "lap-1", "res-1", "residents", "nadia", category="resident")

    # when: the roster is read before and after the term's end
    before = lsp("roster", "lap-1", "--as-of", "2028-01-31", "--json")
    after = lsp("roster", "lap-1", "--as-of", "2028-02-01", "--json")

    # then: the seat says so, from the day the term ends
    seat_before = json.loads(before.stdout)["seats"][0]
    seat_after = json.loads(after.stdout)["seats"][0]
    assert (seat_before["term_ends"], seat_before["term_ended"]) == ("2028-02-01", False)
    assert (seat_after["term_ends"], seat_after["term_ended"]) == ("2028-02-01", True)


@freeze_time("2028-03-20 21:00:00")
def test_a_holder_whose_term_ended_does_not_count_3_3(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: seats filled on 1 February 2026 for two years; s2..s4 re-appointed since
    ledger = board(new_ledger, write_terms)
    for seat, person in (("s2", "bob"), ("s3", "carol"), ("s4", "dan")):
        ledger.fill_seat("board", seat, person, on("2028-01-15"))
    ledger.schedule_meeting("board", "b-1", on("2028-03-20"))
    ledger.add_agenda_item("b-1", "budget", "The budget")

    # when: alice, whose term ended on 1 February 2028, is recorded as present
    refused = refusal(ledger, RuleBroken, lambda: ledger.attend("b-1", "s1"))

    # then: refused under the term clause; the three re-appointed members make the quorum
    assert_broken(refused, "term-ended", "3.3", "s1")
    for seat in ("s2", "s3", "s4"):
        ledger.attend("b-1", seat)
    assert ledger.quorum("b-1").present_voting == 3


@freeze_time("2028-03-20 21:00:00")
def test_a_holder_whose_term_ended_does_not_approve_3_3(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: bob, re-appointed, proposes; carol's term ended on 1 February 2028
    ledger = board(new_ledger, write_terms)
    ledger.fill_seat("board", "s2", "bob", on("2028-01-15"))
    ledger.propose_decision("board", "d1", "Grant", "s2", on=on("2028-03-01"))

    # when: carol approves
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.approve_decision("d1", "s3", on=on("2028-03-02")))

    # then: refused under the term clause
    assert_broken(refused, "term-ended", "3.3", "s3")
