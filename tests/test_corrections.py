"""Issue 11 items 8, 13 and 16 beyond their first tests (tests/test_every_path_meetings.py):
what a correction records and what reads it, the future refused on every path, and a
membership request racing a close.

Given / when / then, on the board of tests/helpers.py's EVERY_RULE terms (seats s1..s4 of
alice, bob, carol and dan; the chair in s1; quorum 3, 5.1; between meetings the chair and
one other, or three without the chair, 6.1), the clock pinned with freezegun.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from freezegun import freeze_time

from ledger import rules
from ledger.app import Ledger
from ledger.decision import fold_decision
from ledger.errors import InvalidInput, LedgerError
from projections import decisions, meetings
from projections.catchup import ReadStore
from projections.reader import reading
from tests.conftest import event_count, on
from tests.helpers import EVERY_RULE, assert_says, every_rule_board, refusal

NewLedger = Callable[..., Ledger]
WriteTerms = Callable[[str], str]
Lsp = Callable[..., Result]

NOW = "2026-03-20 21:00:00"  # the evening of the board's meeting of 20 March
MEETING = "2026-03-20"


def board(new_ledger: NewLedger, write_terms: WriteTerms) -> Ledger:
    return every_rule_board(new_ledger(write_terms(EVERY_RULE)))


def meeting(ledger: Ledger, slug: str = "b-1", day: str = MEETING,
            present: tuple[str, ...] = ()) -> str:
    ledger.schedule_meeting("board", slug, on(day))
    ledger.add_agenda_item(slug, "budget", "The budget")
    for seat in present:
        ledger.attend(slug, seat)
    return slug


def version_of(ledger: Ledger, slug: str, kind: str, **data: Any) -> int:
    """The version of the meeting's first event of `kind` whose data has `data`."""
    return next(f.version for f in ledger.meeting_state(slug).facts
                if f.kind == kind and all(f.data.get(k) == v for k, v in data.items()))


