"""Lewisham, PSG membership principle 1: "Members of the Partnership Steering Group are
drawn from the Full Lewisham Strategic Partnership", not only on the day they join: `lsp
check` warns (rule `drawn-from`) of a PSG member who no longer holds a seat on the Full
LSP, with the date they stopped. The document speaks of members (people), so the check is
of the person, not of their organisation. Given / when / then, the clock pinned.
"""

from __future__ import annotations

from collections.abc import Callable

from freezegun import freeze_time

from ledger.app import Ledger
from projections import warnings
from projections.catchup import ReadStore
from tests.conftest import on
from tests.helpers import example, seated

NewLedger = Callable[..., Ledger]

PRINCIPLE_1 = "PSG, membership principle 1"


def lewisham(new_ledger: NewLedger) -> Ledger:
    """pat holds the council seat on the Full LSP and on the PSG from 1 February 2026."""
    ledger = new_ledger(example("lewisham"))
    ledger.add_org("lewisham-council", "Lewisham Council")
    for person in ("pat", "quinn"):
        ledger.add_person(person, person.title())
    seated(ledger, "full", "council", "lewisham-council", "pat")
    seated(ledger, "psg", "council", "lewisham-council", "pat")
    return ledger


def drawn_from(ledger: Ledger, when: str) -> list[tuple[str, str]]:
    return [(w.clause, w.message) for w in warnings.check(ReadStore(ledger), on(when)).warnings
            if w.rule == "drawn-from"]


@freeze_time("2026-09-01 12:00:00")
def test_lewisham_psg_membership_principle_1_given_the_full_lsp_seat_given_to_another_then_warned_with_the_date(  # noqa: E501
        new_ledger: NewLedger) -> None:
    # given: pat's Full LSP seat goes to quinn on 15 April
    ledger = lewisham(new_ledger)
    ledger.fill_seat("full", "council", "quinn", on("2026-04-15"))
    # when: checked before and after
    before = drawn_from(ledger, "2026-04-14")
    after = drawn_from(ledger, "2026-08-01")
    # then: silent before; after, the warning names the day pat stopped being drawn from it
    assert before == []
    [(clause, message)] = after
    assert clause == PRINCIPLE_1
    assert "Pat (pat) holds the seat council (Lewisham Council) on Partnership Steering Group" \
        in message
    assert "since 15 April 2026, when their seat there was vacated" in message


@freeze_time("2026-09-01 12:00:00")
def test_lewisham_psg_membership_principle_1_given_a_later_seat_on_the_full_lsp_then_the_latest_stop_counts(  # noqa: E501
        new_ledger: NewLedger) -> None:
    # given: pat leaves the Full LSP on 1 March, returns in another seat on 1 May, and
    # leaves again on 1 July
    ledger = lewisham(new_ledger)
    ledger.vacate_seat("full", "council", on("2026-03-01"))
    ledger.add_seat("full", "council-2", "lewisham-council", on=on("2026-05-01"))
    ledger.fill_seat("full", "council-2", "pat", on("2026-05-01"))
    ledger.vacate_seat("full", "council-2", on("2026-07-01"))
    # when: checked in June (back on the Full LSP) and in August
    june, august = drawn_from(ledger, "2026-06-01"), drawn_from(ledger, "2026-08-01")
    # then: silent in June; in August the date is July's
    assert june == []
    [(_, message)] = august
    assert "since 1 July 2026" in message


@freeze_time("2026-09-01 12:00:00")
def test_lewisham_psg_membership_principle_1_given_the_person_still_on_the_full_lsp_then_silent(
        new_ledger: NewLedger) -> None:
    # given: pat's organisation adds a second Full LSP seat for quinn; pat stays
    ledger = lewisham(new_ledger)
    ledger.add_seat("full", "council-2", "lewisham-council", on=on("2026-04-01"))
    ledger.fill_seat("full", "council-2", "quinn", on("2026-04-01"))
    # when / then
    assert drawn_from(ledger, "2026-08-01") == []
