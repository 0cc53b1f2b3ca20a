"""Decisions between meetings through the application: one test per rule, named after its
clause.

Daventry 4.6 ("decisions can be made by the LSP chair with the approval of one other board
member, or three board members in the absence of the LSP chair. All such decisions will be
reported to the following board meeting"), Daventry 3.2 (deputies take no part between
meetings), Southwark Alliance Recommendation 5 (deputies act "at and between meetings"),
bodies whose terms make no provision for decisions between meetings, the ledger's own
refusals, a rule amended mid-way and the report to the following meeting.

Each test reads given / when / then; the clock is pinned with freezegun and every
effective date is given explicitly, as `--on` would. Every refusal checks the error, the
rule and clause it names where it is a `RuleBroken`, and that nothing was recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.decision import Decision
from ledger.errors import AlreadyExists, InvalidInput, LedgerError, NotFound, RuleBroken
from ledger.events import entity_id
from ledger.terms import read_terms_file
from projections import warnings
from projections.catchup import ReadStore
from tests.conftest import event_count, on
from tests.helpers import assert_broken, assert_says, example, refusal, utc
from tests.stories import NOW, PROPOSED, SEATED, NewLedger, daventry, daventry_text, seat_with

LATER = "2026-03-23 12:00:00"  # days after the meeting: acts dated after it are recorded
MEETING = "2026-03-20"  # the day of the following meeting

WriteTerms = Callable[[str], str]


# ---------------------------------------------------------------------------- helpers


def propose(ledger: Ledger, by: str, slug: str = "grant", day: str = PROPOSED,
            body: str = "executive", **kwargs: Any) -> None:
    ledger.propose_decision(body, slug, "Match funding for the Volunteer Centre bid", by,
                            on=on(day), **kwargs)


def taken(ledger: Ledger, slug: str = "grant") -> Decision.Taken:
    """The Taken event of a decision, as stored."""
    found = [e for e in ledger.events.get(entity_id("decision", slug))
             if isinstance(e, Decision.Taken)]
    assert len(found) == 1, f"decision {slug} has {len(found)} Taken events"
    return found[0]


def agreeing(ledger: Ledger, slug: str = "grant") -> list[tuple[str, str, bool, bool]]:
    """(seat, person, as_deputy, proposer) of each seat agreeing, in order."""
    d = ledger.decision_state(slug)
    return [(a.seat, a.person, a.as_deputy, a.proposer) for a in d.agreeing]


def executive_meeting(ledger: Ledger, slug: str = "exec-1", day: str = MEETING,
                      present: tuple[str, ...] = ("dc-1", "dc-2", "dc-3")) -> str:
    ledger.schedule_meeting("executive", slug, on(day))
    for seat in present:
        ledger.attend(slug, seat)
    return slug


def taken_decision(ledger: Ledger, slug: str = "grant") -> None:
    """The chair proposes on PROPOSED and bob approves the next day: taken on 3 March."""
    propose(ledger, "dc-1", slug)
    ledger.approve_decision(slug, "dc-2", on=on("2026-03-03"))
    assert ledger.decision_state(slug).status == "taken"


# Southwark Alliance board: the example's own sections (Recommendations 1 and 5) plus a
# between_meetings section the document does not have (see the docstring of each test).
SOUTHWARK_DOCUMENT = ("Proposals in response to the recommendations of the Review of "
                      "Strategic Partnerships")
SOUTHWARK_BOARD_WITH_A_RULE = f"""
    [partnership]
    name = "Southwark Alliance"
    document = "{SOUTHWARK_DOCUMENT}"
    source = "terms-of-reference/southwark-alliance-review.txt"

    [bodies.board]
    name = "Southwark Alliance Board"
    clause = "Recommendation 1"
    kind = "board"

    [bodies.board.deputies]
    allowed = true
    at_meetings = true
    between_meetings = true
    required = true
    clause = "Recommendation 5"

    # Written for the test: the document gives no rule for deciding between meetings.
    [bodies.board.between_meetings]
    chair_plus = 1
    without_chair = 3
    clause = "test rule"
