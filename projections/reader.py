"""The one reader every question of the read side asks through.

A `Reader` wraps one connection to the read store (normally inside one read transaction,
`reading(store)`) and answers what every projection needs beside its own fold:

- names of organisations and people (the first event of each, by the entity index), and
  the name of a body in the versions of the terms of reference;
- the terms of reference by version, and the version in force on a date (as known at a
  moment, if asked); a version's text is parsed once per reader;
- an entity's facts (`ledger.events.Fact`s rebuilt from `lsp_events`), the form the
  write side's folds take;
- the read position (the last notification folded in) and the latest seal, which every
  paper prints.

It caches what it has read, so a question that reads many meetings or decisions (the
registers, the ratification paper, `lsp check`) reads each name and each terms text once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from typing import Any

from ledger.errors import NotFound
from ledger.events import Fact
from ledger.store.seam import Database, RowLike
from ledger.terms import Terms, parse_terms
from ledger.when import day, show
from projections.catchup import ReadStore
from projections.models import SealRef
from projections.stamps import stamp, unstamp


@contextmanager
def reading(store: ReadStore) -> Iterator[Reader]:
    """Catch up with the log, then read one state of the read store."""
    store.catch_up()
    with store.connect() as conn, conn.snapshot():
        yield Reader(conn)


def standing(conn: Database, alias: str) -> str:
    """SQL that holds when the event `alias` (a row of `lsp_events`) stands: no correction
    of its entity (`Retracted`) names its version. For the queries that pick events out
    by kind (a meeting's `Scheduled`, an agenda's `Published`) rather than fold them."""
    return ("NOT EXISTS (SELECT 1 FROM lsp_events retraction WHERE "
            f"retraction.entity_kind = {alias}.entity_kind AND retraction.entity = "
            f"{alias}.entity AND retraction.kind = 'Retracted' AND "
            f"CAST({conn.json_text('retraction.data', 'version')} AS INTEGER) = "
            f"{alias}.version)")


SCHEDULING = "('Scheduled', 'Rescheduled')"  # the kinds of event that date a meeting


def latest_scheduling(alias: str) -> str:
    """SQL that holds when the event `alias` (a row of `lsp_events`) is its meeting's
    scheduling as it stands now: its `Scheduled`, or its latest `Rescheduled`. A meeting's
    date is that event's effective time (with `standing`, for a scheduling retracted)."""
    return (f"{alias}.kind IN {SCHEDULING} AND NOT EXISTS (SELECT 1 FROM lsp_events later "
            f"WHERE later.entity_kind = {alias}.entity_kind AND later.entity = {alias}.entity "
            f"AND later.kind = 'Rescheduled' AND later.version > {alias}.version)")


def fact(row: RowLike) -> Fact:
    """A row of `lsp_events` as the fact the write side's folds take."""
    return Fact(entity=row["entity"], version=row["version"], kind=row["kind"],
                effective=unstamp(row["effective"]), recorded=unstamp(row["recorded"]),
                actor=row["actor"], data=json.loads(row["data"]))


