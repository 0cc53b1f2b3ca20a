"""The registers (`projections.registers`, `lsp register ...`).

The Daventry Executive's June meeting (tests/test_minutes.py), a September meeting, a
Health and Wellbeing Forum meeting in July and a December meeting only scheduled give:
- the decision register of the Openness of Local Government Bodies Regulations 2014
  (date, decision, reasons, alternatives considered, interests, decision maker);
- the interests register (every declaration, terms 6.4);
- the attendance record of each seat of the Executive (3.2: present by deputy).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Callable

import pytest
from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.audit import sealing
from ledger.errors import InvalidInput, NotFound
from ledger.store.sqlite import SQLiteDatabase
from ledger.when import as_of, effective_from
from projections import registers
from projections.catchup import ReadStore
from projections.meetings import MinutesBuilder
from projections.reader import Reader
from tests.conftest import event_count, on
from tests.stories import (
    CONSENSUS,
    DAVENTRY_TERMS,
    URGENCY,
    daventry_executive,
    june_meeting,
    public_register,
)

Lsp = Callable[..., Result]

REVIEW = "Membership reviewed (4.4): no changes."
WELLBEING = "A wellbeing week in October was agreed."


def september_meeting(ledger: Ledger) -> None:
    """Supt Moss attends in person, Prof Lee sends apologies, Futures stays away; Dr Patel
    declares an interest in the review and leaves the room."""
    m = "exec-2026-09"
    ledger.schedule_meeting("executive", m, on("2026-09-15T18:30"))
    ledger.add_agenda_item(m, "review", "Annual review of membership")
    ledger.publish_agenda(m, on("2026-09-01"))
    for seat in ("ddc-member-1", "police", "ccg"):
        ledger.attend(m, seat)
    ledger.send_apologies(m, "college")
    ledger.declare_interest(m, "review", "dr-raj-patel", "personal",
                            note="the CCG's merger", left_room=True)
    ledger.decide_by_consensus(m, "review", REVIEW)
    ledger.close_meeting(m)


def forum_meeting(ledger: Ledger) -> None:
    """The Forum, whose terms set no quorum and no voting rule, agrees by consensus, with
    one member present (a meeting of nobody decides nothing, issue 11 item 3)."""
    ledger.add_seat("forum", "ccg", "nene-ccg", on=on("2026-04-01"))
    ledger.fill_seat("forum", "ccg", "dr-raj-patel", on("2026-04-01"))
    ledger.schedule_meeting("forum", "forum-2026-07", on("2026-07-08T14:00"))
    ledger.add_agenda_item("forum-2026-07", "wellbeing", "Wellbeing week")
    ledger.attend("forum-2026-07", "ccg")
    ledger.decide_by_consensus("forum-2026-07", "wellbeing", WELLBEING)
    ledger.close_meeting("forum-2026-07")


def registers_story(new_ledger: Callable[..., Ledger]) -> Ledger:
    made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
    daventry_executive(made)
    june_meeting(made)
    forum_meeting(made)
    september_meeting(made)
    made.schedule_meeting("executive", "exec-2026-12", on("2026-12-10T18:30"))
    return made


@pytest.fixture
def ledger(kept_story: Callable[..., Ledger]) -> Ledger:
    return kept_story("registers", registers_story)


@pytest.fixture
def read(ledger: Ledger) -> ReadStore:
    return ReadStore(ledger)


def between(start: str | None, end: str | None) -> dict[str, object]:
    return {"start": effective_from(start) if start else None,
            "end": as_of(end) if end else None}


# --------------------------------------------------------------------------------------
# The decision register
# --------------------------------------------------------------------------------------

def test_decision_register_lists_every_decision_in_date_order(read: ReadStore) -> None:
    # Given three meetings held and one only scheduled
    # When the decision register is read for every body
    register = registers.decisions(read)
    # Then each decision is there, by date: votes, consensus and the membership request
    assert [(e.date, e.meeting, e.item, e.how) for e in register.entries] == [
        ("2026-06-10", "exec-2026-06", "grants", "vote"),
        ("2026-06-10", "exec-2026-06", "hub", "vote"),
        ("2026-06-10", "exec-2026-06", "plan", "consensus"),
        ("2026-06-10", "exec-2026-06", "request:town-fc-2026", "membership-request"),
        ("2026-07-08", "forum-2026-07", "wellbeing", "consensus"),
        ("2026-09-15", "exec-2026-09", "review", "consensus"),
    ]


def test_decision_register_holds_what_the_openness_regulations_ask(read: ReadStore) -> None:
    # Given the June meeting's decisions
    # When the register is read
    entries = {e.item: e for e in registers.decisions(read).entries}
    grants, plan = entries["grants"], entries["plan"]
    # Then the decision, the reasons, the interests declared and the decision maker
    assert grants.decision == ("carried (2 for, 2 against, 0 abstaining, the chair's casting "
                               "vote for)")
    assert grants.reasons == ("2 for, 2 against, 0 abstaining: a tie, decided by the chair's "
                              "casting vote for (clause 4.3)")
    assert grants.interests == ["Dr Raj Patel (personal: trustee of a grant applicant)"]
    assert (grants.decision_maker, grants.clause, grants.title) == (
        "LSP Executive", "4.3", "Community grants budget 2026/27")
    assert (plan.decision, plan.reasons, plan.interests) == ("agreed by consensus",
                                                              CONSENSUS, [])
    assert entries["hub"].decision.startswith("lost (1 for, 2 against, 1 abstaining)")
    assert entries["request:town-fc-2026"].decision == "rejected"
    assert entries["wellbeing"].decision_maker == "Health and Wellbeing Partnership Forum"


def test_alternatives_considered_are_left_empty_not_invented(read: ReadStore) -> None:
    # Given meetings that record no alternative options
    # When the decision register is read
    register = registers.decisions(read)
    # Then the field is there and empty for every decision, and the register says why
    assert {e.alternatives_considered for e in register.entries} == {""}
    assert "recorded without alternative options" in register.note


@pytest.mark.parametrize(("body", "start", "end", "meetings"), [
    ("executive", None, None, ["exec-2026-06", "exec-2026-09"]),
    ("forum", None, None, ["forum-2026-07"]),
    (None, "2026-07-01", None, ["forum-2026-07", "exec-2026-09"]),
    (None, None, "2026-06-30", ["exec-2026-06"]),
    (None, "2026-06-10", "2026-06-10", ["exec-2026-06"]),  # both ends count the whole day
    (None, "2026-06-11", "2026-07-07", []),
    ("forum", None, "2026-06-30", []),
])
def test_registers_filter_by_body_and_effective_dates_in_england(
        read: ReadStore, body: str | None, start: str | None, end: str | None,
        meetings: list[str]) -> None:
    # Given meetings of two bodies on several dates
    # When a register is read for a body and a period
    register = registers.decisions(read, body, **between(start, end))
    # Then only the meetings of that body held in that period are in it
    assert list(dict.fromkeys(e.meeting for e in register.entries)) == meetings


def test_a_period_that_ends_before_it_starts_is_refused(read: ReadStore) -> None:
    # Given the ledger
    # When a register is asked for from September to June
    # Then it is refused as invalid input
    with pytest.raises(InvalidInput, match="--from 2026-09-01 is after --to 2026-06-30"):
        registers.decisions(read, None, **between("2026-09-01", "2026-06-30"))


# --------------------------------------------------------------------------------------
# The interests register
# --------------------------------------------------------------------------------------

def test_interests_register_lists_every_declaration_clause_6_4(read: ReadStore) -> None:
    # Given Dr Patel's declarations in June and September
    # When the interests register is read
    register = registers.interests(read, "executive")
    # Then both are there, with item, nature, note and whether he left the room
    assert [(e.date, e.meeting, e.item, e.person_name, e.nature, e.note, e.left_room,
             e.clause) for e in register.entries] == [
        ("2026-06-10", "exec-2026-06", "grants", "Dr Raj Patel", "personal",
         "trustee of a grant applicant", False, "6.4"),
        ("2026-09-15", "exec-2026-09", "review", "Dr Raj Patel", "personal",
         "the CCG's merger", True, "6.4"),
    ]
    assert registers.interests(read, "forum").entries == []


# --------------------------------------------------------------------------------------
# The attendance record
# --------------------------------------------------------------------------------------

def test_attendance_record_counts_each_seat_over_the_meetings_held_clause_3_2(
        read: ReadStore) -> None:
    # Given the June and September meetings, and a December meeting only scheduled
    # When the Executive's attendance record for 2026 is read
    record = registers.attendance(read, "executive", **between("2026-01-01", "2026-12-31"))
    rows = {s.seat: (s.meetings, s.present, s.by_deputy, s.apologies, s.absent, s.vacant)
            for s in record.seats}
    # Then two meetings were held, and each seat's record adds up
    assert (record.body_name, record.meetings_held) == ("LSP Executive", 2)
    assert [m.meeting for m in record.meetings] == ["exec-2026-06", "exec-2026-09"]
    assert rows == {
        "acre": (2, 0, 0, 0, 0, 2),
        "ccg": (2, 2, 0, 0, 0, 0),
        "college": (2, 1, 0, 1, 0, 0),
        "county": (2, 0, 0, 0, 2, 0),
        "ddc-member-1": (2, 2, 0, 0, 0, 0),
        "futures": (2, 0, 0, 1, 1, 0),
        "police": (2, 1, 1, 0, 0, 0),
        "town-fc": (2, 0, 0, 0, 2, 0),
    }
    assert all(sum(r[1:]) == r[0] for r in rows.values())


def test_attendance_of_an_unknown_body_is_refused(read: ReadStore) -> None:
    # Given the Daventry terms, which have no body 'board'
    # When its attendance is asked for
    # Then NotFound
    with pytest.raises(NotFound, match="there is no body 'board'"):
        registers.attendance(read, "board")


def test_every_register_carries_the_latest_seal(ledger: Ledger, read: ReadStore) -> None:
    # Given the ledger, sealed
    info = sealing.seal(ledger)
    # When the three registers of the Executive are read
    found = [registers.decisions(read, "executive"), registers.interests(read, "executive"),
             registers.attendance(read, "executive")]
    # Then each carries the seal it was read under, in its JSON too
    for register in found:
        assert register.seal is not None
        assert (register.seal.tree_size, register.seal.root) == (info.tree_size, info.root)
        assert register.seal.position == event_count(ledger)
        assert register.model_dump(mode="json")["seal"]["root"] == info.root


@pytest.mark.sqlite_only  # reads SQLite's query plans
def test_registers_read_meetings_through_the_entity_index(ledger: Ledger) -> None:
    # Given the ledger, caught up
    read = ReadStore(ledger)
    read.catch_up()
    statements: list[str] = []
    # When the minutes of the meetings of a period are read, every statement traced
    with read.connect() as conn, conn.snapshot():
        assert isinstance(conn, SQLiteDatabase)
        conn.conn.set_trace_callback(statements.append)
        reader = Reader(conn)
        build = MinutesBuilder(reader)
        for m in build.scheduled("executive", effective_from("2026-07-01"), None):
            build.minutes(m, reader.facts("meeting", m))
        conn.conn.set_trace_callback(None)
        plans = {s: " ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {s}"))
                 for s in statements if "FROM lsp_events" in s}
    # Then no statement scans the whole event table: each searches by the entity index
    assert plans
    for statement, plan in plans.items():
        assert "lsp_events_entity" in plan, statement
        assert not re.search(r"\bSCAN lsp_events\b(?! USING)", plan), (statement, plan)


# --------------------------------------------------------------------------------------
# Through `lsp register ...`
# --------------------------------------------------------------------------------------

def test_decisions_as_csv_parse_with_the_csv_module(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When the Executive's decision register is printed as CSV
    result = lsp("register", "decisions", "--body", "executive", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # Then one row per decision, with a header, the alternatives column present and empty
    assert (result.exit_code, result.stderr) == (0, "")
    assert [r["item"] for r in rows] == ["grants", "hub", "plan", "request:town-fc-2026",
                                         "review"]
    grants = rows[0]
    assert grants["decision_maker"] == "LSP Executive"
    assert grants["interests"] == "Dr Raj Patel (personal: trustee of a grant applicant)"
    assert grants["reasons"].endswith("decided by the chair's casting vote for (clause 4.3)")
    assert {r["alternatives_considered"] for r in rows} == {""}


def test_interests_and_attendance_as_csv(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When the interests and attendance registers are printed as CSV
    interests = list(csv.DictReader(io.StringIO(
        lsp("register", "interests", "--format", "csv").stdout)))
    attendance = list(csv.DictReader(io.StringIO(
        lsp("register", "attendance", "executive", "--to", "2026-12-31",
            "--format", "csv").stdout)))
    # Then each parses, with the values of the read model
    assert [(r["meeting"], r["left_room"]) for r in interests] == [
        ("exec-2026-06", "no"), ("exec-2026-09", "yes")]
    police = next(r for r in attendance if r["seat"] == "police")
    assert (police["org_name"], police["present"], police["by_deputy"]) == (
        "Northamptonshire Police", "1", "1")


@pytest.mark.parametrize("args", [
    ["register", "decisions"],
    ["register", "interests", "--body", "executive"],
    ["register", "attendance", "executive"],
])
def test_json_and_format_json_print_the_same_one_document(ledger: Ledger, lsp: Lsp,
                                                          args: list[str]) -> None:
    # Given the ledger
    before = event_count(ledger)
    # When a register is printed with --json, then with --format json
    as_json = lsp(*args, "--json")
    as_format = lsp(*args, "--format", "json")
    # Then both are one JSON document, the same, and nothing is recorded
    assert (as_json.exit_code, as_json.stderr) == (0, "")
    doc = json.loads(as_json.stdout)
    assert json.loads(as_format.stdout) == doc
    assert doc["position"] == before
    assert event_count(ledger) == before


def test_decisions_as_a_table(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When the decision register is printed for the autumn
    result = lsp("register", "decisions", "--from", "2026-07-01")
    # Then a table with the period, the decisions and the note on alternatives
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == "Decision register: all bodies from 1 July 2026"
    assert lines[2].split() == ["DATE", "MEETING", "ITEM", "DECISION", "REASONS", "INTERESTS",
                                "DECISION", "MAKER"]
    assert all(len(line) <= 100 for line in lines[:-2])
    first = lines[4:lines.index("", 4)]  # the first row, its cells wrapped onto more lines
    assert "forum-2026-07" in first[0]
    assert {"Health", "Wellbeing", "Partnership", "Forum"} <= set(" ".join(first).split())
    assert "2 decision(s). Decisions recorded without alternative options" in result.stdout


def test_attendance_as_a_table(ledger: Ledger, lsp: Lsp) -> None:
    # Given the ledger
    # When the Executive's attendance is printed
    result = lsp("register", "attendance", "executive")
    # Then a row per seat, and the meetings counted
    assert (result.exit_code, result.stderr) == (0, "")
    police = next(line for line in result.stdout.splitlines() if line.startswith("police "))
    assert police.split() == ["police", "Northamptonshire", "yes", "2", "1", "1", "0", "0",
                              "0"]  # the organisation's name wraps: "Police" is beneath
    assert "2 meeting(s) held: exec-2026-06 (10 June 2026 at 6.30 pm), exec-2026-09 " \
           "(15 September 2026 at 6.30 pm)." in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["register", "attendance", "board"], "Error: there is no body 'board'"),
    (["register", "decisions", "--body", "board"], "Error: there is no body 'board'"),
    (["register", "interests", "--from", "2026-13-01"], "Error: --from '2026-13-01' is not"),
    (["register", "decisions", "--from", "2026-09-01", "--to", "2026-06-30"],
     "Error: --from 2026-09-01 is after --to 2026-06-30"),
])
def test_a_refused_register_exits_1_and_records_nothing(ledger: Ledger, lsp: Lsp,
                                                        args: list[str], message: str) -> None:
    # Given the ledger
    before = event_count(ledger)
    # When a register is asked for with an unknown body or a bad date
    result = lsp(*args)
    as_json = lsp(*args, "--json")
    # Then exit 1, the message on stderr, one JSON error document under --json
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(message)
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["message"] in as_json.stderr
    assert event_count(ledger) == before


def test_minutes_and_register_agree_on_a_decision(ledger: Ledger, lsp: Lsp) -> None:
    # Given the June meeting
    # When its minutes and the decision register are read as JSON
    paper = json.loads(lsp("report", "minutes", "exec-2026-06", "--json").stdout)
    register = json.loads(lsp("register", "decisions", "--json").stdout)
    # Then the grants decision reads the same in both
    vote = paper["items"][0]["vote"]
    entry = register["entries"][0]
    assert (entry["item"], entry["reasons"], entry["clause"]) == (
        "grants", vote["reason"], vote["clause"])
    assert paper["publication"]["urgent"] == URGENCY


def test_sqlite_is_new_enough_for_json_extract() -> None:
    # Given the SQLite the read models run on
    # When json_extract is called
    # Then it answers (the registers filter meetings by body with it)
    with sqlite3.connect(":memory:") as conn:
        assert conn.execute("SELECT json_extract('{\"a\": 1}', '$.a')").fetchone() == (1,)


# -------------------------------------------------- the register kept between readings


FILTERS: list[tuple[str | None, str | None, str | None]] = [
    (None, None, None), ("executive", None, None), ("forum", None, None),
    (None, "2026-11-01", None), ("executive", "2026-01-01", "2026-12-31")]


def test_a_kept_register_reads_what_a_fresh_reading_reads_after_every_act(
        new_ledger: Callable[..., Ledger], monkeypatch: pytest.MonkeyPatch) -> None:
    """Given the public register's story (decisions between meetings proposed, approved,
    taken, reported, rescinded and with interests; meetings scheduled, held, voted on;
    a membership request decided; seats, names and terms changed; seals), when after every
    act one `KeptRegister` is read again (only what changed, where it can) and a fresh
    register is read, then the two are the same, for every filter."""
    kept = registers.KeptRegister()
    checked = []
    original = Ledger._write

    def write_then_compare(self: Ledger, *aggregates: object) -> object:
        recorded = original(self, *aggregates)  # type: ignore[arg-type]
        store = ReadStore(self)
        for body, start, end in FILTERS:
            since = effective_from(start) if start else None
            until = as_of(end) if end else None
            assert kept.read(store, body, since, until) == registers.decisions(
                store, body, since, until), (len(checked), body, start, end)
        checked.append(kept.position)
        return recorded

    monkeypatch.setattr(Ledger, "_write", write_then_compare)
    ledger = public_register(new_ledger)
    # And when a decision is taken and then, its approval retracted, is no longer taken
    with freeze_time("2027-04-01 12:00:00"):
        ledger.propose_decision("executive", "late", "A late decision", "ddc-member-1",
                                on=on("2027-03-20"))
        ledger.approve_decision("late", "police", on=on("2027-03-21"))
        assert len(kept.read(ReadStore(ledger)).entries) == 9
        ledger.retract("decision:late", 2, "entered against the wrong decision",
                       on("2027-03-22"))
    # (the story really went through every step, the register growing as it went)
    assert len(checked) > 50
    assert len(kept.read(ReadStore(ledger)).entries) == 8
