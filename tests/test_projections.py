"""The read models (projections/): caught up from the log, rebuilt from nothing, and the
questions asked of them (roster, audit, check).

Stories are written through `Ledger` methods on the real terms in examples/, then read
back through `ReadStore`, `projections.queries` and `projections.warnings`. The clock is
pinned with freezegun wherever the recorded time ("now") matters.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import pytest
from freezegun import freeze_time
from pydantic import ValidationError

from ledger.app import Ledger
from ledger.errors import NotFound
from ledger.events import entity_id
from ledger.store.seam import Database
from ledger.when import as_of
from projections import queries, warnings
from projections.catchup import TABLES, ReadStore
from projections.models import SealRef, Warning
from projections.reader import Reader
from tests.conftest import EXAMPLES, event_count, on
from tests.helpers import raw

NewLedger = Callable[..., Ledger]

DAVENTRY = str(EXAMPLES / "daventry" / "terms.toml")
TOWER_HAMLETS = str(EXAMPLES / "tower-hamlets" / "terms.toml")

# The Daventry Executive's core members (terms 4.1), one seat each in these stories.
CORE = {"ddc-member-1": "daventry-dc", "volunteer-centre": "daventry-volunteer-centre",
        "futures": "futures-housing", "ccg": "nene-ccg", "college": "northampton-college",
        "acre": "northants-acre", "calc": "northants-calc", "county": "northants-cc",
        "police": "northants-police"}
EXECUTIVE_ID = entity_id("body", "executive")
PEOPLE = ("amy", "ben", "gill", "ravi", "sue", "tom", "ann", "pete", "jo", "kate", "lee",
          "omar", "mary")


# ---------------------------------------------------------------------------- helpers


def tables(path: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table, in a fixed order."""
    with raw(path) as conn:
        return {t: sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {t}"))
                for t in TABLES}


def daventry_people(ledger: Ledger) -> int:
    """The core member organisations and the people of the stories; returns events written."""
    written = sum(len(ledger.add_org(org, org.replace("-", " ").title()))
                  for org in sorted(set(CORE.values())))
    written += len(ledger.add_org("chamber", "Daventry Chamber of Commerce"))
    return written + sum(len(ledger.add_person(p, p.title())) for p in PEOPLE)


def daventry_seats(ledger: Ledger) -> int:
    """A seat for each core member, filled from 1 April 2026, and a non-voting seat."""
    written = 0
    for seat, org in CORE.items():
        written += len(ledger.add_seat("executive", seat, org, on=on("2026-04-01")))
    written += len(ledger.add_seat("executive", "chamber", "chamber", voting=False,
                                   on=on("2026-04-01")))
    for seat, person in zip(CORE, PEOPLE, strict=False):
        written += len(ledger.fill_seat("executive", seat, person, on("2026-04-01")))
    return written


# The annual review is recorded on 10 December 2026, at the last meeting of the year (4.4):
# the tests that record it run after that day (nothing dated after now is recorded).
AFTER_THE_REVIEW = "2026-12-11 09:00:00"


def daventry_roles(ledger: Ledger) -> int:
    """Chair and vice-chair (4.4), a deputy (3.2) and the annual review (4.4)."""
    return (len(ledger.assign_role("executive", "chair", "ddc-member-1", on("2026-04-15")))
            + len(ledger.assign_role("executive", "vice-chair", "police", on("2026-04-15")))
            + len(ledger.nominate_deputy("executive", "ccg", "lee", on("2026-05-01")))
            + len(ledger.review_membership("executive", "annual review", on("2026-12-10"))))


def daventry_corrections(ledger: Ledger) -> int:
    """A backdated replacement, a vacancy, a mistaken fill and its retraction."""
    written = len(ledger.fill_seat("executive", "college", "omar", on("2026-04-20")))
    written += len(ledger.vacate_seat("executive", "acre", on("2026-06-01")))
    written += len(ledger.fill_seat("executive", "chamber", "mary", on("2026-06-10")))
    mistake = ledger.repository.get(EXECUTIVE_ID).version
    written += len(ledger.retract("body:executive", mistake, "recorded against the wrong seat",
                                  on("2026-06-11")))
    return written


