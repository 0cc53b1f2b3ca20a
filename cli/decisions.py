"""Decisions between meetings: propose, approve, declare an interest, withdraw, report."""

from __future__ import annotations

import click

from cli.context import on_option, parse_on, settings
from cli.listing import decisions_list_text
from cli.render import emit, json_option, recorded
from cli.views import decision_text, pending_text
from ledger.decision import OUTCOMES, STATUSES
from ledger.meeting import NATURES
from projections import decisions, reported_up


@click.group()
def decision() -> None:
    """Decisions taken between meetings, and their report to the next meeting."""


def _taken(done: list[object]) -> str:
    return " It is taken: the agreement satisfies the terms." if any(
        getattr(r, "event", "") == "Taken" for r in done) else ""


@decision.command("propose")
@click.argument("body")
@click.argument("decision_id", metavar="DECISION")
@click.option("--title", required=True, help="What is to be decided, in a line.")
@click.option("--by", "by", required=True, metavar="SEAT", help="The proposing member's seat.")
@click.option("--deputy", is_flag=True,
              help="The seat's deputy proposes (where the terms let deputies act between "
                   "meetings).")
@click.option("--text", default="", help="The decision, in full (default: the title).")
@click.option("--reasons", default="", help="Why this decision.")
@click.option("--alternatives", default="", help="The alternatives considered.")
@click.option("--urgency", default="", help="Why it cannot wait for the next meeting.")
@click.option("--evidence", default="", metavar="TEXT",
              help="Recording another person's act: the evidence of it (\"e-mail of 3 "
                   "March 2026, 10:02\"). Needs the secretariat role (docs/permissions.md).")
@on_option
@json_option
def decision_propose(body: str, decision_id: str, title: str, by: str, deputy: bool,
                     text: str, reasons: str, alternatives: str, urgency: str,
                     evidence: str, on: str | None) -> None:
    """Propose DECISION for BODY between meetings."""
    done = settings().ledger().propose_decision(
        body, decision_id, title, by, as_deputy=deputy, text=text, reasons=reasons,
        alternatives=alternatives, urgency=urgency, evidence=evidence, on=parse_on(on))
    recorded(done, f"Decision {decision_id} proposed for {body} by seat {by}."
             + _taken(list(done)))


@decision.command("approve")
@click.argument("decision_id", metavar="DECISION")
@click.option("--by", "by", required=True, metavar="SEAT", help="The approving member's seat.")
@click.option("--deputy", is_flag=True, help="The seat's deputy approves.")
@click.option("--evidence", default="", metavar="TEXT",
              help="Recording another person's act: the evidence of it (\"e-mail of 3 "
                   "March 2026, 10:02\"). Needs the secretariat role (docs/permissions.md).")
@on_option
@json_option
def decision_approve(decision_id: str, by: str, deputy: bool, evidence: str,
                     on: str | None) -> None:
    """Approve DECISION; it is taken once the agreement satisfies the terms."""
    done = settings().ledger().approve_decision(decision_id, by, as_deputy=deputy,
                                                evidence=evidence, on=parse_on(on))
    recorded(done, f"Seat {by} approved decision {decision_id}." + _taken(list(done)))


@decision.command("declare")
@click.argument("decision_id", metavar="DECISION")
@click.argument("person")
@click.option("--nature", type=click.Choice(NATURES), required=True,
              help="personal or prejudicial.")
@click.option("--note", default="", help="What the interest is.")
@on_option
@json_option
def decision_declare(decision_id: str, person: str, nature: str, note: str,
                     on: str | None) -> None:
    """Record PERSON's declaration of an interest in DECISION."""
    done = settings().ledger().declare_decision_interest(decision_id, person, nature, note,
                                                         parse_on(on))
    recorded(done, f"{person} declared a {nature} interest in decision {decision_id}.")


@decision.command("withdraw")
@click.argument("decision_id", metavar="DECISION")
@click.option("--reason", required=True, help="Why the proposal is withdrawn.")
@on_option
@json_option
def decision_withdraw(decision_id: str, reason: str, on: str | None) -> None:
    """Withdraw a proposal that has not been taken."""
    done = settings().ledger().withdraw_decision(decision_id, reason, parse_on(on))
    recorded(done, f"Decision {decision_id} withdrawn.")


@decision.command("lapse")
@click.argument("decision_id", metavar="DECISION")
@click.option("--reason", required=True,
              help="Why it lapsed, e.g. the Executive met before it was taken.")
@on_option
@json_option
def decision_lapse(decision_id: str, reason: str, on: str | None) -> None:
    """Record that a proposal lapsed without being taken (the matter goes to a meeting)."""
    done = settings().ledger().lapse_decision(decision_id, reason, parse_on(on))
    recorded(done, f"Decision {decision_id} lapsed.")


@decision.command("report")
@click.argument("decision_id", metavar="DECISION")
@click.option("--meeting", required=True, help="The meeting it was reported to.")
@click.option("--outcome", type=click.Choice(OUTCOMES), required=True,
              help="What the meeting did with it (deferred: due at a later meeting).")
@click.option("--reason", default="", help="Why (required when rescinded).")
@json_option
def decision_report(decision_id: str, meeting: str, outcome: str, reason: str) -> None:
    """Record that DECISION was reported to MEETING, and the outcome. DECISION is a
    decision between meetings, or SOURCE-MEETING/ITEM: an item decided at a meeting of a
    body that reports its decisions to MEETING's body (the PSSB's, to each parent)."""
    ledger = settings().ledger()
    if "/" in decision_id:
        source, _, item = decision_id.partition("/")
        done = ledger.report_item(source, item, meeting, outcome, reason)
    else:
        done = ledger.report_decision(decision_id, meeting, outcome, reason)
    recorded(done, f"Decision {decision_id} reported to {meeting}: {outcome}.")


@decision.command("show")
@click.argument("decision_id", metavar="DECISION")
@json_option
def decision_show(decision_id: str) -> None:
    """Everything about DECISION: status (proposed, taken, reported or withdrawn), the
    text, reasons and alternatives, who proposed and approved it and when, the evidence it
    was taken on, interests declared, and where it is (or was) reported."""
    found = decisions.show(settings().read(), decision_id)
    emit(found, lambda: decision_text(found))


@decision.command("pending")
@click.argument("body")
@json_option
def decision_pending(body: str) -> None:
    """Decisions of BODY taken between meetings and not yet reported, each with the next
    open meeting it is due at and any closed meeting it missed."""
    found = reported_up.pending(settings().read(), body)
    emit(found, lambda: pending_text(found))


@decision.command("list")
@click.argument("body", required=False)
@click.option("--status", type=click.Choice(STATUSES),
              help="Only decisions with this status.")
@json_option
def decision_list(body: str | None, status: str | None) -> None:
    """Decisions between meetings (of BODY), in the order proposed: title, status, who
    proposed it, when taken, and the outcome once reported."""
    from projections import lists

    found = lists.decisions(settings().read(), body, status)
    emit(found, lambda: decisions_list_text(found))
