"""`lsp roster import`: a body's roster from the council's spreadsheet, all of it or nothing.

Each row (`ledger.roster_csv.RosterRow`) says how one seat stands from its date on: the
organisation and people it names are registered if the ledger has none of that id, the seat
is added if the body has none of that id, then filled (or vacated, for a blank holder) and
its deputy nominated (or revoked) where that changes anything. Every one of these steps is
the ledger's own command (`Ledger.add_org`, `add_seat`, `fill_seat`, `nominate_deputy`...),
so a row is judged by exactly the rules the single commands judge: there is no second copy
of any rule here. They all run in one `Ledger.all_or_nothing` block, each row judged
against the ledger and the rows before it, and are saved in one transaction only if no row
was refused; otherwise every refused row is named with its refusal and nothing is
recorded.

What an import does not do, and says so when asked: it never renames an organisation or
a person (a name that differs from the recorded one is refused: correct the file, or leave
the name blank), never changes a seat's organisation, vote or category (refused: remove
the seat and add another), and leaves alone the seats the file does not name. A row
refused part-way (its seat added, its holder refused) leaves its earlier steps in place
for the rows after it, as fixing that row's holder would.

A person the import registers gets the category of the seat the file gives them to hold
(a resident seat is held by a resident: rule `seat-category`); one named only as a deputy
gets none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ledger.app import Ledger, Recorded
from ledger.errors import InvalidInput, LedgerError, NotFound, RowsRefused
from ledger.retry import retried
from ledger.roster import Seat
from ledger.roster_csv import RosterRow

# What an import counts, in the order its summary names them.
COUNTS = ("orgs", "people", "seats", "filled", "vacated", "deputies", "revoked")


@dataclass(frozen=True)
class Imported:
    body: str
    rows: int
    counts: dict[str, int]
    recorded: list[Recorded] = field(default_factory=list)


@retried
def import_roster(ledger: Ledger, body: str, rows: Sequence[RosterRow],
                  on: datetime | None = None,
                  tick: Callable[[], None] | None = None) -> Imported:
    """Judge every row, then record them all in one transaction, or refuse the file.
    `on`: the date of the rows whose `on` cell is blank (default now); `tick` is called
    once a row is judged (a progress bar)."""
    default = on or datetime.now(UTC)
    if rows:
        # A body the terms do not have (a typing mistake) is one refusal, not one a row.
        ledger.roster(body, min(row.on or default for row in rows))
    # A person the import registers has the category of the seat the file gives them.
    categories = {row.holder: row.category for row in rows if row.holder}
    counts: Counter[str] = Counter()
    refused: list[tuple[int, LedgerError]] = []
    with ledger.all_or_nothing() as unit:
        for row in rows:
            try:
                counts += _import_row(ledger, body, row, row.on or default, categories)
            except LedgerError as e:
                refused.append((row.number, e))
            if tick is not None:
                tick()
        if refused:
            raise RowsRefused(f"the roster of {body} was not imported", refused)
        recorded = unit.save()
    return Imported(body, len(rows), {name: counts[name] for name in COUNTS}, recorded)


def _import_row(ledger: Ledger, body: str, row: RosterRow, when: datetime,
                categories: dict[str, str | None]) -> Counter[str]:
    done: Counter[str] = Counter()
    org = ledger.org(row.org)
    if org is None:
        _named("org", row.org, row.org_name)
        ledger.add_org(row.org, row.org_name)
        done["orgs"] += 1
    else:
        _same_name("org", row.org, org.name, row.org_name)
    for person, name in ((row.holder, row.holder_name), (row.deputy, row.deputy_name)):
        if person is None:
            continue
        found = ledger.person(person)
        if found is None:
            _named("person", person, name)
            ledger.add_person(person, name, categories.get(person))
            done["people"] += 1
        else:
            _same_name("person", person, found.name, name)
    seat = ledger.roster(body, when).seat(row.seat)
    if seat is None:
        ledger.add_seat(body, row.seat, row.org, voting=row.voting, category=row.category,
                        on=when)
        done["seats"] += 1
    else:
        _same_seat(body, seat, row)
        if row.holder is None and seat.as_appointed().holder is not None:
            ledger.vacate_seat(body, row.seat, when)
            done["vacated"] += 1
    deputy = seat.deputy if seat is not None else None
    if row.holder is not None and (seat is None or seat.holder != row.holder):
        ledger.fill_seat(body, row.seat, row.holder, when)
        done["filled"] += 1
        if deputy == row.holder:  # the deputy now holds the seat, so is its deputy no more
            deputy = None
    if row.deputy is None and deputy is not None:
        ledger.revoke_deputy(body, row.seat, when)
        done["revoked"] += 1
    elif row.deputy is not None and deputy != row.deputy:
        ledger.nominate_deputy(body, row.seat, row.deputy, when)
        done["deputies"] += 1
    return done


def _named(kind: str, slug: str, name: str) -> None:
    if not name:
        column = "org_name" if kind == "org" else "the name column beside it"
        raise NotFound(f"there is no {kind} '{slug}' in the ledger, and {column} is empty: "
                       f"give the name to add it", remedy=None)


def _same_name(kind: str, slug: str, recorded: str, given: str) -> None:
    if given and given != recorded:
        raise InvalidInput(f"{kind} '{slug}' is recorded as {recorded!r} and the file names "
                           f"it {given!r}: an import never renames (correct the name in the "
                           "file, or leave it blank)")


def _same_seat(body: str, seat: Seat, row: RosterRow) -> None:
    differs = [f"{what} {had} (the file says {given})"
               for what, had, given in (("organisation", seat.org, row.org),
                                        ("voting", _yes(seat.voting), _yes(row.voting)),
                                        ("category", seat.category or "none",
                                         row.category or "none"))
               if had != given]
    if differs:
        raise InvalidInput(f"seat '{seat.seat}' on '{body}' has {', '.join(differs)}: an "
                           "import fills seats and never changes one (remove it and add "
                           "another with a new id)")


def _yes(value: bool) -> str:
    return "true" if value else "false"
