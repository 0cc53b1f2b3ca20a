"""The questions about the ledger as a whole: the roster of a body, the audit trail, the
terms of reference. Each catches up with the log first, then reads through the shared
reader (`projections.reader`). The minutes, decisions, registers and `lsp check` have
their own modules.
"""

from __future__ import annotations

import json
from datetime import datetime

from ledger.errors import InvalidInput, NotFound
from ledger.roster import Roster
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
        folded = rosters.roster(reader.conn, body, as_of, known_at)
        reader.load_names("org", [s.org for s in folded.seats])
        reader.load_names("person", [p for s in folded.seats
                                     for p in (s.holder, s.deputy, s.term_ended_holder)])
        return _view(folded, body_terms.name, terms_row["version"], reader)


def _view(folded: Roster, body_name: str, version: int, reader: Reader) -> RosterView:
    name = reader.recorded_name

    rows = [
        SeatRow(seat=s.seat, org=s.org, org_name=name("org", s.org) or s.org,
                holder=s.holder, holder_name=name("person", s.holder),
                holder_since=show(s.holder_since) or None,
                term_ends=s.term_ends.isoformat() if s.term_ends else None,
                deputy=s.deputy, deputy_name=name("person", s.deputy), voting=s.voting,
                co_opted=s.co_opted, category=s.category, role=s.role,
                term_ended=s.term_ended, term_ended_holder=s.term_ended_holder,
                term_ended_holder_name=name("person", s.term_ended_holder))
        for s in folded.seats
    ]
    return RosterView(
        body=folded.body, body_name=body_name, as_of=show(folded.as_of),
        known_at=show(folded.known_at) if folded.known_at else None, terms_version=version,
        seats=rows, voting_seats=sum(1 for s in folded.seats if s.voting),
        filled_seats=sum(1 for s in folded.seats if s.holder),
        last_review=show(folded.last_review) or None, anomalies=list(folded.anomalies),
    )


def audit(store: ReadStore, entity: tuple[str | None, str] | None = None) -> AuditTrail:
    """Every event, or one entity's (KIND, SLUG); with no KIND, the one entity of that
    slug (a slug that names entities of several kinds is refused, listing them)."""
    with reading(store) as reader:
        conn = reader.conn
        if entity is None:
            rows = conn.execute("SELECT * FROM lsp_events ORDER BY position").fetchall()
        else:
            kind, slug = entity
            if kind is None:
                kind = _only_kind(reader, slug)
            entity = (kind, slug)
            rows = conn.execute("SELECT * FROM lsp_events WHERE entity_kind = ? AND entity = ? "
                                "ORDER BY position", entity).fetchall()
            if not rows:
                raise NotFound(f"there is no {kind} '{slug}' in the ledger")
    return AuditTrail(
        entity=f"{entity[0]}:{entity[1]}" if entity else None,
        events=[
            AuditEntry(position=r["position"], entity=f"{r['entity_kind']}:{r['entity']}",
                       version=r["version"], event=r["kind"],
                       effective=_local_iso(r["effective"]), recorded=_local_iso(r["recorded"]),
                       actor=r["actor"], changes=json.loads(r["data"]))
            for r in rows
        ],
    )


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
