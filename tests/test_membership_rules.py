"""Stories of membership through the application: one test per rule of the terms.

Each test is named after the clause it proves and reads given / when / then. The clock is
pinned with freezegun (the recorded time of every event is "now"); effective dates are
always given explicitly, as `--on` would. Every refusal checks the error, the rule and
clause it names, and that nothing was recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import (
    AlreadyExists,
    InvalidInput,
    LedgerError,
    NotFound,
    RuleBroken,
    TermsError,
)
from ledger.events import entity_id
from ledger.membership import MembershipRequest
from tests.conftest import event_count, on
from tests.helpers import assert_broken, example, refusal, seated

NOW = "2026-11-02 09:30:00"  # when every story is recorded

NewLedger = Callable[..., Ledger]


# ---------------------------------------------------------------------------- helpers


def daventry(new_ledger: NewLedger) -> Ledger:
    ledger = new_ledger(example("daventry"))
    for org in ("daventry-dc", "nene-ccg", "daventry-chamber"):
        ledger.add_org(org, org.replace("-", " ").title())
    for person in ("alice", "bob", "carol"):
        ledger.add_person(person, person.title())
    return ledger


def lewisham(new_ledger: NewLedger) -> Ledger:
    ledger = new_ledger(example("lewisham"))
    for org in ("lewisham-council", "met-police", "voluntary-action"):
        ledger.add_org(org, org.replace("-", " ").title())
    for person in ("alice", "bob", "carol", "dan"):
        ledger.add_person(person, person.title())
    return ledger


def tower_hamlets(new_ledger: NewLedger) -> Ledger:
    ledger = new_ledger(example("tower-hamlets"))
    ledger.add_org("lbth", "London Borough of Tower Hamlets")
    ledger.add_person("cllr-ahmed", "Cllr Ahmed", category="ward-councillor")
    ledger.add_person("rita", "Rita", category="resident")
    ledger.add_person("sam", "Sam")
    return ledger


def seat_with(ledger: Ledger, body: str, seat: str, org: str, person: str, day: str,
              **kwargs: object) -> None:
    """Add a seat and fill it, both with effect from `day`."""
    ledger.add_seat(body, seat, org, on=on(day), **kwargs)  # type: ignore[arg-type]
    ledger.fill_seat(body, seat, person, on(day))


def holder(ledger: Ledger, body: str, seat: str, day: str) -> str | None:
    found = ledger.roster(body, on(day)).seat(seat)
    assert found is not None, f"no seat {seat} on {body} on {day}"
    return found.holder


# ---------------------------------------------------------------------------- Daventry


@freeze_time(NOW)
def test_daventry_4_1_only_core_members_hold_voting_seats(new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        "executive", "chamber", "daventry-chamber", on=on("2026-02-01")))
    ledger.add_seat("executive", "chamber", "daventry-chamber", voting=False,
                    on=on("2026-02-01"))
    ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-02-01"))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "entitlement", "4.1, 4.2", "'daventry-chamber'", "non-voting seat")
    seats = {s.seat: s.voting for s in ledger.roster("executive", on("2026-02-01")).seats}
    assert seats == {"chamber": False, "ccg": True}


@freeze_time(NOW)
def test_daventry_4_1_district_council_has_three_seats_and_no_fourth(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger = daventry(new_ledger)
    for n in (1, 2, 3):
        ledger.add_seat("executive", f"dc-{n}", "daventry-dc", on=on("2026-02-01"))

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        "executive", "dc-4", "daventry-dc", on=on("2026-03-01")))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "entitlement", "4.1, 4.2", "entitled to 3 voting seat(s)",
                  "and has 3")
    assert refused.terms_version == 1
    voting = ledger.roster("executive", on("2026-03-01")).voting_seats
    assert [s.seat for s in voting] == ["dc-1", "dc-2", "dc-3"]


@freeze_time(NOW)
def test_daventry_4_4_chair_is_chosen_from_the_core_members(new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    seat_with(ledger, "executive", "ccg", "nene-ccg", "alice", "2026-02-01")
    seat_with(ledger, "executive", "chamber", "daventry-chamber", "bob", "2026-02-01",
              voting=False)
    ledger.add_seat("executive", "dc-1", "daventry-dc", on=on("2026-02-01"))

    # when
    non_voting = refusal(ledger, RuleBroken, lambda: ledger.assign_role(
        "executive", "chair", "chamber", on("2026-03-01")))
    vacant = refusal(ledger, RuleBroken, lambda: ledger.assign_role(
        "executive", "chair", "dc-1", on("2026-03-01")))
    ledger.assign_role("executive", "chair", "ccg", on("2026-03-01"))

    # then
    assert isinstance(non_voting, RuleBroken) and isinstance(vacant, RuleBroken)
    assert_broken(non_voting, "role-holder", "4.4", "seat chamber is non-voting")
    assert_broken(vacant, "role-holder", "4.4", "seat dc-1 is vacant on that date")
    chair = ledger.roster("executive", on("2026-03-01")).role_seat("chair")
    assert chair is not None and (chair.seat, chair.holder) == ("ccg", "alice")


@freeze_time(NOW)
@pytest.mark.parametrize(("name", "body", "org", "clause"), [
    ("daventry", "executive", "nene-ccg", "4.1, 4.4"),
    ("lewisham", "full", "met-police", "Full LSP, membership principle 9"),
    ("tower-hamlets", "board", "lbth", "Partnership Board"),
])
def test_co_option_refused_where_terms_make_no_provision(
    new_ledger: NewLedger, name: str, body: str, org: str, clause: str
) -> None:
    # given
    ledger = {"daventry": daventry, "lewisham": lewisham, "tower-hamlets": tower_hamlets}[
        name](new_ledger)

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        body, "co-1", org, co_opted=True, on=on("2026-02-01")))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "co-option", clause, "make no provision for co-opted members")
    assert ledger.roster(body, on("2026-02-01")).seats == ()


# ---------------------------------------------------------------------------- Lewisham


@freeze_time(NOW)
def test_lewisham_psg_principle_1_members_drawn_from_full_partnership(
    new_ledger: NewLedger,
) -> None:
    # given: bob sat on the Full Partnership until 1 March; alice joins it on 1 April
    ledger = lewisham(new_ledger)
    seat_with(ledger, "full", "f-police", "met-police", "bob", "2026-02-01")
    ledger.vacate_seat("full", "f-police", on("2026-03-01"))
    ledger.add_seat("full", "f-council", "lewisham-council", on=on("2026-02-01"))
    ledger.add_seat("psg", "p-council", "lewisham-council", on=on("2026-02-01"))
    ledger.add_seat("psg", "p-police", "met-police", on=on("2026-02-01"))

    # when
    never_a_member = refusal(ledger, RuleBroken, lambda: ledger.fill_seat(
        "psg", "p-council", "alice", on("2026-03-10")))
    no_longer_a_member = refusal(ledger, RuleBroken, lambda: ledger.fill_seat(
        "psg", "p-police", "bob", on("2026-03-10")))
    ledger.fill_seat("full", "f-council", "alice", on("2026-04-01"))
    before_she_joined = refusal(ledger, RuleBroken, lambda: ledger.fill_seat(
        "psg", "p-council", "alice", on("2026-03-31")))
    ledger.fill_seat("psg", "p-council", "alice", on("2026-04-01"))

    # then
    for refused, person in ((never_a_member, "alice"), (no_longer_a_member, "bob"),
                            (before_she_joined, "alice")):
        assert isinstance(refused, RuleBroken)
        assert_broken(refused, "drawn-from", "PSG, membership principle 1",
                      f"{person} holds no seat on 'full' on that date")
    assert holder(ledger, "psg", "p-council", "2026-04-01") == "alice"
    assert holder(ledger, "psg", "p-police", "2026-04-01") is None


@freeze_time(NOW)
def test_lewisham_working_groups_principle_4_co_optees_do_not_join_other_parts(
    new_ledger: NewLedger,
) -> None:
    # given: carol is co-opted to race-equality; dan sat on the Full Partnership first
    ledger = lewisham(new_ledger)
    seat_with(ledger, "full", "f-police", "met-police", "dan", "2026-02-01")
    seat_with(ledger, "race-equality", "co-carol", "voluntary-action", "carol", "2026-03-01",
              co_opted=True)
    seat_with(ledger, "race-equality", "co-dan", "voluntary-action", "dan", "2026-03-01",
              co_opted=True)
    ledger.add_seat("full", "f-council", "lewisham-council", on=on("2026-02-01"))
    ledger.add_seat("psg", "p-police", "met-police", on=on("2026-02-01"))
    ledger.add_seat("cost-of-living", "co-1", "voluntary-action", co_opted=True,
                    on=on("2026-02-01"))

    # when
    to_full = refusal(ledger, RuleBroken, lambda: ledger.fill_seat(
        "full", "f-council", "carol", on("2026-04-01")))
    to_psg = refusal(ledger, RuleBroken, lambda: ledger.fill_seat(
        "psg", "p-police", "dan", on("2026-04-01")))
    to_another_group = refusal(ledger, RuleBroken, lambda: ledger.fill_seat(
        "cost-of-living", "co-1", "carol", on("2026-04-01")))

    # then
    for refused, person in ((to_full, "carol"), (to_psg, "dan"), (to_another_group, "carol")):
        assert isinstance(refused, RuleBroken)
        assert_broken(refused, "co-optees-confined", "Working groups, membership principles 2-4",
                      f"{person} is co-opted to 'race-equality'",
                      "do not become members of any other part")
    # co-opted seats are exempt from drawn_from: carol holds no Full seat, yet sits
    assert holder(ledger, "race-equality", "co-carol", "2026-04-01") == "carol"


@freeze_time(NOW)
def test_lewisham_working_groups_principle_1_ordinary_seats_are_drawn_from_full(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger = lewisham(new_ledger)
    ledger.add_seat("race-equality", "re-1", "voluntary-action", on=on("2026-02-01"))

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.fill_seat(
        "race-equality", "re-1", "carol", on("2026-03-01")))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "drawn-from", "Working groups, membership principle 1",
                  "carol holds no seat on 'full'")


@freeze_time(NOW)
def test_lewisham_full_principle_9_replacement_takes_the_seat_without_approval(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger = lewisham(new_ledger)
    seat_with(ledger, "full", "f-police", "met-police", "alice", "2026-02-01")

    # when: the police replace alice with bob, with no vacancy and no request
    ledger.fill_seat("full", "f-police", "bob", on("2026-05-01"))

    # then
    assert holder(ledger, "full", "f-police", "2026-04-30") == "alice"
    assert holder(ledger, "full", "f-police", "2026-05-01") == "bob"
    assert ledger.roster("full", on("2026-05-01")).seats_held_by("alice") == ()


@freeze_time(NOW)
def test_terms_requiring_approval_of_a_replacement_are_refused_not_ignored(
    store: str, write_terms: Callable[[str], str]
) -> None:
    # given: terms the ledger cannot yet enforce (approval needs meetings in the ledger)
    ledger = Ledger(store, "secretariat", create=True)
    terms_file = write_terms("""
        [partnership]
        name = "Test"
        document = "Test terms"
        [bodies.board]
        name = "Board"
        clause = "2"
        [bodies.board.membership]
        replacement_without_approval = false
        clause = "2.4"
    """)

    # when
    refused = refusal(ledger, TermsError, lambda: ledger.init("Test", terms_file, on("2026-01-01")))

    # then
    assert "bodies.board.membership" in str(refused)
    assert "replacement_without_approval = false cannot be enforced yet" in str(refused)
    assert event_count(ledger) == 0


@freeze_time(NOW)
@pytest.mark.parametrize(("body", "clause"), [
    ("full", "Full LSP, membership principle 9"),
    ("psg", "PSG, membership principle 2"),
])
def test_lewisham_full_principle_9_requests_are_decided_by_the_full_partnership(
    new_ledger: NewLedger, body: str, clause: str
) -> None:
    # given: a member of the Full Partnership (a meeting of nobody decides nothing,
    # issue 11 item 3)
    ledger = lewisham(new_ledger)
    seated(ledger, "full", "council", "lewisham-council", "alice")

    # when (a request to join the Full LSP comes through the PSG: its recommendation first)
    ledger.request_membership(body, "voluntary-action", "va-joins", on("2026-03-01"))
    if body == "full":
        ledger.add_seat("psg", "p-council", "lewisham-council", on=on("2026-02-01"))
        ledger.fill_seat("psg", "p-council", "alice", on("2026-02-01"))
        ledger.schedule_meeting("psg", "psg-2026-04", on("2026-04-02"))
        ledger.attend("psg-2026-04", "p-council")
        ledger.recommend_membership("va-joins", "approved", "psg-2026-04")
    ledger.schedule_meeting("full", "full-2026-04", on("2026-04-23"))
    ledger.attend("full-2026-04", "council")
    ledger.decide_membership("va-joins", "approved", "full-2026-04")

    # then
    request = ledger.repository.get(entity_id("request", "va-joins"))
    assert isinstance(request, MembershipRequest)
    assert (request.body, request.org, request.decided_by) == (body, "voluntary-action", "full")
    assert (request.clause, request.terms_version) == (clause, 1)
    assert (request.decision, request.meeting) == ("approved", "full-2026-04")


# ---------------------------------------------------------------------------- Tower Hamlets


@freeze_time(NOW)
@pytest.mark.parametrize(("category", "limit"), [
    ("resident", 15), ("ward-councillor", 6), ("service-provider", 5),
])
def test_tower_hamlets_lap_composition_15_residents_6_councillors_5_providers(
    new_ledger: NewLedger, category: str, limit: int
) -> None:
    # given
    ledger = tower_hamlets(new_ledger)
    for n in range(1, limit + 1):
        ledger.add_seat("lap-1", f"{category}-{n}", "lbth", category=category,
                        on=on("2026-02-01"))

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        "lap-1", f"{category}-{limit + 1}", "lbth", category=category, on=on("2026-03-01")))
    ledger.add_seat("lap-2", f"{category}-{limit + 1}", "lbth", category=category,
                    on=on("2026-03-01"))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "composition", "LAP Steering Groups",
                  f"has {limit} {category} seats and all {limit} exist")
    assert len(ledger.roster("lap-1", on("2026-03-01")).seats) == limit


@freeze_time(NOW)
@pytest.mark.parametrize(("category", "said"), [
    (None, "a seat with no category does not fit"),
    ("business", "a seat with 'business' does not fit"),
])
def test_tower_hamlets_lap_composition_has_no_seat_outside_its_three_categories(
    new_ledger: NewLedger, category: str | None, said: str
) -> None:
    # given
    ledger = tower_hamlets(new_ledger)

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        "lap-1", "s1", "lbth", category=category, on=on("2026-02-01")))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "composition", "LAP Steering Groups",
                  "15 resident, 6 ward-councillor, 5 service-provider", said)


@freeze_time(NOW)
def test_tower_hamlets_lap_composition_holds_on_every_later_date_too(
    new_ledger: NewLedger,
) -> None:
    # given: 15 resident seats from 1 March
    ledger = tower_hamlets(new_ledger)
    for n in range(1, 16):
        ledger.add_seat("lap-1", f"resident-{n}", "lbth", category="resident",
                        on=on("2026-03-01"))

    # when: a 16th resident seat, backdated to February
    refused = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        "lap-1", "resident-16", "lbth", category="resident", on=on("2026-02-01")))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "composition", "LAP Steering Groups", "15 resident seats")


@freeze_time(NOW)
def test_tower_hamlets_lap_chair_is_a_ward_councillor_and_vice_chair_a_resident(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger = tower_hamlets(new_ledger)
    seat_with(ledger, "lap-1", "cllr-1", "lbth", "cllr-ahmed", "2026-02-01",
              category="ward-councillor")
    seat_with(ledger, "lap-1", "res-1", "lbth", "rita", "2026-02-01", category="resident")

    # when
    resident_chair = refusal(ledger, RuleBroken, lambda: ledger.assign_role(
        "lap-1", "chair", "res-1", on("2026-03-01")))
    councillor_vice_chair = refusal(ledger, RuleBroken, lambda: ledger.assign_role(
        "lap-1", "vice-chair", "cllr-1", on("2026-03-01")))
    ledger.assign_role("lap-1", "chair", "cllr-1", on("2026-03-01"))
    ledger.assign_role("lap-1", "vice-chair", "res-1", on("2026-03-01"))

    # then
    assert isinstance(resident_chair, RuleBroken)
    assert isinstance(councillor_vice_chair, RuleBroken)
    assert_broken(resident_chair, "role-holder", "LAP Steering Groups",
                  "holds a ward-councillor seat", "seat res-1 is resident")
    assert_broken(councillor_vice_chair, "role-holder", "LAP Steering Groups",
                  "holds a resident seat", "seat cllr-1 is ward-councillor")
    roster = ledger.roster("lap-1", on("2026-03-01"))
    chair, vice_chair = roster.role_seat("chair"), roster.role_seat("vice-chair")
    assert chair is not None and chair.holder == "cllr-ahmed"
    assert vice_chair is not None and vice_chair.holder == "rita"


@freeze_time(NOW)
def test_a_role_is_chair_or_vice_chair(new_ledger: NewLedger) -> None:
    # given
    ledger = tower_hamlets(new_ledger)
    seat_with(ledger, "lap-1", "cllr-1", "lbth", "cllr-ahmed", "2026-02-01",
              category="ward-councillor")

    # when
    refused = refusal(ledger, InvalidInput, lambda: ledger.assign_role(
        "lap-1", "treasurer", "cllr-1", on("2026-03-01")))

    # then
    assert "chair, vice-chair" in str(refused)
    assert "'treasurer'" in str(refused)


@freeze_time(NOW)
@pytest.mark.parametrize(("filled", "term_ends"), [
    ("2026-03-03", date(2028, 3, 3)),
    ("2026-07-01", date(2028, 7, 1)),  # British Summer Time: still the local date
    ("2028-02-29", date(2030, 2, 28)),
])
def test_tower_hamlets_lap_membership_is_for_two_years(
    new_ledger: NewLedger, filled: str, term_ends: date
) -> None:
    # given
    ledger = tower_hamlets(new_ledger)
    ledger.add_seat("lap-1", "res-1", "lbth", category="resident", on=on("2026-02-01"))

    # when
    ledger.fill_seat("lap-1", "res-1", "rita", on(filled))

    # then
    seat = ledger.roster("lap-1", on(filled)).seat("res-1")
    assert seat is not None
    assert (seat.holder, seat.term_ends) == ("rita", term_ends)


@freeze_time(NOW)
def test_a_person_holds_one_seat_on_a_body(new_ledger: NewLedger) -> None:
    # given Alice holding one of the District Council's seats on the Executive
    ledger = daventry(new_ledger)
    seat_with(ledger, "executive", "dc-1", "daventry-dc", "alice", "2026-02-01")
    ledger.add_seat("executive", "dc-2", "daventry-dc", on=on("2026-02-01"))

    # when she is named to a second seat on the same body
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.fill_seat("executive", "dc-2", "alice", on("2026-03-01")))

    # then it is refused (she would count twice in votes and agreements), until she leaves
    assert_broken(refused, "one-seat-each", "ledger rule", "alice already holds seat dc-1")
    ledger.vacate_seat("executive", "dc-1", on("2026-04-01"))
    ledger.fill_seat("executive", "dc-2", "alice", on("2026-04-01"))
    assert holder(ledger, "executive", "dc-2", "2026-04-02") == "alice"


@freeze_time(NOW)
def test_seat_category_must_match_the_persons_category(new_ledger: NewLedger) -> None:
    # given
    ledger = tower_hamlets(new_ledger)
    ledger.add_seat("lap-1", "cllr-1", "lbth", category="ward-councillor", on=on("2026-02-01"))

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.fill_seat(
        "lap-1", "cllr-1", "rita", on("2026-03-01")))
    ledger.fill_seat("lap-1", "cllr-1", "cllr-ahmed", on("2026-03-01"))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "seat-category", "LAP Steering Groups",
                  "seat cllr-1 is a ward-councillor seat and rita is a resident")
    assert holder(ledger, "lap-1", "cllr-1", "2026-03-01") == "cllr-ahmed"


# ---------------------------------------------------------------------------- deputies


@freeze_time(NOW)
def test_deputy_is_someone_other_than_the_holder(new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    seat_with(ledger, "executive", "ccg", "nene-ccg", "alice", "2026-02-01")

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.nominate_deputy(
        "executive", "ccg", "alice", on("2026-03-01")))
    ledger.nominate_deputy("executive", "ccg", "bob", on("2026-03-01"))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "deputy-not-holder", "ledger rule", "alice holds seat ccg")
    seat = ledger.roster("executive", on("2026-03-01")).seat("ccg")
    assert seat is not None and (seat.holder, seat.deputy) == ("alice", "bob")


@freeze_time(NOW)
def test_deputies_refused_where_terms_forbid_them(
    new_ledger: NewLedger, write_terms: Callable[[str], str]
) -> None:
    # given
    ledger = new_ledger(write_terms("""
        [partnership]
        name = "Test"
        document = "Test terms"
        [bodies.board]
        name = "Board"
        clause = "2"
        [bodies.board.deputies]
        allowed = false
        clause = "5.3"
    """))
    ledger.add_org("org-a", "Org A")
    ledger.add_person("alice", "Alice")
    ledger.add_person("bob", "Bob")
    seat_with(ledger, "board", "s1", "org-a", "alice", "2026-02-01")

    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.nominate_deputy(
        "board", "s1", "bob", on("2026-03-01")))

    # then
    assert isinstance(refused, RuleBroken)
    assert_broken(refused, "deputies-allowed", "5.3", "do not let members send a deputy")


# ---------------------------------------------------------------------------- terms versions

VERSIONED_TERMS = """
    [partnership]
    name = "Test"
    document = "Test terms"
    [bodies.forum]
    name = "Forum"
    clause = "3"
    [[bodies.forum.composition]]
    category = "resident"
    seats = {seats}
    clause = "{clause}"
