"""Signing in to the web by an e-mailed link; sessions; CSRF (issue 14, items 1 and 6;
docs/web.md, "Signing in").

- GET `/sign-in`: a form, "Email address" and "Send sign-in link". POST: whatever the
  address, the same answer (never whether it has an account); for an account, a one-use
  link valid 15 minutes (`LSP_BASE_URL` + `/sign-in/TOKEN`) sent by `web.mail.send`, and
  only then recorded (`Ledger.issue_sign_in_link`: the token's SHA-256 only, in the
  Accounts stream). If the mail server does not take it: 503 saying so, nothing recorded.
- GET `/sign-in/TOKEN`: a page with one "Sign in" button; POST signs in. A GET never
  uses the link, because mail scanners fetch links before the person does: only the
  button (a POST, which they do not send) does. A used or expired link: 410; a link that
  never was: 400.
- A session: its random id in the `lsp_session` cookie (HttpOnly, SameSite=Lax, Path=/,
  Secure when `LSP_BASE_URL` is https), only its SHA-256 recorded
  (`Accounts.SessionStarted`), 8 hours; POST `/sign-out` ends it (`SessionEnded`).
- CSRF: every form carries the `lsp_csrf` cookie's random value in a hidden field (a
  double-submit cookie, so the sign-in form has one before any session, and several
  server processes need no shared secret); a POST whose field is not the cookie's (in
  constant time) is refused, 403, before anything is read or recorded.
- Rate limits: at most `PER_ADDRESS` requests for a link from one client address and
  `PER_EMAIL` for one e-mail address in `WINDOW` seconds, counted in the store
  (`ledger.store.ratelimit`: salted hashes of the two addresses and the time, kept for
  the window), so every server process on the store counts together; checked and
  counted in one step, so two at once cannot both take the last place. Beyond: 429 with
  a page saying when to try again.

`signed_in(request)` is how the members' pages (web/members.py) get the ledger acting as
the signed-in person (`Author.signed_in(person, "web", "session")`): every act they do is
judged by the application's one permission check, as the API's are.

Of the web: FastAPI, `ledger.app`, `ledger.errors`, `ledger.store.ratelimit`, `web.mail`,
`web.public` (its pages), `web.security` and `web.server` only.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ledger.accounts import LinkGone
from ledger.app import Ledger
from ledger.authors import Author
from ledger.errors import InvalidInput, NotAuthenticated
from ledger.store.ratelimit import Limit, StoreLimits
from web.mail import MailSettings, MailUnavailable, message, send
from web.public import page
from web.security import client_address
from web.server import server_of

router = APIRouter()

SESSION_COOKIE = "lsp_session"
CSRF_COOKIE = "lsp_csrf"
WINDOW = 15 * 60.0  # seconds over which requests for a link are counted
PER_ADDRESS = 10  # requests for a link from one client address in WINDOW
PER_EMAIL = 3  # requests for a link to one e-mail address in WINDOW
PER_CLIENT_LIMIT = Limit("sign-in-client", PER_ADDRESS, WINDOW)
PER_EMAIL_LIMIT = Limit("sign-in-email", PER_EMAIL, WINDOW)


class CsrfRefused(Exception):
    """A POST without the form's token: refused before anything is read or recorded."""


class NotSignedIn(Exception):
    """A members' page asked for without a live session: to the sign-in page."""


@dataclass
class Web:
    """What the web's pages share in one process (`app.state.web`)."""

    mail: MailSettings
    limits: StoreLimits = field(default_factory=StoreLimits)  # counted in the store

    @property
    def secure(self) -> bool:
        """Cookies marked Secure: only when the site is served over https (a browser
        drops a Secure cookie set by a plain http page, 127.0.0.1 or not, in a trial)."""
        return urlsplit(self.mail.base_url).scheme == "https"


def web_of(request: Request) -> Web:
    found: Web = request.app.state.web
    return found


def install(app: FastAPI, mail: MailSettings) -> None:
    """The web's state and its two refusals as pages (the router is in ROUTERS)."""
    app.state.web = Web(mail)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(_: Request, __: CsrfRefused) -> HTMLResponse:
        return notice("Form not accepted", 403, "refused by rule 'csrf': this form was not "
                      "the one this site gave you (it may be out of date, or sent from "
                      "another site). Go back, reload the page and try again")

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(_: Request, __: NotSignedIn) -> RedirectResponse:
        return RedirectResponse("/sign-in", status_code=303)


def notice(title: str, status: int, text: str, partnership: str = "the partnership ledger",
           headers: dict[str, str] | None = None) -> HTMLResponse:
    """A page with one heading and one message (a refusal, an answer)."""
    made = page("notice.html.j2", status, partnership=partnership, title=title, message=text,
                seal=None)
    made.headers.update(headers or {})
    return made


# ------------------------------------------------------------------------------ CSRF

def csrf_token(request: Request) -> str:
    """The form token of this browser: its `lsp_csrf` cookie, or a new one (which
    `with_csrf` then sets)."""
    found = request.cookies.get(CSRF_COOKIE, "")
    return found if len(found) >= 32 else secrets.token_urlsafe(32)


def with_csrf(request: Request, response: Response, token: str) -> Response:
    """`response` setting the form token's cookie, if the browser had none."""
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", path="/",
                            secure=web_of(request).secure)
    return response


