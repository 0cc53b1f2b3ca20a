"""One fold of a decision's facts, on both sides (`ledger.decision.fold_decision`).

The `Decision` aggregate keeps its state by applying each event it records or replays as a
plain fact (`ledger.decision.evolve`); the read model (projections/decisions.py) folds
the same facts, decoded from `lsp_events`, with `fold_decision`. These tests hold the two
to one answer:

- over random sequences of commands through the `Ledger` (proposals, approvals in person
  or by deputy, interests, withdrawals, lapses, reports; many of them refused by the rules
  or the life cycle), the state the aggregate held in memory after its last command, the
  state it is reloaded with, the state at every version and the fold of what the read
  model decoded are equal;
- `decision show` and `decision pending` say what the aggregate says: the status, who
  agreed and when, the date taken and the evidence, the interests, how it ended;
- the fold itself: facts in the order recorded, nothing before a proposal.

The ledger is the Daventry Executive of tests/test_decision_rules.py, with a second terms
version from 10 March under which a deputy may agree between meetings, a prejudicial
interest excludes, and the chair needs two others; one meeting closed before the
decisions, four open after. Every example is a new decision on that ledger.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from random import Random
from typing import Any

import pytest
from freezegun import freeze_time
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ledger.app import Ledger
from ledger.decision import Decision, DecisionState, evolve, fold_decision
from ledger.errors import LedgerError, NotFound
from ledger.events import Fact, entity_id
from ledger.when import show as shown
from projections.catchup import ReadStore
from projections.decision_models import DecisionView
from projections.decisions import pending, show
from projections.reader import Reader
from tests.conftest import on
from tests.helpers import LiveLedger
from tests.stories import (
    AFTER_THE_STORY,
    DAVENTRY_TERMS,
    daventry,
    daventry_story,
    daventry_text,
    report_in_december,
)

NOW = "2026-04-30 12:00:00"
PROPERTY = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

FIRST_DAY = on("2026-03-01")
CLOSED = "exec-0"  # held and closed before any decision: nothing is reported to it
MEETINGS = {CLOSED: "2026-03-05T18:30", "exec-1": "2026-03-12T18:30",
            "exec-2": "2026-03-19T18:30", "exec-3": "2026-03-26T18:30",
            "exec-4": "2026-04-02T18:30"}
# The filled voting seats (dc-1 the chair's; ccg's with frank its deputy), then a vacant
# voting seat and a non-voting one.
FILLED = ("dc-1", "dc-2", "dc-3", "ccg", "police")
UNFIT = ("acre", "chamber")
PEOPLE = ("alice", "bob", "carol", "dan", "erin", "frank", "gina")
REASONS = ("", "The bid was withdrawn by the funder", "  The Executive met first  ")

Slugs = Iterator[str]


# ---------------------------------------------------------------------------- the ledger


def second_version() -> str:
    """Daventry's terms, amended: deputies agree between meetings, a prejudicial interest
    excludes (6.4a), and the chair needs two others (so the route depends on the date)."""
    text = (daventry_text()
            .replace("between_meetings = false\n", "between_meetings = true\n")
            .replace('prejudicial_excludes = false\nclause = "6.4"',
                     'prejudicial_excludes = true\nclause = "6.4a"')
            .replace("chair_plus = 1\n", "chair_plus = 2\n"))
    assert text.count("= true\n") > daventry_text().count("= true\n")
    assert 'clause = "6.4a"' in text and "chair_plus = 2\n" in text
    return text


@pytest.fixture
def ledger(store: str, write_terms: Callable[[str], str]) -> Iterator[LiveLedger]:
    """The Daventry Executive on a fresh store, its terms amended from 10 March, with one
    closed meeting and four open, quorate ones; a LiveLedger, so the aggregate as it
    stood in memory after each command can be compared with what was stored."""
    def make(terms_file: str) -> LiveLedger:
        live = LiveLedger(store, "secretariat", create=True)
        live.init("Test Partnership", terms_file, on("2026-01-01"))
        return live

    with freeze_time(NOW):
        found = daventry(make)
        assert isinstance(found, LiveLedger)
        found.adopt_terms(write_terms(second_version()), on("2026-03-10"))
        for meeting, when in MEETINGS.items():
            found.schedule_meeting("executive", meeting, on(when))
            for seat in ("dc-1", "dc-2", "dc-3"):
                found.attend(meeting, seat)
        found.close_meeting(CLOSED)
    yield found


@pytest.fixture
def slugs() -> Slugs:
    """A new decision's slug for each example (they share one ledger)."""
    return (f"d-{n}" for n in itertools.count(1))


