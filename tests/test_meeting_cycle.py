"""How often a body meets (terms key `meets`, rule `meeting-cycle` of `lsp check`).

Tower Hamlets, "The frequency – WHEN": "The Board will meet 4 times a year, all other
meetings will be bi-monthly"; Southwark Alliance, Recommendation 5: "To move to quarterly
meetings of the Board"; Lewisham, "Full LSP, meetings": it "typically meets three to
four times a year". A body is warned of once a year / N and a fortnight's grace have
passed since its last meeting, or, before its first, since the ledger began.
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


def cycle(ledger: Ledger, when: str) -> list[tuple[str, str, str]]:
    return [(w.body, w.clause, w.message) for w in
            warnings.check(ReadStore(ledger), on(when)).warnings if w.rule == "meeting-cycle"]


@pytest.fixture
def tower_hamlets(new_ledger: NewLedger) -> Ledger:
    """The Partnership Board and Executive, each with a seat filled from the start."""
    with freeze_time("2026-01-05 09:00:00"):
        ledger = new_ledger(example("tower-hamlets"), BEGAN)
        ledger.add_org("lbth", "London Borough of Tower Hamlets")
        ledger.add_person("cllr-ali", "Cllr Ali Khan")
        for body in ("board", "executive"):
            ledger.add_seat(body, f"{body}-1", "lbth", on=on(BEGAN))
            ledger.fill_seat(body, f"{body}-1", "cllr-ali", on(BEGAN))
    return ledger


def test_tower_hamlets_frequency_when_a_new_ledger_is_not_warned_on_its_second_day(
        tower_hamlets: Ledger) -> None:
    with freeze_time("2026-01-06 12:00:00"):
        assert cycle(tower_hamlets, "2026-01-06") == []


def test_tower_hamlets_frequency_when_the_board_meets_four_times_a_year_and_others_bi_monthly(
        tower_hamlets: Ledger) -> None:
    # Given no meeting since the ledger began on 5 January 2026
    # When checked on 25 March (79 days: past two months and a fortnight, not a quarter)
    with freeze_time("2026-03-25 12:00:00"):
        found = cycle(tower_hamlets, "2026-03-25")
    # Then the Executive (bi-monthly) is warned of, citing the clause; the Board not yet
    assert [(b, c) for b, c, _ in found] == [("executive", "The frequency – WHEN")]
    assert found[0][2].startswith("Partnership Executive meets every two months and has "
                                  "not met since the ledger began on Monday 5 January 2026")
    # And by 30 April (115 days) the Board (four times a year) is too
    with freeze_time("2026-04-30 12:00:00"):
        assert sorted(b for b, _, _ in cycle(tower_hamlets, "2026-04-30")) == [
            "board", "executive"]


def test_tower_hamlets_frequency_when_a_meeting_is_held_the_count_starts_again(
        tower_hamlets: Ledger) -> None:
    # Given the Board met on 1 April 2026
    with freeze_time("2026-04-30 12:00:00"):
        tower_hamlets.schedule_meeting("board", "board-2026-04", on("2026-04-01T18:00"))
        # Then on 30 April it is not warned of
        assert "board" not in [b for b, _, _ in cycle(tower_hamlets, "2026-04-30")]
    # But on 20 July (110 days after) it is, from its last meeting
    with freeze_time("2026-07-20 12:00:00"):
        [board] = [m for b, _, m in cycle(tower_hamlets, "2026-07-20") if b == "board"]
    assert "last met on Wednesday 1 April 2026" in board
    assert "lsp meeting schedule board MEETING --on DATE" in board


def test_a_meeting_scheduled_for_later_does_not_count_as_held(tower_hamlets: Ledger) -> None:
    with freeze_time("2026-04-30 12:00:00"):
        tower_hamlets.schedule_meeting("board", "board-2026-06", on("2026-06-01T18:00"))
        assert "board" in [b for b, _, _ in cycle(tower_hamlets, "2026-04-30")]


@pytest.mark.parametrize(("partnership", "body", "times", "clause"), [
    ("tower-hamlets", "board", 4, "The frequency – WHEN"),
    ("tower-hamlets", "lap-8", 6, "The frequency – WHEN"),
    ("southwark-alliance", "board", 4, "Recommendation 5"),
    ("lewisham", "full", 3, "Full LSP, meetings"),
])
def test_the_examples_say_how_often_their_bodies_meet(
        partnership: str, body: str, times: int, clause: str) -> None:
    terms = read_terms_file(example(partnership))[1].body(body)
    assert terms is not None and terms.meets is not None
    assert (terms.meets.times_a_year, terms.meets.clause) == (times, clause)


def test_a_body_without_a_meets_section_is_never_warned(new_ledger: NewLedger) -> None:
    # Daventry's terms say nothing of how often its bodies meet
    with freeze_time("2027-06-01 12:00:00"):
        ledger = new_ledger(example("daventry"), BEGAN)
        ledger.add_org("daventry-dc", "Daventry District Council")
        ledger.add_person("amy", "Cllr Amy Hart")
        ledger.add_seat("executive", "ddc-1", "daventry-dc", on=on(BEGAN))
        ledger.fill_seat("executive", "ddc-1", "amy", on(BEGAN))
        assert cycle(ledger, "2027-06-01") == []


