"""The `lsp` command: the interface promised to users in CONTRACT.md.

Commands parse their arguments, make one call to the ledger or one query of the read
models, and print the answer. The one place that turns a refusal into exit code 1 is
`LspGroup.invoke` below; no rule lives in this package.
"""

from __future__ import annotations

import json
import os
from typing import Any

import click

from cli.context import Settings, default_actor
from ledger import signing
from ledger.errors import IntegrityFailure, LedgerError, RuleBroken


class LspGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LedgerError as e:
            refuse(ctx, e)


def refuse(ctx: click.Context, error: LedgerError) -> None:
    """Exit 1 with the message on stderr (and a JSON document on stdout under --json);
    exit 3 for an integrity failure (CONTRACT.md: `verify`, `import`)."""
    if ctx.find_root().meta.get("lsp.json"):
        doc: dict[str, Any] = {"error": type(error).__name__, "message": error.message}
        if isinstance(error, RuleBroken):
            doc.update(rule=error.rule, clause=error.clause, reasons=list(error.reasons),
                       terms_version=error.terms_version)
        if isinstance(error, IntegrityFailure):
            doc.update(ok=False, position=error.position)
        click.echo(json.dumps(doc, indent=2))
    click.echo(f"Error: {error.message}", err=True)
    ctx.exit(3 if isinstance(error, IntegrityFailure) else 1)


@click.group(cls=LspGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", envvar="LSP_STORE", default="ledger.sqlite", show_default=True,
              help="Where the ledger lives: a file path (embedded SQLite) or "
                   "postgresql://USER@HOST:PORT/DB[?schema=NAME] (docs/deploy.md).")
@click.option("--as", "actor", envvar="LSP_ACTOR", default=default_actor,
              help="Who is recording (default: your login name). Stored with every event.")
@click.option("--seal/--no-seal", "seal", envvar="LSP_SEAL", default=True, show_default=True,
              help="Seal the ledger after every command that writes (LSP_SEAL=off to stop).")
@click.version_option(package_name="lsp-ledger")
@click.pass_context
def cli(ctx: click.Context, store: str, actor: str, seal: bool) -> None:
    """The partnership ledger: who sits where, and what was decided, as of any date."""
    ctx.obj = Settings(store=store, actor=actor, seal=seal)
    ctx.call_on_close(ctx.obj.close)
    key_file = os.environ.get("LSP_SEAL_KEY")
    if seal and key_file:
        # Loaded before the command runs: a bad key file refuses the command (exit 1)
        # before it writes anything, rather than after.
        ctx.obj.seal_key = signing.load_private_key(key_file)


def _register() -> None:
    from cli import (
        admin,
        decisions,
        demo,
        doctor,
        integrity,
        meetings,
        membership,
        reading,
        reports,
        setup,
        store,
        transfer,
    )

    for module in (setup, membership, meetings, decisions, reading, reports, integrity,
                   transfer, admin, doctor, store, demo):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="lsp")


if __name__ == "__main__":  # pragma: no cover
    main()