"""


def southwark(new_ledger: NewLedger, write_terms: WriteTerms) -> Ledger:
    """The Southwark Alliance board on SOUTHWARK_BOARD_WITH_A_RULE: seats s1..s4 (alice in
    the chair's seat s1, bob, carol, dan); victor is s1's deputy, wendy s2's; s4 has none."""
    terms = write_terms(SOUTHWARK_BOARD_WITH_A_RULE)
    # the copy is faithful: the board's name, clause and deputies are the example's
    _, ours = read_terms_file(terms)
    _, theirs = read_terms_file(example("southwark-alliance"))
    mine, real = ours.body("board"), theirs.body("board")
    assert mine is not None and real is not None
    assert (mine.name, mine.clause, mine.kind, mine.deputies) == (
        real.name, real.clause, real.kind, real.deputies)
    assert real.between_meetings is None
    assert ours.partnership.document == theirs.partnership.document
    ledger = new_ledger(terms)
    ledger.add_org("southwark-council", "Southwark Council")
    for person in ("alice", "bob", "carol", "dan", "victor", "wendy"):
        ledger.add_person(person, person.title())
    for n, person in enumerate(("alice", "bob", "carol", "dan"), start=1):
        seat_with(ledger, "board", f"s{n}", "southwark-council", person)
    ledger.assign_role("board", "chair", "s1", on(SEATED))
    ledger.nominate_deputy("board", "s1", "victor", on(SEATED))
    ledger.nominate_deputy("board", "s2", "wendy", on(SEATED))
    return ledger


# ---------------------------------------------------------------------------- Daventry 4.6


@freeze_time(NOW)
def test_daventry_4_6_the_chair_proposing_and_one_member_approving_take_it(
    new_ledger: NewLedger,
) -> None:
    # given: the chair proposes; alone, that is not enough
    ledger = daventry(new_ledger)
    propose(ledger, "dc-1")
    assert ledger.decision_state("grant").status == "proposed"

    # when
    done = ledger.approve_decision("grant", "dc-2", on=on("2026-03-03"))

    # then
    d = ledger.decision_state("grant")
    assert [r.event for r in done] == ["Approved", "Taken"]
    assert (d.status, d.taken_on) == ("taken", on("2026-03-03"))
    assert d.evidence is not None and d.evidence["route"] == "chair-plus"
    assert agreeing(ledger) == [("dc-1", "alice", False, True), ("dc-2", "bob", False, False)]


@freeze_time(NOW)
def test_daventry_4_6_a_member_proposing_is_taken_when_the_chair_approves(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger = daventry(new_ledger)
    propose(ledger, "police")

    # when
    done = ledger.approve_decision("grant", "dc-1", on=on("2026-03-04"))

    # then
    d = ledger.decision_state("grant")
    assert [r.event for r in done] == ["Approved", "Taken"]
    assert (d.status, d.taken_on) == ("taken", on("2026-03-04"))
    assert d.evidence == {"route": "chair-plus", "clause": "4.6", "terms_version": 1,
                          "reason": "the chair and 1 other member(s) agree; clause 4.6 "
                                    "needs the chair and 1"}


@freeze_time(NOW)
def test_daventry_4_6_three_members_without_the_chair_take_it(new_ledger: NewLedger) -> None:
    # given: bob proposes and carol approves: two members, no chair
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")
    ledger.approve_decision("grant", "dc-3", on=on("2026-03-03"))
    assert ledger.decision_state("grant").status == "proposed"

    # when: a third member approves
    done = ledger.approve_decision("grant", "police", on=on("2026-03-04"))

    # then
    d = ledger.decision_state("grant")
    assert [r.event for r in done] == ["Approved", "Taken"]
    assert (d.status, d.taken_on) == ("taken", on("2026-03-04"))
    assert d.evidence == {"route": "without-chair", "clause": "4.6", "terms_version": 1,
                          "reason": "3 members other than the chair agree; clause 4.6 "
                                    "needs 3"}
    assert [a.seat for a in d.agreeing] == ["dc-2", "dc-3", "police"]


@freeze_time(NOW)
def test_daventry_4_6_a_member_proposing_with_one_member_approving_is_not_yet_taken(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")

    # when
    done = ledger.approve_decision("grant", "police", on=on("2026-03-03"))

    # then: two members without the chair; 4.6 needs the chair, or three
    d = ledger.decision_state("grant")
    assert [r.event for r in done] == ["Approved"]
    assert (d.status, d.taken_on, d.evidence) == ("proposed", None, None)
    assert agreeing(ledger) == [("dc-2", "bob", False, True),
                                ("police", "erin", False, False)]


@freeze_time(NOW)
def test_daventry_4_6_the_chair_proposing_alone_is_not_taken(new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)

    # when
    done = ledger.propose_decision(
        "executive", "grant", "Match funding", "dc-1", text="Commit £5,000 of match funding",
        reasons="the bid closes before the next meeting", alternatives="not bidding",
        urgency="the funder's deadline is 13 March", on=on(PROPOSED))

    # then
    d = ledger.decision_state("grant")
    assert [(r.entity, r.event) for r in done] == [("decision:grant", "Proposed")]
    assert (d.status, d.body, d.report_to, d.proposed_on) == (
        "proposed", "executive", "executive", on(PROPOSED))
    assert (d.title, d.text, d.reasons, d.alternatives, d.urgency) == (
        "Match funding", "Commit £5,000 of match funding",
        "the bid closes before the next meeting", "not bidding",
        "the funder's deadline is 13 March")
    assert d.proposer.seat == "dc-1" and d.proposer.proposer


@freeze_time(NOW)
def test_daventry_4_6_taken_records_the_evidence(new_ledger: NewLedger) -> None:
    # given: bob proposes, erin approves, then the chair
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")
    ledger.approve_decision("grant", "police", on=on("2026-03-03"))

    # when
    ledger.approve_decision("grant", "dc-1", on=on("2026-03-04"))

    # then: the Taken event names every seat agreeing, the route, the clause and version
    event = taken(ledger)
    assert (event.route, event.clause, event.terms_version) == ("chair-plus", "4.6", 1)
    assert event.reason == ("the chair and 2 other member(s) agree; clause 4.6 needs the "
                            "chair and 1")
    assert event.effective == on("2026-03-04")
    assert json.loads(event.agreeing) == [
        {"seat": "dc-2", "person": "bob", "as_deputy": False, "proposer": True,
         "chair": False, "when": "2026-03-02T00:00:00+00:00"},
        {"seat": "police", "person": "erin", "as_deputy": False, "proposer": False,
         "chair": False, "when": "2026-03-03T00:00:00+00:00"},
        {"seat": "dc-1", "person": "alice", "as_deputy": False, "proposer": False,
         "chair": True, "when": "2026-03-04T00:00:00+00:00"},
    ]
    d = ledger.decision_state("grant")
    assert d.evidence == {"route": event.route, "reason": event.reason,
                          "clause": event.clause, "terms_version": event.terms_version}


@freeze_time(NOW)
def test_daventry_4_6_a_decision_taken_on_proposal_records_it_at_once(
    write_terms: WriteTerms, new_ledger: NewLedger,
) -> None:
    """Daventry's terms with chair_plus = 0 (written for the test): the chair alone
    decides, so the proposal is taken as it is recorded, in the same save."""
    text = daventry_text()
    assert "chair_plus = 1\n" in text
    ledger = daventry(lambda _terms: new_ledger(write_terms(
        text.replace("chair_plus = 1\n", "chair_plus = 0\n"))))

    # when
    done = ledger.propose_decision("executive", "grant", "Match funding", "dc-1",
                                   on=on(PROPOSED))

    # then
    assert [r.event for r in done] == ["Proposed", "Taken"]
    assert ledger.decision_state("grant").taken_on == on(PROPOSED)
    assert json.loads(taken(ledger).agreeing) == [
        {"seat": "dc-1", "person": "alice", "as_deputy": False, "proposer": True,
         "chair": True, "when": "2026-03-02T00:00:00+00:00"}]


# ---------------------------------------------------------------------------- Daventry 3.2


@freeze_time(NOW)
def test_daventry_3_2_deputies_take_no_part_in_decisions_between_meetings(
    new_ledger: NewLedger,
) -> None:
    # given: frank is ccg's nominated deputy (he may attend meetings in dan's place)
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")

    # when
    proposing = refusal(ledger, RuleBroken, lambda: propose(
        ledger, "ccg", slug="other", as_deputy=True))
    approving = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "grant", "ccg", as_deputy=True, on=on("2026-03-03")))

    # then
    for refused in (proposing, approving):
        assert_broken(refused, "deputy-between-meetings", "3.2",
                      "do not empower a deputy to act between meetings")
    assert agreeing(ledger) == [("dc-2", "bob", False, True)]
    with pytest.raises(NotFound):
        ledger.decision_state("other")


# ------------------------------------------------------------ Southwark Recommendation 5


@freeze_time(NOW)
def test_southwark_alliance_recommendation_5_a_deputy_proposes_for_the_seat(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    """The Southwark Alliance board's own sections with a between_meetings section added
    for the test (chair_plus 1, without_chair 3): the document empowers deputies between
    meetings but gives no rule of its own."""
    # given
    ledger = southwark(new_ledger, write_terms)

    # when: wendy proposes as s2's deputy; bob, who holds s2, would agree for it again
    ledger.propose_decision("board", "grant", "Match funding", "s2", as_deputy=True,
                            on=on(PROPOSED))
    again = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "grant", "s2", on=on("2026-03-03")))
    done = ledger.approve_decision("grant", "s1", on=on("2026-03-03"))

    # then: the deputy's agreement counts for s2, once (the deputy acted in bob's
    # absence, Recommendation 5); with the chair's it is taken
    assert_broken(again, "deputy-in-absence", "Recommendation 5",
                  "the deputy for seat s2 has already agreed to this decision in the "
                  "member's absence")
    assert [r.event for r in done] == ["Approved", "Taken"]
    d = ledger.decision_state("grant")
    assert d.status == "taken" and d.evidence is not None
    assert (d.evidence["route"], d.evidence["clause"]) == ("chair-plus", "test rule")
    assert agreeing(ledger) == [("s2", "wendy", True, True), ("s1", "alice", False, False)]
    assert [(a["seat"], a["person"], a["as_deputy"], a["chair"])
            for a in json.loads(taken(ledger).agreeing)] == [
        ("s2", "wendy", True, False), ("s1", "alice", False, True)]


