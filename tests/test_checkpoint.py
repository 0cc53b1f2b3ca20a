"""Checkpoints kept outside the ledger (issue 13 items 1 and 2): `lsp checkpoint`
(ledger/audit/checkpoint.py), `lsp verify --checkpoint FILE|DIR`
(ledger/audit/extending.py), and signing that never silently stops.

The format is checked here as C2SP tlog-checkpoint and signed-note define it, with
hashlib and raw Ed25519, not with the code under test. Each attack the issue found is a
test: the tail cut off below a checkpoint; a history rewritten and re-sealed unsigned; a
checkpoint of another ledger; a forged checkpoint signature. Each ends in exit 3 naming
what and where; and `verify` without a checkpoint or a key says what it could not rule
out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from freezegun import freeze_time

from cli.main import cli
from ledger.app import Ledger
from ledger.audit import signing
from ledger.audit.seal import seal_check
from tests.conftest import EXAMPLES, event_count
from tests.helpers import attack, rows

Lsp = Callable[..., Result]
DAVENTRY = str(EXAMPLES / "daventry" / "terms.toml")
DASH = "\u2014 "


# ---------------------------------------------------------------------------- helpers


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    private, public = tmp_path / "secretariat.key", tmp_path / "secretariat.pub"
    signing.generate(private, public)
    return private, public


def run(store: str, *args: str, key: Path | None = None) -> Result:
    """`lsp` as a user runs it, sealing after each write; signed when `key` is given."""
    env: dict[str, str | None] = {"LSP_SEAL": "on",
                                  "LSP_SEAL_KEY": str(key) if key else None}
    return CliRunner().invoke(cli, ["--store", store, "--as", "secretariat", *args],
                              catch_exceptions=False, env=env)


def build(store: str, orgs: int = 6, key: Path | None = None, name: str = "Daventry LSP"
          ) -> None:
    """A ledger of `orgs` organisations, sealed after each write (signed with `key`)."""
    with freeze_time("2026-12-01 09:00:00"):
        assert run(store, "init", name, "--terms", DAVENTRY, key=key).exit_code == 0
    for n in range(orgs):
        with freeze_time(f"2026-12-01 10:{n:02d}:00"):
            done = run(store, "org", "add", f"org-{n}", "--name", f"Org {n}", key=key)
            assert done.exit_code == 0, done.stderr


def checkpoint_of(store: str, *args: str) -> Result:
    result = run(store, "checkpoint", *args)
    assert result.exit_code == 0, result.stderr
    return result


def verify(store: str, *args: str) -> tuple[Result, dict[str, Any]]:
    result = run(store, "verify", "--json", *args)
    return result, json.loads(result.stdout)


def first_leaf_input(store: str) -> bytes:
    """The first event's leaf input, as CONTRACT.md defines it, computed here."""
    _, oid, version, topic, state = rows(store)[0]
    return json.dumps({"originator_id": str(uuid.UUID(hex=oid)),
                       "originator_version": version, "topic": topic,
                       "state": base64.b64encode(state).decode("ascii")},
                      sort_keys=True, separators=(",", ":")).encode("utf-8")


def raw_key(public: Path) -> bytes:
    key = serialization.load_pem_public_key(public.read_bytes())
    assert isinstance(key, Ed25519PublicKey)
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def latest_seal_position(store: str) -> int:
    return max(position for position, _, _, topic, _ in rows(store) if "Seal" in topic)


def cut_after(store: str, position: int) -> None:
    """As an attacker: delete every event after `position`, seals included."""
    attack(store, ("DELETE FROM stored_events WHERE rowid > ?", (position,)))


# ---------------------------------------------------------------------------- the format


