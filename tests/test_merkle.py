"""The Merkle tree of the seals (ledger/audit/merkle.py) against RFC 6962 and its published vectors.

The reference vectors are the Certificate Transparency project's known-answer tests for the
8-leaf reference tree, copied by hand with their source named beside each table. Around
them, properties: the frontier a seal stores gives the same root as hashing everything
again, and every proof verifies while any change to what it proves is refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.audit import merkle
from ledger.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    leaf_input,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

PROPERTY = settings(max_examples=150, deadline=None)

# ---------------------------------------------------------------------------- vectors
#
# Source: google/certificate-transparency, cpp/merkletree/merkle_tree_test.cc, "KNOWN
# ANSWER TESTS" (kInputs, kSHA256EmptyTreeHash, kSHA256Roots, kSHA256Paths, kSHA256Proofs),
# the reference implementation of RFC 6962; the same tables are in
# transparency-dev/merkle, proof/verify_test.go (inclusionProofs, consistencyProofs, roots,
# leaves). Those files number leaves from 1 (`leaf`); here indices count from 0.

# kInputs: the eight leaf inputs of the reference tree, in hex.
REFERENCE_INPUTS = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
LEAVES = [leaf_hash(bytes.fromhex(x)) for x in REFERENCE_INPUTS]

# kSHA256EmptyTreeHash, then kSHA256Roots: ROOTS[n] is the root of the first n leaves.
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# kSHA256Paths (the non-empty ones): (leaf index from 0, tree size, audit path).
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]

# kSHA256Proofs: (old size, new size, consistency proof). The last one, (6, 7), is only in
# transparency-dev/merkle's proof/verify_test.go (consistencyProofs).
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]

# The "some hash" the transparency-dev verifier tests use as a wrong but well-formed hash.
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def flipped(data: bytes, at: int = 0, mask: int = 0x08) -> bytes:
    """`data` with the bits of `mask` flipped in byte `at`."""
    out = bytearray(data)
    out[at] ^= mask
    return bytes(out)


def hashes_of(n: int, salt: bytes = b"") -> list[bytes]:
    """n distinct leaf hashes."""
    return [leaf_hash(salt + i.to_bytes(4, "big")) for i in range(n)]


# ---------------------------------------------------------------------------- hashing


def test_leaf_and_node_hashes_are_sha256_with_the_rfc_6962_prefixes() -> None:
    # Given the first two leaf inputs of the reference tree
    first, second = (bytes.fromhex(x) for x in REFERENCE_INPUTS[:2])
    # When they are hashed as leaves and joined as a node
    leaves = leaf_hash(first), leaf_hash(second)
    node = node_hash(*leaves)
    # Then a leaf is SHA-256(0x00 || input) and a node SHA-256(0x01 || left || right), which
    # give the published roots of the trees of one and two leaves
    assert leaves[0] == hashlib.sha256(b"\x00" + first).digest() == h(ROOTS[1])
    assert node == hashlib.sha256(b"\x01" + leaves[0] + leaves[1]).digest() == h(ROOTS[2])
    # and a leaf whose input looks like a node's is not that node (section 2.1's prefixes)
    assert leaf_hash(b"\x01" + leaves[0] + leaves[1]) != node


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_root_of_the_reference_tree_is_the_published_one(size: int) -> None:
    # Given the first `size` leaves of the reference tree
    leaves = LEAVES[:size]
    # When their Merkle Tree Hash is computed
    computed = root(leaves)
    # Then it is kSHA256Roots (and, for no leaves, SHA-256 of the empty string)
    assert computed.hex() == ROOTS[size]
    assert root([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()


def test_the_frontier_gives_the_published_root_after_every_append() -> None:
    # Given an empty frontier
    frontier = Frontier.empty()
    roots = [frontier.root().hex()]
    # When the reference leaves are appended one by one
    for leaf in LEAVES:
        frontier.append(leaf)
        roots.append(frontier.root().hex())
    # Then each root along the way is the published one, from one hash per set bit of size
    assert roots == ROOTS
    assert frontier.size == 8
    assert frontier.hashes == (h(ROOTS[8]),)


# ---------------------------------------------------------------------------- leaf input


def test_leaf_input_is_the_sorted_compact_json_of_the_four_exported_fields() -> None:
    # Given an event as the export writes it: its UUID's canonical string, version, topic
    # and the stored state bytes (here not even UTF-8, as a compressed state would be)
    originator_id = "5b0f6f8e-5d1a-4b7c-9a43-0e6e2f1c9d10"
    state = b"\xff\x00{}"
    # When its leaf input is built
    data = leaf_input(originator_id, 7, "lsp:body.SeatFilled", state)
    # Then it is exactly the JSON of CONTRACT.md: keys sorted, no spaces, base64 state
    assert data == (
        b'{"originator_id":"5b0f6f8e-5d1a-4b7c-9a43-0e6e2f1c9d10","originator_version":7,'
        b'"state":"/wB7fQ==","topic":"lsp:body.SeatFilled"}'
    )
    # and what an auditor writes with json and base64 alone is the same bytes
    auditor = json.dumps(
        {"topic": "lsp:body.SeatFilled", "state": base64.b64encode(state).decode(),
         "originator_version": 7, "originator_id": originator_id},
        sort_keys=True, separators=(",", ":"),
    ).encode("utf-8")
    assert data == auditor


@pytest.mark.parametrize(("field", "other"), [
    ("originator_id", ("5b0f6f8e-5d1a-4b7c-9a43-0e6e2f1c9d11", 7, "lsp:t", b"s")),
    ("originator_version", ("5b0f6f8e-5d1a-4b7c-9a43-0e6e2f1c9d10", 8, "lsp:t", b"s")),
    ("topic", ("5b0f6f8e-5d1a-4b7c-9a43-0e6e2f1c9d10", 7, "lsp:u", b"s")),
    ("state", ("5b0f6f8e-5d1a-4b7c-9a43-0e6e2f1c9d10", 7, "lsp:t", b"S")),
])
def test_every_field_of_the_event_changes_its_leaf(
    field: str, other: tuple[str, int, str, bytes]
) -> None:
    # Given an event, and the same event with only `field` changed
    event = ("5b0f6f8e-5d1a-4b7c-9a43-0e6e2f1c9d10", 7, "lsp:t", b"s")
    # When both are hashed as leaves
    before, after = leaf_hash(leaf_input(*event)), leaf_hash(leaf_input(*other))
    # Then the leaf hashes differ
    assert before != after, field


def test_leaf_input_refuses_a_version_that_is_not_an_int() -> None:
    # Given a version given as a bool (which JSON would write as `true`)
    # When a leaf input is built from it
    # Then it is refused rather than hashed
    with pytest.raises(ValueError, match="originator_version"):
        leaf_input("5b0f6f8e-5d1a-4b7c-9a43-0e6e2f1c9d10", True, "lsp:t", b"")


# ---------------------------------------------------------------------------- inclusion


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION,
                         ids=[f"leaf{i}-of-{n}" for i, n, _ in INCLUSION])
def test_inclusion_proofs_of_the_reference_tree_are_the_published_ones(
    index: int, size: int, path: list[str]
) -> None:
    # Given the reference tree of `size` leaves
    leaves = LEAVES[:size]
    # When the audit path of leaf `index` is built
    proof = inclusion_proof(leaves, index)
    # Then it is kSHA256Paths, and it verifies under the published root
    assert [p.hex() for p in proof] == path
    assert verify_inclusion(LEAVES[index], index, size, proof, h(ROOTS[size]))


def corrupt_inclusion(index: int, size: int, proof: list[bytes], top: bytes,
                      leaf: bytes) -> dict[str, tuple[bytes, int, int, list[bytes], bytes]]:
    """The wrong claims transparency-dev/merkle's verifier tests try on each known proof
    (proof/verify_test.go, corruptInclusionProof), as (leaf, index, size, proof, root)."""
    probes = {
        "index - 1": (leaf, index - 1, size, proof, top),
        "index + 1": (leaf, index + 1, size, proof, top),
        "index ^ 2": (leaf, index ^ 2, size, proof, top),
        "size * 2": (leaf, index, size * 2, proof, top),
        "size / 2": (leaf, index, size // 2, proof, top),
        "wrong leaf": (b"WrongLeaf", index, size, proof, top),
        "leaf of another input": (leaf_hash(b"WrongLeaf"), index, size, proof, top),
        "empty root": (leaf, index, size, proof, EMPTY_ROOT),
        "random root": (leaf, index, size, proof, SOME_HASH),
        "trailing garbage": (leaf, index, size, [*proof, b""], top),
        "trailing root": (leaf, index, size, [*proof, top], top),
        "preceding garbage": (leaf, index, size, [b"", *proof], top),
        "preceding root": (leaf, index, size, [top, *proof], top),
    }
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = flipped(wrong[i])
        probes[f"proof[{i}] bit 3"] = (leaf, index, size, wrong, top)
    if proof:
        probes["removed component"] = (leaf, index, size, proof[:-1], top)
    if len(proof) > 1:
        probes["inserted component"] = (leaf, index, size, [proof[0], SOME_HASH, *proof[1:]],
                                        top)
    return probes


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION,
                         ids=[f"leaf{i}-of-{n}" for i, n, _ in INCLUSION])
def test_a_published_inclusion_proof_proves_nothing_else(
    index: int, size: int, path: list[str]
) -> None:
    # Given a published proof, and every way of misusing it the reference verifier tries
    probes = corrupt_inclusion(index, size, [h(p) for p in path], h(ROOTS[size]),
                               LEAVES[index])
    # When each wrong claim is verified
    accepted = [name for name, claim in probes.items() if verify_inclusion(*claim)]
    # Then none is accepted
    assert accepted == []
    assert len(probes) >= 11


@pytest.mark.parametrize(("index", "size"), [(0, 0), (1, 0), (1, 1), (2, 1), (-1, 1)])
def test_an_index_outside_the_tree_is_never_included(index: int, size: int) -> None:
    # Given a leaf index that is not in a tree of `size` leaves (the verifier tests' probes)
    claims = [(SOME_HASH, b""), (b"", EMPTY_ROOT), (SOME_HASH, EMPTY_ROOT), (SOME_HASH, SOME_HASH)]
    # When inclusion is verified with an empty proof, whatever the leaf and root
    answers = [verify_inclusion(leaf, index, size, [], top) for leaf, top in claims]
    # Then it is refused every time, and a proof cannot even be built
    assert answers == [False] * len(claims)
    with pytest.raises(ValueError, match="not in a tree"):
        inclusion_proof(LEAVES[:size], index)


def test_a_single_leaf_is_its_own_root_with_an_empty_proof() -> None:
    # Given a tree of one leaf (transparency-dev's TestVerifyInclusionSingleEntry)
    only = leaf_hash(b"data")
    # When its root and proof are taken
    top, proof = root([only]), inclusion_proof([only], 0)
    # Then the root is the leaf hash, the empty proof verifies, and hashes that are not 32
    # bytes are refused
    assert (top, proof) == (only, [])
    assert verify_inclusion(only, 0, 1, [], top)
    assert not verify_inclusion(b"", 0, 1, [], top)
    assert not verify_inclusion(only, 0, 1, [], b"")
    assert not verify_inclusion(b"", 0, 1, [], b"")


def test_every_leaf_of_every_small_tree_has_a_short_proof_that_verifies() -> None:
    # Given every tree of 1 to 64 leaves
    checked = 0
    for size in range(1, 65):
        leaves = hashes_of(size)
        top = root(leaves)
        for index in range(size):
            # When each leaf's proof is built
            proof = inclusion_proof(leaves, index)
            # Then it verifies, and holds at most ceil(log2 size) hashes
            assert verify_inclusion(leaves[index], index, size, proof, top), (index, size)
            assert len(proof) <= (size - 1).bit_length()
            checked += 1
    assert checked == 64 * 65 // 2


def test_the_tree_size_of_an_inclusion_proof_comes_from_the_seal_not_the_proof() -> None:
    # Given the proof of leaf 0 in the tree of 5 leaves: the same shape (three left turns)
    # as the proof of leaf 0 in a tree of 6
    proof = inclusion_proof(LEAVES[:5], 0)
    # When it is verified with the published root of 5 leaves but a claimed size of 6
    fooled = verify_inclusion(LEAVES[0], 0, 6, proof, h(ROOTS[5]))
    # Then it passes: RFC 6962 binds the size to the root through the signed tree head (here
    # the seal), so a verifier must take tree_size from the seal, never from the proof
    assert fooled


leaf_lists = st.lists(st.binary(max_size=24), min_size=1, max_size=300).map(
    lambda inputs: [leaf_hash(i.to_bytes(2, "big") + x) for i, x in enumerate(inputs)]
)


@PROPERTY
@given(leaves=leaf_lists, data=st.data())
def test_every_inclusion_proof_verifies_and_any_flipped_byte_is_refused(
    leaves: list[bytes], data: st.DataObject
) -> None:
    # Given a tree of distinct leaves, one leaf of it and its proof
    size = len(leaves)
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = inclusion_proof(leaves, index)
    top = root(leaves)
    assert verify_inclusion(leaves[index], index, size, proof, top)
    # When one byte of the leaf, of a proof hash or of the root is flipped
    where = data.draw(st.integers(-2, len(proof) - 1), label="which hash (-2 leaf, -1 root)")
    at = data.draw(st.integers(0, merkle.HASH_SIZE - 1), label="byte")
    mask = data.draw(st.integers(1, 255), label="mask")
    leaf, wrong_proof, wrong_root = leaves[index], list(proof), top
    if where == -2:
        leaf = flipped(leaf, at, mask)
    elif where == -1:
        wrong_root = flipped(top, at, mask)
    else:
        wrong_proof[where] = flipped(proof[where], at, mask)
    # Then the proof no longer verifies
    assert not verify_inclusion(leaf, index, size, wrong_proof, wrong_root)


@PROPERTY
@given(leaves=leaf_lists, data=st.data())
def test_an_inclusion_proof_is_refused_for_any_other_index_or_a_halved_or_doubled_size(
    leaves: list[bytes], data: st.DataObject
) -> None:
    # Given a leaf's proof in a tree of at least two leaves
    size = len(leaves)
    index = data.draw(st.integers(0, size - 1), label="index")
    proof, top = inclusion_proof(leaves, index), root(leaves)
    # When it is claimed for another position, or for a tree half or twice the size
    other = data.draw(st.integers(0, size - 1).filter(lambda i: i != index) if size > 1
                      else st.just(-1), label="other index")
    claims = [(other, size), (index, size * 2), (index, size // 2)]
    # Then every claim is refused
    assert [verify_inclusion(leaves[index], i, n, proof, top) for i, n in claims] == [
        False, False, False]


# ---------------------------------------------------------------------------- consistency


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY,
                         ids=[f"{m}-to-{n}" for m, n, _ in CONSISTENCY])
def test_consistency_proofs_of_the_reference_tree_are_the_published_ones(
    old: int, new: int, path: list[str]
) -> None:
    # Given the reference tree of `new` leaves
    leaves = LEAVES[:new]
    # When the proof that its first `old` leaves are a prefix is built
    proof = consistency_proof(leaves, old)
    # Then it is the published one, and it verifies between the published roots
    assert [p.hex() for p in proof] == path
    assert verify_consistency(old, new, h(ROOTS[old]), h(ROOTS[new]), proof)


def corrupt_consistency(old: int, new: int, old_root: bytes, new_root: bytes,
                        proof: list[bytes]) -> dict[str, tuple[int, int, bytes, bytes,
                                                               list[bytes]]]:
    """The wrong claims of transparency-dev/merkle's corruptConsistencyProof, as
    (old size, new size, old root, new root, proof)."""
    probes = {
        "old - 1": (old - 1, new, old_root, new_root, proof),
        "old + 1": (old + 1, new, old_root, new_root, proof),
        "old ^ 2": (old ^ 2, new, old_root, new_root, proof),
        "new * 2": (old, new * 2, old_root, new_root, proof),
        "new / 2": (old, new // 2, old_root, new_root, proof),
        "wrong old root": (old, new, b"WrongRoot", new_root, proof),
        "wrong new root": (old, new, old_root, b"WrongRoot", proof),
        "another old root": (old, new, SOME_HASH, new_root, proof),
        "another new root": (old, new, old_root, SOME_HASH, proof),
        "swapped roots": (old, new, new_root, old_root, proof),
        "empty proof": (old, new, old_root, new_root, []),
        "trailing garbage": (old, new, old_root, new_root, [*proof, b""]),
        "trailing old root": (old, new, old_root, new_root, [*proof, old_root]),
        "trailing new root": (old, new, old_root, new_root, [*proof, new_root]),
        "preceding garbage": (old, new, old_root, new_root, [b"", *proof]),
        "preceding old root": (old, new, old_root, new_root, [old_root, *proof]),
        "preceding new root": (old, new, old_root, new_root, [new_root, *proof]),
        "preceding proof[0]": (old, new, old_root, new_root, [proof[0], *proof]),
        "truncated proof": (old, new, old_root, new_root, proof[:-1]),
    }
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = flipped(wrong[i], mask=0x10)
        probes[f"proof[{i}] bit 4"] = (old, new, old_root, new_root, wrong)
    return probes


NON_TRIVIAL = [(m, n, p) for m, n, p in CONSISTENCY if p]


@pytest.mark.parametrize(("old", "new", "path"), NON_TRIVIAL,
                         ids=[f"{m}-to-{n}" for m, n, _ in NON_TRIVIAL])
def test_a_published_consistency_proof_proves_nothing_else(
    old: int, new: int, path: list[str]
) -> None:
    # Given a published consistency proof, and every misuse the reference tests try
    probes = corrupt_consistency(old, new, h(ROOTS[old]), h(ROOTS[new]), [h(p) for p in path])
    # When each wrong claim is verified
    accepted = [name for name, claim in probes.items() if verify_consistency(*claim)]
    # Then none is accepted
    assert accepted == []


# The trivial cases of transparency-dev/merkle's TestVerifyConsistency, with one deliberate
# difference: for an old size of 0 the old root must be the empty tree's.
R1, R2 = h(ROOTS[1]), h(ROOTS[2])


@pytest.mark.parametrize(("old", "new", "old_root", "new_root", "proof", "expected"), [
    (0, 0, EMPTY_ROOT, EMPTY_ROOT, [], True),
    (0, 0, R1, R1, [], False),  # the empty tree has one root
    (0, 1, EMPTY_ROOT, R1, [], True),
    (0, 1, R1, R1, [], False),  # "don't care" in transparency-dev; refused here
    (1, 1, R2, R2, [], True),
    (1, 1, R1, R2, [], False),  # roots don't match
    (1, 0, R1, R2, [], False),  # time travel to the past
    (2, 1, R1, R2, [], False),
    (1, 2, R1, R2, [], False),  # empty proof between different sizes
    (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),  # roots match, proof not empty
    (0, 1, EMPTY_ROOT, R1, [EMPTY_ROOT], False),
    (1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),
    (-1, 1, EMPTY_ROOT, R1, [], False),
])
def test_trivial_consistency_claims(old: int, new: int, old_root: bytes, new_root: bytes,
                                    proof: list[bytes], expected: bool) -> None:
    # Given a claim between sizes where at most an empty proof is needed
    # When it is verified
    answer = verify_consistency(old, new, old_root, new_root, proof)
    # Then it holds exactly when the sizes grow and the roots are the ones they must be
    assert answer is expected


@pytest.mark.parametrize(("old", "size"), [(-1, 3), (4, 3), (1, 0)])
def test_a_consistency_proof_needs_an_old_size_within_the_tree(old: int, size: int) -> None:
    # Given an old size that is not between 0 and the number of leaves
    # When a consistency proof is asked for
    # Then it is refused
    with pytest.raises(ValueError, match="old size"):
        consistency_proof(LEAVES[:size], old)


sizes = st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@PROPERTY
@given(old_new=sizes, data=st.data())
def test_consistency_proofs_verify_between_any_two_sizes_and_catch_a_rewritten_past(
    old_new: tuple[int, int], data: st.DataObject
) -> None:
    # Given a ledger sealed at `old` leaves and again at `new`, and the proof between them
    old, new = old_new
    leaves = hashes_of(new)
    old_root, new_root = root(leaves[:old]), root(leaves)
    proof = consistency_proof(leaves, old)
    assert verify_consistency(old, new, old_root, new_root, proof)
    assert len(proof) <= 2 * (new - 1).bit_length()
    if old == 0:
        return  # nothing before the first seal to rewrite
    # When one event of the old tree is rewritten, and the log pretends it always was so
    changed = data.draw(st.integers(0, old - 1), label="rewritten leaf")
    forged = list(leaves)
    forged[changed] = leaf_hash(b"forged")
    forged_old_root, forged_new_root = root(forged[:old]), root(forged)
    forged_proof = consistency_proof(forged, old)
    # Then neither the forged past nor the forged present is consistent with what was sealed
    assert not verify_consistency(old, new, forged_old_root, new_root, proof)
    assert not verify_consistency(old, new, old_root, forged_new_root, forged_proof)
    assert not verify_consistency(old, new, forged_old_root, new_root, forged_proof)
    # and the proof does not pass for any other old size either
    other = data.draw(st.integers(0, new).filter(lambda m: m != old), label="other old size")
    assert not verify_consistency(other, new, old_root, new_root, proof)


# ---------------------------------------------------------------------------- frontier


def test_the_frontier_root_equals_the_full_root_for_every_size_up_to_300() -> None:
    # Given 300 leaves and an empty frontier
    leaves = hashes_of(300)
    frontier = Frontier.empty()
    mismatched = []
    # When they are appended one at a time
    for n, leaf in enumerate(leaves, start=1):
        frontier.append(leaf)
        # Then after each append the frontier's root is the MTH of all leaves so far, from
        # one stored hash per set bit of the size
        if frontier.root() != root(leaves[:n]) or len(frontier.hashes) != n.bit_count():
            mismatched.append(n)
    assert mismatched == []
    assert frontier.size == 300


@PROPERTY
@given(leaves=st.lists(st.binary(max_size=16), max_size=300), data=st.data())
def test_a_frontier_stored_in_a_seal_carries_on_to_the_same_root(
    leaves: list[bytes], data: st.DataObject
) -> None:
    # Given a frontier sealed after the first `cut` leaves and stored as hex
    hashes = [leaf_hash(x) for x in leaves]
    cut = data.draw(st.integers(0, len(hashes)), label="sealed at")
    sealed = Frontier.of(hashes[:cut])
    stored = json.loads(json.dumps({"tree_size": sealed.size, "frontier": sealed.to_hex()}))
    # When it is read back and only the later leaves are appended
    resumed = Frontier.from_hex(stored["tree_size"], stored["frontier"])
    assert resumed == sealed
    assert resumed.root() == root(hashes[:cut])
    resumed.extend(hashes[cut:])
    # Then its root is the root of every leaf, as if nothing had been stored
    assert resumed.root() == root(hashes)
    assert resumed == Frontier.of(hashes)


def test_a_seal_needs_only_the_events_since_the_last_seal() -> None:
    # Given a first seal over three events, storing its root and frontier
    events = [(f"00000000-0000-0000-0000-00000000000{i}", 1, "lsp:body.Created", b"{}")
              for i in range(1, 8)]
    leaves = [leaf_hash(leaf_input(*e)) for e in events]
    first = Frontier.of(leaves[:3])
    seal = json.dumps({"tree_size": first.size, "root": first.root().hex(),
                       "frontier": first.to_hex(), "format": merkle.FORMAT})
    # When the next seal starts from that frontier and hashes only the four new events
    stored = json.loads(seal)
    resumed = Frontier.from_hex(stored["tree_size"], stored["frontier"])
    resumed.extend(leaves[3:])
    # Then its root is the full root, and the two seals are provably consistent
    assert resumed.root() == root(leaves)
    assert stored["root"] == root(leaves[:3]).hex()
    assert verify_consistency(3, 7, h(stored["root"]), resumed.root(),
                              consistency_proof(leaves, 3))


def test_appending_to_a_copy_leaves_the_original_alone() -> None:
    # Given a frontier of five leaves and a copy of it
    frontier = Frontier.of(LEAVES[:5])
    copy = frontier.copy()
    # When a leaf is appended to the copy
    copy.append(LEAVES[5])
    # Then only the copy changed, and each has the published root of its size
    assert (frontier.size, frontier.root().hex()) == (5, ROOTS[5])
    assert (copy.size, copy.root().hex()) == (6, ROOTS[6])
    assert frontier != copy
    assert eval(repr(frontier), {"Frontier": Frontier}) == frontier


GOOD = LEAVES[0].hex()


@pytest.mark.parametrize(("size", "hashes", "problem"), [
    (3, [GOOD], "has 2 frontier hashes, not 1"),  # 3 = 2 + 1 needs two subtrees
    (2, [GOOD, GOOD], "has 1 frontier hashes, not 2"),
    (0, [GOOD], "has 0 frontier hashes"),
    (-1, [], "whole number"),
    (1, [GOOD.upper()], "lowercase hex"),
    (1, [GOOD[:-2]], "lowercase hex"),
    (1, [" " + GOOD[1:]], "lowercase hex"),
    (1, GOOD, "list of hex strings"),
])
def test_a_damaged_frontier_is_refused(size: int, hashes: Sequence[str], problem: str) -> None:
    # Given a seal's frontier that does not fit its tree size, or is not clean hex
    # When it is read
    # Then it is refused, saying why
    with pytest.raises(ValueError, match=problem):
        Frontier.from_hex(size, hashes)


@pytest.mark.parametrize("call", [
    lambda: Frontier.empty().append(b"short"),
    lambda: root([b"short"]),
    lambda: inclusion_proof([LEAVES[0], b"short"], 0),
    lambda: consistency_proof([LEAVES[0], b"short"], 1),
], ids=["append", "root", "inclusion_proof", "consistency_proof"])
def test_a_leaf_hash_that_is_not_32_bytes_is_refused(call: Callable[[], object]) -> None:
    # Given a "leaf hash" that is not a SHA-256 digest (a leaf input passed by mistake)
    # When it is put into a tree
    # Then it is refused rather than hashed into a root no verifier would reproduce
    with pytest.raises(ValueError, match="32 bytes"):
        call()
