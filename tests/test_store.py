"""What a `--store` value may be (ledger/store/seam.py), and what a bad one gets: exit 1, a
message saying what a good one looks like, and nothing created."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from eventsourcing.persistence import ProgrammingError

from cli.main import cli
from ledger.app import Ledger
from ledger.errors import InvalidInput
from ledger.store.seam import Store
from tests.conftest import EXAMPLES
from tests.helpers import stored_events


@pytest.mark.parametrize(("text", "expected"), [
    ("ledger.sqlite", Store("sqlite", path="ledger.sqlite")),
    ("postgresql://lsp@db.example.org/lsp",
     Store("postgresql", host="db.example.org", user="lsp", dbname="lsp")),
    ("postgres://lsp:s%40cret@db:6432/partnerships?schema=daventry",
     Store("postgresql", host="db", port=6432, user="lsp", password="s@cret",
           dbname="partnerships", schema="daventry")),
])
def test_a_store_is_a_file_path_or_a_postgresql_url(text: str, expected: Store) -> None:
    # Given a --store value
    # When it is parsed
    # Then it names the store it should
    assert Store.parse(text) == expected


def test_the_password_comes_from_pgpassword_when_the_url_has_none(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Given PGPASSWORD in the environment and a URL without a password
    monkeypatch.setenv("PGPASSWORD", "from-env")
    # When it is parsed
    store = Store.parse("postgresql://lsp@db/lsp")
    # Then the password is PGPASSWORD's, and the store never shows it
    assert store.password == "from-env"
    assert "from-env" not in str(store)
    assert str(Store.parse("postgresql://lsp:in-url@db/lsp")) == "postgresql://lsp@db:5432/lsp"


BAD = [
    ("", "give a file path such as ./ledger.sqlite"),
    (":memory:", "give a file path such as ./ledger.sqlite"),
    ("sqlite:///x.db", "give a file path such as ./ledger.sqlite"),
    ("mysql://lsp@db/lsp", "the stores are a file path (SQLite) or a postgresql:// URL"),
    ("postgresql://db/lsp", "a PostgreSQL URL needs a user, a host and a database"),
    ("postgresql://lsp@db/", "a PostgreSQL URL needs a user, a host and a database"),
    ("postgresql://lsp@db/lsp?schema=Bad-Name", "schema 'Bad-Name' must be lower-case"),
    ("postgresql://lsp@db/lsp?sslmode=require", "takes only ?schema=NAME, not sslmode"),
    ("postgresql://lsp@db:99999/lsp", "in the PostgreSQL URL"),
]


@pytest.mark.parametrize(("text", "says"), BAD)
def test_a_malformed_store_is_refused_with_what_a_good_one_looks_like(
        text: str, says: str) -> None:
    # Given a malformed --store value
    # When it is parsed
    # Then InvalidInput says what is wrong
    with pytest.raises(InvalidInput) as refused:
        Store.parse(text)
    assert says in str(refused.value)


@pytest.mark.parametrize(("text", "says"), BAD[1:])
def test_lsp_refuses_a_malformed_store_with_exit_1_and_creates_nothing(
        text: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given an empty folder to work in
    monkeypatch.chdir(tmp_path)
    # When a command is given the malformed --store
    result = CliRunner().invoke(cli, ["--store", text, "--as", "tester", "org", "add",
                                      "ddc", "--name", "Daventry District Council"])
    # Then exit 1 with the reason on stderr, and no file appears
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and says in result.stderr
    assert os.listdir(tmp_path) == []


def test_an_unreachable_postgresql_server_is_a_clear_error_not_a_traceback() -> None:
    # Given a URL where no server listens (port 1 on this machine)
    # When a command is run against it
    result = CliRunner().invoke(cli, ["--store", "postgresql://lsp@127.0.0.1:1/lsp",
                                      "--as", "tester", "roster", "executive"])
    # Then exit 1 names the store and says the connection failed
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot connect to postgresql://lsp@127.0.0.1:1/lsp")


def test_a_new_sqlite_ledger_is_put_in_wal_mode_before_eventsourcing_opens_it(
        tmp_path: Path) -> None:
    # Given a path for a new ledger (two `lsp init`s at once both switch a new file to WAL,
    # and SQLite refuses the second at once, without waiting: "database is locked")
    path = str(tmp_path / "new.sqlite")
    # When it is prepared for a new ledger
    Store.parse(path).prepare(None)
    # Then the file is in WAL mode already, so eventsourcing has nothing to switch
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_failing_under_a_command_is_exit_1_with_a_message_and_nothing_recorded(
        lsp: Callable[..., Result], store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a ledger, and a store that fails when written to (as a permission denied or a
    # lost connection does, raised by eventsourcing in the middle of a command)
    assert lsp("init", "Daventry District LSP", "--terms",
               str(EXAMPLES / "daventry" / "terms.toml")).exit_code == 0
    before = stored_events(store)

    def failing(self: Ledger, *aggregates: object, **kwargs: object) -> None:
        raise ProgrammingError("permission denied for table stored_events")

    monkeypatch.setattr(Ledger, "save", failing)
    # When a command that writes is run
    result = lsp("org", "add", "ddc", "--name", "Daventry District Council")
    # Then exit 1 names the store and the failure, no traceback, and nothing is recorded
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the store at {store} failed: permission denied "
                                    "for table stored_events; nothing was recorded")
    monkeypatch.undo()
    assert stored_events(store) == before


def test_a_ledger_moves_from_a_laptop_to_the_shared_server_by_export_and_import(
        tmp_path: Path, postgres_store: str) -> None:
    # Given the Daventry demo ledger in an SQLite file on a secretary's laptop
    runner = CliRunner()

    def lsp(store: str, *args: str) -> Result:
        return runner.invoke(cli, ["--store", store, "--as", "secretariat", *args],
                             env={"LSP_SEAL": "off"})

    laptop = str(tmp_path / "demo.sqlite")
    assert runner.invoke(cli, ["demo", "--store", laptop]).exit_code == 0
    export = str(tmp_path / "daventry.jsonl")
    assert lsp(laptop, "export", export).exit_code == 0
    # When it is imported into a new PostgreSQL schema
    imported = lsp(postgres_store, "import", export)
    # Then every seal checks out there, and the server answers as the laptop does
    assert imported.exit_code == 0, imported.stderr
    assert lsp(postgres_store, "verify").exit_code == 0
    for question in (["roster", "executive", "--as-of", "2026-11-30", "--json"],
                     ["audit", "--entity", "body:executive", "--json"],
                     ["decision", "pending", "executive", "--json"],
                     ["report", "ratifications", "exec-2026-12", "--format", "json"]):
        there, here = lsp(postgres_store, *question), lsp(laptop, *question)
        assert (there.exit_code, here.exit_code) == (0, 0), question
        assert there.stdout == here.stdout
    assert stored_events(postgres_store) == stored_events(laptop)
