"""The agenda and summons (`lsp report agenda`, issue 16 item 2): the notice of the meeting
in British long form with its venue, the members summoned by name and organisation, to
whom apologies go (the terms' secretariat, else "the clerk"), the numbered items with
their proposers, matters arising from open actions, decisions between meetings to be
reported, and the publication with its days of notice. Nobody needs a slug to read it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from tests.conftest import on
from tests.helpers import Lsp, example, json_of, parse_page, stored_events
from tests.stories import (
    JUNE,
    JUNE_VENUE,
    MINUTES_PEOPLE,
    PAPERS_NOW,
    SEPTEMBER,
    SEPTEMBER_VENUE,
    NewLedger,
    daventry_executive,
    june_with_actions,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def papers(new_ledger: NewLedger) -> Ledger:
    with freeze_time(PAPERS_NOW):
        ledger = new_ledger(example("daventry"))
        daventry_executive(ledger)
        june_with_actions(ledger)
    return ledger


def agenda_json(lsp: Lsp, meeting: str) -> dict[str, Any]:
    with freeze_time(PAPERS_NOW):
        return json_of(lsp("report", "agenda", meeting, "--json"))  # type: ignore[no-any-return]


def test_the_notice_gives_the_date_time_and_venue_in_british_long_form(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the September meeting, scheduled for 2 pm at the library
    # When its agenda is printed
    with freeze_time(PAPERS_NOW):
        result = lsp("report", "agenda", SEPTEMBER)
    # Then the notice says when and where as a council paper says it
    assert result.exit_code == 0, result.stderr
    assert ("A meeting of the LSP Executive will be held on **Wednesday 16 September 2026 "
            f"at 2.00 pm** at **{SEPTEMBER_VENUE}**.") in result.stdout
    doc = agenda_json(lsp, SEPTEMBER)
    assert (doc["held"], doc["time"], doc["venue"]) == (
        "Wednesday 16 September 2026 at 2.00 pm", "2.00 pm", SEPTEMBER_VENUE)


def test_members_are_summoned_by_name_and_organisation_chair_first(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the Executive's roster (4.1), Cllr Amy Hart in the chair (4.4)
    # When the agenda is read
    doc = agenda_json(lsp, SEPTEMBER)
    summoned = [(s["person_name"], s["org_name"], s["role"]) for s in doc["summoned"]]
    # Then every holder is summoned, the chair first, the vacant seat not at all
    assert summoned[0] == ("Cllr Amy Hart", "Daventry District Council", "chair")
    assert ("Supt Kate Moss", "Northamptonshire Police", None) in summoned
    assert len(summoned) == 7  # six voting holders and the non-voting Town FC seat
    police = next(s for s in doc["summoned"] if s["seat"] == "police")
    assert police["deputy_name"] == "Insp Lee Chan"


def test_apologies_go_to_the_clerk_when_the_terms_name_no_secretariat(
        lsp: Lsp, papers: Ledger) -> None:
    # Given Daventry's terms, which name no secretariat
    # When the agenda is read
    doc = agenda_json(lsp, SEPTEMBER)
    # Then apologies go to the clerk, and no clause is cited for it
    assert (doc["apologies_to"], doc["apologies_clause"]) == ("the clerk", None)


def test_apologies_go_to_the_secretariat_lewisham_names(
        lsp: Lsp, new_ledger: NewLedger) -> None:
    # Given Lewisham's Full LSP, whose terms say "Council officers, acting as secretariat
    # for the LSP, will issue agendas and action notes" (Full LSP, meetings)
    with freeze_time(PAPERS_NOW):
        ledger = new_ledger(example("lewisham"))
        ledger.schedule_meeting("full", "full-2026-09", on("2026-09-01T10:00"))
        ledger.add_agenda_item("full-2026-09", "plan", "Borough plan")
        ledger.close()
        result = lsp("report", "agenda", "full-2026-09")
    # When its agenda is printed
    # Then apologies go to the secretariat, citing the clause
    assert result.exit_code == 0, result.stderr
    assert ("Apologies for absence to the LSP secretariat (Council officers) "
            "(clause Full LSP, meetings).") in result.stdout


def test_the_agenda_is_numbered_with_standing_items_first_and_proposers_by_name(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the September meeting: two items, one proposed by the county's seat
    # When the agenda is read
    doc = agenda_json(lsp, SEPTEMBER)
    entries = [(e["number"], e["kind"], e["title"], e["proposer_name"])
               for e in doc["entries"]]
    # Then apologies, declarations, the June minutes, matters arising, the items and the
    # decisions to report follow in order, each numbered
    assert entries == [
        (1, "apologies", "Welcome and apologies for absence", None),
        (2, "declarations", "Declarations of interest", None),
        (3, "previous-minutes", "Minutes of the previous meeting, held on Wednesday 10 June "
         "2026 at 6.30 pm, for approval", None),
        (4, "matters-arising", "Matters arising: actions from previous meetings", None),
        (5, "item", "Budget 2027/28", "Cllr Tom Reed"),
        (6, "item", "Youth strategy refresh", None),
        (7, "reports", "Decisions taken between meetings, to be reported", None),
    ]
    assert doc["entries"][4]["proposer_org_name"] == "Northamptonshire County Council"


def test_an_item_approving_the_previous_minutes_takes_their_place_on_the_agenda(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the September meeting with an item recorded to approve June's minutes
    with freeze_time(PAPERS_NOW):
        papers.add_agenda_item(SEPTEMBER, "june-minutes", "Minutes of the meeting of 10 June",
                               minutes_of=JUNE)
    # When the agenda is read
    doc = agenda_json(lsp, SEPTEMBER)
    entries = [(e["number"], e["kind"], e["title"]) for e in doc["entries"]]
    # Then that item stands third, where the previous minutes go, and only once
    assert entries[2] == (3, "item", "Minutes of the meeting of 10 June")
    assert [k for _, k, _ in entries].count("previous-minutes") == 0
    assert [t for _, _, t in entries].count("Minutes of the meeting of 10 June") == 1
    assert entries[3][1] == "matters-arising" and entries[4][2] == "Budget 2027/28"


def test_open_actions_of_earlier_meetings_are_matters_arising(
        lsp: Lsp, papers: Ledger) -> None:
    # Given two actions from June, one of them then done in August
    with freeze_time("2026-08-20 09:00:00"):
        papers.complete_action("hub-hours", on("2026-08-19"))
    # When the September agenda is read
    doc = agenda_json(lsp, SEPTEMBER)
    # Then only the open one is a matter arising, overdue by the meeting, by owner's name
    arising = [(a["title"], a["owner_name"], a["due_long"], a["overdue"])
               for a in doc["matters_arising"]]
    assert arising == [("Write to the county about match funding", "Supt Kate Moss",
                        "Wednesday 24 June 2026", True)]


def test_an_action_done_after_the_meeting_was_still_arising_at_it(
        lsp: Lsp, papers: Ledger) -> None:
    # Given an action from June done only after the September meeting
    with freeze_time("2026-09-30 09:00:00"):
        papers.complete_action("write-to-county", on("2026-09-20"))
        # When the September agenda is read afterwards
        doc = json_of(lsp("report", "agenda", SEPTEMBER, "--json"))
    # Then it stands as a matter arising at that meeting, as it did
    assert "Write to the county about match funding" in [
        a["title"] for a in doc["matters_arising"]]


def test_decisions_taken_between_meetings_are_listed_to_be_reported(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the minibus, taken between meetings in June (Daventry 4.6)
    # When the September agenda is read
    doc = agenda_json(lsp, SEPTEMBER)
    # Then it is to be reported there, with the day it was taken and the clause
    assert doc["decisions_to_report"] == [{
        "decision": "minibus", "title": "Hire a minibus for the summer",
        "taken_on": "Sunday 21 June 2026", "clause": "4.6", "carried_over": False}]


def test_an_unpublished_agenda_says_the_last_day_that_gives_the_notice_required(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the September agenda, not yet published, and Daventry's 10 days (4.7)
    # When it is read
    doc = agenda_json(lsp, SEPTEMBER)
    # Then it is to be published by 6 September
    assert doc["notice"] == {"published": None, "days_before": None, "notice_days": 10,
                             "publish_by": "Sunday 6 September 2026", "on_time": None,
                             "urgent": None, "clause": "4.7"}


def test_a_published_agenda_gives_its_date_and_days_of_notice(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the June agenda, published on 29 May, twelve days before (4.7: ten)
    # When the June agenda is read
    doc = agenda_json(lsp, JUNE)
    with freeze_time(PAPERS_NOW):
        text = lsp("report", "agenda", JUNE).stdout
    # Then it says when it went out and that the notice was given
    assert (doc["notice"]["published"], doc["notice"]["days_before"],
            doc["notice"]["on_time"]) == ("Friday 29 May 2026", 12, True)
    assert ("Published on Friday 29 May 2026, 12 day(s) before the meeting; 10 days' notice "
            "required (clause 4.7): on time.") in text
    assert f"at **{JUNE_VENUE}**" in text


def test_nobody_needs_a_slug_to_read_the_agenda(lsp: Lsp, papers: Ledger) -> None:
    # Given the September agenda
    with freeze_time(PAPERS_NOW):
        md = lsp("report", "agenda", SEPTEMBER).stdout
        html = lsp("report", "agenda", SEPTEMBER, "--format", "html").stdout
    # When its text is read
    words = parse_page(html).words()
    # Then people are named, never by slug, in both forms
    for slug, name in MINUTES_PEOPLE.items():
        assert slug not in md and slug not in words
        if slug not in ("pat-green", "jo-smith"):
            assert name in md and name in words
    for slug in ("ddc-member-1", SEPTEMBER, "write-to-county", "hub-hours"):
        assert slug not in md and slug not in words


def test_the_html_agenda_is_one_well_formed_self_contained_page(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the September agenda as HTML
    with freeze_time(PAPERS_NOW):
        result = lsp("report", "agenda", SEPTEMBER, "--format", "html")
    # When it is parsed
    page = parse_page(result.stdout)
    # Then every tag closes, nothing is fetched, and it has its sections
    assert page.problems == [] and page.open == []
    assert page.references == []
    assert page.headings == ["LSP Executive", "Notice of meeting", "Members summoned",
                             "Agenda", "Publication"]
    assert page.tags["script"] == 0
    assert "@media print" in page.style


def test_the_agenda_of_an_unknown_meeting_is_refused(lsp: Lsp, papers: Ledger) -> None:
    # Given the ledger
    before = stored_events(papers.store)
    # When the agenda of a meeting it does not have is asked for
    result = lsp("report", "agenda", "exec-2099-01")
    # Then exit 1, naming the meeting, and nothing recorded
    assert result.exit_code == 1
    assert "there is no meeting 'exec-2099-01'" in result.stderr
    assert stored_events(papers.store) == before


# --------------------------------------------------------------------------------------
# docs/reports.md shows what the commands print on this story
# --------------------------------------------------------------------------------------

def documented_output(command: str) -> str:
    """The output docs/reports.md shows under `$ COMMAND` in a `text` block."""
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    block = re.search(rf"^```text\n\$ {re.escape(command)}\n(.*?)^```$", text,
                      flags=re.S | re.M)
    assert block, f"docs/reports.md shows no output of `{command}`"
    return block.group(1)


@pytest.mark.parametrize("command", ["lsp report agenda exec-2026-09",
                                     "lsp action list --open",
                                     "lsp meeting list executive"])
def test_the_documented_examples_are_what_the_story_prints(
        lsp: Lsp, papers: Ledger, command: str) -> None:
    # Given the story docs/reports.md's agenda, action and meeting examples come from
    documented = documented_output(command)
    # When the command is run on it
    with freeze_time(PAPERS_NOW):
        result = lsp(*command.split()[1:])
    # Then it prints exactly what the docs show
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == documented


# --------------------------------------------------------------------------------------
# lsp check: an agenda not published by the last day that gives the notice (4.7)
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("as_of", "warned"), [
    ("2026-09-06", False),  # the last day that gives 10 days' notice: still in time
    ("2026-09-07", True),
    ("2026-09-16T13:00", True),  # the morning of the meeting
    ("2026-09-17", False),  # held: what it lacked is for its minutes, not a warning
])
def test_daventry_4_7_check_warns_of_an_agenda_not_published_in_time(
        lsp: Lsp, papers: Ledger, as_of: str, warned: bool) -> None:
    # Given the September meeting (16 September 2026, 2 pm), its agenda not published, and
    # Daventry's 10 days' notice (4.7)
    # When the compliance check runs as of a date
    with freeze_time(PAPERS_NOW):
        doc = json_of(lsp("check", "--as-of", as_of, "--json"))
    # Then it warns once the last day for the notice has passed, until the meeting
    found = [w for w in doc["warnings"] if w["rule"] == "agenda-notice"]
    assert bool(found) is warned
    if warned:
        assert found == [{
            "body": "executive", "rule": "agenda-notice", "clause": "4.7",
            "message": f"the agenda of meeting {SEPTEMBER} (16 September 2026 at 2.00 pm) "
                       "is not published, and 10 days' notice needed it out by "
                       "Sunday 6 September 2026: publish it with its reason of urgency (lsp "
                       f"agenda publish {SEPTEMBER} --urgent REASON) or move the meeting (lsp "
                       f"meeting reschedule {SEPTEMBER} --on DATE)"}]


def test_daventry_4_7_an_agenda_published_late_for_urgency_is_no_longer_warned_of(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the September meeting's agenda, not published by 6 September
    # When it is published on 10 September with its reason of urgency
    with freeze_time("2026-09-10 09:00:00"):
        papers.publish_agenda(SEPTEMBER, urgent="the budget figures came late")
        before = json_of(lsp("check", "--json"))
        after = json_of(lsp("check", "--as-of", "2026-09-20", "--json"))
    # Then the check no longer says it is unpublished; once the meeting is held, it names
    # the urgency on record instead
    assert not [w for w in before["warnings"] if w["rule"] == "agenda-notice"]
    messages = [w["message"] for w in after["warnings"] if w["rule"] == "agenda-notice"]
    assert [m for m in messages if "urgent: the budget figures came late" in m]
