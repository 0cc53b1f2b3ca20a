"""`lsp doctor`: the store's health, read without writing (`ledger.store.doctor`).

Exit 0 when the store is healthy or has only warnings (they are listed, each with what to
do); with `--strict`, exit 1 when there is any warning, after printing the same report.
A store that is not there, or cannot be reached, is refused as by any command (exit 1).
"""

from __future__ import annotations

import contextlib
import io

import click

from cli.context import settings
from cli.render import emit, json_option
from ledger.audit.sealing import latest_seal
from ledger.store.doctor import Opened, examine
from ledger.store.health import Report, RoleRights
from ledger.store.seam import Store


def _role(r: RoleRights) -> str:
    held = (["INSERT"] if r.insert else []) + r.changes
    lacking = [c for c in ("UPDATE", "DELETE", "TRUNCATE") if c not in r.changes]
    rights = ", ".join(held) if held else "read only"
    if lacking:
        rights += f" (not {', '.join(lacking)})"
    lock = "" if not r.insert else ("; may take the writers' lock" if r.lock
                                     else "; may NOT take the writers' lock")
    return (f"{r.role}{' (superuser)' if r.superuser else ''}: on stored_events {rights}"
            f"{lock}")


def _text(report: Report) -> str:
    store = report.store
    kind = "PostgreSQL" if store.is_postgres else "SQLite file"
    durability = ", ".join(f"{k} {'not read' if v is None else v}"
                           for k, v in report.durability.as_dict().items())
    if report.read_position is None:
        models = f"not created yet ({report.latest} events to read at the first query)"
    else:
        models = (f"at position {report.read_position} of {report.latest}"
                  + (f" ({report.behind} behind)" if report.behind > 0 else " (up to date)"))
    if not report.opened:
        seal = "not read"
    elif report.seal is None:
        seal = "none"
    else:
        s = report.seal
        seal = (f"tree_size {s.tree_size} at position {s.position}, "
                + (f"signed by key {s.key_id}" if s.signed else "unsigned")
                + f"; {s.recorded_since} events recorded since")
    guards = (f"{len(report.guards_present)} of {len(report.guards_expected)}"
              + (f" ({', '.join(report.guards_present)})" if report.guards_present else ""))
    lines = [
        f"Store: {kind} {store}",
        f"Durability: {durability}",
        f"Events: {report.events} (latest position {report.latest})",
        f"Read models: {models}",
        f"Latest seal: {seal}",
        f"Append-only guards: {guards}",
    ]
    if report.role is not None:
        lines.append(f"Role: {_role(report.role)}")
    lines.append(f"Storage: {report.as_dict()['storage']['integrity_check']} (PRAGMA "
                 "integrity_check)" if report.storage is not None
                 else "Storage: no integrity check on this store")
    if report.drift is not None:
        lines.append("Read models checked against the log: "
                     + (f"{len(report.drift)} rows differ" if report.drift else "no drift"))
    lines += [f"Note: {n}" for n in report.notes]
    if report.healthy:
        lines.append("Healthy: no warnings.")
    else:
        lines.append(f"Warnings ({len(report.warnings)}):")
        for w in report.warnings:
            lines += [f"  {w.code}: {w.message}", f"    do: {w.action}"]
    return "\n".join(lines)


@click.command()
@click.option("--strict", is_flag=True,
              help="Exit 1 when there is any warning (default: exit 0, warnings listed).")
@json_option
@click.pass_context
def doctor(ctx: click.Context, strict: bool) -> None:
    """Check the store's safety (durability, guards, seals, read models); writes nothing."""
    s = settings()

    def opened() -> Opened:
        with contextlib.redirect_stderr(io.StringIO()):  # missing guards: in the report
            ledger = s.ledger()
        def drift() -> list[tuple[str, str, str]]:
            from projections.drift import check  # why: only the doctor of a ledger needs it

            return [(d.table, d.entity, d.problem) for d in check(ledger).drift]

        return Opened(ledger.recorder, lambda: latest_seal(ledger), drift)

    report = examine(Store.parse(s.store), opened)
    emit(report.as_dict(), lambda: _text(report))
    if strict and not report.healthy:
        codes = ", ".join(w.code for w in report.warnings)
        click.echo(f"Error: {len(report.warnings)} warning(s) under --strict: {codes}",
                   err=True)
        ctx.exit(1)
