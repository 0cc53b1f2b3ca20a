"""Export and import (ledger/audit/export.py, export_reader.py, importing.py; `lsp export`,
`lsp import`).

The export is CONTRACT.md's JSON Lines; an import into an empty store checks every line
and every seal before it writes anything, all in one transaction, or nothing at all; with
`--batch N`, in transactions of N, acknowledged one by one, and resumable. The tests whose
target is the `store` fixture run on both stores (the export itself always comes from the
Daventry history replayed into SQLite); tests/test_crash.py kills imports midway.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.demo import replay
from ledger.app import Ledger
from ledger.audit import merkle
from ledger.audit.export import export
from ledger.audit.export_reader import read_export
from ledger.audit.importing import import_into
from ledger.audit.sealing import seal
from ledger.audit.stored import KEYS
from ledger.errors import IntegrityFailure, StoreError
from ledger.store.seam import EVENTS_TABLE, Store
from projections.catchup import ReadStore
from tests.conftest import EXAMPLES, ROOT

PYTHON = str(ROOT / ".venv" / "bin" / "python")
VERIFIER = ROOT / "docs" / "verify_example.py"


def run(store: str | Path, *args: str) -> Result:
    """`lsp --store STORE --as tester ARGS...`, stdout and stderr apart."""
    from cli.main import cli

    return CliRunner().invoke(cli, ["--store", str(store), "--as", "tester", *args],
                              catch_exceptions=False)


def stored_count(store: str | Path) -> int:
    """How many events the store holds (0 when there is no ledger there at all)."""
    where = Store.parse(str(store))
    if not where.is_postgres:
        if not Path(where.path).exists():
            return 0
        with closing(sqlite3.connect(where.path)) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {EVENTS_TABLE}").fetchone()[0])
    with where.connect() as db:
        if not where.exists(db):
            return 0
        return int(db.execute(f"SELECT COUNT(*) FROM {EVENTS_TABLE}").fetchone()[0])


def exported_text(store: str | Path, tmp_path: Path) -> str:
    """The export of the ledger at `store`, as text."""
    target = tmp_path / f"export-{len(list(tmp_path.iterdir()))}.jsonl"
    ledger = Ledger(str(store), "reader")
    try:
        export(ledger, target)
    finally:
        ledger.close()
    return target.read_text(encoding="utf-8")


def is_postgres(store: str) -> bool:
    return Store.parse(store).is_postgres


@dataclass(frozen=True)
class Exported:
    """The Daventry demo history, sealed twice, and its export."""

    store: Path
    path: Path
    text: str
    seal_lines: tuple[int, ...]  # 1-based line numbers of the seals

    @property
    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines()]


@pytest.fixture(scope="module")
def daventry(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """examples/daventry/history.lsp replayed, sealed, one more event, sealed again, and
    one event after the last seal; exported with `ledger.audit.export.export`."""
    folder = tmp_path_factory.mktemp("daventry")
    store = folder / "daventry.sqlite"
    replay(EXAMPLES / "daventry" / "history.lsp", str(store))
    ledger = Ledger(str(store), "auditor")
    try:
        first = seal(ledger)
        ledger.add_person("pat-lee", "Pat Lee")
        second = seal(ledger)
        ledger.add_person("sam-cho", "Sam Cho")
        path = folder / "daventry.jsonl"
        count = export(ledger, path)
    finally:
        ledger.close()
    assert first.position is not None and second.position is not None
    text = path.read_text(encoding="utf-8")
    assert count == len(text.splitlines()) == second.position + 1
    return Exported(store, path, text, (first.position, second.position))


def write(path: Path, lines: list[dict[str, Any]] | list[str]) -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n"
                   for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


def renumbered(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**line, "position": i} for i, line in enumerate(lines, 1)]


def with_state(line: dict[str, Any], state: bytes) -> dict[str, Any]:
    return {**line, "state": base64.b64encode(state).decode("ascii")}


def state_of(line: dict[str, Any]) -> bytes:
    return base64.b64decode(line["state"])


# ---------------------------------------------------------------------------- export


def test_the_export_is_one_event_a_line_as_the_contract_says(daventry: Exported) -> None:
    # Given the sealed Daventry ledger and its export
    lines = daventry.lines
    ledger = Ledger(str(daventry.store), "reader")
    try:
        notifications = ledger.recorder.select_notifications(start=1, limit=10_000)
    finally:
        ledger.close()
    # When each line is compared with the stored event at the same place
    # Then there is one line per event, keys in CONTRACT.md's order, positions as stored,
    # the id as the UUID's canonical string and the state as base64 of the stored bytes
    assert len(lines) == len(notifications) > 90
    for line, n in zip(lines, notifications, strict=True):
        assert list(line) == list(KEYS)
        assert line["position"] == n.id
        assert line["originator_id"] == str(n.originator_id)
        assert line["originator_version"] == n.originator_version
        assert line["topic"] == n.topic
        assert state_of(line) == n.state
    assert [line["position"] for line in lines] == list(range(1, len(lines) + 1))
    assert [lines[i - 1]["topic"] for i in daventry.seal_lines] == [
        "lsp:Seal.FirstSealed", "lsp:Seal.Sealed"]


def test_the_standalone_verifier_accepts_the_export(daventry: Exported) -> None:
    # Given the export of a sealed ledger, and the auditor's script in docs/
    # When the script is run on it with an isolated Python (no project on the path)
    done = subprocess.run([PYTHON, "-I", str(VERIFIER), str(daventry.path)],
                          capture_output=True, text=True, timeout=60, check=False)
    # Then every seal matches, and the root it prints is the one `lsp export` reports
    exported = run(daventry.store, "export", str(daventry.path.with_name("again.jsonl")),
                   "--json")
    assert exported.exit_code == 0, exported.stderr
    report = json.loads(exported.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"tree_size {report['events']}\n" in done.stdout
    assert f"root {report['root']}\n" in done.stdout
    assert done.stdout.count("matches") == len(daventry.seal_lines)
    assert "DOES NOT MATCH" not in done.stdout


def test_the_standalone_verifier_rejects_a_tampered_export(daventry: Exported,
                                                           tmp_path: Path) -> None:
    # Given the export with one event under the first seal rewritten (still valid JSON)
    lines = daventry.lines
    lines[9] = with_state(lines[9], state_of(lines[9]).replace(b'"actor":"lsp-demo"',
                                                               b'"actor":"lsp-demO"'))
    assert lines[9] != daventry.lines[9]
    tampered = write(tmp_path / "tampered.jsonl", lines)
    # When the auditor's script is run on it
    done = subprocess.run([PYTHON, "-I", str(VERIFIER), str(tampered)],
                          capture_output=True, text=True, timeout=60, check=False)
    # Then both seals, which cover that event, fail: exit code 3
    assert done.returncode == 3
    assert done.stdout.count("DOES NOT MATCH") == 2


def test_export_through_the_command_line(daventry: Exported, tmp_path: Path) -> None:
    # Given the sealed ledger
    target = tmp_path / "out.jsonl"
    # When it is exported with `lsp export FILE`
    result = run(daventry.store, "export", str(target))
    # Then the file is the same export, and the answer says how many and the root
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert target.read_text(encoding="utf-8") == daventry.text
    root = merkle.root([merkle.leaf_hash(merkle.leaf_input(
        line["originator_id"], line["originator_version"], line["topic"], state_of(line)))
        for line in daventry.lines]).hex()
    assert result.stdout == (f"Exported {len(daventry.lines)} events to {target}.\n"
                             f"  Merkle root of all {len(daventry.lines)}: {root}\n")
    assert not [p for p in tmp_path.iterdir() if p.name != "out.jsonl"]


def test_export_of_a_missing_ledger_is_refused(tmp_path: Path) -> None:
    # Given no ledger
    store = tmp_path / "none.sqlite"
    # When it is exported
    result = run(store, "export", str(tmp_path / "out.jsonl"))
    # Then it is refused, and no file is created
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: there is no ledger at ")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------- round trip


def test_export_then_import_round_trips_byte_for_byte(daventry: Exported, store: str,
                                                      tmp_path: Path) -> None:
    # Given the export of the sealed Daventry ledger, and a new store
    # When it is imported into the store, and that store is exported in turn
    imported = run(store, "import", str(daventry.path), "--json")
    again = tmp_path / "again.jsonl"
    exported = run(store, "export", str(again))
    # Then the import verified both seals, and the two exports are the same bytes
    assert imported.exit_code == 0, imported.stderr
    assert imported.stderr == ""
    report = json.loads(imported.stdout)
    events = len(daventry.lines)
    assert report == {"imported": True, "store": str(Store.parse(store)), "events": events,
                      "seals": 2, "sealed": events - 2, "unsealed": 2, "tree_size": events,
                      "root": report["root"]}
    assert exported.exit_code == 0, exported.stderr
    assert again.read_bytes() == daventry.path.read_bytes()
    assert stored_count(store) == events


@pytest.mark.parametrize("command", [
    ("roster", "executive", "--json"),
    ("roster", "forum", "--as-of", "2026-05-01", "--json"),
    ("audit", "--entity", "body:executive", "--json"),
    ("check", "--as-of", "2027-01-31", "--json"),
])
def test_the_imported_ledger_reads_as_the_original(daventry: Exported, store: str,
                                                   command: tuple[str, ...]) -> None:
    # Given the Daventry ledger imported from its export into a new store
    assert run(store, "import", str(daventry.path)).exit_code == 0
    # When the same question is asked of both
    original = run(daventry.store, *command)
    copy = run(store, *command)
    # Then the answers are the same
    assert original.exit_code == copy.exit_code == 0, copy.stderr
    assert copy.stdout == original.stdout
    assert len(copy.stdout) > 100


def test_the_import_text_answer_says_what_was_verified(daventry: Exported,
                                                       store: str) -> None:
    # Given the export
    # When it is imported without --json
    result = run(store, "import", str(daventry.path))
    # Then the answer says how many events, seals and unsealed events
    events = len(daventry.lines)
    assert result.exit_code == 0
    first, second = result.stdout.splitlines()
    assert first == (f"Imported {events} events into {Store.parse(store)}; 2 seal(s) "
                     f"verified, covering {events - 2} events; the last 2 are under no "
                     "seal yet.")
    assert second.startswith(f"  Merkle root of all {events}: ")


def test_import_into_an_existing_empty_ledger(daventry: Exported, store: str,
                                              tmp_path: Path) -> None:
    # Given a ledger that holds no events yet
    Ledger(store, "tester", create=True).close()
    assert stored_count(store) == 0
    # When the export is imported into it
    report = import_into(store, "tester", daventry.path)
    # Then every event is there, at the same positions
    assert report.events == stored_count(store) == len(daventry.lines)
    ledger = Ledger(store, "tester")
    try:
        assert ReadStore(ledger).rebuild() == report.events
    finally:
        ledger.close()
    assert exported_text(store, tmp_path) == daventry.text


# ---------------------------------------------------------------------------- refusals


def flip_under_seal(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One byte of a stored state changed, under both seals (still valid JSON)."""
    state = state_of(lines[4])
    i = state.index(b'"actor":"') + len(b'"actor":"')
    lines[4] = with_state(lines[4], state[:i] + bytes([state[i] ^ 0x20]) + state[i + 1:])
    return lines


