"""Consistency proofs (RFC 9162 section 2.1.4): `merkle.consistency_proof`, `merkle.Tree`,
`merkle.verify_consistency`, `lsp prove --consistency`, `prove --verify`, and the auditor's
standalone docs/consistency_example.py.

Each is checked against an independent implementation written here from the RFC's text
(`rfc_mth`, `rfc_proof`, `rfc_verify`: hashlib only, nothing of ledger/ imported for
them), with hypothesis over the sizes: the proofs must be the RFC's, byte for byte; the
RFC's verifier must accept them; and ours must agree with the RFC's on any proof, good or
tampered.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.app import Ledger
from ledger.audit import merkle
from tests.conftest import EXAMPLES, ROOT, event_count
from tests.helpers import rows

Lsp = Callable[..., Result]
DAVENTRY = str(EXAMPLES / "daventry" / "terms.toml")
SCRIPT = ROOT / "docs" / "consistency_example.py"


# ------------------------------------------------------------------ RFC 9162, from its text


def rfc_hash(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def rfc_mth(entries: list[bytes]) -> bytes:
    """RFC 9162 section 2.1.1: MTH({}) = HASH(); MTH({d(0)}) = HASH(0x00 || d(0)); for
    n > 1, k the largest power of two smaller than n, MTH(D_n) = HASH(0x01 || MTH(D[0:k])
    || MTH(D[k:n]))."""
    n = len(entries)
    if n == 0:
        return rfc_hash(b"")
    if n == 1:
        return rfc_hash(b"\x00" + entries[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return rfc_hash(b"\x01" + rfc_mth(entries[:k]) + rfc_mth(entries[k:]))


def rfc_subproof(m: int, entries: list[bytes], b: bool) -> list[bytes]:
    """RFC 9162 section 2.1.4.1: SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) =
    {MTH(D[m])}; for m < n, k the largest power of two smaller than n: if m <= k,
    SUBPROOF(m, D[0:k], b) : MTH(D[k:n]); if m > k, SUBPROOF(m - k, D[k:n], false) :
    MTH(D[0:k])."""
    n = len(entries)
    if m == n:
        return [] if b else [rfc_mth(entries)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*rfc_subproof(m, entries[:k], b), rfc_mth(entries[k:])]
    return [*rfc_subproof(m - k, entries[k:], False), rfc_mth(entries[:k])]


def rfc_proof(m: int, entries: list[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) = SUBPROOF(m, D[n], true)."""
    return rfc_subproof(m, entries, True)


