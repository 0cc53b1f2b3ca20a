"""Decisions between meetings through `lsp decision`, on the Daventry terms.

Every test runs the real click group through the `lsp` fixture and asserts the exit code,
stdout and stderr separately: 0 done, with what was recorded; 1 refused, with `Error: `
and (for a rule of the terms) the rule and its clause on stderr, a JSON error document on
stdout under --json, and nothing recorded; 2 usage error. Daventry 4.6: the Executive may
decide between meetings, by the chair with the approval of one other member or by three
members without the chair, and reports every such decision to its following meeting;
3.2 names deputies but does not let them act between meetings; the report needs a
quorate meeting (4.5: three voting members); the Forum's terms are silent, so it cannot
decide between meetings. The set-up is recorded on 20 June 2026 (freezegun); the grant is
proposed on 6 July, and the Executive meets on 16 September 2026 at 18:30.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from freezegun import freeze_time

from cli.main import cli
from ledger.app import Ledger
from ledger.decision import Decision
from tests.helpers import (
    Lsp,
    copy_store,
    done,
    json_of,
    recorded_json,
    run_lines,
    stored_events,
)
from tests.stories import DAVENTRY_TERMS

TAKEN_LINE = " It is taken: the agreement satisfies the terms."

# Four voting seats on the Executive (Police, and the District Council's three under 4.1),
# a fifth voting seat left vacant (Nene CCG), and a non-voting seat. The police seat holds
# the chair and has a nominated deputy. The Forum has one member. The Executive meets on
# 16 September, the Forum on 23 September.
SETUP = """
init "Daventry District LSP" --terms {terms} --on 2026-04-01
org add northants-police --name "Northamptonshire Police"
org add daventry-dc --name "Daventry District Council"
org add nene-ccg --name "Nene CCG"
org add daventry-town-fc --name "Daventry Town FC"
person add supt-kate-moss --name "Supt Kate Moss"
person add insp-lee-chan --name "Insp Lee Chan"
person add cllr-amy-hart --name "Cllr Amy Hart"
person add cllr-ben-osei --name "Cllr Ben Osei"
person add jo-bell --name "Jo Bell"
person add fc-secretary --name "Pat Green"
seat add executive police --org northants-police --on 2026-04-01
seat add executive ddc-member-1 --org daventry-dc --on 2026-04-01
seat add executive ddc-member-2 --org daventry-dc --on 2026-04-01
seat add executive ddc-officer --org daventry-dc --on 2026-04-01
seat add executive nene-ccg --org nene-ccg --on 2026-04-01
seat add executive town-fc --org daventry-town-fc --non-voting --on 2026-04-01
seat fill executive police supt-kate-moss --on 2026-04-01
seat fill executive ddc-member-1 cllr-amy-hart --on 2026-04-01
seat fill executive ddc-member-2 cllr-ben-osei --on 2026-04-01
seat fill executive ddc-officer jo-bell --on 2026-04-01
seat fill executive town-fc fc-secretary --on 2026-04-01
role assign executive chair police --on 2026-04-15
deputy nominate executive police insp-lee-chan --on 2026-04-20
seat add forum police --org northants-police --on 2026-04-01
seat fill forum police supt-kate-moss --on 2026-04-01
meeting schedule executive exec-2026-09 --on 2026-09-16T18:30
meeting schedule forum forum-2026-09 --on 2026-09-23T18:30
"""

PROPOSE = ("decision propose executive grant --title \"Emergency grant to Daventry Food Bank\" "
           "--by ddc-member-1 --on 2026-07-06")
PROPOSED = [PROPOSE]
# The chair approves: the chair with one other member (4.6).
TAKEN = [PROPOSE, "decision approve grant --by police --on 2026-07-08"]
# Three of the voting seats present at the September meeting: the quorum of 4.5.
QUORATE = ["attend exec-2026-09 police", "attend exec-2026-09 ddc-member-1",
           "attend exec-2026-09 ddc-member-2"]
REPORTED = [*TAKEN, *QUORATE,
            "decision report grant --meeting exec-2026-09 --outcome ratified"]
WITHDRAWN = [PROPOSE, "decision withdraw grant --reason \"Funded by the county\" "
             "--on 2026-07-07"]


@pytest.fixture(scope="module")
def daventry_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The set-up, recorded once for the module through the same commands."""
    template = tmp_path_factory.mktemp("decisions") / "daventry.sqlite"
    runner = CliRunner()

    def lsp(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, ["--store", str(template), "--as", "tester", *args],
                             input=input, catch_exceptions=False)

    with freeze_time("2026-06-20 08:00:00"):  # 09:00 in England
        run_lines(lsp, SETUP.format(terms=shlex.quote(DAVENTRY_TERMS)))
    return template


