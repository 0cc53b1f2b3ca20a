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
every event's topic names an event class of the ledger. The walk reads the stored rows
(`ledger.audit.stored.rows`, a plain SELECT in pages) and hashes their bytes, which is
all a seal commits to; it decodes (checking that the event decodes to exactly the fields
of its class) every seal, every event no seal covers, every event whose topic names no
event class, and, when re-judging, every event (the judge replays them): with
`rejudge=False` a sealed event's form rests on its seal (docs/audit.md, "What each
command checks"). Every seal is checked whole: its
own `check` and stored bytes (so damage to the latest seal is seen, which no later seal
covers), the previous seal it names, its tree size against the events before it, and its
root against the previous seal's frontier extended by the events in between, hashed
afresh from the stored bytes. Chained this way, every seal's root is checked against all
the events it covers, and each seal is shown to extend the one before. When a root does
not match, the seal's `leaf_tags` name the event that changed. Events stored after the
latest seal are only checked for form: anyone who can write the file can append an event
that looks right, which is why `lsp seal` should follow every session of writing. And
anyone who can write the file can also recompute every seal: a seal kept outside the ledger
(a checkpoint: on paper, with an auditor; `ledger.audit.extending` proves the ledger
extends it) or a signature is what catches that. Once a seal is signed, every later one
must be (with public keys given, an unsigned one fails at its position: signing does not
silently stop). A seal's checkpoint text must be that of the seal, and, when the seal is
signed and its key given, signed by it.

Beside the history, the store itself: the append-only guards must all be in place (one
missing is a problem naming it: opening a ledger never puts them back), and SQLite's
`PRAGMA integrity_check` must answer "ok" (a damaged page, or an index that no longer
matches its table, is a problem); and every body's snapshot, which no seal covers, must be
the replay of its events (`ledger.audit.snapshots`). The report also says what none of
this could rule out (`ledger.audit.verify_report.not_ruled_out`).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic

from ledger.audit import checkpoint as notes
from ledger.audit import merkle, signing, snapshots
from ledger.audit.extending import Held, Target, check
from ledger.audit.merkle import FORMAT, Frontier
from ledger.audit.rejudge import Judge
from ledger.audit.seal import (
    CHECKPOINT_FIELD,
    SEAL_ID,
    SIGNED_FIELDS,
    TAG_LENGTH,
    SealEvent,
    frontier_of,
    frontier_text,
    seal_check,
    tag,
)
from ledger.audit.stored import Row, decode, notification, rows
from ledger.audit.verify_report import Given, Problem, VerifyReport, not_ruled_out
from ledger.authors import METHODS, ROUTES
from ledger.errors import InvalidInput
from ledger.store import appendonly, doctor

if TYPE_CHECKING:
    from ledger.app import Ledger

__all__ = ["MAX_PROBLEMS", "Problem", "VerifyReport", "verify"]

MAX_PROBLEMS = 50
"""Problems a report lists (the first, by position, is the one that counts)."""

TAIL = 10_000
"""Events read and not yet decoded, at most, waiting for a seal to cover them."""

_SEAL = str(SEAL_ID)
_KINDS: dict[object, str] = {}


def _kind(topic: object) -> str:
    """What a stored topic names: "seal" (a seal's event class), "event" (another event
    class of the ledger: a dataclass of `Aggregate.Event`) or "other" (nothing the
    ledger records, or not a topic at all). Asked once per topic (`_KINDS` keeps them)."""
    if type(topic) is not str:
        return "other"
    try:
        cls = resolve_topic(topic)
    except Exception:  # whatever resolving a stored topic makes an import raise
        cls = None
    kind = "other"
    if isinstance(cls, type) and issubclass(cls, SealEvent):
        kind = "seal"
    elif (isinstance(cls, type) and issubclass(cls, Aggregate.Event)
          and dataclasses.is_dataclass(cls)):
        kind = "event"
    if len(_KINDS) < 4096:
        _KINDS[topic] = kind
    return kind