def rfc_verify(first: int, second: int, first_hash: bytes, second_hash: bytes,
               path: list[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2, step by step, for 0 < first < second."""
    if not path:  # 1. an empty consistency_path fails
        return False
    path = list(path)
    if first & (first - 1) == 0:  # 2. first an exact power of 2: prepend first_hash
        path = [first_hash, *path]
    fn, sn = first - 1, second - 1  # 3.
    while fn & 1:  # 4. right-shift both while LSB(fn) is set
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # 5.
    for c in path[1:]:  # 6.
        if sn == 0:  # 6.1
            return False
        if fn & 1 or fn == sn:  # 6.2
            fr = rfc_hash(b"\x01" + c + fr)
            sr = rfc_hash(b"\x01" + c + sr)
            if not fn & 1:  # right-shift until LSB(fn) is set or fn is 0
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:  # otherwise
            sr = rfc_hash(b"\x01" + sr + c)
        fn >>= 1  # finally, right-shift both once
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0  # 7.


# ---------------------------------------------------------------------------- strategies


@st.composite
def trees(draw: st.DrawFn, most: int = 130) -> tuple[list[bytes], int]:
    """Entries (leaf data) of a tree of n >= 2, and an old size 0 < m < n."""
    n = draw(st.integers(min_value=2, max_value=most))
    entries = [draw(st.binary(min_size=0, max_size=6)) + i.to_bytes(2, "big")
               for i in range(n)]
    m = draw(st.integers(min_value=1, max_value=n - 1))
    return entries, m


def leaf_hashes(entries: list[bytes]) -> list[bytes]:
    return [merkle.leaf_hash(e) for e in entries]


def flip(h: bytes, at: int = 0) -> bytes:
    return h[:at] + bytes([h[at] ^ 0x01]) + h[at + 1:]


# ---------------------------------------------------------------------------- the module


@settings(max_examples=150, deadline=None)
@given(trees())
def test_rfc9162_2_1_4_1_our_proof_is_the_rfcs_proof(tree: tuple[list[bytes], int]) -> None:
    # Given a tree of n entries and an older size m
    entries, m = tree
    # When the proof is made by our module, our Tree, and the RFC's definition
    ours = merkle.consistency_proof(leaf_hashes(entries), m)
    kept = merkle.Tree(leaf_hashes(entries)).consistency_proof(m)
    # Then they are the same hashes in the same order, and the roots agree
    assert ours == kept == rfc_proof(m, entries)
    assert merkle.root(leaf_hashes(entries)) == rfc_mth(entries)
    assert merkle.Tree(leaf_hashes(entries)).root(m) == rfc_mth(entries[:m])


@settings(max_examples=150, deadline=None)
@given(trees())
def test_rfc9162_2_1_4_2_both_verifiers_accept_a_good_proof(
        tree: tuple[list[bytes], int]) -> None:
    # Given a tree, an older size, and the proof between them
    entries, m = tree
    n = len(entries)
    old, new = rfc_mth(entries[:m]), rfc_mth(entries)
    proof = merkle.consistency_proof(leaf_hashes(entries), m)
    # When the RFC's verifier and ours check it
    # Then both accept it
    assert rfc_verify(m, n, old, new, proof)
    assert merkle.verify_consistency(m, n, old, new, proof)


@settings(max_examples=150, deadline=None)
@given(trees(), st.data())
def test_rfc9162_2_1_4_2_both_verifiers_refuse_a_tampered_proof(
        tree: tuple[list[bytes], int], data: st.DataObject) -> None:
    # Given a good proof between two sizes
    entries, m = tree
    n = len(entries)
    old, new = rfc_mth(entries[:m]), rfc_mth(entries)
    proof = rfc_proof(m, entries)
    at = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
    # When one hash is flipped, an element dropped or added, or a root is another's
    tampered = [
        (m, n, old, new, [*proof[:at], flip(proof[at], at % 32), *proof[at + 1:]]),
        (m, n, old, new, proof[:-1]),
        (m, n, old, new, [*proof, proof[-1]]),
        (m, n, flip(old), new, proof),
        (m, n, old, flip(new, 31), proof),
    ]
    # Then neither verifier accepts any of them
    for case in tampered:
        assert not rfc_verify(*case), case
        assert not merkle.verify_consistency(*case), case


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=70), st.integers(min_value=1, max_value=70),
       st.lists(st.binary(min_size=32, max_size=32), max_size=9),
       st.binary(min_size=32, max_size=32), st.binary(min_size=32, max_size=32))
def test_rfc9162_2_1_4_2_our_verifier_agrees_with_the_rfcs_on_any_input(
        a: int, b: int, path: list[bytes], old: bytes, new: bytes) -> None:
    # Given any two sizes 0 < m < n, any path and any roots (almost always nonsense)
    m, n = min(a, b), max(a, b)
    if m == n:
        n += 1
    # When both verifiers judge them
    # Then they agree
    assert merkle.verify_consistency(m, n, old, new, path) == rfc_verify(m, n, old, new, path)


@settings(max_examples=60, deadline=None)
@given(trees())
def test_rfc9162_2_1_4_2_the_auditors_script_agrees(tree: tuple[list[bytes], int]) -> None:
    # Given a good proof, and the same proof with one hash flipped
    entries, m = tree
    n = len(entries)
    old, new = rfc_mth(entries[:m]), rfc_mth(entries)
    proof = rfc_proof(m, entries)
    script = auditors_script()
    # When docs/consistency_example.py checks each
    # Then it accepts the first and refuses the second
    assert script.verify_consistency(m, n, old, new, proof)
    assert not script.verify_consistency(m, n, old, new, [flip(proof[0]), *proof[1:]])


def test_rfc9162_a_tree_of_many_proofs_hashes_each_large_subtree_once() -> None:
    # Given a tree of 5000 leaves and proofs from every hundredth size to the whole
    leaves = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(5000)]
    tree = merkle.Tree(leaves)
    # When they are all made from the one Tree
    proofs = {m: tree.consistency_proof(m) for m in range(100, 5000, 100)}
    # Then each is the module's plain proof, and the Tree kept only large subtrees
    for m in (100, 2400, 4900):
        assert proofs[m] == merkle.consistency_proof(leaves, m)
    assert all(hi - lo >= merkle.CACHED_FROM for lo, hi in tree._cache)
    assert len(tree._cache) < 2 * 5000 // merkle.CACHED_FROM + 64


# ---------------------------------------------------------------------------- the command


def auditors_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("consistency_example", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def exported_entries(store: str) -> list[bytes]:
    """Each stored event's leaf input, as CONTRACT.md defines it, computed here."""
    return [json.dumps({"originator_id": str(uuid.UUID(hex=oid)), "originator_version": v,
                        "topic": topic, "state": base64.b64encode(state).decode("ascii")},
                       sort_keys=True, separators=(",", ":")).encode("utf-8")
            for _, oid, v, topic, state in rows(store)]


@pytest.fixture
def sealed(lsp: Lsp, store: str) -> str:
    """A ledger of five organisations, sealed after the second and at the end."""
    assert lsp("init", "Daventry LSP", "--terms", DAVENTRY, "--on", "2026-04-01").exit_code == 0
    for n in range(5):
        assert lsp("org", "add", f"org-{n}", "--name", f"Org {n}").exit_code == 0
        if n in (1, 4):
            assert lsp("seal").exit_code == 0
    return store


def test_prove_consistency_rfc9162_2_1_4_from_an_old_size_to_the_latest_seal(
        sealed: str, lsp: Lsp, tmp_path: Path) -> None:
    # Given a sealed ledger and its events as an auditor exports them
    entries = exported_entries(sealed)
    latest = json.loads(lsp("seal", "--json").stdout)  # nothing new: the latest seal
    # When a consistency proof from 3 events to the latest seal is asked for
    result = lsp("prove", "--consistency", "3", "--json")
    # Then it is the RFC's proof between those trees, and the RFC's verifier accepts it
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {"old_size", "new_size", "old_root", "new_root", "proof"} <= set(doc)
    n = latest["tree_size"]
    assert (doc["old_size"], doc["new_size"]) == (3, n)
    assert doc["old_root"] == rfc_mth(entries[:3]).hex()
    assert doc["new_root"] == rfc_mth(entries[:n]).hex() == latest["root"]
    proof = [bytes.fromhex(h) for h in doc["proof"]]
    assert proof == rfc_proof(3, entries[:n])
    assert rfc_verify(3, n, bytes.fromhex(doc["old_root"]), bytes.fromhex(doc["new_root"]),
                      proof)
    # and the auditor's script and `prove --verify` accept it too
    saved = tmp_path / "proof.json"
    saved.write_text(result.stdout, encoding="utf-8")
    assert auditors_script().main(str(saved)) == 0
    checked = lsp("prove", "--verify", str(saved), "--json")
    assert checked.exit_code == 0, checked.stderr
    assert json.loads(checked.stdout)["ok"] is True


def test_prove_consistency_to_a_size_given(sealed: str, lsp: Lsp) -> None:
    # Given a sealed ledger
    entries = exported_entries(sealed)
    # When the proof between two sizes of one's choice is asked for
    doc = json.loads(lsp("prove", "--consistency", "2", "--to", "5", "--json").stdout)
    # Then it is the RFC's proof between those two trees
    assert (doc["old_size"], doc["new_size"]) == (2, 5)
    assert [bytes.fromhex(h) for h in doc["proof"]] == rfc_proof(2, entries[:5])
    assert doc["new_is_latest_seal"] is False


def test_prove_verify_rfc9162_2_1_4_2_a_tampered_consistency_proof_exits_3(
        sealed: str, lsp: Lsp, tmp_path: Path) -> None:
    # Given a consistency proof with one hash changed
    doc = json.loads(lsp("prove", "--consistency", "3", "--json").stdout)
    doc["proof"][0] = flip(bytes.fromhex(doc["proof"][0])).hex()
    saved = tmp_path / "tampered.json"
    saved.write_text(json.dumps(doc), encoding="utf-8")
    # When it is checked
    result = lsp("prove", "--verify", str(saved), "--json")
    # Then exit 3, saying the proof does not verify
    assert result.exit_code == 3
    refused = json.loads(result.stdout)
    assert refused["ok"] is False
    assert refused["reasons"][0].startswith("the proof does not show that the tree of ")
    assert auditors_script().main(str(saved)) == 3


@pytest.mark.parametrize(("args", "says"), [
    (("--consistency", "9", "--to", "4"), "the old size 9 is larger than the new size 4"),
    (("--consistency", "2", "--to", "999"), "fewer than the new size 999"),
])
def test_prove_consistency_refuses_sizes_that_do_not_fit_recording_nothing(
        sealed: str, lsp: Lsp, args: tuple[str, ...], says: str) -> None:
    # Given a sealed ledger
    with Ledger(sealed, "counter") as ledger:
        before = event_count(ledger)
    # When a proof between sizes that do not fit is asked for
    result = lsp("prove", *args)
    # Then it is refused (exit 1), saying why, and nothing is recorded
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and says in result.stderr
    with Ledger(sealed, "counter") as ledger:
        assert event_count(ledger) == before


def test_prove_consistency_of_a_ledger_never_sealed_needs_a_new_size(lsp: Lsp) -> None:
    # Given a ledger never sealed
    assert lsp("init", "Daventry LSP", "--terms", DAVENTRY).exit_code == 0
    # When a proof to "the latest seal" is asked for, then one to a size given
    refused = lsp("prove", "--consistency", "1")
    given_size = lsp("prove", "--consistency", "1", "--to", "2")
    # Then the first is refused naming `lsp seal`, the second is made
    assert refused.exit_code == 1 and "`lsp seal`" in refused.stderr
    assert given_size.exit_code == 0, given_size.stderr


def test_prove_takes_exactly_one_of_decision_consistency_and_verify(sealed: str,
                                                                   lsp: Lsp) -> None:
    # Given a sealed ledger
    # When prove is given both a decision and --consistency, or --to alone
    both = lsp("prove", "grant-1", "--consistency", "1")
    alone = lsp("prove", "--to", "3")
    # Then both are usage errors
    assert both.exit_code == 2 and alone.exit_code == 2
