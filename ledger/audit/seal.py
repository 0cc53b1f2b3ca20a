"""The seals: one stream of checkpoints of the whole ledger (CONTRACT.md, the seals).

A seal records `tree_size` and `root`: the RFC 6962 Merkle Tree Hash of the first
`tree_size` stored events in notification order (`ledger.audit.merkle`). Every seal is an event
of one aggregate with a fixed id, `SEAL_ID`, so seals are totally ordered by its versions:
two writers who seal at the same moment both try to write the same next version, and the
store lets only one of them in (the other gets `Conflict` and seals again). Two different
roots can never be recorded as the next seal of the same history.

Each seal holds, besides `tree_size`, `root` and `format`:

- `frontier`: the right frontier of its tree (`Frontier.to_hex`, comma-separated), so the
  next seal hashes only the events recorded since instead of the whole history;
- `previous_size` and `last_position`: the seal covers the events from leaf
  `previous_size` (the previous seal's `tree_size`) to leaf `tree_size - 1`, the last of
  which is at notification position `last_position`;
- `leaf_tags`: the first 8 hex digits of the leaf hash of each of those events, in order.
  They prove nothing (the root does); they let `verify` *name* the event that changed
  rather than only say that something under a root did;
- `check`: SHA-256 over the seal's own fields (`seal_check`), so damage to the latest
  seal, which no later seal covers yet, is noticed too;
- `signature` and `key_id`: an Ed25519 signature (hex) of the seal's canonical bytes and
  the id of the key that made it (`ledger.audit.signing`), or None for an unsigned seal. Both
  default to None, so seals stored before signing existed still load (their stored state
  lacks the two fields, and is re-encoded to the very same bytes). `check` covers them
  when the seal is signed, and leaves them out when it is not, so an unsigned seal has
  the check it always had;
- `checkpoint`: the seal as a C2SP checkpoint text (`ledger.audit.checkpoint`: origin,
  tree size, base64 root, and, when the seal is signed, a signature line by the same
  key), so `lsp checkpoint` and every paper print it without the private key. None in
  seals recorded before checkpoints existed (their stored state lacks it, as above);
  `check` covers it when it is there.

The first seal creates the stream (`Seal.FirstSealed`), every later one is `Seal.Sealed`;
both topics contain "Seal" and both states are plain JSON with `tree_size`, `root` and
`format`, as CONTRACT.md says a seal is. `ledger.audit.sealing` computes them and
`ledger.audit.verify` verifies them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.utils import get_topic

from ledger.audit.merkle import FORMAT, Frontier
from ledger.events import LedgerEvent, entity_id

SEAL_ID: UUID = entity_id("seal", "seal")
"""The one stream every seal belongs to (`lsp audit --entity seal:seal`)."""

TAG_LENGTH = 8
"""Hex digits of a leaf hash kept in `leaf_tags`, per event."""

SEAL_FIELDS = ("tree_size", "root", "format", "frontier", "previous_size", "last_position",
               "leaf_tags", "actor", "effective", "timestamp")
"""The fields `check` covers, in the order they are listed."""

Signer = Callable[[str, int, str], tuple[str, str]]
"""Signs a seal: (format, tree_size, root) -> (signature hex, key id). The private key
stays in the signer's closure (`ledger.audit.sealing.seal`), never in the store."""

SIGNED_FIELDS = ("signature", "key_id")
"""The fields `check` also covers when the seal is signed."""

CHECKPOINT_FIELD = "checkpoint"
"""The field `check` also covers when the seal holds its checkpoint text."""

Noter = Callable[[int, str], str]
"""Writes a seal's checkpoint text: (tree_size, root) -> text, signed by the signer's key
when there is one (`ledger.audit.sealing`)."""


def seal_check(fields: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the seal's fields (`SEAL_FIELDS`, and
    `SIGNED_FIELDS` when the seal is signed).

    Datetimes are written with `isoformat()`. Checked by `verify` against the stored seal,
    together with the stored bytes being exactly what this code writes for those values.
    """
    names: tuple[str, ...] = SEAL_FIELDS
    if fields.get("signature") is not None or fields.get("key_id") is not None:
        names = SEAL_FIELDS + SIGNED_FIELDS
    if fields.get(CHECKPOINT_FIELD) is not None:
        names += (CHECKPOINT_FIELD,)
    values = {name: fields[name].isoformat() if isinstance(fields[name], datetime)
              else fields[name] for name in names}
    text = json.dumps(values, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def tag(leaf_hash: bytes) -> str:
    """The locator of one leaf kept in a seal's `leaf_tags`."""
    return leaf_hash.hex()[:TAG_LENGTH]


def frontier_text(frontier: Frontier) -> str:
    """A frontier as one payload string: its hashes in hex, comma-separated."""
    return ",".join(frontier.to_hex())


