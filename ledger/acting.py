"""Acting as someone: API tokens, authenticating one, and marking what an author records.

The application's side of `ledger.authors` and `ledger.accounts`, kept out of
`ledger/app.py` so that it stays a list of short acts:

- `new_token`: a random token (`secrets.token_urlsafe(32)`, prefixed "lsp_") and the
  SHA-256 that is all the ledger keeps of it;
- `authenticate`: the author a token stands for, or `NotAuthenticated` saying unknown or
  revoked, or the day it expired; the token itself is never repeated;
- `new_secret`, `find`: a sign-in link's token or a web session's id (random, only its
  SHA-256 kept), and the one kept under its hash;
- `mark`: every event a command is about to save, marked with its author's route and
  method (the application's to know, not the domain's).

Finding the kept secret: every kept token, link and session is held under its SHA-256
(`Accounts.token_hashes`, `links`, `sessions`), so the one a request names is one dict
look-up of the SHA-256 of what it sent, then the two hashes compared in constant time
(`hmac.compare_digest`), rather than a comparison with every kept hash (which grows with
every account and, for sessions, every sign-in). The look-up's time depends only on that
SHA-256, which the sender knows already; to learn anything of a kept token from it one
would have to make a token whose hash lands beside a kept hash, a SHA-256 preimage. This
is how hashed API keys are commonly looked up.

Of the domain: the standard library, `ledger.accounts`, `ledger.authors`,
`ledger.errors` and `ledger.when` only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar

from ledger.accounts import Accounts
from ledger.authors import Author
from ledger.errors import NotAuthenticated
from ledger.when import local_date

TOKEN_PREFIX = "lsp_"
TOKEN_YEARS = 1  # a token's life unless told otherwise

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def digest(token: str) -> str:
    """What the ledger keeps of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A new token and its digest."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, digest(token)


def default_expiry(now: datetime) -> datetime:
    """A token's expiry when none is given: `TOKEN_YEARS` from now (28 February for a token
    made on 29 February)."""
    try:
        return now.replace(year=now.year + TOKEN_YEARS)
    except ValueError:
        return now.replace(year=now.year + TOKEN_YEARS, day=28)


def authenticate(accounts: Accounts, token: str, route: str, now: datetime) -> Author:
    """The person whose live token `token` is, as an author on `route`."""
    found = find(accounts.token_hashes, token)
    if found is None:
        raise NotAuthenticated("this token is not known or was revoked")
    if found.expires <= now:
        raise NotAuthenticated(f"this token expired on {long_day(found.expires)}")
    return Author.signed_in(found.person, route, "token")


class _Hashed(Protocol):
    @property
    def sha256(self) -> str: ...


H = TypeVar("H", bound=_Hashed)


def new_secret() -> tuple[str, str]:
    """A random secret for a link or a session (no prefix: it is never typed) and its
    digest."""
    secret = secrets.token_urlsafe(32)
    return secret, digest(secret)


def find(kept: Mapping[str, H], secret: str) -> H | None:
    """The kept item (keyed by its SHA-256) whose hash is the secret's: one look-up, then
    the hashes compared in constant time (the module's docstring says why)."""
    wanted = digest(secret)
    item = kept.get(wanted)
    if item is None or not hmac.compare_digest(item.sha256, wanted):
        return None
    return item


def long_day(moment: datetime) -> str:
    """A date as a person writes it: "3 March 2027" (England)."""
    d = local_date(moment)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def mark(events: Iterable[Any], author: Author) -> None:
    """Mark each event (a command's own, not yet stored) with its author's route and
    method. Their `apply` has run and reads neither field, so nothing else changes."""
    for event in events:
        object.__setattr__(event, "author_route", author.route)
        object.__setattr__(event, "author_method", author.method)
