"""The minutes of a meeting (`projections.meetings.minutes`, `lsp report minutes`).

One Daventry Executive meeting is built through the Ledger API (examples/daventry): the
agenda published late as urgent (terms 4.7), three voting members present in person and
one by deputy (3.2), apologies, a seat absent without apologies, a vacant seat, an
officer in attendance, a personal interest declared (6.4), a tied vote decided by the
chair's casting vote (4.3), a lost vote, a consensus decision, a membership request
decided (4.1, 4.4), and a correction. The minutes must say all of it, read the same as
the write side, and print as Markdown, one well-formed HTML page and one JSON document.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger.app import Ledger
from ledger.errors import NotFound
from projections.catchup import ReadStore
from projections.meeting_models import Minutes
from projections.meetings import minutes
from tests.conftest import event_count, on
from tests.helpers import Lsp, parse_page
from tests.stories import (
    CONSENSUS,
    CORRECTION,
    DAVENTRY_TERMS,
    JUNE,
    URGENCY,
    daventry_executive,
    june_meeting,
)

MEETING = JUNE  # the meeting of the story (tests/stories.py, `june_meeting`)


@pytest.fixture
def ledger(kept_story: Callable[..., Ledger]) -> Ledger:
    return kept_story("june", june)


def june(new_ledger: Callable[..., Ledger]) -> Ledger:
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    daventry_executive(made)
    june_meeting(made)
    return made


@pytest.fixture
def paper(ledger: Ledger) -> Minutes:
    return minutes(ReadStore(ledger), MEETING)


def by_seat(rows: list, seat: str):
    return next(r for r in rows if r.seat == seat)


def item(m: Minutes, slug: str):
    return next(i for i in m.items if i.item == slug)


# --------------------------------------------------------------------------------------
# The read model
# --------------------------------------------------------------------------------------

def test_minutes_name_the_body_the_date_and_the_terms_version(paper: Minutes) -> None:
    # Given the June meeting of the Daventry Executive
    # When its minutes are read
    m = paper
    # Then they name the body, the partnership, the time in England and the terms version
    assert (m.meeting, m.body, m.body_name) == (MEETING, "executive", "LSP Executive")
    assert m.partnership == "Daventry District Local Strategic Partnership"
    assert (m.held, m.date, m.terms_version) == ("2026-06-10 18:30", "2026-06-10", 1)
    assert m.closed is True


def test_agenda_published_late_is_minuted_with_its_urgency_reason_clause_4_7(
        paper: Minutes) -> None:
    # Given an agenda published five days before the meeting, as urgent
    # When the minutes are read
    p = paper.publication
    # Then they say it was late against the ten days of 4.7, and why
    assert p is not None
    assert (p.published, p.days_before, p.notice_days, p.clause) == ("2026-06-05", 5, 10, "4.7")
    assert p.on_time is False
    assert p.urgent == URGENCY


def test_attendance_is_minuted_by_category_clause_3_2(paper: Minutes) -> None:
    # Given three members in person, a deputy, apologies, an absentee and a vacant seat
    m = paper
    # When the attendance is read
    present = {(s.seat, s.org_name, s.person_name, s.role) for s in m.present}
    deputy = by_seat(m.deputies, "police")
    # Then each person is under the right heading, with their seat and organisation
    assert present == {
        ("ddc-member-1", "Daventry District Council", "Cllr Amy Hart", "chair"),
        ("ccg", "Nene Clinical Commissioning Group", "Dr Raj Patel", None),
        ("college", "Northampton College", "Prof Ann Lee", None),
    }
    assert (deputy.person_name, deputy.deputy_for_name) == ("Insp Lee Chan", "Supt Kate Moss")
    assert [(s.seat, s.person_name) for s in m.apologies] == [("futures", "Sue Bell")]
    assert {(s.seat, s.person_name, s.voting) for s in m.absent} == {
        ("county", "Cllr Tom Reed", True), ("town-fc", "Pat Green", False)}
    assert [(s.seat, s.org_name) for s in m.vacant] == [("acre", "Northamptonshire ACRE")]


def test_officers_in_attendance_are_listed_and_never_counted_clause_4_5(
        paper: Minutes) -> None:
    # Given an officer in attendance and four voting seats present (one by deputy)
    m = paper
    # When the attendance and quorum are read
    # Then the officer is listed apart, and the quorum counts the four voting seats only
    assert [(a.person_name, a.capacity) for a in m.in_attendance] == [("Jo Smith", "officer")]
    assert (m.quorum.quorate, m.quorum.present_voting, m.quorum.required) == (True, 4, 3)
    assert m.quorum.clause == "4.5"
    assert m.quorum.reason == "4 voting members present; clause 4.5 requires 3"


def test_declarations_of_interest_are_minuted_clause_6_4(paper: Minutes) -> None:
    # Given Dr Patel's personal interest in the grants item
    # When the declarations are read
    [d] = paper.declarations
    # Then who, which item, what nature and note, and that no seat is excluded (6.4)
    assert (d.person_name, d.item, d.item_title) == (
        "Dr Raj Patel", "grants", "Community grants budget 2026/27")
    assert (d.nature, d.note, d.left_room, d.excludes_seat, d.clause) == (
        "personal", "trustee of a grant applicant", False, None, "6.4")
    assert item(paper, "grants").declarations == [d]


def test_a_tie_decided_by_the_chairs_casting_vote_is_minuted_clause_4_3(
        paper: Minutes) -> None:
    # Given a 2-2 vote on grants, decided by the chair's casting vote for
    grants = item(paper, "grants")
    # When the item is read
    v = grants.vote
    # Then the proposer, counts, who voted how, outcome, reason, clause and casting vote
    assert (grants.proposer, grants.proposer_name) == ("ddc-member-1", "Cllr Amy Hart")
    assert grants.status == "carried"
    assert v is not None
    assert (v.result, v.votes_for, v.votes_against, v.abstentions, v.casting) == (
        "carried", 2, 2, 0, "for")
    assert [(x.seat, x.person_name, x.choice) for x in v.votes] == [
        ("ccg", "Dr Raj Patel", "for"), ("college", "Prof Ann Lee", "against"),
        ("ddc-member-1", "Cllr Amy Hart", "for"), ("police", "Insp Lee Chan", "against")]
    assert v.reason == ("2 for, 2 against, 0 abstaining: a tie, decided by the chair's "
                        "casting vote for (clause 4.3)")
    assert (v.clause, v.terms_version) == ("4.3", 1)
    assert v.quorum == "4 voting members present; clause 4.5 requires 3"


def test_a_lost_vote_and_a_consensus_are_minuted_clause_4_3(paper: Minutes) -> None:
    # Given the hub item lost 1-2 with an abstention, and the plan agreed by consensus
    hub, plan = item(paper, "hub"), item(paper, "plan")
    # When the items are read
    # Then the lost vote keeps its counts and reason; the consensus its text
    assert hub.status == "lost"
    assert hub.vote is not None
    assert (hub.vote.votes_for, hub.vote.votes_against, hub.vote.abstentions) == (1, 2, 1)
    assert hub.vote.reason == "1 for, 2 against, 1 abstaining: lost by a majority of votes cast"
    assert (hub.proposer, hub.proposer_org_name) == ("ccg", "Nene Clinical Commissioning Group")
    assert plan.status == "agreed"
    assert plan.vote is None
    assert plan.consensus is not None
    assert plan.consensus.text == CONSENSUS
    assert plan.consensus.quorum == "4 voting members present; clause 4.5 requires 3"
    assert [i.item for i in paper.items] == ["grants", "hub", "plan"]


def test_membership_requests_decided_at_the_meeting_are_minuted_clause_4_1(
        paper: Minutes) -> None:
    # Given Daventry Town FC's request, rejected at the meeting
    # When the minutes are read
    [r] = paper.membership_decisions
    # Then the request, organisation, body, decision and clause are there
    assert (r.request, r.org_name, r.body, r.decision) == (
        "town-fc-2026", "Daventry Town FC", "executive", "rejected")
    assert (r.clause, r.requested) == ("4.1, 4.4", "2026-05-01")


def test_a_correction_is_minuted_and_the_retracted_record_no_longer_counts(
        paper: Minutes) -> None:
    # Given Pat Green recorded in attendance by mistake, then retracted
    # When the minutes are read
    [c] = paper.corrections
    # Then the correction says what was retracted, when, by whom and why
    assert c.event == "InAttendance"
    assert c.what == "Pat Green recorded as in attendance (observer)"
    assert (c.reason, c.corrected, c.actor) == (CORRECTION, "2026-06-12", "secretariat")
    assert "Pat Green" not in [a.person_name for a in paper.in_attendance]


def test_minutes_agree_with_the_write_side(ledger: Ledger, paper: Minutes) -> None:
    # Given the meeting as the Meeting aggregate holds it, and its quorum as checked
    state = ledger.meeting_state(MEETING).state
    count = ledger.quorum(MEETING)
    # When the minutes are compared with it
    # Then they agree on attendance, quorum and every outcome
    assert {s.seat for s in paper.present + paper.deputies} == set(state.present)
    assert {s.seat for s in paper.apologies} == set(state.apologies)
    assert (paper.quorum.reason, paper.quorum.required) == (count.reason, count.required)
    for it in paper.items:
        held = state.items[it.item]
        assert (it.vote.result if it.vote else None) == (
            held.outcome["result"] if held.outcome else None)
        assert (it.consensus.text if it.consensus else None) == held.consensus


def test_minutes_pin_the_position_of_the_read_store(ledger: Ledger, paper: Minutes) -> None:
    # Given the ledger after the meeting
    # When the minutes are read
    # Then they say up to which event the ledger was read
    assert paper.position == event_count(ledger)


def test_minutes_of_an_unknown_meeting_are_refused(ledger: Ledger) -> None:
    # Given the ledger
    before = event_count(ledger)
    # When the minutes of a meeting that does not exist are asked for
    # Then it is NotFound, and nothing is recorded
    with pytest.raises(NotFound, match="there is no meeting 'exec-1999' in the ledger"):
        minutes(ReadStore(ledger), "exec-1999")
    assert event_count(ledger) == before


def test_minutes_of_a_meeting_only_scheduled_say_what_is_not_recorded_yet(
        new_ledger: Callable[..., Ledger]) -> None:
    # Given a meeting scheduled, with nothing else recorded
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    daventry_executive(made)
    made.schedule_meeting("executive", "exec-2026-09", on("2026-09-15"))
    # When its minutes are read
    m = minutes(ReadStore(made), "exec-2026-09")
    # Then no publication, nobody present (not quorate), no items, and it is open
    assert m.publication is None
    assert (m.present, m.deputies, m.items, m.closed) == ([], [], [], False)
    assert len(m.absent) == 7
    assert m.quorum.quorate is False
    assert m.quorum.reason == "0 voting members present; clause 4.5 requires 3"


def test_a_vote_not_yet_closed_is_minuted_as_open(new_ledger: Callable[..., Ledger],
                                                 lsp: Lsp) -> None:
    # Given a quorate meeting with two votes cast on an item, the vote not closed
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    daventry_executive(made)
    made.schedule_meeting("executive", "exec-2026-07", on("2026-07-01T18:30"))
    made.add_agenda_item("exec-2026-07", "hub", "Youth hub opening hours")
    for seat in ("ddc-member-1", "ccg", "college"):
        made.attend("exec-2026-07", seat)
    made.cast_vote("exec-2026-07", "hub", "ccg", "for")
    made.cast_vote("exec-2026-07", "hub", "college", "abstain")
    # When its minutes are read
    hub = minutes(ReadStore(made), "exec-2026-07").items[0]
    md = lsp("report", "minutes", "exec-2026-07").stdout
    # Then the item is open, with the votes recorded so far, and no outcome
    assert (hub.status, hub.vote, hub.consensus) == ("open", None, None)
    assert [(v.seat, v.choice) for v in hub.votes_cast] == [("ccg", "for"),
                                                             ("college", "abstain")]
    assert "**The vote is open:** 2 vote(s) recorded, not yet closed." in md


def test_meeting_events_are_filed_under_the_meeting_kind(ledger: Ledger, lsp: Lsp) -> None:
    # Given the meeting
    # When its audit trail is asked for
    result = lsp("audit", "--entity", f"meeting:{MEETING}", "--json")
    # Then its events are there, as entity meeting:SLUG
    assert result.exit_code == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    assert events[0]["entity"] == f"meeting:{MEETING}"


# --------------------------------------------------------------------------------------
# The papers: Markdown, HTML, JSON, through `lsp report minutes`
# --------------------------------------------------------------------------------------

def test_html_minutes_are_one_well_formed_self_contained_page(ledger: Ledger, lsp: Lsp) -> None:
    # Given the meeting
    # When its minutes are printed as HTML
    result = lsp("report", "minutes", MEETING, "--format", "html")
    # Then exit 0, and stdout is one page: every tag closed, one <html>, inline CSS with a
    # print style, no scripts and nothing fetched from elsewhere
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("<!DOCTYPE html>")
    page = parse_page(result.stdout)
    assert page.problems == []
    assert page.open == []
    assert (page.tags["html"], page.tags["head"], page.tags["body"]) == (1, 1, 1)
    assert page.tags["style"] == 1
    assert "@media print" in page.style
    assert page.tags["script"] == 0
    assert page.references == []
    assert page.tags["link"] == page.tags["img"] == page.tags["iframe"] == 0


def test_html_minutes_have_headings_for_each_part_and_pin_the_ledger(
        ledger: Ledger, lsp: Lsp) -> None:
    # Given the meeting
    # When its minutes are printed as HTML
    page = parse_page(lsp("report", "minutes", MEETING, "--format", "html").stdout)
    text = " ".join(" ".join(page.text).split())
    # Then there are headings for attendance and each numbered minute
    for heading in ("LSP Executive", "Present", "In attendance", "1. Apologies for absence",
                    "2. Declarations of interest", "3. Community grants budget 2026/27",
                    "4. Youth hub opening hours", "5. Community Strategy action plan",
                    "6. Membership requests", "Corrections"):
        assert heading in page.headings
    # And the content in words, with a footer pinning the ledger's state
    assert f"Urgency: {URGENCY}" in text
    assert ("RESOLVED: that the proposal, Community grants budget 2026/27, be agreed. "
            "On a vote: 2 for, 2 against, 0 abstentions; the Chair, Cllr Amy Hart, used the "
            "casting vote in favour (clause 4.3).") in text
    assert "NOT AGREED: The proposal was lost." in text
    assert f"RESOLVED: {CONSENSUS} By consensus." in text
    assert "Insp Lee Chan (deputy for Supt Kate Moss)" in text
    assert f"recorded in the ledger up to event #{event_count(ledger)}." in text


def test_html_minutes_escape_what_people_typed(new_ledger: Callable[..., Ledger],
                                               lsp: Lsp) -> None:
    # Given an item whose title looks like markup
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    daventry_executive(made)
    made.schedule_meeting("executive", "exec-x", on("2026-06-10"))
    made.add_agenda_item("exec-x", "x", "<script>alert('x')</script> & <b>bold</b>")
    # When the minutes are printed as HTML
    result = lsp("report", "minutes", "exec-x", "--format", "html")
    page = parse_page(result.stdout)
    # Then the text is shown as typed, and no tag is made of it
    assert page.tags["script"] == page.tags["b"] == 0
    assert "&lt;script&gt;" in result.stdout
    assert "<script>alert('x')</script> & <b>bold</b>" in "".join(page.text)


def test_markdown_minutes_are_the_default_and_say_everything(ledger: Ledger, lsp: Lsp) -> None:
    # Given the meeting
    # When its minutes are printed without a format
    result = lsp("report", "minutes", MEETING)
    md = result.stdout
    # Then Markdown: the body and the day, attendance by name, numbered minutes with
    # their resolutions in words, corrections, the signature block and the footer
    assert (result.exit_code, result.stderr) == (0, "")
    assert md.startswith("# LSP Executive\n\nDaventry District Local Strategic Partnership\n\n"
                         "**Minutes** of the meeting held on Wednesday 10 June 2026 at "
                         "6.30 pm.\n")
    for heading in ("## Present", "## In attendance", "## 1. Apologies for absence",
                    "## 2. Declarations of interest", "## 3. Community grants budget 2026/27",
                    "## 6. Membership requests", "## Corrections"):
        assert f"\n{heading}\n" in md
    assert f"**Urgency:** {URGENCY}" in md
    assert "| Insp Lee Chan (deputy for Supt Kate Moss) | Northamptonshire Police | police |" \
        in md
    assert "| Cllr Amy Hart (Chair) | Daventry District Council | ddc-member-1 |" in md
    assert ("- Dr Raj Patel declared a personal interest in minute 3, Community grants budget "
            "2026/27: trustee of a grant applicant.") in md
    assert "The meeting was quorate: 4 voting members present; clause 4.5 requires 3." in md
    assert ("Daventry Town FC asked on Friday 1 May 2026 to join the LSP Executive. "
            "**RESOLVED:** that the request be rejected (clause 4.1, 4.4).") in md
    assert ("On Friday 12 June 2026, secretariat corrected the record: Pat Green recorded as "
            f"in attendance (observer) was retracted, because {CORRECTION}.") in md
    assert "\nChair ........................................ Date ....................\n" in md
    assert md.endswith(f"recorded in the ledger up to event #{event_count(ledger)}. "
                       "The ledger has not been sealed yet (`lsp seal`).\n")


def test_json_minutes_are_one_document_the_models_dump(ledger: Ledger, lsp: Lsp,
                                                       paper: Minutes) -> None:
    # Given the meeting
    # When its minutes are asked for with --json, and with --format json
    as_json = lsp("report", "minutes", MEETING, "--json")
    as_format = lsp("report", "minutes", MEETING, "--format", "json")
    # Then each prints one JSON document, the read model's dump
    assert (as_json.exit_code, as_json.stderr) == (0, "")
    doc = json.loads(as_json.stdout)
    assert doc == paper.model_dump(mode="json")
    assert json.loads(as_format.stdout) == doc
    assert doc["items"][0]["vote"]["casting"] == "for"


def test_minutes_written_to_a_file(ledger: Ledger, lsp: Lsp, tmp_path: Path) -> None:
    # Given the meeting
    out = tmp_path / "minutes.html"
    # When the HTML minutes are written with --output, then again with --json
    result = lsp("report", "minutes", MEETING, "--format", "html", "--output", str(out))
    doc = json.loads(lsp("report", "minutes", MEETING, "--json",
                         "--output", str(tmp_path / "m.json")).stdout)
    # Then the file holds the page, and stdout says where it went
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (f"Minutes of {MEETING} written to {out} (html, recorded in the "
                             f"ledger up to event #{event_count(ledger)}).\n")
    assert parse_page(out.read_text(encoding="utf-8")).problems == []
    assert doc["format"] == "json"
    assert json.loads((tmp_path / "m.json").read_text())["meeting"] == MEETING


def test_json_with_another_format_is_a_usage_error(ledger: Ledger, lsp: Lsp) -> None:
    # Given the meeting
    # When --json is combined with --format md
    result = lsp("report", "minutes", MEETING, "--json", "--format", "md")
    # Then exit 2: the two disagree
    assert result.exit_code == 2
    assert "--json is the same as --format json" in result.stderr


def test_minutes_of_an_unknown_meeting_exit_1_and_record_nothing(ledger: Ledger,
                                                                lsp: Lsp) -> None:
    # Given the ledger
    before = event_count(ledger)
    # When the minutes of an unknown meeting are asked for, as text and as JSON
    text = lsp("report", "minutes", "exec-1999")
    as_json = lsp("report", "minutes", "exec-1999", "--json")
    # Then exit 1, the message on stderr, a JSON error document under --json, nothing recorded
    assert (text.exit_code, text.stdout) == (1, "")
    assert text.stderr.startswith("Error: there is no meeting 'exec-1999' in the ledger")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["error"] == "NotFound"
    assert as_json.stderr.startswith("Error: ")
    assert event_count(ledger) == before
