"""Every rule in ledger/rules.py, judged directly on plain values.

Each rule is a pure function of the terms of a body, a roster or seats, and the person or
seat concerned. These tests call them without a ledger: the terms come from the real
examples (so the clauses are the documents' own) or from `Body.model_validate`, the seats
are plain `Seat` values. Each test checks the verdict, the rule, the clause and that the
reason names the facts a person needs to see.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger import rules
from ledger.errors import RuleBroken
from ledger.roster import Roster, Seat
from ledger.rules import LEDGER, Verdict
from ledger.terms import Body, read_terms_file
from tests.conftest import EXAMPLES

WHEN = datetime(2026, 3, 3, tzinfo=UTC)


def example_body(example: str, body_id: str) -> Body:
    _, terms = read_terms_file(str(EXAMPLES / example / "terms.toml"))
    body = terms.body(body_id)
    assert body is not None, f"{example} has no body {body_id}"
    return body


def body_of(**sections: Any) -> Body:
    """A body with only the given sections of its terms."""
    return Body.model_validate({"name": "Test Board", "clause": "1", **sections})


def seat(seat_id: str = "s1", org: str = "org-a", *, voting: bool = True,
         co_opted: bool = False, category: str | None = None, holder: str | None = None) -> Seat:
    return Seat(seat=seat_id, org=org, voting=voting, co_opted=co_opted, category=category,
                term_years=None, holder=holder)


def roster(body_id: str, *seats: Seat) -> Roster:
    return Roster(body_id, WHEN, None, seats)


def reason(verdict: Verdict) -> str:
    return " ".join(verdict.reasons)


def daventry() -> Body:
    return example_body("daventry", "executive")


def lap() -> Body:
    return example_body("tower-hamlets", "lap-1")


def psg() -> Body:
    return example_body("lewisham", "psg")


# ---------------------------------------------------------------------------- Verdict


def test_an_allowed_verdict_enforces_nothing() -> None:
    Verdict(True, "composition", "3.1").enforce(1)


def test_a_refused_verdict_raises_rule_broken_with_its_rule_clause_reasons_and_version() -> None:
    verdict = Verdict(False, "composition", "3.1", ("too many", "all taken"))

    with pytest.raises(RuleBroken) as refused:
        verdict.enforce(2)

    e = refused.value
    assert (e.rule, e.clause, e.reasons, e.terms_version) == (
        "composition", "3.1", ("too many", "all taken"), 2)
    assert str(e) == ("refused by rule 'composition' (clause 3.1, terms version 2): "
                      "too many; all taken")


def test_a_refusal_without_a_terms_version_says_none() -> None:
    with pytest.raises(RuleBroken) as refused:
        Verdict(False, "deputy-not-holder", LEDGER, ("same person",)).enforce(None)

    assert refused.value.terms_version is None
    assert "terms version" not in str(refused.value)


# ---------------------------------------------------------------------------- drawn-from


def test_drawn_from_is_silent_for_a_body_not_drawn_from_another() -> None:
    for body in (body_of(), example_body("lewisham", "full")):
        verdict = rules.drawn_from(body, seat(), "alice", None)
        assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "drawn-from", "n/a")


def test_drawn_from_refuses_a_person_with_no_seat_on_the_parent_body() -> None:
    parent = roster("full", seat("f1", holder="bob"))

    for given_parent in (None, parent):
        verdict = rules.drawn_from(psg(), seat(), "alice", given_parent)

        assert not verdict.allowed
        assert (verdict.rule, verdict.clause) == ("drawn-from", "PSG, membership principle 1")
        assert "alice" in reason(verdict)
        assert "'full'" in reason(verdict)
        assert "Partnership Steering Group" in reason(verdict)


def test_drawn_from_allows_a_member_of_the_parent_body() -> None:
    parent = roster("full", seat("f1", holder="bob"), seat("f2", holder="alice"))

    verdict = rules.drawn_from(psg(), seat(), "alice", parent)

    assert verdict.allowed
    assert (verdict.rule, verdict.clause) == ("drawn-from", "PSG, membership principle 1")


def test_drawn_from_exempts_co_opted_seats() -> None:
    working_group = example_body("lewisham", "race-equality")

    verdict = rules.drawn_from(working_group, seat(co_opted=True), "alice", None)

    assert verdict.allowed
    assert (verdict.rule, verdict.clause) == ("drawn-from", "n/a")


# ---------------------------------------------------------------------------- co-optees


def test_co_optees_confined_allows_a_person_co_opted_nowhere_or_only_here() -> None:
    here = [("race-equality", seat("co-1", co_opted=True, holder="carol"), "WG 2-4")]

    for co_opted in ([], here):
        verdict = rules.co_optees_confined("race-equality", "carol", co_opted)
        assert (verdict.allowed, verdict.rule, verdict.clause) == (
            True, "co-optees-confined", "n/a")


def test_co_optees_confined_refuses_a_co_optee_of_another_body() -> None:
    elsewhere = [("race-equality", seat("co-1", co_opted=True, holder="carol"), "WG 2-4")]

    verdict = rules.co_optees_confined("full", "carol", elsewhere)

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("co-optees-confined", "WG 2-4")
    assert "carol" in reason(verdict)
    assert "'race-equality'" in reason(verdict)
    assert "co-1" in reason(verdict)


# ---------------------------------------------------------------------------- co-option


def test_co_option_is_not_judged_for_an_ordinary_seat() -> None:
    verdict = rules.co_option(daventry(), co_opted=False)

    assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "co-option", "n/a")


@pytest.mark.parametrize(("body", "clause"), [
    (daventry(), "4.1, 4.4"),
    (body_of(clause="7"), "7"),
], ids=["membership-without-co-option", "no-membership-section"])
def test_co_option_refused_where_the_terms_make_no_provision(body: Body, clause: str) -> None:
    verdict = rules.co_option(body, co_opted=True)

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("co-option", clause)
    assert f"terms of {body.name} make no provision for co-opted members" in reason(verdict)


def test_co_option_allowed_where_the_terms_provide_for_it() -> None:
    verdict = rules.co_option(example_body("lewisham", "race-equality"), co_opted=True)

    assert verdict.allowed
    assert (verdict.rule, verdict.clause) == ("co-option", "Working groups, membership "
                                                          "principles 2-4")


# ---------------------------------------------------------------------------- composition


def test_composition_is_silent_for_a_body_without_one() -> None:
    verdict = rules.composition(body_of(), "resident", [seat(category="resident")] * 40)

    assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "composition", "n/a")


@pytest.mark.parametrize(("category", "limit"), [
    ("resident", 15), ("ward-councillor", 6), ("service-provider", 5),
])
@pytest.mark.parametrize("taken_short_of_limit", [1, 0])
def test_tower_hamlets_lap_composition_threshold(
    category: str, limit: int, taken_short_of_limit: int
) -> None:
    seats = [seat(f"s{n}", category=category) for n in range(limit - taken_short_of_limit)]

    verdict = rules.composition(lap(), category, seats)

    assert verdict.allowed is (taken_short_of_limit == 1)
    assert (verdict.rule, verdict.clause) == ("composition", "LAP Steering Groups")
    if verdict.allowed:
        assert reason(verdict) == f"{limit} of {limit} {category} seats"
    else:
        assert f"{limit} {category} seats and all {limit} exist" in reason(verdict)
        assert "Local Area Partnership 1 Steering Group" in reason(verdict)


def test_composition_counts_only_seats_of_the_same_category() -> None:
    seats = [seat(f"c{n}", category="ward-councillor") for n in range(6)]

    verdict = rules.composition(lap(), "resident", seats)

    assert verdict.allowed
    assert reason(verdict) == "1 of 15 resident seats"


@pytest.mark.parametrize(("category", "said"), [
    (None, "a seat with no category does not fit"),
    ("business", "a seat with 'business' does not fit"),
])
def test_composition_refuses_a_seat_outside_its_categories(category: str | None,
                                                           said: str) -> None:
    verdict = rules.composition(lap(), category, [])

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("composition", "LAP Steering Groups")
    assert "15 resident, 6 ward-councillor, 5 service-provider" in reason(verdict)
    assert said in reason(verdict)


@given(limit=st.integers(min_value=1, max_value=40), taken=st.integers(min_value=0, max_value=60))
def test_composition_allows_a_seat_exactly_while_fewer_than_the_limit_exist(
    limit: int, taken: int
) -> None:
    body = body_of(composition=[{"category": "resident", "seats": limit, "clause": "3.2"}])
    seats = [seat(f"s{n}", category="resident") for n in range(taken)]

    verdict = rules.composition(body, "resident", seats)

    assert verdict.allowed is (taken < limit)
    assert verdict.clause == "3.2"


# ---------------------------------------------------------------------------- entitlement


def test_entitlement_is_silent_for_a_body_without_entitlements() -> None:
    verdict = rules.entitlement(body_of(), "anyone", True, [])

    assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "entitlement", "n/a")


def test_daventry_4_1_an_unlisted_organisation_may_have_a_non_voting_seat() -> None:
    verdict = rules.entitlement(daventry(), "daventry-chamber", False, [])

    assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "entitlement", "n/a")


def test_daventry_4_1_an_unlisted_organisation_has_no_voting_seat() -> None:
    verdict = rules.entitlement(daventry(), "daventry-chamber", True, [])

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("entitlement", "4.1, 4.2")
    assert "'daventry-chamber' is not one of the core member organisations" in reason(verdict)
    assert "non-voting seat" in reason(verdict)
    assert verdict.remedy == "input:non-voting"


@pytest.mark.parametrize(("held", "allowed"), [(0, True), (2, True), (3, False)])
def test_daventry_4_1_district_council_threshold(held: int, allowed: bool) -> None:
    seats = [seat(f"dc-{n}", "daventry-dc") for n in range(held)]
    seats += [seat("dc-observer", "daventry-dc", voting=False), seat("ccg", "nene-ccg")]

    verdict = rules.entitlement(daventry(), "daventry-dc", True, seats)

    assert verdict.allowed is allowed
    assert (verdict.rule, verdict.clause) == ("entitlement", "4.1, 4.2")
    if not allowed:
        assert "'daventry-dc' is entitled to 3 voting seat(s)" in reason(verdict)
        assert "and has 3" in reason(verdict)


# ---------------------------------------------------------------------------- seat-category


@pytest.mark.parametrize("person_category", ["resident", None])
def test_seat_category_allows_anyone_in_a_seat_of_no_category(person_category: str | None
                                                             ) -> None:
    verdict = rules.seat_category(lap(), seat(category=None), "alice", person_category)

    assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "seat-category", "n/a")


def test_seat_category_allows_a_person_of_the_seats_category() -> None:
    verdict = rules.seat_category(lap(), seat(category="resident"), "alice", "resident")

    assert (verdict.allowed, verdict.rule, verdict.clause) == (
        True, "seat-category", "LAP Steering Groups")


def test_seat_category_refuses_a_person_of_no_category_lap_steering_groups() -> None:
    # issue 11 item 7: a person with no category on record is not known to be a resident
    verdict = rules.seat_category(lap(), seat("res-1", category="resident"), "alice", None)

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("seat-category", "LAP Steering Groups")
    assert "seat res-1 is a resident seat and alice has no category on record" in reason(
        verdict)


def test_seat_category_refuses_a_person_of_another_category() -> None:
    verdict = rules.seat_category(lap(), seat("cllr-1", category="ward-councillor"), "alice",
                                  "resident")

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("seat-category", "LAP Steering Groups")
    assert "seat cllr-1 is a ward-councillor seat and alice is a resident" in reason(verdict)


def test_seat_category_cites_the_ledger_rule_where_the_terms_list_no_such_category() -> None:
    verdict = rules.seat_category(body_of(), seat(category="mayor"), "alice", "resident")

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("seat-category", LEDGER)


# ---------------------------------------------------------------------------- role-holder


def test_daventry_4_4_chair_is_chosen_from_a_held_voting_seat() -> None:
    verdict = rules.role_holder(daventry(), "chair", seat("ccg", holder="alice"))

    assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "role-holder", "4.4")


@pytest.mark.parametrize("role", ["chair", "vice-chair"])
def test_daventry_4_4_a_non_voting_seat_does_not_hold_the_role(role: str) -> None:
    verdict = rules.role_holder(daventry(), role, seat("obs", voting=False, holder="alice"))

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("role-holder", "4.4")
    assert f"the {role} of LSP Executive is chosen from its voting (core) members" in reason(
        verdict)
    assert "seat obs is non-voting" in reason(verdict)


@pytest.mark.parametrize(("body", "clause"), [(daventry(), "4.4"), (body_of(), LEDGER)],
                         ids=["role-in-terms", "terms-silent"])
def test_a_vacant_seat_does_not_hold_a_role(body: Body, clause: str) -> None:
    verdict = rules.role_holder(body, "chair", seat("ccg"))

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("role-holder", clause)
    assert "seat ccg is vacant on that date" in reason(verdict)


def test_role_holder_allows_any_held_seat_where_the_terms_are_silent() -> None:
    verdict = rules.role_holder(body_of(), "vice-chair", seat(voting=False, holder="alice"))

    assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "role-holder", LEDGER)


@pytest.mark.parametrize(("role", "category", "allowed"), [
    ("chair", "ward-councillor", True),
    ("chair", "resident", False),
    ("chair", None, False),
    ("vice-chair", "resident", True),
    ("vice-chair", "ward-councillor", False),
])
def test_tower_hamlets_lap_roles_by_seat_category(role: str, category: str | None,
                                                  allowed: bool) -> None:
    verdict = rules.role_holder(lap(), role, seat("s1", category=category, holder="alice"))

    assert verdict.allowed is allowed
    assert (verdict.rule, verdict.clause) == ("role-holder", "LAP Steering Groups")
    if not allowed:
        required = "ward-councillor" if role == "chair" else "resident"
        assert f"the {role} of Local Area Partnership 1 Steering Group holds a {required} seat" \
            in reason(verdict)
        assert f"seat s1 is {category or 'of no category'}" in reason(verdict)


# ---------------------------------------------------------------------------- deputies


def test_deputies_allowed_where_the_terms_let_members_send_one() -> None:
    verdict = rules.deputies_allowed(daventry())

    assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "deputies-allowed", "3.2")


def test_deputies_allowed_where_the_terms_are_silent() -> None:
    verdict = rules.deputies_allowed(body_of())

    assert (verdict.allowed, verdict.rule, verdict.clause) == (True, "deputies-allowed", "n/a")


def test_deputies_refused_where_the_terms_forbid_them() -> None:
    body = body_of(deputies={"allowed": False, "clause": "5.3"})

    verdict = rules.deputies_allowed(body)

    assert not verdict.allowed
    assert (verdict.rule, verdict.clause) == ("deputies-allowed", "5.3")
    assert "the terms of Test Board do not let members send a deputy" in reason(verdict)


def test_a_deputy_is_someone_other_than_the_holder() -> None:
    held = seat("ccg", holder="alice")

    refused = rules.deputy_not_holder(held, "alice")
    allowed = rules.deputy_not_holder(held, "bob")

    assert not refused.allowed
    assert (refused.rule, refused.clause) == ("deputy-not-holder", LEDGER)
    assert "alice holds seat ccg" in reason(refused)
    assert "must be someone else" in reason(refused)
    assert (allowed.allowed, allowed.rule, allowed.clause) == (True, "deputy-not-holder", LEDGER)


def test_a_vacant_seat_may_have_a_deputy_named() -> None:
    verdict = rules.deputy_not_holder(seat("ccg"), "bob")

    assert verdict.allowed


# ---------------------------------------------------------------------------- requests


def test_lewisham_psg_principle_2_requests_are_decided_by_the_full_partnership() -> None:
    allowed = rules.membership_request_decider(psg(), "psg", "full")
    refused = rules.membership_request_decider(psg(), "psg", "psg")

    assert (allowed.allowed, allowed.rule, allowed.clause) == (
        True, "membership-requests", "PSG, membership principle 2")
    assert not refused.allowed
    assert (refused.rule, refused.clause) == ("membership-requests",
                                              "PSG, membership principle 2")
    assert "decided at a meeting of 'full', not 'psg'" in reason(refused)
    assert "Partnership Steering Group" in reason(refused)


@pytest.mark.parametrize(("body", "clause"), [
    (body_of(clause="9"), "9"),
    (body_of(membership={"clause": "6"}), "6"),
], ids=["no-membership-section", "membership-silent-on-requests"])
def test_requests_are_decided_by_the_body_itself_where_the_terms_name_no_other(
    body: Body, clause: str
) -> None:
    allowed = rules.membership_request_decider(body, "board", "board")
    refused = rules.membership_request_decider(body, "board", "executive")

    assert (allowed.allowed, allowed.clause) == (True, clause)
    assert (refused.allowed, refused.rule, refused.clause) == (
        False, "membership-requests", clause)
    assert "'board', not 'executive'" in reason(refused)
