"""Issue 11, meetings: quorum and votes where the terms are silent, the future, apologies,
corrections, and a report racing a close.

Each test reproduces one numbered item of issue 11 through the `Ledger` application or
the `lsp` command, given / when / then, the clock pinned with freezegun. A test marked
`xfail(strict=True)` fails today because of the bug it names: the fix must remove the
mark. Choices made here for the fixes:

- item 3: where the terms set no quorum, at least one voting member must be present
  (rule `quorum`, clause "ledger rule");
- item 4: where the terms give no voting rule, votes are recorded and decided by a simple
  majority of those voting, with no casting vote, and the outcome says so;
- item 8: a meeting, vote, decision or review dated after now is refused as InvalidInput;
- item 13: `retract` corrects an approval between meetings, a vote, and a meeting's
  scheduling, each by a new event naming the old.
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
from ledger.errors import InvalidInput, LedgerError, RuleBroken
from tests.conftest import event_count, on
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


def meeting(ledger: Ledger, body: str = "board", slug: str = "b-1", day: str = MEETING
            ) -> str:
    ledger.schedule_meeting(body, slug, on(day))
    ledger.add_agenda_item(slug, "budget", "The budget")
    return slug


def tower_hamlets_board(new_ledger: NewLedger) -> Ledger:
    """The Tower Hamlets Partnership Board (terms silent on quorum and votes): seats
    council (lutfur, the chair), police (pam), health (hal)."""
    ledger = new_ledger(example("tower-hamlets"))
    ledger.add_org("council", "Council")
    ledger.add_person("lutfur", "Lutfur", category="leader-of-the-council")
    for person in ("pam", "hal"):
        ledger.add_person(person, person.title())
    seated(ledger, "board", "council", "council", "lutfur", category="leader-of-the-council")
    seated(ledger, "board", "police", "council", "pam")
    seated(ledger, "board", "health", "council", "hal")
    ledger.assign_role("board", "chair", "council", on("2026-02-01"))
    return ledger


def minutes(lsp: Lsp, slug: str = "b-1") -> dict[str, Any]:
    result = lsp("report", "minutes", slug, "--format", "json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


# ---------------------------------------------------------------- item 3: quorate with nobody


@freeze_time(NOW)
def test_a_meeting_of_nobody_is_not_quorate_where_the_terms_are_silent_ledger_rule(
    new_ledger: NewLedger,
) -> None:
    # given: a Tower Hamlets Board meeting nobody has attended
    ledger = tower_hamlets_board(new_ledger)
    meeting(ledger, "board")

    # when: a consensus is recorded
    refused = refusal(ledger, RuleBroken, lambda: ledger.decide_by_consensus(
        "b-1", "budget", "Agreed"))

    # then: refused by the quorum rule of the ledger; the quorum says not quorate
    assert_broken(refused, "quorum", "ledger rule")
    assert not ledger.quorum("b-1").quorate


@freeze_time(NOW)
def test_one_voting_member_present_is_quorate_where_the_terms_are_silent(
    new_ledger: NewLedger,
) -> None:
    # given: a Tower Hamlets Board meeting
    ledger = tower_hamlets_board(new_ledger)
    meeting(ledger, "board")

    # when: one member attends
    ledger.attend("b-1", "police")

    # then: the meeting is quorate (the terms invent no number)
    count = ledger.quorum("b-1")
    assert (count.quorate, count.present_voting, count.required) == (True, 1, None)


# ---------------------------------------------------------------- item 4: votes, terms silent


@freeze_time(NOW)
def test_votes_where_the_terms_are_silent_are_decided_by_simple_majority_ledger_rule(
    new_ledger: NewLedger, lsp: Lsp,
) -> None:
    # given: three members of the Tower Hamlets Board present
    ledger = tower_hamlets_board(new_ledger)
    meeting(ledger, "board")
    for seat in ("council", "police", "health"):
        ledger.attend("b-1", seat)

    # when: they vote two for, one against, and the vote closes
    ledger.cast_vote("b-1", "budget", "council", "for")
    ledger.cast_vote("b-1", "budget", "police", "for")
    ledger.cast_vote("b-1", "budget", "health", "against")
    ledger.close_vote("b-1", "budget")

    # then: carried, and the outcome names the default applied
    vote = minutes(lsp)["items"][0]["vote"]
    assert (vote["result"], vote["votes_for"], vote["votes_against"]) == ("carried", 2, 1)
    assert "simple majority of those voting" in vote["reason"]
    assert "no casting vote" in vote["reason"]


@freeze_time(NOW)
def test_no_casting_vote_where_the_terms_are_silent(new_ledger: NewLedger) -> None:
    # given: a tie on the Tower Hamlets Board, the chair present
    ledger = tower_hamlets_board(new_ledger)
    meeting(ledger, "board")
    for seat in ("council", "police"):
        ledger.attend("b-1", seat)
    ledger.cast_vote("b-1", "budget", "council", "for")
    ledger.cast_vote("b-1", "budget", "police", "against")

    # when: the chair gives a casting vote
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.close_vote("b-1", "budget", casting="for"))

    # then: refused: the terms give no casting vote
    assert_broken(refused, "casting-vote", "Partnership Board")


# ---------------------------------------------------------------- item 8: the future


FUTURE = "2027-03-20"


@freeze_time(NOW)
@pytest.mark.parametrize("action", ["attend", "apologies", "vote", "consensus", "close"])
def test_a_meeting_not_yet_held_records_nothing_ledger_rule(
    new_ledger: NewLedger, write_terms: WriteTerms, action: str,
) -> None:
    # given: a meeting scheduled for next year
    ledger = board(new_ledger, write_terms)
    meeting(ledger, day=FUTURE)
    do: dict[str, Callable[[], object]] = {
        "attend": lambda: ledger.attend("b-1", "s1"),
        "apologies": lambda: ledger.send_apologies("b-1", "s2"),
        "vote": lambda: ledger.cast_vote("b-1", "budget", "s1", "for"),
        "consensus": lambda: ledger.decide_by_consensus("b-1", "budget", "Agreed"),
        "close": lambda: ledger.close_meeting("b-1"),
    }

    # when: something is recorded at it today
    refused = refusal(ledger, InvalidInput, do[action])

    # then: refused, saying when the meeting is
    assert FUTURE in str(refused)


@freeze_time(NOW)
@pytest.mark.parametrize("action", ["propose", "approve", "review"])
def test_what_has_not_happened_yet_is_not_recorded_ledger_rule(
    new_ledger: NewLedger, write_terms: WriteTerms, action: str,
) -> None:
    # given: a proposal made today
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s2", on=on("2026-03-20"))
    do: dict[str, Callable[[], object]] = {
        "propose": lambda: ledger.propose_decision("board", "d2", "Later", "s3",
                                                   on=on("2027-01-01")),
        "approve": lambda: ledger.approve_decision("d1", "s3", on=on("2027-01-01")),
        "review": lambda: ledger.review_membership("board", "Annual review",
                                                   on("2030-01-01")),
    }

    # when: it is dated in the future
    # then: refused, nothing recorded
    refusal(ledger, InvalidInput, do[action])


# ---------------------------------------------------------------- item 11: apologies


@freeze_time(NOW)
def test_apologies_stand_when_a_deputy_attends_3_2(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: dan (s4) sends apologies
    ledger = board(new_ledger, write_terms)
    meeting(ledger)
    ledger.send_apologies("b-1", "s4")

    # when: frank, his deputy, attends in his place
    ledger.attend("b-1", "s4", as_deputy=True)

    # then: the minutes list dan's apologies and frank as the deputy
    m = minutes(lsp)
    assert [(a["seat"], a["person"]) for a in m["apologies"]] == [("s4", "dan")]
    assert [(d["seat"], d["person"]) for d in m["deputies"]] == [("s4", "frank")]


# ---------------------------------------------------------------- item 13: corrections


@freeze_time(NOW)
def test_an_approval_between_meetings_is_correctable_by_a_new_event(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: s2 proposes, and an approval is recorded for s3 by mistake
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s2", on=on("2026-03-01"))
    ledger.approve_decision("d1", "s3", on=on("2026-03-02"))
    before = event_count(ledger)

    # when: the approval (event 2 of the decision) is retracted
    ledger.retract("decision:d1", 2, "s3 never approved", on("2026-03-03"))

    # then: one new event, and the approval no longer counts
    assert event_count(ledger) == before + 1
    assert [a.seat for a in ledger.decision_state("d1").agreeing] == ["s2"]


@freeze_time(NOW)
def test_a_vote_is_correctable_by_a_new_event(new_ledger: NewLedger,
                                             write_terms: WriteTerms) -> None:
    # given: three present, and a vote recorded for s1 by mistake
    ledger = board(new_ledger, write_terms)
    meeting(ledger)
    for seat in ("s1", "s2", "s3"):
        ledger.attend("b-1", seat)
    ledger.cast_vote("b-1", "budget", "s1", "against")
    version = ledger.meeting_state("b-1").version

    # when: that vote is retracted
    ledger.retract("meeting:b-1", version, "s1 voted for, not against")

    # then: s1 has no vote on the item, and may cast the right one
    assert "s1" not in ledger.meeting_state("b-1").state.item("budget").votes
    ledger.cast_vote("b-1", "budget", "s1", "for")


@freeze_time(NOW)
def test_a_meetings_date_is_correctable_by_a_new_event(new_ledger: NewLedger,
                                                      write_terms: WriteTerms) -> None:
    # given: a meeting scheduled on the wrong date
    ledger = board(new_ledger, write_terms)
    meeting(ledger)
    before = event_count(ledger)

    # when: its scheduling (event 1) is corrected
    ledger.retract("meeting:b-1", 1, "it was held on the 21st")

    # then: the correction is recorded as a new event, and the meeting as scheduled is void
    # (it is scheduled again, on its day, under a new id)
    assert event_count(ledger) == before + 1
    assert ledger.meeting_state("b-1").state.void == "it was held on the 21st"


# ---------------------------------------------------------------- item 16: a race


@freeze_time(NOW)
def test_a_report_racing_a_close_is_refused_daventry_4_6(
    new_ledger: NewLedger, write_terms: WriteTerms, store: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: a decision taken between meetings, and a quorate open meeting
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "Grant", "s1", on=on("2026-03-01"))
    ledger.approve_decision("d1", "s2", on=on("2026-03-02"))
    meeting(ledger)
    for seat in ("s1", "s2", "s3"):
        ledger.attend("b-1", seat)
    other = Ledger(store, "someone-else")
    judged = rules.reported_to

    def close_meanwhile(*args: Any) -> rules.Verdict:
        if not other.meeting_state("b-1").state.closed:
            other.close_meeting("b-1")  # between the report's read and its write
        return judged(*args)

    monkeypatch.setattr(rules, "reported_to", close_meanwhile)

    # when: the report is recorded while someone else closes the meeting
    with pytest.raises(LedgerError):
        ledger.report_decision("d1", "b-1", "ratified")

    # then: the meeting closed first, so the report is refused and nothing of it recorded
    assert ledger.decision_state("d1").report is None
