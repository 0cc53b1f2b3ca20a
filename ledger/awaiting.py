"""Whose approval a decision between meetings awaits, and how far it has got, in words.

What a member's home page lists under "Awaiting your approval", and who is told when a
decision is proposed or about to lapse:

- `who_may_agree(ledger, decision)`: the people whose approval of a proposed decision
  could still count, each with the seat they would approve for (in person, or as its
  nominated deputy), judged by `Ledger.possible_approvers`: the very checks an approval
  passes, so nobody is listed whom the ledger would then refuse;
- `progress(terms, agreeing, chair_in)`: the rule and where the decision stands, as a
  person says it: "needs the chair and one other member: the chair has agreed, 0 of 1
  others";
- `awaiting(ledger, person, pending)`: of the proposed decisions `pending` (their slugs,
  from the decision list, `projections.lists.decisions(store, None, "proposed")`), those
  whose approval by `person` could count, with their progress: each record read once
  for the whole list (inside `Ledger.all_or_nothing`, never saved).

Of the application: `ledger.app` (for its checks), `ledger.rules` and `ledger.terms`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ledger.terms import Body as BodyTerms

if TYPE_CHECKING:
    from ledger.app import Ledger

NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten")


@dataclass(frozen=True)
class Approver:
    """Someone whose approval could count: the person, and the seat they approve for."""

    person: str
    seat: str
    as_deputy: bool


@dataclass(frozen=True)
class Awaiting:
    """A proposed decision a person's approval could count towards."""

    decision: str
    body: str
    title: str
    progress: str
    approver: Approver


def who_may_agree(ledger: Ledger, decision: str, when: datetime | None = None
                  ) -> list[Approver]:
    """The people whose approval of `decision` could still count on `when` (now unless
    told), each once: a person who holds one seat and deputises for another is listed for
    the seat they hold."""
    found: dict[str, Approver] = {}
    for seat, person, as_deputy in ledger.possible_approvers(decision, when):
        if person not in found or (found[person].as_deputy and not as_deputy):
            found[person] = Approver(person, seat, as_deputy)
    return list(found.values())


def awaiting(ledger: Ledger, person: str, pending: Iterable[str],
             when: datetime | None = None) -> list[Awaiting]:
    """Of the proposed decisions `pending`, those `person` could approve and has not
    declined, in that order (having declined, she may still approve on the decision's
    page: it no longer awaits her).

    Read inside `Ledger.all_or_nothing` and never saved, so that each record (each
    decision, its body, the partnership) is loaded from the store once for the whole
    list, not once by each of the three checks per decision."""
    found = []
    with ledger.all_or_nothing():  # nothing is saved: the block is for its loads
        for decision in pending:
            d = ledger.decision_state(decision)
            if any(n.person == person for n in d.declined):
                continue
            mine = [a for a in who_may_agree(ledger, decision, when) if a.person == person]
            if not mine:
                continue
            terms, people, chair_in = ledger.agreement_so_far(decision, when)
            found.append(Awaiting(decision, d.body, d.state.title,
                                  progress(terms, people, chair_in), mine[0]))
    return found


def progress(terms: BodyTerms, agreeing: int, chair_in: bool) -> str:
    """The rule of `terms` for a decision between meetings and how far `agreeing` people
    (the proposer included; `chair_in`: the chair among them, in person) have taken it."""
    b = terms.between_meetings
    if b is None:
        return f"the terms of {terms.name} make no provision for decisions between meetings"
    others = agreeing - 1 if chair_in else agreeing
    needs, stands = [], []
    if b.chair_plus is not None:
        needs.append(f"the chair and {_members(b.chair_plus, 'other member')}")
        stands.append(f"the chair has {'' if chair_in else 'not '}agreed, {others} of "
                      f"{b.chair_plus} {'other' if b.chair_plus == 1 else 'others'}")
    if b.without_chair is not None:
        needs.append(f"{_members(b.without_chair, 'member')} without the chair")
        if not chair_in:
            stands.append(f"{others} of {b.without_chair} without the chair")
    return f"needs {' or '.join(needs)}: {'; '.join(stands)}"


def _members(n: int, noun: str) -> str:
    word = NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"
