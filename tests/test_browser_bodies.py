"""The bodies, meetings and papers in a real browser (web/bodies.py; issue 14 items 2, 5
and 7): Debian's Chromium, driven by Playwright, reads them from the whole server
(`create_app`) on uvicorn on 127.0.0.1 and a free port.

- axe-core finds no serious or critical violation on any of them, the papers included
  (they are the clerk's HTML, served as they are printed);
- a 375-pixel phone screen needs no sideways scrolling;
- the papers' own stylesheet applies under their Content-Security-Policy (the browser
  reports no refused style), so the page the public reads looks as the clerk filed it.

The story (tests/stories.py, `june_with_actions`, September's agenda published) is built
once on SQLite. With LSP_SCREENSHOTS=FOLDER each page is saved there as a PNG.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from tests.conftest import on
from tests.helpers import axe_serious, example, live_server, screenshot
from tests.stories import JUNE, PAPERS_NOW, SEPTEMBER, daventry_executive, june_with_actions
from web.app import create_app
from web.mail import MailSettings

PAGES = {
    "bodies": "/bodies",
    "body": "/bodies/executive",
    "meeting": f"/meetings/{JUNE}",
    "meeting-to-come": f"/meetings/{SEPTEMBER}",
    "paper-minutes": f"/meetings/{JUNE}/minutes",
    "paper-agenda": f"/meetings/{SEPTEMBER}/agenda",
    "paper-ratifications": f"/meetings/{SEPTEMBER}/ratifications",
    "paper-not-published": f"/meetings/{SEPTEMBER}/minutes",
}



@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The story's ledger file, built once for the module (and closed: each test's server
    opens it, since every test closes the ledgers it opened: tests/conftest.py)."""
    path = str(tmp_path_factory.mktemp("bodies") / "ledger.sqlite")
    with freeze_time(PAPERS_NOW):
        ledger = Ledger(path, "secretariat", create=True)
        ledger.init("Daventry LSP", example("daventry"), on("2026-01-01"))
        daventry_executive(ledger)
        june_with_actions(ledger)
        ledger.publish_agenda(SEPTEMBER, on("2026-07-01"))
        ledger.close()
    return path


@pytest.fixture
def site(story: str) -> Iterator[str]:
    with live_server(create_app(story, mail=MailSettings(base_url="http://127.0.0.1"))) as base:
        yield base


@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_serious_or_critical_violation_wcag_2_2_aa(
        page: Any, site: str, name: str) -> None:
    # Given a page of the bodies and meetings, loaded in Chromium, and what it refuses
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    answer = page.goto(site + PAGES[name])
    assert answer is not None and answer.status == (404 if "not-published" in name else 200)
    screenshot(page, name)
    # When axe-core checks it against WCAG 2.2 A and AA (and best practice)
    found, passes = axe_serious(page)
    # Then it finds no serious or critical violation, and it really checked the page
    assert found == []
    assert passes > 5
    # and the browser refused none of the page's own styles
    assert refused == []


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_375_pixel_phone_screen_needs_no_sideways_scrolling(
        browser: Any, site: str, name: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB")
    phone = context.new_page()
    phone.goto(site + PAGES[name])
    screenshot(phone, f"{name}-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


def test_the_papers_own_styles_apply(page: Any, site: str) -> None:
    # Given the minutes, whose stylesheet sets the page's maximum width
    page.goto(site + PAGES["paper-minutes"])
    # Then the browser applied it (a refused stylesheet leaves the body unstyled)
    applied = page.evaluate("getComputedStyle(document.body).maxWidth")
    assert applied not in ("none", "")
