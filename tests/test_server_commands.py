"""The command endpoint (`POST /api/v1/commands`, issue 12 item 4) through FastAPI's test
client: what must not run on the server is refused with nothing recorded or written, a
batch on standard input runs as the token's person, and a token the server remembers is
asked about again once anything is recorded or the memory is 5 seconds old."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import NotAuthenticated
from ledger.events import entity_id
from tests.conftest import event_count, on
from tests.stories import daventry, signed_in
from web.app import create_app
from web.server import Authenticated

with warnings.catch_warnings():  # starlette's note that its client will move to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NewLedger = Callable[..., Ledger]


@pytest.fixture
def story(new_ledger: NewLedger) -> tuple[Ledger, dict[str, str]]:
    ledger = daventry(new_ledger)
    return ledger, signed_in(ledger)


@pytest.fixture
def client(store: str, story: tuple[Ledger, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(create_app(store, pool_size=2)) as c:
        yield c


def run(client: TestClient, token: str, argv: list[str], **more: object) -> dict[str, object]:
    response = client.post("/api/v1/commands", json={"argv": argv, **more},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    found: dict[str, object] = response.json()
    return found


@pytest.mark.parametrize(("argv", "says"), [
    (["--store", "/tmp/other.sqlite", "roster", "executive"], "--store cannot be sent"),
    (["--as", "alice", "roster", "executive"], "--as cannot be sent"),
    (["serve"], "the server is started on its own machine"),
    (["keys", "generate", "/tmp/a.pem", "/tmp/b.pem"], "a private key stays"),
    (["init", "x", "--terms", "daventry"], "a new ledger is created on the server"),
    (["export", "/tmp/lsp-stolen.jsonl"], "/tmp/lsp-stolen.jsonl names a file on the server"),
    (["terms", "adopt", "/etc/hostname"], "/etc/hostname names a file on the server"),
    (["report", "ratifications", "m1", "--output=/tmp/x.md"], "names a file on the server"),
], ids=["store", "as", "serve", "keys", "init", "export", "terms", "output"])
def test_server_rule_what_must_not_run_on_the_server_is_refused_with_nothing_done(
        client: TestClient, story: tuple[Ledger, dict[str, str]], argv: list[str],
        says: str) -> None:
    # Given an admin-free story and alice's token
    ledger, tokens = story
    before = event_count(ledger)
    # When a request asks the server to run what must not run there
    answer = run(client, tokens["alice"], argv)
    # Then it is exit 1, refused by the rule `server`, saying why; nothing is recorded,
    # and no file is written on the server
    assert answer["exit_code"] == 1
    assert answer["stdout"] == ""
    assert str(answer["stderr"]).startswith("Error: refused by rule 'server'")
    assert says in str(answer["stderr"])
    assert event_count(ledger) == before
    assert not Path("/tmp/lsp-stolen.jsonl").exists()


def test_server_rule_a_batch_line_naming_a_file_refuses_the_whole_batch(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given a batch whose second line reads a file of the server's
    ledger, tokens = story
    before = event_count(ledger)
    lines = ('decision propose executive grant --title "A grant" --by dc-1\n'
             "terms adopt /etc/hostname\n")
    # When it is sent on standard input
    answer = run(client, tokens["alice"], ["batch", "-"], stdin=lines)
    # Then nothing runs: exit 1 naming the line
    assert answer["exit_code"] == 1
    assert "line 2: a batch sent to the server cannot name files" in str(answer["stderr"])
    assert event_count(ledger) == before


def test_a_batch_on_standard_input_runs_as_the_tokens_person(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given a batch of two proposals by the chair, sent on standard input
    ledger, tokens = story
    lines = ('decision propose executive grant --title "A grant" --by dc-1\n'
             'decision propose executive bus --title "A bus" --by dc-1\n')
    # When alice sends it
    answer = run(client, tokens["alice"], ["batch", "-", "--json"], stdin=lines)
    # Then both ran, and each proposal is recorded as alice, by the API with a token
    assert answer["exit_code"] == 0, answer["stderr"]
    assert '"commands": 2' in str(answer["stdout"])
    for decision in ("grant", "bus"):
        first = next(iter(ledger.events.get(entity_id("decision", decision))))
        assert (first.actor, first.author_route, first.author_method) == (
            "alice", "api", "token")


def test_the_store_is_named_as_the_client_named_it(
        client: TestClient, store: str, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given a batch, whose answer names its store
    _, tokens = story
    # When it runs through the server for a client that called it http://ledger.example
    answer = run(client, tokens["alice"], ["batch", "-", "--json"], stdin="\n",
                 store="http://ledger.example")
    # Then the answer names the client's store, never the server's path or URL
    assert '"store": "http://ledger.example"' in str(answer["stdout"])
    assert store not in str(answer["stdout"])


def test_a_file_the_command_reads_is_the_one_sent(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given a checkpoint file sent with the command, under the client's name
    import base64

    _, tokens = story
    sent = [{"path": "mine/kept.txt", "content": base64.b64encode(b"garbage\n").decode()}]
    # When hank verifies against it
    answer = run(client, tokens["hank"], ["verify", "--checkpoint", "mine/kept.txt"],
                 reads=sent)
    # Then the command read that content, and names the file as the client does
    assert answer["exit_code"] == 1
    assert str(answer["stderr"]).startswith("Error: mine/kept.txt is not a checkpoint")
    assert "lsp-request-" not in str(answer["stderr"])


@pytest.mark.sqlite_only
def test_a_remembered_token_is_asked_about_again_after_5_seconds(
        story: tuple[Ledger, dict[str, str]]) -> None:
    # Given a token of carol's that expires at the end of 2026, checked once on 30 December
    ledger, _ = story
    clock = [100.0]
    memo = Authenticated(ttl=5.0, clock=lambda: clock[0])
    with freeze_time("2026-12-30 12:00:00") as frozen:
        token, _ = ledger.create_token("carol", on("2026-12-31"))
        assert memo.author(ledger, token).person == "carol"
        # When the token has expired, but nothing was recorded and 4 seconds have passed
        frozen.move_to("2027-01-02 12:00:00")
        clock[0] += 4
        # Then the server still knows her (the documented bound)
        assert memo.author(ledger, token).person == "carol"
        # And once 5 seconds have passed, it asks the application, which refuses
        clock[0] += 1
        with pytest.raises(NotAuthenticated, match="expired"):
            memo.author(ledger, token)


@pytest.mark.sqlite_only
def test_a_remembered_token_is_asked_about_again_once_anything_is_recorded(
        story: tuple[Ledger, dict[str, str]]) -> None:
    # Given bob's token, checked once
    ledger, tokens = story
    memo = Authenticated(ttl=3600.0)
    assert memo.author(ledger, tokens["bob"]).person == "bob"
    # When it is revoked (an event) within the hour
    ledger.revoke_token("bob")
    # Then the next check asks the application, which refuses
    with pytest.raises(NotAuthenticated, match="not known or was revoked"):
        memo.author(ledger, tokens["bob"])


def test_permission_a_member_may_not_export_through_the_server(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given bob, a member (the export holds the accounts' e-mail addresses)
    _, tokens = story
    wants = [{"path": "out.jsonl"}]
    # When he asks for an export
    answer = run(client, tokens["bob"], ["export", "out.jsonl"], writes=wants)
    # Then it is refused by the rule permission, and no file comes back
    assert answer["exit_code"] == 1
    assert str(answer["stderr"]).startswith("Error: refused by rule 'permission'")
    assert answer["files"] == []
    # But the auditor's export comes back
    done = run(client, tokens["hank"], ["export", "out.jsonl"], writes=wants)
    assert done["exit_code"] == 0, done["stderr"]
    assert [f["path"] for f in done["files"]] == ["out.jsonl"]  # type: ignore[attr-defined]


def test_permission_a_roster_read_from_a_spreadsheet_needs_the_secretariat(
        client: TestClient, story: tuple[Ledger, dict[str, str]]) -> None:
    # Given the Executive's roster exported as CSV through the server by alice, a member,
    # and a row for a new (non-voting) seat added to it
    ledger, tokens = story
    exported = run(client, tokens["alice"], ["roster", "export", "executive",
                                             "--format", "csv"])
    assert exported["exit_code"] == 0, exported["stderr"]
    text = str(exported["stdout"])
    assert text.startswith("seat,org,org_name,holder,holder_name,category,voting,deputy,")
    text += "guest,daventry-chamber,Daventry Chamber,,,,false,,,2026-03-01\n"
    before = ledger.recorder.max_notification_id()
    # When bob, a member, sends it on standard input to be imported
    answer = run(client, tokens["bob"], ["roster", "import", "executive", "-"], stdin=text)
    # Then it is refused by the permission rule, and nothing is recorded
    assert answer["exit_code"] == 1
    assert "permission" in str(answer["stderr"])
    assert ledger.recorder.max_notification_id() == before
