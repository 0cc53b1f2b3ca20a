"""The public decision register on the web (web/public.py, issue 14 item 5), on both stores.

The story (tests/stories.py, `public_register`): the Daventry Executive's year of
decisions between meetings, a vote and the reports at its December meeting, the Forum's
consensus in July, and in March 2027 a consensus and the winter shelter ratified. The
pages are asked for through FastAPI's test client; tests/test_browser_public.py drives
them in Chromium.

- The register (Openness of Local Government Bodies Regulations 2014, regulation 7):
  every decision taken at and between meetings, by title, with its date in British long
  form, its body and outcome, and a link to its page; filtered by body and year.
- A decision's page: its text, reasons, who agreed by name and organisation, the clause
  relied on, when it was reported and the outcome.
- Bad input (an unknown body, a year that is not one, a decision not in the register):
  a page naming the problem, status 400 or 404, and nothing recorded.
- Never an e-mail address; every page carries the latest checkpoint; GOV.UK's page
  template (lang en-GB, a title per page, skip link, landmarks), no JavaScript.
"""

from __future__ import annotations

import html as entities
import re
from collections.abc import Callable, Iterator

import pytest
from click.testing import Result
from fastapi.testclient import TestClient

from ledger.app import Ledger
from projections import registers
from projections.catchup import ReadStore
from tests.conftest import event_count
from tests.helpers import json_of, parse_page, public_app
from tests.stories import (
    BUS_ALTERNATIVES,
    BUS_REASONS,
    BUS_URGENCY,
    GRANT_INTEREST,
    RESCINDED,
    SHELTER_PLAN,
    VC_REASONS,
    VC_TEXT,
    many_decisions,
    public_register,
)
from web.public import long_date

# Newest first, as the register page lists them: (date, title, body, how, outcome, page)
REGISTER = [
    ("9 March 2027", "Review of the winter shelter", "LSP Executive",
     "At a meeting, by consensus", "Agreed by consensus", "/decisions/exec-2027-03.shelter-review"),
    ("6 December 2026", "Open a winter night shelter", "LSP Executive", "Between meetings",
     "Taken between meetings; ratified at meeting exec-2027-03", "/decisions/winter-shelter"),
    ("1 December 2026", "Request by Daventry Town FC to join executive", "LSP Executive",
     "At a meeting, on a request to join", "Rejected",
     "/decisions/exec-2026-12.request.town-fc-2026"),
    ("1 December 2026", "Community safety budget 2027/28", "LSP Executive",
     "At a meeting, by a vote", "Carried (2 for, 1 against, 0 abstaining)",
     "/decisions/exec-2026-12.safety-budget"),
    ("18 November 2026", "Support the Volunteer Centre's Community Fund bid", "LSP Executive",
     "Between meetings", "Taken between meetings; ratified at meeting exec-2026-12",
     "/decisions/vc-match-funding"),
    ("3 October 2026", "Top up two community grants", "LSP Executive", "Between meetings",
     f"Taken between meetings; rescinded at meeting exec-2026-12 ({RESCINDED})",
     "/decisions/grant-top-up"),
    ("8 July 2026", "Wellbeing week", "Health and Wellbeing Partnership Forum",
     "At a meeting, by consensus", "Agreed by consensus", "/decisions/forum-2026-07.wellbeing"),
    ("21 May 2026", "Summer youth bus", "LSP Executive", "Between meetings",
     "Taken between meetings; noted at meeting exec-2026-12", "/decisions/youth-bus"),
]
PAGES = ["/decisions", "/decisions?body=forum", "/decisions?year=2027",
         *[row[-1] for row in REGISTER]]
REFUSED = ["/decisions?body=nope&year=20x6", "/decisions/hub-signage"]  # 400 and 404


@pytest.fixture
def ledger(kept_story: Callable[..., Ledger]) -> Ledger:
    return kept_story("public_register", public_register)


@pytest.fixture
def client(ledger: Ledger) -> Iterator[TestClient]:
    with TestClient(public_app(ledger)) as made:
        yield made


