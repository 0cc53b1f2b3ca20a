"""What the command line adds to a refusal: how to put it right, in its own words.

The ledger's messages name no option and no command, so that they read the same on a web
page; a refusal carries a `remedy` code instead (`ledger.errors`), and this module words
it for the terminal: the option to give, or the command to run first.
"""

from __future__ import annotations

from ledger.errors import LedgerError

# input:NAME -> the option that gives that input.
INPUTS: dict[str, str] = {
    "actor": "--as NAME or LSP_ACTOR",
    "name": "--name",
    "title": "--title",
    "reason": "--reason",
    "consensus": "--consensus TEXT",
    "urgent": "--urgent REASON",
    "deputy": "--deputy",
    "non-voting": "--non-voting",
    "term-years": "--term-years",
    "force": "--force to write over it",
    "output": "--output FILE",
    "to": "--to BODY",
    "owner": "--owner PERSON",
    "due": "--due DATE",
    "venue": "--venue TEXT",
    "email": "--email EMAIL",
    "expires": "--expires DATE",
    "evidence": "--evidence TEXT",
}

# add:KIND -> the command that adds one.
ADDS: dict[str, str] = {
    "org": "add it with `lsp org add`",
    "person": "add it with `lsp person add`",
    "request": "add it with `lsp membership request`",
    "body": "add it with `lsp seat add`",
    "seat": "add one with `lsp seat add`",
    "meeting": "add it with `lsp meeting schedule`",
    "decision": "add it with `lsp decision propose`",
    "action": "add it with `lsp action add`",
    "account": "add it with `lsp account add PERSON --email EMAIL`",
    "accounts": "add the first with `lsp account add PERSON --email EMAIL`",
}

# act:ACTION -> the command that does it.
ACTS: dict[str, str] = {
    "init": "run `lsp init NAME --terms FILE`",
    "open": "create one with `lsp init`, or point --store (or LSP_STORE) at an existing one",
    "attend": "lsp attend",
    "decide": "lsp decide",
    "vote": "lsp vote cast",
    "close-vote": "lsp vote close",
    "add-agenda-item": "lsp agenda add",
    "nominate-deputy": "lsp deputy nominate",
    "fill-seat": "re-appoint with lsp seat fill, or lsp seat vacate",
    "decide-request": "lsp membership decide",
    "recommend-request": "lsp membership recommend REQUEST approved|rejected --meeting M",
    "refer": "lsp decide MEETING ITEM --consensus TEXT --outcome noted (or --outcome "
             "referred --to BODY)",
}


def hint_for(remedy: str | None) -> str | None:
    """The command line's words for a remedy code, or None when it has none."""
    if not remedy:
        return None
    family, _, what = remedy.partition(":")
    if family == "input":
        return INPUTS.get(what)
    if family == "add":
        return ADDS.get(what)
    if family == "act":
        action, _, entity = what.partition(":")
        if action == "correct" and entity:
            return f"lsp correct {entity} VERSION"
        if action == "audit" and entity:
            return f"see `lsp audit --entity {entity}`"
        return ACTS.get(action)
    return None


def worded(error: LedgerError) -> str:
    """The refusal as the command line prints it: the message, then the hint."""
    hint = hint_for(error.remedy)
    return f"{error.message} ({hint})" if hint else error.message
