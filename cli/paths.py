"""What a command run through the server (`--store http://...`) may name on the client's
machine, and what never runs on the server.

The client (cli/remote.py) and the server (web/commands.py) read the same table:

- `READS`: arguments naming a file the command reads. The client uploads its contents;
  the server writes them into a private folder of the request's and runs the command on
  that copy (a folder is uploaded file by file).
- `WRITES`: arguments naming a file the command writes. The server writes it in the
  request's folder and returns its bytes; the client writes them where it was asked.
- `LOCAL_ONLY`: commands and options that must not run on the server, with why. They are
  refused (exit 1, rule `server`) before anything runs.

Any other argument that names a path is refused by the server too: tests/test_remote.py
checks that every option of every command whose value could be a path is in one of the
three, so a new command cannot slip a server path past this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import click
from click.core import ParameterSource

from ledger.errors import RuleBroken
from ledger.rules import LEDGER

Where = tuple[tuple[str, ...], str]  # (the command's path, the parameter's name)

READS: frozenset[Where] = frozenset({
    (("terms", "adopt"), "terms_file"),
    (("batch",), "file"),  # "-" is standard input, sent as such
    (("verify",), "checkpoint_files"),
    (("verify",), "public_key_files"),
    (("prove",), "bundle_file"),
    (("roster", "import"), "file"),  # the council's spreadsheet; "-" is standard input
})

WRITES: frozenset[Where] = frozenset({
    (("export",), "file"),
    (("report", "minutes"), "output"),
    (("report", "ratifications"), "output"),
    (("report", "agenda"), "output"),
    (("roster", "export"), "output"),
})

# Commands (a prefix of the command's path) that never run on the server, and why.
LOCAL_COMMANDS: dict[tuple[str, ...], str] = {
    ("serve",): "the server is started on its own machine, not through another server",
    ("init",): "a new ledger is created on the server's machine (`lsp init` there), "
               "before it is served",
    ("import",): "an export is imported on the server's machine, into its empty store, "
                 "before it is served",
    ("keys",): "a private key stays on the machine that made it: run `lsp keys generate` "
               "without an http(s) --store",
    ("demo",): "the demo builds a ledger of its own: run it without an http(s) --store",
    ("store",): "the store is set up on the server's machine by whoever holds its "
                "owner's credentials",
    ("doctor",): "the doctor reads the store's files and roles: run it on the server's "
                 "machine",
}

# Options that never run on the server, and why.
LOCAL_OPTIONS: dict[Where, str] = {
    (("seal",), "key_file"): "a private key is never sent to the server: the server signs "
                             "its seals with its own key (LSP_SEAL_KEY where it runs)",
    (("checkpoint",), "key_file"): "a private key is never sent to the server: the server "
                                   "signs with its own key (LSP_SEAL_KEY where it runs)",
    (("checkpoint",), "folder"): "--save writes into a folder on the server's machine: "
                                 "save the checkpoint text yourself (`lsp checkpoint > "
                                 "FILE`), then `lsp verify --checkpoint FILE`",
}


def local_only(path: tuple[str, ...], given: frozenset[str] | set[str]) -> RuleBroken | None:
    """The refusal of a command at `path`, given the parameters `given` (those set on the
    command line), when it must not run on the server; None when it may."""
    for prefix, why in LOCAL_COMMANDS.items():
        if path[:len(prefix)] == prefix:
            return refused(f"`lsp {' '.join(path)}` does not run through the server: {why}")
    for (where, name), why in LOCAL_OPTIONS.items():
        if where == path and name in given:
            return refused(f"`lsp {' '.join(path)}` with that option does not run through "
                           f"the server: {why}")
    return None


def refused(reason: str) -> RuleBroken:
    return RuleBroken("server", LEDGER, (reason,), None)


@dataclass(frozen=True)
class Parsed:
    """A command line as click parses it: the command's path, its parameters' values,
    those given on the command line, and the global options given before it."""

    path: tuple[str, ...]
    params: dict[str, Any]
    given: frozenset[str]
    globals_given: frozenset[str]
    json: bool = False  # --json was given: a refusal is then a JSON document too

    def values(self, name: str) -> list[str]:
        value = self.params.get(name)
        if value is None:
            return []
        if isinstance(value, (tuple, list)):
            return [str(v) for v in value]
        return [str(value)]

    def file_values(self) -> list[tuple[str, list[str]]]:
        """Each file argument of the command (`READS` and `WRITES`) and its values."""
        return [(name, self.values(name)) for where, name in sorted(READS | WRITES)
                if where == self.path]


def parse(group: click.Group, argv: list[str], *, strict: bool = False) -> Parsed | None:
    """`lsp ARGV` parsed as click parses it, without running it. A usage error (or
    `--help`) raises as click raises it when `strict`, else gives None: running the
    command then prints click's own message."""
    try:
        ctx = group.make_context("lsp", list(argv))
        globals_given = _given(ctx)
        command: click.Command = group
        path: list[str] = []
        args = _rest(ctx)
        while isinstance(command, click.Group):
            if not args:
                return None
            name, sub, rest = command.resolve_command(ctx, args)
            if sub is None or name is None:
                return None
            ctx = sub.make_context(name, rest, parent=ctx)
            path.append(str(sub.name))
            command = sub
            args = _rest(ctx)
    except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        if strict:
            raise
        return None
    return Parsed(tuple(path), dict(ctx.params), _given(ctx), globals_given,
                  bool(ctx.meta.get("lsp.json")))


def _rest(ctx: click.Context) -> list[str]:
    """What a group left for its subcommand (click keeps the subcommand's name apart)."""
    return [*getattr(ctx, "_protected_args", []), *ctx.args]


def _given(ctx: click.Context) -> frozenset[str]:
    return frozenset(p.name for p in ctx.command.params if p.name
                     and ctx.get_parameter_source(p.name) == ParameterSource.COMMANDLINE)