class Reader:
    """Answers names, terms, facts, the read position and the latest seal over one
    connection, caching names and parsed terms."""

    def __init__(self, conn: Database) -> None:
        self.conn = conn
        self._names: dict[tuple[str, str], str | None] = {}  # None: no such entity
        self._terms: dict[int, Terms | None] = {}

    # -- the ledger as read -------------------------------------------------------------

    @cached_property
    def position(self) -> int:
        """The last notification folded into the read store: the ledger as read."""
        row = self.conn.execute("SELECT position FROM lsp_position WHERE name = 'log'"
                                ).fetchone()
        return int(row["position"]) if row else 0

    @cached_property
    def seal(self) -> SealRef | None:
        """The latest seal: a paper printed under it pins the ledger's state."""
        row = self.conn.execute("SELECT position, data FROM lsp_events WHERE entity_kind = "
                                "'seal' ORDER BY position DESC LIMIT 1").fetchone()
        if row is None:
            return None
        data = json.loads(row["data"])
        note = data.get("checkpoint")
        return SealRef(tree_size=int(data["tree_size"]), root=str(data["root"]),
                       position=int(row["position"]),
                       checkpoint=note if isinstance(note, str) else None)

    # -- facts --------------------------------------------------------------------------

    def facts(self, kind: str, slug: str) -> list[Fact]:
        """Every fact of one entity, in the order recorded."""
        return self.facts_of(kind, [slug])[slug]

    def facts_of(self, kind: str, slugs: Sequence[str], as_of: datetime | None = None
                 ) -> dict[str, list[Fact]]:
        """The facts of the named entities of `kind` (those effective by `as_of`, if
        given, and every correction whenever made, as for a roster: a retracted fact
        never happened), each entity's in the order recorded."""
        found: dict[str, list[Fact]] = {s: [] for s in slugs}
        if not slugs:
            return found
        marks = ", ".join("?" for _ in slugs)
        sql = f"SELECT * FROM lsp_events WHERE entity_kind = ? AND entity IN ({marks})"
        args: list[Any] = [kind, *slugs]
        if as_of is not None:
            sql += " AND (effective <= ? OR kind = 'Retracted')"
            args.append(stamp(as_of))
        for r in self.conn.execute(sql + " ORDER BY position", args):
            found[r["entity"]].append(fact(r))
        return found

    # -- names --------------------------------------------------------------------------

    def load_names(self, kind: str, slugs: Iterable[str | None]) -> None:
        """Read the names of these organisations or people (`kind` org or person) in one
        statement, if not read already."""
        wanted = sorted({s for s in slugs if s and (kind, s) not in self._names})
        if not wanted:
            return
        marks = ", ".join("?" for _ in wanted)
        rows = self.conn.execute(
            f"SELECT entity, data FROM lsp_events WHERE entity_kind = ? AND entity IN ({marks}) "
            "AND version = 1", (kind, *wanted))
        self._names.update({(kind, s): None for s in wanted})
        for r in rows:
            self._names[(kind, r["entity"])] = str(json.loads(r["data"]).get("name") or "")

    def recorded_name(self, kind: str, slug: str | None) -> str | None:
        """The name as recorded (loaded first), None when there is no such entity."""
        if not slug:
            return None
        self.load_names(kind, [slug])
        return self._names.get((kind, slug))

    def name(self, kind: str, slug: str | None) -> str | None:
        """The name to print: as recorded, else the slug; None when there is no slug."""
        if not slug:
            return None
        return self.recorded_name(kind, slug) or slug

    def body_name_anywhere(self, body: str) -> str:
        """A body's name in the latest version of the terms that has it."""
        names = [t.bodies[body].name for t in self.all_terms() if body in t.bodies]
        if not names:
            raise NotFound(f"there is no body '{body}' in any version of the terms of "
                           "reference")
        return names[-1]

    # -- the terms of reference ---------------------------------------------------------

    def terms(self, version: int) -> Terms | None:
        """Version `version` of the terms, parsed once; None when there is no such one."""
        if version not in self._terms:
            row = self.conn.execute("SELECT version, text FROM lsp_terms WHERE version = ?",
                                    (version,)).fetchone()
            self._terms[version] = self._parsed(row) if row else None
        return self._terms[version]

    def versions(self) -> list[RowLike]:
        """Every version of the terms (its row of `lsp_terms`), in order."""
        return self.conn.execute("SELECT * FROM lsp_terms ORDER BY version").fetchall()

    def all_terms(self) -> list[Terms]:
        """Every version of the terms, parsed, in order."""
        return [self._parsed(r) for r in self.versions()]

    def in_force(self, when: datetime, known_at: datetime | None = None) -> RowLike | None:
        """The row of the version in force at `when` (as known at `known_at`, if given)."""
        row: RowLike | None = self.conn.execute(
            "SELECT * FROM lsp_terms WHERE effective <= ? AND recorded <= ? "
            "ORDER BY version DESC LIMIT 1",
            (stamp(when), stamp(known_at) if known_at else "9999")).fetchone()
        return row

    def terms_at(self, when: datetime) -> tuple[int, Terms] | None:
        """The version in force at `when`, and its terms."""
        row = self.in_force(when)
        return (row["version"], self._parsed(row)) if row else None

    def require_in_force(self, when: datetime, known_at: datetime | None = None
                         ) -> tuple[RowLike, Terms]:
        """The version in force (its row, its terms); refuses when there was none."""
        row = self.in_force(when, known_at)
        if row is None:
            raise NotFound(f"no terms of reference were in force on {day(when)}"
                           + (f" as known at {show(known_at)}" if known_at else ""))
        return row, self._parsed(row)

    def _parsed(self, row: RowLike) -> Terms:
        version = int(row["version"])
        parsed = self._terms.get(version)
        if parsed is None:
            parsed = parse_terms(row["text"], f"terms version {version}")
            self._terms[version] = parsed
        return parsed
