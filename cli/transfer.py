"""`lsp export` and `lsp import`: the ledger as JSON Lines, verified on the way in."""

from __future__ import annotations

import click

from cli.context import json_option, settings
from cli.render import emit
from ledger.transfer import export_with_root, import_into
from projections.catchup import ReadStore


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@json_option
def export_cmd(file: str) -> None:
    """Write every event to FILE as JSON Lines, in the ledger's order."""
    ledger = settings().ledger()
    try:
        report = export_with_root(ledger, file)
    finally:
        ledger.close()
    emit({"exported": True, "file": file, "events": report.events, "tree_size": report.events,
          "root": report.root},
         lambda: (f"Exported {report.events} events to {file}.\n"
                  f"  Merkle root of all {report.events}: {report.root}"))


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@json_option
def import_cmd(file: str) -> None:
    """Import an export into a new or empty --store, verifying every seal as it goes."""
    s = settings()
    report = import_into(s.store, s.actor, file)
    ledger = s.ledger()
    try:
        ReadStore(ledger).rebuild()
    finally:
        ledger.close()
    unsealed = (f"; the last {report.unsealed} are under no seal yet" if report.unsealed
                else "")
    emit({"imported": True, "store": report.store, "events": report.events,
          "seals": report.seals, "sealed": report.sealed, "unsealed": report.unsealed,
          "tree_size": report.events, "root": report.root},
         lambda: (f"Imported {report.events} events into {report.store}; "
                  f"{report.seals} seal(s) verified, covering {report.sealed} events"
                  f"{unsealed}.\n"
                  f"  Merkle root of all {report.events}: {report.root}"))


COMMANDS: list[click.Command] = [export_cmd, import_cmd]
