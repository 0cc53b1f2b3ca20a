"""Re-judged history (issue 13 item 3): `lsp verify` judges every recorded act again by the
rules of the terms in force on its date, with the state of that date as known when it was
recorded (ledger/audit/rejudge.py), and an act they would have refused is exit 3 at its
position, naming its entity, its kind, the rule and the clause.

The attacker here has what the PostgreSQL writer role has (SQLite: the file): they insert
rows with raw SQL after the last one, events built by the aggregates themselves with no
rule judged (`forge`), and seal again, so every seal verifies. Only re-judging finds them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from click.testing import Result
from eventsourcing.domain import Aggregate
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.audit import sealing
from ledger.audit.verify import verify
from ledger.body import Body
from ledger.decision import Decision
from ledger.events import entity_id
from ledger.meeting import Meeting
from tests.conftest import on
from tests.helpers import attack, example, is_postgres
from tests.stories import (
    AFTER_THE_STORY,
    NOW,
    NewLedger,
    daventry,
    daventry_executive,
    daventry_story,
    daventry_text,
    june_meeting,
    report_in_december,
)

Lsp = Callable[..., Result]

MEETING = "exec-2026-03"  # the Executive's meeting on the evening of NOW
HELD = "2026-03-20T18:30"


def forge(store: str, ledger: Ledger, *aggregates: Aggregate) -> list[int]:
    """Insert the aggregates' pending events as raw rows after the last one, as the
    writer role (or anyone with the SQLite file) could, judging no rule; then seal again.
    Returns the forged events' positions."""
    events = [e for a in aggregates for e in a.collect_events()]
    start = ledger.recorder.max_notification_id() or 0
    statements: list[tuple[str, tuple[Any, ...]]] = []
    for position, event in enumerate(events, start + 1):
        stored = ledger.mapper.to_stored_event(event)
        originator: Any = (stored.originator_id if is_postgres(store)
                           else UUID(str(stored.originator_id)).hex)
        statements.append(("INSERT INTO stored_events (rowid, originator_id, "
                           "originator_version, topic, state) VALUES (?, ?, ?, ?, ?)",
                           (position, originator, stored.originator_version, stored.topic,
                            stored.state)))
    attack(store, *statements)
    with Ledger(store, "attacker") as again:
        sealing.seal(again)
    return list(range(start + 1, start + 1 + len(events)))


def get(ledger: Ledger, kind: str, slug: str) -> Any:
    return ledger.repository.get(entity_id(kind, slug))


def failed(lsp: Lsp) -> dict[str, Any]:
    """`lsp verify --json` on a ledger that must fail: exit 3, its JSON."""
    result = lsp("verify", "--json")
    assert result.exit_code == 3, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    assert doc["ok"] is False
    return doc


def meeting_of_the_executive(ledger: Ledger, *present: str) -> Meeting:
    ledger.schedule_meeting("executive", MEETING, on(HELD))
    ledger.add_agenda_item(MEETING, "budget", "The budget")
    for seat in present:
        ledger.attend(MEETING, seat)
    meeting: Meeting = get(ledger, "meeting", MEETING)
    return meeting


# ---------------------------------------------------------------------------- lawful


def test_every_act_of_a_lawful_history_is_re_judged_lawful(new_ledger: NewLedger, lsp: Lsp
                                                           ) -> None:
    # Given a year of decisions between meetings reported to a meeting, and a meeting
    # with attendance, deputies, apologies, interests, votes (one by casting vote),
    # consensus, a membership request decided and a correction, all sealed
    with freeze_time(AFTER_THE_STORY):
        ledger = new_ledger(example("daventry"))
        daventry_story(ledger)
        report_in_december(ledger)
        sealing.seal(ledger)
    # When it is verified
    result = lsp("verify", "--json")
    # Then every act is judged, and lawful
    doc = json.loads(result.stdout)
    assert result.exit_code == 0, result.stderr
    assert doc["rejudged"]["unlawful"] == 0
    assert doc["rejudged"]["events"] == doc["events"] - doc["seals"]
    assert 0 < doc["rejudged"]["acts"] < doc["rejudged"]["events"]  # some record two
    assert doc["rejudged"]["not_judged"] == {"seal": doc["seals"]}


