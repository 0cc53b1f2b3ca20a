"""The questions about the ledger as a whole: the roster of a body, the audit trail, the
terms of reference. Each catches up with the log first, then reads through the shared
reader (`projections.reader`). The minutes, decisions, registers and `lsp check` have
their own modules.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ledger import approvals
from ledger.errors import InvalidInput, NotFound
from ledger.kinds import KINDS
from ledger.roster import Roster, Seat
from ledger.store.seam import RowLike
from ledger.when import LONDON, day, show
from projections import rosters
from projections.catchup import ReadStore
from projections.models import (
    AuditEntry,
    AuditTrail,
    RosterView,
    SealRef,
    SeatRow,
    TermsVersionView,
    TermsView,
)
from projections.reader import Reader, reading
from projections.stamps import unstamp


def _version_view(row: RowLike) -> TermsVersionView:
    return TermsVersionView(version=row["version"], effective=show(unstamp(row["effective"])),
                            recorded=show(unstamp(row["recorded"])), actor=row["actor"],
                            source=row["source"], sha256=row["sha256"])


def roster(store: ReadStore, body: str, as_of: datetime,
           known_at: datetime | None = None) -> RosterView:
    with reading(store) as reader:
        terms_row, terms = reader.require_in_force(as_of, known_at)
        body_terms = terms.body(body)
        if body_terms is None:
            raise NotFound(f"there is no body '{body}' in terms version {terms_row['version']} "
                           f"in force on {day(as_of)} (bodies: {', '.join(terms.bodies)})")
        folded = rosters.followed(reader.conn, body, as_of, known_at)
        reader.load_names("org", [s.org for s in folded.seats])
        reader.load_names("person", [p for s in folded.seats
                                     for p in (s.holder, s.deputy, s.term_ended_holder)])
        names = {b: t.name for b, t in terms.bodies.items()}
        return _view(folded, body_terms.name, terms_row["version"], reader,
                     lambda s: approvals.awaiting(body_terms, s.role, s.role_approved, names))


def _view(folded: Roster, body_name: str, version: int, reader: Reader,
          approval: Callable[[Seat], str | None] = lambda s: None) -> RosterView:
    name = reader.recorded_name

    rows = [
        SeatRow(seat=s.seat, org=s.org, org_name=name("org", s.org) or s.org,
                holder=s.holder, holder_name=name("person", s.holder),
                holder_since=show(s.holder_since) or None,
                term_ends=s.term_ends.isoformat() if s.term_ends else None,
                deputy=s.deputy, deputy_name=name("person", s.deputy), voting=s.voting,
                co_opted=s.co_opted, category=s.category, role=s.role,
                role_approval=approval(s) if s.holder else None, term_ended=s.term_ended,
                term_ended_holder=s.term_ended_holder,
                term_ended_holder_name=name("person", s.term_ended_holder),
                follows=s.follows)
        for s in folded.seats
    ]
    return RosterView(
        body=folded.body, body_name=body_name, as_of=show(folded.as_of),
        known_at=show(folded.known_at) if folded.known_at else None, terms_version=version,
        seats=rows, voting_seats=sum(1 for s in folded.seats if s.voting),
        filled_seats=sum(1 for s in folded.seats if s.holder),
        last_review=show(folded.last_review) or None, anomalies=list(folded.anomalies),
    )


@dataclass(frozen=True)
class AuditFilter:
    """Which events `lsp audit` shows: of these kinds (entity kinds such as `meeting`, or
    event kinds such as `SeatFilled`; any when empty), effective from `start` and before
    `end`, and the seals only when asked (`seals`), or when the kinds or the entity name
    them: a seal follows every write, and would otherwise fill half the trail."""

    kinds: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    seals: bool = False


def audit(store: ReadStore, entity: tuple[str | None, str] | None = None,
          only: AuditFilter | None = None) -> AuditTrail:
    """Every event, or one entity's (KIND, SLUG), as `only` filters them; with no KIND,
    the one entity of that slug (a slug that names entities of several kinds is refused,
    listing them)."""
    only = only or AuditFilter()
    with reading(store) as reader:
        conn = reader.conn
        where: list[str] = []
        params: list[Any] = []
        if entity is not None:
            kind, slug = entity
            if kind is None:
                kind = _only_kind(reader, slug)
            entity = (kind, slug)
            where.append("entity_kind = ? AND entity = ?")
            params += entity
        if entity is None:
            rows = conn.execute("SELECT * FROM lsp_events ORDER BY position").fetchall()
        else:
            rows = conn.execute(f"SELECT * FROM lsp_events WHERE {' AND '.join(where)} "
                                "ORDER BY position", params).fetchall()
            if not rows:
                raise NotFound(f"there is no {entity[0]} '{entity[1]}' in the ledger")
        entity_kinds, event_kinds = _kinds(reader, only.kinds)
        seals = only.seals or "seal" in entity_kinds or (entity is not None
                                                         and entity[0] == "seal")
        kept = [r for r in rows if _kept(r, entity_kinds, event_kinds, only, seals)]
    return AuditTrail(
        entity=f"{entity[0]}:{entity[1]}" if entity else None,
        events=[
            AuditEntry(position=r["position"], entity=f"{r['entity_kind']}:{r['entity']}",
                       version=r["version"], event=r["kind"],
                       effective=_local_iso(r["effective"]), recorded=_local_iso(r["recorded"]),
                       actor=r["actor"], changes=json.loads(r["data"]))
            for r in kept
        ],
        kinds=list(only.kinds),
        from_date=only.start.astimezone(LONDON).isoformat() if only.start else None,
        to_date=only.end.astimezone(LONDON).isoformat() if only.end else None,
        seals=seals,
        seals_left_out=0 if seals else sum(
            1 for r in rows if r["entity_kind"] == "seal"
            and _kept(r, entity_kinds, event_kinds, only, seals=True)),
    )


def _kinds(reader: Reader, kinds: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """`--kind`'s values split into entity kinds and event kinds; one that is neither a
    kind of entity nor the kind of any event in the ledger is refused, naming both."""
    if not kinds:
        return set(), set()
    recorded = {r["kind"] for r in reader.conn.execute("SELECT DISTINCT kind FROM lsp_events")}
    unknown = [k for k in kinds if k not in KINDS and k not in recorded]
    if unknown:
        raise InvalidInput(
            f"there is no kind '{unknown[0]}' in the ledger: a kind is a kind of entity "
            f"({', '.join(KINDS)}) or of event, as the trail names them "
            f"({', '.join(sorted(recorded))})", remedy="input:kind")
    return {k for k in kinds if k in KINDS}, {k for k in kinds if k not in KINDS}


def _kept(row: RowLike, entity_kinds: set[str], event_kinds: set[str], only: AuditFilter,
          seals: bool) -> bool:
    """Whether the audit shows the event `row`: of a kind asked for (or any), in the
    dates asked for, and not a seal unless seals are shown."""
    if row["entity_kind"] == "seal" and not seals:
        return False
    if (entity_kinds or event_kinds) and not (row["entity_kind"] in entity_kinds
                                              or row["kind"] in event_kinds):
        return False
    effective = unstamp(row["effective"])
    if only.start is not None and effective < only.start:
        return False
    return only.end is None or effective <= only.end


def _only_kind(reader: Reader, slug: str) -> str:
    """The kind of the one entity named `slug`."""
    kinds = [r["entity_kind"] for r in reader.conn.execute(
        "SELECT DISTINCT entity_kind FROM lsp_events WHERE entity = ? ORDER BY entity_kind",
        (slug,))]
    if not kinds:
        raise NotFound(f"there is no entity '{slug}' in the ledger")
    if len(kinds) > 1:
        raise InvalidInput(f"'{slug}' names {len(kinds)} entities: "
                           f"{', '.join(f'{k}:{slug}' for k in kinds)}; name one as KIND:SLUG")
    return str(kinds[0])


def _local_iso(stamped: str) -> str:
    """A stored UTC time as ISO 8601 in England's time, with its offset."""
    return unstamp(stamped).astimezone(LONDON).isoformat()


def terms(store: ReadStore, as_of: datetime) -> TermsView:
    with reading(store) as reader:
        row, parsed = reader.require_in_force(as_of)
        versions = reader.versions()
    return TermsView(
        as_of=show(as_of), version=_version_view(row), partnership=parsed.partnership.name,
        document=parsed.partnership.document,
        bodies={k: v.model_dump(mode="json", by_alias=True, exclude_none=True)
                for k, v in parsed.bodies.items()},
        versions=[_version_view(v) for v in versions],
    )


def latest_seal(store: ReadStore) -> SealRef | None:
    """The latest seal, for a page's footer: its checkpoint is what a reader keeps."""
    with reading(store) as reader:
        return reader.seal
