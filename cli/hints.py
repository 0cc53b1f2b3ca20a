"""What the command line adds to a refusal: how to put it right, in its own words.

The ledger's messages name no option and no command, so that they read the same on a web
page; a refusal carries a `remedy` code instead (`ledger.errors`), and this module words
it for the terminal: the option to give, or the command to run first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledger.errors import LedgerError

if TYPE_CHECKING:
    from datetime import datetime

    from ledger.naming import Names
    from projections.catchup import ReadStore

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
    "minutes-of": "--minutes-of MEETING (an earlier meeting of the same body)",
    "email": "--email EMAIL",
    "expires": "--expires DATE",
    "evidence": "--evidence TEXT",
    "capacity": "--capacity observer",
    "org": "--org ORG",
    "proposer": "--proposer SEAT",
    "kind": "--kind KIND",
    "to-date": "--to DATE",
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


def worded(error: LedgerError, names: Names | None = None) -> str:
    """The refusal as the command line prints it: the message (in the names people read,
    given the directory's `names`: `ledger.naming`), then the hint, slugs and all."""
    message = error.message
    if names is not None:
        from ledger.naming import named

        message = named(message, names)
    hint = hint_for(error.remedy)
    return f"{message} ({hint})" if hint else message


def directory_names(store: ReadStore, now: datetime) -> Names:
    """What the ledger's directory says of its slugs, for `worded`: each person's name and
    their one organisation (where the seats they hold on `now` are one organisation's),
    each organisation's and body's name, and the organisation of each seat slug that is
    one organisation's on every body."""
    from ledger.naming import Names
    from projections import lists

    people = lists.people(store, now).people
    orgs = lists.orgs(store, now).orgs
    seat_orgs: dict[str, set[str]] = {}
    bodies: dict[str, str] = {}
    for o in orgs:
        for s in o.seats:
            seat_orgs.setdefault(s.seat, set()).add(s.org_name)
            bodies[s.body] = s.body_name
    person_orgs = {p.person: {s.org_name for s in p.seats} for p in people}
    return Names(people={p.person: p.name for p in people},
                 person_orgs={k: v.pop() for k, v in person_orgs.items() if len(v) == 1},
                 orgs={o.org: o.name for o in orgs},
                 seat_orgs={k: v.pop() for k, v in seat_orgs.items() if len(v) == 1},
                 bodies=bodies)
