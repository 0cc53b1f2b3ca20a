"""Verifying: `lsp verify` recomputes every seal from the stored bytes (CONTRACT.md,
"Integrity").

`verify(ledger, checkpoint)` reads every stored event in notification order and says
whether the history is what was sealed (a `VerifyReport`). It records nothing. With
`public_keys=...` it checks every signed seal's signature under the key it names
(`ledger.audit.signing`): a signature cannot be made without the private key, which the
store never holds, so it catches even someone who recomputed every seal. A report that
is not `ok` becomes the one `IntegrityFailure` (exit code 3) by `raise_if_failed`.

What verify checks, and what it cannot. Positions run 1, 2, 3... with no gap (SQLite
numbers rows so, and rows are never deleted); every aggregate's versions run 1, 2, 3...;
every event decodes to exactly the fields of its class. Every seal is checked whole: its
own `check` and stored bytes (so damage to the latest seal is seen, which no later seal
covers), the previous seal it names, its tree size against the events before it, and its
root against the previous seal's frontier extended by the events in between, hashed
afresh from the stored bytes. Chained this way, every seal's root is checked against all
the events it covers, and each seal is shown to extend the one before. When a root does
not match, the seal's `leaf_tags` name the event that changed. Events stored after the
latest seal are only checked for form: anyone who can write the file can append an event
that looks right, which is why `lsp seal` should follow every session of writing. And
anyone who can write the file can also recompute every seal: a seal kept outside the ledger
(`checkpoint`: on paper, with an auditor) is what catches that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import Notification

from ledger.audit import merkle, signing
from ledger.audit.merkle import FORMAT, Frontier
from ledger.audit.seal import (
    SEAL_ID,
    SIGNED_FIELDS,
    TAG_LENGTH,
    SealEvent,
    frontier_of,
    frontier_text,
    seal_check,
    tag,
)
from ledger.audit.stored import decode, leaf, notifications
from ledger.errors import IntegrityFailure, InvalidInput

if TYPE_CHECKING:
    from ledger.app import Ledger

MAX_PROBLEMS = 50
"""Problems a report lists (the first, by position, is the one that counts)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the stored history, at a position (None: not one event)."""

    position: int | None
    problem: str

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "problem": self.problem}


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` found. `ok` when there is no problem at all."""

    events: int
    seals: int
    tree_size: int
    root: str
    unsealed: int
    head_root: str
    problems: tuple[Problem, ...] = ()
    checkpoint: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    def as_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"ok": self.ok}
        if self.first is not None:
            doc.update(position=self.first.position, problem=self.first.problem)
        doc.update(events=self.events, seals=self.seals, tree_size=self.tree_size,
                   root=self.root, unsealed=self.unsealed,
                   head={"tree_size": self.events, "root": self.head_root})
        if self.checkpoint is not None:
            doc["checkpoint"] = self.checkpoint
        if self.problems:
            doc["problems"] = [p.as_dict() for p in self.problems]
        return doc

    def raise_if_failed(self) -> None:
        """Raise the `IntegrityFailure` (exit code 3) this report is, unless it is `ok`:
        its message names the first problem's position, then each further problem on a
        line of its own; its document is `as_dict()`, so `lsp verify --json` prints every
        key of the report."""
        first = self.first
        if first is None:
            return
        where = f"position {first.position}" if first.position is not None else "the ledger"
        lines = [f"integrity failure at {where}: {first.problem}"]
        lines += [f"  also at position {p.position}: {p.problem}" for p in self.problems[1:]]
        raise IntegrityFailure("\n".join(lines), first.position, self.as_dict())


def _seal_damage(ledger: Ledger, n: Notification, event: SealEvent) -> str | None:
    """Why a seal's own record is damaged, or None."""
    values = event.__dict__
    types = {"tree_size": int, "previous_size": int, "last_position": int, "root": str,
             "format": str, "frontier": str, "leaf_tags": str, "check": str}
    if any(type(values[k]) is not t for k, t in types.items()):
        return "a field of the seal has the wrong type"
    if any(values.get(k) is not None and type(values[k]) is not str for k in SIGNED_FIELDS):
        return "a field of the seal has the wrong type"
    if seal_check(values) != values["check"]:
        return "the seal's own fields were changed: its check does not match them"
    if ledger.mapper.to_stored_event(event).state != n.state:
        return "the seal's stored bytes are not those written for its fields"
    if values["format"] != FORMAT:
        return f"the seal's format is {values['format']!r}, not {FORMAT!r}"
    return None


