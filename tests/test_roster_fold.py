"""The bitemporal fold of a body's membership facts (`ledger.roster.roster_at`, and the
step-by-step `RosterState` the read models keep).

Properties over random histories of one body, then the awkward cases as plain stories.
The random facts carry exactly the payloads `ledger.body.Body`'s events record, with
versions 1..n in the order they were recorded, as the store gives them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import product
from random import Random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.events import Fact
from ledger.roster import (
    ROLES,
    KeptFold,
    Roster,
    RosterState,
    Seat,
    Timeline,
    fold,
    roster_at,
)
from ledger.when import effective_from

BODY = "executive"
BASE = datetime(2026, 1, 1, tzinfo=UTC)
FAR = datetime(2100, 1, 1, tzinfo=UTC)
# After every random fact takes effect, and before any random fixed term ends (2028-02-29):
# a roster asked then differs from one asked earlier only by the facts in between.
LATER = datetime(2027, 1, 1, tzinfo=UTC)
SEATS = ("s1", "s2", "s3")
PEOPLE = ("p1", "p2", "p3")
ORGS = ("org-a", "org-b")

# The kinds a random fact takes, weighted by repetition: seats are added, filled and given
# deputies more often than anything else, so that most facts name a seat that exists.
KINDS = ("SeatAdded", "SeatAdded", "SeatFilled", "SeatFilled", "DeputyNominated",
         "DeputyNominated", "SeatVacated", "SeatRemoved", "RoleAssigned", "DeputyRevoked",
         "MembershipReviewed")

QUICK = settings(max_examples=200, deadline=None)

# Whole days, so that effective and recorded times often coincide (ties, and the
# "on or before" edges, are where a fold goes wrong).
DAYS_BACKDATED = (0, 0, 0, 0, 1, 3, 10, 30)  # effective this long before it was recorded
DAYS_SINCE_LAST = (0, 0, 1, 2, 3, 7)  # recorded this long after the fact before it
SLOTS = 24  # data variants of each kind in the menu of steps

moments = st.integers(-35, 60).map(lambda d: BASE + timedelta(days=d))
optional_moments = st.none() | moments


def payloads(kind: str, seats: Sequence[str], people: Sequence[str]) -> list[dict[str, Any]]:
    """Every data a fact of `kind` may carry here, shaped as ledger/body.py's event."""
    if kind == "SeatAdded":
        return [{"seat": seat, "org": org, "voting": voting, "co_opted": co_opted,
                 "category": category, "term_years": years}
                for seat, org, voting, co_opted, category, years in product(
                    seats, ORGS, (True, False), (False, True), (None, "resident"), (None, 2))]
    if kind == "SeatFilled":
        return [{"seat": seat, "person": person, "term_ends": ends}
                for seat, person, ends in product(seats, people, (None, "2028-02-29"))]
    if kind == "DeputyNominated":
        return [{"seat": seat, "person": person} for seat, person in product(seats, people)]
    if kind == "RoleAssigned":
        return [{"role": role, "seat": seat} for role, seat in product(ROLES, seats)]
    if kind == "MembershipReviewed":
        return [{"note": ""}, {"note": "annual review"}]
    if kind == "Retracted":
        return [{"reason": "recorded in error"}]  # "version" is chosen among earlier facts
    return [{"seat": seat} for seat in seats]  # SeatVacated, SeatRemoved, DeputyRevoked


def steps(kinds: Sequence[str], seats: Sequence[str],
          people: Sequence[str]) -> list[tuple[str, Any, int, int]]:
    """The menu of (kind, data, days backdated, days since the fact before) a fact is drawn
    from: one draw per fact keeps generation quick. Each kind has SLOTS data variants,
    spread evenly over its payloads, so repetitions in `kinds` are weights (retractions
    weigh as one kind)."""
    variants: list[tuple[str, dict[str, Any]]] = []
    for kind in (*kinds, "Retracted"):
        options = payloads(kind, seats, people)
        variants += [(kind, options[i * len(options) // SLOTS if len(options) > SLOTS
                                     else i % len(options)]) for i in range(SLOTS)]
    menu = [(kind, data, back, gap)
            for (kind, data), back, gap in product(variants, DAYS_BACKDATED, DAYS_SINCE_LAST)]
    Random(0).shuffle(menu)  # hypothesis favours the first entries: mix the kinds
    return menu


