"""Signing in to the web by an e-mailed link (web/signin.py, issue 14 items 1 and 6), on
both stores, through FastAPI's test client, with a real SMTP server on loopback (aiosmtpd)
catching the mail.

- `/sign-in` (CONTRACT.md, "The web"): "Email address", "Send sign-in link"; the same
  answer whether or not the address has an account; for an account one e-mail holding
  one link beginning with `LSP_BASE_URL`, recorded as `SignInLinkIssued` (its hash only,
  not the address).
- The link: a GET shows a "Sign in" button and uses nothing; the POST signs in (a session
  cookie, HttpOnly, SameSite=Lax; `SessionStarted`); used or expired: 410; never sent: 400.
- CSRF on every form (403), rate limits per client and per address (429), the mail server
  down (503): each records nothing. Sign-out ends the session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time

import web.app  # noqa: F401  (imported before freezegun stops the clock: pydantic's import needs it)
from ledger.app import Ledger
from ledger.audit import sealing, verify
from ledger.errors import NotAuthenticated
from tests.conftest import event_count
from tests.helpers import (
    WEB_BASE,
    Mailbox,
    ask_for_link,
    client_for,
    csrf_of,
    free_port,
    link_in,
    signed_in,
    smtp_server,
)
from tests.stories import daventry

BASE = WEB_BASE
ALICE = "alice@daventry.example.gov.uk"


@pytest.fixture
def ledger(new_ledger: Callable[..., Ledger]) -> Ledger:
    made = daventry(new_ledger)
    made.add_account("alice", ALICE)
    made.add_account("bob", "bob@daventry.example.gov.uk")
    return made


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def client(ledger: Ledger, store: str, mailbox: Mailbox) -> Iterator[TestClient]:
    with client_for(store, mailbox) as c:
        yield c


def test_the_sign_in_form_has_the_promised_field_and_button(client: TestClient) -> None:
    # Given the server  # When the sign-in page is asked for
    got = client.get("/sign-in")
    # Then it has the field and button CONTRACT.md promises, and a CSRF token
    assert got.status_code == 200
    assert '<label class="app-label" for="email">Email address</label>' in got.text
    assert ">Send sign-in link</button>" in got.text
    assert csrf_of(got.text)
    assert "lsp_csrf" in got.headers["set-cookie"]


def test_a_link_is_emailed_for_an_account_and_only_its_hash_recorded(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given alice has an account
    before = event_count(ledger)
    # When she asks for a link
    words = ask_for_link(client, "  Alice@Daventry.example.gov.uk ")
    # Then one e-mail reaches her with one link on LSP_BASE_URL, and the page says so
    assert "If Alice@Daventry.example.gov.uk has an account, we have sent a link" in words
    [mail] = mailbox.to(ALICE)
    link = link_in(mail)
    assert link.startswith(f"{BASE}/sign-in/")
    # and the ledger records the link's issue: not the token, not the address
    assert event_count(ledger) == before + 1
    token = link.rsplit("/", 1)[1]
    assert ledger.sign_in_link(token).person == "alice"
    stored = [n.state for n in ledger.recorder.select_notifications(start=before + 1,
                                                                     limit=5)]
    assert all(token.encode() not in s and b"alice@" not in s.lower() for s in stored)


def test_an_address_without_an_account_gets_the_same_answer_and_nothing_else(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given no account has nobody@example.org
    before = event_count(ledger)
    # When someone asks for a link for it
    words = ask_for_link(client, "nobody@example.org")
    # Then the answer is the one an account gets, no mail is sent, nothing recorded
    assert "If nobody@example.org has an account, we have sent a link" in words
    assert mailbox.messages == []
    assert event_count(ledger) == before


def test_an_address_not_of_the_form_is_refused_naming_the_field(
        client: TestClient, ledger: Ledger) -> None:
    before = event_count(ledger)
    form = client.get("/sign-in")
    got = client.post("/sign-in", data={"email": "alice", "csrf": csrf_of(form.text)})
    assert got.status_code == 400
    assert "There is a problem" in got.text and 'href="#email"' in got.text
    assert event_count(ledger) == before


def test_following_the_link_shows_a_button_and_uses_nothing(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given alice's link (a mail scanner may fetch it before she does)
    ask_for_link(client, ALICE)
    path = link_in(mailbox.to(ALICE)[0]).removeprefix(BASE)
    before = event_count(ledger)
    # When it is fetched twice
    client.get(path)
    got = client.get(path)
    # Then each shows a "Sign in" button, and nothing is used or recorded
    assert got.status_code == 200 and ">Sign in</button>" in got.text
    assert event_count(ledger) == before


def test_the_button_signs_in_with_a_session_cookie(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given alice's link, opened
    ask_for_link(client, ALICE)
    path = link_in(mailbox.to(ALICE)[0]).removeprefix(BASE)
    button = client.get(path)
    before = event_count(ledger)
    # When she presses "Sign in"
    done = client.post(path, data={"csrf": csrf_of(button.text)}, follow_redirects=False)
    # Then she is signed in: a session cookie, HttpOnly and SameSite=Lax, not Secure on http
    assert done.status_code == 303 and done.headers["location"] == "/"
    cookie = done.headers["set-cookie"]
    assert cookie.startswith("lsp_session=") and "HttpOnly" in cookie
    assert "SameSite=lax" in cookie and "Secure" not in cookie
    # and the link's use and the session are recorded (two events), and the session
    # stands for alice on the web
    assert event_count(ledger) == before + 2
    session = client.cookies["lsp_session"]
    author = ledger.session_author(session)
    assert (author.person, author.route, author.method) == ("alice", "web", "session")


def test_a_used_link_is_refused_with_410_and_nothing_recorded(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given alice signed in with her link
    signed_in(client, mailbox, ALICE)
    path = link_in(mailbox.to(ALICE)[0]).removeprefix(BASE)
    before = event_count(ledger)
    # When the link is opened and pressed again
    again = client.get(path)
    pressed = client.post(path, data={"csrf": client.cookies["lsp_csrf"]})
    # Then each is refused, saying it works once; nothing recorded
    for got in (again, pressed):
        assert got.status_code == 410
        assert "this sign-in link has been used already" in got.text
    assert event_count(ledger) == before


def test_an_expired_link_is_refused_with_410_and_nothing_recorded(
        ledger: Ledger, store: str, mailbox: Mailbox) -> None:
    with freeze_time("2026-12-04 10:00:00") as clock, client_for(store, mailbox) as client:
        # Given alice's link, asked for at 10:00
        ask_for_link(client, ALICE)
        path = link_in(mailbox.to(ALICE)[0]).removeprefix(BASE)
        button = client.get(path)
        before = event_count(ledger)
        # When she presses "Sign in" at 10:16 (a link lives 15 minutes)
        clock.tick(16 * 60)
        got = client.post(path, data={"csrf": csrf_of(button.text)})
        opened = client.get(path)
        # Then it is refused as expired (and opening it again says so); nothing recorded
        for answer in (got, opened):
            assert answer.status_code == 410
            assert "this sign-in link has expired" in answer.text
        assert event_count(ledger) == before


def test_a_link_never_sent_is_refused_with_400(client: TestClient, ledger: Ledger) -> None:
    before = event_count(ledger)
    got = client.get("/sign-in/not-a-token-we-sent")
    assert got.status_code == 400 and "not one this ledger sent" in got.text
    assert event_count(ledger) == before


def test_a_post_without_the_form_token_is_refused_403(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given the sign-in form was shown (the browser has its token cookie)
    client.get("/sign-in")
    before = event_count(ledger)
    # When a form is posted without the token, or with another
    for data in ({"email": ALICE}, {"email": ALICE, "csrf": "x" * 43}):
        got = client.post("/sign-in", data=data)
        # Then it is refused by rule 'csrf', no mail, nothing recorded
        assert got.status_code == 403 and "Refused by rule &#39;csrf&#39;" in got.text
    assert mailbox.messages == [] and event_count(ledger) == before


def test_too_many_links_for_one_address_are_refused_429(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given three links asked for alice (the limit per address in 15 minutes)
    for _ in range(3):
        ask_for_link(client, ALICE)
    before = event_count(ledger)
    # When a fourth is asked for
    form = client.get("/sign-in")
    got = client.post("/sign-in", data={"email": ALICE, "csrf": csrf_of(form.text)})
    # Then it is refused, saying when to try again; no mail, nothing recorded
    assert got.status_code == 429 and int(got.headers["retry-after"]) > 0
    assert "Refused by rule &#39;rate limit&#39;" in got.text
    assert len(mailbox.messages) == 3 and event_count(ledger) == before


def test_too_many_requests_from_one_client_are_refused_429(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given ten requests from one client, each for another address
    for n in range(10):
        ask_for_link(client, f"someone{n}@example.org")
    # When an eleventh is asked for, for alice
    form = client.get("/sign-in")
    got = client.post("/sign-in", data={"email": ALICE, "csrf": csrf_of(form.text)})
    # Then it is refused, and alice gets no mail
    assert got.status_code == 429 and mailbox.messages == []


def test_the_mail_server_down_is_said_plainly_with_503_and_nothing_recorded(
        ledger: Ledger, store: str) -> None:
    # Given a mail server that is not there
    with client_for(store, None, smtp=f"smtp://127.0.0.1:{free_port()}") as client:
        before = event_count(ledger)
        # When alice asks for a link
        form = client.get("/sign-in")
        got = client.post("/sign-in", data={"email": ALICE, "csrf": csrf_of(form.text)})
        # Then the page says no link could be sent; nothing recorded
        assert got.status_code == 503 and "no sign-in link could be sent" in got.text
        assert event_count(ledger) == before


def test_sign_out_ends_the_session(client: TestClient, ledger: Ledger,
                                   mailbox: Mailbox) -> None:
    # Given alice signed in
    signed_in(client, mailbox, ALICE)
    session = client.cookies["lsp_session"]
    before = event_count(ledger)
    # When she signs out (a POST with the form token)
    got = client.post("/sign-out", data={"csrf": client.cookies["lsp_csrf"]})
    # Then the session ends (recorded) and stands for nobody any more
    assert got.status_code == 200 and "You have signed out" in got.text
    assert event_count(ledger) == before + 1
    with pytest.raises(NotAuthenticated):
        ledger.session_author(session)


def test_a_session_look_up_is_kept_until_the_accounts_change(
        client: TestClient, ledger: Ledger, mailbox: Mailbox,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Given alice signed in, and her session looked up once by this opening of the ledger
    signed_in(client, mailbox, ALICE)
    session = client.cookies["lsp_session"]
    assert ledger.session_author(session).person == "alice"
    loads: list[object] = []
    real_get = ledger.repository.get
    monkeypatch.setattr(ledger.repository, "get",
                        lambda *a, **k: loads.append(a) or real_get(*a, **k))
    # When it is looked up again, with nothing changed: the accounts are not read again
    assert ledger.session_author(session).person == "alice"
    assert loads == []
    # When she signs out through this same opening (the accounts' version moves on)
    ledger.sign_out(session)
    # Then the very next look-up reads them again, and the session stands for nobody
    with pytest.raises(NotAuthenticated):
        ledger.session_author(session)
    assert loads


def test_cookies_are_secure_when_the_site_is_https(ledger: Ledger, store: str,
                                                    mailbox: Mailbox) -> None:
    with client_for(store, mailbox, base="https://lsp.example.gov.uk") as client:
        got = client.get("/sign-in")
        assert "Secure" in got.headers["set-cookie"]


def test_a_session_expires_after_8_hours_and_the_pages_ask_to_sign_in_again(
        ledger: Ledger, store: str, mailbox: Mailbox) -> None:
    with freeze_time("2026-12-04 09:00:00") as clock, client_for(store, mailbox) as client:
        # Given alice signed in at 9:00
        signed_in(client, mailbox, ALICE)
        assert client.get("/", follow_redirects=False).status_code == 200
        session = client.cookies["lsp_session"]
        # When it is 17:01 (a session lives 8 hours)
        clock.tick(8 * 3600 + 60)
        got = client.get("/", follow_redirects=False)
        # Then her home page sends her to sign in, and the session stands for nobody
        assert got.status_code == 303 and got.headers["location"] == "/sign-in"
        with pytest.raises(NotAuthenticated, match="this session has expired"):
            ledger.session_author(session)


def test_a_forged_session_cookie_stands_for_nobody(client: TestClient) -> None:
    client.cookies.set("lsp_session", "forged-session-id-" + "x" * 30)
    got = client.get("/", follow_redirects=False)
    assert got.status_code == 303 and got.headers["location"] == "/sign-in"


def test_a_ledger_with_sign_ins_still_verifies_and_rejudges(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given alice signed in and out (link, session, end: events of the Accounts stream)
    signed_in(client, mailbox, ALICE)
    client.post("/sign-out", data={"csrf": client.cookies["lsp_csrf"]})
    # When the ledger is sealed and verified (its history re-judged)
    sealing.seal(ledger)
    report = verify.verify(ledger)
    # Then nothing is found wrong
    assert report.ok, report
