"""Finding things (issue 16 item 6): `lsp org list`, `lsp person list`, `lsp meeting list
[BODY]` and `lsp decision list [BODY] [--status]`, each with `--json`, naming things as
people read them beside the slugs the commands take; text tables fit 100 columns by
wrapping, never truncating."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from tests.conftest import on
from tests.helpers import Lsp, example, json_of, stored_events
from tests.stories import (
    JUNE,
    JUNE_VENUE,
    MINUTES_ORGS,
    MINUTES_PEOPLE,
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


def test_org_list_names_every_organisation_with_its_seats_and_holders(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the Executive's organisations (4.1)
    # When they are listed
    with freeze_time(PAPERS_NOW):
        doc = json_of(lsp("org", "list", "--json"))
    # Then each is there by name, in name order, with its seat and who holds it
    assert [o["name"] for o in doc["orgs"]] == sorted(MINUTES_ORGS.values(), key=str.lower)
    police = next(o for o in doc["orgs"] if o["org"] == "northants-police")
    assert [(s["body_name"], s["seat"], s["holder_name"]) for s in police["seats"]] == [
        ("LSP Executive", "police", "Supt Kate Moss")]
    acre = next(o for o in doc["orgs"] if o["org"] == "northants-acre")
    assert [(s["seat"], s["holder"]) for s in acre["seats"]] == [("acre", None)]


def test_person_list_names_every_person_with_the_seats_they_hold_or_deputise_in(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the Executive's people, Insp Lee Chan the police seat's deputy (3.2)
    # When they are listed
    with freeze_time(PAPERS_NOW):
        doc = json_of(lsp("person", "list", "--json"))
        text = lsp("person", "list").stdout
    # Then each is there by name, with their seats, the deputy as deputy
    assert [p["name"] for p in doc["people"]] == sorted(MINUTES_PEOPLE.values(),
                                                         key=str.lower)
    lee = next(p for p in doc["people"] if p["person"] == "insp-lee-chan")
    assert [(s["seat"], s["as_deputy"], s["org_name"]) for s in lee["seats"]] == [
        ("police", True, "Northamptonshire Police")]
    amy = next(p for p in doc["people"] if p["person"] == "cllr-amy-hart")
    assert [(s["seat"], s["role"]) for s in amy["seats"]] == [("ddc-member-1", "chair")]
    jo = next(p for p in doc["people"] if p["person"] == "jo-smith")
    assert jo["seats"] == []
    assert "LSP Executive: police, deputy (Northamptonshire Police)" in " ".join(text.split())


def test_person_list_carries_only_names_categories_and_seats(lsp: Lsp, papers: Ledger) -> None:
    # Given the ledger's people
    # When they are listed as JSON
    with freeze_time(PAPERS_NOW):
        doc = json_of(lsp("person", "list", "--json"))
    # Then each person has exactly these fields: nothing personal beyond a name
    assert {tuple(sorted(p)) for p in doc["people"]} == {
        ("category", "name", "person", "seats")}


def test_meeting_list_gives_each_meeting_its_date_venue_and_state(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the June meeting (closed) and the September one (to come)
    # When the Executive's meetings are listed
    with freeze_time(PAPERS_NOW):
        doc = json_of(lsp("meeting", "list", "executive", "--json"))
    # Then each is there in date order, in British long form, with venue and state
    rows = [(m["meeting"], m["held"], m["venue"], m["status"], m["items"], m["published"])
            for m in doc["meetings"]]
    assert rows == [
        (JUNE, "Wednesday 10 June 2026 at 6.30 pm", JUNE_VENUE, "closed", 2,
         "Friday 29 May 2026"),
        (SEPTEMBER, "Wednesday 16 September 2026 at 2.00 pm", SEPTEMBER_VENUE, "scheduled",
         2, None)]
    assert doc["body_name"] == "LSP Executive"


def test_a_meeting_held_and_not_closed_is_listed_as_held(lsp: Lsp, papers: Ledger) -> None:
    # Given the September meeting
    # When the list is read on the afternoon of the meeting
    with freeze_time("2026-09-16 15:00:00"):
        doc = json_of(lsp("meeting", "list", "--json"))
    # Then it is held (open), June closed
    assert [m["status"] for m in doc["meetings"]] == ["closed", "held"]


def test_a_meeting_whose_scheduling_was_retracted_is_not_listed(
        lsp: Lsp, papers: Ledger) -> None:
    # Given a meeting scheduled by mistake, then its scheduling retracted
    with freeze_time(PAPERS_NOW):
        papers.schedule_meeting("executive", "exec-oops", on("2026-10-01"))
        papers.retract("meeting:exec-oops", 1, "scheduled by mistake")
        # When the meetings are listed
        doc = json_of(lsp("meeting", "list", "--json"))
    # Then it is not among them
    assert "exec-oops" not in [m["meeting"] for m in doc["meetings"]]


def test_meeting_list_of_another_body_or_an_unknown_one(lsp: Lsp, papers: Ledger) -> None:
    # Given meetings of the Executive only
    with freeze_time(PAPERS_NOW):
        # When the Forum's are listed, and a body's no terms have
        forum = json_of(lsp("meeting", "list", "forum", "--json"))
        unknown = lsp("meeting", "list", "cabinet")
    # Then the Forum has none, and the unknown body is refused with exit 1
    assert forum["meetings"] == []
    assert unknown.exit_code == 1
    assert "there is no body 'cabinet' in any version of the terms" in unknown.stderr


def test_decision_list_names_the_proposer_and_filters_by_status(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the minibus, taken in June, and a proposal still open
    with freeze_time(PAPERS_NOW):
        papers.propose_decision("executive", "signs", "New signs for the hub", "ccg",
                                on=on("2026-06-25"))
        # When decisions are listed, all, then taken only, then of the Forum
        everything = json_of(lsp("decision", "list", "--json"))
        taken = json_of(lsp("decision", "list", "executive", "--status", "taken", "--json"))
        forum = json_of(lsp("decision", "list", "forum", "--json"))
    # Then each is named, with its proposer by name and its dates in long form
    assert [(d["decision"], d["status"], d["proposer_name"]) for d in everything[
        "decisions"]] == [("minibus", "taken", "Cllr Amy Hart"),
                          ("signs", "proposed", "Dr Raj Patel")]
    assert [d["decision"] for d in taken["decisions"]] == ["minibus"]
    assert taken["decisions"][0]["taken_on"] == "Sunday 21 June 2026"
    assert forum["decisions"] == []


def test_decision_list_with_an_unknown_status_is_a_usage_error(lsp: Lsp, papers: Ledger
                                                               ) -> None:
    # Given the ledger
    # When a status that does not exist is asked for
    result = lsp("decision", "list", "--status", "approved")
    # Then exit 2, naming the statuses
    assert result.exit_code == 2
    assert "'approved' is not one of 'proposed', 'taken', 'reported'" in result.stderr


@pytest.mark.parametrize("command", [["org", "list"], ["person", "list"],
                                     ["meeting", "list"], ["decision", "list"],
                                     ["action", "list"]])
def test_a_list_fits_100_columns_and_truncates_nothing(
        lsp: Lsp, papers: Ledger, command: list[str]) -> None:
    # Given names and a venue long enough to need wrapping
    with freeze_time(PAPERS_NOW):
        papers.add_org("long-org", "The Northamptonshire and Daventry Community Voluntary "
                                   "Sector Infrastructure Consortium")
        papers.schedule_meeting("executive", "exec-long", on("2026-12-02T10:00"),
                                "The Great Hall, Daventry Community Centre, Market Square, "
                                "Daventry, Northamptonshire")
        before = stored_events(papers.store)
        # When the list is printed as text
        result = lsp(*command)
    # Then no line is wider than 100 columns, every word is there, and nothing recorded
    assert result.exit_code == 0, result.stderr
    assert all(len(line) <= 100 for line in result.stdout.splitlines())
    assert "…" not in result.stdout
    words = set(result.stdout.split())
    if command[0] == "org":
        assert {"Infrastructure", "Consortium"} <= words
    if command[0] == "meeting":
        assert {"Great", "Hall,", "Market", "Square,", "Northamptonshire"} <= words
    assert stored_events(papers.store) == before