def test_checkpoint_c2sp_the_text_is_origin_size_root_then_a_signed_note_line(
        store: str, keys: tuple[Path, Path]) -> None:
    # Given a ledger sealed with the secretariat's key
    private, public = keys
    build(store, key=private)
    seal = json.loads(run(store, "seal", "--json").stdout)  # nothing new: the latest seal
    # When its checkpoint is printed
    text = checkpoint_of(store).stdout
    # Then it is the three lines of a tlog-checkpoint, a blank line and one signature line
    body, blank, signature = text.rpartition("\n\n")
    assert blank
    origin, size, root = body.split("\n")
    assert origin == "lsp-ledger/" + hashlib.sha256(
        b"\x00" + first_leaf_input(store)).hexdigest()[:16]
    assert int(size) == seal["tree_size"]
    assert base64.b64decode(root, validate=True) == bytes.fromhex(seal["root"])
    # and the signature line is C2SP signed-note's: the key hash of the origin's name and
    # the seal's public key, then an Ed25519 signature of the text, with its last newline
    assert signature.startswith(f"{DASH}{origin} ") and signature.endswith("\n")
    blob = base64.b64decode(signature.strip().rsplit(" ", 1)[1], validate=True)
    raw = raw_key(public)
    assert blob[:4] == hashlib.sha256(origin.encode() + b"\n\x01" + raw).digest()[:4]
    Ed25519PublicKey.from_public_bytes(raw).verify(blob[4:], (body + "\n").encode())


def test_checkpoint_json_has_the_contracts_keys_and_the_text_printed(store: str) -> None:
    # Given an unsigned sealed ledger
    build(store)
    # When the checkpoint is printed as JSON and as text
    doc = json.loads(checkpoint_of(store, "--json").stdout)
    text = checkpoint_of(store).stdout
    # Then the JSON has tree_size, root (hex) and the very text; an unsigned seal's
    # checkpoint is the three lines alone
    assert {"tree_size", "root", "text"} <= set(doc)
    assert doc["text"] == text
    assert doc["text"].count("\n") == 3 and DASH not in doc["text"]
    assert base64.b64decode(doc["text"].split("\n")[2]).hex() == doc["root"]
    assert doc["signatures"] == []


def test_checkpoint_of_a_ledger_never_sealed_is_refused(store: str) -> None:
    # Given a ledger never sealed
    result = CliRunner().invoke(cli, ["--store", store, "--as", "s", "init", "D", "--terms",
                                      DAVENTRY], env={"LSP_SEAL": "off"})
    assert result.exit_code == 0
    # When its checkpoint is asked for
    refused = run(store, "checkpoint")
    # Then it is refused, naming `lsp seal`
    assert refused.exit_code == 1
    assert "`lsp seal`" in refused.stderr


def test_checkpoint_save_keeps_a_dated_history_never_overwriting(store: str,
                                                                tmp_path: Path) -> None:
    # Given a sealed ledger and a folder for its checkpoints
    build(store, orgs=2)
    kept = tmp_path / "kept"
    # When its checkpoint is saved twice, then again after a new seal
    first = checkpoint_of(store, "--save", str(kept))
    again = checkpoint_of(store, "--save", str(kept), "--json")
    with freeze_time("2026-12-02 09:30:00"):
        assert run(store, "org", "add", "late", "--name", "Late").exit_code == 0
    third = checkpoint_of(store, "--save", str(kept), "--json")
    # Then there is one file per checkpoint, named by its seal's time and size, in order
    files = sorted(p.name for p in kept.iterdir())
    size = json.loads(third.stdout)["tree_size"]
    assert len(files) == 2
    assert files[1] == f"2026-12-02T093000Z-{size}.checkpoint"
    assert first.stderr.startswith("Kept as ")
    assert json.loads(again.stdout)["written"] is False
    assert again.stderr.startswith("Already kept as ")
    assert (kept / files[1]).read_text(encoding="utf-8") == json.loads(third.stdout)["text"]


