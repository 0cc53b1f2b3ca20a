"""`POST /api/v1/commands`: an `lsp` command run on the server for the CLI as its client.

The client (cli/remote.py) sends the command's words (after the global options), its
standard input, the contents of the files it reads and whether the files it writes exist
already. The server runs the same click command in-process, on the ledger acting for the
token's person, and answers with what it printed on stdout and stderr, its exit code, and
the files it wrote: so the output is exactly what the command prints locally.

- Output: each request's streams are its own (`cli.capture`: a proxy on sys.stdout and
  sys.stderr writing to a buffer held in a contextvar), never a global swap, so two
  requests running at once in uvicorn's thread pool never mix their output.
- Files (`cli.paths`): what the command reads is written into a private folder of the
  request's (mode 0700, removed after) and the command runs on that copy; what it writes
  goes into the folder and comes back as bytes. The folder's paths are the client's again
  in what the command printed. A file the client does not have is missing here too, and
  one it has already exists here too (empty), so the command's own refusals ("the file
  exists; --force to write over it") are the same.
- Refused before anything runs (exit 1, rule `server`): the global options (`--store`...),
  `cli.paths.LOCAL_COMMANDS` and `LOCAL_OPTIONS`, any file argument the client did not
  send, and in a batch any line that names a file or runs only locally.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click
from fastapi import APIRouter, Request, Security
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cli import capture, paths
from cli.context import Settings
from cli.main import cli, refuse
from ledger.app import Ledger
from ledger.errors import LedgerError
from web.server import acting, answer, bearer, server_of

router = APIRouter()
log = logging.getLogger("lsp.server")

MAX_FOLDER_FILES = 1000  # files in one uploaded folder (a folder of kept checkpoints)

# What a command reads, as the permission table names it (ledger/permissions.py): asked
# of the application (`Ledger.authorise`) before the command runs. Every other command
# reads the ledger ("read"); what a command writes is judged again by the application
# on every event it is about to record.
READ_ACTIONS: dict[tuple[str, ...], str] = {
    ("export",): "export",  # the whole log, e-mail addresses included
    ("verify",): "verify",
    ("prove",): "verify",
    ("checkpoint",): "verify",
}


class Upload(BaseModel):
    """A file (or folder) the command reads, as the client has it."""

    path: str = Field(description="the path as given on the command line")
    content: str | None = Field(None, description="the file's bytes, base64; none for a "
                                                  "folder, or a file the client has not got")
    entries: dict[str, str] | None = Field(None, description="for a folder: each file's "
                                                              "path inside it, and bytes")


class Output(BaseModel):
    """A file the command writes, and what is at that path on the client now."""

    path: str
    exists: str | None = Field(None, pattern="^(file|dir)$")


class CommandRequest(BaseModel):
    argv: list[str] = Field(description="the words after `lsp` and its global options")
    stdin: str = ""
    reads: list[Upload] = []
    writes: list[Output] = []
    seal: bool = Field(True, description="seal after a write (the client's --seal/--no-seal)")
    store: str = Field("", description="the store as the client named it, shown in the "
                                       "output where the command names its store")


class WrittenFile(BaseModel):
    path: str
    content: str = Field(description="base64")


class CommandResult(BaseModel):
    stdout: str
    stderr: str
    exit_code: int
    files: list[WrittenFile] = []


@router.post("/api/v1/commands", response_model=CommandResult, tags=["commands"],
             dependencies=[Security(bearer)])
def run_command(request: Request, command: CommandRequest) -> Response:
    """Run one `lsp` command on the server as the token's person; the answer is what it
    printed, its exit code and the files it wrote (docs/server.md)."""
    with acting(request) as ledger:
        return answer(_run(request, ledger, command))


def _run(request: Request, ledger: Ledger, command: CommandRequest) -> CommandResult:
    server = server_of(request)
    with _folder(bool(command.reads or command.writes)) as folder:
        files = _Files(folder)
        try:
            files.lay_out(command)
            argv = files.rewrite(command.argv)
            with capture.captured():  # what parsing alone prints (--help) is not the answer
                path = _check(argv, files, command)
            ledger.authorise(READ_ACTIONS.get(path, "read"))
        except LedgerError as e:
            return files.answer(_refused(e, argv=command.argv), command, server.store)
        settings = Settings(store=server.store, actor=ledger.actor, seal=command.seal,
                            open_ledger=lambda: ledger)
        settings.seal_key = server.seal_key
        with capture.captured(stdin=command.stdin) as streams:
            code = _invoke(argv, settings)
        result = CommandResult(stdout=streams.stdout.getvalue(),
                               stderr=streams.stderr.getvalue(), exit_code=code)
        return files.answer(result, command, server.store)


def _invoke(argv: list[str], settings: Settings) -> int:
    """Run `lsp ARGV` as the command line would (click's standalone mode: usage errors
    exit 2 with their message), on `settings`; its exit code."""
    try:
        cli.main(args=argv, prog_name="lsp", obj=settings, standalone_mode=True)
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            return int(e.code or 0)
        click.echo(str(e.code), err=True)
        return 1
    except Exception:
        # A fault of the server's, not a refusal: logged here (the words of the command
        # are not: they may hold personal data), never a traceback to the client.
        log.exception("a command failed on the server")
        click.echo("Error: the command failed on the server (an internal error, logged "
                   "there); nothing was recorded unless it says so above", err=True)
        return 1
    return 0


def _refused(error: LedgerError, argv: list[str]) -> CommandResult:
    """A refusal before the command ran, printed as the command line prints one."""
    with capture.captured() as streams:
        ctx = click.Context(cli, info_name="lsp")
        if "--json" in argv:
            ctx.meta["lsp.json"] = True
        try:
            refuse(ctx, error)
        except click.exceptions.Exit as e:
            code = e.exit_code
    return CommandResult(stdout=streams.stdout.getvalue(), stderr=streams.stderr.getvalue(),
                         exit_code=code)


@contextmanager
def _folder(needed: bool) -> Iterator[Path | None]:
    """The request's private folder, when it sends or receives files; else none (most
    commands, a roster or a decision, name no file: making and removing a folder was a
    third of such a request's time on a busy machine, docs/performance.md). A command
    that names a file the client did not send is refused by `_check` either way."""
    if not needed:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="lsp-request-") as name:  # mode 0700
        yield Path(name)


@dataclass
class _Files:
    """The request's folder: the client's paths and where they are here."""

    folder: Path | None  # none when the request sends and receives no file
    here: dict[str, str] = field(default_factory=dict)  # client's path -> path here
    reads: set[str] = field(default_factory=set)  # paths here of files read
    writes: dict[str, str] = field(default_factory=dict)  # path here -> client's path
    before: dict[str, tuple[int, int] | None] = field(default_factory=dict)

    def _place(self, n: int, path: str) -> Path:
        name = os.path.basename(os.path.normpath(path)) or "file"
        if self.folder is None:
            raise RuntimeError("a file placed in a request that sent none")
        slot = self.folder / str(n)
        slot.mkdir()
        return slot / name

    def lay_out(self, command: CommandRequest) -> None:
        for n, upload in enumerate(command.reads):
            target = self._place(n, upload.path)
            if upload.entries is not None:
                self._lay_folder(target, upload)
            elif upload.content is not None:
                target.write_bytes(_bytes(upload.content, upload.path))
            self.here[upload.path] = str(target)
            self.reads.add(str(target))
        for n, output in enumerate(command.writes, start=len(command.reads)):
            target = self._place(n, output.path)
            if output.exists == "dir":
                target.mkdir()
            elif output.exists == "file":
                target.touch()
            self.here[output.path] = str(target)
            self.writes[str(target)] = output.path
            self.before[str(target)] = _stamp(target)

    def _lay_folder(self, target: Path, upload: Upload) -> None:
        entries = upload.entries or {}
        if len(entries) > MAX_FOLDER_FILES:
            raise paths.refused(f"the folder {upload.path} holds more than "
                                f"{MAX_FOLDER_FILES} files")
        target.mkdir()
        for inner, content in entries.items():
            parts = Path(inner).parts
            if not parts or Path(inner).is_absolute() or ".." in parts:
                raise paths.refused(f"{inner!r} is not a path inside the folder "
                                    f"{upload.path}")
            place = target.joinpath(*parts)
            place.parent.mkdir(parents=True, exist_ok=True)
            place.write_bytes(_bytes(content, f"{upload.path}/{inner}"))

    def rewrite(self, argv: list[str]) -> list[str]:
        """The words with each of the client's file paths replaced by its place here
        (`PATH`, and `--option=PATH`)."""
        out = []
        for word in argv:
            if word in self.here:
                word = self.here[word]
            elif word.startswith("--") and "=" in word:
                option, _, value = word.partition("=")
                if value in self.here:
                    word = f"{option}={self.here[value]}"
            out.append(word)
        return out

    def answer(self, result: CommandResult, command: CommandRequest,
               server_store: str) -> CommandResult:
        """The result in the client's terms: its paths, its name for the store, and the
        files the command wrote."""
        shown = {here: client for client, here in self.here.items()}
        stores = {server_store, str(server_store)}
        try:
            from ledger.store.seam import Store

            stores.add(str(Store.parse(server_store)))
        except LedgerError:
            pass

        def theirs(text: str) -> str:
            for here, client in sorted(shown.items(), key=lambda p: -len(p[0])):
                text = text.replace(here, client)
            for name in sorted(stores, key=len, reverse=True):
                if name:
                    text = text.replace(name, command.store or "the server's store")
            return text

        files = []
        if result.exit_code == 0:
            for here, client in self.writes.items():
                stamp = _stamp(Path(here))
                if stamp is not None and Path(here).is_file() and stamp != self.before[here]:
                    files.append(WrittenFile(path=client, content=base64.b64encode(
                        Path(here).read_bytes()).decode()))
        return CommandResult(stdout=theirs(result.stdout), stderr=theirs(result.stderr),
                             exit_code=result.exit_code, files=files)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _bytes(content: str, what: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise paths.refused(f"the contents sent for {what} are not base64") from None


def _check(argv: list[str], files: _Files, command: CommandRequest) -> tuple[str, ...]:
    """Refuse what must not run on the server (a `RuleBroken`, rule `server`); the
    command's path."""
    parsed = paths.parse(cli, argv)
    if parsed is None:
        return ()  # not a command click can parse: running it prints click's own usage error
    if parsed.globals_given:
        options = {str(p.name): p.opts[0] for p in cli.params}
        named = sorted(options.get(n, n) for n in parsed.globals_given)
        raise paths.refused(f"{', '.join(named)} cannot be sent to "
                            "the server: the server's store is the one it serves, and it "
                            "records who you are from your token")
    found = paths.local_only(parsed.path, parsed.given)
    if found is not None:
        raise found
    for name, value in parsed.file_values():
        kind = "reads" if (parsed.path, name) in paths.READS else "writes"
        for one in value:
            if one == "-" and parsed.path in STANDARD_INPUT:
                continue
            ours = files.reads if kind == "reads" else files.writes
            if one not in ours:
                raise paths.refused(f"{one} names a file on the server; the client sends "
                                    "the files a command reads, and writes those it writes")
    if parsed.path == ("batch",):
        _check_batch(parsed.values("file"), files, command)
    return parsed.path


STANDARD_INPUT = frozenset({("batch",), ("roster", "import")})
"""The commands whose file may be "-": standard input, which the client sends."""


def _check_batch(given: list[str], files: _Files, command: CommandRequest) -> None:
    from cli.batch import read_lines

    source = given[0] if given else "-"
    text = command.stdin if source == "-" else Path(source).read_text(encoding="utf-8",
                                                                       errors="replace")
    for line in read_lines(text, None):
        parsed = paths.parse(cli, list(line.args))
        if parsed is None or parsed.globals_given:
            continue  # refused by the batch itself, naming the line
        found = paths.local_only(parsed.path, parsed.given)
        if found is not None:
            raise paths.refused(f"line {line.number}: {found.reasons[0]}")
        if parsed.path in READ_ACTIONS:
            raise paths.refused(f"line {line.number}: `lsp {' '.join(parsed.path)}` is not "
                                "run in a batch sent to the server: run it by itself")
        if any(v for _, v in parsed.file_values()):
            raise paths.refused(f"line {line.number}: a batch sent to the server cannot "
                                "name files (they would be the server's); run that command "
                                "by itself, which sends its file")

