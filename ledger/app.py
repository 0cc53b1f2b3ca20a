"""The ledger application: one short method per thing a user can do.

Why one module of about 700 lines: it is the list of every act a user can record, one
short method each (load, judge the rules, one aggregate command, save); splitting it by
aggregate would hide that list and the helpers they share.

Each command method loads what it needs, judges the rules of the terms in force on the
effective date (`ledger.rules`), calls one aggregate command and saves. Anything refused
raises a `LedgerError` before `save()`, so a refusal records nothing; `save()` itself
writes all of a command's events in one transaction or none.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    LRUCache,
    Repository,
)
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Transcoder
from eventsourcing.utils import Environment, EnvType

from ledger import (
    acting,
    approvals,
    attendance,
    categories,
    follows,
    permissions,
    reporting_up,
    rules,
    snapshots,
)
from ledger.accounts import ACCOUNTS_ID, Accounts, Link
from ledger.action import Action
from ledger.authors import Author
from ledger.body import Body
from ledger.decision import Decision
from ledger.directory import Organisation, Person
from ledger.errors import (
    AlreadyExists,
    InvalidInput,
    LedgerError,
    NotAuthenticated,
    NotFound,
)
from ledger.events import LedgerTranscoder, entity_id, kind_of
from ledger.kinds import KINDS, entity_name
from ledger.loading import LedgerRepository
from ledger.meeting import Meeting
from ledger.membership import MembershipRequest
from ledger.outbox import OUTBOX_ID, Notice, Outbox
from ledger.partnership import PARTNERSHIP_ID, Partnership, TermsVersion
from ledger.retry import Collision, retried
from ledger.roster import ROLES, Roster, Seat, presiding, term_clause
from ledger.store.opening import APPLICATION_NAME, OpenStore, claim_file, remove_file
from ledger.store.seam import Database, Store
from ledger.terms import Body as BodyTerms
from ledger.terms import check_name, is_slug, read_terms_file
from ledger.when import add_years, day, local_date, show

A = TypeVar("A", bound=Aggregate)

LINK_MINUTES = 15  # a sign-in link's life
SESSION_HOURS = 8  # a web session's life


@dataclass(frozen=True)
class Recorded:
    """What a command wrote: each event's position in the ledger, entity and kind."""

    position: int
    entity: str
    event: str

