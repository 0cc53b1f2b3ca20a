"""The CLI as the server's client: `--store http(s)://HOST:PORT` with `LSP_TOKEN` (or
`--token`) runs the command on the server (`POST /api/v1/commands`, web/commands.py) and
prints what it printed there, with its exit code, so scripts work the same either way.

The command is parsed here first, as it would be locally (a usage error, `--help`, a
missing file: the same words, from click), so that the files it reads can be sent and
the files it writes written here (`cli.paths`). The token goes in the Authorization
header only, and is never printed: a refusal of it is exit 1 with the server's words.
"""

from __future__ import annotations

import base64
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from cli.paths import READS, WRITES, parse
from ledger.errors import AlreadyExists, InvalidInput, LedgerError, NotAuthenticated

TIMEOUT = 300.0  # seconds: an import or a verify of a large ledger takes a while
MAX_FOLDER_FILES = 1000


def is_remote(store: str) -> bool:
    return store.startswith(("http://", "https://"))


class Unreachable(LedgerError):
    pass


def run(ctx: click.Context, argv: list[str], url: str, token: str | None,
        seal: bool) -> NoReturn:
    """Run `lsp ARGV` on the server at `url`; exits with the command's exit code."""
    group = ctx.command
    assert isinstance(group, click.Group)  # `lsp` itself (cli/main.py calls this)
    parsed = parse(group, argv, strict=True)  # usage errors and --help as locally
    if parsed is not None and parsed.json:
        ctx.meta["lsp.json"] = True  # a refusal here is then a JSON document too
    if not token:
        raise NotAuthenticated("an http(s) --store needs an API token: set LSP_TOKEN or "
                               "give --token (`lsp token create PERSON` on the server makes "
                               "one)")
    reads: list[dict[str, Any]] = []
    writes: list[dict[str, Any]] = []
    stdin = ""
    if parsed is not None:
        for name, values in parsed.file_values():
            for value in values:
                if (parsed.path, name) in READS:
                    if value == "-":
                        stdin = sys.stdin.read()
                    else:
                        reads.append(_upload(value))
                elif (parsed.path, name) in WRITES:
                    writes.append({"path": value, "exists": _exists(value)})
    body = {"argv": argv, "stdin": stdin, "reads": reads, "writes": writes, "seal": seal,
            "store": url}
    answer = _post(url, token, body)
    force = parsed is not None and bool(parsed.params.get("force"))
    for written in answer.get("files", []):
        _write(written["path"], base64.b64decode(written["content"]), force)
    sys.stdout.write(answer.get("stdout", ""))
    sys.stdout.flush()
    sys.stderr.write(answer.get("stderr", ""))
    sys.stderr.flush()
    ctx.exit(int(answer.get("exit_code", 1)))
    raise AssertionError("unreachable")  # ctx.exit raises


def _upload(path: str) -> dict[str, Any]:
    p = Path(path)
    if p.is_dir():
        entries: dict[str, str] = {}
        for inner in sorted(p.rglob("*")):
            if inner.is_file():
                if len(entries) >= MAX_FOLDER_FILES:
                    raise InvalidInput(f"the folder {path} holds more than "
                                       f"{MAX_FOLDER_FILES} files to send")
                entries[inner.relative_to(p).as_posix()] = _b64(inner)
        return {"path": path, "entries": entries}
    if p.is_file():
        return {"path": path, "content": _b64(p)}
    return {"path": path}  # missing here: the command says so, in its own words


def _b64(path: Path) -> str:
    try:
        return base64.b64encode(path.read_bytes()).decode()
    except OSError as e:
        raise click.FileError(str(path), e.strerror) from None


def _exists(path: str) -> str | None:
    if os.path.isdir(path):
        return "dir"
    if os.path.exists(path):
        return "file"
    return None


def _write(path: str, data: bytes, force: bool) -> None:
    """Write what the server's command wrote, as the command would have here."""
    try:
        with open(path, "wb" if force else "xb") as f:
            f.write(data)
    except FileExistsError:
        raise AlreadyExists(f"cannot write {path}: the file exists; nothing was written",
                            remedy="input:force") from None
    except OSError as e:
        raise click.FileError(path, e.strerror) from None


def _post(url: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
    import httpx

    where = url.rstrip("/") + "/api/v1/commands"
    try:
        response = httpx.post(where, json=body, timeout=TIMEOUT,
                              headers={"Authorization": f"Bearer {token}"})
    except httpx.HTTPError as e:
        raise Unreachable(f"cannot reach the server at {url}: {_reason(e)}") from None
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if response.status_code == 200 and isinstance(answer, dict):
        return answer
    message = answer.get("message") if isinstance(answer, dict) else None
    if response.status_code in (401, 429) and message:
        raise NotAuthenticated(_plain(message))
    raise Unreachable(f"the server at {url} answered {response.status_code}"
                      + (f": {message}" if message else ""))


def _plain(message: str) -> str:
    """The server's refusal of a token, without its own 'refused by rule' lead (the
    command line's NotAuthenticated adds it)."""
    return message.removeprefix("refused by rule 'authentication': ")


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text or type(error).__name__
