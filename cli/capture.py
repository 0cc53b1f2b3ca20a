"""A command's standard streams captured for it alone, while other threads run commands too.

The server (web/commands.py) runs `lsp` commands in-process, several at once in uvicorn's
thread pool; click prints to `sys.stdout` and `sys.stderr` and reads `sys.stdin`. Swapping
those globals per command (contextlib's `redirect_stdout`, click's `CliRunner`) would mix
two commands' output. Instead `install()` puts one `Stream` proxy in place of each, once
per process, and `captured()` gives the calling context its own buffers through a
`contextvars` variable: a write goes to the buffer of the context that makes it (each
thread, and each task, has its own), and to the real stream where no capture is set.

`lsp batch` discards each line's output the same way (`discarded()`), so a batch run on
the server never swaps the process's streams either.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class Buffers:
    """One command's streams: what it printed, and what it may read."""

    stdout: io.StringIO = field(default_factory=io.StringIO)
    stderr: io.StringIO = field(default_factory=io.StringIO)
    stdin: io.StringIO = field(default_factory=io.StringIO)


_current: contextvars.ContextVar[Buffers | None] = contextvars.ContextVar(
    "lsp_captured_streams", default=None)
_installing = threading.Lock()


class Stream(io.TextIOBase):
    """Stands in for `sys.stdout`, `sys.stderr` or `sys.stdin`: the calling context's buffer
    when one is captured, else the stream it replaced. Text only, never a terminal (so
    click strips colour and no progress bar draws, as when output is piped)."""

    def __init__(self, name: str, real: TextIO) -> None:
        super().__init__()
        self.name = name
        self.real = real

    def _target(self) -> Any:
        buffers = _current.get()
        return self.real if buffers is None else getattr(buffers, self.name)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return "strict"

    def isatty(self) -> bool:
        return False if _current.get() is not None else bool(self.real.isatty())

    def writable(self) -> bool:
        return self.name != "stdin"

    def readable(self) -> bool:
        return self.name == "stdin"

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click asks, with b"": a text stream refuses bytes
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        return int(self._target().write(text))

    def flush(self) -> None:
        self._target().flush()

    def read(self, size: int | None = -1) -> str:
        return str(self._target().read(size))

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return str(self._target().readline(size))

    def fileno(self) -> int:
        if _current.get() is not None:
            raise io.UnsupportedOperation("a captured stream has no file descriptor")
        return int(self.real.fileno())


def install() -> None:
    """Put the proxies in place of sys.stdout, sys.stderr and sys.stdin (once; again if
    something has since swapped one of them back)."""
    with _installing:
        for name in ("stdout", "stderr", "stdin"):
            stream = getattr(sys, name)
            if not isinstance(stream, Stream):
                setattr(sys, name, Stream(name, stream))


def uninstall() -> None:
    """Put back the streams the proxies replaced (the server, when it stops)."""
    with _installing:
        for name in ("stdout", "stderr", "stdin"):
            stream = getattr(sys, name)
            if isinstance(stream, Stream):
                setattr(sys, name, stream.real)


def installed() -> bool:
    return all(isinstance(getattr(sys, n), Stream) for n in ("stdout", "stderr", "stdin"))


@contextlib.contextmanager
def captured(stdin: str = "") -> Iterator[Buffers]:
    """The calling context's own streams for the block: what is printed in it is kept in
    the buffers given; what it reads from standard input is `stdin`."""
    install()
    buffers = Buffers(stdin=io.StringIO(stdin))
    token = _current.set(buffers)
    try:
        yield buffers
    finally:
        _current.reset(token)


@contextlib.contextmanager
def discarded() -> Iterator[None]:
    """Throw away what the block prints: under a capture (the server), by capturing it in
    this context alone; otherwise by redirecting the process's streams, as a command run
    by itself may."""
    if _current.get() is None or not installed():
        with (contextlib.redirect_stdout(io.StringIO()),
              contextlib.redirect_stderr(io.StringIO())):
            yield
        return
    outer = _current.get()
    token = _current.set(Buffers(stdin=outer.stdin if outer else io.StringIO()))
    try:
        yield
    finally:
        _current.reset(token)
