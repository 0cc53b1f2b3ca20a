"""The agenda and summons of a meeting: `lsp report agenda MEETING`.

Read beside the minutes and from the same folds, so the agenda and the minutes of one
meeting cannot disagree:

- the meeting (`ledger.meeting.fold_meeting`): its date and venue, its items and who
  proposed them (as `projections.meetings.MinutesBuilder` reads the proposer: the seat's
  holder when the item was recorded), and the agenda's publication;
- the roster of the body on the day of the meeting, for the members summoned, chair first;
- the terms in force on the day, for the body's name, the notice period and who receives
  apologies (`secretariat`, else "the clerk");
- the actions agreed at earlier meetings of the body and still open at this one
  (`ledger.action.fold_action`): the matters arising;
- the decisions taken between meetings that are this meeting's business
  (`projections.decisions.DecisionReader.for_meeting`, the ratification paper's list).

The agenda is numbered in the order a clerk sets it out: apologies, declarations of
interest, the minutes of the previous meeting, matters arising, the items, then the
decisions taken between meetings to be reported. The ratification paper takes its agenda
item number from here (`ratification_paper`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ledger.errors import NotFound
from ledger.meeting import fold_meeting
from ledger.roster import Seat
from ledger.terms import Agenda as AgendaTerms
from ledger.when import clock, local_date, long_day, spoken
from projections import reported_up, rosters
from projections.catchup import ReadStore
from projections.decision_models import RatificationPaper
from projections.decisions import DecisionReader, ratifications
from projections.lists import ActionRow, action_row, all_actions
from projections.meetings import MinutesBuilder
from projections.models import ReadModel, SealRef
from projections.reader import Reader, reading

CLERK = "the clerk"  # who receives apologies when neither the terms nor the ledger say


class Summoned(ReadModel):
    """A member summoned: the holder of a seat on the day of the meeting."""

    seat: str
    person: str
    person_name: str
    org: str
    org_name: str
    role: str | None
    voting: bool
    deputy: str | None
    deputy_name: str | None


class AgendaEntry(ReadModel):
    """One numbered entry of the agenda."""

    number: int
    kind: str  # apologies, declarations, previous-minutes, matters-arising, item, reports
    title: str
    item: str | None = None  # the item's slug (kind "item")
    proposer: str | None = None  # the proposing seat
    proposer_name: str | None = None
    proposer_org_name: str | None = None
    partner: str | None = None  # a partner organisation without a seat (Daventry 4.8)
    partner_name: str | None = None


class ToReport(ReadModel):
    """A decision taken between meetings, to be reported at the meeting."""

    decision: str
    title: str
    taken_on: str  # British long form
    clause: str
    carried_over: bool  # taken before the previous meeting and not reported to it


class Notice(ReadModel):
    published: str | None  # the day the agenda went out, British long form
    days_before: int | None
    notice_days: int | None  # what the terms require
    publish_by: str | None  # the last day the terms allow, when they set a period
    on_time: bool | None
    urgent: str | None
    clause: str | None


class Agenda(ReadModel):
    meeting: str
    body: str
    body_name: str
    partnership: str
    held: str  # "Tuesday 10 March 2026 at 2.00 pm"
    date: str  # ISO, England
    time: str | None  # "2.00 pm"; None for a meeting scheduled for a day
    venue: str
    summoned: list[Summoned]
    apologies_to: str
    apologies_clause: str | None
    entries: list[AgendaEntry]
    previous_meeting: str | None  # its slug
    previous_held: str | None
    matters_arising: list[ActionRow]
    decisions_to_report: list[ToReport]
    notice: Notice
    closed: bool
    position: int
    seal: SealRef | None


def agenda(store: ReadStore, meeting: str) -> Agenda:
    """The agenda of `meeting`, from everything the ledger knows now."""
    with reading(store) as reader:
        facts = reader.facts("meeting", meeting)
        if not facts:
            raise NotFound(f"there is no meeting '{meeting}' in the ledger (add it with "
                           "`lsp meeting schedule`)")
        state = fold_meeting(facts)
        when = state.when or facts[0].effective
        found = reader.terms_at(when)
        terms = found[1] if found else None
        body = terms.body(state.body) if terms else None
        minutes = MinutesBuilder(reader).minutes(meeting, facts)
        roster = rosters.followed(reader.conn, state.body, when)
        summoned = [_summoned(reader, s) for s in _chair_first(roster.seats) if s.holder]

        read = DecisionReader(reader)
        earlier = [m for m in read.meetings(state.body) if m.when < when and m.slug != meeting]
        previous = earlier[-1] if earlier else None
        to_report = []
        for d in read.for_meeting(meeting, state.body, when):
            assert d.taken_on is not None  # for_meeting keeps only those taken
            to_report.append(ToReport(
                decision=d.slug, title=d.title, taken_on=long_day(local_date(d.taken_on)),
                clause=read.report_clause(d),
                carried_over=previous is not None and d.taken_on <= previous.when))
        for c, taken in reported_up.CommitteeReader(reader, read).for_meeting(
                state.body, meeting, when):
            to_report.append(ToReport(
                decision=c.decision, title=c.title, taken_on=long_day(local_date(taken)),
                clause=c.clause, carried_over=previous is not None and taken <= previous.when))
        arising = [action_row(reader, a, when) for a in all_actions(reader)
                   if a.body == state.body and a.meeting != meeting
                   and a.agreed is not None and a.agreed < when
                   and (a.done is None or a.done >= when)]

        entries: list[AgendaEntry] = []

        def entry(kind: str, title: str, **more: str | None) -> None:
            entries.append(AgendaEntry(number=len(entries) + 1, kind=kind, title=title,
                                       **more))

        entry("apologies", "Welcome and apologies for absence")
        entry("declarations", "Declarations of interest")
        # The previous minutes for approval: the item recorded for it (`agenda add
        # --minutes-of`), in this place, or else an entry of the agenda's own.
        approving = [it for it in minutes.items if it.minutes_of]
        for it in approving:
            entry("item", it.title, item=it.item, proposer=it.proposer,
                  proposer_name=it.proposer_name, proposer_org_name=it.proposer_org_name,
                  partner=it.partner, partner_name=it.partner_name)
        if previous is not None and not approving:
            entry("previous-minutes", "Minutes of the previous meeting, held on "
                  f"{spoken(previous.when)}, for approval")
        if arising:
            entry("matters-arising", "Matters arising: actions from previous meetings")
        for it in minutes.items:
            if it.minutes_of:
                continue
            entry("item", it.title, item=it.item, proposer=it.proposer,
                  proposer_name=it.proposer_name, proposer_org_name=it.proposer_org_name,
                  partner=it.partner, partner_name=it.partner_name)
        if to_report:
            entry("reports", "Decisions taken between meetings, to be reported")

        return Agenda(
            meeting=meeting, body=state.body, body_name=minutes.body_name,
            partnership=minutes.partnership, held=spoken(when),
            date=local_date(when).isoformat(),
            time=None if spoken(when) == long_day(local_date(when)) else clock(when),
            venue=state.venue, summoned=summoned,
            apologies_to=body.secretariat if body and body.secretariat else CLERK,
            apologies_clause=body.secretariat_clause if body else None,
            entries=entries, previous_meeting=previous.slug if previous else None,
            previous_held=spoken(previous.when) if previous else None,
            matters_arising=arising, decisions_to_report=to_report,
            notice=_notice(state.published, body.agenda if body else None, when),
            closed=state.closed, position=reader.position, seal=reader.seal)


def _chair_first(seats: tuple[Seat, ...] | list[Seat]) -> list[Seat]:
    order = {"chair": 0, "co-chair": 1, "vice-chair": 2}
    return sorted(seats, key=lambda s: (order.get(s.role or "", 3), not s.voting))


def _summoned(reader: Reader, s: Seat) -> Summoned:
    reader.load_names("person", [s.holder, s.deputy])
    reader.load_names("org", [s.org])
    return Summoned(seat=s.seat, person=s.holder or "",
                    person_name=reader.name("person", s.holder) or "", org=s.org,
                    org_name=reader.name("org", s.org) or s.org, role=s.role, voting=s.voting,
                    deputy=s.deputy, deputy_name=reader.name("person", s.deputy))


def _notice(published: dict[str, Any] | None, terms: AgendaTerms | None, when: datetime
            ) -> Notice:
    """When the agenda went out (if it has), against the notice period of the terms."""
    notice_days = terms.notice_days if terms else None
    publish_by = (long_day(local_date(when) - timedelta(days=notice_days))
                  if notice_days is not None else None)
    if published is None:
        return Notice(published=None, days_before=None, notice_days=notice_days,
                      publish_by=publish_by, on_time=None, urgent=None,
                      clause=terms.clause if terms else None)
    days = int(published["days_before"])
    return Notice(published=long_day(local_date(published["when"])), days_before=days,
                  notice_days=notice_days, publish_by=publish_by,
                  on_time=notice_days is None or days >= notice_days,
                  urgent=published.get("urgent") or None, clause=published.get("clause"))


def ratification_paper(store: ReadStore, meeting: str, author: str = "") -> RatificationPaper:
    """The ratification paper of `meeting` (`projections.decisions.ratifications`), with
    the number of the agenda's entry for the decisions to be reported, where it has one."""
    paper = ratifications(store, meeting, author)
    number = next((e.number for e in agenda(store, meeting).entries if e.kind == "reports"),
                  None)
    with reading(store) as reader:
        received = [c for c, _ in reported_up.CommitteeReader(reader).for_meeting(
            paper.body, meeting, _held_at(reader, meeting))]
    return paper.model_copy(update={"agenda_item": number, "committee_decisions": received})


def _held_at(reader: Reader, meeting: str) -> datetime:
    facts = reader.facts("meeting", meeting)
    state = fold_meeting(facts)
    return state.when or facts[0].effective