def check_csrf(request: Request, sent: str) -> None:
    """Raise `CsrfRefused` unless the form's token is the browser's cookie."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not (cookie and sent and hmac.compare_digest(cookie.encode(), sent.encode())):
        raise CsrfRefused()


def form_page(request: Request, name: str, status: int = 200, **context: object
              ) -> Response:
    """A page with forms: each gets the browser's form token."""
    token = csrf_token(request)
    return with_csrf(request, page(name, status, csrf=token, **context), token)


# ------------------------------------------------------------------------------ sessions

@contextmanager
def lent(request: Request) -> Iterator[Ledger]:
    """A ledger of the server's pool, as the public."""
    with server_of(request).ledgers.lent() as ledger:
        yield ledger.acting_as(Author.public("web"))


def session_author(request: Request, ledger: Ledger) -> Author | None:
    """Who the session cookie stands for, or None (no cookie, ended, expired)."""
    session = request.cookies.get(SESSION_COOKIE, "")
    if not session:
        return None
    try:
        return ledger.session_author(session)
    except NotAuthenticated:
        return None


@contextmanager
def signed_in(request: Request) -> Iterator[Ledger]:
    """The ledger acting as the signed-in person (`NotSignedIn` without a session)."""
    with lent(request) as ledger:
        author = session_author(request, ledger)
        if author is None:
            raise NotSignedIn()
        yield ledger.acting_as(author)


# ------------------------------------------------------------------------------ pages

@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request) -> Response:
    with lent(request) as ledger:
        return form_page(request, "signin.html.j2", partnership=ledger.partnership_name(),
                         seal=None, email="", error=None)


@router.post("/sign-in", response_class=HTMLResponse)
def ask_for_link(request: Request, email: Annotated[str, Form()] = "",
                 csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    web = web_of(request)
    address = email.strip()
    with lent(request) as ledger:
        partnership = ledger.partnership_name()
        if not address or "@" not in address or len(address) > 320:
            return form_page(request, "signin.html.j2", 400, partnership=partnership,
                             seal=None, email=address, error=(
                                 "Enter an email address in the correct format, like "
                                 "name@example.gov.uk"))
        wait = _limited(web, ledger, client_address(request.scope), address.casefold())
        if wait is not None:
            return notice("Too many requests", 429, f"refused by rule 'rate limit': too "
                          f"many sign-in links have been asked for, from here or for this "
                          f"address; try again in {-(-wait // 60)} minutes", partnership,
                          {"Retry-After": str(wait)})

        def deliver(to: str, token: str) -> None:
            link = web.mail.link(f"/sign-in/{token}")
            send(web.mail, message(web.mail, to, f"Sign in to {partnership}", (
                f"To sign in to {partnership}, open this link within 15 minutes:\n\n"
                f"{link}\n\nIt works once. If you did not ask to sign in, ignore this "
                "e-mail: nothing happens unless the link is used.\n")))

        try:
            ledger.issue_sign_in_link(address, deliver)
        except MailUnavailable:
            return notice("Sign-in e-mail not sent", 503, "the mail server is not "
                          "taking messages just now, so no sign-in link could be sent. "
                          "Nothing has changed: try again in a few minutes", partnership)
        except InvalidInput as e:
            return notice("Sign-in e-mail not sent", 400, str(e), partnership)
        return page("signin_sent.html.j2", partnership=partnership, seal=None,
                    email=address)


def _limited(web: Web, ledger: Ledger, client: str, address: str) -> int | None:
    """Seconds to wait when either limit is reached; otherwise this request counts, under
    both, in the store (one step for every server process on it)."""
    with web.limits.connection(ledger.where, ledger.database) as db:
        return web.limits.take(db, (PER_CLIENT_LIMIT, client), (PER_EMAIL_LIMIT, address))


@router.get("/sign-in/{token}", response_class=HTMLResponse)
def link_page(request: Request, token: str) -> Response:
    """The link from the e-mail: a button to sign in (a GET uses nothing)."""
    with lent(request) as ledger:
        partnership = ledger.partnership_name()
        try:
            link = ledger.sign_in_link(token)
        except NotAuthenticated as e:
            return _link_refused(e, partnership)
        if link.used:
            return _link_refused(LinkGone("this sign-in link has been used already: each "
                                          "link works once; ask for a new one"), partnership)
        if link.expires <= datetime.now(UTC):
            return _link_refused(LinkGone("this sign-in link has expired (a link works for "
                                          "15 minutes); ask for a new one"), partnership)
        return form_page(request, "signin_link.html.j2", partnership=partnership, seal=None,
                         token=token)


@router.post("/sign-in/{token}", response_class=HTMLResponse)
def use_link(request: Request, token: str, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    with lent(request) as ledger:
        try:
            session, _ = ledger.sign_in(token)
        except NotAuthenticated as e:
            return _link_refused(e, ledger.partnership_name())
    done = RedirectResponse("/", status_code=303)
    done.set_cookie(SESSION_COOKIE, session, max_age=8 * 3600, httponly=True,
                    samesite="lax", path="/", secure=web_of(request).secure)
    return done


def _link_refused(e: NotAuthenticated, partnership: str) -> HTMLResponse:
    status = 410 if isinstance(e, LinkGone) else 400
    return notice("This sign-in link does not work", status, e.message, partnership)


@router.post("/sign-out", response_class=HTMLResponse)
def sign_out(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    session = request.cookies.get(SESSION_COOKIE, "")
    with lent(request) as ledger:
        if session:
            ledger.sign_out(session)
        made = notice("You have signed out", 200, "you have signed out. Sign in again with "
                      "a new link from the sign-in page", ledger.partnership_name())
    made.delete_cookie(SESSION_COOKIE, path="/")
    return made
