"""Alternatives considered and rejected, for decisions taken at meetings.

The Openness of Local Government Bodies Regulations 2014, regulation 7: the written
record of a decision gives the date, the decision, the reasons, the alternative options
considered and rejected, the interests declared and who made it. `lsp vote close` and
`lsp decide` take `--alternatives TEXT`; the event that records the decision carries
them, and the minutes (md, html, json) and the decision register (table, json, csv)
show them. A decision recorded without them, and one stored before the field existed,
shows the field empty.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest
from click.testing import Result
from eventsourcing.persistence import StoredEvent

from ledger.app import Ledger
from ledger.meeting import Meeting
from projections import registers
from projections.catchup import ReadStore
from projections.meetings import minutes
from tests.conftest import event_count, on
from tests.helpers import parse_page
from tests.stories import DAVENTRY_TERMS, daventry_executive

Lsp = Callable[..., Result]

MEETING = "exec-2026-07"
VOTE_ALTERNATIVES = "Keeping the hub closed on Saturdays; a shared site with the library"
CONSENSUS = "The Community Strategy action plan was agreed."
CONSENSUS_ALTERNATIVES = "Deferring the plan to September"
LINE = "Alternatives considered and rejected:"


@pytest.fixture
def ledger(new_ledger: Callable[..., Ledger]) -> Ledger:
    """A quorate July meeting of the Daventry Executive, votes cast on `hub`, `plan` and
    `grants` still to decide."""
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    daventry_executive(made)
    made.schedule_meeting("executive", MEETING, on("2026-07-08T18:30"))
    for item, title in (("hub", "Youth hub opening hours"),
                        ("plan", "Community Strategy action plan"),
                        ("grants", "Community grants budget")):
        made.add_agenda_item(MEETING, item, title)
    made.publish_agenda(MEETING, on("2026-06-20"))
    for seat in ("ddc-member-1", "police", "ccg"):
        made.attend(MEETING, seat)
    for seat, choice in (("ddc-member-1", "for"), ("police", "for"), ("ccg", "against")):
        made.cast_vote(MEETING, "hub", seat, choice)
    return made


def register_entries(ledger: Ledger) -> dict[str, registers.DecisionEntry]:
    return {e.item: e for e in registers.decisions(ReadStore(ledger)).entries}


def csv_rows(lsp: Lsp) -> dict[str, dict[str, str]]:
    result = lsp("register", "decisions", "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    return {r["item"]: r for r in csv.DictReader(io.StringIO(result.stdout))}


def test_openness_reg_7_a_vote_closed_with_alternatives_records_them_in_minutes_and_register(
        ledger: Ledger, lsp: Lsp, store: str) -> None:
    # Given a quorate meeting whose votes on the hub are cast
    # When the vote is closed with the alternatives considered and rejected
    closed = lsp("vote", "close", MEETING, "hub", "--alternatives", VOTE_ALTERNATIVES)
    # Then the outcome is recorded with them
    assert (closed.exit_code, closed.stderr) == (0, "")
    assert Ledger(store, "auditor").meeting_state(MEETING).state.item(
        "hub").alternatives == VOTE_ALTERNATIVES
    # And the minutes show them, in Markdown, HTML and JSON
    md = lsp("report", "minutes", MEETING)
    assert f"{LINE} {VOTE_ALTERNATIVES}" in md.stdout.replace("\\", "")
    html = lsp("report", "minutes", MEETING, "--format", "html")
    assert f"{LINE} {VOTE_ALTERNATIVES}" in parse_page(html.stdout).words()
    paper = json.loads(lsp("report", "minutes", MEETING, "--format", "json").stdout)
    hub = next(i for i in paper["items"] if i["item"] == "hub")
    assert hub["vote"]["alternatives"] == VOTE_ALTERNATIVES
    # And the decision register, as JSON and CSV, and its table says what it leaves empty
    assert register_entries(ledger)["hub"].alternatives_considered == VOTE_ALTERNATIVES
    doc = json.loads(lsp("register", "decisions", "--format", "json").stdout)
    assert [e["alternatives_considered"] for e in doc["entries"]] == [VOTE_ALTERNATIVES]
    assert csv_rows(lsp)["hub"]["alternatives_considered"] == VOTE_ALTERNATIVES
    table = lsp("register", "decisions")
    assert (table.exit_code, table.stderr) == (0, "")
    assert "1 decision(s). Decisions recorded without alternative options" in table.stdout


def test_openness_reg_7_a_consensus_with_alternatives_records_them_in_minutes_and_register(
        ledger: Ledger, lsp: Lsp) -> None:
    # Given a quorate meeting
    # When the plan is agreed by consensus, with the alternatives considered and rejected
    agreed = lsp("decide", MEETING, "plan", "--consensus", CONSENSUS,
                 "--alternatives", CONSENSUS_ALTERNATIVES)
    # Then the minutes show them, in Markdown, HTML and JSON
    assert (agreed.exit_code, agreed.stderr) == (0, "")
    md = lsp("report", "minutes", MEETING)
    assert f"{LINE} {CONSENSUS_ALTERNATIVES}" in md.stdout
    html = lsp("report", "minutes", MEETING, "--format", "html")
    assert f"{LINE} {CONSENSUS_ALTERNATIVES}" in parse_page(html.stdout).words()
    paper = json.loads(lsp("report", "minutes", MEETING, "--format", "json").stdout)
    plan = next(i for i in paper["items"] if i["item"] == "plan")
    assert (plan["consensus"]["text"], plan["consensus"]["alternatives"]) == (
        CONSENSUS, CONSENSUS_ALTERNATIVES)
    # And so does the decision register
    assert register_entries(ledger)["plan"].alternatives_considered == CONSENSUS_ALTERNATIVES
    assert csv_rows(lsp)["plan"]["alternatives_considered"] == CONSENSUS_ALTERNATIVES


def test_openness_reg_7_a_decision_recorded_without_alternatives_shows_the_field_empty(
        ledger: Ledger, lsp: Lsp, store: str) -> None:
    # Given a vote closed and a consensus reached, neither with alternatives
    assert lsp("vote", "close", MEETING, "hub").exit_code == 0
    assert lsp("decide", MEETING, "plan", "--consensus", CONSENSUS).exit_code == 0
    # When the minutes and the register are read
    md = lsp("report", "minutes", MEETING).stdout
    html = lsp("report", "minutes", MEETING, "--format", "html").stdout
    paper = json.loads(lsp("report", "minutes", MEETING, "--format", "json").stdout)
    # Then no alternatives line is printed, and every field is empty
    assert LINE not in md and LINE not in html
    items = {i["item"]: i for i in paper["items"]}
    assert (items["hub"]["vote"]["alternatives"],
            items["plan"]["consensus"]["alternatives"]) == ("", "")
    assert {e.alternatives_considered for e in register_entries(ledger).values()} == {""}
    assert {r["alternatives_considered"] for r in csv_rows(lsp).values()} == {""}
    # And the events are stored as before the field existed: without it
    kinds = {"VoteClosed", "DecidedByConsensus"}
    facts = [f for f in Ledger(store, "auditor").meeting_state(MEETING).facts
             if f.kind in kinds]
    assert len(facts) == 2 and all("alternatives" not in f.data for f in facts)


def test_openness_reg_7_a_membership_decision_has_no_alternatives(
        ledger: Ledger) -> None:
    # Given a request to join decided at the meeting
    ledger.request_membership("executive", "daventry-town-fc", "town-fc-2026",
                              on=on("2026-06-01"))
    ledger.decide_membership("town-fc-2026", "rejected", MEETING)
    # When the register is read
    entry = register_entries(ledger)["request:town-fc-2026"]
    # Then it records no alternatives
    assert (entry.how, entry.alternatives_considered) == ("membership-request", "")


def stored_as_before_alternatives(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on `ledger` stores its events as the ledger did before the field existed:
    the decision events without the `alternatives` key."""
    mapper = ledger.mapper
    original = mapper.to_stored_event

    def older(event: object) -> StoredEvent:
        stored = original(event)  # type: ignore[arg-type]
        state = mapper.transcoder.decode(stored.state)
        state.pop("alternatives", None)
        return StoredEvent(stored.originator_id, stored.originator_version, stored.topic,
                           mapper.transcoder.encode(state))

    monkeypatch.setattr(mapper, "to_stored_event", older)


