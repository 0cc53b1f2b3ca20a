"""The command line of accounts and of acts recorded for someone else (issue 12, items 1,
3 and 5): `lsp account add`, `lsp grant`, `lsp revoke`, `lsp token create|revoke`, and
`--evidence` on `decision approve` and `vote cast`. The e-mail address is on no paper,
register or reading; the export (not for the public) is the whole log.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Iterator

import pytest
from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from tests.conftest import event_count
from tests.helpers import done, json_of, rows
from tests.stories import AFTER_THE_STORY, DAVENTRY_TERMS, DECEMBER, daventry_story

Lsp = Callable[..., Result]
EMAILS = {"cllr-amy-hart": "amy.hart@daventry.example.gov.uk",
          "supt-kate-moss": "kate.moss@northants-police.example.uk"}
EVIDENCE = "e-mail of 3 March 2026, 10:02"


@pytest.fixture
def ledger(new_ledger: Callable[..., Ledger]) -> Iterator[Ledger]:
    """The year of decisions between meetings (tests/stories.py), the clock after it."""
    with freeze_time(AFTER_THE_STORY, tick=True):
        yield daventry_story(new_ledger(DAVENTRY_TERMS, "2026-04-01"))


def test_account_add_grant_and_revoke_say_what_they_recorded(ledger: Ledger, lsp: Lsp) -> None:
    # Given the story
    # When Amy Hart is given an account and the secretariat role, and it is revoked
    added = lsp("account", "add", "cllr-amy-hart", "--email", EMAILS["cllr-amy-hart"])
    granted = lsp("grant", "cllr-amy-hart", "secretariat", "--on", "2026-12-01")
    revoked = lsp("revoke", "cllr-amy-hart", "secretariat", "--on", "2026-12-05")
    # Then each says what it did and what it recorded
    done(added, "Account added for cllr-amy-hart.", "Opened", "AccountAdded")
    done(granted, "cllr-amy-hart holds the secretariat role from 2026-12-01.", "RoleGranted")
    done(revoked, "cllr-amy-hart no longer holds the secretariat role from 2026-12-05.",
         "RoleRevoked")


@pytest.mark.parametrize(("args", "code", "says"), [
    (("account", "add", "nobody", "--email", "a@b.example"), 1, "there is no person 'nobody'"),
    (("account", "add", "cllr-amy-hart", "--email", "Amy Hart"), 1, "not an e-mail address"),
    (("grant", "cllr-amy-hart", "admin"), 1, "no one has an account yet"),
    (("grant", "cllr-amy-hart", "chair"), 2, "'chair' is not one of"),
    (("token", "create", "cllr-amy-hart"), 1, "no one has an account yet"),
    (("token", "revoke", "cllr-amy-hart"), 1, "no one has an account yet"),
    (("account", "add", "cllr-amy-hart"), 2, "Missing option '--email'"),
])
def test_bad_account_input_is_refused_and_nothing_recorded(
        ledger: Ledger, lsp: Lsp, args: tuple[str, ...], code: int, says: str) -> None:
    # Given the story, nobody with an account
    before = event_count(ledger)
    # When an account, role or token is asked for wrongly
    result = lsp(*args)
    # Then it is refused with a clear message, no traceback, and nothing is recorded
    assert result.exit_code == code
    assert says in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert event_count(ledger) == before


def test_token_create_prints_the_token_once_and_json_names_it(ledger: Ledger, lsp: Lsp,
                                                              store: str) -> None:
    # Given Kate Moss with an account
    lsp("account", "add", "supt-kate-moss", "--email", EMAILS["supt-kate-moss"])
    # When a token is created for her, as text and then (replacing it) as JSON
    text = lsp("token", "create", "supt-kate-moss", "--expires", "2027-03-03")
    doc = json_of(lsp("token", "create", "supt-kate-moss", "--json"))
    # Then the text shows the token on a line of its own, once; the JSON names it and her
    assert text.exit_code == 0 and text.stderr == ""
    tokens = re.findall(r"lsp_[A-Za-z0-9_-]{40,}", text.stdout)
    assert len(tokens) == 1 and f"\n{tokens[0]}\n" in text.stdout
    assert "until 2027-03-03 23:59" in text.stdout
    assert (doc["person"], doc["token"][:4]) == ("supt-kate-moss", "lsp_")
    assert [e["event"] for e in doc["events"]] == ["TokenCreated"]
    # And only their hashes are stored; the first was replaced by the second
    stored = b"\n".join(r[4] for r in rows(store))
    for token in (tokens[0], doc["token"]):
        assert token.encode() not in stored
        assert hashlib.sha256(token.encode()).hexdigest().encode() in stored
    assert ledger.authenticate(doc["token"]).person == "supt-kate-moss"


def test_token_revoke_stops_it_and_a_second_revoke_is_refused(ledger: Ledger, lsp: Lsp) -> None:
    # Given Kate Moss's token
    lsp("account", "add", "supt-kate-moss", "--email", EMAILS["supt-kate-moss"])
    token = json_of(lsp("token", "create", "supt-kate-moss", "--json"))["token"]
    # When it is revoked, twice
    first = lsp("token", "revoke", "supt-kate-moss")
    second = lsp("token", "revoke", "supt-kate-moss", "--json")
    # Then the first is recorded, the second refused (a JSON error document, exit 1)
    done(first, "The API token of supt-kate-moss is revoked.", "TokenRevoked")
    assert second.exit_code == 1
    assert json.loads(second.stdout)["message"] .endswith("has no live token")
    with pytest.raises(Exception, match="not known or was revoked"):
        ledger.authenticate(token)


def test_approve_with_evidence_is_shown_as_recorded_on_that_evidence(
        ledger: Ledger, lsp: Lsp) -> None:
    # Given a new proposal by the county seat
    assert lsp("decision", "propose", "executive", "hall-hire", "--title", "Hire the hall",
               "--by", "county", "--on", "2026-12-06").exit_code == 0
    # When the secretariat's login records the police seat's approval on an e-mail
    result = lsp("decision", "approve", "hall-hire", "--by", "police", "--evidence", EVIDENCE,
                 "--on", "2026-12-06")
    # Then decision show says who recorded each act, and on what evidence
    assert result.exit_code == 0, result.stderr
    shown = lsp("decision", "show", "hall-hire").stdout.splitlines()
    at = shown.index(next(line for line in shown if line.startswith("Approved:")))
    assert shown[at + 1].strip() == f"recorded by tester on the evidence of {EVIDENCE}"
    proposed = shown.index(next(line for line in shown if line.startswith("Proposed:")))
    assert shown[proposed + 1].strip() == "recorded by tester, no evidence given"
    doc = json_of(lsp("decision", "show", "hall-hire", "--json"))
    assert doc["approvals"][0]["given"] == f"recorded by tester on the evidence of {EVIDENCE}"


def test_the_ratification_paper_says_how_each_approval_was_given(ledger: Ledger,
                                                                 lsp: Lsp) -> None:
    # Given the story, every act recorded by the secretariat's login without evidence
    # When the December paper is printed as Markdown and HTML
    md = lsp("report", "ratifications", DECEMBER, "--format", "md").stdout
    html = lsp("report", "ratifications", DECEMBER, "--format", "html").stdout
    # Then every proposal and approval says it was recorded so
    assert "How it was given: recorded by secretariat, no evidence given." in md
    assert "  (recorded by secretariat, no evidence given)\n" in md
    assert "(recorded by secretariat, no evidence given)</li>" in html


def test_vote_cast_with_evidence_is_in_the_minutes(ledger: Ledger, lsp: Lsp) -> None:
    # Given a meeting of the Executive, quorate, with an item
    for line in (("meeting", "schedule", "executive", "exec-2026-12-07", "--on",
                  "2026-12-07T08:00"),
                 ("agenda", "add", "exec-2026-12-07", "budget", "--title", "Budget"),
                 ("attend", "exec-2026-12-07", "ddc-member-1"),
                 ("attend", "exec-2026-12-07", "ccg"),
                 ("attend", "exec-2026-12-07", "college")):
        assert lsp(*line).exit_code == 0, lsp(*line).stderr
    # When one vote is recorded on the chair's e-mail, one without evidence, and it closes
    assert lsp("vote", "cast", "exec-2026-12-07", "budget", "ddc-member-1", "for",
               "--evidence", EVIDENCE).exit_code == 0
    assert lsp("vote", "cast", "exec-2026-12-07", "budget", "ccg", "for").exit_code == 0
    assert lsp("vote", "close", "exec-2026-12-07", "budget").exit_code == 0
    # Then the minutes' vote table says how each vote was given
    md = lsp("report", "minutes", "exec-2026-12-07").stdout
    assert "| Member | Vote | How given |" in md
    assert (f"| Cllr Amy Hart | for | recorded by tester on the evidence of "
            f"{EVIDENCE} |") in md
    assert "| Dr Raj Patel | for | recorded by tester, no evidence given |" in md


def test_an_email_address_is_on_no_paper_register_or_reading(ledger: Ledger, lsp: Lsp,
                                                              tmp_path: object) -> None:
    # Given accounts for Amy Hart and Kate Moss
    for person, email in EMAILS.items():
        assert lsp("account", "add", person, "--email", email).exit_code == 0
    # When every paper, register and reading is printed, in every format
    outputs = [lsp(*args).stdout for args in (
        ("report", "ratifications", DECEMBER, "--format", "md"),
        ("report", "ratifications", DECEMBER, "--format", "html"),
        ("report", "ratifications", DECEMBER, "--json"),
        ("report", "minutes", DECEMBER), ("report", "minutes", DECEMBER, "--format", "html"),
        ("report", "minutes", DECEMBER, "--json"),
        ("register", "decisions"), ("register", "decisions", "--json"),
        ("register", "interests", "--json"), ("register", "attendance", "executive", "--json"),
        ("decision", "show", "vc-match-funding", "--json"), ("roster", "executive", "--json"),
        ("audit", "--entity", "accounts:accounts"),
        ("audit", "--entity", "accounts:accounts", "--json"),
        ("person", "list", "--json"), ("check", "--json"))]
    # Then no address is in any of them (while they name the people)
    assert any("Amy Hart" in out for out in outputs)
    assert any("AccountAdded" in out for out in outputs)
    for out in outputs:
        for email in EMAILS.values():
            assert email not in out
    # And the export, the whole log, not for the public, holds them (in the stored state)
    path = f"{tmp_path}/export.jsonl"
    assert lsp("export", path).exit_code == 0
    with open(path, encoding="utf-8") as f:
        states = [base64.b64decode(json.loads(line)["state"]) for line in f if '"state"' in line]
    assert any(EMAILS["cllr-amy-hart"].encode() in state for state in states)