def histories(seats: Sequence[str] = SEATS, people: Sequence[str] = PEOPLE,
              kinds: Sequence[str] = KINDS, max_size: int = 14) -> st.SearchStrategy[list[Fact]]:
    """A body's facts: versions 1..n increasing with recorded time, effective times mostly
    the day they were recorded and sometimes backdated.

    Most histories open by adding some of the seats, so that later facts find them. A
    retraction names an earlier fact that is neither a retraction nor already retracted,
    as `Body.retract` requires; its data is {"version", "reason"}, as `Body.Retracted`'s.
    A retraction drawn when there is nothing to retract is left out.
    """
    adding = {seat: st.sampled_from(payloads("SeatAdded", (seat,), people)) for seat in seats}
    step = st.sampled_from(steps(kinds, seats, people))

    @st.composite
    def build(draw: st.DrawFn) -> list[Fact]:
        facts = [Fact(entity=BODY, version=version, kind="SeatAdded", effective=BASE,
                      recorded=BASE, actor="tester", data=draw(adding[seat]))
                 for version, seat in enumerate(
                     draw(st.lists(st.sampled_from(seats), unique=True)), 1)]
        recorded = BASE
        for kind, data, back, gap in draw(st.lists(step, max_size=max_size)):
            recorded += timedelta(days=gap)
            if kind == "Retracted":
                retracted = {f.data["version"] for f in facts if f.kind == "Retracted"}
                live = [f.version for f in facts
                        if f.kind != "Retracted" and f.version not in retracted]
                if not live:
                    continue
                data = {"version": live[draw(st.integers(0, len(live) - 1))], **data}
            facts.append(Fact(entity=BODY, version=len(facts) + 1, kind=kind,
                              effective=recorded - timedelta(days=back), recorded=recorded,
                              actor="tester", data=data))
        return facts

    return build()


def seat_of(roster: Roster, seat_id: str) -> Seat:
    found = roster.seat(seat_id)
    assert found is not None, f"no seat {seat_id!r} in {roster}"
    return found


def content(roster: Roster) -> tuple[object, ...]:
    """What a roster says, without the question asked (as_of, known_at)."""
    return roster.seats, roster.last_review, roster.anomalies


def fact(version: int, kind: str, effective: str, recorded: str,
         data: Mapping[str, Any]) -> Fact:
    return Fact(entity=BODY, version=version, kind=kind, effective=effective_from(effective),
                recorded=effective_from(recorded), actor="secretariat", data=data)


def added(version: int, seat: str, effective: str, recorded: str | None = None) -> Fact:
    return fact(version, "SeatAdded", effective, recorded or effective,
                {"seat": seat, "org": "org-a", "voting": True, "co_opted": False,
                 "category": None, "term_years": None})


def filled(version: int, seat: str, person: str, effective: str,
           recorded: str | None = None) -> Fact:
    return fact(version, "SeatFilled", effective, recorded or effective,
                {"seat": seat, "person": person, "term_ends": None})


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

@QUICK
@given(histories(), moments, optional_moments)
def test_as_of_folds_only_the_facts_effective_on_or_before_that_date(
    facts: list[Fact], as_of: datetime, known_at: datetime | None
) -> None:
    """The roster as of D equals the roster, asked later (after every fact, before any
    fixed term ends: a term ending changes the roster with no fact), of only the facts
    effective on or before D.

    Retractions are kept whatever their effective time: a retraction corrects the record,
    not the world, so it removes its fact at every as-of date once it is known (the fold
    ignores a retraction's effective time).
    """
    by_then = [f for f in facts if f.effective <= as_of or f.kind == "Retracted"]
    assert content(roster_at(BODY, facts, as_of, known_at)) == content(
        roster_at(BODY, by_then, LATER, known_at))


