"""The papers as PDF (issue 16, item 7): `lsp report minutes|agenda|ratifications MEETING
--format pdf`, A4, printable, with page numbers (cli/pdf.py, WeasyPrint).

The Daventry demo (`lsp demo`, built once for the module, on SQLite: the papers only read)
is printed: its November minutes and its December agenda and ratification paper. Poppler
reads each PDF back: `pdfinfo` for the page size and count, `pdftotext` for the text of
each page (the running header, "Page N of M", the body, the day in long form, a member,
the checkpoint), `pdftoppm` for page one as PNG. Chromium prints the HTML paper too, to
show that the one print stylesheet (cli/templates/_print.css.j2) lays out a paper printed
from a browser the same way. With LSP_SCREENSHOTS=FOLDER the PNGs are saved there, to be
looked at.

Without poppler-utils or a loadable WeasyPrint those tests skip, saying why, unless
LSP_REQUIRE_PDF is set (`.ci/run` sets it, after installing them): then they fail, as the
browser tests do with LSP_REQUIRE_BROWSER (tests/conftest.py).
"""

from __future__ import annotations

import importlib.abc
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from cli.main import cli
from cli.pdf import PdfUnavailable, css_string, load_weasyprint
from ledger.app import Ledger
from tests.conftest import ROOT, on
from tests.helpers import RUN_AND_LIST_MODULES, Served, run_lsp, serving, stored_events
from tests.stories import daventry, signed_in

remote_lsp = run_lsp


@pytest.fixture
def served(store: str, tmp_path: Path) -> Iterator[Served]:
    """`lsp --store STORE serve` on 127.0.0.1 and a free port, stopped at the end."""
    with serving(store, tmp_path / "server.log") as running:
        yield running

PDF_TOOLS = ("pdfinfo", "pdftotext", "pdftoppm")
A4_POINTS = (595.28, 841.89)  # 210 x 297 mm

# Each paper of the demo, and what its text must hold: the body, the day of the meeting
# in long form, a member by name.
PAPERS = {
    "minutes": ("exec-2026-11", "LSP Executive: Minutes", "Thursday 12 November 2026",
                "Cllr Amy Hart"),
    "agenda": ("exec-2026-12", "LSP Executive: Agenda", "Thursday 10 December 2026",
               "Cllr Amy Hart"),
    "ratifications": ("exec-2026-12", "LSP Executive: Decisions taken between meetings",
                      "Thursday 10 December 2026", "Gill Ford"),
}
PARTNERSHIP = "Daventry District Local Strategic Partnership"
INSTALL = "pip install 'lsp-ledger[pdf]'"


# --------------------------------------------------------------------------------------
# What the tests need: poppler's tools and WeasyPrint
# --------------------------------------------------------------------------------------

def without_pdf(missing: list[str], env: dict[str, str]) -> tuple[str, str] | None:
    """What the PDF tests do where some of their tools are `missing`: ("skip" or "fail",
    why); None where all are there. They fail only when LSP_REQUIRE_PDF asks for them."""
    if not missing:
        return None
    reason = (f"no {', '.join(missing)} here (apt-get install poppler-utils; "
              f"{INSTALL}; .ci/run installs both)")
    if env.get("LSP_REQUIRE_PDF"):
        return "fail", f"LSP_REQUIRE_PDF is set but there is {reason}"
    return "skip", reason


@pytest.fixture(scope="module")
def pdf_tools() -> None:
    """Poppler's tools on the PATH and WeasyPrint loadable, else skip (or fail in CI)."""
    missing = [tool for tool in PDF_TOOLS if shutil.which(tool) is None]
    try:
        load_weasyprint()
    except PdfUnavailable:
        missing.append("WeasyPrint (with Pango)")
    found = without_pdf(missing, dict(os.environ))
    if found is not None:
        outcome, reason = found
        (pytest.fail if outcome == "fail" else pytest.skip)(reason)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The Daventry demo ledger, built once: its store."""
    store = str(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    result = CliRunner().invoke(cli, ["demo", "--store", store], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return store


@pytest.fixture
def lsp_demo(demo: str) -> Callable[..., Result]:
    """Run `lsp --store DEMO --as tester ARGS...` (stdout and stderr apart)."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(cli, ["--store", demo, "--as", "tester", *args],
                             catch_exceptions=False, env={"LSP_SEAL": "off"})

    return run


