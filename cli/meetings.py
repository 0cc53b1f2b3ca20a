"""Meetings: scheduling, the agenda, attendance, interests, votes, decisions, quorum."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from cli.context import on_option, parse_on, settings
from cli.listing import meetings_text
from cli.render import emit, json_option, recorded
from cli.views import quorum_text
from ledger.meeting import CAPACITIES, ITEM_OUTCOMES, NATURES
from ledger.rules import CHOICES
from ledger.when import effective_from


@click.group()
def meeting() -> None:
    """Meetings of a body."""


@meeting.command("schedule")
@click.argument("body")
@click.argument("meeting_id", metavar="MEETING")
@click.option("--on", "on", required=True, metavar="DATE",
              help="When the meeting is held (ISO date or date-time, England time).")
@click.option("--venue", default="", metavar="TEXT",
              help="Where it is held, as the agenda and minutes print it.")
@json_option
def meeting_schedule(body: str, meeting_id: str, on: str, venue: str) -> None:
    """Schedule MEETING of BODY on a date (and at a venue)."""
    when = effective_from(on)
    done = settings().ledger().schedule_meeting(body, meeting_id, when, venue)
    at = f" at {venue.strip()}" if venue.strip() else ""
    recorded(done, f"Meeting {meeting_id} of {body} scheduled for {on}{at}.")


@meeting.command("reschedule")
@click.argument("meeting_id", metavar="MEETING")
@click.option("--on", "on", required=True, metavar="DATE",
              help="The new date (ISO date or date-time, England time), still to come.")
@click.option("--venue", default="", metavar="TEXT",
              help="The new venue (default: the venue stays).")
@json_option
def meeting_reschedule(meeting_id: str, on: str, venue: str) -> None:
    """Move MEETING, not yet held, to another date (and venue); a published agenda's
    notice is judged again against the new date."""
    when = effective_from(on)
    done = settings().ledger().reschedule_meeting(meeting_id, when, venue)
    at = f" at {venue.strip()}" if venue.strip() else ""
    recorded(done, f"Meeting {meeting_id} rescheduled to {on}{at}.")


@meeting.command("list")
@click.argument("body", required=False)
@json_option
def meeting_list(body: str | None) -> None:
    """The meetings (of BODY), in the order held: date and time, venue, state, items."""
    from projections import lists

    found = lists.meetings(settings().read(), body, datetime.now(UTC))
    emit(found, lambda: meetings_text(found))


@meeting.command("close")
@click.argument("meeting_id", metavar="MEETING")
@json_option
def meeting_close(meeting_id: str) -> None:
    """Close MEETING: from then on only corrections are accepted."""
    done = settings().ledger().close_meeting(meeting_id)
    recorded(done, f"Meeting {meeting_id} closed.")


@click.group()
def agenda() -> None:
    """A meeting's agenda."""


@agenda.command("add")
@click.argument("meeting_id", metavar="MEETING")
@click.argument("item")
@click.option("--title", required=True, help="What the item is about.")
@click.option("--proposer", metavar="SEAT", help="The seat that proposed the item.")
@click.option("--partner", metavar="ORG",
              help="The partner organisation, without a seat, that submitted the item, "
                   "where the terms let any partner (without_seat.partners_propose).")
@click.option("--minutes-of", "minutes_of", metavar="MEETING",
              help="The item approves the minutes of MEETING, an earlier meeting of the "
                   "same body (decide it as any item: `lsp decide ... --consensus`).")
@json_option
def agenda_add(meeting_id: str, item: str, title: str, proposer: str | None,
               partner: str | None, minutes_of: str | None) -> None:
    """Add ITEM to MEETING's agenda (with --minutes-of, the approval of an earlier
    meeting's minutes)."""
    done = settings().ledger().add_agenda_item(meeting_id, item, title, proposer, partner,
                                               minutes_of)
    recorded(done, f"Item {item} added to the agenda of {meeting_id}: {title}.")


@agenda.command("publish")
@click.argument("meeting_id", metavar="MEETING")
@on_option
@click.option("--urgent", metavar="REASON",
              help="Why it could not be published within the notice period.")
@json_option
def agenda_publish(meeting_id: str, on: str | None, urgent: str | None) -> None:
    """Publish MEETING's agenda; refused when later than the notice period allows,
    unless an urgency reason is recorded."""
    done = settings().ledger().publish_agenda(meeting_id, parse_on(on), urgent)
    recorded(done, f"Agenda of {meeting_id} published" + (f" (urgent: {urgent})." if urgent
                                                           else "."))


@click.command()
@click.argument("meeting_id", metavar="MEETING")
@click.argument("seat")
@click.option("--deputy", is_flag=True, help="The seat's nominated deputy attended.")
@json_option
def attend(meeting_id: str, seat: str, deputy: bool) -> None:
    """Record SEAT as present at MEETING (its holder, or with --deputy its deputy)."""
    done = settings().ledger().attend(meeting_id, seat, deputy)
    who = "its deputy" if deputy else "its holder"
    recorded(done, f"Seat {seat} present at {meeting_id} ({who}).")


@click.command()
@click.argument("meeting_id", metavar="MEETING")
@click.argument("seat")
@json_option
def apologies(meeting_id: str, seat: str) -> None:
    """Record apologies for SEAT at MEETING."""
    done = settings().ledger().send_apologies(meeting_id, seat)
    recorded(done, f"Apologies for seat {seat} at {meeting_id}.")


