"""The members' pages (web/members.py, issue 14 items 2 and 3), on both stores, through
FastAPI's test client, signed in by the e-mailed link (tests/test_web_signin.py's way).

The story: the Daventry Executive (tests/stories.py, `daventry`: alice chairs in dc-1,
bob dc-2, carol dc-3, dan ccg with frank his deputy; hank sits on the Forum only), with
accounts for alice, carol and hank; bob proposed "Hire the hall" (`hall`) locally.

- `/`: "Awaiting your approval" lists, as links named by their titles, what
  `ledger.awaiting.awaiting` says, with the rule's progress in words; then the bodies.
- `/proposals/hall`: its text, reasons, urgency, who agreed by name and organisation, and
  "Approve"; approving records the approval as given in person (signed in), on the web,
  by session. A refusal (by a rule, or by `permission`) is shown in the error summary
  naming the rule, 4xx, nothing recorded; a POST without the form token: 403.
- `/bodies/executive`: the roster by name and organisation, and a proposal made there
  (the page itself is public: tests/test_web_bodies.py).
- No e-mail address on any page; without a session, to `/sign-in`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from ledger.app import Ledger
from ledger.authors import IN_PERSON
from ledger.awaiting import awaiting
from projections import decisions, lists
from projections.catchup import ReadStore
from tests.conftest import event_count
from tests.helpers import Mailbox, client_for, csrf_of, parse_page, signed_in, smtp_server
from tests.stories import daventry

EMAILS = {p: f"{p}@daventry.example.gov.uk" for p in ("alice", "carol", "hank")}
TEXT = "Hire the Abbey hall for the summer youth forum, up to £400."
REASONS = "The forum was promised a venue; the hall is free on the day."
URGENCY = "The hall must be booked by Friday."


@pytest.fixture
def ledger(new_ledger: Callable[..., Ledger]) -> Ledger:
    made = daventry(new_ledger)
    for person, email in EMAILS.items():
        made.add_account(person, email)
    made.propose_decision("executive", "hall", "Hire the hall", "dc-2", text=TEXT,
                          reasons=REASONS, urgency=URGENCY)
    return made


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def client(ledger: Ledger, store: str, mailbox: Mailbox) -> Iterator[TestClient]:
    with client_for(store, mailbox) as c:
        yield c


def as_member(client: TestClient, box: Mailbox, person: str) -> TestClient:
    signed_in(client, box, EMAILS[person])
    return client


def no_email(html: str) -> None:
    assert "@daventry.example" not in html and "mailto:" not in html


def test_without_a_session_a_members_page_sends_you_to_sign_in(client: TestClient) -> None:
    for path in ("/", "/proposals/hall"):
        got = client.get(path, follow_redirects=False)
        assert got.status_code == 303 and got.headers["location"] == "/sign-in"


def test_the_home_page_lists_what_awaits_your_approval_with_its_progress(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given carol signed in, and bob's proposal awaiting the chair and one other
    as_member(client, mailbox, "carol")
    pending = [d.decision for d in lists.decisions(ReadStore(ledger), None,
                                                   "proposed").decisions]
    [expected] = awaiting(ledger, "carol", pending)
    # When she opens the home page
    got = client.get("/")
    # Then "Awaiting your approval" lists it by title, linked, with its progress in words
    assert got.status_code == 200
    assert '<h2 class="app-heading-m" id="awaiting">Awaiting your approval</h2>' in got.text
    assert '<a class="app-link" href="/proposals/hall">Hire the hall</a>' in got.text
    assert expected.progress in parse_page(got.text).words()
    assert "needs the chair" in expected.progress
    # and the body she sits on
    assert '<a class="app-link" href="/bodies/executive">' in got.text
    no_email(got.text)


def test_nothing_awaits_someone_whose_approval_cannot_count(
        client: TestClient, mailbox: Mailbox) -> None:
    as_member(client, mailbox, "hank")  # the Forum only
    got = client.get("/")
    assert "Nothing awaits your approval." in got.text
    assert "/proposals/hall" not in got.text


def test_the_proposal_page_shows_the_decision_and_who_agreed(
        client: TestClient, mailbox: Mailbox) -> None:
    as_member(client, mailbox, "carol")
    got = client.get("/proposals/hall")
    words = parse_page(got.text).words()
    assert got.status_code == 200
    for fact in (TEXT, REASONS, URGENCY, "Bob, Daventry Dc: proposed it"):
        assert fact in words
    assert '<button type="submit" class="app-button">Approve</button>' in got.text
    assert "Withdraw" not in got.text  # the permission table lets members not withdraw
    no_email(got.text)


def test_approving_records_it_given_in_person_signed_in(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given alice (the chair) signed in, on the proposal's page
    as_member(client, mailbox, "alice")
    page = client.get("/proposals/hall")
    # When she presses "Approve"
    got = client.post("/proposals/hall/approve", data={"csrf": csrf_of(page.text)})
    # Then the decision is taken (the chair and one other), her approval given in person
    assert got.status_code == 200 and "Taken" in parse_page(got.text).words()
    shown = decisions.show(ReadStore(ledger), "hall")
    assert shown.status == "taken"
    [approval] = shown.approvals
    assert (approval.person, approval.given) == ("alice", IN_PERSON)
    events = ledger.recorder.select_notifications(start=1, limit=10_000)
    approved = [ledger.mapper.to_domain_event(n) for n in events
                if n.topic == "lsp:Decision.Approved"][-1]
    assert (approved.author_route, approved.author_method) == (  # type: ignore[attr-defined]
        "web", "session")


def test_an_approval_by_someone_with_no_seat_is_refused_and_nothing_recorded(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given hank (who sits on the Forum, not the Executive) signed in
    as_member(client, mailbox, "hank")
    page = client.get("/proposals/hall")
    before = event_count(ledger)
    # When he presses "Approve"
    got = client.post("/proposals/hall/approve", data={"csrf": csrf_of(page.text)})
    # Then the error summary says he has no seat to act for; status 4xx; nothing recorded
    assert 400 <= got.status_code < 500
    summary = got.text.split('<div class="app-error-summary"', 1)[1].split("</div>", 1)[0]
    assert "There is a problem" in summary
    assert "Hank holds no seat on executive today" in summary
    assert event_count(ledger) == before


def test_a_second_approval_of_the_same_seat_is_refused_by_its_rule(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given carol approved (the decision still awaits the chair)
    as_member(client, mailbox, "carol")
    page = client.get("/proposals/hall")
    client.post("/proposals/hall/approve", data={"csrf": csrf_of(page.text)})
    before = event_count(ledger)
    # When she presses "Approve" again
    got = client.post("/proposals/hall/approve", data={"csrf": csrf_of(page.text)})
    # Then it is refused naming the rule and clause; nothing recorded
    assert 400 <= got.status_code < 500
    assert "Refused by rule" in got.text and "clause" in got.text
    assert event_count(ledger) == before


def test_approve_without_the_form_token_is_refused_403(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    as_member(client, mailbox, "alice")
    before = event_count(ledger)
    got = client.post("/proposals/hall/approve", data={"csrf": "forged" * 8})
    assert got.status_code == 403
    assert event_count(ledger) == before


def test_the_body_page_has_its_roster_by_name_and_organisation(
        client: TestClient, mailbox: Mailbox) -> None:
    as_member(client, mailbox, "carol")
    got = client.get("/bodies/executive")
    words = parse_page(got.text).words()
    assert got.status_code == 200
    for fact in ("Alice", "Carol", "Nene Ccg", "Frank", "Vacant"):
        assert fact in words
    no_email(got.text)
    assert client.get("/bodies/nope").status_code == 404


def test_the_chair_proposes_from_the_body_page(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given alice (the chair) on the Executive's page
    as_member(client, mailbox, "alice")
    page = client.get("/bodies/executive")
    # When she proposes a decision between meetings
    got = client.post("/bodies/executive/propose", data={
        "csrf": csrf_of(page.text), "decision": "bus", "title": "Summer youth bus",
        "text": "Run a bus", "reasons": "Access", "urgency": "Term ends soon"})
    # Then it is recorded as hers, and its page shows it
    assert got.status_code == 200
    assert "Summer youth bus" in got.text
    shown = decisions.show(ReadStore(ledger), "bus")
    assert (shown.proposer.person, shown.proposer.given) == ("alice", IN_PERSON)
    assert (shown.text, shown.reasons, shown.urgency) == ("Run a bus", "Access",
                                                           "Term ends soon")


def test_a_proposal_refused_is_shown_with_the_form_kept_and_nothing_recorded(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    as_member(client, mailbox, "alice")
    page = client.get("/bodies/executive")
    before = event_count(ledger)
    got = client.post("/bodies/executive/propose", data={
        "csrf": csrf_of(page.text), "decision": "Not A Slug", "title": "Summer youth bus"})
    assert 400 <= got.status_code < 500
    assert "There is a problem" in got.text and 'value="Summer youth bus"' in got.text
    assert event_count(ledger) == before


def test_someone_without_a_seat_on_the_body_cannot_propose(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    as_member(client, mailbox, "hank")
    page = client.get("/bodies/executive")
    before = event_count(ledger)
    got = client.post("/bodies/executive/propose", data={
        "csrf": csrf_of(page.text), "decision": "bus", "title": "Summer youth bus"})
    assert 400 <= got.status_code < 500 and "There is a problem" in got.text
    assert event_count(ledger) == before


def test_a_withdrawal_by_a_member_is_refused_by_permission(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given alice signed in (a member: the table lets the secretariat withdraw)
    as_member(client, mailbox, "alice")
    page = client.get("/bodies/executive")
    before = event_count(ledger)
    got = client.post("/proposals/hall/withdraw", data={"csrf": csrf_of(page.text),
                                                        "reason": "No longer needed"})
    assert got.status_code == 403 and "by rule &#39;permission&#39;" in got.text
    assert event_count(ledger) == before


def test_a_proposal_not_in_the_ledger_is_404(client: TestClient, mailbox: Mailbox) -> None:
    as_member(client, mailbox, "alice")
    assert client.get("/proposals/nope").status_code == 404




def test_declining_records_the_members_answer_and_the_proposal_stays_open(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given carol signed in, on the proposal's page
    as_member(client, mailbox, "carol")
    page = client.get("/proposals/hall")
    # When she declines, saying why
    got = client.post("/proposals/hall/decline", data={"csrf": csrf_of(page.text),
                                                       "reason": "The hall is too small"})
    # Then her answer is recorded for her seat, and the proposal is still proposed
    assert got.status_code == 200
    d = ledger.decision_state("hall")
    assert [(x.seat, x.person, x.reason) for x in d.declined] == [
        ("dc-3", "carol", "The hall is too small")]
    assert d.status == "proposed"


def test_a_second_decline_is_refused_and_nothing_recorded(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    as_member(client, mailbox, "carol")
    page = client.get("/proposals/hall")
    client.post("/proposals/hall/decline", data={"csrf": csrf_of(page.text), "reason": "No"})
    before = event_count(ledger)
    got = client.post("/proposals/hall/decline", data={"csrf": csrf_of(page.text),
                                                       "reason": "Still no"})
    assert 400 <= got.status_code < 500 and "There is a problem" in got.text
    assert event_count(ledger) == before


def test_an_interest_declared_is_recorded_as_hers_and_shown(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    # Given carol signed in, on the proposal's page
    as_member(client, mailbox, "carol")
    page = client.get("/proposals/hall")
    # When she declares a prejudicial interest
    got = client.post("/proposals/hall/interest", data={
        "csrf": csrf_of(page.text), "nature": "prejudicial", "note": "My brother runs it"})
    # Then it is shown on the page, recorded as hers (whether it excludes her approval is
    # the terms' to say: rule prejudicial-interest, tested with the rules)
    assert got.status_code == 200
    assert "Carol: prejudicial (My brother runs it)" in parse_page(got.text).words()
    [declared] = ledger.decision_state("hall").state.interests
    assert (declared.person, declared.nature) == ("carol", "prejudicial")


def test_an_interest_of_no_known_nature_is_refused_and_nothing_recorded(
        client: TestClient, ledger: Ledger, mailbox: Mailbox) -> None:
    as_member(client, mailbox, "carol")
    page = client.get("/proposals/hall")
    before = event_count(ledger)
    got = client.post("/proposals/hall/interest", data={"csrf": csrf_of(page.text),
                                                        "nature": "financial"})
    assert 400 <= got.status_code < 500 and "personal or prejudicial" in got.text
    assert event_count(ledger) == before
