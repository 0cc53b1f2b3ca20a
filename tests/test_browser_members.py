"""A member signs in from her e-mail and approves, in a real browser (issue 14: "Tested in
a real browser"; web/signin.py, web/members.py).

Debian's Chromium driven by Playwright (the session's `browser`, tests/conftest.py), the
whole server (`create_app`) on uvicorn on 127.0.0.1 (tests/helpers.py, `live_server`),
and a real SMTP server on loopback (aiosmtpd, `smtp_server`) catching the mail:

carol (dc-3 on the Daventry Executive) enters her e-mail address, the link arrives, she
follows it and is signed in, sees "Awaiting your approval", opens the chair's proposal and
presses "Approve": the decision is taken (the chair proposed it); the public register
`/decisions` lists it, and the ratification paper for the next meeting shows her approval
as "given in person (signed in)". All by keyboard; on every page axe-core finds no
serious or critical violation, and a 375-pixel screen needs no sideways scrolling. With
LSP_SCREENSHOTS=FOLDER each page is saved as a PNG there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from ledger.app import Ledger
from ledger.authors import IN_PERSON
from projections import decisions
from projections.catchup import ReadStore
from tests.conftest import on
from tests.helpers import Mailbox, link_in, live_server, smtp_server
from tests.stories import daventry
from web.app import create_app
from web.mail import MailSettings

SERIOUS = ("serious", "critical")
CAROL = "carol@daventry.example.gov.uk"


@pytest.fixture
def story(tmp_path: Path) -> str:
    """Daventry's Executive with accounts for carol and alice; alice (the chair) proposed
    "Hire the hall" (recorded by the secretariat on her e-mail): the chair and one other
    member are needed, so one member's approval takes it."""
    path = str(tmp_path / "ledger.sqlite")

    def new_ledger(terms: str, since: str = "2026-01-01") -> Ledger:
        made = Ledger(path, "secretariat", create=True)
        made.init("Daventry LSP", terms, on(since))
        return made

    ledger = daventry(new_ledger)
    ledger.add_account("carol", CAROL)
    ledger.add_account("alice", "alice@daventry.example.gov.uk")
    ledger.propose_decision("executive", "hall", "Hire the hall", "dc-1",
                            text="Hire the Abbey hall for the youth forum, up to £400.",
                            reasons="The forum was promised a venue.",
                            urgency="The hall must be booked by Friday.",
                            evidence="e-mail of this morning, 9:12")
    ledger.close()
    return path


@pytest.fixture
def site(story: str) -> Iterator[tuple[str, Mailbox]]:
    with smtp_server() as box:
        app = create_app(story, mail=MailSettings(base_url="http://127.0.0.1",
                                                  smtp_url=f"smtp://127.0.0.1:{box.port}"))
        with live_server(app) as base:
            app.state.web.mail = MailSettings(base_url=base,
                                              smtp_url=f"smtp://127.0.0.1:{box.port}")
            yield base, box


def checked(tab: Any, name: str) -> list[tuple[str, str, str]]:
    """Axe's serious and critical findings on the page, and whether a 375-pixel screen
    scrolls sideways (as a finding); the page saved as PNG with LSP_SCREENSHOTS."""
    folder = os.environ.get("LSP_SCREENSHOTS")
    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})
    found = [(name, v["id"], v["impact"]) for v in results.response["violations"]
             if v["impact"] in SERIOUS]
    assert len(results.response["passes"]) > 5
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(folder) / f"member-{name}.png"), full_page=True)
    tab.set_viewport_size({"width": 375, "height": 812})
    width = tab.evaluate("document.documentElement.scrollWidth")
    if folder:
        tab.screenshot(path=str(Path(folder) / f"member-{name}-phone.png"), full_page=True)
    tab.set_viewport_size({"width": 1024, "height": 768})
    if width > 375:
        found.append((name, "sideways-scroll", f"{width}px"))
    return found


def press(tab: Any, role: str, name: str) -> None:
    """Move the keyboard's focus to the control, and press Enter (no mouse)."""
    tab.get_by_role(role, name=name, exact=True).focus()
    tab.keyboard.press("Enter")


