"""Declining a decision between meetings (issue 14, item 2: a member asked to approve may
say no, from the web as anywhere): `Ledger.decline_decision`, the `Declined` event.

Daventry 4.6 counts agreement only: a "no" is recorded (who, for which seat, why, how
given) so the proposer and the report see it, and counts for nothing. Only whoever could
approve may decline, by the same rules (Daventry 3.2: no deputy between meetings; 4.6:
voting members, each seat once), once, while the proposal is proposed. Each test reads
given / when / then; every refusal checks that nothing was recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.authors import Author
from ledger.errors import InvalidInput, NotPermitted, RuleBroken
from tests.conftest import on
from tests.helpers import assert_broken, assert_says, refusal
from tests.stories import NOW, PROPOSED, NewLedger, daventry


def proposed_by_bob(new_ledger: NewLedger) -> Ledger:
    """Daventry's Executive, with bob (dc-2) proposing the grant on PROPOSED."""
    ledger = daventry(new_ledger)
    ledger.propose_decision("executive", "grant", "Match funding for the Volunteer Centre "
                            "bid", "dc-2", on=on(PROPOSED))
    return ledger


@freeze_time(NOW)
def test_daventry_4_6_a_member_declines_and_the_proposal_stays_proposed(
    new_ledger: NewLedger,
) -> None:
    # given: bob proposes
    ledger = proposed_by_bob(new_ledger)

    # when: carol declines, with her reason
    done = ledger.decline_decision("grant", "dc-3", reason="  It can wait for the meeting ",
                                   on=on("2026-03-03"))

    # then: recorded, and it counts for nothing: still proposed, only bob agreeing
    d = ledger.decision_state("grant")
    assert [r.event for r in done] == ["Declined"]
    assert d.status == "proposed"
    assert [a.person for a in d.agreeing] == ["bob"]
    assert [(n.seat, n.person, n.as_deputy, n.reason, n.when) for n in d.declined] == [
        ("dc-3", "carol", False, "It can wait for the meeting", on("2026-03-03"))]


@freeze_time(NOW)
def test_daventry_4_6_a_member_who_declined_may_still_approve_before_it_is_taken(
    new_ledger: NewLedger,
) -> None:
    # given: carol declined
    ledger = proposed_by_bob(new_ledger)
    ledger.decline_decision("grant", "dc-3", on=on("2026-03-03"))

    # when: she changes her mind, and the chair agrees too
    ledger.approve_decision("grant", "dc-3", on=on("2026-03-04"))
    ledger.approve_decision("grant", "dc-1", on=on("2026-03-05"))

    # then: taken, her decline still on the record
    d = ledger.decision_state("grant")
    assert d.status == "taken"
    assert [n.person for n in d.declined] == ["carol"]


@freeze_time(NOW)
def test_daventry_4_6_a_member_declines_once_and_not_after_agreeing(
    new_ledger: NewLedger,
) -> None:
    # given: carol declined; bob proposed (so agreed)
    ledger = proposed_by_bob(new_ledger)
    ledger.decline_decision("grant", "dc-3", on=on("2026-03-03"))

    # when
    again = refusal(ledger, InvalidInput, lambda: ledger.decline_decision(
        "grant", "dc-3", on=on("2026-03-04")))
    proposer = refusal(ledger, RuleBroken, lambda: ledger.decline_decision(
        "grant", "dc-2", on=on("2026-03-04")))

    # then
    assert_says(again, "carol has already declined decision 'grant'")
    assert_broken(proposer, "agree-once", "4.6", "seat dc-2 has already agreed")


@freeze_time(NOW)
def test_daventry_3_2_a_deputy_does_not_decline_between_meetings(
    new_ledger: NewLedger,
) -> None:
    # given: frank is ccg's deputy
    ledger = proposed_by_bob(new_ledger)

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.decline_decision(
        "grant", "ccg", as_deputy=True, on=on("2026-03-03")))

    # then
    assert_broken(refused, "deputy-between-meetings", "3.2")


@freeze_time(NOW)
def test_no_decline_once_taken_withdrawn_or_before_the_proposal(
    new_ledger: NewLedger,
) -> None:
    # given: bob proposes
    ledger = proposed_by_bob(new_ledger)

    # when: carol declines before the proposal; then it is withdrawn and she declines
    early = refusal(ledger, InvalidInput, lambda: ledger.decline_decision(
        "grant", "dc-3", on=on("2026-03-01")))
    ledger.withdraw_decision("grant", "Overtaken by events", on=on("2026-03-03"))
    late = refusal(ledger, InvalidInput, lambda: ledger.decline_decision(
        "grant", "dc-3", on=on("2026-03-04")))

    # then
    assert_says(early, "it cannot be declined before")
    assert_says(late, "decision 'grant' is already withdrawn: it cannot be declined now")


@freeze_time(NOW)
def test_permission_a_member_signed_in_declines_for_her_own_seat_only(
    new_ledger: NewLedger,
) -> None:
    # given: carol signed in on the web
    ledger = proposed_by_bob(new_ledger)
    ledger.add_account("carol", "carol@x.example")
    carol = ledger.acting_as(Author.signed_in("carol", "web", "session"))

    # when: she declines for erin's seat, then for her own
    refused = refusal(ledger, NotPermitted, lambda: carol.decline_decision(
        "grant", "police", on=on("2026-03-03")))
    carol.decline_decision("grant", "dc-3", reason="Not urgent", on=on("2026-03-03"))

    # then: only her own is recorded, as given in person, signed in
    assert "permission" in str(refused)
    d = ledger.decision_state("grant")
    assert [(n.person, n.given) for n in d.declined] == [
        ("carol", "given in person (signed in)")]


def test_a_decline_is_re_judged_lawful_by_verify(new_ledger: NewLedger,
                                                 lsp: Callable[..., Result]) -> None:
    # given: carol declined, recorded by the secretariat and then in person, signed in
    with freeze_time(NOW):
        ledger = proposed_by_bob(new_ledger)
        ledger.decline_decision("grant", "dc-3", reason="Not urgent", on=on("2026-03-03"))
        ledger.add_account("erin", "erin@x.example")
        erin = ledger.acting_as(Author.signed_in("erin", "web", "session"))
        erin.decline_decision("grant", "police", on=on("2026-03-04"))

    # when: the ledger is verified, every act judged again by its command
    result = lsp("verify", "--json")

    # then: both declines are judged, and lawful
    doc = json.loads(result.stdout)
    assert result.exit_code == 0, result.stderr
    assert doc["rejudged"]["unlawful"] == 0, doc["rejudged"]
    assert doc["rejudged"]["not_judged"] == {"accounts": 2}, doc["rejudged"]  # erin's


@freeze_time(NOW)
def test_a_decline_recorded_by_mistake_is_retracted_and_no_longer_stands(
    new_ledger: NewLedger,
) -> None:
    # given: a decline recorded for carol by mistake
    ledger = proposed_by_bob(new_ledger)
    ledger.decline_decision("grant", "dc-3", on=on("2026-03-03"))
    version = ledger.decision_state("grant").facts[-1].version
    assert ledger.decision_state("grant").facts[-1].kind == "Declined"

    # when: it is retracted
    ledger.retract("decision:grant", version, "Recorded for the wrong seat",
                   on("2026-03-04"))

    # then: the decline no longer stands, and carol may decline again
    assert ledger.decision_state("grant").declined == []
    ledger.decline_decision("grant", "dc-3", on=on("2026-03-05"))
    assert [n.person for n in ledger.decision_state("grant").declined] == ["carol"]