# ---------------------------------------------------------------------------- commands

# Most commands name a filled voting seat, a few the vacant or the non-voting one, and a
# few a deputy. A command's time is an offset from the proposal's: a day before it (refused),
# the same day or up to nine days after, at midnight or during the day.
seats = st.sampled_from(FILLED * 3 + UNFIT)
as_deputy = st.sampled_from((False,) * 5 + (True,))
moments = st.builds(lambda d, h: FIRST_DAY + timedelta(days=d, hours=h),
                    st.integers(0, 20), st.sampled_from((0, 0, 10)))
offsets = st.builds(lambda d, h: timedelta(days=d, hours=h),
                    st.integers(-1, 9), st.sampled_from((0, 0, 10)))
reasons = st.sampled_from(REASONS[1:] * 3 + REASONS[:1])
OTHERS = ("interest", "report", "report")
ENDS = (None, None, None, "withdraw", "lapse")  # a proposal withdrawn or lapsed, or neither


def command(kind: str) -> st.SearchStrategy[tuple[Any, ...]]:
    if kind == "approve":
        return st.tuples(st.just(kind), seats, as_deputy, offsets)
    if kind == "interest":
        return st.tuples(st.just(kind), st.sampled_from(PEOPLE),
                         st.sampled_from(("personal", "prejudicial")), offsets)
    if kind == "report":
        later_more_often = (*sorted(MEETINGS), "exec-4")
        return st.tuples(st.just(kind), st.sampled_from(later_more_often),
                         st.sampled_from(("ratified", "noted", "rescinded")), reasons)
    return st.tuples(st.just(kind), reasons, offsets)


proposals = st.tuples(st.sampled_from(FILLED * 6 + UNFIT), st.sampled_from((False,) * 9 + (True,)),
                      moments)


@st.composite
def histories(draw: st.DrawFn) -> tuple[tuple[str, bool, datetime], list[tuple[Any, ...]]]:
    """A proposal, then one to four approvals from different seats, up to four interests
    and reports, and perhaps a withdrawal or a lapse: in that order (as a secretariat
    would record them) or shuffled."""
    proposal = draw(proposals)
    approvals = draw(st.lists(command("approve"), min_size=1, max_size=4,
                              unique_by=lambda step: step[1]))  # each seat once
    others = draw(st.lists(st.sampled_from(OTHERS).flatmap(command), max_size=4))
    end = draw(st.sampled_from(ENDS))
    ending = [draw(command(end))] if end else []
    steps = approvals + others + ending
    return proposal, steps if draw(st.booleans()) else list(draw(st.permutations(steps)))


def run(ledger: Ledger, slug: str, proposal: tuple[str, bool, datetime],
        steps: list[tuple[Any, ...]]) -> int:
    """Propose `slug` and run the steps, each a command the ledger records or refuses (a
    refusal records nothing); returns how many commands were recorded."""
    by, deputy, when = proposal
    attempts: list[Callable[[], object]] = [lambda: ledger.propose_decision(
        "executive", slug, f"Decision {slug}", by, as_deputy=deputy, text="  Do it ",
        reasons="It cannot wait", on=when)]
    for step in steps:
        if step[0] == "approve":
            _, seat, dep, later = step
            attempts.append(lambda s=seat, d=dep, t=when + later: ledger.approve_decision(
                slug, s, as_deputy=d, on=t))
        elif step[0] == "interest":
            _, person, nature, later = step
            attempts.append(lambda p=person, n=nature, t=when + later:
                            ledger.declare_decision_interest(slug, p, n,
                                                             f"  {n} interest of {p} ", t))
        elif step[0] in ("withdraw", "lapse"):
            end = ledger.withdraw_decision if step[0] == "withdraw" else ledger.lapse_decision
            attempts.append(lambda f=end, r=step[1], t=when + step[2]: f(slug, r, t))
        else:
            _, meeting, outcome, reason = step
            attempts.append(lambda m=meeting, o=outcome, r=reason: ledger.report_decision(
                slug, m, o, r))
    recorded = 0
    for attempt in attempts:
        try:
            attempt()
        except LedgerError:
            continue
        recorded += 1
    return recorded


