"""The `lsp` command: the interface promised to users in CONTRACT.md.

Commands parse their arguments, make one call to the ledger or one query of the read
models, and print the answer. The one place that turns a refusal into exit code 1 is
`LspGroup.invoke` below; no rule lives in this package.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import inspect
import json
import os
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import click

from cli.context import Settings, default_actor
from cli.hints import directory_names, worded
from ledger.errors import (
    IntegrityFailure,
    LedgerError,
    NotAuthenticated,
    RowsRefused,
    RuleBroken,
    StoreError,
)
from ledger.naming import Names, named

# Every command, and where it is defined ("module:attribute"). A command's module (and
# what it imports: jinja2 for papers, cryptography for signing, ...) is imported only
# when that command is run, or when `lsp --help` lists them all: starting Python and
# importing every module up front was most of the time a read command took
# (docs/performance.md). This map is the one list of commands: a new command goes here
# (tests/test_cli_lazy.py checks that it names every command the modules define).
COMMANDS: dict[str, str] = {
    # setup
    "init": "cli.setup:init",
    "terms": "cli.setup:terms",
    "org": "cli.setup:org",
    "person": "cli.setup:person",
    # membership
    "seat": "cli.membership:seat",
    "role": "cli.membership:role",
    "deputy": "cli.membership:deputy",
    "membership": "cli.membership:membership",
    "correct": "cli.membership:correct",
    # meetings
    "meeting": "cli.meetings:meeting",
    "agenda": "cli.meetings:agenda",
    "attend": "cli.meetings:attend",
    "apologies": "cli.meetings:apologies",
    "in-attendance": "cli.meetings:in_attendance",
    "interest": "cli.meetings:interest",
    "vote": "cli.meetings:vote",
    "decide": "cli.meetings:decide",
    "quorum": "cli.meetings:quorum",
    # decisions
    "decision": "cli.decisions:decision",
    # action notes
    "action": "cli.actions:action",
    # reading
    "roster": "cli.reading:roster",
    "audit": "cli.reading:audit",
    "check": "cli.reading:check",
    "outbox": "cli.outbox:outbox",
    # reports and registers
    "report": "cli.reports:report",
    "register": "cli.reports:register",
    # integrity
    "seal": "cli.integrity:seal",
    "checkpoint": "cli.integrity:checkpoint",
    "verify": "cli.integrity:verify",
    "prove": "cli.integrity:prove",
    "keys": "cli.integrity:keys",
    # transfer
    "export": "cli.transfer:export_cmd",
    "import": "cli.transfer:import_cmd",
    # administration
    "projections": "cli.admin:projections",
    "doctor": "cli.doctor:doctor",
    "store": "cli.store:store_group",
    "demo": "cli.demo:demo",
    # bulk
    "batch": "cli.batch:batch",
    # accounts (who may sign in: docs/permissions.md)
    "account": "cli.accounts:account",
    "grant": "cli.accounts:grant",
    "revoke": "cli.accounts:revoke",
    "token": "cli.accounts:token",
    # the server
    "serve": "cli.serve:serve",
}

# A --store naming a server rather than a store: the command runs there (cli/remote.py).
REMOTE = ("http://", "https://")


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported from where `COMMANDS` says on first use.

    It is the group's `commands` mapping, so click's own `list_commands` (the names, in
    order, importing nothing) and `get_command` (`commands.get(name)`: that one command's
    module) are the lazy ones of click's docs ("Lazily Loading Subcommands"), and
    anything that walks `cli.commands.items()` (tests/test_cli.py) still sees every
    command."""

    def __init__(self, where: Mapping[str, str]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            where = self._where[name]  # KeyError: no such command (`get` gives None)
            self._loaded[name] = _load(name, where)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._where.pop(name, None)
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._where or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._where), **dict.fromkeys(self._loaded)})

    def __len__(self) -> int:
        return len(self._where.keys() | self._loaded.keys())

    def short_help(self, name: str, limit: int) -> str | None:
        """The command's line in `lsp --help`, as click words it (`get_short_help_str`),
        None for a hidden one; read from its module's source, without importing it, when
        the command is not loaded yet (tests/test_startup.py checks they agree)."""
        if name not in self._loaded:
            text = _docstring(self._where[name])
            if text is not None:
                return click.Command(name, help=text).get_short_help_str(limit)
        command = self[name]
        return None if command.hidden else command.get_short_help_str(limit)


