"""Who acts: the author of every act the ledger records.

An `Author` is the answer to "who did this, and how do we know": the person signed in
(an account's person slug) or, on the local route, the operating system's login; the
route the act came by (`local`: a command run on the store itself, `api`: the server's
JSON API, `web`: its pages); and how they were authenticated (`os-login`: whoever holds
the store's write credentials, `token`: an API token, `session`: a web session, `none`:
nobody, the public).

An act recorded for a seat (a proposal, an approval, a vote) also names the person it is
recorded for, and the evidence when someone else recorded it: `how_given` says which, in
the words `decision show`, the ratification paper and the minutes print.

Every event records its author's name (`actor`), route and method
(`ledger.events.LedgerEvent`); the application (`ledger.app.Ledger`) judges what the
author may do by the one permission table (`ledger.permissions`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.events import Fact

ROUTES = ("local", "api", "web")
METHODS = ("os-login", "token", "session", "none")


@dataclass(frozen=True)
class Author:
    """Who acts: the person (an account's person slug) or the local OS login, the route
    (local, api, web) and how they were authenticated (os-login, token, session)."""

    name: str  # what events record as `actor`: the person slug, or the OS login
    person: str | None  # the signed-in account's person slug; None for a local user
    route: str  # "local" | "api" | "web"
    method: str  # "os-login" | "token" | "session" | "none" (the public)

    def __post_init__(self) -> None:
        if self.route not in ROUTES:
            raise ValueError(f"a route is one of {', '.join(ROUTES)}, not {self.route!r}")
        if self.method not in METHODS:
            raise ValueError(f"a method is one of {', '.join(METHODS)}, not {self.method!r}")

    @classmethod
    def local(cls, login: str) -> Author:
        """Whoever runs a command on the store itself: its OS login (or `--as`)."""
        return cls(login, None, "local", "os-login")

    @classmethod
    def signed_in(cls, person: str, route: str, method: str) -> Author:
        """A person authenticated by the server (a token, a session)."""
        return cls(person, person, route, method)

    @classmethod
    def public(cls, route: str = "web") -> Author:
        """Nobody signed in: a reader of the public pages."""
        return cls("public", None, route, "none")

    @property
    def is_local(self) -> bool:
        return self.route == "local"

    @property
    def is_public(self) -> bool:
        return not self.is_local and self.person is None


IN_PERSON = "given in person (signed in)"
LOCAL_IN_PERSON = "given in person (local login)"


def how_given(fact: Fact) -> str:
    """How an act for a seat was given, from its event: "given in person (signed in)"
    when the person it is for recorded it through the server; "recorded by NAME on the
    evidence of ..." when someone else did, with evidence; "given in person (local
    login)" when a local login that is the person's own recorded it; otherwise "recorded
    by NAME, no evidence given" (every act stored before authors were recorded, say)."""
    actor, person = fact.actor, str(fact.data.get("person") or "")
    route = str(fact.data.get("author_route", "local"))
    evidence = str(fact.data.get("evidence", "")).strip()
    if person and actor == person:
        return LOCAL_IN_PERSON if route == "local" else IN_PERSON
    if evidence:
        return f"recorded by {actor} on the evidence of {evidence}"
    return f"recorded by {actor}, no evidence given"
