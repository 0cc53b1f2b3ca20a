"""The HTML minutes in Chromium (issue 16: "render each paper to PNG in a test and look").

The July minutes (every part: substitutes, previous minutes, a vote, actions) and the
December minutes (decisions taken between meetings reported) are printed with `lsp report
minutes --format html`, opened from the file in Debian's Chromium and checked as a reader
meets them: axe-core finds no serious or critical accessibility problem, a 375-pixel phone
needs no sideways scrolling, and the signature block and the footer come last. With
`LSP_SCREENSHOTS=DIR` each page is also saved as a PNG, for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from freezegun import freeze_time

from ledger.app import Ledger
from tests.helpers import Lsp
from tests.stories import (
    AFTER_JULY,
    AFTER_THE_STORY,
    DAVENTRY_TERMS,
    DECEMBER,
    JULY,
    daventry_executive,
    daventry_story,
    july_meeting,
    june_meeting,
    report_in_december,
)

SERIOUS = ("serious", "critical")


def july(new_ledger: Callable[..., Ledger]) -> str:
    with freeze_time(AFTER_JULY):
        made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
        daventry_executive(made)
        june_meeting(made)
        july_meeting(made)
    return JULY


def december(new_ledger: Callable[..., Ledger]) -> str:
    with freeze_time(AFTER_THE_STORY, tick=True):
        report_in_december(daventry_story(new_ledger(DAVENTRY_TERMS, "2026-04-01")))
    return DECEMBER


STORIES = {"july": july, "december": december}


def printed(lsp: Lsp, meeting: str, folder: Path) -> str:
    """The HTML minutes of `meeting` written to a file: its file:// address."""
    out = folder / f"{meeting}.html"
    result = lsp("report", "minutes", meeting, "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    return out.as_uri()


def screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("LSP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("story", sorted(STORIES))
def test_the_html_minutes_pass_axe_and_end_with_the_signature_and_the_footer(
        page: Any, new_ledger: Callable[..., Ledger], lsp: Lsp, tmp_path: Path,
        story: str) -> None:
    # Given a meeting's minutes printed as HTML
    address = printed(lsp, STORIES[story](new_ledger), tmp_path)
    # When Chromium opens them
    page.goto(address)
    screenshot(page, f"minutes-{story}")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    # Then axe finds no serious or critical violation, and the signature block comes
    # just before the footer, at the end of the page
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]])
             for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert found == []
    order = page.evaluate("[...document.body.children].map(e => e.id || e.tagName)")
    assert order[-2:] == ["signature", "FOOTER"]


@pytest.mark.parametrize("story", sorted(STORIES))
def test_the_html_minutes_need_no_sideways_scrolling_on_a_375_pixel_phone(
        browser: Any, new_ledger: Callable[..., Ledger], lsp: Lsp, tmp_path: Path,
        story: str) -> None:
    # Given a meeting's minutes printed as HTML, and a phone's screen 375 pixels wide
    address = printed(lsp, STORIES[story](new_ledger), tmp_path)
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB")
    phone = context.new_page()
    # When the minutes are opened
    phone.goto(address)
    screenshot(phone, f"minutes-{story}-phone")
    # Then nothing is wider than the screen
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375