def test_openness_reg_7_decisions_stored_before_alternatives_existed_load_fold_and_show_empty(
        ledger: Ledger, lsp: Lsp, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given an older ledger, whose decision events have no `alternatives` key at all
    stored_as_before_alternatives(ledger, monkeypatch)
    ledger.close_vote(MEETING, "hub", alternatives="lost in the older format")
    ledger.decide_by_consensus(MEETING, "plan", CONSENSUS, alternatives="lost too")
    monkeypatch.undo()
    # When the events are loaded and folded by the current code
    meeting = Ledger(store, "auditor").meeting_state(MEETING)
    # Then they load, with the field's default, and fold as decided, with it empty
    events = [f for f in meeting.facts if f.kind in ("VoteClosed", "DecidedByConsensus")]
    assert len(events) == 2 and all("alternatives" not in f.data for f in events)
    assert Meeting.VoteClosed.alternatives == ""  # what an event without the key reads
    hub, plan = meeting.state.item("hub"), meeting.state.item("plan")
    assert hub.decided and plan.decided and (hub.alternatives, plan.alternatives) == ("", "")
    # And the minutes and the register show the field empty
    paper = minutes(ReadStore(ledger), MEETING)
    items = {i.item: i for i in paper.items}
    assert items["hub"].vote is not None and items["plan"].consensus is not None
    assert (items["hub"].vote.alternatives, items["plan"].consensus.alternatives) == ("", "")
    assert LINE not in lsp("report", "minutes", MEETING).stdout
    assert {e.alternatives_considered for e in register_entries(ledger).values()} == {""}


def test_openness_reg_7_a_refused_close_with_alternatives_records_nothing(
        ledger: Ledger, lsp: Lsp) -> None:
    # Given votes cast on the hub, 2 for and 1 against: no tie
    before = event_count(ledger)
    # When the vote is closed with a casting vote (refused: no tie), or the item decided
    # by consensus while votes are being cast (refused), each with alternatives
    closed = lsp("vote", "close", MEETING, "hub", "--casting", "for",
                 "--alternatives", VOTE_ALTERNATIVES)
    agreed = lsp("decide", MEETING, "hub", "--consensus", CONSENSUS,
                 "--alternatives", CONSENSUS_ALTERNATIVES)
    # Then both are refused and nothing is recorded
    assert closed.exit_code == 1 and "casting-vote" in closed.stderr
    assert agreed.exit_code == 1 and "lsp vote close" in agreed.stderr
    assert event_count(ledger) == before
    assert not ledger.meeting_state(MEETING).state.item("hub").decided
    assert register_entries(ledger) == {}


def test_openness_reg_7_a_close_refused_as_not_quorate_records_no_alternatives(
        new_ledger: Callable[..., Ledger], lsp: Lsp) -> None:
    # Given a meeting with no one present: no item on it can be quorate (4.5)
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    daventry_executive(made)
    made.schedule_meeting("executive", MEETING, on("2026-07-08T18:30"))
    made.add_agenda_item(MEETING, "plan", "Community Strategy action plan")
    before = event_count(made)
    # When the item is decided by consensus, with alternatives
    agreed = lsp("decide", MEETING, "plan", "--consensus", CONSENSUS,
                 "--alternatives", CONSENSUS_ALTERNATIVES)
    # Then it is refused and nothing is recorded
    assert agreed.exit_code == 1 and "quorum" in agreed.stderr
    assert event_count(made) == before
    assert register_entries(made) == {}
