"""Rate limits kept in the store (ledger/store/ratelimit.py; web/signin.py, web/server.py;
issue 14 item 6), on both stores: every server process on one store counts against one
limit.

- Two applications (two `create_app`, as two server processes have) over one store share
  the sign-in limits (3 links per e-mail address, 10 per client, in 15 minutes) and the
  API's (10 failed authentications per client in a minute): the refusal is the one a
  single process gives (429, rule 'rate limit' on the page; rule 'authentication' in the
  API's JSON), with `Retry-After`.
- The window expires (freezegun moves the wall clock every process reads).
- Check-and-count is one step: many takers at once, each with its own connection and its
  own `StoreLimits` (as separate processes have), take exactly the limit's places.
- What is kept: salted digests and times, never an address; rows go once expired.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time

import web.app  # noqa: F401  (imported before freezegun stops the clock: pydantic's import needs it)
from ledger.app import Ledger
from ledger.store.ratelimit import Limit, StoreLimits, kept
from ledger.store.seam import Store
from tests.helpers import Mailbox, ask_for_link, client_for, csrf_of, smtp_server
from tests.stories import daventry, signed_in

ALICE = "alice@daventry.example"


@pytest.fixture
def story(new_ledger: Callable[..., Ledger]) -> tuple[Ledger, dict[str, str]]:
    made = daventry(new_ledger)
    return made, signed_in(made)  # accounts for alice, bob, carol, hank; API tokens


@pytest.fixture
def ledger(story: tuple[Ledger, dict[str, str]]) -> Ledger:
    return story[0]


@pytest.fixture
def tokens(story: tuple[Ledger, dict[str, str]]) -> dict[str, str]:
    return story[1]


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


def ask(client: TestClient, email: str) -> int:
    form = client.get("/sign-in")
    return client.post("/sign-in", data={"email": email,
                                         "csrf": csrf_of(form.text)}).status_code


def test_two_applications_on_one_store_share_the_sign_in_limit(
        ledger: Ledger, store: str, mailbox: Mailbox) -> None:
    with client_for(store, mailbox) as one, client_for(store, mailbox) as two:
        # Given two links for alice asked of one server process, and one of the other
        ask_for_link(one, ALICE)
        ask_for_link(one, ALICE)
        ask_for_link(two, ALICE)
        # When a fourth is asked of either (the limit is 3 per address in 15 minutes)
        for client in (one, two):
            form = client.get("/sign-in")
            got = client.post("/sign-in", data={"email": ALICE, "csrf": csrf_of(form.text)})
            # Then it is refused as one process would refuse it, and no mail is sent
            assert got.status_code == 429 and int(got.headers["retry-after"]) > 0
            assert "Refused by rule &#39;rate limit&#39;" in got.text
        assert len(mailbox.to(ALICE)) == 3


def test_two_applications_share_the_limit_per_client(
        ledger: Ledger, store: str, mailbox: Mailbox) -> None:
    with client_for(store, mailbox) as one, client_for(store, mailbox) as two:
        # Given ten requests from one client, five to each process, each another address
        for n in range(10):
            assert ask(one if n % 2 else two, f"someone{n}@example.org") == 200
        # When an eleventh is asked of either, for alice
        # Then both refuse it, and alice gets no mail
        assert ask(one, ALICE) == 429 and ask(two, ALICE) == 429
        assert mailbox.to(ALICE) == []


def test_two_applications_share_the_api_failure_limit(
        tokens: dict[str, str], store: str) -> None:
    with client_for(store, None) as one, client_for(store, None) as two:
        # Given ten failed authentications from one address, five at each process
        for n in range(10):
            client = one if n % 2 else two
            assert client.get("/api/v1/me", headers={
                "Authorization": f"Bearer lsp_wrong-{n}"}).status_code == 401
        # When the address tries either with a good token
        for client in (one, two):
            got = client.get("/api/v1/me",
                             headers={"Authorization": f"Bearer {tokens['alice']}"})
            # Then it is refused, saying when it may try again
            assert got.status_code == 429, got.text
            assert got.json()["rule"] == "authentication"
            assert 0 < int(got.headers["retry-after"]) <= 60


def test_the_window_expires_for_every_process(
        ledger: Ledger, store: str, mailbox: Mailbox) -> None:
    with freeze_time("2026-12-04 10:00:00") as clock, \
            client_for(store, mailbox) as one, client_for(store, mailbox) as two:
        # Given three links for alice at 10:00, at either process
        for client in (one, two, one):
            assert ask(client, ALICE) == 200
        # When it is 10:14:59: still refused, by both, saying when (at 10:15)
        clock.tick(14 * 60 + 59)
        form = two.get("/sign-in")
        got = two.post("/sign-in", data={"email": ALICE, "csrf": csrf_of(form.text)})
        assert got.status_code == 429 and got.headers["retry-after"] == "1"
        assert ask(one, ALICE) == 429
        # When it is 10:15:01, the first three have left the window
        clock.tick(2)
        # Then each process sends a link again
        assert ask(two, ALICE) == 200
        assert len(mailbox.to(ALICE)) == 4


def test_the_api_failure_window_expires(tokens: dict[str, str], store: str) -> None:
    token = tokens["alice"]
    with freeze_time("2026-12-04 10:00:00") as clock, \
            client_for(store, None) as one, client_for(store, None) as two:
        for n in range(10):
            (one if n % 2 else two).get("/api/v1/me",
                                        headers={"Authorization": f"Bearer x-{n}"})
        good = {"Authorization": f"Bearer {token}"}
        assert one.get("/api/v1/me", headers=good).status_code == 429
        clock.tick(61)  # a minute after the last failure
        assert two.get("/api/v1/me", headers=good).status_code == 200


def test_check_and_count_is_one_step_across_takers(store: str,
                                                   new_ledger: Callable[..., Ledger]) -> None:
    # Given a store, and 8 takers at once, each with its own connection and limits (as
    # separate server processes have), all for one key under a limit of 3
    daventry(new_ledger)
    where = Store.parse(store)
    limit = Limit("test-race", 3, 60.0)
    start = threading.Barrier(8)
    taken: list[bool] = []
    lock = threading.Lock()

    def taker() -> None:
        limits = StoreLimits()
        with where.connect() as db:
            limits.retry_after(db, limit, "warm")  # the tables and the salt, first
            start.wait()
            got = limits.take(db, (limit, "198.51.100.7"))
        with lock:
            taken.append(got is None)

    threads = [threading.Thread(target=taker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then exactly three took a place, and the others were told to wait
    assert sorted(taken) == [False] * 5 + [True] * 3


def test_what_is_kept_is_a_salted_digest_and_a_time_for_the_window_only(
        ledger: Ledger, store: str, mailbox: Mailbox) -> None:
    where = Store.parse(store)
    with freeze_time("2026-12-04 10:00:00") as clock, client_for(store, mailbox) as client:
        # Given a link asked for alice, and a failed API authentication
        assert ask(client, ALICE) == 200
        client.get("/api/v1/me", headers={"Authorization": "Bearer lsp_wrong"})
        with where.connect() as db:
            rows = kept(db)
        # Then what is kept is, per counted request, the limit, a digest and the times:
        assert sorted(r[0] for r in rows) == ["api-failures", "sign-in-client",
                                              "sign-in-email"]
        text = repr(rows).lower()
        assert "alice" not in text and "testclient" not in text
        # and a digest is not the bare SHA-256 of the address (a list could reverse it)
        assert hashlib.sha256(ALICE.encode()).hexdigest() not in text
        assert all(r[3] - r[2] in (60.0, 900.0) for r in rows)
        # When the windows have passed and another request is counted
        clock.tick(15 * 60 + 1)
        assert ask(client, "bob@daventry.example") == 200
        with where.connect() as db:
            rows = kept(db)
        # Then only the new request's rows are left
        assert len(rows) == 2 and all(r[2] == rows[0][2] for r in rows)


def test_sqlite_connections_are_kept_for_one_store_only(
        store: str, new_ledger: Callable[..., Ledger], tmp_path: object) -> None:
    ledger = daventry(new_ledger)
    limits = StoreLimits()
    with limits.connection(ledger.where, ledger.database) as first:
        pass
    with limits.connection(ledger.where, ledger.database) as again:
        # Then SQLite's connection is kept and lent again; PostgreSQL's is the ledger's own
        assert again is first
    if not ledger.where.is_postgres:
        other = Store.parse(f"{tmp_path}/other.sqlite")
        with pytest.raises(ValueError, match="rate limits are"), \
                limits.connection(other, ledger.database):
            pass
    limits.close()


def test_a_rate_limit_the_store_cannot_read_is_a_503_naming_it_not_a_traceback(
        tokens: dict[str, str], store: str) -> None:
    with client_for(store, None) as client:
        # Given the server has counted (its tables made), then they are dropped under it
        client.get("/api/v1/me", headers={"Authorization": "Bearer lsp_wrong"})
        with Store.parse(store).connect() as db:
            db.execute("DROP TABLE lsp_rate_limits")
        # When a request is checked against the limit
        got = client.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['bob']}"})
        # Then it is refused as the store's trouble, saying what could not be read
        assert got.status_code == 503
        assert got.json()["error"] == "StoreError"
        assert "cannot read or count the rate limits" in got.json()["message"]