def json_of(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------- item 13: decisions


@freeze_time(NOW)
def test_a_correction_records_who_when_why_and_what_it_corrects_and_the_audit_shows_both(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: s2 proposes, and an approval is recorded for s3 by mistake
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s2", on=on("2026-03-01"))
    ledger.approve_decision("d1", "s3", on=on("2026-03-02"))

    # when: the clerk retracts it at the command line, with --json
    doc = json_of(lsp("correct", "decision:d1", "2", "--reason", "carol never approved",
                      "--json"))

    # then: one Retracted event naming event 2, and the audit trail keeps both
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [("decision:d1", "Retracted")]
    trail = json_of(lsp("audit", "--entity", "decision:d1", "--json"))["events"]
    assert [(e["version"], e["event"]) for e in trail] == [
        (1, "Proposed"), (2, "Approved"), (3, "Retracted")]
    assert trail[1]["changes"]["seat"] == "s3"
    assert trail[2]["changes"] == {"version": 2, "reason": "carol never approved"}
    assert trail[2]["actor"] == "tester"
    assert trail[2]["effective"] == "2026-03-20T21:00:00+00:00"


@freeze_time(NOW)
def test_an_approval_that_took_a_decision_is_retracted_with_its_taking_6_1(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: the chair proposes and s2's approval takes it (the chair and one other, 6.1)
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s1", on=on("2026-03-01"))
    ledger.approve_decision("d1", "s2", on=on("2026-03-02"))
    assert ledger.decision_state("d1").status == "taken"

    # when: s2's approval is retracted, and s3 approves
    ledger.retract("decision:d1", 2, "bob was on leave", on("2026-03-03"))
    untaken = ledger.decision_state("d1")
    ledger.approve_decision("d1", "s3", on=on("2026-03-04"))

    # then: the retraction undid the taking; s3's approval took it again, with s1 and s3
    assert (untaken.status, untaken.taken_on, untaken.evidence) == ("proposed", None, None)
    d = ledger.decision_state("d1")
    assert d.status == "taken" and d.taken_on == on("2026-03-04")
    assert [a.seat for a in d.agreeing] == ["s1", "s3"]
    assert [a["seat"] for a in d.state.taken_agreeing] == ["s1", "s3"]


@freeze_time(NOW)
def test_the_read_models_apply_a_decisions_correction(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: a decision taken by the chair and s2, whose approval is then retracted
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s1", on=on("2026-03-01"))
    ledger.approve_decision("d1", "s2", on=on("2026-03-02"))
    ledger.retract("decision:d1", 2, "bob was on leave", on("2026-03-03"))
    store = ReadStore(ledger)

    # when: the decision is read from the read models
    view = decisions.show(store, "d1")
    with reading(store) as reader:
        folded = fold_decision(reader.facts("decision", "d1"))
        as_of = decisions.DecisionReader(reader).decisions(["d1"], on("2026-03-02"))

    # then: no approval, not taken, the correction listed; the read side's fold is the
    # aggregate's, and the approval is gone as of any date
    assert (view.status, view.approvals, view.taken_on) == ("proposed", [], None)
    assert [(c.version, c.event, c.reason, c.actor) for c in view.corrections] == [
        (2, "Approved", "bob was on leave", "secretariat")]
    assert "seat s2 (Bob)" in view.corrections[0].what
    assert folded == ledger.decision_state("d1").state
    assert [d.status for d in as_of] == ["proposed"]
    assert decisions.pending(store, "board").decisions == []


@freeze_time(NOW)
@pytest.mark.parametrize(("version", "says"), [
    (1, "event 1 of decision 'd1' is a Proposed: only Approved, Declined, InterestDeclared, "
        "Lapsed, Withdrawn can be retracted; withdraw the proposal instead"),
    (3, "event 3 of decision 'd1' is a Taken"),
    (4, "event 4 of decision 'd1' is a Reported"),
    (2, "event 2 of decision 'd1' is a Approved, and the decision was reported to meeting "
        "'b-1': the approval stands"),
    (9, "cannot retract event 9 of decision 'd1': no such event"),
])
def test_a_reported_decision_and_its_approvals_stand_6_1(
    new_ledger: NewLedger, write_terms: WriteTerms, version: int, says: str,
) -> None:
    # given: a decision taken by the chair and s2, and reported to a quorate meeting
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s1", on=on("2026-03-01"))
    ledger.approve_decision("d1", "s2", on=on("2026-03-02"))
    meeting(ledger, present=("s1", "s2", "s3"))
    ledger.report_decision("d1", "b-1", "ratified")

    # when: one of its events is retracted
    refused = refusal(ledger, InvalidInput,
                      lambda: ledger.retract("decision:d1", version, "a mistake"))

    # then: refused, saying why, and the decision still reported
    assert_says(refused, says)
    assert ledger.decision_state("d1").status == "reported"


@freeze_time(NOW)
def test_a_withdrawal_retracted_reopens_the_proposal(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: a proposal withdrawn by mistake
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s1", on=on("2026-03-01"))
    ledger.withdraw_decision("d1", "recorded against the wrong proposal", on("2026-03-02"))

    # when: the withdrawal is retracted
    ledger.retract("decision:d1", 2, "the other proposal was withdrawn", on("2026-03-03"))

    # then: it is proposed again, and an approval takes it
    assert ledger.decision_state("d1").status == "proposed"
    ledger.approve_decision("d1", "s2", on=on("2026-03-04"))
    assert ledger.decision_state("d1").status == "taken"


# ---------------------------------------------------------------- item 13: meetings


@freeze_time(NOW)
def test_a_vote_retracted_and_cast_again_is_what_the_tally_and_the_minutes_count(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: three present; s1's vote recorded against instead of for
    ledger = board(new_ledger, write_terms)
    meeting(ledger, present=("s1", "s2", "s3"))
    ledger.cast_vote("b-1", "budget", "s1", "against")
    ledger.cast_vote("b-1", "budget", "s2", "for")
    wrong = version_of(ledger, "b-1", "VoteCast", seat="s1")

    # when: it is retracted, cast again, and the vote closed
    ledger.retract("meeting:b-1", wrong, "alice voted for")
    ledger.cast_vote("b-1", "budget", "s1", "for")
    ledger.close_vote("b-1", "budget")

    # then: the outcome counts s1 once, for; the minutes say what was corrected and why
    outcome = ledger.meeting_state("b-1").state.item("budget").outcome
    assert outcome is not None
    assert (outcome["result"], outcome["votes_for"], outcome["votes_against"]) == (
        "carried", 2, 0)
    minutes = json_of(lsp("report", "minutes", "b-1", "--format", "json"))
    [correction] = minutes["corrections"]
    assert (correction["version"], correction["event"], correction["reason"]) == (
        wrong, "VoteCast", "alice voted for")
    assert correction["what"] == "the vote of Alice on The budget: against"


@freeze_time(NOW)
def test_an_outcome_is_retracted_while_the_meeting_is_open_and_stands_once_closed(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: the budget carried, with s1's vote miscast
    ledger = board(new_ledger, write_terms)
    meeting(ledger, present=("s1", "s2", "s3"))
    for seat, choice in (("s1", "for"), ("s2", "for"), ("s3", "against")):
        ledger.cast_vote("b-1", "budget", seat, choice)
    ledger.close_vote("b-1", "budget")
    vote = version_of(ledger, "b-1", "VoteCast", seat="s1")
    closed_vote = version_of(ledger, "b-1", "VoteClosed")

    # when: the vote is retracted while the item is decided, then the outcome first
    refused = refusal(ledger, InvalidInput,
                      lambda: ledger.retract("meeting:b-1", vote, "alice voted against"))
    ledger.retract("meeting:b-1", closed_vote, "closed on a miscast vote")
    ledger.retract("meeting:b-1", vote, "alice voted against")
    ledger.cast_vote("b-1", "budget", "s1", "against")
    ledger.close_vote("b-1", "budget")
    ledger.close_meeting("b-1")
    last = version_of(ledger, "b-1", "VoteClosed", votes_against=2)
    after_close = refusal(ledger, InvalidInput,
                          lambda: ledger.retract("meeting:b-1", last, "changed our minds"))

    # then: the vote waited for its outcome; the item was decided again, lost; and once
    # the meeting closed its outcome stands
    assert_says(refused, "on item 'budget', which is decided: retract the outcome first")
    outcome = ledger.meeting_state("b-1").state.item("budget").outcome
    assert outcome is not None and outcome["result"] == "lost"
    assert_says(after_close, "the meeting is closed: a decision is rescinded by a later "
                             "decision")


@freeze_time(NOW)
def test_a_meeting_whose_scheduling_is_retracted_takes_nothing_more_and_is_left_out(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: a decision taken, and the board's meeting scheduled for the wrong day
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s1", on=on("2026-03-01"))
    ledger.approve_decision("d1", "s2", on=on("2026-03-02"))
    meeting(ledger, slug="wrong", day="2026-03-19")

    # when: its scheduling is retracted, and the meeting scheduled again on its day
    ledger.retract("meeting:wrong", 1, "it was held on the 20th")
    attending = refusal(ledger, InvalidInput, lambda: ledger.attend("wrong", "s1"))
    meeting(ledger, slug="b-1", present=("s1", "s2", "s3"))

    # then: nothing more is recorded at the void meeting; the decision is due at the new
    # one; the register and the minutes name only the new one
    assert_says(attending, "meeting 'wrong' was not scheduled: its scheduling was "
                           "retracted (it was held on the 20th)")
    store = ReadStore(ledger)
    due = decisions.show(store, "d1").next_meeting
    assert due is not None and due.meeting == "b-1"
    with reading(store) as reader:
        assert meetings.MinutesBuilder(reader).scheduled("board", None, None) == ["b-1"]
    minutes = json_of(lsp("report", "minutes", "wrong", "--format", "json"))
    assert [c["what"] for c in minutes["corrections"]] == [
        "the scheduling of the meeting for Thursday 19 March 2026"]


@freeze_time(NOW)
def test_a_meetings_scheduling_stands_while_anything_recorded_at_it_does(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: a meeting with one seat recorded present
    ledger = board(new_ledger, write_terms)
    meeting(ledger, present=("s1",))
    attended = version_of(ledger, "b-1", "Attended", seat="s1")

    # when: its scheduling is retracted; then the attendance first, and the scheduling
    refused = refusal(ledger, InvalidInput,
                      lambda: ledger.retract("meeting:b-1", 1, "held on the 21st"))
    ledger.retract("meeting:b-1", attended, "recorded at the wrong meeting")
    ledger.retract("meeting:b-1", 1, "held on the 21st")

    # then: refused while the attendance stood, naming it; accepted once it was retracted
    assert_says(refused, "cannot retract the scheduling of meeting 'b-1' for 2026-03-20",
                f"events {attended} (Attended)", "retract those first")
    assert ledger.meeting_state("b-1").state.void == "held on the 21st"


# ---------------------------------------------------------------- item 8: the future


@freeze_time(NOW)
def test_a_meeting_next_year_is_scheduled_and_its_agenda_sent_but_nothing_held_ledger_rule(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp, store: str,
) -> None:
    # given: the board's meeting of next March, scheduled today with its agenda
    ledger = board(new_ledger, write_terms)
    meeting(ledger, slug="b-2027", day="2027-03-20")
    ledger.publish_agenda("b-2027")
    before = event_count(ledger)

    # when: someone is recorded present at it today, at the command line
    result = lsp("attend", "b-2027", "s1")

    # then: exit 1, naming the meeting's date, nothing recorded
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: meeting 'b-2027' is on 20 March 2027: nothing is recorded at it before it is "
        "held (ledger rule)")
    assert event_count(Ledger(store, "reader")) == before


def test_a_meeting_later_today_is_attended_once_its_time_has_come(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: a meeting at 18:30 today
    with freeze_time("2026-03-20 12:00:00"):
        ledger = board(new_ledger, write_terms)
        meeting(ledger, day="2026-03-20T18:30")

        # when: attendance is recorded at noon, and again at 19:00
        early = refusal(ledger, InvalidInput, lambda: ledger.attend("b-1", "s1"))
    with freeze_time("2026-03-20 19:00:00"):
        ledger.attend("b-1", "s1")

    # then: refused at noon, naming its time; recorded once it was held
    assert_says(early, "meeting 'b-1' is on 2026-03-20 18:30")
    assert "s1" in ledger.meeting_state("b-1").state.present


@freeze_time(NOW)
@pytest.mark.parametrize("action", [
    "publish", "interest", "withdraw", "lapse", "request", "correct",
])
def test_no_act_is_recorded_with_a_date_after_now_ledger_rule(
    new_ledger: NewLedger, write_terms: WriteTerms, action: str,
) -> None:
    # given: a proposal and a meeting next month
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s2", on=on("2026-03-01"))
    meeting(ledger, slug="b-4", day="2026-04-20")
    ledger.add_org("org-b", "Org B")
    tomorrow = on("2026-03-21")
    do: dict[str, Callable[[], object]] = {
        "publish": lambda: ledger.publish_agenda("b-4", tomorrow),
        "interest": lambda: ledger.declare_decision_interest("d1", "bob", "personal",
                                                             "", tomorrow),
        "withdraw": lambda: ledger.withdraw_decision("d1", "not needed", tomorrow),
        "lapse": lambda: ledger.lapse_decision("d1", "the board met", tomorrow),
        "request": lambda: ledger.request_membership("board", "org-b", "r1", tomorrow),
        "correct": lambda: ledger.retract("meeting:b-4", 2, "wrong item", tomorrow),
    }

    # when: it is dated tomorrow
    refused = refusal(ledger, InvalidInput, do[action])

    # then: refused, naming the date
    assert_says(refused, "2026-03-21 is after now (2026-03-20 21:00): only what has "
                         "happened is recorded")


# ---------------------------------------------------------------- item 16: serialised


@freeze_time(NOW)
def test_a_request_decided_racing_a_close_is_refused_ledger_rule(
    new_ledger: NewLedger, write_terms: WriteTerms, store: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: a membership request, and a quorate open meeting of the board
    ledger = board(new_ledger, write_terms)
    ledger.add_org("org-b", "Org B")
    ledger.request_membership("board", "org-b", "r1", on("2026-03-01"))
    meeting(ledger, present=("s1", "s2", "s3"))
    other = Ledger(store, "someone-else")
    judged = rules.membership_request_decider

    def close_meanwhile(*args: Any) -> rules.Verdict:
        if not other.meeting_state("b-1").state.closed:
            other.close_meeting("b-1")  # between the decision's read and its write
        return judged(*args)

    monkeypatch.setattr(rules, "membership_request_decider", close_meanwhile)

    # when: the request is decided while someone else closes the meeting
    with pytest.raises(LedgerError) as refused:
        ledger.decide_membership("r1", "approved", "b-1")

    # then: the close came first, so the decision is refused and nothing of it recorded
    assert_says(refused.value, "meeting 'b-1' is closed")
    assert ledger.meeting_state("b-1").state.requests == {}
    facts = [f.kind for f in ledger.meeting_state("b-1").facts]
    assert facts[-1] == "Closed" and "RequestDecided" not in facts
