"""Daventry 4.1: the Council's three seats on the Executive are "two elected members/one
officer" (terms key `entitlements.categories`, rule `entitlement-category`,
`ledger/categories.py`).

A seat counts as its own category, or else as its holder's: a third elected-member seat
is refused, and so is a third elected member filling a plain seat, citing clause 4.1 and
recording nothing; `lsp check` warns where the roster does not match the split, once the
Executive has met. Given / when / then, the clock pinned with freezegun.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import pytest
from click.testing import Result
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger import categories, rules
from ledger.app import Ledger
from ledger.errors import RuleBroken, TermsError
from ledger.roster import Seat
from ledger.terms import Body, parse_terms, read_terms_file
from projections import warnings
from projections.catchup import ReadStore
from tests.conftest import event_count, on
from tests.helpers import assert_broken, example, refusal

NewLedger = Callable[..., Ledger]
Lsp = Callable[..., Result]

BEGAN = "2026-04-01"
NOW = "2026-06-01 12:00:00"


def council(new_ledger: NewLedger) -> Ledger:
    """The Daventry Executive from BEGAN with the District Council registered, and its
    people: two elected members, a third, an officer, a resident and one of no category."""
    ledger = new_ledger(example("daventry"), BEGAN)
    ledger.add_org("daventry-dc", "Daventry District Council")
    for person, category in (("amy", "elected-member"), ("ben", "elected-member"),
                             ("cal", "elected-member"), ("dan", "officer"),
                             ("eve", "resident"), ("fay", None)):
        ledger.add_person(person, person.title(), category)
    return ledger


def category_warnings(ledger: Ledger, when: str) -> list[tuple[str, str]]:
    return [(w.clause, w.message) for w in warnings.check(ReadStore(ledger), on(when)).warnings
            if w.rule == "entitlement-category"]


def test_daventry_4_1_the_example_splits_the_councils_three_seats() -> None:
    # given / when: the Daventry example's entitlements
    _, terms = read_terms_file(example("daventry"))
    entitled = terms.bodies["executive"].entitlement("daventry-dc")
    # then: two elected members and one officer, citing 4.1
    assert entitled is not None
    assert entitled.seats == 3
    assert entitled.categories == {"elected-member": 2, "officer": 1}
    assert entitled.categories_clause == "4.1"


@pytest.mark.parametrize(("split", "says"), [
    ("{ elected-member = 2 }", "add up to 2 seats, and 'seats' is 3"),
    ("{ elected-member = 2, officer = 0 }", "greater than or equal to 1"),
])
def test_daventry_4_1_given_a_split_that_does_not_add_up_then_the_terms_are_refused(
        split: str, says: str) -> None:
    # given: a split whose numbers do not make the entitlement
    text = f"""
[partnership]
name = "P"
document = "D"
[bodies.executive]
name = "E"
clause = "4"
[[bodies.executive.entitlements]]
org = "daventry-dc"
seats = 3
categories = {split}
categories_clause = "4.1"
clause = "4.1, 4.2"
"""
    # when / then: refused, naming the key
    with pytest.raises(TermsError) as refused:
        parse_terms(text)
    assert "bodies.executive.entitlements" in str(refused.value)
    assert says in str(refused.value)


def test_daventry_4_1_given_a_split_without_its_clause_then_the_terms_are_refused() -> None:
    # given
    text = """
