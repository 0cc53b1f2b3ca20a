"""Seats that follow a role on another body (terms `[[bodies.ID.seats]]` with `follows`,
rule `seat-follows`, ledger/follows.py).

Tower Hamlets, "Partnership Board, proposed membership": the Board's members include the
"Resident Vice Chairs from the Local Area Partnerships" and the "Partner Chairs of the
Community Plan Delivery Groups". The Board seat `lap-1-vice-chair` is held, on any date,
by whoever is LAP 1's vice-chair on that date: a change of vice-chair on the LAP changes
the Board from that day without a second act, and the seat is never filled directly.
Each test reads given / when / then; the clock is pinned with freezegun.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.audit.verify import verify
from ledger.errors import RuleBroken, TermsError
from ledger.terms import read_terms_file
from projections import queries
from projections.catchup import ReadStore
from tests.conftest import on
from tests.helpers import assert_broken, example, refusal
from tests.stories import NewLedger

CLAUSE = "Partnership Board, proposed membership"
BEGAN = "2026-01-05"
NOW = "2026-06-30 12:00:00"


@pytest.fixture
def tower_hamlets(new_ledger: NewLedger) -> Ledger:
    """LAP 1 with two resident seats, r1 (amina, vice-chair from 5 January 2026) and r2
    (ben); from 1 April 2026 ben is the vice-chair. The Board has the seat
    lap-1-vice-chair, added on 5 January and never filled."""
    with freeze_time(NOW):
        ledger = new_ledger(example("tower-hamlets"), BEGAN)
        ledger.add_org("lbth", "London Borough of Tower Hamlets")
        ledger.add_person("amina", "Amina Begum", category="resident")
        ledger.add_person("ben", "Ben Okafor", category="resident")
        for seat, person in (("r1", "amina"), ("r2", "ben")):
            ledger.add_seat("lap-1", seat, "lbth", category="resident", on=on(BEGAN))
            ledger.fill_seat("lap-1", seat, person, on(BEGAN))
        ledger.assign_role("lap-1", "vice-chair", "r1", on(BEGAN))
        ledger.add_seat("board", "lap-1-vice-chair", "lbth", on=on(BEGAN))
        ledger.assign_role("lap-1", "vice-chair", "r2", on("2026-04-01"))
    return ledger


# The LAP's two-year term ("Membership will be for 2 years"): ben's ends on 5 January
# 2028, and with it his place on the Board, until re-appointed.
DATES = [
    ("2026-01-05", "amina"),
    ("2026-03-31", "amina"),
    ("2026-04-01", "ben"),
    ("2027-12-31", "ben"),
    ("2028-01-05", None),
]


@pytest.mark.parametrize(("as_of", "holder"), DATES)
def test_seat_follows_partnership_board_proposed_membership_roster_as_of_any_date(
        tower_hamlets: Ledger, as_of: str, holder: str | None) -> None:
    # Given the LAP's vice-chair changed on 1 April 2026, and no fill of the Board seat
    # When the Board's roster is read as of the date, by the read model and the write side
    with freeze_time(NOW):
        view = queries.roster(ReadStore(tower_hamlets), "board", on(as_of))
        written = tower_hamlets.roster("board", on(as_of)).seat("lap-1-vice-chair")
    # Then both show the LAP's vice-chair of that date in the Board seat
    row = next(s for s in view.seats if s.seat == "lap-1-vice-chair")
    assert (row.holder, row.follows) == (holder, "lap-1 vice-chair")
    assert written is not None and written.holder == holder
    # And the LAP's own roster is unchanged by it
    lap = queries.roster(ReadStore(tower_hamlets), "lap-1", on(as_of))
    assert [s.role for s in lap.seats] == (["vice-chair", None] if as_of < "2026-04-01"
                                           else [None, "vice-chair"])


def test_seat_follows_partnership_board_proposed_membership_known_at_an_earlier_time(
        tower_hamlets: Ledger) -> None:
    # Given the change of vice-chair was recorded on 30 June 2026
    # When the roster of 1 May is read as known on 1 June, before it was recorded
    with freeze_time("2026-07-01 12:00:00"):
        tower_hamlets.assign_role("lap-1", "vice-chair", "r1", on("2026-05-01"))
        then = queries.roster(ReadStore(tower_hamlets), "board", on("2026-05-02"),
                              on("2026-06-30T13:00"))
        now = queries.roster(ReadStore(tower_hamlets), "board", on("2026-05-02"))
    # Then it shows the holder as known then, and the later record changes it
    assert [s.holder for s in then.seats] == ["ben"]
    assert [s.holder for s in now.seats] == ["amina"]


def test_seat_follows_partnership_board_proposed_membership_a_direct_fill_is_refused(
        tower_hamlets: Ledger) -> None:
    # Given the Board seat follows LAP 1's vice-chair
    with freeze_time(NOW):
        # When the secretariat fills it directly, or vacates it
        filled = refusal(tower_hamlets, RuleBroken,
                         lambda: tower_hamlets.fill_seat("board", "lap-1-vice-chair", "amina",
                                                         on("2026-06-01")))
        vacated = refusal(tower_hamlets, RuleBroken,
                          lambda: tower_hamlets.vacate_seat("board", "lap-1-vice-chair",
                                                            on("2026-06-01")))
    # Then each is refused naming the rule and clause, and nothing is recorded
    for error in (filled, vacated):
        assert_broken(error, "seat-follows", CLAUSE, "follows the vice-chair of lap-1",
                      "lsp role assign lap-1 vice-chair SEAT")


def test_seat_follows_partnership_board_proposed_membership_the_holder_sits_at_the_board(
        tower_hamlets: Ledger) -> None:
    # Given a Board meeting on 10 June 2026, when ben is LAP 1's vice-chair
    with freeze_time(NOW):
        tower_hamlets.schedule_meeting("board", "board-2026-06", on("2026-06-10T18:00"))
        # When the Board seat's attendance is recorded
        tower_hamlets.attend("board-2026-06", "lap-1-vice-chair")
        quorum = tower_hamlets.quorum("board-2026-06")
    # Then it is ben who sat, counted once towards the meeting
    state = tower_hamlets.meeting_state("board-2026-06").state
    assert state.present["lap-1-vice-chair"]["person"] == "ben"
    assert quorum.present_voting == 1


def test_seat_follows_partnership_board_proposed_membership_partner_chair_of_a_delivery_group(
        new_ledger: NewLedger) -> None:
    # Given Safer Communities co-chaired by its lead partner, the Borough Commander
    with freeze_time(NOW):
        ledger = new_ledger(example("tower-hamlets"), BEGAN)
        ledger.add_org("met", "Metropolitan Police")
        ledger.add_person("cdr-sue", "Cdr Sue Hill", category="lead-partner")
        ledger.add_seat("safer-communities", "police", "met", category="lead-partner",
                        on=on(BEGAN))
        ledger.fill_seat("safer-communities", "police", "cdr-sue", on(BEGAN))
        ledger.add_seat("board", "safer-communities-partner-chair", "met", on=on(BEGAN))
        before = queries.roster(ReadStore(ledger), "board", on("2026-02-01"))
        # When she is given the co-chair on 1 March
        ledger.assign_role("safer-communities", "co-chair", "police", on("2026-03-01"))
        after = queries.roster(ReadStore(ledger), "board", on("2026-03-01"))
    # Then the Board seat is empty before and hers from that day
    assert [s.holder for s in before.seats] == [None]
    assert [s.holder for s in after.seats] == ["cdr-sue"]
    assert "2026-03-01" in (after.seats[0].holder_since or "")


@pytest.mark.parametrize(("follows", "says"), [
    ('{ body = "lap-9", role = "vice-chair" }', "no body 'lap-9' in these terms"),
    ('{ body = "board", role = "vice-chair" }', "cannot follow a role on its own body"),
    ('{ body = "lap-1", role = "treasurer" }', "follows.role"),
])
def test_seat_follows_partnership_board_proposed_membership_a_follow_that_cannot_be_is_refused(
        write_terms: Callable[[str], str], follows: str, says: str) -> None:
    # Given a Board seat following a body not in the terms, its own body, or no role
    text = f"""
        [partnership]
        name = "The Tower Hamlets Partnership"
        document = "The Tower Hamlets Partnership Terms of Reference"

        [bodies.board]
        name = "Partnership Board"
        clause = "Partnership Board"

        [[bodies.board.seats]]
        seat = "lap-1-vice-chair"
        follows = {follows}
        clause = "{CLAUSE}"

        [bodies.lap-1]
        name = "Local Area Partnership 1 Steering Group"
        clause = "LAP Steering Groups"
    """
    # When the terms are read
    with pytest.raises(TermsError) as refused:
        read_terms_file(write_terms(text))
    # Then they are refused, naming the key
    assert "bodies.board.seats" in str(refused.value)
    assert says in str(refused.value)


def test_seat_follows_partnership_board_proposed_membership_verify_judges_it_again(
        tower_hamlets: Ledger) -> None:
    # Given the Board seat added to follow LAP 1's vice-chair, and a Board meeting it sat at
    with freeze_time(NOW):
        tower_hamlets.schedule_meeting("board", "board-2026-06", on("2026-06-10T18:00"))
        tower_hamlets.attend("board-2026-06", "lap-1-vice-chair")
        # When the ledger is verified, every act judged again by its command
        report = verify(tower_hamlets)
    # Then every act is as the rules record it, the seat's following included
    assert report.ok, report.problems
    added = [e for e in queries.audit(ReadStore(tower_hamlets), ("body", "board")).events
             if e.event == "SeatAdded"]
    assert [e.changes.get("follows") for e in added] == ["lap-1 vice-chair"]