def test_checkpoint_save_refuses_to_overwrite_another_checkpoint_of_the_same_name(
        store: str, tmp_path: Path) -> None:
    # Given a kept checkpoint whose file was replaced by another text of the same name
    build(store, orgs=1)
    kept = tmp_path / "kept"
    saved = Path(json.loads(checkpoint_of(store, "--save", str(kept), "--json").stdout)
                 ["saved"])
    other = "lsp-ledger/0000000000000000\n1\n" + base64.b64encode(b"\0" * 32).decode() + "\n"
    saved.write_text(other, encoding="utf-8")
    # When the checkpoint is saved again
    result = run(store, "checkpoint", "--save", str(kept))
    # Then exit 3, naming the file, which is left as it was
    assert result.exit_code == 3
    assert str(saved) in result.stderr and "never overwritten" in result.stderr
    assert saved.read_text(encoding="utf-8") == other


# ---------------------------------------------------------------------------- verify


def test_verify_checkpoint_the_ledger_extends_a_checkpoint_taken_earlier(
        store: str, tmp_path: Path) -> None:
    # Given a checkpoint kept yesterday, and more recorded since
    build(store, orgs=3)
    kept = tmp_path / "yesterday.checkpoint"
    kept.write_text(checkpoint_of(store).stdout, encoding="utf-8")
    old = int(kept.read_text().split("\n")[1])
    for n in range(3):
        assert run(store, "org", "add", f"new-{n}", "--name", f"New {n}").exit_code == 0
    # When the ledger is verified against it
    result, doc = verify(store, "--checkpoint", str(kept))
    # Then exit 0, by a consistency proof from it to the latest seal
    assert result.exit_code == 0, result.stderr
    (checked,) = doc["checkpoints"]
    assert checked["ok"] is True and checked["tree_size"] == old
    assert checked["proved_against"] == {"tree_size": doc["tree_size"], "root": doc["root"],
                                         "seal": True}
    assert checked["proof"]
    assert doc["checkpoint"] == {"tree_size": old, "root": checked["root"], "ok": True}
    assert "cut-at-end" in [c["code"] for c in doc["not_ruled_out"]]  # events since


@pytest.mark.parametrize("keep", [1, 2, 5])
def test_verify_checkpoint_a_tail_cut_below_a_checkpoint_exits_3_at_the_first_gone(
        store: str, tmp_path: Path, keep: int) -> None:
    # Given a dated folder of checkpoints, the latest covering the whole ledger
    build(store, orgs=4)
    kept = tmp_path / "kept"
    checkpoint_of(store, "--save", str(kept))
    events = len(rows(store))
    # When an attacker cuts the ledger back to its first `keep` events, seals and all
    cut_after(store, keep)
    # Then without the checkpoints the cut is invisible, and verify says it cannot rule
    # it out...
    blind, blind_doc = verify(store)
    assert blind.exit_code == 0
    assert "cut-at-end" in [c["code"] for c in blind_doc["not_ruled_out"]]
    # ...and with them it is exit 3, at the first position that is gone
    result, doc = verify(store, "--checkpoint", str(kept))
    assert result.exit_code == 3
    assert doc["position"] == keep + 1
    assert "the ledger was cut back below it" in doc["problem"]
    assert f"Error: integrity failure at position {keep + 1}: the checkpoint " in result.stderr
    assert events > keep


def test_verify_checkpoint_a_history_re_sealed_unsigned_is_caught_by_key_and_checkpoint(
        store: str, keys: tuple[Path, Path], tmp_path: Path) -> None:
    # Given a signed ledger, and its latest checkpoint kept by a partner
    private, public = keys
    build(store, orgs=4, key=private)
    kept = tmp_path / "kept.checkpoint"
    kept.write_text(checkpoint_of(store).stdout, encoding="utf-8")
    latest = latest_seal_position(store)
    # When an attacker rewrites an event under the latest seal (an organisation's name),
    # removes that seal and seals again, without the key
    target = next(p for p, _, _, topic, state in rows(store)
                  if topic.endswith("Registered") and b"Org 3" in state)
    state = next(s for p, _, _, _, s in rows(store) if p == target)
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                   (state.replace(b"Org 3", b"Org X"), target)))
    cut_after(store, latest - 1)
    resealed = CliRunner().invoke(cli, ["--store", store, "--as", "x", "seal", "--json"],
                                  env={"LSP_SEAL_KEY": None})
    assert resealed.exit_code == 0
    position = json.loads(resealed.stdout)["position"]
    assert "Warning: the seal before this one was signed" in resealed.stderr
    # Then verify alone passes but says signing stopped and a re-sealing is possible...
    blind, blind_doc = verify(store)
    assert blind.exit_code == 0
    codes = [c["code"] for c in blind_doc["not_ruled_out"]]
    assert "signing-stopped" in codes and "re-sealed" in codes
    # ...with the public key it is exit 3 at the unsigned seal, naming the signed one...
    signed, signed_doc = verify(store, "--public-key", str(public))
    assert signed.exit_code == 3
    assert signed_doc["position"] == position
    assert signed_doc["problem"].startswith(f"the seal at position {position} is not signed, "
                                            "but the seal at position")
    # ...and with the checkpoint it is exit 3: the ledger does not extend it
    checked, checked_doc = verify(store, "--checkpoint", str(kept))
    assert checked.exit_code == 3
    assert "the ledger does not extend the checkpoint" in checked_doc["problem"]


