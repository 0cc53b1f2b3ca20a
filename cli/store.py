"""`lsp store init-postgres`: set up a PostgreSQL store and its writer role (docs/deploy.md);
`lsp store repair-guards`: put missing append-only guards back, on the record
(`ledger.audit.repairing`).

The statements come from `ledger.store.deploy.plan`; the read models' tables from
`projections.catchup`, which `ledger/` may not import.
"""

from __future__ import annotations

import click

from cli.context import settings
from cli.render import emit, json_option, recorded
from ledger.audit import repairing
from ledger.errors import InvalidInput
from ledger.store import deploy
from ledger.store.seam import EVENTS_TABLE, Store
from projections.catchup import SCHEMA, TABLES


@click.group("store")
def store_group() -> None:
    """Setting up where a ledger lives (PostgreSQL: docs/deploy.md)."""


def postgres_plan(store_text: str, writer: str, password: str | None) -> deploy.Plan:
    store = Store.parse(store_text)
    if not store.is_postgres:
        raise InvalidInput(deploy.not_postgres(store))
    return deploy.plan(store, SCHEMA, TABLES, writer=writer, password=password)


@store_group.command("init-postgres")
@click.option("--writer", default=deploy.WRITER, show_default=True, metavar="ROLE",
              help="The role secretariats record as: it may read and append events, never "
                   "change or delete them. Created if missing.")
@click.option("--password", envvar="LSP_WRITER_PASSWORD", metavar="TEXT",
              help="Set the writer's password (env LSP_WRITER_PASSWORD); sent and printed "
                   "only as a SCRAM-SHA-256 verifier. Default: leave it as it is.")
@click.option("--print-sql", is_flag=True,
              help="Print the SQL instead of running it, for a DBA to review and run.")
@json_option
def init_postgres(writer: str, password: str | None, print_sql: bool) -> None:
    """Create a PostgreSQL store's tables, guards and writer role (run as its owner)."""
    plan = postgres_plan(settings().store, writer, password)
    if print_sql:
        script = plan.script()
        emit({"sql": script, "schema": plan.store.schema, "writer": plan.writer},
             lambda: script.rstrip("\n"))
        return
    done = deploy.apply(plan)
    created = "created" if done.writer_created else "already there"
    emit(done.as_dict(), lambda: "\n".join([
        f"PostgreSQL store {done.store} is set up.",
        f"  events: {EVENTS_TABLE}, owned by {done.store.user}; append-only guards "
        f"{', '.join(done.guards)}",
        f"  read models: {', '.join(done.read_models)}, owned by {done.writer}",
        f"  writer: {done.writer} ({created}"
        + ("; password set" if done.password_set else "") + "): may read and append "
        "events, never change, delete or truncate them",
        f"  next, as {done.store.user}: lsp --store {done.store} init NAME --terms FILE",
        f"  then record as the writer: lsp --store {done.writer_store} ...",
    ]))


@store_group.command("repair-guards")
@click.option("--reason", metavar="TEXT",
              help="Why the guards are put back (recorded with the repair).")
@json_option
def repair_guards(reason: str | None) -> None:
    """Put back missing append-only guards, recording who did and when."""
    ledger = settings().ledger()
    done = repairing.repair(ledger, reason)
    if not done.repaired:
        emit({"recorded": False, "repaired": [], "message": "every guard is in place"},
             lambda: "Every append-only guard is in place: nothing to repair, nothing "
                     "recorded.")
        return
    recorded(done.recorded, f"Put back the append-only guards {', '.join(done.repaired)} "
                            f"(recorded as done by {done.actor}). Run `lsp verify`: whoever "
                            "removed them may have changed events.")
