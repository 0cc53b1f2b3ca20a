"""Shared fixtures: a ledger on a fresh SQLite file, and a CLI runner bound to it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ledger.app import Ledger
from ledger.when import effective_from

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def on(text: str) -> datetime:
    """An effective time from an ISO date (start of that day, England)."""
    return effective_from(text)


@pytest.fixture
def store(tmp_path: Path) -> str:
    return str(tmp_path / "ledger.sqlite")


@pytest.fixture
def write_terms(tmp_path: Path) -> Callable[[str], str]:
    """Write a terms file from TOML text; returns its path."""
    counter = iter(range(1, 1000))

    def write(text: str) -> str:
        path = tmp_path / f"terms-{next(counter)}.toml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def new_ledger(store: str) -> Callable[..., Ledger]:
    """A ledger initialised with the given terms file, in force from `since`."""

    def make(terms_file: str, since: str = "2026-01-01", actor: str = "secretariat") -> Ledger:
        ledger = Ledger(store, actor, create=True)
        ledger.init("Test Partnership", terms_file, on(since))
        return ledger

    return make


def event_count(ledger: Ledger) -> int:
    """How many events the store holds: a refusal must leave this unchanged."""
    return ledger.recorder.max_notification_id() or 0


@pytest.fixture
def lsp(store: str) -> Callable[..., Result]:
    """Run `lsp --store STORE --as tester ARGS...`, keeping stdout and stderr apart.

    Sealing after each write is off here (LSP_SEAL=off), so positions in the tests and
    in docs/cli.md's examples are those of the commands alone; tests/test_autoseal.py
    covers the default, sealing on."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        from cli.main import cli

        return runner.invoke(cli, ["--store", store, "--as", "tester", *args],
                             catch_exceptions=False, env={"LSP_SEAL": "off"})

    return run
