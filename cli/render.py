"""The one way out of every command: its output options and the renderer behind them.

Every command takes `--json` (`json_option`): exactly one JSON document on stdout, the read
model's dump, and a refusal as a JSON document too (cli/main.py). A command that offers
other formats takes `format_options` (`--format`, and `--output FILE` for papers), and
prints through `emit_as`; `--json` is then the same as `--format json`. Everything else
prints through `emit` (JSON, or the text view from cli/views.py), and a command that
wrote through `recorded`.

The formats: text tables (`table`), CSV with a header row (`csv_text`, every cell a
spreadsheet could read as a formula neutralised), and Markdown and HTML papers from the
jinja2 templates in `cli/templates/` (`template`; HTML autoescaped, Markdown escaped by the
`md` filter; a clause cited by the `clause` and `cited` filters, which never cite one the
terms do not have). A PDF paper is the HTML one laid out by cli/pdf.py, as bytes, which
`emit_as` writes as they are. jinja2 is imported on the first paper only: a read command never loads
it (tests/test_cli_lazy.py).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click
from pydantic import BaseModel

from cli.context import Settings, settings
from ledger.app import Recorded
from ledger.errors import AlreadyExists, InvalidInput
from ledger.store.seam import Store
from ledger.when import british

if TYPE_CHECKING:  # jinja2 is imported by the commands that print papers, not by every one
    from jinja2 import Environment

F = TypeVar("F", bound=Callable[..., Any])
Model = BaseModel | Mapping[str, Any]
Rows = tuple[Sequence[str], Sequence[Sequence[Any]]]

# What each format is, for `--format`'s help.
FORMATS = {"md": "Markdown", "html": "one self-contained printable HTML page",
           "pdf": "an A4 PDF (with --output FILE, or to a redirected stdout; needs "
                  "pip install 'lsp-ledger[pdf]')",
           "table": "a text table", "csv": "CSV with a header row", "json": "JSON"}


# --------------------------------------------------------------------------------------
# The output options
# --------------------------------------------------------------------------------------

def _set_json(ctx: click.Context, _: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["lsp.json"] = True  # a refusal is then a JSON document too
        found = ctx.find_object(Settings)
        if found:
            found.json = True
    return value


def json_option(f: F) -> F:
    """Every command takes --json: exactly one JSON document on stdout."""
    return click.option("--json", "as_json", is_flag=True, is_eager=True, callback=_set_json,
                        expose_value=False,
                        help="Print exactly one JSON document on stdout.")(f)


def _json_format(ctx: click.Context, param: click.Parameter, value: str | None
                 ) -> str | None:
    """`--format json` is `--json`: one JSON document on stdout, errors included."""
    if value == "json":
        _set_json(ctx, param, True)
    return value


def format_options(*formats: str, output: bool = False) -> Callable[[F], F]:
    """`--format` with `formats` (the first is the default, "json" among them), and with
    `output` also `--output FILE`; the command takes `fmt` (and `output`) and passes them
    to `emit_as`. Then `--json`, which every command takes."""
    described = [FORMATS[f] + (" (default)" if i == 0 else "") for i, f in enumerate(formats)]
    words = ", ".join(described[:-1]) + ", or " + described[-1] + "."

    def decorate(f: F) -> F:
        f = json_option(f)
        if output:
            f = click.option("--force", is_flag=True, expose_value=False, callback=_set_force,
                             help="Write over the --output FILE if it exists (never over "
                                  "the ledger itself).")(f)
            f = click.option("--output", metavar="FILE",
                             help="Write the paper to FILE instead of stdout (stdout then "
                                  "says so).")(f)
        return click.option("--format", "fmt", type=click.Choice(formats),
                            callback=_json_format, help=words[0].upper() + words[1:])(f)

    return decorate


# --------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------

def json_text(model: Model) -> str:
    """The model's dump as one JSON document, ending in a newline."""
    data = model.model_dump(mode="json") if isinstance(model, BaseModel) else dict(model)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def emit(model: Model, text: Callable[[], str]) -> None:
    """Print `model` as JSON under --json, else the text `text()` gives."""
    click.echo(json_text(model) if settings().json else text() + "\n", nl=False)


