"""Proving: `lsp prove`, RFC 6962 inclusion proofs of a decision's events (CONTRACT.md,
"Integrity").

- `prove(ledger, slug)` gives an inclusion proof, under the latest seal, for each event
  of a decision, each carrying its event as an export line (`ledger.audit.stored`);
- `verify_proof(bundle)` checks one with no ledger at all: (ok, reasons);
- `check_bundle(bundle, source)` is `lsp prove --verify`: the bundle when it verifies,
  otherwise the `IntegrityFailure` (exit code 3) listing the reasons;
- `prove_consistency(ledger, old, new)` is `lsp prove --consistency`: an RFC 9162 (section
  2.1.4) consistency proof between two tree sizes, and `check_consistency` checks a saved
  one with no ledger (docs/consistency_example.py does the same with hashlib alone).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import Notification

from ledger.audit import merkle
from ledger.audit.merkle import FORMAT
from ledger.audit.sealing import latest_seal
from ledger.audit.stored import export_line, leaf, notifications
from ledger.errors import IntegrityFailure, InvalidInput, NotFound
from ledger.events import entity_id

if TYPE_CHECKING:
    from ledger.app import Ledger

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
    for n in notifications(ledger):
        if len(leaves) < current.tree_size:
            if n.originator_id == wanted:
                mine.append((len(leaves), n))
            leaves.append(leaf(n))
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
        claimed, index, path = _hash(proof.get("leaf_hash")), proof.get("leaf_index"), \
            proof.get("audit_path")
        hashes = [_hash(h) for h in path] if isinstance(path, list) else [None]
        if claimed is None or type(index) is not int or any(h is None for h in hashes):
            reasons.append(f"{where} needs `leaf_hash`, `leaf_index` and `audit_path` (hex)")
            continue
        if not merkle.verify_inclusion(claimed, index, size,
                                       [h for h in hashes if h is not None], root):
            reasons.append(f"{where}: the audit path does not lead from the leaf to the root")
        event = proof.get("event")
        if event is not None:
            reasons.extend(f"{where}: {why}" for why in _event_reasons(event, claimed, proof,
                                                                          decision))
    return not reasons, reasons


def _event_reasons(event: object, leaf_hash: bytes, proof: Mapping[str, Any],
                   decision: object) -> list[str]:
    if not isinstance(event, dict):
        return ["its event is not an object"]
    try:
        state = base64.b64decode(event["state"], validate=True)
        data = merkle.leaf_input(event["originator_id"], event["originator_version"],
                                 event["topic"], state)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return ["its event is not an export line"]
    found = []
    if merkle.leaf_hash(data) != leaf_hash:
        found.append("its event does not hash to its leaf hash")
    if event.get("position") != proof.get("position"):
        found.append("its event is at another position")
    if isinstance(decision, str) and event["originator_id"] != str(entity_id("decision",
                                                                               decision)):
        found.append(f"its event is not one of decision '{decision}'")
    return found


def check_bundle(bundle: object, source: str) -> Mapping[str, Any]:
    """The bundle read from `source` when every proof in it verifies (`verify_proof`);
    otherwise raises `IntegrityFailure` (exit code 3) with the first reason, each further
    one on a line of its own, and the document `{"ok": false, "reasons": [...]}`."""
    if isinstance(bundle, dict):
        ok, reasons = verify_proof(bundle)
        if ok:
            return bundle
    else:
        reasons = [f"{source} is not a proof (JSON from `lsp prove --json`)"]
    lines = [f"the proof does not verify: {reasons[0]}"]
    lines += [f"  also: {reason}" for reason in reasons[1:]]
    raise IntegrityFailure("\n".join(lines), None, {"ok": False, "reasons": reasons})


# ---------------------------------------------------------------------------- consistency


def prove_consistency(ledger: Ledger, old_size: int, new_size: int | None = None
                      ) -> dict[str, Any]:
    """`lsp prove --consistency OLD_SIZE [--to NEW_SIZE]`: an RFC 9162 (section 2.1.4)
    consistency proof that the tree of the first `new_size` events (default: the latest
    seal's) extends the tree of the first `old_size`. Refuses (`InvalidInput`) sizes
    that do not fit; raises `IntegrityFailure` when the events no longer have the root
    the latest seal recorded, since a proof from them would prove nothing."""
    current = latest_seal(ledger)
    if new_size is None:
        if current is None:
            raise NotFound("the ledger has no seal yet: record one with `lsp seal`, or give "
                           "the new size")
        new_size = current.tree_size
    if new_size < 0 or old_size < 0:
        raise InvalidInput("a tree size is a whole number of events, 0 or more")
    if old_size > new_size:
        raise InvalidInput(f"the old size {old_size} is larger than the new size {new_size}: "
                           "a consistency proof goes from an older tree to a newer one")
    leaves = _leaves(ledger, new_size)
    if len(leaves) < new_size:
        raise InvalidInput(f"the ledger holds {len(leaves)} events, fewer than the new size "
                           f"{new_size}")
    tree = merkle.Tree(leaves)
    new_root = tree.root(new_size)
    if current is not None and current.tree_size == new_size and new_root.hex() != current.root:
        raise IntegrityFailure("the stored events do not match the latest seal: run "
                               "`lsp verify`", current.position)
    return {"format": FORMAT, "old_size": old_size, "new_size": new_size,
            "old_root": tree.root(old_size).hex(), "new_root": new_root.hex(),
            "proof": [h.hex() for h in tree.consistency_proof(old_size, new_size)],
            "new_is_latest_seal": current is not None and current.tree_size == new_size}


def _leaves(ledger: Ledger, count: int) -> list[bytes]:
    """The leaf hashes of the first `count` stored events (fewer if there are fewer)."""
    found: list[bytes] = []
    if count:
        for n in notifications(ledger):
            found.append(leaf(n))
            if len(found) == count:
                break
    return found


def check_consistency(bundle: Mapping[str, Any], source: str) -> Mapping[str, Any]:
    """`lsp prove --verify FILE` of a consistency proof: the bundle when its proof shows
    the new root extends the old (RFC 9162 section 2.1.4.2), with no ledger; otherwise the
    `IntegrityFailure` (exit code 3) saying why."""
    old, new = bundle.get("old_size"), bundle.get("new_size")
    roots = _hash(bundle.get("old_root")), _hash(bundle.get("new_root"))
    path = bundle.get("proof")
    hashes = [_hash(h) for h in path] if isinstance(path, list) else [None]
    if (type(old) is not int or type(new) is not int or None in roots
            or any(h is None for h in hashes)):
        reason = (f"{source} is not a consistency proof: it needs `old_size`, `new_size` "
                  "(whole numbers), `old_root`, `new_root` and `proof` (hex)")
    elif bundle.get("format", FORMAT) != FORMAT:
        reason = f"the proof's format is not {FORMAT!r}"
    elif merkle.verify_consistency(old, new, roots[0] or b"", roots[1] or b"",
                                   [h for h in hashes if h is not None]):
        return bundle
    else:
        reason = (f"the proof does not show that the tree of {new} events with root "
                  f"{bundle.get('new_root')} extends the tree of {old} with root "
                  f"{bundle.get('old_root')}")
    raise IntegrityFailure(f"the proof does not verify: {reason}", None,
                           {"ok": False, "reasons": [reason]})