def poppler(*args: str | Path) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def page_size_and_count(pdf: Path) -> tuple[tuple[float, float], int]:
    """The first page's size in points and the number of pages, as pdfinfo reads them."""
    info = poppler("pdfinfo", pdf)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert size and pages, info
    return (float(size[1]), float(size[2])), int(pages[1])


def page_text(pdf: Path, page: int) -> str:
    """The text of one page, as pdftotext reads it, with runs of blanks made one space."""
    return " ".join(poppler("pdftotext", "-f", page, "-l", page, "-layout", pdf, "-").split())


def png_size(png: Path) -> tuple[int, int]:
    """The width and height of a PNG, from its IHDR chunk."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", png
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def keep(png: Path) -> None:
    """Save the PNG to LSP_SCREENSHOTS, where set, to be looked at."""
    folder = os.environ.get("LSP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(folder) / png.name)


def checkpoint_of(lsp_demo: Callable[..., Result], paper: str, meeting: str) -> list[str]:
    """The lines of the checkpoint the paper prints (its model's latest seal)."""
    result = lsp_demo("report", paper, meeting, "--json")
    assert result.exit_code == 0, result.stderr
    seal = json.loads(result.stdout)["seal"]
    assert seal and seal["checkpoint"], "the demo seals its ledger"
    return [line for line in seal["checkpoint"].splitlines() if line]


# --------------------------------------------------------------------------------------
# The papers as PDF
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_pdf_paper_is_a4_numbered_page_n_of_m_with_its_running_header_issue_16_item_7(
        pdf_tools: None, lsp_demo: Callable[..., Result], tmp_path: Path,
        paper: str) -> None:
    # Given a paper of the Daventry demo
    meeting, title, day, _ = PAPERS[paper]
    target = tmp_path / f"{paper}.pdf"

    # When it is printed as PDF to a file
    result = lsp_demo("report", paper, meeting, "--format", "pdf", "--output", str(target))

    # Then stdout says where it went; the file is a PDF of A4 pages, every page headed by
    # the body, the paper and the day, and footed by the partnership and "Page N of M"
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert f"written to {target} (pdf, recorded in the ledger up to event #" in result.stdout
    assert target.read_bytes().startswith(b"%PDF-")
    (width, height), pages = page_size_and_count(target)
    assert (round(width, 1), round(height, 1)) == (round(A4_POINTS[0], 1),
                                                   round(A4_POINTS[1], 1))
    assert pages >= 1
    for n in range(1, pages + 1):
        text = page_text(target, n)
        assert f"Page {n} of {pages}" in text, (n, text)
        assert text.startswith(f"{title} {day}"), (n, text)
        assert PARTNERSHIP in text, (n, text)


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_pdf_paper_text_holds_body_day_member_and_checkpoint_issue_16_item_7(
        pdf_tools: None, lsp_demo: Callable[..., Result], tmp_path: Path,
        paper: str) -> None:
    # Given a paper of the Daventry demo, and the checkpoint of the ledger it was read from
    meeting, _, day, member = PAPERS[paper]
    checkpoint = checkpoint_of(lsp_demo, paper, meeting)
    target = tmp_path / f"{paper}.pdf"

    # When it is printed as PDF and pdftotext reads it back
    result = lsp_demo("report", paper, meeting, "--format", "pdf", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    text = " ".join(poppler("pdftotext", "-layout", target, "-").split())

    # Then the body, the day of the meeting in long form, a member by name and each line
    # of the checkpoint are there
    assert "LSP Executive" in text
    assert day in text
    assert member in text
    for line in checkpoint:
        assert line in text, line


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_pdf_paper_page_one_renders_to_an_a4_png_issue_16_item_7(
        pdf_tools: None, lsp_demo: Callable[..., Result], tmp_path: Path,
        paper: str) -> None:
    # Given a paper of the Daventry demo printed as PDF
    meeting = PAPERS[paper][0]
    target = tmp_path / f"{paper}.pdf"
    result = lsp_demo("report", paper, meeting, "--format", "pdf", "--output", str(target))
    assert result.exit_code == 0, result.stderr

    # When pdftoppm renders its page one as PNG (kept to be looked at)
    poppler("pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", target,
            tmp_path / f"pdf-{paper}-page-1")
    png = tmp_path / f"pdf-{paper}-page-1.png"
    keep(png)

    # Then it is a page in A4's proportions (210 by 297), 100 dots to the inch
    width, height = png_size(png)
    assert (width, height) == (827, 1170)


def test_pdf_to_a_redirected_stdout_is_the_pdf_itself_issue_16_item_7(
        pdf_tools: None, demo: str, tmp_path: Path) -> None:
    # Given the demo, and standard output redirected to a file (not a terminal)
    target = tmp_path / "minutes.pdf"

    # When the minutes are printed as PDF without --output
    with target.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "cli", "--store", demo, "report",
                               "minutes", "exec-2026-11", "--format", "pdf"], stdout=out,
                              stderr=subprocess.PIPE, text=False, check=False, timeout=120)

    # Then the file is the PDF, and nothing else was printed
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert target.read_bytes().startswith(b"%PDF-")
    assert target.read_bytes().rstrip().endswith(b"%%EOF")
    assert page_size_and_count(target)[1] >= 1


