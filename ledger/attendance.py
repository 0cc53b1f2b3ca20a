"""Taking part in a body's meetings without a seat, as the terms provide
(`[bodies.<id>.without_seat]`, docs/terms.md).

Daventry 4.8 and 4.9: "Any partner can submit an agenda item for the board's
consideration" and "Any partner organisation can attend board meetings and engage in
discussions". Lewisham, working groups, membership principle 5: "The Young Mayor and the
Young Advisors will from time to time be invited to attend specific working group
meetings". Such people are *in attendance* (`lsp in-attendance --capacity partner` or
`invited`): they join the discussion, but hold no seat, so never count in the quorum and
never vote (rule `without-seat`, citing the clause that let them in).

These capacities carry a right the terms give, so they are refused where the terms give
none (an observer is recorded as `observer`, which needs no clause).
"""

from __future__ import annotations

from ledger.rules import Verdict
from ledger.terms import Body

RULE = "without-seat"
PARTNER = "partner"
INVITED = "invited"
CAPACITIES = (PARTNER, INVITED)


def _refuse(clause: str, reason: str, remedy: str | None = None) -> Verdict:
    return Verdict(False, RULE, clause, (reason,), remedy)


def partner_attends(body: Body, person: str, org: str | None, seat_held: str | None
                    ) -> Verdict:
    """A person of a partner organisation attends without a seat where the terms let any
    partner attend (Daventry 4.9). `seat_held`: the seat they hold on the body that day,
    if any (then they attend in it, as a member)."""
    w = body.without_seat
    if w is None or not w.partners_attend:
        return _refuse(w.clause if w else body.clause,
                       f"the terms of {body.name} do not let partners attend without a seat: "
                       "record them as an observer", remedy="input:capacity")
    clause = w.partners_attend_clause or w.clause
    if org is None:
        return _refuse(clause, f"name the partner organisation {person} attends for",
                       remedy="input:org")
    if seat_held is not None:
        return _refuse(clause, f"{person} holds seat {seat_held} on {body.name}: record their "
                       "attendance in it, as a member", remedy="act:attend")
    return Verdict(True, RULE, clause)


def invited(body: Body, person: str, category: str | None) -> Verdict:
    """A person attends by invitation where the terms say who may be invited (Lewisham,
    working groups principle 5: the Young Mayor and the Young Advisors), by category."""
    w = body.without_seat
    if w is None or not w.invited:
        return _refuse(w.clause if w else body.clause,
                       f"the terms of {body.name} name no one to be invited to attend: "
                       "record them as an observer or presenter", remedy="input:capacity")
    clause = w.invited_clause or w.clause
    if category not in w.invited:
        listed = ", ".join(w.invited)
        what = f"of category {category}" if category else "of no category on record"
        return _refuse(clause, f"the terms of {body.name} invite {listed} to attend, and "
                       f"{person} is {what}")
    return Verdict(True, RULE, clause)


def partner_proposes(body: Body, org: str) -> Verdict:
    """An agenda item submitted by a partner organisation that holds no seat, where the
    terms let any partner submit one (Daventry 4.8)."""
    w = body.without_seat
    if w is None or not w.partners_propose:
        return _refuse(w.clause if w else body.clause,
                       f"the terms of {body.name} do not let a partner without a seat submit "
                       f"an item: name the seat that proposes it instead of '{org}'",
                       remedy="input:proposer")
    return Verdict(True, RULE, w.partners_propose_clause or w.clause)


def no_vote(body: Body, person: str, capacity: str, clause: str) -> Verdict:
    """Whoever is in attendance without a seat never votes: refused, citing the clause that
    let them attend (Daventry 4.9: they "engage in discussions")."""
    why = {PARTNER: "as a partner, to join the discussion",
           INVITED: "by invitation"}.get(capacity, f"as {capacity}")
    return _refuse(clause or body.clause,
                   f"{person} is in attendance {why}, without a seat: they do not vote and do "
                   "not count in the quorum")
