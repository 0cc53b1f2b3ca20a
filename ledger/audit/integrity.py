"""Seal, verify and prove: the tamper-evident ledger (CONTRACT.md, "Integrity").

- `seal(ledger)` records a checkpoint of every event stored so far as the next event of
  the one seal stream (`ledger.audit.seal`). It starts from the previous seal's frontier and
  hashes only the events stored since, so its cost does not grow with the history.
  Sealing when nothing but the latest seal itself was stored since it records nothing
  and returns that seal (`recorded` False): a seal of a seal would only add noise.
- `verify(ledger, checkpoint)` reads every stored event in notification order and says
  whether the history is what was sealed. It records nothing.
- `seal(ledger, key)` also signs the seal with an Ed25519 private key, and
  `verify(ledger, public_keys=...)` checks every signed seal's signature under the key it
  names (`ledger.audit.signing`): a signature cannot be made without the private key, which the
  store never holds, so it catches even someone who recomputed every seal.
- `prove(ledger, slug)` gives an RFC 6962 inclusion proof, under the latest seal, for each
  event of a decision; `verify_proof(bundle)` checks one with no ledger at all.

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

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.utils import resolve_topic

from ledger.audit import merkle, signing
from ledger.audit.merkle import FORMAT, Frontier
from ledger.audit.seal import (
    SEAL_ID,
    SIGNED_FIELDS,
    TAG_LENGTH,
    Seal,
    SealEvent,
    Signer,
    frontier_of,
    frontier_text,
    seal_check,
    tag,
)
from ledger.errors import IntegrityFailure, InvalidInput, NotFound
from ledger.events import entity_id
from ledger.retry import retried

if TYPE_CHECKING:
    from ledger.app import Ledger

BATCH = 500
"""Stored events read from the recorder at a time."""

MAX_PROBLEMS = 50
"""Problems a report lists (the first, by position, is the one that counts)."""


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SealInfo:
    """A seal as `lsp seal` shows it: what it covers, and where it is stored."""

    tree_size: int
    root: str
    format: str
    frontier: tuple[str, ...]
    previous_size: int
    last_position: int
    position: int | None
    version: int
    recorded: bool
    events_read: int
    actor: str
    signature: str | None = None
    key_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"recorded": self.recorded, "tree_size": self.tree_size, "root": self.root,
                "format": self.format, "position": self.position,
                "last_position": self.last_position, "previous_size": self.previous_size,
                "version": self.version, "frontier": list(self.frontier),
                "events_read": self.events_read, "actor": self.actor,
                "signature": self.signature, "key_id": self.key_id}


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


@dataclass(frozen=True)
class ProofBundle:
    """Inclusion proofs of a decision's events under one seal (`lsp prove --json`)."""

    decision: str
    tree_size: int
    root: str
    seal_position: int | None
    proofs: tuple[dict[str, Any], ...]
    unsealed: tuple[dict[str, Any], ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"decision": self.decision, "format": FORMAT, "tree_size": self.tree_size,
                "root": self.root, "seal_position": self.seal_position,
                "proofs": [dict(p) for p in self.proofs],
                "unsealed": [dict(u) for u in self.unsealed]}


# ---------------------------------------------------------------------------- reading


def _leaf(n: Notification) -> bytes:
    """The leaf hash of one stored event, from its stored bytes (CONTRACT.md)."""
    return merkle.leaf_hash(merkle.leaf_input(str(n.originator_id), n.originator_version,
                                              n.topic, n.state))


def _stored(ledger: Ledger, after: int | None = None, stop: int | None = None
            ) -> Iterator[Notification]:
    """Stored events in notification order: all of them (`after` None, even at a position
    below 1), or those after position `after`, up to position `stop`."""
    start = after
    while True:
        batch = ledger.recorder.select_notifications(start=start, limit=BATCH, stop=stop,
                                                     inclusive_of_start=False)
        yield from batch
        if len(batch) < BATCH:
            return
        start = batch[-1].id


def export_line(n: Notification) -> dict[str, Any]:
    """One stored event as a line of `lsp export` (CONTRACT.md)."""
    import base64

    return {"position": n.id, "originator_id": str(n.originator_id),
            "originator_version": n.originator_version, "topic": n.topic,
            "state": base64.b64encode(n.state).decode("ascii")}


# ---------------------------------------------------------------------------- sealing


def _seal_stream(ledger: Ledger) -> Seal | None:
    """The seal stream as its latest seal left it: one event read, whatever the number of
    seals (`Seal.resume`)."""
    stored = ledger.recorder.select_events(SEAL_ID, desc=True, limit=1)
    if not stored:
        return None
    event, why = _malformed(ledger, stored[0])
    if why is not None or not isinstance(event, SealEvent):
        raise IntegrityFailure("the latest seal cannot be read: run `lsp verify` to find "
                               "the damage")
    return Seal.resume(event)


