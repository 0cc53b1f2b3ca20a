"""The Southwark Alliance: what a thematic partnership agrees is the Alliance's, and the
executive sub-committee's chair.

Recommendation 1, implications: "a plan or strategy agreed by a TP has been agreed by the
Alliance", and the Board "specifically ceases to ... Ratify strategies and plans that have
been debated and agreed by the relevant Thematic Partnership" (terms
`agrees_for_partnership`): the decision register says who agreed it, and no Board paper
lists it. Recommendation 7: "an executive sub-committee, chaired by the Leader of the
Council" (`roles.chair.category`). Each test reads given / when / then; the clock is pinned
with freezegun.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import RuleBroken
from projections import agenda, registers, reported_up
from projections.catchup import ReadStore
from tests.conftest import on
from tests.helpers import assert_broken, example, refusal
from tests.stories import NewLedger

NOW = "2026-07-31 12:00:00"
BEGAN = "2026-01-05"


def with_members(ledger: Ledger, *bodies: str) -> Ledger:
    ledger.add_org("southwark", "Southwark Council")
    ledger.add_person("cllr-kim", "Cllr Kim Ade", category="leader-of-the-council")
    ledger.add_person("cllr-jo", "Cllr Jo Lane", category="executive-member")
    for body in bodies:
        ledger.add_seat(body, f"{body}-1", "southwark", on=on(BEGAN))
        ledger.fill_seat(body, f"{body}-1", "cllr-jo", on(BEGAN))
    return ledger


def agreed_at(ledger: Ledger, body: str, meeting: str, when: str, item: str, title: str
              ) -> None:
    ledger.schedule_meeting(body, meeting, on(when))
    ledger.attend(meeting, f"{body}-1")
    ledger.add_agenda_item(meeting, item, title)
    ledger.decide_by_consensus(meeting, item, f"Agreed the {title.lower()}")


def test_agrees_for_partnership_recommendation_1_the_register_says_the_alliance_agreed(
        new_ledger: NewLedger) -> None:
    # Given Young Southwark agrees its children and young people's plan, and the Board
    # agrees its work programme
    with freeze_time(NOW):
        ledger = with_members(new_ledger(example("southwark-alliance"), BEGAN),
                              "young-southwark", "board")
        agreed_at(ledger, "young-southwark", "ys-2026-03", "2026-03-03T17:00", "cyp-plan",
                  "Children and young people's plan")
        agreed_at(ledger, "board", "board-2026-04", "2026-04-14T17:00", "programme",
                  "Work programme")
        # When the decision register is read
        found = registers.decisions(ReadStore(ledger))
    # Then the plan is the Alliance's, agreed through Young Southwark; the Board's its own
    assert [(e.item, e.decision_maker) for e in found.entries] == [
        ("cyp-plan", "agreed by the Southwark Alliance through Young Southwark "
                     "(Recommendation 1)"),
        ("programme", "Southwark Alliance Board"),
    ]


@pytest.fixture
def reporting_tp(write_terms: Callable[[str], str]) -> Callable[[bool], str]:
    """The example's terms, with Young Southwark reporting its meeting decisions to the
    Board (as a partnership that has not adopted Recommendation 1 would), agreeing for the
    Alliance or not."""
    text = Path(example("southwark-alliance")).read_text(encoding="utf-8")
    old = 'reports_to = "board"\nagrees_for_partnership = true\n'
    assert old in text

    def terms(agrees: bool) -> str:
        new = ('reports_to = [{ body = "board", decisions = true, clause = '
               f'"Recommendation 6" }}]\nagrees_for_partnership = {str(agrees).lower()}\n')
        return write_terms(text.replace(old, new, 1))

    return terms


@pytest.mark.parametrize(("agrees", "listed"), [(True, []), (False, ["ys-2026-03/cyp-plan"])])
def test_agrees_for_partnership_recommendation_1_the_board_no_longer_ratifies_it(
        new_ledger: NewLedger, reporting_tp: Callable[[bool], str], agrees: bool,
        listed: list[str]) -> None:
    # Given Young Southwark, reporting its decisions to the Board, agrees its plan in March
    with freeze_time(NOW):
        ledger = with_members(new_ledger(reporting_tp(agrees), BEGAN),
                              "young-southwark", "board")
        agreed_at(ledger, "young-southwark", "ys-2026-03", "2026-03-03T17:00", "cyp-plan",
                  "Children and young people's plan")
        ledger.schedule_meeting("board", "board-2026-04", on("2026-04-14T17:00"))
        # When the Board's April agenda, its ratification paper and Young Southwark's
        # pending decisions are read
        board_agenda = agenda.agenda(ReadStore(ledger), "board-2026-04")
        paper = agenda.ratification_paper(ReadStore(ledger), "board-2026-04")
        pending = reported_up.pending(ReadStore(ledger), "young-southwark")
    # Then where its decisions are the Alliance's, none lists the plan; otherwise all do
    assert [d.decision for d in board_agenda.decisions_to_report] == listed
    assert [c.decision for c in paper.committee_decisions] == listed
    assert [p.decision for p in pending.decisions] == listed


def test_agrees_for_partnership_recommendation_1_reporting_it_to_the_board_is_refused(
        new_ledger: NewLedger, reporting_tp: Callable[[bool], str]) -> None:
    # Given Young Southwark's plan, agreed for the Alliance, and a Board meeting held since
    with freeze_time(NOW):
        ledger = with_members(new_ledger(reporting_tp(True), BEGAN),
                              "young-southwark", "board")
        agreed_at(ledger, "young-southwark", "ys-2026-03", "2026-03-03T17:00", "cyp-plan",
                  "Children and young people's plan")
        ledger.schedule_meeting("board", "board-2026-04", on("2026-04-14T17:00"))
        ledger.attend("board-2026-04", "board-1")
        # When it is reported to the Board for ratification
        error = refusal(ledger, RuleBroken, lambda: ledger.report_item(
            "ys-2026-03", "cyp-plan", "board-2026-04", "ratified"))
    # Then it is refused, citing Recommendation 1, and nothing is recorded
    assert_broken(error, "report-to", "Recommendation 1",
                  "Young Southwark's decisions are the partnership's own")


def test_role_holder_recommendation_7_the_executive_is_chaired_by_the_leader_of_the_council(
        new_ledger: NewLedger) -> None:
    # Given the executive sub-committee with the Leader's seat and an Executive Member's
    with freeze_time(NOW):
        ledger = new_ledger(example("southwark-alliance"), BEGAN)
        ledger.add_org("southwark", "Southwark Council")
        ledger.add_person("cllr-kim", "Cllr Kim Ade", category="leader-of-the-council")
        ledger.add_person("cllr-jo", "Cllr Jo Lane", category="executive-member")
        ledger.add_seat("executive", "leader", "southwark", category="leader-of-the-council",
                        on=on(BEGAN))
        ledger.fill_seat("executive", "leader", "cllr-kim", on(BEGAN))
        ledger.add_seat("executive", "member", "southwark", category="executive-member",
                        on=on(BEGAN))
        ledger.fill_seat("executive", "member", "cllr-jo", on(BEGAN))
        # When the chair is given to the Executive Member's seat
        error = refusal(ledger, RuleBroken, lambda: ledger.assign_role(
            "executive", "chair", "member", on("2026-02-01")))
        # And then to the Leader's
        ledger.assign_role("executive", "chair", "leader", on("2026-02-01"))
        roster = ledger.roster("executive", on("2026-02-01"))
    # Then the first is refused citing Recommendation 7, and nothing recorded; the Leader
    # chairs
    assert_broken(error, "role-holder", "Recommendation 7",
                  "holds a leader-of-the-council seat", "seat member is executive-member")
    assert roster.role_seat("chair") is not None
    assert roster.role_seat("chair").seat == "leader"  # type: ignore[union-attr]