def _docstring(where: str) -> str | None:
    """The cleaned docstring of the function `where` names, when it is a command whose help
    is its docstring alone (no help=, short_help=, hidden= or deprecated= in its decorator
    call); None for anything else, which is then imported and asked."""
    module, _, attribute = where.partition(":")
    return _docstrings(module).get(attribute)


@functools.cache
def _docstrings(module: str) -> dict[str, str | None]:
    """Each top-level function of `module`'s source that `_docstring` can answer for."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return {}
    try:
        with open(spec.origin, encoding="utf-8") as f:
            tree = ast.parse(f.read(), spec.origin)
    except (OSError, SyntaxError, ValueError):
        return {}
    found: dict[str, str | None] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        calls = [d for d in node.decorator_list
                 if isinstance(d, ast.Call) and _is_command_decorator(d)]
        # A `cls=` of ours words its help as click does (tests/test_startup.py checks).
        if not calls or any(k.arg in ("help", "short_help", "hidden", "deprecated")
                            for d in calls for k in d.keywords):
            continue
        doc = ast.get_docstring(node, clean=False)
        found[node.name] = inspect.cleandoc(doc).split("\f", 1)[0] if doc else None
    return found


def _is_command_decorator(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr in ("command", "group")


def _load(name: str, where: str) -> click.Command:
    module, _, attribute = where.partition(":")
    try:
        command = getattr(importlib.import_module(module), attribute)
    except KeyError as e:  # a bug in the module, not "No such command" (see __getitem__)
        raise RuntimeError(f"importing {where} for {name!r}: KeyError {e}") from e
    if not isinstance(command, click.Command) or command.name != name:
        raise RuntimeError(f"cli.main.COMMANDS[{name!r}] = {where!r} is not the command "
                           f"{name!r}")
    return command


class LspGroup(click.Group):
    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own list of commands, but each line from `LazyCommands.short_help`, so
        `lsp --help` imports no command's module (and so no application)."""
        commands = self.commands
        names = self.list_commands(ctx)
        if not names or not isinstance(commands, LazyCommands):
            super().format_commands(ctx, formatter)
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = [(n, h) for n in names if (h := commands.short_help(n, limit)) is not None]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            store = str(ctx.params.get("store") or "")
            if not isinstance(ctx.obj, Settings) and store.startswith(REMOTE):
                # The command runs on the server (cli/remote.py): its words are those click
                # left for the subcommand, before its own invoke takes them.
                from cli import remote

                words = [*getattr(ctx, "_protected_args", []), *ctx.args]
                remote.run(ctx, words, store, ctx.params.get("token"),
                           bool(ctx.params.get("seal", True)))
            return super().invoke(ctx)
        except LedgerError as e:
            refuse(ctx, e)
        except Exception as e:
            # eventsourcing is imported by the commands that open a ledger, not here: an
            # error of the store's can come only once it is.
            persistence = sys.modules.get("eventsourcing.persistence")
            if persistence is None or not isinstance(e, persistence.PersistenceError):
                raise
            # The store failed under a command (a permission denied, a lost connection):
            # say so and where, instead of eventsourcing's traceback. Nothing of the
            # command was recorded: a save is one transaction.
            where = ctx.obj.store if isinstance(ctx.obj, Settings) else "the store"
            first = (str(e).strip().splitlines() or [type(e).__name__])[0]
            refuse(ctx, StoreError(f"the store at {where} failed: {first}; nothing was "
                                   "recorded (`lsp doctor` checks the store)"))


