"""Outcomes in their own right (issue 16 item 4): an item ends agreed, noted, endorsed,
referred to another body or deferred (`lsp decide --outcome`); a decision between meetings
is reported ratified, noted, endorsed, rescinded or deferred (and, deferred, it stays
awaiting its report to a later meeting); and a body that "is not a decision
making body in its own right" (Tower Hamlets, Partnership Executive) ends its items as
noted or referred, never agreed, and takes no vote."""

from __future__ import annotations

from pathlib import Path

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import InvalidInput, NotFound, RuleBroken, TermsError
from ledger.terms import parse_terms
from tests.conftest import EXAMPLES, on
from tests.helpers import Lsp, assert_broken, example, json_of, refusal, stored_events
from tests.stories import (
    JUNE,
    PAPERS_NOW,
    NewLedger,
    daventry_executive,
    daventry_text,
)

ITEM = "forum-report"


@pytest.fixture
def june(new_ledger: NewLedger) -> Ledger:
    """The Executive's June meeting, quorate (4.5), with one item not yet decided."""
    with freeze_time(PAPERS_NOW):
        ledger = new_ledger(example("daventry"))
        daventry_executive(ledger)
        ledger.schedule_meeting("executive", JUNE, on("2026-06-10T18:30"))
        ledger.add_agenda_item(JUNE, ITEM, "The Forum's annual report")
        for seat in ("ddc-member-1", "ccg", "college"):
            ledger.attend(JUNE, seat)
    return ledger


@pytest.mark.parametrize(("outcome", "worded", "label"), [
    ("noted", "noted", "NOTED"), ("endorsed", "endorsed", "ENDORSED"),
    ("deferred", "deferred", "DEFERRED"), ("agreed", "agreed by consensus", "RESOLVED")])
def test_an_item_ends_with_the_outcome_recorded_in_the_minutes_and_register(
        lsp: Lsp, june: Ledger, outcome: str, worded: str, label: str) -> None:
    # Given an item at a quorate meeting
    # When it is recorded as ending with an outcome
    with freeze_time(PAPERS_NOW):
        result = lsp("decide", JUNE, ITEM, "--consensus", "The report was received",
                     "--outcome", outcome)
        minutes = json_of(lsp("report", "minutes", JUNE, "--json"))
        text = lsp("report", "minutes", JUNE).stdout
        register = json_of(lsp("register", "decisions", "--json"))
    # Then the minutes, their text and the decision register say so
    assert result.exit_code == 0, result.stderr
    item = minutes["items"][0]
    assert (item["status"], item["consensus"]["outcome"]) == (outcome, outcome)
    assert f"**{label}:** The report was received.\n\nBy consensus.\n" in text
    assert [e["decision"] for e in register["entries"]] == [worded]


def test_an_item_referred_names_the_body_it_goes_to(lsp: Lsp, june: Ledger) -> None:
    # Given an item at a quorate meeting of the Executive
    # When it is referred to the Forum (4.11)
    with freeze_time(PAPERS_NOW):
        result = lsp("decide", JUNE, ITEM, "--consensus", "For the Forum's view",
                     "--outcome", "referred", "--to", "forum")
        minutes = json_of(lsp("report", "minutes", JUNE, "--json"))
        text = lsp("report", "minutes", JUNE).stdout
    # Then the minutes name the body by its name
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Item {ITEM} referred to forum.")
    consensus = minutes["items"][0]["consensus"]
    assert (consensus["referred_to"], consensus["referred_to_name"]) == (
        "forum", "Health and Wellbeing Partnership Forum")
    assert ("**REFERRED to the Health and Wellbeing Partnership Forum:** For the "
            "Forum's view.") in text


@pytest.mark.parametrize(("args", "error", "says"), [
    (["--outcome", "referred"], InvalidInput, "names the body it goes to, and only a "
     "referred item names one (--to BODY)"),
    (["--to", "forum"], InvalidInput, "only a referred item names one"),
    (["--outcome", "noted", "--to", "forum"], InvalidInput, "only a referred item names one"),
    (["--outcome", "referred", "--to", "executive"], InvalidInput, "not to itself"),
    (["--outcome", "referred", "--to", "cabinet"], NotFound, "there is no body 'cabinet'"),
], ids=["referred-without-to", "to-without-referred", "noted-with-to", "to-itself",
        "to-unknown-body"])
