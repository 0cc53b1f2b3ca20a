"""`lsp batch FILE|-`: many `lsp` commands in one process, with one opening of the ledger.

A batch file is the format of `examples/*/history.lsp`: one command a line, as typed after
`lsp` (shell quoting), blank lines and `#` comments skipped; a word naming a file beside the
batch file (`--terms terms.toml`) is read from there. `read_lines` is the one parser of
that format (`lsp demo` replays its histories through `run_lines` too).

Every line is its own command: it is recorded (or refused) as it would be alone, so a
refusal stops the batch there, naming its line, and keeps everything before it. The
batch is sealed once at the end (not after every line) unless sealing is off.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from cli import capture
from cli.context import Settings, settings
from cli.progress import progress
from cli.render import emit, json_option
from ledger.errors import InvalidInput, LedgerError

GLOBAL_OPTIONS = ("--store", "--as", "--seal", "--no-seal", "--token")


@dataclass(frozen=True)
class Line:
    number: int  # in the file, from 1
    args: list[str]  # the words after `lsp`


def read_lines(text: str, folder: Path | None = None) -> list[Line]:
    """The commands of a batch file's `text`; a word naming a file in `folder` (the batch
    file's own) becomes that file's path."""
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            words = shlex.split(line)
        except ValueError as e:  # an unclosed quote
            raise InvalidInput(f"line {number}: cannot read the command ({e}); nothing of the "
                               "batch was run") from None
        if folder is not None:
            words = [str(folder / w) if (folder / w).is_file() else w for w in words]
        lines.append(Line(number, words))
    return lines


def run_lines(lines: Sequence[Line], shared: Settings, label: str = "lsp batch") -> int:
    """Run each line as an `lsp` command on `shared`'s ledger (opened once, never sealed
    here), with its output discarded; returns how many ran. A refused line raises its
    refusal with "line N: " before the message; the lines before it stay recorded."""
    from cli.main import cli

    count = 0
    with progress(lines, label, length=len(lines)) as bar:
        for line in bar:
            if line.args and line.args[0].split("=")[0] in GLOBAL_OPTIONS:
                raise InvalidInput(f"line {line.number}: {line.args[0]} is given to `lsp batch` "
                                   "itself, not on a line of the batch")
            _run_one(cli, line, shared)
            count += 1
    return count


def _run_one(cli: click.Group, line: Line, shared: Settings) -> None:
    try:
        # Each line's output is thrown away in this context alone (`cli.capture`): on the
        # server, other requests' commands print at the same time.
        with capture.discarded(), cli.make_context("lsp", list(line.args), obj=shared) as ctx:
            # The group's own invoke, not `LspGroup.invoke`: the refusal comes back here
            # to be given its line number (the batch's own command turns it into the exit
            # code).
            click.Group.invoke(cli, ctx)
    except LedgerError as e:
        raise _at_line(line.number, e) from None
    except click.exceptions.Exit as e:  # `--help` on a line, say: nothing run, no error
        if e.exit_code:
            raise InvalidInput(f"line {line.number}: exited with code {e.exit_code}") from None
    except click.ClickException as e:
        raise InvalidInput(f"line {line.number}: {e.format_message()}") from None
    finally:
        shared.json = False  # a line's --json is that line's


def _at_line(number: int, error: LedgerError) -> LedgerError:
    """The same refusal (its class, rule, clause and remedy), its message led by the line."""
    error.message = f"line {number}: {error.message}"
    error.args = (error.message,)
    return error


def seal_after(shared: Settings, key: Any = None) -> dict[str, Any] | None:
    """Seal what the batch recorded (once, at the end); None when nothing is open to seal."""
    if not shared.opened:
        return None
    from ledger.audit import sealing  # (and cryptography): for batches that write

    ledger = shared.opened[-1]
    if ledger.recorder.max_notification_id() in (None, 0):
        return None
    info = sealing.seal(ledger, key)
    return {"tree_size": info.tree_size, "root": info.root, "position": info.position}


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@json_option
def batch(file: str) -> None:
    """Run the lsp commands in FILE (or - for standard input), one a line, in one go."""
    outer = settings()
    if file == "-":
        text, folder, source = sys.stdin.read(), None, "standard input"
    else:
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InvalidInput(f"cannot read the batch file {file}: {e}") from None
        folder, source = path.parent, file
    lines = read_lines(text, folder)
    shared = Settings(store=outer.store, actor=outer.actor, seal=False,
                      open_ledger=outer.open_ledger)
    click.get_current_context().call_on_close(shared.close)
    try:
        count = run_lines(lines, shared)
    except LedgerError:
        if outer.seal:
            seal_after(shared, outer.seal_key)  # what came before the refusal is kept: seal it
        raise
    sealed = seal_after(shared, outer.seal_key) if outer.seal else None
    doc: dict[str, Any] = {"file": source, "commands": count, "store": outer.store}
    text_out = f"Ran {count} command(s) from {source}."
    if sealed is not None:
        doc["seal"] = sealed
        text_out += f"\n  sealed: {sealed['tree_size']} events, root {sealed['root'][:16]}..."
    emit(doc, lambda: text_out)
