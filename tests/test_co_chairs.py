"""Co-chairs: Lewisham working groups ("A working group lead partner chairs working group
alongside the relevant Council Cabinet portfolio holder as co-chair") and Tower Hamlets
Community Plan Delivery Groups ("Co-Chaired by a relevant lead member and a lead partner").

The co-chair is a role like the chair's (`roles.co-chair`, `lsp role assign BODY co-chair
SEAT`), held by a seat of the category the terms require. Where a power is the chair's,
co-chairs share it: between meetings either co-chair agreeing in person counts as the
chair (chair_plus), and at a meeting the co-chair gives the casting vote when the chair is
not there in person or is excluded from the item.

Neither document gives a working group a casting vote or a rule for deciding between
meetings, so those tests add one, marked "test rule", to a copy of the Lewisham body.
Each test reads given / when / then; the clock is pinned with freezegun.
"""

from __future__ import annotations

from collections.abc import Callable

from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import RuleBroken
from ledger.terms import read_terms_file
from tests.conftest import on
from tests.helpers import assert_broken, example, refusal
from tests.stories import NOW, PROPOSED, SEATED, NewLedger, seat_with

WriteTerms = Callable[[str], str]
MEETING = "2026-03-20"
CLAUSE = "Working groups, membership"

# Lewisham's race and equality working group, as the example has it (name, clause,
# roles), plus a casting vote and a rule between meetings the document does not give.
WORKING_GROUP = """
    [partnership]
    name = "Lewisham Strategic Partnership"
    document = "Lewisham Strategic Partnership: terms of reference"
    source = "terms-of-reference/lewisham-strategic-partnership.txt"

    [bodies.race-equality]
    name = "Race and Equality working group"
    clause = "Shared priorities, work stream 1; Thematic Partnership Working Groups"
    kind = "working-group"

    [bodies.race-equality.deputies]
    allowed = true
    at_meetings = true
    between_meetings = true
    clause = "test rule"

    [bodies.race-equality.voting]
    method = "majority-of-votes-cast"
    casting_vote = "chair"
    clause = "test rule"

    [bodies.race-equality.between_meetings]
    chair_plus = 1
    without_chair = 3
    clause = "test rule"

    [bodies.race-equality.roles.chair]
    category = "lead-partner"
    clause = "Working groups, membership"

    [bodies.race-equality.roles.co-chair]
    category = "cabinet-portfolio-holder"
    clause = "Working groups, membership"
"""


def working_group(new_ledger: NewLedger, terms: str) -> Ledger:
    """s1 alice (lead partner), s2 bob (Cabinet portfolio holder), s3 carol, s4 dan;
    victor is bob's deputy. No role is given yet. On the Lewisham example each also holds
    a seat on the Full LSP, which working group members are drawn from."""
    ledger = new_ledger(terms)
    ledger.add_org("lewisham-council", "Lewisham Council")
    ledger.add_org("voluntary-sector", "Voluntary Action Lewisham")
    ledger.add_person("alice", "Alice", category="lead-partner")
    ledger.add_person("bob", "Bob", category="cabinet-portfolio-holder")
    for person in ("carol", "dan", "victor"):
        ledger.add_person(person, person.title())
    _, parsed = read_terms_file(terms)
    if parsed.body("full") is not None:  # the example's members are drawn from the Full LSP
        for n, person in enumerate(("alice", "bob", "carol", "dan"), start=1):
            seat_with(ledger, "full", f"f{n}", "voluntary-sector", person)
    seat_with(ledger, "race-equality", "s1", "voluntary-sector", "alice",
              category="lead-partner")
    seat_with(ledger, "race-equality", "s2", "lewisham-council", "bob",
              category="cabinet-portfolio-holder")
    seat_with(ledger, "race-equality", "s3", "voluntary-sector", "carol")
    seat_with(ledger, "race-equality", "s4", "lewisham-council", "dan")
    ledger.nominate_deputy("race-equality", "s2", "victor", on(SEATED))
    return ledger