def test_a_referral_must_name_another_body_of_the_terms(
        lsp: Lsp, june: Ledger, args: list[str], error: type[Exception], says: str) -> None:
    # Given an item at a quorate meeting
    before = stored_events(june.store)
    # When it is referred wrongly
    with freeze_time(PAPERS_NOW):
        result = lsp("decide", JUNE, ITEM, "--consensus", "x", *args)
    # Then exit 1 saying why, and nothing recorded
    assert result.exit_code == 1
    assert says in result.stderr
    assert result.stdout == ""
    assert stored_events(june.store) == before


def test_an_unknown_outcome_is_a_usage_error(lsp: Lsp, june: Ledger) -> None:
    # Given an item at a quorate meeting
    # When an outcome the ledger does not know is given
    result = lsp("decide", JUNE, ITEM, "--consensus", "x", "--outcome", "approved")
    # Then exit 2, naming the choices
    assert result.exit_code == 2
    assert "'approved' is not one of 'agreed', 'noted', 'endorsed', 'referred', " \
           "'deferred'" in result.stderr


def test_an_agreed_item_is_stored_as_before_outcomes_existed(june: Ledger) -> None:
    # Given an item agreed by consensus, and another noted
    with freeze_time(PAPERS_NOW):
        june.add_agenda_item(JUNE, "plan", "Community Strategy action plan")
        june.decide_by_consensus(JUNE, ITEM, "Agreed")
        june.decide_by_consensus(JUNE, "plan", "Noted", outcome="noted")
    # When their stored events are read
    facts = {f.data["item"]: f.data for f in june.meeting_state(JUNE).facts
             if f.kind == "DecidedByConsensus"}
    # Then the agreed one has no outcome key (it reads as agreed, as older events do), and
    # the noted one carries its outcome
    assert "outcome" not in facts[ITEM] and "referred_to" not in facts[ITEM]
    assert facts["plan"]["outcome"] == "noted"
    other = Ledger(june.store, "x")
    reloaded = other.meeting_state(JUNE)
    other.close()
    assert (reloaded.state.items[ITEM].how, reloaded.state.items["plan"].how) == (
        "agreed", "noted")


# --------------------------------------------------------------------------------------
# Tower Hamlets: the Partnership Executive "is not a decision making body"
# --------------------------------------------------------------------------------------


@pytest.fixture
def tower_hamlets(new_ledger: NewLedger) -> Ledger:
    with freeze_time(PAPERS_NOW):
        ledger = new_ledger(example("tower-hamlets"))
        ledger.add_org("lbth", "London Borough of Tower Hamlets")
        ledger.add_person("cllr-ali", "Cllr Ali Khan")
        ledger.add_seat("executive", "lbth-1", "lbth", on=on("2026-01-01"))
        ledger.fill_seat("executive", "lbth-1", "cllr-ali", on("2026-01-01"))
        ledger.schedule_meeting("executive", "th-exec-06", on("2026-06-03T10:00"))
        ledger.add_agenda_item("th-exec-06", "plan", "Community plan progress")
        ledger.attend("th-exec-06", "lbth-1")
    return ledger


@pytest.mark.parametrize("outcome", ["agreed", "endorsed"])
def test_the_tower_hamlets_executive_agrees_nothing(tower_hamlets: Ledger,
                                                    outcome: str) -> None:
    # Given a meeting of the Partnership Executive, which "is not a decision making body
    # in its own right"
    # When an item is recorded as agreed or endorsed
    with freeze_time(PAPERS_NOW):
        error = refusal(tower_hamlets, RuleBroken, lambda: tower_hamlets.decide_by_consensus(
            "th-exec-06", "plan", "Agreed", outcome=outcome))
    # Then it is refused by rule decision-making, citing the clause
    assert_broken(error, "decision-making", "Partnership Executive",
                  "Partnership Executive is not a decision making body in its own right")


def test_the_tower_hamlets_executive_takes_no_vote(tower_hamlets: Ledger) -> None:
    # Given a meeting of the Partnership Executive
    # When a vote is cast
    with freeze_time(PAPERS_NOW):
        error = refusal(tower_hamlets, RuleBroken, lambda: tower_hamlets.cast_vote(
            "th-exec-06", "plan", "lbth-1", "for"))
    # Then it is refused by the same rule
    assert_broken(error, "decision-making", "Partnership Executive", "take a vote")


@pytest.mark.parametrize(("outcome", "to"), [("noted", None), ("referred", "board"),
                                              ("deferred", None)])
