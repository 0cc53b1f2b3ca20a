"""`prove` (ledger/audit/proofs.py, `lsp prove`): a decision's events are under a seal.

Each proof is an RFC 6962 inclusion proof (section 2.1.1) under the latest seal's root.
The tests check them with ledger.audit.merkle.verify_inclusion and with an independent
recomputation written here from the RFC's definition of PATH, then tamper with bundles
and with the store.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from ledger.app import Ledger
from ledger.audit import merkle, proofs
from ledger.errors import IntegrityFailure, NotFound
from ledger.events import entity_id
from tests.helpers import attack, leaf_of, rows, seals_in
from tests.stories import build_daventry

Lsp = Callable[..., Result]


def root_from_path(leaf: bytes, index: int, size: int, path: list[bytes]) -> bytes:
    """The root an audit path leads to, by RFC 6962 section 2.1.1's PATH(m, D[n]): the
    last hash of the path is the sibling at the top, split at the largest power of two
    below n."""
    if size == 1:
        assert path == []
        return leaf
    k = 1
    while k * 2 < size:
        k *= 2
    if index < k:
        left = root_from_path(leaf, index, k, path[:-1])
        return hashlib.sha256(b"\x01" + left + path[-1]).digest()
    right = root_from_path(leaf, index - k, size - k, path[:-1])
    return hashlib.sha256(b"\x01" + path[-1] + right).digest()


@pytest.fixture
def daventry(store: str) -> Ledger:
    return build_daventry(store)


def bundle_of(ledger: Ledger) -> dict[str, Any]:
    return proofs.prove(ledger, "grant").as_dict()


# ---------------------------------------------------------------------------- proving


def test_each_event_of_a_decision_has_a_proof_under_the_latest_seal(daventry: Ledger,
                                                                     store: str) -> None:
    # Given a sealed ledger holding the decision `grant` (proposed, approved, taken)
    grant = entity_id("decision", "grant").hex
    stored = rows(store)
    expected = [r[0] for r in stored if r[1] == grant]
    seal_position, latest = seals_in(store)[-1]
    # When a proof of the decision is asked for
    bundle = bundle_of(daventry)
    # Then there is one proof per event of the decision, under the latest seal's root, and
    # each leaf hash is that of the stored row
    assert [p["position"] for p in bundle["proofs"]] == expected
    assert len(expected) == 3
    assert (bundle["tree_size"], bundle["root"]) == (latest["tree_size"], latest["root"])
    assert bundle["seal_position"] == seal_position
    by_position = {r[0]: r for r in stored}
    for proof in bundle["proofs"]:
        assert proof["leaf_hash"] == leaf_of(by_position[proof["position"]]).hex()
        assert proof["leaf_index"] == [r[0] for r in stored].index(proof["position"])


def test_every_proof_verifies_by_the_library_and_by_the_rfc_recomputed_here(
        daventry: Ledger) -> None:
    # Given the proofs of the decision
    bundle = bundle_of(daventry)
    root = bytes.fromhex(bundle["root"])
    for proof in bundle["proofs"]:
        leaf = bytes.fromhex(proof["leaf_hash"])
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        # When each is checked two ways
        # Then both lead to the seal's root
        assert merkle.verify_inclusion(leaf, proof["leaf_index"], bundle["tree_size"], path,
                                       root)
        assert root_from_path(leaf, proof["leaf_index"], bundle["tree_size"], path) == root
        # and a wrong index does not
        assert not merkle.verify_inclusion(leaf, proof["leaf_index"] ^ 1,
                                           bundle["tree_size"], path, root)


def test_a_proof_carries_its_event_as_an_export_line(daventry: Ledger, store: str) -> None:
    # Given the proofs of the decision
    bundle = bundle_of(daventry)
    stored = {r[0]: r for r in rows(store)}
    # When each proof's event is compared with the stored row
    for proof in bundle["proofs"]:
        event = proof["event"]
        row = stored[proof["position"]]
        # Then it is the row, as `lsp export` writes it
        assert base64.b64decode(event["state"]) == row[4]
        assert (event["originator_version"], event["topic"]) == (row[2], row[3])
        assert event["originator_id"] == str(entity_id("decision", "grant"))


def test_events_recorded_after_the_latest_seal_are_listed_as_unsealed(daventry: Ledger
                                                                      ) -> None:
    # Given an interest declared on the decision after the latest seal
    daventry.declare_decision_interest("grant", "carol", "personal", "a trustee")
    # When a proof is asked for
    bundle = bundle_of(daventry)
    # Then the three sealed events are proved and the new one is listed as not sealed yet
    assert len(bundle["proofs"]) == 3
    assert [u["topic"] for u in bundle["unsealed"]] == ["lsp:Decision.InterestDeclared"]


def test_no_proof_without_a_seal(store: str) -> None:
    # Given a ledger never sealed
    ledger = build_daventry(store, seal=False)
    # When a proof is asked for
    # Then it is refused
    with pytest.raises(NotFound, match="no seal yet"):
        proofs.prove(ledger, "grant")


def test_no_proof_of_a_decision_not_yet_sealed(store: str) -> None:
    # Given a ledger sealed before a decision was proposed
    ledger = build_daventry(store, decision=False)
    ledger.propose_decision("executive", "late", "Late decision", "dc-1")
    # When a proof of it is asked for
    # Then it is refused: none of its events is sealed
    with pytest.raises(NotFound, match="sealed yet"):
        proofs.prove(ledger, "late")


def test_no_proof_of_an_unknown_decision(daventry: Ledger) -> None:
    with pytest.raises(NotFound, match="no decision 'nope'"):
        proofs.prove(daventry, "nope")


def test_no_proof_from_a_store_that_does_not_match_its_seal(daventry: Ledger, store: str
                                                            ) -> None:
    # Given an attacker changing one byte of an early event
    state = bytearray(rows(store)[3][4])
    state[-2] ^= 0x20
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = 4", (bytes(state),)))
    # When a proof is asked for
    # Then it is an integrity failure, not a proof under a root the events no longer have
    with pytest.raises(IntegrityFailure):
        proofs.prove(Ledger(store, "auditor"), "grant")


# ---------------------------------------------------------------------------- checking


def test_a_bundle_as_given_verifies(daventry: Ledger) -> None:
    # Given a bundle, through JSON as a file would carry it
    bundle = json.loads(json.dumps(bundle_of(daventry)))
    # When it is checked alone
    ok, reasons = proofs.verify_proof(bundle)
    # Then it verifies
    assert (ok, reasons) == (True, [])


def _flip_hex(value: str) -> str:
    return ("0" if value[0] != "0" else "1") + value[1:]


def tamper_root(b: dict[str, Any]) -> None:
    b["root"] = _flip_hex(b["root"])


def tamper_leaf(b: dict[str, Any]) -> None:
    b["proofs"][1]["leaf_hash"] = _flip_hex(b["proofs"][1]["leaf_hash"])


def tamper_path(b: dict[str, Any]) -> None:
    b["proofs"][0]["audit_path"][0] = _flip_hex(b["proofs"][0]["audit_path"][0])


def tamper_size(b: dict[str, Any]) -> None:
    b["tree_size"] += 1


def tamper_event(b: dict[str, Any]) -> None:
    event = b["proofs"][0]["event"]
    event["state"] = base64.b64encode(base64.b64decode(event["state"]).replace(
        b"dc-1", b"dc-2")).decode()


def tamper_decision(b: dict[str, Any]) -> None:
    b["decision"] = "other"


def tamper_empty(b: dict[str, Any]) -> None:
    b["proofs"] = []


def tamper_shape(b: dict[str, Any]) -> None:
    b["proofs"][0]["audit_path"] = "abc"


@pytest.mark.parametrize("tamper", [tamper_root, tamper_leaf, tamper_path, tamper_size,
                                    tamper_event, tamper_decision, tamper_empty,
                                    tamper_shape])
def test_a_tampered_bundle_does_not_verify(daventry: Ledger,
                                           tamper: Callable[[dict[str, Any]], None]) -> None:
    # Given a bundle changed in one place
    bundle = bundle_of(daventry)
    tamper(bundle)
    # When it is checked
    ok, reasons = proofs.verify_proof(bundle)
    # Then it fails, with a reason
    assert ok is False
    assert reasons


# ---------------------------------------------------------------------------- the CLI


def test_lsp_prove_and_verify_a_saved_proof(daventry: Ledger, lsp: Lsp, tmp_path: Path
                                            ) -> None:
    # Given a sealed ledger with the decision `grant`
    # When its proof is printed as JSON, saved, and checked
    proved = lsp("prove", "grant", "--json")
    saved = tmp_path / "grant.proof.json"
    saved.write_text(proved.stdout, encoding="utf-8")
    checked = lsp("prove", "--verify", str(saved), "--json")
    as_text = lsp("prove", "grant")
    # Then both exit 0, the proof has CONTRACT.md's fields, and it verifies
    assert proved.exit_code == 0, proved.stderr
    assert proved.stderr == ""
    doc = json.loads(proved.stdout)
    assert {"tree_size", "root", "proofs"} <= doc.keys()
    assert {"position", "leaf_index", "leaf_hash", "audit_path"} <= doc["proofs"][0].keys()
    assert checked.exit_code == 0, checked.stderr
    assert json.loads(checked.stdout)["ok"] is True
    assert as_text.exit_code == 0
    assert "Decision grant: 3 events" in as_text.stdout


def test_lsp_prove_verify_exits_3_for_a_tampered_proof(daventry: Ledger, lsp: Lsp,
                                                       tmp_path: Path) -> None:
    # Given a saved proof whose root was changed, and a file that is not a proof at all
    doc = json.loads(lsp("prove", "grant", "--json").stdout)
    tamper_root(doc)
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc), encoding="utf-8")
    junk = tmp_path / "junk.json"
    junk.write_text("not json", encoding="utf-8")
    # When each is checked
    bad = lsp("prove", "--verify", str(tampered), "--json")
    not_a_proof = lsp("prove", "--verify", str(junk))
    # Then exit 3, the JSON answer says not ok, and the reason is on stderr
    assert bad.exit_code == 3
    assert json.loads(bad.stdout)["ok"] is False
    assert bad.stderr.startswith("Error: the proof does not verify")
    assert not_a_proof.exit_code == 3
    assert not_a_proof.stdout == ""


def test_checking_a_bundle_gives_it_back_or_raises_with_every_reason(daventry: Ledger
                                                                     ) -> None:
    # Given a good bundle, the same with its root changed, and something not a bundle
    good = bundle_of(daventry)
    tampered = json.loads(json.dumps(good))
    tamper_root(tampered)
    # When each is checked
    checked = proofs.check_bundle(good, "good.json")
    with pytest.raises(IntegrityFailure) as bad:
        proofs.check_bundle(tampered, "tampered.json")
    with pytest.raises(IntegrityFailure) as junk:
        proofs.check_bundle(["not", "a", "bundle"], "junk.json")
    # Then the good one comes back; the others fail with the first reason, each further
    # one on a line of its own, and the reasons as their document
    assert checked == good
    ok, reasons = proofs.verify_proof(tampered)
    assert not ok
    first, *more = bad.value.message.splitlines()
    assert first == f"the proof does not verify: {reasons[0]}"
    assert more == [f"  also: {reason}" for reason in reasons[1:]]
    assert bad.value.document == {"ok": False, "reasons": reasons}
    assert junk.value.document == {
        "ok": False, "reasons": ["junk.json is not a proof (JSON from `lsp prove --json`)"]}


def test_lsp_prove_verify_json_on_failure_lists_every_reason(daventry: Ledger, lsp: Lsp,
                                                             tmp_path: Path) -> None:
    # Given a saved proof whose root was changed
    doc = json.loads(lsp("prove", "grant", "--json").stdout)
    tamper_root(doc)
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc), encoding="utf-8")
    # When it is checked with --json
    result = lsp("prove", "--verify", str(tampered), "--json")
    # Then exit 3, and the one JSON document holds every reason, as checking it does
    assert result.exit_code == 3
    answer = json.loads(result.stdout)
    assert answer["ok"] is False
    assert answer["reasons"] == proofs.verify_proof(doc)[1]
    assert answer["error"] == "IntegrityFailure"


@pytest.mark.parametrize("args", [["prove"], ["prove", "grant", "--verify", "x.json"]])
def test_lsp_prove_needs_a_decision_or_a_file_but_not_both(daventry: Ledger, lsp: Lsp,
                                                           tmp_path: Path, args: list[str]
                                                           ) -> None:
    if "x.json" in args:
        (tmp_path / "x.json").write_text("{}", encoding="utf-8")
        args = [a.replace("x.json", str(tmp_path / "x.json")) for a in args]
    # When `lsp prove` is given neither a decision nor --verify, or both
    result = lsp(*args)
    # Then it is a usage error
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage: " in result.stderr


def test_lsp_prove_of_a_tampered_store_exits_3(daventry: Ledger, lsp: Lsp, store: str
                                               ) -> None:
    # Given an attacker changing a byte of an early event
    state = bytearray(rows(store)[3][4])
    state[-2] ^= 0x20
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = 4", (bytes(state),)))
    # When a proof is asked for
    result = lsp("prove", "grant", "--json")
    # Then exit 3 (an integrity failure), with the JSON error document
    assert result.exit_code == 3
    doc = json.loads(result.stdout)
    assert doc["error"] == "IntegrityFailure"
    assert doc["ok"] is False
    assert result.stderr.startswith("Error: ")