def _info(current: Seal, position: int | None, recorded: bool, read: int) -> SealInfo:
    return SealInfo(current.tree_size, current.root, current.format,
                    tuple(current.frontier.split(",")) if current.frontier else (),
                    current.previous_size, current.last_position, position, current.version,
                    recorded, read, current.actor, current.signature, current.key_id)


def _position_of(ledger: Ledger, current: Seal) -> int | None:
    """Where the latest seal is stored: the first event after what it covers, or a few
    events later when others wrote while it was computed."""
    for n in _stored(ledger, current.last_position):
        if n.originator_id == SEAL_ID and n.originator_version == current.version:
            return n.id
    return None


def latest_seal(ledger: Ledger) -> SealInfo | None:
    """The latest seal, or None when the ledger was never sealed."""
    current = _seal_stream(ledger)
    if current is None:
        return None
    return _info(current, _position_of(ledger, current), recorded=False, read=0)


@retried
def seal(ledger: Ledger, key: Ed25519PrivateKey | None = None) -> SealInfo:
    """Seal every event stored so far, hashing only those stored since the last seal.

    With `key`, the seal is signed (`ledger.audit.signing`): its `signature` and `key_id` are
    stored, never the key. When nothing new is recorded, the latest seal stands as it is,
    signed or not. When someone else seals at the same moment, this seals again on top of
    theirs (`retried`); raises `IntegrityFailure` when the latest seal is damaged,
    `InvalidInput` when the ledger holds no events at all.
    """
    current = _seal_stream(ledger)
    frontier, after = Frontier.empty(), 0
    if current is not None:
        try:
            frontier = frontier_of(current.tree_size, current.frontier)
        except ValueError:
            frontier = Frontier.empty()
        if frontier.size != current.tree_size or frontier.root().hex() != current.root:
            raise IntegrityFailure("the latest seal's frontier does not give its root: run "
                                   "`lsp verify`")
        after = current.last_position
    tags: list[str] = []
    last: Notification | None = None
    for n in _stored(ledger, after):
        h = _leaf(n)
        frontier.append(h)
        tags.append(tag(h))
        last = n
    if last is None:
        if current is None:
            raise InvalidInput(f"the ledger at {ledger.store} holds no events: nothing to seal")
        return _info(current, _position_of(ledger, current), recorded=False, read=0)
    if (current is not None and len(tags) == 1 and last.originator_id == SEAL_ID
            and last.originator_version == current.version):
        return _info(current, last.id, recorded=False, read=1)  # nothing new but the seal
    when = datetime.now(UTC)
    signer = _signer(key) if key is not None else None
    if current is None:
        current = Seal.first(frontier, last.id, "".join(tags), ledger.actor, when, signer)
    else:
        current.next(frontier, last.id, "".join(tags), ledger.actor, when, signer)
    recorded = ledger._save(current)
    return _info(current, recorded[-1].position, recorded=True, read=len(tags))


def _signer(key: Ed25519PrivateKey) -> Signer:
    def sign(format: str, tree_size: int, root: str) -> tuple[str, str]:
        return signing.sign(key, format, tree_size, root), signing.key_id(key)

    return sign


# ---------------------------------------------------------------------------- verifying


def _malformed(ledger: Ledger, n: StoredEvent) -> tuple[Any, str | None]:
    """The decoded event, or why the stored event is not a well-formed one."""
    try:
        event = ledger.mapper.to_domain_event(n)
    except Exception as e:  # whatever the bytes make the decoder raise
        return None, f"its stored state does not decode as {n.topic!r} ({type(e).__name__})"
    cls = type(event)
    if not (isinstance(event, Aggregate.Event) and dataclasses.is_dataclass(cls)):
        return None, f"its topic {n.topic!r} is not an event of the ledger"
    expected = {f.name for f in dataclasses.fields(cls)}
    # A field added later with a default (a seal's `signature`) may be absent from an
    # event stored before it existed; it reads as its default.
    optional = {f.name for f in dataclasses.fields(cls)
                if f.default is not dataclasses.MISSING}
    found = set(event.__dict__)
    if not expected - optional <= found <= expected:
        missing, extra = sorted(expected - found), sorted(found - expected)
        return None, (f"its fields are not those of {n.topic!r} (missing {missing}, "
                      f"unexpected {extra})")
    topic = event.__dict__.get("originator_topic")
    if topic is not None:
        try:
            resolve_topic(topic)
        except Exception:
            return None, f"it names an aggregate type {topic!r} that does not exist"
    return event, None


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
            h = _leaf(n)
        except (TypeError, ValueError):
            h = merkle.leaf_hash(repr(n).encode("utf-8"))
            self.bad(n.id, "the stored row is not an event (its state is not bytes)")
        before = self.versions.get(n.originator_id, 0)
        if n.originator_version != before + 1:
            self.bad(n.id, f"version {n.originator_version} of {n.originator_id} follows "
                           f"version {before}: an aggregate's versions run 1, 2, 3...")
        self.versions[n.originator_id] = max(before, n.originator_version)
        event, why = _malformed(self.ledger, n)
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
           require_signed: bool = False) -> VerifyReport:
    """Check every stored event and every seal; with a checkpoint, that the ledger extends
    it. Reads only. Raises `InvalidInput` for a checkpoint of the wrong shape.

    With `public_keys`, every signed seal's signature must verify under the key whose id
    it names (one of those given); with `require_signed`, every seal must be signed.
    """
    if checkpoint is not None:
        _checkpoint_values(checkpoint)
    keys = {signing.key_id(k): k for k in public_keys}
    walk = _Walk(ledger, keys, require_signed)
    try:
        for n in _stored(ledger):
            walk.event(n)
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


