"""The arithmetic of a decision between meetings, as properties over generated terms.

`rules.agreement` is a pure function of a body's terms, the number of seats agreeing (the
proposer's and the approvers', each once) and whether the chair, in person, is one of
them. Hypothesis tries it on any rule a terms file can state: the chair plus N other
members, M members without the chair, both routes, or no between_meetings section at all
(the document is silent). Each property is what Daventry 4.6 says ("the LSP chair with the
approval of one other board member, or three board members in the absence of the LSP
chair"), for every N and M.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ledger import rules
from ledger.terms import BetweenMeetings, Body, read_terms_file
from tests.conftest import EXAMPLES

PROPERTY = settings(max_examples=300, deadline=None)

CLAUSE = "4.6"


def body_with(between: BetweenMeetings | None) -> Body:
    return Body(name="Test Board", clause="4", between_meetings=between)


@st.composite
def between_meetings(draw: st.DrawFn) -> BetweenMeetings:
    """A rule with the chair-plus route, the without-chair route, or both."""
    chair_plus = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=12)))
    without_chair = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=15)))
    assume(chair_plus is not None or without_chair is not None)
    return BetweenMeetings(chair_plus=chair_plus, without_chair=without_chair, clause=CLAUSE)


rules_given = st.builds(body_with, between_meetings())
agreeing_seats = st.integers(min_value=1, max_value=30)  # the proposer's seat at least


def others(agreeing: int, chair_in: bool) -> int:
    """Members agreeing other than the chair."""
    return agreeing - 1 if chair_in else agreeing


def expected_taken(body: Body, agreeing: int, chair_in: bool) -> bool:
    b = body.between_meetings
    assert b is not None
    n = others(agreeing, chair_in)
    by_chair = chair_in and b.chair_plus is not None and n >= b.chair_plus
    without = b.without_chair is not None and n >= b.without_chair
    return by_chair or without


# ---------------------------------------------------------------------------- properties


@PROPERTY
@given(rules_given, agreeing_seats, st.booleans())
def test_daventry_4_6_taken_iff_the_chair_and_n_others_or_m_members_agree(
    body: Body, agreeing: int, chair_in: bool
) -> None:
    # when
    result = rules.agreement(body, agreeing, chair_in)

    # then
    assert result.taken == expected_taken(body, agreeing, chair_in)
    assert (result.route is not None) == result.taken
    assert result.route in (None, "chair-plus", "without-chair")
    assert (result.members, result.chair_in, result.clause) == (agreeing, chair_in, CLAUSE)
    assert f"clause {CLAUSE}" in result.reason


@PROPERTY
@given(rules_given, agreeing_seats, st.booleans())
def test_daventry_4_6_the_route_is_one_the_agreement_satisfies(
    body: Body, agreeing: int, chair_in: bool
) -> None:
    # given
    b = body.between_meetings
    assert b is not None
    n = others(agreeing, chair_in)

    # when
    result = rules.agreement(body, agreeing, chair_in)

    # then: chair-plus only with the chair in person; each route only when it is met
    if result.route == "chair-plus":
        assert chair_in and b.chair_plus is not None and n >= b.chair_plus
    if result.route == "without-chair":
        assert b.without_chair is not None and n >= b.without_chair
    # the chair's own route is named whenever the chair agreed and it is met
    if chair_in and b.chair_plus is not None and n >= b.chair_plus:
        assert result.route == "chair-plus"


@PROPERTY
@given(rules_given, agreeing_seats, st.booleans())
def test_daventry_4_6_another_member_agreeing_never_untakes_a_decision(
    body: Body, agreeing: int, chair_in: bool
) -> None:
    # when
    before = rules.agreement(body, agreeing, chair_in)
    after = rules.agreement(body, agreeing + 1, chair_in)

    # then
    if before.taken:
        assert after.taken


@PROPERTY
@given(rules_given, agreeing_seats)
def test_daventry_4_6_the_chair_joining_never_untakes_a_decision(
    body: Body, agreeing: int
) -> None:
    # when: the same members, then the chair as well
    without = rules.agreement(body, agreeing, False)
    with_chair = rules.agreement(body, agreeing + 1, True)

    # then
    if without.taken:
        assert with_chair.taken
    assert with_chair.members == agreeing + 1 and with_chair.chair_in


@PROPERTY
@given(rules_given, st.lists(st.booleans(), min_size=1, max_size=30))
def test_daventry_4_6_once_taken_every_later_approval_keeps_it_taken(
    body: Body, chair_at: list[bool]
) -> None:
    """Seats agree one after another (True where the seat is the chair's, the first
    such only); once the agreement is enough it stays enough."""
    # given
    chair_seen = False
    history = []
    for n, is_chair in enumerate(chair_at, start=1):
        chair_seen = chair_seen or is_chair
        history.append(rules.agreement(body, n, chair_seen).taken)

    # then: a run of False, then a run of True
    first = history.index(True) if True in history else len(history)
    assert history == [False] * first + [True] * (len(history) - first)


@PROPERTY
@given(agreeing_seats, st.booleans())
def test_terms_silent_on_decisions_between_meetings_never_take_one(
    agreeing: int, chair_in: bool
) -> None:
    # given
    body = body_with(None)

    # when
    result = rules.agreement(body, agreeing, chair_in)

    # then
    assert (result.taken, result.route, result.clause) == (False, None, "4")
    assert "make no provision for decisions between meetings" in result.reason


@PROPERTY
@given(st.integers(min_value=0, max_value=12), agreeing_seats)
def test_a_chair_plus_rule_alone_needs_the_chair(chair_plus: int, agreeing: int) -> None:
    # given: the document gives only the chair's route
    body = body_with(BetweenMeetings(chair_plus=chair_plus, clause=CLAUSE))

    # when
    without = rules.agreement(body, agreeing, False)
    with_chair = rules.agreement(body, agreeing, True)

    # then
    assert not without.taken
    assert with_chair.taken == (agreeing - 1 >= chair_plus)


# ---------------------------------------------------------------------------- Daventry


@pytest.mark.parametrize(("agreeing", "chair_in", "taken", "route"), [
    (1, True, False, None),  # the chair proposing, no approval yet
    (2, True, True, "chair-plus"),  # the chair and one other member
    (1, False, False, None),  # a member proposing
    (2, False, False, None),  # a member proposing, one other approving
    (3, False, True, "without-chair"),  # three members without the chair
    (3, True, True, "chair-plus"),  # the chair and two others
])
def test_daventry_4_6_the_examples_rule(agreeing: int, chair_in: bool, taken: bool,
                                        route: str | None) -> None:
    # given: the Executive's rule as the Daventry example encodes it
    _, terms = read_terms_file(str(EXAMPLES / "daventry" / "terms.toml"))
    body = terms.body("executive")
    assert body is not None and body.between_meetings is not None
    assert (body.between_meetings.chair_plus, body.between_meetings.without_chair) == (1, 3)

    # when
    result = rules.agreement(body, agreeing, chair_in)

    # then
    assert (result.taken, result.route, result.clause) == (taken, route, "4.6")
