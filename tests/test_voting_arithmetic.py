"""The arithmetic of votes and quorums, as properties over generated tallies and terms.

`rules.outcome` and `rules.quorum` are pure functions of the terms of a body and a few
counts, so hypothesis can try them on any tally: a quorum of a number of members or of a
fraction of the voting seats, a casting vote for the chair or none, and no voting rule at
all. Each property is what clause 4.3 (majority of votes cast, abstentions not counted, a
tie falls unless the chair has a casting vote) or the quorum rule says, for every case.
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger import rules
from ledger.terms import Body, Quorum, Voting

PROPERTY = settings(max_examples=300, deadline=None)

counts = st.integers(min_value=0, max_value=60)
castings = st.sampled_from([None, "for", "against"])


def body_with(quorum: Quorum | None = None, voting: Voting | None = None) -> Body:
    return Body(name="Test Board", clause="1", quorum=quorum, voting=voting)


members_quorums = st.builds(lambda n: Quorum(members=n, clause="5.1"),
                            st.integers(min_value=1, max_value=40))


@st.composite
def fraction_quorums(draw: st.DrawFn) -> Quorum:
    denominator = draw(st.integers(min_value=1, max_value=12))
    numerator = draw(st.integers(min_value=1, max_value=denominator))
    return Quorum(fraction=f"{numerator}/{denominator}", clause="5.1")


quorums = st.one_of(members_quorums, fraction_quorums())
votings = st.one_of(
    st.none(),
    st.builds(lambda casting: Voting(casting_vote=casting, clause="4.3"),
              st.sampled_from(["chair", "none"])),
)
bodies = st.builds(body_with, st.one_of(st.none(), quorums), votings)


@st.composite
def attendance(draw: st.DrawFn) -> tuple[int, int, int]:
    """(voting seats, voting seats present, of those excluded from the item)."""
    seats = draw(st.integers(min_value=1, max_value=60))
    present = draw(st.integers(min_value=0, max_value=seats))
    excluded = draw(st.integers(min_value=0, max_value=present))
    return seats, present, excluded


# ---------------------------------------------------------------------------- outcome


@PROPERTY
@given(bodies, counts, counts, counts, castings)
def test_daventry_4_3_outcome_is_the_majority_of_votes_cast_for_any_tally(
    body: Body, votes_for: int, votes_against: int, abstentions: int, casting: str | None
) -> None:
    # given
    chair_decides = body.voting is not None and body.voting.casting_vote == "chair"

    # when
    result = rules.outcome(body, votes_for, votes_against, abstentions, casting)

    # then
    if votes_for > votes_against:
        expected = "carried"
    elif votes_against > votes_for:
        expected = "lost"
    elif casting is not None and chair_decides:
        expected = "carried" if casting == "for" else "lost"
    else:
        expected = "tied"
    assert result.result == expected
    assert (result.votes_for, result.votes_against, result.abstentions) == (
        votes_for, votes_against, abstentions)
    tie_broken = votes_for == votes_against and casting is not None and chair_decides
    assert result.casting == (casting if tie_broken else None)
    assert result.clause == ("4.3" if body.voting else rules.LEDGER)
    assert result.reason.startswith(
        f"{votes_for} for, {votes_against} against, {abstentions} abstaining: ")


@PROPERTY
@given(bodies, counts, counts, counts, castings)
def test_daventry_4_3_casting_vote_never_changes_a_result_that_is_not_a_tie(
    body: Body, votes_for: int, votes_against: int, abstentions: int, casting: str | None
) -> None:
    # given
    if votes_for == votes_against:
        votes_against += 1

    # when
    without = rules.outcome(body, votes_for, votes_against, abstentions)
    with_casting = rules.outcome(body, votes_for, votes_against, abstentions, casting)

    # then
    assert with_casting == without
    assert with_casting.casting is None


@PROPERTY
@given(bodies, counts, counts, counts, castings)
def test_daventry_4_3_abstentions_never_change_the_result(
    body: Body, votes_for: int, votes_against: int, abstentions: int, casting: str | None
) -> None:
    # when
    none = rules.outcome(body, votes_for, votes_against, 0, casting)
    some = rules.outcome(body, votes_for, votes_against, abstentions, casting)

    # then
    assert (some.result, some.casting, some.clause) == (none.result, none.casting, none.clause)


@PROPERTY
@given(counts, counts, castings)
def test_a_tie_falls_where_the_terms_give_no_casting_vote(
    votes: int, abstentions: int, casting: str | None
) -> None:
    # given
    no_casting = body_with(voting=Voting(casting_vote="none", clause="4.3"))
    no_rule = body_with()

    # when
    results = [rules.outcome(b, votes, votes, abstentions, casting) for b in (no_casting, no_rule)]

    # then
    assert [(r.result, r.casting) for r in results] == [("tied", None), ("tied", None)]
    assert all(r.reason.endswith("a tie with no casting vote, so the motion falls")
               for r in results)


# ---------------------------------------------------------------------------- quorum


@PROPERTY
@given(st.one_of(st.none(), quorums), attendance())
def test_quorum_counts_voting_seats_present_less_exclusions_against_the_rule(
    quorum: Quorum | None, seats_present_excluded: tuple[int, int, int]
) -> None:
    # given
    seats, present, excluded = seats_present_excluded
    body = body_with(quorum=quorum)

    # when
    count = rules.quorum(body, seats, present, excluded)

    # then
    assert (count.present_voting, count.excluded) == (present - excluded, excluded)
    if quorum is None:
        # the terms are silent: at least one voting member must count (issue 11 item 3)
        assert (count.quorate, count.required, count.clause) == (
            present - excluded >= 1, None, rules.LEDGER)
        assert "the terms of Test Board set no quorum" in count.reason
    else:
        assert count.required == quorum.required(seats)
        assert count.quorate == (present - excluded >= count.required)
        assert count.clause == "5.1"
        assert f"clause 5.1 requires {count.required}" in count.reason
    assert rules.quorate(count).allowed == count.quorate


@PROPERTY
@given(quorums, attendance())
def test_exclusions_never_increase_the_count_nor_make_an_inquorate_meeting_quorate(
    quorum: Quorum, seats_present_excluded: tuple[int, int, int]
) -> None:
    # given
    seats, present, excluded = seats_present_excluded
    body = body_with(quorum=quorum)

    # when
    whole = rules.quorum(body, seats, present)
    item = rules.quorum(body, seats, present, excluded)

    # then
    assert item.present_voting <= whole.present_voting
    assert item.required == whole.required
    if not whole.quorate:
        assert not item.quorate
    if excluded == 0:
        assert item == whole


@PROPERTY
@given(quorums, attendance(), st.integers(min_value=0, max_value=60))
def test_quorum_count_is_monotone_in_the_number_present(
    quorum: Quorum, seats_present_excluded: tuple[int, int, int], more: int
) -> None:
    # given: `more` voting seats arrive (no more than the body has)
    seats, present, excluded = seats_present_excluded
    arrived = min(present + more, seats)
    body = body_with(quorum=quorum)

    # when
    before = rules.quorum(body, seats, present, excluded)
    after = rules.quorum(body, seats, arrived, excluded)

    # then
    assert after.present_voting >= before.present_voting
    assert after.present_voting - before.present_voting == arrived - present
    if before.quorate:
        assert after.quorate


@PROPERTY
@given(fraction_quorums(), st.integers(min_value=1, max_value=200))
def test_a_fraction_quorum_requires_the_ceiling_of_its_share_of_the_voting_seats(
    quorum: Quorum, seats: int
) -> None:
    # when
    count = rules.quorum(body_with(quorum=quorum), seats, 0)

    # then
    share = Fraction(quorum.fraction or "") * seats
    assert count.required == math.ceil(share)
    assert count.required - 1 < share <= count.required
    assert f"({quorum.fraction} of {seats} voting seats, rounded up)" in count.reason


@PROPERTY
@given(members_quorums, st.integers(min_value=1, max_value=200))
def test_a_members_quorum_requires_that_many_whatever_the_size_of_the_body(
    quorum: Quorum, seats: int
) -> None:
    # when
    count = rules.quorum(body_with(quorum=quorum), seats, min(seats, quorum.members or 0))

    # then
    assert count.required == quorum.members
    assert count.quorate == (seats >= (quorum.members or 0))
    assert "rounded up" not in count.reason
