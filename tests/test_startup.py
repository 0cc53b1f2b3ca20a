"""Start-up (issue 17 item 1): `lsp --help` imports no application, and lists every command
in click's own words without importing the commands' modules. Never timed here: the
figures are bench/bench_startup.py's (docs/performance.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from cli.main import COMMANDS, LazyCommands, cli
from tests.conftest import ROOT

# Run `lsp ARGS...` in a fresh interpreter and print the modules it imported, as JSON.
RUN_AND_LIST_MODULES = """
import json, sys
sys.argv[0] = "lsp"
from cli.main import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""

NOT_FOR_HELP = ("ledger.app", "eventsourcing", "pydantic", "projections", "ledger.terms")


def imported(*args: str) -> list[str]:
    run = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, *args], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return list(json.loads(run.stdout.splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ()], ids=["--help", "no-arguments"])
def test_help_imports_neither_the_application_nor_eventsourcing_nor_pydantic(
        args: tuple[str, ...]) -> None:
    # When `lsp --help` (or `lsp` alone, which prints the same) runs in a fresh interpreter
    modules = imported(*args)
    # Then none of the application, eventsourcing, pydantic or the read models was imported,
    # nor any command's module
    assert sorted(m for m in modules
                  if any(m == n or m.startswith(n + ".") for n in NOT_FOR_HELP)) == []
    assert sorted(m for m in modules if m.startswith("cli.")) == ["cli.context", "cli.hints",
                                                                  "cli.main"]


@pytest.mark.parametrize("limit", [20, 45, 120])
def test_help_lists_each_command_in_clicks_own_words(limit: int) -> None:
    # Given the commands' lines as `lsp --help` reads them from the source, unimported
    lazy = LazyCommands(COMMANDS)
    # Then each is exactly what click says of the command itself
    for name in COMMANDS:
        assert lazy.short_help(name, limit) == cli.commands[name].get_short_help_str(limit), name


def test_help_prints_what_clicks_own_listing_prints() -> None:
    # Given every command imported (so click's own Group.format_commands can ask them)
    commands = {name: cli.commands[name] for name in COMMANDS}
    own = click.Group("lsp", commands=commands,
                      context_settings={"help_option_names": ["-h", "--help"]})
    for param in cli.params:
        own.params.append(param)
    own.help = cli.help
    # When both print their help
    ours = CliRunner().invoke(cli, ["--help"]).output
    theirs = CliRunner().invoke(own, ["--help"], prog_name="lsp").output
    # Then the listings of commands are the same
    assert ours.split("Commands:", 1)[1] == theirs.split("Commands:", 1)[1]
