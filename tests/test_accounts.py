"""Accounts, staff roles and API tokens (issue 12, items 1 and 5; ledger/accounts.py).

Who may sign in is an event (`AccountAdded`); staff roles are granted and revoked by
effective date; a token is shown once and only its SHA-256 is stored; a person holds one
live token at a time; an unknown, revoked or expired token is refused (rule
`authentication`); the e-mail address never reaches a read model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import pytest
from eventsourcing.persistence import StoredEvent
from freezegun import freeze_time

from ledger.accounts import ACCOUNTS_ID, Accounts
from ledger.app import Ledger
from ledger.authors import Author
from ledger.errors import AlreadyExists, InvalidInput, NotAuthenticated, NotFound
from projections.catchup import TABLES, ReadStore
from tests.conftest import event_count, on
from tests.helpers import assert_says, raw, refusal, rows
from tests.stories import daventry

NewLedger = Callable[..., Ledger]
NOW = "2026-03-20 12:00:00"
EMAIL = "alice.hart@daventry.example.gov.uk"


def with_account(new_ledger: NewLedger) -> Ledger:
    """The Daventry Executive, and alice (the chair, seat dc-1) with an account."""
    ledger = daventry(new_ledger)
    ledger.add_account("alice", EMAIL)
    return ledger


def reloaded(ledger: Ledger) -> Accounts:
    found = ledger.repository.get(ACCOUNTS_ID)
    assert isinstance(found, Accounts)
    return found


# ------------------------------------------------------------------ accounts

@freeze_time(NOW)
def test_account_add_records_the_person_and_address_once(new_ledger: NewLedger) -> None:
    # Given the Daventry Executive, nobody with an account
    ledger = daventry(new_ledger)
    # When alice is given an account
    done = ledger.add_account("alice", EMAIL)
    # Then the accounts' stream opens with it, and a second account for her is refused
    assert [d.event for d in done] == ["Opened", "AccountAdded"]
    assert {d.entity for d in done} == {"accounts:accounts"}
    assert reloaded(ledger).has_account("alice")
    error = refusal(ledger, AlreadyExists, lambda: ledger.add_account("alice", EMAIL))
    assert_says(error, "alice", "already has an account")


@freeze_time(NOW)
@pytest.mark.parametrize("person, email, error, says", [
    ("zoe", EMAIL, NotFound, "no person 'zoe'"),
    ("alice", "Alice Hart", InvalidInput, "not an e-mail address"),
    ("alice", "alice@", InvalidInput, "not an e-mail address"),
    ("alice", "alice hart@x.org", InvalidInput, "not an e-mail address"),
])
def test_account_add_refuses_an_unknown_person_or_a_bad_address(
        new_ledger: NewLedger, person: str, email: str, error: type[Exception],
        says: str) -> None:
    # Given the Daventry Executive
    ledger = daventry(new_ledger)
    # When an account is added for an unknown person, or with no e-mail address
    refused = refusal(ledger, error, lambda: ledger.add_account(person, email))  # type: ignore[arg-type]
    # Then it is refused, naming what is wrong, and nothing is recorded (refusal checks)
    assert_says(refused, says)


@freeze_time(NOW)
def test_the_email_address_is_in_no_read_model(new_ledger: NewLedger, store: str) -> None:
    # Given alice's account, with a token, recorded
    ledger = with_account(new_ledger)
    ledger.grant("alice", "secretariat")
    token, _ = ledger.create_token("alice")
    # When the read models catch up (and are rebuilt from nothing)
    reads = ReadStore(ledger)
    reads.catch_up()
    first = _read_model_text(store)
    reads.rebuild()
    # Then no table of theirs holds her address, or the token, or its hash
    for text in (first, _read_model_text(store)):
        assert "alice" in text and "AccountAdded" in text
        assert EMAIL not in text
        assert token not in text
        assert hashlib.sha256(token.encode()).hexdigest() not in text


def _read_model_text(store: str) -> str:
    with raw(store) as db:
        return "\n".join(repr(tuple(row)) for table in TABLES
                         for row in db.execute(f"SELECT * FROM {table}").fetchall())


# ------------------------------------------------------------------ staff roles

def test_a_role_is_held_from_its_grant_until_its_revocation(new_ledger: NewLedger) -> None:
    # Given alice's account
    with freeze_time(NOW):
        ledger = with_account(new_ledger)
        # When she is granted the secretariat role from 1 March and it is revoked from 1 April
        ledger.grant("alice", "secretariat", on("2026-03-01"))
    with freeze_time("2026-04-02"):
        ledger.revoke("alice", "secretariat", on("2026-04-01"))
    # Then she holds it between the two dates only, as reloaded from the store
    accounts = reloaded(ledger)
    assert accounts.roles("alice", on("2026-02-28")) == frozenset()
    assert accounts.roles("alice", on("2026-03-01")) == {"secretariat"}
    assert accounts.roles("alice", on("2026-03-31")) == {"secretariat"}
    assert accounts.roles("alice", on("2026-04-01")) == frozenset()


@freeze_time(NOW)
@pytest.mark.parametrize("act, error, says", [
    (lambda lg: lg.grant("alice", "chair"), InvalidInput, "admin, secretariat, auditor"),
    (lambda lg: lg.grant("bob", "admin"), NotFound, "'bob' has no account"),
    (lambda lg: lg.revoke("alice", "auditor"), InvalidInput, "does not hold the auditor"),
    (lambda lg: lg.grant("alice", "admin", on("2026-02-01")), InvalidInput,
     "cannot take effect before a later change"),
])
def test_grant_and_revoke_refuse_what_cannot_be(new_ledger: NewLedger,
                                                act: Callable[[Ledger], object],
                                                error: type[Exception], says: str) -> None:
    # Given alice's account, an admin from 1 March
    ledger = with_account(new_ledger)
    ledger.grant("alice", "admin", on("2026-03-01"))
    ledger.revoke("alice", "admin", on("2026-03-10"))
    # When a role is granted that is none of the staff roles, to someone without an account,
    # revoked when not held, or granted before a later change of the same role
    refused = refusal(ledger, error, lambda: act(ledger))  # type: ignore[arg-type]
    # Then it is refused, saying why, and nothing is recorded
    assert_says(refused, says)


# ------------------------------------------------------------------ tokens

@freeze_time(NOW)
def test_a_token_is_given_once_and_only_its_hash_is_stored(new_ledger: NewLedger,
                                                            store: str) -> None:
    # Given alice's account
    ledger = with_account(new_ledger)
    # When a token is created for her
    token, done = ledger.create_token("alice")
    # Then it is a random lsp_ token; the store holds its SHA-256 and never the token
    assert token.startswith("lsp_") and len(token) > 40
    assert [d.event for d in done] == ["TokenCreated"]
    stored = b"\n".join(r[4] for r in rows(store))
    assert token.encode() not in stored
    assert hashlib.sha256(token.encode()).hexdigest().encode() in stored
    # And it authenticates her, on the route asked
    assert ledger.authenticate(token) == Author("alice", "alice", "api", "token")
    assert ledger.authenticate(token, route="web").route == "web"


def test_a_token_expires_after_a_year_by_default(new_ledger: NewLedger) -> None:
    # Given a token created for alice on 20 March 2026
    with freeze_time(NOW):
        ledger = with_account(new_ledger)
        token, _ = ledger.create_token("alice")
    # When it is used on the day before, and the day after, its first year ends
    with freeze_time("2027-03-19 12:00:00"):
        assert ledger.authenticate(token).person == "alice"
    with freeze_time("2027-03-21 12:00:00"), pytest.raises(NotAuthenticated) as refused:
        ledger.authenticate(token)
    # Then the second is refused by rule authentication, naming the day it expired
    assert refused.value.rule == "authentication"
    assert_says(refused.value, "rule 'authentication'", "this token expired on 20 March 2027")


def test_an_expired_token_is_refused_naming_its_expiry(new_ledger: NewLedger) -> None:
    # Given a token for alice expiring on 3 March 2027
    with freeze_time(NOW):
        ledger = with_account(new_ledger)
        token, _ = ledger.create_token("alice", on("2027-03-03"))
    # When it is used after then
    with freeze_time("2027-03-04 09:00:00"), pytest.raises(NotAuthenticated) as refused:
        ledger.authenticate(token)
    # Then it is refused, saying when it expired, never repeating the token
    assert_says(refused.value, "this token expired on 3 March 2027")
    assert token not in str(refused.value)


@freeze_time(NOW)
def test_a_token_cannot_expire_before_it_is_made(new_ledger: NewLedger) -> None:
    # Given alice's account
    ledger = with_account(new_ledger)
    # When a token is asked for that expires yesterday
    refused = refusal(ledger, InvalidInput,
                      lambda: ledger.create_token("alice", on("2026-03-19")))
    # Then it is refused and nothing is recorded
    assert_says(refused, "must expire after it is created")


@freeze_time(NOW)
def test_a_revoked_or_unknown_token_is_refused(new_ledger: NewLedger) -> None:
    # Given a token for alice, then revoked
    ledger = with_account(new_ledger)
    token, _ = ledger.create_token("alice")
    ledger.revoke_token("alice")
    # When it, or a token nobody was given, is used
    for wrong in (token, "lsp_" + "x" * 43, ""):
        with pytest.raises(NotAuthenticated) as refused:
            ledger.authenticate(wrong)
        # Then each is refused with the same words, which never repeat it
        assert_says(refused.value, "this token is not known or was revoked")
        assert not wrong or wrong not in str(refused.value)
    # And revoking a token she no longer has is refused
    assert_says(refusal(ledger, InvalidInput, lambda: ledger.revoke_token("alice")),
                "alice has no live token")


@freeze_time(NOW)
def test_a_person_holds_one_live_token_a_new_one_replaces_it(new_ledger: NewLedger) -> None:
    # Given a token for alice
    ledger = with_account(new_ledger)
    first, _ = ledger.create_token("alice")
    # When she is given a second
    second, _ = ledger.create_token("alice")
    # Then only the second works
    assert first != second
    assert ledger.authenticate(second).person == "alice"
    with pytest.raises(NotAuthenticated):
        ledger.authenticate(first)
    assert [t.person for t in reloaded(ledger).live_tokens()] == ["alice"]


@freeze_time(NOW)
def test_no_token_for_someone_without_an_account(new_ledger: NewLedger) -> None:
    # Given the Executive, bob without an account
    ledger = with_account(new_ledger)
    # When a token is asked for bob
    refused = refusal(ledger, NotFound, lambda: ledger.create_token("bob"))
    # Then it is refused
    assert_says(refused, "'bob' has no account")


# ------------------------------------------------------------------ authors

@freeze_time(NOW)
def test_every_event_records_its_author_name_route_and_method(new_ledger: NewLedger,
                                                              store: str) -> None:
    # Given alice's account and token
    ledger = with_account(new_ledger)
    token, _ = ledger.create_token("alice")
    # When she proposes a decision for her own seat through the same open ledger
    alice = ledger.acting_as(ledger.authenticate(token))
    alice.propose_decision("executive", "grant", "Match funding", "dc-1", on=on("2026-03-02"))
    # Then its events record her, the api route and the token; earlier ones were local
    states = [(r[3], json.loads(r[4])) for r in rows(store)]
    proposed = next(s for t, s in states if t == "lsp:Decision.Proposed")
    assert (proposed["actor"], proposed["author_route"], proposed["author_method"]) == (
        "alice", "api", "token")
    account = next(s for t, s in states if t == "lsp:Accounts.AccountAdded")
    assert (account["actor"], account["author_route"], account["author_method"]) == (
        "secretariat", "local", "os-login")
    # And the opened ledger itself still acts for its own author
    assert ledger.author == Author.local("secretariat")
    assert alice.store == ledger.store


@freeze_time(NOW)
def test_an_event_stored_before_authors_reads_as_local(new_ledger: NewLedger, store: str) -> None:
    # Given an event stored without the author fields (as every event was before them)
    ledger = with_account(new_ledger)
    stored = ledger.recorder.select_notifications(start=1, limit=1)[0]
    state = json.loads(stored.state)
    for key in ("author_route", "author_method"):
        state.pop(key)
    old = StoredEvent(originator_id=stored.originator_id,
                       originator_version=stored.originator_version,
                       topic=stored.topic, state=json.dumps(state).encode())
    # When it is read back
    event = ledger.mapper.to_domain_event(old)
    # Then it reads as recorded locally, by OS login
    assert (event.author_route, event.author_method) == ("local", "os-login")  # type: ignore[attr-defined]


def test_a_str_actor_is_a_local_author(store: str) -> None:
    # Given a ledger opened with a login name, and one with an Author
    ledger = Ledger(store, " kim ", create=True)
    other = Ledger(store, Author.signed_in("alice", "api", "token"))
    # Then the first acts locally as kim, the second as alice
    assert ledger.author == Author("kim", None, "local", "os-login")
    assert ledger.actor == "kim"
    assert (other.actor, other.author.person) == ("alice", "alice")
    assert event_count(ledger) == 0
    with pytest.raises(InvalidInput):
        Ledger(store, "  ")


def test_an_author_names_a_known_route_and_method() -> None:
    # Given an author on a route that does not exist
    # When it is made / Then it is refused
    with pytest.raises(ValueError):
        Author("alice", "alice", "phone", "token")
    with pytest.raises(ValueError):
        Author("alice", "alice", "api", "password")
    assert Author.public().is_public and not Author.local("kim").is_public
