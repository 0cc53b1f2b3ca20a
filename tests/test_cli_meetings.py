"""The meeting commands of `lsp` as a secretariat meets them, on the Daventry terms.

Every test runs the real click group through the `lsp` fixture and asserts the exit code,
stdout and stderr separately: 0 done, with what was recorded; 1 refused, with `Error: `
and (for a rule of the terms) the rule and its clause on stderr, a JSON error document on
stdout under --json, and nothing recorded; 2 usage error. The Daventry Executive needs
three voting members present (clause 4.5), decides by a majority of votes cast with the
chair's casting vote (4.3), wants its agenda ten days before the meeting (4.7), lets
each member organisation name a deputy (3.2) and asks for declarations of personal
interests (6.4). "Now" is frozen with freezegun wherever it matters: the set-up is
recorded on 20 May 2026, before the meeting of 10 June 2026 at 18:30.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.meeting import Meeting
from tests.helpers import Lsp, done, json_of, recorded_json, run_lines, stored_events
from tests.stories import DAVENTRY_TERMS

MEETING = "exec-2026-06"
CLOSED = (f"Error: meeting '{MEETING}' is closed: only corrections are accepted "
          f"(lsp correct meeting:{MEETING} VERSION)\n")

# Four voting seats (Police, three for the District Council under 4.1) and a non-voting
# seat; the police seat holds the chair and has a nominated deputy, the others have none.
# The meeting is scheduled with two items; its events are 1 Scheduled, 2 and 3 ItemAdded.
SETUP = """
init "Daventry District LSP" --terms {terms} --on 2026-04-01
org add northants-police --name "Northamptonshire Police"
org add daventry-dc --name "Daventry District Council"
org add daventry-town-fc --name "Daventry Town FC"
person add supt-kate-moss --name "Supt Kate Moss"
person add insp-lee-chan --name "Insp Lee Chan"
person add cllr-amy-hart --name "Cllr Amy Hart"
person add cllr-ben-osei --name "Cllr Ben Osei"
person add jo-bell --name "Jo Bell"
person add fc-secretary --name "Pat Green"
person add sam-reed --name "Sam Reed"
seat add executive police --org northants-police --on 2026-04-01
seat add executive ddc-member-1 --org daventry-dc --on 2026-04-01
seat add executive ddc-member-2 --org daventry-dc --on 2026-04-01
seat add executive ddc-officer --org daventry-dc --on 2026-04-01
seat add executive town-fc --org daventry-town-fc --non-voting --on 2026-04-01
seat fill executive police supt-kate-moss --on 2026-04-01
seat fill executive ddc-member-1 cllr-amy-hart --on 2026-04-01
seat fill executive ddc-member-2 cllr-ben-osei --on 2026-04-01
seat fill executive ddc-officer jo-bell --on 2026-04-01
seat fill executive town-fc fc-secretary --on 2026-04-01
role assign executive chair police --on 2026-04-15
deputy nominate executive police insp-lee-chan --on 2026-04-20
meeting schedule executive exec-2026-06 --on 2026-06-10T18:30
agenda add exec-2026-06 community-safety --title "Community Safety Plan 2026-27" --proposer police
agenda add exec-2026-06 forum-report --title "Report of the Health and Wellbeing Forum"
"""

# Three of the four voting seats present, in person: exactly the quorum of 4.5.
QUORATE = """
attend exec-2026-06 police
attend exec-2026-06 ddc-member-1
attend exec-2026-06 ddc-member-2
"""

# The vote on the Community Safety Plan (event 7), its close (8) and the meeting's (9).
DECIDED_AND_CLOSED = """vote cast exec-2026-06 community-safety police for
vote close exec-2026-06 community-safety
meeting close exec-2026-06
"""

REQUEST = "membership request executive daventry-town-fc town-fc-2026 --on 2026-05-01"


@pytest.fixture
def scheduled(kept_commands: Callable[..., str]) -> str:
    return kept_commands("cli_meetings.scheduled",  # at 09:00 in England
                         SETUP.format(terms=shlex.quote(DAVENTRY_TERMS)), "2026-05-20 08:00:00")


@pytest.fixture
def quorate(lsp: Lsp, scheduled: str) -> str:
    run_lines(lsp, QUORATE)
    return scheduled


def read_meeting(store: str, slug: str = MEETING) -> Meeting:
    """The meeting as the ledger holds it (opened afresh, as another process would)."""
    ledger = Ledger(store, "reader")
    try:
        return ledger.meeting_state(slug)
    finally:
        ledger.close()


# --------------------------------------------------------------------------------------

def test_meeting_schedule_records_the_meeting_of_the_body(lsp: Lsp, scheduled: str) -> None:
    # Given the Daventry ledger
    before = stored_events(scheduled)
    # When a July meeting of the Executive is scheduled, as text, and another as JSON
    text = lsp("meeting", "schedule", "executive", "exec-2026-07", "--on", "2026-07-08T18:30")
    doc = recorded_json(lsp("meeting", "schedule", "executive", "exec-2026-09",
                            "--on", "2026-09-09", "--json"), before + 1, scheduled)
    # Then each says what was scheduled and when, and the meeting exists, with no one yet
    done(text, "Meeting exec-2026-07 of executive scheduled for 2026-07-08T18:30.",
         "Scheduled")
    assert doc["message"] == "Meeting exec-2026-09 of executive scheduled for 2026-09-09."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        ("meeting:exec-2026-09", "Scheduled")]
    meeting = read_meeting(scheduled, "exec-2026-07")
    assert (meeting.state.body, meeting.state.terms_version) == ("executive", 1)
    assert meeting.state.when is not None
    assert meeting.state.when.isoformat() == "2026-07-08T17:30:00+00:00"
    empty = lsp("quorum", "exec-2026-07")
    assert (empty.exit_code, empty.stderr) == (0, "")
    assert empty.stdout == "Not quorate: 0 voting members present; clause 4.5 requires 3.\n"


# --------------------------------------------------------------------------------------
# agenda add, agenda publish
# --------------------------------------------------------------------------------------

def test_agenda_add_records_the_item_its_title_and_proposer(lsp: Lsp, scheduled: str) -> None:
    # Given the June meeting with two items
    before = stored_events(scheduled)
    # When a third is added by the District Council's officer, and a fourth as JSON
    text = lsp("agenda", "add", MEETING, "budget", "--title", "Budget 2026-27",
               "--proposer", "ddc-officer")
    doc = recorded_json(lsp("agenda", "add", MEETING, "aob", "--title", "Any other business",
                            "--json"), before + 1, scheduled)
    # Then each is on the agenda, in order, with its title and proposer
    done(text, f"Item budget added to the agenda of {MEETING}: Budget 2026-27.", "ItemAdded")
    assert doc["message"] == f"Item aob added to the agenda of {MEETING}: Any other business."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        (f"meeting:{MEETING}", "ItemAdded")]
    items = read_meeting(scheduled).state.items
    assert list(items) == ["community-safety", "forum-report", "budget", "aob"]
    assert (items["budget"].title, items["budget"].proposer) == ("Budget 2026-27",
                                                                 "ddc-officer")
    assert items["community-safety"].proposer == "police"
    assert items["aob"].proposer is None


@pytest.mark.parametrize(("on", "days"), [("2026-05-29", 12), ("2026-05-31T23:59", 10)])
def test_agenda_publish_within_the_notice_period_is_recorded(
        lsp: Lsp, scheduled: str, on: str, days: int) -> None:
    # Given the June meeting (10 June) and the Executive's notice of 10 days (4.7)
    # When its agenda is published on or before the last day the notice allows
    result = lsp("agenda", "publish", MEETING, "--on", on)
    # Then it is recorded, with how many days before the meeting and the clause
    done(result, f"Agenda of {MEETING} published.", "Published")
    published = read_meeting(scheduled).state.published
    assert published is not None
    assert (published["days_before"], published["notice_days"]) == (days, 10)
    assert (published["clause"], published["urgent"]) == ("4.7", None)


def test_agenda_publish_defaults_to_now(lsp: Lsp, scheduled: str) -> None:
    # Given the June meeting
    # When its agenda is published without --on, on 29 May at 10:00 in England
    with freeze_time("2026-05-29 09:00:00"):
        result = lsp("agenda", "publish", MEETING, "--json")
    # Then it is published then: 12 days before the meeting
    doc = json_of(result)
    assert doc["message"] == f"Agenda of {MEETING} published."
    published = read_meeting(scheduled).state.published
    assert published is not None
    assert published["when"].isoformat() == "2026-05-29T09:00:00+00:00"
    assert published["days_before"] == 12


def test_agenda_publish_late_without_urgency_is_refused_now(lsp: Lsp, scheduled: str) -> None:
    # Given the June meeting, and now 1 June, nine days before it
    before = stored_events(scheduled)
    with freeze_time("2026-06-01 09:00:00"):
        # When its agenda is published now without a reason
        text = lsp("agenda", "publish", MEETING)
        as_json = lsp("agenda", "publish", MEETING, "--json")
    # Then it is refused by the notice rule of 4.7, and nothing is recorded
    assert text.exit_code == 1
    assert text.stdout == ""
    assert text.stderr == (
        "Error: refused by rule 'agenda-notice' (clause 4.7, terms version 1): the agenda of "
        "LSP Executive is published at least 10 days before the meeting, and this is 9 "
        "day(s) before; record why it is urgent to publish it late (--urgent REASON)\n")
    assert as_json.exit_code == 1
    doc = json.loads(as_json.stdout)
    assert (doc["error"], doc["rule"], doc["clause"]) == ("RuleBroken", "agenda-notice", "4.7")
    assert as_json.stderr == f"Error: {doc['message']}\n"
    assert stored_events(scheduled) == before


def test_agenda_publish_late_with_an_urgency_reason_is_recorded(
        lsp: Lsp, scheduled: str) -> None:
    # Given the June meeting, and now 1 June, nine days before it
    with freeze_time("2026-06-01 09:00:00"):
        # When its agenda is published now, with the reason it is late
        result = lsp("agenda", "publish", MEETING, "--urgent", "Police budget deadline")
    # Then it is published, and the reason stays on the record
    done(result, f"Agenda of {MEETING} published (urgent: Police budget deadline).",
         "Published")
    published = read_meeting(scheduled).state.published
    assert published is not None
    assert (published["days_before"], published["urgent"]) == (9, "Police budget deadline")


# --------------------------------------------------------------------------------------
# attend, apologies, in-attendance, quorum
# --------------------------------------------------------------------------------------

def test_attend_records_the_holder_or_the_nominated_deputy(lsp: Lsp, scheduled: str) -> None:
    # Given the June meeting
    before = stored_events(scheduled)
    # When the police seat is attended by its deputy, and a Council seat by its holder
    deputy = lsp("attend", MEETING, "police", "--deputy")
    doc = recorded_json(lsp("attend", MEETING, "ddc-member-1", "--json"), before + 1,
                        scheduled)
    # Then each says who sat in the seat, and the ledger records the person
    done(deputy, f"Seat police present at {MEETING} (its deputy).", "Attended")
    assert doc["message"] == f"Seat ddc-member-1 present at {MEETING} (its holder)."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        (f"meeting:{MEETING}", "Attended")]
    present = read_meeting(scheduled).state.present
    assert present == {"police": {"person": "insp-lee-chan", "deputy": True},
                       "ddc-member-1": {"person": "cllr-amy-hart", "deputy": False}}


def test_quorum_counts_the_voting_seats_present(lsp: Lsp, scheduled: str) -> None:
    # Given two voting seats present, the second by its deputy, and the non-voting seat
    run_lines(lsp, """
        attend exec-2026-06 ddc-member-1
        attend exec-2026-06 police --deputy
        attend exec-2026-06 town-fc
    """)
    before = stored_events(scheduled)
    # When the quorum is asked for, then again once a third voting seat attends
    short = lsp("quorum", MEETING)
    short_json = json_of(lsp("quorum", MEETING, "--json"))
    run_lines(lsp, "attend exec-2026-06 ddc-member-2")
    enough = lsp("quorum", MEETING)
    enough_json = json_of(lsp("quorum", MEETING, "--json"))
    # Then two are not enough for 4.5 and three are; the non-voting seat never counts
    assert (short.exit_code, short.stderr) == (0, "")
    assert short.stdout == "Not quorate: 2 voting members present; clause 4.5 requires 3.\n"
    assert short_json == {"meeting": MEETING, "item": None, "quorate": False,
                          "present_voting": 2, "excluded": 0, "required": 3, "clause": "4.5",
                          "reason": "2 voting members present; clause 4.5 requires 3"}
    assert (enough.exit_code, enough.stderr) == (0, "")
    assert enough.stdout == "Quorate: 3 voting members present; clause 4.5 requires 3.\n"
    assert enough_json == {"meeting": MEETING, "item": None, "quorate": True,
                           "present_voting": 3, "excluded": 0, "required": 3, "clause": "4.5",
                           "reason": "3 voting members present; clause 4.5 requires 3"}
    # And asking records nothing
    assert stored_events(scheduled) == before + 1


def test_quorum_of_an_item_after_a_prejudicial_interest_in_daventry(
        lsp: Lsp, quorate: str) -> None:
    # Given a quorate meeting, and a member declaring a prejudicial interest in an item
    run_lines(lsp, "interest declare exec-2026-06 community-safety cllr-amy-hart "
                   "--nature prejudicial --note 'Her husband bids for the contract'")
    # When the quorum of that item is asked for
    result = json_of(lsp("quorum", MEETING, "--item", "community-safety", "--json"))
    # Then Daventry 6.4 excludes no one, so the item stays quorate with all three
    assert result == {"meeting": MEETING, "item": "community-safety", "quorate": True,
                      "present_voting": 3, "excluded": 0, "required": 3, "clause": "4.5",
                      "reason": "3 voting members present; clause 4.5 requires 3"}


def test_apologies_are_recorded_and_never_count(lsp: Lsp, scheduled: str) -> None:
    # Given two voting seats present
    run_lines(lsp, "attend exec-2026-06 police\nattend exec-2026-06 ddc-member-1")
    before = stored_events(scheduled)
    # When the Council's officer and a member send apologies
    text = lsp("apologies", MEETING, "ddc-officer")
    doc = recorded_json(lsp("apologies", MEETING, "ddc-member-2", "--json"), before + 1,
                        scheduled)
    quorum = lsp("quorum", MEETING)
    # Then they are recorded against the seat and its holder, and the meeting stays short
    done(text, f"Apologies for seat ddc-officer at {MEETING}.", "Apologies")
    assert doc["message"] == f"Apologies for seat ddc-member-2 at {MEETING}."
    assert read_meeting(scheduled).state.apologies == {"ddc-officer": "jo-bell",
                                                       "ddc-member-2": "cllr-ben-osei"}
    assert quorum.stdout == "Not quorate: 2 voting members present; clause 4.5 requires 3.\n"


def test_attending_after_apologies_replaces_them(lsp: Lsp, scheduled: str) -> None:
    # Given apologies for a seat
    run_lines(lsp, "apologies exec-2026-06 ddc-member-2")
    # When its holder turns up after all
    result = lsp("attend", MEETING, "ddc-member-2")
    # Then the seat is present and no longer among the apologies
    done(result, f"Seat ddc-member-2 present at {MEETING} (its holder).", "Attended")
    state = read_meeting(scheduled).state
    assert set(state.present) == {"ddc-member-2"}
    assert state.apologies == {}


def test_in_attendance_is_recorded_and_never_counts(lsp: Lsp, scheduled: str) -> None:
    # Given two voting seats present
    run_lines(lsp, "attend exec-2026-06 police\nattend exec-2026-06 ddc-member-1")
    before = stored_events(scheduled)
    # When an officer presenting an item, and a member without a seat, are in attendance
    text = lsp("in-attendance", MEETING, "sam-reed", "--capacity", "presenter")
    doc = recorded_json(lsp("in-attendance", MEETING, "insp-lee-chan", "--capacity",
                            "observer", "--json"), before + 1, scheduled)
    quorum = json_of(lsp("quorum", MEETING, "--json"))
    # Then they are on the record with their capacity, and the quorum is unchanged
    done(text, f"sam-reed in attendance at {MEETING} (presenter).", "InAttendance")
    assert doc["message"] == f"insp-lee-chan in attendance at {MEETING} (observer)."
    assert read_meeting(scheduled).state.in_attendance == [
        {"person": "sam-reed", "capacity": "presenter"},
        {"person": "insp-lee-chan", "capacity": "observer"}]
    assert (quorum["quorate"], quorum["present_voting"]) == (False, 2)


# --------------------------------------------------------------------------------------
# interest declare
# --------------------------------------------------------------------------------------

def test_interest_declare_records_the_nature_note_and_leaving_the_room(
        lsp: Lsp, quorate: str) -> None:
    # Given a quorate meeting
    before = stored_events(quorate)
    # When a member declares a personal interest, and another a prejudicial one and leaves
    text = lsp("interest", "declare", MEETING, "community-safety", "cllr-ben-osei",
               "--nature", "personal", "--note", "Chairs a Neighbourhood Watch scheme")
    doc = recorded_json(lsp("interest", "declare", MEETING, "forum-report", "cllr-amy-hart",
                            "--nature", "prejudicial", "--left-room", "--json"),
                        before + 1, quorate)
    # Then both are recorded with the clause of 6.4, and in Daventry neither excludes a seat
    done(text, "cllr-ben-osei declared a personal interest in community-safety.",
         "InterestDeclared")
    assert doc["message"] == "cllr-amy-hart declared a prejudicial interest in forum-report."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        (f"meeting:{MEETING}", "InterestDeclared")]
    assert read_meeting(quorate).state.interests == [
        {"item": "community-safety", "person": "cllr-ben-osei", "nature": "personal",
         "note": "Chairs a Neighbourhood Watch scheme", "left_room": False,
         "excludes": False, "excludes_seat": None, "clause": "6.4"},
        {"item": "forum-report", "person": "cllr-amy-hart", "nature": "prejudicial",
         "note": "", "left_room": True, "excludes": False, "excludes_seat": None, "clause": "6.4"}]


# --------------------------------------------------------------------------------------
# vote cast, vote close, decide
# --------------------------------------------------------------------------------------

def test_vote_cast_records_the_seat_its_sitter_and_choice(lsp: Lsp, scheduled: str) -> None:
    # Given a quorate meeting with the police seat sat by its deputy
    run_lines(lsp, """
        attend exec-2026-06 police --deputy
        attend exec-2026-06 ddc-member-1
        attend exec-2026-06 ddc-member-2
    """)
    before = stored_events(scheduled)
    # When two seats vote
    text = lsp("vote", "cast", MEETING, "community-safety", "police", "for")
    doc = recorded_json(lsp("vote", "cast", MEETING, "community-safety", "ddc-member-1",
                            "abstain", "--json"), before + 1, scheduled)
    # Then each vote is recorded against the seat, with who cast it
    done(text, "Seat police voted for on community-safety.", "VoteCast")
    assert doc["message"] == "Seat ddc-member-1 voted abstain on community-safety."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        (f"meeting:{MEETING}", "VoteCast")]
    assert read_meeting(scheduled).state.item("community-safety").votes == {
        "police": {"choice": "for", "person": "insp-lee-chan"},
        "ddc-member-1": {"choice": "abstain", "person": "cllr-amy-hart"}}


@pytest.mark.parametrize(("votes", "casting", "result", "reason"), [
    ({"police": "for", "ddc-member-1": "for", "ddc-member-2": "against"}, None, "carried",
     "2 for, 1 against, 0 abstaining: carried by a majority of votes cast"),
    ({"police": "against", "ddc-member-1": "abstain", "ddc-member-2": "for"}, None, "tied",
     "1 for, 1 against, 1 abstaining: a tie with no casting vote, so the motion falls"),
    ({"police": "for", "ddc-member-1": "against", "ddc-member-2": "abstain"}, "for",
     "carried", "1 for, 1 against, 1 abstaining: a tie, decided by the chair's casting "
     "vote for (clause 4.3)"),
    ({"police": "for", "ddc-member-1": "against", "ddc-member-2": "abstain"}, "against",
     "lost", "1 for, 1 against, 1 abstaining: a tie, decided by the chair's casting "
     "vote against (clause 4.3)"),
    ({"police": "abstain", "ddc-member-1": "against", "ddc-member-2": "against"}, None,
     "lost", "0 for, 2 against, 1 abstaining: lost by a majority of votes cast"),
], ids=["carried", "tied", "casting for", "casting against", "lost"])
def test_vote_close_records_the_outcome_with_its_evidence(
        lsp: Lsp, quorate: str, votes: dict[str, str], casting: str | None, result: str,
        reason: str) -> None:
    # Given a quorate meeting, the chair (police seat) present in person, and the votes
    for seat, choice in votes.items():
        run_lines(lsp, f"vote cast {MEETING} community-safety {seat} {choice}")
    # When the vote is closed (with the chair's casting vote, if any)
    extra = ["--casting", casting] if casting else []
    text = lsp("vote", "close", MEETING, "community-safety", *extra)
    # Then the outcome and its reason under 4.3 are printed and recorded, with the evidence
    done(text, f"Vote on community-safety closed: {result}. {reason}.", "VoteClosed")
    outcome = read_meeting(quorate).state.item("community-safety").outcome
    assert outcome is not None
    assert (outcome["result"], outcome["reason"], outcome["casting"]) == (result, reason,
                                                                          casting)
    assert (outcome["clause"], outcome["terms_version"]) == ("4.3", 1)
    assert outcome["quorum"] == "3 voting members present; clause 4.5 requires 3"
    assert {seat: v["choice"] for seat, v in json.loads(outcome["votes"]).items()} == votes


def test_vote_close_json_prints_the_outcome(lsp: Lsp, quorate: str) -> None:
    # Given two votes for and one against
    run_lines(lsp, """
        vote cast exec-2026-06 community-safety police for
        vote cast exec-2026-06 community-safety ddc-member-1 for
        vote cast exec-2026-06 community-safety ddc-member-2 against
    """)
    before = stored_events(quorate)
    # When the vote is closed with --json
    doc = recorded_json(lsp("vote", "close", MEETING, "community-safety", "--json"), before,
                        quorate)
    # Then the one document says it was carried, and where the outcome is recorded
    assert doc["message"] == ("Vote on community-safety closed: carried. 2 for, 1 against, "
                              "0 abstaining: carried by a majority of votes cast.")
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        (f"meeting:{MEETING}", "VoteClosed")]


def test_decide_by_consensus_records_what_was_agreed(lsp: Lsp, quorate: str) -> None:
    # Given a quorate meeting
    before = stored_events(quorate)
    # When two items are decided by consensus, one as JSON
    text = lsp("decide", MEETING, "forum-report", "--consensus", "The Forum's report is noted")
    doc = recorded_json(lsp("decide", MEETING, "community-safety", "--consensus",
                            "The plan is adopted", "--json"), before + 1, quorate)
    # Then the agreement is recorded with the quorum it was reached at
    done(text, "Item forum-report decided by consensus.", "DecidedByConsensus")
    assert doc["message"] == "Item community-safety decided by consensus."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        (f"meeting:{MEETING}", "DecidedByConsensus")]
    state = read_meeting(quorate).state
    assert state.item("forum-report").consensus == "The Forum's report is noted"
    assert state.item("community-safety").consensus == "The plan is adopted"
    assert state.item("forum-report").decided


# --------------------------------------------------------------------------------------
# meeting close, and what may follow it
# --------------------------------------------------------------------------------------

def test_meeting_close_records_the_close(lsp: Lsp, quorate: str) -> None:
    # Given a quorate meeting whose vote is closed
    run_lines(lsp, """
        vote cast exec-2026-06 community-safety police for
        vote close exec-2026-06 community-safety
    """)
    # When it is closed
    result = lsp("meeting", "close", MEETING)
    # Then it says so, and the meeting is closed
    done(result, f"Meeting {MEETING} closed.", "Closed")
    assert read_meeting(quorate).state.closed is True


def test_meeting_close_json(lsp: Lsp, quorate: str) -> None:
    # Given a quorate meeting
    before = stored_events(quorate)
    # When it is closed with --json
    doc = recorded_json(lsp("meeting", "close", MEETING, "--json"), before, quorate)
    # Then the document names the Closed event of the meeting
    assert doc["message"] == f"Meeting {MEETING} closed."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        (f"meeting:{MEETING}", "Closed")]


AFTER_CLOSE: dict[str, list[str]] = {
    "agenda add": ["agenda", "add", MEETING, "aob", "--title", "Any other business"],
    "agenda publish": ["agenda", "publish", MEETING, "--on", "2026-05-29"],
    "attend": ["attend", MEETING, "ddc-officer"],
    "apologies": ["apologies", MEETING, "ddc-officer"],
    "in-attendance": ["in-attendance", MEETING, "sam-reed", "--capacity", "presenter"],
    "interest declare": ["interest", "declare", MEETING, "community-safety", "cllr-amy-hart",
                         "--nature", "personal"],
    "vote cast": ["vote", "cast", MEETING, "community-safety", "police", "for"],
    "vote close": ["vote", "close", MEETING, "community-safety"],
    "decide": ["decide", MEETING, "community-safety", "--consensus", "Adopted"],
    "meeting close": ["meeting", "close", MEETING],
}


@pytest.mark.parametrize("args", AFTER_CLOSE.values(), ids=AFTER_CLOSE.keys())
def test_nothing_but_a_correction_is_recorded_after_meeting_close(
        lsp: Lsp, quorate: str, args: list[str]) -> None:
    # Given a quorate meeting, closed with its items undecided
    run_lines(lsp, "meeting close exec-2026-06")
    before = stored_events(quorate)
    # When anything is recorded at it
    text = lsp(*args)
    as_json = lsp(*args, "--json")
    # Then it is refused (exit 1): only corrections are accepted; nothing is recorded
    assert text.exit_code == 1
    assert text.stdout == ""
    assert text.stderr == CLOSED
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {"error": "InvalidInput",
                                          "message": CLOSED.removeprefix("Error: ").strip()}
    assert as_json.stderr == CLOSED
    assert stored_events(quorate) == before


def test_membership_decide_at_a_closed_meeting_is_refused(lsp: Lsp, quorate: str) -> None:
    # Given a request, and the quorate meeting of the Executive closed
    run_lines(lsp, f"{REQUEST}\nmeeting close {MEETING}")
    before = stored_events(quorate)
    # When the request is recorded as decided at that meeting
    result = lsp("membership", "decide", "town-fc-2026", "approved", "--meeting", MEETING)
    # Then it is refused like everything else after the close, and nothing is recorded
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == CLOSED
    assert stored_events(quorate) == before


def test_after_the_close_quorum_still_answers_and_a_correction_is_accepted(
        lsp: Lsp, quorate: str) -> None:
    # Given a quorate meeting, with apologies recorded by mistake (event 7), then closed
    run_lines(lsp, f"apologies {MEETING} ddc-officer\nmeeting close {MEETING}")
    assert [(f.version, f.kind) for f in read_meeting(quorate).facts][6:] == [
        (7, "Apologies"), (8, "Closed")]
    # When the quorum is read and the apologies are retracted, on 12 June
    quorum = lsp("quorum", MEETING)
    with freeze_time("2026-06-12 09:00:00"):
        text = lsp("correct", f"meeting:{MEETING}", "7", "--reason",
                   "Jo Bell sent no apologies")
    # Then both work: the record of the meeting no longer shows the apologies
    assert (quorum.exit_code, quorum.stderr) == (0, "")
    assert quorum.stdout == "Quorate: 3 voting members present; clause 4.5 requires 3.\n"
    done(text, f"Event 7 of meeting:{MEETING} retracted: Jo Bell sent no apologies.",
         "Retracted")
    state = read_meeting(quorate).state
    assert state.closed is True
    assert state.apologies == {}
    assert [(c["version"], c["reason"]) for c in state.corrections] == [
        (7, "Jo Bell sent no apologies")]
    assert state.corrections[0]["when"].isoformat() == "2026-06-12T09:00:00+00:00"


# --------------------------------------------------------------------------------------
# correct meeting:SLUG
# --------------------------------------------------------------------------------------

def test_correct_an_attendance_changes_the_quorum(lsp: Lsp, quorate: str) -> None:
    # Given a quorate meeting whose third attendance (event 6) was recorded in error
    before = stored_events(quorate)
    # When it is retracted, with --json
    doc = recorded_json(lsp("correct", f"meeting:{MEETING}", "6", "--reason",
                            "Cllr Osei sent apologies", "--json"), before, quorate)
    quorum = lsp("quorum", MEETING)
    # Then the retraction is recorded on the meeting, and the meeting is no longer quorate
    assert doc["message"] == f"Event 6 of meeting:{MEETING} retracted: Cllr Osei sent apologies."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        (f"meeting:{MEETING}", "Retracted")]
    assert quorum.stdout == "Not quorate: 2 voting members present; clause 4.5 requires 3.\n"
    assert set(read_meeting(quorate).state.present) == {"police", "ddc-member-1"}


def test_the_audit_trail_of_a_meeting_gives_the_versions_to_correct(
        lsp: Lsp, quorate: str) -> None:
    # Given a quorate meeting, with someone in attendance
    run_lines(lsp, f"in-attendance {MEETING} sam-reed --capacity presenter")
    # When its audit trail is read
    trail = json_of(lsp("audit", "--entity", f"meeting:{MEETING}", "--json"))
    # Then it lists its events, with the versions `lsp correct meeting:...` takes
    assert trail["entity"] == f"meeting:{MEETING}"
    assert [(e["version"], e["event"]) for e in trail["events"]] == [
        (1, "Scheduled"), (2, "ItemAdded"), (3, "ItemAdded"), (4, "Attended"),
        (5, "Attended"), (6, "Attended"), (7, "InAttendance")]
    assert {e["entity"] for e in trail["events"]} == {f"meeting:{MEETING}"}
    assert trail["events"][-1]["effective"] == "2026-06-10T18:30:00+01:00"


# --------------------------------------------------------------------------------------
# membership decide, at a meeting
# --------------------------------------------------------------------------------------

def test_membership_decide_at_a_quorate_meeting_takes_effect_at_the_meeting(
        lsp: Lsp, quorate: str) -> None:
    # Given a request to join the Executive, and its quorate June meeting
    run_lines(lsp, REQUEST)
    # When the request is approved at that meeting
    result = lsp("membership", "decide", "town-fc-2026", "approved", "--meeting", MEETING)
    # Then the decision names the meeting and takes effect when the meeting was held
    done(result, f"Request town-fc-2026 approved at meeting {MEETING}.", "Decided",
         "RequestDecided")
    decided = json_of(lsp("audit", "--entity", "request:town-fc-2026", "--json"))["events"][-1]
    assert decided["event"] == "Decided"
    assert (decided["changes"]["decision"], decided["changes"]["meeting"]) == ("approved",
                                                                              MEETING)
    assert decided["effective"] == "2026-06-10T18:30:00+01:00"


# --------------------------------------------------------------------------------------
# Refusals by a rule of the terms: exit 1, rule and clause, nothing recorded
# --------------------------------------------------------------------------------------

RULE_REFUSALS: dict[str, tuple[str, list[str], str, str, str]] = {
    # 4.7: the agenda at least 10 days before; 1 June is 9 days before 10 June.
    "agenda published 9 days before": (
        "", ["agenda", "publish", MEETING, "--on", "2026-06-01"], "agenda-notice", "4.7",
        "this is 9 day(s) before; record why it is urgent to publish it late"),
    # 3.2: a deputy only where one is nominated.
    "deputy for a seat with no deputy": (
        "", ["attend", MEETING, "ddc-member-1", "--deputy"], "deputy-attends", "3.2",
        "the seat ddc-member-1 "
        "(Daventry District Council) has no nominated deputy on the day of the meeting"),
    "holder of a vacant seat": (
        "seat vacate executive ddc-officer --on 2026-06-01",
        ["attend", MEETING, "ddc-officer"], "holder-attends", "ledger rule",
        "the seat ddc-officer (Daventry District Council) is vacant on the day of the meeting"),
    # 4.3: one vote for each core member present.
    "vote by a seat not present": (
        QUORATE, ["vote", "cast", MEETING, "community-safety", "ddc-officer", "for"],
        "voting", "4.3", "the seat ddc-officer "
                         "(Daventry District Council) is not recorded as present"),
    "vote by a non-voting seat": (
        QUORATE + "attend exec-2026-06 town-fc",
        ["vote", "cast", MEETING, "community-safety", "town-fc", "for"],
        "voting", "4.3", "the seat town-fc (Daventry Town FC) is non-voting"),
    "a second vote": (
        QUORATE + "vote cast exec-2026-06 community-safety police for",
        ["vote", "cast", MEETING, "community-safety", "police", "against"],
        "one-vote", "4.3", "the seat police "
                           "(Northamptonshire Police) has already voted on this item"),
    # 4.5: a quorum of three voting members.
    "vote at an inquorate meeting": (
        "attend exec-2026-06 police\nattend exec-2026-06 ddc-member-1",
        ["vote", "cast", MEETING, "community-safety", "police", "for"], "quorum", "4.5",
        "the meeting is not quorate: 2 voting members present; clause 4.5 requires 3"),
    "consensus at an inquorate meeting": (
        "attend exec-2026-06 police",
        ["decide", MEETING, "forum-report", "--consensus", "Noted"], "quorum", "4.5",
        "the meeting is not quorate: 1 voting member present; clause 4.5 requires 3"),
    # 4.3: the chair's casting vote, on a tie only, by the chair in person.
    "casting vote without a tie": (
        QUORATE + "vote cast exec-2026-06 community-safety police for\n"
                  "vote cast exec-2026-06 community-safety ddc-member-1 for\n"
                  "vote cast exec-2026-06 community-safety ddc-member-2 against",
        ["vote", "close", MEETING, "community-safety", "--casting", "for"],
        "casting-vote", "4.3", "a casting vote is given only on a tie"),
    "casting vote with the chair's deputy in the chair's seat": (
        "attend exec-2026-06 police --deputy\nattend exec-2026-06 ddc-member-1\n"
        "attend exec-2026-06 ddc-member-2\n"
        "vote cast exec-2026-06 community-safety police for\n"
        "vote cast exec-2026-06 community-safety ddc-member-1 against",
        ["vote", "close", MEETING, "community-safety", "--casting", "for"],
        "casting-vote", "4.3", "the chair is not recorded as present in person"),
    # Requests to join the Executive are decided by the Executive (4.1, 4.4), quorate (4.5).
    "membership decide at an inquorate meeting": (
        REQUEST + "\nattend exec-2026-06 police\nattend exec-2026-06 ddc-member-1",
        ["membership", "decide", "town-fc-2026", "approved", "--meeting", MEETING],
        "quorum", "4.5",
        "the meeting is not quorate: 2 voting members present; clause 4.5 requires 3"),
    "membership decide at a meeting of the wrong body": (
        REQUEST + "\nmeeting schedule forum forum-2026-06 --on 2026-06-12",
        ["membership", "decide", "town-fc-2026", "approved", "--meeting", "forum-2026-06"],
        "membership-requests", "4.1, 4.4",
        "requests to join LSP Executive are decided at a meeting of LSP Executive "
        "(executive), not 'forum'"),
}


@pytest.mark.parametrize(("given", "args", "rule", "clause", "reason"),
                         RULE_REFUSALS.values(), ids=RULE_REFUSALS.keys())
def test_a_meeting_rule_refusal_names_the_rule_and_clause_and_records_nothing(
        lsp: Lsp, scheduled: str, given: str, args: list[str], rule: str, clause: str,
        reason: str) -> None:
    # Given the June meeting, and what happened at it so far
    if given.strip():
        run_lines(lsp, given)
    before = stored_events(scheduled)
    # When the terms forbid what is asked, as text and with --json
    text = lsp(*args)
    as_json = lsp(*args, "--json")
    # Then exit 1, the rule, its clause and the reason on stderr, nothing on stdout
    assert text.exit_code == 1
    assert text.stdout == ""
    assert text.stderr.startswith(f"Error: refused by rule '{rule}' (clause {clause}, "
                                  "terms version 1): ")
    assert reason in text.stderr
    assert text.stderr.count("\n") == 1
    # And under --json one error document on stdout, the same message on stderr
    assert as_json.exit_code == 1
    doc = json.loads(as_json.stdout)
    assert doc["error"] == "RuleBroken"
    assert (doc["rule"], doc["clause"], doc["terms_version"]) == (rule, clause, 1)
    assert any(reason in r for r in doc["reasons"])
    assert as_json.stderr == text.stderr == f"Error: {doc['message']}\n"
    # And nothing at all is recorded
    assert stored_events(scheduled) == before


# --------------------------------------------------------------------------------------
# Other refusals: unknown, duplicate or out of order; exit 1, nothing recorded
# --------------------------------------------------------------------------------------

OTHER_REFUSALS: dict[str, tuple[str, list[str], str, str]] = {
    "a duplicate meeting": (
        "", ["meeting", "schedule", "executive", MEETING, "--on", "2026-06-11"],
        "AlreadyExists", f"meeting '{MEETING}' already exists"),
    "a meeting of an unknown body": (
        "", ["meeting", "schedule", "board", "board-2026-06", "--on", "2026-06-11"],
        "NotFound", "there is no body 'board' in terms version 1 in force on 11 June 2026"),
    "a meeting before the terms": (
        "", ["meeting", "schedule", "executive", "exec-2026-03", "--on", "2026-03-11"],
        "NotFound", "no terms of reference were in force on 11 March 2026"),
    "a meeting id that is not a slug": (
        "", ["meeting", "schedule", "executive", "Exec June", "--on", "2026-06-11"],
        "InvalidInput", "meeting id 'Exec June' is not a slug"),
    "a duplicate item": (
        "", ["agenda", "add", MEETING, "forum-report", "--title", "Again"],
        "InvalidInput", f"item 'forum-report' is already on the agenda of '{MEETING}'"),
    "an unknown proposer": (
        "", ["agenda", "add", MEETING, "budget", "--title", "Budget", "--proposer", "nhs"],
        "NotFound", "there is no seat 'nhs' on LSP Executive (executive) on the day of "
                    f"meeting '{MEETING}'"),
    "an agenda after the meeting": (
        "", ["agenda", "publish", MEETING, "--on", "2026-06-11"],
        "InvalidInput", f"meeting '{MEETING}' was held on 10 June 2026; an agenda cannot be "
                        "published after it"),
    "an agenda published twice": (
        f"agenda publish {MEETING} --on 2026-05-29",
        ["agenda", "publish", MEETING, "--on", "2026-05-30"],
        "InvalidInput", f"the agenda of '{MEETING}' was already published"),
    "a seat attended twice": (
        QUORATE, ["attend", MEETING, "police", "--deputy"],
        "InvalidInput", "the seat police (Northamptonshire Police) is already recorded as "
                        "present (Supt Kate Moss)"),
    "an unknown seat": (
        "", ["attend", MEETING, "nhs"], "NotFound",
        "there is no seat 'nhs' on LSP Executive (executive)"),
    "apologies for a seat present": (
        QUORATE, ["apologies", MEETING, "police"],
        "InvalidInput", "the seat police (Northamptonshire Police) is recorded as present"),
    "an unknown person in attendance": (
        "", ["in-attendance", MEETING, "nobody", "--capacity", "observer"],
        "NotFound", "there is no person 'nobody'"),
    "an interest in an unknown item": (
        "", ["interest", "declare", MEETING, "budget", "cllr-amy-hart", "--nature",
             "personal"],
        "NotFound", f"there is no item 'budget' on the agenda of meeting '{MEETING}'"),
    "a vote on an unknown item": (
        QUORATE, ["vote", "cast", MEETING, "budget", "police", "for"],
        "NotFound", f"there is no item 'budget' on the agenda of meeting '{MEETING}'"),
    "a vote after the vote is closed": (
        QUORATE + "vote cast exec-2026-06 community-safety police for\n"
                  "vote close exec-2026-06 community-safety",
        ["vote", "cast", MEETING, "community-safety", "ddc-member-1", "for"],
        "InvalidInput", "item 'community-safety' is closed: no more votes"),
    "a vote on an item decided by consensus": (
        QUORATE + "decide exec-2026-06 forum-report --consensus Noted",
        ["vote", "cast", MEETING, "forum-report", "police", "for"],
        "InvalidInput", "item 'forum-report' is closed: no more votes"),
    "a vote closed twice": (
        QUORATE + "vote cast exec-2026-06 community-safety police for\n"
                  "vote close exec-2026-06 community-safety",
        ["vote", "close", MEETING, "community-safety"],
        "InvalidInput", "item 'community-safety' is already decided"),
    "a vote closed with no votes": (
        QUORATE, ["vote", "close", MEETING, "community-safety"],
        "InvalidInput", "no votes are recorded on item 'community-safety'"),
    "consensus while votes are cast": (
        QUORATE + "vote cast exec-2026-06 community-safety police for",
        ["decide", MEETING, "community-safety", "--consensus", "Adopted"],
        "InvalidInput", "votes are being cast on item 'community-safety'"),
    "a meeting closed with a vote open": (
        QUORATE + "vote cast exec-2026-06 community-safety police for",
        ["meeting", "close", MEETING],
        "InvalidInput", "votes are still open on community-safety: close them first"),
    "the quorum of an unknown item": (
        "", ["quorum", MEETING, "--item", "budget"],
        "NotFound", f"there is no item 'budget' on the agenda of meeting '{MEETING}'"),
    "retracting a vote on an item decided": (
        QUORATE + DECIDED_AND_CLOSED,
        ["correct", f"meeting:{MEETING}", "7", "--reason", "wrong seat"],
        "InvalidInput", f"event 7 of meeting '{MEETING}' is a VoteCast on item "
                        "'community-safety', which is decided"),
    "retracting an outcome once the meeting is closed": (
        QUORATE + DECIDED_AND_CLOSED,
        ["correct", f"meeting:{MEETING}", "8", "--reason", "miscounted"],
        "InvalidInput", f"event 8 of meeting '{MEETING}' is a VoteClosed and the meeting is "
                        "closed: a decision is rescinded by a later decision"),
    "retracting the close": (
        QUORATE + DECIDED_AND_CLOSED,
        ["correct", f"meeting:{MEETING}", "9", "--reason", "too soon"],
        "InvalidInput", f"event 9 of meeting '{MEETING}' is a Closed: only Apologies, "
                        "Attended, DecidedByConsensus, InAttendance"),
    "retracting the attendance of a seat that voted": (
        QUORATE + "vote cast exec-2026-06 community-safety police for",
        ["correct", f"meeting:{MEETING}", "4", "--reason", "not there"],
        "InvalidInput", "the seat police "
                        "(Northamptonshire Police) voted at this meeting; its attendance stands"),
    "retracting an event that does not exist": (
        "", ["correct", f"meeting:{MEETING}", "99", "--reason", "typo"],
        "InvalidInput", f"cannot retract event 99 of meeting '{MEETING}': no such event"),
    "a request decided at an unknown meeting": (
        REQUEST, ["membership", "decide", "town-fc-2026", "approved", "--meeting",
                  "exec-2099-01"],
        "NotFound", "there is no meeting 'exec-2099-01' in the ledger"),
}


@pytest.mark.parametrize(("given", "args", "error", "message"), OTHER_REFUSALS.values(),
                         ids=OTHER_REFUSALS.keys())
def test_a_meeting_command_out_of_turn_is_refused_and_records_nothing(
        lsp: Lsp, scheduled: str, given: str, args: list[str], error: str,
        message: str) -> None:
    # Given the June meeting, and what happened at it so far
    if given.strip():
        run_lines(lsp, given)
    before = stored_events(scheduled)
    # When a command names what is not there, or comes out of turn
    text = lsp(*args)
    as_json = lsp(*args, "--json")
    # Then exit 1 with the message on stderr, and a JSON error document under --json
    assert text.exit_code == 1
    assert text.stdout == ""
    assert text.stderr.startswith(f"Error: {message}")
    assert text.stderr.count("\n") == 1
    assert as_json.exit_code == 1
    doc = json.loads(as_json.stdout)
    assert doc["error"] == error
    assert doc["message"].startswith(message)
    assert "rule" not in doc
    assert as_json.stderr == f"Error: {doc['message']}\n"
    assert stored_events(scheduled) == before


UNKNOWN = "exec-2099-01"
ON_AN_UNKNOWN_MEETING: dict[str, list[str]] = {
    "meeting close": ["meeting", "close", UNKNOWN],
    "agenda add": ["agenda", "add", UNKNOWN, "aob", "--title", "Any other business"],
    "agenda publish": ["agenda", "publish", UNKNOWN, "--on", "2026-05-29"],
    "attend": ["attend", UNKNOWN, "police"],
    "apologies": ["apologies", UNKNOWN, "police"],
    "in-attendance": ["in-attendance", UNKNOWN, "sam-reed", "--capacity", "officer"],
    "interest declare": ["interest", "declare", UNKNOWN, "community-safety", "cllr-amy-hart",
                         "--nature", "personal"],
    "vote cast": ["vote", "cast", UNKNOWN, "community-safety", "police", "for"],
    "vote close": ["vote", "close", UNKNOWN, "community-safety"],
    "decide": ["decide", UNKNOWN, "community-safety", "--consensus", "Adopted"],
    "quorum": ["quorum", UNKNOWN],
    "correct": ["correct", f"meeting:{UNKNOWN}", "1", "--reason", "typo"],
}


@pytest.mark.parametrize("args", ON_AN_UNKNOWN_MEETING.values(),
                         ids=ON_AN_UNKNOWN_MEETING.keys())
def test_an_unknown_meeting_is_refused_and_nothing_recorded(
        lsp: Lsp, scheduled: str, args: list[str]) -> None:
    # Given the Daventry ledger, with no meeting exec-2099-01
    before = stored_events(scheduled)
    # When a meeting command names it
    text = lsp(*args)
    as_json = lsp(*args, "--json")
    # Then it is refused (exit 1), saying how to schedule it, and nothing is recorded
    message = (f"there is no meeting '{UNKNOWN}' in the ledger (add it with "
               "`lsp meeting schedule`)")
    assert text.exit_code == 1
    assert text.stdout == ""
    assert text.stderr == f"Error: {message}\n"
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {"error": "NotFound", "message": message}
    assert as_json.stderr == f"Error: {message}\n"
    assert stored_events(scheduled) == before


# --------------------------------------------------------------------------------------
# Usage errors: exit 2, nothing on stdout, nothing recorded
# --------------------------------------------------------------------------------------

VOTE_CAST = "vote cast [OPTIONS] MEETING ITEM SEAT for|against|abstain"
USAGE_ERRORS: dict[str, tuple[list[str], str, str]] = {
    "a bad vote choice": (["vote", "cast", MEETING, "community-safety", "police", "maybe"],
                          VOTE_CAST, "'maybe' is not one of 'for', 'against', 'abstain'"),
    "a bad --nature": (["interest", "declare", MEETING, "community-safety", "cllr-amy-hart",
                        "--nature", "pecuniary"],
                       "interest declare [OPTIONS] MEETING ITEM PERSON",
                       "'pecuniary' is not one of 'personal', 'prejudicial'"),
    "a bad --capacity": (["in-attendance", MEETING, "sam-reed", "--capacity", "guest"],
                         "in-attendance [OPTIONS] MEETING PERSON",
                         "'guest' is not one of 'officer', 'observer', 'presenter', "
                         "'co-optee'"),
    "a casting abstention": (["vote", "close", MEETING, "community-safety", "--casting",
                              "abstain"], "vote close [OPTIONS] MEETING ITEM",
                             "'abstain' is not one of 'for', 'against'"),
    "a meeting with no date": (["meeting", "schedule", "executive", "exec-2026-07"],
                               "meeting schedule [OPTIONS] BODY MEETING",
                               "Missing option '--on'"),
    "an item with no title": (["agenda", "add", MEETING, "budget"],
                              "agenda add [OPTIONS] MEETING ITEM", "Missing option '--title'"),
    "a decision with no text": (["decide", MEETING, "forum-report"],
                                "decide [OPTIONS] MEETING ITEM",
                                "Missing option '--consensus'"),
    "a vote with no choice": (["vote", "cast", MEETING, "community-safety", "police"],
                              VOTE_CAST, "Missing argument 'for|against|abstain'"),
    "membership decide with --on": (["membership", "decide", "town-fc-2026", "approved",
                                     "--meeting", MEETING, "--on", "2026-06-10"],
                                    "membership decide [OPTIONS] REQUEST approved|rejected",
                                    "No such option '--on'"),
}


@pytest.mark.parametrize(("args", "usage", "message"), USAGE_ERRORS.values(),
                         ids=USAGE_ERRORS.keys())
@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
def test_a_mistyped_meeting_command_exits_2(
        lsp: Lsp, quorate: str, args: list[str], usage: str, message: str,
        json_flag: list[str]) -> None:
    # Given a quorate meeting
    before = stored_events(quorate)
    # When a command is mistyped
    result = lsp(*args, *json_flag)
    # Then exit 2, the command's usage and the mistake on stderr, nothing on stdout or in
    # the store
    assert result.exit_code == 2
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith("Usage: ")
    assert first.endswith(f" {usage}")
    assert "\nError: " in result.stderr
    assert message in result.stderr.split("\nError: ", 1)[1]
    assert stored_events(quorate) == before