def frontier_of(tree_size: int, text: str) -> Frontier:
    """The frontier stored in a seal (ValueError when it does not fit `tree_size`)."""
    return Frontier.from_hex(tree_size, text.split(",") if text else [])


class SealEvent(LedgerEvent):
    """What every seal event holds (module level: not itself a stored event)."""

    tree_size: int
    root: str
    format: str
    frontier: str
    previous_size: int
    last_position: int
    leaf_tags: str
    check: str
    signature: str | None = None
    key_id: str | None = None
    checkpoint: str | None = None


class Seal(Aggregate):
    """The stream of seals; its state is the latest seal."""

    TOPIC = "lsp:Seal"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Seal.Created"

    class FirstSealed(SealEvent, Aggregate.Created):
        """The first seal, which starts the stream."""

        TOPIC = "lsp:Seal.FirstSealed"

    class Sealed(SealEvent):
        """Every later seal."""

        TOPIC = "lsp:Seal.Sealed"

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Seal):
                aggregate._take(self)

    def __init__(self, tree_size: int, root: str, format: str, frontier: str,
                 previous_size: int, last_position: int, leaf_tags: str, check: str,
                 actor: str, effective: datetime, signature: str | None = None,
                 key_id: str | None = None, checkpoint: str | None = None) -> None:
        self.tree_size = tree_size
        self.root = root
        self.format = format
        self.frontier = frontier
        self.previous_size = previous_size
        self.last_position = last_position
        self.actor = actor
        self.effective = effective
        self.signature = signature
        self.key_id = key_id
        self.checkpoint = checkpoint

    def _take(self, event: SealEvent) -> None:
        self.tree_size = event.tree_size
        self.root = event.root
        self.format = event.format
        self.frontier = event.frontier
        self.previous_size = event.previous_size
        self.last_position = event.last_position
        self.actor = event.actor
        self.effective = event.effective
        self.signature = event.signature
        self.key_id = event.key_id
        self.checkpoint = event.checkpoint

    @classmethod
    def resume(cls, latest: SealEvent) -> Seal:
        """The stream as its latest seal left it, from that one event.

        Every seal holds the whole state of the stream, so there is no need to replay
        all the seals before it (which would make sealing cost grow with their number):
        the aggregate is rebuilt as eventsourcing rebuilds one from a snapshot. Its
        `created_on` is then the latest seal's time, which nothing reads.
        """
        state = {"_created_on": latest.timestamp, "_modified_on": latest.timestamp,
                 **{name: getattr(latest, name) for name in (
                     "tree_size", "root", "format", "frontier", "previous_size",
                     "last_position", "actor", "effective", "signature", "key_id",
                     "checkpoint")}}
        snapshot = Snapshot(originator_id=latest.originator_id,
                            originator_version=latest.originator_version,
                            timestamp=latest.timestamp, topic=get_topic(cls), state=state)
        aggregate = snapshot.mutate(None)
        assert isinstance(aggregate, Seal)
        return aggregate

    @staticmethod
    def _fields(frontier: Frontier, previous_size: int, last_position: int, tags: str,
                actor: str, effective: datetime, timestamp: datetime,
                signer: Signer | None, noter: Noter | None) -> dict[str, Any]:
        root = frontier.root().hex()
        signature, key = signer(FORMAT, frontier.size, root) if signer else (None, None)
        note = noter(frontier.size, root) if noter else None
        fields: dict[str, Any] = {
            "tree_size": frontier.size, "root": root, "format": FORMAT,
            "frontier": frontier_text(frontier), "previous_size": previous_size,
            "last_position": last_position, "leaf_tags": tags, "actor": actor,
            "effective": effective, "timestamp": timestamp, "signature": signature,
            "key_id": key,
        }
        if note is not None:  # absent, not None, when there is none: as older seals
            fields[CHECKPOINT_FIELD] = note
        fields["check"] = seal_check(fields)
        return fields

    @classmethod
    def first(cls, frontier: Frontier, last_position: int, tags: str, actor: str,
              effective: datetime, signer: Signer | None = None,
              noter: Noter | None = None) -> Seal:
        """The first seal, over the `frontier.size` events up to `last_position`; signed
        when a `signer` is given; holding its checkpoint text when a `noter` is."""
        fields = cls._fields(frontier, 0, last_position, tags, actor, effective,
                             cls.FirstSealed.create_timestamp(), signer, noter)
        return cls._create(cls.FirstSealed, id=SEAL_ID, **fields)

    def next(self, frontier: Frontier, last_position: int, tags: str, actor: str,
             effective: datetime, signer: Signer | None = None,
             noter: Noter | None = None) -> None:
        """A later seal: the previous tree extended by the events since."""
        if frontier.size < self.tree_size:
            raise ValueError("a seal cannot cover fewer events than the one before it")
        fields = self._fields(frontier, self.tree_size, last_position, tags, actor, effective,
                              self.Sealed.create_timestamp(), signer, noter)
        self.trigger_event(self.Sealed, **fields)
