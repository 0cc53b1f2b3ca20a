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
    """The answer to a command that wrote: what it did, and where it is in the ledger."""
    events = [{"position": r.position, "entity": r.entity, "event": r.event} for r in done]
    where = ", ".join(f"#{r.position} {r.event}" for r in done)
    emit({"recorded": True, "message": message, "events": events},
         lambda: f"{message}\n  recorded as {where}")


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)
