"""`lsp init NAME --terms daventry`: a bundled example's terms by its name (shared
CONTRACT.md, "Bulk and speed"), so a first try needs no clone of the repository."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import EXAMPLES
from tests.helpers import store_exists

Lsp = Callable[..., Result]


@pytest.mark.sqlite_only
def test_init_takes_a_bundled_examples_terms_by_its_name(
        lsp: Lsp, store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a folder with no file called daventry in it
    monkeypatch.chdir(tmp_path)
    # When a ledger is created with --terms daventry
    result = lsp("init", "Daventry District LSP", "--terms", "daventry", "--on", "2026-04-01")
    # Then it adopts the Daventry example's terms, byte for byte
    assert result.exit_code == 0, result.output
    shown = json.loads(lsp("terms", "show", "--json").output)
    text = (EXAMPLES / "daventry" / "terms.toml").read_bytes()
    assert shown["version"]["sha256"] == hashlib.sha256(text).hexdigest()


@pytest.mark.sqlite_only
def test_a_file_of_the_same_name_wins_over_the_bundled_example(
        lsp: Lsp, store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a file called daventry in the current folder that is not a terms file
    monkeypatch.chdir(tmp_path)
    (tmp_path / "daventry").write_text("not = [toml", encoding="utf-8")
    # When a ledger is created with --terms daventry
    result = lsp("init", "Daventry District LSP", "--terms", "daventry")
    # Then the file is what was read (and refused), and no ledger was made
    assert result.exit_code == 1
    assert "daventry" in result.output and "TOML" in result.output
    assert not store_exists(store)


@pytest.mark.sqlite_only
def test_an_unknown_name_is_refused_listing_the_bundled_examples(
        lsp: Lsp, store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given no file called daventri
    monkeypatch.chdir(tmp_path)
    # When a ledger is created with --terms daventri
    result = lsp("init", "X", "--terms", "daventri")
    # Then it is refused, naming the bundled examples, and no ledger was made
    assert result.exit_code == 1
    assert "no bundled example of that name" in result.output
    assert "daventry, lewisham, partnership-southwark" in result.output
    assert "Traceback" not in result.output
    assert not store_exists(store)
