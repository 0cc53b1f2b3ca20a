"""The read models checked against the log: what people read is what was sealed.

`check(ledger)` rebuilds the read models from the event log, in a scratch SQLite database
in memory, up to the position the store's own read models have read, by the very
catch-up that keeps them (`projections.catchup`), and compares the two table by table,
row by row, in key order:

    lsp_entities   by originator id     an entity's kind and slug
    lsp_events     by position          the audit trail: entity, kind, times, actor, fields
    lsp_terms      by version           the terms of reference and their text
    lsp_rosters    by body              the roster each body's facts fold to

Any difference is `Drift`, naming the table, the entity and what differs (a roster's
seat and field: "seat dc-1: holder is 'mallory', the log gives 'alice'"). It reads the
store and writes nothing there; `lsp projections rebuild` repairs drift. `lsp verify`
reports drift as integrity failures (exit 3), `lsp doctor` as a warning.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from ledger.app import Ledger
from ledger.store.doctor import read_position, table_exists
from ledger.store.seam import Database
from ledger.store.sqlite import SQLiteDatabase
from projections.catchup import ReadStore

KEYS: dict[str, str] = {
    "lsp_entities": "originator_id",
    "lsp_events": "position",
    "lsp_terms": "version",
    "lsp_rosters": "body",
}
"""Each read model compared, by its key."""

MAX_DRIFT = 50
"""Differences listed (all are counted)."""


@dataclass(frozen=True)
class Drift:
    """One row of a read model that is not what the log gives."""

    table: str
    entity: str
    problem: str

    def as_dict(self) -> dict[str, str]:
        return {"table": self.table, "entity": self.entity, "problem": self.problem}


@dataclass(frozen=True)
class Checked:
    """What the check compared: up to which position, how many rows, what differs."""

    position: int | None  # the position the read models have read; None: none yet
    rows: int
    drift: tuple[Drift, ...]
    differences: int

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "rows": self.rows,
                "drift": [d.as_dict() for d in self.drift], "differences": self.differences,
                "tables": list(KEYS)}


@contextmanager
def _scratch() -> Iterator[Database]:
    """An SQLite database in memory, gone when the block ends."""
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as conn:
        conn.row_factory = sqlite3.Row
        yield SQLiteDatabase(conn)


def check(ledger: Ledger, on_batch: Callable[[int], None] | None = None) -> Checked:
    """Compare the store's read models with a rebuild from the log (reads only)."""
    with ledger.database() as live:
        position = read_position(live, ledger.where)
        if position is None:
            return Checked(None, 0, (), 0)
        with _scratch() as scratch:
            ReadStore(ledger, lambda: nullcontext(scratch)).catch_up(on_batch, until=position)
            with live.snapshot():
                if read_position(live, ledger.where) != position:  # caught up meanwhile
                    return check(ledger, on_batch)
                tables = [t for t in KEYS if table_exists(live, ledger.where, t)]
                return _compare(live, scratch, position, tables)


def _compare(live: Database, rebuilt: Database, position: int, tables: list[str]
             ) -> Checked:
    """Compare `tables` (those the store has: a table not created yet is created, and
    filled, by the next catch-up)."""
    found: list[Drift] = []
    rows = 0
    for table in tables:
        key = KEYS[table]
        ours = live.execute(f"SELECT * FROM {table} ORDER BY {key}")
        theirs = rebuilt.execute(f"SELECT * FROM {table} ORDER BY {key}")
        for kind, have, want in _merge(ours, theirs, key):
            rows += 1
            if kind == "same":
                why = _differs(table, have, want)
                if why is not None:
                    found.append(Drift(table, _entity(table, want), why))
            elif have is not None:
                found.append(Drift(table, _entity(table, have),
                                   f"a row ({key} {have[key]}) that the log does not give"))
            elif want is not None:
                found.append(Drift(table, _entity(table, want),
                                   f"the row the log gives ({key} {want[key]}) is missing"))
    return Checked(position, rows, tuple(found[:MAX_DRIFT]), len(found))


def _merge(ours: Iterable[Any], theirs: Iterable[Any], key: str
           ) -> Iterator[tuple[str, dict[str, Any] | None, dict[str, Any] | None]]:
    """Two row streams sorted by `key`, paired: ("same", ours, theirs), ("extra", ours,
    None) for a row the log does not give, ("missing", None, theirs)."""
    a, b = iter(ours), iter(theirs)
    x, y = next(a, None), next(b, None)
    while x is not None or y is not None:
        have = dict(zip(x.keys(), tuple(x), strict=True)) if x is not None else None
        want = dict(zip(y.keys(), tuple(y), strict=True)) if y is not None else None
        if have is not None and (want is None or _key(have[key]) < _key(want[key])):
            yield "extra", have, None
            x = next(a, None)
        elif want is not None and (have is None or _key(want[key]) < _key(have[key])):
            yield "missing", None, want
            y = next(b, None)
        else:
            yield "same", have, want
            x, y = next(a, None), next(b, None)


def _key(value: Any) -> Any:
    return value if isinstance(value, int) else str(value)


def _entity(table: str, row: dict[str, Any] | None) -> str:
    if row is None:
        return table
    if table == "lsp_events":
        return f"{row['entity_kind']}:{row['entity']}"
    if table == "lsp_entities":
        return f"{row['kind']}:{row['slug']}"
    if table == "lsp_rosters":
        return f"body:{row['body']}"
    return f"terms version {row['version']}"


def _differs(table: str, have: dict[str, Any] | None, want: dict[str, Any] | None
             ) -> str | None:
    assert have is not None and want is not None  # why: a pair of rows
    if table == "lsp_rosters" and have["state"] != want["state"]:
        return _roster_differs(have["state"], want["state"])
    changed = [c for c in want if _value(have.get(c)) != _value(want[c])]
    if not changed:
        return None
    where = f"position {want['position']}: " if table == "lsp_events" else ""
    return where + "; ".join(f"{c} is {_short(have.get(c))}, the log gives {_short(want[c])}"
                             for c in changed[:3])


def _value(value: Any) -> Any:
    return value if isinstance(value, int | str | None) else str(value)


def _roster_differs(have: str, want: str) -> str:
    """Which seat of a kept roster differs from the one the log folds to, and how."""
    try:
        ours, theirs = json.loads(have), json.loads(want)
        ours_seats = {s["seat"]: s for s in ours["seats"]}
        theirs_seats = {s["seat"]: s for s in theirs["seats"]}
    except (ValueError, KeyError, TypeError):
        return "its kept state is not a roster's"
    said: list[str] = []
    for seat in sorted(set(ours_seats) | set(theirs_seats)):
        a, b = ours_seats.get(seat), theirs_seats.get(seat)
        if a is None or b is None:
            said.append(f"seat {seat} is {'missing' if a is None else 'not on the log'}")
            continue
        said += [f"seat {seat}: {k} is {_short(a.get(k))}, the log gives {_short(b.get(k))}"
                 for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    rest = [k for k in sorted(set(ours) | set(theirs)) if k != "seats"
            and ours.get(k) != theirs.get(k)]
    said += [f"its {k} differs from the log's" for k in rest]
    return "; ".join(said[:3]) or "its kept state differs from the log's"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