def test_verify_checkpoint_of_another_ledger_exits_3(store: str, tmp_path: Path) -> None:
    # Given a checkpoint of another partnership's ledger of the same size
    build(store, orgs=2)
    other = str(tmp_path / "other.sqlite")
    build(other, orgs=2, name="Another LSP")
    kept = tmp_path / "other.checkpoint"
    kept.write_text(checkpoint_of(other).stdout, encoding="utf-8")
    # When this ledger is verified against it
    result, doc = verify(store, "--checkpoint", str(kept))
    # Then exit 3: it is another ledger, and this one does not extend it
    assert result.exit_code == 3
    problems = [p["problem"] for p in doc["problems"]]
    assert any("is of another ledger: its origin is lsp-ledger/" in p for p in problems)
    assert any("does not extend the checkpoint" in p for p in problems)


def test_verify_checkpoint_with_a_forged_signature_exits_3_under_the_key(
        store: str, keys: tuple[Path, Path], tmp_path: Path) -> None:
    # Given a signed checkpoint whose signature was changed by one bit
    private, public = keys
    build(store, orgs=1, key=private)
    body, _, line = checkpoint_of(store).stdout.rpartition("\n\n")
    name, blob = line.strip()[len(DASH):].split(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[10] ^= 0x01
    kept = tmp_path / "forged.checkpoint"
    kept.write_text(f"{body}\n\n{DASH}{name} {base64.b64encode(bytes(raw)).decode()}\n",
                    encoding="utf-8")
    # When the ledger is verified against it, with and without the public key
    without, _ = verify(store, "--checkpoint", str(kept))
    result, doc = verify(store, "--checkpoint", str(kept), "--public-key", str(public))
    # Then only the key finds the forged signature: exit 3, saying so
    assert without.exit_code == 0
    assert result.exit_code == 3
    assert "did not make: it was forged or changed" in doc["problem"]


@pytest.mark.parametrize("text", [
    "lsp-ledger/x\n12\n",
    "lsp-ledger/x\ntwelve\nAAAA\n",
    "lsp-ledger/x\n12\nnot base64!\n",
    "lsp-ledger/x\n12\n" + base64.b64encode(b"\0" * 32).decode() + "\n\nno dash here\n",
])
def test_verify_checkpoint_that_is_not_one_is_refused_recording_nothing(
        store: str, tmp_path: Path, text: str) -> None:
    # Given a file that is not a checkpoint
    build(store, orgs=1)
    bad = tmp_path / "bad.checkpoint"
    bad.write_text(text, encoding="utf-8")
    with Ledger(store, "counter") as ledger:
        before = event_count(ledger)
    # When the ledger is verified against it
    result = run(store, "verify", "--checkpoint", str(bad))
    # Then it is refused (exit 1), naming the file and the format, and nothing is recorded
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad} is not a checkpoint (C2SP tlog-checkpoint)")
    with Ledger(store, "counter") as ledger:
        assert event_count(ledger) == before


