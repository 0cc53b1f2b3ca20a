"""Refusals in the names people read: "Cllr Amy Hart (Daventry District Council)", "the
seat ddc-member-1 (Daventry District Council)", "21 November 2026".

Why a rewrite of the finished message rather than names threaded through every rule: the
rules (`ledger.rules`) are pure functions over rosters, which hold slugs and nothing
else, and the application raises refusals from many places that have no directory to
hand. The one place every refusal passes on its way to a reader is the front end that
prints it (`cli/main.py`'s `refuse`), which can read the directory; `named` words the
message there, once, for every refusal alike.

What it rewrites, and only where the ledger knows the slug (so an unknown seat the user
typed, "there is no seat 'nosuch'", stays as typed):

- `seat SLUG` (or `seat 'SLUG'`): "the seat SLUG (ORGANISATION)", where every body's seat
  of that slug belongs to one organisation;
- a person's slug: their name, with their organisation where all the seats they hold are
  one organisation's ("Cllr Amy Hart (Daventry District Council)");
- a body's or organisation's slug in quotes: its name, the slug beside it; a body's slug
  after "on", "of" or "to": its name;
- an ISO date or date-time: "21 November 2026", "10 December 2026 at 2.00 pm"; but not
  one in quotes or after an option (a value the user typed: "--to 2026-06-30") nor an
  example of the format ("such as ...").

The slug stays wherever a reader must type it back: in the seat's words, in the hint the
command line appends after the message, and in the JSON's machine fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ledger.when import british

SLUG = r"[a-z0-9][a-z0-9-]*"


@dataclass(frozen=True)
class Names:
    """What the directory says of the slugs a message may hold."""

    people: Mapping[str, str] = field(default_factory=dict)  # person -> name
    person_orgs: Mapping[str, str] = field(default_factory=dict)  # person -> their one org's name
    orgs: Mapping[str, str] = field(default_factory=dict)  # org -> name
    seat_orgs: Mapping[str, str] = field(default_factory=dict)  # seat -> its one org's name
    bodies: Mapping[str, str] = field(default_factory=dict)  # body -> name

    def person(self, slug: str) -> str:
        """A person as a message names them: name, and organisation where they have one."""
        org = self.person_orgs.get(slug)
        return f"{self.people[slug]} ({org})" if org else self.people[slug]


_SEAT = re.compile(rf"\b(the |in |a )?seat '?({SLUG})'?(?![\w-])")
_QUOTED = re.compile(rf"'({SLUG})'")
_BODY = re.compile(rf"\b(on|of|to) ({SLUG})(?![\w'-])")
_WORD = re.compile(rf"(?<![\w'-])({SLUG})(?![\w'-])")
_DATE = re.compile(r"(?<![\w'-])(?<!such as )(\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?)(?![\w'-])")


def named(message: str, names: Names) -> str:
    """The refusal `message` in names: people, seats, bodies and organisations the
    directory knows, and ISO dates in British long form (the module's docstring)."""
    text = _SEAT.sub(lambda m: _seat(m, names), message)
    text = _QUOTED.sub(lambda m: _quoted(m, names), text)
    text = _BODY.sub(lambda m: f"{m[1]} {names.bodies[m[2]]}" if m[2] in names.bodies
                     else m[0], text)
    text = _WORD.sub(lambda m: _person(m, names), text)
    return _DATE.sub(_date, text)


_OPTION_BEFORE = re.compile(r"--[a-z-]+ $")


def _date(m: re.Match[str]) -> str:
    """An ISO date in words, unless it is an option's value as typed ("--to 2026-06-30")."""
    if _OPTION_BEFORE.search(m.string, 0, m.start()):
        return m[0]
    return british(m[1].replace("T", " "))


def _seat(m: re.Match[str], names: Names) -> str:
    """`seat SLUG` as "the seat SLUG (ORGANISATION)", keeping "in" before it."""
    before, slug = m[1] or "", m[2]
    org = names.seat_orgs.get(slug)
    if org is None:
        return m[0]
    lead = "in the " if before == "in " else "the "
    return f"{lead}seat {slug} ({org})"


def _person(m: re.Match[str], names: Names) -> str:
    """A person's slug as the person; in parentheses already, by name alone."""
    if m[1] not in names.people:
        return m[0]
    bracketed = m.start() > 0 and m.string[m.start() - 1] == "("
    return names.people[m[1]] if bracketed else names.person(m[1])


def _quoted(m: re.Match[str], names: Names) -> str:
    """A person's slug in quotes as the person; a body's or organisation's as its name,
    the slug beside it."""
    slug = m[1]
    if slug in names.people:
        return names.person(slug)
    name = names.bodies.get(slug) or names.orgs.get(slug)
    return f"{name} ({slug})" if name else m[0]