def _seal_damage(ledger: Ledger, n: Notification, event: SealEvent) -> str | None:
    """Why a seal's own record is damaged, or None."""
    values = event.__dict__
    types = {"tree_size": int, "previous_size": int, "last_position": int, "root": str,
             "format": str, "frontier": str, "leaf_tags": str, "check": str}
    if any(type(values[k]) is not t for k, t in types.items()):
        return "a field of the seal has the wrong type"
    if any(values.get(k) is not None and type(values[k]) is not str
           for k in (*SIGNED_FIELDS, CHECKPOINT_FIELD)):
        return "a field of the seal has the wrong type"
    if seal_check(values) != values["check"]:
        return "the seal's own fields were changed: its check does not match them"
    # Its author's route and method are set as it is saved, after its check is made
    # (`Ledger._save`), so the check does not cover them: one no server records is a
    # changed seal. (That the latest seal's author is right rests on the next seal.)
    if (values.get("author_route", "local") not in ROUTES
            or values.get("author_method", "os-login") not in METHODS):
        return "the seal's author was changed: its route or method is one no server records"
    if ledger.mapper.to_stored_event(event).state != n.state:
        return "the seal's stored bytes are not those written for its fields"
    if values["format"] != FORMAT:
        return f"the seal's format is {values['format']!r}, not {FORMAT!r}"
    return None


