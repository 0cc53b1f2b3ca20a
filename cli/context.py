"""What every command shares: the global settings, opening the ledger, the --on option and
parsing dates. (The output options, --json among them, are cli/render.py's.)"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ledger.when import as_of, effective_from

if TYPE_CHECKING:
    # cryptography is imported by the commands that sign, not by every one; the
    # application and the read models by the commands that open a ledger, not by
    # `lsp --help` (tests/test_startup.py).
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ledger.app import Ledger
    from projections.catchup import ReadStore

F = TypeVar("F", bound=Callable[..., Any])


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class Settings:
    store: str
    actor: str
    seal: bool = True
    json: bool = False
    seal_key: Ed25519PrivateKey | None = None  # signs the seal after each write
    opened: list[Ledger] = field(default_factory=list)
    # The server's (web/commands.py): the ledger it lends a command, acting for the
    # request's author; it is the server's to close, and no command opens another.
    open_ledger: Callable[[], Ledger] | None = None

    def ledger(self, *, create: bool = False) -> Ledger:
        """The ledger, opened once per command (its connections are closed by `close`)."""
        if self.opened and not create:
            return self.opened[-1]
        if self.open_ledger is not None:
            if create:
                from ledger.errors import InvalidInput

                raise InvalidInput("a new ledger is not created through the server")
            ledger = self.open_ledger()
        else:
            from ledger.app import Ledger

            ledger = Ledger(self.store, self.actor, create=create)
        self.opened.append(ledger)
        return ledger

    def close(self) -> None:
        while self.opened:
            ledger = self.opened.pop()
            if self.open_ledger is None:
                ledger.close()

    def read(self) -> ReadStore:
        from projections.catchup import ReadStore

        return ReadStore(self.ledger())


def settings() -> Settings:
    return click.get_current_context().find_object(Settings) or Settings("ledger.sqlite", "")


def on_option(f: F) -> F:
    return click.option("--on", "on", metavar="DATE",
                        help="When it happened (ISO date or date-time, England time); "
                             "default now.")(f)


def parse_on(text: str | None) -> datetime | None:
    return effective_from(text, "--on") if text is not None else None


def parse_as_of(text: str | None, what: str = "--as-of") -> datetime | None:
    return as_of(text, what) if text is not None else None