@pytest.fixture
def daventry(store: str, daventry_template: Path) -> str:
    """A copy of the set-up at the test's own store."""
    copy_store(str(daventry_template), store)
    return store


def given(lsp: Lsp, lines: list[str]) -> None:
    run_lines(lsp, "\n".join(lines))


def read_decision(store: str, slug: str = "grant") -> Decision:
    """The decision as the ledger holds it (opened afresh, as another process would)."""
    ledger = Ledger(store, "reader")
    try:
        return ledger.decision_state(slug)
    finally:
        ledger.close()


def audit_of(lsp: Lsp, slug: str = "grant") -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json_of(
        lsp("audit", "--entity", f"decision:{slug}", "--json"))["events"]
    return events


# --------------------------------------------------------------------------------------
# decision propose
# --------------------------------------------------------------------------------------

def test_propose_records_the_proposal_with_its_reasons(lsp: Lsp, daventry: str) -> None:
    # Given the Daventry Executive
    before = stored_events(daventry)
    # When Cllr Hart proposes a grant with its reasons, and Jo Bell another as JSON
    text = lsp("decision", "propose", "executive", "grant", "--title",
               "Emergency grant to Daventry Food Bank", "--by", "ddc-member-1",
               "--reasons", "Demand has doubled", "--alternatives", "Wait for September",
               "--urgency", "Stock runs out in July", "--on", "2026-07-06")
    doc = recorded_json(lsp("decision", "propose", "executive", "leaflet", "--title",
                            "Print a leaflet", "--by", "ddc-officer", "--text",
                            "Print 5,000 leaflets", "--on", "2026-07-07", "--json"),
                        before + 1, daventry)
    # Then each says what was proposed, by whom; one proposal is not yet a decision (4.6)
    done(text, "Decision grant proposed for executive by seat ddc-member-1.", "Proposed")
    assert TAKEN_LINE not in text.stdout
    assert doc["message"] == "Decision leaflet proposed for executive by seat ddc-officer."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        ("decision:leaflet", "Proposed")]
    grant = read_decision(daventry)
    assert (grant.body, grant.report_to, grant.status) == ("executive", "executive",
                                                           "proposed")
    assert (grant.title, grant.text) == ("Emergency grant to Daventry Food Bank",
                                         "Emergency grant to Daventry Food Bank")
    assert (grant.reasons, grant.alternatives, grant.urgency) == (
        "Demand has doubled", "Wait for September", "Stock runs out in July")
    assert [(a.seat, a.person, a.as_deputy, a.proposer) for a in grant.agreeing] == [
        ("ddc-member-1", "cllr-amy-hart", False, True)]
    assert grant.proposed_on.isoformat() == "2026-07-05T23:00:00+00:00"  # 6 July, BST
    assert grant.taken_on is None
    assert read_decision(daventry, "leaflet").text == "Print 5,000 leaflets"
    proposed = audit_of(lsp)[0]
    assert (proposed["event"], proposed["actor"]) == ("Proposed", "tester")
    assert proposed["changes"]["terms_version"] == 1


