"""Questions answered from the read models. Each catches up with the log first."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from ledger.errors import NotFound
from ledger.roster import Roster
from ledger.store.seam import Database, RowLike
from ledger.terms import Body as BodyTerms
from ledger.terms import Terms, parse_terms
from ledger.when import LONDON, day, local_date, show
from projections import decisions, rosters
from projections.catchup import ReadStore
from projections.models import (
    AuditEntry,
    AuditTrail,
    CheckReport,
    RosterView,
    SeatRow,
    TermsVersionView,
    TermsView,
    Warning,
)
from projections.stamps import stamp, unstamp

REVIEW_INTERVAL = timedelta(days=365)
TERM_WARNING = timedelta(days=60)


def _terms_row(conn: Database, as_of: datetime,
               known_at: datetime | None) -> RowLike:
    row: RowLike | None = conn.execute(
        "SELECT * FROM lsp_terms WHERE effective <= ? AND recorded <= ? "
        "ORDER BY version DESC LIMIT 1",
        (stamp(as_of), stamp(known_at) if known_at else "9999"),
    ).fetchone()
    if row is None:
        raise NotFound(f"no terms of reference were in force on {day(as_of)}"
                       + (f" as known at {show(known_at)}" if known_at else ""))
    return row


def _terms(row: RowLike) -> Terms:
    return parse_terms(row["text"], f"terms version {row['version']}")


def _version_view(row: RowLike) -> TermsVersionView:
    return TermsVersionView(version=row["version"], effective=show(unstamp(row["effective"])),
                            recorded=show(unstamp(row["recorded"])), actor=row["actor"],
                            source=row["source"], sha256=row["sha256"])


def _names(conn: Database) -> dict[tuple[str, str], str]:
    rows = conn.execute("SELECT entity_kind, entity, data FROM lsp_events WHERE version = 1 "
                        "AND entity_kind IN ('org', 'person')")
    return {(r["entity_kind"], r["entity"]): json.loads(r["data"]).get("name", "") for r in rows}


def _bodies_with_seats(conn: Database) -> set[str]:
    rows = conn.execute("SELECT slug FROM lsp_entities WHERE kind = 'body'")
    return {r["slug"] for r in rows}


def roster(store: ReadStore, body: str, as_of: datetime,
           known_at: datetime | None = None) -> RosterView:
    store.catch_up()
    with store.connect() as conn:
        terms_row = _terms_row(conn, as_of, known_at)
        terms = _terms(terms_row)
        body_terms = terms.body(body)
        if body_terms is None:
            raise NotFound(f"there is no body '{body}' in terms version {terms_row['version']} "
                           f"in force on {day(as_of)} (bodies: {', '.join(terms.bodies)})")
        folded = rosters.roster(conn, body, as_of, known_at)
        names = _names(conn)
    return _view(folded, body_terms.name, terms_row["version"], names)


def _view(folded: Roster, body_name: str, version: int,
          names: dict[tuple[str, str], str]) -> RosterView:
    def name(kind: str, slug: str | None) -> str | None:
        return names.get((kind, slug)) if slug else None

    rows = [
        SeatRow(seat=s.seat, org=s.org, org_name=name("org", s.org) or s.org,
                holder=s.holder, holder_name=name("person", s.holder),
                holder_since=show(s.holder_since) or None,
                term_ends=s.term_ends.isoformat() if s.term_ends else None,
                deputy=s.deputy, deputy_name=name("person", s.deputy), voting=s.voting,
                co_opted=s.co_opted, category=s.category, role=s.role)
        for s in folded.seats
    ]
    return RosterView(
        body=folded.body, body_name=body_name, as_of=show(folded.as_of),
        known_at=show(folded.known_at) if folded.known_at else None, terms_version=version,
        seats=rows, voting_seats=sum(1 for s in folded.seats if s.voting),
        filled_seats=sum(1 for s in folded.seats if s.holder),
        last_review=show(folded.last_review) or None, anomalies=list(folded.anomalies),
    )


def audit(store: ReadStore, entity: tuple[str, str] | None = None) -> AuditTrail:
    store.catch_up()
    with store.connect() as conn:
        if entity is None:
            rows = conn.execute("SELECT * FROM lsp_events ORDER BY position").fetchall()
        else:
            rows = conn.execute("SELECT * FROM lsp_events WHERE entity_kind = ? AND entity = ? "
                                "ORDER BY position", entity).fetchall()
            if not rows:
                raise NotFound(f"there is no {entity[0]} '{entity[1]}' in the ledger")
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


def _local_iso(stamped: str) -> str:
    """A stored UTC time as ISO 8601 in England's time, with its offset."""
    return unstamp(stamped).astimezone(LONDON).isoformat()