def read_facts(ledger: Ledger, slug: str, as_of: datetime | None = None) -> list[Fact]:
    """The decision's facts as the read model decodes them from `lsp_events`."""
    read = ReadStore(ledger)
    read.catch_up()
    with read.connect() as conn:
        return Reader(conn).facts_of("decision", [slug], as_of)[slug]


# ---------------------------------------------------------------------------- the fold, both sides


@PROPERTY
@given(history=histories())
def test_the_read_model_folds_every_decision_to_the_state_the_aggregate_holds(
        ledger: LiveLedger, slugs: Slugs, history: Any) -> None:
    # Given a new decision, and a random sequence of commands on it
    slug = next(slugs)
    proposal, steps = history
    # When the ledger runs them (recording some, refusing others)
    with freeze_time(NOW):
        recorded = run(ledger, slug, proposal, steps)
    # Then the read model decodes the facts recorded (an approval may record two: Approved
    # and Taken)
    facts = read_facts(ledger, slug)
    assert len(facts) >= recorded
    event(f"{len(facts)} events, ending {facts[-1].kind if facts else 'nowhere'}")
    if not facts:
        with pytest.raises(NotFound):
            ledger.decision_state(slug)
        assert fold_decision(facts) is None
        return
    # and its fold is the state the aggregate held in memory after the last command, the
    # state it is reloaded with, and the state at every version on the way
    live = ledger.live[entity_id("decision", slug)]
    assert isinstance(live, Decision)
    reloaded = ledger.decision_state(slug)
    folded = fold_decision(facts)
    assert folded == reloaded.state == live.state
    assert reloaded.version == len(facts)
    for version in range(1, len(facts)):
        earlier = ledger.repository.get(entity_id("decision", slug), version=version)
        assert isinstance(earlier, Decision)
        assert earlier.state == fold_decision(facts[:version])


@PROPERTY
@given(history=histories())
def test_decision_show_and_pending_say_what_the_aggregate_says(
        ledger: LiveLedger, slugs: Slugs, history: Any) -> None:
    # Given a new decision, and a random sequence of commands on it
    slug = next(slugs)
    proposal, steps = history
    # When the ledger has run them, and the decision is shown and the pending listed
    with freeze_time(NOW):
        run(ledger, slug, proposal, steps)
    try:
        d = ledger.decision_state(slug)
    except NotFound:
        with pytest.raises(NotFound):
            show(ReadStore(ledger), slug)
        return
    view = show(ReadStore(ledger), slug)
    listed = {p.decision for p in pending(ReadStore(ledger), "executive").decisions}
    event(f"{d.status}, {len(d.agreeing)} agreeing, {len(d.interests)} interests")
    # Then the read model says what the aggregate says, field by field
    assert said_by_the_view(view) == said_by_the_aggregate(d)
    # and the decision is pending exactly while the aggregate holds it taken
    assert (slug in listed) == (d.status == "taken")


def said_by_the_aggregate(d: Decision) -> dict[str, Any]:
    """What the aggregate holds, in the terms `decision show` uses (its public attributes,
    and its state for the dates it does not expose)."""
    s = d.state
    chairs = [a["chair"] for a in s.taken_agreeing] if d.evidence else None
    return {
        "decision": d.slug, "body": d.body, "report_to": d.report_to, "title": d.title,
        "text": d.text, "reasons": d.reasons, "alternatives": d.alternatives,
        "urgency": d.urgency, "status": d.status, "terms_version": s.terms_version,
        "proposed_on": shown(d.proposed_on),
        "agreeing": [(a.seat, a.person, a.as_deputy, shown(a.when)) for a in d.agreeing],
        "chairs": chairs,
        "taken_on": shown(d.taken_on) if d.taken_on else None,
        "evidence": d.evidence,
        "interests": [(i["person"], i["nature"], i["note"]) for i in d.interests],
        "declared": [shown(i.when) for i in s.interests],
        "report": ({**d.report, "held": shown(s.reported_on)} if d.report else None),
        "withdrawal": ((s.withdrawal["reason"], shown(s.withdrawal["when"]))
                       if s.withdrawal else None),
    }