class _Walk:
    """The state of one verification, event by event."""

    def __init__(self, ledger: Ledger,
                 public_keys: Mapping[str, Ed25519PublicKey] | None = None,
                 require_signed: bool = False, rejudge: bool = False,
                 judged_before: int = 0) -> None:
        self.ledger = ledger
        self.judge = Judge(ledger) if rejudge else None
        self.judged_before = judged_before  # the first events, judged by an earlier run
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
        self.sealed_true = True  # it is that of the events it covers, as read here
        self.whole = Frontier.empty()  # the frontier of the events read (`frontier`)
        self.next_position = 1  # the position the next event should be at
        self.tail: deque[tuple[int, Row]] = deque()  # events read, not decoded (their index)
        self.signed_seals = 0
        self.first_signed: int | None = None  # where the first signed seal is
        self.stopped_signing: int | None = None  # the first unsigned seal after one

    def bad(self, position: int | None, problem: str,
            details: Mapping[str, Any] | None = None) -> None:
        self.problems.append(Problem(position, problem, tuple((details or {}).items())))

    def event(self, row: Row) -> None:
        position, originator, version, topic, state = row
        if position != self.next_position:
            self.out_of_place(position)
        self.next_position = position + 1
        try:
            h = merkle.event_leaf_hash(originator, version, topic, state)
        except (TypeError, ValueError):
            h = merkle.leaf_hash(repr(row).encode("utf-8"))
            self.bad(position, "the stored row is not an event (its state is not bytes)")
        versions = self.versions
        before = versions.get(originator, 0)
        if version == before + 1:
            versions[originator] = version
        else:
            self.bad(position, f"version {version} of {originator} follows version {before}: "
                               "an aggregate's versions run 1, 2, 3...")
            versions[originator] = max(before, version)
        if (self.judge is None and originator != _SEAL
                and (_KINDS.get(topic) or _kind(topic)) == "event"):
            # Its leaf is all a seal needs: decoded only if no seal comes to cover it
            self.tail.append((len(self.leaves), row))
            if len(self.tail) > TAIL:
                self.decode_tail()
        else:
            self.decoded(row)
        self.leaves.append(h)
        self.positions.append(position)

    def out_of_place(self, position: int) -> None:
        """A position that is not the one after the last: events deleted, or inserted."""
        expected = self.next_position
        if position > expected:
            gap = str(expected) if position == expected + 1 else f"{expected} to {position - 1}"
            self.bad(expected, f"position {gap} is missing: stored events were deleted")
        else:
            self.bad(position, f"position {position} comes where {expected} was expected: "
                               "an event was inserted")

    def frontier(self) -> Frontier:
        """The frontier of every event read so far (extended only when asked)."""
        self.whole.extend(self.leaves[self.whole.size:])
        return self.whole

    def decoded(self, row: Row) -> None:
        """Decode one stored event: its form checked; a seal checked whole; fed to the
        re-judging."""
        n = notification(self.ledger, row)
        event, why = decode(self.ledger, n)
        if why is not None:
            self.bad(n.id, f"the event at position {n.id} is not well formed: {why}")
        is_seal = isinstance(event, SealEvent)
        if is_seal != (n.originator_id == SEAL_ID) and why is None:
            self.bad(n.id, "a seal outside the seal stream, or something else inside it")
        elif is_seal and isinstance(event, SealEvent):
            self.seal(n, event)
        if self.judge is not None:
            decoded = event if why is None else None
            if len(self.leaves) < self.judged_before:
                self.judge.fold(n.originator_id, decoded)
            else:
                self.judge.feed(n.id, n.topic, n.originator_id, decoded)

    def decode_tail(self) -> None:
        """Decode the events no seal covered when they were read (those after the latest
        seal, at the end): their form is all that can be checked of them."""
        while self.tail:
            self.decoded(self.tail.popleft()[1])

    def signature(self, n: Notification, event: SealEvent) -> None:
        """With public keys given: a signed seal's signature must verify under the key it
        names. With `require_signed`: every seal must be signed."""
        signature, key = event.__dict__.get("signature"), event.__dict__.get("key_id")
        if signature is None and key is None:
            if self.require_signed:
                self.bad(n.id, f"the seal at position {n.id} is not signed")
            elif self.first_signed is not None:
                if self.stopped_signing is None:
                    self.stopped_signing = n.id
                if self.public_keys:
                    self.bad(n.id, f"the seal at position {n.id} is not signed, but the "
                                   f"seal at position {self.first_signed} before it was: "
                                   "once a ledger is signed every later seal must be (the "
                                   "seals from here may have been recomputed without the "
                                   "key)")
            return
        self.signed_seals += 1
        if self.first_signed is None:
            self.first_signed = n.id
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
        covered = self.leaves[previous:size]
        changed: list[int] = []
        if "".join([tag(h) for h in covered]) != event.leaf_tags:  # then find which
            changed = [j for j in range(previous, size)
                       if tag(self.leaves[j]) != event.leaf_tags[(j - previous) * TAG_LENGTH:
                                                                 (j - previous + 1) * TAG_LENGTH]]
        for j in changed[:MAX_PROBLEMS]:
            self.bad(self.positions[j], f"the event at position {self.positions[j]} is not "
                                        f"what the seal at position {n.id} sealed")
        if self.sealed_true and size == before:
            extended, true = self.frontier().copy(), True  # the same, not hashed again
        else:
            extended, true = self.sealed.copy(), self.sealed_true
            extended.extend(covered)
        if extended.root().hex() != event.root and not changed:
            self.bad(n.id, f"the seal's root is not that of the first {size} events")
        elif frontier_text(extended) != event.frontier and not changed:
            self.bad(n.id, "the seal's frontier is not that of the events it covers")
        note = event.__dict__.get(CHECKPOINT_FIELD)
        if note is not None:
            self.seal_note(n, event, note)
        # Carry the seal's own frontier on (checked above), so damage under one seal is
        # reported once, not again by every later seal.
        try:
            self.sealed = frontier_of(size, event.frontier)
            self.sealed_true = true and self.sealed == extended
        except ValueError:
            self.sealed, self.sealed_true = extended, true
        self.tree_size, self.root = size, event.root
        while self.tail and self.tail[0][0] < size:  # covered by this seal
            self.tail.popleft()

    def seal_note(self, n: Notification, event: SealEvent, text: str) -> None:
        """The checkpoint text a seal holds must be that seal's, of this ledger, and each
        of its signatures by a key given must verify."""
        try:
            found = notes.parse(text, f"the checkpoint of the seal at position {n.id}")
        except InvalidInput as e:
            self.bad(n.id, str(e))
            return
        if (found.tree_size, found.root.hex()) != (event.tree_size, event.root):
            self.bad(n.id, f"the checkpoint of the seal at position {n.id} is not that of "
                           "its tree size and root")
        if self.leaves and found.origin != notes.origin_from(self.leaves[0]):
            self.bad(n.id, f"the checkpoint of the seal at position {n.id} names another "
                           f"ledger ({found.origin})")
        for key, public in self.public_keys.items():
            line, ok = found.signature_by(public)
            if line is not None and not ok:
                self.bad(n.id, f"the checkpoint of the seal at position {n.id} has a "
                               f"signature that key {key} did not make: it was forged or "
                               "changed")

    def rejudged(self) -> dict[str, Any] | None:
        """The re-judging's findings, added to the walk's problems; what was judged."""
        if self.judge is None:
            return None
        try:
            found = self.judge.finish()
        finally:
            self.judge.close()
        for u in found[:MAX_PROBLEMS]:
            self.bad(u.position, f"{u.entity} {u.event} is against the rules: {u.problem}",
                     u.details())
        return {"acts": self.judge.judged, "events": self.judge.events,
                "judged_before": self.judge.folded,
                "unlawful": len(found),
                "not_judged": dict(sorted(self.judge.not_judged.items())),
                "cut_short_at_end": self.judge.cut_short}

    def target(self) -> Target:
        return Target(merkle.Tree(self.leaves), self.positions, self.tree_size, self.root)

    def checkpoint(self, checkpoint: Mapping[str, Any] | Held,
                   target: Target | None = None) -> dict[str, Any]:
        """Whether the ledger extends one checkpoint (`ledger.audit.extending`): its result
        as `verify --json` gives it; problems are added to the walk's."""
        held = checkpoint if isinstance(checkpoint, Held) else Held.of(checkpoint)
        short, _, found = check(held, target or self.target(), self.public_keys)
        for position, problem in found:
            self.bad(position, problem)
        return short


