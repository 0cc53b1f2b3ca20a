"""Issue 11, seats (items 5, 6, 15): a condition of holding a seat holds at every act, not
only when the seat is filled.

The first tests of each item are in tests/test_every_path_people.py; these follow the
state to the acts that come after it: a PSG member no longer on the Full LSP attends
(rule `drawn-from`), a deputy co-opted to a working group after being nominated attends
(rule `co-optees-confined`), and a seat whose fixed term ended is vacated, re-appointed,
deputised and shown (rule `term-ended`). Given / when / then, the clock pinned.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import RuleBroken
from tests.conftest import on
from tests.helpers import (
    EVERY_RULE,
    assert_broken,
    every_rule_board,
    example,
    refusal,
    seated,
)

NewLedger = Callable[..., Ledger]
WriteTerms = Callable[[str], str]
Lsp = Callable[..., Result]

PSG_PRINCIPLE_1 = "PSG, membership principle 1"
CO_OPTION = "Working groups, membership principles 2-4"


def lewisham(new_ledger: NewLedger) -> Ledger:
    """The Full LSP's council seat held by pat, and the PSG's council seat drawn from it,
    also pat's, since 1 February 2026; quinn and cleo have no seat."""
    ledger = new_ledger(example("lewisham"))
    ledger.add_org("lewisham-council", "Lewisham Council")
    ledger.add_org("community", "Community")
    for person in ("pat", "quinn", "cleo", "dee"):
        ledger.add_person(person, person.title())
    seated(ledger, "full", "council", "lewisham-council", "pat")
    seated(ledger, "psg", "council", "lewisham-council", "pat")
    return ledger


def board(new_ledger: NewLedger, write_terms: WriteTerms) -> Ledger:
    """EVERY_RULE's board: s1..s4 (alice the chair, bob, carol, dan) from 1 February 2026
    for two years (clause 3.3), so their terms end on 1 February 2028; frank deputises
    for s4."""
    return every_rule_board(new_ledger(write_terms(EVERY_RULE)))


# ---------------------------------------------------------------- item 5: drawn from


@freeze_time("2026-06-01 12:00:00")
def test_a_psg_member_no_longer_on_the_full_lsp_does_not_attend_lewisham_psg_principle_1(
    new_ledger: NewLedger, lsp: Lsp,
) -> None:
    # given: pat's Full LSP seat went to quinn on 1 April; dee is the PSG seat's deputy
    ledger = lewisham(new_ledger)
    ledger.nominate_deputy("psg", "council", "dee", on("2026-03-01"))
    ledger.fill_seat("full", "council", "quinn", on("2026-04-01"))
    ledger.schedule_meeting("psg", "psg-1", on("2026-05-01"))

    # when: pat is recorded present in the PSG seat
    refused = refusal(ledger, RuleBroken, lambda: ledger.attend("psg-1", "council"))

    # then: refused under the drawn-from principle; the seat's deputy may still sit, and
    # once the PSG seat is filled from the Full LSP the check is silent
    assert_broken(refused, "drawn-from", PSG_PRINCIPLE_1, "pat", "'full'")
    ledger.attend("psg-1", "council", as_deputy=True)
    ledger.fill_seat("psg", "council", "quinn", on("2026-05-10"))
    report = json.loads(lsp("check", "--as-of", "2026-05-20", "--json").stdout)
    assert [w for w in report["warnings"] if w["rule"] == "drawn-from"] == []


@freeze_time("2026-06-01 12:00:00")
def test_the_drawn_from_warning_names_body_seat_and_person_lewisham_psg_principle_1(
    new_ledger: NewLedger, lsp: Lsp,
) -> None:
    # given: pat's Full LSP seat is vacated on 1 April
    ledger = lewisham(new_ledger)
    ledger.vacate_seat("full", "council", on("2026-04-01"))

    # when: the check is read before and after, as text
    before = lsp("check", "--as-of", "2026-03-31")
    after = lsp("check", "--as-of", "2026-04-01")

    # then: silent before; after, one line naming the PSG, the seat, pat and the clause
    assert "drawn-from" not in before.stdout
    line = next(x for x in after.stdout.splitlines() if "rule drawn-from" in x)
    assert line.startswith("- [psg] Pat (pat) holds the seat council (Lewisham Council) on "
                           "Partnership Steering Group")
    assert "drawn from Full Lewisham Strategic Partnership (full)" in line
    assert f"clause {PSG_PRINCIPLE_1})" in line


# ---------------------------------------------------------------- item 6: co-optees


