"""`lsp export` and `lsp import`: the ledger as JSON Lines, verified on the way in."""

from __future__ import annotations

import sys

import click

from cli.context import settings
from cli.progress import counter
from cli.render import emit, json_option
from ledger.audit.export import export_with_root
from ledger.audit.importing import import_into
from projections.catchup import ReadStore


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--force", is_flag=True,
              help="Write over FILE if it exists (never over the ledger itself).")
@json_option
def export_cmd(file: str, force: bool) -> None:
    """Write every event to FILE as JSON Lines, in the ledger's order."""
    ledger = settings().ledger()
    try:
        report = export_with_root(ledger, file, force=force)
    finally:
        ledger.close()
    emit({"exported": True, "file": file, "events": report.events, "tree_size": report.events,
          "root": report.root},
         lambda: (f"Exported {report.events} events to {file}.\n"
                  f"  Merkle root of all {report.events}: {report.root}"))


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--batch", type=click.IntRange(min=1), metavar="N",
              help="Write the events in transactions of N (after checking the whole file), "
                   "printing 'imported through position P' on stderr after each commit; "
                   "run again with --batch, an interrupted import resumes where it stopped.")
@json_option
def import_cmd(file: str, batch: int | None) -> None:
    """Import an export into a new or empty --store, verifying every seal as it goes."""
    s = settings()

    def resumed(position: int) -> None:
        click.echo(f"resumed after position {position}", err=True)

    def committed(position: int) -> None:
        click.echo(f"imported through position {position}", err=True)
        sys.stderr.flush()

    report = import_into(s.store, s.actor, file, batch=batch, on_resume=resumed,
                         on_commit=committed)
    ledger = s.ledger()
    try:
        with counter(report.events, "lsp import: read models") as bar:
            ReadStore(ledger).rebuild(bar.update if bar else None)
    finally:
        ledger.close()
    unsealed = (f"; the last {report.unsealed} are under no seal yet" if report.unsealed
                else "")
    doc = {"imported": True, "store": report.store, "events": report.events,
           "seals": report.seals, "sealed": report.sealed, "unsealed": report.unsealed,
           "tree_size": report.events, "root": report.root}
    batched = ""
    if batch is not None:
        doc.update(batch=batch, resumed_after=report.resumed_after, written=report.written)
        batched = _batched(report.events, report.resumed_after, batch)
    emit(doc,
         lambda: (f"Imported {report.events} events into {report.store}; "
                  f"{report.seals} seal(s) verified, covering {report.sealed} events"
                  f"{unsealed}.{batched}\n"
                  f"  Merkle root of all {report.events}: {report.root}"))


def _batched(events: int, resumed_after: int, batch: int) -> str:
    """The line `lsp import --batch` adds to its answer."""
    if resumed_after == events:
        return f"\n  The store held all {events} already: nothing was written."
    written = f"{events - resumed_after} written in transactions of up to {batch}."
    if not resumed_after:
        return f"\n  {written[0].upper()}{written[1:]}"
    return (f"\n  Resumed after position {resumed_after} (the store held the first "
            f"{resumed_after} already): {written}")