@click.command("in-attendance")
@click.argument("meeting_id", metavar="MEETING")
@click.argument("person")
@click.option("--capacity", type=click.Choice(CAPACITIES), required=True,
              help="Why they were there; they never count towards the quorum. partner and "
                   "invited only where the terms provide (without_seat).")
@click.option("--org", metavar="ORG",
              help="The organisation they came for (needed for a partner).")
@json_option
def in_attendance(meeting_id: str, person: str, capacity: str, org: str | None) -> None:
    """Record PERSON as in attendance at MEETING (an officer, observer, presenter, a
    partner without a seat, an invitee...): no seat, no vote, not in the quorum."""
    done = settings().ledger().note_in_attendance(meeting_id, person, capacity, org)
    recorded(done, f"{person} in attendance at {meeting_id} ({capacity}).")


@click.group()
def interest() -> None:
    """Declarations of interest."""


@interest.command("declare")
@click.argument("meeting_id", metavar="MEETING")
@click.argument("item")
@click.argument("person")
@click.option("--nature", type=click.Choice(NATURES), required=True,
              help="personal, or prejudicial (which excludes the seat from the item where "
                   "the terms say so).")
@click.option("--note", default="", help="What the interest is.")
@click.option("--left-room", is_flag=True, help="They left the room for the item.")
@json_option
def interest_declare(meeting_id: str, item: str, person: str, nature: str, note: str,
                     left_room: bool) -> None:
    """Record PERSON's declaration of an interest in ITEM at MEETING."""
    done = settings().ledger().declare_interest(meeting_id, item, person, nature, note,
                                                left_room)
    recorded(done, f"{person} declared a {nature} interest in {item}.")


@click.group()
def vote() -> None:
    """Votes on an item."""


@vote.command("cast")
@click.argument("meeting_id", metavar="MEETING")
@click.argument("item")
@click.argument("seat")
@click.argument("choice", metavar="for|against|abstain", type=click.Choice(CHOICES))
@click.option("--evidence", default="", metavar="TEXT",
              help="Recording another person's act: the evidence of it (\"e-mail of 3 "
                   "March 2026, 10:02\"). Needs the secretariat role (docs/permissions.md).")
@json_option
def vote_cast(meeting_id: str, item: str, seat: str, choice: str, evidence: str) -> None:
    """Record SEAT's vote on ITEM."""
    done = settings().ledger().cast_vote(meeting_id, item, seat, choice, evidence=evidence)
    recorded(done, f"Seat {seat} voted {choice} on {item}.")


@vote.command("close")
@click.argument("meeting_id", metavar="MEETING")
@click.argument("item")
@click.option("--casting", type=click.Choice(["for", "against"]),
              help="The chair's casting vote, on a tie, where the terms give one.")
@click.option("--alternatives", default="", metavar="TEXT",
              help="The alternative options considered and rejected.")
@click.option("--resolution", default="", metavar="TEXT",
              help="What the motion put to the vote resolved, in words, as the minutes "
                   "print it (\"that the bid be supported\").")
@json_option
def vote_close(meeting_id: str, item: str, casting: str | None, alternatives: str,
               resolution: str) -> None:
    """Close the vote on ITEM: outcome carried, lost or tied (a tie falls)."""
    ledger = settings().ledger()
    done = ledger.close_vote(meeting_id, item, casting, alternatives, resolution)
    outcome = ledger.meeting_state(meeting_id).state.item(item).outcome or {}
    recorded(done, f"Vote on {item} closed: {outcome.get('result')}. {outcome.get('reason')}.")


@click.command()
@click.argument("meeting_id", metavar="MEETING")
@click.argument("item")
@click.option("--consensus", required=True, metavar="TEXT",
              help="What was resolved, in words.")
@click.option("--outcome", type=click.Choice(ITEM_OUTCOMES), default="agreed",
              show_default=True, help="How the item ended: agreed, noted, endorsed, "
              "referred (to another body, --to) or deferred.")
@click.option("--to", "to", metavar="BODY", help="The body a referred item goes to.")
@click.option("--alternatives", default="", metavar="TEXT",
              help="The alternative options considered and rejected.")
@json_option
def decide(meeting_id: str, item: str, consensus: str, outcome: str, to: str | None,
           alternatives: str) -> None:
    """Record how ITEM ended without a vote: agreed by consensus, noted, endorsed,
    referred to another body, or deferred."""
    done = settings().ledger().decide_by_consensus(meeting_id, item, consensus, alternatives,
                                                  outcome, to)
    how = {"agreed": "decided by consensus", "referred": f"referred to {to}"}.get(
        outcome, outcome)
    recorded(done, f"Item {item} {how}.")


@click.command()
@click.argument("meeting_id", metavar="MEETING")
@click.option("--item", help="The quorum for one item, after exclusions for interests.")
@json_option
def quorum(meeting_id: str, item: str | None) -> None:
    """Is MEETING (or ITEM) quorate? With the reason in words."""
    count = settings().ledger().quorum(meeting_id, item)
    doc = {"meeting": meeting_id, "item": item, "quorate": count.quorate,
           "present_voting": count.present_voting, "excluded": count.excluded,
           "required": count.required, "clause": count.clause, "reason": count.reason}
    emit(doc, lambda: quorum_text(count))
