"""Who acts: the author of every act the ledger records.

An `Author` is the answer to "who did this, and how do we know": the person signed in
(an account's person slug) or, on the local route, the operating system's login; the
route the act came by (`local`: a command run on the store itself, `api`: the server's
JSON API, `web`: its pages); and how they were authenticated (`os-login`: whoever holds
the store's write credentials, `token`: an API token, `session`: a web session, `none`:
nobody, the public).

Every event records its author's name (`actor`), route and method
(`ledger.events.LedgerEvent`); the application (`ledger.app.Ledger`) judges what the
author may do by the one permission table (`ledger.permissions`).
"""

from __future__ import annotations

from dataclasses import dataclass

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
