"""Decisions between meetings as the secretariat follows them: one decision
(`decision show`), those taken and not yet reported (`decision pending`), and the
`report-overdue` warning of `lsp check` (Daventry 4.6: "All such decisions will be
reported to the following board meeting").

The story is the Daventry one of tests/test_ratifications.py: the youth bus taken in May
and missed by the June meeting, a grant top-up and the Volunteer Centre's bid taken in the
autumn, a proposal waiting, one withdrawn, the December meeting, a winter shelter taken
after it and the March meeting scheduled.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest
from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.audit import sealing
from ledger.errors import NotFound
from projections import warnings
from projections.catchup import ReadStore
from projections.decisions import pending, show
from projections.models import SealRef, Warning
from projections.reader import reading
from tests.conftest import ROOT, event_count, on
from tests.stories import (
    AFTER_THE_STORY,
    DAVENTRY_TERMS,
    DECEMBER,
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

Lsp = Callable[..., Result]


@pytest.fixture
def ledger(kept_story: Callable[..., Ledger]) -> Iterator[Ledger]:
    """The story, told and read with the clock after its last act (nothing dated after
    now is recorded); a test may still set the clock where it needs it."""
    with freeze_time(AFTER_THE_STORY, tick=True):
        yield kept_story("daventry_story", lambda new_ledger: daventry_story(
            new_ledger(DAVENTRY_TERMS, "2026-04-01")))


@pytest.fixture
def reported(ledger: Ledger) -> Ledger:
    report_in_december(ledger)
    return ledger


def report_overdue(warnings: list[Warning]) -> list[Warning]:
    return [w for w in warnings if w.rule == "report-overdue"]


# --------------------------------------------------------------------------------------
# decision show
# --------------------------------------------------------------------------------------

def test_show_says_everything_about_a_taken_decision_clause_4_6(ledger: Ledger) -> None:
    # Given the Volunteer Centre decision, proposed by the college and approved by the chair
    # When it is shown
    d = show(ReadStore(ledger), "vc-match-funding")
    # Then its body, text, reasons, alternatives, urgency, who agreed and when, the evidence,
    # the interest declared, and the meeting it is due at
    assert (d.decision, d.body, d.body_name, d.status) == (
        "vc-match-funding", "executive", "LSP Executive", "taken")
    assert (d.text, d.reasons, d.alternatives, d.urgency) == (
        VC_TEXT, VC_REASONS, VC_ALTERNATIVES, VC_URGENCY)
    assert (d.proposer.person_name, d.proposer.org_name, d.proposer.when) == (
        "Prof Ann Lee", "Northampton College", "2026-11-16")
    assert [(a.seat, a.person_name, a.chair, a.when) for a in d.approvals] == [
        ("ddc-member-1", "Cllr Amy Hart", True, "2026-11-18 10:00")]
    assert d.evidence is not None
    assert (d.taken_on, d.evidence.route, d.evidence.clause) == (
        "2026-11-18 10:00", "chair-plus", "4.6")
    assert [(i.person_name, i.nature, i.note) for i in d.interests] == [
        ("Prof Ann Lee", "personal", VC_INTEREST)]
    assert (d.report_to, d.report_to_name, d.report_clause) == (
        "executive", "LSP Executive", "4.6")
    assert d.next_meeting is not None
    assert (d.next_meeting.meeting, d.next_meeting.held) == (DECEMBER, "2026-12-01 18:30")
    assert (d.missed, d.report, d.withdrawal) == ([], None, None)
    assert d.position == event_count(ledger)


def test_show_agrees_with_the_write_side(ledger: Ledger) -> None:
    # Given the grant top-up as the Decision aggregate holds it, reloaded from the store
    held = ledger.decision_state("grant-top-up")
    # When it is shown from the read side
    d = show(ReadStore(ledger), "grant-top-up")
    # Then the two agree on status, who agreed in which seat, and the evidence
    assert d.status == held.status
    assert [d.proposer.seat] + [a.seat for a in d.approvals] == [a.seat for a in held.agreeing]
    assert [d.proposer.person] + [a.person for a in d.approvals] == [
        a.person for a in held.agreeing]
    assert held.evidence is not None
    assert d.evidence is not None
    assert (d.evidence.route, d.evidence.reason, d.evidence.clause) == (
        held.evidence["route"], held.evidence["reason"], held.evidence["clause"])


def test_show_a_proposal_waiting_for_approval(ledger: Ledger) -> None:
    # Given the CCG's proposal, not approved by anyone
    # When it is shown
    d = show(ReadStore(ledger), "hub-signage")
    # Then it is proposed, not taken, and due nowhere yet
    assert (d.status, d.taken_on, d.evidence, d.approvals) == ("proposed", None, None, [])
    assert (d.next_meeting, d.missed) == (None, [])
    assert d.text == "New signs for the youth hub"  # the title, when no text was given


def test_show_a_withdrawn_proposal_with_its_reason(ledger: Ledger) -> None:
    # Given the police's proposal, withdrawn
    # When it is shown
    d = show(ReadStore(ledger), "car-park")
    # Then withdrawn, with why and when
    assert d.status == "withdrawn"
    assert d.withdrawal is not None
    assert (d.withdrawal.reason, d.withdrawal.withdrawn) == (
        "The landlord sold the site", "2026-11-22")


def test_show_a_reported_decision_with_its_outcome(reported: Ledger) -> None:
    # Given the grant top-up, rescinded in December, and the youth bus noted there late
    store = ReadStore(reported)
    grant, bus = show(store, "grant-top-up"), show(store, "youth-bus")
    # When they are shown
    # Then reported, with the meeting, outcome and reason; the bus names the meeting it missed
    assert grant.status == "reported"
    assert grant.report is not None
    assert (grant.report.meeting, grant.report.held, grant.report.outcome,
            grant.report.reason) == (DECEMBER, "2026-12-01 18:30", "rescinded", RESCINDED)
    assert bus.report is not None
    assert bus.report.outcome == "noted"
    assert [m.meeting for m in bus.missed] == [JUNE]
    assert bus.next_meeting is None


def test_show_says_whose_deputy_agreed_where_the_terms_allow_it_clause_3_2(
        new_ledger: Callable[..., Ledger], write_terms: Callable[[str], str]) -> None:
    # Given Daventry's terms amended to let deputies act between meetings, and the police
    # deputy approving the chair's proposal
    with open(DAVENTRY_TERMS, encoding="utf-8") as f:
        text = f.read()
    assert text.count("between_meetings = false") == 1
    made = new_ledger(write_terms(text.replace("between_meetings = false",
                                               "between_meetings = true")), "2026-04-01")
    executive(made)
    made.propose_decision("executive", "cctv", "Two more CCTV cameras", "ddc-member-1",
                          on=on("2026-05-01"))
    made.approve_decision("cctv", "police", as_deputy=True, on=on("2026-05-02"))
    # When it is shown
    d = show(ReadStore(made), "cctv")
    # Then the approver is the deputy, for the seat's holder, and the decision is taken
    [a] = d.approvals
    assert (a.person_name, a.as_deputy, a.deputy_for, a.deputy_for_name, a.chair) == (
        "Insp Lee Chan", True, "supt-kate-moss", "Supt Kate Moss", False)
    assert d.status == "taken"


def test_show_an_unknown_decision_is_refused(ledger: Ledger) -> None:
    # Given the ledger
    before = event_count(ledger)
    # When a decision that does not exist is shown
    # Then NotFound, and nothing is recorded
    with pytest.raises(NotFound, match="there is no decision 'no-such' in the ledger"):
        show(ReadStore(ledger), "no-such")
    assert event_count(ledger) == before


def test_cli_show_prints_the_decision_as_text(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When the Volunteer Centre decision is shown
    result = lsp("decision", "show", "vc-match-funding")
    # Then exit 0, and the lines a secretariat reads
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == ("Support the Volunteer Centre's Community Fund bid (decision "
                        "vc-match-funding)")
    assert "Status: taken" in lines
    assert f"Alternatives considered: {VC_ALTERNATIVES}" in lines
    assert "Proposed: 16 November 2026  Prof Ann Lee (Northampton College, seat college)" in lines
    assert ("Approved: 18 November 2026 at 10.00 am  Cllr Amy Hart, chair (Daventry District "
            "Council, seat ddc-member-1)") in lines
    assert ("Taken:    18 November 2026 at 10.00 am  the chair and 1 other member(s) agree; "
            "clause 4.6 needs the chair and 1 (route chair-plus, clause 4.6, terms version 1)"
            ) in lines
    assert (f"Interest: Prof Ann Lee (personal: {VC_INTEREST}), declared 16 November 2026"
            in lines)
    assert f"Due at: {DECEMBER} (1 December 2026 at 6.30 pm)" in lines
    assert lines[-1] == f"Recorded in the ledger up to event #{event_count(ledger)}."


def test_cli_show_json_is_the_models_dump(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When a decision is shown with --json
    result = lsp("decision", "show", "youth-bus", "--json")
    # Then one JSON document, the read model's dump
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == show(ReadStore(ledger), "youth-bus").model_dump(
        mode="json")


def test_cli_show_an_unknown_decision_exits_1(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    before = event_count(ledger)
    # When an unknown decision is shown, as text and as JSON
    text = lsp("decision", "show", "no-such")
    as_json = lsp("decision", "show", "no-such", "--json")
    # Then exit 1, the message on stderr only; an error document under --json
    assert (text.exit_code, text.stdout) == (1, "")
    assert text.stderr == ("Error: there is no decision 'no-such' in the ledger (add it with "
                           "`lsp decision propose`)\n")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["error"] == "NotFound"
    assert event_count(ledger) == before


# --------------------------------------------------------------------------------------
# decision pending
# --------------------------------------------------------------------------------------

def test_pending_lists_decisions_taken_and_not_reported_clause_4_6(ledger: Ledger) -> None:
    # Given four decisions taken, one waiting for approval and one withdrawn
    # When the Executive's pending decisions are listed
    found = pending(ReadStore(ledger), "executive")
    # Then the four taken, in the order taken, each with the open meeting it is due at
    assert (found.body, found.body_name) == ("executive", "LSP Executive")
    assert [(d.decision, d.taken_on, d.next_meeting.meeting if d.next_meeting else None)
            for d in found.decisions] == [
        ("youth-bus", "2026-05-21", DECEMBER),
        ("grant-top-up", "2026-10-03", DECEMBER),
        ("vc-match-funding", "2026-11-18 10:00", DECEMBER),
        ("winter-shelter", "2026-12-06", MARCH)]
    assert {(d.report_to, d.clause) for d in found.decisions} == {("executive", "4.6")}
    assert found.position == event_count(ledger)


def test_pending_names_the_closed_meeting_a_decision_missed(ledger: Ledger) -> None:
    # Given the youth bus, taken before the June meeting, which closed without it
    # When the pending decisions are listed
    bus = pending(ReadStore(ledger), "executive").decisions[0]
    # Then it names June as missed, and December as where it is due
    assert [(m.meeting, m.held, m.closed) for m in bus.missed] == [
        (JUNE, "2026-06-10 18:30", True)]
    assert bus.next_meeting is not None
    assert bus.next_meeting.closed is False


def test_pending_drops_what_the_meeting_reported(reported: Ledger) -> None:
    # Given the December meeting reported three decisions
    # When the pending decisions are listed
    found = pending(ReadStore(reported), "executive")
    # Then only the one taken after it is left, due in March
    assert [d.decision for d in found.decisions] == ["winter-shelter"]


def test_pending_says_when_no_meeting_is_scheduled(new_ledger: Callable[..., Ledger]) -> None:
    # Given a decision taken with no meeting of the Executive scheduled after it
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    executive(made)
    made.propose_decision("executive", "cctv", "Two more CCTV cameras", "ddc-member-1",
                          on=on("2026-05-01"))
    made.approve_decision("cctv", "college", on=on("2026-05-02"))
    # When the pending decisions are listed
    [d] = pending(ReadStore(made), "executive").decisions
    # Then it is there, due at no meeting yet
    assert (d.decision, d.next_meeting, d.missed) == ("cctv", None, [])


def test_pending_of_a_body_without_decisions_is_empty(ledger: Ledger) -> None:
    # Given the Forum, a body of the terms with no decisions between meetings
    # When its pending decisions are listed
    found = pending(ReadStore(ledger), "forum")
    # Then none, under its name
    assert (found.body_name, found.decisions) == ("Health and Wellbeing Partnership Forum", [])


def test_pending_of_an_unknown_body_is_refused(ledger: Ledger) -> None:
    # Given the ledger
    # When a body that is in no version of the terms is asked for
    # Then NotFound
    with pytest.raises(NotFound, match="there is no body 'board' in any version of the terms"):
        pending(ReadStore(ledger), "board")


def test_cli_pending_prints_a_table(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When the Executive's pending decisions are printed
    result = lsp("decision", "pending", "executive")
    # Then exit 0, a heading, a row per decision with its next meeting and what it missed
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == ("Decisions of LSP Executive (executive) taken between meetings, not "
                        "yet reported")
    assert lines[2].split() == ["TITLE", "DECISION", "TAKEN", "REPORT", "TO", "NEXT",
                                "MEETING", "NOT", "REPORTED", "TO"]
    assert all(len(line) <= 100 for line in lines[:-1])
    rows = {line.split("  ")[0]: line for line in lines[4:] if line and line[0] != " "}
    assert set(rows) >= {"Summer youth", "Top up two", "Open a winter"}
    assert "youth-bus" in rows["Summer youth"] and "21 May 2026" in rows["Summer youth"]
    assert "LSP Executive" in rows["Summer youth"]
    assert rows["Summer youth"].rstrip().endswith(f"{DECEMBER} (1   {JUNE}")
    assert rows["Open a winter"].rstrip().endswith(f"{MARCH} (9")
    assert lines[-1] == ("4 decision(s) pending, 1 overdue (a meeting they were due at closed "
                         f"without them). Recorded in the ledger up to event "
                         f"#{event_count(ledger)}.")


def test_cli_pending_json_is_the_models_dump(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When the pending decisions are asked for with --json
    result = lsp("decision", "pending", "executive", "--json")
    # Then one JSON document, the read model's dump
    assert (result.exit_code, result.stderr) == (0, "")
    doc = json.loads(result.stdout)
    assert doc == pending(ReadStore(ledger), "executive").model_dump(mode="json")
    assert doc["decisions"][0]["missed"][0]["meeting"] == JUNE


def test_cli_pending_says_when_none_is_pending(ledger: Ledger, lsp: Lsp) -> None:
    # Given the Forum, with nothing pending
    # When its pending decisions are printed
    result = lsp("decision", "pending", "forum")
    # Then exit 0 and a sentence saying so
    assert (result.exit_code, result.stderr) == (0, "")
    assert "None pending." in result.stdout


def test_cli_pending_of_an_unknown_body_exits_1(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When an unknown body's pending decisions are asked for
    result = lsp("decision", "pending", "board")
    # Then exit 1, the message on stderr
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("Error: there is no body 'board' in any version")


# --------------------------------------------------------------------------------------
# lsp check: a decision not reported to the following meeting
# --------------------------------------------------------------------------------------

def test_no_warning_before_the_following_meeting_is_held(ledger: Ledger) -> None:
    # Given the youth bus, taken in May
    # When the ledger is checked the day before the June meeting
    found = report_overdue(warnings.check(ReadStore(ledger), on("2026-06-09")).warnings)
    # Then nothing is overdue yet
    assert found == []


def test_check_warns_when_the_following_meeting_closed_without_the_report_clause_4_6(
        ledger: Ledger) -> None:
    # Given the June meeting closed without the youth bus reported
    # When the ledger is checked at the end of June
    found = report_overdue(warnings.check(ReadStore(ledger), on("2026-06-30")).warnings)
    # Then one warning: the decision, the meeting missed, the body and clause 4.6
    assert [(w.body, w.clause) for w in found] == [("executive", "4.6")]
    assert found[0].message == (
        "the decision \"Summer youth bus\" (youth-bus), taken on 21 May 2026, was not "
        f"reported to meeting {JUNE} (10 June 2026 at 6.30 pm) of LSP Executive, now closed: "
        "report it to the "
        "next meeting (lsp decision report youth-bus --meeting MEETING --outcome "
        "ratified|noted|endorsed|rescinded|deferred)")


def test_a_decision_due_at_a_meeting_still_open_is_not_overdue(ledger: Ledger) -> None:
    # Given the December meeting scheduled and not closed, and three decisions due at it
    # When the ledger is checked at the end of December
    found = report_overdue(warnings.check(ReadStore(ledger), on("2026-12-31")).warnings)
    # Then only the youth bus, which June missed, is overdue
    assert ["(youth-bus)" in w.message for w in found] == [True]


def test_the_warning_disappears_once_reported_at_a_later_meeting(reported: Ledger) -> None:
    # Given the youth bus reported (noted) at the December meeting
    store = ReadStore(reported)
    # When the ledger is checked after December, and as of a day before it
    after = report_overdue(warnings.check(store, on("2026-12-31")).warnings)
    before = report_overdue(warnings.check(store, on("2026-11-30")).warnings)
    # Then nothing is overdue now, while the history still shows it was then
    assert after == []
    assert ["(youth-bus)" in w.message for w in before] == [True]


def test_overdue_reads_from_the_store_as_check_does(ledger: Ledger) -> None:
    # Given the ledger
    store = ReadStore(ledger)
    # When the warnings about decisions are read directly, and through check
    with reading(store) as reader:
        direct = report_overdue(warnings.decisions(reader, on("2026-06-30")))
    # Then the same
    assert direct == report_overdue(warnings.check(store, on("2026-06-30")).warnings)


def test_cli_check_warns_of_the_overdue_report_today(ledger: Ledger, lsp: Lsp) -> None:
    # Given the June meeting closed without the youth bus
    # When `lsp check` runs on 1 July, as text and as JSON (the clock frozen)
    with freeze_time("2026-07-01 08:00:00"):
        text = lsp("check")
        as_json = lsp("check", "--json")
    # Then the warning is there, with its rule and clause
    assert (text.exit_code, text.stderr) == (0, "")
    assert ("- [executive] the decision \"Summer youth bus\" (youth-bus), taken on 21 May "
            f"2026, was not reported to meeting {JUNE} (10 June 2026 at 6.30 pm)"
            ) in text.stdout
    assert "(rule report-overdue, clause 4.6)" in text.stdout
    doc = json.loads(as_json.stdout)
    assert [(w["rule"], w["clause"]) for w in doc["warnings"]
            if w["rule"] == "report-overdue"] == [("report-overdue", "4.6")]


def test_cli_check_is_quiet_about_reports_once_made(reported: Ledger, lsp: Lsp) -> None:
    # Given every decision due in December reported there
    # When `lsp check` runs in January
    with freeze_time("2027-01-05 09:00:00"):
        result = lsp("check", "--json")
    # Then no report-overdue warning
    assert result.exit_code == 0
    assert [w for w in json.loads(result.stdout)["warnings"]
            if w["rule"] == "report-overdue"] == []


# --------------------------------------------------------------------------------------
# docs/reports.md shows what the commands print
# --------------------------------------------------------------------------------------

def documented_output(command: str) -> str:
    """The output docs/reports.md shows under `$ COMMAND` in a `text` block."""
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    block = re.search(rf"^```text\n\$ {re.escape(command)}\n(.*?)^```$", text,
                      flags=re.S | re.M)
    assert block, f"docs/reports.md shows no output of `{command}`"
    return block.group(1)


@pytest.mark.parametrize("command", ["lsp decision pending executive",
                                     "lsp decision show grant-top-up"])
def test_the_documented_examples_are_what_the_story_prints(ledger: Ledger, lsp: Lsp,
                                                           command: str) -> None:
    # Given the story of tests/test_ratifications.py, from which docs/reports.md's examples
    # of decisions between meetings come
    documented = documented_output(command)
    # When the command is run on it
    result = lsp(*command.split()[1:])
    # Then it prints exactly what the docs show
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == documented


def test_every_decision_paper_carries_the_latest_seal(ledger: Ledger) -> None:
    # Given the ledger, sealed
    info = sealing.seal(ledger)
    store = ReadStore(ledger)
    # When one decision, the pending list and lsp check are read
    papers = [show(store, "youth-bus"), pending(store, "executive"),
              warnings.check(store, on("2026-06-30"))]
    # Then each carries the seal (the pending list used to drop it silently)
    for paper in papers:
        assert paper.seal == SealRef(tree_size=info.tree_size, root=info.root,
                                     position=event_count(ledger),
                                     checkpoint=info.checkpoint)
        assert info.checkpoint is not None  # the seal's checkpoint, for the paper's footer
        assert paper.model_dump(mode="json")["seal"]["root"] == info.root


def test_before_any_seal_the_decision_papers_say_so(ledger: Ledger) -> None:
    # Given the ledger, never sealed
    store = ReadStore(ledger)
    # When the pending list is read
    found = pending(store, "executive")
    # Then its seal is None, in the JSON too
    assert found.seal is None
    assert found.model_dump(mode="json")["seal"] is None