def said_by_the_view(v: DecisionView) -> dict[str, Any]:
    agreed = [v.proposer, *v.approvals]
    return {
        "decision": v.decision, "body": v.body, "report_to": v.report_to, "title": v.title,
        "text": v.text, "reasons": v.reasons, "alternatives": v.alternatives,
        "urgency": v.urgency, "status": v.status, "terms_version": v.terms_version,
        "proposed_on": v.proposed_on,
        "agreeing": [(a.seat, a.person, a.as_deputy, a.when) for a in agreed],
        "chairs": [a.chair for a in agreed] if v.evidence else None,
        "taken_on": v.taken_on,
        "evidence": v.evidence.model_dump() if v.evidence else None,
        "interests": [(i.person, i.nature, i.note) for i in v.interests],
        "declared": [i.declared for i in v.interests],
        "report": ({"meeting": v.report.meeting, "outcome": v.report.outcome,
                    "reason": v.report.reason, "held": v.report.held} if v.report else None),
        "withdrawal": ((v.withdrawal.reason, v.withdrawal.withdrawn)
                       if v.withdrawal else None),
    }


@freeze_time(AFTER_THE_STORY, tick=True)
def test_every_decision_of_the_daventry_story_reads_the_same_on_both_sides(
        new_ledger: Callable[..., Ledger]) -> None:
    # Given the Daventry story of tests/test_ratifications.py: decisions taken by the chair
    # and one other and by three members, one with an approval at 10:00, one waiting, one
    # withdrawn, three reported to the December meeting (ratified, rescinded, noted)
    ledger = daventry_story(new_ledger(DAVENTRY_TERMS, "2026-04-01"))
    report_in_december(ledger)
    slugs = ("youth-bus", "grant-top-up", "vc-match-funding", "hub-signage", "car-park",
             "winter-shelter")
    # When each is read from the aggregate, folded from the read model's facts, and shown
    states = {slug: ledger.decision_state(slug) for slug in slugs}
    read = ReadStore(ledger)
    read.catch_up()
    with read.connect() as conn:
        facts = Reader(conn).facts_of("decision", slugs)
    # Then every one agrees on both sides, whatever its end
    assert {slug: d.status for slug, d in states.items()} == {
        "youth-bus": "reported", "grant-top-up": "reported", "vc-match-funding": "reported",
        "hub-signage": "proposed", "car-park": "withdrawn", "winter-shelter": "taken"}
    for slug, d in states.items():
        assert fold_decision(facts[slug]) == d.state
        assert said_by_the_view(show(read, slug)) == said_by_the_aggregate(d)


@freeze_time(AFTER_THE_STORY, tick=True)
def test_the_read_model_as_of_a_date_folds_only_the_facts_effective_by_then(
        new_ledger: Callable[..., Ledger]) -> None:
    # Given the Daventry story: the youth bus proposed on 20 May and taken on 21 May
    ledger = daventry_story(new_ledger(DAVENTRY_TERMS, "2026-04-01"))
    # When its facts are read as of the day before, the evening of the proposal, and now
    before = read_facts(ledger, "youth-bus", on("2026-05-19"))
    proposed = read_facts(ledger, "youth-bus", on("2026-05-20") + timedelta(hours=20))
    now = read_facts(ledger, "youth-bus")
    # Then there was no decision the day before, a proposal that evening, and today the
    # state the aggregate holds
    assert fold_decision(before) is None
    found = fold_decision(proposed)
    assert found is not None
    assert (found.status, [a.seat for a in found.agreeing]) == ("proposed", ["ddc-member-1"])
    assert fold_decision(now) == ledger.decision_state("youth-bus").state


# ---------------------------------------------------------------------------- the fold itself