@freeze_time("2026-06-01 12:00:00")
def test_a_deputy_co_opted_later_does_not_attend_elsewhere_lewisham_working_groups_2_4(
    new_ledger: NewLedger,
) -> None:
    # given: cleo is nominated deputy of the Full LSP's council seat on 1 March, and
    # co-opted to the Race and Equality working group on 1 April
    ledger = lewisham(new_ledger)
    ledger.nominate_deputy("full", "council", "cleo", on("2026-03-01"))
    seated(ledger, "race-equality", "co-1", "community", "cleo", since="2026-04-01",
           co_opted=True)
    ledger.schedule_meeting("full", "full-1", on("2026-05-01"))
    ledger.schedule_meeting("full", "full-0", on("2026-03-15"))

    # when: she attends a Full LSP meeting as the deputy
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.attend("full-1", "council", as_deputy=True))

    # then: refused under the co-option principles; before her co-option she could
    assert_broken(refused, "co-optees-confined", CO_OPTION, "cleo", "race-equality")
    ledger.attend("full-0", "council", as_deputy=True)


# ---------------------------------------------------------------- item 15: terms ended


@freeze_time("2028-03-20 21:00:00")
def test_a_seat_whose_term_ended_keeps_its_deputy_and_can_be_vacated_3_3(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: every term ended on 1 February 2028; a meeting on 20 March
    ledger = board(new_ledger, write_terms)
    ledger.schedule_meeting("board", "b-1", on("2028-03-20"))

    # when: dan's deputy, frank, sits for s4; dan is nominated its deputy; s3 is vacated
    ledger.attend("b-1", "s4", as_deputy=True)
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.nominate_deputy("board", "s4", "dan", on("2028-03-01")))
    ledger.vacate_seat("board", "s3", on("2028-03-01"))

    # then: the deputy sits (as in a vacant seat); dan, still the seat's until re-appointed,
    # is not its deputy; and s3 is vacant, no longer "term ended"
    assert ledger.meeting_state("b-1").state.present["s4"]["person"] == "frank"
    assert_broken(refused, "deputy-not-holder", "ledger rule", "dan")
    s3 = ledger.roster("board", on("2028-03-02")).seat("s3")
    assert s3 is not None and (s3.holder, s3.term_ended, s3.term_ends) == (None, False, None)


@freeze_time("2028-03-20 21:00:00")
def test_a_holder_whose_term_ended_does_not_propose_until_re_appointed_3_3(
    new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    # given: bob's term in s2 ended on 1 February 2028
    ledger = board(new_ledger, write_terms)

    # when: he proposes a decision, and again after he is re-appointed
    refused = refusal(ledger, RuleBroken, lambda: ledger.propose_decision(
        "board", "d1", "Grant", "s2", on=on("2028-03-01")))
    ledger.fill_seat("board", "s2", "bob", on("2028-03-05"))
    ledger.propose_decision("board", "d1", "Grant", "s2", on=on("2028-03-06"))

    # then: refused under the term clause, naming the seat and the day; then recorded
    assert_broken(refused, "term-ended", "3.3", "bob", "s2", "2028-02-01")
    assert ledger.decision_state("d1").status == "proposed"


@freeze_time("2028-06-01 12:00:00")
def test_the_roster_and_check_name_whose_term_ended_tower_hamlets_lap_steering_groups(
    new_ledger: NewLedger, lsp: Lsp,
) -> None:
    # given: nadia, a resident, appointed to LAP 1 on 1 February 2026 for two years
    ledger = new_ledger(example("tower-hamlets"))
    ledger.add_org("residents", "Residents")
    ledger.add_person("nadia", "Nadia", category="resident")
    seated(ledger, "lap-1", "res-1", "residents", "nadia", category="resident")

    # when: the roster (text and JSON) and the check are read after her term ended
    text = lsp("roster", "lap-1", "--as-of", "2028-02-01").stdout
    seat = json.loads(lsp("roster", "lap-1", "--as-of", "2028-02-01", "--json").stdout)[
        "seats"][0]
    check = json.loads(lsp("check", "--as-of", "2028-02-01", "--json").stdout)

    # then: she is no longer the holder, and both say whose term ended, and when
    assert "Nadia (term ended)" in text
    assert "0 of 1 seats filled" in text
    assert (seat["holder"], seat["term_ended_holder"], seat["term_ended_holder_name"]) == (
        None, "nadia", "Nadia")
    ended = [w for w in check["warnings"] if w["rule"] == "term-ended"]
    assert [(w["body"], w["clause"]) for w in ended] == [("lap-1", "LAP Steering Groups")]
    assert "Nadia's term in the seat res-1" in ended[0]["message"]