def test_propose_and_approve_take_effect_now_without_on(lsp: Lsp, daventry: str) -> None:
    # Given the Daventry Executive
    # When the grant is proposed on 6 July at 10:00 and approved on 8 July at 11:00
    # (England time), without --on
    with freeze_time("2026-07-06 09:00:00"):
        proposed = lsp("decision", "propose", "executive", "grant", "--title", "A grant",
                       "--by", "ddc-member-1")
    with freeze_time("2026-07-08 10:00:00"):
        approved = lsp("decision", "approve", "grant", "--by", "police")
    # Then each takes effect when it was recorded, and the decision is taken then
    assert (proposed.exit_code, approved.exit_code) == (0, 0)
    trail = audit_of(lsp)
    assert [(e["event"], e["effective"]) for e in trail] == [
        ("Proposed", "2026-07-06T10:00:00+01:00"),
        ("Approved", "2026-07-08T11:00:00+01:00"),
        ("Taken", "2026-07-08T11:00:00+01:00")]
    assert trail[0]["recorded"] == "2026-07-06T10:00:00+01:00"
    assert trail[2]["recorded"] == "2026-07-08T11:00:00+01:00"
    taken_on = read_decision(daventry).taken_on
    assert taken_on is not None
    assert taken_on.isoformat() == "2026-07-08T10:00:00+00:00"


# --------------------------------------------------------------------------------------
# decision approve: taken when the agreement satisfies 4.6
# --------------------------------------------------------------------------------------

# Daventry 4.6: the chair with one other member, or three members without the chair.
# (proposer, approvers in order up to the one that takes it, the route of the rule)
AGREEMENTS = {
    "a member proposes, the chair approves": ("ddc-member-1", ["police"], "chair-plus"),
    "the chair proposes, a member approves": ("police", ["ddc-member-1"], "chair-plus"),
    "three members without the chair": ("ddc-member-1", ["ddc-member-2", "ddc-officer"],
                                        "without-chair"),
    "two members, then the chair": ("ddc-member-1", ["ddc-member-2", "police"],
                                    "chair-plus"),
}


@pytest.mark.parametrize(("proposer", "approvers", "route"), AGREEMENTS.values(),
                         ids=AGREEMENTS.keys())
def test_the_decision_is_taken_when_the_agreement_satisfies_clause_4_6(
        lsp: Lsp, daventry: str, proposer: str, approvers: list[str], route: str) -> None:
    # Given a proposal by one member
    given(lsp, [f"decision propose executive grant --title T --by {proposer} "
                "--on 2026-07-06"])
    # When the others approve it, one after the other
    results = [lsp("decision", "approve", "grant", "--by", seat, "--on", f"2026-07-0{7 + i}")
               for i, seat in enumerate(approvers)]
    # Then the approvals before the last leave it proposed; the last takes it, saying so
    for seat, result in zip(approvers[:-1], results[:-1], strict=True):
        done(result, f"Seat {seat} approved decision grant.", "Approved")
    done(results[-1], f"Seat {approvers[-1]} approved decision grant.{TAKEN_LINE}",
         "Approved", "Taken")
    decision = read_decision(daventry)
    assert decision.status == "taken"
    assert decision.evidence is not None
    assert (decision.evidence["route"], decision.evidence["clause"],
            decision.evidence["terms_version"]) == (route, "4.6", 1)
    taken = audit_of(lsp)[-1]
    assert taken["event"] == "Taken"
    agreeing = json.loads(taken["changes"]["agreeing"])
    assert [a["seat"] for a in agreeing] == [proposer, *approvers]
    assert [a["chair"] for a in agreeing] == [s == "police" for s in [proposer, *approvers]]
    assert not any(a["as_deputy"] for a in agreeing)


def test_approve_under_json_lists_the_approval_then_the_taking(
        lsp: Lsp, daventry: str) -> None:
    # Given a proposal by Cllr Hart
    given(lsp, PROPOSED)
    before = stored_events(daventry)
    # When the chair approves it, with --json
    doc = recorded_json(lsp("decision", "approve", "grant", "--by", "police",
                            "--on", "2026-07-08", "--json"), before, daventry)
    # Then one document names both events of the decision, in order (4.6)
    assert doc["message"] == f"Seat police approved decision grant.{TAKEN_LINE}"
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        ("decision:grant", "Approved"), ("decision:grant", "Taken")]
    assert stored_events(daventry) == before + 2