def terms(store: ReadStore, as_of: datetime) -> TermsView:
    store.catch_up()
    with store.connect() as conn:
        row = _terms_row(conn, as_of, None)
        versions = conn.execute("SELECT * FROM lsp_terms ORDER BY version").fetchall()
    parsed = _terms(row)
    return TermsView(
        as_of=show(as_of), version=_version_view(row), partnership=parsed.partnership.name,
        document=parsed.partnership.document,
        bodies={k: v.model_dump(mode="json", by_alias=True, exclude_none=True)
                for k, v in parsed.bodies.items()},
        versions=[_version_view(v) for v in versions],
    )


def check(store: ReadStore, as_of: datetime) -> CheckReport:
    """Compliance warnings on a date: terms ending, reviews due, composition short."""
    store.catch_up()
    warnings: list[Warning] = []
    with store.connect() as conn:
        row = _terms_row(conn, as_of, None)
        parsed = _terms(row)
        existing = _bodies_with_seats(conn)
        names = _names(conn)
        for body_id, body in parsed.bodies.items():
            if body_id in existing:
                folded = rosters.roster(conn, body_id, as_of, None)
                warnings += _body_warnings(body_id, body, folded, as_of, names)
        warnings += _late_agendas(conn, as_of)
        warnings += decisions.overdue(conn, as_of)
    return CheckReport(as_of=show(as_of), terms_version=row["version"], warnings=warnings)


URGENCY_WINDOW = timedelta(days=365)


def _late_agendas(conn: Database, as_of: datetime) -> list[Warning]:
    """Agendas published late on grounds of urgency in the year to `as_of`: the reason is
    on record, and a pattern of urgency is worth a secretariat's attention."""
    rows = conn.execute(
        "SELECT p.entity, p.data, s.entity AS meeting, s.data AS scheduled, s.effective "
        "FROM lsp_events p JOIN lsp_events s ON s.entity_kind = 'meeting' "
        "AND s.entity = p.entity AND s.kind = 'Scheduled' "
        "WHERE p.entity_kind = 'meeting' AND p.kind = 'Published' "
        "AND s.effective <= ? AND s.effective > ? ORDER BY s.effective",
        (stamp(as_of), stamp(as_of - URGENCY_WINDOW))).fetchall()
    found = []
    for r in rows:
        published = json.loads(r["data"])
        if published.get("urgent"):
            body = json.loads(r["scheduled"])["body"]
            found.append(Warning(
                body=body, rule="agenda-notice", clause=published["clause"],
                message=f"the agenda of meeting {r['meeting']} ({day(unstamp(r['effective']))}) "
                        f"went out {published['days_before']} day(s) before, "
                        f"{published['notice_days']} required; urgent: {published['urgent']}"))
    return found


def _body_warnings(body_id: str, body: BodyTerms, folded: Roster, as_of: datetime,
                   names: dict[tuple[str, str], str]) -> list[Warning]:
    today = local_date(as_of)
    m = body.membership
    found: list[Warning] = []

    def warn(rule: str, clause: str, message: str) -> None:
        found.append(Warning(body=body_id, rule=rule, clause=clause, message=message))

    for s in folded.seats:
        who = names.get(("person", s.holder), s.holder) if s.holder else None
        if who and s.term_ends:
            clause = (m.term_clause if m else None) or "seat term"
            if s.term_ends < today:
                warn("term-ended", clause, f"{who}'s term in seat {s.seat} ended on "
                     f"{s.term_ends}: re-appoint (lsp seat fill) or vacate")
            elif s.term_ends <= today + TERM_WARNING:
                warn("term-ending", clause, f"{who}'s term in seat {s.seat} ends on "
                     f"{s.term_ends}, within {TERM_WARNING.days} days")
        if who and s.role and s.role_since and s.holder_since and s.holder_since > s.role_since:
            role_terms = body.roles.for_role(s.role)
            warn("role-holder-changed", role_terms.clause if role_terms else "ledger rule",
                 f"the {s.role} was given to seat {s.seat} on {show(s.role_since)}; {who} has "
                 f"held that seat since {show(s.holder_since)}: confirm the {s.role} "
                 f"(lsp role assign {body_id} {s.role} SEAT)")
    if m and m.annual_review:
        last = folded.last_review
        if last is None or last < as_of - REVIEW_INTERVAL:
            since = f"last reviewed {show(last)}" if last else "never reviewed"
            warn("annual-review", m.review_clause or m.clause,
                 f"membership of {body.name} is reviewed annually and was {since} "
                 "(record it with lsp membership review)")
    for limit in body.composition:
        filled = sum(1 for s in folded.seats if s.category == limit.category and s.holder)
        if filled < limit.seats:
            warn("composition", limit.clause,
                 f"{body.name} has {filled} of {limit.seats} {limit.category} seats filled")
    for entitled in body.entitlements:
        if not any(s.org == entitled.org and s.voting and s.holder for s in folded.seats):
            warn("entitlement", entitled.clause,
                 f"core member '{entitled.org}' has no representative on {body.name}")
    for anomaly in folded.anomalies:
        warn("history", "ledger rule", anomaly)
    return found