[partnership]
name = "P"
document = "D"
[bodies.executive]
name = "E"
clause = "4"
[[bodies.executive.entitlements]]
org = "daventry-dc"
seats = 1
categories = { officer = 1 }
clause = "4.1, 4.2"
"""
    # when / then
    with pytest.raises(TermsError) as refused:
        parse_terms(text)
    assert "set categories_clause" in str(refused.value)


@freeze_time(NOW)
def test_daventry_4_1_given_two_elected_member_seats_when_a_third_is_added_then_refused(
        new_ledger: NewLedger) -> None:
    # given: two elected-member seats
    ledger = council(new_ledger)
    for seat in ("m1", "m2"):
        ledger.add_seat("executive", seat, "daventry-dc", category="elected-member",
                        on=on(BEGAN))
    # when: a third is added
    refused = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        "executive", "m3", "daventry-dc", category="elected-member", on=on(BEGAN)))
    # then: refused under 4.1, nothing recorded; the officer's seat may still be added
    assert_broken(refused, "entitlement-category", "4.1", "2 elected-member, 1 officer",
                  "has 2 elected-member seat(s) already")
    ledger.add_seat("executive", "officer", "daventry-dc", category="officer", on=on(BEGAN))


@freeze_time(NOW)
def test_daventry_4_1_given_a_seat_of_a_category_not_in_the_split_then_refused(
        new_ledger: NewLedger) -> None:
    # given
    ledger = council(new_ledger)
    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.add_seat(
        "executive", "r1", "daventry-dc", category="resident", on=on(BEGAN)))
    # then
    assert_broken(refused, "entitlement-category", "4.1", "'resident' is not one of them")


@freeze_time(NOW)
def test_daventry_4_1_given_plain_seats_when_a_third_elected_member_fills_one_then_refused(
        new_ledger: NewLedger) -> None:
    # given: three plain Council seats, two held by elected members
    ledger = council(new_ledger)
    for seat in ("c1", "c2", "c3"):
        ledger.add_seat("executive", seat, "daventry-dc", on=on(BEGAN))
    ledger.fill_seat("executive", "c1", "amy", on(BEGAN))
    ledger.fill_seat("executive", "c2", "ben", on(BEGAN))
    # when: a third elected member fills the third seat
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.fill_seat("executive", "c3", "cal", on(BEGAN)))
    # then: refused under 4.1, nothing recorded; the officer fills it
    assert_broken(refused, "entitlement-category", "4.1", "cal, of category elected-member",
                  "seat c3")
    ledger.fill_seat("executive", "c3", "dan", on(BEGAN))
    # and an elected member replacing another in the same seat is no third
    ledger.fill_seat("executive", "c2", "cal", on("2026-05-01"))


@freeze_time(NOW)
def test_daventry_4_1_given_a_person_of_another_category_when_filling_then_refused(
        new_ledger: NewLedger) -> None:
    # given
    ledger = council(new_ledger)
    ledger.add_seat("executive", "c1", "daventry-dc", on=on(BEGAN))
    # when
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.fill_seat("executive", "c1", "eve", on(BEGAN)))
    # then
    assert_broken(refused, "entitlement-category", "4.1", "eve is of category resident")


@freeze_time(NOW)
def test_daventry_4_1_given_an_officer_seat_when_an_elected_member_fills_it_then_refused(
        new_ledger: NewLedger) -> None:
    # given: the officer's seat, with its category
    ledger = council(new_ledger)
    ledger.add_seat("executive", "officer", "daventry-dc", category="officer", on=on(BEGAN))
    # when
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.fill_seat("executive", "officer", "amy", on(BEGAN)))
    # then: the seat-category rule, now citing the split's clause rather than a ledger rule
    assert_broken(refused, "seat-category", "4.1", "amy is a elected-member")


def test_daventry_4_1_cli_refusal_names_the_clause_and_records_nothing(
        new_ledger: NewLedger, lsp: Lsp) -> None:
    # given
    with freeze_time(NOW):
        ledger = council(new_ledger)
        for seat in ("m1", "m2"):
            ledger.add_seat("executive", seat, "daventry-dc", category="elected-member",
                            on=on(BEGAN))
        before = event_count(ledger)
        # when
        result = lsp("seat", "add", "executive", "m3", "--org", "daventry-dc",
                     "--category", "elected-member", "--on", BEGAN)
    # then: exit 1, the rule and clause on stderr, no traceback, nothing recorded
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "rule 'entitlement-category'" in result.stderr
    assert "clause 4.1" in result.stderr
    assert "Traceback" not in result.stderr
    assert event_count(ledger) == before


def test_daventry_4_1_given_a_new_ledger_on_its_second_day_then_not_warned(
        new_ledger: NewLedger) -> None:
    # given: the Council's seats added, none filled yet, and no meeting held
    with freeze_time("2026-04-02 12:00:00"):
        ledger = council(new_ledger)
        for seat in ("c1", "c2", "c3"):
            ledger.add_seat("executive", seat, "daventry-dc", on=on(BEGAN))
        # when / then
        assert category_warnings(ledger, "2026-04-02") == []


def test_daventry_4_1_given_the_officer_seat_unfilled_after_a_meeting_then_warned(
        new_ledger: NewLedger) -> None:
    # given: two elected members seated, the third seat held by fay (no category), and
    # the Executive has met
    with freeze_time(NOW):
        ledger = council(new_ledger)
        for seat in ("c1", "c2", "c3"):
            ledger.add_seat("executive", seat, "daventry-dc", on=on(BEGAN))
        ledger.fill_seat("executive", "c1", "amy", on(BEGAN))
        ledger.fill_seat("executive", "c2", "ben", on(BEGAN))
        ledger.fill_seat("executive", "c3", "fay", on(BEGAN))
        ledger.schedule_meeting("executive", "exec-1", on("2026-05-01T14:00"))
        # when
        found = category_warnings(ledger, "2026-05-20")
    # then: the officer is missing, and fay is not known to be one
    assert found == [
        ("4.1", "fay holds seat c3 of 'daventry-dc' and has no category on record, so is "
                "not known to be one of its 2 elected-member, 1 officer (fill the seats: "
                "lsp seat fill executive SEAT PERSON)"),
        ("4.1", "'daventry-dc' sits on LSP Executive as 2 elected-member, 1 officer, and 0 "
                "of its 1 officer seat(s) are held by one (fill the seats: lsp seat fill "
                "executive SEAT PERSON)")]


def test_daventry_4_1_given_the_split_matched_then_not_warned(
        new_ledger: NewLedger, lsp: Lsp) -> None:
    # given: two elected members and the officer, and a meeting held
    with freeze_time(NOW):
        ledger = council(new_ledger)
        for seat, person in (("c1", "amy"), ("c2", "ben"), ("c3", "dan")):
            ledger.add_seat("executive", seat, "daventry-dc", on=on(BEGAN))
            ledger.fill_seat("executive", seat, person, on(BEGAN))
        ledger.schedule_meeting("executive", "exec-1", on("2026-05-01T14:00"))
        # when
        report = json.loads(lsp("check", "--as-of", "2026-05-20", "--json").stdout)
    # then
    assert [w for w in report["warnings"] if w["rule"] == "entitlement-category"] == []


# ---------------------------------------------------------------- the arithmetic

SPLIT = {"elected-member": 2, "officer": 1}


def _council_terms() -> Body:
    _, terms = read_terms_file(example("daventry"))
    return terms.bodies["executive"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["add", "fill"]),
                          st.sampled_from(["elected-member", "officer", "resident", None]),
                          st.integers(min_value=0, max_value=3)), max_size=12))
def test_daventry_4_1_whatever_the_order_of_adds_and_fills_no_category_exceeds_its_number(
        acts: list[tuple[str, str | None, int]]) -> None:
    # given: the Council's entitlement of 2 elected members and 1 officer, and any
    # sequence of seat adds (with a category or none) and fills (by people of a category)
    body = _council_terms()
    seats: dict[str, Seat] = {}
    held: dict[str, str | None] = {}
    for n, (act, category, which) in enumerate(acts):
        current = tuple(seats.values())
        if act == "add":
            verdict = categories.new_seat(body, "daventry-dc", True, category, current, held)
            if verdict.allowed and rules.entitlement(body, "daventry-dc", True,
                                                     current).allowed:
                seats[f"s{n}"] = Seat(f"s{n}", "daventry-dc", True, False, category, None)
            continue
        if not seats:
            continue
        seat = list(seats.values())[which % len(seats)]
        person = f"p{n}"
        # when: each is judged as the ledger judges it, and recorded only when allowed
        fits = (rules.seat_category(body, seat, person, category).allowed
                and categories.holder(body, seat, person, category, current, held).allowed)
        if fits:
            seats[seat.seat] = replace(seat, holder=person)
            held[person] = category
    # then: no category is ever held or seated beyond its number, and no seat is held by
    # a person of a category outside the split
    for name, limit in SPLIT.items():
        assert sum(1 for s in seats.values()
                   if categories.as_held(s, held) == name) <= limit
    assert all(categories.as_held(s, held) in (*SPLIT, None) for s in seats.values())
