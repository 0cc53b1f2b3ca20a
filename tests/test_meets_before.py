"""A body that meets in step with another (terms `meets.before`, rule `meets-before` of
`lsp check`).

Tower Hamlets, "Partnership Executive": the Executive "will meet 4 times annually 3 weeks
before the Partnership Board meets to inform dialogue". `lsp check` warns when the
Executive's meeting nearest before a Board meeting is not three weeks, give or take a week,
before it (the Executive meets more often than the Board: its other meetings are not held
to the step); a Board meeting with no Executive meeting before it is not judged. Each test reads
given / when / then; the clock is pinned with freezegun.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from projections import warnings
from projections.catchup import ReadStore
from tests.conftest import on
from tests.helpers import example
from tests.stories import NewLedger

BEGAN = "2026-01-05"
BOARD = "2026-03-10"  # a Tuesday
CLAUSE = "Partnership Executive"


def in_step(ledger: Ledger, when: str) -> list[tuple[str, str, str]]:
    return [(w.body, w.clause, w.message) for w in
            warnings.check(ReadStore(ledger), on(when)).warnings if w.rule == "meets-before"]


@pytest.fixture
def tower_hamlets(new_ledger: NewLedger) -> Ledger:
    """The Partnership Board and Executive, each with a seat filled from the start."""
    with freeze_time("2026-01-05 09:00:00"):
        ledger = new_ledger(example("tower-hamlets"), BEGAN)
        ledger.add_org("lbth", "London Borough of Tower Hamlets")
        ledger.add_person("cllr-ali", "Cllr Ali Khan", category="leader-of-the-council")
        for body in ("board", "executive"):
            ledger.add_seat(body, f"{body}-1", "lbth", on=on(BEGAN))
            ledger.fill_seat(body, f"{body}-1", "cllr-ali", on(BEGAN))
    return ledger


def test_meets_before_partnership_executive_a_new_ledger_is_not_warned_on_its_second_day(
        tower_hamlets: Ledger) -> None:
    # Given a ledger begun yesterday, with nothing scheduled
    # When checked on its second day
    with freeze_time("2026-01-06 12:00:00"):
        found = in_step(tower_hamlets, "2026-01-06")
    # Then nothing is warned
    assert found == []


# Days from the Executive's meeting to the Board's on 10 March: three weeks, give or take
# a week, is in step; anything further is not.
GAPS = [(21, False), (14, False), (28, False), (13, True), (29, True), (5, True), (63, True)]


@pytest.mark.parametrize(("days", "warned"), GAPS)
def test_meets_before_partnership_executive_three_weeks_before_the_board(
        tower_hamlets: Ledger, days: int, warned: bool) -> None:
    # Given the Board meets on 10 March 2026 and the Executive `days` before it
    board = on(BOARD).replace(hour=18)
    executive = board - timedelta(days=days)
    with freeze_time("2026-01-07 09:00:00"):
        tower_hamlets.schedule_meeting("board", "board-2026-03", board)
        tower_hamlets.schedule_meeting("executive", "exec-1", executive)
        # When checked on 8 January, with both meetings ahead
        found = in_step(tower_hamlets, "2026-01-08")
    # Then the Executive is warned of only when it is not about three weeks before
    assert [(b, c) for b, c, _ in found] == ([("executive", CLAUSE)] if warned else [])
    if days == 29:
        assert found[0][2] == (
            "meeting exec-1 of the Partnership Executive, on Monday 9 February 2026, is "
            "4 weeks and 1 day before the next meeting of the Partnership Board "
            "(board-2026-03, Tuesday 10 March 2026), and no meeting of the Partnership "
            "Executive is nearer it; the terms have it meet 3 weeks before, give or take "
            "7 days (move it: lsp meeting reschedule exec-1 --on DATE, or schedule one)")


def test_meets_before_partnership_executive_not_judged_before_the_board_is_scheduled(
        tower_hamlets: Ledger) -> None:
    # Given an Executive meeting scheduled, and no Board meeting after it yet
    with freeze_time("2026-01-07 09:00:00"):
        tower_hamlets.schedule_meeting("board", "board-2026-01", on("2026-01-20T18:00"))
        tower_hamlets.schedule_meeting("executive", "exec-1", on("2026-02-17T10:00"))
        # When checked
        before = in_step(tower_hamlets, "2026-01-08")
        # And the Board's March meeting is then scheduled, three weeks after it
        tower_hamlets.schedule_meeting("board", "board-2026-03", on("2026-03-10T18:00"))
        after = in_step(tower_hamlets, "2026-01-08")
    # Then it is not warned of, before or after
    assert before == [] and after == []


def test_meets_before_partnership_executive_meeting_more_often_than_the_board_is_not_warned(
        tower_hamlets: Ledger) -> None:
    # Given the Executive meets bi-monthly and the Board quarterly: an Executive meeting
    # in January, nine weeks before the Board, and another three weeks before it
    with freeze_time("2026-01-07 09:00:00"):
        tower_hamlets.schedule_meeting("board", "board-2026-03", on("2026-03-10T18:00"))
        tower_hamlets.schedule_meeting("executive", "exec-1", on("2026-01-06T10:00"))
        tower_hamlets.schedule_meeting("executive", "exec-2", on("2026-02-17T10:00"))
        # When checked
        found = in_step(tower_hamlets, "2026-01-08")
    # Then only the meeting before the Board's is held to the step, and it is in step
    assert found == []


def test_meets_before_partnership_executive_moved_into_step_is_no_longer_warned(
        tower_hamlets: Ledger) -> None:
    # Given an Executive meeting five days before the Board
    with freeze_time("2026-01-07 09:00:00"):
        tower_hamlets.schedule_meeting("board", "board-2026-03", on("2026-03-10T18:00"))
        tower_hamlets.schedule_meeting("executive", "exec-1", on("2026-03-05T10:00"))
        warned = in_step(tower_hamlets, "2026-01-08")
        # When it is moved to three weeks before
        tower_hamlets.reschedule_meeting("exec-1", on("2026-02-17T10:00"))
        found = in_step(tower_hamlets, "2026-01-08")
    # Then it was warned of, and is no longer
    assert len(warned) == 1 and found == []