@freeze_time(NOW)
def test_southwark_alliance_recommendation_5_a_deputy_acts_only_in_the_members_absence(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    """Recommendation 5: the deputy is "empowered to act and make decisions in that
    member's absence, both at and between meetings": once bob (s2) has agreed, his deputy
    wendy cannot act for s2 on that decision."""
    # given: carol proposes and bob agrees for his own seat
    ledger = southwark(new_ledger, write_terms)
    ledger.propose_decision("board", "grant", "Match funding", "s3", on=on(PROPOSED))
    ledger.approve_decision("grant", "s2", on=on("2026-03-03"))
    before = event_count(ledger)
    # when: wendy, s2's deputy, would approve for s2 too
    refused = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "grant", "s2", as_deputy=True, on=on("2026-03-04")))
    # then: refused, naming the clause; nothing recorded
    assert_broken(refused, "deputy-in-absence", "Recommendation 5",
                  "the member for seat s2 has already agreed to this decision: a deputy "
                  "acts only in the member's absence")
    assert event_count(ledger) == before


@freeze_time(NOW)
def test_southwark_alliance_recommendation_5_every_board_member_nominates_a_deputy(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    """Recommendation 5: "for every member of the Board to nominate a deputy": `lsp check`
    warns of each held seat with none, naming its holder and the command to nominate."""
    # given: s1 and s2 have deputies, carol (s3) and dan (s4) have none
    ledger = southwark(new_ledger, write_terms)
    # when: the ledger is checked
    found = [w for w in warnings.check(ReadStore(ledger), on(NOW)).warnings
             if w.rule == "deputy-required"]
    # then: one warning for each of s3 and s4, citing Recommendation 5
    assert [(w.body, w.clause) for w in found] == [("board", "Recommendation 5")] * 2
    assert [w.message.split(", in the seat")[0] for w in found] == ["Carol", "Dan"]
    assert "lsp deputy nominate board s3 PERSON" in found[0].message
    # and when carol nominates one, hers goes
    ledger.nominate_deputy("board", "s3", "victor", on(NOW))
    left = [w for w in warnings.check(ReadStore(ledger), on(NOW)).warnings
            if w.rule == "deputy-required"]
    assert [w.message.split(", in the seat")[0] for w in left] == ["Dan"]


@freeze_time(NOW)
def test_southwark_alliance_recommendation_5_a_deputy_approves_and_counts_for_the_seat(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    """As above: the Southwark board's sections plus a between_meetings section written
    for the test. carol proposes, wendy approves for s2 and dan for s4: three members."""
    # given
    ledger = southwark(new_ledger, write_terms)
    ledger.propose_decision("board", "grant", "Match funding", "s3", on=on(PROPOSED))

    # when
    first = ledger.approve_decision("grant", "s2", as_deputy=True, on=on("2026-03-03"))
    second = ledger.approve_decision("grant", "s4", on=on("2026-03-04"))

    # then
    assert [r.event for r in first] == ["Approved"]
    assert [r.event for r in second] == ["Approved", "Taken"]
    d = ledger.decision_state("grant")
    assert d.evidence is not None and d.evidence["route"] == "without-chair"
    assert agreeing(ledger) == [("s3", "carol", False, True), ("s2", "wendy", True, False),
                                ("s4", "dan", False, False)]


@freeze_time(NOW)
def test_southwark_alliance_recommendation_5_the_chairs_deputy_does_not_count_as_the_chair(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    """The Southwark board's sections plus a between_meetings section written for the
    test (chair_plus 1, without_chair 3). victor, the chair's deputy, agrees for s1, but
    the chair-plus route needs the chair in person: he counts as one member."""
    # given
    ledger = southwark(new_ledger, write_terms)
    ledger.propose_decision("board", "grant", "Match funding", "s3", on=on(PROPOSED))

    # when: with the chair in person this would be taken
    ledger.approve_decision("grant", "s1", as_deputy=True, on=on("2026-03-03"))

    # then: two members without the chair
    d = ledger.decision_state("grant")
    assert (d.status, d.evidence) == ("proposed", None)

    # when: a third member agrees
    ledger.approve_decision("grant", "s4", on=on("2026-03-04"))

    # then: taken without the chair; the evidence says victor was not the chair
    event = taken(ledger)
    assert event.route == "without-chair"
    assert event.reason == "3 members other than the chair agree; clause test rule needs 3"
    assert [(a["seat"], a["person"], a["as_deputy"], a["chair"])
            for a in json.loads(event.agreeing)] == [
        ("s3", "carol", False, False), ("s1", "victor", True, False),
        ("s4", "dan", False, False)]


@freeze_time(NOW)
def test_southwark_alliance_recommendation_5_only_a_nominated_deputy_acts(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    """The Southwark board's sections plus a between_meetings section written for the
    test. s4 has no nominated deputy, so no one may agree as its deputy."""
    # given
    ledger = southwark(new_ledger, write_terms)
    ledger.propose_decision("board", "grant", "Match funding", "s3", on=on(PROPOSED))

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "grant", "s4", as_deputy=True, on=on("2026-03-03")))

    # then
    assert_broken(refused, "deputy-between-meetings", "Recommendation 5",
                  "seat s4 has no nominated deputy")
    assert [a.seat for a in ledger.decision_state("grant").agreeing] == ["s3"]


# ---------------------------------------------------------------------------- no provision


@freeze_time(NOW)
@pytest.mark.parametrize(("terms", "body", "clause"), [
    ("lewisham", "full", "LSP structure; The Full Lewisham Strategic Partnership"),
    ("lewisham", "psg", "LSP structure; The Partnership Steering Group"),
    ("tower-hamlets", "board", "Partnership Board"),
    ("tower-hamlets", "lap-1", "LAP Steering Groups"),
    ("southwark-alliance", "board", "Recommendation 1"),
    ("daventry", "forum", "4.11"),
], ids=["lewisham-full", "lewisham-psg", "tower-hamlets-board", "tower-hamlets-lap-1",
        "southwark-alliance-board", "daventry-forum"])
def test_terms_silent_on_decisions_between_meetings_refuse_the_proposal(
    new_ledger: NewLedger, terms: str, body: str, clause: str,
) -> None:
    # given: a body whose terms have no between_meetings section (the document is silent)
    _, parsed = read_terms_file(example(terms))
    found = parsed.body(body)
    assert found is not None and found.between_meetings is None
    ledger = new_ledger(example(terms))

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.propose_decision(
        body, "grant", "Match funding", "s1", on=on(PROPOSED)))

    # then: refused on the terms, before any seat is looked for
    assert_broken(refused, "between-meetings", clause,
                  "make no provision for decisions between meetings")
    with pytest.raises(NotFound):
        ledger.decision_state("grant")


# ---------------------------------------------------------------------------- refusals


@freeze_time(NOW)
@pytest.mark.parametrize(("action", "error", "facts"), [
    (lambda led: led.approve_decision("nothing", "dc-2", on=on("2026-03-03")), NotFound,
     ("no decision 'nothing'",)),
    (lambda led: led.withdraw_decision("nothing", "changed our minds", on(PROPOSED)),
     NotFound, ("no decision 'nothing'",)),
    (lambda led: led.declare_decision_interest("nothing", "bob", "personal",
                                               on=on(PROPOSED)), NotFound,
     ("no decision 'nothing'",)),
    (lambda led: led.report_decision("nothing", "exec-1", "ratified"), NotFound,
     ("no decision 'nothing'",)),
    (lambda led: led.decision_state("nothing"), NotFound, ("no decision 'nothing'",)),
    (lambda led: led.approve_decision("grant", "nowhere", on=on("2026-03-03")), NotFound,
     ("no seat 'nowhere' on 'executive'",)),
    (lambda led: led.approve_decision("grant", "forum-1", on=on("2026-03-03")), NotFound,
     ("no seat 'forum-1' on 'executive'",)),
    (lambda led: propose(led, "nowhere", slug="other"), NotFound,
     ("no seat 'nowhere' on 'executive'",)),
    (lambda led: propose(led, "dc-2", slug="other", body="cabinet"), NotFound,
     ("no body 'cabinet'",)),
    (lambda led: propose(led, "dc-2", slug="grant"), AlreadyExists,
     ("decision 'grant' already exists",)),
    (lambda led: propose(led, "dc-2", slug="Other"), InvalidInput, ("not a slug",)),
    (lambda led: led.propose_decision("executive", "other", "  ", "dc-2", on=on(PROPOSED)),
     InvalidInput, ("needs a title",)),
    (lambda led: led.report_decision("grant", "no-meeting", "ratified"), NotFound,
     ("no meeting 'no-meeting'",)),
    (lambda led: led.declare_decision_interest("grant", "nobody", "personal",
                                               on=on(PROPOSED)), NotFound,
     ("no person 'nobody'",)),
    (lambda led: led.declare_decision_interest("grant", "bob", "financial",
                                               on=on(PROPOSED)), InvalidInput,
     ("personal or prejudicial",)),
], ids=["approve-unknown-decision", "withdraw-unknown-decision", "interest-unknown-decision",
        "report-unknown-decision", "show-unknown-decision", "approve-unknown-seat",
        "approve-seat-of-another-body", "propose-unknown-seat", "propose-unknown-body",
        "propose-a-slug-twice", "propose-a-bad-slug", "propose-without-a-title",
        "report-to-unknown-meeting", "interest-unknown-person", "interest-of-no-nature"])
def test_ids_must_name_something_in_the_ledger_and_the_terms(
    new_ledger: NewLedger, action: Callable[[Ledger], object], error: type[LedgerError],
    facts: tuple[str, ...],
) -> None:
    # given: bob has proposed 'grant'
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")

    # when
    refused = refusal(ledger, error, lambda: action(ledger))

    # then
    assert type(refused) is error
    assert_says(refused, *facts)
    assert agreeing(ledger) == [("dc-2", "bob", False, True)]


@freeze_time(NOW)
def test_daventry_4_6_decisions_between_meetings_are_for_voting_members(
    new_ledger: NewLedger,
) -> None:
    # given: the Chamber's seat is non-voting; acre's is vacant
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")

    # when
    approving = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "grant", "chamber", on=on("2026-03-03")))
    proposing = refusal(ledger, RuleBroken, lambda: propose(ledger, "chamber", slug="other"))

    # then
    for refused in (approving, proposing):
        assert_broken(refused, "between-meetings", "4.6", "seat chamber is non-voting")
    assert agreeing(ledger) == [("dc-2", "bob", False, True)]


