"""What the command line adds to a refusal: the flag or command that gets past it.

A refusal from the ledger says what is wrong and which clause, in words that read as well
on a web page as at a terminal ("the agenda is published at least 5 days before the
meeting..."). Which `lsp` flag or command gets past it ("--urgent REASON") is the command
line's business, so it lives here: `hint_for` gives it, and the one place that turns a
refusal into exit code 1 (cli/main.py) appends it to the message as " (HINT)".

A refusal is named by its stable code (`code` on the ledger's error, one per refusal that
a flag or a command answers; a rule such as `voting` refuses for several reasons, and only
some have a hint). An error with no code, or a code with no hint, gets none.
"""

from __future__ import annotations

from ledger.errors import LedgerError

HINTS: dict[str, str] = {
    # Opening the ledger (ledger/app.py)
    "no-actor": "--as NAME or LSP_ACTOR",
    "no-ledger": "create one with `lsp init`, or point --store or LSP_STORE at an "
                 "existing one",
    "not-set-up": "run `lsp init NAME --terms FILE`",
    # An identifier not in the ledger (ledger/app.py)
    "unknown-org": "add it with `lsp org add`",
    "unknown-person": "add it with `lsp person add`",
    "unknown-request": "add it with `lsp membership request`",
    "unknown-body": "add it with `lsp seat add`",
    "unknown-meeting": "add it with `lsp meeting schedule`",
    "unknown-decision": "add it with `lsp decision propose`",
    "body-without-seats": "add one with `lsp seat add`",
    # Something the command needs and was not given
    "org-name-missing": "--name",
    "person-name-missing": "--name",
    "term-years-below-one": "--term-years",
    "decision-title-missing": "--title",
    "item-title-missing": "--title",
    "consensus-text-missing": "--consensus TEXT",
    "retraction-reason-missing": "--reason",
    "withdrawal-reason-missing": "--reason",
    "lapse-reason-missing": "--reason",
    "rescission-reason-missing": "--reason",
    # Meetings: what to do first (ledger/meeting.py)
    "agenda-empty": "lsp agenda add",
    "no-votes": "lsp vote cast",
    "votes-being-cast": "lsp vote close",
    "votes-open": "lsp vote close",
    "meeting-closed": "lsp correct meeting:MEETING VERSION",
    "no-such-membership-event": "see `lsp audit --entity body:BODY`",
    # Rules of the terms of reference (ledger/rules.py)
    "entitlement-not-core": "--non-voting",
    "agenda-notice": "--urgent REASON",
    "no-deputy": "lsp deputy nominate",
    "seat-vacant-at-meeting": "--deputy",
    "no-voting-rule": "lsp decide",
    "voter-not-present": "lsp attend",
    "seat-vacant-between-meetings": "--deputy",
}


def hint_for(error: LedgerError) -> str | None:
    """The flag or command that answers `error`, or None."""
    code = getattr(error, "code", None)  # the ledger's errors are getting codes (issue 10)
    return HINTS.get(code) if isinstance(code, str) else None