@QUICK
@given(histories(kinds=(*KINDS, "SeatFilled", "SeatFilled")), optional_moments)
def test_a_holder_whose_fixed_term_has_ended_holds_no_seat_until_filled_again(
    facts: list[Fact], known_at: datetime | None
) -> None:
    """As of a date on or after a holder's term ends (issue 11 item 15), the seat has no
    holder and names the person whose term ended; before it, they hold it. Nothing else
    about the seat changes."""
    before, after = roster_at(BODY, facts, LATER, known_at), roster_at(BODY, facts, FAR,
                                                                       known_at)
    assert [s.seat for s in before.seats] == [s.seat for s in after.seats]
    for then, now in zip(before.seats, after.seats, strict=True):
        assert not then.term_ended
        if then.holder is not None and then.term_ends is not None:
            assert (now.holder, now.term_ended_holder, now.term_ended) == (
                None, then.holder, True)
            assert replace(now, holder=then.holder, term_ended_holder=None) == then
        else:
            assert now == then


@QUICK
@given(histories(), moments, moments)
def test_known_at_folds_only_the_facts_recorded_on_or_before_that_time(
    facts: list[Fact], as_of: datetime, known_at: datetime
) -> None:
    """The roster known at T equals the roster of only the facts recorded on or before T."""
    told = [f for f in facts if f.recorded <= known_at]
    assert content(roster_at(BODY, facts, as_of, known_at)) == content(
        roster_at(BODY, told, as_of))


@QUICK
@given(histories(), moments, optional_moments, st.data())
def test_the_order_facts_are_given_in_does_not_change_the_roster(
    facts: list[Fact], as_of: datetime, known_at: datetime | None, data: st.DataObject
) -> None:
    """Shuffling the facts gives the same roster: the fold orders them itself (effective
    time, then version)."""
    shuffled = data.draw(st.permutations(facts))
    assert content(roster_at(BODY, shuffled, as_of, known_at)) == content(
        roster_at(BODY, facts, as_of, known_at))


@QUICK
@given(histories().filter(lambda fs: any(f.kind != "Retracted" for f in fs)), moments,
       moments, st.data())
def test_retracting_a_fact_gives_the_roster_as_if_it_had_never_been_recorded(
    facts: list[Fact], as_of: datetime, effective: datetime, data: st.DataObject
) -> None:
    """Retracting any fact that is not itself a retraction gives, at every as-of date, the
    same roster (seats, last review and anomalies) as the history without that fact; and
    asked before the retraction was recorded, the roster is as it was.

    This needs no condition on the other facts: the fold drops retracted facts before it
    applies anything, so a later fact naming the seat of a retracted SeatAdded is passed
    over as an anomaly exactly as if the seat had never been added. (The ledger refuses
    such a retraction, `Body.retract`, so in a real history the result is also free of
    anomalies.) Retracting a retraction is excluded: the fold counts every known
    retraction, so it would not restore the first fact, and `Body.retract` refuses it.
    """
    target = data.draw(st.sampled_from([f.version for f in facts if f.kind != "Retracted"]))
    last = max(f.recorded for f in facts)
    retraction = Fact(entity=BODY, version=len(facts) + 1, kind="Retracted", effective=effective,
                      recorded=last + timedelta(days=1), actor="tester",
                      data={"version": target, "reason": "recorded in error"})
    corrected = [*facts, retraction]
    never_had = [f for f in facts if f.version != target]

    assert content(roster_at(BODY, corrected, as_of)) == content(
        roster_at(BODY, never_had, as_of))
    assert content(roster_at(BODY, corrected, as_of, known_at=last)) == content(
        roster_at(BODY, facts, as_of))


@QUICK
@given(histories(), moments)
def test_a_state_kept_fact_by_fact_is_the_fold_of_all_the_facts(
    facts: list[Fact], as_of: datetime
) -> None:
    """Applying the facts one at a time in the order they were recorded, and folding again
    from the start whenever one sorts before the state's last (backdated) or is a
    retraction, as projections/rosters.py keeps a body's roster, gives exactly the state of
    folding them all at once, seats in the same order (so a rebuilt read model is the same
    to the byte); and that state answers, for any date on or after its last change, what
    `roster_at` answers.
    """
    kept = RosterState()
    for seen, f in enumerate(facts, 1):
        if kept.accepts(f):
            kept.apply(f)
        else:
            kept = fold(facts[:seen])
    whole = fold(facts)
    assert list(kept.seats.items()) == list(whole.seats.items())
    assert (kept.last_review, kept.anomalies, kept.through) == (
        whole.last_review, whole.anomalies, whole.through)
    if whole.through is None or as_of >= whole.through[0]:
        assert content(whole.roster(BODY, as_of)) == content(roster_at(BODY, facts, as_of))


