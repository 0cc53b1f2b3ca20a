"""The venue and rescheduling (issue 16 items 1 and 6): `lsp meeting schedule --venue`
and `lsp meeting reschedule MEETING --on DATE [--venue TEXT]`, before the meeting is held
only; every paper and list dates the meeting by its latest scheduling, and a published
agenda's notice (Daventry 4.7) is judged again against the new date."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import InvalidInput, RuleBroken
from tests.conftest import on
from tests.helpers import Lsp, assert_broken, done, example, json_of, refusal
from tests.stories import (
    JUNE,
    PAPERS_NOW,
    SEPTEMBER,
    SEPTEMBER_VENUE,
    NewLedger,
    daventry_executive,
    june_with_actions,
)


@pytest.fixture
def papers(new_ledger: NewLedger) -> Ledger:
    with freeze_time(PAPERS_NOW):
        ledger = new_ledger(example("daventry"))
        daventry_executive(ledger)
        june_with_actions(ledger)
    return ledger


def test_a_meeting_rescheduled_is_dated_by_its_new_date_everywhere(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the September meeting at the library on the 16th
    # When it is moved to the 23rd at 6.30 pm in the Council Chamber
    with freeze_time(PAPERS_NOW):
        result = lsp("meeting", "reschedule", SEPTEMBER, "--on", "2026-09-23T18:30",
                     "--venue", "Council Chamber")
        agenda = json_of(lsp("report", "agenda", SEPTEMBER, "--json"))
        listed = json_of(lsp("meeting", "list", "--json"))
        pending = json_of(lsp("decision", "pending", "executive", "--json"))
    # Then the agenda, the list and the pending decisions give the new date and venue
    done(result, f"Meeting {SEPTEMBER} rescheduled to 2026-09-23T18:30 at Council Chamber.",
         "Rescheduled")
    assert (agenda["held"], agenda["venue"]) == (
        "Wednesday 23 September 2026 at 6.30 pm", "Council Chamber")
    row = next(m for m in listed["meetings"] if m["meeting"] == SEPTEMBER)
    assert row["rescheduled_from"] == ["Wednesday 16 September 2026 at 2.00 pm"]
    assert pending["decisions"][0]["next_meeting"]["date"] == "2026-09-23"
    with freeze_time("2026-09-23 19:00:00"):  # the meeting's time come: items are minuted
        minutes = json_of(lsp("report", "minutes", SEPTEMBER, "--json"))
    assert (minutes["date"], minutes["venue"]) == ("2026-09-23", "Council Chamber")


def test_a_meeting_rescheduled_without_a_venue_keeps_its_venue(papers: Ledger) -> None:
    # Given the September meeting at the library
    # When it is moved without --venue
    with freeze_time(PAPERS_NOW):
        papers.reschedule_meeting(SEPTEMBER, on("2026-09-30T14:00"))
    # Then it keeps its venue
    state = papers.meeting_state(SEPTEMBER).state
    assert (state.when, state.venue) == (on("2026-09-30T14:00"), SEPTEMBER_VENUE)


@pytest.mark.parametrize(("meeting", "to", "says"), [
    (JUNE, "2026-07-20", "meeting 'exec-2026-06' is closed"),
    (SEPTEMBER, "2026-06-30", "a meeting is rescheduled to a time to come"),
    (SEPTEMBER, "2026-09-16T14:00", "is already on 2026-09-16 14:00"),
], ids=["closed", "to-the-past", "same-date"])
def test_a_reschedule_that_cannot_be_is_refused_and_nothing_recorded(
        papers: Ledger, meeting: str, to: str, says: str) -> None:
    # Given the June meeting (held, closed) and the September one (to come)
    with freeze_time(PAPERS_NOW):
        # When one is rescheduled where it cannot be
        refused = refusal(papers, InvalidInput,
                          lambda: papers.reschedule_meeting(meeting, on(to)))
    # Then it is refused, saying why
    assert says in str(refused)


def test_a_meeting_whose_time_has_come_is_not_rescheduled(papers: Ledger) -> None:
    # Given the September meeting, not closed
    with freeze_time("2026-09-16 14:30:00"):
        # When it is rescheduled once its time has come
        refused = refusal(papers, InvalidInput,
                          lambda: papers.reschedule_meeting(SEPTEMBER, on("2026-09-30")))
    # Then it is refused: it has been held
    assert "only a meeting not yet held is rescheduled" in str(refused)


def test_a_published_agenda_is_judged_again_against_the_new_date(papers: Ledger) -> None:
    # Given the September agenda published on 1 September, 15 days before (4.7: ten)
    with freeze_time("2026-09-01 12:00:00"):
        papers.publish_agenda(SEPTEMBER, on("2026-09-01"))
        # When the meeting is brought forward to the 8th: seven days' notice
        refused = refusal(papers, RuleBroken,
                          lambda: papers.reschedule_meeting(SEPTEMBER, on("2026-09-08")))
        # and when it is put back to the 30th instead
        papers.reschedule_meeting(SEPTEMBER, on("2026-09-30"))
    # Then the earlier date is refused by the notice rule; the later one gives 29 days
    assert_broken(refused, "agenda-notice", "4.7", "7 day(s) before")
    assert papers.meeting_state(SEPTEMBER).state.published["days_before"] == 29  # type: ignore[index]


def test_a_rescheduled_meeting_reloads_as_recorded(papers: Ledger) -> None:
    # Given the September meeting moved once
    with freeze_time(PAPERS_NOW):
        papers.reschedule_meeting(SEPTEMBER, on("2026-09-23T18:30"), "Council Chamber")
    live = papers.meeting_state(SEPTEMBER).state
    # When it is loaded by another ledger
    other = Ledger(papers.store, "x")
    reloaded = other.meeting_state(SEPTEMBER).state
    other.close()
    # Then it is the same meeting
    assert reloaded == live
    assert reloaded.rescheduled_from == [on("2026-09-16T14:00")]


def test_a_venue_is_one_line_of_text(lsp: Lsp, papers: Ledger) -> None:
    # Given the ledger
    # When a meeting is scheduled at a venue with a line break
    with freeze_time(PAPERS_NOW):
        result = lsp("meeting", "schedule", "executive", "exec-2026-12", "--on",
                     "2026-12-02", "--venue", "Room 1\nRoom 2")
    # Then it is refused (exit 1), saying so, and nothing is recorded
    assert result.exit_code == 1
    assert "a venue 'Room 1\\nRoom 2' holds a control character or line break" in result.stderr
    assert "--venue TEXT" in result.stderr


def test_a_rescheduled_meetings_scheduling_is_not_retracted(papers: Ledger) -> None:
    # Given the September meeting, rescheduled once
    with freeze_time(PAPERS_NOW):
        papers.reschedule_meeting(SEPTEMBER, on("2026-09-23T18:30"))
        # When its scheduling (version 1) is retracted
        refused = refusal(papers, InvalidInput, lambda: papers.retract(
            f"meeting:{SEPTEMBER}", 1, "scheduled by mistake"))
    # Then it is refused while the reschedule stands, naming it
    assert "(Rescheduled)" in str(refused)