def test_the_tower_hamlets_executive_notes_refers_or_defers(
        tower_hamlets: Ledger, outcome: str, to: str | None) -> None:
    # Given a meeting of the Partnership Executive
    # When its item is noted, referred to the Partnership Board, or deferred
    with freeze_time(PAPERS_NOW):
        tower_hamlets.decide_by_consensus("th-exec-06", "plan", "Progress reported",
                                          outcome=outcome, referred_to=to)
    # Then it is recorded so
    item = tower_hamlets.meeting_state("th-exec-06").state.items["plan"]
    assert (item.how, item.referred_to) == (outcome, to)


def test_the_tower_hamlets_executive_takes_no_decision_between_meetings(
        new_ledger: NewLedger, tmp_path: Path) -> None:
    # Given the Partnership Executive's terms with a rule for deciding between meetings
    # written in (the document gives none), and a member in its seat
    text = (EXAMPLES / "tower-hamlets" / "terms.toml").read_text(encoding="utf-8")
    terms = tmp_path / "terms.toml"
    terms.write_text(text.replace("[bodies.executive.roles.chair]",
                                  "[bodies.executive.between_meetings]\nchair_plus = 1\n"
                                  'clause = "test rule"\n\n[bodies.executive.roles.chair]', 1))
    with freeze_time(PAPERS_NOW):
        ledger = new_ledger(str(terms))
        ledger.add_org("lbth", "London Borough of Tower Hamlets")
        ledger.add_person("cllr-ali", "Cllr Ali Khan")
        ledger.add_seat("executive", "lbth-1", "lbth", on=on("2026-01-01"))
        ledger.fill_seat("executive", "lbth-1", "cllr-ali", on("2026-01-01"))
        # When a decision between meetings is proposed
        error = refusal(ledger, RuleBroken, lambda: ledger.propose_decision(
            "executive", "plan", "Adopt the plan", "lbth-1"))
    # Then refused: it "is not a decision making body in its own right"
    assert_broken(error, "decision-making", "Partnership Executive",
                  "cannot take a decision between meetings")


def test_a_body_that_decides_nothing_cites_its_clause() -> None:
    # Given terms marking a body as not decision making, without the clause that says so
    text = daventry_text().replace('[bodies.forum]\n', '[bodies.forum]\n'
                                   'decision_making = false\n', 1)
    # When they are read
    # Then they are refused, naming the key to set
    with pytest.raises(TermsError) as refused:
        parse_terms(text, "amended")
    assert "decision_making_clause" in str(refused.value)


# --------------------------------------------------------------------------------------
# Decisions between meetings: endorsed
# --------------------------------------------------------------------------------------


def test_a_decision_between_meetings_is_reported_endorsed(lsp: Lsp, june: Ledger) -> None:
    # Given a decision taken between meetings by the chair and one other (Daventry 4.6),
    # and a quorate meeting after it
    with freeze_time(PAPERS_NOW):
        june.propose_decision("executive", "minibus", "Hire a minibus", "ddc-member-1",
                              on=on("2026-05-20"))
        june.approve_decision("minibus", "ccg", on=on("2026-05-21"))
        # When the meeting endorses it
        result = lsp("decision", "report", "minibus", "--meeting", JUNE, "--outcome",
                     "endorsed")
        shown = json_of(lsp("decision", "show", "minibus", "--json"))
        minutes = lsp("report", "minutes", JUNE).stdout
    # Then the decision and the minutes say it was endorsed
    assert result.exit_code == 0, result.stderr
    assert shown["report"]["outcome"] == "endorsed"
    assert "**RESOLVED:** that the decision be endorsed." in minutes


# --------------------------------------------------------------------------------------
# Decisions between meetings: every outcome, and deferred leaves it awaiting its report
# --------------------------------------------------------------------------------------

JULY = "exec-2026-07"
AFTER_JULY = "2026-07-09 12:00:00"


@pytest.fixture
def taken(june: Ledger) -> Ledger:
    """The June meeting, with a decision taken between meetings (Daventry 4.6) before it."""
    with freeze_time(PAPERS_NOW):
        june.propose_decision("executive", "minibus", "Hire a minibus", "ddc-member-1",
                              on=on("2026-05-20"))
        june.approve_decision("minibus", "ccg", on=on("2026-05-21"))
    return june


@pytest.mark.parametrize("outcome", ["ratified", "noted", "endorsed", "rescinded",
                                     "deferred"])