"""


@freeze_time(NOW)
def test_rule_is_judged_by_the_terms_in_force_on_the_effective_date(
    new_ledger: NewLedger, write_terms: Callable[[str], str]
) -> None:
    # given: two resident seats under version 1; version 2 allows three from 1 June
    ledger = new_ledger(write_terms(VERSIONED_TERMS.format(seats=2, clause="3.1")))
    ledger.adopt_terms(write_terms(VERSIONED_TERMS.format(seats=3, clause="3.1 as amended")),
                       on("2026-06-01"))
    ledger.add_org("org-a", "Org A")
    for n in (1, 2):
        ledger.add_seat("forum", f"r{n}", "org-a", category="resident", on=on("2026-02-01"))

    # when
    under_v1 = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        "forum", "r3", "org-a", category="resident", on=on("2026-05-31")))
    ledger.add_seat("forum", "r3", "org-a", category="resident", on=on("2026-06-01"))
    under_v2 = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        "forum", "r4", "org-a", category="resident", on=on("2026-07-01")))

    # then
    assert isinstance(under_v1, RuleBroken) and isinstance(under_v2, RuleBroken)
    assert_broken(under_v1, "composition", "3.1", "terms version 1", "2 resident seats")
    assert under_v1.terms_version == 1
    assert_broken(under_v2, "composition", "3.1 as amended", "terms version 2",
                  "3 resident seats")
    assert under_v2.terms_version == 2
    assert [s.seat for s in ledger.roster("forum", on("2026-07-01")).seats] == [
        "r1", "r2", "r3"]


# ---------------------------------------------------------------------------- ledger rules


@freeze_time(NOW)
@pytest.mark.parametrize(("action", "says"), [
    (lambda led: led.fill_seat("executive", "ccg", "nobody", on("2026-03-01")),
     "there is no person 'nobody' in the ledger"),
    (lambda led: led.add_seat("executive", "s9", "ghost-org", on=on("2026-03-01")),
     "there is no org 'ghost-org' in the ledger"),
    (lambda led: led.add_seat("cabinet", "s9", "nene-ccg", on=on("2026-03-01")),
     "there is no body 'cabinet' in terms version 1 in force on 2026-03-01"),
    (lambda led: led.fill_seat("executive", "no-such-seat", "alice", on("2026-03-01")),
     "there is no seat 'no-such-seat' on 'executive' on 2026-03-01"),
    (lambda led: led.fill_seat("executive", "ccg", "alice", on("2026-01-15")),
     "there is no seat 'ccg' on 'executive' on 2026-01-15"),
    (lambda led: led.fill_seat("forum", "f1", "alice", on("2026-03-01")),
     "body 'forum' has no seats yet"),
    (lambda led: led.decide_membership("no-request", "approved", "m1"),
     "there is no request 'no-request' in the ledger"),
], ids=["person", "org", "body-not-in-terms", "seat", "seat-not-yet-added",
        "body-without-seats", "request"])
def test_ids_must_name_something_in_the_ledger_and_the_terms(
    new_ledger: NewLedger, action: Callable[[Ledger], object], says: str
) -> None:
    # given
    ledger = daventry(new_ledger)
    ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-02-01"))

    # when
    refused = refusal(ledger, NotFound, lambda: action(ledger))

    # then
    assert says in str(refused)


@freeze_time(NOW)
@pytest.mark.parametrize(("action", "error", "says"), [
    (lambda led: led.add_org("nene-ccg", "Again"), AlreadyExists, "org 'nene-ccg' already exists"),
    (lambda led: led.add_person("alice", "Again"), AlreadyExists,
     "person 'alice' already exists"),
    (lambda led: led.add_seat("executive", "ccg", "nene-ccg", voting=False, on=on("2026-03-01")),
     InvalidInput,
     "seat 'ccg' already exists on 'executive'"),
    (lambda led: led.request_membership("executive", "nene-ccg", "req-1", on("2026-03-01")),
     AlreadyExists, "request 'req-1' already exists"),
], ids=["org", "person", "seat", "request"])
def test_ids_are_never_taken_twice(
    new_ledger: NewLedger, action: Callable[[Ledger], object], error: type[LedgerError],
    says: str
) -> None:
    # given
    ledger = daventry(new_ledger)
    ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-02-01"))
    ledger.request_membership("executive", "nene-ccg", "req-1", on("2026-02-01"))

    # when
    refused = refusal(ledger, error, lambda: action(ledger))

    # then
    assert says in str(refused)


@freeze_time(NOW)
@pytest.mark.parametrize(("action", "says"), [
    (lambda led: led.add_org("Nene CCG", "Nene"), "org id 'Nene CCG' is not a slug"),
    (lambda led: led.add_person("-alice", "Alice"), "person id '-alice' is not a slug"),
    (lambda led: led.add_seat("executive", "Seat_1", "nene-ccg", on=on("2026-03-01")),
     "seat id 'Seat_1' is not a slug"),
    (lambda led: led.add_seat("Executive", "s1", "nene-ccg", on=on("2026-03-01")),
     "body id 'Executive' is not a slug"),
    (lambda led: led.add_person("zoe", "Zoe", category="Ward Councillor"),
     "category id 'Ward Councillor' is not a slug"),
], ids=["org", "person", "seat", "body", "category"])
def test_ids_are_slugs(
    new_ledger: NewLedger, action: Callable[[Ledger], object], says: str
) -> None:
    # given
    ledger = daventry(new_ledger)

    # when
    refused = refusal(ledger, InvalidInput, lambda: action(ledger))

    # then
    assert says in str(refused)
    assert "lower-case letters, digits and hyphens" in str(refused)


@freeze_time(NOW)
def test_nothing_takes_effect_before_the_first_terms(new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)

    # when
    refused = refusal(ledger, NotFound, lambda: ledger.add_seat(
        "executive", "ccg", "nene-ccg", on=on("2025-12-01")))

    # then
    assert str(refused) == ("no terms of reference were in force on 2025-12-01; the first "
                            "terms are in force from 2026-01-01")


@freeze_time(NOW)
def test_nothing_takes_effect_before_the_first_terms_in_summer_time(
    new_ledger: NewLedger,
) -> None:
    # given
    ledger = new_ledger(example("daventry"), since="2026-07-01")
    ledger.add_org("nene-ccg", "Nene CCG")

    # when
    refused = refusal(ledger, NotFound, lambda: ledger.add_seat(
        "executive", "ccg", "nene-ccg", on=on("2026-06-15")))

    # then
    assert str(refused) == ("no terms of reference were in force on 2026-06-15; the first "
                            "terms are in force from 2026-07-01")


@freeze_time(NOW)
@pytest.mark.parametrize("day", ["2026-03-20", "2026-07-01"])  # GMT, then summer time
def test_a_vacant_seat_cannot_be_vacated(new_ledger: NewLedger, day: str) -> None:
    # given
    ledger = daventry(new_ledger)
    seat_with(ledger, "executive", "ccg", "nene-ccg", "alice", "2026-02-01")
    ledger.vacate_seat("executive", "ccg", on("2026-03-01"))

    # when
    refused = refusal(ledger, InvalidInput, lambda: ledger.vacate_seat(
        "executive", "ccg", on(day)))

    # then
    assert str(refused) == f"seat 'ccg' on 'executive' is already vacant on {day}"


@freeze_time(NOW)
def test_a_seat_is_not_filled_with_its_current_holder(new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    seat_with(ledger, "executive", "ccg", "nene-ccg", "alice", "2026-02-01")

    # when
    refused = refusal(ledger, InvalidInput, lambda: ledger.fill_seat(
        "executive", "ccg", "alice", on("2026-03-01")))

    # then
    assert str(refused) == "alice already holds seat 'ccg' on 'executive' on 2026-03-01"