@QUICK
@given(histories(), moments)
def test_a_bodys_kept_fold_answers_what_roster_at_answers_after_every_fact(
    facts: list[Fact], as_of: datetime
) -> None:
    """Given a body's facts recorded one at a time (as `Body` keeps them in `KeptFold`),
    when its roster is asked after each, for any date (before, at or after the latest
    fact), then it is exactly what folding all the facts so far with `roster_at` gives."""
    kept, so_far = KeptFold(), []
    for f in facts:
        so_far.append(f)
        kept.add(f)
        for moment in (as_of, LATER, max(x.effective for x in so_far)):
            assert kept.roster(BODY, so_far, moment) == roster_at(BODY, so_far, moment)


@given(histories(), st.lists(moments, max_size=12))
def test_a_timeline_answers_what_roster_at_answers_at_every_date_in_any_order(
    facts: list[Fact], dates: list[datetime]
) -> None:
    """Given a body's facts read once into a `Timeline` (as a register reads each
    approval's roster), when rosters are asked at any dates, in any order (forward, back,
    the same twice), then each is exactly what folding all the facts with `roster_at`
    gives for that date."""
    timeline = Timeline(BODY, facts)
    for moment in [*dates, *sorted(dates), LATER]:
        assert timeline.roster(moment) == roster_at(BODY, facts, moment)


def every_roster(facts: list[Fact], known_at: datetime | None) -> list[Roster]:
    """The roster on every date on which one of `facts` takes effect, and far beyond."""
    moments_ = sorted({f.effective for f in facts} | {FAR})
    return [roster_at(BODY, facts, moment, known_at) for moment in moments_]


@QUICK
@given(histories(seats=("s1", "s2"), people=("p1", "p2"),
                 kinds=(*KINDS, *["RoleAssigned"] * 6)),
       optional_moments)
def test_at_most_one_seat_holds_each_role(facts: list[Fact], known_at: datetime | None) -> None:
    """In every roster, each role (chair, vice-chair) is held by at most one seat."""
    for roster in every_roster(facts, known_at):
        for role in ROLES:
            assert sum(1 for s in roster.seats if s.role == role) <= 1, roster


@QUICK
@given(histories(seats=("s1",), people=("p1", "p2"),
                 kinds=(*KINDS, "SeatFilled", "SeatFilled", "DeputyNominated")),
       optional_moments)
def test_a_seats_holder_is_never_also_its_deputy(
    facts: list[Fact], known_at: datetime | None
) -> None:
    """In every roster, no seat has the same person as holder and deputy (a deputy stands
    in for the holder), however the facts were backdated; nor is the person whose fixed
    term in it ended its deputy."""
    for roster in every_roster(facts, known_at):
        for s in roster.seats:
            assert s.holder is None or s.deputy != s.holder, s
            assert s.term_ended_holder is None or s.deputy != s.term_ended_holder, s


# --------------------------------------------------------------------------------------
# The awkward cases
# --------------------------------------------------------------------------------------

def test_a_backdated_fill_recorded_later_counts_from_its_effective_date_once_known() -> None:
    # Given seat ccg added in January, filled by Ann on 1 March (recorded that day), and a
    # fill by Ben with effect from 1 February recorded only on 1 April
    facts = [
        added(1, "ccg", "2026-01-01"),
        filled(2, "ccg", "ann", "2026-03-01"),
        filled(3, "ccg", "ben", "2026-02-01", recorded="2026-04-01"),
    ]
    # When the roster of mid-February is asked as known in mid-March, and as known now,
    # and the roster of mid-March as known now
    feb_known_in_march = roster_at(BODY, facts, effective_from("2026-02-15"),
                                   known_at=effective_from("2026-03-15"))
    feb_known_now = roster_at(BODY, facts, effective_from("2026-02-15"))
    march_known_now = roster_at(BODY, facts, effective_from("2026-03-15"))
    # Then February was vacant as known in March, Ben held it as known now, and Ann's
    # later fill still takes over from 1 March
    assert seat_of(feb_known_in_march, "ccg").holder is None
    assert seat_of(feb_known_now, "ccg").holder == "ben"
    assert seat_of(feb_known_now, "ccg").holder_since == effective_from("2026-02-01")
    assert seat_of(march_known_now, "ccg").holder == "ann"


