"""The `Accounts` aggregate: the people who may sign in, their staff roles and tokens.

One stream per ledger (a fixed id, like the partnership's): `accounts:accounts` in
`lsp audit`. Its events:

- `Opened`: the stream's first event, recorded with the first account;
- `AccountAdded` (person, email): the person may sign in. The e-mail address is
  personal data: it is kept in this stream for signing in and for nothing else. The
  read models drop it (`PRIVATE_FIELDS`), so no read model, paper, register or public
  page can show it;
- `RoleGranted`, `RoleRevoked` (person, role, effective): a staff role (admin,
  secretariat, auditor) held from its effective date. A member's powers are never
  granted here: they follow from the roster (`ledger.permissions`);
- `TokenCreated` (person, the token's SHA-256 in hex, expires): only the hash is kept,
  never the token. A person holds one live token at a time: a new token replaces the
  one before it;
- `TokenRevoked` (person): their live token stops working;
- `SignInLinkIssued` (person, sha256, expires): a one-use link to sign in on the web was
  e-mailed to the person (web/signin.py); only the SHA-256 of its token is kept, and not
  the address it went to (the account holds that);
- `SignInLinkUsed` (person, sha256): the link was followed, once: it works no more;
- `SessionStarted` (person, sha256, expires), `SessionEnded` (person, sha256): a web
  session, started by a link and ended by signing out (or by its expiry); only the
  SHA-256 of the session's id (the cookie) is kept. Kept as events, not in one process's
  memory, so that several server processes share them and an auditor sees who signed in
  and when.

Of the domain: eventsourcing, `ledger.events`, `ledger.errors` and `ledger.when` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.errors import AlreadyExists, InvalidInput, NotAuthenticated, NotFound
from ledger.events import LedgerEvent, entity_id
from ledger.when import day

ACCOUNTS_ID: UUID = entity_id("accounts", "accounts")
"""The one stream of accounts (`lsp audit --entity accounts:accounts`)."""

STAFF_ROLES = ("admin", "secretariat", "auditor")

PRIVATE_FIELDS = frozenset({"email", "sha256"})
"""Fields of this stream no read model holds: the e-mail address (personal data) and a
token's hash (no use to a reader)."""


@dataclass(frozen=True)
class Grant:
    """A role granted (or, `granted` False, revoked) from `effective`."""

    person: str
    role: str
    effective: datetime
    granted: bool


class LinkGone(NotAuthenticated):
    """A sign-in link that was real but works no more: used already, or expired."""


@dataclass(frozen=True)
class Link:
    """A sign-in link: whose, its token's SHA-256 (hex), its expiry, whether used."""

    person: str
    sha256: str
    expires: datetime
    used: bool = False


@dataclass(frozen=True)
class Session:
    """A web session: whose, its id's SHA-256 (hex), when it expires."""

    person: str
    sha256: str
    expires: datetime


@dataclass(frozen=True)
class Token:
    """A person's live token: its SHA-256 (hex) and when it expires."""

    person: str
    sha256: str
    expires: datetime


