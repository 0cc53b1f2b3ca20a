"""A role subject to another body's approval (rule `role-approval`).

Daventry 4.14: "The Forum should nominate a chair and vice-chair which will be subject to
LSP Executive approval when it reviews membership (see 4.4)". The terms say so on the
role (`approved_by = "executive"`, `approval_clause = "4.14"`). Whoever holds the role
awaits approval until the approving body agrees an item approving them at one of its
meetings (`lsp decide`, then `lsp role approve BODY ROLE --meeting M --item I`); a new
holder of the seat, or the role given to another seat, awaits approval again. The roster
says which (`awaiting`), and `lsp check` warns of a holder still awaiting after the
approving body has reviewed its membership.
"""

from __future__ import annotations

from ledger.rules import Verdict
from ledger.terms import Body

RULE = "role-approval"
AGREED = ("carried", "agreed", "endorsed")  # how an item that approves may have ended


def approval(body: Body, role: str, meeting_body: str, meeting_body_name: str,
             item_ended: str | None) -> Verdict:
    """Recording that `meeting_body` approved the holder of `role` of `body`, by an item
    that ended `item_ended` (its vote's result or its consensus's outcome; None while it
    is undecided): only where the terms make the role subject to that body's approval,
    and only by an item it agreed."""
    required = body.roles.for_role(role)
    if required is None or required.approved_by is None:
        return Verdict(False, RULE, required.clause if required else body.clause, (
            f"the terms of {body.name} make its {role} subject to no other body's approval",))
    clause = required.approval_clause or required.clause
    if meeting_body != required.approved_by:
        return Verdict(False, RULE, clause, (
            f"the {role} of {body.name} is approved by '{required.approved_by}', not by "
            f"{meeting_body_name} ('{meeting_body}')",))
    if item_ended not in AGREED:
        how = f"ended {item_ended}" if item_ended else "is not decided"
        return Verdict(False, RULE, clause, (
            f"an approval is an item the meeting agreed, and this item {how}",),
            remedy="act:decide")
    return Verdict(True, RULE, clause)


def awaiting(body: Body, role: str | None, approved: str | None,
             names: dict[str, str]) -> str | None:
    """What the roster says of a role's approval: "awaiting approval by the LSP
    Executive (4.14)", "approved by the LSP Executive at exec-2026-12 (4.14)", or None
    where the role needs no approval. `names` maps body ids to their names."""
    required = body.roles.for_role(role) if role else None
    if required is None or required.approved_by is None:
        return None
    by = names.get(required.approved_by, required.approved_by)
    clause = required.approval_clause or required.clause
    if approved:
        return f"approved by the {by} at {approved} ({clause})"
    return f"awaiting approval by the {by} ({clause})"
