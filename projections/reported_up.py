"""Decisions taken at meetings of a body that reports them up, for each body above.

The rules are in `ledger.reporting_up`: a reporting line with `decisions = true` (the
Partnership Southwark Strategic Board's to the Health and Wellbeing Board, and from
1 April 2022 to the ICS NHS Body) makes every decision taken at the body's meetings
awaiting report to that parent, for each line running on the day, until reported to a
meeting of it (`Meeting.ItemReported` on the parent's meeting). This module reads them:

- `CommitteeReader.decisions(as_of)`: every such decision, once for each parent, with the
  parent's meeting it is due at, the closed ones it missed and its report there;
- `pending(store, body)`: `lsp decision pending BODY`, with the rows `pending_rows` adds
  for the deciding body;
- `for_meeting(body, meeting, when)`: what a parent's meeting has to receive (the agenda's
  "decisions to be reported" and the ratification paper's `committee_decisions`).

Cost: the meetings of the bodies whose terms (in any version) report decisions up, and
the `ItemReported` events; nothing for a partnership whose terms have no such line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from ledger.meeting import fold_meeting
from ledger.reporting_up import clause_of, is_decision, lines_up
from ledger.when import local_date
from ledger.when import show as shown
from projections import decisions as between
from projections.catchup import ReadStore
from projections.decision_models import (
    CommitteeDecision,
    MeetingRef,
    PendingDecision,
    PendingList,
    ReportOutcome,
)
from projections.decisions import BodyMeeting, DecisionReader
from projections.reader import Reader, reading, standing


def pending(store: ReadStore, body: str) -> PendingList:
    """`lsp decision pending BODY`: its decisions taken between meetings and not yet
    reported (`projections.decisions.pending`), then its meeting decisions awaiting report
    to each parent."""
    found = between.pending(store, body)
    with reading(store) as reader:
        rows = CommitteeReader(reader).pending_rows(body)
    return found.model_copy(update={"decisions": [*found.decisions, *rows]}) if rows else found


@dataclass(frozen=True)
class _Report:
    meeting: BodyMeeting
    outcome: str
    reason: str


class CommitteeReader:
    """Reads the meeting decisions reported up, through one shared reader."""

    def __init__(self, reader: Reader, decisions: DecisionReader | None = None) -> None:
        self.reader = reader
        self.read = decisions or DecisionReader(reader)
        self._found: list[tuple[CommitteeDecision, datetime]] | None = None

    def _bodies(self) -> list[str]:
        """The bodies whose terms, in any version, report their meeting decisions up."""
        return sorted({slug for t in self.reader.all_terms() for slug, b in t.bodies.items()
                       if any(line.decisions for line in b.reporting_lines)})

    def _reports(self) -> dict[tuple[str, str], _Report]:
        """Each report made, by (decision, parent body): the first meeting it was at."""
        conn = self.reader.conn
        rows = conn.execute(
            "SELECT entity, data FROM lsp_events p WHERE entity_kind = 'meeting' AND "
            f"kind = 'ItemReported' AND {standing(conn, 'p')} ORDER BY position").fetchall()
        found: dict[tuple[str, str], _Report] = {}
        for r in rows:
            data = fact_data(r["data"])
            when = self.read.meeting_when(r["entity"])
            body = self._body_of(r["entity"])
            if when is None or body is None:
                continue
            meeting = next(m for m in self.read.meetings(body) if m.slug == r["entity"])
            key = (f"{data['source_meeting']}/{data['item']}", body)
            if key not in found or meeting.when < found[key].meeting.when:
                found[key] = _Report(meeting, data["outcome"], data.get("reason", ""))
        return found

    def _body_of(self, meeting: str) -> str | None:
        facts = self.reader.facts("meeting", meeting)
        return fold_meeting(facts).body if facts else None

    def decisions(self, as_of: datetime | None = None) -> list[tuple[CommitteeDecision, datetime]]:
        """Every meeting decision reported up, once for each parent, in the order taken,
        with the time it was taken."""
        if self._found is not None and as_of is None:
            return self._found
        bodies = self._bodies()
        reports = self._reports() if bodies else {}
        found = []
        for body in bodies:
            for source in self.read.meetings(body):
                found += self._of_meeting(source, reports, as_of)
        found.sort(key=lambda t: (t[1], t[0].meeting, t[0].item, t[0].report_to))
        if as_of is None:
            self._found = found
        return found

    def _of_meeting(self, source: BodyMeeting, reports: dict[tuple[str, str], _Report],
                    as_of: datetime | None) -> list[tuple[CommitteeDecision, datetime]]:
        in_force = self.reader.terms_at(source.when)
        terms = in_force[1].body(source.body) if in_force else None
        lines = lines_up(terms, local_date(source.when)) if terms else ()
        if terms is None or not lines:
            return []
        state = fold_meeting(self.reader.facts("meeting", source.slug))
        found = []
        for it in state.items.values():
            if not is_decision(it):
                continue
            decided = str(it.outcome["result"]) if it.outcome else it.how
            for line in lines:
                key = f"{source.slug}/{it.item}"
                report = reports.get((key, line.body))
                due, missed = self._due(line.body, source.when, report, as_of)
                parent = in_force[1].body(line.body) if in_force else None
                found.append((CommitteeDecision(
                    decision=key, body=source.body, body_name=terms.name,
                    meeting=source.slug, item=it.item, title=it.title, decided=decided,
                    taken_on=shown(source.when), report_to=line.body,
                    report_to_name=parent.name if parent else line.body,
                    clause=clause_of(terms, line), next_meeting=due, missed=missed,
                    report=ReportOutcome(meeting=report.meeting.slug,
                                         held=shown(report.meeting.when),
                                         outcome=report.outcome, reason=report.reason)
                    if report else None), source.when))
        return found

    def _due(self, parent: str, taken: datetime, report: _Report | None,
             as_of: datetime | None) -> tuple[MeetingRef | None, list[MeetingRef]]:
        """The first open meeting of `parent` held at or after `taken` (while not
        reported), and the closed ones since that it was not reported to."""
        due: MeetingRef | None = None
        missed: list[MeetingRef] = []
        for m in self.read.meetings(parent):
            if m.when < taken:
                continue
            if report is not None and m.when >= report.meeting.when:
                break
            if m.closed and (as_of is None or m.when <= as_of):
                missed.append(m.ref())
            elif due is None and report is None:
                due = m.ref()
        return due, missed

    def pending_rows(self, body: str) -> list[PendingDecision]:
        """`lsp decision pending BODY`: BODY's meeting decisions not yet reported to a
        parent, one row for each parent still awaiting it."""
        return [PendingDecision(decision=d.decision, title=d.title, taken_on=d.taken_on,
                                report_to=d.report_to, report_to_name=d.report_to_name,
                                clause=d.clause, next_meeting=d.next_meeting,
                                missed=d.missed)
                for d, _ in self.decisions() if d.body == body and d.report is None]

    def for_meeting(self, body: str, meeting: str, when: datetime
                    ) -> list[tuple[CommitteeDecision, datetime]]:
        """The meeting decisions `meeting` of `body` (held at `when`) receives, each with
        the time it was taken: reported up to `body`, taken by then, and not reported to
        an earlier meeting of it."""
        return [(d, taken) for d, taken in self.decisions()
                if d.report_to == body and taken <= when
                and (d.report is None or d.report.meeting == meeting
                     or (self.read.meeting_when(d.report.meeting) or when) > when)]


def fact_data(text: str) -> dict[str, str]:
    data: dict[str, str] = json.loads(text)
    return data
