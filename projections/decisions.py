"""Decisions taken between meetings, read from the decoded event log.

A decision's events (`Proposed`, `Approved`, `Declined`, `Taken`, `InterestDeclared`,
`Withdrawn`, `Lapsed`, `Reported`) are read from `lsp_events` by the entity index as facts,
folded by `ledger.decision.fold_decision` (the fold the `Decision` aggregate keeps its own state
with) and made into one frozen read model. Beside them:

- the roster of the deciding body on the day each member agreed
  (`projections.rosters.roster`), for the seat's organisation and, when a deputy agreed,
  whose deputy they were;
- the terms version the decision was proposed under (`lsp_terms`), for the names of the
  bodies and the clause that says where it is reported (`between_meetings.report_clause`);
- the meetings of the body it is reported to (their `Scheduled` and `Closed` events), for
  the meeting it is due at and the meetings already held without it;
- names of people and organisations, the terms by version, the read position and the
  latest seal, from the shared reader (`projections.reader`).

What the `Taken` event recorded (the route, the reason, the clause, the terms version and
who agreed in which seat, chair or not) is shown as recorded, so a decision reads the same
after the terms are amended.

The queries:

    show(store, decision)          everything about one decision
    pending(store, body)           decisions of BODY taken and not yet reported
    ratifications(store, meeting)  the paper: what the meeting is asked to ratify

`DecisionReader` answers them, and `projections.warnings` asks it for `lsp check`'s
warnings about decisions. Each paper carries the read position and the latest seal. The
read models are in `projections.decision_models`.

Times compare as instants, as the write side compares them: a decision is reported to a
meeting held at or after the moment it was taken (`Ledger.report_decision` refuses an
earlier one), so a meeting "after it was taken" is one whose time is not before it.

Cost: one decision's events (or those of one body's decisions), one roster per agreement,
the names they mention, the meetings of one body. No table of our own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ledger.decision import Agreeing, DecisionState, fold_decision
from ledger.errors import NotFound
from ledger.meeting import fold_meeting
from ledger.roster import Timeline
from ledger.when import day, local_date
from ledger.when import show as shown
from projections import rosters
from projections.catchup import ReadStore
from projections.decision_models import (
    Agreement,
    DecisionCorrection,
    DecisionDetail,
    DecisionView,
    Interest,
    MeetingRef,
    PendingDecision,
    PendingList,
    RatificationItem,
    RatificationPaper,
    ReportOutcome,
    TakenEvidence,
    Withdrawal,
)
from projections.models import ReadModel
from projections.reader import Reader, latest_scheduling, reading, standing
from projections.stamps import unstamp


def show(store: ReadStore, decision: str) -> DecisionView:
    """Everything the ledger knows now about `decision`."""
    with reading(store) as shared:
        reader = DecisionReader(shared)
        found = reader.decisions([decision])
        if not found:
            raise NotFound(f"there is no decision '{decision}' in the ledger (add it with "
                           "`lsp decision propose`)")
        detail = reader.detail(found[0])
        return DecisionView(**_fields(detail), position=shared.position, seal=shared.seal)


def pending(store: ReadStore, body: str) -> PendingList:
    """The decisions of `body` taken between meetings and not yet reported, in the order
    they were taken, each with the meeting it is due at."""
    with reading(store) as shared:
        reader = DecisionReader(shared)
        name = shared.body_name_anywhere(body)
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
                           position=shared.position, seal=shared.seal)


def ratifications(store: ReadStore, meeting: str, author: str = "") -> RatificationPaper:
    """The paper for `meeting`: every decision reported to its body that was taken after
    the body's previous meeting and no later than this one, and every earlier one not
    reported to a meeting before this one (carried over); written by `author`, a person
    of the ledger, shown by name (a login that names no person is left off: "Author:
    root" tells a reader nothing, and the paper then says whose office it comes from,
    the terms' secretariat, where they name one). Its agenda item number is the agenda's
    to give (`projections.agenda.ratification_paper`)."""
    with reading(store) as shared:
        reader = DecisionReader(shared)
        facts = shared.facts("meeting", meeting)
        if not facts:
            raise NotFound(f"there is no meeting '{meeting}' in the ledger (add it with "
                           "`lsp meeting schedule`)")
        state = fold_meeting(facts)
        when = state.when or facts[0].effective
        meetings = reader.meetings(state.body)
        earlier = [m for m in meetings if m.when < when and m.slug != meeting]
        previous = earlier[-1] if earlier else None
        items = []
        for d in reader.for_meeting(meeting, state.body, when):
            assert d.taken_on is not None  # for_meeting keeps only those taken
            carried = previous is not None and d.taken_on <= previous.when
            here = d.report_at(meeting)
            detail = reader.detail(d)
            counted = {a["seat"] for a in d.taken_agreeing}
            items.append((carried, d.taken_on, d.slug, RatificationItem(
                **_fields(detail), carried_over=carried,
                counted=[a for a in [detail.proposer, *detail.approvals]
                         if a.seat in counted],
                outcome=here["outcome"] if here else None,
                outcome_reason=here["reason"] if here else "")))
        found = shared.terms_at(when)
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
            between_meetings_clause=b.clause if b else None,
            report_clause=b.report_clause if b else None,
            previous_meeting=previous.ref() if previous else None,
            decisions=[i for *_, i in sorted(items, key=lambda t: t[:3])],
            recommendation=_recommendation(body_terms.name if body_terms else state.body,
                                           b.clause if b else None, bool(items)),
            author=shared.recorded_name("person", author) or "",
            author_role=body_terms.secretariat if body_terms else None,
            position=shared.position, seal=shared.seal)


def _recommendation(body_name: str, clause: str | None, any_decisions: bool) -> str:
    """What the paper asks of the meeting, in the body's name and under the clause the
    decisions were taken (issue 16 item 8)."""
    if not any_decisions:
        return f"The {body_name} is asked to note that no decisions are reported to it."
    under = f", taken under clause {clause}" if clause else ""
    return f"The {body_name} is asked to ratify the decisions below{under}."


@dataclass(frozen=True)
class BodyMeeting:
    """A meeting of the body decisions are reported to, as the decisions need it."""

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


class DecisionReader:
    """Reads decisions through one shared reader (names, terms), caching the meetings of
    each body they are reported to."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.conn = reader.conn
        self._meetings: dict[str, list[BodyMeeting]] = {}
        self._timelines: dict[str, Timeline] = {}

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
        facts = self.reader.facts_of("decision", slugs, as_of)
        folded = (fold_decision(found) for found in facts.values())
        return [d for d in folded if d is not None]

    def all_slugs(self) -> list[str]:
        rows = self.conn.execute("SELECT entity FROM lsp_events WHERE entity_kind = "
                                 "'decision' AND kind = 'Proposed' ORDER BY position")
        return [r["entity"] for r in rows]

    def for_meeting(self, meeting: str, body: str, when: datetime) -> list[DecisionState]:
        """The decisions taken between meetings that are `meeting`'s business (of `body`,
        held at `when`): reported to the body, taken by then, and not reported to an
        earlier meeting (the ratification paper's, and the agenda's, list)."""
        found = []
        for d in self.decisions(self.slugs("report_to", body)):
            if d.taken_on is None or d.taken_on > when:
                continue
            if d.report is not None and d.report["meeting"] != meeting:
                held_at = self.meeting_when(d.report["meeting"])
                if held_at is not None and held_at <= when:
                    continue  # reported to an earlier meeting: not this meeting's business
            found.append(d)
        return found

    def meetings(self, body: str) -> list[BodyMeeting]:
        """The meetings of `body`, in the order they are held."""
        if body not in self._meetings:
            rows = self.conn.execute(
                "SELECT s.entity, s.effective, EXISTS (SELECT 1 FROM lsp_events c WHERE "
                "c.entity_kind = 'meeting' AND c.entity = s.entity AND c.kind = 'Closed') "
                "AS closed FROM lsp_events s WHERE s.entity_kind = 'meeting' "
                f"AND {latest_scheduling('s')} "
                f"AND {self.conn.json_text('s.data', 'body')} = ? "
                f"AND {standing(self.conn, 's')} "  # a meeting scheduled by mistake is none
                "ORDER BY s.effective, s.entity", (body,))
            self._meetings[body] = [BodyMeeting(r["entity"], body, unstamp(r["effective"]),
                                             bool(r["closed"])) for r in rows]
        return self._meetings[body]

    def meeting_when(self, meeting: str) -> datetime | None:
        row = self.conn.execute("SELECT effective FROM lsp_events s WHERE s.entity_kind = "
                                f"'meeting' AND s.entity = ? AND {latest_scheduling('s')}",
                                (meeting,)).fetchone()
        return unstamp(row["effective"]) if row else None

    def body_name(self, d: DecisionState, body: str) -> str:
        """A body's name in the terms the decision was proposed under."""
        terms = self.reader.terms(d.terms_version)
        found = terms.body(body) if terms else None
        return found.name if found else body

    def report_clause(self, d: DecisionState) -> str:
        """The clause saying where decisions between meetings are reported, in the terms
        the decision was taken under (else proposed under), else the clause it relied on."""
        e = d.evidence
        terms = self.reader.terms(int(e["terms_version"]) if e else d.terms_version)
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
        deferred_at = {x["meeting"] for x in d.deferrals}
        for m in self.meetings(d.report_to):
            if m.when < taken or m.slug == reported_at or m.slug in deferred_at:
                continue  # a meeting that deferred it dealt with it: neither due nor missed
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
        self.reader.load_names("person", [a.person for a in d.agreeing]
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
            deferrals=[ReportOutcome(meeting=x["meeting"], held=shown(x["when"]),
                                     outcome="deferred", reason=x["reason"])
                       for x in d.deferrals],
            withdrawal=Withdrawal(reason=w["reason"], withdrawn=shown(w["when"]))
            if w else None,
            interests=[Interest(person=i.person,
                                person_name=self.reader.name("person", i.person) or "",
                                nature=i.nature, note=i.note, declared=shown(i.when))
                       for i in d.interests],
            corrections=self._corrections(d))

    def _corrections(self, d: DecisionState) -> list[DecisionCorrection]:
        """The decision's corrections, each describing the event it retracted."""
        if not d.corrections:
            return []
        by_version = {f.version: f for f in self.reader.facts("decision", d.slug)}
        found = []
        for c in d.corrections:
            target = by_version.get(int(c["version"]))
            what = f"event {c['version']}"
            if target is not None and target.kind in ("Approved", "InterestDeclared"):
                self.reader.load_names("person", [target.data.get("person")])
                who = self.reader.name("person", target.data.get("person")) or ""
                what = (f"the approval of seat {target.data['seat']} ({who})"
                        if target.kind == "Approved"
                        else f"{who}'s {target.data['nature']} interest")
            elif target is not None:
                what = f"the {target.kind.lower()} of {shown(target.effective)}"
            found.append(DecisionCorrection(
                version=int(c["version"]), event=target.kind if target else "", what=what,
                reason=c["reason"], corrected=shown(c["when"]), actor=c["actor"]))
        return found

    def _timeline(self, body: str) -> Timeline:
        """The body's rosters at any date, its facts read once for the whole reading."""
        if body not in self._timelines:
            self._timelines[body] = Timeline(body, rosters.facts(self.conn, body))
        return self._timelines[body]

    def _agreement(self, body: str, a: Agreeing, chairs: dict[str, bool]) -> Agreement:
        seat_id, person, as_deputy = a.seat, a.person, a.as_deputy
        seat = self._timeline(body).roster(a.when).seat(seat_id)
        holder = seat.holder if seat and as_deputy else None
        self.reader.load_names("person", [holder])
        self.reader.load_names("org", [seat.org if seat else None])
        chair = chairs.get(seat_id, seat is not None and seat.role == "chair" and not as_deputy)
        return Agreement(seat=seat_id, org=seat.org if seat else None,
                         org_name=self.reader.name("org", seat.org) if seat else None,
                         person=person, person_name=self.reader.name("person", person) or "",
                         as_deputy=bool(as_deputy), deputy_for=holder,
                         deputy_for_name=self.reader.name("person", holder), chair=chair,
                         when=shown(a.when), given=a.given)
