"""The roster to and from the council's spreadsheet: what `lsp roster import` and `lsp roster
export` (cli/reading.py) do between the command line and the ledger.

The columns are CONTRACT.md's (`ledger.roster_csv.COLUMNS`). An export is the roster read
model on a date, one row a seat, through the one renderer's `csv_text`; its `on` is the
day the holder took the seat (or the day of the roster, for a vacant seat), so importing
the export into a fresh ledger with the same terms gives the same roster on that date.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.progress import counter
from cli.render import csv_text
from ledger.errors import InvalidInput
from ledger.roster_csv import COLUMNS, RosterRow, read_rows
from ledger.when import local_date

if TYPE_CHECKING:  # the application, for the commands that write
    from datetime import datetime

    from ledger.app import Ledger
    from ledger.roster_import import Imported
    from projections.models import RosterView


def export_text(view: RosterView, as_of: datetime) -> str:
    """The roster `view` (as of `as_of`) as the spreadsheet's CSV."""
    day = local_date(as_of).isoformat()
    rows = [[s.seat, s.org, s.org_name, s.holder, s.holder_name, s.category, s.voting,
             s.deputy, s.deputy_name, s.holder_since or day] for s in view.seats]
    return csv_text((COLUMNS, rows))


def read_file(file: str) -> list[RosterRow]:
    """The rows of the roster CSV at `file` (or standard input for -)."""
    if file == "-":
        import sys

        text = sys.stdin.read()
    else:
        try:
            # newline="": the csv module reads line breaks inside quoted cells itself.
            with Path(file).open(encoding="utf-8-sig", newline="") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            raise InvalidInput(f"cannot read the roster file {file}: {e}") from None
    return read_rows(text, f"the roster file {file}")


def run_import(ledger: Ledger, body: str, rows: list[RosterRow],
               on: datetime | None) -> Imported:
    """Import `rows` into `body`, with a progress bar on a terminal (never under --json
    or in a pipe)."""
    from ledger.roster_import import import_roster

    with counter(len(rows), f"lsp roster import {body}") as bar:
        return import_roster(ledger, body, rows, on, (lambda: bar.update(1)) if bar else None)


def summary(done: Imported) -> dict[str, Any]:
    """What the import did, for the answer: the rows read and each count."""
    return {"body": done.body, "rows": done.rows, **done.counts}


def summary_text(done: Imported) -> str:
    c = done.counts
    parts = [f"{c['seats']} seat(s) added", f"{c['filled']} filled",
             f"{c['vacated']} vacated", f"{c['deputies']} deputy(ies) nominated",
             f"{c['revoked']} revoked", f"{c['orgs']} organisation(s) and {c['people']} "
             "person(s) added"]
    return f"Imported {done.rows} row(s) into {done.body}: {', '.join(parts)}."
