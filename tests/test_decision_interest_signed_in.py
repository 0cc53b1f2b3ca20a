"""A member declares her own interest in a decision between meetings, signed in (issue 14,
item 2: the member's proposal page offers it), under the permission table's
`declare-interest` row (docs/permissions.md): a member her own, staff anyone's.

Each test reads given / when / then; every refusal checks that nothing was recorded.
"""

from __future__ import annotations

from freezegun import freeze_time

from ledger.app import Ledger
from ledger.authors import Author
from ledger.errors import NotPermitted
from tests.conftest import on
from tests.helpers import assert_says, refusal
from tests.stories import NOW, PROPOSED, NewLedger, daventry


def proposed_with_carol_signed_in(new_ledger: NewLedger) -> tuple[Ledger, Ledger]:
    """Daventry's Executive, bob (dc-2) proposing the grant; the ledger, and carol (dc-3)
    acting through it signed in on the web."""
    ledger = daventry(new_ledger)
    ledger.propose_decision("executive", "grant", "Match funding", "dc-2", on=on(PROPOSED))
    ledger.add_account("carol", "carol@x.example")
    return ledger, ledger.acting_as(Author.signed_in("carol", "web", "session"))


@freeze_time(NOW)
def test_permission_declare_interest_a_member_signed_in_declares_her_own(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger, carol = proposed_with_carol_signed_in(new_ledger)

    # when: carol declares her own prejudicial interest
    done = carol.declare_decision_interest("grant", "carol", "prejudicial",
                                           "Trustee of the Volunteer Centre", on("2026-03-03"))

    # then: recorded, as hers
    assert [r.event for r in done] == ["InterestDeclared"]
    assert ledger.decision_state("grant").interests == [
        {"person": "carol", "nature": "prejudicial", "note": "Trustee of the Volunteer Centre"}]


@freeze_time(NOW)
def test_permission_declare_interest_a_member_declares_no_one_elses(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger, carol = proposed_with_carol_signed_in(new_ledger)

    # when: carol declares an interest for erin
    refused = refusal(ledger, NotPermitted, lambda: carol.declare_decision_interest(
        "grant", "erin", "personal", "", on("2026-03-03")))

    # then: refused by the permission table, saying who may
    assert_says(refused, "rule 'permission'", "declaring an interest in a decision for erin "
                "needs erin signed in, or the admin or secretariat role; carol is neither")