def refuse(ctx: click.Context, error: LedgerError) -> None:
    """Exit 1 with the message on stderr (and a JSON document on stdout under --json);
    exit 3 for an integrity failure (CONTRACT.md: `verify`, `import`). The message names
    people, seats and bodies as the ledger's directory does (`_names`)."""
    # An integrity or store failure is about the store itself: its message names no
    # person, and the read models are not read for it.
    names = None if isinstance(error, IntegrityFailure | StoreError) else _names(ctx)
    if ctx.find_root().meta.get("lsp.json"):
        doc: dict[str, Any] = {"error": type(error).__name__,
                               "message": worded(error, names)}
        if isinstance(error, RuleBroken):
            doc.update(rule=error.rule, clause=error.clause,
                       reasons=[named(r, names) if names else r for r in error.reasons],
                       terms_version=error.terms_version)
        if isinstance(error, RowsRefused):
            doc.update(error.document)  # each refused row (`lsp roster import`)
        if isinstance(error, NotAuthenticated):
            doc.update(rule=error.rule)
        if isinstance(error, IntegrityFailure):
            doc.update(ok=False, position=error.position)
            doc.update(error.document)  # the whole finding: `lsp verify`'s report, say
        click.echo(json.dumps(doc, indent=2))
    click.echo(f"Error: {worded(error, names)}", err=True)
    ctx.exit(3 if isinstance(error, IntegrityFailure) else 1)


def _names(ctx: click.Context) -> Names | None:
    """The directory's names for a refusal's message, from the ledger the command opened;
    None when it opened none (no ledger there, say) or the directory cannot be read, and
    the message is then printed as it was raised. Reading catches the read models up
    with the log, but records nothing."""
    found = ctx.find_object(Settings)
    if found is None or not found.opened:
        return None
    try:
        from datetime import UTC, datetime

        return directory_names(found.read(), datetime.now(UTC))
    except Exception:  # a refusal is never lost for want of names
        return None


@click.group(cls=LspGroup, commands=LazyCommands(COMMANDS),
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", envvar="LSP_STORE", default="ledger.sqlite", show_default=True,
              help="Where the ledger lives: a file path (embedded SQLite), "
                   "postgresql://USER@HOST:PORT/DB[?schema=NAME] (docs/deploy.md), or a "
                   "server, http(s)://HOST:PORT (with --token; docs/server.md).")
@click.option("--as", "actor", envvar="LSP_ACTOR", default=default_actor,
              help="Who is recording (default: your login name). Stored with every event, "
                   "marked as recorded locally.")
@click.option("--seal/--no-seal", "seal", envvar="LSP_SEAL", default=True, show_default=True,
              help="Seal the ledger after every command that writes (LSP_SEAL=off to stop).")
@click.option("--token", envvar="LSP_TOKEN", metavar="TOKEN",
              help="The API token for an http(s):// --store (or LSP_TOKEN); never printed "
                   "or logged.")
@click.version_option(package_name="lsp-ledger")
@click.pass_context
def cli(ctx: click.Context, store: str, actor: str, seal: bool, token: str | None) -> None:
    """The partnership ledger: who sits where, and what was decided, as of any date."""
    if isinstance(ctx.obj, Settings):
        # A line of `lsp batch` (cli/batch.py): it runs on the batch's settings and its
        # one opened ledger, which the batch closes (and seals) when it ends. Or a command
        # the server runs for a client (web/commands.py), on the ledger it lends.
        return
    ctx.obj = Settings(store=store, actor=actor, seal=seal)
    ctx.call_on_close(ctx.obj.close)
    key_file = os.environ.get("LSP_SEAL_KEY")
    if seal and key_file:
        # Loaded before the command runs: a bad key file refuses the command (exit 1)
        # before it writes anything, rather than after. (Imported here: cryptography is
        # for signing, not for every command.)
        from ledger.audit import signing

        ctx.obj.seal_key = signing.load_private_key(key_file)


def main() -> None:
    cli(prog_name="lsp")


if __name__ == "__main__":  # pragma: no cover
    main()
