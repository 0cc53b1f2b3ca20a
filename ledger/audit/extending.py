"""Does the ledger extend each checkpoint a partner kept? (`lsp verify --checkpoint`)

A checkpoint kept outside the ledger (`ledger.audit.checkpoint`, or the JSON `lsp seal
--json` prints) says: this ledger had `tree_size` events, with this root. The ledger
extends it when its first `tree_size` events still have that root; that is shown the way
a transparency log shows it, by an RFC 9162 (section 2.1.4) consistency proof from the
checkpoint to the ledger's latest seal (or, when the checkpoint is newer than every seal
left, to all the events stored), checked by `merkle.verify_consistency` with the
checkpoint's root. A ledger cut back below a checkpoint fails at the first position that
is gone; a rewritten one fails naming the stretch of history that changed when the
checkpoint carries a frontier (as `lsp seal --json` prints), else the whole of it.

A checkpoint text also names its ledger (its origin: a checkpoint of another ledger
fails) and may be signed: with public keys given, a signature by one of them that does
not verify fails (it was forged or changed); signatures by other keys are left unread,
as C2SP signed-note says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ledger.audit import merkle, signing
from ledger.audit.checkpoint import Checkpoint, origin_from
from ledger.audit.merkle import FORMAT, Frontier
from ledger.errors import InvalidInput

Found = tuple[int | None, str]
"""One problem: the position it is at (None: not one event), and what it is."""


@dataclass(frozen=True)
class Held:
    """A checkpoint as a partner holds it: where it was read from, its size and root,
    and what else it carries (a frontier; the note, with its origin and signatures)."""

    source: str | None
    tree_size: int
    root: str  # hex
    frontier: tuple[str, ...] | None = None
    note: Checkpoint | None = None

    @classmethod
    def of(cls, held: Mapping[str, Any] | Checkpoint, source: str | None = None) -> Held:
        """From a checkpoint text, or from JSON with `tree_size` and `root` (`InvalidInput`
        when it has neither shape)."""
        if isinstance(held, Checkpoint):
            return cls(source, held.tree_size, held.root.hex(), None, held)
        size, root = held.get("tree_size"), held.get("root")
        where = f"{source}: " if source else ""
        if type(size) is not int or size < 0:
            raise InvalidInput(f"{where}a checkpoint needs `tree_size`, a whole number")
        if not (isinstance(root, str) and len(root) == 64
                and all(c in "0123456789abcdef" for c in root)):
            raise InvalidInput(f"{where}a checkpoint needs `root`, 64 lowercase hex digits")
        fmt = held.get("format", FORMAT)
        if fmt != FORMAT:
            raise InvalidInput(f"{where}the checkpoint's format is {fmt!r}; this ledger seals "
                               f"{FORMAT!r}")
        claimed = held.get("frontier")
        frontier = (tuple(claimed) if isinstance(claimed, list)
                    and all(isinstance(h, str) for h in claimed) else None)
        return cls(source, size, root, frontier)

    @property
    def name(self) -> str:
        return f"the checkpoint {self.source}" if self.source else "the checkpoint"


@dataclass(frozen=True)
class Target:
    """What checkpoints are proved against: the leaves, their positions, and the latest
    good seal's size and root (hex)."""

    tree: merkle.Tree
    positions: Sequence[int]
    seal_size: int
    seal_root: str


def check(held: Held, target: Target, keys: Mapping[str, Ed25519PublicKey]
          ) -> tuple[dict[str, Any], dict[str, Any], list[Found]]:
    """(the result as `verify --json` has always given it: `tree_size`, `root`, `ok`, and
    `range` on a rewrite; the result in full; the problems found)."""
    size, root = held.tree_size, held.root
    short: dict[str, Any] = {"tree_size": size, "root": root, "ok": False}
    full: dict[str, Any] = {"source": held.source, "tree_size": size, "root": root,
                            "ok": False}
    problems: list[Found] = []
    positions, leaves = target.positions, target.tree.size
    if held.note is not None:
        full["origin"] = held.note.origin
        problems += _note_problems(held, held.note, target, keys, full)
    if size > leaves:
        after = positions[-1] + 1 if positions else 1
        gone = str(after) if size == leaves + 1 else f"{after} to {after + size - leaves - 1}"
        problems.append((after, f"{held.name} covers {size} events but the ledger holds only "
                                f"{leaves}: events were deleted, the ledger was cut back "
                                f"below it (position {gone} is gone)"))
        return short, full, problems
    against = target.seal_size if target.seal_size >= size else leaves
    new_root = (bytes.fromhex(target.seal_root) if target.seal_size >= size
                else target.tree.root(against))
    proof = target.tree.consistency_proof(size, against)
    full["proved_against"] = {"tree_size": against, "root": new_root.hex(),
                              "seal": target.seal_size >= size}
    full["proof"] = [h.hex() for h in proof]
    if not merkle.verify_consistency(size, against, bytes.fromhex(root), new_root, proof):
        first, last = _changed(held, target)
        problems.append((first, f"the ledger does not extend {held.name}: its first {size} "
                                f"events do not have the checkpoint's root (the history from "
                                f"position {first} to {last} was changed)"))
        short["range"] = full["range"] = [first, last]
        return short, full, problems
    short["ok"] = full["ok"] = not problems
    return short, full, problems


def _changed(held: Held, target: Target) -> tuple[int | None, int | None]:
    """The stretch of positions in which the history departs from the checkpoint: one
    subtree of its frontier when it carries one, else the whole of it."""
    size, positions = held.tree_size, target.positions
    start, end = 0, size
    if held.frontier is not None and len(held.frontier) == size.bit_count():
        mine = Frontier.of(target.tree.leaves[:size])
        offset = 0
        for bit, theirs, ours in zip(subtree_sizes(size), held.frontier, mine.to_hex(),
                                     strict=True):
            if theirs != ours:
                start, end = offset, offset + bit
                break
            offset += bit
    if not size:
        return None, None
    return positions[start], positions[end - 1]


def subtree_sizes(size: int) -> list[int]:
    """The sizes of the perfect subtrees of a frontier, largest first."""
    return [1 << b for b in range(size.bit_length() - 1, -1, -1) if size >> b & 1]


def _note_problems(held: Held, note: Checkpoint, target: Target,
                   keys: Mapping[str, Ed25519PublicKey], full: dict[str, Any]) -> list[Found]:
    found: list[Found] = []
    if target.tree.size:
        ours = origin_from(target.tree.leaves[0])
        if note.origin != ours:
            found.append((None, f"{held.name} is of another ledger: its origin is "
                                f"{note.origin}, this ledger's is {ours}"))
    checked = []
    for key_id, public in keys.items():
        line, ok = note.signature_by(public)
        if line is None:
            continue
        checked.append({"key_id": key_id, "ok": ok})
        if not ok:
            found.append((None, f"{held.name} has a signature of key {key_id} that the key "
                                "did not make: it was forged or changed"))
    full["signatures"] = checked
    return found


def key_ids(keys: Sequence[Ed25519PublicKey]) -> dict[str, Ed25519PublicKey]:
    return {signing.key_id(k): k for k in keys}