class Ledger(Application[UUID]):
    """The partnership's ledger on one store."""

    name = "lsp"

    def __init__(self, store: str | Store, actor: str | Author, *,
                 create: bool = False) -> None:
        where = store if isinstance(store, Store) else Store.parse(store)
        author = actor if isinstance(actor, Author) else Author.local(actor.strip())
        if not author.name.strip():
            raise InvalidInput("say who is recording", remedy="input:actor")
        self.where = where
        self.store = str(where)
        self.author = author
        self.actor = author.name  # what every event records as its `actor`
        self.retries = 0  # how many times a command was run again after a collision
        self._unit: Unit | None = None  # while `all_or_nothing` runs
        self._borrowed = False  # an `acting_as` copy: the store is its original's to close
        # The accounts as last read for a look-up, with their version (`_accounts_to_read`);
        # one list, shared by every `acting_as` copy of this opening.
        self._kept_accounts: list[tuple[int, Accounts]] = []
        self._open_store = OpenStore(where)
        self._open_store.open(self._construct, create=create)
        if self.snapshots is not None and where.is_postgres:
            with self.database() as db:
                if not snapshots.table_ready(where, db, self.snapshots.recorder):
                    self.without_snapshots()

    def _construct(self, env: dict[str, str]) -> object:
        """eventsourcing's application on the store's settings, with its snapshot store
        (bodies' snapshots: `ledger.snapshots`); its recorder."""
        super().__init__(env={**env, "IS_SNAPSHOTTING_ENABLED": "y"})
        return self.recorder

    def without_snapshots(self) -> None:
        """Load and save without snapshots (a store that has no table for them)."""
        self.snapshots = None
        self.repository.snapshot_store = None

    def replayed(self, aggregate_id: UUID, version: int | None = None) -> Aggregate:
        """The aggregate folded from its stored events alone, never from a snapshot."""
        repository = self.repository
        assert isinstance(repository, LedgerRepository)
        found: Aggregate = repository.replayed(aggregate_id, version)
        return found

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """eventsourcing's save, then a snapshot of each body saved that is due one
        (`ledger.snapshots.take_due`)."""
        recordings = super().save(*objs, **kwargs)
        snapshots.take_due(self.snapshots, objs)
        return recordings

    def database(self) -> AbstractContextManager[Database]:
        """A connection for our own SQL (read models, guards): `OpenStore.database()`."""
        return self._open_store.database()

    @contextmanager
    def all_or_nothing(self) -> Iterator[Unit]:
        """Run many commands as one: inside the block each command judges its rules as
        usual, against the ledger and what the block's earlier commands did, but records
        nothing; `Unit.save()` then writes all of it in one transaction. Leaving the block
        without saving (a refusal) records nothing at all. (`lsp roster import` judges
        every row of a file this way: ledger/roster_import.py.)"""
        if self._unit is not None:
            raise RuntimeError("all_or_nothing blocks do not nest")
        self._unit = Unit(self)
        try:
            yield self._unit
        finally:
            self._unit = None

    def close(self) -> None:
        if self._borrowed:
            return  # (eventsourcing's finaliser calls this on a dropped copy too)
        self._open_store.close()
        super().close()

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        return super().construct_env(APPLICATION_NAME, env)  # why: ledger.store.opening

    def construct_repository(self) -> Repository[UUID]:
        """eventsourcing's repository, loading without its per-event assertion
        (`ledger.loading`)."""
        made = super().construct_repository()
        return LedgerRepository(
            event_store=made.event_store, snapshot_store=made.snapshot_store,
            cache_maxsize=(None if made.cache is None else
                           made.cache.maxsize if isinstance(made.cache, LRUCache) else 0),
            fastforward=made.fastforward, fastforward_skipping=made.fastforward_skipping,
            deepcopy_from_cache=made.deepcopy_from_cache)

    def construct_transcoder(self) -> Transcoder:
        transcoder = LedgerTranscoder()
        self.register_transcodings(transcoder)
        snapshots.register(transcoder)
        return transcoder

    # ------------------------------------------------------------------ set-up and terms

    def acting_as(self, author: Author) -> Ledger:
        """The same open ledger acting for another author: a shallow copy sharing the
        store and its connections (a server opens one `Ledger` and serves each request
        as its author). Closing a copy does nothing: the opened ledger closes the store."""
        other = copy.copy(self)
        other._borrowed = True
        other.author = author
        other.actor = author.name
        other.retries = 0
        return other

    @classmethod
    def create(cls, store: str, actor: str | Author, name: str, terms_file: str,
               on: datetime | None = None) -> tuple[Ledger, list[Recorded]]:
        """A new ledger at `store` with its first terms. If anything is refused, no ledger
        file is left behind (unless one was there before); in PostgreSQL, nothing is
        recorded and the (empty) tables stay."""
        text, _ = read_terms_file(terms_file)  # a bad terms file is refused before all else
        where = Store.parse(store)
        made = claim_file(where)
        ledger = cls(where, actor, create=True)
        try:
            return ledger, ledger.init(name, terms_file, on, text=text)
        except LedgerError as refused:
            # Never remove a ledger someone else created meanwhile (their `init` won).
            empty = not ledger.recorder.max_notification_id()
            ledger.close()
            if made and empty and not isinstance(refused, AlreadyExists):
                remove_file(where)
            raise

    @retried
    def init(self, name: str, terms_file: str, on: datetime | None = None, *,
             text: str | None = None) -> list[Recorded]:
        """Found the partnership with its first terms (`text`: the file's, when the caller
        has read it already)."""
        when = self._when(on)
        if self._exists(Partnership, PARTNERSHIP_ID):
            raise AlreadyExists(f"{self.store} already holds the ledger of "
                                f"{self._partnership().name}")
        if text is None:
            text, _ = read_terms_file(terms_file)
        check_name("the partnership's name", name, remedy=None)
        partnership = Partnership.found(name, self.actor, when)
        partnership.adopt_terms(text, os.path.basename(terms_file), self.actor, when)
        return self._save(partnership)

    @retried
    def adopt_terms(self, terms_file: str, on: datetime | None = None, *,
                    text: str | None = None) -> list[Recorded]:
        """A new version of the terms (`text`: the file's, when the caller has it)."""
        when = self._when(on)
        partnership = self._partnership()
        if text is None:
            text, _ = read_terms_file(terms_file)
        partnership.adopt_terms(text, os.path.basename(terms_file), self.actor, when)
        return self._save(partnership)

    @retried
    def add_org(self, org: str, name: str) -> list[Recorded]:
        self._new_slug("org", org)
        if not name.strip():
            raise InvalidInput("an organisation needs a name", remedy="input:name")
        check_name("an organisation's name", name)
        return self._save(Organisation.register(org, name.strip(), self.actor, self._when(None)))

    @retried
    def add_person(self, person: str, name: str, category: str | None = None) -> list[Recorded]:
        self._new_slug("person", person)
        if not name.strip():
            raise InvalidInput("a person needs a name", remedy="input:name")
        check_name("a person's name", name)
        if category is not None:
            self._slug("category", category)
        return self._save(Person.register(person, name.strip(), category, self.actor,
                                          self._when(None)))

    # ------------------------------------------------------------------ accounts

    @retried
    def add_account(self, person: str, email: str, on: datetime | None = None
                    ) -> list[Recorded]:
        """The person may sign in (the e-mail address is personal data: it stays in the
        accounts' stream, out of every read model)."""
        when = self._happened(on)
        self._get(Person, "person", person)
        accounts = self._accounts(when, create=True)
        accounts.add_account(person, email, self.actor, when)
        return self._save(accounts)

    @retried
    def grant(self, person: str, role: str, on: datetime | None = None) -> list[Recorded]:
        """A staff role (admin, secretariat, auditor) from `on` (default now)."""
        when = self._when(on)
        accounts = self._accounts(when)
        accounts.grant(person, role, self.actor, when)
        return self._save(accounts)

    @retried
    def revoke(self, person: str, role: str, on: datetime | None = None) -> list[Recorded]:
        when = self._when(on)
        accounts = self._accounts(when)
        accounts.revoke(person, role, self.actor, when)
        return self._save(accounts)

    @retried
    def create_token(self, person: str, expires: datetime | None = None
                     ) -> tuple[str, list[Recorded]]:
        """A new API token for `person`, returned once: only its SHA-256 is stored. It
        expires after a year unless `expires` says otherwise; a person holds one live
        token at a time, so it replaces any token they had."""
        now = datetime.now(UTC)
        until = self._when(expires) if expires is not None else acting.default_expiry(now)
        token, sha256 = acting.new_token()
        accounts = self._accounts(now)
        accounts.create_token(person, sha256, until, self.actor, now)
        return token, self._save(accounts)

    @retried
    def revoke_token(self, person: str) -> list[Recorded]:
        now = datetime.now(UTC)
        accounts = self._accounts(now)
        accounts.revoke_token(person, self.actor, now)
        return self._save(accounts)

    def token_expiry(self, person: str) -> datetime | None:
        """When `person`'s live token expires (None: they have none)."""
        live = self._accounts_if_any().tokens.get(person)
        return live.expires if live else None

    def authenticate(self, token: str, route: str = "api") -> Author:
        """The author a token stands for, or `NotAuthenticated`: the live token is found
        by the token's SHA-256 in one look-up and the two hashes compared in constant time
        (`ledger.acting.authenticate` says why the time taken tells nothing of any token).
        The token itself is never logged, stored or echoed."""
        return acting.authenticate(self._accounts_if_any(), token, route, datetime.now(UTC))

    def accounts_version(self) -> int:
        """The version of the accounts record in the store (0 before the first account):
        every account, role, token, sign-in link or session event moves it on, and nothing
        else does. One indexed read of the store, so a server can tell whether an
        authentication it made still stands (web/server.py, `Authenticated`) without
        loading the record."""
        last = self.recorder.select_events(ACCOUNTS_ID, desc=True, limit=1)
        return int(last[0].originator_version) if last else 0

    # ------------------------------------------------------------------ web sign-in

    @retried
    def issue_sign_in_link(self, email: str, deliver: Callable[[str, str], None],
                           minutes: int = LINK_MINUTES) -> str | None:
        """A one-use sign-in link for the account with this e-mail address: the link's
        token is handed to `deliver(address, token)` (the account's own address) and, if
        that returns, recorded (its SHA-256 only). Returns the person; None, with nothing
        delivered or recorded, when no account has the address (the caller must not say
        which). If `deliver` raises, nothing is recorded."""
        now = datetime.now(UTC)
        accounts = self._accounts_if_any()
        person = accounts.person_of_email(email)
        if person is None:
            return None
        permissions.check("sign-in", self.standing())  # before anything leaves
        token, sha256 = acting.new_secret()
        deliver(accounts.emails[person], token)
        accounts.issue_link(person, sha256, now + timedelta(minutes=minutes), self.actor, now)
        self._save(accounts)
        return person

    def sign_in_link(self, token: str) -> Link:
        """The link a token is, used or not, expired or not; `NotAuthenticated` when no
        link is."""
        found = acting.find(self._accounts_if_any().links, token)
        if found is None:
            raise NotAuthenticated("this sign-in link is not one this ledger sent: ask for "
                                   "a new one")
        return found

    @retried
    def sign_in(self, token: str, hours: int = SESSION_HOURS) -> tuple[str, Author]:
        """Follow a sign-in link: it is used (once, unexpired), and a web session starts.
        Returns the session's id, once (only its SHA-256 is recorded), and its author."""
        now = datetime.now(UTC)
        link = self.sign_in_link(token)
        accounts = self._accounts(now)
        session, sha256 = acting.new_secret()
        accounts.use_link(link, sha256, now + timedelta(hours=hours), self.actor, now)
        self._save(accounts)
        return session, Author.signed_in(link.person, "web", "session")

    def session_author(self, session: str) -> Author:
        """The author a live web session stands for, or `NotAuthenticated`."""
        found = acting.find(self._accounts_to_read().sessions, session)
        if found is None:
            raise NotAuthenticated("this session is not known or has ended: sign in again")
        if found.expires <= datetime.now(UTC):
            raise NotAuthenticated("this session has expired: sign in again")
        return Author.signed_in(found.person, "web", "session")

    @retried
    def sign_out(self, session: str) -> list[Recorded]:
        """End a web session (nothing recorded if it had ended already)."""
        now = datetime.now(UTC)
        accounts = self._accounts_if_any()
        found = acting.find(accounts.sessions, session)
        if found is None:
            return []
        accounts.end_session(found, self.actor, now)
        return self._save(accounts)

    def authorise(self, action: str) -> None:
        """For reads (writes are judged in `_save`): `NotPermitted` unless the
        permission table lets this ledger's author do `action`."""
        if action not in permissions.ACTIONS:
            raise InvalidInput(f"an action is one of {', '.join(permissions.ACTIONS)}, "
                               f"not {action!r}")
        permissions.check(action, self.standing())

    def standing(self) -> permissions.Standing:
        """What the permission table judges this ledger's author on, now: their staff
        roles, and whether they sit on a body (a seat or a deputy's place)."""
        person = self.author.person
        if self.author.is_local or person is None:
            return permissions.Standing(self.author)
        now = self._now()
        roles = self._accounts_if_any().roles(person, now)
        return permissions.Standing(self.author, roles, self._sits_anywhere(person, now))

    def _sits_anywhere(self, person: str, when: datetime) -> bool:
        try:
            bodies = list(self.terms_at(when).terms.bodies)
        except NotFound:
            return False
        for body_id in bodies:
            roster = self._roster_if_any(body_id, when)
            if roster and any(s.holder == person or s.deputy == person for s in roster.seats):
                return True
        return False

    def _accounts(self, when: datetime, create: bool = False) -> Accounts:
        try:
            found: Aggregate = self.repository.get(ACCOUNTS_ID)
        except AggregateNotFoundError:
            if create:
                return Accounts.open(self.actor, when)
            raise NotFound("no one has an account yet", remedy="add:account") from None
        if not isinstance(found, Accounts):
            raise NotFound("the ledger's accounts record is missing")
        return found

    def _accounts_to_read(self) -> Accounts:
        """The accounts for a look-up that changes nothing (whom a session stands for), as
        last loaded while the record's version is unchanged (one indexed read): every page
        a member opens looks up her session, and the record grows with every sign-in, so
        it is not replayed on each. Any account, role, token, link or session event moves
        the version on, and the next look-up loads the record again."""
        version = self.accounts_version()
        kept = self._kept_accounts
        if kept and kept[0][0] == version:
            return kept[0][1]
        found = self._accounts_if_any()
        kept[:] = [(version, found)]
        return found

    def _accounts_if_any(self) -> Accounts:
        """The accounts, or, before the first, an empty record (never saved): nobody,
        no roles, no tokens."""
        try:
            found: Aggregate = self.repository.get(ACCOUNTS_ID)
        except AggregateNotFoundError:
            return Accounts.open(self.actor, self._now())
        return found if isinstance(found, Accounts) else Accounts.open(self.actor, self._now())

    # ------------------------------------------------------------------ the outbox

    def outbox(self) -> Outbox:
        """The notices owed and every attempt to send them (before the first, an empty
        outbox, never saved). The e-mail addresses are not in it: see `email_of`."""
        try:
            found: Aggregate = self._load(OUTBOX_ID)
        except AggregateNotFoundError:
            return Outbox.open(self.actor, self._now())
        return found if isinstance(found, Outbox) else Outbox.open(self.actor, self._now())

    def email_of(self, person: str) -> str | None:
        """The address a notice to `person` goes to: their account's (None: no account)."""
        return self._accounts_if_any().emails.get(person)

    def staff(self, role: str, when: datetime | None = None) -> list[str]:
        """The people holding the staff role `role` on `when` (now unless told)."""
        at = self._when(when)
        accounts = self._accounts_if_any()
        return sorted({g.person for g in accounts.grants
                       if role in accounts.roles(g.person, at)})

    def queue_notices(self, notices: list[Notice], at: datetime | None = None
                      ) -> list[Recorded]:
        """Queue each notice not queued before (by its key), at `at` (now unless told):
        queuing again is a no-op."""
        outbox = self.outbox()
        if not outbox.queue(notices, self.actor, self._when(at)):
            return []
        return self._save(outbox)

    def record_attempt(self, outbox: Outbox, key: str, error: str | None,
                       at: datetime | None = None) -> list[Recorded]:
        """Record one attempt (at `at`, now unless told) to send `key` on the `outbox` as
        loaded before sending: if another process recorded anything since, this is
        refused (`Collision`)."""
        outbox.attempted(key, error, self.actor, self._when(at))
        return self._save(outbox)

    # ------------------------------------------------------------------ membership

    @retried
    def add_seat(self, body_id: str, seat: str, org: str, *, voting: bool = True,
                 co_opted: bool = False, category: str | None = None,
                 term_years: int | None = None, on: datetime | None = None) -> list[Recorded]:
        when = self._when(on)
        self._slug("seat", seat)
        if category is not None:
            self._slug("category", category)
        if term_years is not None and term_years < 1:
            raise InvalidInput("a seat's term is 1 year or more", remedy="input:term-years")
        version, terms = self._body_terms(body_id, when)
        self._get(Organisation, "org", org)
        body = self._body(body_id, when, create=True)
        body.check_new_seat(seat)
        rules.co_option(terms, co_opted).enforce(version)
        # The new seat counts from `when` on: judge every later date on which seats change.
        for roster in body.rosters_from(when):
            rules.composition(terms, category, roster.seats).enforce(version)
            rules.entitlement(terms, org, voting, roster.seats).enforce(version)
            categories.new_seat(terms, org, voting, category, roster.seats,
                                self._categories_held(terms, org, roster.seats)
                                ).enforce(version)
        body.add_seat(seat, org, voting, co_opted, category, term_years, self.actor, when,
                      follows.seat_follows_what(terms, seat))
        return self._save(body)

    @retried
    def fill_seat(self, body_id: str, seat_id: str, person_id: str,
                  on: datetime | None = None) -> list[Recorded]:
        when = self._when(on)
        version, terms = self._body_terms(body_id, when)
        body = self._body(body_id, when)
        person = self._get(Person, "person", person_id)
        seat = body.seat_on(seat_id, when)
        follows.seat_follows(terms, seat).enforce(version)
        membership = terms.membership
        parent = None
        if membership and membership.drawn_from:
            parent = self._roster_if_any(membership.drawn_from, when)
        rules.drawn_from(terms, seat, person_id, parent).enforce(version)
        rules.co_optees_confined(body_id, person_id,
                                 self._confined_co_options(person_id, when)).enforce(version)
        rules.seat_category(terms, seat, person_id, person.category).enforce(version)
        seats = body.roster(when).seats
        categories.holder(terms, seat, person_id, person.category, seats,
                          self._categories_held(terms, seat.org, seats)).enforce(version)
        rules.one_seat_each(body.roster(when), seat_id, person_id).enforce(version)
        years = seat.term_years or (membership.term_years if membership else None)
        term_ends = add_years(local_date(when), years).isoformat() if years else None
        body.fill_seat(seat_id, person_id, term_ends, self.actor, when)
        return self._save(body)

    @retried
    def vacate_seat(self, body_id: str, seat_id: str, on: datetime | None = None) -> list[Recorded]:
        when = self._when(on)
        version, terms = self._body_terms(body_id, when)
        body = self._body(body_id, when)
        follows.seat_follows(terms, body.seat_on(seat_id, when)).enforce(version)
        body.vacate_seat(seat_id, self.actor, when)
        return self._save(body)

    @retried
    def remove_seat(self, body_id: str, seat_id: str, on: datetime | None = None) -> list[Recorded]:
        when = self._when(on)
        self._body_terms(body_id, when)
        body = self._body(body_id, when)
        body.remove_seat(seat_id, self.actor, when)
        return self._save(body)

    @retried
    def assign_role(self, body_id: str, role: str, seat_id: str,
                    on: datetime | None = None) -> list[Recorded]:
        when = self._when(on)
        if role not in ROLES:
            raise InvalidInput(f"a role is one of {', '.join(ROLES)}, not {role!r}")
        version, terms = self._body_terms(body_id, when)
        body = self._body(body_id, when)
        seat = body.seat_on(seat_id, when)
        rules.role_holder(terms, role, seat).enforce(version)
        body.assign_role(role, seat_id, self.actor, when)
        return self._save(body)

    @retried
    def approve_role(self, body_id: str, role: str, meeting: str, item: str
                     ) -> list[Recorded]:
        """Record that the holder of `role` of `body_id` was approved by the body its
        terms name, by `item` agreed at `meeting` of that body (Daventry 4.14); effective
        at the meeting."""
        if role not in ROLES:
            raise InvalidInput(f"a role is one of {', '.join(ROLES)}, not {role!r}")
        m = self._held(meeting)
        version, terms = self._body_terms(body_id, m.when)
        _, approver = self._body_terms(m.body, m.when)
        it = m.state.item(item)
        ended = (it.outcome or {}).get("result") if it.outcome else (
            it.how if it.consensus is not None else None)
        approvals.approval(terms, role, m.body, approver.name, ended).enforce(version)
        body = self._body(body_id, m.when)
        required = terms.roles.for_role(role)
        clause = (required.approval_clause or required.clause) if required else ""
        body.approve_role(role, m.body, meeting, item, clause, self.actor, m.when)
        return self._save(body)

    @retried
    def nominate_deputy(self, body_id: str, seat_id: str, person_id: str,
                        on: datetime | None = None) -> list[Recorded]:
        when = self._when(on)
        version, terms = self._body_terms(body_id, when)
        body = self._body(body_id, when)
        self._get(Person, "person", person_id)
        seat = body.seat_on(seat_id, when)
        rules.deputies_allowed(terms).enforce(version)
        # Whoever's fixed term in the seat has ended still holds it until re-appointed
        # (or the seat is vacated): they are not its deputy either.
        rules.deputy_not_holder(seat.as_appointed(), person_id).enforce(version)
        # A deputy sits in a member's place: a co-optee confined to their own body does
        # not become a deputy elsewhere, as they do not become a member.
        rules.co_optees_confined(body_id, person_id,
                                 self._confined_co_options(person_id, when)).enforce(version)
        body.nominate_deputy(seat_id, person_id, self.actor, when)
        return self._save(body)

    @retried
    def revoke_deputy(self, body_id: str, seat_id: str,
                      on: datetime | None = None) -> list[Recorded]:
        when = self._when(on)
        self._body_terms(body_id, when)
        body = self._body(body_id, when)
        body.revoke_deputy(seat_id, self.actor, when)
        return self._save(body)

    @retried
    def review_membership(self, body_id: str, note: str = "",
                          on: datetime | None = None) -> list[Recorded]:
        when = self._happened(on)
        self._body_terms(body_id, when)
        body = self._body(body_id, when, create=True)
        body.review_membership(note.strip(), self.actor, when)
        return self._save(body)

    @retried
    def request_membership(self, body_id: str, org: str, request: str,
                           on: datetime | None = None) -> list[Recorded]:
        when = self._happened(on)
        self._new_slug("request", request)
        version, terms = self._body_terms(body_id, when)
        self._get(Organisation, "org", org)
        m = terms.membership
        decided_by = (m.requests_decided_by if m else None) or body_id
        clause = (m.requests_clause or m.clause) if m else terms.clause
        req = MembershipRequest.request(request, body_id, org, decided_by, clause, version,
                                        self.actor, when)
        return self._save(req)

    @retried
    def recommend_membership(self, request: str, recommendation: str, meeting: str
                             ) -> list[Recorded]:
        """Record the recommendation on a request, made at a quorate meeting of the body
        requests come through (Lewisham: the PSG); the deciding body decides after it."""
        req = self._get(MembershipRequest, "request", request)
        m = self._held(meeting)
        m.ensure_open()
        version, terms = self._body_terms(req.body, m.when)
        rules.membership_request_via(terms, req.body, m.body).enforce(version)
        rules.quorate(self.quorum(meeting)).enforce(version)
        req.recommend(recommendation, meeting, self.actor, m.when)
        return self._save(req)

    @retried
    def decide_membership(self, request: str, decision: str, meeting: str
                          ) -> list[Recorded]:
        """Record the decision on a request, taken at a quorate meeting of the body the
        terms name; it takes effect at the meeting."""
        req = self._get(MembershipRequest, "request", request)
        m = self._held(meeting)
        m.ensure_open()
        version, terms = self._body_terms(req.body, m.when)
        rules.membership_request_decider(terms, req.body, m.body).enforce(version)
        rules.membership_recommended(terms, req.recommended_on, m.when).enforce(version)
        rules.quorate(self.quorum(meeting)).enforce(version)
        req.decide(decision, meeting, self.actor, m.when)
        m.note_request_decided(request, decision, self.actor)  # serialised with a close
        return self._save(req, m)

    @retried
    def retract(self, entity: str, version: int, reason: str,
                on: datetime | None = None) -> list[Recorded]:
        """Correct a mistaken event: it no longer counts, and both stay on record."""
        kind, slug = self.parse_entity(entity)
        when = self._happened(on)
        target: Body | Meeting | Decision
        if kind == "body":
            target = self._get(Body, "body", slug)
        elif kind == "meeting":
            target = self._get(Meeting, "meeting", slug)
        elif kind == "decision":
            target = self._get(Decision, "decision", slug)
        else:
            raise InvalidInput(f"only the events of a body, a meeting or a decision can be "
                               f"retracted (body:SLUG, meeting:SLUG or decision:SLUG), not "
                               f"{kind}")
        target.retract(version, reason, self.actor, when)
        return self._save(target)

    # ------------------------------------------------------------------ meetings

    @retried
    def schedule_meeting(self, body_id: str, meeting: str, on: datetime,
                         venue: str = "") -> list[Recorded]:
        when = self._when(on)
        self._new_slug("meeting", meeting)
        version, _ = self._body_terms(body_id, when)
        if venue.strip():
            check_name("a venue", venue.strip(), remedy="input:venue")
        return self._save(Meeting.schedule(meeting, body_id, version, self.actor, when,
                                           venue))

    @retried
    def reschedule_meeting(self, meeting: str, on: datetime, venue: str = ""
                           ) -> list[Recorded]:
        """Move a meeting not yet held to another date (and venue); a published agenda's
        notice is judged again against the new date, with the urgency it gave."""
        when = self._when(on)
        m = self._meeting(meeting)
        now = self._now()
        if when <= now:
            raise InvalidInput(f"a meeting is rescheduled to a time to come, not {show(when)} "
                               "(ledger rule)")
        version, terms = self._body_terms(m.body, when)
        if venue.strip():
            check_name("a venue", venue.strip(), remedy="input:venue")
        days_before = None
        published = m.state.published
        if published is not None:
            days_before = (local_date(when) - local_date(published["when"])).days
            rules.notice(terms, days_before, published.get("urgent")).enforce(version)
        m.reschedule(when, venue, days_before, self.actor, now)
        return self._save(m)

    @retried
    def add_agenda_item(self, meeting: str, item: str, title: str,
                        proposer: str | None = None, partner: str | None = None,
                        minutes_of: str | None = None) -> list[Recorded]:
        """An item on the agenda, proposed by a seat, or submitted by a partner
        organisation without one where the terms let any partner (Daventry 4.8);
        `minutes_of`: the item approves the minutes of that earlier meeting of the
        same body (decided as any item is, by consensus or a vote)."""
        m = self._meeting(meeting)
        self._slug("item", item)
        if proposer is not None:
            self._seat_at_meeting(m, proposer)
        if partner is not None:
            version, terms = self._body_terms(m.body, m.when)
            self._get(Organisation, "org", partner)
            attendance.partner_proposes(terms, partner).enforce(version)
        if minutes_of is not None:
            self._earlier_meeting(m, minutes_of)
        m.add_item(item, title, proposer, self.actor, partner or "", minutes_of)
        return self._save(m)

    def _earlier_meeting(self, m: Meeting, earlier: str) -> None:
        """Refuse minutes to approve that are not those of an earlier meeting of the body."""
        previous = self._meeting(earlier)
        previous.ensure_scheduled()
        if previous.body != m.body or previous.when >= m.when:
            raise InvalidInput(
                f"meeting '{m.slug}' approves the minutes of an earlier meeting of "
                f"'{m.body}'; '{earlier}' is a meeting of '{previous.body}' on "
                f"{show(previous.when)} (ledger rule)", remedy="input:minutes-of")

    @retried
    def publish_agenda(self, meeting: str, on: datetime | None = None,
                       urgent: str | None = None) -> list[Recorded]:
        m = self._meeting(meeting)
        when = self._when(on)
        if when > m.when:
            raise InvalidInput(f"meeting '{meeting}' was held on {day(m.when)}; an agenda "
                               "cannot be published after it")
        self._not_future(when)
        version, terms = self._body_terms(m.body, when)
        days_before = (local_date(m.when) - local_date(when)).days
        verdict = rules.notice(terms, days_before, urgent)
        verdict.enforce(version)
        m.publish(urgent.strip() if urgent else None, days_before,
                  terms.agenda.notice_days if terms.agenda else None, verdict.clause,
                  self.actor, when)
        return self._save(m)

    @retried
    def attend(self, meeting: str, seat_id: str, as_deputy: bool = False) -> list[Recorded]:
        m = self._held(meeting)
        version, terms = self._body_terms(m.body, m.when)
        seat = self._seat_at_meeting(m, seat_id)
        self._still_qualifies(m.body, terms, version, seat, as_deputy, m.when)
        rules.attendance(terms, seat, as_deputy).enforce(version)
        person = (seat.deputy if as_deputy else seat.holder) or ""
        rules.one_person_once(person, seat_id, m.state.present).enforce(version)
        m.attend(seat_id, person, as_deputy, self.actor)
        return self._save(m)

    @retried
    def send_apologies(self, meeting: str, seat_id: str) -> list[Recorded]:
        m = self._held(meeting)
        seat = self._seat_at_meeting(m, seat_id)
        m.send_apologies(seat_id, seat.holder, self.actor)
        return self._save(m)

    @retried
    def note_in_attendance(self, meeting: str, person: str, capacity: str,
                           org: str | None = None) -> list[Recorded]:
        """Someone at the meeting without a seat: never in the quorum, never a vote. A
        partner (Daventry 4.9) or an invitee (Lewisham working groups, principle 5) is
        there by a right the terms give, judged by `ledger.attendance`."""
        m = self._held(meeting)
        found = self._get(Person, "person", person)
        if org is not None:
            self._get(Organisation, "org", org)
        clause = ""
        if capacity in attendance.CAPACITIES:
            version, terms = self._body_terms(m.body, m.when)
            if capacity == attendance.PARTNER:
                roster = self._roster_if_any(m.body, m.when)
                held = roster.seats_held_by(person) if roster else ()
                verdict = attendance.partner_attends(terms, person, org,
                                                     held[0].seat if held else None)
            else:
                verdict = attendance.invited(terms, person, found.category)
            verdict.enforce(version)
            clause = verdict.clause
        m.note_in_attendance(person, capacity, self.actor, org or "", clause)
        return self._save(m)

    @retried
    def declare_interest(self, meeting: str, item: str, person: str, nature: str,
                         note: str = "", left_room: bool = False) -> list[Recorded]:
        m = self._held(meeting)
        self._get(Person, "person", person)
        version, terms = self._body_terms(m.body, m.when)
        i = terms.interests
        excludes = nature == "prejudicial" and i is not None and i.prejudicial_excludes
        votes = m.state.item(item).votes
        rules.interest_before_vote(terms, person, votes, excludes,
                                   left_room and nature == "prejudicial").enforce(version)
        m.declare_interest(item, person, nature, note, left_room, excludes,
                           i.clause if i else "n/a", self.actor)
        return self._save(m)

    def quorum(self, meeting: str, item: str | None = None) -> rules.QuorumCount:
        """The quorum of a meeting, or of one item after exclusions, under the terms in
        force on the day of the meeting."""
        m = self._meeting(meeting)
        _, terms = self._body_terms(m.body, m.when)
        roster = self._roster_if_any(m.body, m.when) or Roster(m.body, m.when, None, ())
        if item:
            m.state.item(item)  # refuses an item the meeting does not have
        return rules.meeting_quorum(terms, roster, m.state, item)

    @retried
    def cast_vote(self, meeting: str, item: str, seat_id: str, choice: str, *,
                  evidence: str = "") -> list[Recorded]:
        """A seat's vote, cast by the person sitting in it (or recorded for them, with
        `evidence` of their vote: `ledger.permissions`)."""
        m = self._held(meeting)
        version, terms = self._body_terms(m.body, m.when)
        rules.decision_making(terms, "vote").enforce(version)
        self._no_vote_without_seat(m, terms, version, seat_id)
        seat = self._seat_at_meeting(m, seat_id)
        it = m.state.item(item)
        if it.decided:
            raise InvalidInput(f"item '{item}' is closed: no more votes")
        excluded = seat_id in m.state.excluded_seats(item, "interest")
        rules.may_vote(terms, seat, seat_id in m.state.present, excluded, seat_id in it.votes,
                       m.state.left_room(item, seat_id)).enforce(version)
        person = m.state.present[seat_id]["person"]
        rules.one_person_once(person, seat_id, it.votes, "vote").enforce(version)
        rules.quorate(self.quorum(meeting, item)).enforce(version)
        m.cast_vote(item, seat_id, person, choice, self.actor, evidence)
        return self._save(m)

    @retried
    def close_vote(self, meeting: str, item: str, casting: str | None = None,
                   alternatives: str = "", resolution: str = "") -> list[Recorded]:
        m = self._held(meeting)
        version, terms = self._body_terms(m.body, m.when)
        votes = m.state.item(item).votes
        count = self.quorum(meeting, item)
        rules.quorate(count).enforce(version)
        tally = {c: sum(1 for v in votes.values() if v["choice"] == c) for c in rules.CHOICES}
        if casting is not None:
            roster = self._roster_if_any(m.body, m.when)
            chair = presiding(roster, m.state.present, m.state.excluded_seats(item))
            in_person = chair is not None and not m.state.present.get(
                chair.seat, {"deputy": True})["deputy"]
            excluded = chair is not None and chair.seat in m.state.excluded_seats(item)
            rules.casting_vote(terms, tally["for"] == tally["against"], in_person, excluded
                               ).enforce(version)
        result = rules.outcome(terms, tally["for"], tally["against"], tally["abstain"], casting)
        m.close_vote(item, {
            "result": result.result, "votes_for": result.votes_for,
            "votes_against": result.votes_against, "abstentions": result.abstentions,
            "casting": result.casting, "votes": json.dumps(votes, sort_keys=True),
            "reason": result.reason, "clause": result.clause, "quorum": count.reason,
            "terms_version": version}, self.actor, alternatives, resolution)
        return self._save(m)

    @retried
    def decide_by_consensus(self, meeting: str, item: str, text: str,
                            alternatives: str = "", outcome: str = "agreed",
                            referred_to: str | None = None) -> list[Recorded]:
        m = self._held(meeting)
        version, terms = self._body_terms(m.body, m.when)
        rules.decision_making(terms, outcome).enforce(version)
        if referred_to is not None:
            self._body_terms(referred_to, m.when)  # a body of the terms in force
            if referred_to == m.body:
                raise InvalidInput(f"an item of {terms.name} is referred to another body, "
                                   "not to itself", remedy="input:to")
        count = self.quorum(meeting, item)
        rules.quorate(count).enforce(version)
        m.decide_by_consensus(item, text, count.reason, version, self.actor, alternatives,
                              outcome, referred_to)
        return self._save(m)

    @retried
    def close_meeting(self, meeting: str) -> list[Recorded]:
        m = self._held(meeting)
        m.close(self.actor)
        return self._save(m)

    def meeting_state(self, meeting: str) -> Meeting:
        return self._meeting(meeting)

    # ------------------------------------------------------------------ actions

    @retried
    def add_action(self, meeting: str, action: str, title: str, owner: str,
                   due: date | None = None, item: str | None = None) -> list[Recorded]:
        """An action agreed at a meeting (held: its time has come; it may be closed, as
        action notes are written up after), owned by a person, due by a date."""
        m = self._held(meeting)
        self._new_slug("action", action)
        self._get(Person, "person", owner)
        if item is not None:
            self._slug("item", item)
            m.state.item(item)
        return self._save(Action.add(action, meeting, m.body, title, owner, due, item,
                                     self.actor, m.when))

    @retried
    def complete_action(self, action: str, on: datetime | None = None) -> list[Recorded]:
        a = self._get(Action, "action", action)
        a.complete(self.actor, self._happened(on))
        return self._save(a)

    # ------------------------------------------------------------------ between meetings

    @retried
    def propose_decision(self, body_id: str, decision: str, title: str, by: str, *,
                         as_deputy: bool = False, text: str = "", reasons: str = "",
                         alternatives: str = "", urgency: str = "", evidence: str = "",
                         on: datetime | None = None) -> list[Recorded]:
        """A member proposes a decision between meetings; with enough agreement already
        (the chair proposing where one approval is needed, say) it is taken at once.
        Recorded for the member by someone else, `evidence` says on what evidence."""
        when = self._happened(on)
        self._new_slug("decision", decision)
        version, terms = self._body_terms(body_id, when)
        rules.decision_making(terms, "between-meetings").enforce(version)
        rules.between_meetings_allowed(terms).enforce(version)
        roster, seat = self._seat_on(body_id, by, when)
        self._still_qualifies(body_id, terms, version, seat, as_deputy, when)
        rules.agrees_between_meetings(terms, seat, as_deputy).enforce(version)
        person = (seat.deputy if as_deputy else seat.holder) or ""
        report_to = (terms.between_meetings.report_to if terms.between_meetings else None
                     ) or body_id
        d = Decision.propose(decision, body_id, title, text, reasons, alternatives, urgency,
                             by, person, as_deputy, report_to, version, self.actor, when,
                             evidence)
        d.take_if_agreed(terms, version, _chair_seat(roster), self.actor, when)
        return self._save(d)

    @retried
    def approve_decision(self, decision: str, by: str, *, as_deputy: bool = False,
                         evidence: str = "", on: datetime | None = None) -> list[Recorded]:
        """A member approves; judged by the terms in force on the day of the approval.
        Recorded for the member by someone else, `evidence` says on what evidence."""
        d = self._get(Decision, "decision", decision)
        when = self._happened(on)
        version, terms = self._body_terms(d.body, when)
        rules.between_meetings_allowed(terms).enforce(version)
        roster, seat = self._seat_on(d.body, by, when)
        person = self._may_approve(d, terms, version, seat, as_deputy, when)
        d.approve(by, person, as_deputy, self.actor, when, evidence)
        d.take_if_agreed(terms, version, _chair_seat(roster), self.actor, when)
        return self._save(d)

    @retried
    def decline_decision(self, decision: str, by: str, *, as_deputy: bool = False,
                         reason: str = "", evidence: str = "", on: datetime | None = None
                         ) -> list[Recorded]:
        """A member asked to approve declines, for the seat `by`: only whoever could
        approve may decline (the same checks as `approve_decision`), once; the proposal
        stays proposed. Recorded for the member by someone else, `evidence` says on what
        evidence."""
        d = self._get(Decision, "decision", decision)
        when = self._happened(on)
        version, terms = self._body_terms(d.body, when)
        rules.between_meetings_allowed(terms).enforce(version)
        _, seat = self._seat_on(d.body, by, when)
        person = self._may_approve(d, terms, version, seat, as_deputy, when)
        d.decline(by, person, as_deputy, reason, self.actor, when, evidence)
        return self._save(d)

    def possible_approvers(self, decision: str, on: datetime | None = None
                           ) -> list[tuple[str, str, bool]]:
        """Whose approval of a proposed decision could still count on `on` (now unless
        told): (seat, person, as_deputy) for the holder and the nominated deputy of each
        seat that `approve_decision` would accept, by the very same checks. Nobody for a
        decision no longer proposed, or a body whose terms make no provision."""
        d = self._get(Decision, "decision", decision)
        when = self._when(on)
        version, terms = self._body_terms(d.body, when)
        roster = self._roster_if_any(d.body, when)
        if d.status != "proposed" or roster is None or terms.between_meetings is None:
            return []
        found = []
        for seat in roster.seats:
            for as_deputy, person in ((False, seat.holder), (True, seat.deputy)):
                if person is None:
                    continue
                try:
                    self._may_approve(d, terms, version, seat, as_deputy, when)
                except LedgerError:
                    continue
                found.append((seat.seat, person, as_deputy))
        return found

    def agreement_so_far(self, decision: str, on: datetime | None = None
                         ) -> tuple[BodyTerms, int, bool]:
        """Where a decision between meetings stands on `on` (now unless told): the terms
        of its body then in force, how many people have agreed (the proposer included)
        and whether the chair, in person, is one of them: what `rules.agreement` judges."""
        d = self._get(Decision, "decision", decision)
        when = self._when(on)
        _, terms = self._body_terms(d.body, when)
        roster = self._roster_if_any(d.body, when)
        return (terms, d.people_agreeing(),
                d.chair_agreed(_chair_seat(roster) if roster else None))

    def _may_approve(self, d: Decision, terms: BodyTerms, version: int, seat: Seat,
                     as_deputy: bool, when: datetime) -> str:
        """Who approves for `seat` (its holder, or its deputy): refused by the first rule
        that forbids it (still qualified, a voting member or an empowered deputy, each
        seat and each person once, no prejudicial interest)."""
        self._still_qualifies(d.body, terms, version, seat, as_deputy, when)
        earlier = next((a for a in d.agreeing if a.seat == seat.seat), None)
        rules.agrees_between_meetings(terms, seat, as_deputy, earlier is not None,
                                      earlier.as_deputy if earlier else None
                                      ).enforce(version)
        person = (seat.deputy if as_deputy else seat.holder) or ""
        rules.person_agrees_once(terms, person, seat.seat,
                                 [(a.seat, a.person) for a in d.agreeing]).enforce(version)
        prejudicial = any(i["person"] == person and i["nature"] == "prejudicial"
                          for i in d.interests)
        rules.interest_excludes_agreement(terms, person, prejudicial).enforce(version)
        return person

    @retried
    def declare_decision_interest(self, decision: str, person: str, nature: str,
                                  note: str = "", on: datetime | None = None
                                  ) -> list[Recorded]:
        d = self._get(Decision, "decision", decision)
        self._get(Person, "person", person)
        if nature not in ("personal", "prejudicial"):
            raise InvalidInput(f"an interest is personal or prejudicial, not {nature!r}")
        d.declare_interest(person, nature, note, self.actor, self._happened(on))
        return self._save(d)

    @retried
    def withdraw_decision(self, decision: str, reason: str, on: datetime | None = None
                          ) -> list[Recorded]:
        d = self._get(Decision, "decision", decision)
        d.withdraw(reason, self.actor, self._happened(on))
        return self._save(d)

    @retried
    def lapse_decision(self, decision: str, reason: str, on: datetime | None = None
                       ) -> list[Recorded]:
        """A proposal not taken before the body met lapses: the matter goes to a meeting."""
        d = self._get(Decision, "decision", decision)
        d.lapse(reason, self.actor, self._happened(on))
        return self._save(d)

    @retried
    def report_decision(self, decision: str, meeting: str, outcome: str, reason: str = ""
                        ) -> list[Recorded]:
        """Report a taken decision to a quorate, open meeting of the body the terms name;
        it takes effect at the meeting."""
        d = self._get(Decision, "decision", decision)
        m = self._held(meeting)
        m.ensure_open()
        version, terms = self._body_terms(d.body, m.when)
        rules.reported_to(terms, d.report_to, m.body).enforce(version)
        rules.quorate(self.quorum(meeting)).enforce(version)
        d.report_to_meeting(meeting, outcome, reason, self.actor, m.when)
        # Saved with the meeting, so a close recorded meanwhile collides with the report,
        # which is then judged again against the closed meeting (and refused).
        m.receive_report(decision, outcome, self.actor)
        return self._save(d, m)

    @retried
    def report_item(self, source_meeting: str, item: str, meeting: str, outcome: str,
                    reason: str = "") -> list[Recorded]:
        """Report a decision taken at a meeting of a body that reports its decisions up
        (`reports_to` with `decisions = true`) to a quorate, open meeting of one of the
        bodies it reported to on the day it was taken (ledger/reporting_up.py). A report
        to one parent leaves it awaiting report to the other."""
        if outcome not in reporting_up.REPORTED_OUTCOMES:
            raise InvalidInput(f"an outcome is one of "
                               f"{', '.join(reporting_up.REPORTED_OUTCOMES)}, not {outcome!r}")
        source = self._meeting(source_meeting)
        source.ensure_scheduled()
        m = self._held(meeting)
        m.ensure_open()
        version, terms = self._body_terms(source.body, source.when)
        decided = source.state.item(item)
        reporting_up.reported_item(terms, source_meeting, decided, local_date(source.when),
                                   m.body, source.when, m.when).enforce(version)
        rules.quorate(self.quorum(meeting)).enforce(version)
        line = reporting_up.line_to(terms, m.body, local_date(source.when))
        m.receive_item_report(source_meeting, item, source.body, outcome, reason,
                              reporting_up.clause_of(terms, line), version, self.actor)
        return self._save(m)

    def decision_state(self, decision: str) -> Decision:
        return self._get(Decision, "decision", decision)

    def _seat_on(self, body_id: str, seat_id: str, when: datetime) -> tuple[Roster, Seat]:
        roster = self._roster_if_any(body_id, when)
        seat = roster.seat(seat_id) if roster else None
        if roster is None or seat is None:
            raise NotFound(f"there is no seat '{seat_id}' on '{body_id}' on {day(when)}")
        return roster, seat

    # ------------------------------------------------------------------ reading

    def terms_at(self, when: datetime) -> TermsVersion:
        return self._partnership().version_at(when)

    def terms_versions(self) -> list[TermsVersion]:
        return list(self._partnership().versions)

    def org(self, org: str) -> Organisation | None:
        """The organisation `org` as recorded, or None when the ledger has none."""
        return self._found(Organisation, "org", org)

    def person(self, person: str) -> Person | None:
        """The person `person` as recorded, or None when the ledger has none."""
        return self._found(Person, "person", person)

    def _found(self, cls: type[A], kind: str, slug: str) -> A | None:
        try:
            return self._get(cls, kind, slug)
        except NotFound:
            return None

    def partnership_name(self) -> str:
        return self._partnership().name

    def roster(self, body_id: str, when: datetime) -> Roster:
        """The roster as the write side sees it (everything known now)."""
        self._body_terms(body_id, when)
        return self._roster_if_any(body_id, when) or Roster(body_id, when, None, ())

    @staticmethod
    def parse_entity(entity: str) -> tuple[str, str]:
        kind, sep, slug = entity.partition(":")
        if not sep or kind not in KINDS or not is_slug(slug):
            raise InvalidInput(f"name an entity as KIND:SLUG with KIND one of "
                               f"{', '.join(KINDS)} (e.g. body:executive), not {entity!r}")
        return kind, slug

    # ------------------------------------------------------------------ helpers

    def _now(self) -> datetime:
        """The clock every command reads (re-judging history replays it: ledger.audit.rejudge)."""
        return datetime.now(UTC)

    def _when(self, on: datetime | None) -> datetime:
        if on is None:
            return self._now()
        if on.tzinfo is None:
            raise InvalidInput("an effective time needs a time zone")
        return on.astimezone(UTC)

    def _happened(self, on: datetime | None) -> datetime:
        """The effective time of an act that must have happened: not after now (a meeting
        is scheduled, terms adopted and seats filled ahead; nothing else)."""
        return self._not_future(self._when(on))

    def _not_future(self, when: datetime) -> datetime:
        now = self._now()
        if when > now:
            raise InvalidInput(f"{show(when)} is after now ({show(now)}): only what has "
                               "happened is recorded, on its day or later (ledger rule)")
        return when

    def _held(self, meeting: str) -> Meeting:
        """A meeting something is recorded at: scheduled, and its time come (everything at
        a meeting takes effect at the meeting's time)."""
        m = self._meeting(meeting)
        m.ensure_scheduled()
        if m.when > self._now():
            raise InvalidInput(f"meeting '{meeting}' is on {show(m.when)}: nothing is recorded "
                               "at it before it is held (ledger rule)")
        return m

    def _slug(self, what: str, value: str) -> None:
        if not is_slug(value):
            raise InvalidInput(f"{what} id {value!r} is not a slug: use lower-case letters, "
                               "digits and hyphens, starting with a letter or digit "
                               "(e.g. met-police)")

    def _new_slug(self, kind: str, slug: str) -> None:
        self._slug(kind, slug)
        if self._exists(KINDS[kind], entity_id(kind, slug)):
            raise AlreadyExists(f"{kind} '{slug}' already exists")

    def _exists(self, cls: type[Aggregate], aggregate_id: UUID) -> bool:
        try:
            self._load(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True

    def _get(self, cls: type[A], kind: str, slug: str) -> A:
        self._slug(kind, slug)
        try:
            found: Aggregate = self._load(entity_id(kind, slug))
        except AggregateNotFoundError:
            raise NotFound(f"there is no {kind} '{slug}' in the ledger",
                           remedy=f"add:{kind}") from None
        if not isinstance(found, cls):
            raise NotFound(f"'{slug}' is not a {kind}")
        return found

    def _meeting(self, meeting: str) -> Meeting:
        return self._get(Meeting, "meeting", meeting)

    def _no_vote_without_seat(self, m: Meeting, terms: BodyTerms, version: int,
                              name: str) -> None:
        """A vote named for someone in attendance without a seat (a partner, 4.9; an
        invitee) is refused citing the clause that let them in: they have no vote."""
        roster = self._roster_if_any(m.body, m.when)
        there = m.in_attendance_as(name)
        if there is None or (roster is not None and roster.seat(name) is not None):
            return
        attendance.no_vote(terms, name, there["capacity"], there.get("clause", "")
                           ).enforce(version)

    def _seat_at_meeting(self, m: Meeting, seat_id: str) -> Seat:
        roster = self._roster_if_any(m.body, m.when)
        seat = roster.seat(seat_id) if roster else None
        if seat is None:
            raise NotFound(f"there is no seat '{seat_id}' on '{m.body}' on the day of meeting "
                           f"'{m.slug}' ({day(m.when)})")
        return seat

    def _partnership(self) -> Partnership:
        try:
            found: Aggregate = self._load(PARTNERSHIP_ID)
        except AggregateNotFoundError:
            raise NotFound(f"the ledger at {self.store} has not been set up",
                           remedy="act:init") from None
        if not isinstance(found, Partnership):
            raise NotFound("the ledger's partnership record is missing")
        return found

    def _body_terms(self, body_id: str, when: datetime) -> tuple[int, BodyTerms]:
        self._slug("body", body_id)
        tv = self.terms_at(when)
        terms = tv.terms.body(body_id)
        if terms is None:
            known = ", ".join(tv.terms.bodies)
            raise NotFound(f"there is no body '{body_id}' in terms version {tv.version} in force "
                           f"on {day(when)} (bodies: {known})")
        return tv.version, terms

    def _body(self, body_id: str, when: datetime, create: bool = False) -> Body:
        try:
            found: Aggregate = self._load(entity_id("body", body_id))
        except AggregateNotFoundError:
            if create:
                return Body.register(body_id, self.actor, when)
            raise NotFound(f"body '{body_id}' has no seats yet", remedy="add:seat") from None
        if not isinstance(found, Body):
            raise NotFound(f"'{body_id}' is not a body")
        return found

    def _roster_if_any(self, body_id: str, when: datetime) -> Roster | None:
        """The body's roster on `when`, its seats that follow a role on another body held
        by that role's holder on the same day (ledger/follows.py)."""
        roster = self._raw_roster(body_id, when)
        if roster is None:
            return None
        return follows.followed(roster, lambda source: self._raw_roster(source, when))

    def _raw_roster(self, body_id: str, when: datetime) -> Roster | None:
        """The fold of the body's own facts on `when`."""
        try:
            found: Aggregate = self._load(entity_id("body", body_id))
        except AggregateNotFoundError:
            return None
        return found.roster(when) if isinstance(found, Body) else None

    def _still_qualifies(self, body_id: str, terms: BodyTerms, version: int, seat: Seat,
                         as_deputy: bool, when: datetime) -> None:
        """Whoever sits or agrees for `seat` on `when` still qualifies as they did when
        appointed: the holder's fixed term has not ended (term-ended), the holder still
        sits on the body this one is drawn from (drawn-from), and neither the holder nor
        the deputy is a co-optee confined to another body (co-optees-confined). Filling a
        seat and nominating a deputy judge these once; a state that arose since (a term
        run out, a seat on the other body vacated, a co-option later) is judged here, at
        each attendance, proposal and approval. A vacant seat, or one with no deputy, is
        left to the rules of attendance and agreement."""
        if not as_deputy and seat.term_ended:
            _term_ended(terms, seat).enforce(version)
        person = seat.deputy if as_deputy else seat.holder
        if person is None:
            return
        m = terms.membership
        if not as_deputy and m is not None and m.drawn_from:
            parent = self._roster_if_any(m.drawn_from, when)
            rules.drawn_from(terms, seat, person, parent).enforce(version)
        rules.co_optees_confined(body_id, person,
                                 self._confined_co_options(person, when)).enforce(version)

    def _categories_held(self, terms: BodyTerms, org: str, seats: Sequence[Seat]
                         ) -> dict[str, str | None]:
        """The category on record of each holder of `org`'s seats, where its entitlement
        is split by category (Daventry 4.1); nothing to read otherwise."""
        entitled = terms.entitlement(org)
        if entitled is None or not entitled.categories:
            return {}
        held = {s.holder for s in seats if s.org == org and s.holder}
        return {p: (found.category if (found := self._found(Person, "person", p)) else None)
                for p in held}

    def _confined_co_options(self, person: str, when: datetime) -> list[tuple[str, Seat, str]]:
        """Co-opted seats `person` holds on bodies whose terms confine their co-optees."""
        terms = self.terms_at(when).terms
        held: list[tuple[str, Seat, str]] = []
        for body_id, body_terms in terms.bodies.items():
            m = body_terms.membership
            if m is None or not m.co_optees_confined:
                continue
            roster = self._roster_if_any(body_id, when)
            if roster is None:
                continue
            clause = m.co_option_clause or m.clause
            held.extend((body_id, s, clause) for s in roster.seats_held_by(person) if s.co_opted)
        return held

    def _load(self, aggregate_id: UUID) -> Aggregate:
        """The aggregate from the store; inside `all_or_nothing`, the one object the block
        loaded first, with whatever the block's commands have done to it."""
        if self._unit is None:
            return self.repository.get(aggregate_id)
        found = self._unit.loaded.get(aggregate_id)
        if found is None:
            found = self._unit.loaded[aggregate_id] = self.repository.get(aggregate_id)
        return found

    def _save(self, *aggregates: Aggregate) -> list[Recorded]:
        """Every act's write passes through here: the permission table judges each event
        about to be saved (`ledger.permissions.check_events`), then each is marked with its
        author's route and method; then all are saved in one transaction or none (inside
        `all_or_nothing`, with the rest of the block, or never)."""
        pending = [e for a in aggregates for e in a.pending_events]
        permissions.check_events(self.standing, pending)
        acting.mark(pending, self.author)
        if self._unit is not None:  # saved with the rest of the block, or never
            self._unit.hold(aggregates)
            return []
        return self._write(*aggregates)

    def _write(self, *aggregates: Aggregate) -> list[Recorded]:
        names = {a.id: entity_name(a) for a in aggregates}
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise Collision("someone else recorded a change to the same record at the same "
                            "moment; nothing of yours was recorded") from None
        return [Recorded(r.notification.id, names[r.domain_event.originator_id],
                         kind_of(r.domain_event)) for r in recordings]


class Unit:
    """The commands of one `Ledger.all_or_nothing` block: each aggregate they loaded (once)
    and those they changed, in the order they first changed."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.loaded: dict[UUID, Aggregate] = {}
        self.changed: dict[UUID, Aggregate] = {}

    def hold(self, aggregates: tuple[Aggregate, ...]) -> None:
        for a in aggregates:
            self.loaded[a.id] = a  # a new one (a person registered) is found from now on
            self.changed.setdefault(a.id, a)

    def save(self) -> list[Recorded]:
        """Write everything the block's commands did, in one transaction (a `Collision`
        if another writer changed one of its records meanwhile: nothing is written)."""
        return self.ledger._write(*self.changed.values())


def _term_ended(terms: BodyTerms, seat: Seat) -> rules.Verdict:
    """Rule `term-ended` (the membership term clause): the holder of a seat whose fixed
    term has ended does not attend, vote or approve for it until re-appointed. (The
    roster fold has already taken them off the seat: `Seat.term_ended_holder`.)"""
    return rules.Verdict(
        False, "term-ended", term_clause(terms),
        (f"the fixed term of {seat.term_ended_holder} in seat {seat.seat} ended on "
         f"{seat.term_ends}; until re-appointed they do not count towards the quorum, vote "
         "or approve for it",),
        remedy="act:fill-seat")


def _chair_seat(roster: Roster) -> tuple[str, ...]:
    """The seats of the chair and of any co-chair: either counts as the chair when it
    agrees between meetings in person (a co-chair shares the chair's part)."""
    return tuple(s.seat for s in (roster.role_seat("chair"), roster.role_seat("co-chair"))
                 if s is not None)
