"""Daventry 4.14: "The Forum should nominate a chair and vice-chair which will be subject to
LSP Executive approval when it reviews membership (see 4.4)" (terms keys
`roles.*.approved_by` and `approval_clause`, rule `role-approval`, `ledger/approvals.py`).

The Forum's chair is shown "awaiting approval by the LSP Executive" on the roster (and in
`roster --json`, field `role_approval`) until an item agreed at an Executive meeting
approves them (`lsp decide`, then `lsp role approve`); `lsp check` warns of a chair still
awaiting after the Executive reviewed its membership. Given / when / then, freezegun.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import RuleBroken
from ledger.terms import read_terms_file
from projections import queries, warnings
from projections.catchup import ReadStore
from tests.conftest import event_count, on
from tests.helpers import assert_broken, example, refusal, seated

NewLedger = Callable[..., Ledger]
Lsp = Callable[..., Result]

NOW = "2026-12-20 12:00:00"
AWAITING = "awaiting approval by the LSP Executive (4.14)"


def daventry(new_ledger: NewLedger) -> Ledger:
    """Three Executive members (amy, ben, cat); the Forum's CCG seat held by sue, its chair
    since 1 May; an Executive meeting on 12 November, quorate, with an item on the Forum's
    chair; a Forum meeting the same week."""
    ledger = new_ledger(example("daventry"), "2026-04-01")
    for org in ("northants-police", "futures-housing", "nene-ccg"):
        ledger.add_org(org, org)
    for person in ("amy", "ben", "cat", "sue", "tom"):
        ledger.add_person(person, person.title())
    seated(ledger, "executive", "police", "northants-police", "amy", "2026-04-01")
    seated(ledger, "executive", "futures", "futures-housing", "ben", "2026-04-01")
    seated(ledger, "executive", "ccg", "nene-ccg", "cat", "2026-04-01")
    seated(ledger, "forum", "ccg", "nene-ccg", "sue", "2026-05-01")
    ledger.assign_role("forum", "chair", "ccg", on("2026-05-01"))
    ledger.schedule_meeting("executive", "exec-11", on("2026-11-12T14:00"))
    ledger.add_agenda_item("exec-11", "forum-chair", "Approval of the Forum's chair (4.14)")
    for seat in ("police", "futures", "ccg"):
        ledger.attend("exec-11", seat)
    ledger.schedule_meeting("forum", "forum-11", on("2026-11-05T10:00"))
    return ledger


def forum_chair(ledger: Ledger, when: str) -> str | None:
    view = queries.roster(ReadStore(ledger), "forum", on(when))
    return next(s.role_approval for s in view.seats if s.seat == "ccg")


def approval_warnings(ledger: Ledger, when: str) -> list[tuple[str, str]]:
    return [(w.clause, w.message) for w in warnings.check(ReadStore(ledger), on(when)).warnings
            if w.rule == "role-approval"]


def test_daventry_4_14_the_example_makes_the_forums_officers_subject_to_the_executive() -> None:
    # given / when
    _, terms = read_terms_file(example("daventry"))
    roles = terms.bodies["forum"].roles
    # then
    for role in (roles.chair, roles.vice_chair):
        assert role is not None
        assert (role.approved_by, role.approval_clause) == ("executive", "4.14")


@freeze_time(NOW)
def test_daventry_4_14_given_the_forum_chair_when_not_yet_approved_then_shown_awaiting(
        new_ledger: NewLedger, lsp: Lsp) -> None:
    # given
    ledger = daventry(new_ledger)
    # when: the roster is read, as a model, as JSON and as text
    as_json = json.loads(lsp("roster", "forum", "--as-of", "2026-06-01", "--json").stdout)
    text = lsp("roster", "forum", "--as-of", "2026-06-01").stdout
    # then: awaiting the Executive's approval, in each
    assert forum_chair(ledger, "2026-06-01") == AWAITING
    [row] = as_json["seats"]
    assert (row["role"], row["role_approval"]) == ("chair", AWAITING)
    assert f"The chair (Sue, seat ccg): {AWAITING}." in text


@freeze_time(NOW)
def test_daventry_4_14_given_an_item_agreed_at_an_executive_meeting_then_shown_approved(
        new_ledger: NewLedger) -> None:
    # given: the Executive agrees the item
    ledger = daventry(new_ledger)
    ledger.decide_by_consensus("exec-11", "forum-chair", "Sue approved as the Forum's chair")
    # when: the approval is recorded
    ledger.approve_role("forum", "chair", "exec-11", "forum-chair")
    # then: approved from the day of the meeting, awaiting before it
    assert forum_chair(ledger, "2026-11-11") == AWAITING
    assert forum_chair(ledger, "2026-11-13") == (
        "approved by the LSP Executive at exec-11 (4.14)")


@freeze_time(NOW)
def test_daventry_4_14_given_a_new_chair_after_the_approval_then_awaiting_again(
        new_ledger: NewLedger) -> None:
    # given: sue approved in November; tom takes the Forum's CCG seat in December
    ledger = daventry(new_ledger)
    ledger.decide_by_consensus("exec-11", "forum-chair", "Sue approved")
    ledger.approve_role("forum", "chair", "exec-11", "forum-chair")
    ledger.fill_seat("forum", "ccg", "tom", on("2026-12-01"))
    # when / then: the approval was of sue; tom awaits his
    assert forum_chair(ledger, "2026-12-02") == AWAITING


@freeze_time(NOW)
def test_daventry_4_14_given_a_forum_meeting_when_it_approves_its_own_chair_then_refused(
        new_ledger: NewLedger) -> None:
    # given: an item at the Forum's own meeting
    ledger = daventry(new_ledger)
    ledger.attend("forum-11", "ccg")
    ledger.add_agenda_item("forum-11", "chair", "Our chair")
    ledger.decide_by_consensus("forum-11", "chair", "Sue confirmed")
    # when
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.approve_role("forum", "chair", "forum-11", "chair"))
    # then: refused under 4.14, nothing recorded
    assert_broken(refused, "role-approval", "4.14", "approved by 'executive'")


@freeze_time(NOW)
def test_daventry_4_14_given_an_item_not_agreed_then_the_approval_is_refused(
        new_ledger: NewLedger) -> None:
    # given: the item is undecided, then deferred at another meeting
    ledger = daventry(new_ledger)
    undecided = refusal(ledger, RuleBroken, lambda: ledger.approve_role(
        "forum", "chair", "exec-11", "forum-chair"))
    ledger.decide_by_consensus("exec-11", "forum-chair", "Deferred to December",
                               outcome="deferred")
    # when
    deferred = refusal(ledger, RuleBroken, lambda: ledger.approve_role(
        "forum", "chair", "exec-11", "forum-chair"))
    # then
    assert_broken(undecided, "role-approval", "4.14", "this item is not decided")
    assert_broken(deferred, "role-approval", "4.14", "this item ended deferred")


@freeze_time(NOW)
def test_daventry_4_14_given_a_role_the_terms_do_not_subject_to_approval_then_refused(
        new_ledger: NewLedger) -> None:
    # given: the Executive's own chair (4.4: chosen from the core members, no approval)
    ledger = daventry(new_ledger)
    ledger.assign_role("executive", "chair", "police", on("2026-04-01"))
    ledger.decide_by_consensus("exec-11", "forum-chair", "Agreed")
    # when / then
    refused = refusal(ledger, RuleBroken, lambda: ledger.approve_role(
        "executive", "chair", "exec-11", "forum-chair"))
    assert_broken(refused, "role-approval", "4.4", "subject to no other body's approval")


@freeze_time(NOW)
def test_daventry_4_14_given_the_executive_reviewed_membership_without_approving_then_warned(
        new_ledger: NewLedger) -> None:
    # given: the Executive reviews its membership at its November meeting; the Forum's
    # chair is not approved
    ledger = daventry(new_ledger)
    before_review = approval_warnings(ledger, "2026-11-01")
    ledger.review_membership("executive", "annual review", on("2026-11-12"))
    # when
    found = approval_warnings(ledger, "2026-11-20")
    # then: silent before the review; warned after it, naming the chair and the command
    assert before_review == []
    [(clause, message)] = found
    assert clause == "4.14"
    assert "Sue, the chair of Health and Wellbeing Partnership Forum (seat ccg)" in message
    assert "reviewed its membership on Thursday 12 November 2026" in message
    assert "lsp role approve forum chair --meeting MEETING --item ITEM" in message


@freeze_time(NOW)
def test_daventry_4_14_given_the_chair_approved_at_the_review_then_not_warned(
        new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    ledger.review_membership("executive", "annual review", on("2026-11-12"))
    ledger.decide_by_consensus("exec-11", "forum-chair", "Sue approved")
    ledger.approve_role("forum", "chair", "exec-11", "forum-chair")
    # when / then
    assert approval_warnings(ledger, "2026-11-20") == []


def test_daventry_4_14_cli_approve_and_refusal_record_nothing(
        new_ledger: NewLedger, lsp: Lsp) -> None:
    # given
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        before = event_count(ledger)
        # when: approved before the item is decided, then after
        early = lsp("role", "approve", "forum", "chair", "--meeting", "exec-11",
                    "--item", "forum-chair")
        after_refusal = event_count(ledger)
        ledger.decide_by_consensus("exec-11", "forum-chair", "Sue approved")
        done = lsp("role", "approve", "forum", "chair", "--meeting", "exec-11",
                   "--item", "forum-chair")
    # then: the first refused (exit 1, rule and clause, nothing recorded), the second done
    assert early.exit_code == 1
    assert "rule 'role-approval'" in early.stderr and "clause 4.14" in early.stderr
    assert "Traceback" not in early.stderr
    assert after_refusal == before
    assert done.exit_code == 0, done.stderr
    assert "The chair of forum approved at exec-11 (item forum-chair)." in done.stdout