def missing_line(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    del lines[20]
    return lines


def swapped_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines[30], lines[31] = lines[31], lines[30]
    return lines


def swapped_and_renumbered(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two events of different entities swapped, positions rewritten to hide it: only the
    seal tells."""
    i = next(i for i in range(10, 80)
             if lines[i]["originator_id"] != lines[i + 1]["originator_id"])
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return renumbered(lines)


def duplicated_line(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines.insert(41, dict(lines[40]))
    return lines


def version_gap(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An entity's first event removed, positions rewritten: its second is at version 2."""
    later = {(line["originator_id"], line["originator_version"]) for line in lines}
    i = next(i for i, line in enumerate(lines[1:], 1)
             if line["originator_version"] == 1 and (line["originator_id"], 2) in later)
    del lines[i]
    return renumbered(lines)


def bad_base64(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines[7] = {**lines[7], "state": lines[7]["state"][:-4] + "*!*="}
    return lines


def non_json(lines: list[dict[str, Any]]) -> list[str]:
    text = [json.dumps(line) for line in lines]
    text[12] = text[12][:-1]  # the closing brace lost
    return text


def wrong_seal_root(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    i = next(i for i, line in enumerate(lines) if line["topic"] == "lsp:Seal.FirstSealed")
    state = json.loads(state_of(lines[i]))
    state["root"] = "00" * 32
    lines[i] = with_state(lines[i], json.dumps(state, separators=(",", ":")).encode())
    return lines


def extra_key(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines[3] = {**lines[3], "note": "added"}
    return lines


def uppercase_id(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines[3] = {**lines[3], "originator_id": lines[3]["originator_id"].upper()}
    return lines


def unknown_topic(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An event this ledger cannot read, after the last seal (so no seal catches it)."""
    lines[-1] = {**lines[-1], "topic": "lsp:Person.Vanished"}
    return lines


def blank_line(lines: list[dict[str, Any]]) -> list[str]:
    text = [json.dumps(line) for line in lines]
    text.insert(5, "")
    return text


TAMPERINGS: dict[str, tuple[Callable[[list[dict[str, Any]]], list[Any]], str]] = {
    "flipped state byte under a seal": (flip_under_seal, "is a seal that does not verify"),
    "missing line": (missing_line, "is where position 21 should be"),
    "swapped lines": (swapped_lines, "is where position 31 should be"),
    "swapped and renumbered": (swapped_and_renumbered, "is a seal that does not verify"),
    "duplicated line": (duplicated_line, "is where position 42 should be"),
    "version gap": (version_gap, "at version 2 where 1 comes next"),
    "bad base64": (bad_base64, "line 8 (position 8) has a state that is not standard base64"),
    "non-JSON line": (non_json, "line 13 is not a JSON object"),
    "wrong seal root": (wrong_seal_root, "its root 0000000000000000"),
    "extra key": (extra_key, "line 4 (position 4) does not have the five keys of the "
                             "export; unexpected note"),
    "uppercase id": (uppercase_id, "has an originator_id that is not a UUID as lowercase"),
    "unknown topic": (unknown_topic, "is not an event this ledger can read "
                                     "(lsp:Person.Vanished)"),
    "blank line": (blank_line, "line 6 is blank"),
}


@pytest.mark.parametrize("name", TAMPERINGS)
def test_import_refuses_a_file_that_does_not_verify(daventry: Exported, store: str,
                                                    tmp_path: Path, name: str) -> None:
    # Given the export, tampered with
    tamper, problem = TAMPERINGS[name]
    path = write(tmp_path / "tampered.jsonl", tamper(daventry.lines))
    assert path.read_text(encoding="utf-8") != daventry.text
    # When it is imported into a new store
    result = run(store, "import", str(path))
    # Then it is refused as an integrity failure, saying where and what, and nothing is
    # recorded (in SQLite, no store file is left behind either: see below)
    assert result.exit_code == 3, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("Error: the export does not verify: line ")
    assert problem in result.stderr
    assert result.stderr.endswith("; nothing was imported\n")
    assert stored_count(store) == 0


@pytest.mark.parametrize("name", ["flipped state byte under a seal", "unknown topic"])
def test_a_refused_import_leaves_no_store_file_behind(daventry: Exported, tmp_path: Path,
                                                      name: str) -> None:
    # Given the export, tampered with before its first seal or after its last
    tamper, _ = TAMPERINGS[name]
    path = write(tmp_path / "tampered.jsonl", tamper(daventry.lines))
    target = tmp_path / "copy.sqlite"
    # When it is imported into a new SQLite file, with and without --batch
    plain = run(target, "import", str(path))
    batched = run(target, "import", str(path), "--batch", "10")
    # Then both are refused, and no file is left behind (not even the -wal or -shm)
    assert (plain.exit_code, batched.exit_code) == (3, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tampered.jsonl"]


def test_a_refused_import_into_an_empty_ledger_keeps_nothing(daventry: Exported,
                                                             store: str,
                                                             tmp_path: Path) -> None:
    # Given an empty ledger, and an export with an event changed under a seal
    Ledger(store, "tester", create=True).close()
    path = write(tmp_path / "tampered.jsonl", flip_under_seal(daventry.lines))
    # When it is imported, asking for JSON
    result = run(store, "import", str(path), "--json")
    # Then it is refused (exit 3) naming the first seal's position, and the ledger is
    # still there, with no event
    assert result.exit_code == 3
    refusal = json.loads(result.stdout)
    assert refusal["error"] == "IntegrityFailure"
    assert refusal["position"] == daventry.seal_lines[0]
    assert f"(position {daventry.seal_lines[0]}) is a seal" in refusal["message"]
    assert Ledger(store, "reader").recorder.max_notification_id() is None
    assert stored_count(store) == 0


def test_the_failure_names_the_line_for_a_library_caller(daventry: Exported,
                                                         tmp_path: Path) -> None:
    # Given an export with a line missing
    path = write(tmp_path / "short.jsonl", missing_line(daventry.lines))
    # When it is read by the library
    with pytest.raises(IntegrityFailure) as failure:
        read_export(path)
    # Then the failure carries the position where the gap is
    assert failure.value.position == 21
    assert "line 21 (position 22)" in failure.value.message


def test_import_into_a_ledger_with_events_is_refused(daventry: Exported, store: str) -> None:
    # Given a ledger that holds events (the Daventry export imported already)
    assert run(store, "import", str(daventry.path)).exit_code == 0
    count = stored_count(store)
    # When the export is imported into it again, without --batch
    result = run(store, "import", str(daventry.path))
    # Then it is refused (exit 1), and nothing is added
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"Error: the ledger at {Store.parse(store)} already holds "
                             f"{count} events: import only into a new or empty store; "
                             "nothing was changed\n")
    assert stored_count(store) == count


@pytest.mark.sqlite_only
def test_a_refused_import_leaves_the_ledger_file_as_it_was(daventry: Exported,
                                                           tmp_path: Path) -> None:
    # Given a ledger file that holds events (a copy of the sealed Daventry one)
    target = tmp_path / "busy.sqlite"
    shutil.copyfile(daventry.store, target)
    before = target.read_bytes()
    # When an export is imported into it
    result = run(target, "import", str(daventry.path))
    # Then it is refused, and the file is the same bytes
    assert result.exit_code == 1
    assert target.read_bytes() == before


@pytest.mark.sqlite_only
def test_import_into_a_file_that_is_not_a_ledger_is_refused(daventry: Exported,
                                                            tmp_path: Path) -> None:
    # Given a file that is not a ledger where the store should be
    target = tmp_path / "notes.sqlite"
    target.write_text("shopping list\n", encoding="utf-8")
    # When an export is imported into it, with and without --batch
    results = [run(target, "import", str(daventry.path)),
               run(target, "import", str(daventry.path), "--batch", "10")]
    # Then it is refused and the file is untouched
    for result in results:
        assert result.exit_code == 1
        assert "exists and is not a ledger" in result.stderr
    assert target.read_text(encoding="utf-8") == "shopping list\n"


def test_import_of_a_missing_or_empty_file_is_refused(store: str, tmp_path: Path) -> None:
    # Given no export, and an empty one
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    # When each is imported
    missing = run(store, "import", str(tmp_path / "nothing.jsonl"))
    nothing = run(store, "import", str(empty))
    # Then both are refused (exit 1: nothing to verify), and no store is created
    assert (missing.exit_code, nothing.exit_code) == (1, 1)
    assert "there is no export at" in missing.stderr
    assert "holds no events: there is nothing to import" in nothing.stderr
    where = Store.parse(store)
    if where.is_postgres:
        with where.connect() as db:
            assert not where.exists(db)
    else:
        assert not Path(where.path).exists()


# ---------------------------------------------------------------------------- --batch


def acknowledged(stderr: str) -> list[int]:
    """The positions `lsp import --batch` acknowledged, in order."""
    return [int(m) for m in re.findall(r"^imported through position (\d+)$", stderr,
                                       flags=re.M)]


def prefix_file(daventry: Exported, tmp_path: Path, size: int) -> Path:
    """The export's first `size` lines: itself an export that verifies."""
    return write(tmp_path / f"first-{size}.jsonl", daventry.lines[:size])


def test_a_batched_import_acknowledges_each_commit_and_writes_the_same_ledger(
        daventry: Exported, store: str, tmp_path: Path) -> None:
    # Given the export and a new store
    events = len(daventry.lines)
    # When it is imported in batches of 25, asking for JSON
    result = run(store, "import", str(daventry.path), "--batch", "25", "--json")
    # Then each commit is acknowledged on stderr, up to the last event; stdout is one
    # JSON document, which says how it was written; and the ledger is the export's
    assert result.exit_code == 0, result.stderr
    assert acknowledged(result.stderr) == [*range(25, events, 25), events]
    assert result.stderr == "".join(f"imported through position {p}\n"
                                    for p in acknowledged(result.stderr))
    report = json.loads(result.stdout)
    assert report == {"imported": True, "store": str(Store.parse(store)), "events": events,
                      "seals": 2, "sealed": events - 2, "unsealed": 2, "tree_size": events,
                      "root": report["root"], "batch": 25, "resumed_after": 0,
                      "written": events}
    assert exported_text(store, tmp_path) == daventry.text
    assert run(store, "verify").exit_code == 0


def test_a_batched_import_resumes_after_the_start_of_the_export_the_store_holds(
        daventry: Exported, store: str, tmp_path: Path) -> None:
    # Given a store holding the export's first 40 events (as an interrupted import
    # leaves it)
    events = len(daventry.lines)
    assert run(store, "import", str(prefix_file(daventry, tmp_path, 40))).exit_code == 0
    # When the whole export is imported into it with --batch
    result = run(store, "import", str(daventry.path), "--batch", "25")
    # Then it says where it resumed, writes only the rest, and the ledger is the export's
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == "resumed after position 40"
    assert acknowledged(result.stderr) == [*range(65, events, 25), events]
    assert result.stdout.splitlines()[1] == (
        f"  Resumed after position 40 (the store held the first 40 already): "
        f"{events - 40} written in transactions of up to 25.")
    assert exported_text(store, tmp_path) == daventry.text
    assert run(store, "verify").exit_code == 0


def test_a_batched_import_into_a_store_holding_all_of_it_writes_nothing(
        daventry: Exported, store: str) -> None:
    # Given a store that holds the whole export already (its import was interrupted
    # after its last commit, before its answer)
    events = len(daventry.lines)
    assert run(store, "import", str(daventry.path)).exit_code == 0
    # When it is imported again with --batch
    result = run(store, "import", str(daventry.path), "--batch", "25", "--json")
    # Then it succeeds having written nothing
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"resumed after position {events}\n"
    report = json.loads(result.stdout)
    assert (report["resumed_after"], report["written"]) == (events, 0)
    assert stored_count(store) == events


def test_without_batch_a_store_holding_the_start_of_the_export_is_still_refused(
        daventry: Exported, store: str, tmp_path: Path) -> None:
    # Given a store holding the export's first 40 events
    assert run(store, "import", str(prefix_file(daventry, tmp_path, 40))).exit_code == 0
    # When the whole export is imported into it without --batch (one transaction)
    result = run(store, "import", str(daventry.path))
    # Then it is refused as before, and nothing is added
    assert result.exit_code == 1
    assert "already holds 40 events: import only into a new or empty store" in result.stderr
    assert stored_count(store) == 40


def test_a_batched_import_refuses_a_store_holding_other_events(daventry: Exported,
                                                               store: str,
                                                               tmp_path: Path) -> None:
    # Given a store holding a ledger of its own (not the start of the export), and one
    # holding the whole export, longer than a file of its first 40 lines
    other = run(store, "init", "Other LSP", "--terms",
                str(EXAMPLES / "daventry" / "terms.toml"), "--on", "2026-04-01")
    assert other.exit_code == 0, other.stderr
    held = stored_count(store)
    # When the export is imported into it with --batch
    result = run(store, "import", str(daventry.path), "--batch", "25")
    # Then it is refused (exit 1) naming the first event that differs; nothing is added
    assert result.exit_code == 1, result.stderr
    assert result.stderr == (
        f"Error: the ledger at {Store.parse(store)} already holds {held} events, and they "
        f"are not the start of {daventry.path} (the event at position 1 is not line 1): "
        "--batch resumes only an interrupted import of the same file; import into a new "
        "or empty store; nothing was changed\n")
    assert stored_count(store) == held


def test_a_batched_import_refuses_a_store_holding_more_than_the_export(
        daventry: Exported, store: str, tmp_path: Path) -> None:
    # Given a store holding the whole export
    assert run(store, "import", str(daventry.path)).exit_code == 0
    # When a file of its first 40 lines is imported into it with --batch
    result = run(store, "import", str(prefix_file(daventry, tmp_path, 40)), "--batch", "25")
    # Then it is refused: the store holds more than the file
    assert result.exit_code == 1
    assert "(which has 40)" in result.stderr
    assert stored_count(store) == len(daventry.lines)


def test_a_batched_import_checks_the_whole_file_before_writing(daventry: Exported,
                                                               store: str,
                                                               tmp_path: Path) -> None:
    # Given an export whose last line is an event this ledger cannot read
    path = write(tmp_path / "tampered.jsonl", unknown_topic(daventry.lines))
    # When it is imported in batches of 10
    result = run(store, "import", str(path), "--batch", "10")
    # Then it is refused (exit 3) and not one batch was written or acknowledged
    assert result.exit_code == 3
    assert acknowledged(result.stderr) == []
    assert stored_count(store) == 0


def test_a_batch_is_one_or_more_events(daventry: Exported, store: str) -> None:
    # Given the export
    # When it is imported with --batch 0
    result = run(store, "import", str(daventry.path), "--batch", "0")
    # Then it is a usage error (exit 2), and nothing is recorded
    assert result.exit_code == 2
    assert "--batch" in result.stderr
    assert stored_count(store) == 0


def test_a_batched_import_stops_when_someone_else_writes_midway(daventry: Exported,
                                                                store: str) -> None:
    # Given a batched import during which, after its first commit, someone else records
    # an event in the same store
    written: list[int] = []

    def meddle(position: int) -> None:
        written.append(position)
        if len(written) == 1:
            Ledger(store, "someone").add_org("intruder", "Intruder Ltd")

    # When it goes on
    with pytest.raises(StoreError) as failure:
        import_into(store, "tester", daventry.path, batch=30, on_commit=meddle)
    # Then it stops before writing anything after the intruder's event, saying so, and
    # the events it acknowledged stay
    assert written == [30]
    assert "holds 31 events where 30 were imported: someone else wrote to it" in (
        failure.value.message)
    assert stored_count(store) == 31


# ---------------------------------------------------------------------------- seals


def fabricated_seal(lines: list[dict[str, Any]], at: int, size: int) -> list[dict[str, Any]]:
    """A seal line inserted at index `at`, over the first `size` lines, computed here."""
    leaves = [merkle.leaf_hash(merkle.leaf_input(
        line["originator_id"], line["originator_version"], line["topic"], state_of(line)))
        for line in lines[:size]]
    state = {"tree_size": size, "root": merkle.root(leaves).hex(), "format": merkle.FORMAT,
             "frontier": merkle.Frontier.of(leaves).to_hex()}
    sealed = {"position": 0, "originator_id": "00000000-0000-0000-0000-00000000abcd",
              "originator_version": 1, "topic": "lsp:Test.Sealed", "state": ""}
    return renumbered([*lines[:at], with_state(sealed, json.dumps(state).encode()),
                       *lines[at:]])


def test_a_seal_over_fewer_events_than_precede_it_is_checked_too(daventry: Exported,
                                                                 tmp_path: Path) -> None:
    # Given an export with a seal at line 51 over only the first 37 events (sealed while
    # others were writing)
    lines = fabricated_seal(daventry.lines[: daventry.seal_lines[0] - 1], 50, 37)
    good = write(tmp_path / "good.jsonl", lines)
    lines[36] = with_state(lines[36], state_of(lines[36]) + b" ")
    bad = write(tmp_path / "bad.jsonl", lines)
    # When each is read
    reader = read_export(good)
    with pytest.raises(IntegrityFailure) as failure:
        read_export(bad)
    # Then the good one verifies its seal, and a change to event 37 is caught at the
    # line-51 seal, which covers it
    assert reader.seals == 1
    assert (reader.sealed, len(reader.lines)) == (37, daventry.seal_lines[0])
    assert failure.value.position == 51


def test_a_seal_with_a_wrong_frontier_is_refused(daventry: Exported, tmp_path: Path) -> None:
    # Given a seal whose root is right but whose frontier is not that of its tree
    lines = fabricated_seal(daventry.lines, 10, 10)
    state = json.loads(state_of(lines[10]))
    state["frontier"] = list(reversed(state["frontier"]))
    assert len(state["frontier"]) == 2
    lines[10] = with_state(lines[10], json.dumps(state).encode())
    path = write(tmp_path / "frontier.jsonl", lines)
    # When it is read
    with pytest.raises(IntegrityFailure) as failure:
        read_export(path)
    # Then the seal is refused for its frontier
    assert "is a seal whose frontier is not that of the events before it" in str(
        failure.value)
    assert failure.value.position == 11


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_change_under_a_seal_is_caught(daventry: Exported, data: st.DataObject) -> None:
    # Given the export with a seal placed anywhere, and one event under it changed by one
    # byte anywhere in its state
    lines = daventry.lines[: daventry.seal_lines[0] - 1]
    size = data.draw(st.integers(1, len(lines)), label="tree_size")
    at = data.draw(st.integers(size, len(lines)), label="seal index")
    victim = data.draw(st.integers(0, size - 1), label="changed event")
    state = state_of(lines[victim])
    byte = data.draw(st.integers(0, len(state) - 1), label="byte")
    sealed = fabricated_seal(lines, at, size)
    changed = list(sealed)
    flipped = state[:byte] + bytes([state[byte] ^ 0x01]) + state[byte + 1:]
    changed[victim] = with_state(changed[victim], flipped)
    reader_ok = _read_lines(sealed)
    # When both are read
    # Then the untouched one verifies and the changed one fails at the seal
    assert reader_ok == 1
    with pytest.raises(IntegrityFailure) as failure:
        _read_lines(changed)
    assert failure.value.position == at + 1


def _read_lines(lines: list[dict[str, Any]]) -> int:
    """Seals verified reading `lines` as an export (through a temporary file)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return read_export(write(Path(folder) / "x.jsonl", lines)).seals


def test_the_verifier_script_runs_without_the_project(tmp_path: Path) -> None:
    # Given the auditor's script copied alone to an empty folder
    script = tmp_path / "verify.py"
    shutil.copyfile(VERIFIER, script)
    export_file = write(tmp_path / "one.jsonl", [{
        "position": 1, "originator_id": "00000000-0000-0000-0000-000000000001",
        "originator_version": 1, "topic": "lsp:x", "state": "e30="}])
    # When it is run with an isolated interpreter from that folder
    done = subprocess.run([sys.executable, "-I", str(script), str(export_file)],
                          capture_output=True, text=True, timeout=60, check=False,
                          cwd=tmp_path)
    # Then it prints the root of the one leaf: SHA-256(0x00 || leaf input)
    leaf = merkle.leaf_hash(merkle.leaf_input("00000000-0000-0000-0000-000000000001", 1,
                                              "lsp:x", b"{}"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"tree_size 1\nroot {leaf.hex()}\n"


def test_the_worked_leaf_in_the_audit_guide_is_right() -> None:
    # Given docs/audit.md's worked example: an export line, its leaf input, its leaf hash
    text = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```text\n(.*?)^```$", text, flags=re.S | re.M)
    line, leaf_input, leaf_hash = (b.strip() for b in blocks[:3])
    event = json.loads(line)
    # When the leaf is computed from the line with ledger.audit.merkle
    computed = merkle.leaf_input(event["originator_id"], event["originator_version"],
                                 event["topic"], state_of(event))
    # Then the guide shows the same bytes and hash, and the decoded state it quotes
    assert list(event) == list(KEYS)
    assert computed.decode("utf-8") == leaf_input
    assert merkle.leaf_hash(computed).hex() == leaf_hash
    assert f"`{state_of(event).decode('utf-8')}`" in text