def emit_as(fmt: str | None, model: BaseModel,
            documents: Mapping[str, Callable[[], str | bytes]], *, output: str | None = None,
            about: Mapping[str, Any] | None = None, what: str = "") -> None:
    """Print `model` in the format asked for: `documents` gives each format but JSON (the
    model's dump) as a whole document, text or (a PDF, cli/pdf.py) bytes; the first is the
    default. With `output`, the document goes into that file instead, and stdout says so:
    `what` was written, with `about` (whose "position" is how far the ledger was read) in
    the JSON. The whole document is made before anything is written."""
    default = next(iter(documents))
    chosen = _chosen(fmt, default)
    document = json_text(model) if chosen == "json" else documents[chosen]()
    if output is None:
        if isinstance(document, bytes):
            sys.stdout.flush()  # no text printed before may follow the bytes
            sys.stdout.buffer.write(document)  # a binary stream: cli/pdf.py checked it is
            sys.stdout.buffer.flush()
        else:
            click.echo(document, nl=False)
        return
    _write(output, document)
    facts = dict(about or {})
    emit({"written": output, "format": chosen, **facts},
         lambda: f"{what} written to {output} ({chosen}, recorded in the ledger up to event "
                 f"#{facts.get('position')}).")


def _chosen(fmt: str | None, default: str) -> str:
    """The output format: `--json` is `--format json`; the two may not disagree."""
    if settings().json:
        if fmt not in (None, "json"):
            raise click.UsageError(f"--json is the same as --format json; it cannot be "
                                   f"combined with --format {fmt}")
        return "json"
    return fmt or default


def _set_force(ctx: click.Context, _: click.Parameter, value: bool) -> bool:
    ctx.meta["lsp.force"] = value  # read by `_write`: the commands need not take it
    return value


def _write(path: str, document: str | bytes) -> None:
    """Write a paper to `--output FILE`: never over the ledger's own file, and over any
    other file that exists only with `--force` (without it, the file is created, or the
    write refused, in one step). Text as UTF-8; bytes (a PDF) as they are."""
    ctx = click.get_current_context()
    if Store.parse(settings().store).is_own_file(path):
        raise InvalidInput(f"cannot write {path}: it is the ledger itself, which a paper is "
                           "never written over (not even with --force); give another "
                           "--output file")
    if os.path.isdir(path):
        raise InvalidInput(f"cannot write {path}: it is a folder; give a file name")
    force = bool(ctx.meta.get("lsp.force"))
    data = document.encode("utf-8") if isinstance(document, str) else document
    try:
        with open(path, "wb" if force else "xb") as f:
            f.write(data)
    except FileExistsError:
        raise AlreadyExists(f"cannot write {path}: the file exists; nothing was written",
                            remedy="input:force") from None
    except OSError as e:
        raise click.FileError(path, e.strerror) from None


def recorded(done: list[Recorded], message: str) -> None:
    """The answer to a command that wrote: what it did, and where it is in the ledger.

    Unless sealing is turned off (--no-seal, LSP_SEAL=off), the ledger is then sealed,
    so every event is covered by a seal as soon as it is written (docs/audit.md)."""
    events = [{"position": r.position, "entity": r.entity, "event": r.event} for r in done]
    where = ", ".join(f"#{r.position} {r.event}" for r in done)
    doc: dict[str, Any] = {"recorded": True, "message": message, "events": events}
    text = f"{message}\n  recorded as {where}"
    sealed = seal_after(done)
    if sealed is not None:
        doc["seal"] = sealed
        text += f"\n  sealed: {sealed['tree_size']} events, root {sealed['root'][:16]}..."
    emit(doc, lambda: text)


def seal_after(done: list[Recorded]) -> dict[str, Any] | None:
    """Seal the ledger after a command wrote `done`, unless sealing is turned off; what
    the seal covers, for the command's answer."""
    s = settings()
    if not (s.seal and done):
        return None
    from ledger.audit import sealing  # (and cryptography): for commands that write

    info = sealing.seal(s.ledger(), s.seal_key)  # signed where a key was given
    return {"tree_size": info.tree_size, "root": info.root, "position": info.position}


# --------------------------------------------------------------------------------------
# The formats
# --------------------------------------------------------------------------------------