@freeze_time(NOW)
def test_daventry_4_6_a_vacant_seat_has_no_member_to_agree(new_ledger: NewLedger) -> None:
    # given: acre is a voting seat no one holds
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")

    # when
    approving = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "grant", "acre", on=on("2026-03-03")))
    proposing = refusal(ledger, RuleBroken, lambda: propose(ledger, "acre", slug="other"))

    # then
    for refused in (approving, proposing):
        assert_broken(refused, "between-meetings", "4.6", "seat acre is vacant")
    assert agreeing(ledger) == [("dc-2", "bob", False, True)]


@freeze_time(NOW)
def test_daventry_4_6_a_seat_agrees_once(new_ledger: NewLedger) -> None:
    # given: bob proposes and erin approves; not yet taken
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")
    ledger.approve_decision("grant", "police", on=on("2026-03-03"))

    # when: erin approves again, and bob approves his own proposal
    twice = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "grant", "police", on=on("2026-03-04")))
    proposer = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "grant", "dc-2", on=on("2026-03-04")))

    # then: neither counts a second time, so three members have not agreed
    assert_broken(twice, "agree-once", "4.6", "seat police has already agreed")
    assert_broken(proposer, "agree-once", "4.6", "seat dc-2 has already agreed")
    d = ledger.decision_state("grant")
    assert d.status == "proposed"
    assert [a.seat for a in d.agreeing] == ["dc-2", "police"]


