"""Every command that writes also seals, unless the user turns that off (issue 5), and
every paper prints the latest seal."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from cli.main import cli
from ledger.app import Ledger
from ledger.audit import sealing, verify
from tests.conftest import EXAMPLES, event_count

DAVENTRY = str(EXAMPLES / "daventry" / "terms.toml")


def lsp(store: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """`lsp` as a user runs it: sealing on unless the arguments or LSP_SEAL say not."""
    return CliRunner().invoke(cli, ["--store", str(store), "--as", "tester", *args],
                              catch_exceptions=False, env={"LSP_SEAL": None, **(env or {})})


def test_a_command_that_writes_is_sealed_at_once(tmp_path: Path) -> None:
    # Given a new ledger, created with sealing on (the default)
    store = tmp_path / "ledger.sqlite"
    created = lsp(store, "init", "Daventry", "--terms", DAVENTRY, "--on", "2026-04-01")
    # When an organisation is added, with --json
    added = lsp(store, "org", "add", "northants-police", "--name", "Police", "--json")
    # Then each answer says it was sealed, the seal covers every event before it, and the
    # ledger verifies
    assert created.exit_code == 0 and "sealed: 2 events, root " in created.stdout
    doc = json.loads(added.stdout)
    assert doc["events"][0]["position"] == 4  # after init's two events and their seal
    assert doc["seal"]["tree_size"] == 4 and doc["seal"]["position"] == 5
    ledger = Ledger(str(store), "auditor")
    latest = sealing.latest_seal(ledger)
    assert latest is not None and (latest.tree_size, latest.root) == (4, doc["seal"]["root"])
    assert verify.verify(ledger, None).problems == ()


def test_no_seal_and_lsp_seal_off_turn_it_off(tmp_path: Path) -> None:
    # Given a ledger created without sealing
    store = tmp_path / "ledger.sqlite"
    lsp(store, "--no-seal", "init", "Daventry", "--terms", DAVENTRY, "--on", "2026-04-01")
    # When an organisation is added with LSP_SEAL=off
    added = lsp(store, "org", "add", "nene-ccg", "--name", "CCG", "--json",
                env={"LSP_SEAL": "off"})
    # Then nothing but the commands' own events was recorded, and no seal
    assert "seal" not in json.loads(added.stdout)
    ledger = Ledger(str(store), "auditor")
    assert event_count(ledger) == 3
    assert sealing.latest_seal(ledger) is None


def test_a_refusal_records_nothing_not_even_a_seal(tmp_path: Path) -> None:
    # Given a sealed ledger
    store = tmp_path / "ledger.sqlite"
    lsp(store, "init", "Daventry", "--terms", DAVENTRY, "--on", "2026-04-01")
    before = event_count(Ledger(str(store), "auditor"))
    # When a refused command is run
    refused = lsp(store, "seat", "fill", "executive", "police", "nobody")
    # Then exit 1 and the store is unchanged
    assert refused.exit_code == 1
    assert event_count(Ledger(str(store), "auditor")) == before


def test_the_papers_print_the_latest_seal(tmp_path: Path) -> None:
    # Given the demo ledgers (sealed once, at the end of the replay)
    store = tmp_path / "demo.sqlite"
    assert lsp(store, "demo", "--store", str(store)).exit_code == 0
    latest = sealing.latest_seal(Ledger(str(store), "auditor"))
    assert latest is not None
    # When the minutes and the ratification paper are printed, in Markdown and HTML
    papers = [lsp(store, "report", kind, meeting, "--format", fmt).stdout
              for kind, meeting in (("minutes", "exec-2026-11"),
                                    ("ratifications", "exec-2026-12"))
              for fmt in ("md", "html")]
    # Then each names the latest seal's size and root, so a paper copy pins the ledger
    for paper in papers:
        assert f"Latest seal: {latest.tree_size} events, root " in paper
        assert latest.root in paper