# How wide a text table may be: 100 columns, a terminal's and an e-mail's width.
WIDTH = 100


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]],
          width: int | None = WIDTH) -> str:
    """A text table: a header, a rule, and the rows in columns two spaces apart, fitted to
    `width` columns (100 unless told; None for no limit).

    Too wide a table has its widest column narrowed, one column at a time, and the cells
    of a narrowed column wrap onto more lines: never truncated. Columns are narrowed first
    no further than their longest word, so a name wraps between words and a slug a reader
    must type back stays whole; only if that is still too wide do words break, at their
    hyphens first, and as a last resort anywhere."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    columns = [[h] + [r[i] for r in cells] for i, h in enumerate(headers)]
    widths = [max(len(v) for v in column) for column in columns]
    words = [_longest(column, str.split) for column in columns]
    if width is not None:
        pieces = [_longest(column, _hyphen_pieces) for column in columns]
        for floor in (words, pieces, [max(len(h), 6) for h in headers]):
            _narrow(widths, floor, width)

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    def lines(values: Sequence[str]) -> list[str]:
        wrapped = [_wrap(v, w, hyphens=w < longest)
                   for v, w, longest in zip(values, widths, words, strict=True)]
        depth = max(len(c) for c in wrapped)
        return [line([c[i] if i < len(c) else "" for c in wrapped]) for i in range(depth)]

    out = [line(headers), line(["-" * w for w in widths])]
    for r in cells:
        out += lines(r)
    return "\n".join(out)


def _hyphen_pieces(text: str) -> list[str]:
    """The pieces a word may break into at its hyphens ("ddc-", "member-", "1")."""
    return [p for w in text.split() for p in re.split(r"(?<=-)", w) if p]


def _longest(column: Sequence[str], split: Callable[[str], list[str]]) -> int:
    """The longest part of any cell of `column` (its header first) as `split` cuts it."""
    return max([len(column[0])] + [len(p) for v in column[1:] for p in split(v)])


def _narrow(widths: list[int], floor: Sequence[int], width: int) -> None:
    """Narrow `widths` in place, a column at a time (the widest still above its floor),
    until the table fits `width` or every column is at its floor."""
    while sum(widths) + 2 * (len(widths) - 1) > width:
        above = [i for i in range(len(widths)) if widths[i] > floor[i]]
        if not above:
            return
        widths[max(above, key=lambda i: widths[i])] -= 1


def _wrap(value: str, width: int, *, hyphens: bool) -> list[str]:
    """A cell's lines in a column `width` wide: broken between words, and at hyphens
    only when a word is wider than the column."""
    if len(value) <= width:
        return [value]
    return textwrap.wrap(value, width, break_on_hyphens=hyphens) or [""]


def csv_text(rows: Rows) -> str:
    """CSV with a header row: yes/no for booleans, lists joined with "; ", and no cell a
    spreadsheet would run as a formula (`_inert`)."""
    headers, body = rows
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_inert(h) for h in headers])
    for row in body:
        writer.writerow(["" if v is None else _inert(_cell(v)) for v in row])
    return out.getvalue()


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    """A cell a spreadsheet shows as text: one that begins like a formula gets a leading
    single quote, as OWASP advises (a name "=HYPERLINK(...)" stays a name)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(value: Any) -> str:
    """Text for a Markdown paper: markup characters escaped, on one line."""
    text = "" if value is None else str(value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


# What the ledger records as a rule's clause when the terms of reference have none: the
# terms are silent ("n/a"), or the rule is the ledger's own ("ledger rule").
NO_CLAUSE = frozenset({"", "n/a", "ledger rule"})


def cited(values: Any) -> str:
    """The clauses of the terms among `values` (one or many), each once, in order;
    "" when the terms have none of them."""
    found = [values] if isinstance(values, str) else list(values)
    return ", ".join(dict.fromkeys(str(v) for v in found if v and str(v) not in NO_CLAUSE))


def clause(value: Any) -> str:
    """A rule's clause as a paper cites it: "clause 4.3", or, where the terms have none,
    that the rule is the ledger's own."""
    found = cited(value or "")
    return f"clause {found}" if found else "the ledger's own rule (the terms are silent)"


def template(name: str, **context: Any) -> str:
    """The paper the template `cli/templates/NAME` makes of `context`."""
    return _environment().get_template(name).render(**context)


@functools.cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("cli", "templates"),
        autoescape=lambda name: name is not None and ".html" in name,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["clause"] = clause
    env.filters["cited"] = cited
    env.filters["british"] = british  # "18 November 2026": the read models keep ISO dates
    return env