# ---------------------------------------------------------------------------- proving


def prove(ledger: Ledger, decision: str) -> ProofBundle:
    """An inclusion proof, under the latest seal, of each sealed event of a decision."""
    ledger.decision_state(decision)  # NotFound (with a hint) for an unknown decision
    current = latest_seal(ledger)
    if current is None:
        raise NotFound("the ledger has no seal yet: record one with `lsp seal`")
    wanted = entity_id("decision", decision)
    leaves: list[bytes] = []
    mine: list[tuple[int, Notification]] = []
    unsealed: list[dict[str, Any]] = []
    for n in _stored(ledger):
        if len(leaves) < current.tree_size:
            if n.originator_id == wanted:
                mine.append((len(leaves), n))
            leaves.append(_leaf(n))
        elif n.originator_id == wanted:
            unsealed.append({"position": n.id, "originator_version": n.originator_version,
                             "topic": n.topic})
    if len(leaves) != current.tree_size or merkle.root(leaves).hex() != current.root:
        raise IntegrityFailure("the stored events do not match the latest seal: run "
                               "`lsp verify`", current.position)
    if not mine:
        raise NotFound(f"no event of decision '{decision}' is sealed yet: record a seal with "
                       "`lsp seal`")
    proofs = tuple(
        {"position": n.id, "leaf_index": index, "leaf_hash": leaves[index].hex(),
         "audit_path": [h.hex() for h in merkle.inclusion_proof(leaves, index)],
         "event": export_line(n)}
        for index, n in mine)
    return ProofBundle(decision, current.tree_size, current.root, current.position, proofs,
                       tuple(unsealed))


def _hash(value: object) -> bytes | None:
    if isinstance(value, str) and len(value) == 64:
        try:
            return bytes.fromhex(value)
        except ValueError:
            return None
    return None


def verify_proof(bundle: Mapping[str, Any]) -> tuple[bool, list[str]]:
    """Check a bundle of `prove` alone: every audit path leads to the root; where a proof
    carries its event (an export line), its leaf hash is that event's. (ok, reasons)."""
    reasons: list[str] = []
    size, root = bundle.get("tree_size"), _hash(bundle.get("root"))
    if type(size) is not int or root is None:
        return False, ["the bundle needs `tree_size` (a whole number) and `root` (hex)"]
    if bundle.get("format", FORMAT) != FORMAT:
        reasons.append(f"the bundle's format is not {FORMAT!r}")
    proofs = bundle.get("proofs")
    if not isinstance(proofs, list) or not proofs:
        return False, [*reasons, "the bundle holds no proofs"]
    decision = bundle.get("decision")
    for number, proof in enumerate(proofs, 1):
        where = f"proof {number}"
        if not isinstance(proof, dict):
            reasons.append(f"{where} is not an object")
            continue
        where = f"proof {number} (position {proof.get('position')})"
        leaf, index, path = _hash(proof.get("leaf_hash")), proof.get("leaf_index"), \
            proof.get("audit_path")
        hashes = [_hash(h) for h in path] if isinstance(path, list) else [None]
        if leaf is None or type(index) is not int or any(h is None for h in hashes):
            reasons.append(f"{where} needs `leaf_hash`, `leaf_index` and `audit_path` (hex)")
            continue
        if not merkle.verify_inclusion(leaf, index, size,
                                       [h for h in hashes if h is not None], root):
            reasons.append(f"{where}: the audit path does not lead from the leaf to the root")
        event = proof.get("event")
        if event is not None:
            reasons.extend(f"{where}: {why}" for why in _event_reasons(event, leaf, proof,
                                                                          decision))
    return not reasons, reasons


def _event_reasons(event: object, leaf: bytes, proof: Mapping[str, Any],
                   decision: object) -> list[str]:
    import base64
    import binascii

    if not isinstance(event, dict):
        return ["its event is not an object"]
    try:
        state = base64.b64decode(event["state"], validate=True)
        data = merkle.leaf_input(event["originator_id"], event["originator_version"],
                                 event["topic"], state)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return ["its event is not an export line"]
    found = []
    if merkle.leaf_hash(data) != leaf:
        found.append("its event does not hash to its leaf hash")
    if event.get("position") != proof.get("position"):
        found.append("its event is at another position")
    if isinstance(decision, str) and event["originator_id"] != str(entity_id("decision",
                                                                               decision)):
        found.append(f"its event is not one of decision '{decision}'")
    return found
