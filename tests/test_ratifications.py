"""The ratification paper (`projections.decisions.ratifications`, `lsp report ratifications`).

Daventry 4.6: between meetings "the chair with the approval of one other member, or three
members in the absence of the chair" may decide, and "all such decisions will be reported
to the following board meeting". The story, built through the Ledger API with the Daventry
terms (examples/daventry/terms.toml):

- May: the chair proposes hiring a youth bus, the CCG approves (taken, chair and one);
- June: the Executive meets and closes without the youth bus reported (carried over);
- October: the county proposes a grant top-up, the police and Futures approve (taken,
  three without the chair); Sue Bell declares a personal interest;
- November: the college proposes backing the Volunteer Centre's bid, Prof Lee declares an
  interest, the chair approves (taken, the clock frozen at the approval); a proposal is
  left waiting for approval, another withdrawn;
- December: the Executive meets (the paper's meeting) and, once the paper is out,
  ratifies, notes and rescinds;
- a winter shelter is decided after the December meeting: it belongs to March's paper.

The paper must say all of it, and print as Markdown, one printable HTML page and one JSON
document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import NotFound
from projections.agenda import agenda, ratification_paper
from projections.catchup import ReadStore
from projections.decision_models import RatificationItem, RatificationPaper
from projections.decisions import ratifications
from tests.conftest import event_count, on
from tests.helpers import Lsp, parse_page
from tests.stories import (
    AFTER_THE_STORY,
    BUS_ALTERNATIVES,
    BUS_REASONS,
    BUS_TEXT,
    BUS_URGENCY,
    DAVENTRY_TERMS,
    DECEMBER,
    GRANT_INTEREST,
    GRANT_REASONS,
    JUNE,
    MARCH,
    RESCINDED,
    VC_ALTERNATIVES,
    VC_INTEREST,
    VC_REASONS,
    VC_TEXT,
    VC_URGENCY,
    daventry_story,
    executive,
    report_in_december,
)

# --------------------------------------------------------------------------------------
# The story (tests/stories.py, `daventry_story`), built through the Ledger API
# --------------------------------------------------------------------------------------

@pytest.fixture
def ledger(kept_story: Callable[..., Ledger]) -> Iterator[Ledger]:
    """The story, told and read with the clock after its last act (nothing dated after
    now is recorded); a test may still set the clock where it needs it."""
    with freeze_time(AFTER_THE_STORY, tick=True):
        yield kept_story("daventry_story", lambda new_ledger: daventry_story(
            new_ledger(DAVENTRY_TERMS, "2026-04-01")))


@pytest.fixture
def paper(ledger: Ledger) -> RatificationPaper:
    return ratifications(ReadStore(ledger), DECEMBER)


@pytest.fixture
def reported(ledger: Ledger) -> Ledger:
    report_in_december(ledger)
    return ledger


def entry(p: RatificationPaper, slug: str) -> RatificationItem:
    return next(d for d in p.decisions if d.decision == slug)


# --------------------------------------------------------------------------------------
# The read model
# --------------------------------------------------------------------------------------

def test_the_paper_names_the_meeting_the_body_and_the_reporting_clause_4_6(
        paper: RatificationPaper) -> None:
    # Given the December meeting of the Daventry Executive
    # When its ratification paper is read
    p = paper
    # Then it names the meeting, the body, the partnership, the clause and the previous meeting
    assert (p.meeting, p.body, p.body_name) == (DECEMBER, "executive", "LSP Executive")
    assert p.partnership == "Daventry District Local Strategic Partnership"
    assert (p.held, p.date, p.terms_version, p.closed) == (
        "2026-12-01 18:30", "2026-12-01", 1, False)
    assert p.clause == "4.6"
    assert p.previous_meeting is not None
    assert (p.previous_meeting.meeting, p.previous_meeting.held) == (JUNE, "2026-06-10 18:30")


def test_the_paper_lists_every_decision_taken_since_the_previous_meeting_clause_4_6(
        paper: RatificationPaper) -> None:
    # Given decisions taken in October and November, one waiting for approval, one withdrawn,
    # and one taken after the meeting
    # When the December paper is read
    listed = [(d.decision, d.carried_over) for d in paper.decisions]
    # Then the two taken since June come first, in the order taken, then the one carried over;
    # what was not taken by the day of the meeting is not on it
    assert listed == [("grant-top-up", False), ("vc-match-funding", False),
                      ("youth-bus", True)]


def test_each_decision_carries_its_text_reasons_alternatives_and_urgency(
        paper: RatificationPaper) -> None:
    # Given the Volunteer Centre decision
    # When it is read from the paper
    d = entry(paper, "vc-match-funding")
    # Then the decision, its reasons, the alternatives considered and why it could not wait
    assert d.title == "Support the Volunteer Centre's Community Fund bid"
    assert (d.text, d.reasons, d.alternatives, d.urgency) == (
        VC_TEXT, VC_REASONS, VC_ALTERNATIVES, VC_URGENCY)
    assert (d.status, d.outcome) == ("taken", None)


def test_the_chair_and_one_other_member_take_a_decision_clause_4_6(
        paper: RatificationPaper) -> None:
    # Given the college's proposal approved by the chair (the clock frozen at 10:00)
    d = entry(paper, "vc-match-funding")
    # When who agreed, and the evidence, are read
    p, [a] = d.proposer, d.approvals
    # Then the proposer and the approver with their seats, organisations and dates, and the
    # route of 4.6 as recorded when it was taken
    assert (p.seat, p.org_name, p.person_name, p.chair, p.when) == (
        "college", "Northampton College", "Prof Ann Lee", False, "2026-11-16")
    assert (a.seat, a.org_name, a.person_name, a.chair, a.as_deputy, a.when) == (
        "ddc-member-1", "Daventry District Council", "Cllr Amy Hart", True, False,
        "2026-11-18 10:00")
    assert (d.proposed_on, d.taken_on) == ("2026-11-16", "2026-11-18 10:00")
    assert d.evidence is not None
    assert (d.evidence.route, d.evidence.clause, d.evidence.terms_version) == (
        "chair-plus", "4.6", 1)
    assert d.evidence.reason == "the chair and 1 other member(s) agree; clause 4.6 needs the " \
                                "chair and 1"


def test_three_members_without_the_chair_take_a_decision_clause_4_6(
        paper: RatificationPaper) -> None:
    # Given the county's proposal approved by the police and Futures, without the chair
    d = entry(paper, "grant-top-up")
    # When who agreed, and the evidence, are read
    # Then three members, none of them the chair, and the second route of 4.6
    assert (d.proposer.person_name, d.proposer.org_name, d.proposer.when) == (
        "Cllr Tom Reed", "Northamptonshire County Council", "2026-10-01")
    assert [(a.person_name, a.when, a.chair) for a in d.approvals] == [
        ("Supt Kate Moss", "2026-10-02", False), ("Sue Bell", "2026-10-03", False)]
    assert d.evidence is not None
    assert d.evidence.route == "without-chair"
    assert d.evidence.reason == "3 members other than the chair agree; clause 4.6 needs 3"
    assert d.taken_on == "2026-10-03"


def test_interests_declared_on_a_decision_are_on_the_paper_clause_6_4(
        paper: RatificationPaper) -> None:
    # Given Sue Bell's and Prof Lee's personal interests
    # When the decisions are read
    grant, vc = entry(paper, "grant-top-up"), entry(paper, "vc-match-funding")
    # Then each names the person, the nature, the note and when it was declared
    assert [(i.person_name, i.nature, i.note, i.declared) for i in grant.interests] == [
        ("Sue Bell", "personal", GRANT_INTEREST, "2026-10-02")]
    assert [(i.person_name, i.note) for i in vc.interests] == [("Prof Ann Lee", VC_INTEREST)]
    assert entry(paper, "youth-bus").interests == []


def test_a_decision_not_reported_to_the_previous_meeting_is_carried_over(
        paper: RatificationPaper) -> None:
    # Given the youth bus, taken in May and not reported to the June meeting, now closed
    d = entry(paper, "youth-bus")
    # When the December paper is read
    # Then it is there, carried over, naming the meeting that missed it
    assert d.carried_over is True
    assert [(m.meeting, m.closed) for m in d.missed] == [(JUNE, True)]
    assert (d.text, d.reasons, d.alternatives, d.urgency) == (
        BUS_TEXT, BUS_REASONS, BUS_ALTERNATIVES, BUS_URGENCY)
    assert (d.proposer.person_name, d.proposer.chair, d.taken_on) == (
        "Cllr Amy Hart", True, "2026-05-21")


def test_the_outcome_is_on_the_paper_once_reported(reported: Ledger) -> None:
    # Given the December meeting ratified, rescinded and noted the three decisions
    # When the paper is read again
    p = ratifications(ReadStore(reported), DECEMBER)
    # Then each carries its outcome (and the reason for the rescinded one); nothing is lost
    assert [(d.decision, d.status, d.outcome, d.outcome_reason) for d in p.decisions] == [
        ("grant-top-up", "reported", "rescinded", RESCINDED),
        ("vc-match-funding", "reported", "ratified", ""),
        ("youth-bus", "reported", "noted", "")]
    assert p.closed is True
    report = entry(p, "grant-top-up").report
    assert report is not None
    assert (report.meeting, report.held) == (DECEMBER, "2026-12-01 18:30")


def test_a_decision_taken_after_the_meeting_is_on_the_next_papers(reported: Ledger) -> None:
    # Given the winter shelter, taken after the December meeting
    # When the March paper is read
    p = ratifications(ReadStore(reported), MARCH)
    # Then it is there, and what December already dealt with is not
    assert p.previous_meeting is not None
    assert p.previous_meeting.meeting == DECEMBER
    assert [(d.decision, d.carried_over) for d in p.decisions] == [("winter-shelter", False)]


def test_the_paper_of_a_meeting_that_missed_a_decision_still_lists_it(
        reported: Ledger) -> None:
    # Given the June meeting, closed without the youth bus, reported later in December
    # When the June paper is read again after December
    p = ratifications(ReadStore(reported), JUNE)
    # Then it lists the youth bus, with no outcome at June, and where it was reported
    [d] = p.decisions
    assert (d.decision, d.carried_over, d.outcome) == ("youth-bus", False, None)
    assert p.previous_meeting is None
    assert d.report is not None
    assert (d.report.meeting, d.report.outcome) == (DECEMBER, "noted")


def test_the_paper_pins_the_position_of_the_read_store(ledger: Ledger,
                                                       paper: RatificationPaper) -> None:
    # Given the ledger
    # When the paper is read
    # Then it says up to which event the ledger was read
    assert paper.position == event_count(ledger)


def test_the_paper_of_an_unknown_meeting_is_refused(ledger: Ledger) -> None:
    # Given the ledger
    before = event_count(ledger)
    # When the paper of a meeting that does not exist is asked for
    # Then NotFound, and nothing is recorded
    with pytest.raises(NotFound, match="there is no meeting 'exec-1999' in the ledger"):
        ratifications(ReadStore(ledger), "exec-1999")
    assert event_count(ledger) == before


def test_a_meeting_with_no_decisions_between_meetings_has_an_empty_paper(
        new_ledger: Callable[..., Ledger]) -> None:
    # Given the Executive's first meeting, with no decision taken before it
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    executive(made)
    made.schedule_meeting("executive", JUNE, on("2026-06-10T18:30"))
    # When its paper is read
    p = ratifications(ReadStore(made), JUNE)
    # Then no previous meeting and no decisions, but the clause all the same
    assert (p.previous_meeting, p.decisions, p.clause) == (None, [], "4.6")


# --------------------------------------------------------------------------------------
# The paper printed: `lsp report ratifications`
# --------------------------------------------------------------------------------------

def test_html_paper_is_one_well_formed_self_contained_printable_page(
        ledger: Ledger, lsp: Lsp) -> None:
    # Given the December meeting
    # When its paper is printed as HTML
    result = lsp("report", "ratifications", DECEMBER, "--format", "html")
    # Then exit 0 and one page: every tag closed, one <html>, inline CSS with a print style,
    # no scripts, nothing fetched from elsewhere
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


def test_html_paper_says_everything_a_council_officer_sends(ledger: Ledger, lsp: Lsp) -> None:
    # Given the December meeting
    # When its paper is printed as HTML
    page = parse_page(lsp("report", "ratifications", DECEMBER, "--format", "html").stdout)
    text = page.words()
    # Then a heading for the paper, each part and each decision, numbered
    assert page.headings == [
        "Decisions taken between meetings: LSP Executive",
        "Decisions taken since the previous meeting",
        "1. Top up two community grants (grant-top-up)",
        "2. Support the Volunteer Centre's Community Fund bid (vc-match-funding)",
        "Decisions carried over",
        "3. Summer youth bus (youth-bus)"]
    # And the clause, the previous meeting, the content of each decision, the people, the
    # dates, the interests, and the footer pinning the ledger's state
    assert ("Under clause 4.6 of the terms of reference, every decision taken between "
            "meetings is reported to the following meeting") in text
    assert (f"since the previous meeting, {JUNE} (10 June 2026 at 6.30 pm), and 1 carried "
            "over") in text
    for typed in (VC_TEXT, VC_REASONS, VC_ALTERNATIVES, VC_URGENCY, BUS_TEXT, GRANT_REASONS):
        assert typed in text
    assert ("16 November 2026 by Prof Ann Lee (Northampton College, seat college)") in text
    assert ("18 November 2026 at 10.00 am: Cllr Amy Hart, chair (Daventry District Council, "
            "seat ddc-member-1)") in text
    assert ("3 October 2026: 3 members other than the chair agree; clause 4.6 needs 3 (clause "
            "4.6, terms of reference version 1)") in text
    assert f"Sue Bell (personal: {GRANT_INTEREST}), declared 2 October 2026" in text
    assert f"Not reported to {JUNE} (10 June 2026 at 6.30 pm)." in text
    assert text.count("For the meeting to ratify, note or rescind.") == 3
    assert f"Recorded in the ledger up to event #{event_count(ledger)}." in text


def test_html_paper_shows_the_outcomes_once_reported(reported: Ledger, lsp: Lsp) -> None:
    # Given the December meeting reported all three decisions
    # When the paper is printed again
    text = parse_page(lsp("report", "ratifications", DECEMBER, "--format", "html").stdout).words()
    # Then each outcome is shown, with the reason for the rescinded one
    assert f"Outcome: rescinded: {RESCINDED}" in text
    assert "Outcome: ratified" in text
    assert "Outcome: noted" in text
    assert "For the meeting to ratify" not in text


def test_html_paper_escapes_what_people_typed(new_ledger: Callable[..., Ledger],
                                              lsp: Lsp) -> None:
    # Given a decision whose title and reasons look like markup
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    executive(made)
    made.propose_decision("executive", "x", "<script>alert('x')</script>", "ddc-member-1",
                          reasons="<b>bold</b> & <a href='http://example.org'>link</a>",
                          on=on("2026-05-01"))
    made.approve_decision("x", "ccg", on=on("2026-05-02"))
    made.schedule_meeting("executive", JUNE, on("2026-06-10T18:30"))
    # When the paper is printed as HTML
    result = lsp("report", "ratifications", JUNE, "--format", "html")
    page = parse_page(result.stdout)
    # Then the text is shown as typed, and no tag is made of it
    assert page.tags["script"] == page.tags["b"] == page.tags["a"] == 0
    assert page.references == []
    assert "&lt;script&gt;" in result.stdout
    assert "<b>bold</b> & <a href='http://example.org'>link</a>" in "".join(page.text)


def test_markdown_paper_is_the_default_and_says_everything(ledger: Ledger, lsp: Lsp) -> None:
    # Given the December meeting
    # When its paper is printed without a format
    result = lsp("report", "ratifications", DECEMBER)
    md = result.stdout
    # Then Markdown: a title, a section per part, each decision with its details
    assert (result.exit_code, result.stderr) == (0, "")
    assert md.startswith("# Decisions taken between meetings: LSP Executive, "
                         "1 December 2026 at 6.30 pm\n")
    for heading in ("## Decisions taken since the previous meeting",
                    "### 1. Top up two community grants (`grant-top-up`)",
                    "### 2. Support the Volunteer Centre's Community Fund bid "
                    "(`vc-match-funding`)",
                    "## Decisions carried over", "### 3. Summer youth bus (`youth-bus`)"):
        assert f"\n{heading}\n" in md
    assert f"**Decision:** {VC_TEXT}\n" in md
    assert f"**Alternatives considered:** {VC_ALTERNATIVES}\n" in md
    assert f"**Why it could not wait for a meeting:** {VC_URGENCY}\n" in md
    assert "**Proposed** 1 October 2026 by Cllr Tom Reed (Northamptonshire County Council, " \
           "seat county).\n" in md
    assert "- 2 October 2026: Supt Kate Moss (Northamptonshire Police, seat police)\n" in md
    assert "**Taken** 18 November 2026 at 10.00 am: the chair and 1 other member(s) " \
           "agree; clause 4.6 needs the chair and 1 (clause 4.6, terms of reference " \
           "version 1).\n" in md
    assert f"**Interests declared:** Prof Ann Lee (personal: {VC_INTEREST}), declared " \
           "16 November 2026.\n" in md
    assert f"**Carried over:** not reported to `{JUNE}` (10 June 2026 at 6.30 pm).\n" in md
    assert "£4,000" in md
    assert md.endswith(f"Recorded in the ledger up to event #{event_count(ledger)}.\n\n"
                       "The ledger has not been sealed yet (`lsp seal`).\n")


def test_markdown_paper_shows_the_outcomes_once_reported(reported: Ledger, lsp: Lsp) -> None:
    # Given the December meeting reported all three decisions
    # When the paper is printed as Markdown
    md = lsp("report", "ratifications", DECEMBER).stdout
    # Then the outcomes are there
    assert f"**Outcome: rescinded**: {RESCINDED}\n" in md
    assert "**Outcome: ratified**\n" in md
    assert "**Outcome: noted**\n" in md


def test_markdown_paper_of_a_closed_meeting_says_what_it_did_not_report(
        ledger: Ledger, lsp: Lsp) -> None:
    # Given the June meeting, the Executive's first, closed without the youth bus
    # When its paper is printed
    md = lsp("report", "ratifications", JUNE).stdout
    # Then the youth bus is there, not reported to June, carried over to the next meeting
    assert "## Decisions taken between meetings\n" in md
    assert "taken before this meeting, the first meeting of the LSP Executive in the " \
           "ledger." in md
    assert "**Not reported** to this meeting, which is closed: it is carried over to the " \
           "next.\n" in md


def test_markdown_paper_of_a_missed_meeting_says_where_it_was_reported(
        reported: Ledger, lsp: Lsp) -> None:
    # Given the youth bus, missed in June and noted in December
    # When the June paper is printed again
    md = lsp("report", "ratifications", JUNE).stdout
    # Then it says where the decision was reported, and what that meeting did
    assert f"**Reported** to meeting `{DECEMBER}` (1 December 2026 at 6.30 pm): noted.\n" in md


def test_an_empty_paper_prints_as_a_well_formed_page(new_ledger: Callable[..., Ledger],
                                                     lsp: Lsp) -> None:
    # Given a meeting with no decision taken between meetings before it
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    executive(made)
    made.schedule_meeting("executive", JUNE, on("2026-06-10T18:30"))
    # When its paper is printed as HTML and as Markdown
    html = lsp("report", "ratifications", JUNE, "--format", "html")
    md = lsp("report", "ratifications", JUNE)
    # Then both say there is nothing to report, and the page is well formed
    page = parse_page(html.stdout)
    assert (html.exit_code, page.problems, page.open) == (0, [], [])
    assert "No decisions were taken between meetings in this period." in page.words()
    assert "\nNo decisions were taken between meetings in this period.\n" in md.stdout


def test_json_paper_is_one_document_the_models_dump(ledger: Ledger, lsp: Lsp,
                                                    paper: RatificationPaper) -> None:
    # Given the December meeting
    # When its paper is asked for with --json, and with --format json (by login tester)
    as_json = lsp("--as", "tester", "report", "ratifications", DECEMBER, "--json")
    as_format = lsp("--as", "tester", "report", "ratifications", DECEMBER, "--format", "json")
    # Then each prints one JSON document, the read model's dump (its author the login)
    assert (as_json.exit_code, as_json.stderr) == (0, "")
    doc = json.loads(as_json.stdout)
    expected = ratification_paper(ReadStore(ledger), DECEMBER, author="tester")
    assert doc == expected.model_dump(mode="json")
    assert json.loads(as_format.stdout) == doc
    assert [d["decision"] for d in doc["decisions"]] == [
        "grant-top-up", "vc-match-funding", "youth-bus"]
    assert doc["decisions"][1]["approvals"][0]["person_name"] == "Cllr Amy Hart"


def test_paper_written_to_a_file(ledger: Ledger, lsp: Lsp, tmp_path: Path) -> None:
    # Given the December meeting
    out = tmp_path / "ratifications.html"
    # When the HTML paper is written with --output
    result = lsp("report", "ratifications", DECEMBER, "--format", "html", "--output", str(out))
    # Then the file holds the page, and stdout says where it went
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (f"Ratification paper for {DECEMBER} written to {out} (html, "
                             f"recorded in the ledger up to event #{event_count(ledger)}).\n")
    assert parse_page(out.read_text(encoding="utf-8")).problems == []


def test_json_with_another_format_is_a_usage_error(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When --json is combined with --format html
    result = lsp("report", "ratifications", DECEMBER, "--json", "--format", "html")
    # Then exit 2: the two disagree
    assert (result.exit_code, result.stdout) == (2, "")
    assert "--json is the same as --format json" in result.stderr


def test_the_paper_of_an_unknown_meeting_exits_1_and_records_nothing(ledger: Ledger,
                                                                    lsp: Lsp) -> None:
    # Given the ledger
    before = event_count(ledger)
    # When the paper of an unknown meeting is asked for, as Markdown and as JSON
    text = lsp("report", "ratifications", "exec-1999")
    as_json = lsp("report", "ratifications", "exec-1999", "--json")
    # Then exit 1 with the message on stderr; a JSON error document under --json
    assert (text.exit_code, text.stdout) == (1, "")
    assert text.stderr == ("Error: there is no meeting 'exec-1999' in the ledger (add it "
                           "with `lsp meeting schedule`)\n")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["error"] == "NotFound"
    assert event_count(ledger) == before


# --------------------------------------------------------------------------------------
# A body whose decisions are reported to another body
# --------------------------------------------------------------------------------------

FORUM_BETWEEN_MEETINGS = '''reports_to = "executive"

[bodies.forum.between_meetings]
chair_plus = 1
report_to = "executive"
clause = "4.11"
'''


def test_a_decision_of_another_body_is_on_the_paper_of_the_body_it_reports_to(
        new_ledger: Callable[..., Ledger], write_terms: Callable[[str], str],
        lsp: Lsp) -> None:
    # Given Daventry's terms amended so that the Forum decides between meetings and reports
    # to the Executive, and a Forum decision taken by its chair and one other member
    text = Path(DAVENTRY_TERMS).read_text(encoding="utf-8")
    assert text.count('reports_to = "executive"\n') == 1
    made = new_ledger(write_terms(text.replace('reports_to = "executive"\n',
                                               FORUM_BETWEEN_MEETINGS)), "2026-04-01")
    executive(made)
    for seat, (org, person) in {"f-ccg": ("nene-ccg", "dr-raj-patel"),
                                "f-college": ("northampton-college", "prof-ann-lee")}.items():
        made.add_seat("forum", seat, org, on=on("2026-04-01"))
        made.fill_seat("forum", seat, person, on=on("2026-04-01"))
    made.assign_role("forum", "chair", "f-ccg", on=on("2026-04-01"))
    made.propose_decision("forum", "flu-clinic", "Run a pop-up flu clinic", "f-ccg",
                          reasons="Uptake is low in the rural wards", on=on("2026-10-05"))
    made.approve_decision("flu-clinic", "f-college", on=on("2026-10-06"))
    made.schedule_meeting("executive", DECEMBER, on("2026-12-01T18:30"))
    # When the Executive's December paper is read and printed
    p = ratifications(ReadStore(made), DECEMBER)
    md = lsp("report", "ratifications", DECEMBER).stdout
    # Then the Forum's decision is on it, under the Forum's name, with the Forum's clause
    [d] = p.decisions
    assert (d.decision, d.body, d.body_name, d.report_to, d.report_clause) == (
        "flu-clinic", "forum", "Health and Wellbeing Partnership Forum", "executive", "4.11")
    assert p.clause == "4.6"
    assert [(a.person_name, a.org_name) for a in d.approvals] == [
        ("Prof Ann Lee", "Northampton College")]
    assert d.proposer.chair is True
    assert "A decision of the Health and Wellbeing Partnership Forum.\n" in md


# --------------------------------------------------------------------------------------
# Issue 16 item 8: the recommendation, the author, the agenda item, who counted
# --------------------------------------------------------------------------------------

def test_the_paper_recommends_ratifying_under_the_clause_of_the_terms_4_6(
        paper: RatificationPaper) -> None:
    # Given the December meeting of the Daventry Executive, with decisions to report
    # When its paper's recommendation is read
    # Then it names the body and the clause the decisions were taken under, from the terms
    assert paper.recommendation == ("The LSP Executive is asked to ratify the decisions "
                                    "below, taken under clause 4.6.")


def test_the_paper_lists_every_agreement_that_counted_the_proposer_first_4_6(
        paper: RatificationPaper) -> None:
    # Given the college's proposal approved by the chair, taken under 4.6
    d = entry(paper, "vc-match-funding")
    # When the agreements that counted are read
    # Then the proposer and the chair, by name and organisation
    assert [(a.person_name, a.org_name, a.chair) for a in d.counted] == [
        ("Prof Ann Lee", "Northampton College", False),
        ("Cllr Amy Hart", "Daventry District Council", True)]


def test_the_paper_names_its_author_and_its_agenda_item(ledger: Ledger) -> None:
    # Given the December meeting, whose agenda reports the decisions between meetings
    store = ReadStore(ledger)
    # When the paper is produced by a person of the ledger, and by a bare login
    by_person = ratification_paper(store, DECEMBER, author="cllr-amy-hart")
    by_login = ratifications(store, DECEMBER, author="clerk7")
    number = next(e.number for e in agenda(store, DECEMBER).entries if e.kind == "reports")
    # Then the person is named, the login left off (it tells a reader nothing), and the
    # agenda's number given
    assert (by_person.author, by_login.author) == ("Cllr Amy Hart", "")
    assert by_person.agenda_item == number


def test_a_paper_by_a_login_that_names_nobody_says_no_author(ledger: Ledger,
                                                             lsp: Lsp) -> None:
    # Given the December meeting
    # When its paper is printed by the login root, and for an author given by --author
    by_root = lsp("--as", "root", "report", "ratifications", DECEMBER).stdout
    by_option = lsp("--as", "root", "report", "ratifications", DECEMBER, "--author",
                    "cllr-amy-hart").stdout
    # Then the first names no author, the second names the person given
    assert "Author:" not in by_root
    assert "root" not in by_root
    assert "Author: Cllr Amy Hart" in by_option


def test_an_author_who_is_not_a_person_of_the_ledger_is_refused(ledger: Ledger,
                                                                lsp: Lsp) -> None:
    # Given the December meeting
    # When its paper is asked for with an author the ledger does not know
    result = lsp("report", "ratifications", DECEMBER, "--author", "nobody")
    # Then it is refused, exit 1, naming the person (a read: nothing is recorded)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "there is no person 'nobody' in the ledger" in result.stderr


def test_markdown_and_html_papers_carry_the_recommendation_author_and_counted(
        ledger: Ledger, lsp: Lsp) -> None:
    # Given the December meeting
    # When its paper is printed as Markdown and as HTML, by Cllr Amy Hart's login
    md = lsp("--as", "cllr-amy-hart", "report", "ratifications", DECEMBER).stdout
    html = lsp("--as", "cllr-amy-hart", "report", "ratifications", DECEMBER,
               "--format", "html").stdout
    # Then both say what the meeting is asked, who wrote it and whose agreement counted
    for text in (md, html):
        assert "The LSP Executive is asked to ratify the decisions below, taken under " \
               "clause 4.6." in text
        assert "Author: Cllr Amy Hart" in text
        assert ("Prof Ann Lee (Northampton College), the proposer; Cllr Amy Hart "
                "(Daventry District Council), chair") in text
