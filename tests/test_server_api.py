"""`lsp serve`'s JSON API (issue 12 items 4 and 6), through FastAPI's test client: every
route authenticated, a bad token refused with a clear JSON error, failed sign-ins
rate-limited, the security headers, an approval recorded with the route `api` and the
person, and a refused act recording nothing."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import NotAuthenticated
from ledger.events import entity_id
from tests.conftest import event_count
from tests.stories import daventry, signed_in
from web.app import create_app
from web.security import FailureLimiter
from web.server import Authenticated

with warnings.catch_warnings():  # starlette's note that its client will move to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NewLedger = Callable[..., Ledger]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def story(new_ledger: NewLedger) -> tuple[Ledger, dict[str, str]]:
    ledger = daventry(new_ledger)
    return ledger, signed_in(ledger)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(store: str, story: tuple[Ledger, dict[str, str]], clock: Clock
           ) -> Iterator[TestClient]:
    app = create_app(store, pool_size=2, failures=FailureLimiter(10, 60.0, clock),
                     max_bytes=64 * 1024)
    with TestClient(app) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def last_event(ledger: Ledger, decision: str) -> Any:
    events = list(ledger.events.get(entity_id("decision", decision)))
    return events[-1]


ROUTES = [
    ("get", "/api/v1/me", None),
    ("get", "/api/v1/bodies/executive/roster", None),
    ("get", "/api/v1/bodies/executive/pending", None),
    ("get", "/api/v1/decisions/grant", None),
    ("post", "/api/v1/bodies/executive/decisions",
     {"decision": "grant", "title": "A grant", "by": "dc-1"}),
    ("post", "/api/v1/decisions/grant/approvals", {"by": "dc-2"}),
    ("get", "/api/v1/verify", None),
    ("post", "/api/v1/commands", {"argv": ["roster", "executive"]}),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=[r[1] for r in ROUTES])
def test_authentication_every_api_route_needs_a_bearer_token(
        client: TestClient, story: tuple[Ledger, dict[str, str]], method: str, path: str,
        body: dict[str, Any] | None) -> None:
    # Given the server of a ledger
    ledger, _ = story
    before = event_count(ledger)
    # When a route is asked without a token
    response = client.request(method, path, json=body)
    # Then it is refused, 401, by the rule authentication, saying what is needed
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    error = response.json()
    assert error["rule"] == "authentication"
    assert "Authorization: Bearer TOKEN" in error["message"]
    assert event_count(ledger) == before


def test_authentication_a_bad_token_is_401_with_a_clear_json_error_never_echoed(
        client: TestClient) -> None:
    # When a request carries a token the ledger does not know
    response = client.get("/api/v1/me", headers=bearer("lsp_not-a-real-token-1234"))
    # Then it is 401 with the rule and why, and the token is not in the answer
    assert response.status_code == 401
    assert response.json() == {
        "error": "NotAuthenticated", "rule": "authentication",
        "message": "refused by rule 'authentication': this token is not known or was "
                   "revoked"}
    assert "not-a-real-token" not in response.text


def test_authentication_a_revoked_token_is_refused(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given bob's token, then revoked
    ledger, tokens = story
    assert client.get("/api/v1/me", headers=bearer(tokens["bob"])).status_code == 200
    ledger.revoke_token("bob")
    # When he uses it
    response = client.get("/api/v1/me", headers=bearer(tokens["bob"]))
    # Then it is refused
    assert response.status_code == 401
    assert "not known or was revoked" in response.json()["message"]


def test_authentication_a_token_replaced_by_a_new_one_is_refused_at_once(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given bob's token, used once (so the server has it authenticated)
    ledger, tokens = story
    assert client.get("/api/v1/me", headers=bearer(tokens["bob"])).status_code == 200
    # When a new token is made for him (it replaces the old one)
    new, _ = ledger.create_token("bob")
    # Then the old one is refused on the next request, and the new one works
    refused = client.get("/api/v1/me", headers=bearer(tokens["bob"]))
    assert refused.status_code == 401
    assert "not known or was revoked" in refused.json()["message"]
    assert client.get("/api/v1/me", headers=bearer(new)).json()["person"] == "bob"


class Counted:
    """`Ledger.authenticate`, counting how often the application is asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = Ledger.authenticate

        def counting(ledger: Ledger, token: str, route: str = "api") -> Any:
            self.calls += 1
            return original(ledger, token, route)

        monkeypatch.setattr(Ledger, "authenticate", counting)