# --------------------------------------------------------------------------------------
# The HTML papers share the print stylesheet
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_html_paper_printed_by_chromium_is_a4_numbered_page_n_of_m_issue_16_item_7(
        pdf_tools: None, page: Any, lsp_demo: Callable[..., Result], tmp_path: Path,
        paper: str) -> None:
    # Given a paper of the demo as HTML, loaded in Chromium
    meeting, _, _, member = PAPERS[paper]
    result = lsp_demo("report", paper, meeting, "--format", "html")
    assert result.exit_code == 0, result.stderr
    page.set_content(result.stdout)

    # When Chromium shows it (kept as PNG to be looked at) and prints it as its CSS asks
    png = tmp_path / f"html-{paper}.png"
    page.screenshot(path=str(png), full_page=True)
    keep(png)
    printed = tmp_path / f"html-{paper}.pdf"
    printed.write_bytes(page.pdf(prefer_css_page_size=True))

    # Then the page shows the paper, and the print is on A4 numbered "Page N of M", from
    # the one print stylesheet every paper includes
    assert png_size(png)[0] > 0
    assert member in page.inner_text("body")
    (width, height), pages = page_size_and_count(printed)
    assert (round(width), round(height)) == (round(A4_POINTS[0]), round(A4_POINTS[1]))
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in page_text(printed, n)


# --------------------------------------------------------------------------------------
# Refusals: exit 1, a clear message, nothing written, nothing recorded
# --------------------------------------------------------------------------------------

def test_pdf_to_a_terminal_is_refused_naming_output_nothing_printed_issue_16_item_7(
        demo: str) -> None:
    # Given the demo, and standard output a terminal (a pseudo-terminal)
    before = stored_events(demo)
    leader, follower = pty.openpty()
    try:
        # When the minutes are asked for as PDF without --output
        done = subprocess.run([sys.executable, "-m", "cli", "--store", demo, "report",
                               "minutes", "exec-2026-11", "--format", "pdf"],
                              stdout=follower, stderr=subprocess.PIPE, text=True,
                              check=False, timeout=120)
        os.set_blocking(leader, False)
        try:
            printed = os.read(leader, 4096)
        except BlockingIOError:
            printed = b""
    finally:
        os.close(follower)
        os.close(leader)

    # Then it is refused, naming what to give instead: exit 1, no traceback, nothing on
    # the terminal, nothing recorded
    assert done.returncode == 1
    assert done.stderr.startswith("Error: a PDF is not printed to a terminal")
    assert "(--output FILE)" in done.stderr
    assert "Traceback" not in done.stderr
    assert printed == b""
    assert stored_events(demo) == before


