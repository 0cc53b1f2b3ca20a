"""Papers and registers: the minutes of a meeting, the ratification paper, the decision
and interests registers, and a body's attendance record. Each command parses, makes one
query and prints through cli/render.py in the format asked for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from cli import pdf
from cli.context import settings
from cli.listing import agenda_html, agenda_markdown
from cli.render import csv_text, emit_as, format_options
from cli.views import (
    attendance_rows,
    attendance_text,
    decision_rows,
    decisions_text,
    interest_rows,
    interests_text,
    minutes_html,
    minutes_markdown,
    ratifications_html,
    ratifications_markdown,
)
from ledger.errors import NotFound
from ledger.when import as_of, effective_from
from projections import meetings, registers

F = TypeVar("F", bound=Callable[..., Any])

paper_options = format_options("md", "html", "pdf", "json", output=True)
register_options = format_options("table", "json", "csv")


@click.group()
def report() -> None:
    """Papers for a meeting, ready to print or publish."""


@report.command("minutes")
@click.argument("meeting_id", metavar="MEETING")
@paper_options
def report_minutes(meeting_id: str, fmt: str | None, output: str | None) -> None:
    """The minutes of MEETING: notice and urgency, attendance, quorum, declarations of
    interest, each item and its decision, membership requests decided, corrections."""
    paper = meetings.minutes(settings().read(), meeting_id)
    emit_as(fmt, paper, {"md": lambda: minutes_markdown(paper),
                         "html": lambda: minutes_html(paper),
                         "pdf": pdf.paper(lambda: minutes_html(paper),
                                          pdf.Running.of("Minutes", paper),
                                          to_stdout=output is None)},
            output=output, what=f"Minutes of {meeting_id}",
            about={"meeting": meeting_id, "position": paper.position})


@report.command("agenda")
@click.argument("meeting_id", metavar="MEETING")
@paper_options
def report_agenda(meeting_id: str, fmt: str | None, output: str | None) -> None:
    """The agenda and summons of MEETING: the notice (date, time, venue), the members
    summoned, to whom apologies go, the numbered items with their proposers, matters
    arising from open actions, decisions between meetings to be reported, and when the
    agenda was published with its days of notice."""
    from projections import agenda

    paper = agenda.agenda(settings().read(), meeting_id)
    emit_as(fmt, paper, {"md": lambda: agenda_markdown(paper),
                         "html": lambda: agenda_html(paper),
                         "pdf": pdf.paper(lambda: agenda_html(paper),
                                          pdf.Running.of("Agenda", paper),
                                          to_stdout=output is None)},
            output=output, what=f"Agenda of {meeting_id}",
            about={"meeting": meeting_id, "position": paper.position})


@report.command("ratifications")
@click.argument("meeting_id", metavar="MEETING")
@click.option("--author", metavar="PERSON",
              help="Who wrote the paper, a person in the ledger (default: you, where --as "
                   "or your sign-in names a person).")
@paper_options
def report_ratifications(meeting_id: str, author: str | None, fmt: str | None,
                         output: str | None) -> None:
    """The ratification paper for MEETING: every decision taken between meetings since the
    previous meeting of its body, and any carried over, each with its reasons,
    alternatives, who proposed and approved it and when, the clause relied on, interests
    declared, and the meeting's outcome once reported."""
    from projections import agenda  # read late, as `report agenda` reads it

    paper = agenda.ratification_paper(settings().read(), meeting_id,
                                      author or settings().actor)
    if author and not paper.author:
        raise NotFound(f"there is no person '{author}' in the ledger: the paper's author is "
                       "a person of the ledger", remedy="add:person")
    emit_as(fmt, paper, {"md": lambda: ratifications_markdown(paper),
                         "html": lambda: ratifications_html(paper),
                         "pdf": pdf.paper(lambda: ratifications_html(paper),
                                          pdf.Running.of("Decisions taken between meetings",
                                                         paper),
                                          to_stdout=output is None)},
            output=output, what=f"Ratification paper for {meeting_id}",
            about={"meeting": meeting_id, "position": paper.position})


@click.group()
def register() -> None:
    """Registers kept from the meetings: decisions, interests, attendance."""


def _period_options(f: F) -> F:
    f = click.option("--to", "to_text", metavar="DATE",
                     help="Meetings held on or before DATE (England time).")(f)
    return click.option("--from", "from_text", metavar="DATE",
                        help="Meetings held on or after DATE (England time).")(f)


def _period(from_text: str | None, to_text: str | None
            ) -> tuple[datetime | None, datetime | None]:
    return (effective_from(from_text, "--from") if from_text else None,
            as_of(to_text, "--to") if to_text else None)


@register.command("decisions")
@click.option("--body", metavar="BODY", help="Only decisions of BODY.")
@_period_options
@register_options
def register_decisions(body: str | None, from_text: str | None, to_text: str | None,
                       fmt: str | None) -> None:
    """The decision register (Openness of Local Government Bodies Regulations 2014): date,
    decision, reasons, alternatives considered, interests declared, decision maker."""
    start, end = _period(from_text, to_text)
    found = registers.decisions(settings().read(), body, start, end)
    emit_as(fmt, found, {"table": lambda: decisions_text(found) + "\n",
                         "csv": lambda: csv_text(decision_rows(found))})


@register.command("interests")
@click.option("--body", metavar="BODY", help="Only declarations at meetings of BODY.")
@_period_options
@register_options
def register_interests(body: str | None, from_text: str | None, to_text: str | None,
                       fmt: str | None) -> None:
    """The interests register: every declaration of interest made at a meeting."""
    start, end = _period(from_text, to_text)
    found = registers.interests(settings().read(), body, start, end)
    emit_as(fmt, found, {"table": lambda: interests_text(found) + "\n",
                         "csv": lambda: csv_text(interest_rows(found))})


@register.command("attendance")
@click.argument("body")
@_period_options
@register_options
def register_attendance(body: str, from_text: str | None, to_text: str | None,
                        fmt: str | None) -> None:
    """The attendance record of BODY: per seat, meetings held, present, present by deputy,
    apologies, absent without apologies."""
    start, end = _period(from_text, to_text)
    found = registers.attendance(settings().read(), body, start, end)
    emit_as(fmt, found, {"table": lambda: attendance_text(found) + "\n",
                         "csv": lambda: csv_text(attendance_rows(found))})