@freeze_time(NOW)
def test_daventry_4_6_no_approval_once_taken(new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    taken_decision(ledger)

    # when
    refused = refusal(ledger, InvalidInput, lambda: ledger.approve_decision(
        "grant", "dc-3", on=on("2026-03-04")))

    # then
    assert_says(refused, "decision 'grant' is already taken")
    d = ledger.decision_state("grant")
    assert (d.status, [a.seat for a in d.agreeing]) == ("taken", ["dc-1", "dc-2"])


@freeze_time(NOW)
def test_a_withdrawn_proposal_takes_no_approval_and_is_never_reported(
    new_ledger: NewLedger,
) -> None:
    # given: bob proposes and withdraws
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")
    done = ledger.withdraw_decision("grant", "  the funder extended its deadline ",
                                    on(PROPOSED))
    assert [r.event for r in done] == ["Withdrawn"]
    executive_meeting(ledger)

    # when
    approving = refusal(ledger, InvalidInput, lambda: ledger.approve_decision(
        "grant", "dc-1", on=on("2026-03-03")))
    reporting = refusal(ledger, InvalidInput, lambda: ledger.report_decision(
        "grant", "exec-1", "ratified"))
    again = refusal(ledger, InvalidInput, lambda: ledger.withdraw_decision(
        "grant", "still no", on("2026-03-03")))

    # then
    assert_says(approving, "decision 'grant' is already withdrawn")
    assert_says(reporting, "decision 'grant' is withdrawn")
    assert_says(again, "already withdrawn")
    withdrawn = [e for e in ledger.events.get(entity_id("decision", "grant"))
                 if isinstance(e, Decision.Withdrawn)]
    assert [(e.reason, e.effective) for e in withdrawn] == [
        ("the funder extended its deadline", on(PROPOSED))]
    assert ledger.decision_state("grant").status == "withdrawn"


@freeze_time(NOW)
def test_a_proposal_is_withdrawn_with_a_reason_and_not_once_taken(
    new_ledger: NewLedger,
) -> None:
    # given: 'grant' is taken, 'other' only proposed
    ledger = daventry(new_ledger)
    taken_decision(ledger)
    propose(ledger, "dc-2", slug="other")

    # when
    after_taken = refusal(ledger, InvalidInput, lambda: ledger.withdraw_decision(
        "grant", "changed our minds", on("2026-03-04")))
    no_reason = refusal(ledger, InvalidInput, lambda: ledger.withdraw_decision(
        "other", "   ", on("2026-03-04")))

    # then
    assert_says(after_taken, "decision 'grant' is already taken", "cannot be withdrawn")
    assert_says(no_reason, "say why the proposal is withdrawn")
    assert ledger.decision_state("grant").status == "taken"
    assert ledger.decision_state("other").status == "proposed"


@freeze_time(NOW)
def test_an_approval_is_not_dated_before_the_proposal(new_ledger: NewLedger) -> None:
    # given: proposed on 2 March
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")

    # when: the chair's approval is dated 1 March
    refused = refusal(ledger, InvalidInput, lambda: ledger.approve_decision(
        "grant", "dc-1", on=on("2026-03-01")))

    # then
    assert_says(refused, "proposed on 2026-03-02", "cannot be approved before")
    assert ledger.decision_state("grant").status == "proposed"


@freeze_time(NOW)
def test_a_decision_is_never_taken_before_an_agreement_it_counts(
    new_ledger: NewLedger,
) -> None:
    # given: bob proposes on 2 March; erin's approval of 6 March is recorded first
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")
    ledger.approve_decision("grant", "police", on=on("2026-03-06"))

    # when: carol's approval, dated 4 March, is recorded afterwards
    before = event_count(ledger)
    try:
        ledger.approve_decision("grant", "dc-3", on=on("2026-03-04"))
    except LedgerError:
        # refusing an approval dated before the latest one is one acceptable answer
        assert event_count(ledger) == before
        return

    # then: if it is taken, it is taken no earlier than the last of the three agreements
    d = ledger.decision_state("grant")
    assert d.status == "taken" and d.taken_on is not None
    assert d.taken_on >= max(a.when for a in d.agreeing)


# ---------------------------------------------------------------------------- terms amended


@freeze_time(NOW)
def test_daventry_4_6_each_approval_is_judged_by_the_terms_in_force_on_its_day(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    """Version 2 of Daventry's terms (written for the test) raises chair_plus to 2 from
    3 March: a proposal of 2 March is judged, approval by approval, by version 2."""
    # given: bob proposes under version 1
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")
    text = daventry_text()
    assert "chair_plus = 1\n" in text
    ledger.adopt_terms(write_terms(text.replace("chair_plus = 1\n", "chair_plus = 2\n")),
                       on("2026-03-03"))

    # when: the chair approves on 4 March; under version 1 that would have been enough
    first = ledger.approve_decision("grant", "dc-1", on=on("2026-03-04"))

    # then
    assert [r.event for r in first] == ["Approved"]
    assert ledger.decision_state("grant").status == "proposed"

    # when: carol approves too
    second = ledger.approve_decision("grant", "dc-3", on=on("2026-03-05"))

    # then: taken under version 2, and the evidence says so
    assert [r.event for r in second] == ["Approved", "Taken"]
    event = taken(ledger)
    assert (event.route, event.clause, event.terms_version) == ("chair-plus", "4.6", 2)
    assert event.reason == ("the chair and 2 other member(s) agree; clause 4.6 needs the "
                            "chair and 2")
    proposed = next(e for e in ledger.events.get(entity_id("decision", "grant"))
                    if isinstance(e, Decision.Proposed))
    assert proposed.terms_version == 1
    assert ledger.decision_state("grant").evidence == {
        "route": "chair-plus", "reason": event.reason, "clause": "4.6", "terms_version": 2}


@freeze_time(NOW)
def test_no_approval_once_the_terms_no_longer_provide_for_decisions_between_meetings(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    """Version 2 of Daventry's terms (written for the test) drops the executive's
    between_meetings section from 3 March."""
    # given
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")
    text = daventry_text()
    start = text.index("[bodies.executive.between_meetings]")
    end = text.index("[bodies.executive.agenda]")
    ledger.adopt_terms(write_terms(text[:start] + text[end:]), on("2026-03-03"))

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.approve_decision(
        "grant", "dc-1", on=on("2026-03-04")))

    # then: judged by version 2; an approval dated under version 1 is still accepted
    assert_broken(refused, "between-meetings", "4", "make no provision")
    assert isinstance(refused, RuleBroken) and refused.terms_version == 2
    ledger.approve_decision("grant", "dc-1", on=on("2026-03-02"))
    assert taken(ledger).terms_version == 1


# ---------------------------------------------------------------------------- interests


@freeze_time(LATER)
def test_daventry_6_4_interests_are_declared_on_a_decision_until_it_is_reported(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger = daventry(new_ledger)
    taken_decision(ledger)

    # when
    done = ledger.declare_decision_interest("grant", "bob", "personal",
                                            "  trustee of the Volunteer Centre ",
                                            on("2026-03-03"))
    executive_meeting(ledger)
    ledger.report_decision("grant", "exec-1", "noted")
    refused = refusal(ledger, InvalidInput, lambda: ledger.declare_decision_interest(
        "grant", "carol", "personal", on=on("2026-03-21")))

    # then
    assert [r.event for r in done] == ["InterestDeclared"]
    assert_says(refused, "decision 'grant' is reported")
    assert ledger.decision_state("grant").interests == [
        {"person": "bob", "nature": "personal", "note": "trustee of the Volunteer Centre"}]


# ---------------------------------------------------------------------------- reporting


@freeze_time(NOW)
@pytest.mark.parametrize(("outcome", "reason"), [
    ("ratified", ""), ("noted", ""), ("rescinded", "the bid was withdrawn by the funder"),
])
def test_daventry_4_6_a_taken_decision_is_reported_to_the_following_executive_meeting(
    new_ledger: NewLedger, outcome: str, reason: str,
) -> None:
    # given: taken on 3 March; the Executive meets on 20 March with three voting members
    ledger = daventry(new_ledger)
    taken_decision(ledger)
    executive_meeting(ledger)

    # when
    done = ledger.report_decision("grant", "exec-1", outcome, reason)

    # then: the report takes effect at the meeting
    assert [(r.entity, r.event) for r in done] == [("decision:grant", "Reported"),
                                                   ("meeting:exec-1", "ReportReceived")]
    d = ledger.decision_state("grant")
    assert d.status == "reported"
    assert d.report == {"meeting": "exec-1", "outcome": outcome, "reason": reason}
    reported = next(e for e in ledger.events.get(entity_id("decision", "grant"))
                    if isinstance(e, Decision.Reported))
    assert reported.effective == on(MEETING)
    assert d.evidence is not None and d.evidence["route"] == "chair-plus"  # untouched


@freeze_time(NOW)
def test_daventry_4_6_reported_to_a_meeting_of_the_executive_not_another_body(
    new_ledger: NewLedger,
) -> None:
    # given: the Forum meets on the same day, with its member present
    ledger = daventry(new_ledger)
    taken_decision(ledger)
    ledger.schedule_meeting("forum", "forum-1", on(MEETING))
    ledger.attend("forum-1", "forum-1")

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.report_decision(
        "grant", "forum-1", "ratified"))

    # then
    assert_broken(refused, "report-to", "4.6", "reported to a meeting of 'executive'",
                  "not 'forum'")
    assert ledger.decision_state("grant").status == "taken"


@freeze_time(NOW)
def test_daventry_4_5_reported_only_to_a_quorate_meeting(new_ledger: NewLedger) -> None:
    # given: two voting members and the Chamber attend
    ledger = daventry(new_ledger)
    taken_decision(ledger)
    executive_meeting(ledger, present=("dc-1", "dc-2", "chamber"))

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.report_decision(
        "grant", "exec-1", "ratified"))

    # then
    assert_broken(refused, "quorum", "4.5", "not quorate",
                  "2 voting members present; clause 4.5 requires 3")
    assert ledger.decision_state("grant").status == "taken"


@freeze_time(NOW)
def test_reported_only_to_an_open_meeting(new_ledger: NewLedger) -> None:
    # given: the meeting was quorate, then closed
    ledger = daventry(new_ledger)
    taken_decision(ledger)
    executive_meeting(ledger)
    ledger.close_meeting("exec-1")

    # when
    refused = refusal(ledger, InvalidInput, lambda: ledger.report_decision(
        "grant", "exec-1", "ratified"))

    # then
    assert_says(refused, "meeting 'exec-1' is closed")
    assert ledger.decision_state("grant").status == "taken"


@freeze_time(NOW)
def test_rescinding_a_decision_records_why(new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    taken_decision(ledger)
    executive_meeting(ledger)

    # when
    no_reason = refusal(ledger, InvalidInput, lambda: ledger.report_decision(
        "grant", "exec-1", "rescinded", "  "))
    no_outcome = refusal(ledger, InvalidInput, lambda: ledger.report_decision(
        "grant", "exec-1", "approved"))

    # then
    assert_says(no_reason, "say why the meeting rescinded the decision")
    assert_says(no_outcome, "ratified, noted, endorsed, rescinded", "'approved'")
    assert ledger.decision_state("grant").status == "taken"


@freeze_time(LATER)
def test_only_a_taken_decision_is_reported_and_only_once(new_ledger: NewLedger) -> None:
    # given: 'grant' is taken and reported; 'other' is only proposed
    ledger = daventry(new_ledger)
    taken_decision(ledger)
    propose(ledger, "dc-2", slug="other")
    executive_meeting(ledger)
    ledger.report_decision("grant", "exec-1", "ratified")

    # when
    proposed = refusal(ledger, InvalidInput, lambda: ledger.report_decision(
        "other", "exec-1", "ratified"))
    twice = refusal(ledger, InvalidInput, lambda: ledger.report_decision(
        "grant", "exec-1", "noted"))
    approving = refusal(ledger, InvalidInput, lambda: ledger.approve_decision(
        "grant", "dc-3", on=on("2026-03-21")))
    withdrawing = refusal(ledger, InvalidInput, lambda: ledger.withdraw_decision(
        "grant", "too late", on("2026-03-21")))

    # then
    assert_says(proposed, "decision 'other' is not yet taken")
    assert_says(twice, "decision 'grant' is already reported")
    assert_says(approving, "decision 'grant' is already reported")
    assert_says(withdrawing, "decision 'grant' is already reported")
    assert ledger.decision_state("grant").report == {"meeting": "exec-1",
                                                     "outcome": "ratified", "reason": ""}
    assert ledger.decision_state("other").status == "proposed"


@freeze_time(NOW)
def test_reported_to_a_meeting_held_on_or_after_the_day_it_was_taken(
    new_ledger: NewLedger,
) -> None:
    # given: taken on 3 March; one meeting on 2 March, another that evening
    ledger = daventry(new_ledger)
    taken_decision(ledger)
    executive_meeting(ledger, slug="exec-before", day="2026-03-02T18:30")
    executive_meeting(ledger, slug="exec-same-day", day="2026-03-03T18:30")

    # when
    refused = refusal(ledger, InvalidInput, lambda: ledger.report_decision(
        "grant", "exec-before", "ratified"))
    done = ledger.report_decision("grant", "exec-same-day", "ratified")

    # then
    assert_says(refused, "taken on 2026-03-03", "held after that")
    assert [r.event for r in done] == ["Reported", "ReportReceived"]
    d = ledger.decision_state("grant")
    assert d.report is not None and d.report["meeting"] == "exec-same-day"
    reported = next(e for e in ledger.events.get(entity_id("decision", "grant"))
                    if isinstance(e, Decision.Reported))
    assert reported.effective == utc("2026-03-03 18:30:00")


# --------------------------------------------------------------------------------------
# A proposal that is not taken before the body meets lapses
# --------------------------------------------------------------------------------------


@freeze_time(LATER)
def test_daventry_4_6_a_proposal_not_taken_before_the_executive_meets_lapses(
        new_ledger: NewLedger) -> None:
    # given a member's proposal with one approval (not yet taken), and the Executive
    # meeting after it, so the matter is no longer one that cannot wait for a meeting
    ledger = daventry(new_ledger)
    propose(ledger, "dc-2")
    ledger.approve_decision("grant", "dc-3", on=on("2026-03-03"))
    executive_meeting(ledger)
    store = ReadStore(ledger)
    warned = [w for w in warnings.check(store, on("2026-03-21")).warnings
              if w.rule == "proposal-lapsed"]

    # when the secretariat records that it lapsed
    ledger.lapse_decision("grant", "Not taken before the Executive met", on("2026-03-21"))

    # then the check warned of it before, and no longer does; it takes no more approvals
    assert [w.clause for w in warned] == ["4.6"]
    assert "(grant)" in warned[0].message and "exec-1" in warned[0].message
    assert ledger.decision_state("grant").status == "lapsed"
    assert [w for w in warnings.check(store, on("2026-03-21")).warnings
            if w.rule == "proposal-lapsed"] == []
    refused = refusal(ledger, InvalidInput,
                      lambda: ledger.approve_decision("grant", "dc-1", on=on("2026-03-22")))
    assert_says(refused, "already lapsed")


@freeze_time(NOW)
def test_a_lapse_needs_a_reason_and_an_untaken_proposal(new_ledger: NewLedger) -> None:
    # given a taken decision and an open proposal
    ledger = daventry(new_ledger)
    taken_decision(ledger)
    propose(ledger, "dc-2", "other")

    # when either is lapsed wrongly
    no_reason = refusal(ledger, InvalidInput,
                        lambda: ledger.lapse_decision("other", "  ", on("2026-03-04")))
    already = refusal(ledger, InvalidInput,
                      lambda: ledger.lapse_decision("grant", "late", on("2026-03-04")))
    early = refusal(ledger, InvalidInput,
                    lambda: ledger.lapse_decision("other", "late", on("2026-03-01")))

    # then each is refused, saying why, and nothing is recorded
    assert_says(no_reason, "say why the proposal lapsed")
    assert_says(already, "already taken")
    assert_says(early, "was proposed on 2026-03-02")


@freeze_time(NOW)
def test_a_prejudicial_interest_excludes_its_declarer_from_approving_where_terms_say_so(
        new_ledger: NewLedger, write_terms: WriteTerms) -> None:
    # given Daventry's terms amended so that a prejudicial interest excludes (clause 6.4a),
    # and a proposal in which carol has declared a prejudicial interest
    text = read_terms_file(example("daventry"))[0].replace(
        'prejudicial_excludes = false\nclause = "6.4"',
        'prejudicial_excludes = true\nclause = "6.4a"')
    assert 'clause = "6.4a"' in text
    ledger = daventry(new_ledger)
    ledger.adopt_terms(write_terms(text), on("2026-02-15"))
    propose(ledger, "dc-2")
    ledger.declare_decision_interest("grant", "carol", "prejudicial", "Trustee",
                                     on("2026-03-02"))

    # when carol approves it, and then dan, who declared nothing
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.approve_decision("grant", "dc-3", on=on("2026-03-03")))
    ledger.approve_decision("grant", "ccg", on=on("2026-03-03"))

    # then carol is refused, citing the clause; dan's approval counts
    assert_broken(refused, "prejudicial-interest", "6.4a", "carol")
    assert [a.seat for a in ledger.decision_state("grant").agreeing] == ["dc-2", "ccg"]
