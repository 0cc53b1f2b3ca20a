"""Notifications by e-mail (issue 14, item 4): the outbox in the ledger's store
(ledger/outbox.py), what is queued (ledger/notices.py) and delivery (web/notify.py), on a
real SMTP server (aiosmtpd, tests/helpers.py `smtp_server`).

On the Executive of tests/stories.py (Daventry 4.6: the chair and one other member):
alice (chair, dc-1), bob, carol, dan (frank his deputy), erin; gina non-voting. The clock
is passed to delivery as `now` rather than frozen: the SMTP server runs on its own loop.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import cli
from ledger.app import Ledger
from ledger.outbox import FAILING_AFTER, Notice, Outbox, backoff
from tests.conftest import event_count, on
from tests.helpers import free_port, smtp_server
from tests.stories import PROPOSED, NewLedger, daventry
from web.app import create_app
from web.mail import MailSettings
from web.notify import cycle, deliver, every

PEOPLE = ("alice", "bob", "carol", "dan", "erin", "frank", "gina")
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def address(person: str) -> str:
    return f"{person}@daventry.example"


def with_accounts(ledger: Ledger, *people: str) -> Ledger:
    for p in people:
        ledger.add_account(p, address(p), on=on("2026-01-02"))
    return ledger


def mail_to(port: int) -> MailSettings:
    return MailSettings(base_url="https://lsp.example.gov.uk",
                        smtp_url=f"smtp://127.0.0.1:{port}")


def proposed(new_ledger: NewLedger) -> Ledger:
    ledger = with_accounts(daventry(new_ledger), *PEOPLE)
    ledger.propose_decision("executive", "grant", "Match funding", "dc-1",
                            text="Match funding for the youth project.", on=on(PROPOSED))
    return ledger


def subject(mail: object) -> str:
    """A message's subject, unfolded (a long one is folded onto the header's next line)."""
    return str(mail["Subject"]).strip()  # type: ignore[index]


def recipients(box_messages: list[object]) -> list[str]:
    return sorted(str(m["To"]) for m in box_messages)  # type: ignore[index]


def test_proposed_given_a_proposal_then_each_possible_approver_is_mailed_once(
        new_ledger: NewLedger) -> None:
    # Given the chair proposes between meetings
    ledger = proposed(new_ledger)
    with smtp_server() as box:
        # When the outbox is queued and delivered, twice over
        first = cycle(ledger, mail_to(box.port), NOW)
        again = cycle(ledger, mail_to(box.port), NOW)
    # Then each person whose approval could count got one e-mail (not the chair, not
    # gina, non-voting, not frank, a deputy: Daventry 3.2), and nothing was sent again
    assert recipients(box.messages) == [address(p) for p in ("bob", "carol", "dan", "erin")]
    assert (first.queued, len(first.delivered)) == (4, 4)
    assert (again.queued, again.delivered) == (0, [])
    mail = box.to(address("bob"))[0]
    text = mail.get_content()
    assert mail["Subject"] == "For your approval: Match funding"
    assert "Alice" in text and "https://lsp.example.gov.uk/proposals/grant" in text
    assert not any(address(p) in text for p in PEOPLE)  # nobody's address in the text


def test_outbox_given_the_mail_server_down_then_back_then_each_arrives_exactly_once(
        new_ledger: NewLedger) -> None:
    ledger = proposed(new_ledger)
    port = free_port()
    # Given the mail server is down: every attempt fails, and is recorded
    failed = cycle(ledger, mail_to(port), NOW)
    assert len(failed.failed) == 4 and failed.delivered == []
    entries = ledger.outbox().entries.values()
    assert all(e.attempts == 1 and e.status == "retrying" for e in entries)
    assert all("did not take the message" in e.last_error for e in entries)
    # When it comes back, before the back-off is over: nothing is tried
    with smtp_server(port) as box:
        early = deliver(ledger, mail_to(port), NOW + timedelta(seconds=30))
        assert early.delivered == [] and box.messages == []
        # Then after it, each arrives, once
        late = deliver(ledger, mail_to(port), NOW + timedelta(minutes=1))
        later = deliver(ledger, mail_to(port), NOW + timedelta(hours=3))
    assert len(late.delivered) == 4 and later.delivered == []
    assert recipients(box.messages) == [address(p) for p in ("bob", "carol", "dan", "erin")]
    assert all(e.attempts == 2 and e.status == "delivered"
               for e in ledger.outbox().entries.values())


def test_backoff_given_failures_then_it_doubles_from_a_minute_to_at_most_an_hour() -> None:
    assert [backoff(n) for n in range(1, 9)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]


def test_backoff_given_repeated_failures_then_next_try_follows_it_and_it_shows_failing(
        new_ledger: NewLedger) -> None:
    ledger = proposed(new_ledger)
    dead = mail_to(free_port())
    when = NOW
    for n in range(1, FAILING_AFTER + 1):
        deliver(ledger, dead, when) if n > 1 else cycle(ledger, dead, when)
        entry = ledger.outbox().entries["proposed:grant:bob"]
        assert entry.failures == n
        assert entry.next_try == when + backoff(n)
        when = entry.next_try
    # Then, after FAILING_AFTER failures, it is failing, and `lsp outbox list` says so
    assert ledger.outbox().entries["proposed:grant:bob"].status == "failing"


def test_check_given_a_notice_failing_then_lsp_check_warns_and_not_before(
        new_ledger: NewLedger) -> None:
    from projections import warnings
    from projections.catchup import ReadStore

    # Given the mail server down: every notice fails, one attempt after another
    ledger = proposed(new_ledger)
    port = free_port()
    dead = mail_to(port)
    when = NOW
    for n in range(1, FAILING_AFTER + 1):
        deliver(ledger, dead, when) if n > 1 else cycle(ledger, dead, when)
        failing = [w for w in warnings.check(ReadStore(ledger), when + timedelta(seconds=1))
                   .warnings if w.rule == "notice-failing"]
        # Then `lsp check` says nothing until FAILING_AFTER failures running
        assert failing == [] if n < FAILING_AFTER else len(failing) == 4
        when = ledger.outbox().entries["proposed:grant:bob"].next_try or when
    # and then it names the person and the subject, and what to look at, never an address
    [bob] = [w for w in failing if "Bob" in w.message]
    assert bob.body == "executive"
    assert '"For your approval: Match funding"' in bob.message
    assert f"{FAILING_AFTER} times running" in bob.message and "LSP_SMTP_URL" in bob.message
    assert not any(address(p) in w.message for w in failing for p in PEOPLE)
    # When the mail server is back and the notices go
    with smtp_server(port):
        deliver(ledger, dead, when + timedelta(hours=2))
    # Then the warning is gone
    assert not [w for w in warnings.check(ReadStore(ledger), when + timedelta(hours=3))
                .warnings if w.rule == "notice-failing"]


def test_taken_given_the_decision_is_taken_then_body_and_secretariat_are_told(
        new_ledger: NewLedger) -> None:
    ledger = daventry(new_ledger)
    ledger.add_person("sam", "Sam Clerk")
    with_accounts(ledger, *PEOPLE, "sam")
    ledger.grant("sam", "secretariat", on=on("2026-01-02"))
    ledger.propose_decision("executive", "grant", "Match funding", "dc-1", on=on(PROPOSED))
    ledger.approve_decision("grant", "dc-2", on=on("2026-03-03"))
    with smtp_server() as box:
        cycle(ledger, mail_to(box.port), NOW)
    taken = [m for m in box.messages if m["Subject"] == "Decision taken: Match funding"]
    # members and deputies of the body (gina and frank too), and the secretariat
    assert recipients(taken) == sorted(address(p) for p in (*PEOPLE, "sam"))
    # and the secretariat is told it awaits its report to the next meeting
    due = [m for m in box.messages if str(m["Subject"]).startswith("To report to")]
    assert recipients(due) == [address("sam")]


def test_reminder_given_the_body_meets_in_three_days_then_those_yet_to_answer_are_reminded(
        new_ledger: NewLedger) -> None:
    # Given the chair's proposal, carol declining it, and the Executive meeting on Friday
    # 6 March (three days after NOW): a proposal not taken before the body meets lapses
    ledger = proposed(new_ledger)
    ledger.decline_decision("grant", "dc-3", reason="Not from this budget", on=on("2026-03-02"))
    ledger.schedule_meeting("executive", "exec-2026-03", on("2026-03-06T18:30"))
    with smtp_server() as box:
        # When the outbox runs, twice over
        cycle(ledger, mail_to(box.port), NOW)
        again = cycle(ledger, mail_to(box.port), NOW)
    # Then each whose approval could count and who has not declined is reminded, once
    reminded = [m for m in box.messages if subject(m).startswith("Reminder:")]
    assert recipients(reminded) == [address(p) for p in ("bob", "dan", "erin")]
    assert again.delivered == []
    mail = box.to(address("bob"))[-1]
    assert subject(mail) == ("Reminder: Match funding awaits your approval before Friday "
                             "6 March 2026")
    text = mail.get_content()
    assert "meets on Friday 6 March 2026" in text and "lapses" in text
    assert "https://lsp.example.gov.uk/proposals/grant" in text
    assert not any(address(p) in text for p in PEOPLE)


def test_reminder_given_the_next_meeting_further_off_or_past_then_none_is_sent(
        new_ledger: NewLedger) -> None:
    # Given the proposal, a meeting held last week and the next one in a week's time
    ledger = proposed(new_ledger)
    ledger.schedule_meeting("executive", "exec-2026-02", on("2026-02-25T18:30"))
    ledger.schedule_meeting("executive", "exec-2026-03", on("2026-03-10T18:30"))
    with smtp_server() as box:
        cycle(ledger, mail_to(box.port), NOW)
    # Then nobody is reminded yet: more than three days to go
    assert not [m for m in box.messages if subject(m).startswith("Reminder:")]
    # When the day comes three days before it
    with smtp_server() as box:
        cycle(ledger, mail_to(box.port), NOW + timedelta(days=4))
    # Then they are
    assert len([m for m in box.messages if subject(m).startswith("Reminder:")]) == 4


def test_reminder_given_the_decision_taken_then_nobody_is_reminded(
        new_ledger: NewLedger) -> None:
    ledger = proposed(new_ledger)
    ledger.approve_decision("grant", "dc-2", on=on("2026-03-02"))
    ledger.schedule_meeting("executive", "exec-2026-03", on("2026-03-05T18:30"))
    with smtp_server() as box:
        cycle(ledger, mail_to(box.port), NOW)
    assert not [m for m in box.messages if subject(m).startswith("Reminder:")]


def test_no_account_given_a_person_without_one_then_nothing_is_sent_and_list_says_so(
        new_ledger: NewLedger) -> None:
    ledger = with_accounts(daventry(new_ledger), "bob", "carol", "dan")  # not erin
    ledger.propose_decision("executive", "grant", "Match funding", "dc-1", on=on(PROPOSED))
    with smtp_server() as box:
        sent = cycle(ledger, mail_to(box.port), NOW)
    assert sent.no_account == ["proposed:grant:erin"]
    assert address("erin") not in recipients(box.messages)
    assert ledger.outbox().entries["proposed:grant:erin"].attempts == 0


def test_outbox_list_json_holds_no_email_address(new_ledger: NewLedger, store: str) -> None:
    ledger = proposed(new_ledger)
    with smtp_server() as box:
        cycle(ledger, mail_to(box.port), NOW)
    out = CliRunner().invoke(cli, ["--store", store, "outbox", "list", "--json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)["notices"]
    assert {r["person"] for r in rows} == {"bob", "carol", "dan", "erin"}
    assert {r["status"] for r in rows} == {"delivered"}
    assert "@" not in out.output


def test_queue_given_the_same_notice_twice_then_it_is_queued_once() -> None:
    outbox = Outbox.open("t", NOW)
    n = Notice("proposed", "grant", "bob", "s", "b")
    assert outbox.queue([n, n], "t", NOW) == 1
    assert outbox.queue([n], "t", NOW) == 0
    assert len(outbox.entries) == 1


STEP = st.sampled_from(["queue", "ok", "fail", "wait"])


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, max_size=30), st.lists(st.sampled_from("abc"), min_size=1))
def test_outbox_given_any_sequence_then_never_twice_after_success_and_never_lost(
        steps: list[str], people: list[str]) -> None:
    outbox = Outbox.open("t", NOW)
    when, sent = NOW, {p: 0 for p in people}
    for step in steps:
        if step == "queue":
            outbox.queue([Notice("proposed", "d", p, "s", "b") for p in people], "t", when)
        elif step == "wait":
            when += timedelta(hours=1)
        else:
            for e in outbox.due(when):
                if step == "ok":
                    sent[e.notice.person] += 1
                outbox.attempted(e.key, None if step == "ok" else "down", "t", when)
    # finally the server stays up: every notice queued arrives, none twice
    outbox.queue([Notice("proposed", "d", p, "s", "b") for p in people], "t", when)
    when += timedelta(hours=2)
    for e in outbox.due(when):
        sent[e.notice.person] += 1
        outbox.attempted(e.key, None, "t", when)
    assert all(n == 1 for n in sent.values())
    assert all(e.status == "delivered" for e in outbox.entries.values())


def test_server_given_a_mail_server_then_its_background_round_delivers_each_once(
        new_ledger: NewLedger, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a proposal, and a server told to send mail every 0.2 s
    proposed(new_ledger)
    with smtp_server() as box:
        monkeypatch.setenv("LSP_SMTP_URL", f"smtp://127.0.0.1:{box.port}")
        monkeypatch.setenv("LSP_OUTBOX_EVERY", "0.2")
        with TestClient(create_app(store)):
            deadline = time.monotonic() + 20
            while len(box.messages) < 4 and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.6)  # a few more rounds: nothing more is sent
    # Then each possible approver got the proposal once
    assert recipients(box.messages) == [address(p) for p in ("bob", "carol", "dan", "erin")]


def test_server_given_no_mail_server_then_no_background_round_runs() -> None:
    assert every({}) is None
    assert every({"LSP_SMTP_URL": "smtp://127.0.0.1:25", "LSP_OUTBOX_EVERY": "0"}) is None
    assert every({"LSP_SMTP_URL": "smtp://127.0.0.1:25"}) == 30.0


def test_outbox_send_given_a_bad_base_url_then_exit_1_naming_it_and_nothing_recorded(
        new_ledger: NewLedger, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = proposed(new_ledger)
    before = event_count(ledger)
    monkeypatch.setenv("LSP_BASE_URL", "ftp://lsp.example")
    out = CliRunner().invoke(cli, ["--store", store, "outbox", "send"])
    assert out.exit_code == 1
    assert "LSP_BASE_URL must be an http:// or https:// address" in out.output
    assert "Traceback" not in out.output
    assert event_count(ledger) == before
