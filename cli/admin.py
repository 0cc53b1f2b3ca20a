"""Looking after the read models."""

from __future__ import annotations

import click

from cli.context import settings
from cli.progress import counter
from cli.render import emit, json_option


@click.group()
def projections() -> None:
    """The read models (rosters, audit trail), kept from the event log."""


@projections.command("rebuild")
@json_option
def projections_rebuild() -> None:
    """Drop the read models and replay every event into them."""
    store = settings().read()
    latest = store.ledger.recorder.max_notification_id() or 0
    with counter(latest, "lsp projections rebuild") as bar:
        count = store.rebuild(bar.update if bar else None)
    emit({"rebuilt": True, "events": count, "position": store.position()},
         lambda: f"Read models rebuilt from {count} events.")


@projections.command("status")
@json_option
def projections_status() -> None:
    """How far the read models have read the log."""
    store = settings().read()
    position = store.position()
    latest = store.ledger.recorder.max_notification_id() or 0
    emit({"position": position, "latest": latest, "behind": latest - position},
         lambda: f"Read models at event {position} of {latest}.")
