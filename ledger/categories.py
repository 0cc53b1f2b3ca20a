"""Seats by category within an organisation's entitlement (rule `entitlement-category`).

Daventry 4.1 lists "Daventry District Council (two elected members/one officer)": the
Council's three voting seats on the Executive are not any three representatives, but two
elected members and one officer. The terms file says so on the entitlement
(`categories = { elected-member = 2, officer = 1 }`, docs/terms.md).

A seat's category *as held* is its own category when it was given one (`lsp seat add
--category`), else the category of the person holding it (`lsp person add --category`).
So a secretariat may give the Council's seats their categories, or leave them plain and
let whoever fills them bring theirs: either way a third elected member is refused, citing
the clause. A person of no category on record filling a plain seat is not refused (the
ledger cannot tell what they are), and `lsp check` says the roster does not match.

Non-voting seats are outside the entitlement (rule `entitlement`), so outside this rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ledger.roster import Seat
from ledger.rules import Verdict
from ledger.terms import Body, Entitlement

RULE = "entitlement-category"


def _split(entitled: Entitlement) -> str:
    """'2 elected-member, 1 officer': the split as the terms give it."""
    return ", ".join(f"{n} {c}" for c, n in entitled.categories.items())


def _clause(entitled: Entitlement) -> str:
    return entitled.categories_clause or entitled.clause


def as_held(seat: Seat, categories: Mapping[str, str | None]) -> str | None:
    """The category a seat counts as: its own, else its holder's (`categories` maps each
    person to their category on record)."""
    if seat.category is not None:
        return seat.category
    return categories.get(seat.holder) if seat.holder else None


def _counted(org: str, category: str, seats: Sequence[Seat],
             categories: Mapping[str, str | None], leaving_out: str | None = None) -> int:
    return sum(1 for s in seats if s.org == org and s.voting and s.seat != leaving_out
               and as_held(s, categories) == category)


def new_seat(body: Body, org: str, voting: bool, category: str | None, seats: Sequence[Seat],
             categories: Mapping[str, str | None]) -> Verdict:
    """A new voting seat of an organisation whose entitlement is split by category: a
    category given must be one of the split, and within its number. A seat given no
    category takes its holder's when filled (`holder`)."""
    entitled = body.entitlement(org)
    if not voting or entitled is None or not entitled.categories or category is None:
        return Verdict(True, RULE, "n/a")
    clause = _clause(entitled)
    limit = entitled.categories.get(category)
    if limit is None:
        return Verdict(False, RULE, clause, (
            f"'{org}' sits on {body.name} as {_split(entitled)}; a seat of category "
            f"'{category}' is not one of them",))
    taken = _counted(org, category, seats, categories)
    if taken >= limit:
        return Verdict(False, RULE, clause, (
            f"'{org}' sits on {body.name} as {_split(entitled)}, and has {taken} "
            f"{category} seat(s) already",))
    return Verdict(True, RULE, clause, (f"{taken + 1} of {limit} {category} seats",))


def holder(body: Body, seat: Seat, person: str, person_category: str | None,
           seats: Sequence[Seat], categories: Mapping[str, str | None]) -> Verdict:
    """Filling a plain (uncategorised) voting seat of such an organisation: the person's
    category is one of the split and its number is not already held or seated. A seat
    with a category of its own is judged by rule `seat-category` instead; a person of no
    category on record is let in, and `lsp check` warns (`mismatches`)."""
    entitled = body.entitlement(seat.org)
    if (not seat.voting or entitled is None or not entitled.categories
            or seat.category is not None or person_category is None):
        return Verdict(True, RULE, "n/a")
    clause = _clause(entitled)
    limit = entitled.categories.get(person_category)
    if limit is None:
        return Verdict(False, RULE, clause, (
            f"'{seat.org}' sits on {body.name} as {_split(entitled)}, and {person} is of "
            f"category {person_category}",))
    taken = _counted(seat.org, person_category, seats, categories, leaving_out=seat.seat)
    if taken >= limit:
        return Verdict(False, RULE, clause, (
            f"'{seat.org}' sits on {body.name} as {_split(entitled)}; its {limit} "
            f"{person_category} seat(s) are already of that category, so {person}, of "
            f"category {person_category}, cannot fill seat {seat.seat}",))
    return Verdict(True, RULE, clause)


def mismatches(body: Body, seats: Sequence[Seat], categories: Mapping[str, str | None]
               ) -> list[tuple[str, str]]:
    """Where the roster does not match the split, as (clause, message) pairs: a category
    short of its number, and a held plain seat whose holder has no category on record
    (not known to be any of the split)."""
    found: list[tuple[str, str]] = []
    for entitled in body.entitlements:
        if not entitled.categories:
            continue
        clause = _clause(entitled)
        mine = [s for s in seats if s.org == entitled.org and s.voting]
        for s in mine:
            if s.holder and s.category is None and categories.get(s.holder) is None:
                found.append((clause, f"{s.holder} holds seat {s.seat} of '{entitled.org}' "
                              f"and has no category on record, so is not known to be one "
                              f"of its {_split(entitled)}"))
        for category, limit in entitled.categories.items():
            held = sum(1 for s in mine if s.holder and as_held(s, categories) == category)
            if held < limit:
                found.append((clause, f"'{entitled.org}' sits on {body.name} as "
                              f"{_split(entitled)}, and {held} of its {limit} {category} "
                              "seat(s) are held by one"))
    return found
