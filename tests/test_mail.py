"""The server's e-mail (web/mail.py): configured from the environment as CONTRACT.md's
"The web" says, delivered to a real SMTP server on loopback, and never lost in silence."""

from __future__ import annotations

import logging

import pytest

from ledger.errors import InvalidInput
from tests.helpers import free_port, smtp_server
from web.mail import MailSettings, MailUnavailable, message, send


def test_given_an_smtp_url_when_a_message_is_sent_then_the_mail_server_receives_it() -> None:
    with smtp_server() as box:
        settings = MailSettings.from_env("http://127.0.0.1:8000", {
            "LSP_SMTP_URL": f"smtp://127.0.0.1:{box.port}",
            "LSP_MAIL_FROM": "lsp@daventry.gov.uk",
            "LSP_BASE_URL": "https://lsp.daventry.gov.uk/"})
        send(settings, message(settings, "amy@example.org", "Sign in",
                               "Follow " + settings.link("/sign-in/abc")))
    [got] = box.messages
    assert got["From"] == "lsp@daventry.gov.uk"
    assert got["To"] == "amy@example.org"
    assert got["Subject"] == "Sign in"
    assert "https://lsp.daventry.gov.uk/sign-in/abc" in got.get_content()


def test_given_no_mail_server_answering_when_a_message_is_sent_then_it_says_so() -> None:
    settings = MailSettings("http://x", smtp_url=f"smtp://127.0.0.1:{free_port()}")
    with pytest.raises(MailUnavailable, match="did not take the message"):
        send(settings, message(settings, "amy@example.org", "Sign in", "body"))


def test_given_no_smtp_url_when_a_message_is_sent_then_it_is_written_to_the_log(
        caplog: pytest.LogCaptureFixture) -> None:
    settings = MailSettings.from_env("http://127.0.0.1:8000", {})
    with caplog.at_level(logging.INFO, logger="lsp.mail"):
        send(settings, message(settings, "amy@example.org", "Sign in",
                               settings.link("/sign-in/abc")))
    assert "http://127.0.0.1:8000/sign-in/abc" in caplog.text


@pytest.mark.parametrize(("name", "value", "says"), [
    ("LSP_SMTP_URL", "http://mail:25", "LSP_SMTP_URL must be smtp://"),
    ("LSP_SMTP_URL", "smtp://mail:99999", "LSP_SMTP_URL has a port"),
    ("LSP_BASE_URL", "lsp.example", "LSP_BASE_URL must be"),
    ("LSP_MAIL_FROM", "nobody", "LSP_MAIL_FROM must be an e-mail address"),
])
def test_given_a_setting_the_server_cannot_use_then_it_is_refused_by_name(
        name: str, value: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        MailSettings.from_env("http://127.0.0.1:8000", {name: value})
