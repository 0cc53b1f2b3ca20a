"""Sealing: `lsp seal`, the seal after every write, and the latest seal (CONTRACT.md,
"Integrity").

- `seal(ledger)` records a checkpoint of every event stored so far as the next event of
  the one seal stream (`ledger.audit.seal`). It starts from the previous seal's frontier
  and hashes only the events stored since, so its cost does not grow with the history.
  Sealing when nothing but the latest seal itself was stored since it records nothing
  and returns that seal (`recorded` False): a seal of a seal would only add noise.
- `seal(ledger, key)` also signs the seal with an Ed25519 private key
  (`ledger.audit.signing`); the key stays in the signer's closure, never in the store.
- Every seal holds its checkpoint text (`ledger.audit.checkpoint`), signed by the same key
  when the seal is signed, so `lsp checkpoint` and the papers print it with no key.
- `latest_seal(ledger)`: the latest seal and where it is stored, or None (`lsp prove`,
  `lsp doctor`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import Notification

from ledger.audit import checkpoint, signing
from ledger.audit.merkle import Frontier
from ledger.audit.seal import SEAL_ID, Noter, Seal, SealEvent, Signer, frontier_of, tag
from ledger.audit.stored import decode, leaf, notifications
from ledger.errors import IntegrityFailure, InvalidInput
from ledger.retry import retried

if TYPE_CHECKING:
    from ledger.app import Ledger


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
    checkpoint: str | None = None  # its C2SP checkpoint text (None: sealed before them)
    recorded_on: datetime | None = None  # when the seal was recorded
    downgraded: bool = False  # recorded unsigned after a signed seal: verify will fail

    def as_dict(self) -> dict[str, Any]:
        return {"recorded": self.recorded, "tree_size": self.tree_size, "root": self.root,
                "format": self.format, "position": self.position,
                "last_position": self.last_position, "previous_size": self.previous_size,
                "version": self.version, "frontier": list(self.frontier),
                "events_read": self.events_read, "actor": self.actor,
                "signature": self.signature, "key_id": self.key_id}


def _seal_stream(ledger: Ledger) -> Seal | None:
    """The seal stream as its latest seal left it: one event read, whatever the number of
    seals (`Seal.resume`)."""
    stored = ledger.recorder.select_events(SEAL_ID, desc=True, limit=1)
    if not stored:
        return None
    event, why = decode(ledger, stored[0])
    if why is not None or not isinstance(event, SealEvent):
        raise IntegrityFailure("the latest seal cannot be read: run `lsp verify` to find "
                               "the damage")
    return Seal.resume(event)


def _info(current: Seal, position: int | None, recorded: bool, read: int) -> SealInfo:
    return SealInfo(current.tree_size, current.root, current.format,
                    tuple(current.frontier.split(",")) if current.frontier else (),
                    current.previous_size, current.last_position, position, current.version,
                    recorded, read, current.actor, current.signature, current.key_id,
                    current.checkpoint, current.modified_on)


def _position_of(ledger: Ledger, current: Seal) -> int | None:
    """Where the latest seal is stored: the first event after what it covers, or a few
    events later when others wrote while it was computed."""
    for n in notifications(ledger, current.last_position):
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
    origin = _origin(current)
    for n in notifications(ledger, after):
        h = leaf(n)
        if origin is None and n.id == 1:
            origin = checkpoint.origin_from(h)  # the first seal hashes the first event
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
    downgraded = key is None and current is not None and current.signature is not None
    signer = _signer(key) if key is not None else None
    noter = _noter(origin if origin is not None else checkpoint.origin_of(ledger), key)
    if current is None:
        current = Seal.first(frontier, last.id, "".join(tags), ledger.actor, when, signer,
                             noter)
    else:
        current.next(frontier, last.id, "".join(tags), ledger.actor, when, signer, noter)
    recorded = ledger._save(current)
    info = _info(current, recorded[-1].position, recorded=True, read=len(tags))
    return replace(info, downgraded=downgraded)


def _origin(current: Seal | None) -> str | None:
    """The ledger's origin as the previous seal's checkpoint names it (None: no such seal,
    or one older than checkpoints), so a seal reads no event it does not hash."""
    if current is None or current.checkpoint is None:
        return None
    return current.checkpoint.split("\n", 1)[0]


def _noter(origin: str | None, key: Ed25519PrivateKey | None) -> Noter:
    assert origin is not None  # a seal is recorded only over events

    def note(tree_size: int, root: str) -> str:
        return checkpoint.make(origin, tree_size, root, key).text

    return note


def _signer(key: Ed25519PrivateKey) -> Signer:
    def sign(format: str, tree_size: int, root: str) -> tuple[str, str]:
        return signing.sign(key, format, tree_size, root), signing.key_id(key)

    return sign
