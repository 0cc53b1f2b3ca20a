"""Whose approval a decision between meetings awaits (ledger/awaiting.py): the people a
member's home page and the notifications name, judged by the approval's own checks.

Daventry 4.6 ("decisions can be made by the LSP chair with the approval of one other board
member, or three board members in the absence of the LSP chair") and 3.2 (deputies take no
part between meetings), on the Executive of tests/stories.py: alice (chair, dc-1), bob,
carol, dan (frank his deputy), erin; acre vacant; gina non-voting.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from ledger.app import Ledger
from ledger.awaiting import Approver, awaiting, progress, who_may_agree
from ledger.errors import NotFound
from ledger.terms import read_terms_file
from tests.conftest import on
from tests.helpers import example
from tests.stories import NOW, PROPOSED, NewLedger, daventry, daventry_text

EXECUTIVE = read_terms_file(example("daventry"))[1].body("executive")


def people(ledger: Ledger, decision: str = "grant") -> set[str]:
    return {a.person for a in who_may_agree(ledger, decision)}


@freeze_time(NOW)
def test_daventry_4_6_given_the_chair_proposes_then_every_other_voting_member_may_agree(
        new_ledger: NewLedger) -> None:
    # Given the chair proposes
    ledger = daventry(new_ledger)
    ledger.propose_decision("executive", "grant", "Match funding", "dc-1", on=on(PROPOSED))
    # Then each other voting member in person may agree: not the chair again, not
    # gina (non-voting), not frank (3.2: deputies take no part between meetings)
    assert people(ledger) == {"bob", "carol", "dan", "erin"}
    assert Approver("bob", "dc-2", False) in who_may_agree(ledger, "grant")


@freeze_time(NOW)
def test_daventry_4_6_given_a_decision_taken_then_nobody_is_awaited(
        new_ledger: NewLedger) -> None:
    ledger = daventry(new_ledger)
    ledger.propose_decision("executive", "grant", "Match funding", "dc-1", on=on(PROPOSED))
    ledger.approve_decision("grant", "dc-2", on=on("2026-03-03"))
    assert ledger.decision_state("grant").status == "taken"
    assert who_may_agree(ledger, "grant") == []
    assert awaiting(ledger, "carol", ["grant"]) == []


@freeze_time(NOW)
def test_daventry_6_4_given_a_prejudicial_interest_then_the_member_is_still_awaited(
        new_ledger: NewLedger) -> None:
    # Given Daventry's terms, silent on prejudicial interests excluding (6.4)
    ledger = daventry(new_ledger)
    ledger.propose_decision("executive", "grant", "Match funding", "dc-2", on=on(PROPOSED))
    # When carol declares a prejudicial interest
    ledger.declare_decision_interest("grant", "carol", "prejudicial", on=on(PROPOSED))
    # Then her approval could still count, as the approval itself would be accepted
    assert people(ledger) == {"alice", "carol", "dan", "erin"}


@freeze_time(NOW)
def test_prejudicial_excludes_given_terms_that_say_so_then_that_member_is_not_awaited(
        new_ledger: NewLedger, tmp_path: Path) -> None:
    # Given terms where a prejudicial interest excludes
    amended = tmp_path / "terms.toml"
    amended.write_text(daventry_text().replace("prejudicial_excludes = false",
                                               "prejudicial_excludes = true", 1))
    ledger = daventry(lambda _terms: new_ledger(str(amended)))
    ledger.propose_decision("executive", "grant", "Match funding", "dc-2", on=on(PROPOSED))
    # When carol declares one
    ledger.declare_decision_interest("grant", "carol", "prejudicial", on=on(PROPOSED))
    # Then she is not among those whose approval could count
    assert people(ledger) == {"alice", "dan", "erin"}


@freeze_time(NOW)
def test_daventry_4_6_given_a_member_proposes_when_carol_looks_then_she_sees_its_progress(
        new_ledger: NewLedger) -> None:
    # Given bob (not the chair) proposes
    ledger = daventry(new_ledger)
    ledger.propose_decision("executive", "grant", "Match funding", "dc-2", on=on(PROPOSED))
    # When carol asks what awaits her approval
    [mine] = awaiting(ledger, "carol", ["grant"])
    # Then she sees it, for her own seat, with the rule and where it stands in words
    assert (mine.decision, mine.body, mine.title) == ("grant", "executive", "Match funding")
    assert mine.approver == Approver("carol", "dc-3", False)
    assert mine.progress == ("needs the chair and one other member or three members "
                             "without the chair: the chair has not agreed, 1 of 1 other; "
                             "1 of 3 without the chair")
    # And hank, who sits on the Forum only, has nothing awaiting him
    assert awaiting(ledger, "hank", ["grant"]) == []


def test_daventry_4_6_progress_when_the_chair_has_agreed_says_so() -> None:
    assert progress(EXECUTIVE, 1, True) == ("needs the chair and one other member or three "
                                            "members without the chair: the chair has "
                                            "agreed, 0 of 1 other")


@given(agreeing=st.integers(min_value=0, max_value=12), chair_in=st.booleans())
def test_progress_counts_the_others_as_the_rule_does(agreeing: int, chair_in: bool) -> None:
    # The arithmetic: the chair is not one of "the others"; the words never go negative.
    if chair_in and agreeing == 0:
        agreeing = 1
    said = progress(EXECUTIVE, agreeing, chair_in)
    others = agreeing - 1 if chair_in else agreeing
    assert f", {others} of 1 other" in said
    assert (f"{others} of 3 without the chair" in said) != chair_in


@freeze_time(NOW)
def test_given_no_such_decision_then_who_may_agree_says_not_found(
        new_ledger: NewLedger) -> None:
    ledger = daventry(new_ledger)
    with pytest.raises(NotFound, match="there is no decision 'nope'"):
        who_may_agree(ledger, "nope")


@freeze_time(NOW)
def test_daventry_4_6_a_member_who_declined_is_no_longer_awaited_but_may_still_approve(
        new_ledger: NewLedger) -> None:
    # Given bob proposes and carol declines
    ledger = daventry(new_ledger)
    ledger.propose_decision("executive", "grant", "Match funding", "dc-2", on=on(PROPOSED))
    ledger.decline_decision("grant", "dc-3", reason="Not from this budget", on=on(PROPOSED))
    # Then it no longer awaits her approval, though her approval could still count
    assert awaiting(ledger, "carol", ["grant"]) == []
    assert "carol" in people(ledger)
    assert [a.decision for a in awaiting(ledger, "dan", ["grant"])] == ["grant"]


@freeze_time(NOW)
def test_awaiting_loads_each_record_once_for_the_whole_list(new_ledger: NewLedger) -> None:
    # Given three decisions proposed on the Executive, one declined by carol
    ledger = daventry(new_ledger)
    for name in ("grant", "minibus", "survey"):
        ledger.propose_decision("executive", name, f"The {name}", "dc-1", on=on(PROPOSED))
    ledger.decline_decision("survey", "dc-3", reason="not for me", on=on(PROPOSED))
    loads: list[object] = []
    get = ledger.repository.get

    def counted(aggregate_id: object, **kwargs: object) -> object:
        loads.append(aggregate_id)
        return get(aggregate_id, **kwargs)

    ledger.repository.get = counted  # type: ignore[method-assign]
    # When carol's home page asks what awaits her
    found = awaiting(ledger, "carol", ["grant", "minibus", "survey"])
    # Then the two she has not declined, each with its progress
    assert [a.decision for a in found] == ["grant", "minibus"]
    assert all(a.progress.startswith("needs the chair and one other member") for a in found)
    # and no record was read from the store twice (a decision was three times before)
    assert loads and len(loads) == len(set(loads))
    # and nothing was recorded
    assert ledger.decision_state("grant").status == "proposed"
