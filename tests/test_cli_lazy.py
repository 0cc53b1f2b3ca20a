"""`lsp` imports a command's module only when that command runs (cli/main.py `COMMANDS`).

Starting Python and importing every command's module (jinja2 for papers, cryptography for
signing, psycopg for PostgreSQL) was most of the time a read command took
(docs/performance.md, "The command line"). These tests keep the map of commands complete,
and keep a read on an SQLite ledger from importing what only other commands need.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli.main import COMMANDS, cli
from tests.conftest import EXAMPLES, ROOT
from tests.helpers import RUN_AND_LIST_MODULES

# Modules a read of the roster on an SQLite ledger has no use for.
NOT_FOR_A_READ = ("jinja2", "cryptography", "psycopg", "ledger.audit.sealing",
                  "ledger.audit.verify", "ledger.audit.proofs", "ledger.audit.signing",
                  "ledger.audit.export", "ledger.audit.importing", "ledger.store.doctor",
                  "cli.integrity", "cli.setup", "cli.meetings", "cli.membership", "cli.decisions",
                  "cli.reports", "cli.transfer", "cli.admin", "cli.doctor", "cli.store",
                  "cli.demo")



def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def top_level_commands() -> dict[str, click.Command]:
    """The commands the cli modules define that no group of theirs holds: `lsp NAME`."""
    found: dict[str, click.Command] = {}
    for info in pkgutil.iter_modules([str(ROOT / "cli")]):
        if info.name in ("main", "__main__"):
            continue
        module = importlib.import_module(f"cli.{info.name}")
        commands = [c for c in vars(module).values() if isinstance(c, click.Command)]
        held = {id(sub) for c in commands if isinstance(c, click.Group)
                for sub in c.commands.values()}
        found.update((c.name, c) for c in commands if id(c) not in held and c.name)
    return found


def test_every_command_a_module_defines_is_in_the_map_and_the_map_finds_it() -> None:
    # Given the top-level commands the cli modules define
    defined = top_level_commands()
    # Then cli/main.py maps exactly those names, each to that very command
    assert sorted(COMMANDS) == sorted(defined)
    assert all(cli.commands[name] is command for name, command in defined.items())


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"\n  {name} " in result.output


@pytest.mark.sqlite_only
def test_a_read_imports_only_what_it_needs(tmp_path: Path) -> None:
    # Given an SQLite ledger
    store = str(tmp_path / "ledger.sqlite")
    made = CliRunner().invoke(cli, ["--store", store, "--as", "tester", "init", "Daventry LSP",
                                    "--terms", str(EXAMPLES / "daventry" / "terms.toml"),
                                    "--on", "2026-04-01"])
    assert made.exit_code == 0, made.output
    # When `lsp roster executive` runs in a fresh interpreter
    out = tmp_path / "modules.json"
    run = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, str(out), "--store",
                          store, "roster", "executive"],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    # Then it answers, having imported no other command's module and none of jinja2,
    # cryptography or psycopg
    assert run.returncode == 0, run.stderr
    assert "executive" in run.stdout
    modules = json.loads(out.read_text())
    assert "cli.reading" in modules
    assert loaded(modules, NOT_FOR_A_READ) == []


def test_importing_the_cli_imports_no_command() -> None:
    run = subprocess.run([sys.executable, "-c",
                          "import json, sys, cli.main; print(json.dumps(sorted(sys.modules)))"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    modules = json.loads(run.stdout)
    assert loaded(modules, (*NOT_FOR_A_READ, "cli.reading", "cli.views", "cli.render")) == []