def test_facts_effective_at_the_same_moment_apply_in_the_order_they_were_recorded() -> None:
    # Given two fills of one seat with the same effective time, recorded one after the other
    facts = [
        added(1, "ccg", "2026-01-01"),
        filled(2, "ccg", "ann", "2026-02-01", recorded="2026-02-01"),
        filled(3, "ccg", "ben", "2026-02-01", recorded="2026-02-02"),
    ]
    # When the roster is folded from the facts given in reverse
    roster = roster_at(BODY, list(reversed(facts)), effective_from("2026-02-01"))
    # Then the later-recorded fill wins
    assert seat_of(roster, "ccg").holder == "ben"


def test_a_fact_naming_a_seat_that_did_not_exist_yet_is_an_anomaly_and_passed_over() -> None:
    # Given a fill of seat ccg effective in January, while the seat was added only in March
    facts = [
        filled(1, "ccg", "ann", "2026-01-10"),
        added(2, "ccg", "2026-03-01"),
    ]
    # When the roster of April is folded
    roster = roster_at(BODY, facts, effective_from("2026-04-01"))
    # Then the seat exists but is vacant, and the fill is reported as passed over
    assert seat_of(roster, "ccg").holder is None
    assert len(roster.anomalies) == 1
    assert "event 1 (SeatFilled" in roster.anomalies[0]
    assert "'ccg', which did not exist then" in roster.anomalies[0]
    assert "passed over" in roster.anomalies[0]


def test_an_anomaly_names_the_effective_date_as_given_in_england() -> None:
    # Given a fill with effect from 1 June (England), before its seat was added
    facts = [filled(1, "ccg", "ann", "2026-06-01"), added(2, "ccg", "2026-07-01")]
    # When the roster of August is folded
    roster = roster_at(BODY, facts, effective_from("2026-08-01"))
    # Then the anomaly says the fill was effective 2026-06-01, the date the user gave
    assert "effective 2026-06-01" in roster.anomalies[0]


def test_a_replacement_holder_who_was_the_deputy_is_no_longer_the_deputy() -> None:
    # Given seat ccg held by Ann with Ben as her deputy
    facts = [
        added(1, "ccg", "2026-01-01"),
        filled(2, "ccg", "ann", "2026-01-01"),
        fact(3, "DeputyNominated", "2026-01-05", "2026-01-05", {"seat": "ccg", "person": "ben"}),
    ]
    # When Ben replaces Ann in the seat
    facts.append(filled(4, "ccg", "ben", "2026-03-01"))
    # Then Ben holds the seat and it has no deputy; before the change Ben was the deputy
    after = seat_of(roster_at(BODY, facts, effective_from("2026-03-02")), "ccg")
    before = seat_of(roster_at(BODY, facts, effective_from("2026-02-28")), "ccg")
    assert (after.holder, after.deputy) == ("ben", None)
    assert (before.holder, before.deputy) == ("ann", "ben")


def test_a_replacement_holder_who_was_not_the_deputy_keeps_the_deputy() -> None:
    # Given seat ccg held by Ann with Ben as her deputy
    facts = [
        added(1, "ccg", "2026-01-01"),
        filled(2, "ccg", "ann", "2026-01-01"),
        fact(3, "DeputyNominated", "2026-01-05", "2026-01-05", {"seat": "ccg", "person": "ben"}),
    ]
    # When Cat replaces Ann in the seat
    facts.append(filled(4, "ccg", "cat", "2026-03-01"))
    # Then Cat holds the seat and Ben is still the deputy
    seat = seat_of(roster_at(BODY, facts, effective_from("2026-03-02")), "ccg")
    assert (seat.holder, seat.deputy) == ("cat", "ben")


