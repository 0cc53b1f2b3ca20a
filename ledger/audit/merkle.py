"""The Merkle tree behind the seals: RFC 6962 hashing, proofs and a compact right frontier.

Why a tree. A seal (CONTRACT.md, "The export format and the seals") pins the ledger as it
stood: it records `tree_size`, the number of events before it, and `root`, one SHA-256
hash that depends on every byte of those events and on their order. Change, drop or swap
any sealed event and the root an auditor recomputes from the export no longer matches.
A Merkle tree gives that root two more uses: a short *inclusion proof* that one event is
under a root (`lsp prove`), and a short *consistency proof* that a later seal extends an
earlier one rather than rewriting it.

This module is pure: no I/O, no eventsourcing, only the standard library (hashlib, plus json
and base64 for the leaf bytes). The application reads events and stores seals; it calls
these functions. Misuse (an index outside the tree, a hash that is not 32 bytes, a frontier
of the wrong shape) raises `ValueError`; the verifiers never raise, they answer False.

The bytes, exactly (RFC 6962 section 2.1, with SHA-256)::

    leaf input    the event's four exported fields as JSON (see `leaf_input`)
    leaf hash     SHA-256(0x00 || leaf input)
    node hash     SHA-256(0x01 || left child hash || right child hash)
    empty tree    SHA-256 of the empty string (e3b0c442...b855)

The 0x00 and 0x01 prefixes keep a leaf from ever being passed off as an inner node (the
second-preimage defence of section 2.1). The Merkle Tree Hash MTH of n leaves splits at k,
the largest power of two smaller than n: MTH(D[0:n]) = node(MTH(D[0:k]), MTH(D[k:n])). So
the left part is always a perfect tree and the ragged part is on the right. Seven leaves::

                    root
               /            \\
           h0123            h456
          /     \\          /    \\
       h01       h23     h45     l6
      /   \\     /   \\   /   \\
     l0   l1   l2   l3 l4   l5

Here `root()` computes MTH from the leaf hashes (O(n) hashes). `inclusion_proof` gives the
audit path of section 2.1.1 (for l4 above: l5, l6, h0123, from the leaf up) and
`verify_inclusion` checks one with the algorithm of RFC 9162 section 2.1.3.2.
`consistency_proof` is section 2.1.2's PROOF(m, D[n]) and `verify_consistency` RFC 9162
section 2.1.4.2's check. RFC 9162 (CT version 2) keeps RFC 6962's tree and proofs and only
writes the verification steps out in full; nothing here depends on the rest of either RFC.

Sealing without re-hashing history. The roots of the perfect subtrees along the right edge,
one per set bit of n (above: h0123, h45, l6), are all that is needed to compute the root or
to append a leaf. That list is the tree's *right frontier* (a "compact range" [0, n) in the
transparency-dev/merkle vocabulary). `Frontier` keeps it: `append` costs O(1) amortised
and O(log n) at worst, `root()` O(log n). A seal stores its frontier (`to_hex`) beside its
root, so the next seal loads it (`from_hex`), appends only the events recorded since, and
takes the root: its cost depends on those events, not on the length of the history.

An auditor needs none of this module: docs/verify_example.py recomputes every seal from an
export with hashlib alone, and docs/consistency_example.py checks a consistency proof.

Why one module of about 450 lines: it is RFC 6962 and nothing else, hashing, proofs,
`Tree` (the same proofs over one list of leaves, with subtree roots kept) and the
frontier, so that whoever checks the tree against the RFC reads it in one place.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
"""Bytes in every hash of the tree (SHA-256)."""

FORMAT = "rfc6962-sha256/v1"
"""The seal format of CONTRACT.md: RFC 6962 section 2.1 with SHA-256, leaf input v1."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""MTH({}), the root of the tree with no leaves: SHA-256 of the empty string."""

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"
_HEX_DIGITS = frozenset("0123456789abcdef")


# ---------------------------------------------------------------------------- hashing