class Accounts(Aggregate):
    """Who may sign in, their staff roles over time, and each one's live token."""

    TOPIC = "lsp:Accounts"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Accounts.Created"

    class Opened(LedgerEvent, Aggregate.Created):
        TOPIC = "lsp:Accounts.Opened"

    class AccountAdded(LedgerEvent):
        TOPIC = "lsp:Accounts.AccountAdded"
        person: str
        email: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Accounts):
                aggregate.emails[self.person] = self.email

    class RoleGranted(LedgerEvent):
        TOPIC = "lsp:Accounts.RoleGranted"
        person: str
        role: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Accounts):
                aggregate.grants.append(Grant(self.person, self.role, self.effective, True))

    class RoleRevoked(LedgerEvent):
        TOPIC = "lsp:Accounts.RoleRevoked"
        person: str
        role: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Accounts):
                aggregate.grants.append(Grant(self.person, self.role, self.effective, False))

    class TokenCreated(LedgerEvent):
        TOPIC = "lsp:Accounts.TokenCreated"
        person: str
        sha256: str
        expires: datetime

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Accounts):
                before = aggregate.tokens.get(self.person)
                if before is not None:  # a new token replaces the one before it
                    aggregate.token_hashes.pop(before.sha256, None)
                token = Token(self.person, self.sha256, self.expires)
                aggregate.tokens[self.person] = token
                aggregate.token_hashes[self.sha256] = token

    class TokenRevoked(LedgerEvent):
        TOPIC = "lsp:Accounts.TokenRevoked"
        person: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Accounts):
                gone = aggregate.tokens.pop(self.person, None)
                if gone is not None:
                    aggregate.token_hashes.pop(gone.sha256, None)

    class SignInLinkIssued(LedgerEvent):
        TOPIC = "lsp:Accounts.SignInLinkIssued"
        person: str
        sha256: str
        expires: datetime

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Accounts):
                aggregate.links[self.sha256] = Link(self.person, self.sha256, self.expires)

    class SignInLinkUsed(LedgerEvent):
        TOPIC = "lsp:Accounts.SignInLinkUsed"
        person: str
        sha256: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Accounts):
                link = aggregate.links[self.sha256]
                aggregate.links[self.sha256] = Link(link.person, link.sha256, link.expires,
                                                    True)

    class SessionStarted(LedgerEvent):
        TOPIC = "lsp:Accounts.SessionStarted"
        person: str
        sha256: str
        expires: datetime

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Accounts):
                aggregate.sessions[self.sha256] = Session(self.person, self.sha256,
                                                          self.expires)

    class SessionEnded(LedgerEvent):
        TOPIC = "lsp:Accounts.SessionEnded"
        person: str
        sha256: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Accounts):
                aggregate.sessions.pop(self.sha256, None)

    def __init__(self, actor: str, effective: datetime) -> None:
        self.emails: dict[str, str] = {}
        self.grants: list[Grant] = []
        self.tokens: dict[str, Token] = {}
        # The live tokens again, by their SHA-256: a token is found by its hash in one
        # look-up (ledger/acting.py says why that tells nothing of any token).
        self.token_hashes: dict[str, Token] = {}
        self.links: dict[str, Link] = {}
        self.sessions: dict[str, Session] = {}

    @classmethod
    def open(cls, actor: str, effective: datetime) -> Accounts:
        return cls._create(cls.Opened, id=ACCOUNTS_ID, actor=actor, effective=effective)

    # ------------------------------------------------------------------ reading

    def has_account(self, person: str) -> bool:
        return person in self.emails

    def roles(self, person: str, when: datetime) -> frozenset[str]:
        """The staff roles `person` holds at `when`: grants and revocations effective by
        then, in effective order (ties in the order recorded)."""
        held: set[str] = set()
        for g in sorted((g for g in self.grants if g.person == person and g.effective <= when),
                        key=lambda g: g.effective):
            (held.add if g.granted else held.discard)(g.role)
        return frozenset(held)

    def live_tokens(self) -> list[Token]:
        return list(self.tokens.values())

    def person_of_email(self, address: str) -> str | None:
        """Whose account has this e-mail address (case aside), or None."""
        wanted = address.strip().casefold()
        found = None
        for person, email in self.emails.items():  # every one looked at: no early way out
            if email.casefold() == wanted:
                found = person
        return found

    # ------------------------------------------------------------------ commands

    def add_account(self, person: str, email: str, actor: str, effective: datetime) -> None:
        if person in self.emails:
            raise AlreadyExists(f"person '{person}' already has an account")
        address = email.strip()
        if not _looks_like_email(address):
            raise InvalidInput(f"{address!r} is not an e-mail address (NAME@DOMAIN)",
                               remedy="input:email")
        self.trigger_event(self.AccountAdded, person=person, email=address, actor=actor,
                           effective=effective)

    def grant(self, person: str, role: str, actor: str, effective: datetime) -> None:
        self._check_role(person, role)
        if role in self.roles(person, effective):
            raise AlreadyExists(f"{person} already holds the {role} role on {day(effective)}")
        later = [g for g in self.grants if g.person == person and g.role == role
                 and g.effective > effective]
        if later:
            raise InvalidInput(f"the {role} role of {person} changes on "
                               f"{day(later[0].effective)}: a grant cannot take effect "
                               "before a later change of the same role")
        self.trigger_event(self.RoleGranted, person=person, role=role, actor=actor,
                           effective=effective)

    def revoke(self, person: str, role: str, actor: str, effective: datetime) -> None:
        self._check_role(person, role)
        if role not in self.roles(person, effective):
            raise InvalidInput(f"{person} does not hold the {role} role on {day(effective)}")
        later = [g for g in self.grants if g.person == person and g.role == role
                 and g.effective > effective]
        if later:
            raise InvalidInput(f"the {role} role of {person} changes on "
                               f"{day(later[0].effective)}: a revocation cannot take effect "
                               "before a later change of the same role")
        self.trigger_event(self.RoleRevoked, person=person, role=role, actor=actor,
                           effective=effective)

    def create_token(self, person: str, sha256: str, expires: datetime, actor: str,
                     effective: datetime) -> None:
        self._check_account(person)
        if expires <= effective:
            raise InvalidInput(f"a token must expire after it is created, not on "
                               f"{day(expires)}", remedy="input:expires")
        self.trigger_event(self.TokenCreated, person=person, sha256=sha256, expires=expires,
                           actor=actor, effective=effective)

    def revoke_token(self, person: str, actor: str, effective: datetime) -> None:
        self._check_account(person)
        if person not in self.tokens:
            raise InvalidInput(f"{person} has no live token")
        self.trigger_event(self.TokenRevoked, person=person, actor=actor, effective=effective)

    def issue_link(self, person: str, sha256: str, expires: datetime, actor: str,
                   effective: datetime) -> None:
        self._check_account(person)
        self.trigger_event(self.SignInLinkIssued, person=person, sha256=sha256,
                           expires=expires, actor=actor, effective=effective)

    def use_link(self, link: Link, session_sha256: str, session_expires: datetime,
                 actor: str, effective: datetime) -> None:
        """The link followed (once, before it expires) starts a session."""
        if link.used:
            raise LinkGone("this sign-in link has been used already: each link "
                                   "works once; ask for a new one")
        if link.expires <= effective:
            raise LinkGone("this sign-in link has expired (a link works for 15 "
                                   "minutes); ask for a new one")
        self.trigger_event(self.SignInLinkUsed, person=link.person, sha256=link.sha256,
                           actor=actor, effective=effective)
        self.trigger_event(self.SessionStarted, person=link.person, sha256=session_sha256,
                           expires=session_expires, actor=actor, effective=effective)

    def end_session(self, session: Session, actor: str, effective: datetime) -> None:
        self.trigger_event(self.SessionEnded, person=session.person, sha256=session.sha256,
                           actor=actor, effective=effective)

    def _check_account(self, person: str) -> None:
        if person not in self.emails:
            raise NotFound(f"person '{person}' has no account", remedy="add:account")

    def _check_role(self, person: str, role: str) -> None:
        if role not in STAFF_ROLES:
            raise InvalidInput(f"a staff role is one of {', '.join(STAFF_ROLES)}, not "
                               f"{role!r} (a member's powers follow from the roster)")
        self._check_account(person)


def _looks_like_email(address: str) -> bool:
    """One @ with something either side, a dot in the domain, no spaces: enough to catch
    a slip (a person's name typed instead); whether it reaches them is the mail's test."""
    name, at, domain = address.partition("@")
    return (bool(at and name and domain) and "@" not in domain and "." in domain.strip(".")
            and not any(c.isspace() for c in address))
