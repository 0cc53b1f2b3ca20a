"""Decisions taken between meetings, read from the decoded event log.

A decision's events (`Proposed`, `Approved`, `Taken`, `InterestDeclared`, `Withdrawn`,
`Lapsed`, `Reported`) are read from `lsp_events` by the entity index as facts, folded by
`ledger.decision.fold_decision` (the fold the `Decision` aggregate keeps its own state
with) and made into one frozen read model. Beside them:

- the roster of the deciding body on the day each member agreed
  (`projections.rosters.roster`), for the seat's organisation and, when a deputy agreed,
  whose deputy they were;
- the terms version the decision was proposed under (`lsp_terms`), for the names of the
  bodies and the clause that says where it is reported (`between_meetings.report_clause`);
- the meetings of the body it is reported to (their `Scheduled` and `Closed` events), for
  the meeting it is due at and the meetings already held without it;
- names of people and organisations (the first event of each).

What the `Taken` event recorded (the route, the reason, the clause, the terms version and
who agreed in which seat, chair or not) is shown as recorded, so a decision reads the same
after the terms are amended.

The queries:

    show(store, decision)          everything about one decision
    pending(store, body)           decisions of BODY taken and not yet reported
    ratifications(store, meeting)  the paper: what the meeting is asked to ratify
    overdue(conn_or_store, as_of)  `lsp check` warnings: closed meetings that missed one

Times compare as instants, as the write side compares them: a decision is reported to a
meeting held at or after the moment it was taken (`Ledger.report_decision` refuses an
earlier one), so a meeting "after it was taken" is one whose time is not before it.

Cost: one decision's events (or those of one body's decisions), one roster per agreement,
the names they mention, the meetings of one body. No table of our own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ledger.decision import Agreeing, DecisionState, Status, fold_decision
from ledger.errors import NotFound
from ledger.events import Fact
from ledger.meeting import fold_meeting
from ledger.store.seam import Database
from ledger.terms import Terms, parse_terms
from ledger.when import day, local_date
from ledger.when import show as shown
from projections import rosters
from projections.catchup import ReadStore
from projections.meetings import MinutesReader, meeting_fact
from projections.models import ReadModel, SealRef, Warning
from projections.stamps import stamp, unstamp

# --------------------------------------------------------------------------------------
# The read models
# --------------------------------------------------------------------------------------


class MeetingRef(ReadModel):
    """A meeting of the body a decision is reported to."""

    meeting: str
    body: str
    held: str  # date and time, England
    date: str  # the ISO date, England
    closed: bool


class Agreement(ReadModel):
    """A seat that agreed: the proposer's or an approver's, as recorded."""

    seat: str
    org: str | None
    org_name: str | None
    person: str
    person_name: str
    as_deputy: bool
    deputy_for: str | None  # the seat's holder on the day, when their deputy agreed
    deputy_for_name: str | None
    chair: bool  # the chair, in person
    when: str


class TakenEvidence(ReadModel):
    """What the `Taken` event recorded: the route of the rule, in words, and its clause."""

    route: str  # chair-plus or without-chair
    reason: str
    clause: str
    terms_version: int


class Interest(ReadModel):
    person: str
    person_name: str
    nature: str
    note: str
    declared: str


class Withdrawal(ReadModel):
    reason: str
    withdrawn: str


class ReportOutcome(ReadModel):
    """The meeting the decision was reported to, and what it did with it."""

    meeting: str
    held: str
    outcome: str  # ratified, noted or rescinded
    reason: str


class DecisionDetail(ReadModel):
    decision: str
    body: str
    body_name: str
    title: str
    text: str
    reasons: str
    alternatives: str
    urgency: str
    status: Status
    terms_version: int  # in force when it was proposed
    proposed_on: str
    proposer: Agreement
    approvals: list[Agreement]
    taken_on: str | None
    evidence: TakenEvidence | None
    report_to: str
    report_to_name: str
    report_clause: str
    next_meeting: MeetingRef | None  # taken: the first open meeting of report_to after it
    missed: list[MeetingRef]  # closed meetings of report_to held since it was taken, without it
    report: ReportOutcome | None
    withdrawal: Withdrawal | None
    interests: list[Interest]


class DecisionView(DecisionDetail):
    position: int  # the read store's position: the ledger as it stood up to this event


class PendingDecision(ReadModel):
    decision: str
    title: str
    taken_on: str
    report_to: str
    report_to_name: str
    clause: str
    next_meeting: MeetingRef | None  # None: no open meeting of report_to is scheduled
    missed: list[MeetingRef]


class PendingList(ReadModel):
    body: str
    body_name: str
    decisions: list[PendingDecision]
    position: int


class RatificationItem(DecisionDetail):
    carried_over: bool  # taken before the previous meeting, and not reported to it
    outcome: str | None  # once reported to this meeting: ratified, noted or rescinded
    outcome_reason: str


class RatificationPaper(ReadModel):
    meeting: str
    body: str
    body_name: str
    partnership: str
    held: str
    date: str
    closed: bool
    terms_version: int
    clause: str  # where the terms say decisions between meetings are reported
    previous_meeting: MeetingRef | None
    decisions: list[RatificationItem]  # since the previous meeting, then carried over
    position: int
    seal: SealRef | None = None  # the latest seal, printed on the paper


# --------------------------------------------------------------------------------------
# The queries
# --------------------------------------------------------------------------------------


def show(store: ReadStore, decision: str) -> DecisionView:
    """Everything the ledger knows now about `decision`."""
    with _reading(store) as reader:
        found = reader.decisions([decision])
        if not found:
            raise NotFound(f"there is no decision '{decision}' in the ledger (add it with "
                           "`lsp decision propose`)")
        detail = reader.detail(found[0])
        return DecisionView(**_fields(detail), position=reader.minutes.position)


def pending(store: ReadStore, body: str) -> PendingList:
    """The decisions of `body` taken between meetings and not yet reported, in the order
    they were taken, each with the meeting it is due at."""
    with _reading(store) as reader:
        name = reader.body_name_anywhere(body)
        found = [d for d in reader.decisions(reader.slugs("body", body))
                 if d.status == "taken"]
        rows = []
        for d in sorted(found, key=lambda d: (d.taken_on or d.proposed_on, d.slug)):
            due, missed = reader.due(d)
            rows.append(PendingDecision(
                decision=d.slug, title=d.title, taken_on=shown(d.taken_on),
                report_to=d.report_to, report_to_name=reader.body_name(d, d.report_to),
                clause=reader.report_clause(d), next_meeting=due, missed=missed))
        return PendingList(body=body, body_name=name, decisions=rows,
                           position=reader.minutes.position, seal=reader.minutes.seal)


def ratifications(store: ReadStore, meeting: str) -> RatificationPaper:
    """The paper for `meeting`: every decision reported to its body that was taken after
    the body's previous meeting and no later than this one, and every earlier one not
    reported to a meeting before this one (carried over)."""
    with _reading(store) as reader:
        facts = reader.minutes.facts(meeting)
        if not facts:
            raise NotFound(f"there is no meeting '{meeting}' in the ledger (add it with "
                           "`lsp meeting schedule`)")
        state = fold_meeting(facts)
        when = state.when or facts[0].effective
        meetings = reader.meetings(state.body)
        earlier = [m for m in meetings if m.when < when and m.slug != meeting]
        previous = earlier[-1] if earlier else None
        items = []
        for d in reader.decisions(reader.slugs("report_to", state.body)):
            if d.taken_on is None or d.taken_on > when:
                continue
            if d.report is not None and d.report["meeting"] != meeting:
                held_at = reader.meeting_when(d.report["meeting"])
                if held_at is not None and held_at <= when:
                    continue  # reported to an earlier meeting: not this meeting's business
            carried = previous is not None and d.taken_on <= previous.when
            here = d.report is not None and d.report["meeting"] == meeting
            detail = reader.detail(d)
            items.append((carried, d.taken_on, d.slug, RatificationItem(
                **_fields(detail), carried_over=carried,
                outcome=d.report["outcome"] if here and d.report else None,
                outcome_reason=d.report["reason"] if here and d.report else "")))
        found = reader.minutes.terms_at(when)
        terms = found[1] if found else None
        body_terms = terms.body(state.body) if terms else None
        b = body_terms.between_meetings if body_terms else None
        clauses = sorted({i.report_clause for *_, i in items if i.report_clause})
        return RatificationPaper(
            meeting=meeting, body=state.body,
            body_name=body_terms.name if body_terms else state.body,
            partnership=terms.partnership.name if terms else "",
            held=shown(when), date=local_date(when).isoformat(), closed=state.closed,
            terms_version=found[0] if found else (state.terms_version or 0),
            clause=(b.report_clause or b.clause) if b else ", ".join(clauses),
            previous_meeting=previous.ref() if previous else None,
            decisions=[i for *_, i in sorted(items, key=lambda t: t[:3])],
            position=reader.minutes.position, seal=reader.minutes.seal)


def overdue(source: Database | ReadStore, as_of: datetime) -> list[Warning]:
    """Warnings for `lsp check`: a decision taken between meetings and, as of `as_of`,
    still not reported although a meeting of the body it is reported to has been held
    and closed since it was taken (Daventry 4.6: reported to the following meeting)."""
    if isinstance(source, ReadStore):
        with _reading(source) as reader:
            return reader.overdue(as_of)
    return _Reader(source).overdue(as_of)


# --------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------


def decision_facts(conn: Database, slugs: Sequence[str], as_of: datetime | None = None
                   ) -> dict[str, list[Fact]]:
    """The facts of the named decisions (those effective by `as_of`, if given), in the
    order recorded: what `ledger.decision.fold_decision` folds."""
    found: dict[str, list[Fact]] = {s: [] for s in slugs}
    if not slugs:
        return found
    marks = ", ".join("?" for _ in slugs)
    sql = f"SELECT * FROM lsp_events WHERE entity_kind = 'decision' AND entity IN ({marks})"
    args: list[Any] = list(slugs)
    if as_of is not None:
        sql += " AND effective <= ?"
        args.append(stamp(as_of))
    for r in conn.execute(sql + " ORDER BY position", args):
        found[r["entity"]].append(meeting_fact(r))  # any row of lsp_events makes a fact
    return found


@dataclass(frozen=True)
class _Meeting:
    slug: str
    body: str
    when: datetime
    closed: bool

    def ref(self) -> MeetingRef:
        return MeetingRef(meeting=self.slug, body=self.body, held=shown(self.when),
                          date=day(self.when), closed=self.closed)


def _fields(model: ReadModel) -> dict[str, Any]:
    """A model's fields as they are (not dumped), to build a model that extends it."""
    return {name: getattr(model, name) for name in type(model).model_fields}


