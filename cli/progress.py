"""Progress on a terminal for the long commands (batch, import, rebuild, verify).

One small helper so they all look alike: a `click.progressbar` on standard error, shown
only when standard error is a terminal and the command is not answering in `--json`
(a script or a pipe reads the answer, never the bar).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

T = TypeVar("T")


def wanted() -> bool:
    """Whether a bar is shown: stderr is a terminal, and no --json anywhere up the command."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().meta.get("lsp.json"):
        return False
    stream = sys.stderr
    return bool(getattr(stream, "isatty", None)) and stream.isatty()


@contextmanager
def progress(items: Iterable[T], label: str, length: int | None = None) -> Iterator[Iterable[T]]:
    """`items`, with a bar labelled `label` drawn while they are consumed (when `wanted`)."""
    if not wanted():
        yield items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr,
                           show_pos=True) as bar:
        yield bar


class Ticks:
    """A callback that advances `bar` by one per call, drawing every `every` calls (a
    bar redrawn per event would cost more than verifying it)."""

    def __init__(self, bar: ProgressBar[int], every: int = 250) -> None:
        self.bar, self.every, self.pending = bar, every, 0

    def __call__(self) -> None:
        self.pending += 1
        if self.pending >= self.every:
            self.flush()

    def flush(self) -> None:
        """Draw what is counted but not drawn yet (at the end)."""
        if self.pending:
            self.bar.update(self.pending)
            self.pending = 0


@contextmanager
def counter(length: int, label: str) -> Iterator[ProgressBar[int] | None]:
    """A bar advanced by hand (`bar.update(n)`) for work counted as it goes, or None when
    no bar is shown: callers write `if bar: bar.update(n)`."""
    if not wanted():
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar
