"""Reading an export: every line and every seal checked before anything is imported.

`read_export(path)` reads an export (`ledger.audit.export`) line by line into a `Reader`,
raising `IntegrityFailure` (exit code 3) at the first fault, naming the line, its
position and the problem:

- each line is a JSON object with exactly the five keys (`ledger.audit.stored.KEYS`), of
  the right types; the id is a canonical UUID; the state is canonical base64; the topic
  is an `lsp:` topic;
- positions run 1, 2, 3... without a gap (a fresh SQLite store numbers its events so,
  and the imported ledger must keep the positions its seals and proofs name);
- each originator's versions run 1, 2, 3... in file order;
- at each seal (a line whose topic contains "Seal"), its state is JSON whose `root` is the
  RFC 6962 Merkle Tree Hash of the first `tree_size` lines (computed incrementally with a
  `merkle.Frontier`, never by re-hashing the history), in `format` rfc6962-sha256/v1, and
  its `frontier`, when it has one, is that tree's right frontier.

It reads the file only: no ledger, no store (`ledger.audit.importing` writes).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ledger.audit import merkle
from ledger.audit.stored import KEYS
from ledger.errors import IntegrityFailure

SEAL_MARK = "Seal"
"""A seal is an event whose topic contains this (CONTRACT.md)."""

_TOPIC = re.compile(r"lsp:[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*")


@dataclass(frozen=True)
class Line:
    """One checked line of an export."""

    number: int
    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


class Reader:
    """Checks an export line by line, seals included, keeping what it read."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.leaves: list[bytes] = []
        self.frontier = merkle.Frontier.empty()
        self.versions: dict[UUID, int] = {}
        self.seals = 0
        self.sealed = 0
        self._at: tuple[int, int | None] = (0, None)

    def _bad(self, problem: str) -> IntegrityFailure:
        """The failure at the line being read (its number is the position it should have)."""
        number, position = self._at
        where = f"line {number}" if position is None else f"line {number} (position {position})"
        return export_failure(where, problem, number)

    def read(self, number: int, raw: bytes) -> None:
        line = self._parse(number, raw)
        if SEAL_MARK in line.topic:
            self._check_seal(line)
        self.lines.append(line)
        leaf = merkle.leaf_hash(merkle.leaf_input(str(line.originator_id),
                                                  line.originator_version, line.topic,
                                                  line.state))
        self.leaves.append(leaf)
        self.frontier.append(leaf)

    def _parse(self, number: int, raw: bytes) -> Line:
        self._at = (number, None)
        try:
            doc: Any = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise self._bad("is not a JSON object (one event a line)") from None
        if not isinstance(doc, dict):
            raise self._bad("is not a JSON object (one event a line)")
        position = doc.get("position")
        if _is_int(position):
            self._at = (number, position)
        if set(doc) != set(KEYS):
            missing = [k for k in KEYS if k not in doc]
            extra = sorted(k for k in doc if k not in KEYS)
            raise self._bad("does not have the five keys of the export"
                       + (f"; missing {', '.join(missing)}" if missing else "")
                       + (f"; unexpected {', '.join(extra)}" if extra else ""))
        if not _is_int(position):
            raise self._bad(f"has a position that is not a whole number: {position!r}")
        expected = len(self.lines) + 1
        if position != expected:
            raise self._bad(f"is where position {expected} should be: positions run 1, 2, "
                       "3... without a gap, so a line is missing, repeated or out of order")
        text_id = doc["originator_id"]
        originator = _uuid(text_id)
        if originator is None:
            raise self._bad("has an originator_id that is not a UUID as lowercase hex "
                       f"with hyphens: {text_id!r}")
        version = doc["originator_version"]
        if not _is_int(version) or version < 1:
            raise self._bad(f"has an originator_version that is not a whole number from 1: "
                       f"{version!r}")
        previous = self.versions.get(originator, 0)
        if version != previous + 1:
            raise self._bad(f"has originator {text_id} at version {version} where "
                       f"{previous + 1} comes next: each originator's versions run 1, 2, "
                       "3... in order, so an event is missing, repeated or out of order")
        topic = doc["topic"]
        if not isinstance(topic, str) or not _TOPIC.fullmatch(topic):
            raise self._bad(f"has a topic that is not an lsp: topic such as "
                       f"'lsp:Body.SeatFilled': {topic!r}")
        encoded = doc["state"]
        state = _base64(encoded)
        if state is None:
            raise self._bad("has a state that is not standard base64 (RFC 4648, with = padding)")
        self.versions[originator] = version
        return Line(number, position, originator, version, topic, state)

    def _check_seal(self, line: Line) -> None:
        self._at = (line.number, line.position)
        try:
            seal: Any = json.loads(line.state.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise self._bad("is a seal whose state is not JSON") from None
        if not isinstance(seal, dict):
            raise self._bad("is a seal whose state is not a JSON object")
        size: Any = seal.get("tree_size")
        root, form = seal.get("root"), seal.get("format")
        before = len(self.lines)
        if form != merkle.FORMAT:
            raise self._bad(f"is a seal in format {form!r}; this ledger reads "
                       f"{merkle.FORMAT!r}")
        if not _is_int(size) or not 0 <= size <= before:
            raise self._bad(f"is a seal of tree_size {size!r}, but {before} events come "
                       "before it")
        if not isinstance(root, str):
            raise self._bad(f"is a seal whose root is not hex: {root!r}")
        # Usually the seal covers every line before it; if it was recorded while more was
        # being written (rare), recompute that prefix.
        frontier = (self.frontier if size == before
                    else merkle.Frontier.of(self.leaves[:size]))
        computed = frontier.root().hex()
        if root != computed:
            raise self._bad(f"is a seal that does not verify: its root {root} is not the root "
                       f"{computed} of the {size} events before it, so an event under it "
                       "was changed, removed, added or moved")
        claimed = seal.get("frontier")
        if claimed is not None:  # ledger.audit.seal writes it comma-separated; a list is read too
            hashes = (claimed.split(",") if claimed else []) if isinstance(claimed, str) \
                else claimed
            try:
                stored = merkle.Frontier.from_hex(size, hashes)
            except ValueError as e:
                raise self._bad(f"is a seal whose frontier cannot be read: {e}") from None
            if stored != frontier:
                raise self._bad("is a seal whose frontier is not that of the events "
                           "before it")
        self.seals += 1
        self.sealed = max(self.sealed, size)


def read_export(path: str | os.PathLike[str]) -> Reader:
    """Check the export at `path` line by line; raises IntegrityFailure at the first fault."""
    reader = Reader()
    for number, raw in _lines(path):
        reader.read(number, raw)
    return reader


def _lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line; a final newline is allowed, blank lines are not."""
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, 1):
            body = raw[:-1] if raw.endswith(b"\n") else raw
            if body.endswith(b"\r"):
                body = body[:-1]
            if not body.strip():
                raise export_failure(f"line {number}", "is blank: an export has one event "
                                     "on every line", number)
            yield number, body


def export_failure(where: str, problem: str, position: int | None = None
                   ) -> IntegrityFailure:
    """The failure of an export at `where` (a line): nothing was imported."""
    return IntegrityFailure(f"the export does not verify: {where} {problem}; nothing was "
                            "imported", position)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _uuid(value: object) -> UUID | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = UUID(value)
    except ValueError:
        return None
    return parsed if str(parsed) == value else None


def _base64(value: object) -> bytes | None:
    if not isinstance(value, str) or not value.isascii():
        return None
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if base64.b64encode(decoded).decode("ascii") == value else None
