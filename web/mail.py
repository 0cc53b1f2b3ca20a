"""E-mail: how the server sends a message (a sign-in link, a notification).

Configured as the CONTRACT says ("The web"):

- `LSP_SMTP_URL`: the mail server, `smtp://HOST:PORT` (plain SMTP, port 25 unless told),
  `smtps://HOST:PORT` (TLS from the start, port 465 unless told), either with
  `USER:PASSWORD@` before the host to log in. Without it nothing is sent: each message is
  written to the server's log instead (logger `lsp.mail`), for a trial on one machine.
- `LSP_MAIL_FROM`: the sender (`lsp@localhost` unless told).
- `LSP_BASE_URL`: the address every link in a message begins with (`https://lsp.example.gov.uk`);
  unless told, the address the server listens on.

`send` either hands the message to the mail server or raises `MailUnavailable` (the
server did not answer, or refused it for now): it never loses one silently. Whoever sends
decides what to do about that (the sign-in page says so; the outbox tries again).
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from ledger.errors import InvalidInput

log = logging.getLogger("lsp.mail")

TIMEOUT = 10.0  # seconds to wait on the mail server before calling it unavailable
SCHEMES = {"smtp": 25, "smtps": 465}


class MailUnavailable(Exception):
    """The mail server did not take the message (down, unreachable, or "try later")."""


@dataclass(frozen=True)
class MailSettings:
    """Where mail goes, who it is from, and the address links begin with."""

    base_url: str
    sender: str = "lsp@localhost"
    smtp_url: str | None = None

    @classmethod
    def from_env(cls, default_base_url: str,
                 environ: Mapping[str, str] = os.environ) -> MailSettings:
        """The settings of `LSP_SMTP_URL`, `LSP_MAIL_FROM` and `LSP_BASE_URL`, checked:
        a URL the server could not use is refused now, not at the first message."""
        made = cls(base_url=(environ.get("LSP_BASE_URL") or default_base_url).rstrip("/"),
                   sender=environ.get("LSP_MAIL_FROM") or "lsp@localhost",
                   smtp_url=environ.get("LSP_SMTP_URL") or None)
        base = urlsplit(made.base_url)
        if base.scheme not in ("http", "https") or not base.netloc:
            raise InvalidInput(f"LSP_BASE_URL must be an http:// or https:// address, "
                               f"not {made.base_url!r}")
        if "@" not in made.sender:
            raise InvalidInput(f"LSP_MAIL_FROM must be an e-mail address, not "
                               f"{made.sender!r}")
        if made.smtp_url is not None:
            _server_of(made.smtp_url)
        return made

    def link(self, path: str) -> str:
        """The address of `path` (`/sign-in/abc`) on this server, as a message gives it."""
        return self.base_url + path


@dataclass(frozen=True)
class _SmtpServer:
    scheme: str
    host: str
    port: int
    user: str | None
    password: str | None


def _server_of(url: str) -> _SmtpServer:
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise InvalidInput(f"LSP_SMTP_URL must be smtp://HOST:PORT or smtps://HOST:PORT, "
                           f"not {parts.scheme or 'an address without a scheme'}://…")
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise InvalidInput("LSP_SMTP_URL has a port that is not a number from 0 to 65535") \
            from None
    return _SmtpServer(parts.scheme, parts.hostname, port,
                       unquote(parts.username) if parts.username else None,
                       unquote(parts.password) if parts.password else None)


def message(settings: MailSettings, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from the configured sender."""
    made = EmailMessage()
    made["From"] = settings.sender
    made["To"] = to
    made["Subject"] = subject
    made["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    made.set_content(body)
    return made


def send(settings: MailSettings, mail: EmailMessage) -> None:
    """Hand `mail` to the mail server, or write it to the log when none is configured.

    Raises `MailUnavailable` when the server cannot be reached or answers "not now"; a
    message it refuses for good (a malformed address) raises `MailUnavailable` too, with
    its reply, so that nothing is dropped without a word."""
    if settings.smtp_url is None:
        log.info("no LSP_SMTP_URL: not sent, written here instead\nTo: %s\nSubject: %s\n\n%s",
                 mail["To"], mail["Subject"], mail.get_content())
        return
    server = _server_of(settings.smtp_url)
    try:
        client: smtplib.SMTP
        if server.scheme == "smtps":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        with client:
            if server.user is not None:
                client.login(server.user, server.password or "")
            client.send_message(mail)
    except (OSError, smtplib.SMTPException) as e:
        raise MailUnavailable(f"the mail server at {server.host}:{server.port} did not take "
                              f"the message ({type(e).__name__}: {e})") from e
