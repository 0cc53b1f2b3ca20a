"""Decisions taken at a body's meetings, reported up to the bodies it reports to.

Partnership Southwark's Strategic Board "will also operate as a sub-committee of the
Health and Wellbeing Board" and is to "transition to a formal committee of the ICS NHS
Body from 1 April 2022" (Decision 2(b)(i)): what it decides at its meetings goes to each
parent. A reporting line that says so (`reports_to = [{ body = "hwb", decisions = true }]`)
makes every decision taken at the body's meetings (an item carried on a vote, or agreed or
endorsed without one) awaiting report to that parent, for every line running on the day
it was taken, until it is reported to a meeting of that parent (`lsp decision report
MEETING/ITEM --meeting PARENT-MEETING`, `Meeting.ItemReported` on the parent's meeting).
A report to one parent leaves it awaiting report to the other.

A body whose decisions are the partnership's own (`agrees_for_partnership`: the Southwark
Alliance's thematic partnerships, whose plans "have been agreed by the Alliance") reports
nothing up for ratification.

The rules are here; the lists (`decision pending`, the agenda, the ratification paper) are
read by `projections.reported_up`.
"""

from __future__ import annotations

from datetime import date, datetime

from ledger.meeting import Item
from ledger.rules import Verdict
from ledger.terms import Body as BodyTerms
from ledger.terms import ReportingLine

REPORTED_OUTCOMES = ("ratified", "noted", "endorsed", "rescinded")


def is_decision(item: Item) -> bool:
    """An item that ended in a decision: carried on a vote, or agreed or endorsed
    without one (an item noted, referred or deferred decided nothing to report)."""
    if item.outcome is not None:
        return item.outcome.get("result") == "carried"
    return item.consensus is not None and item.how in ("agreed", "endorsed")


def lines_up(terms: BodyTerms, day: date) -> tuple[ReportingLine, ...]:
    """The lines running on `day` that the body's meeting decisions are reported along;
    none for a body whose decisions are the partnership's own."""
    if terms.agrees_for_partnership:
        return ()
    return tuple(line for line in terms.reporting_lines if line.decisions and line.runs_on(day))


def line_to(terms: BodyTerms, parent: str, day: date) -> ReportingLine | None:
    return next((line for line in lines_up(terms, day) if line.body == parent), None)


def clause_of(terms: BodyTerms, line: ReportingLine | None) -> str:
    """The clause a line of report cites: its own, else the body's."""
    return (line.clause if line and line.clause else None) or terms.clause


def reported_item(terms: BodyTerms, source_meeting: str, item: Item,
                  day: date, parent: str, decided_at: datetime, reported_at: datetime
                  ) -> Verdict:
    """Rule `report-to`: a meeting decision is reported to a meeting, held at or after it,
    of a body the deciding body reported its decisions to on that day."""
    key = f"{source_meeting}/{item.item}"
    if not is_decision(item):
        return Verdict(False, "report-to", "ledger rule", (
            f"item {key} was not decided at the meeting (carried, agreed or endorsed), so "
            "there is no decision to report",))
    line = line_to(terms, parent, day)
    if line is None:
        up = ", ".join(x.body for x in lines_up(terms, day)) or "no body"
        why = (f"{terms.name}'s decisions are the partnership's own and are not reported "
               "for ratification" if terms.agrees_for_partnership else
               f"{terms.name} reports its meeting decisions to {up} on {day.isoformat()}")
        clause = ((terms.agrees_for_partnership_clause if terms.agrees_for_partnership
                   else None) or clause_of(terms, None))
        return Verdict(False, "report-to", clause,
                       (f"decision {key} cannot be reported to '{parent}': {why}",))
    if reported_at < decided_at:
        return Verdict(False, "report-to", clause_of(terms, line), (
            f"decision {key} was taken on {day.isoformat()}, after that meeting",))
    return Verdict(True, "report-to", clause_of(terms, line))