def test_an_approval_short_of_the_terms_is_recorded_without_taking_it(
        lsp: Lsp, daventry: str) -> None:
    # Given a proposal by Cllr Hart
    given(lsp, PROPOSED)
    before = stored_events(daventry)
    # When Cllr Osei approves it, as JSON: two members without the chair (4.6 needs three)
    doc = recorded_json(lsp("decision", "approve", "grant", "--by", "ddc-member-2",
                            "--on", "2026-07-07", "--json"), before, daventry)
    # Then the approval alone is recorded, and the decision is still proposed
    assert doc["message"] == "Seat ddc-member-2 approved decision grant."
    assert [e["event"] for e in doc["events"]] == ["Approved"]
    decision = read_decision(daventry)
    assert (decision.status, decision.evidence) == ("proposed", None)


# --------------------------------------------------------------------------------------
# decision declare, decision withdraw (extensions)
# --------------------------------------------------------------------------------------

def test_declare_records_the_interest_in_the_decision(lsp: Lsp, daventry: str) -> None:
    # Given a proposal
    given(lsp, PROPOSED)
    before = stored_events(daventry)
    # When Cllr Osei declares a personal interest, and Jo Bell a prejudicial one as JSON
    text = lsp("decision", "declare", "grant", "cllr-ben-osei", "--nature", "personal",
               "--note", "Trustee of the Food Bank", "--on", "2026-07-07")
    doc = recorded_json(lsp("decision", "declare", "grant", "jo-bell", "--nature",
                            "prejudicial", "--on", "2026-07-07", "--json"),
                        before + 1, daventry)
    # Then both are on the record of the decision, which is still proposed
    done(text, "cllr-ben-osei declared a personal interest in decision grant.",
         "InterestDeclared")
    assert doc["message"] == "jo-bell declared a prejudicial interest in decision grant."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        ("decision:grant", "InterestDeclared")]
    decision = read_decision(daventry)
    assert decision.interests == [
        {"person": "cllr-ben-osei", "nature": "personal", "note": "Trustee of the Food Bank"},
        {"person": "jo-bell", "nature": "prejudicial", "note": ""}]
    assert decision.status == "proposed"


def test_withdraw_ends_the_proposal(lsp: Lsp, daventry: str) -> None:
    # Given a proposal, approved once
    given(lsp, [*PROPOSED, "decision approve grant --by ddc-member-2 --on 2026-07-07"])
    before = stored_events(daventry)
    # When it is withdrawn, as JSON
    doc = recorded_json(lsp("decision", "withdraw", "grant", "--reason",
                            "Funded by the county", "--on", "2026-07-08", "--json"),
                        before, daventry)
    # Then it is withdrawn, and a further approval (enough under 4.6) takes nothing
    assert doc["message"] == "Decision grant withdrawn."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        ("decision:grant", "Withdrawn")]
    assert read_decision(daventry).status == "withdrawn"
    late = lsp("decision", "approve", "grant", "--by", "police", "--on", "2026-07-09")
    assert late.exit_code == 1
    assert late.stdout == ""
    assert late.stderr == "Error: decision 'grant' is already withdrawn: no more approvals\n"
    assert stored_events(daventry) == before + 1
    assert audit_of(lsp)[-1]["changes"]["reason"] == "Funded by the county"


def test_withdraw_as_text_says_what_was_withdrawn(lsp: Lsp, daventry: str) -> None:
    # Given a proposal
    given(lsp, PROPOSED)
    # When it is withdrawn
    result = lsp("decision", "withdraw", "grant", "--reason", "Funded by the county",
                 "--on", "2026-07-07")
    # Then it says so, and where it was recorded
    done(result, "Decision grant withdrawn.", "Withdrawn")