QUESTIONS = [  # (as of, known at) asked of the Daventry Executive
    ("2026-04-01", None),
    ("2026-04-16", None),
    ("2026-05-15", None),
    ("2026-06-10", None),
    ("2027-01-01", None),
    ("2026-04-16", "2099-12-31"),
    ("2026-06-10", "2099-12-31"),
    ("2027-01-01", "2099-12-31"),
]


def answers(store: ReadStore) -> list[dict[str, Any]]:
    """What `queries.roster` says to each of QUESTIONS, as plain data."""
    return [queries.roster(store, "executive", as_of(a),
                           as_of(k) if k else None).model_dump() for a, k in QUESTIONS]


def rules_of(warnings: list[Warning], body: str, *rules: str) -> list[Warning]:
    return [w for w in warnings if w.body == body and w.rule in rules]


# ---------------------------------------------------------------------------- catch-up


@freeze_time(AFTER_THE_REVIEW)
def test_incremental_catch_up_and_rebuild_give_identical_tables_and_rosters(
    new_ledger: NewLedger, store: str
) -> None:
    # Given the Daventry Executive's story written in four steps, the read models caught up
    # after each (the last steps backdate a change and retract one, which refold the body)
    ledger = new_ledger(DAVENTRY, since="2026-01-01")
    read = ReadStore(ledger)
    for step in (daventry_people, daventry_seats, daventry_roles, daventry_corrections):
        step(ledger)
        read.catch_up()
    incremental, incremental_answers = tables(store), answers(read)
    # When the read models are dropped and rebuilt from the whole log
    rebuilt_count = read.rebuild()
    # Then every table holds the same rows, and every roster question gets the same answer
    assert rebuilt_count == event_count(ledger)
    assert tables(store) == incremental
    assert answers(read) == incremental_answers
    assert all(incremental[t] for t in ("lsp_events", "lsp_entities", "lsp_terms",
                                        "lsp_rosters"))


@freeze_time(AFTER_THE_REVIEW)
def test_the_kept_roster_and_the_fold_of_the_facts_give_the_same_answer(
    new_ledger: NewLedger,
) -> None:
    # Given the Daventry story, caught up step by step
    ledger = new_ledger(DAVENTRY, since="2026-01-01")
    read = ReadStore(ledger)
    for step in (daventry_people, daventry_seats, daventry_roles, daventry_corrections):
        step(ledger)
        read.catch_up()
    # When today's roster is read from the kept state (no known-at), and by folding every
    # fact (a known-at far in the future), and from the write side
    kept = queries.roster(read, "executive", as_of("2027-01-01"))
    folded = queries.roster(read, "executive", as_of("2027-01-01"), as_of("2099-12-31"))
    written = ledger.roster("executive", as_of("2027-01-01"))
    # Then all three agree on every seat
    assert kept.model_dump(exclude={"known_at"}) == folded.model_dump(exclude={"known_at"})
    assert [(s.seat, s.holder, s.deputy, s.role) for s in kept.seats] == [
        (s.seat, s.holder, s.deputy, s.role) for s in written.seats]
    assert {s.seat: s.holder for s in kept.seats}["college"] == "omar"