def chaired(new_ledger: NewLedger, write_terms: WriteTerms) -> Ledger:
    """The working group with alice in the chair and bob co-chair."""
    terms = write_terms(WORKING_GROUP)
    _, ours = read_terms_file(terms)
    _, theirs = read_terms_file(example("lewisham"))
    mine, real = ours.body("race-equality"), theirs.body("race-equality")
    assert mine is not None and real is not None
    assert (mine.name, mine.clause, mine.roles) == (real.name, real.clause, real.roles)
    ledger = working_group(new_ledger, terms)
    ledger.assign_role("race-equality", "chair", "s1", on(SEATED))
    ledger.assign_role("race-equality", "co-chair", "s2", on(SEATED))
    return ledger


def tied_vote(ledger: Ledger, present: tuple[str, ...]) -> None:
    """A meeting with `present` attending and s3 and s4 tied 1-1 on the budget."""
    ledger.schedule_meeting("race-equality", "wg-1", on(MEETING))
    ledger.add_agenda_item("wg-1", "budget", "The budget")
    for seat in present:
        ledger.attend("wg-1", seat)
    ledger.cast_vote("wg-1", "budget", "s3", "for")
    ledger.cast_vote("wg-1", "budget", "s4", "against")


# ------------------------------------------------------------------- who may co-chair


@freeze_time(NOW)
def test_lewisham_working_groups_co_chair_is_the_cabinet_portfolio_holder(
    new_ledger: NewLedger,
) -> None:
    # given: the Lewisham example; carol's seat is not a portfolio holder's
    ledger = working_group(new_ledger, example("lewisham"))

    # when: the co-chair is given to carol's seat
    refused = refusal(ledger, RuleBroken, lambda: ledger.assign_role(
        "race-equality", "co-chair", "s3", on(SEATED)))

    # then: refused, citing the clause; bob's seat may hold it, beside alice in the chair
    assert_broken(refused, "role-holder", CLAUSE, "co-chair", "cabinet-portfolio-holder")
    ledger.assign_role("race-equality", "chair", "s1", on(SEATED))
    ledger.assign_role("race-equality", "co-chair", "s2", on(SEATED))
    roster = ledger.roster("race-equality", on(PROPOSED))
    assert {s.seat: s.role for s in roster.seats} == {
        "s1": "chair", "s2": "co-chair", "s3": None, "s4": None}


@freeze_time(NOW)
def test_tower_hamlets_delivery_groups_co_chaired_by_lead_member_and_lead_partner() -> None:
    # given / when: the Tower Hamlets example
    _, terms = read_terms_file(example("tower-hamlets"))

    # then: each of the five delivery groups has a lead member chair and lead partner
    # co-chair
    groups = [b for b in terms.bodies.values() if b.kind == "delivery-group"]
    assert len(groups) == 5
    for body in groups:
        chair, co_chair = body.roles.for_role("chair"), body.roles.for_role("co-chair")
        assert chair is not None and co_chair is not None
        assert (chair.category, co_chair.category) == ("lead-member", "lead-partner")
        assert co_chair.clause == "Community Plan Delivery Groups"


# ------------------------------------------------------------------ between meetings


