"""Action notes (issue 16 item 3; Lewisham: the secretariat "will issue agendas and action
notes"): `lsp action add/done/list`, each action its own record, carried to the next
agenda until done (tests/test_agenda.py), and `lsp check` warning of overdue ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from freezegun import freeze_time

from ledger.action import Action
from ledger.app import Ledger
from ledger.errors import AlreadyExists, InvalidInput, LedgerError, NotFound
from ledger.events import entity_id
from tests.conftest import on
from tests.helpers import Lsp, done, example, json_of, refusal, stored_events
from tests.stories import (
    JUNE,
    PAPERS_NOW,
    SEPTEMBER,
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


def test_an_action_is_recorded_at_a_closed_meeting_with_owner_due_date_and_item(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the June meeting, held and closed (action notes are written up after)
    # When an action is added from the command line
    with freeze_time(PAPERS_NOW):
        result = lsp("action", "add", JUNE, "book-room", "--title", "Book the room",
                     "--owner", "sue-bell", "--due", "2026-07-31", "--item", "plan")
        listed = json_of(lsp("action", "list", "--json"))
    # Then it is recorded, at the meeting's time, and listed with its owner by name
    done(result, "Action book-room agreed at exec-2026-06 for sue-bell, due 2026-07-31: "
                 "Book the room.", "Added")
    row = next(a for a in listed["actions"] if a["action"] == "book-room")
    assert row == {"action": "book-room", "title": "Book the room", "owner": "sue-bell",
                   "owner_name": "Sue Bell", "due": "2026-07-31",
                   "due_long": "Friday 31 July 2026", "meeting": JUNE, "body": "executive",
                   "body_name": "LSP Executive", "agreed": "Wednesday 10 June 2026",
                   "item": "plan", "done": None, "overdue": False}
    state = papers.repository.get(entity_id("action", "book-room")).state
    assert state.agreed == on("2026-06-10T18:30")


def test_an_action_reloaded_is_the_action_recorded(papers: Ledger) -> None:
    # Given an action recorded and then done through one ledger
    with freeze_time(PAPERS_NOW):
        papers.complete_action("hub-hours", on("2026-06-30"))
    live = papers.repository.get(entity_id("action", "hub-hours"))
    # When it is loaded afresh by another
    other = Ledger(papers.store, "x")
    reloaded = other.repository.get(entity_id("action", "hub-hours"))
    other.close()
    # Then its state is the same
    assert isinstance(reloaded, Action)
    assert reloaded.state == live.state
    assert reloaded.state.done == on("2026-06-30")


Refused = Callable[[Ledger], Any]
REFUSALS: dict[str, tuple[Refused, type[LedgerError], str]] = {
    "meeting not yet held": (
        lambda lg: lg.add_action(SEPTEMBER, "a1", "Early", "sue-bell"), InvalidInput,
        "nothing is recorded at it before it is held"),
    "unknown meeting": (
        lambda lg: lg.add_action("exec-2099-01", "a1", "X", "sue-bell"), NotFound,
        "there is no meeting 'exec-2099-01'"),
    "unknown owner": (
        lambda lg: lg.add_action(JUNE, "a1", "X", "nobody"), NotFound,
        "there is no person 'nobody'"),
    "unknown item": (
        lambda lg: lg.add_action(JUNE, "a1", "X", "sue-bell", item="nothing"), NotFound,
        "there is no item 'nothing'"),
    "due before the meeting": (
        lambda lg: lg.add_action(JUNE, "a1", "X", "sue-bell", date(2026, 6, 9)),
        InvalidInput, "cannot be due before it (2026-06-09)"),
    "empty title": (
        lambda lg: lg.add_action(JUNE, "a1", "  ", "sue-bell"), InvalidInput,
        "an action needs a title"),
    "not a slug": (
        lambda lg: lg.add_action(JUNE, "A 1", "X", "sue-bell"), InvalidInput,
        "is not a slug"),
    "duplicate": (
        lambda lg: lg.add_action(JUNE, "hub-hours", "X", "sue-bell"), AlreadyExists,
        "action 'hub-hours' already exists"),
    "done before its meeting": (
        lambda lg: lg.complete_action("hub-hours", on("2026-06-01")), InvalidInput,
        "it cannot be done before that"),
    "done in the future": (
        lambda lg: lg.complete_action("hub-hours", on("2026-08-01")), InvalidInput,
        "only what has happened is recorded"),
    "unknown action": (
        lambda lg: lg.complete_action("nothing"), NotFound, "there is no action 'nothing'"),
}


@pytest.mark.parametrize(("act", "error", "says"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_wrong_action_is_refused_and_nothing_recorded(
        papers: Ledger, act: Refused, error: type[LedgerError], says: str) -> None:
    # Given the June meeting and its two actions
    with freeze_time(PAPERS_NOW):
        # When the wrong act is recorded
        refused = refusal(papers, error, lambda: act(papers))
    # Then it is refused, saying why (refusal() checks nothing was recorded)
    assert says in str(refused)


def test_an_action_is_done_once(papers: Ledger) -> None:
    # Given an action done on 20 June
    with freeze_time(PAPERS_NOW):
        papers.complete_action("hub-hours", on("2026-06-20"))
        # When it is recorded done again
        refused = refusal(papers, InvalidInput, lambda: papers.complete_action("hub-hours"))
    # Then it is refused, saying when it was done
    assert "was done already, on 2026-06-20" in str(refused)


def test_an_action_done_is_no_longer_open(lsp: Lsp, papers: Ledger) -> None:
    # Given two open actions from June
    # When one is done
    with freeze_time(PAPERS_NOW):
        result = lsp("action", "done", "hub-hours", "--on", "2026-06-30")
        everything = json_of(lsp("action", "list", "--json"))
        still_open = json_of(lsp("action", "list", "--open", "--json"))
    # Then the full list shows it done, and --open lists only the other
    done(result, "Action hub-hours done.", "Done")
    assert {a["action"]: a["done"] for a in everything["actions"]} == {
        "write-to-county": None, "hub-hours": "Tuesday 30 June 2026"}
    assert [a["action"] for a in still_open["actions"]] == ["write-to-county"]


def test_actions_are_listed_by_body(lsp: Lsp, papers: Ledger) -> None:
    # Given actions of the Executive only
    with freeze_time(PAPERS_NOW):
        # When they are listed for the Forum, the Executive and a body no terms have
        forum = json_of(lsp("action", "list", "--body", "forum", "--json"))
        executive = json_of(lsp("action", "list", "--body", "executive", "--json"))
        unknown = lsp("action", "list", "--body", "cabinet")
    # Then each list is that body's, and an unknown body is refused
    assert forum["actions"] == []
    assert len(executive["actions"]) == 2
    assert unknown.exit_code == 1
    assert "there is no body 'cabinet'" in unknown.stderr


def test_the_action_list_names_owners_and_marks_the_overdue(lsp: Lsp, papers: Ledger) -> None:
    # Given one action due on 24 June and one undated
    # When they are listed on 1 July
    with freeze_time(PAPERS_NOW):
        text = lsp("action", "list").stdout
    # Then the overdue one is marked, owners are named, the dated one comes first
    lines = text.splitlines()
    assert lines[0] == "Actions as of 1 July 2026 at 1.00 pm"
    body = [line for line in lines[4:] if line.strip()]
    assert body[0].startswith("Write to the")
    assert "Supt Kate Moss" in body[0] and "OVERDUE" in body[0]
    assert "county about" in body[1]  # the title wraps, whole, within its column
    assert any("Dr Raj Patel" in line and "(no date)" in line for line in body)
    assert all(len(line) <= 100 for line in lines)


@pytest.mark.parametrize(("as_of", "warned"), [
    ("2026-06-24", False),  # due that day: not yet overdue
    ("2026-06-25", True),
    ("2027-01-31", True),
])
def test_check_warns_of_an_open_action_past_its_due_date(
        lsp: Lsp, papers: Ledger, as_of: str, warned: bool) -> None:
    # Given an action due on 24 June 2026, not done
    # When the compliance check runs as of a date
    with freeze_time(PAPERS_NOW):
        doc = json_of(lsp("check", "--as-of", as_of, "--json"))
    # Then it warns once the due date has passed, naming the owner and the dates
    found = [w for w in doc["warnings"] if w["rule"] == "action-overdue"]
    assert bool(found) is warned
    if warned:
        assert found == [{
            "body": "executive", "rule": "action-overdue", "clause": "ledger rule",
            "message": "the action \"Write to the county about match funding\" "
                       "(write-to-county) for Supt Kate Moss, agreed at meeting "
                       "exec-2026-06 on Wednesday 10 June 2026, was due on Wednesday 24 "
                       "June 2026 and is not done: "
                       "record it done (lsp action done write-to-county) or carry it as a "
                       "matter arising"}]


def test_check_does_not_warn_of_an_action_done(lsp: Lsp, papers: Ledger) -> None:
    # Given the overdue action done on 30 June
    with freeze_time(PAPERS_NOW):
        papers.complete_action("write-to-county", on("2026-06-30"))
        # When the check runs after, and as of a day before it was done
        after = json_of(lsp("check", "--json"))
        before = json_of(lsp("check", "--as-of", "2026-06-29", "--json"))
    # Then it warns only as of the day it was still open
    assert not [w for w in after["warnings"] if w["rule"] == "action-overdue"]
    assert [w["rule"] for w in before["warnings"]].count("action-overdue") == 1


def test_a_usage_error_on_action_add_records_nothing(lsp: Lsp, papers: Ledger) -> None:
    # Given the ledger
    before = stored_events(papers.store)
    # When --owner is left out, or --due is not a date
    missing = lsp("action", "add", JUNE, "a1", "--title", "X")
    bad_date = lsp("action", "add", JUNE, "a1", "--title", "X", "--owner", "sue-bell",
                   "--due", "next week")
    # Then exit 2 and exit 1, saying why, and nothing recorded
    assert missing.exit_code == 2 and "--owner" in missing.stderr
    assert bad_date.exit_code == 1 and "--due 'next week' is not a date" in bad_date.stderr
    assert stored_events(papers.store) == before