def test_a_deputy_nomination_naming_the_holder_by_then_is_an_anomaly_and_passed_over() -> None:
    # Given seat ccg held by Ann, and Ben nominated her deputy with effect from 1 March
    # (allowed: Ben did not hold the seat on 1 March as then known)
    facts = [
        added(1, "ccg", "2026-01-01"),
        filled(2, "ccg", "ann", "2026-01-01"),
        fact(3, "DeputyNominated", "2026-03-01", "2026-02-01", {"seat": "ccg", "person": "ben"}),
    ]
    # When a fill by Ben with effect from 1 February is recorded on 2 February
    facts.append(filled(4, "ccg", "ben", "2026-02-01", recorded="2026-02-02"))
    roster = roster_at(BODY, facts, effective_from("2026-03-02"))
    # Then in March Ben holds the seat and is not also its deputy: the nomination, which
    # by then names the holder, is passed over and reported
    assert (seat_of(roster, "ccg").holder, seat_of(roster, "ccg").deputy) == ("ben", None)
    assert roster.anomalies == ("event 3 (DeputyNominated, effective 2026-03-01) names ben "
                                "deputy of seat 'ccg', which they hold by then; it was "
                                "passed over",)


def test_a_fixed_term_ends_at_the_start_of_its_last_day_and_a_re_appointment_restarts_it(
) -> None:
    # Given seat res-1 filled by Ann on 1 February 2026 for two years
    term = {"seat": "res-1", "person": "ann", "term_ends": "2028-02-01"}
    facts = [added(1, "res-1", "2026-01-01"),
             fact(2, "SeatFilled", "2026-02-01", "2026-02-01", term)]
    # When the roster is asked the day before the term ends, on that day, and after Ann
    # is re-appointed on 10 February 2028 for two more years
    eve = seat_of(roster_at(BODY, facts, effective_from("2028-02-01") - timedelta(seconds=1)),
                  "res-1")
    ended = seat_of(roster_at(BODY, facts, effective_from("2028-02-01")), "res-1")
    facts.append(fact(3, "SeatFilled", "2028-02-10", "2028-02-10",
                      {**term, "term_ends": "2030-02-10"}))
    again = seat_of(roster_at(BODY, facts, effective_from("2028-02-10")), "res-1")
    # Then she holds it until the start of 1 February 2028 (England time), then no one
    # does and the roster names her, and from her re-appointment she holds it again
    assert (eve.holder, eve.term_ended) == ("ann", False)
    assert (ended.holder, ended.term_ended_holder, ended.term_ends) == (
        None, "ann", date(2028, 2, 1))
    assert (again.holder, again.term_ended, again.term_ends) == ("ann", False,
                                                                 date(2030, 2, 10))


SEAT_VALUES = st.fixed_dictionaries({
    "holder": st.sampled_from((None, *PEOPLE)),
    "holder_since": st.sampled_from((None, BASE, LATER)),
    "term_ends": st.sampled_from((None, date(2028, 2, 29))),
    "deputy": st.sampled_from((None, *PEOPLE)),
    "role": st.sampled_from((None, *ROLES)),
    "role_since": st.sampled_from((None, BASE)),
    "term_ended_holder": st.sampled_from((None, *PEOPLE)),
})


@settings(max_examples=200, deadline=None)
@given(before=SEAT_VALUES, changes=SEAT_VALUES.flatmap(
    lambda v: st.sets(st.sampled_from(sorted(v))).map(lambda keys: {k: v[k] for k in keys})))
def test_the_folds_fast_copy_of_a_seat_is_dataclasses_replace(
        before: dict[str, Any], changes: dict[str, Any]) -> None:
    """Given any seat and any change of its mutable fields, when the fold copies it with
    its fast `_changed`, then the copy equals `dataclasses.replace`'s, hash included."""
    from ledger.roster import _changed

    seat = Seat(seat="s1", org="org-a", voting=True, co_opted=False, category=None,
                term_years=None, **before)
    fast, slow = _changed(seat, **changes), replace(seat, **changes)
    assert fast == slow and hash(fast) == hash(slow) and type(fast) is Seat
    assert seat == Seat(seat="s1", org="org-a", voting=True, co_opted=False, category=None,
                        term_years=None, **before)  # the original is untouched