# --------------------------------------------------------------------------------------
# decision report: to the following meeting of the Executive (4.6), quorate (4.5)
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("outcome", "reason"), [
    ("ratified", ""),
    ("noted", ""),
    ("rescinded", "The Food Bank closed in August"),
])
def test_report_records_the_outcome_at_the_meeting(
        lsp: Lsp, daventry: str, outcome: str, reason: str) -> None:
    # Given a taken decision and a quorate September meeting of the Executive
    given(lsp, [*TAKEN, *QUORATE])
    # When it is reported to that meeting
    result = lsp("decision", "report", "grant", "--meeting", "exec-2026-09", "--outcome",
                 outcome, *(["--reason", reason] if reason else []))
    # Then the outcome is recorded, taking effect at the meeting
    done(result, f"Decision grant reported to exec-2026-09: {outcome}.", "Reported",
         "ReportReceived")
    decision = read_decision(daventry)
    assert decision.status == "reported"
    assert decision.report == {"meeting": "exec-2026-09", "outcome": outcome,
                               "reason": reason}
    reported = audit_of(lsp)[-1]
    assert reported["event"] == "Reported"
    assert reported["effective"] == "2026-09-16T18:30:00+01:00"


def test_report_under_json_names_the_event(lsp: Lsp, daventry: str) -> None:
    # Given a taken decision and a quorate September meeting of the Executive
    given(lsp, [*TAKEN, *QUORATE])
    before = stored_events(daventry)
    # When it is reported as ratified, with --json
    doc = recorded_json(lsp("decision", "report", "grant", "--meeting", "exec-2026-09",
                            "--outcome", "ratified", "--json"), before, daventry)
    # Then one document says what was recorded
    assert doc["message"] == "Decision grant reported to exec-2026-09: ratified."
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        ("decision:grant", "Reported"), ("meeting:exec-2026-09", "ReportReceived")]


# --------------------------------------------------------------------------------------
# Refusals by a rule of the terms: exit 1, the rule and its clause, nothing recorded
# --------------------------------------------------------------------------------------

# (given, command, rule, clause, reason)
RULE_REFUSALS: dict[str, tuple[list[str], list[str], str, str, str]] = {
    "a deputy approves (3.2)": (
        PROPOSED, ["decision", "approve", "grant", "--by", "police", "--deputy",
                   "--on", "2026-07-07"],
        "deputy-between-meetings", "3.2",
        "the terms of LSP Executive do not empower a deputy to act between meetings"),
    "a deputy proposes (3.2)": (
        [], ["decision", "propose", "executive", "grant", "--title", "T", "--by", "police",
             "--deputy", "--on", "2026-07-06"],
        "deputy-between-meetings", "3.2",
        "the terms of LSP Executive do not empower a deputy to act between meetings"),
    "a second approval by the same seat (4.6)": (
        [*PROPOSED, "decision approve grant --by ddc-member-2 --on 2026-07-07"],
        ["decision", "approve", "grant", "--by", "ddc-member-2", "--on", "2026-07-08"],
        "agree-once", "4.6", "the seat ddc-member-2 "
                             "(Daventry District Council) has already agreed to this decision"),
    "the proposer approves (4.6)": (
        PROPOSED, ["decision", "approve", "grant", "--by", "ddc-member-1",
                   "--on", "2026-07-07"],
        "agree-once", "4.6", "the seat ddc-member-1 "
                             "(Daventry District Council) has already agreed to this decision"),
    "a non-voting seat approves (4.6)": (
        PROPOSED, ["decision", "approve", "grant", "--by", "town-fc", "--on", "2026-07-07"],
        "between-meetings", "4.6", "the seat town-fc (Daventry Town FC) is non-voting"),
    "a non-voting seat proposes (4.6)": (
        [], ["decision", "propose", "executive", "grant", "--title", "T", "--by", "town-fc",
             "--on", "2026-07-06"],
        "between-meetings", "4.6", "the seat town-fc (Daventry Town FC) is non-voting"),
    "a vacant seat approves (4.6)": (
        PROPOSED, ["decision", "approve", "grant", "--by", "nene-ccg", "--on", "2026-07-07"],
        "between-meetings", "4.6", "the seat nene-ccg (Nene CCG) is vacant on that date"),
    "the Forum has no such provision (4.11)": (
        [], ["decision", "propose", "forum", "leaflet", "--title", "T", "--by", "police",
             "--on", "2026-07-06"],
        "between-meetings", "4.11",
        "the terms of Health and Wellbeing Partnership Forum make no provision for "
        "decisions between meetings"),
    "reported to a meeting of the Forum (4.6)": (
        TAKEN, ["decision", "report", "grant", "--meeting", "forum-2026-09",
                "--outcome", "ratified"],
        "report-to", "4.6",
        "decisions of LSP Executive taken between meetings are reported to a meeting of "
        "LSP Executive (executive), not Health and Wellbeing Partnership Forum (forum)"),
    "reported to an inquorate meeting (4.5)": (
        [*TAKEN, *QUORATE[:2]], ["decision", "report", "grant", "--meeting", "exec-2026-09",
                                 "--outcome", "ratified"],
        "quorum", "4.5", "2 voting members present; clause 4.5 requires 3"),
}