def test_verify_checkpoint_an_empty_folder_is_refused(store: str, tmp_path: Path) -> None:
    # Given a folder with no checkpoint in it
    build(store, orgs=1)
    (tmp_path / "empty").mkdir()
    # When the ledger is verified against it
    result = run(store, "verify", "--checkpoint", str(tmp_path / "empty"))
    # Then it is refused (exit 1), saying how to keep them
    assert result.exit_code == 1
    assert "holds no checkpoint" in result.stderr and "--save" in result.stderr


def test_verify_without_checkpoint_or_key_says_plainly_what_it_cannot_rule_out(
        store: str) -> None:
    # Given an untouched, unsigned ledger
    build(store, orgs=1)
    # When it is verified with neither a checkpoint nor a key
    result, doc = verify(store)
    text = run(store, "verify").stdout
    # Then it passes, and says (in JSON and in text) a cut at the end and a re-sealing
    # are not ruled out
    assert result.exit_code == 0
    assert [c["code"] for c in doc["not_ruled_out"]] == ["cut-at-end", "re-sealed"]
    assert "Not ruled out by these checks:" in text
    assert "a cut at the end" in text and "a re-sealing" in text


def test_verify_a_seal_whose_checkpoint_was_changed_exits_3_at_the_seal(store: str) -> None:
    # Given a ledger whose latest seal's checkpoint text an attacker changed (its size),
    # recomputing the seal's check as this code would
    build(store, orgs=1)
    position = latest_seal_position(store)
    with Ledger(store, "attacker") as ledger:
        stored = ledger.recorder.select_notifications(start=position, limit=1)[0]
        event = ledger.mapper.to_domain_event(stored)
        origin, size, rest = event.__dict__["checkpoint"].split("\n", 2)
        event.__dict__["checkpoint"] = f"{origin}\n{int(size) + 1}\n{rest}"
        event.__dict__["check"] = seal_check(event.__dict__)
        state = ledger.mapper.to_stored_event(event).state
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?", (state, position)))
    # When it is verified
    result, doc = verify(store)
    # Then exit 3 at that seal: its checkpoint is not its own
    assert result.exit_code == 3
    assert doc["position"] == position
    assert doc["problem"] == (f"the checkpoint of the seal at position {position} is not "
                              "that of its tree size and root")


# ---------------------------------------------------------------------------- papers


def test_every_paper_prints_the_checkpoint_in_its_footer(store: str) -> None:
    # Given a meeting, and the ledger sealed after it
    build(store, orgs=1)
    assert run(store, "meeting", "schedule", "executive", "m1", "--on",
               "2026-12-10").exit_code == 0
    text = checkpoint_of(store).stdout
    # When the minutes and the ratification paper are printed, in Markdown and HTML
    papers = [run(store, "report", kind, "m1", "--format", fmt)
              for kind in ("minutes", "ratifications") for fmt in ("md", "html")]
    # Then each carries the checkpoint, as `lsp checkpoint` prints it
    for paper in papers:
        assert paper.exit_code == 0, paper.stderr
        assert text in paper.stdout
        assert "lsp verify --checkpoint FILE" in paper.stdout


def test_a_paper_of_a_ledger_never_sealed_prints_no_checkpoint(store: str) -> None:
    # Given a meeting in a ledger never sealed
    env = {"LSP_SEAL": "off"}
    base = ["--store", store, "--as", "s"]
    assert CliRunner().invoke(cli, [*base, "init", "D", "--terms", DAVENTRY],
                              env=env).exit_code == 0
    assert CliRunner().invoke(cli, [*base, "meeting", "schedule", "executive", "m1", "--on",
                                    "2026-12-10"], env=env).exit_code == 0
    # When its minutes are printed
    paper = CliRunner().invoke(cli, [*base, "report", "minutes", "m1"], env=env)
    # Then the footer says it is not sealed, and shows no checkpoint
    assert paper.exit_code == 0
    assert "The ledger has not been sealed yet" in paper.stdout
    assert "Checkpoint of the ledger" not in paper.stdout
    assert not os.environ.get("LSP_SEAL_KEY")
