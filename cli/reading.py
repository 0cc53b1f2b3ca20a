"""Reading the ledger: rosters (and the roster to and from the council's spreadsheet), the
audit trail and compliance checks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from cli import roster_csv
from cli.context import on_option, parse_as_of, parse_on, settings
from cli.render import emit, emit_as, format_options, json_option
from cli.views import audit_text, check_text, roster_text
from ledger.app import Ledger
from ledger.errors import InvalidInput
from ledger.terms import is_slug
from ledger.when import effective_from
from projections import queries, warnings


class BodyFirst(click.Group):
    """`lsp roster`: a group whose first word, when it names none of its commands, is the
    BODY of its hidden `show` command, so `lsp roster BODY [OPTIONS]` reads as it always
    has beside `lsp roster import` and `lsp roster export` (`lsp roster show BODY` is the
    same read, for a body whose id is `import` or `export`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "BODY [OPTIONS] | COMMAND [ARGS]...")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options of `lsp roster BODY` first, then the group's own and its commands."""
        show = self.commands["show"]
        rows = [r for p in show.params if isinstance(p, click.Option)
                and (r := p.get_help_record(ctx))]
        with formatter.section(f"Options of {ctx.command_path} BODY"):
            formatter.write_dl(rows)
        super().format_options(ctx, formatter)


@click.group(cls=BodyFirst)
def roster() -> None:
    """Print the roster of BODY: seats, holders, deputies and roles."""


@roster.command("show", hidden=True)
@click.argument("body")
@click.option("--as-of", "as_of_text", metavar="DATE",
              help="Who sat on BODY on DATE (effective time; default now).")
@click.option("--known-at", "known_at_text", metavar="DATETIME",
              help="As the ledger knew it at DATETIME (recorded time).")
@json_option
def roster_show(body: str, as_of_text: str | None, known_at_text: str | None) -> None:
    """Print the roster of BODY: seats, holders, deputies and roles."""
    when = parse_as_of(as_of_text) or datetime.now(UTC)
    known = parse_as_of(known_at_text, "--known-at")
    view = queries.roster(settings().read(), body, when, known)
    emit(view, lambda: roster_text(view))


@roster.command("export")
@click.argument("body")
@click.option("--as-of", "as_of_text", metavar="DATE",
              help="The roster on DATE (effective time; default now).")
@format_options("csv", "json", output=True)
def roster_export(body: str, as_of_text: str | None, fmt: str | None,
                  output: str | None) -> None:
    """Write the roster of BODY as the council's spreadsheet (CSV), one row a seat."""
    when = parse_as_of(as_of_text) or datetime.now(UTC)
    view = queries.roster(settings().read(), body, when)
    emit_as(fmt, view, {"csv": lambda: roster_csv.export_text(view, when)}, output=output,
            about={"body": body, "seats": len(view.seats)}, what=f"The roster of {body}")


@roster.command("import")
@click.argument("body")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@on_option
@json_option
def roster_import(body: str, file: str, on: str | None) -> None:
    """Set up BODY's seats from a CSV file: every row judged first, all recorded or none."""
    rows = roster_csv.read_file(file)
    s = settings()
    done = roster_csv.run_import(s.ledger(), body, rows, parse_on(on))
    counts = roster_csv.summary(done)
    message = roster_csv.summary_text(done)
    events = [{"position": r.position, "entity": r.entity, "event": r.event}
              for r in done.recorded]
    doc: dict[str, Any] = {"recorded": bool(events), "message": message, **counts,
                           "events": events}
    text = message
    if events:
        text += (f"\n  recorded as #{events[0]['position']} to #{events[-1]['position']} "
                 f"({len(events)} events)")
    else:
        text += "\n  nothing to record: the roster already stands as the file says"
    if s.seal and events:
        from ledger.audit import sealing  # (and cryptography): for commands that write

        info = sealing.seal(s.ledger(), s.seal_key)
        doc["seal"] = {"tree_size": info.tree_size, "root": info.root,
                       "position": info.position}
        text += f"\n  sealed: {info.tree_size} events, root {info.root[:16]}..."
    emit(doc, lambda: text)


@click.command()
@click.option("--entity", metavar="KIND:SLUG",
              help="Only this entity's events, e.g. body:executive or person:jane-doe (or a "
                   "bare slug that names one entity).")
@click.option("--kind", "kinds", metavar="KIND", multiple=True,
              help="Only events of this kind: a kind of entity (meeting, decision, body...) "
                   "or of event (SeatFilled...). Repeat for several.")
@click.option("--from", "from_text", metavar="DATE",
              help="Only events effective on or after DATE.")
@click.option("--to", "to_text", metavar="DATE",
              help="Only events effective on or before DATE (a bare date: to its end).")
@click.option("--seals", is_flag=True,
              help="Show the seals too (one follows every write; left out unless asked).")
@json_option
def audit(entity: str | None, kinds: tuple[str, ...], from_text: str | None,
          to_text: str | None, seals: bool) -> None:
    """Every event, with recorded time, effective time, who recorded it and what changed."""
    parsed: tuple[str | None, str] | None = None
    if entity is not None:
        # A bare slug names the one entity of that slug (CONTRACT.md: --entity ID).
        parsed = ((None, entity) if ":" not in entity and is_slug(entity)
                  else Ledger.parse_entity(entity))
    only = queries.AuditFilter(kinds=kinds, start=(effective_from(from_text, "--from")
                                                    if from_text is not None else None),
                               end=parse_as_of(to_text, "--to"), seals=seals)
    if only.start and only.end and only.end < only.start:
        raise InvalidInput(f"--to {to_text} is before --from {from_text}: give a --to on or "
                           "after the --from", remedy="input:to-date")
    trail = queries.audit(settings().read(), parsed, only)
    emit(trail, lambda: audit_text(trail))


@click.command()
@click.option("--as-of", "as_of_text", metavar="DATE", help="Check as of DATE (default now).")
@json_option
def check(as_of_text: str | None) -> None:
    """Compliance warnings: terms ending, reviews due, composition short."""
    when = parse_as_of(as_of_text) or datetime.now(UTC)
    report = warnings.check(settings().read(), when)
    emit(report, lambda: check_text(report))