@pytest.mark.parametrize(("lines", "args", "rule", "clause", "reason"),
                         RULE_REFUSALS.values(), ids=RULE_REFUSALS.keys())
def test_a_rule_refusal_names_the_rule_and_clause_and_records_nothing(
        lsp: Lsp, daventry: str, lines: list[str], args: list[str], rule: str, clause: str,
        reason: str) -> None:
    # Given the Daventry Executive, and what came before
    given(lsp, lines)
    before = stored_events(daventry)
    # When the terms forbid what is asked
    result = lsp(*args)
    # Then exit 1, with the rule, its clause and the reason on stderr, nothing recorded
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: refused by rule '{rule}' (clause {clause}, "
                                    "terms version 1): ")
    assert reason in result.stderr
    assert result.stderr.count("\n") == 1
    assert stored_events(daventry) == before


@pytest.mark.parametrize(("lines", "args", "rule", "clause", "reason"),
                         RULE_REFUSALS.values(), ids=RULE_REFUSALS.keys())
def test_a_rule_refusal_under_json_prints_an_error_document(
        lsp: Lsp, daventry: str, lines: list[str], args: list[str], rule: str, clause: str,
        reason: str) -> None:
    # Given the Daventry Executive, and what came before
    given(lsp, lines)
    before = stored_events(daventry)
    # When the terms forbid what is asked, with --json
    result = lsp(*args, "--json")
    # Then exit 1, one JSON error document on stdout, the message on stderr
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["error"] == "RuleBroken"
    assert (doc["rule"], doc["clause"], doc["terms_version"]) == (rule, clause, 1)
    assert any(reason in r for r in doc["reasons"])
    assert result.stderr == f"Error: {doc['message']}\n"
    assert stored_events(daventry) == before


# --------------------------------------------------------------------------------------
# Other refusals: unknown, duplicate, out of turn; exit 1, nothing recorded
# --------------------------------------------------------------------------------------

REPORT = ["decision", "report", "grant", "--meeting", "exec-2026-09", "--outcome", "ratified"]