class _Walk:
    """The state of one verification, event by event."""

    def __init__(self, ledger: Ledger,
                 public_keys: Mapping[str, Ed25519PublicKey] | None = None,
                 require_signed: bool = False) -> None:
        self.ledger = ledger
        self.public_keys = dict(public_keys or {})
        self.require_signed = require_signed
        self.leaves: list[bytes] = []
        self.positions: list[int] = []
        self.versions: dict[UUID | str, int] = {}
        self.problems: list[Problem] = []
        self.seals = 0
        self.tree_size = 0
        self.root = merkle.EMPTY_ROOT.hex()
        self.sealed = Frontier.empty()  # the latest good seal's frontier

    def bad(self, position: int | None, problem: str) -> None:
        self.problems.append(Problem(position, problem))

    def event(self, n: Notification) -> None:
        expected = self.positions[-1] + 1 if self.positions else 1
        if n.id > expected:
            gap = str(expected) if n.id == expected + 1 else f"{expected} to {n.id - 1}"
            self.bad(expected, f"position {gap} is missing: stored events were deleted")
        elif n.id < expected:
            self.bad(n.id, f"position {n.id} comes where {expected} was expected: an event "
                           "was inserted")
        try:
            h = leaf(n)
        except (TypeError, ValueError):
            h = merkle.leaf_hash(repr(n).encode("utf-8"))
            self.bad(n.id, "the stored row is not an event (its state is not bytes)")
        before = self.versions.get(n.originator_id, 0)
        if n.originator_version != before + 1:
            self.bad(n.id, f"version {n.originator_version} of {n.originator_id} follows "
                           f"version {before}: an aggregate's versions run 1, 2, 3...")
        self.versions[n.originator_id] = max(before, n.originator_version)
        event, why = decode(self.ledger, n)
        if why is not None:
            self.bad(n.id, f"the event at position {n.id} is not well formed: {why}")
        is_seal = isinstance(event, SealEvent)
        if is_seal != (n.originator_id == SEAL_ID) and why is None:
            self.bad(n.id, "a seal outside the seal stream, or something else inside it")
        elif is_seal and isinstance(event, SealEvent):
            self.seal(n, event)
        self.leaves.append(h)
        self.positions.append(n.id)

    def signature(self, n: Notification, event: SealEvent) -> None:
        """With public keys given: a signed seal's signature must verify under the key it
        names. With `require_signed`: every seal must be signed."""
        signature, key = event.__dict__.get("signature"), event.__dict__.get("key_id")
        if signature is None and key is None:
            if self.require_signed:
                self.bad(n.id, f"the seal at position {n.id} is not signed")
            return
        if not self.public_keys:
            return
        if not (isinstance(signature, str) and isinstance(key, str)):
            self.bad(n.id, f"the seal at position {n.id} has a signature or a key id, but "
                           "not both")
            return
        public = self.public_keys.get(key)
        if public is None:
            known = ", ".join(sorted(self.public_keys))
            self.bad(n.id, f"the seal at position {n.id} is signed by key {key}, which is "
                           f"not one of the public keys given ({known})")
            return
        fields = event.__dict__
        if not (type(fields.get("tree_size")) is int and isinstance(fields.get("root"), str)
                and isinstance(fields.get("format"), str)
                and signing.signature_ok(public, signature, fields["format"],
                                         fields["tree_size"], fields["root"])):
            self.bad(n.id, f"the seal at position {n.id} has a signature that key {key} "
                           "did not make: it was forged or changed")

    def seal(self, n: Notification, event: SealEvent) -> None:
        self.seals += 1
        self.signature(n, event)
        damage = _seal_damage(self.ledger, n, event)
        if damage is not None:
            self.bad(n.id, damage)
            return
        before = len(self.leaves)  # the events stored before the seal
        size, previous = event.tree_size, event.previous_size
        if previous != self.tree_size:
            self.bad(n.id, f"the seal says the seal before it covered {previous} events, but "
                           f"that one covers {self.tree_size}: a seal was removed or changed")
            return
        if not self.tree_size <= size <= before:
            self.bad(n.id, f"the seal covers {size} events, but {before} are stored before it "
                           f"and the previous seal covers {self.tree_size}")
            return
        if len(event.leaf_tags) != (size - previous) * TAG_LENGTH:
            self.bad(n.id, "the seal's leaf tags do not fit the events it covers")
            return
        if size and self.positions[size - 1] != event.last_position:
            self.bad(n.id, f"the seal's last event is at position {event.last_position}, but "
                           f"event {size} of the ledger is at {self.positions[size - 1]}")
            return
        changed = [j for j in range(previous, size)
                   if tag(self.leaves[j]) != event.leaf_tags[(j - previous) * TAG_LENGTH:
                                                             (j - previous + 1) * TAG_LENGTH]]
        for j in changed[:MAX_PROBLEMS]:
            self.bad(self.positions[j], f"the event at position {self.positions[j]} is not "
                                        f"what the seal at position {n.id} sealed")
        extended = self.sealed.copy()
        extended.extend(self.leaves[previous:size])
        if extended.root().hex() != event.root and not changed:
            self.bad(n.id, f"the seal's root is not that of the first {size} events")
        elif frontier_text(extended) != event.frontier and not changed:
            self.bad(n.id, "the seal's frontier is not that of the events it covers")
        # Carry the seal's own frontier on (checked above), so damage under one seal is
        # reported once, not again by every later seal.
        try:
            self.sealed = frontier_of(size, event.frontier)
        except ValueError:
            self.sealed = extended
        self.tree_size, self.root = size, event.root

    def checkpoint(self, checkpoint: Mapping[str, Any]) -> dict[str, Any]:
        size, root = _checkpoint_values(checkpoint)
        result: dict[str, Any] = {"tree_size": size, "root": root, "ok": False}
        if size > len(self.leaves):
            after = self.positions[-1] + 1 if self.positions else 1
            self.bad(after, f"the checkpoint covers {size} events but the ledger holds only "
                            f"{len(self.leaves)}: events were deleted")
            return result
        mine = Frontier.of(self.leaves[:size])
        if mine.root().hex() != root:
            start, end = 0, size
            claimed = checkpoint.get("frontier")
            if isinstance(claimed, list) and len(claimed) == size.bit_count():
                offset = 0
                for bit, theirs, ours in zip(_subtree_sizes(size), claimed, mine.to_hex(),
                                             strict=True):
                    if theirs != ours:
                        start, end = offset, offset + bit
                        break
                    offset += bit
            first = self.positions[start] if size else None
            last = self.positions[end - 1] if size else None
            self.bad(first, f"the ledger does not extend the checkpoint: its first {size} "
                            f"events do not have the checkpoint's root (the history from "
                            f"position {first} to {last} was changed)")
            result["range"] = [first, last]
            return result
        if self.tree_size >= size:
            proof = merkle.consistency_proof(self.leaves[:self.tree_size], size)
            if not merkle.verify_consistency(size, self.tree_size, bytes.fromhex(root),
                                             bytes.fromhex(self.root), proof):
                self.bad(None, "the latest seal does not extend the checkpoint")
                return result
        result["ok"] = True
        return result


