"""docs/verify_example.py: an auditor's check of the seals, with the standard library only.

The script is run as an auditor would run it, on an export written here in CONTRACT.md's
format, with seals computed by ledger.audit.merkle; it must agree with them, and notice when any
sealed line is changed, dropped or moved.
"""

from __future__ import annotations

import ast
import base64
import importlib.util
import json
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.audit import merkle
from tests.conftest import ROOT

SCRIPT = ROOT / "docs" / "verify_example.py"
NAMESPACE = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
SEAL_TOPIC = "lsp:ledger.Sealed"

Event = dict[str, Any]


def stored(originator: str, version: int, topic: str, payload: dict[str, Any]) -> Event:
    """One event as it sits in the store (position added when exported)."""
    return {"originator_id": str(uuid.uuid5(NAMESPACE, originator)),
            "originator_version": version, "topic": topic,
            "state": json.dumps(payload).encode("utf-8")}


def leaf_of(event: Event) -> bytes:
    return merkle.leaf_hash(merkle.leaf_input(event["originator_id"],
                                              event["originator_version"], event["topic"],
                                              event["state"]))


def seal_after(events: list[Event]) -> Event:
    """A seal over every event so far, computed with ledger.audit.merkle, as the ledger would."""
    frontier = merkle.Frontier.of(leaf_of(e) for e in events)
    state = {"tree_size": frontier.size, "root": frontier.root().hex(),
             "frontier": frontier.to_hex(), "format": merkle.FORMAT}
    return {"originator_id": str(uuid.uuid5(NAMESPACE, "seals")),
            "originator_version": sum(e["topic"] == SEAL_TOPIC for e in events) + 1,
            "topic": SEAL_TOPIC, "state": json.dumps(state).encode("utf-8")}


def ledger_events() -> list[Event]:
    """Eleven events: five, a seal over them, four more, a seal over all ten before it."""
    events = [
        stored("partnership", 1, "lsp:partnership.Created", {"name": "Daventry"}),
        stored("body:executive", 1, "lsp:body.Created", {"name": "Executive"}),
        stored("body:executive", 2, "lsp:body.SeatAdded", {"seat": "police"}),
        stored("person:kate-moss", 1, "lsp:person.Registered", {"name": "Supt Kate Moss"}),
        stored("body:executive", 3, "lsp:body.SeatFilled", {"seat": "police",
                                                             "person": "kate-moss"}),
    ]
    events.append(seal_after(events))
    events += [
        stored("meeting:exec-2026-06", 1, "lsp:meeting.Scheduled", {"when": "2026-06-10"}),
        stored("meeting:exec-2026-06", 2, "lsp:meeting.Attended", {"seat": "police"}),
        stored("meeting:exec-2026-06", 3, "lsp:meeting.VoteCast", {"vote": "for"}),
        stored("meeting:exec-2026-06", 4, "lsp:meeting.VoteClosed", {"result": "carried"}),
    ]
    events.append(seal_after(events))
    return events


def exported(events: list[Event]) -> list[Event]:
    """The lines `lsp export` writes: position, and the state in base64."""
    return [{"position": i, **e, "state": base64.b64encode(e["state"]).decode("ascii")}
            for i, e in enumerate(events, start=1)]