def rows(html: str) -> list[tuple[str, ...]]:
    """The register's table as text, each row's cells and its link."""
    found = []
    for row in re.findall(r"<tr class=\"app-table__row\">(.*?)</tr>", html, re.S)[1:]:
        cells = [" ".join(entities.unescape(re.sub(r"<[^>]+>", "", c)).split())
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        found.append((*cells, *re.findall(r'href="([^"]+)"', row)))
    return found


def text(html: str) -> str:
    return parse_page(html).words()


# ------------------------------------------------------------------------ the register


def test_the_register_lists_every_decision_at_and_between_meetings_regulation_7(
        client: TestClient) -> None:
    # Given the story's eight decisions, at and between meetings, over two years
    # When the public asks for the register, signed in as no one
    response = client.get("/decisions")
    # Then each is listed newest first by title, with its date in British long form, its
    # body, how it was taken, its outcome and a link to its page
    assert response.status_code == 200
    assert rows(response.text) == [tuple(r) for r in REGISTER]
    assert "8 decisions" in text(response.text)


@pytest.mark.parametrize(("query", "titles", "heading"), [
    ("body=forum", ["Wellbeing week"], "1 decision of the Health and Wellbeing Partnership"),
    ("year=2027", ["Review of the winter shelter"], "1 decision in 2027"),
    ("body=executive&year=2026", [r[1] for r in REGISTER[1:6]] + ["Summer youth bus"],
     "6 decisions of the LSP Executive in 2026"),
    ("body=forum&year=2027", [], "0 decisions of the Health and Wellbeing Partnership Forum"),
    ("body=&year=", [r[1] for r in REGISTER], "8 decisions"),
])
def test_the_register_filters_by_body_and_year_with_a_plain_get_form(
        client: TestClient, query: str, titles: list[str], heading: str) -> None:
    # Given the story
    # When the filter form is sent (GET) with a body, a year, both or neither
    response = client.get(f"/decisions?{query}")
    # Then only the decisions of that body and year are listed, the heading says which,
    # and the form keeps what was asked
    assert response.status_code == 200
    assert [r[1] for r in rows(response.text)] == titles
    assert heading in text(response.text)
    for field, value in (kv.split("=") for kv in query.split("&")):
        if field == "year":
            assert f'name="year" type="text" inputmode="numeric" value="{value}"' in response.text
        elif value:
            assert f'<option value="{value}" selected>' in response.text
    if not titles:
        assert "No decision of the register matches." in text(response.text)


@pytest.mark.parametrize(("query", "messages"), [
    ("body=nope", ["Select a body of the partnership from the list"]),
    ("year=20x6", ["Year must be four digits, like 2026"]),
    ("year=99999", ["Year must be four digits, like 2026"]),
    ("year=%D9%A2%D9%A0%D9%A2%D9%A6", ["Year must be four digits, like 2026"]),  # Arabic digits
    ("body=%3Cscript%3E&year=0", ["Select a body of the partnership from the list",
                                  "Year must be four digits, like 2026"]),
])
def test_a_bad_filter_is_refused_naming_the_field_and_nothing_is_recorded(
        client: TestClient, ledger: Ledger, query: str, messages: list[str]) -> None:
    # Given the story, and how many events it holds
    before = event_count(ledger)
    # When the filter names an unknown body or a year that is not four digits
    response = client.get(f"/decisions?{query}")
    # Then the page says what is wrong, in the error summary and beside each field
    # (GOV.UK's error pattern), with status 400; it lists nothing; the title starts
    # "Error:"; what was typed is escaped; nothing is recorded
    page = text(response.text)
    assert response.status_code == 400
    assert "There is a problem" in page
    for message in messages:
        assert page.count(message) == 2
    assert rows(response.text) == []
    assert "<title>Error: Decision register" in response.text
    assert "<script>" not in response.text
    assert event_count(ledger) == before


def test_year_zero_is_no_year_of_the_calendar_the_ledger_keeps(client: TestClient) -> None:
    # Given the story
    # When the year asked for is 0000, four digits but outside the calendar
    response = client.get("/decisions?year=0000")
    # Then it is refused as a year that is not one
    assert response.status_code == 400
    assert "Year must be four digits, like 2026" in text(response.text)


# ------------------------------------------------------------------------ a decision's page


def test_a_decision_between_meetings_shows_who_agreed_by_name_and_organisation(
        client: TestClient) -> None:
    # Given the Volunteer Centre bid: proposed by Prof Lee (the college), approved by the
    # chair in person, taken, ratified at the December meeting
    # When its page is asked for
    response = client.get("/decisions/vc-match-funding")
    page = text(response.text)
    # Then it shows its text and reasons, who agreed by name and organisation with the
    # day, the clause relied on, when it was reported and the outcome
    assert response.status_code == 200
    assert "<h1 class=\"app-heading-l\">Support the Volunteer Centre&#39;s Community Fund bid"\
        in response.text
    for fact in (f"Decision {VC_TEXT}", f"Reasons {VC_REASONS}",
                 "Prof Ann Lee, Northampton College: proposed it 16 November 2026",
                 "Cllr Amy Hart, Daventry District Council (chair): approved 18 November "
                 "2026, 10.00 am",
                 "Clause relied on Clause 4.6 of the terms of reference, version 1",
                 "Reported To the meeting of LSP Executive on 1 December 2026, 6.30 pm",
                 "Outcome ratified", "Between meetings, 18 November 2026."):
        assert fact in page, fact


def test_a_rescinded_decision_shows_the_reason_and_the_interest_declared(
        client: TestClient) -> None:
    # Given the grant top-up: three members other than the chair, Sue Bell declaring an
    # interest; rescinded in December
    # When its page is asked for
    page = text(client.get("/decisions/grant-top-up").text)
    # Then the three are named with their organisations, the interest is shown, and the
    # outcome says why
    for fact in ("Cllr Tom Reed, Northamptonshire County Council: proposed it 1 October 2026",
                 "Supt Kate Moss, Northamptonshire Police: approved 2 October 2026",
                 "Sue Bell, Futures Housing Group: approved 3 October 2026",
                 f"Sue Bell (personal: {GRANT_INTEREST})", f"Outcome rescinded {RESCINDED}"):
        assert fact in page, fact


def test_a_noted_decision_shows_its_urgency_and_alternatives(client: TestClient) -> None:
    # Given the youth bus, taken in May with its urgency and alternatives recorded
    # When its page is asked for
    page = text(client.get("/decisions/youth-bus").text)
    # Then they are on it, with the outcome the December meeting gave it
    for fact in (f"Reasons {BUS_REASONS}", BUS_ALTERNATIVES,
                 f"Why it could not wait for a meeting {BUS_URGENCY}", "Outcome noted"):
        assert fact in page, fact


def test_a_vote_at_a_meeting_shows_how_each_member_voted_by_name_and_organisation(
        client: TestClient) -> None:
    # Given the community safety budget, carried 2 to 1 at the December meeting
    # When its page is asked for
    page = text(client.get("/decisions/exec-2026-12.safety-budget").text)
    # Then the meeting, the outcome, each vote by name and organisation and the clause
    for fact in ("Meeting LSP Executive, 1 December 2026, 6.30 pm",
                 "Decision Carried (2 for, 1 against, 0 abstaining)",
                 "Cllr Amy Hart, Daventry District Council: for",
                 "Dr Raj Patel, Nene Clinical Commissioning Group: for",
                 "Prof Ann Lee, Northampton College: against",
                 "Clause relied on Clause 4.3 of the terms of reference, version 1"):
        assert fact in page, fact


def test_a_consensus_shows_what_was_agreed_and_the_members_present(client: TestClient) -> None:
    # Given the March meeting's consensus on the winter shelter
    # When its page is asked for
    page = text(client.get("/decisions/exec-2027-03.shelter-review").text)
    # Then it shows what was agreed, by whom (the voting members present) and that no
    # clause is cited for a consensus
    for fact in (SHELTER_PLAN, "Agreed by the members present",
                 "Cllr Amy Hart, Daventry District Council",
                 "Prof Ann Lee, Northampton College",
                 "Clause relied on None cited in the record"):
        assert fact in page, fact


def test_a_request_to_join_shows_the_decision_and_the_clauses_relied_on(
        client: TestClient) -> None:
    # Given Daventry Town FC's request to join the Executive, refused at the December meeting
    # When its page is asked for
    page = text(client.get("/decisions/exec-2026-12.request.town-fc-2026").text)
    # Then it shows the meeting, the decision and both clauses the terms give for it
    for fact in ("At a meeting, on a request to join, 1 December 2026.",
                 "Decision Rejected",
                 "Clause relied on Clauses 4.1, 4.4 of the terms of reference, version 1"):
        assert fact in page, fact


@pytest.mark.parametrize("missing", [
    "hub-signage",  # proposed, not taken: not in the register
    "car-park",  # withdrawn
    "nope",
    "exec-2026-12.nope",
    "exec-2026-12",
    "exec-2026-12.request.nope",
    "%3Cscript%3Ealert(1)",
])
def test_a_decision_not_in_the_register_is_not_found_and_nothing_is_recorded(
        client: TestClient, ledger: Ledger, missing: str) -> None:
    # Given the story, with a proposal still waiting and one withdrawn
    before = event_count(ledger)
    # When a page is asked for a decision the register does not hold
    response = client.get(f"/decisions/{missing}")
    # Then it is not found, saying so, and nothing is recorded
    assert response.status_code == 404
    assert "in the public decision register" in text(response.text)
    assert "<script>" not in response.text
    assert event_count(ledger) == before


# ------------------------------------------------------------------------ every page


def test_no_page_shows_an_email_address_or_other_contact_detail(client: TestClient) -> None:
    # Given the story
    # When every public page is asked for (the refusals too)
    pages = {path: client.get(path).text for path in PAGES + REFUSED}
    # Then no e-mail address (nor a mailto or tel link) is on any
    assert [p for p, html in pages.items() if "@" in html] == []
    assert [p for p, html in pages.items() if "mailto:" in html or "tel:" in html] == []


@pytest.mark.parametrize("path", PAGES[:1] + PAGES[3:7] + REFUSED)
def test_every_page_follows_the_page_template_lang_title_skip_link_landmarks(
        client: TestClient, path: str) -> None:
    # Given the story
    # When a public page of each kind is asked for (a refusal too)
    response = client.get(path)
    page = parse_page(response.text)
    # Then it is well formed HTML in British English with a title of its own, a skip
    # link first, then the header, one main landmark (its target), a footer; one h1;
    # our stylesheet and no script
    assert page.problems == [] and page.open == []
    assert '<html lang="en-GB">' in response.text
    assert page.references[0] == "/static/lsp.css"
    assert page.references[1] == "#main-content"
    assert page.tags["main"] == 1 and 'id="main-content"' in response.text
    assert page.tags["header"] == 1 and page.tags["footer"] == 1
    assert page.tags["h1"] == 1
    assert page.tags["script"] == 0
    assert response.headers["content-type"].startswith("text/html")


def test_every_page_has_a_title_of_its_own(client: TestClient) -> None:
    # Given the story
    # When every public page is asked for
    titles = [re.search(r"<title>(.*?)</title>", client.get(p).text, re.S)[1]  # type: ignore[index]
              for p in PAGES[:1] + PAGES[3:]]
    # Then each title names the page and the partnership, and no two are the same
    assert len(set(titles)) == len(titles)
    assert titles[0] == "Decision register – Daventry District Local Strategic Partnership"
    assert titles[1].startswith("Review of the winter shelter – ")


def test_every_page_carries_the_latest_checkpoint(client: TestClient, ledger: Ledger) -> None:
    # Given the story, sealed at its end
    seal = registers.decisions(ReadStore(ledger)).seal
    assert seal is not None and seal.checkpoint
    # When every public page is asked for (the refusals too)
    pages = {path: client.get(path).text for path in PAGES + REFUSED}
    # Then each prints the latest seal's checkpoint text
    printed = f'<pre class="app-checkpoint">{seal.checkpoint}</pre>'
    assert [p for p, html in pages.items() if printed not in html] == []


def test_the_stylesheet_is_served_as_css(client: TestClient) -> None:
    # Given the app
    # When the stylesheet the pages link to is asked for
    response = client.get("/static/lsp.css")
    # Then it is CSS, and it is ours
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert ".app-skip-link" in response.text


@pytest.mark.parametrize(("iso", "words"), [
    ("2026-05-20", "20 May 2026"),
    ("2026-06-10 18:30", "10 June 2026, 6.30 pm"),
    ("2026-11-18 10:00", "18 November 2026, 10.00 am"),
    ("2027-01-01 00:05", "1 January 2027, 12.05 am"),
    ("2026-12-01 12:00", "1 December 2026, 12.00 pm"),
    ("", ""),
])
def test_dates_are_in_british_long_form(iso: str, words: str) -> None:
    # Given a date (or date and time, England) as the read models give it
    # When it is put in words for a page
    # Then it reads as GOV.UK writes dates and times
    assert long_date(iso) == words


# ------------------------------------------------------------------------ downloads


@pytest.mark.parametrize("query", ["", "?body=forum", "?body=executive&year=2026",
                                   "?year=2027"])
def test_the_register_downloads_as_the_command_line_gives_it_csv_and_json(
        client: TestClient, lsp: Callable[..., Result], query: str) -> None:
    # Given the story, and the register page's download links for a filter
    html = client.get(f"/decisions{query}").text
    assert f'href="/decisions.csv{query}"' in html.replace("&amp;", "&")
    asked = dict(kv.split("=") for kv in query.lstrip("?").split("&") if kv)
    options = [*(["--body", asked["body"]] if "body" in asked else []),
               *(["--from", f"{asked['year']}-01-01", "--to", f"{asked['year']}-12-31"]
                 if "year" in asked else [])]
    # When the CSV and the JSON are downloaded
    csv_download = client.get(f"/decisions.csv{query}")
    json_download = client.get(f"/decisions.json{query}")
    # Then they are exactly what `lsp register decisions` gives for the same filter
    assert csv_download.status_code == 200 and json_download.status_code == 200
    assert csv_download.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_download.headers["content-disposition"]
    assert csv_download.text == lsp("register", "decisions", *options,
                                    "--format", "csv").stdout
    assert json_download.json() == json_of(lsp("register", "decisions", *options, "--json"))
    assert "@" not in csv_download.text + json_download.text


@pytest.mark.parametrize("path", ["/decisions.csv?year=20x6", "/decisions.json?body=nope"])
def test_a_download_with_a_bad_filter_is_refused_and_nothing_is_recorded(
        client: TestClient, ledger: Ledger, path: str) -> None:
    # Given the story
    before = event_count(ledger)
    # When a download names a year that is not one, or an unknown body
    response = client.get(path)
    # Then it is refused with status 400, saying what is wrong, and nothing is recorded
    assert response.status_code == 400
    assert ("Year must be four digits" in response.text
            or "Select a body of the partnership" in response.text)
    assert event_count(ledger) == before


# ------------------------------------------------------------------ many decisions


@pytest.fixture
def busy(kept_story: Callable[..., Ledger]) -> Ledger:
    return kept_story("many_decisions", many_decisions)


def titles(html: str) -> list[str]:
    return [r[1] for r in rows(html)]


def test_the_register_shows_fifty_decisions_a_page_newest_first_with_gov_uk_pagination(
        busy: Ledger) -> None:
    with TestClient(public_app(busy)) as client:
        # When the public asks for the register of 120 decisions
        first = client.get("/decisions")
        # Then the first page lists the newest fifty, says which, and links to the others
        assert first.status_code == 200
        assert titles(first.text) == [f"Decision {n}" for n in range(120, 70, -1)]
        words = text(first.text)
        assert "120 decisions" in words
        assert "Showing 1 to 50 of 120, page 1 of 3." in words
        assert 'href="/decisions?page=2" rel="next"' in first.text
        assert 'aria-current="page">1</a>' in first.text
        assert "Download all 120 of these decisions" in words
        # And the last page holds the twenty oldest, with a way back
        last = client.get("/decisions?page=3")
        assert titles(last.text) == [f"Decision {n}" for n in range(20, 0, -1)]
        assert 'href="/decisions?page=2" rel="prev"' in last.text
        # And the filter is kept from page to page
        filtered = client.get("/decisions?body=executive&year=2026&page=2")
        assert titles(filtered.text) == [f"Decision {n}" for n in range(70, 20, -1)]
        assert 'href="/decisions?body=executive&amp;year=2026&amp;page=3"' in filtered.text


@pytest.mark.parametrize("asked", ["4", "0", "two", "-1", "٣"])
def test_a_page_the_register_does_not_have_is_not_found_and_nothing_is_recorded(
        busy: Ledger, asked: str) -> None:
    before = event_count(busy)
    with TestClient(public_app(busy)) as client:
        response = client.get("/decisions", params={"page": asked})
    assert response.status_code == 404
    assert "its pages are 1 to 3" in text(response.text)
    assert event_count(busy) == before


def test_a_register_kept_between_pages_shows_a_decision_the_moment_it_is_taken(
        busy: Ledger) -> None:
    from freezegun import freeze_time

    with TestClient(public_app(busy)) as client:
        # Given the register read once (and kept under the ledger's position)
        assert titles(client.get("/decisions").text)[0] == "Decision 120"
        # When another decision is taken
        with freeze_time("2026-12-01 12:00:00"):
            busy.propose_decision("executive", "late", "A late decision", "dc-1")
            busy.approve_decision("late", "dc-2")
        # Then the very next page lists it, and its own page is found
        assert titles(client.get("/decisions").text)[0] == "A late decision"
        assert "121 decisions" in text(client.get("/decisions").text)
        assert client.get("/decisions/late").status_code == 200