Kept = Mapping[str, Any] | notes.Checkpoint
"""A checkpoint as given: JSON with `tree_size` and `root`, or a checkpoint text read."""


def verify(ledger: Ledger, checkpoint: Mapping[str, Any] | None = None,
           public_keys: Iterable[Ed25519PublicKey] = (),
           require_signed: bool = False,
           checkpoints: Sequence[tuple[str | None, Kept]] = (),
           on_event: Callable[[], None] | None = None,
           rejudge: bool = True, rejudge_since_checkpoint: bool = False) -> VerifyReport:
    """Check every stored event and every seal, the guards and the storage; with
    checkpoints (`checkpoint`, and each of `checkpoints` with where it was read from),
    that the ledger extends each. Reads only. Raises `InvalidInput` for a checkpoint of
    the wrong shape. (`on_event()` after each event checked, for a progress bar.)

    With `public_keys`, every signed seal's signature must verify under the key whose id
    it names (one of those given), and no seal after a signed one may be unsigned; with
    `require_signed`, every seal must be signed. With `rejudge` (the default), every
    recorded act is judged again by the rules as when it was recorded
    (`ledger.audit.rejudge`); an act they would have refused is a problem at its position.
    With `rejudge_since_checkpoint`, the events the newest checkpoint given covers are
    folded into the state without being judged again (an earlier verification, whose
    checkpoint the auditor kept, judged them; the ledger is proved to extend it).
    """
    ledger.authorise("verify")  # the permission table (ledger/permissions.py)
    held = ([Held.of(checkpoint)] if checkpoint is not None else []) + [
        Held.of(kept, source) for source, kept in checkpoints]
    keys = {signing.key_id(k): k for k in public_keys}
    if rejudge_since_checkpoint and not held:
        raise InvalidInput("--rejudge-since-checkpoint needs a checkpoint (--checkpoint "
                           "FILE|DIR): the events it covers are the ones not judged again")
    since = max((h.tree_size for h in held), default=0) if rejudge_since_checkpoint else 0
    walk = _Walk(ledger, keys, require_signed, rejudge, since)
    try:
        for row in rows(ledger):
            walk.event(row)
            if on_event is not None:
                on_event()
    except Exception as e:  # a row the recorder itself cannot read (its id, say)
        after = walk.positions[-1] + 1 if walk.positions else 1
        walk.bad(after, f"the stored row after position {after - 1} cannot be read "
                        f"({type(e).__name__}); verification stopped there")
    walk.decode_tail()
    rejudged = walk.rejudged()
    results: list[dict[str, Any]] = []
    first: dict[str, Any] | None = None
    if held:
        target = walk.target()
        for one in held:
            short, full, found = check(one, target, keys)
            first = short if first is None else first
            results.append(full)
            for position, problem in found:
                walk.bad(position, problem)
    missing = _missing_guards(ledger)
    for name in missing:
        walk.bad(None, f"{appendonly.missing_message([name])}: put them back with `lsp store "
                       "repair-guards`, which records who did")
    for problem in snapshots.drift(ledger):  # outside the seals: checked by replaying
        walk.bad(None, problem)
    damage = doctor.integrity_check(ledger.where)
    if damage:
        walk.bad(None, doctor.storage_message(damage))
    problems = sorted(walk.problems,
                      key=lambda p: (p.position is None, p.position or 0))[:MAX_PROBLEMS]
    unsealed = len(walk.leaves) - walk.tree_size - (1 if walk.seals else 0)
    expected = appendonly.expected_guards(ledger.where)
    given = Given(len(walk.leaves), unsealed, tuple(h.tree_size for h in held), bool(keys),
                  walk.signed_seals, walk.stopped_signing, rejudge)
    return VerifyReport(
        len(walk.leaves), walk.seals, walk.tree_size, walk.root, unsealed,
        walk.frontier().root().hex(), tuple(problems), first, tuple(results),
        not_ruled_out(given),
        {"present": [g for g in expected if g not in missing], "missing": list(missing)},
        {"integrity_check": ("not run" if damage is None else "ok" if not damage
                             else "failed"), "messages": list(damage or ())},
        walk.signed_seals, rejudged)


def _missing_guards(ledger: Ledger) -> tuple[str, ...]:
    if ledger.where.is_postgres:
        with ledger.database() as db:
            return appendonly.missing_guards(ledger.where, db)
    return appendonly.missing_guards(ledger.where)