# (given, command, kind of error, message)
OTHER_REFUSALS: dict[str, tuple[list[str], list[str], str, str]] = {
    "unknown decision": (
        [], ["decision", "approve", "nope", "--by", "police", "--on", "2026-07-07"],
        "NotFound", "there is no decision 'nope' in the ledger (add it with "
                    "`lsp decision propose`)"),
    "unknown seat approving": (
        PROPOSED, ["decision", "approve", "grant", "--by", "county", "--on", "2026-07-07"],
        "NotFound", "there is no seat 'county' on LSP Executive (executive) on 7 July 2026"),
    "unknown seat proposing": (
        [], ["decision", "propose", "executive", "grant", "--title", "T", "--by", "county",
             "--on", "2026-07-06"],
        "NotFound", "there is no seat 'county' on LSP Executive (executive) on 6 July 2026"),
    "unknown body": (
        [], ["decision", "propose", "board", "grant", "--title", "T", "--by", "police",
             "--on", "2026-07-06"],
        "NotFound", "there is no body 'board'"),
    "unknown meeting": (
        TAKEN, ["decision", "report", "grant", "--meeting", "exec-2099", "--outcome",
                "noted"],
        "NotFound", "there is no meeting 'exec-2099'"),
    "unknown person declaring": (
        PROPOSED, ["decision", "declare", "grant", "nobody", "--nature", "personal"],
        "NotFound", "there is no person 'nobody'"),
    "duplicate decision": (
        PROPOSED, ["decision", "propose", "executive", "grant", "--title", "T", "--by",
                   "ddc-member-2", "--on", "2026-07-07"],
        "AlreadyExists", "decision 'grant' already exists"),
    "non-slug decision": (
        [], ["decision", "propose", "executive", "Grant_1", "--title", "T", "--by",
             "police", "--on", "2026-07-06"],
        "InvalidInput", "decision id 'Grant_1' is not a slug"),
    "empty title": (
        [], ["decision", "propose", "executive", "grant", "--title", " ", "--by", "police",
             "--on", "2026-07-06"],
        "InvalidInput", "a decision needs a title (--title)"),
    "approving after it is taken": (
        TAKEN, ["decision", "approve", "grant", "--by", "ddc-member-2", "--on", "2026-07-09"],
        "InvalidInput", "decision 'grant' is already taken: no more approvals"),
    "approving before it was proposed": (
        PROPOSED, ["decision", "approve", "grant", "--by", "police", "--on", "2026-07-05"],
        "InvalidInput", "decision 'grant' was proposed on 6 July 2026; it cannot be approved "
                        "before"),
    "reporting a decision not yet taken": (
        [*PROPOSED, *QUORATE], REPORT,
        "InvalidInput", "decision 'grant' is not yet taken: only a taken decision is "
                        "reported"),
    "reporting a withdrawn proposal": (
        [*WITHDRAWN, *QUORATE], REPORT,
        "InvalidInput", "decision 'grant' is withdrawn: only a taken decision is reported"),
    "reporting twice": (
        REPORTED, ["decision", "report", "grant", "--meeting", "exec-2026-09", "--outcome",
                   "noted"],
        "InvalidInput", "decision 'grant' is already reported"),
    "rescinding without a reason": (
        [*TAKEN, *QUORATE], ["decision", "report", "grant", "--meeting", "exec-2026-09",
                             "--outcome", "rescinded"],
        "InvalidInput", "say why the meeting rescinded the decision (--reason)"),
    "reporting to a closed meeting": (
        [*TAKEN, *QUORATE, "meeting close exec-2026-09"], REPORT,
        "InvalidInput", "meeting 'exec-2026-09' is closed: only corrections are accepted"),
    "reporting to a meeting held before it was taken": (
        [*TAKEN, "meeting schedule executive exec-2026-06 --on 2026-06-10T18:30",
         "attend exec-2026-06 police", "attend exec-2026-06 ddc-member-1",
         "attend exec-2026-06 ddc-member-2"],
        ["decision", "report", "grant", "--meeting", "exec-2026-06", "--outcome",
         "ratified"],
        "InvalidInput", "decision 'grant' was taken on 8 July 2026; it is reported to a "
                        "meeting held after that"),
    "declaring once it is reported": (
        REPORTED, ["decision", "declare", "grant", "jo-bell", "--nature", "personal"],
        "InvalidInput", "decision 'grant' is reported"),
    "withdrawing once it is taken": (
        TAKEN, ["decision", "withdraw", "grant", "--reason", "Too late", "--on",
                "2026-07-09"],
        "InvalidInput", "decision 'grant' is already taken: it cannot be withdrawn now"),
    "withdrawing without a reason": (
        PROPOSED, ["decision", "withdraw", "grant", "--reason", " ", "--on", "2026-07-07"],
        "InvalidInput", "say why the proposal is withdrawn (--reason)"),
}


@pytest.mark.parametrize(("lines", "args", "error", "message"), OTHER_REFUSALS.values(),
                         ids=OTHER_REFUSALS.keys())
def test_an_unknown_or_untimely_request_is_refused_and_nothing_recorded(
        lsp: Lsp, daventry: str, lines: list[str], args: list[str], error: str,
        message: str) -> None:
    # Given the Daventry Executive, and what came before
    given(lsp, lines)
    before = stored_events(daventry)
    # When a command names something that is not there, or comes out of turn
    text = lsp(*args)
    as_json = lsp(*args, "--json")
    # Then exit 1 with the message on stderr (and a JSON error document under --json)
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
    assert stored_events(daventry) == before


