"""One renderer: a read model as text for people or as JSON for scripts."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import click
from pydantic import BaseModel

from cli.context import settings
from ledger.app import Recorded


def emit(model: BaseModel | dict[str, Any], text: Callable[[], str]) -> None:
    """Print `model` as JSON under --json, else the text `text()` gives."""
    if settings().json:
        data = model.model_dump(mode="json") if isinstance(model, BaseModel) else model
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(text())


def recorded(done: list[Recorded], message: str) -> None:
    """The answer to a command that wrote: what it did, and where it is in the ledger.

    Unless sealing is turned off (--no-seal, LSP_SEAL=off), the ledger is then sealed,
    so every event is covered by a seal as soon as it is written (docs/audit.md)."""
    events = [{"position": r.position, "entity": r.entity, "event": r.event} for r in done]
    where = ", ".join(f"#{r.position} {r.event}" for r in done)
    doc: dict[str, Any] = {"recorded": True, "message": message, "events": events}
    text = f"{message}\n  recorded as {where}"
    s = settings()
    if s.seal and done:
        from ledger.audit import sealing  # (and cryptography): for commands that write

        info = sealing.seal(s.ledger(), s.seal_key)  # signed where a key was given
        doc["seal"] = {"tree_size": info.tree_size, "root": info.root,
                       "position": info.position}
        text += f"\n  sealed: {info.tree_size} events, root {info.root[:16]}..."
    emit(doc, lambda: text)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)
