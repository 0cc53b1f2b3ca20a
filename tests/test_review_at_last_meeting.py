"""Daventry 4.4: "Membership of the Executive will be reviewed annually at the last meeting
in the calendar year" (terms key `membership.review_at_last_meeting`, rule
`review-at-last-meeting` of `lsp check`).

Once a calendar year is over, a body that held meetings in it is warned of when no review
of its membership is recorded on the day of the last of them, or since. A new ledger, and
a body that did not meet that year, are not warned. Each test reads given / when / then;
the clock is pinned with freezegun.
"""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.terms import read_terms_file
from projections import warnings
from projections.catchup import ReadStore
from tests.conftest import on
from tests.helpers import example
from tests.stories import NewLedger

BEGAN = "2026-01-05"


def reviews(ledger: Ledger, when: str) -> list[tuple[str, str, str]]:
    return [(w.body, w.clause, w.message) for w in
            warnings.check(ReadStore(ledger), on(when)).warnings
            if w.rule == "review-at-last-meeting"]


@pytest.fixture
def daventry(new_ledger: NewLedger) -> Ledger:
    """The Daventry Executive from BEGAN, one seat filled, meetings in June and December
    2026 (both held by the time the tests look)."""
    with freeze_time("2026-12-20 09:00:00"):
        ledger = new_ledger(example("daventry"), BEGAN)
        ledger.add_org("daventry-dc", "Daventry District Council")
        ledger.add_person("alice", "Alice")
        ledger.add_seat("executive", "dc-1", "daventry-dc", on=on(BEGAN))
        ledger.fill_seat("executive", "dc-1", "alice", on(BEGAN))
        ledger.schedule_meeting("executive", "exec-2026-06", on("2026-06-10T18:00"))
        ledger.schedule_meeting("executive", "exec-2026-12", on("2026-12-09T18:00"))
    return ledger


def test_daventry_4_4_the_example_reviews_at_the_last_meeting_of_the_year() -> None:
    # given / when: the Daventry example
    _, terms = read_terms_file(example("daventry"))
    executive = terms.bodies["executive"]
    # then: the Executive's membership is reviewed at the last meeting, citing 4.4
    assert executive.membership is not None
    assert executive.membership.review_at_last_meeting
    assert executive.membership.review_clause == "4.4"


def test_daventry_4_4_given_a_new_ledger_when_checked_on_its_second_day_then_no_warning(
        new_ledger: NewLedger) -> None:
    with freeze_time("2027-01-06 12:00:00"):
        ledger = new_ledger(example("daventry"), "2027-01-05")
        ledger.add_org("daventry-dc", "Daventry District Council")
        ledger.add_person("alice", "Alice")
        ledger.add_seat("executive", "dc-1", "daventry-dc", on=on("2027-01-05"))
        assert reviews(ledger, "2027-01-06") == []


def test_daventry_4_4_given_the_last_meeting_passed_without_a_review_then_warned(
        daventry: Ledger) -> None:
    # given: the December meeting was held; the review is recorded at June's only
    with freeze_time("2027-01-10 12:00:00"):
        daventry.review_membership("executive", "mid-year", on("2026-06-10"))
        # when: checked in the new year
        found = reviews(daventry, "2027-01-10")
    # then: warned, naming the year's last meeting and the command
    [(body, clause, message)] = found
    assert (body, clause) == ("executive", "4.4")
    assert "its last meeting of 2026, on Wednesday 9 December 2026" in message
    assert "lsp membership review executive --on 2026-12-09" in message


def test_daventry_4_4_given_the_review_recorded_at_the_last_meeting_then_no_warning(
        daventry: Ledger) -> None:
    # given
    with freeze_time("2027-01-10 12:00:00"):
        daventry.review_membership("executive", "annual review", on("2026-12-09"))
        # when / then
        assert reviews(daventry, "2027-01-10") == []


def test_daventry_4_4_given_the_year_is_not_over_then_no_warning(daventry: Ledger) -> None:
    # given: December's meeting held without a review, but 2026 is not over
    with freeze_time("2026-12-20 12:00:00"):
        # when / then: another meeting could still come this year
        assert reviews(daventry, "2026-12-20") == []


def test_daventry_4_4_given_a_body_without_the_key_then_no_warning(
        new_ledger: NewLedger) -> None:
    # given: Tower Hamlets, whose terms do not review at the last meeting; the Board met
    with freeze_time("2027-01-10 12:00:00"):
        ledger = new_ledger(example("tower-hamlets"), BEGAN)
        ledger.add_org("lbth", "London Borough of Tower Hamlets")
        ledger.add_seat("board", "board-1", "lbth", on=on(BEGAN))
        ledger.schedule_meeting("board", "board-2026-12", on("2026-12-09T18:00"))
        # when / then
        assert reviews(ledger, "2027-01-10") == []
