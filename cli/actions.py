"""Action notes: actions agreed at a meeting, who owns them, when they are due and done."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from cli.context import on_option, parse_on, settings
from cli.listing import actions_text
from cli.render import emit, json_option, recorded
from ledger.when import effective_from, local_date


@click.group()
def action() -> None:
    """Actions agreed at meetings (action notes), carried to the next agenda until done."""


@action.command("add")
@click.argument("meeting_id", metavar="MEETING")
@click.argument("action_id", metavar="ACTION")
@click.option("--title", required=True, help="What is to be done, in a line.")
@click.option("--owner", required=True, metavar="PERSON", help="Who will do it.")
@click.option("--due", metavar="DATE", help="The ISO date it is due by.")
@click.option("--item", metavar="ITEM", help="The agenda item it arose from.")
@json_option
def action_add(meeting_id: str, action_id: str, title: str, owner: str, due: str | None,
               item: str | None) -> None:
    """Record ACTION agreed at MEETING (held; it may be closed, as action notes are
    written up after the meeting)."""
    due_on = local_date(effective_from(due, "--due")) if due is not None else None
    done = settings().ledger().add_action(meeting_id, action_id, title, owner, due_on, item)
    by = f", due {due_on.isoformat()}" if due_on else ""
    recorded(done, f"Action {action_id} agreed at {meeting_id} for {owner}{by}: {title}.")


@action.command("done")
@click.argument("action_id", metavar="ACTION")
@on_option
@json_option
def action_done(action_id: str, on: str | None) -> None:
    """Record that ACTION was done (on a date; default now)."""
    done = settings().ledger().complete_action(action_id, parse_on(on))
    recorded(done, f"Action {action_id} done.")


@action.command("list")
@click.option("--open", "open_only", is_flag=True, help="Only actions not yet done.")
@click.option("--body", metavar="BODY", help="Only actions agreed at meetings of BODY.")
@json_option
def action_list(open_only: bool, body: str | None) -> None:
    """Actions agreed at meetings, by due date: owner, meeting, whether done or overdue."""
    from projections import lists

    found = lists.actions(settings().read(), datetime.now(UTC), open_only, body)
    emit(found, lambda: actions_text(found))
