"""Every refusal the ledger can give, in one tree.

    LedgerError                 anything the ledger refuses; exit code 1 at the command line
    ├── NotFound                an identifier that is not in the ledger (or not in the terms)
    ├── AlreadyExists           an identifier that is already taken
    ├── InvalidInput            a value of the wrong shape: a date, a slug, an empty name
    ├── RuleBroken              a rule of the terms of reference; carries the clause
    │   └── NotPermitted        rule `permission`: the author may not do this (who may)
    ├── NotAuthenticated        rule `authentication`: a token unknown, revoked or expired
    ├── TermsError              a terms-of-reference file that cannot be adopted
    ├── Conflict                someone else wrote to the same record first; try again
    ├── StoreError              the store cannot be opened or read
    └── IntegrityFailure        the stored history does not match its seals (or a proof,
                                or a checkpoint): exit code 3, not 1

Library errors (eventsourcing, pydantic, sqlite3) are translated into these at the
boundary, with `raise ... from None`, so a user never sees a traceback for a refusal.
Whenever one of these is raised, nothing has been recorded.

A message says what is wrong, and for a rule which clause, in words that read the same at
a terminal and on a web page: it names no option and no command. What would put it right
is a `remedy`, a stable code each front end words its own way (the command line's are in
`cli/hints.py`):

    input:NAME      the value of the input NAME is missing or wrong ("input:title")
    add:KIND        the KIND named does not exist yet: add it first ("add:org")
    act:ACTION      another act must come first, or instead ("act:attend", "act:decide")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class LedgerError(Exception):
    """A refusal. The message is written for the person acting; `remedy` (a code, above)
    says what would put it right, where something would."""

    def __init__(self, message: str, *, remedy: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.remedy = remedy

    def __str__(self) -> str:
        return self.message


class NotFound(LedgerError):
    pass


class AlreadyExists(LedgerError):
    pass


class InvalidInput(LedgerError):
    pass


class TermsError(LedgerError):
    pass


class Conflict(LedgerError):
    pass


class RuleBroken(LedgerError):
    """A rule of the terms of reference (or of the ledger itself) forbids the action."""

    def __init__(self, rule: str, clause: str, reasons: tuple[str, ...], terms_version: int | None,
                 *, remedy: str | None = None) -> None:
        self.rule = rule
        self.clause = clause
        self.reasons = reasons
        self.terms_version = terms_version
        version = f", terms version {terms_version}" if terms_version is not None else ""
        because = "; ".join(reasons)
        super().__init__(f"refused by rule '{rule}' (clause {clause}{version}): {because}",
                         remedy=remedy)


class NotPermitted(RuleBroken):
    """Rule `permission` (the permission table, `ledger.permissions`): the author may not
    do this. The message says what the act needs and what the author lacks."""

    CLAUSE = "the permission table (docs/permissions.md)"

    def __init__(self, action: str, reason: str, *, remedy: str | None = None) -> None:
        super().__init__("permission", self.CLAUSE, (reason,), None, remedy=remedy)
        self.action = action
        self.message = f"refused by rule 'permission' ({self.CLAUSE}): {reason}"


class NotAuthenticated(LedgerError):
    """Rule `authentication`: the credential given is not known, was revoked or expired.
    The message never repeats the credential."""

    rule = "authentication"

    def __init__(self, reason: str) -> None:
        super().__init__(f"refused by rule 'authentication': {reason}")
        self.reason = reason


class StoreError(LedgerError):
    pass


class IntegrityFailure(LedgerError):
    """The stored history is not what was sealed: exit code 3 at the command line.

    `position` is the notification position of the first bad event when it is known.
    `document` is the whole finding as JSON (a verify report, the reasons a proof fails),
    which `lsp ... --json` prints beside the error.
    """

    def __init__(self, message: str, position: int | None = None,
                 document: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.position = position
        self.document = dict(document or {})
