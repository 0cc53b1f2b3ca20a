"""The roster as the council's spreadsheet holds it: one CSV row a seat (CONTRACT.md).

    seat,org,org_name,holder,holder_name,category,voting,deputy,deputy_name,on

This module reads the format: `read_rows` turns a file's text into rows, refusing a
malformed file with every bad row named. What a row means for the ledger is judged by
`ledger.roster_import`. `lsp roster export` (cli/roster_csv.py) writes the same columns
through the one renderer's `csv_text`, which puts a quote before a cell a spreadsheet would
run as a formula; `read_rows` takes that quote off again, so an export reads back as it was.

Rows are numbered as a spreadsheet numbers them: the header is row 1, the first seat row 2
(a cell holding a line break is still one row). `voting` is true or false (also yes/no,
y/n, 1/0, any case: what spreadsheets write); `on` is an ISO date or date-time, England time
(blank: the date the import is given, or now). Blank `holder` means the seat is vacant,
blank `deputy` that it has none, blank `category` that the seat has none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from ledger.errors import InvalidInput, LedgerError, RowsRefused
from ledger.when import effective_from

COLUMNS = ("seat", "org", "org_name", "holder", "holder_name", "category", "voting",
           "deputy", "deputy_name", "on")

TRUE = frozenset({"true", "yes", "y", "1"})
FALSE = frozenset({"false", "no", "n", "0"})


@dataclass(frozen=True)
class RosterRow:
    """One seat of the spreadsheet, its cells stripped (a blank cell is "" or None)."""

    number: int  # the spreadsheet's row number (the header is row 1)
    seat: str
    org: str
    org_name: str
    holder: str | None
    holder_name: str
    category: str | None
    voting: bool
    deputy: str | None
    deputy_name: str
    on: datetime | None  # when the row takes effect (None: the import's date)


def read_rows(text: str, what: str = "the roster file") -> list[RosterRow]:
    """The rows of a roster CSV's `text`. A file without exactly the promised columns is
    refused at once; otherwise every malformed row (a cell count that differs from the
    header's, no seat or org, a bad boolean or date, a seat given twice) is named with its
    reason, and the file refused if there is any."""
    try:
        records = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    except csv.Error as e:  # a NUL byte, a cell past the csv module's limit
        raise InvalidInput(f"{what} cannot be read as CSV: {e}") from None
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()  # blank lines at the end (spreadsheets write them)
    if not records:
        raise InvalidInput(f"{what} is empty: its first row names the columns "
                           f"{','.join(COLUMNS)}")
    header = [cell.strip().lower() for cell in records[0]]
    _check_header(header, what)
    rows: list[RosterRow] = []
    refused: list[tuple[int, LedgerError]] = []
    first_row_of: dict[str, int] = {}
    column = header.index("seat")
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank row between seats
        seat = cells[column].strip() if column < len(cells) else ""
        try:
            if seat in first_row_of:
                raise InvalidInput(f"seat '{seat}' is given twice (rows {first_row_of[seat]} "
                                   f"and {number}): one row a seat")
            if seat:
                first_row_of[seat] = number
            rows.append(_row(number, header, cells))
        except LedgerError as e:
            refused.append((number, e))
    if refused:
        raise RowsRefused(f"{what} is malformed", refused)
    return rows


def _check_header(header: list[str], what: str) -> None:
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    twice = sorted({c for c in header if header.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"no column {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column {', '.join(repr(c) for c in unknown)}")
    if twice:
        problems.append(f"column {', '.join(twice)} given twice")
    if problems:
        raise InvalidInput(f"{what} has {'; '.join(problems)}: its first row names exactly "
                           f"the columns {','.join(COLUMNS)} (in any order)")


def _row(number: int, header: list[str], cells: list[str]) -> RosterRow:
    if len(cells) != len(header):
        raise InvalidInput(f"it has {len(cells)} cells where the header has {len(header)}")
    cell = {name: _uninert(value.strip()) for name, value in zip(header, cells, strict=True)}
    for required in ("seat", "org"):
        if not cell[required]:
            raise InvalidInput(f"the {required} cell is empty")
    if cell["holder_name"] and not cell["holder"]:
        raise InvalidInput("holder_name is given but holder (the person's id) is empty")
    if cell["deputy_name"] and not cell["deputy"]:
        raise InvalidInput("deputy_name is given but deputy (the person's id) is empty")
    return RosterRow(
        number=number, seat=cell["seat"], org=cell["org"], org_name=cell["org_name"],
        holder=cell["holder"] or None, holder_name=cell["holder_name"],
        category=cell["category"] or None, voting=_boolean(cell["voting"]),
        deputy=cell["deputy"] or None, deputy_name=cell["deputy_name"],
        on=effective_from(cell["on"], "the on cell") if cell["on"] else None,
    )


# What a spreadsheet reads as the start of a formula: `cli.render.csv_text` writes such a
# cell after a single quote (OWASP, "CSV Injection"), and a spreadsheet shows it without.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _uninert(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def _boolean(text: str) -> bool:
    value = text.lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise InvalidInput(f"voting is true or false (or yes or no), not {text!r}")
