"""The papers as PDF (`--format pdf`): the HTML paper, laid out on A4 by WeasyPrint.

Why WeasyPrint rather than Chromium's printing (Playwright): a council officer installs it
with pip (`pip install 'lsp-ledger[pdf]'`), with no browser to download or to find on the
machine; it implements CSS paged media (`@page` margin boxes, the `page` and `pages`
counters) that "Page 2 of 3" needs; and it runs in the process, so a paper is printed
without starting a browser. What it needs of the system is Pango, which Debian, Ubuntu
and macOS (Homebrew) have; docs/reports.md says how to install it elsewhere.

WeasyPrint is an optional extra: it is imported on the first PDF only (a read command
never loads it, nor a paper in another format), and where it is missing, or cannot load
Pango, the command refuses with what to install, before anything is written.

The layout is the one print stylesheet of every paper (`cli/templates/_print.css.j2`, which
the HTML papers include too), with a running header made here from the paper itself: the
body, the paper and the day of the meeting on every page, the partnership at the foot.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.errors import InvalidInput, LedgerError
from ledger.when import long_day

INSTALL = "pip install 'lsp-ledger[pdf]'"


class PdfUnavailable(LedgerError):
    """WeasyPrint is not installed, or cannot load the system's Pango: no PDF here."""


@dataclass(frozen=True)
class Running:
    """What every page of a printed paper repeats: `title` (the body and the paper) at the
    top left, the day of the meeting at the top right, `partnership` at the foot."""

    title: str
    day: str
    partnership: str

    @classmethod
    def of(cls, paper: str, model: Any) -> Running:
        """The running header of a paper named `paper` ("Minutes") for a read model with a
        `body_name`, an ISO `date` and a `partnership` (every paper has them)."""
        return cls(title=f"{model.body_name}: {paper}",
                   day=long_day(date.fromisoformat(model.date)),
                   partnership=model.partnership)

    def css(self) -> str:
        """The running header and footer as CSS margin boxes, each text a CSS string."""
        return ("@page {\n"
                f"  @top-left {{ content: {css_string(self.title)}; }}\n"
                f"  @top-right {{ content: {css_string(self.day)}; }}\n"
                f"  @bottom-left {{ content: {css_string(self.partnership)}; }}\n"
                "}\n")


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that nothing in it can end: every character but
    letters, digits, spaces and plain punctuation is written as a CSS hex escape (six
    digits, so no following character is read into it)."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;()/&'-")
    return '"' + "".join(c if c in safe else f"\\{ord(c):06x}" for c in text) + '"'


def paper(html: Callable[[], str], running: Running, *, to_stdout: bool) -> Callable[[], bytes]:
    """The PDF of the HTML paper `html()`, for `emit_as`. Refused before anything is
    rendered or written: to a standard output that is a terminal (or that takes text
    only), and where WeasyPrint cannot be loaded."""

    def render() -> bytes:
        if to_stdout:
            check_stdout()
        weasyprint = load_weasyprint()
        from cli.render import template

        stylesheets = [weasyprint.CSS(string=template("_print.css.j2")),
                       weasyprint.CSS(string=running.css())]
        document = weasyprint.HTML(string=html())
        return bytes(document.write_pdf(stylesheets=stylesheets))

    return render


def check_stdout() -> None:
    """Refuse a standard output a PDF may not go to: a terminal (a PDF there is noise that
    can upset it), or a stream that takes only text (a line of `lsp batch`, a command the
    server runs), which has no binary `buffer` under it."""
    if sys.stdout.isatty():
        raise InvalidInput("a PDF is not printed to a terminal: give a file to write it to, "
                           "or redirect standard output to a file", remedy="input:output")
    if getattr(sys.stdout, "buffer", None) is None:
        raise InvalidInput("a PDF cannot be printed here, where standard output takes only "
                           "text: give a file to write it to", remedy="input:output")


def load_weasyprint() -> Any:
    """The weasyprint module, or a refusal that says what to install."""
    try:
        import weasyprint
    except ImportError:
        raise PdfUnavailable("cannot make a PDF: WeasyPrint is not installed; install it "
                             f"with {INSTALL} (or print the HTML paper, --format html, "
                             "from a browser)") from None
    except OSError as e:
        # WeasyPrint is there but the system's Pango is not (its import loads it).
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise PdfUnavailable("cannot make a PDF: WeasyPrint is installed but cannot load "
                             f"the Pango library it needs ({first}); install Pango as "
                             "docs/reports.md says, or print the HTML paper (--format "
                             "html) from a browser") from None
    return weasyprint