@contextmanager
def _reading(store: ReadStore) -> Iterator[_Reader]:
    store.catch_up()
    with store.connect() as conn, conn.snapshot():
        yield _Reader(conn)


class _Reader:
    """Reads decisions inside one read transaction, caching names, terms and meetings."""

    def __init__(self, conn: Database) -> None:
        self.conn = conn
        self.minutes = MinutesReader(conn)  # names, terms in force, a meeting's facts
        self._terms: dict[int, Terms | None] = {}
        self._meetings: dict[str, list[_Meeting]] = {}

    # -- reads ------------------------------------------------------------------------

    def slugs(self, key: Literal["body", "report_to"], value: str) -> list[str]:
        """The decisions proposed for (or reported to) a body."""
        rows = self.conn.execute(
            "SELECT entity FROM lsp_events WHERE entity_kind = 'decision' AND kind = 'Proposed' "
            f"AND {self.conn.json_text('data', key)} = ? ORDER BY position", (value,))
        return [r["entity"] for r in rows]

    def decisions(self, slugs: Sequence[str], as_of: datetime | None = None
                  ) -> list[DecisionState]:
        """The named decisions folded (from their events effective by `as_of`, if given)."""
        facts = decision_facts(self.conn, slugs, as_of)
        folded = (fold_decision(found) for found in facts.values())
        return [d for d in folded if d is not None]

    def all_slugs(self) -> list[str]:
        rows = self.conn.execute("SELECT entity FROM lsp_events WHERE entity_kind = "
                                 "'decision' AND kind = 'Proposed' ORDER BY position")
        return [r["entity"] for r in rows]

    def meetings(self, body: str) -> list[_Meeting]:
        """The meetings of `body`, in the order they are held."""
        if body not in self._meetings:
            rows = self.conn.execute(
                "SELECT s.entity, s.effective, EXISTS (SELECT 1 FROM lsp_events c WHERE "
                "c.entity_kind = 'meeting' AND c.entity = s.entity AND c.kind = 'Closed') "
                "AS closed FROM lsp_events s WHERE s.entity_kind = 'meeting' "
                f"AND s.kind = 'Scheduled' AND {self.conn.json_text('s.data', 'body')} = ? "
                "ORDER BY s.effective, s.entity", (body,))
            self._meetings[body] = [_Meeting(r["entity"], body, unstamp(r["effective"]),
                                             bool(r["closed"])) for r in rows]
        return self._meetings[body]

    def meeting_when(self, meeting: str) -> datetime | None:
        row = self.conn.execute("SELECT effective FROM lsp_events WHERE entity_kind = "
                                "'meeting' AND entity = ? AND kind = 'Scheduled'",
                                (meeting,)).fetchone()
        return unstamp(row["effective"]) if row else None

    def terms(self, version: int) -> Terms | None:
        if version not in self._terms:
            row = self.conn.execute("SELECT text FROM lsp_terms WHERE version = ?",
                                    (version,)).fetchone()
            self._terms[version] = (parse_terms(row["text"], f"terms version {version}")
                                    if row else None)
        return self._terms[version]

    def body_name(self, d: DecisionState, body: str) -> str:
        """A body's name in the terms the decision was proposed under."""
        terms = self.terms(d.terms_version)
        found = terms.body(body) if terms else None
        return found.name if found else body

    def body_name_anywhere(self, body: str) -> str:
        names = [t.bodies[body].name for t in self.minutes.all_terms() if body in t.bodies]
        if not names:
            raise NotFound(f"there is no body '{body}' in any version of the terms of "
                           "reference")
        return names[-1]

    def report_clause(self, d: DecisionState) -> str:
        """The clause saying where decisions between meetings are reported, in the terms
        the decision was taken under (else proposed under), else the clause it relied on."""
        e = d.evidence
        terms = self.terms(int(e["terms_version"]) if e else d.terms_version)
        body = terms.body(d.body) if terms else None
        b = body.between_meetings if body else None
        if b is not None:
            return b.report_clause or b.clause
        return str(e["clause"]) if e else ""

    # -- where it is due --------------------------------------------------------------

    def due(self, d: DecisionState, as_of: datetime | None = None
            ) -> tuple[MeetingRef | None, list[MeetingRef]]:
        """The first open meeting of report_to held at or after the decision was taken,
        and the closed ones held since then that it was not reported to (up to the
        meeting it was reported to, if it was)."""
        taken = d.taken_on
        if taken is None or d.withdrawal is not None:
            return None, []
        reported_at = d.report["meeting"] if d.report else None
        until = d.reported_on
        due: MeetingRef | None = None
        missed: list[MeetingRef] = []
        for m in self.meetings(d.report_to):
            if m.when < taken or m.slug == reported_at:
                continue
            if until is not None and m.when > until:
                break
            closed = m.closed and (as_of is None or m.when <= as_of)
            if closed:
                missed.append(m.ref())
            elif due is None and reported_at is None:
                due = m.ref()
        return due, missed

    # -- the read model ---------------------------------------------------------------

    def detail(self, d: DecisionState) -> DecisionDetail:
        chairs = {a["seat"]: bool(a.get("chair")) for a in d.taken_agreeing}
        self.minutes.load_names("person", [a.person for a in d.agreeing]
                                + [i.person for i in d.interests])
        agreed = [self._agreement(d.body, a, chairs) for a in d.agreeing]
        due, missed = self.due(d)
        e, r, w = d.evidence, d.report, d.withdrawal
        return DecisionDetail(
            decision=d.slug, body=d.body, body_name=self.body_name(d, d.body),
            title=d.title, text=d.text, reasons=d.reasons, alternatives=d.alternatives,
            urgency=d.urgency, status=d.status, terms_version=d.terms_version,
            proposed_on=shown(d.proposed_on), proposer=agreed[0], approvals=agreed[1:],
            taken_on=shown(d.taken_on) if e else None,
            evidence=TakenEvidence(route=e["route"], reason=e["reason"], clause=e["clause"],
                                   terms_version=int(e["terms_version"])) if e else None,
            report_to=d.report_to, report_to_name=self.body_name(d, d.report_to),
            report_clause=self.report_clause(d), next_meeting=due, missed=missed,
            report=ReportOutcome(meeting=r["meeting"], held=shown(d.reported_on),
                                 outcome=r["outcome"], reason=r["reason"]) if r else None,
            withdrawal=Withdrawal(reason=w["reason"], withdrawn=shown(w["when"]))
            if w else None,
            interests=[Interest(person=i.person,
                                person_name=self.minutes.name("person", i.person) or "",
                                nature=i.nature, note=i.note, declared=shown(i.when))
                       for i in d.interests])

    def _agreement(self, body: str, a: Agreeing, chairs: dict[str, bool]) -> Agreement:
        seat_id, person, as_deputy = a.seat, a.person, a.as_deputy
        seat = rosters.roster(self.conn, body, a.when, None).seat(seat_id)
        holder = seat.holder if seat and as_deputy else None
        self.minutes.load_names("person", [holder])
        self.minutes.load_names("org", [seat.org if seat else None])
        chair = chairs.get(seat_id, seat is not None and seat.role == "chair" and not as_deputy)
        return Agreement(seat=seat_id, org=seat.org if seat else None,
                         org_name=self.minutes.name("org", seat.org) if seat else None,
                         person=person, person_name=self.minutes.name("person", person) or "",
                         as_deputy=bool(as_deputy), deputy_for=holder,
                         deputy_for_name=self.minutes.name("person", holder), chair=chair,
                         when=shown(a.when))

    # -- lsp check --------------------------------------------------------------------

    def stale(self, d: DecisionState, as_of: datetime) -> list[Warning]:
        """A proposal still open after a meeting of its body was held: it is no longer a
        decision that could not wait for a meeting (Daventry 4.6)."""
        held = [m for m in self.meetings(d.report_to) if d.proposed_on <= m.when <= as_of]
        if not held:
            return []
        m = held[0].ref()
        return [Warning(
            body=d.report_to, rule="proposal-lapsed", clause=self.report_clause(d),
            message=f"decision {d.slug} ({d.title}), proposed on "
                    f"{shown(d.proposed_on)}, was not taken before meeting {m.meeting} "
                    f"({m.held}): decide it at a meeting, and record that the proposal "
                    f"lapsed (lsp decision lapse {d.slug} --reason ...)")]

    def overdue(self, as_of: datetime) -> list[Warning]:
        found: list[Warning] = []
        for d in self.decisions(self.all_slugs(), as_of):
            if d.status == "proposed":
                found += self.stale(d, as_of)
            if d.status != "taken":
                continue
            _, missed = self.due(d, as_of)
            if not missed:
                continue
            body = self.body_name(d, d.report_to)
            where = " and ".join(f"{m.meeting} ({m.held})" for m in missed)
            found.append(Warning(
                body=d.report_to, rule="report-overdue", clause=self.report_clause(d),
                message=f"decision {d.slug} ({d.title}), taken on "
                        f"{shown(d.taken_on)}, was not reported to "
                        f"{'meeting' if len(missed) == 1 else 'meetings'} {where} of {body}, "
                        f"now closed: report it to the next meeting (lsp decision report "
                        f"{d.slug} --meeting MEETING --outcome ratified|noted|rescinded)"))
        return found

