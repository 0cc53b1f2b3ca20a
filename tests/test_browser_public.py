"""The public pages in a real browser (issue 14: "Tested in a real browser", item 7).

Debian's Chromium, driven by Playwright (the session's `browser`, tests/conftest.py),
reads the public register of the story (tests/stories.py, `public_register`) from a
uvicorn server on 127.0.0.1 and a free port (tests/helpers.py, `live_server`):

- axe-core (axe-playwright-python) finds no serious or critical violation on any page;
- keyboard only: the skip link comes first and moves to the main content, the filter
  form is filled and sent without a mouse;
- a 375-pixel phone screen needs no sideways scrolling on any page;
- with JavaScript switched off the register, its filter and the decisions' pages work.

The story is built once, on SQLite (the pages only read; tests/test_web_public.py runs
them on both stores). With LSP_SCREENSHOTS=FOLDER each page is also saved as a PNG there,
to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ledger.app import Ledger
from tests.conftest import on, without_browser
from tests.helpers import axe_serious, live_server, public_app, screenshot
from tests.stories import many_decisions, public_register

PAGES = {
    "register": "/decisions",
    "register-filtered": "/decisions?body=forum&year=2026",
    "register-refused": "/decisions?body=nope&year=20x6",
    "between-meetings": "/decisions/grant-top-up",
    "vote": "/decisions/exec-2026-12.safety-budget",
    "consensus": "/decisions/exec-2027-03.shelter-review",
    "request": "/decisions/exec-2026-12.request.town-fc-2026",
    "not-found": "/decisions/hub-signage",
}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The story's ledger file, built once for the module (and closed: each test opens it)."""
    path = str(tmp_path_factory.mktemp("web") / "ledger.sqlite")

    def new_ledger(terms: str, since: str) -> Ledger:
        made = Ledger(path, "secretariat", create=True)
        made.init("Daventry LSP", terms, on(since))
        return made

    public_register(new_ledger).close()
    return path


@pytest.fixture
def site(story: str) -> Iterator[str]:
    """The public pages of the story, served on loopback: their base URL."""
    with live_server(public_app(Ledger(story, "public"))) as base:
        yield base


@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_serious_or_critical_violation_wcag_2_2_aa(
        page: Any, site: str, name: str) -> None:
    # Given a public page, loaded in Chromium
    page.goto(site + PAGES[name])
    screenshot(page, name)
    # When axe-core checks it against WCAG 2.2 A and AA (and best practice)
    found, passes = axe_serious(page)
    # Then it finds no serious or critical violation, and it really checked the page
    assert found == []
    assert passes > 10


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_375_pixel_phone_screen_needs_no_sideways_scrolling(
        browser: Any, site: str, name: str) -> None:
    # Given a phone's screen, 375 pixels wide
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB")
    phone = context.new_page()
    # When a public page is loaded
    phone.goto(site + PAGES[name])
    screenshot(phone, f"{name}-phone")
    # Then nothing is wider than the screen
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