def test_a_meeting_with_every_part_recorded_is_re_judged_lawful(new_ledger: NewLedger
                                                                ) -> None:
    # Given the June meeting: a casting vote, a lost vote, consensus, a deputy, a
    # membership request decided, an attendance retracted afterwards
    with freeze_time(AFTER_THE_STORY):
        ledger = new_ledger(example("daventry"))
        daventry_executive(ledger)
        june_meeting(ledger)
    # When it is verified
    report = verify(ledger)
    # Then it verifies, every act judged
    assert report.ok, report.problems
    assert report.rejudged is not None and report.rejudged["events"] == report.events


# ---------------------------------------------------------------------------- attacks


def test_a_ratified_report_forged_for_a_meeting_nobody_attended_breaks_the_quorum_4_5(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a decision taken between meetings, and a meeting of the Executive that nobody
    # attended
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        ledger.propose_decision("executive", "grant", "Match funding", "dc-1",
                                on=on("2026-03-02"))
        ledger.approve_decision("grant", "dc-2", on=on("2026-03-02"))
        m = meeting_of_the_executive(ledger)
        # When an attacker inserts its report, "ratified", with raw SQL and seals again
        d: Decision = get(ledger, "decision", "grant")
        d.report_to_meeting(MEETING, "ratified", "", "secretariat", m.when)
        m.receive_report("grant", "ratified", "secretariat")
        forged = forge(store, ledger, d, m)
    # Then the seals verify, but verify exits 3 at the report, naming the rule and clause
    doc = failed(lsp)
    assert doc["position"] == forged[0]
    assert (doc["entity"], doc["event"], doc["rule"], doc["clause"]) == (
        "decision:grant", "Reported", "quorum", "4.5")
    assert "the meeting is not quorate" in doc["problem"]
    result = lsp("verify")
    assert f"Error: integrity failure at position {forged[0]}: decision:grant Reported is " \
           "against the rules: the rules would have refused it: refused by rule 'quorum' " \
           "(clause 4.5, terms version 1)" in result.stderr


def test_an_attendance_forged_for_a_vacant_seat_is_refused_by_holder_attends(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a meeting of the Executive, at which the vacant acre seat cannot sit
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        m = meeting_of_the_executive(ledger, "dc-1", "dc-2")
        # When an attacker records it present
        m.attend("acre", "", False, "secretariat")
        forged = forge(store, ledger, m)
    # Then verify names the attendance and the rule
    doc = failed(lsp)
    assert (doc["position"], doc["entity"], doc["event"], doc["rule"]) == (
        forged[0], f"meeting:{MEETING}", "Attended", "holder-attends")


def test_a_vote_forged_for_a_non_voting_seat_is_refused(new_ledger: NewLedger, store: str,
                                                        lsp: Lsp) -> None:
    # Given a quorate meeting at which the chamber's non-voting seat is present
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        m = meeting_of_the_executive(ledger, "dc-1", "dc-2", "dc-3", "chamber")
        # When an attacker records a vote for it
        m.cast_vote("budget", "chamber", "gina", "for", "secretariat")
        forged = forge(store, ledger, m)
    # Then verify names the vote and the rule of voting (4.3)
    doc = failed(lsp)
    assert (doc["position"], doc["entity"], doc["event"]) == (
        forged[0], f"meeting:{MEETING}", "VoteCast")
    assert doc["rule"] and doc["clause"]
    assert "chamber" in doc["problem"]


def test_a_vote_closed_with_another_result_than_its_tally_gives_is_named(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a quorate meeting at which two vote for and one against
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        meeting_of_the_executive(ledger, "dc-1", "dc-2", "dc-3")
        for seat, choice in (("dc-1", "for"), ("dc-2", "for"), ("dc-3", "against")):
            ledger.cast_vote(MEETING, "budget", seat, choice)
        m: Meeting = get(ledger, "meeting", MEETING)
        # When an attacker closes the vote "lost"
        m.close_vote("budget", {"result": "lost", "votes_for": 2, "votes_against": 1,
                                "abstentions": 0, "casting": None, "votes": "{}",
                                "reason": "forged", "clause": "4.3", "quorum": "forged",
                                "terms_version": 1}, "secretariat", "")
        forged = forge(store, ledger, m)
    # Then verify says the rules record the act otherwise, naming the result
    doc = failed(lsp)
    assert (doc["position"], doc["event"]) == (forged[0], "VoteClosed")
    assert "its result is recorded as 'lost', but the rules give 'carried'" in doc["problem"]


def test_a_consensus_forged_at_an_inquorate_meeting_breaks_the_quorum(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a meeting at which two voting members are present (the quorum is three, 4.5)
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        m = meeting_of_the_executive(ledger, "dc-1", "dc-2")
        # When an attacker records a decision by consensus
        m.decide_by_consensus("budget", "Agreed", "forged", 1, "secretariat")
        forged = forge(store, ledger, m)
    # Then verify names it and the quorum
    doc = failed(lsp)
    assert (doc["position"], doc["event"], doc["rule"], doc["clause"]) == (
        forged[0], "DecidedByConsensus", "quorum", "4.5")


def test_a_decision_between_meetings_forged_as_taken_without_its_approvals_is_named(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a decision proposed by a member who is not the chair (three members are
    # needed without the chair, 4.6), and approved by one other
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        ledger.propose_decision("executive", "grant", "Match funding", "dc-2",
                                on=on("2026-03-02"))
        ledger.approve_decision("grant", "dc-3", on=on("2026-03-03"))
        d: Decision = get(ledger, "decision", "grant")
        # When an attacker records it taken
        d.trigger_event(Decision.Taken, route="without-chair", reason="forged", clause="4.6",
                        terms_version=1, agreeing="[]", actor="secretariat",
                        effective=on("2026-03-03"))
        forged = forge(store, ledger, d)
    # Then verify names the Taken that no approval gave
    doc = failed(lsp)
    assert (doc["position"], doc["entity"], doc["event"]) == (
        forged[0], "decision:grant", "Taken")
    assert "no act here records it" in doc["problem"]


def test_an_approval_forged_for_a_seat_already_approving_is_refused(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a decision proposed by dc-2
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        ledger.propose_decision("executive", "grant", "Match funding", "dc-2",
                                on=on("2026-03-02"))
        d: Decision = get(ledger, "decision", "grant")
        # When an attacker records dc-2's approval again, to count it twice
        d.approve("dc-2", "bob", False, "secretariat", on("2026-03-03"))
        forged = forge(store, ledger, d)
    # Then verify names the approval and the rule of agreement between meetings
    doc = failed(lsp)
    assert (doc["position"], doc["event"], doc["clause"]) == (forged[0], "Approved", "4.6")


def test_a_seat_filled_by_someone_not_of_its_category_is_refused_by_seat_category(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a resident seat of a Tower Hamlets LAP and a person of no category on record
    with freeze_time("2026-06-01 12:00:00"):
        ledger = new_ledger(example("tower-hamlets"))
        ledger.add_org("residents", "Residents")
        ledger.add_person("nadia", "Nadia")
        ledger.add_seat("lap-1", "res-1", "residents", category="resident",
                        on=on("2026-02-01"))
        body: Body = get(ledger, "body", "lap-1")
        # When an attacker fills the seat with her
        body.fill_seat("res-1", "nadia", None, "secretariat", on("2026-02-01"))
        forged = forge(store, ledger, body)
    # Then verify names the fill, the rule and the clause
    doc = failed(lsp)
    assert (doc["position"], doc["entity"], doc["event"], doc["rule"], doc["clause"]) == (
        forged[0], "body:lap-1", "SeatFilled", "seat-category", "LAP Steering Groups")


def test_a_second_seat_forged_for_one_person_is_refused_by_one_seat_each(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given alice in seat dc-1 of the Executive, and dc-2 made vacant
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        ledger.vacate_seat("executive", "dc-2", on("2026-03-01"))
        body: Body = get(ledger, "body", "executive")
        # When an attacker puts her in dc-2 as well
        body.fill_seat("dc-2", "alice", None, "secretariat", on("2026-03-02"))
        forged = forge(store, ledger, body)
    # Then verify names the fill and the rule
    doc = failed(lsp)
    assert (doc["position"], doc["event"], doc["rule"]) == (
        forged[0], "SeatFilled", "one-seat-each")


# ---------------------------------------------------------------------------- the terms


def test_an_act_recorded_under_older_terms_stays_lawful_and_newer_terms_judge_after(
        new_ledger: NewLedger, store: str, lsp: Lsp, write_terms: Callable[[str], str]
        ) -> None:
    # Given a consensus of three members at a meeting (lawful: the quorum is three, 4.5),
    # then terms version 2 raising the quorum to five from the next day
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        meeting_of_the_executive(ledger, "dc-1", "dc-2", "dc-3")
        ledger.decide_by_consensus(MEETING, "budget", "Agreed")
        ledger.close_meeting(MEETING)
        five = daventry_text().replace("members = 3", "members = 5")
        ledger.adopt_terms(write_terms(five), on("2026-03-21"))
        sealing.seal(ledger)
    # When it is verified, then it passes: version 1 judges the consensus
    assert lsp("verify").exit_code == 0
    # And given a later meeting, under version 2, with three present
    with freeze_time("2026-04-02 21:00:00"):
        ledger.schedule_meeting("executive", "exec-2026-04", on("2026-04-02T18:30"))
        ledger.add_agenda_item("exec-2026-04", "plan", "The plan")
        for seat in ("dc-1", "dc-2", "dc-3"):
            ledger.attend("exec-2026-04", seat)
        # When an attacker records a consensus there
        m: Meeting = get(ledger, "meeting", "exec-2026-04")
        m.decide_by_consensus("plan", "Agreed", "forged", 1, "secretariat")
        forged = forge(store, ledger, m)
    # Then version 2 refuses it
    doc = failed(lsp)
    assert (doc["position"], doc["rule"], doc["clause"], doc["terms_version"]) == (
        forged[0], "quorum", "4.5", 2)


def test_verify_without_rejudging_passes_a_forged_act_and_says_it_was_not_judged(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a consensus forged at an inquorate meeting
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        m = meeting_of_the_executive(ledger, "dc-1")
        m.decide_by_consensus("budget", "Agreed", "forged", 1, "secretariat")
        forge(store, ledger, m)
    # When it is verified with --no-rejudge
    result = lsp("verify", "--no-rejudge", "--json")
    # Then the seals pass, and verify says what it did not rule out
    doc = json.loads(result.stdout)
    assert result.exit_code == 0, result.stderr
    assert "rejudged" not in doc
    assert "unlawful-acts" in [c["code"] for c in doc["not_ruled_out"]]


def test_rejudging_since_a_checkpoint_judges_only_the_acts_after_it(
        new_ledger: NewLedger, store: str, lsp: Lsp, tmp_path: Path) -> None:
    # Given an auditor's checkpoint of a lawful ledger, then a consensus forged after it
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        m = meeting_of_the_executive(ledger, "dc-1")
        sealing.seal(ledger)
        kept = tmp_path / "kept.checkpoint"
        kept.write_text(lsp("checkpoint").stdout, encoding="utf-8")
        size = json.loads(lsp("checkpoint", "--json").stdout)["tree_size"]
        m = get(ledger, "meeting", MEETING)
        m.decide_by_consensus("budget", "Agreed", "forged", 1, "secretariat")
        forged = forge(store, ledger, m)
    # When it is verified against the checkpoint, judging only what came after it
    result = lsp("verify", "--checkpoint", str(kept), "--rejudge-since-checkpoint", "--json")
    # Then the forged act is found, and the events under the checkpoint were only folded
    doc = json.loads(result.stdout)
    assert result.exit_code == 3, result.stderr
    assert (doc["position"], doc["rule"]) == (forged[0], "quorum")
    assert doc["rejudged"]["judged_before"] == size
    assert doc["rejudged"]["events"] < doc["events"] - size


def test_rejudging_since_a_checkpoint_needs_one(new_ledger: NewLedger, lsp: Lsp) -> None:
    # Given a ledger, when verify is asked to judge since a checkpoint it is not given
    with freeze_time(NOW):
        daventry(new_ledger)
    result = lsp("verify", "--rejudge-since-checkpoint")
    # Then it is refused as input (exit 1), naming what is missing
    assert result.exit_code == 1
    assert "--rejudge-since-checkpoint needs a checkpoint" in result.stderr


def test_an_approval_that_takes_a_decision_recorded_without_its_taken_is_named(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a decision proposed by the chair (one more approval takes it, 4.6)
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        ledger.propose_decision("executive", "grant", "Match funding", "dc-1",
                                on=on("2026-03-02"))
        d: Decision = get(ledger, "decision", "grant")
        # When an attacker records bob's approval alone, so the decision looks untaken
        d.approve("dc-2", "bob", False, "secretariat", on("2026-03-03"))
        forged = forge(store, ledger, d)
    # Then verify says the rules take it at that approval, and the record does not
    doc = failed(lsp)
    assert (doc["entity"], doc["event"]) == ("decision:grant", "Approved")
    assert doc["position"] == forged[0] + 1  # where the Taken should be
    assert f"the rules record Taken of decision:grant with the act at position {forged[0]}" \
        in doc["problem"]


# ---------------------------------------------------------------------------- who acted


def test_acts_given_through_the_server_by_their_members_are_re_judged_lawful(
        new_ledger: NewLedger) -> None:
    # Given the chair proposing and bob approving for his own seat through the server
    # (signed in with tokens: the events record route api)
    from ledger.authors import Author

    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        for person in ("alice", "bob"):
            ledger.add_account(person, f"{person}@example.org")
        chair = ledger.acting_as(Author.signed_in("alice", "api", "token"))
        member = ledger.acting_as(Author.signed_in("bob", "api", "token"))
        chair.propose_decision("executive", "grant", "Match funding", "dc-1",
                               on=on("2026-03-02"))
        member.approve_decision("grant", "dc-2", on=on("2026-03-03"))
    # When it is verified
    report = verify(ledger)
    # Then each act is judged as its author gave it, and lawful
    assert report.ok, report.problems
    assert get(ledger, "decision", "grant").status == "taken"


def test_an_approval_forged_as_signed_in_by_someone_without_the_seat_breaks_permission(
        new_ledger: NewLedger, store: str, lsp: Lsp) -> None:
    # Given a decision proposed by the chair
    from ledger import acting
    from ledger.authors import Author

    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        ledger.propose_decision("executive", "grant", "Match funding", "dc-1",
                                on=on("2026-03-02"))
        d: Decision = get(ledger, "decision", "grant")
        # When an attacker with the writer role inserts bob's approval as if mallory,
        # signed in through the server, had given it
        d.approve("dc-2", "bob", False, "mallory", on("2026-03-03"))
        acting.mark(d.pending_events, Author.signed_in("mallory", "api", "token"))
        forged = forge(store, ledger, d)
    # Then verify names the approval and the permission rule: only bob, or the
    # secretariat on evidence, records bob's approval
    doc = failed(lsp)
    assert (doc["position"], doc["event"], doc["rule"]) == (forged[0], "Approved",
                                                          "permission")