@freeze_time(NOW)
def test_co_chairs_share_the_chair_the_co_chair_and_one_member_take_it(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: bob, the co-chair, proposes; the chair (alice) takes no part
    ledger = chaired(new_ledger, write_terms)
    ledger.propose_decision("race-equality", "grant", "A grant", "s2", on=on(PROPOSED))
    assert ledger.decision_state("grant").status == "proposed"

    # when: one other member approves
    done = ledger.approve_decision("grant", "s3", on=on("2026-03-03"))

    # then: taken by the chair-plus route, bob counted as the chair
    d = ledger.decision_state("grant")
    assert [r.event for r in done] == ["Approved", "Taken"]
    assert d.evidence is not None and d.evidence["route"] == "chair-plus"
    assert "the chair and 1 other member(s) agree" in d.evidence["reason"]


@freeze_time(NOW)
def test_co_chairs_share_the_chair_both_count_once_as_the_chair(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: terms needing the chair and two others; the chair proposes
    terms = write_terms(WORKING_GROUP.replace("chair_plus = 1", "chair_plus = 2"))
    ledger = working_group(new_ledger, terms)
    ledger.assign_role("race-equality", "chair", "s1", on(SEATED))
    ledger.assign_role("race-equality", "co-chair", "s2", on(SEATED))
    ledger.propose_decision("race-equality", "grant", "A grant", "s1", on=on(PROPOSED))

    # when: the co-chair approves
    ledger.approve_decision("grant", "s2", on=on("2026-03-03"))

    # then: not yet: the co-chairs are one chair and one other member, not two chairs
    assert ledger.decision_state("grant").status == "proposed"
    ledger.approve_decision("grant", "s3", on=on("2026-03-04"))
    assert ledger.decision_state("grant").status == "taken"


@freeze_time(NOW)
def test_co_chairs_share_the_chair_the_co_chairs_deputy_does_not_count_as_the_chair(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: victor, the co-chair's deputy, proposes for s2
    ledger = chaired(new_ledger, write_terms)
    ledger.propose_decision("race-equality", "grant", "A grant", "s2", as_deputy=True,
                            on=on(PROPOSED))

    # when: one other member approves
    ledger.approve_decision("grant", "s3", on=on("2026-03-03"))

    # then: not taken: a deputy is not the co-chair, so this is two members without one
    d = ledger.decision_state("grant")
    assert (d.status, d.evidence) == ("proposed", None)


# ---------------------------------------------------------------------- casting vote


@freeze_time(NOW)
def test_co_chairs_share_the_chair_the_co_chair_gives_the_casting_vote_when_the_chair_is_absent(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: the chair is absent; bob, the co-chair, is there; s3 and s4 tie
    ledger = chaired(new_ledger, write_terms)
    tied_vote(ledger, ("s2", "s3", "s4"))

    # when: a casting vote is given
    ledger.close_vote("wg-1", "budget", casting="for")

    # then: the tie is decided by it
    item = ledger.meeting_state("wg-1").state.item("budget")
    assert item.outcome is not None and item.outcome["result"] == "carried"
    assert item.outcome["casting"] == "for"


@freeze_time(NOW)
def test_co_chairs_share_the_chair_no_casting_vote_when_only_the_co_chairs_deputy_is_there(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: the chair is absent and victor sits for the co-chair as deputy
    ledger = chaired(new_ledger, write_terms)
    ledger.schedule_meeting("race-equality", "wg-1", on(MEETING))
    ledger.add_agenda_item("wg-1", "budget", "The budget")
    ledger.attend("wg-1", "s2", as_deputy=True)
    for seat in ("s3", "s4"):
        ledger.attend("wg-1", seat)
    ledger.cast_vote("wg-1", "budget", "s3", "for")
    ledger.cast_vote("wg-1", "budget", "s4", "against")

    # when: a casting vote is given
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.close_vote("wg-1", "budget", casting="for"))

    # then: refused: neither the chair nor the co-chair is there in person
    assert_broken(refused, "casting-vote", "test rule", "not recorded as present in person")


@freeze_time(NOW)
def test_co_chairs_share_the_chair_the_co_chair_presides_when_the_chair_is_excluded(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: alice, the chair, left the room for the budget; bob, co-chair, is there
    ledger = chaired(new_ledger, write_terms)
    ledger.schedule_meeting("race-equality", "wg-1", on(MEETING))
    ledger.add_agenda_item("wg-1", "budget", "The budget")
    for seat in ("s1", "s2", "s3", "s4"):
        ledger.attend("wg-1", seat)
    ledger.declare_interest("wg-1", "budget", "alice", "prejudicial", "grantee",
                            left_room=True)
    ledger.cast_vote("wg-1", "budget", "s2", "abstain")
    ledger.cast_vote("wg-1", "budget", "s3", "for")
    ledger.cast_vote("wg-1", "budget", "s4", "against")

    # when: a casting vote is given
    ledger.close_vote("wg-1", "budget", casting="against")

    # then: the co-chair's casting vote decides the tie
    item = ledger.meeting_state("wg-1").state.item("budget")
    assert item.outcome is not None and item.outcome["result"] == "lost"
