"""Papers and registers: the minutes of a meeting, the decision and interests registers,
and a body's attendance record. Each command parses, makes one query and formats."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click
from pydantic import BaseModel

from cli.context import _set_json, json_option, settings
from cli.papers import (
    Rows,
    attendance_rows,
    attendance_text,
    csv_text,
    decision_rows,
    decisions_text,
    interest_rows,
    interests_text,
    minutes_html,
    minutes_markdown,
    ratifications_html,
    ratifications_markdown,
)
from cli.render import emit
from ledger.when import as_of, effective_from
from projections import decisions, meetings, registers

F = TypeVar("F", bound=Callable[..., Any])


def _json_format(ctx: click.Context, param: click.Parameter, value: str | None
                 ) -> str | None:
    """`--format json` is `--json`: one JSON document on stdout, errors included."""
    if value == "json":
        _set_json(ctx, param, True)
    return value


def _format(chosen: str | None, default: str) -> str:
    """The output format: `--json` is `--format json`; the two may not disagree."""
    if settings().json:
        if chosen not in (None, "json"):
            raise click.UsageError(f"--json is the same as --format json; it cannot be "
                                   f"combined with --format {chosen}")
        return "json"
    return chosen or default


def _json_text(model: BaseModel) -> str:
    """The model's dump, exactly as `cli.render.emit` prints it under --json."""
    return json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def _write(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    except OSError as e:
        raise click.FileError(path, e.strerror) from None


@click.group()
def report() -> None:
    """Papers for a meeting, ready to print or publish."""


def _print_paper(what: str, meeting_id: str, position: int, fmt: str | None,
                 output: str | None, renderers: dict[str, Callable[[], str]]) -> None:
    """A paper in the format asked for, on stdout or into --output FILE."""
    chosen = _format(fmt, "md")
    text = renderers[chosen]()
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text)
    emit({"written": output, "format": chosen, "meeting": meeting_id, "position": position},
         lambda: f"{what} written to {output} ({chosen}, recorded in the ledger up to event "
                 f"#{position}).")


@report.command("minutes")
@click.argument("meeting_id", metavar="MEETING")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]),
              callback=_json_format,
              help="Markdown (default), one self-contained printable HTML page, or JSON.")
@click.option("--output", metavar="FILE",
              help="Write the paper to FILE instead of stdout (stdout then says so).")
@json_option
def report_minutes(meeting_id: str, fmt: str | None, output: str | None) -> None:
    """The minutes of MEETING: notice and urgency, attendance, quorum, declarations of
    interest, each item and its decision, membership requests decided, corrections."""
    paper = meetings.minutes(settings().read(), meeting_id)
    _print_paper(f"Minutes of {meeting_id}", meeting_id, paper.position, fmt, output,
                 {"md": lambda: minutes_markdown(paper), "html": lambda: minutes_html(paper),
                  "json": lambda: _json_text(paper)})


@report.command("ratifications")
@click.argument("meeting_id", metavar="MEETING")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]),
              callback=_json_format,
              help="Markdown (default), one self-contained printable HTML page, or JSON.")
@click.option("--output", metavar="FILE",
              help="Write the paper to FILE instead of stdout (stdout then says so).")
@json_option
def report_ratifications(meeting_id: str, fmt: str | None, output: str | None) -> None:
    """The ratification paper for MEETING: every decision taken between meetings since the
    previous meeting of its body, and any carried over, each with its reasons,
    alternatives, who proposed and approved it and when, the clause relied on, interests
    declared, and the meeting's outcome once reported."""
    paper = decisions.ratifications(settings().read(), meeting_id)
    _print_paper(f"Ratification paper for {meeting_id}", meeting_id, paper.position, fmt,
                 output, {"md": lambda: ratifications_markdown(paper),
                          "html": lambda: ratifications_html(paper),
                          "json": lambda: _json_text(paper)})


@click.group()
def register() -> None:
    """Registers kept from the meetings: decisions, interests, attendance."""


def _period_options(f: F) -> F:
    f = click.option("--to", "to_text", metavar="DATE",
                     help="Meetings held on or before DATE (England time).")(f)
    return click.option("--from", "from_text", metavar="DATE",
                        help="Meetings held on or after DATE (England time).")(f)


def _format_option(f: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
                        callback=_json_format,
                        help="A text table (default), JSON, or CSV with a header row.")(f)


def _period(from_text: str | None, to_text: str | None
            ) -> tuple[datetime | None, datetime | None]:
    return (effective_from(from_text, "--from") if from_text else None,
            as_of(to_text, "--to") if to_text else None)


def _emit_register(fmt: str | None, model: BaseModel, text: Callable[[], str],
                   rows: Callable[[], Rows]) -> None:
    chosen = _format(fmt, "table")
    if chosen == "csv":
        click.echo(csv_text(*rows()), nl=False)
    else:
        emit(model, text)


@register.command("decisions")
@click.option("--body", metavar="BODY", help="Only decisions of BODY.")
@_period_options
@_format_option
@json_option
def register_decisions(body: str | None, from_text: str | None, to_text: str | None,
                       fmt: str | None) -> None:
    """The decision register (Openness of Local Government Bodies Regulations 2014): date,
    decision, reasons, alternatives considered, interests declared, decision maker."""
    start, end = _period(from_text, to_text)
    found = registers.decisions(settings().read(), body, start, end)
    _emit_register(fmt, found, lambda: decisions_text(found), lambda: decision_rows(found))


@register.command("interests")
@click.option("--body", metavar="BODY", help="Only declarations at meetings of BODY.")
@_period_options
@_format_option
@json_option
def register_interests(body: str | None, from_text: str | None, to_text: str | None,
                       fmt: str | None) -> None:
    """The interests register: every declaration of interest made at a meeting."""
    start, end = _period(from_text, to_text)
    found = registers.interests(settings().read(), body, start, end)
    _emit_register(fmt, found, lambda: interests_text(found), lambda: interest_rows(found))


@register.command("attendance")
@click.argument("body")
@_period_options
@_format_option
@json_option
def register_attendance(body: str, from_text: str | None, to_text: str | None,
                        fmt: str | None) -> None:
    """The attendance record of BODY: per seat, meetings held, present, present by deputy,
    apologies, absent without apologies."""
    start, end = _period(from_text, to_text)
    found = registers.attendance(settings().read(), body, start, end)
    _emit_register(fmt, found, lambda: attendance_text(found), lambda: attendance_rows(found))


COMMANDS = [report, register]