def test_a_read_after_new_writes_folds_only_the_new_events(
    new_ledger: NewLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a ledger whose read models have caught up
    ledger = new_ledger(DAVENTRY, since="2026-01-01")
    read = ReadStore(ledger)
    daventry_people(ledger)
    read.catch_up()
    before = read.position()
    folded: list[int] = []
    original = ReadStore._fold

    def counting(self: ReadStore, conn: Database, position: int, *rest: Any) -> None:
        folded.append(position)
        original(self, conn, position, *rest)

    monkeypatch.setattr(ReadStore, "_fold", counting)
    # When new events are written and the read models catch up twice
    written = daventry_seats(ledger)
    first, second = read.catch_up(), read.catch_up()
    # Then the first catch-up folded exactly the new events, in order, and the second none
    assert (first, second) == (written, 0)
    assert folded == list(range(before + 1, before + written + 1))
    assert read.position() == event_count(ledger) == before + written


def test_a_roster_read_catches_up_by_itself(new_ledger: NewLedger) -> None:
    # Given a read store that has caught up, then a seat filled
    ledger = new_ledger(DAVENTRY, since="2026-01-01")
    read = ReadStore(ledger)
    daventry_people(ledger)
    ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-04-01"))
    read.catch_up()
    ledger.fill_seat("executive", "ccg", "sue", on("2026-04-02"))
    # When the roster is read, without catching up first
    roster = queries.roster(read, "executive", as_of("2026-04-02"))
    # Then it shows the new holder, and the read models are at the end of the log
    assert [(s.seat, s.holder) for s in roster.seats] == [("ccg", "sue")]
    assert read.position() == event_count(ledger)


def test_two_read_stores_catching_up_concurrently_fold_each_event_once(
    new_ledger: NewLedger, store: str
) -> None:
    # Given a ledger with a history, two read stores on it (each with its own connection
    # to the store), and a writer that keeps recording while they catch up
    ledger = new_ledger(DAVENTRY, since="2026-01-01")
    daventry_people(ledger)
    daventry_seats(ledger)
    readers = [ReadStore(Ledger(store, "reader-1")), ReadStore(Ledger(store, "reader-2"))]
    writer = Ledger(store, "writer")
    start, written = threading.Barrier(3, timeout=60), threading.Event()
    folded: list[list[int]] = [[], []]
    errors: list[BaseException] = []

    def read(i: int) -> None:
        try:
            start.wait()
            while not written.is_set():
                folded[i].append(readers[i].catch_up())
        except BaseException as e:  # reported below: a thread's failure must fail the test
            errors.append(e)

    def write() -> None:
        try:
            start.wait()
            for n in range(20):
                writer.add_person(f"visitor-{n}", f"Visitor {n}")
        except BaseException as e:
            errors.append(e)
        finally:
            written.set()

    threads = [threading.Thread(target=read, args=(i,), daemon=True) for i in (0, 1)]
    threads.append(threading.Thread(target=write, daemon=True))
    # When both read stores catch up, concurrently with each other and with the writer
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    last = [reader.catch_up() for reader in readers]
    # Then nothing failed, each event was folded exactly once between them, both end at
    # the same position (the end of the log) and the events table has no duplicate
    assert errors == []
    total = event_count(ledger)
    assert sum(folded[0]) + sum(folded[1]) + sum(last) == total
    assert [r.position() for r in readers] == [total, total]
    with raw(store) as conn:
        rows = conn.execute("SELECT COUNT(*), COUNT(DISTINCT position), MIN(position), "
                            "MAX(position) FROM lsp_events").fetchone()
        entities = conn.execute("SELECT COUNT(*), COUNT(DISTINCT slug) FROM lsp_entities "
                                "WHERE kind = 'person'").fetchone()
    assert tuple(rows) == (total, total, 1, total)
    assert tuple(entities) == (len(PEOPLE) + 20, len(PEOPLE) + 20)


# ---------------------------------------------------------------------------- known at


def test_a_backdated_change_recorded_on_day_2_is_invisible_known_at_day_1(
    new_ledger: NewLedger,
) -> None:
    # Given on day 1 (2 March) seat ccg, held by Sue since 1 February
    with freeze_time("2026-03-02 10:00:00"):
        ledger = new_ledger(DAVENTRY, since="2026-01-01")
        daventry_people(ledger)
        ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-02-01"))
        ledger.fill_seat("executive", "ccg", "sue", on("2026-02-01"))
    read = ReadStore(ledger)
    # When on day 2 (3 March) Ben is recorded as having replaced her from 15 February
    with freeze_time("2026-03-03 10:00:00"):
        ledger.fill_seat("executive", "ccg", "ben", on("2026-02-15"))

    def holder(as_of_day: str, known_at: str | None) -> str | None:
        view = queries.roster(read, "executive", as_of(as_of_day),
                              as_of(known_at) if known_at else None)
        return {s.seat: s.holder for s in view.seats}["ccg"]

    # Then as known at the end of day 1 Sue still held it on 20 February; as known on day
    # 2, and now, Ben did; and before 15 February it was Sue's whatever is known
    assert holder("2026-02-20", "2026-03-02") == "sue"
    assert holder("2026-02-20", "2026-03-03") == "ben"
    assert holder("2026-02-20", None) == "ben"
    assert holder("2026-02-14", "2026-03-03") == "sue"
    assert queries.roster(read, "executive", as_of("2026-02-20"),
                          as_of("2026-03-02")).known_at == "2026-03-02 23:59"


def test_a_retraction_counts_only_once_it_is_known(new_ledger: NewLedger) -> None:
    # Given on day 1 seat ccg filled by Sue, wrongly
    with freeze_time("2026-03-02 10:00:00"):
        ledger = new_ledger(DAVENTRY, since="2026-01-01")
        daventry_people(ledger)
        ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-02-01"))
        ledger.fill_seat("executive", "ccg", "sue", on("2026-02-01"))
    read = ReadStore(ledger)
    version = ledger.repository.get(EXECUTIVE_ID).version
    # When on day 2 the fill is retracted
    with freeze_time("2026-03-03 10:00:00"):
        ledger.retract("body:executive", version, "recorded against the wrong seat")
    # Then as known on day 1 Sue held the seat, and as known on day 2 (and now) nobody did
    known_day_1 = queries.roster(read, "executive", as_of("2026-02-20"), as_of("2026-03-02"))
    known_day_2 = queries.roster(read, "executive", as_of("2026-02-20"), as_of("2026-03-03"))
    known_now = queries.roster(read, "executive", as_of("2026-02-20"))
    assert [s.holder for s in known_day_1.seats] == ["sue"]
    assert [s.holder for s in known_day_2.seats] == [None]
    assert [s.holder for s in known_now.seats] == [None]


# ---------------------------------------------------------------------------- audit


def test_audit_lists_every_event_of_an_entity_with_effective_recorded_actor_and_changes(
    new_ledger: NewLedger,
) -> None:
    # Given seat ccg added, filled and a fill retracted, each recorded at a known moment
    with freeze_time("2026-07-01 09:30:00"):
        ledger = new_ledger(DAVENTRY, since="2026-01-01")
        daventry_people(ledger)
        ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-04-01"))
    with freeze_time("2026-07-02 14:00:00"):
        ledger.fill_seat("executive", "ccg", "sue", on("2026-04-01"))
        ledger.retract("body:executive", 3, "Sue was never appointed", on("2026-07-02"))
    read = ReadStore(ledger)
    # When the audit trail of the Executive is asked for
    trail = queries.audit(read, ("body", "executive"))
    # Then it lists every event of that entity, in order, with both clocks, the actor and
    # the changes each made, the retracted fill as well as its retraction
    assert trail.entity == "body:executive"
    assert [(e.version, e.event) for e in trail.events] == [
        (1, "Registered"), (2, "SeatAdded"), (3, "SeatFilled"), (4, "Retracted")]
    assert [e.position for e in trail.events] == sorted(e.position for e in trail.events)
    assert {e.entity for e in trail.events} == {"body:executive"}
    assert {e.actor for e in trail.events} == {"secretariat"}
    seat_added, filled, retracted = trail.events[1:]
    assert (seat_added.effective, seat_added.recorded) == ("2026-04-01T00:00:00+01:00",
                                                           "2026-07-01T10:30:00+01:00")
    assert seat_added.changes == {"seat": "ccg", "org": "nene-ccg", "voting": True,
                                  "co_opted": False, "category": None, "term_years": None}
    assert (filled.effective, filled.recorded) == ("2026-04-01T00:00:00+01:00",
                                                   "2026-07-02T15:00:00+01:00")
    assert filled.changes == {"seat": "ccg", "person": "sue", "term_ends": None}
    assert retracted.effective == "2026-07-02T00:00:00+01:00"
    assert retracted.changes == {"version": 3, "reason": "Sue was never appointed"}
    assert len(queries.audit(read).events) == event_count(ledger)


def test_audit_of_an_entity_that_does_not_exist_is_not_found(new_ledger: NewLedger) -> None:
    # Given a ledger with no body 'forum' yet
    read = ReadStore(new_ledger(DAVENTRY, since="2026-01-01"))
    # When its audit trail is asked for
    with pytest.raises(NotFound) as missing:
        queries.audit(read, ("body", "forum"))
    # Then the answer says so
    assert "there is no body 'forum'" in str(missing.value)


# ---------------------------------------------------------------------------- the reader


class Counting:
    """A connection that keeps the statements run through it."""

    def __init__(self, conn: Database) -> None:
        self.conn = conn
        self.statements: list[str] = []

    def execute(self, sql: str, args: Any = ()) -> Any:
        self.statements.append(sql)
        return self.conn.execute(sql, args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


def test_the_reader_reads_and_parses_a_terms_version_once(new_ledger: NewLedger) -> None:
    # Given a ledger with its terms, and a reader over a connection that counts statements
    read = ReadStore(new_ledger(DAVENTRY, since="2026-01-01"))
    read.catch_up()
    with read.connect() as conn:
        counting = Counting(conn)
        reader = Reader(cast(Database, counting))
        # When the terms are asked for by version, in force, and all of them, twice over
        first = reader.terms(1)
        row, in_force = reader.require_in_force(on("2026-03-01"))
        answers = [reader.terms(1), in_force, reader.terms_at(on("2026-03-01")),
                   reader.all_terms()[0]]
    # Then one parsed terms answers them all, and its text was read by one statement
    assert first is not None and row["version"] == 1
    assert all(a is first for a in answers[:2]) and answers[2] == (1, first)
    assert answers[3] is first
    assert sum("WHERE version = ?" in s for s in counting.statements) == 1


def test_the_read_models_refuse_a_field_they_do_not_declare() -> None:
    # Given the latest seal as a paper prints it
    fields = {"tree_size": 3, "root": "ab" * 32, "position": 3}
    # When a read model is given a field it does not declare
    # Then it is refused, not silently dropped
    with pytest.raises(ValidationError, match="extra"):
        SealRef(**fields, signature="not a field")
    assert SealRef(**fields).position == 3


# ---------------------------------------------------------------------------- check


def lap_resident(ledger: Ledger, seat: str = "res-1", person: str = "rita") -> None:
    """Tower Hamlets LAP 1: a resident seat, filled now (membership is for 2 years)."""
    ledger.add_org("th-residents", "Tower Hamlets residents")
    ledger.add_person(person, person.title(), category="resident")
    ledger.add_seat("lap-1", seat, "th-residents", category="resident")
    ledger.fill_seat("lap-1", seat, person)


@pytest.mark.parametrize(("days_from_term_end", "expected"), [
    (-61, []),
    (-60, ["term-ending"]),
    (-1, ["term-ending"]),
    (0, ["term-ended"]),  # from the day it ends, as the roster says (issue 11 item 15)
    (1, ["term-ended"]),
    (400, ["term-ended"]),
])
def test_lap_steering_groups_membership_is_for_2_years_and_check_warns_as_it_ends(
    new_ledger: NewLedger, days_from_term_end: int, expected: list[str]
) -> None:
    # Given a Tower Hamlets LAP 1 resident filled on 2 March 2026, for 2 years
    with freeze_time("2026-03-02 10:00:00"):
        ledger = new_ledger(TOWER_HAMLETS, since="2026-01-01")
        lap_resident(ledger)
    read = ReadStore(ledger)
    term_end = date(2028, 3, 2)
    # When the compliance check is run on a day relative to the end of the term
    with freeze_time(datetime.combine(term_end + timedelta(days=days_from_term_end),
                                      datetime.min.time()) + timedelta(hours=12)):
        report = warnings.check(read, datetime.now(UTC))
    # Then it warns the term is ending within 60 days, or has ended, or says nothing
    found = rules_of(report.warnings, "lap-1", "term-ending", "term-ended")
    assert [w.rule for w in found] == expected
    for w in found:
        assert w.clause == "LAP Steering Groups"
        assert "Rita's term in the seat res-1" in w.message
        assert "2 March 2028" in w.message


def test_a_vacated_lap_seat_stops_the_term_warning(new_ledger: NewLedger) -> None:
    # Given a LAP 1 resident whose 2-year term ended on 2 March 2028
    with freeze_time("2026-03-02 10:00:00"):
        ledger = new_ledger(TOWER_HAMLETS, since="2026-01-01")
        lap_resident(ledger)
    read = ReadStore(ledger)
    with freeze_time("2028-03-10 12:00:00"):
        before = warnings.check(read, datetime.now(UTC))
        # When the seat is vacated
        ledger.vacate_seat("lap-1", "res-1")
        after = warnings.check(read, datetime.now(UTC))
    # Then the check warned of the ended term before, and no longer does
    assert [w.rule for w in rules_of(before.warnings, "lap-1", "term-ended")] == ["term-ended"]
    assert rules_of(after.warnings, "lap-1", "term-ended", "term-ending") == []


def test_re_appointing_the_holder_as_the_warning_advises_starts_a_new_term(
    new_ledger: NewLedger,
) -> None:
    # Given a LAP 1 resident whose 2-year term ended on 2 March 2028
    with freeze_time("2026-03-02 10:00:00"):
        ledger = new_ledger(TOWER_HAMLETS, since="2026-01-01")
        lap_resident(ledger)
    read = ReadStore(ledger)
    with freeze_time("2028-03-10 12:00:00"):
        # When she is re-appointed as the warning advises (lsp seat fill)
        ledger.fill_seat("lap-1", "res-1", "rita")
        after = warnings.check(read, datetime.now(UTC))
    # Then her new term runs to 2030 and nothing warns
    assert rules_of(after.warnings, "lap-1", "term-ended", "term-ending") == []
    seat = queries.roster(read, "lap-1", as_of("2028-03-10")).seats[0]
    assert seat.term_ends == "2030-03-10"


@freeze_time(AFTER_THE_REVIEW)
def test_daventry_4_4_check_warns_until_the_annual_review_is_recorded(
    new_ledger: NewLedger,
) -> None:
    # Given the Daventry Executive with its seats, its membership never reviewed
    ledger = new_ledger(DAVENTRY, since="2026-01-01")
    daventry_people(ledger)
    daventry_seats(ledger)
    read = ReadStore(ledger)
    never = warnings.check(read, as_of("2026-12-01"))
    # When the review is recorded at the last meeting of the year (4.4)
    ledger.review_membership("executive", "annual review", on=on("2026-12-10"))
    reviewed = warnings.check(read, as_of("2026-12-11"))
    # Then the check warned that it was never reviewed, and no longer does
    [warning] = rules_of(never.warnings, "executive", "annual-review")
    assert warning.clause == "4.4"
    assert "never reviewed" in warning.message
    assert rules_of(reviewed.warnings, "executive", "annual-review") == []


@pytest.mark.parametrize(("days_after_review", "warned"), [
    (1, False),
    (200, False),
    (364, False),
    (366, True),
    (500, True),
])
@freeze_time(AFTER_THE_REVIEW)
def test_daventry_4_4_check_warns_again_a_year_after_the_last_review(
    new_ledger: NewLedger, days_after_review: int, warned: bool
) -> None:
    # Given the Daventry Executive reviewed on 10 December 2026
    ledger = new_ledger(DAVENTRY, since="2026-01-01")
    daventry_people(ledger)
    ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-04-01"))
    ledger.review_membership("executive", "annual review", on=on("2026-12-10"))
    read = ReadStore(ledger)
    # When the check is run some days later
    report = warnings.check(read, on("2026-12-10") + timedelta(days=days_after_review))
    # Then it warns only once more than 365 days have passed, naming the last review
    found = rules_of(report.warnings, "executive", "annual-review")
    assert bool(found) is warned
    if warned:
        assert "last reviewed on 10 December 2026" in found[0].message


def test_lap_steering_groups_composition_short_is_warned_until_all_26_seats_are_filled(
    new_ledger: NewLedger,
) -> None:
    # Given LAP 1 with one resident seat filled
    ledger = new_ledger(TOWER_HAMLETS, since="2026-01-01")
    ledger.add_org("th-partners", "Tower Hamlets partners")
    read = ReadStore(ledger)
    composition = {"resident": 15, "ward-councillor": 6, "service-provider": 5}
    seats = [(f"{category}-{n}", category) for category, number in composition.items()
             for n in range(1, number + 1)]

    def fill(seat: str, category: str) -> None:
        ledger.add_person(f"p-{seat}", f"Member {seat}", category=category)
        ledger.add_seat("lap-1", seat, "th-partners", category=category, on=on("2026-02-01"))
        ledger.fill_seat("lap-1", seat, f"p-{seat}", on("2026-02-01"))

    fill(*seats[0])
    short = warnings.check(read, as_of("2026-02-02"))
    # When the other 25 seats (15 residents, 6 ward councillors, 5 service providers in
    # all) are added and filled
    for seat, category in seats[1:]:
        fill(seat, category)
    full = warnings.check(read, as_of("2026-02-02"))
    # Then the check said how far short each category was, and says nothing once all are in
    assert sorted(w.message for w in rules_of(short.warnings, "lap-1", "composition")) == [
        "Local Area Partnership 1 Steering Group has 0 of 5 service-provider seats filled",
        "Local Area Partnership 1 Steering Group has 0 of 6 ward-councillor seats filled",
        "Local Area Partnership 1 Steering Group has 1 of 15 resident seats filled",
    ]
    assert {w.clause for w in rules_of(short.warnings, "lap-1", "composition")} == {
        "LAP Steering Groups"}
    assert rules_of(full.warnings, "lap-1", "composition") == []


def test_daventry_4_1_check_warns_of_a_core_member_with_no_representative(
    new_ledger: NewLedger,
) -> None:
    # Given the Executive with the CCG's seat added but not filled, and the chamber's
    # non-voting seat filled
    ledger = new_ledger(DAVENTRY, since="2026-01-01")
    daventry_people(ledger)
    ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-04-01"))
    ledger.add_seat("executive", "chamber", "chamber", voting=False, on=on("2026-04-01"))
    ledger.fill_seat("executive", "chamber", "mary", on("2026-04-01"))
    read = ReadStore(ledger)
    unfilled = warnings.check(read, as_of("2026-04-02"))
    # When the CCG's seat is filled
    ledger.fill_seat("executive", "ccg", "sue", on("2026-04-02"))
    filled = warnings.check(read, as_of("2026-04-02"))
    # Then every core member was warned of before, and all but the CCG still are
    def orgs(report: Any) -> set[str]:
        # "core member 'nene-ccg' has...", or by name where the org is in the ledger:
        # "core member Nene Clinical Commissioning Group (nene-ccg) has..."
        return {re.findall(r"[('](" + "[a-z0-9-]+" + r")[)'] has no representative",
                           w.message)[0]
                for w in rules_of(report.warnings, "executive", "entitlement")}

    assert orgs(unfilled) == set(CORE.values())
    assert orgs(filled) == set(CORE.values()) - {"nene-ccg"}
    [ccg] = [w for w in rules_of(unfilled.warnings, "executive", "entitlement")
             if "(nene-ccg)" in w.message]
    assert ccg.clause == "4.1, 4.2"
    assert ccg.message == "core member Nene Ccg (nene-ccg) has no representative on LSP Executive"