def fact(version: int, kind: str, day: int, **data: Any) -> Fact:
    when = FIRST_DAY + timedelta(days=day)
    return Fact(entity="grant", version=version, kind=kind, effective=when, recorded=when,
                actor="secretariat", data=data)


PROPOSED = fact(1, "Proposed", 1, slug="grant", body="executive", title="Grant",
                text="Grant", reasons="", alternatives="", urgency="", seat="dc-2",
                person="bob", as_deputy=False, report_to="executive", terms_version=1)
APPROVED = fact(2, "Approved", 2, seat="dc-1", person="alice", as_deputy=False)
TAKEN = fact(3, "Taken", 2, route="chair-plus", reason="the chair and one other",
             clause="4.6", terms_version=1,
             agreeing=json.dumps([{"seat": "dc-2", "chair": False},
                                  {"seat": "dc-1", "chair": True}]))
DECLARED = fact(4, "InterestDeclared", 1, person="carol", nature="personal", note="Trustee")
REPORTED = fact(5, "Reported", 20, meeting="exec-1", outcome="ratified", reason="")
HISTORY = (PROPOSED, APPROVED, TAKEN, DECLARED, REPORTED)


def test_the_fold_is_the_facts_applied_one_by_one_in_the_order_recorded() -> None:
    # Given a decision's facts: proposed, approved, taken, an interest, reported
    # When they are folded, in the order recorded and shuffled, and applied step by step
    in_order = fold_decision(HISTORY)
    shuffled = list(HISTORY)
    Random(4).shuffle(shuffled)
    stepped: DecisionState | None = None
    for f in HISTORY:
        stepped = evolve(stepped, f)
    # Then each gives the same state: the version orders the facts, not their arrival
    assert shuffled != list(HISTORY)
    assert in_order is not None and in_order == fold_decision(shuffled) == stepped
    assert (in_order.status, in_order.taken_on, in_order.reported_on) == (
        "reported", TAKEN.effective, REPORTED.effective)
    assert in_order.evidence == {"route": "chair-plus", "reason": "the chair and one other",
                                 "clause": "4.6", "terms_version": 1}
    assert [a["chair"] for a in in_order.taken_agreeing] == [False, True]
    assert (in_order.proposer.seat, [a.seat for a in in_order.approvals]) == ("dc-2", ["dc-1"])
    assert in_order.report == {"meeting": "exec-1", "outcome": "ratified", "reason": ""}


def test_nothing_before_a_proposal_makes_a_decision() -> None:
    # Given facts of a decision without its proposal (as a date before it would give)
    # When they are folded
    # Then there is no decision; and once the proposal comes, the facts after it count
    assert fold_decision([]) is None
    assert fold_decision(HISTORY[1:]) is None
    assert evolve(None, APPROVED) is None
    started = evolve(None, PROPOSED)
    assert started is not None and started.status == "proposed"
    assert evolve(started, APPROVED) is started
    assert [a.seat for a in started.agreeing] == ["dc-2", "dc-1"]


def test_a_withdrawn_or_lapsed_proposal_keeps_its_reason_and_date() -> None:
    # Given a proposal withdrawn on 5 March, and the same proposal lapsed instead
    withdrawn = fact(2, "Withdrawn", 4, reason="The funder closed the scheme")
    lapsed = replace(withdrawn, kind="Lapsed")
    # When each history is folded
    w = fold_decision([PROPOSED, withdrawn])
    lapse = fold_decision([PROPOSED, lapsed])
    # Then each ends as it was closed, with the reason and the date, and was never taken
    assert w is not None and lapse is not None
    assert (w.status, lapse.status) == ("withdrawn", "lapsed")
    assert w.withdrawal == lapse.withdrawal == {"reason": "The funder closed the scheme",
                                                "when": withdrawn.effective}
    assert (w.taken_on, w.evidence, w.report) == (None, None, None)


def test_a_decision_reported_to_no_other_body_is_reported_to_its_own() -> None:
    # Given a proposal that recorded no body to report to
    # When it is folded
    found = fold_decision([replace(PROPOSED, data={**PROPOSED.data, "report_to": ""})])
    # Then it is reported to the body it was proposed for
    assert found is not None and found.report_to == "executive"
