"""The CLI as the server's client (issue 12 items 4-6), end to end: a real `lsp serve`
process on 127.0.0.1 and a free port, and `lsp --store http://...` with `LSP_TOKEN` in
processes of their own. On each store (the PostgreSQL leg skips without
LSP_TEST_POSTGRES_URL). The server is always stopped by the fixture."""

from __future__ import annotations

import concurrent.futures
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from ledger.app import Ledger
from tests.helpers import Served, run_lsp, serving, stored_events
from tests.stories import daventry, signed_in

NewLedger = Callable[..., Ledger]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


lsp = run_lsp


@pytest.fixture
def served(store: str, tmp_path: Path) -> Iterator[Served]:
    """`lsp --store STORE serve` on 127.0.0.1 and a free port, stopped at the end."""
    with serving(store, tmp_path / "server.log") as running:
        yield running


@pytest.fixture
def tokens(new_ledger: NewLedger) -> dict[str, str]:
    ledger = daventry(new_ledger)
    found = signed_in(ledger)
    ledger.close()
    return found


def test_the_cli_as_the_servers_client_story(
        store: str, tokens: dict[str, str], served: Served, tmp_path: Path) -> None:
    url = served.url
    # Given the chair, alice: she proposes a decision through the server
    proposed = lsp("--store", url, "decision", "propose", "executive", "grant", "--title",
                   "A grant to the youth club", "--by", "dc-1", token=tokens["alice"])
    assert proposed.returncode == 0, proposed.stderr
    assert proposed.stdout.startswith(
        "Decision grant proposed for executive by seat dc-1.\n  recorded as #")
    assert "sealed:" in proposed.stdout
    # When bob approves for carol's seat, it is refused: exit 1, rule permission, nothing
    # recorded
    before = stored_events(store)
    refused = lsp("--store", url, "decision", "approve", "grant", "--by", "dc-3",
                  token=tokens["bob"])
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.startswith("Error: refused by rule 'permission'")
    assert "Traceback" not in refused.stderr
    assert stored_events(store) == before
    # And the same refusal under --json is a JSON document naming the rule
    as_json = lsp("--store", url, "decision", "approve", "grant", "--by", "dc-3", "--json",
                  token=tokens["bob"])
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["rule"] == "permission"

    # And when bob approves for his own seat, with --json
    approved = lsp("--store", url, "decision", "approve", "grant", "--by", "dc-2", "--json",
                   token=tokens["bob"])
    # Then it is recorded, the answer one JSON document
    assert approved.returncode == 0, approved.stderr
    assert json.loads(approved.stdout)["recorded"] is True

    # Given the auditor, hank: he verifies and exports
    verified = lsp("--store", url, "verify", token=tokens["hank"])
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("OK: ")
    exported = lsp("--store", url, "export", "out.jsonl", token=tokens["hank"], cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("Exported ")
    assert " to out.jsonl." in exported.stdout  # the client's path, not the server's
    # Then the file is written here, the same bytes as an export made on the store itself
    local = lsp("--store", store, "export", str(tmp_path / "local.jsonl"))
    assert local.returncode == 0, local.stderr
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    # And exporting over it again without --force is refused as it would be locally
    again = lsp("--store", url, "export", "out.jsonl", token=tokens["hank"], cwd=tmp_path)
    assert again.returncode == 1
    assert "out.jsonl" in again.stderr and "exists" in again.stderr
    # But he cannot write
    before = stored_events(store)
    writes = lsp("--store", url, "decision", "propose", "executive", "audit", "--title",
                 "Mine", "--by", "dc-1", token=tokens["hank"])
    assert writes.returncode == 1
    assert "refused by rule 'permission'" in writes.stderr
    assert stored_events(store) == before

    # Given a command that reads a file: the client sends it
    bad_checkpoint = tmp_path / "kept.txt"
    bad_checkpoint.write_text("not a checkpoint\n", encoding="utf-8")
    checked = lsp("--store", url, "verify", "--checkpoint", "kept.txt", token=tokens["hank"],
                  cwd=tmp_path)
    assert checked.returncode == 1
    assert checked.stderr.startswith("Error: kept.txt is not a checkpoint")

    # Given what runs only locally: refused by the rule server, nothing recorded
    keys = lsp("--store", url, "keys", "generate", "a.pem", "b.pem", token=tokens["alice"],
               cwd=tmp_path)
    assert keys.returncode == 1
    assert "refused by rule 'server'" in keys.stderr
    assert not (tmp_path / "a.pem").exists()

    # Given the same read through the server and on the store, they print the same (the
    # rosters on a fixed date: "now" could pass a minute between the two on a slow machine)
    for args in (["roster", "executive", "--as-of", "2026-03-01"],
                 ["roster", "executive", "--as-of", "2026-03-01", "--json"],
                 ["decision", "show", "grant"], ["decision", "show", "grant", "--json"]):
        remote = lsp("--store", url, *args, token=tokens["bob"])
        here = lsp("--store", store, *args)
        assert (remote.returncode, remote.stdout, remote.stderr) == (
            here.returncode, here.stdout, here.stderr), args

    # Given bob's token revoked on the server's store
    ledger = Ledger(store, "secretariat")
    ledger.revoke_token("bob")
    ledger.close()
    # When he uses it: exit 1, a clear message, never a traceback, never the token
    revoked = lsp("--store", url, "roster", "executive", token=tokens["bob"])
    assert revoked.returncode == 1
    assert revoked.stderr == ("Error: refused by rule 'authentication': this token is not "
                              "known or was revoked\n")
    assert tokens["bob"] not in revoked.stdout + revoked.stderr

    # And the server's log never held a token
    log = served.log.read_text()
    assert "POST /api/v1/commands 200" in log
    assert all(token not in log for token in tokens.values())


def test_many_clients_at_once_each_get_their_own_output(
        store: str, tokens: dict[str, str], served: Served) -> None:
    # Given commands whose output differs (on fixed dates: a slow machine may pass a
    # minute), each printed alone through the server first
    day = "2026-03-01"
    commands = [["roster", "executive", "--as-of", day], ["roster", "forum", "--as-of", day],
                ["roster", "executive", "--as-of", day, "--json"],
                ["terms", "show", "--as-of", day], ["decision", "pending", "executive"],
                ["roster", "nope", "--as-of", day]]
    headers = {"Authorization": f"Bearer {tokens['bob']}"}

    def run(argv: list[str]) -> dict[str, object]:
        answer = httpx.post(f"{served.url}/api/v1/commands", json={"argv": argv},
                            headers=headers, timeout=60)
        assert answer.status_code == 200, answer.text
        found: dict[str, object] = answer.json()
        return found

    alone = [run(argv) for argv in commands]
    assert alone[-1]["exit_code"] == 1
    # When 24 requests of them run at once
    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        together = list(pool.map(run, commands * 4))
    # Then each answer is exactly the one its command gives alone
    assert together == alone * 4


def test_an_unreachable_server_is_exit_1_saying_so(tmp_path: Path) -> None:
    # Given no server on a port
    url = f"http://127.0.0.1:{free_port()}"
    # When a command is sent there
    result = lsp("--store", url, "roster", "executive", token="lsp_whatever")
    # Then it is exit 1, naming the server, never a traceback
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: cannot reach the server at {url}: ")
    assert "Traceback" not in result.stderr
    assert "lsp_whatever" not in result.stderr


def test_no_token_is_exit_1_saying_how_to_give_one() -> None:
    # When a command is sent to a server without a token
    result = lsp("--store", "http://127.0.0.1:9", "roster", "executive")
    # Then it is refused before anything is sent
    assert result.returncode == 1
    assert "needs an API token: set LSP_TOKEN or give --token" in result.stderr