def _subtree_sizes(size: int) -> list[int]:
    """The sizes of the perfect subtrees of a frontier, largest first."""
    return [1 << b for b in range(size.bit_length() - 1, -1, -1) if size >> b & 1]


def _checkpoint_values(checkpoint: Mapping[str, Any]) -> tuple[int, str]:
    size, root = checkpoint.get("tree_size"), checkpoint.get("root")
    if type(size) is not int or size < 0:
        raise InvalidInput("a checkpoint needs `tree_size`, a whole number")
    if not (isinstance(root, str) and len(root) == 64
            and all(c in "0123456789abcdef" for c in root)):
        raise InvalidInput("a checkpoint needs `root`, 64 lowercase hex digits")
    fmt = checkpoint.get("format", FORMAT)
    if fmt != FORMAT:
        raise InvalidInput(f"the checkpoint's format is {fmt!r}; this ledger seals {FORMAT!r}")
    return size, root


def verify(ledger: Ledger, checkpoint: Mapping[str, Any] | None = None,
           public_keys: Iterable[Ed25519PublicKey] = (),
           require_signed: bool = False,
           on_event: Callable[[], None] | None = None) -> VerifyReport:
    """Check every stored event and every seal; with a checkpoint, that the ledger extends
    it. Reads only. Raises `InvalidInput` for a checkpoint of the wrong shape.
    (`on_event()` after each event checked, for a progress bar.)

    With `public_keys`, every signed seal's signature must verify under the key whose id
    it names (one of those given); with `require_signed`, every seal must be signed.
    """
    if checkpoint is not None:
        _checkpoint_values(checkpoint)
    keys = {signing.key_id(k): k for k in public_keys}
    walk = _Walk(ledger, keys, require_signed)
    try:
        for n in notifications(ledger):
            walk.event(n)
            if on_event is not None:
                on_event()
    except Exception as e:  # a row the recorder itself cannot read (its id, say)
        after = walk.positions[-1] + 1 if walk.positions else 1
        walk.bad(after, f"the stored row after position {after - 1} cannot be read "
                        f"({type(e).__name__}); verification stopped there")
    checked = walk.checkpoint(checkpoint) if checkpoint is not None else None
    problems = sorted(walk.problems,
                      key=lambda p: (p.position is None, p.position or 0))[:MAX_PROBLEMS]
    return VerifyReport(len(walk.leaves), walk.seals, walk.tree_size, walk.root,
                        len(walk.leaves) - walk.tree_size - (1 if walk.seals else 0),
                        Frontier.of(walk.leaves).root().hex(), tuple(problems), checked)