def test_a_decision_between_meetings_is_reported_with_each_outcome_item_4(
        lsp: Lsp, taken: Ledger, outcome: str) -> None:
    # Given a decision taken between meetings and a quorate meeting after it
    # When the meeting reports it with an outcome
    with freeze_time(PAPERS_NOW):
        result = lsp("decision", "report", "minibus", "--meeting", JUNE, "--outcome",
                     outcome, "--reason", "Costs not yet known")
        minutes = json_of(lsp("report", "minutes", JUNE, "--json"))
        paper = json_of(lsp("report", "ratifications", JUNE, "--json"))
    # Then the minutes and the ratification paper of that meeting carry the outcome
    assert result.exit_code == 0, result.stderr
    assert [(d["decision"], d["outcome"]) for d in minutes["decisions_reported"]] == [
        ("minibus", outcome)]
    assert [(d["decision"], d["outcome"]) for d in paper["decisions"]] == [
        ("minibus", outcome)]


def test_a_deferred_decision_stays_awaiting_its_report_to_a_later_meeting_item_4(
        lsp: Lsp, taken: Ledger) -> None:
    # Given a decision taken between meetings, deferred by the June meeting
    with freeze_time(PAPERS_NOW):
        result = lsp("decision", "report", "minibus", "--meeting", JUNE, "--outcome",
                     "deferred", "--reason", "Costs not yet known")
        # When it is looked at, and a July meeting is scheduled
        shown = json_of(lsp("decision", "show", "minibus", "--json"))
        text = lsp("decision", "show", "minibus").stdout
        taken.schedule_meeting("executive", JULY, on("2026-07-08T18:30"))
        pending = json_of(lsp("decision", "pending", "executive", "--json"))
        july = json_of(lsp("report", "ratifications", JULY, "--json"))
    # Then it is still taken, not reported; June deferred it; it is due at July
    assert result.exit_code == 0, result.stderr
    assert (shown["status"], shown["report"]) == ("taken", None)
    assert [(x["meeting"], x["outcome"], x["reason"]) for x in shown["deferrals"]] == [
        (JUNE, "deferred", "Costs not yet known")]
    assert f"Deferred: {JUNE} (10 June 2026 at 6.30 pm) (Costs not yet known)" in text
    assert [(d["decision"], d["next_meeting"]["meeting"], d["missed"])
            for d in pending["decisions"]] == [("minibus", JULY, [])]
    assert [(d["decision"], d["outcome"]) for d in july["decisions"]] == [("minibus", None)]


def test_a_deferred_decision_is_ratified_by_the_later_meeting_item_4(
        lsp: Lsp, taken: Ledger) -> None:
    # Given a decision deferred by June, and a quorate July meeting
    with freeze_time(PAPERS_NOW):
        taken.report_decision("minibus", JUNE, "deferred")
        taken.schedule_meeting("executive", JULY, on("2026-07-08T18:30"))
    with freeze_time(AFTER_JULY):
        for seat in ("ddc-member-1", "ccg", "college"):
            taken.attend(JULY, seat)
        # When July ratifies it
        result = lsp("decision", "report", "minibus", "--meeting", JULY, "--outcome",
                     "ratified")
        shown = json_of(lsp("decision", "show", "minibus", "--json"))
        june_minutes = json_of(lsp("report", "minutes", JUNE, "--json"))
    # Then it is reported, ratified at July, and June's minutes still say deferred
    assert result.exit_code == 0, result.stderr
    assert (shown["status"], shown["report"]["meeting"], shown["report"]["outcome"]) == (
        "reported", JULY, "ratified")
    assert [(d["decision"], d["outcome"]) for d in june_minutes["decisions_reported"]] == [
        ("minibus", "deferred")]


def test_a_decision_deferred_is_not_reported_again_to_the_same_meeting_item_4(
        lsp: Lsp, taken: Ledger) -> None:
    # Given a decision deferred by the June meeting
    with freeze_time(PAPERS_NOW):
        taken.report_decision("minibus", JUNE, "deferred")
    before = stored_events(taken.store)
    # When the same meeting is asked to ratify it
    with freeze_time(PAPERS_NOW):
        result = lsp("decision", "report", "minibus", "--meeting", JUNE, "--outcome",
                     "ratified")
    # Then exit 1, saying it goes to a later meeting, and nothing recorded
    assert result.exit_code == 1
    assert "was deferred by meeting 'exec-2026-06'" in result.stderr
    assert "it is reported to a later meeting" in result.stderr
    assert result.stdout == ""
    assert stored_events(taken.store) == before
