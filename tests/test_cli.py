"""The `lsp` command as users and scripts meet it: CONTRACT.md's exit codes, stdout, stderr.

Every test runs the real click group through the `lsp` fixture (`lsp --store TMP --as
tester ...`) and asserts the exit code, stdout and stderr separately (STYLE.md,
convention 12): 0 done; 1 refused, with `Error: ` and the rule and its clause on stderr and
nothing recorded; 2 usage error; `--json` prints exactly one JSON document on stdout.
The meta-tests at the end keep every command documented, in `--help` and in docs/cli.md.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from freezegun import freeze_time

from cli.hints import ACTS, ADDS, INPUTS, hint_for
from cli.main import cli
from tests.conftest import ROOT
from tests.helpers import Lsp, is_postgres, json_of, run_lines, store_exists, stored_events
from tests.stories import DAVENTRY_TERMS

DOCS = ROOT / "docs" / "cli.md"

# A small Daventry ledger: two core members' seats filled, a chair, a deputy, and a
# non-voting seat for an organisation that is not a core member (terms 4.1).
DAVENTRY_SETUP = """
init "Daventry District LSP" --terms {terms} --on 2026-04-01
org add northants-police --name "Northamptonshire Police"
org add daventry-dc --name "Daventry District Council"
org add daventry-town-fc --name "Daventry Town FC"
person add supt-kate-moss --name "Supt Kate Moss"
person add insp-lee-chan --name "Insp Lee Chan"
person add cllr-amy-hart --name "Cllr Amy Hart"
person add supt-omar-ali --name "Supt Omar Ali"
person add fc-secretary --name "Pat Green"
seat add executive police --org northants-police --on 2026-04-01
seat add executive ddc-member-1 --org daventry-dc --on 2026-04-01
seat add executive town-fc --org daventry-town-fc --non-voting --on 2026-04-01
seat fill executive police supt-kate-moss --on 2026-04-01
seat fill executive ddc-member-1 cllr-amy-hart --on 2026-04-01
seat fill executive town-fc fc-secretary --on 2026-04-01
role assign executive chair ddc-member-1 --on 2026-04-15
deputy nominate executive police insp-lee-chan --on 2026-04-20
"""


def seat_row(roster: dict[str, Any], seat: str) -> dict[str, Any]:
    rows = [s for s in roster["seats"] if s["seat"] == seat]
    assert len(rows) == 1, roster["seats"]
    return rows[0]


def text_row(table: str, seat: str) -> str:
    rows = [line for line in table.splitlines() if line.split()[:1] == [seat]]
    assert len(rows) == 1, table
    return rows[0]


@pytest.fixture
def daventry(kept_commands: Callable[..., str]) -> str:
    return kept_commands("cli.daventry", DAVENTRY_SETUP.format(terms=shlex.quote(DAVENTRY_TERMS)))


# --------------------------------------------------------------------------------------
# A first session, as the README tells it
# --------------------------------------------------------------------------------------

def test_a_first_session_records_each_step_and_reads_it_back(lsp: Lsp, store: str) -> None:
    # Given a new store, when the ledger is created and a seat is filled
    created = lsp("init", "Daventry District LSP", "--terms", DAVENTRY_TERMS,
                  "--on", "2026-04-01")
    org = lsp("org", "add", "northants-police", "--name", "Northamptonshire Police")
    people = [lsp("person", "add", "supt-kate-moss", "--name", "Supt Kate Moss"),
              lsp("person", "add", "insp-lee-chan", "--name", "Insp Lee Chan")]
    seat = lsp("seat", "add", "executive", "police", "--org", "northants-police",
               "--on", "2026-04-01")
    filled = lsp("seat", "fill", "executive", "police", "supt-kate-moss", "--on", "2026-04-01")
    chair = lsp("role", "assign", "executive", "chair", "police", "--on", "2026-04-15")
    deputy = lsp("deputy", "nominate", "executive", "police", "insp-lee-chan",
                 "--on", "2026-04-20")
    roster = lsp("roster", "executive", "--as-of", "2026-05-01")

    # Then each command says what it recorded, and where
    assert created.exit_code == 0
    assert created.stderr == ""
    assert created.stdout.startswith(
        "Ledger created for Daventry District LSP, with terms version 1")
    assert "recorded as #1 Founded, #2 TermsAdopted" in created.stdout
    assert (org.exit_code, org.stderr) == (0, "")
    assert org.stdout.startswith("Organisation northants-police added: Northamptonshire Police.")
    assert [(p.exit_code, p.stderr) for p in people] == [(0, ""), (0, "")]
    assert (seat.exit_code, seat.stderr) == (0, "")
    assert "Seat police (voting) added to executive for northants-police." in seat.stdout
    assert (filled.exit_code, filled.stderr) == (0, "")
    assert filled.stdout.startswith("supt-kate-moss now holds seat police on executive.")
    assert "SeatFilled" in filled.stdout
    assert (chair.exit_code, chair.stderr) == (0, "")
    assert "Seat police holds the chair of executive." in chair.stdout
    assert (deputy.exit_code, deputy.stderr) == (0, "")
    assert "insp-lee-chan is the deputy for seat police on executive." in deputy.stdout
    # And the roster shows the people by name, with deputy, vote and role
    assert (roster.exit_code, roster.stderr) == (0, "")
    assert roster.stdout.startswith(
        "LSP Executive (executive) as of 1 May 2026 (terms version 1)")
    row = text_row(roster.stdout, "police")
    assert row.split("  ")[0] == "police"
    for cell in ("Northamptonshire Police", "Supt Kate Moss", "Insp Lee Chan", "yes", "chair"):
        assert cell in row
    assert "1 of 1 seats filled; 1 voting seats." in roster.stdout
    assert stored_events(store) == 10


def test_roster_text_names_every_holder_and_marks_the_non_voting_seat(
        lsp: Lsp, daventry: str) -> None:
    # Given the small Daventry ledger
    # When its Executive is printed as of May
    result = lsp("roster", "executive", "--as-of", "2026-05-01")
    # Then each seat's row names its holder, and only the town-fc seat has no vote
    assert (result.exit_code, result.stderr) == (0, "")
    assert "Cllr Amy Hart" in text_row(result.stdout, "ddc-member-1")
    assert "chair" in text_row(result.stdout, "ddc-member-1")
    assert "Supt Kate Moss" in text_row(result.stdout, "police")
    assert "Insp Lee Chan" in text_row(result.stdout, "police")
    assert " no " in text_row(result.stdout, "town-fc") + " "
    assert "Pat Green" in text_row(result.stdout, "town-fc")
    assert "3 of 3 seats filled; 2 voting seats." in result.stdout


def test_roster_json_has_the_promised_keys_and_values(lsp: Lsp, daventry: str) -> None:
    # Given the small Daventry ledger
    # When its Executive is asked for as JSON
    roster = json_of(lsp("roster", "executive", "--as-of", "2026-05-01", "--json"))
    # Then there is a `seats` list with at least the keys CONTRACT.md promises
    assert roster["body"] == "executive"
    assert roster["terms_version"] == 1
    assert roster["as_of"] == "2026-05-01 23:59"
    assert roster["known_at"] is None
    assert {row["seat"] for row in roster["seats"]} == {"police", "ddc-member-1", "town-fc"}
    for row in roster["seats"]:
        assert {"seat", "org", "holder", "deputy", "voting", "role"} <= set(row)
    police = seat_row(roster, "police")
    assert police["org"] == "northants-police"
    assert police["holder"] == "supt-kate-moss"
    assert police["holder_name"] == "Supt Kate Moss"
    assert police["deputy"] == "insp-lee-chan"
    assert police["voting"] is True
    assert police["role"] is None
    assert seat_row(roster, "ddc-member-1")["role"] == "chair"
    assert seat_row(roster, "town-fc")["voting"] is False
    assert (roster["filled_seats"], roster["voting_seats"]) == (3, 2)


def test_audit_of_a_body_lists_its_events_with_who_and_when(lsp: Lsp, daventry: str) -> None:
    # Given the small Daventry ledger
    # When the Executive's audit trail is printed, as text and as JSON
    text = lsp("audit", "--entity", "body:executive")
    trail = json_of(lsp("audit", "--entity", "body:executive", "--json"))
    # Then it holds the Executive's events only, each with its actor and effective time
    assert (text.exit_code, text.stderr) == (0, "")
    for word in ("SeatAdded", "SeatFilled", "RoleAssigned", "DeputyNominated", "tester"):
        assert word in text.stdout
    events = [line for line in text.stdout.splitlines() if line.startswith("#")]
    assert {line.split()[1] for line in events} == {"body:executive"}
    assert all(len(line) <= 100 for line in text.stdout.splitlines())
    assert trail["entity"] == "body:executive"
    assert {e["entity"] for e in trail["events"]} == {"body:executive"}
    kinds = [e["event"] for e in trail["events"]]
    assert kinds.count("SeatFilled") == 3
    assert kinds[-1] == "DeputyNominated"
    assert all(e["actor"] == "tester" for e in trail["events"])
    deputy = trail["events"][-1]
    assert deputy["effective"] == "2026-04-20T00:00:00+01:00"
    assert deputy["changes"]["person"] == "insp-lee-chan"
    positions = [e["position"] for e in trail["events"]]
    assert positions == sorted(positions)


def test_check_warns_of_the_annual_review_and_missing_core_members(
        lsp: Lsp, daventry: str) -> None:
    # Given the small Daventry ledger, never reviewed, with 2 of its 9 core members seated
    # When the compliance check runs
    text = lsp("check", "--as-of", "2026-05-01")
    report = json_of(lsp("check", "--as-of", "2026-05-01", "--json"))
    # Then it warns (exit 0: warnings are not refusals), citing the clauses
    assert (text.exit_code, text.stderr) == (0, "")
    assert "(rule annual-review, clause 4.4)" in text.stdout
    assert "core member 'nene-ccg' has no representative" in text.stdout  # not in the ledger
    rules = [w["rule"] for w in report["warnings"]]
    assert rules.count("annual-review") == 1
    assert rules.count("entitlement") == 7
    assert {w["clause"] for w in report["warnings"] if w["rule"] == "entitlement"} == {
        "4.1, 4.2"}


def test_terms_show_names_the_document_and_the_version_in_force(
        lsp: Lsp, daventry: str) -> None:
    # Given the small Daventry ledger
    # When the terms are shown
    text = lsp("terms", "show", "--as-of", "2026-05-01")
    terms = json_of(lsp("terms", "show", "--as-of", "2026-05-01", "--json"))
    # Then the document, the version and each body with its clause are there
    assert (text.exit_code, text.stderr) == (0, "")
    assert text.stdout.startswith("Daventry District Local Strategic Partnership: ")
    assert "Terms version 1, in force from 2026-04-01 (adopted by tester" in text.stdout
    assert "executive: LSP Executive (clause 4)" in text.stdout
    assert terms["version"]["version"] == 1
    assert terms["version"]["source"] == "terms.toml"
    assert set(terms["bodies"]) == {"executive", "forum"}
    assert terms["bodies"]["executive"]["quorum"] == {"members": 3, "clause": "4.5"}


def test_projections_rebuild_and_status_count_the_events(lsp: Lsp, daventry: str) -> None:
    # Given the small Daventry ledger
    total = stored_events(daventry)
    # When the read models are rebuilt and their status asked
    rebuilt = lsp("projections", "rebuild")
    status = lsp("projections", "status")
    rebuilt_json = json_of(lsp("projections", "rebuild", "--json"))
    status_json = json_of(lsp("projections", "status", "--json"))
    # Then they have read every event, and the ledger itself is unchanged
    assert (rebuilt.exit_code, rebuilt.stderr) == (0, "")
    assert rebuilt.stdout == f"Read models rebuilt from {total} events.\n"
    assert (status.exit_code, status.stderr) == (0, "")
    assert status.stdout == f"Read models at event {total} of {total}.\n"
    assert rebuilt_json == {"rebuilt": True, "events": total, "position": total}
    assert status_json == {"position": total, "latest": total, "behind": 0}
    assert stored_events(daventry) == total


def test_roster_still_answers_after_a_rebuild(lsp: Lsp, daventry: str) -> None:
    # Given a roster read once
    before = json_of(lsp("roster", "executive", "--as-of", "2026-05-01", "--json"))
    # When the read models are rebuilt
    assert lsp("projections", "rebuild").exit_code == 0
    # Then the same question gets the same answer
    assert json_of(lsp("roster", "executive", "--as-of", "2026-05-01", "--json")) == before


# --------------------------------------------------------------------------------------
# --json: exactly one JSON document on stdout, nothing on stderr
# --------------------------------------------------------------------------------------

WRITES: dict[str, list[str]] = {
    "terms adopt": ["terms", "adopt", DAVENTRY_TERMS, "--on", "2026-09-01"],
    "org add": ["org", "add", "nene-ccg", "--name", "Nene CCG"],
    "person add": ["person", "add", "mary-cole", "--name", "Mary Cole", "--category",
                   "resident"],
    "seat add": ["seat", "add", "executive", "ddc-member-2", "--org", "daventry-dc",
                 "--on", "2026-04-01"],
    "seat add --term-years": ["seat", "add", "forum", "police", "--org", "northants-police",
                              "--term-years", "2", "--on", "2026-05-01"],
    "seat fill": ["seat", "fill", "executive", "police", "supt-omar-ali", "--on", "2026-06-01"],
    "seat vacate": ["seat", "vacate", "executive", "police", "--on", "2026-07-31"],
    "seat remove": ["seat", "remove", "executive", "town-fc", "--on", "2026-12-31"],
    "role assign": ["role", "assign", "executive", "vice-chair", "police", "--on", "2026-04-15"],
    "deputy nominate": ["deputy", "nominate", "executive", "ddc-member-1", "supt-omar-ali",
                        "--on", "2026-04-20"],
    "deputy revoke": ["deputy", "revoke", "executive", "police", "--on", "2026-10-01"],
    "membership request": ["membership", "request", "executive", "daventry-town-fc",
                           "town-fc-2026", "--on", "2026-05-01"],
    "membership review": ["membership", "review", "executive", "--note", "all present",
                          "--on", "2026-11-30"],
    "meeting schedule": ["meeting", "schedule", "executive", "exec-2026-06",
                         "--on", "2026-06-10T18:30"],
    "decision propose": ["decision", "propose", "executive", "grant-1", "--title", "A grant",
                         "--by", "police", "--on", "2026-05-01"],
}

READS: dict[str, tuple[list[str], str]] = {
    "terms show": (["terms", "show"], "versions"),
    "roster": (["roster", "executive"], "seats"),
    "roster --as-of": (["roster", "executive", "--as-of", "2026-05-01"], "seats"),
    "roster --known-at": (["roster", "executive", "--known-at", "2099-01-01"], "seats"),
    "audit": (["audit"], "events"),
    "audit --entity": (["audit", "--entity", "person:supt-kate-moss"], "events"),
    "check": (["check"], "warnings"),
    "check --as-of": (["check", "--as-of", "2026-05-01"], "warnings"),
    "projections rebuild": (["projections", "rebuild"], "rebuilt"),
    "projections status": (["projections", "status"], "behind"),
}


@pytest.mark.parametrize("args", WRITES.values(), ids=WRITES.keys())
def test_json_on_a_write_prints_what_was_recorded_and_where(
        lsp: Lsp, daventry: str, args: list[str]) -> None:
    # Given the small Daventry ledger
    before = stored_events(daventry)
    # When a command that records is run with --json
    result = lsp(*args, "--json")
    # Then stdout is one JSON document naming the new events by their positions
    doc = json_of(result)
    after = stored_events(daventry)
    assert doc["recorded"] is True
    assert isinstance(doc["message"], str)
    assert doc["message"]
    assert after > before
    assert [e["position"] for e in doc["events"]] == list(range(before + 1, after + 1))
    for event in doc["events"]:
        assert set(event) == {"position", "entity", "event"}
        assert ":" in event["entity"]


@pytest.mark.parametrize(("args", "key"), READS.values(), ids=READS.keys())
def test_json_on_a_read_prints_one_document_and_records_nothing(
        lsp: Lsp, daventry: str, args: list[str], key: str) -> None:
    # Given the small Daventry ledger
    before = stored_events(daventry)
    # When a reading command is run with --json
    doc = json_of(lsp(*args, "--json"))
    # Then stdout is one JSON object with the command's read model, and nothing is recorded
    assert isinstance(doc, dict)
    assert key in doc
    assert stored_events(daventry) == before


def test_json_on_init_prints_the_founding_events(lsp: Lsp, store: str) -> None:
    # Given no ledger yet
    # When it is created with --json
    doc = json_of(lsp("init", "Daventry District LSP", "--terms", DAVENTRY_TERMS,
                      "--on", "2026-04-01", "--json"))
    # Then the founding and the adoption of the terms are the first two events
    assert doc["recorded"] is True
    assert doc["events"] == [
        {"position": 1, "entity": "partnership:partnership", "event": "Founded"},
        {"position": 2, "entity": "partnership:partnership", "event": "TermsAdopted"},
    ]
    assert stored_events(store) == 2


def test_json_on_membership_decide_records_the_decision(lsp: Lsp, daventry: str) -> None:
    # Given a request to join the Executive, and a quorate meeting of the Executive (4.5)
    run_lines(lsp, """
        membership request executive daventry-town-fc town-fc-2026 --on 2026-05-01
        person add cllr-ben-osei --name "Cllr Ben Osei"
        seat add executive ddc-member-2 --org daventry-dc --on 2026-04-01
        seat fill executive ddc-member-2 cllr-ben-osei --on 2026-04-01
        meeting schedule executive exec-2026-06 --on 2026-06-10
        attend exec-2026-06 police
        attend exec-2026-06 ddc-member-1
        attend exec-2026-06 ddc-member-2
    """)
    # When it is decided at that meeting, with --json
    doc = json_of(lsp("membership", "decide", "town-fc-2026", "rejected",
                      "--meeting", "exec-2026-06", "--json"))
    # Then the decision is recorded on the request
    assert doc["recorded"] is True
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        ("request:town-fc-2026", "Decided"), ("meeting:exec-2026-06", "RequestDecided")]
    audit = json_of(lsp("audit", "--entity", "request:town-fc-2026", "--json"))
    assert audit["events"][-1]["changes"]["decision"] == "rejected"
    assert audit["events"][-1]["changes"]["meeting"] == "exec-2026-06"


def test_json_on_correct_records_the_retraction(lsp: Lsp, daventry: str) -> None:
    # Given the deputy nomination, the Executive's latest event
    trail = json_of(lsp("audit", "--entity", "body:executive", "--json"))
    nomination = trail["events"][-1]
    assert nomination["event"] == "DeputyNominated"
    # When it is corrected, with --json
    doc = json_of(lsp("correct", "body:executive", str(nomination["version"]),
                      "--reason", "nominated in error", "--json"))
    # Then a retraction is recorded, and the roster no longer shows the deputy
    assert [(e["entity"], e["event"]) for e in doc["events"]] == [
        ("body:executive", "Retracted")]
    roster = json_of(lsp("roster", "executive", "--as-of", "2026-05-01", "--json"))
    assert seat_row(roster, "police")["deputy"] is None


# --------------------------------------------------------------------------------------
# Refusals: exit 1, `Error: ` with the rule and clause, nothing recorded
# --------------------------------------------------------------------------------------

RULE_REFUSALS: dict[str, tuple[list[str], str, str]] = {
    # Daventry 4.1: only the listed core members have voting seats on the Executive.
    "entitlement 4.1": (["seat", "add", "executive", "fc", "--org", "daventry-town-fc",
                         "--on", "2026-04-01"], "entitlement", "4.1, 4.2"),
    # Daventry 4.4: the vice-chair is selected from the core (voting) members.
    "role-holder 4.4": (["role", "assign", "executive", "vice-chair", "town-fc",
                         "--on", "2026-05-01"], "role-holder", "4.4"),
}

OTHER_REFUSALS: dict[str, tuple[list[str], str, str]] = {
    "unknown person": (["seat", "fill", "executive", "police", "nobody", "--on", "2026-05-01"],
                       "NotFound", "there is no person 'nobody'"),
    "unknown body": (["seat", "add", "board", "police", "--org", "northants-police"],
                     "NotFound", "there is no body 'board'"),
    "unknown body on roster": (["roster", "board"], "NotFound", "there is no body 'board'"),
    "unknown seat": (["seat", "fill", "executive", "county", "supt-omar-ali"],
                     "NotFound", "there is no seat 'county'"),
    "bad date": (["seat", "fill", "executive", "police", "supt-omar-ali", "--on",
                  "2026-13-01"], "InvalidInput", "--on '2026-13-01' is not a date"),
    "bad --as-of": (["roster", "executive", "--as-of", "1 May"], "InvalidInput",
                    "--as-of '1 May' is not a date"),
    "non-slug id": (["org", "add", "Met_Police", "--name", "Met"], "InvalidInput",
                    "org id 'Met_Police' is not a slug"),
    "duplicate org": (["org", "add", "northants-police", "--name", "Police again"],
                      "AlreadyExists",
                      "org Northamptonshire Police (northants-police) already exists"),
    "duplicate seat": (["seat", "add", "executive", "police", "--org", "daventry-town-fc",
                        "--non-voting"],
                       "InvalidInput",
                       "the seat police (Northamptonshire Police) already exists"),
    "duplicate voting seat": (["seat", "add", "executive", "police", "--org",
                               "northants-police"],
                              "InvalidInput",
                       "the seat police (Northamptonshire Police) already exists"),
    "bad entity": (["audit", "--entity", "body:Executive"], "InvalidInput",
                   "name an entity as KIND:SLUG"),
}


@pytest.mark.parametrize(("args", "rule", "clause"), RULE_REFUSALS.values(),
                         ids=RULE_REFUSALS.keys())
def test_a_rule_refusal_names_the_rule_and_clause_and_records_nothing(
        lsp: Lsp, daventry: str, args: list[str], rule: str, clause: str) -> None:
    # Given the small Daventry ledger
    before = stored_events(daventry)
    # When the terms forbid what is asked
    result = lsp(*args)
    # Then exit 1, with the rule and its clause on stderr, nothing on stdout or in the store
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: refused by rule '{rule}' (clause {clause}, "
                                    "terms version 1): ")
    assert result.stderr.count("\n") == 1
    assert stored_events(daventry) == before


@pytest.mark.parametrize(("args", "rule", "clause"), RULE_REFUSALS.values(),
                         ids=RULE_REFUSALS.keys())
def test_a_rule_refusal_under_json_prints_an_error_document(
        lsp: Lsp, daventry: str, args: list[str], rule: str, clause: str) -> None:
    # Given the small Daventry ledger
    before = stored_events(daventry)
    # When the terms forbid what is asked, with --json
    result = lsp(*args, "--json")
    # Then exit 1, one JSON error document on stdout, the message on stderr
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["error"] == "RuleBroken"
    assert (doc["rule"], doc["clause"], doc["terms_version"]) == (rule, clause, 1)
    assert doc["reasons"]
    assert all(reason in doc["message"] for reason in doc["reasons"])
    assert result.stderr == f"Error: {doc['message']}\n"
    assert stored_events(daventry) == before


@pytest.mark.parametrize(("args", "error", "message"), OTHER_REFUSALS.values(),
                         ids=OTHER_REFUSALS.keys())
def test_an_unknown_or_malformed_identifier_is_refused_and_nothing_recorded(
        lsp: Lsp, daventry: str, args: list[str], error: str, message: str) -> None:
    # Given the small Daventry ledger
    before = stored_events(daventry)
    # When a command names something that is not there, or not well formed
    text = lsp(*args)
    as_json = lsp(*args, "--json")
    # Then exit 1 with the message on stderr (and a JSON error document under --json)
    assert text.exit_code == 1
    assert text.stdout == ""
    assert text.stderr.startswith(f"Error: {message}")
    assert as_json.exit_code == 1
    doc = json.loads(as_json.stdout)
    assert doc["error"] == error
    assert doc["message"].startswith(message)
    assert "rule" not in doc
    assert as_json.stderr == f"Error: {doc['message']}\n"
    assert stored_events(daventry) == before


@pytest.mark.parametrize("args", [
    ["roster", "executive"],
    ["audit"],
    ["check"],
    ["terms", "show"],
    ["projections", "status"],
    ["org", "add", "northants-police", "--name", "Northamptonshire Police"],
], ids=" ".join)
def test_a_missing_store_is_refused_and_no_file_is_created(
        lsp: Lsp, store: str, args: list[str]) -> None:
    # Given a path (or a PostgreSQL schema) with no ledger
    assert not store_exists(store)
    # When a command other than init is run against it, as text and as JSON
    text = lsp(*args)
    as_json = lsp(*args, "--json")
    # Then exit 1 says there is no ledger there, and no file appears
    assert text.exit_code == 1
    assert text.stdout == ""
    assert text.stderr.startswith(f"Error: there is no ledger at {store}")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["error"] == "NotFound"
    assert not store_exists(store)
    if not is_postgres(store):
        assert not list(Path(store).parent.iterdir())


def test_init_twice_is_refused_and_the_ledger_kept(lsp: Lsp, daventry: str) -> None:
    # Given a ledger
    before = stored_events(daventry)
    # When init is run again on the same store
    result = lsp("init", "Another LSP", "--terms", DAVENTRY_TERMS)
    # Then it is refused, naming the partnership already there
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {daventry} already holds the ledger of "
                                    "Daventry District LSP")
    assert stored_events(daventry) == before


def test_a_refused_init_leaves_no_store_behind(lsp: Lsp, store: str, tmp_path: Path) -> None:
    # Given no ledger
    # When init names a terms file that does not exist
    result = lsp("init", "Daventry District LSP", "--terms", str(tmp_path / "missing.toml"))
    # Then it is refused, and nothing at all is left at the store's path
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "missing.toml" in result.stderr
    assert not Path(store).exists()


# --------------------------------------------------------------------------------------
# Usage errors: exit 2, nothing on stdout, nothing recorded
# --------------------------------------------------------------------------------------

USAGE_ERRORS: dict[str, tuple[list[str], str]] = {
    "missing argument": (["seat", "fill", "executive", "police"],
                         "Missing argument 'PERSON'"),
    "bad choice for role": (["role", "assign", "executive", "boss", "police"],
                            "'boss' is not one of 'chair', 'co-chair', 'vice-chair'"),
    "bad choice for a decision": (["membership", "decide", "req-1", "maybe",
                                   "--meeting", "m-1"],
                                  "'maybe' is not one of 'approved', 'rejected'"),
    "missing option": (["org", "add", "nene-ccg"], "Missing option '--name'"),
    "unknown option": (["roster", "executive", "--as-at", "2026-05-01"],
                       "No such option '--as-at'"),
    "not an integer": (["correct", "body:executive", "two", "--reason", "x"],
                       "'two' is not a valid integer"),
    "term of no years": (["seat", "add", "forum", "x", "--org", "daventry-dc",
                          "--term-years", "0"], "--term-years"),
    "a command that does not exist": (["sign"], "No such command 'sign'"),
    "bad outcome of a report": (["decision", "report", "grant-1", "--meeting", "m-1",
                                 "--outcome", "approved"],
                                "'approved' is not one of 'ratified', 'noted', 'endorsed', "
                                "'rescinded'"),
    "membership decide has no --on": (["membership", "decide", "req-1", "approved",
                                       "--meeting", "m-1", "--on", "2026-06-10"],
                                      "No such option '--on'"),
}


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
def test_a_usage_error_exits_2_with_usage_on_stderr(
        lsp: Lsp, daventry: str, args: list[str], message: str, json_flag: list[str]) -> None:
    # Given the small Daventry ledger
    before = stored_events(daventry)
    # When a command is mistyped
    result = lsp(*args, *json_flag)
    # Then exit 2, the usage and the mistake on stderr, nothing on stdout or in the store
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage: " in result.stderr
    assert message in result.stderr
    assert stored_events(daventry) == before


# --------------------------------------------------------------------------------------
# The two clocks: --on and --as-of (effective), --known-at (recorded)
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("on", "as_of", "holder"), [
    # a bare --on is the start of the day, a bare --as-of the end of the day
    ("2026-06-01", "2026-05-31", "supt-kate-moss"),
    ("2026-06-01", "2026-06-01", "supt-omar-ali"),
    ("2026-06-01", "2026-05-31T23:59", "supt-kate-moss"),
    # a date-time is England time (BST in June): 18:30 local is 17:30 UTC
    ("2026-06-01T18:30", "2026-06-01T18:00", "supt-kate-moss"),
    ("2026-06-01T18:30", "2026-06-01T18:30", "supt-omar-ali"),
    ("2026-06-01T18:30", "2026-06-01T17:15Z", "supt-kate-moss"),
    ("2026-06-01T18:30", "2026-06-01T17:30Z", "supt-omar-ali"),
    ("2026-06-01T18:30+01:00", "2026-06-01", "supt-omar-ali"),
])
def test_roster_as_of_counts_a_change_from_its_effective_time(
        lsp: Lsp, daventry: str, on: str, as_of: str, holder: str) -> None:
    # Given Supt Kate Moss in the police seat, replaced by Supt Omar Ali --on a date
    run_lines(lsp, f"seat fill executive police supt-omar-ali --on {on}")
    # When the roster is asked for as of a moment around then
    roster = json_of(lsp("roster", "executive", "--as-of", as_of, "--json"))
    # Then the replacement counts from its effective time, not before
    assert seat_row(roster, "police")["holder"] == holder


def test_roster_before_the_terms_were_in_force_is_refused(lsp: Lsp, daventry: str) -> None:
    # Given terms in force from 1 April 2026
    # When the roster is asked for as of the day before
    result = lsp("roster", "executive", "--as-of", "2026-03-31")
    # Then it is refused: no terms were in force, so no body existed
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no terms of reference were in force on 31 March 2026")


@pytest.fixture
def corrected(lsp: Lsp, store: str) -> str:
    """A ledger whose recorded times are known: a mistake recorded on 10 May 2026 at 13:00
    (BST) and corrected on 20 May at 13:00, each frozen with freezegun."""
    with freeze_time("2026-04-01 08:00:00"):  # 09:00 in England
        run_lines(lsp, DAVENTRY_SETUP.format(terms=shlex.quote(DAVENTRY_TERMS)))
    with freeze_time("2026-05-10 12:00:00"):  # 13:00 in England
        run_lines(lsp, "seat fill executive police supt-omar-ali --on 2026-05-01")
    trail = json_of(lsp("audit", "--entity", "body:executive", "--json"))
    mistake = trail["events"][-1]
    assert (mistake["event"], mistake["changes"]["person"]) == ("SeatFilled", "supt-omar-ali")
    assert mistake["recorded"] == "2026-05-10T13:00:00+01:00"
    with freeze_time("2026-05-20 12:00:00"):  # 13:00 in England
        result = lsp("correct", "body:executive", str(mistake["version"]),
                     "--reason", "the Police have not replaced Supt Moss")
    assert (result.exit_code, result.stderr) == (0, "")
    assert f"Event {mistake['version']} of body:executive retracted" in result.stdout
    return store


@pytest.mark.parametrize(("as_of", "known_at", "holder"), [
    # known now: the correction counts, so the mistake never happened
    ("2026-05-15", None, "supt-kate-moss"),
    # known before the mistake was recorded
    ("2026-05-15", "2026-05-09", "supt-kate-moss"),
    ("2026-05-15", "2026-05-10T12:59", "supt-kate-moss"),
    # known between the mistake and its correction: the ledger believed it
    ("2026-05-15", "2026-05-10T13:00", "supt-omar-ali"),
    ("2026-05-15", "2026-05-10", "supt-omar-ali"),
    ("2026-05-15", "2026-05-20T12:59", "supt-omar-ali"),
    # known after the correction
    ("2026-05-15", "2026-05-20T13:00", "supt-kate-moss"),
    ("2026-05-15", "2026-05-20", "supt-kate-moss"),
    # before the mistaken appointment took effect, it never counted
    ("2026-04-30", "2026-05-15", "supt-kate-moss"),
])
def test_roster_known_at_shows_what_the_ledger_knew_before_and_after_a_correction(
        lsp: Lsp, corrected: str, as_of: str, known_at: str | None, holder: str) -> None:
    # Given a mistaken appointment, recorded and later corrected
    # When the roster is asked for as the ledger knew it at a moment
    args = ["--as-of", as_of] + (["--known-at", known_at] if known_at else [])
    roster = json_of(lsp("roster", "executive", *args, "--json"))
    # Then it shows the holder the ledger believed in at that moment
    assert seat_row(roster, "police")["holder"] == holder


def test_roster_known_at_is_shown_in_the_heading_and_the_json(
        lsp: Lsp, corrected: str) -> None:
    # Given the corrected ledger
    # When the roster is asked for as known at a date, as text and as JSON
    text = lsp("roster", "executive", "--as-of", "2026-05-15", "--known-at", "2026-05-15")
    doc = json_of(lsp("roster", "executive", "--as-of", "2026-05-15",
                      "--known-at", "2026-05-15", "--json"))
    # Then both say which moment they describe, and the mistaken holder is shown by name
    assert (text.exit_code, text.stderr) == (0, "")
    assert text.stdout.startswith("LSP Executive (executive) as of 15 May 2026, "
                                  "as known at 15 May 2026 ")
    assert "Supt Omar Ali" in text_row(text.stdout, "police")
    assert (doc["as_of"], doc["known_at"]) == ("2026-05-15 23:59", "2026-05-15 23:59")


def test_audit_keeps_both_the_mistake_and_its_correction(lsp: Lsp, corrected: str) -> None:
    # Given the corrected ledger
    # When the Executive's audit trail is read
    trail = json_of(lsp("audit", "--entity", "body:executive", "--json"))
    # Then nothing was deleted: the mistake is there, followed by its retraction and reason
    mistake, correction = trail["events"][-2:]
    assert mistake["event"] == "SeatFilled"
    assert correction["event"] == "Retracted"
    assert correction["changes"]["version"] == mistake["version"]
    assert correction["changes"]["reason"] == "the Police have not replaced Supt Moss"
    assert correction["recorded"] == "2026-05-20T13:00:00+01:00"


# --------------------------------------------------------------------------------------
# The command itself: `python -m cli` and the console script
# --------------------------------------------------------------------------------------

ENTRY_POINTS = {
    "python -m cli": [sys.executable, "-m", "cli"],
    "lsp script": [str(Path(sys.executable).with_name("lsp"))],
}


@pytest.mark.parametrize("command", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
def test_the_command_prints_its_help(command: list[str], tmp_path: Path) -> None:
    # Given a directory other than the project's
    # When the command is asked for help
    done = subprocess.run([*command, "--help"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60, check=False)
    # Then it prints the usage of `lsp`, with its commands
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith("Usage: lsp [OPTIONS] COMMAND [ARGS]...")
    for name in ("roster", "seat", "audit", "demo"):
        assert f"\n  {name} " in done.stdout


@pytest.mark.parametrize("command", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
def test_the_command_exits_1_and_2_as_a_process(command: list[str], tmp_path: Path) -> None:
    # Given a path with no ledger
    store = str(tmp_path / "none.sqlite")
    # When a real process is refused, then mistyped
    refused = subprocess.run([*command, "--store", store, "--as", "tester", "roster",
                              "executive", "--json"], capture_output=True, text=True,
                             cwd=tmp_path, timeout=60, check=False)
    mistyped = subprocess.run([*command, "--store", store, "seat", "fill", "executive"],
                              capture_output=True, text=True, cwd=tmp_path, timeout=60,
                              check=False)
    # Then the exit codes are those CONTRACT.md promises
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["error"] == "NotFound"
    assert refused.stderr.startswith("Error: there is no ledger at ")
    assert mistyped.returncode == 2
    assert mistyped.stdout == ""
    assert "Missing argument 'SEAT'" in mistyped.stderr
    assert not Path(store).exists()


# --------------------------------------------------------------------------------------
# Hints: the flag or command the command line adds to a refusal (cli/hints.py)
# --------------------------------------------------------------------------------------

def test_every_hint_names_a_flag_or_a_command_of_lsp() -> None:
    # Given the hints, and the options and commands of lsp
    names = {o for c in ALL_COMMANDS.values() for p in c.params for o in p.opts}
    names |= {o for p in cli.params for o in p.opts} | set(ALL_COMMANDS) | {"LSP_ACTOR",
                                                                          "LSP_STORE"}
    # Then each hint names at least one of them, spelt as lsp spells it
    hints = {f"input:{k}": v for k, v in INPUTS.items()} | {f"add:{k}": v for k, v in ADDS.items()}
    hints |= {f"act:{k}": v for k, v in ACTS.items()}
    hints |= {"act:correct:meeting:m": hint_for("act:correct:meeting:m") or "",
              "act:audit:body:b": hint_for("act:audit:body:b") or ""}
    for code, hint in hints.items():
        flags = re.findall(r"--[a-z][a-z-]*|LSP_[A-Z]+", hint)
        commands = re.findall(r"lsp ([a-z][a-z-]*(?: [a-z][a-z-]*)?)", hint)
        assert flags or commands, code
        assert set(flags) <= names, code
        assert all(c in names or c.split()[0] in names for c in commands), code


# --------------------------------------------------------------------------------------
# Meta-tests: every command has help text, takes --json and appears in docs/cli.md
# --------------------------------------------------------------------------------------

def command_paths(group: click.Group = cli, prefix: tuple[str, ...] = ()
                  ) -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        path = (*prefix, name)
        default = command.commands.get("show") if isinstance(command, click.Group) else None
        # `lsp roster BODY` is the group's hidden `show` command (cli/reading.py): a leaf.
        yield " ".join(path), default if default is not None and default.hidden else command
        if isinstance(command, click.Group):
            yield from command_paths(command, path)


ALL_COMMANDS = dict(command_paths())
LEAF_COMMANDS = {p: c for p, c in ALL_COMMANDS.items() if not isinstance(c, click.Group)}

# CONTRACT.md's commands, and those this project adds (docs/cli.md marks them).
CONTRACT_COMMANDS = (
    "init", "terms adopt", "terms show", "org add", "person add", "seat add", "seat fill",
    "seat vacate", "seat remove", "role assign", "deputy nominate", "deputy revoke",
    "membership request", "membership decide", "meeting schedule",
    "agenda add",
    "agenda publish", "attend", "apologies", "interest declare", "vote cast", "vote close",
    "decide", "meeting close", "decision propose", "decision approve", "decision show",
    "decision pending", "decision report", "roster", "quorum", "report ratifications",
    "audit", "check", "seal", "verify", "prove", "export", "import", "demo",
    "batch",
    "checkpoint",  # CONTRACT.md, "Added in 2026-12"
    "meeting list", "action add", "action done", "action list", "report agenda",
    "org list", "person list", "decision list",  # CONTRACT.md, "Added in 2026-12"
    "roster import", "roster export",  # CONTRACT.md, "Added in 2026-12"
    "account add", "grant", "revoke", "token create", "token revoke",  # the same, accounts
    "serve",  # CONTRACT.md, "Added in 2026-12"
)
EXTENSIONS = ("membership review", "correct", "projections rebuild", "projections status",
              "in-attendance", "decision declare", "decision withdraw",
              "decision lapse", "keys generate", "doctor", "store init-postgres",
              "store repair-guards", "meeting reschedule", "outbox list", "outbox send",
              "membership recommend", "role approve")
# Extensions a colleague is building now: docs/cli.md documents them already, so they are
# accepted whether or not they are registered yet (a registered command that is not
# documented still fails `test_every_command_appears_in_the_docs`).
BEING_BUILT = ("report minutes", "register decisions", "register interests",
               "register attendance")
# CONTRACT.md commands a colleague is building now: docs/cli.md documents them already
# (not under "Coming"), so they pass whether or not they are registered yet; their
# examples are `text` blocks, never run by the docs session.
CONTRACT_BEING_BUILT = ("decision show", "decision pending", "report ratifications")
# Options beyond CONTRACT.md (or forms of an argument or of an answer), each marked
# `**Extension:** ...` in its command's section.
EXTENSION_OPTIONS = {
    "seat add": "`--term-years N`",
    "interest declare": "`--left-room`",
    "correct": "`meeting:SLUG`",
    "decision propose": "`--deputy`, `--text`, `--reasons`, `--alternatives` and `--urgency`",
    "decision report": "`--reason TEXT`",
    "vote close": "`--alternatives TEXT`",
    "vote cast": "`--evidence TEXT`",
    "decide": "`--alternatives TEXT`",
    "decision show": "`withdrawn`",
    "decision pending": "each with the next scheduled meeting",
    "report ratifications": "`--output FILE`",
    "seal": "`--key FILE`",
    "verify": "`--public-key FILE` and `--require-signed`",
    "roster import": "`--on DATE`",
    "roster export": "`--output FILE`, `--force`",
    "agenda add": "`--partner ORG`",
}
# Known product bugs a meta-test exposes: the test stays as it should be, marked xfail.
KNOWN_BUGS: dict[str, str] = {}


def with_known_bugs(paths: Iterable[str]) -> list[Any]:
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[p]))
            if p in KNOWN_BUGS else p for p in paths]


def docs_text() -> str:
    return DOCS.read_text(encoding="utf-8")


def docs_section(heading: str) -> str:
    text = docs_text()
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start:] if end == -1 else text[start:end]


def test_the_commands_are_the_ones_expected() -> None:
    # Given the click group
    # When its leaf commands are listed
    built = set(LEAF_COMMANDS)
    # Then they are CONTRACT.md's commands built so far, plus the documented extensions,
    # plus those of the extensions being built that are registered already
    assert set(EXTENSIONS) <= built
    assert built - set(EXTENSIONS) - set(BEING_BUILT) <= set(CONTRACT_COMMANDS)
    assert not set(BEING_BUILT) & set(CONTRACT_COMMANDS)
    assert set(CONTRACT_BEING_BUILT) <= set(CONTRACT_COMMANDS)
    assert not set(EXTENSIONS) & set(CONTRACT_COMMANDS)


@pytest.mark.parametrize("path", BEING_BUILT)
def test_a_command_being_built_is_documented_already(path: str) -> None:
    # Given an extension a colleague is building, registered or not yet
    # When its section of docs/cli.md is read
    section = docs_section(f"### `lsp {path}`")
    # Then it has a synopsis, says it is an extension, and points to docs/reports.md
    assert f"    lsp {path} " in section
    assert "[--json]" in section
    assert "**Extension.**" in section
    assert "details in `docs/reports.md`" in " ".join(section.split())
    assert f"lsp {path}" not in docs_section("## Coming")


@pytest.mark.parametrize("path", CONTRACT_BEING_BUILT)
def test_a_contract_command_being_built_is_documented_already(path: str) -> None:
    # Given a command CONTRACT.md promises that a colleague is building, registered or not
    # When its section of docs/cli.md is read
    section = docs_section(f"### `lsp {path}`")
    # Then it has a synopsis, is not said to be coming nor an extension, and its examples
    # are shown in `text` blocks that the docs session does not run
    assert f"    lsp {path} " in section
    assert "[--json]" in section
    assert "**Extension.**" not in section
    assert f"lsp {path}" not in docs_section("## Coming")
    assert "```sh" not in section
    assert f"lsp {path} " in section.split("```text", 1)[1]


@pytest.mark.parametrize("path", with_known_bugs(ALL_COMMANDS))
def test_every_command_has_help_text(path: str) -> None:
    # Given a command or group of `lsp`
    command = ALL_COMMANDS[path]
    # When its help is read
    text = (command.help or "").strip()
    # Then it says what the command does, and every option says what it is for
    assert text, f"`lsp {path}` has no help text"
    assert (command.get_short_help_str() or "").strip()
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert (param.help or "").strip(), f"`lsp {path}` {param.opts} has no help"


@pytest.mark.parametrize("path", LEAF_COMMANDS.keys())
def test_every_command_takes_json(path: str) -> None:
    # Given a command of `lsp`
    command = LEAF_COMMANDS[path]
    # When its options are listed
    options = {opt for p in command.params for opt in p.opts}
    # Then --json is one of them (CONTRACT.md: --json on every command)
    assert "--json" in options


@pytest.mark.parametrize("path", ALL_COMMANDS.keys())
def test_every_command_appears_in_the_docs(path: str) -> None:
    # Given docs/cli.md
    text = docs_text()
    # When a command's path is looked for
    # Then it is there as `lsp PATH`, and a leaf command has its own section
    assert f"lsp {path}" in text
    if path in LEAF_COMMANDS:
        section = docs_section(f"### `lsp {path}`")
        assert f"    lsp {path}" in section, f"no synopsis for `lsp {path}`"


@pytest.mark.parametrize("path", LEAF_COMMANDS.keys())
def test_every_option_appears_in_the_docs_section_of_its_command(path: str) -> None:
    # Given a command's section of docs/cli.md
    section = docs_section(f"### `lsp {path}`")
    # When its options are looked for
    options = [p.opts[0] for p in LEAF_COMMANDS[path].params if isinstance(p, click.Option)]
    # Then each one is documented there
    missing = [o for o in options if o not in section]
    assert not missing, f"docs/cli.md does not document {missing} of `lsp {path}`"


def test_global_options_are_documented() -> None:
    # Given the group's own options
    options = [o for p in cli.params for o in p.opts]
    # When the conventions section of docs/cli.md is read
    section = docs_section("### Global options")
    # Then each option, and the environment variables, are there
    for option in options:
        assert f"`{option}" in section
    assert "`LSP_STORE`" in section
    assert "`LSP_ACTOR`" in section


@pytest.mark.parametrize("path", EXTENSIONS + BEING_BUILT)
def test_extensions_are_marked_in_the_docs(path: str) -> None:
    # Given an extension beyond CONTRACT.md
    section = docs_section(f"### `lsp {path}`")
    # When its section is read
    # Then it says it is an extension
    assert "**Extension.**" in section


@pytest.mark.parametrize(("path", "marker"), EXTENSION_OPTIONS.items(),
                         ids=EXTENSION_OPTIONS.keys())
def test_an_extension_option_is_marked_in_the_docs(path: str, marker: str) -> None:
    # Given the section of a CONTRACT.md command with an option beyond it
    section = docs_section(f"### `lsp {path}`")
    # When the option (or form of an argument) is looked for
    # Then it is described as an extension
    assert f"**Extension:** {marker}" in section


@pytest.mark.parametrize("path", [p for p in CONTRACT_COMMANDS
                                  if p not in CONTRACT_BEING_BUILT])
def test_a_contract_command_is_either_built_or_listed_as_coming(path: str) -> None:
    # Given a command CONTRACT.md promises
    coming = docs_section("## Coming")
    # When docs/cli.md is read
    documented_as_coming = f"lsp {path}" in coming
    # Then it is built and not said to be coming, or not built and listed under Coming
    assert documented_as_coming != (path in LEAF_COMMANDS)