def write_export(path: Path, lines: list[Event]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The script run as an auditor would: a plain interpreter in isolated mode."""
    return subprocess.run([sys.executable, "-I", str(SCRIPT), *args], capture_output=True,
                          text=True, check=False, timeout=60)


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_example", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------- a good export


def test_the_script_imports_only_json_base64_hashlib_and_sys() -> None:
    # Given the script's source
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    # When every module it imports is listed
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    # Then they are the four of the standard library an auditor needs, and no more
    assert imported == {"json", "base64", "hashlib", "sys"}
    assert len(SCRIPT.read_text(encoding="utf-8").splitlines()) <= 85


def test_the_script_recomputes_the_root_and_confirms_every_seal(tmp_path: Path) -> None:
    # Given an export of eleven events, two of them seals computed by ledger.audit.merkle
    events = ledger_events()
    path = write_export(tmp_path / "ledger.jsonl", exported(events))
    # When the auditor's script reads it
    result = run(str(path))
    # Then it prints the size and root of the whole tree, as ledger.audit.merkle computes them,
    # and each seal with its tree size and root, matching
    expected_root = merkle.root([leaf_of(e) for e in events]).hex()
    first, second = (json.loads(e["state"]) for e in (events[5], events[10]))
    assert result.stdout.splitlines() == [
        "tree_size 11",
        f"root {expected_root}",
        f"seal at position 6: tree_size 5 root {first['root']} matches",
        f"seal at position 11: tree_size 10 root {second['root']} matches",
    ]
    assert (result.returncode, result.stderr) == (0, "")


# ---------------------------------------------------------------------------- tampering


def flip_state_byte(lines: list[Event]) -> None:
    state = bytearray(base64.b64decode(lines[2]["state"]))
    state[3] ^= 0x01
    lines[2]["state"] = base64.b64encode(bytes(state)).decode("ascii")


def change_version(lines: list[Event]) -> None:
    lines[4]["originator_version"] = 4


def change_topic(lines: list[Event]) -> None:
    lines[1]["topic"] = "lsp:body.Dissolved"


def change_originator(lines: list[Event]) -> None:
    lines[0]["originator_id"] = lines[0]["originator_id"].upper()


def swap_two_events(lines: list[Event]) -> None:
    lines[1], lines[2] = lines[2], lines[1]


def drop_an_event(lines: list[Event]) -> None:
    del lines[3]


def forge_a_seal_root(lines: list[Event]) -> None:
    seal = json.loads(base64.b64decode(lines[5]["state"]))
    seal["root"] = ("0" if seal["root"][0] != "0" else "1") + seal["root"][1:]
    lines[5]["state"] = base64.b64encode(json.dumps(seal).encode()).decode("ascii")


def claim_later_events(lines: list[Event]) -> None:
    seal = json.loads(base64.b64decode(lines[5]["state"]))
    seal["tree_size"] = 7
    lines[5]["state"] = base64.b64encode(json.dumps(seal).encode()).decode("ascii")


def garble_a_seal(lines: list[Event]) -> None:
    state = bytearray(base64.b64decode(lines[5]["state"]))
    state[0] ^= 0xFF  # no longer JSON
    lines[5]["state"] = base64.b64encode(bytes(state)).decode("ascii")


TAMPERS = [
    (flip_state_byte, "DOES NOT MATCH"),
    (change_version, "DOES NOT MATCH"),
    (change_topic, "DOES NOT MATCH"),
    (change_originator, "DOES NOT MATCH"),
    (swap_two_events, "DOES NOT MATCH"),
    (forge_a_seal_root, "DOES NOT MATCH"),
    (claim_later_events, "DOES NOT MATCH"),
    (garble_a_seal, "UNREADABLE"),
]


@pytest.mark.parametrize(("tamper", "first_seal"), TAMPERS, ids=[t.__name__ for t, _ in TAMPERS])
def test_a_change_to_a_sealed_line_is_detected(
    tmp_path: Path, tamper: Callable[[list[Event]], None], first_seal: str
) -> None:
    # Given an export whose first five events and first seal are changed after sealing
    lines = exported(ledger_events())
    tamper(lines)
    path = write_export(tmp_path / "ledger.jsonl", lines)
    # When the auditor's script reads it
    result = run(str(path))
    out = result.stdout.splitlines()
    # Then the first seal is reported as failing, the second too (it covers the first
    # five events and the first seal), and the exit status is 3 (integrity failure)
    assert result.returncode == 3, result.stdout + result.stderr
    seals = [line for line in out if line.startswith("seal at position")]
    assert len(seals) == 2
    assert first_seal in seals[0]
    assert seals[1].endswith("DOES NOT MATCH")


def test_the_last_seal_garbled_is_a_failure_even_with_nothing_after_it(tmp_path: Path) -> None:
    # Given an export whose last line, a seal no later seal covers, is no longer JSON
    lines = exported(ledger_events())
    state = bytearray(base64.b64decode(lines[-1]["state"]))
    state[0] ^= 0xFF
    lines[-1]["state"] = base64.b64encode(bytes(state)).decode("ascii")
    path = write_export(tmp_path / "ledger.jsonl", lines)
    # When the auditor's script reads it
    result = run(str(path))
    # Then the first seal still matches, the last is reported unreadable, and the check fails
    out = result.stdout.splitlines()
    assert out[2].endswith(" matches")
    assert out[3].startswith("seal at position 11: UNREADABLE")
    assert result.returncode == 3


def test_a_dropped_event_breaks_every_seal_after_it(tmp_path: Path) -> None:
    # Given an export from which the fourth event has been deleted
    lines = exported(ledger_events())
    drop_an_event(lines)
    path = write_export(tmp_path / "ledger.jsonl", lines)
    # When the auditor's script reads it
    result = run(str(path))
    # Then both seals fail: each now covers a different run of events
    assert result.returncode == 3
    assert result.stdout.splitlines()[0] == "tree_size 10"
    assert [line.rsplit(" ", 3)[-3:] for line in result.stdout.splitlines()[2:]] == [
        ["DOES", "NOT", "MATCH"], ["DOES", "NOT", "MATCH"]]


def test_a_change_after_the_last_seal_changes_only_the_printed_root(tmp_path: Path) -> None:
    # Given an export with one more event after the last seal, printed once, then changed
    events = [*ledger_events(), stored("decision:d1", 1, "lsp:decision.Proposed", {})]
    lines = exported(events)
    before = run(str(write_export(tmp_path / "before.jsonl", lines)))
    lines[-1]["originator_version"] = 2
    # When the script reads the changed export
    after = run(str(write_export(tmp_path / "after.jsonl", lines)))
    # Then the seals still match (they never covered it) but the root differs: the root
    # printed is what the next seal, or an auditor's note of it, pins
    assert before.returncode == after.returncode == 0
    assert before.stdout.splitlines()[2:] == after.stdout.splitlines()[2:]
    assert before.stdout.splitlines()[1] != after.stdout.splitlines()[1]


def test_the_script_without_an_export_is_a_usage_error() -> None:
    # Given no export path
    # When the script is run
    result = run()
    # Then it says how to use it, on stderr, with exit status 2
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("usage: ")


# ---------------------------------------------------------------------------- agreement


events_strategy = st.lists(
    st.tuples(st.uuids(), st.integers(1, 10**6), st.text(max_size=30), st.binary(max_size=64)),
    max_size=40,
)


@settings(max_examples=100, deadline=None)
@given(events=events_strategy)
def test_the_script_and_ledger_merkle_hash_any_events_alike(
    events: list[tuple[uuid.UUID, int, str, bytes]]
) -> None:
    # Given any events, exported as CONTRACT.md says (topics even with non-ASCII text)
    script = load_script()
    lines = [{"position": i, "originator_id": str(oid), "originator_version": version,
              "topic": topic, "state": base64.b64encode(state).decode("ascii")}
             for i, (oid, version, topic, state) in enumerate(events, start=1)]
    # When both the script and ledger.audit.merkle hash them
    by_script = [script.leaf_hash(script.leaf_input(line)) for line in lines]
    by_ledger = [merkle.leaf_hash(merkle.leaf_input(str(oid), version, topic, state))
                 for oid, version, topic, state in events]
    # Then every leaf and the root are the same bytes
    assert by_script == by_ledger
    assert script.mth(by_script) == merkle.root(by_ledger)