def test_authentication_kept_while_the_accounts_are_unchanged_even_across_other_writes(
        story: tuple[Ledger, dict[str, str]], clock: Clock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Given bob's token authenticated once by the server's memory of tokens
    ledger, tokens = story
    counted = Counted(monkeypatch)
    known = Authenticated(ttl=5.0, clock=clock)
    assert known.author(ledger, tokens["bob"]).person == "bob"
    # When a decision is proposed (a write, but not to the accounts) and he asks again
    ledger.propose_decision("executive", "grant", "A grant", "dc-1")
    # Then he is the same author, and the application was asked only the first time
    assert known.author(ledger, tokens["bob"]).person == "bob"
    assert counted.calls == 1


def test_authentication_a_revoked_token_is_refused_at_once_though_it_was_kept(
        story: tuple[Ledger, dict[str, str]], clock: Clock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Given bob's token authenticated and kept, the clock standing still
    ledger, tokens = story
    known = Authenticated(ttl=5.0, clock=clock)
    known.author(ledger, tokens["bob"])
    # When it is revoked (an event of the accounts record)
    ledger.revoke_token("bob")
    # Then the next request is refused, well within the time it would be kept
    with pytest.raises(NotAuthenticated):
        known.author(ledger, tokens["bob"])


def test_authentication_an_expiry_is_noticed_within_the_time_a_token_is_kept(
        story: tuple[Ledger, dict[str, str]], clock: Clock) -> None:
    # Given a token for carol that expires on 1 June 2027, kept by the server on 31 May
    ledger, _ = story
    with freeze_time("2027-05-31 12:00:00"):
        token, _ = ledger.create_token("carol", datetime(2027, 6, 1, tzinfo=UTC))
        known = Authenticated(ttl=5.0, clock=clock)
        assert known.author(ledger, token).person == "carol"
    # When it has expired, and then the time a token is kept (5 seconds) has passed
    with freeze_time("2027-06-01 00:00:01"):
        clock.now += 5.0
        # Then it is refused, saying when it expired
        with pytest.raises(NotAuthenticated) as refused:
            known.author(ledger, token)
    assert "expired" in refused.value.message


def test_a_write_through_the_api_is_seen_by_the_next_read(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given the chair's proposal, read once through the API (the read models caught up)
    _, tokens = story
    client.post("/api/v1/bodies/executive/decisions", headers=bearer(tokens["alice"]),
                json={"decision": "grant", "title": "A grant", "by": "dc-1"})
    before = client.get("/api/v1/decisions/grant", headers=bearer(tokens["bob"])).json()
    assert before["approvals"] == []
    # When bob approves it through the API
    client.post("/api/v1/decisions/grant/approvals", json={"by": "dc-2"},
                headers=bearer(tokens["bob"]))
    # Then the next read shows his approval
    after = client.get("/api/v1/decisions/grant", headers=bearer(tokens["bob"])).json()
    assert [a["seat"] for a in after["approvals"]] == ["dc-2"]
    assert after["position"] > before["position"]


def test_me_says_who_the_token_is(client: TestClient, story: tuple[Ledger, dict[str, str]]
                                  ) -> None:
    # Given hank's token (the auditor)
    _, tokens = story
    # When he asks who he is
    response = client.get("/api/v1/me", headers=bearer(tokens["hank"]))
    # Then the server says: hank, by the API with a token, an auditor
    assert response.status_code == 200
    assert response.json() == {"person": "hank", "name": "hank", "route": "api",
                               "method": "token", "roles": ["auditor"]}


def test_rate_limit_ten_failures_a_minute_then_429_with_retry_after(
        client: TestClient, story: tuple[Ledger, dict[str, str]], clock: Clock) -> None:
    # Given ten failed sign-ins from one address within a minute
    _, tokens = story
    for n in range(10):
        assert client.get("/api/v1/me", headers=bearer(f"lsp_wrong-{n}")).status_code == 401
        clock.now += 1
    # When the address tries again, even with a good token
    refused = client.get("/api/v1/me", headers=bearer(tokens["alice"]))
    # Then it is 429, saying when it may try again (when the first failure is a minute old)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "50"
    assert refused.json()["rule"] == "authentication"
    # And once the minute has passed, the good token works again
    clock.now += 51
    assert client.get("/api/v1/me", headers=bearer(tokens["alice"])).status_code == 200


def test_security_headers_on_every_response(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given an authenticated answer, a refused one and the public checkpoint
    _, tokens = story
    answers = [client.get("/api/v1/me", headers=bearer(tokens["alice"])),
               client.get("/api/v1/me"), client.get("/openapi.json")]
    for response in answers:
        # Then each carries the security headers
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        # And no Strict-Transport-Security over plain http
        assert "strict-transport-security" not in response.headers
    # And the API's answers are never cached
    assert answers[0].headers["cache-control"] == "no-store"
    assert answers[1].headers["cache-control"] == "no-store"


def test_security_strict_transport_security_when_behind_https(
        store: str, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given the server reached over https
    with TestClient(create_app(store), base_url="https://ledger.example") as c:
        # When anything is asked
        response = c.get("/openapi.json")
    # Then browsers are told to keep to https
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


def test_request_size_a_body_over_the_limit_is_413_and_records_nothing(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given a proposal whose text is larger than the server accepts (64 KiB here)
    ledger, tokens = story
    before = event_count(ledger)
    body = {"decision": "big", "title": "Big", "by": "dc-1", "text": "x" * 70_000}
    # When it is sent
    response = client.post("/api/v1/bodies/executive/decisions", json=body,
                           headers=bearer(tokens["alice"]))
    # Then it is refused before the application sees it
    assert response.status_code == 413
    assert response.json()["rule"] == "request size"
    assert event_count(ledger) == before


def test_an_approval_through_the_api_records_the_person_route_api_and_method_token(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given the chair's proposal, through the API
    ledger, tokens = story
    proposed = client.post("/api/v1/bodies/executive/decisions", headers=bearer(
        tokens["alice"]), json={"decision": "grant", "title": "A grant", "by": "dc-1"})
    assert proposed.status_code == 201, proposed.text
    # When bob approves for his own seat
    response = client.post("/api/v1/decisions/grant/approvals", json={"by": "dc-2"},
                           headers=bearer(tokens["bob"]))
    # Then it is recorded, and sealed
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["recorded"] is True
    assert answer["message"].startswith("Seat dc-2 approved decision grant.")
    assert "Approved" in [e["event"] for e in answer["events"]]
    assert answer["seal"]["tree_size"] >= answer["events"][-1]["position"]
    # And the event says who: bob, by the API, with a token
    approved = [e for e in ledger.events.get(entity_id("decision", "grant"))
                if type(e).__name__ == "Approved"][-1]
    assert (approved.actor, approved.author_route, approved.author_method) == (
        "bob", "api", "token")
    # And the decision, read through the API, shows his approval
    shown = client.get("/api/v1/decisions/grant", headers=bearer(tokens["hank"])).json()
    assert shown["decision"] == "grant"


def test_permission_a_member_approving_for_another_seat_is_403_and_records_nothing(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given the chair's proposal
    ledger, tokens = story
    client.post("/api/v1/bodies/executive/decisions", headers=bearer(tokens["alice"]),
                json={"decision": "grant", "title": "A grant", "by": "dc-1"})
    before = event_count(ledger)
    # When bob approves for carol's seat
    response = client.post("/api/v1/decisions/grant/approvals", json={"by": "dc-3"},
                           headers=bearer(tokens["bob"]))
    # Then it is refused by the rule permission, saying who may, and nothing is recorded
    assert response.status_code == 403
    error = response.json()
    assert error["rule"] == "permission"
    assert "carol" in error["message"]
    assert event_count(ledger) == before


def test_permission_the_auditor_cannot_write(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given the auditor
    ledger, tokens = story
    before = event_count(ledger)
    # When he proposes a decision
    response = client.post("/api/v1/bodies/executive/decisions", headers=bearer(
        tokens["hank"]), json={"decision": "audit", "title": "Mine", "by": "dc-1"})
    # Then it is refused and nothing recorded
    assert response.status_code == 403
    assert response.json()["rule"] == "permission"
    assert event_count(ledger) == before


def test_roster_through_the_api_is_what_lsp_roster_json_prints(
        client: TestClient, store: str, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given the roster on a date, through the API
    _, tokens = story
    response = client.get("/api/v1/bodies/executive/roster?as-of=2026-03-01",
                          headers=bearer(tokens["bob"]))
    # When the command line prints the same roster
    from cli.main import cli

    local = CliRunner().invoke(cli, ["--store", store, "roster", "executive", "--as-of",
                                     "2026-03-01", "--json"], catch_exceptions=False)
    # Then they are the same document
    assert response.status_code == 200
    assert response.json() == json.loads(local.stdout)
    assert {s["seat"] for s in response.json()["seats"]} >= {"dc-1", "dc-2", "dc-3"}


def test_a_bad_date_is_422_naming_what_is_wrong(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    _, tokens = story
    # When a roster is asked as of a date that is none
    response = client.get("/api/v1/bodies/executive/roster?as-of=someday",
                          headers=bearer(tokens["bob"]))
    # Then it is refused, saying so
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"
    assert "as-of" in response.json()["message"]


def test_the_checkpoint_is_public_text_the_same_as_lsp_checkpoint(
        client: TestClient, store: str, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given a sealed ledger
    from cli.main import cli

    CliRunner().invoke(cli, ["--store", store, "seal"], catch_exceptions=False)
    local = CliRunner().invoke(cli, ["--store", store, "checkpoint"], catch_exceptions=False)
    # When anyone asks for /checkpoint, without a token
    response = client.get("/checkpoint")
    # Then it is the checkpoint text
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.rstrip("\n") == local.stdout.rstrip("\n")


def test_openapi_describes_the_versioned_routes(client: TestClient) -> None:
    # When the OpenAPI description is asked for
    described = client.get("/openapi.json").json()
    # Then it lists the routes under /api/v1/, and the docs page is served
    assert {"/api/v1/me", "/api/v1/bodies/{body}/roster", "/api/v1/decisions/{decision}",
            "/api/v1/decisions/{decision}/approvals", "/api/v1/commands",
            "/checkpoint"} <= set(described["paths"])
    assert client.get("/docs").status_code == 200


def test_the_server_serves_the_public_register_with_no_sign_in_and_no_address(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given a decision taken between meetings by two members who have accounts (their
    # e-mail addresses are in the ledger's store)
    ledger, _ = story
    ledger.propose_decision("executive", "grant", "Match funding for the youth hub", "dc-1")
    ledger.approve_decision("grant", "dc-2")
    before = event_count(ledger)
    # When the public register and the decision's page are asked for, with no token
    register = client.get("/decisions")
    page = client.get("/decisions/grant")
    # Then both are served as HTML under the server's security headers, name the
    # decision, never an e-mail address, and reading records nothing
    for answer in (register, page):
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/html")
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert "Match funding for the youth hub" in answer.text
        assert "@daventry.example" not in answer.text and "mailto:" not in answer.text
    assert event_count(ledger) == before
