"""Names where people read (issue 16, item 5): refusals and warnings name people and seats
by name and organisation, dates are in British long form, text tables fit 100 columns by
wrapping and never truncating, and `lsp audit` filters by kind and date and leaves the
seals out unless asked.

Each CLI test asserts the exit code, stdout and stderr separately, and that a refusal
records nothing."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time

from cli.render import table
from ledger.app import Ledger
from ledger.naming import Names, named
from tests.conftest import on
from tests.helpers import Lsp, example, stored_events
from tests.stories import PAPERS_NOW, NewLedger, daventry_executive, june_with_actions

LONG_ORG = ("The Northamptonshire and Daventry Community Voluntary Sector Infrastructure "
            "Consortium")


@pytest.fixture
def papers(new_ledger: NewLedger) -> Ledger:
    with freeze_time(PAPERS_NOW):
        ledger = new_ledger(example("daventry"))
        daventry_executive(ledger)
        june_with_actions(ledger)
    return ledger


# ------------------------------------------------------------------- text tables at 100

def test_a_roster_with_a_long_organisation_name_wraps_to_100_columns(
        lsp: Lsp, papers: Ledger) -> None:
    # Given a seat for an organisation with a very long name
    with freeze_time(PAPERS_NOW):
        papers.add_org("long-org", LONG_ORG)
        papers.add_seat("executive", "long-org", "long-org", voting=False,
                        on=on("2026-05-01"))
        before = stored_events(papers.store)
        # When the roster is printed as text
        result = lsp("roster", "executive")
    # Then no line is wider than 100 columns, every word of the name is there (wrapped,
    # not cut short), and nothing is recorded
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "…" not in result.stdout
    assert set(LONG_ORG.split()) <= set(result.stdout.split())
    assert any(line.startswith("long-org ") for line in lines)
    assert stored_events(papers.store) == before


def test_a_table_narrows_to_the_longest_word_first_so_a_slug_stays_whole() -> None:
    # Given a table far wider than 100 columns, with a slug in one column
    rows = [("vc-match-funding", "word " * 40, "another " * 20)]
    # When it is laid out
    text = table(["DECISION", "PROSE", "MORE"], rows)
    # Then it fits, the slug is whole on its line, and every word is there
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "vc-match-funding" in text.splitlines()[2]
    assert text.split().count("word") == 40 and text.split().count("another") == 20


def test_a_table_breaks_a_word_only_when_the_words_cannot_fit() -> None:
    # Given columns whose single words together are wider than 100
    rows = [("a" * 60, "b" * 60)]
    # When it is laid out
    text = table(["ONE", "TWO"], rows)
    # Then it still fits, and nothing is lost
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "".join(text.split()).count("a") == 60
    assert "".join(text.split()).count("b") == 60


# -------------------------------------------------------------- refusals name people

def test_agree_once_refusal_names_the_seat_and_its_organisation_and_records_nothing(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the minibus decision, approved by the CCG's seat on 21 June
    before = stored_events(papers.store)
    # When the same seat approves it again
    with freeze_time(PAPERS_NOW):
        args = ["decision", "approve", "minibus", "--by", "ccg", "--on", "2026-06-22"]
        result = lsp(*args)
        as_json = lsp(*args, "--json")
    # Then exit 1, the refusal names the seat with its organisation (the slug kept beside
    # it), the JSON's message is the same words, and nothing is recorded
    assert (result.exit_code, result.stdout) == (1, "")
    assert ("the seat ccg (Nene Clinical Commissioning Group) has already agreed to this "
            "decision") in result.stderr
    doc = json.loads(as_json.stdout)
    assert (doc["rule"], doc["clause"]) == ("agree-once", "4.6")
    assert as_json.stderr == f"Error: {doc['message']}\n"
    assert stored_events(papers.store) == before


def test_a_refusal_says_its_dates_in_british_long_form_and_records_nothing(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the ledger
    before = stored_events(papers.store)
    # When an agenda is published after its meeting was held
    with freeze_time(PAPERS_NOW):
        result = lsp("agenda", "publish", "exec-2026-06", "--on", "2026-06-11")
    # Then the refusal says the meeting's date as a person would, and nothing is recorded
    assert (result.exit_code, result.stdout) == (1, "")
    assert "was held on 10 June 2026" in result.stderr
    assert "2026-06-10" not in result.stderr
    assert stored_events(papers.store) == before


def test_named_leads_with_the_name_and_keeps_what_the_user_typed() -> None:
    # Given a directory
    names = Names(people={"cllr-amy-hart": "Cllr Amy Hart"},
                  person_orgs={"cllr-amy-hart": "Daventry District Council"},
                  orgs={"daventry-dc": "Daventry District Council"},
                  seat_orgs={"ddc-member-1": "Daventry District Council"},
                  bodies={"executive": "LSP Executive"})
    # When messages are named
    agreed = named("seat ddc-member-1 has already agreed", names)
    holds = named("cllr-amy-hart already holds seat ddc-member-1 on executive", names)
    typed = named("there is no seat 'nosuch' on 'executive' on 2026-11-21", names)
    example = named("give an ISO date such as 2026-03-03, not '2026-13-01'", names)
    # Then people and seats lead with their names, unknown slugs and typed values stay
    assert agreed == "the seat ddc-member-1 (Daventry District Council) has already agreed"
    assert holds == ("Cllr Amy Hart (Daventry District Council) already holds the seat "
                     "ddc-member-1 (Daventry District Council) on LSP Executive")
    assert typed == "there is no seat 'nosuch' on LSP Executive (executive) on 21 November 2026"
    assert example == "give an ISO date such as 2026-03-03, not '2026-13-01'"


# ------------------------------------------------------------- lsp check names people

def test_role_holder_changed_warning_names_the_seat_and_says_dates_in_words(
        lsp: Lsp, papers: Ledger) -> None:
    # Given the vice-chair's seat given to a new holder after the role was assigned
    with freeze_time(PAPERS_NOW):
        papers.assign_role("executive", "vice-chair", "ddc-member-1", on("2026-04-15"))
        papers.vacate_seat("executive", "ddc-member-1", on("2026-04-20"))
        papers.fill_seat("executive", "ddc-member-1", "jo-smith", on("2026-04-21"))
        result = lsp("check")
    # Then the warning names the seat by its organisation, and its dates in words
    assert (result.exit_code, result.stderr) == (0, "")
    line = next(x for x in result.stdout.splitlines() if "role-holder-changed" in x)
    assert "the seat ddc-member-1 (Daventry District Council) on 15 April 2026" in line
    assert "since 21 April 2026" in line


# ------------------------------------------------------------------- lsp audit filters

def test_audit_leaves_seals_out_unless_asked(lsp: Lsp, papers: Ledger) -> None:
    # Given a sealed ledger
    with freeze_time(PAPERS_NOW):
        assert lsp("seal").exit_code == 0
        # When the audit is asked for, without and with --seals
        plain = json.loads(lsp("audit", "--json").stdout)
        sealed = json.loads(lsp("audit", "--seals", "--json").stdout)
        text = lsp("audit")
    # Then the seals are left out, and counted, unless asked for
    assert not [e for e in plain["events"] if e["entity"].startswith("seal:")]
    assert plain["seals_left_out"] >= 1
    assert [e for e in sealed["events"] if e["entity"].startswith("seal:")]
    assert sealed["seals_left_out"] == 0
    assert len(sealed["events"]) == len(plain["events"]) + plain["seals_left_out"]
    assert "seal(s) left out (--seals shows them)" in text.stdout.splitlines()[0]
    assert max(len(line) for line in text.stdout.splitlines()) <= 100


def test_audit_filters_by_kind_and_by_effective_date(lsp: Lsp, papers: Ledger) -> None:
    # Given the ledger
    with freeze_time(PAPERS_NOW):
        # When the audit is asked for meetings' events in June, and for two event kinds
        june = json.loads(lsp("audit", "--kind", "meeting", "--from", "2026-06-01",
                              "--to", "2026-06-30", "--json").stdout)
        kinds = json.loads(lsp("audit", "--kind", "SeatFilled", "--kind", "RoleAssigned",
                               "--json").stdout)
    # Then only those events, and the filters are in the JSON
    assert june["events"]
    assert {e["entity"].split(":")[0] for e in june["events"]} == {"meeting"}
    assert all("2026-06-01" <= e["effective"][:10] <= "2026-06-30" for e in june["events"])
    assert (june["kinds"], june["from_date"][:10], june["to_date"][:10]) == (
        ["meeting"], "2026-06-01", "2026-06-30")
    assert {e["event"] for e in kinds["events"]} == {"SeatFilled", "RoleAssigned"}


@pytest.mark.parametrize(("args", "said"), [
    (["--kind", "nonsense"], "there is no kind 'nonsense' in the ledger"),
    (["--from", "2026-07-01", "--to", "2026-06-01"], "--to 2026-06-01 is before --from"),
])
def test_audit_refuses_an_unknown_kind_or_dates_out_of_order(
        lsp: Lsp, papers: Ledger, args: list[str], said: str) -> None:
    # Given the ledger
    before = stored_events(papers.store)
    # When the audit is asked for with a bad filter
    with freeze_time(PAPERS_NOW):
        result = lsp("audit", *args)
    # Then exit 1, saying why, and nothing recorded
    assert (result.exit_code, result.stdout) == (1, "")
    assert said in result.stderr
    assert stored_events(papers.store) == before