def test_a_member_signs_in_from_her_email_and_approves_by_keyboard(
        browser: Any, site: tuple[str, Mailbox], story: str) -> None:
    base, box = site
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    found: list[tuple[str, str, str]] = []
    # Given carol on the sign-in page
    tab.goto(base + "/sign-in")
    found += checked(tab, "sign-in")
    # When she types her address and sends the form, by keyboard
    tab.get_by_label("Email address").focus()
    tab.keyboard.type(CAROL)
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Send sign-in link"
    tab.keyboard.press("Enter")
    tab.wait_for_selector("text=Check your email")
    found += checked(tab, "sign-in-sent")
    # Then one e-mail reaches her, its link on LSP_BASE_URL
    [mail] = box.to(CAROL)
    link = link_in(mail)
    assert link.startswith(base + "/sign-in/")
    # When she follows it, she is signed in (CONTRACT.md: "following it signs the person
    # in"; the page sends its form as it opens)
    tab.goto(link)
    tab.wait_for_url(base + "/")
    # Then she sees what awaits her approval
    assert tab.get_by_role("heading", name="Awaiting your approval").is_visible()
    found += checked(tab, "home")
    # When she opens the proposal and presses "Approve"
    press(tab, "link", "Hire the hall")
    tab.wait_for_url("**/proposals/hall")
    found += checked(tab, "proposal")
    press(tab, "button", "Approve")
    tab.wait_for_selector("text=Taken")
    found += checked(tab, "proposal-taken")
    # And looks at her body's page
    tab.goto(base + "/bodies/executive")
    found += checked(tab, "body")
    # Then the public register lists the decision
    public = browser.new_context(locale="en-GB").new_page()
    public.goto(base + "/decisions")
    listed = public.get_by_role("link", name="Hire the hall").is_visible()
    public.context.close()
    context.close()
    assert listed
    assert found == []
    # and the ratification paper of the next meeting shows her approval given in person
    ledger = Ledger(story, "secretariat")
    try:
        ledger.schedule_meeting("executive", "next", datetime.now(UTC) + timedelta(days=30))
        paper = decisions.ratifications(ReadStore(ledger), "next")
    finally:
        ledger.close()
    [item] = [d for d in paper.decisions if d.decision == "hall"]
    assert item.status == "taken"
    [approval] = item.approvals
    assert (approval.person, approval.given) == ("carol", IN_PERSON)
    assert re.match(r"recorded by secretariat on the evidence of", item.proposer.given)


def test_without_the_script_the_link_shows_one_button_that_signs_in(
        browser: Any, site: tuple[str, Mailbox]) -> None:
    # Given carol's sign-in link, in a browser that does not run the page's script (as
    # with JavaScript off, or a mail scanner fetching the link; axe-core itself needs
    # JavaScript, so the script is blocked rather than JavaScript switched off)
    base, box = site
    context = browser.new_context(locale="en-GB")
    context.route("**/static/signin.js", lambda route: route.abort())
    tab = context.new_page()
    tab.goto(base + "/sign-in")
    tab.get_by_label("Email address").fill(CAROL)
    press(tab, "button", "Send sign-in link")
    tab.wait_for_selector("text=Check your email")
    # When she follows the link: the page waits for her, having used nothing
    tab.goto(link_in(box.to(CAROL)[-1]))
    found = checked(tab, "sign-in-link")
    assert tab.get_by_role("heading", name="Sign in").is_visible()
    # Then the button signs her in
    press(tab, "button", "Sign in")
    tab.wait_for_url(base + "/")
    assert tab.get_by_role("heading", name="Awaiting your approval").is_visible()
    context.close()
    assert found == []


def test_the_chair_proposes_by_keyboard_and_every_refusal_page_passes_axe(
        browser: Any, site: tuple[str, Mailbox]) -> None:
    base, box = site
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    found: list[tuple[str, str, str]] = []
    # Given alice (the chair) signed in from her e-mail, on her body's page
    alice = "alice@daventry.example.gov.uk"
    tab.goto(base + "/sign-in")
    tab.get_by_label("Email address").fill(alice)
    press(tab, "button", "Send sign-in link")
    tab.wait_for_selector("text=Check your email")
    link = link_in(box.to(alice)[0])
    tab.goto(link)
    tab.wait_for_url(base + "/")
    press(tab, "link", "LSP Executive")
    tab.wait_for_url("**/bodies/executive")
    # When she proposes with a short name that is not one: refused, the form kept
    tab.get_by_label("Title").focus()
    tab.keyboard.type("Summer youth bus")
    tab.keyboard.press("Tab")
    tab.keyboard.type("Not A Slug")
    press(tab, "button", "Propose")
    tab.wait_for_selector("text=There is a problem")
    found += checked(tab, "propose-refused")
    # And then puts it right
    tab.get_by_label("Short name").fill("youth-bus")
    tab.get_by_label("What is decided").fill("Run a youth bus on summer Saturdays.")
    press(tab, "button", "Propose")
    tab.wait_for_url("**/proposals/youth-bus")
    # Then the proposal's page shows it, proposed by her
    heading = tab.get_by_role("heading", level=1).text_content()
    found += checked(tab, "proposed")
    # And the refusals are pages that pass too: a used link, a form without its token
    tab.goto(link)
    found += checked(tab, "link-used")
    tab.goto(base + "/sign-in/never-sent")
    found += checked(tab, "link-unknown")
    tab.goto(base + "/")
    tab.evaluate("document.querySelector('input[name=csrf]').value = 'forged'")
    with tab.expect_navigation() as sent:
        press(tab, "button", "Sign out")
    status = sent.value.status if sent.value else None
    refused = tab.get_by_role("heading", level=1).text_content()
    found += checked(tab, "csrf-refused")
    context.close()
    assert heading == "Summer youth bus"
    assert (status, refused) == (403, "Form not accepted")
    assert found == []