def leaf_input(originator_id: str, originator_version: int, topic: str, state: bytes) -> bytes:
    """The bytes one stored event contributes to the tree (CONTRACT.md, the seals).

    The UTF-8 JSON of `{"originator_id", "originator_version", "topic", "state"}` with sorted
    keys and separators `,` and `:`, the same values `lsp export` writes:

    - `originator_id`: the aggregate's UUID in its canonical string form, `str(uuid)`:
      lowercase hex with hyphens, e.g. "0f1e2d3c-...". CONTRACT.md says only "str"; this is
      the choice made, and the export writes the same string. It is used exactly as given:
      pass `str(event.originator_id)`, not the UUID object and not its `.hex`.
    - `originator_version`: the JSON integer (a bool is refused).
    - `topic`: the stored topic, e.g. "lsp:body.SeatFilled".
    - `state`: standard base64 (RFC 4648 section 4, with `=` padding) of the stored state
      bytes, as they are in the store, not decoded.

    The JSON is what Python's `json.dumps(obj, sort_keys=True, separators=(",", ":"))`
    writes, encoded as UTF-8. Its default `ensure_ascii` would escape a non-ASCII character as
    `\\uXXXX`; none occurs (UUIDs, `lsp:` topics and base64 are ASCII), so a verifier in any
    language that writes plain UTF-8 JSON gets the same bytes.

    >>> leaf_input("00000000-0000-0000-0000-000000000001", 1, "lsp:x", b"{}")
    b'{"originator_id":"00000000-0000-0000-0000-000000000001","originator_version":1,\
"state":"e30=","topic":"lsp:x"}'
    """
    if isinstance(originator_version, bool) or not isinstance(originator_version, int):
        raise ValueError(f"originator_version must be an int, not {originator_version!r}")
    document = {
        "originator_id": originator_id,
        "originator_version": originator_version,
        "topic": topic,
        "state": base64.b64encode(state).decode("ascii"),
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_JSON_STRINGS: dict[str, bytes] = {}


def canonical_uuid(text: str) -> bool:
    """Whether `text` is a UUID in its canonical form, `str(uuid)`: lowercase hex with
    hyphens, 8-4-4-4-12 (what `leaf_input` wants for `originator_id`)."""
    return _CANONICAL_UUID.fullmatch(text) is not None


def _json_string(text: str) -> bytes:
    """`json.dumps(text)` as UTF-8: kept per topic (a ledger has a few hundred)."""
    found = _JSON_STRINGS.get(text)
    if found is None:
        found = json.dumps(text).encode("utf-8")
        if len(_JSON_STRINGS) < 10_000:
            _JSON_STRINGS[text] = found
    return found


def event_leaf_hash(originator_id: str, originator_version: int, topic: str,
                    state: bytes) -> bytes:
    """`leaf_hash(leaf_input(...))`, the same bytes hashed, without building a dict and
    calling `json.dumps` for each event (`lsp verify` hashes every event of the ledger).

    The JSON is written out by hand in the sorted order of its keys; a value that would
    need escaping (anything but a canonical UUID for `originator_id`) goes through
    `json.dumps` as `leaf_input` does. `tests/test_verify_fast.py` checks both give the
    same hash for any values."""
    if type(originator_version) is not int:
        return leaf_hash(leaf_input(originator_id, originator_version, topic, state))
    if _CANONICAL_UUID.fullmatch(originator_id):
        oid = b'"' + originator_id.encode("ascii") + b'"'
    else:
        oid = _json_string(originator_id)
    return hashlib.sha256(b"".join((
        b'\x00{"originator_id":', oid, b',"originator_version":',
        str(originator_version).encode("ascii"), b',"state":"', base64.b64encode(state),
        b'","topic":', _json_string(topic), b"}"))).digest()


def leaf_hash(data: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 || d): the hash of one leaf (RFC 6962 section 2.1)."""
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): the hash of an inner node (RFC 6962 section 2.1)."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """k, the largest power of two strictly smaller than n (n >= 2): where MTH splits."""
    return 1 << ((n - 1).bit_length() - 1)


def _check_hash(value: bytes, what: str) -> None:
    if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
        raise ValueError(f"{what} must be {HASH_SIZE} bytes, not {value!r}")


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


Cache = dict[tuple[int, int], bytes]
"""Subtree roots already computed, by (lo, hi): see `Tree`."""

CACHED_FROM = 256
"""The smallest subtree whose root a `Tree` keeps (smaller ones are cheap to recompute)."""


def _mth(leaves: Sequence[bytes], lo: int, hi: int, cache: Cache | None = None) -> bytes:
    """MTH(D[lo:hi]) over leaf hashes, by the definition of RFC 6962 section 2.1."""
    n = hi - lo
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return bytes(leaves[lo])
    if cache is not None and n >= CACHED_FROM:
        found = cache.get((lo, hi))
        if found is None:
            k = _split(n)
            found = cache[lo, hi] = node_hash(_mth(leaves, lo, lo + k, cache),
                                              _mth(leaves, lo + k, hi, cache))
        return found
    k = _split(n)
    return node_hash(_mth(leaves, lo, lo + k, cache), _mth(leaves, lo + k, hi, cache))


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of a list of leaf hashes (RFC 6962 section 2.1).

    Takes leaf *hashes* (`leaf_hash(leaf_input(...))`), not leaf inputs. The empty list
    gives `EMPTY_ROOT`; one leaf gives that leaf's hash. Costs n - 1 node hashes: to seal
    a long ledger again and again, keep a `Frontier` instead.
    """
    for i, h in enumerate(leaf_hashes):
        _check_hash(h, f"leaf hash {i}")
    return _mth(leaf_hashes, 0, len(leaf_hashes))


# ---------------------------------------------------------------------------- proofs


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf `index` in the tree of `leaf_hashes` (RFC 6962 section 2.1.1).

    PATH(m, D[n]): the sibling hashes from the leaf up to the root, nearest first. Its
    length is at most ceil(log2 n). For a proof under an earlier seal, pass the first
    `tree_size` leaf hashes only.
    """
    n = len(leaf_hashes)
    if isinstance(index, bool) or not 0 <= index < n:
        raise ValueError(f"leaf index {index!r} is not in a tree of {n} leaves")
    for i, h in enumerate(leaf_hashes):
        _check_hash(h, f"leaf hash {i}")
    path: list[bytes] = []
    lo, hi = 0, n
    while hi - lo > 1:  # walk down from the root; the siblings come out root-first
        k = _split(hi - lo)
        if index < lo + k:
            path.append(_mth(leaf_hashes, lo + k, hi))
            hi = lo + k
        else:
            path.append(_mth(leaf_hashes, lo, lo + k))
            lo = lo + k
    path.reverse()
    return path


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether `proof` shows leaf `index` with hash `leaf_hash` under `root` of `tree_size`.

    The algorithm of RFC 9162 section 2.1.3.2, step by step: fn walks up from the leaf,
    sn from the last leaf; where fn is a right child, or has no right sibling (fn == sn),
    the proof's hash goes on the left. The proof must be used up exactly as sn reaches 0.
    """
    if isinstance(index, bool) or isinstance(tree_size, bool):
        return False
    if not 0 <= index < tree_size:
        return False
    if not (_is_hash(leaf_hash) and _is_hash(root) and all(_is_hash(p) for p in proof)):
        return False
    fn, sn = index, tree_size - 1
    r = bytes(leaf_hash)
    for p in proof:
        if sn == 0:
            return False  # a longer path than the tree is tall
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:  # skip the levels where fn has no right sibling
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """Proof that the first `old_size` leaves are a prefix of all of `leaf_hashes`.

    PROOF(m, D[n]) of RFC 6962 section 2.1.2, with m = `old_size` and n the number of
    leaves: the fewest subtree hashes from which both roots can be recomputed. Empty when
    m is 0 or n (nothing to prove).
    """
    n = len(leaf_hashes)
    if isinstance(old_size, bool) or not 0 <= old_size <= n:
        raise ValueError(f"old size {old_size!r} is not between 0 and {n}")
    for i, h in enumerate(leaf_hashes):
        _check_hash(h, f"leaf hash {i}")
    if old_size in (0, n):
        return []
    return _subproof(leaf_hashes, old_size, 0, n, True)


def _subproof(leaves: Sequence[bytes], m: int, lo: int, hi: int, whole: bool,
              cache: Cache | None = None) -> list[bytes]:
    """SUBPROOF(m, D[lo:hi], b) of RFC 6962 section 2.1.2 (`whole` is b: m is the old tree)."""
    n = hi - lo
    if m == n:
        return [] if whole else [_mth(leaves, lo, hi, cache)]
    k = _split(n)
    if m <= k:
        return [*_subproof(leaves, m, lo, lo + k, whole, cache),
                _mth(leaves, lo + k, hi, cache)]
    return [*_subproof(leaves, m - k, lo + k, hi, False, cache), _mth(leaves, lo, lo + k, cache)]


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether `proof` shows the tree `new_root` of `new_size` extends `old_root` of `old_size`.

    The algorithm of RFC 9162 section 2.1.4.2, which recomputes both roots from the proof.
    Equal sizes need an empty proof and equal roots. Size 0 is the empty tree: an empty
    proof, and the old root must be `EMPTY_ROOT` (stricter than some implementations, which
    accept any old root for size 0; the empty tree has only one root).
    """
    if any(isinstance(x, bool) for x in (old_size, new_size)):
        return False
    if not 0 <= old_size <= new_size:
        return False
    if not (_is_hash(old_root) and _is_hash(new_root) and all(_is_hash(p) for p in proof)):
        return False
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT and (new_size > 0 or new_root == EMPTY_ROOT)
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is a node of the new tree
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:  # climb to the root of the subtree the proof starts from
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


class Tree:
    """A fixed list of leaf hashes, for many roots and consistency proofs over its prefixes.

    It keeps the root of every subtree of `CACHED_FROM` leaves or more that it computes
    (a few thousand hashes for a million leaves), so checking a folder of checkpoints
    against one ledger costs one pass over the leaves and a little per checkpoint, not
    one pass each. The leaf hashes are checked once, when it is made.
    """

    __slots__ = ("_cache", "_leaves")

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        for i, h in enumerate(leaf_hashes):
            _check_hash(h, f"leaf hash {i}")
        self._leaves = leaf_hashes
        self._cache: Cache = {}

    @property
    def size(self) -> int:
        return len(self._leaves)

    @property
    def leaves(self) -> Sequence[bytes]:
        return self._leaves

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first `size` leaves (all of them by default)."""
        size = self.size if size is None else size
        if isinstance(size, bool) or not 0 <= size <= self.size:
            raise ValueError(f"size {size!r} is not between 0 and {self.size}")
        return _mth(self._leaves, 0, size, self._cache)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """PROOF(old_size, D[new_size]) of RFC 6962 section 2.1.2 (RFC 9162 section
        2.1.4.1) over the first `new_size` leaves (all of them by default)."""
        new_size = self.size if new_size is None else new_size
        if isinstance(new_size, bool) or not 0 <= new_size <= self.size:
            raise ValueError(f"new size {new_size!r} is not between 0 and {self.size}")
        if isinstance(old_size, bool) or not 0 <= old_size <= new_size:
            raise ValueError(f"old size {old_size!r} is not between 0 and {new_size}")
        if old_size in (0, new_size):
            return []
        return _subproof(self._leaves, old_size, 0, new_size, True, self._cache)


# ---------------------------------------------------------------------------- frontier


class Frontier:
    """The right frontier of a tree of `size` leaves: enough to append and to take the root.

    One hash per set bit of `size`, the roots of the perfect subtrees that tile [0, size),
    largest (leftmost) first. For 7 = 4 + 2 + 1 leaves: MTH(D[0:4]), MTH(D[4:6]), l6.
    Appending merges equal-sized subtrees like a carry in binary addition; the root folds
    the list from the right: node(h0, node(h1, ... node(h_{k-2}, h_{k-1}))).

    Mutable, like a list: `append` and `extend` change it in place; `copy` before sharing.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self, size: int, hashes: Iterable[bytes]) -> None:
        """A frontier from its parts; `empty()` and `from_hex()` are the usual doors."""
        subtrees = [bytes(h) for h in hashes]
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"a tree size must be a whole number, not {size!r}")
        if len(subtrees) != size.bit_count():
            raise ValueError(
                f"a tree of {size} leaves has {size.bit_count()} frontier hashes, "
                f"not {len(subtrees)}"
            )
        for i, h in enumerate(subtrees):
            _check_hash(h, f"frontier hash {i}")
        self._size = size
        self._hashes = subtrees

    @classmethod
    def empty(cls) -> Frontier:
        """The frontier of the tree with no leaves."""
        return cls(0, [])

    @classmethod
    def of(cls, leaf_hashes: Iterable[bytes]) -> Frontier:
        """The frontier of the tree of these leaf hashes."""
        frontier = cls.empty()
        frontier.extend(leaf_hashes)
        return frontier

    @classmethod
    def from_hex(cls, size: int, hashes: Sequence[str]) -> Frontier:
        """The frontier stored in a seal: its `tree_size` and the list `to_hex()` gave.

        Strict: each hash is exactly 64 lowercase hex digits, and there is one per set bit
        of `size`, so a damaged seal is refused (ValueError) rather than misread.
        """
        if isinstance(hashes, str):
            raise ValueError("frontier hashes must be a list of hex strings, not one string")
        decoded = []
        for i, text in enumerate(hashes):
            if not (
                isinstance(text, str) and len(text) == 2 * HASH_SIZE and set(text) <= _HEX_DIGITS
            ):
                raise ValueError(f"frontier hash {i} is not 64 lowercase hex digits: {text!r}")
            decoded.append(bytes.fromhex(text))
        return cls(size, decoded)

    @property
    def size(self) -> int:
        """The number of leaves appended so far."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """The subtree roots, leftmost (largest) first."""
        return tuple(self._hashes)

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf hash at the right: O(1) amortised, O(log n) at worst."""
        _check_hash(leaf_hash, "leaf hash")
        node = bytes(leaf_hash)
        carry = self._size
        while carry & 1:  # a subtree of the same size on the left: merge them
            node = node_hash(self._hashes.pop(), node)
            carry >>= 1
        self._hashes.append(node)
        self._size += 1

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append each leaf hash in turn (as `append` does, in one loop: `lsp verify`
        extends a frontier by every event of the ledger)."""
        hashes, sha256 = self._hashes, hashlib.sha256
        for h in leaf_hashes:
            if type(h) is not bytes or len(h) != HASH_SIZE:
                _check_hash(h, "leaf hash")
                h = bytes(h)
            carry = self._size
            while carry & 1:  # a subtree of the same size on the left: merge them
                h = sha256(_NODE_PREFIX + hashes.pop() + h).digest()
                carry >>= 1
            hashes.append(h)
            self._size += 1  # after each leaf: a bad hash leaves the frontier as it was

    def root(self) -> bytes:
        """MTH of the leaves appended so far, from the frontier alone: O(log n)."""
        if not self._hashes:
            return EMPTY_ROOT
        result = self._hashes[-1]
        for h in reversed(self._hashes[:-1]):
            result = node_hash(h, result)
        return result

    def to_hex(self) -> list[str]:
        """The subtree roots as lowercase hex, for a seal's JSON (with `size`)."""
        return [h.hex() for h in self._hashes]

    def copy(self) -> Frontier:
        return Frontier(self._size, self._hashes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Frontier):
            return NotImplemented
        return (self._size, self._hashes) == (other._size, other._hashes)

    __hash__ = None  # type: ignore[assignment]  # mutable: not usable as a key

    def __repr__(self) -> str:
        return f"Frontier.from_hex({self._size}, {self.to_hex()!r})"
