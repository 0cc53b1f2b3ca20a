"""Lewisham, Full LSP membership principle 9: requests for membership "come through the
Partnership Steering Group" and are decided at a Full LSP meeting (`membership.requests_via`,
rule `membership-requests-via`).

The PSG's recommendation is recorded at a quorate PSG meeting (`lsp membership recommend`);
the Full LSP's decision is refused without one made at a meeting before it. Each test reads
given / when / then; the clock is pinned with freezegun; every refusal records nothing.
"""

from __future__ import annotations

from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import InvalidInput, RuleBroken
from ledger.events import entity_id
from ledger.membership import MembershipRequest
from tests.conftest import on
from tests.helpers import assert_broken, example, refusal
from tests.stories import NOW, NewLedger, seat_with

CLAUSE = "Full LSP, membership principle 9"


def lewisham(new_ledger: NewLedger) -> Ledger:
    """pat sits on the Full LSP and the PSG; Voluntary Action asks to join the Full LSP;
    a PSG meeting on 5 March and a Full LSP meeting on 20 March, pat at both."""
    ledger = new_ledger(example("lewisham"))
    ledger.add_org("voluntary-action", "Voluntary Action Lewisham")
    ledger.add_org("lewisham-council", "Lewisham Council")
    ledger.add_person("pat", "Pat")
    seat_with(ledger, "full", "council", "lewisham-council", "pat")
    seat_with(ledger, "psg", "p-council", "lewisham-council", "pat")
    ledger.request_membership("full", "voluntary-action", "va-joins", on("2026-02-10"))
    for body, slug, day, seat in (("psg", "psg-march", "2026-03-05", "p-council"),
                                  ("full", "full-march", "2026-03-20", "council")):
        ledger.schedule_meeting(body, slug, on(day))
        ledger.attend(slug, seat)
    return ledger


def request(ledger: Ledger) -> MembershipRequest:
    found = ledger.repository.get(entity_id("request", "va-joins"))
    assert isinstance(found, MembershipRequest)
    return found


@freeze_time(NOW)
def test_lewisham_full_principle_9_given_no_psg_recommendation_when_decided_then_refused(
        new_ledger: NewLedger) -> None:
    # given
    ledger = lewisham(new_ledger)
    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.decide_membership(
        "va-joins", "approved", "full-march"))
    # then
    assert_broken(refused, "membership-requests-via", CLAUSE, "come through 'psg'")
    assert refused.remedy == "act:recommend-request"  # worded by the command line
    assert request(ledger).decision is None


@freeze_time(NOW)
def test_lewisham_full_principle_9_given_the_psg_recommended_when_decided_then_recorded(
        new_ledger: NewLedger) -> None:
    # given
    ledger = lewisham(new_ledger)
    ledger.recommend_membership("va-joins", "approved", "psg-march")
    # when
    ledger.decide_membership("va-joins", "approved", "full-march")
    # then
    r = request(ledger)
    assert (r.recommendation, r.recommended_at) == ("approved", "psg-march")
    assert (r.decision, r.meeting) == ("approved", "full-march")


@freeze_time(NOW)
def test_lewisham_full_principle_9_given_a_recommendation_at_the_full_lsp_then_refused(
        new_ledger: NewLedger) -> None:
    # given / when: the recommendation is recorded at the Full LSP's own meeting
    ledger = lewisham(new_ledger)
    refused = refusal(ledger, RuleBroken, lambda: ledger.recommend_membership(
        "va-joins", "approved", "full-march"))
    # then
    assert_broken(refused, "membership-requests-via", CLAUSE,
                  "recommended at a meeting of 'psg', not 'full'")


@freeze_time("2026-03-30 12:00:00")
def test_lewisham_full_principle_9_given_a_psg_meeting_after_the_decision_then_refused(
        new_ledger: NewLedger) -> None:
    # given: the PSG recommends at a meeting after the Full LSP's
    ledger = lewisham(new_ledger)
    ledger.schedule_meeting("psg", "psg-april", on("2026-03-25"))
    ledger.attend("psg-april", "p-council")
    ledger.recommend_membership("va-joins", "approved", "psg-april")
    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.decide_membership(
        "va-joins", "approved", "full-march"))
    # then
    assert_broken(refused, "membership-requests-via", CLAUSE, "before this one")


@freeze_time(NOW)
def test_lewisham_full_principle_9_given_a_recommendation_already_then_a_second_refused(
        new_ledger: NewLedger) -> None:
    # given
    ledger = lewisham(new_ledger)
    ledger.recommend_membership("va-joins", "approved", "psg-march")
    # when / then
    refused = refusal(ledger, InvalidInput, lambda: ledger.recommend_membership(
        "va-joins", "rejected", "psg-march"))
    assert "already recommended approved" in str(refused)


@freeze_time(NOW)
def test_lewisham_psg_principle_2_given_no_requests_via_then_nothing_to_recommend(
        new_ledger: NewLedger) -> None:
    # given: a request to join the PSG, decided by the Full LSP with no body in between
    ledger = lewisham(new_ledger)
    ledger.request_membership("psg", "voluntary-action", "va-psg", on("2026-02-10"))
    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.recommend_membership(
        "va-psg", "approved", "psg-march"))
    # then
    assert_broken(refused, "membership-requests-via", "PSG, membership principle 2",
                  "come through no other body")