def test_pdf_of_an_unknown_meeting_is_refused_nothing_written_issue_16_item_7(
        lsp_demo: Callable[..., Result], demo: str, tmp_path: Path) -> None:
    # Given the demo
    before = stored_events(demo)
    target = tmp_path / "minutes.pdf"

    # When a paper of a meeting the ledger does not have is asked for as PDF
    result = lsp_demo("report", "minutes", "exec-2099-01", "--format", "pdf",
                      "--output", str(target))

    # Then it is refused: exit 1, the meeting named, no file, nothing recorded
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "exec-2099-01" in result.stderr
    assert not target.exists()
    assert stored_events(demo) == before


class _NoPango(importlib.abc.MetaPathFinder):
    """Imports weasyprint as a machine without Pango does: its import raises OSError."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': no such file")


@pytest.mark.parametrize(("missing", "says"), [
    ("weasyprint", ["WeasyPrint is not installed", INSTALL]),
    ("pango", ["WeasyPrint is installed but cannot load the Pango library",
               "libpango-1.0-0", "docs/reports.md"]),
])
@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_pdf_without_weasyprint_is_refused_naming_what_to_install_issue_16_item_7(
        lsp_demo: Callable[..., Result], demo: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, paper: str, missing: str, says: list[str]) -> None:
    # Given the demo, on a machine where WeasyPrint is not installed (its import fails),
    # or is but the system's Pango is not
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    if missing == "weasyprint":
        monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import` raises ImportError
    else:
        monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    before = stored_events(demo)
    target = tmp_path / f"{paper}.pdf"

    # When a paper is asked for as PDF
    result = lsp_demo("report", paper, PAPERS[paper][0], "--format", "pdf",
                      "--output", str(target))

    # Then it is refused with what to install: exit 1, no traceback, no file written,
    # nothing recorded
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: cannot make a PDF: ")
    for words in says:
        assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert stored_events(demo) == before


def test_a_paper_in_another_format_never_imports_weasyprint_issue_16_item_7(
        demo: str, tmp_path: Path) -> None:
    # Given the demo
    listing = tmp_path / "modules.json"

    # When the minutes are printed as HTML in a fresh process
    subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, str(listing), "--store",
                    demo, "report", "minutes", "exec-2026-11", "--format", "html"],
                   cwd=ROOT, capture_output=True, check=True, timeout=120)

    # Then WeasyPrint was never imported (it is for PDFs, and optional)
    modules = json.loads(listing.read_text(encoding="utf-8"))
    assert "cli.reports" in modules
    assert not [m for m in modules if m.split(".")[0] == "weasyprint"]


@pytest.mark.parametrize(("missing", "env", "outcome"), [
    ([], {}, None),
    ([], {"LSP_REQUIRE_PDF": "1"}, None),
    (["pdftotext"], {}, "skip"),
    (["pdftotext"], {"LSP_REQUIRE_PDF": "1"}, "fail"),
    (["WeasyPrint (with Pango)"], {"LSP_REQUIRE_PDF": ""}, "skip"),
])
def test_pdf_tests_skip_only_without_their_tools_and_unless_ci_requires_them(
        missing: list[str], env: dict[str, str], outcome: str | None) -> None:
    # Given tools that are there or not, and LSP_REQUIRE_PDF set (as .ci/run sets it) or not
    # When the PDF tests ask what to do
    found = without_pdf(missing, env)
    # Then they run with every tool there; without one, they skip naming it, or fail
    # when CI requires them
    assert (found[0] if found else None) == outcome
    if found:
        assert f"no {missing[0]} here" in found[1]


def test_ci_installs_poppler_before_the_tests_and_requires_the_pdf_tests() -> None:
    # Given .ci/run
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # When the poppler-utils install and the test command are looked for
    install = script.index("apt-get install -y -q poppler-utils")
    required = script.index("export LSP_REQUIRE_PDF=1")
    tests = script.index(".venv/bin/pytest")
    # Then poppler-utils is installed when missing, and the PDF tests required, before the
    # tests run
    assert "if ! command -v pdftotext" in script
    assert install < required < tests


# --------------------------------------------------------------------------------------
# The running header's text in CSS
# --------------------------------------------------------------------------------------

def _unescaped(quoted: str) -> str:
    """A CSS string made by `css_string`, read back (its six-digit hex escapes)."""
    assert quoted[0] == quoted[-1] == '"'
    return re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m[1], 16)), quoted[1:-1])


@given(st.text())
def test_running_header_text_is_one_css_string_whatever_the_names_issue_16_item_7(
        text: str) -> None:
    # Given any text (a body's or a partnership's name from the terms)
    # When it is written as a CSS string for the running header
    quoted = css_string(text)
    # Then nothing in it can end the string or the rule, and it reads back as the text
    inner = quoted[1:-1]
    assert not set(inner) & set('"{}<>\n\r\f@*')
    assert re.fullmatch(r'(?:[A-Za-z0-9 .,:;()/&\'-]|\\[0-9a-f]{6})*', inner) is not None
    assert _unescaped(quoted) == text


# --------------------------------------------------------------------------------------
# Through the server (`--store https://...`, docs/server.md)
# --------------------------------------------------------------------------------------

@pytest.fixture
def agenda_tokens(new_ledger: Callable[..., Ledger]) -> dict[str, str]:
    """The Daventry Executive of tests/stories.py with a meeting in September, and the
    API tokens of its members (`signed_in`)."""
    ledger = daventry(new_ledger)
    ledger.schedule_meeting("executive", "exec-2026-09", on("2026-09-16"), venue="Room 2")
    found = signed_in(ledger)
    ledger.close()
    return found


def test_pdf_through_the_server_is_written_on_the_client_issue_16_item_7(
        pdf_tools: None, store: str, agenda_tokens: dict[str, str], served: Served,
        tmp_path: Path) -> None:
    # Given a server on the ledger, and a member with a token
    token = agenda_tokens["bob"]
    before = stored_events(store)

    # When the agenda is asked for as PDF through the server, into a file here, and then
    # to standard output (which the server takes as text only)
    written = remote_lsp("--store", served.url, "report", "agenda", "exec-2026-09",
                         "--format", "pdf", "--output", "agenda.pdf", token=token,
                         cwd=tmp_path)
    to_stdout = remote_lsp("--store", served.url, "report", "agenda", "exec-2026-09",
                           "--format", "pdf", token=token, cwd=tmp_path)

    # Then the file is the PDF on A4, written here under the client's name; to stdout it
    # is refused, naming --output; nothing is recorded either way
    assert written.returncode == 0, written.stderr
    assert "written to agenda.pdf (pdf," in written.stdout
    (width, height), pages = page_size_and_count(tmp_path / "agenda.pdf")
    assert (round(width), round(height)) == (round(A4_POINTS[0]), round(A4_POINTS[1]))
    assert f"Page 1 of {pages}" in page_text(tmp_path / "agenda.pdf", 1)
    assert "Wednesday 16 September 2026" in page_text(tmp_path / "agenda.pdf", 1)
    assert to_stdout.returncode == 1
    assert to_stdout.stdout == ""
    assert to_stdout.stderr.startswith("Error: a PDF cannot be printed here, where standard "
                                       "output takes only text")
    assert "(--output FILE)" in to_stdout.stderr
    assert stored_events(store) == before
