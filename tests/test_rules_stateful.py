"""The net for issue 11: random sequences of user actions on a Daventry-like body, with
the rules' invariants checked after every step.

A hypothesis `RuleBasedStateMachine` drives the `Ledger` application on the Daventry
Executive (examples/daventry/terms.toml: quorum 3, majority of votes cast with the chair's
casting vote, between meetings the chair and one other or three without the chair,
deputies at meetings only) with seat fills, vacancies, deputy nominations, meetings,
attendances (holder or deputy), apologies, interests (with left_room), votes, consensus,
closes, and decisions between meetings proposed, approved and reported. Each step is
dated one day after the last (from February 2026), and a step the ledger refuses
(`LedgerError`) must leave the event count unchanged.

After every step:

- refused steps recorded nothing, and nothing was recorded at a closed meeting (its
  version, and the reports made to it, stand as they were when it closed);
- the read models caught up step by step equal the read models replayed from the whole
  log (`ReadStore.rebuild`): the minutes of every meeting, the decisions pending, the
  roster;
- (known broken, issue 11 items 1 and 2) a person counts once towards any quorum and
  votes at most once per item; a person who left the room on an item neither votes on
  it nor counts in its quorum; a decision between meetings is taken only when distinct
  people's agreements satisfy the rule in force.

The last group is its own test, `xfail(strict=False)` until issue 11 items 1 and 2 are
fixed (in the `ci` profile it does not shrink what it finds); the first two groups must
pass. Minimal sequences that break it today (found by the `long` profile, then checked
by hand):

- item 2: schedule a meeting; p4 declares a prejudicial interest in the item and leaves
  the room; p4 attends in ccg: `quorum(m, item)` still counts p4.
- item 1: p5 (the police member) is nominated ccg's deputy; schedule a meeting; police
  attends; ccg attends by its deputy: p5 sits in two seats and counts twice.

Runs: the `ci` profile (default) tries 8 sequences of up to 25 steps on SQLite, in a
few seconds; `HYPOTHESIS_PROFILE=long` tries 200 sequences of up to 60 steps:

    HYPOTHESIS_PROFILE=long .venv/bin/pytest -q tests/test_rules_stateful.py

The PostgreSQL variant runs the same machine on a fresh schema when
LSP_TEST_POSTGRES_URL is set, and skips without it.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ledger import rules as ledger_rules
from ledger.app import Ledger
from ledger.errors import LedgerError
from projections import decisions, meetings, queries
from projections.catchup import ReadStore
from tests.conftest import (
    POSTGRES_URL,
    drop_postgres_schema,
    event_count,
    on,
    postgres_schema_url,
)
from tests.helpers import example

PROFILES = {
    "ci": settings(max_examples=8, stateful_step_count=25, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow]),
    "long": settings(max_examples=200, stateful_step_count=60, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow]),
}
SETTINGS = PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "ci")
                    if os.environ.get("HYPOTHESIS_PROFILE") in PROFILES else "ci"]

BODY = "executive"
SEATS = ("dc-1", "dc-2", "dc-3", "ccg", "police", "chamber")  # chamber: non-voting
ORGS = {"dc-1": "daventry-dc", "dc-2": "daventry-dc", "dc-3": "daventry-dc",
        "ccg": "nene-ccg", "police": "northants-police", "chamber": "daventry-chamber"}
PEOPLE = ("p1", "p2", "p3", "p4", "p5", "p6", "p7")
CHAIR = "dc-1"
ITEM = "item"
START = on("2026-02-01")

seats = st.sampled_from(SEATS)
people = st.sampled_from(PEOPLE)


class LedgerMachine(RuleBasedStateMachine):
    """The Daventry Executive under random use; `store_kind` says which store."""

    store_kind = "sqlite"
    check_known_broken = False  # the invariants issue 11 items 1 and 2 break

    def __init__(self) -> None:
        super().__init__()
        self._cleanup: list[Callable[[], None]] = []
        if self.store_kind == "sqlite":
            folder = tempfile.TemporaryDirectory()
            self._cleanup.append(folder.cleanup)
            store = os.path.join(folder.name, "ledger.sqlite")
        else:
            schema = f"lsp_test_{uuid.uuid4().hex[:12]}"
            self._cleanup.append(lambda: drop_postgres_schema(schema))
            store = postgres_schema_url(schema)
        self.ledger = Ledger(store, "secretariat", create=True)
        self.ledger.init("Daventry", example("daventry"), on("2026-01-01"))
        self.read = ReadStore(self.ledger)
        self.day = 0
        self.meetings: list[str] = []
        self.decisions: list[str] = []
        self.closed: dict[str, int] = {}  # meeting -> its version when it closed
        self.violations: list[str] = []  # what a step did that the rules forbid

    @initialize()
    def seat_the_body(self) -> None:
        for org in sorted(set(ORGS.values())):
            self.ledger.add_org(org, org.title())
        for person in PEOPLE:
            self.ledger.add_person(person, person.upper())
        for seat, person in zip(SEATS, PEOPLE, strict=False):
            self.ledger.add_seat(BODY, seat, ORGS[seat], voting=seat != "chamber", on=START)
            self.ledger.fill_seat(BODY, seat, person, START)
        self.ledger.assign_role(BODY, "chair", CHAIR, START)

    def teardown(self) -> None:
        self.ledger.close()
        for clean in reversed(self._cleanup):
            clean()

    # ------------------------------------------------------------------ stepping

    def today(self) -> Any:
        return START + timedelta(days=self.day)

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run one user action; a refusal must record nothing. Whether it was done."""
        before = event_count(self.ledger)
        try:
            action()
        except LedgerError:
            assert event_count(self.ledger) == before, "a refused step recorded something"
            return False
        return True

    def meeting(self) -> str | None:
        return self.meetings[-1] if self.meetings else None

    # ------------------------------------------------------------------ membership

    @rule()
    def a_day_passes(self) -> None:
        self.day += 1

    @rule(seat=seats, person=people)
    def fill(self, seat: str, person: str) -> None:
        self.attempt(lambda: self.ledger.fill_seat(BODY, seat, person, self.today()))

    @rule(seat=seats)
    def vacate(self, seat: str) -> None:
        self.attempt(lambda: self.ledger.vacate_seat(BODY, seat, self.today()))

    @rule(seat=seats, person=people)
    def nominate_deputy(self, seat: str, person: str) -> None:
        self.attempt(lambda: self.ledger.nominate_deputy(BODY, seat, person, self.today()))

    # ------------------------------------------------------------------ meetings

    @rule()
    def schedule(self) -> None:
        slug = f"m-{len(self.meetings) + 1}"
        if self.attempt(lambda: self.ledger.schedule_meeting(BODY, slug, self.today())):
            self.meetings.append(slug)
            self.ledger.add_agenda_item(slug, ITEM, "The item")

    def at_meeting(self, action: Callable[[str], object]) -> None:
        m = self.meeting()
        if m is None:
            return
        was_closed = m in self.closed
        if self.attempt(lambda: action(m)) and was_closed:
            self.violations.append(f"recorded at closed meeting {m}")

    @rule(seat=seats, deputy=st.booleans())
    def attend(self, seat: str, deputy: bool) -> None:
        self.at_meeting(lambda m: self.ledger.attend(m, seat, as_deputy=deputy))

    @rule(seat=seats)
    def apologies(self, seat: str) -> None:
        self.at_meeting(lambda m: self.ledger.send_apologies(m, seat))

    @rule(person=people, nature=st.sampled_from(("personal", "prejudicial")),
          left_room=st.booleans())
    def declare(self, person: str, nature: str, left_room: bool) -> None:
        self.at_meeting(lambda m: self.ledger.declare_interest(m, ITEM, person, nature,
                                                               "", left_room))

    @rule(seat=seats, choice=st.sampled_from(ledger_rules.CHOICES))
    def vote(self, seat: str, choice: str) -> None:
        m = self.meeting()
        if m is not None:
            state = self.ledger.meeting_state(m).state
            sat = state.present.get(seat)
            left = {i["person"] for i in state.interests
                    if i["item"] == ITEM and i.get("left_room")}
            if self.attempt(lambda: self.ledger.cast_vote(m, ITEM, seat, choice)):
                if m in self.closed:
                    self.violations.append(f"vote recorded at closed meeting {m}")
                if sat and sat["person"] in left:
                    self.violations.append(f"{sat['person']} left the room and voted on "
                                           f"{m}")

    @rule(casting=st.sampled_from((None, "for", "against")))
    def close_vote(self, casting: str | None) -> None:
        self.at_meeting(lambda m: self.ledger.close_vote(m, ITEM, casting))

    @rule()
    def consensus(self) -> None:
        self.at_meeting(lambda m: self.ledger.decide_by_consensus(m, ITEM, "Agreed"))

    @rule()
    def close(self) -> None:
        m = self.meeting()
        if m is not None and self.attempt(lambda: self.ledger.close_meeting(m)):
            if m in self.closed:
                self.violations.append(f"meeting {m} closed twice")
            self.closed.setdefault(m, self.ledger.meeting_state(m).version)

    # ------------------------------------------------------------------ between meetings

    @rule(seat=seats, deputy=st.booleans())
    def propose(self, seat: str, deputy: bool) -> None:
        slug = f"d-{len(self.decisions) + 1}"
        if self.attempt(lambda: self.ledger.propose_decision(
                BODY, slug, "A decision", seat, as_deputy=deputy, on=self.today())):
            self.decisions.append(slug)

    @rule(seat=seats, deputy=st.booleans())
    def approve(self, seat: str, deputy: bool) -> None:
        if self.decisions:
            d = self.decisions[-1]
            self.attempt(lambda: self.ledger.approve_decision(d, seat, as_deputy=deputy,
                                                              on=self.today()))

    @rule(outcome=st.sampled_from(("ratified", "noted", "rescinded")))
    def report(self, outcome: str) -> None:
        if self.decisions:
            d = self.decisions[-1]
            self.at_meeting(lambda m: self.ledger.report_decision(d, m, outcome))

    # ------------------------------------------------------------------ invariants

    @invariant()
    def nothing_recorded_at_a_closed_meeting(self) -> None:
        assert not [v for v in self.violations if "closed" in v], self.violations
        for m, version in self.closed.items():
            assert self.ledger.meeting_state(m).version == version, f"{m} changed after close"

    @invariant()
    def replayed_read_models_equal_the_live_ones(self) -> None:
        self.read.catch_up()
        live = self.views()
        self.read.rebuild()
        assert self.views() == live

    def views(self) -> dict[str, Any]:
        return {
            "minutes": [meetings.minutes(self.read, m).model_dump(exclude={"position"})
                        for m in self.meetings],
            "pending": decisions.pending(self.read, BODY).model_dump(exclude={"position"}),
            "roster": queries.roster(self.read, BODY, self.today()).model_dump(),
        }

    @invariant()
    def a_person_counts_once_and_votes_once(self) -> None:
        if not self.check_known_broken:
            return
        for m in self.meetings:
            state = self.ledger.meeting_state(m).state
            sitting = [p["person"] for p in state.present.values()]
            assert len(sitting) == len(set(sitting)), f"{m}: one person in two seats"
            voters = [v["person"] for v in state.item(ITEM).votes.values()]
            assert len(voters) == len(set(voters)), f"{m}: one person voted twice"
            people_present = self.present_voting_people(m)
            left = {i["person"] for i in state.interests
                    if i["item"] == ITEM and i.get("left_room")}
            assert self.ledger.quorum(m).present_voting <= len(people_present)
            assert self.ledger.quorum(m, ITEM).present_voting <= len(people_present - left), (
                f"{m}: someone who left the room counts in the item's quorum")

    def present_voting_people(self, m: str) -> set[str]:
        meeting = self.ledger.meeting_state(m)
        roster = self.ledger.roster(BODY, meeting.when)
        voting = {s.seat for s in roster.voting_seats}
        return {p["person"] for seat, p in meeting.state.present.items() if seat in voting}

    @invariant()
    def an_excluded_person_does_not_vote(self) -> None:
        if self.check_known_broken:
            assert not [v for v in self.violations if "left the room" in v], self.violations

    @invariant()
    def a_decision_is_taken_by_distinct_people(self) -> None:
        if not self.check_known_broken:
            return
        for slug in self.decisions:
            d = self.ledger.decision_state(slug)
            if d.status == "proposed" or d.taken_on is None:
                continue
            terms = self.ledger.terms_at(d.taken_on).terms.body(BODY)
            assert terms is not None
            agreeing = d.agreeing
            persons = {a.person for a in agreeing}
            chair_in = any(a.seat == CHAIR and not a.as_deputy for a in agreeing)
            verdict = ledger_rules.agreement(terms, len(persons), chair_in)
            assert verdict.taken, f"{slug} taken with {len(persons)} people: {agreeing}"


LedgerMachine.TestCase.settings = SETTINGS
test_the_rules_hold_on_sqlite = LedgerMachine.TestCase


class KnownBrokenMachine(LedgerMachine):
    check_known_broken = True


# Until the fixes, this machine fails often: in CI it does not spend minutes shrinking.
KnownBrokenMachine.TestCase.settings = settings(
    SETTINGS, phases=[Phase.explicit, Phase.reuse, Phase.generate]
    if SETTINGS is PROFILES["ci"] else list(Phase))
test_one_person_once_and_exclusions_on_sqlite = pytest.mark.xfail(
    strict=False, reason="issue 11 items 1 and 2: one person sits in two seats (counts and "
    "votes twice); a person who left the room votes and counts")(KnownBrokenMachine.TestCase)


class PostgresMachine(LedgerMachine):
    store_kind = "postgresql"


PostgresMachine.TestCase.settings = SETTINGS
test_the_rules_hold_on_postgresql = pytest.mark.postgres(pytest.mark.skipif(
    not POSTGRES_URL, reason="LSP_TEST_POSTGRES_URL is not set")(PostgresMachine.TestCase))
