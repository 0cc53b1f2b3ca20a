"""What `lsp verify` found (`VerifyReport`), and what it could not rule out.

A report lists the problems found, each at a position (None: not one event, such as a
missing guard or a damaged file); `raise_if_failed` makes it the one `IntegrityFailure`
(exit code 3). Beside them it says plainly what the checks made could not rule out
(`not_ruled_out`), because a ledger that verifies is not yet a ledger nobody changed:

    code          not ruled out                              ruled out by
    cut-at-end    the last events (and the seals over them)  a checkpoint kept outside
                  removed, leaving a shorter ledger that      the ledger, newer than the
                  verifies                                    events in question
    re-sealed     events changed and every seal after them   signed seals checked with
                  recomputed by someone who can write the     --public-key, or a
                  store                                       checkpoint (up to its size)
    signing-      seals unsigned after a signed one: a       --public-key (then it fails)
    stopped       re-sealing without the key
    unsealed      the events after the latest seal changed   `lsp seal`
                  or added: no seal covers them
    unlawful-     an act the rules forbid, written without   re-judging (the default;
    acts          them and sealed over; a sealed event whose  not with --no-rejudge),
                  stored form does not decode                 which decodes every event
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ledger.errors import IntegrityFailure


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the stored history, at a position (None: not one event)."""

    position: int | None
    problem: str
    details: tuple[tuple[str, Any], ...] = ()  # what else names it: entity, rule, table...

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "problem": self.problem, **dict(self.details)}


@dataclass(frozen=True)
class Caveat:
    """One thing the checks made could not rule out, and what would."""

    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


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
    checkpoints: tuple[dict[str, Any], ...] = ()
    not_ruled_out: tuple[Caveat, ...] = ()
    guards: dict[str, list[str]] | None = None
    storage: dict[str, Any] | None = None
    signed_seals: int = 0
    rejudged: dict[str, Any] | None = None  # the acts re-judged (None: not asked)
    read_models: dict[str, Any] | None = None  # the read models checked (None: not asked)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    def as_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"ok": self.ok}
        if self.first is not None:
            doc.update(self.first.as_dict())
        doc.update(events=self.events, seals=self.seals, tree_size=self.tree_size,
                   root=self.root, unsealed=self.unsealed,
                   head={"tree_size": self.events, "root": self.head_root})
        if self.checkpoint is not None:
            doc["checkpoint"] = self.checkpoint
        if self.checkpoints:
            doc["checkpoints"] = list(self.checkpoints)
        doc["signed_seals"] = self.signed_seals
        if self.guards is not None:
            doc["guards"] = self.guards
        if self.storage is not None:
            doc["storage"] = self.storage
        if self.rejudged is not None:
            doc["rejudged"] = self.rejudged
        if self.read_models is not None:
            doc["read_models"] = self.read_models
        doc["not_ruled_out"] = [c.as_dict() for c in self.not_ruled_out]
        if self.problems:
            doc["problems"] = [p.as_dict() for p in self.problems]
        return doc

    def with_read_models(self, checked: dict[str, Any], problems: Sequence[Problem]
                         ) -> VerifyReport:
        """This report with the read models' check (`projections.drift`, which the audit
        does not import: the command line joins the two) and its problems."""
        return replace(self, problems=tuple(sorted(
            (*self.problems, *problems),
            key=lambda p: (p.position is None, p.position or 0))), read_models=checked)

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
        lines += [f"  also at {_where(p)}: {p.problem}" for p in self.problems[1:]]
        raise IntegrityFailure("\n".join(lines), first.position, self.as_dict())


def _where(p: Problem) -> str:
    return f"position {p.position}" if p.position is not None else "the ledger"


@dataclass(frozen=True)
class Given:
    """What a verification was given and saw, for judging what it could not rule out."""

    events: int
    unsealed: int
    checkpoint_sizes: tuple[int, ...] = ()
    keys: bool = False
    signed_seals: int = 0
    stopped_signing: int | None = None  # the first unsigned seal after a signed one
    rejudged: bool = True  # every recorded act judged again by the rules


def not_ruled_out(given: Given) -> tuple[Caveat, ...]:
    """What the checks made could not rule out (the table of the module's docstring)."""
    found: list[Caveat] = []
    newest = max(given.checkpoint_sizes, default=None)
    if newest is None:
        found.append(Caveat(
            "cut-at-end", "a cut at the end: the last events, and the seals over them, could "
            "have been removed, leaving a shorter ledger that still verifies; check it "
            "against a checkpoint kept outside the ledger (`lsp checkpoint --save DIR`, then "
            "`lsp verify --checkpoint DIR`)"))
    elif newest < given.events:
        found.append(Caveat(
            "cut-at-end", f"a cut back to no fewer than {newest} events: the events after "
            f"the newest checkpoint given (tree_size {newest}) could have been removed "
            "without trace; keep a newer checkpoint (`lsp checkpoint --save DIR`)"))
    after = (f" after the first {newest} events (the newest checkpoint given)"
             if newest else "")
    if newest is None or newest < given.events:
        if not given.keys and given.signed_seals:
            found.append(Caveat(
                "re-sealed", f"a re-sealing{after}: events changed and every seal after them "
                "recomputed by someone who can write the store; the signed seals were not "
                "checked: give the public key (`--public-key FILE`)"))
        elif not given.signed_seals:
            found.append(Caveat(
                "re-sealed", f"a re-sealing{after}: no seal is signed, so someone who can "
                "write the store could have changed events and recomputed every seal after "
                "them; sign the seals (`lsp seal --key FILE`, or `LSP_SEAL_KEY`)"))
    if given.stopped_signing is not None and not given.keys:
        found.append(Caveat(
            "signing-stopped", f"the seals are unsigned from position {given.stopped_signing} "
            "on, after signed ones: they may have been recomputed without the key; with "
            "`--public-key FILE` this fails"))
    if not given.rejudged:
        found.append(Caveat(
            "unlawful-acts", "an act the rules forbid, recorded by someone who can write the "
            "store without the rules (and sealed over): the acts were not judged again, "
            "nor was each sealed event decoded to check its form, the seals vouching for "
            "its bytes alone (`--no-rejudge`)"))
    if given.unsealed:
        found.append(Caveat(
            "unsealed", f"a change to the {given.unsealed} event"
            f"{'s' if given.unsealed != 1 else ''} after the latest seal: no seal covers "
            "them yet (`lsp seal`)"))
    return tuple(found)