def test_approving_now_a_proposal_dated_later_is_refused(lsp: Lsp, daventry: str) -> None:
    # Given a proposal dated 10 July, and now 6 July
    given(lsp, ["decision propose executive grant --title T --by ddc-member-1 "
                "--on 2026-07-10"])
    before = stored_events(daventry)
    with freeze_time("2026-07-06 09:00:00"):
        # When the chair approves it now, without --on
        result = lsp("decision", "approve", "grant", "--by", "police")
    # Then it is refused: an approval cannot come before the proposal
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("Error: decision 'grant' was proposed on 10 July 2026; it cannot "
                             "be approved before\n")
    assert stored_events(daventry) == before


def test_withdrawing_before_it_was_proposed_is_refused(lsp: Lsp, daventry: str) -> None:
    # Given a proposal of 6 July
    given(lsp, PROPOSED)
    before = stored_events(daventry)
    # When it is withdrawn with effect from 1 July, before it existed
    result = lsp("decision", "withdraw", "grant", "--reason", "Funded by the county",
                 "--on", "2026-07-01")
    # Then it is refused, as an approval of that date would be, and nothing is recorded
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: decision 'grant' was proposed on 6 July 2026")
    assert stored_events(daventry) == before


def test_declaring_before_it_was_proposed_is_refused(lsp: Lsp, daventry: str) -> None:
    # Given a proposal of 6 July
    given(lsp, PROPOSED)
    before = stored_events(daventry)
    # When an interest in it is declared with effect from 1 July, before it existed
    result = lsp("decision", "declare", "grant", "cllr-ben-osei", "--nature", "personal",
                 "--on", "2026-07-01")
    # Then it is refused, as an approval of that date would be, and nothing is recorded
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: decision 'grant' was proposed on 6 July 2026")
    assert stored_events(daventry) == before


# --------------------------------------------------------------------------------------
# Usage errors: exit 2, nothing on stdout, nothing recorded
# --------------------------------------------------------------------------------------

USAGE_ERRORS: dict[str, tuple[list[str], str]] = {
    "bad outcome": (["decision", "report", "grant", "--meeting", "exec-2026-09",
                     "--outcome", "approved"],
                    "'approved' is not one of 'ratified', 'noted', 'endorsed', 'rescinded'"),
    "missing outcome": (["decision", "report", "grant", "--meeting", "exec-2026-09"],
                        "Missing option '--outcome'"),
    "missing meeting": (["decision", "report", "grant", "--outcome", "noted"],
                        "Missing option '--meeting'"),
    "report has no --on": (["decision", "report", "grant", "--meeting", "exec-2026-09",
                            "--outcome", "noted", "--on", "2026-09-16"],
                           "No such option '--on'"),
    "bad nature": (["decision", "declare", "grant", "jo-bell", "--nature", "financial"],
                   "'financial' is not one of 'personal', 'prejudicial'"),
    "missing title": (["decision", "propose", "executive", "grant", "--by", "police"],
                      "Missing option '--title'"),
    "missing seat": (["decision", "approve", "grant"], "Missing option '--by'"),
    "missing reason to withdraw": (["decision", "withdraw", "grant"],
                                   "Missing option '--reason'"),
    "missing decision": (["decision", "propose", "executive", "--title", "T", "--by",
                          "police"], "Missing argument 'DECISION'"),
}


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
def test_a_usage_error_exits_2_with_usage_on_stderr(
        lsp: Lsp, daventry: str, args: list[str], message: str, json_flag: list[str]) -> None:
    # Given a proposal
    given(lsp, PROPOSED)
    before = stored_events(daventry)
    # When a decision command is mistyped
    result = lsp(*args, *json_flag)
    # Then exit 2, the usage and the mistake on stderr, nothing on stdout or in the store
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage: " in result.stderr
    assert f" {' '.join(args[:2])} [OPTIONS]" in result.stderr
    assert message in result.stderr
    assert stored_events(daventry) == before
