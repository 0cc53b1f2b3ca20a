"""The bodies and meetings for everyone, with their papers (web/bodies.py, issue 14 items 2
and 5), through the whole server (`create_app`) on both stores.

The story (tests/stories.py, `june_with_actions`): the Daventry Executive meets in June
at the Council Chamber (agenda published 29 May, the meeting closed, two actions); a
decision between meetings (the minibus) is taken in June to be reported to September's
meeting, scheduled at the library with its agenda not yet published (and, read now, held
but not closed).

- `/bodies` lists the bodies; `/bodies/executive` gives the roster by name and
  organisation and the meetings, each linked, to anyone; the form to propose only to a
  member signed in.
- `/meetings/exec-2026-06` gives its papers: the agenda and the minutes (closed);
  September's gives none until its agenda is published, then the agenda and the
  ratification paper listing the minibus; its minutes stay unpublished while it is open.
- Each paper is the one `lsp report ... --format html` prints, served under a
  Content-Security-Policy allowing its own stylesheet by hash only.
- No page shows an e-mail address.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time

from cli.listing import agenda_html
from cli.views import minutes_html
from ledger.app import Ledger
from ledger.errors import NotFound
from projections import agenda, lists, meetings
from projections.catchup import ReadStore
from tests.conftest import event_count, on
from tests.helpers import client_for, example, parse_page
from tests.stories import (
    JUNE,
    JUNE_VENUE,
    PAPERS_NOW,
    SEPTEMBER,
    NewLedger,
    daventry_executive,
    june_with_actions,
)

EMAIL = "kate.moss@police.example.gov.uk"


@pytest.fixture
def ledger(new_ledger: NewLedger) -> Ledger:
    with freeze_time(PAPERS_NOW):
        made = new_ledger(example("daventry"))
        daventry_executive(made)
        june_with_actions(made)
        made.add_account("supt-kate-moss", EMAIL)
    return made


@pytest.fixture
def client(ledger: Ledger, store: str) -> Iterator[TestClient]:
    # The pages read today's roster and meetings: by now (December 2026 or later) June's
    # meeting is closed and September's held but still open.
    with client_for(store, None) as c:
        yield c


def words(html: str) -> str:
    return parse_page(html).words()


def no_contact(html: str) -> None:
    """No e-mail address (nor any "@" outside a stylesheet's at-rules), no contact link."""
    text = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
    assert EMAIL not in html and "@" not in text
    assert "mailto:" not in html and "tel:" not in html


def test_the_bodies_are_listed_for_everyone(client: TestClient) -> None:
    got = client.get("/bodies")
    assert got.status_code == 200
    assert '<a class="app-link" href="/bodies/executive">LSP Executive</a>' in got.text
    no_contact(got.text)


def test_a_body_page_shows_the_public_its_roster_and_meetings_but_no_form(
        client: TestClient, ledger: Ledger) -> None:
    # Given no one signed in
    # When the public opens the Executive's page
    got = client.get("/bodies/executive")
    # Then it lists the members by name and organisation and the meetings, linked
    assert got.status_code == 200
    shown = words(got.text)
    roster = ledger.roster("executive", on("2026-07-01"))
    assert roster.seats, "the story seats the Executive"
    assert "Supt Kate Moss" in shown and "Northamptonshire Police" in shown
    assert f'href="/meetings/{JUNE}"' in got.text and f'href="/meetings/{SEPTEMBER}"' in got.text
    assert "Held, minutes published" in shown
    # and no form to propose, only the way to sign in
    assert "/propose" not in got.text and 'href="/sign-in"' in got.text
    no_contact(got.text)


def test_an_unknown_body_or_meeting_is_not_found(client: TestClient) -> None:
    for path in ("/bodies/nope", "/meetings/nope", "/meetings/nope/minutes",
                 f"/meetings/{JUNE}/nonsense"):
        got = client.get(path)
        assert got.status_code == 404, path
        assert "There is a problem" in got.text or "not" in words(got.text)


def test_a_closed_meeting_publishes_its_agenda_and_minutes(client: TestClient) -> None:
    got = client.get(f"/meetings/{JUNE}")
    assert got.status_code == 200
    shown = words(got.text)
    assert JUNE_VENUE in shown and "Published Friday 29 May 2026" in shown
    assert f'href="/meetings/{JUNE}/agenda"' in got.text
    assert f'href="/meetings/{JUNE}/minutes"' in got.text
    assert "/ratifications" not in got.text  # nothing between meetings reported in June
    no_contact(got.text)


def test_a_paper_is_the_one_the_clerk_prints(client: TestClient, ledger: Ledger) -> None:
    # Given the June meeting closed
    store = ReadStore(ledger)
    with freeze_time(PAPERS_NOW):
        expected = {"minutes": minutes_html(meetings.minutes(store, JUNE)),
                    "agenda": agenda_html(agenda.agenda(store, JUNE))}
    for paper, html in expected.items():
        # When the public opens the paper
        got = client.get(f"/meetings/{JUNE}/{paper}")
        # Then it is what `lsp report PAPER --format html` gives, byte for byte
        assert got.status_code == 200
        assert got.text == html
        no_contact(got.text)


def test_a_paper_allows_only_its_own_stylesheet(client: TestClient) -> None:
    got = client.get(f"/meetings/{JUNE}/minutes")
    policy = got.headers["content-security-policy"]
    styles = re.findall(r"<style>(.*?)</style>", got.text, re.DOTALL)
    assert styles, "the minutes carry their print styles"
    for style in styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert policy.count("content-security-policy") == 0
    assert len(got.headers.get_list("content-security-policy")) == 1


def test_a_meeting_to_come_publishes_nothing_until_its_agenda_goes_out(
        client: TestClient, ledger: Ledger) -> None:
    # Given September's meeting, its agenda not yet published
    got = client.get(f"/meetings/{SEPTEMBER}")
    assert "No paper of this meeting is published yet." in words(got.text)
    for paper in ("agenda", "ratifications", "minutes"):
        assert client.get(f"/meetings/{SEPTEMBER}/{paper}").status_code == 404
    # When its agenda is published
    with freeze_time(PAPERS_NOW):
        ledger.publish_agenda(SEPTEMBER, on("2026-07-01"))
    # Then the agenda and the ratification paper (the minibus) are public, not the minutes
    got = client.get(f"/meetings/{SEPTEMBER}")
    assert f'href="/meetings/{SEPTEMBER}/agenda"' in got.text
    assert f'href="/meetings/{SEPTEMBER}/ratifications"' in got.text
    assert f'href="/meetings/{SEPTEMBER}/minutes"' not in got.text
    paper = client.get(f"/meetings/{SEPTEMBER}/ratifications")
    assert paper.status_code == 200 and "Hire a minibus for the summer" in paper.text
    no_contact(paper.text)
    assert client.get(f"/meetings/{SEPTEMBER}/minutes").status_code == 404


def test_reading_the_pages_records_nothing(client: TestClient, ledger: Ledger) -> None:
    before = event_count(ledger)
    for path in ("/bodies", "/bodies/executive", f"/meetings/{JUNE}",
                 f"/meetings/{JUNE}/minutes", f"/meetings/{JUNE}/agenda"):
        assert client.get(path).status_code == 200
    assert event_count(ledger) == before


def test_a_meeting_page_has_the_row_the_meetings_list_gives(ledger: Ledger) -> None:
    # web/bodies.py folds the one meeting asked for, not every meeting to find it: what it
    # finds must be what the list of meetings says, row for row, whatever has happened.
    from web.bodies import _meeting_row

    def agree() -> None:
        store = ReadStore(ledger)
        listed = {m.meeting: m for m in lists.meetings(store, None, datetime.now(UTC)).meetings}
        for slug in [*listed, "exec-2027-06", "exec-2027-09", "no-such-meeting"]:
            try:
                found = _meeting_row(store, slug)
            except NotFound:
                assert slug not in listed
                continue
            assert found == listed[slug]

    # Given the story's meetings (one closed, one held and open)
    agree()
    # and one to come, rescheduled; and another scheduled in error, retracted
    coming = datetime.now(UTC) + timedelta(days=200)
    ledger.schedule_meeting("executive", "exec-2027-06", coming, "Council Chamber")
    agree()
    ledger.reschedule_meeting("exec-2027-06", coming + timedelta(days=7), "Room 2")
    agree()
    ledger.schedule_meeting("executive", "exec-2027-09", coming, "Council Chamber")
    ledger.retract("meeting:exec-2027-09", 1, "entered in error")
    agree()