@pytest.fixture(scope="module")
def busy_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A register of 120 decisions (three pages), served on loopback."""
    path = str(tmp_path_factory.mktemp("busy") / "ledger.sqlite")

    def new_ledger(terms: str, since: str = "2026-01-01") -> Ledger:
        made = Ledger(path, "secretariat", create=True)
        made.init("Daventry LSP", terms, on(since))
        return made

    many_decisions(new_ledger).close()
    with live_server(public_app(Ledger(path, "public"))) as base:
        yield base


def test_a_page_of_a_long_register_passes_axe_fits_a_phone_and_pages_by_keyboard(
        browser: Any, busy_site: str) -> None:
    # Given the second of a register's three pages, in Chromium
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    tab.goto(busy_site + "/decisions?page=2")
    screenshot(tab, "register-page-2")
    # When axe-core checks it, and the keyboard follows the link to the next page
    found = [(rule, impact) for rule, impact, _ in axe_serious(tab)[0]]
    tab.get_by_role("navigation", name="Pages of the register").get_by_role(
        "link", name="Next page").focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url("**page=3")
    last = tab.get_by_role("link", name="Decision 1", exact=True).is_visible()
    # And a 375-pixel phone shows the same page
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB")
    small = phone.new_page()
    small.goto(busy_site + "/decisions?page=2")
    screenshot(small, "register-page-2-phone")
    width = small.evaluate("document.documentElement.scrollWidth")
    phone.close()
    context.close()
    # Then no serious or critical violation, the last page reached, no sideways scrolling
    assert found == []
    assert last
    assert width <= 375


def test_the_skip_link_comes_first_and_takes_the_keyboard_to_the_main_content(
        page: Any, site: str) -> None:
    # Given the register, loaded
    page.goto(site + "/decisions")
    # When the first Tab is pressed, then Enter
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent")
    visible = page.get_by_role("link", name="Skip to main content").is_visible()
    page.keyboard.press("Enter")
    # Then the skip link had the focus, shown on screen, and it led to the main content
    assert first == "Skip to main content"
    assert visible
    page.wait_for_url("**#main-content")  # the keypress is handled after `press` returns
    assert page.url.endswith("#main-content")
    assert page.evaluate("document.querySelector(':target').tagName") == "MAIN"


def test_the_filter_is_filled_and_sent_with_the_keyboard_alone(page: Any, site: str) -> None:
    # Given the register, loaded
    page.goto(site + "/decisions")
    # When the body is chosen and the year typed, moving by Tab, and Enter sends the form
    page.get_by_label("Body").focus()
    page.keyboard.press("ArrowDown")  # All bodies -> the first body by name
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/decisions?body=*")
    # Then the register of that body in that year is shown, and the form keeps the choice
    assert page.get_by_role("heading", level=2).first.text_content() == (
        "1 decision of the Health and Wellbeing Partnership Forum in 2026")
    assert page.get_by_role("link", name="Wellbeing week").is_visible()
    assert page.get_by_label("Year").input_value() == "2026"


def test_without_javascript_the_register_its_filter_and_each_page_work(
        browser: Any, site: str) -> None:
    # Given a browser with JavaScript switched off
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    tab = context.new_page()
    # When the register is filtered by year, and a decision followed by its accessible name
    tab.goto(site + "/decisions")
    tab.get_by_label("Year").fill("2027")
    tab.get_by_role("button", name="Show decisions").click()
    tab.wait_for_url("**year=2027")
    tab.get_by_role("link", name="Review of the winter shelter").click()
    # Then the decision's own page is shown, with its breadcrumb back to the register
    heading = tab.get_by_role("heading", level=1).text_content()
    back = tab.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Decision register").get_attribute("href")
    context.close()
    assert heading == "Review of the winter shelter"
    assert back == "/decisions"


def test_a_refused_filter_moves_nowhere_and_links_each_problem_to_its_field(
        page: Any, site: str) -> None:
    # Given the register with a year that is not one
    page.goto(site + "/decisions?year=twenty")
    # When the error summary's link is followed
    page.get_by_role("link", name="Year must be four digits, like 2026").click()
    # Then the field with the problem has the focus, described by its error message
    assert page.evaluate("document.activeElement.id") == "year"
    described = page.get_by_label("Year").get_attribute("aria-describedby") or ""
    assert "year-error" in described.split()


@pytest.mark.parametrize(("there", "env", "outcome"), [
    (True, {}, None),
    (True, {"LSP_REQUIRE_BROWSER": "1"}, None),
    (False, {}, "skip"),
    (False, {"LSP_REQUIRE_BROWSER": "1"}, "fail"),
    (False, {"LSP_REQUIRE_BROWSER": ""}, "skip"),
])
def test_browser_tests_skip_only_without_chromium_and_unless_ci_requires_them(
        tmp_path: Path, there: bool, env: dict[str, str], outcome: str | None) -> None:
    # Given a Chromium that is there or not, and LSP_REQUIRE_BROWSER set (as .ci/run sets
    # it) or not
    chromium = tmp_path / "chromium"
    if there:
        chromium.write_text("")
    # When the browser fixture asks what to do
    found = without_browser(chromium, env)
    # Then it runs the tests with Chromium there; without it, it skips saying why, or
    # fails when CI requires the browser
    assert (found[0] if found else None) == outcome
    if found:
        assert f"no Chromium at {chromium}" in found[1]


def test_ci_installs_chromium_before_the_tests_and_requires_the_browser() -> None:
    # Given .ci/run
    script = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    # When the Chromium install and the test command are looked for
    install = script.index("apt-get install -y -q chromium")
    required = script.index("export LSP_REQUIRE_BROWSER=1")
    tests = script.index(".venv/bin/pytest")
    # Then Chromium is installed when missing, and the browser required, before the tests
    assert "if ! command -v chromium" in script and "set -euo pipefail" in script
    assert install < required < tests
