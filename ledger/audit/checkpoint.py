"""Checkpoints: a seal in the standard form of transparency logs (C2SP tlog-checkpoint).

A checkpoint is what a partner keeps outside the ledger to catch what seals inside it
cannot: a history cut back at the end, or rewritten with every seal recomputed. It is a
*signed note* (C2SP signed-note) whose text is three lines::

    lsp-ledger/3f1c0a9d2b7e4f61          the origin: which ledger
    93                                   the tree size, in decimal
    SVvewCcNqm5QgCcYw1w04t3gkiq3sLydyiokZVABYcI=   the root hash, standard base64

then a blank line and one signature line per key, `— NAME BASE64`, where `—` is the em
dash U+2014, NAME is the key's name (here the origin) and BASE64 is the standard base64 of
the 4-byte key hash followed by the 64-byte Ed25519 signature of the text (the three
lines, each with its line feed). The key hash is the first 4 bytes of
SHA-256(NAME || 0x0A || 0x01 || the 32-byte public key), as C2SP says for Ed25519. An
unsigned seal gives the text alone, with no signature line.

The origin names the ledger: `lsp-ledger/` and the first 16 hex digits of the leaf hash
of its first event (the partnership's founding, with its name and the moment it was
recorded), so it is the same in an export and in every copy imported from one, and no
two ledgers share it. A checkpoint of another ledger is told apart by its first line.

Every seal recorded since checkpoints existed holds its checkpoint's text (`checkpoint`,
signed when the seal is: `ledger.audit.sealing`), so a paper printed from the read models
can carry it without the private key. `current(ledger, latest)` is `lsp checkpoint`: the
latest seal's checkpoint (made from its fields for a seal older than that); `save` keeps
it in a folder of dated files that `lsp verify --checkpoint DIR` reads (`read_all`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from ledger.audit import merkle
from ledger.audit.signing import raw_public
from ledger.audit.stored import leaf, notifications
from ledger.errors import IntegrityFailure, InvalidInput, NotFound

if TYPE_CHECKING:
    from ledger.app import Ledger

ORIGIN_PREFIX = "lsp-ledger/"
"""The start of every ledger's origin line."""

DASH = "\u2014 "
"""What starts a signature line: an em dash and a space (C2SP signed-note)."""

ED25519 = b"\x01"
"""The signature type of Ed25519 in a key hash (C2SP signed-note)."""

SUFFIX = ".checkpoint"
"""The file name ending of a saved checkpoint (`save`, `read_all`)."""

MAX_SIGNATURES = 100
"""Signature lines read from one note at most (as C2SP's reference implementation)."""

_SIZE = re.compile(r"0|[1-9][0-9]*")
_NAME = re.compile(r"[^\s+]+")


def origin_from(first_leaf: bytes) -> str:
    """The origin of the ledger whose first event has this leaf hash."""
    return ORIGIN_PREFIX + first_leaf.hex()[:16]


def origin_of(ledger: Ledger) -> str | None:
    """The ledger's origin, from its first stored event (None when it holds none)."""
    for n in notifications(ledger, stop=1):
        return origin_from(leaf(n))
    return None


def key_hash(name: str, public: Ed25519PublicKey) -> bytes:
    """The 4-byte key hash of an Ed25519 key under `name` (C2SP signed-note)."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + ED25519 + raw_public(public)
                          ).digest()[:4]


def verifier_key(name: str, public: Ed25519PublicKey) -> str:
    """The key as a C2SP verifier key, `NAME+HASH+BASE64` (for tools of other logs)."""
    return (f"{name}+{key_hash(name, public).hex()}+"
            f"{base64.b64encode(ED25519 + raw_public(public)).decode('ascii')}")


@dataclass(frozen=True)
class NoteSignature:
    """One signature line of a note: the key's name, its 4-byte hash, the signature."""

    name: str
    key_hash: bytes
    signature: bytes

    def line(self) -> str:
        blob = base64.b64encode(self.key_hash + self.signature).decode("ascii")
        return f"{DASH}{self.name} {blob}\n"

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "key_hash": self.key_hash.hex()}


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint: which ledger, its tree size and root, and the signatures of its text."""

    origin: str
    tree_size: int
    root: bytes
    signatures: tuple[NoteSignature, ...] = ()
    extensions: tuple[str, ...] = field(default=())

    @property
    def body(self) -> str:
        """The note's text, which the signatures sign: every line ends in a line feed."""
        lines = [self.origin, str(self.tree_size),
                 base64.b64encode(self.root).decode("ascii"), *self.extensions]
        return "".join(f"{line}\n" for line in lines)

    @property
    def text(self) -> str:
        """The whole checkpoint: its text, and when signed a blank line and the
        signature lines."""
        if not self.signatures:
            return self.body
        return self.body + "\n" + "".join(s.line() for s in self.signatures)

    def signed(self, key: Ed25519PrivateKey, name: str | None = None) -> Checkpoint:
        """The checkpoint with a signature by `key` under `name` (default: the origin)
        added, unless that key has signed it already."""
        name = self.origin if name is None else name
        hashed = key_hash(name, key.public_key())
        if any(s.name == name and s.key_hash == hashed for s in self.signatures):
            return self
        made = NoteSignature(name, hashed, key.sign(self.body.encode("utf-8")))
        return replace(self, signatures=(*self.signatures, made))

    def signature_by(self, public: Ed25519PublicKey) -> tuple[NoteSignature | None, bool]:
        """The first signature line of `public`'s (by the key hash under the line's
        name), and whether it verifies; (None, False) when it has none."""
        for s in self.signatures:
            if s.key_hash == key_hash(s.name, public):
                try:
                    public.verify(s.signature, self.body.encode("utf-8"))
                except InvalidSignature:
                    return s, False
                return s, True
        return None, False

    def as_dict(self) -> dict[str, Any]:
        return {"tree_size": self.tree_size, "root": self.root.hex(), "text": self.text,
                "origin": self.origin, "signatures": [s.as_dict() for s in self.signatures]}


def make(origin: str, tree_size: int, root_hex: str,
         key: Ed25519PrivateKey | None = None) -> Checkpoint:
    """The checkpoint of a seal's tree size and root, signed when a key is given."""
    made = Checkpoint(origin, tree_size, bytes.fromhex(root_hex))
    return made.signed(key) if key is not None else made


# ---------------------------------------------------------------------------- reading


def parse(text: str, source: str = "the checkpoint") -> Checkpoint:
    """A checkpoint read from its text (`InvalidInput`, naming `source` and what is
    wrong, when it is not one). The text alone, with no signature line, is an unsigned
    checkpoint."""
    def bad(why: str) -> InvalidInput:
        return InvalidInput(f"{source} is not a checkpoint (C2SP tlog-checkpoint): {why}")

    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise bad("it holds a control character other than a line feed")
    if not text.endswith("\n"):
        raise bad("it does not end in a line feed")
    cut = text.rfind("\n\n")
    body, lines = (text, "") if cut == -1 else (text[:cut + 1], text[cut + 2:])
    head = body[:-1].split("\n")
    if len(head) < 3:
        raise bad("its text needs three lines: the origin, the tree size and the root hash")
    origin, size, root_text, *extensions = head
    if not _NAME.fullmatch(origin):
        raise bad("its first line, the origin, is empty or holds a space or a plus")
    if not _SIZE.fullmatch(size):
        raise bad(f"its second line, the tree size, is not a whole number: {size!r}")
    try:
        root = base64.b64decode(root_text, validate=True)
    except (binascii.Error, ValueError):
        root = b""
    if len(root) != merkle.HASH_SIZE or base64.b64encode(root).decode("ascii") != root_text:
        raise bad("its third line is not a root hash: 32 bytes in standard base64")
    if any(not line for line in extensions):
        raise bad("it has an empty line inside its text")
    signatures: list[NoteSignature] = []
    for line in lines.split("\n")[:-1] if lines else []:
        if len(signatures) == MAX_SIGNATURES:
            raise bad(f"it has more than {MAX_SIGNATURES} signature lines")
        signatures.append(_signature(line, bad))
    if cut != -1 and not signatures:
        raise bad("a blank line must be followed by signature lines")
    return Checkpoint(origin, int(size), root, tuple(signatures), tuple(extensions))


def _signature(line: str, bad: Any) -> NoteSignature:
    if not line.startswith(DASH):
        raise bad(f"a signature line must start with an em dash and a space: {line!r}")
    name, _, blob = line[len(DASH):].partition(" ")
    try:
        raw = base64.b64decode(blob, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if not _NAME.fullmatch(name) or len(raw) < 5:
        raise bad(f"a signature line is not `— NAME BASE64`: {line!r}")
    return NoteSignature(name, raw[:4], raw[4:])


def read(path: str | Path) -> Checkpoint:
    """The checkpoint in a file (`InvalidInput` when there is none there)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a checkpoint: it is not UTF-8 text") from None
    except OSError as e:
        raise InvalidInput(f"the checkpoint file {path} cannot be read: {e.strerror}"
                           ) from None
    return parse(text, str(path))


def files_in(folder: str | Path) -> list[Path]:
    """The saved checkpoints of a folder (`*.checkpoint`), oldest name first."""
    found = sorted(p for p in Path(folder).iterdir()
                   if p.name.endswith(SUFFIX) and not p.name.startswith(".") and p.is_file())
    if not found:
        raise InvalidInput(f"the folder {folder} holds no checkpoint (no *{SUFFIX} file): "
                           "`lsp checkpoint --save FOLDER` keeps them there")
    return found


def read_all(paths: Iterable[str | Path]) -> list[tuple[str, Checkpoint]]:
    """Every checkpoint named: a file, or a folder of saved ones; with where each is."""
    found = []
    for path in paths:
        where = Path(path)
        for one in files_in(where) if where.is_dir() else [where]:
            found.append((str(one), read(one)))
    return found


# ---------------------------------------------------------------------------- the ledger's


class SealInfo(Protocol):
    """What `current` reads of a seal (`ledger.audit.sealing.SealInfo`)."""

    @property
    def tree_size(self) -> int: ...
    @property
    def root(self) -> str: ...
    @property
    def position(self) -> int | None: ...
    @property
    def checkpoint(self) -> str | None: ...


def current(ledger: Ledger, info: SealInfo | None,
            key: Ed25519PrivateKey | None = None) -> Checkpoint:
    """The checkpoint of the seal `info` (the latest: `sealing.latest_seal`): as the seal
    holds it, or, for a seal older than checkpoints, made from its fields. With `key`,
    also signed by it. `NotFound` when the ledger was never sealed (`info` None);
    `IntegrityFailure` when the text the seal holds is not that of its own tree size and
    root."""
    if info is None:
        raise NotFound("the ledger has no seal yet: record one with `lsp seal`")
    if info.checkpoint is not None:
        try:
            found = parse(info.checkpoint, "the latest seal's checkpoint")
        except InvalidInput as e:
            raise IntegrityFailure(f"{e}: run `lsp verify`", info.position) from None
        if (found.tree_size, found.root.hex()) != (info.tree_size, info.root):
            raise IntegrityFailure("the latest seal's checkpoint is not that of its tree size "
                                   "and root: run `lsp verify`", info.position)
    else:
        origin = origin_of(ledger)
        assert origin is not None  # a sealed ledger holds events
        found = make(origin, info.tree_size, info.root)
    return found.signed(key) if key is not None else found


def file_name(recorded: datetime, tree_size: int) -> str:
    """The name a checkpoint is saved under: when its seal was recorded (UTC) and its
    size, so a folder lists them in order."""
    return f"{recorded.astimezone(UTC):%Y-%m-%dT%H%M%SZ}-{tree_size}{SUFFIX}"


def save(checkpoint: Checkpoint, folder: str | Path, recorded: datetime
         ) -> tuple[Path, bool]:
    """Keep `checkpoint` in `folder` (made if missing) as a file of its own; never
    overwrites. (path, whether it was written): the same checkpoint saved before is
    left as it is. A different checkpoint under the same name (the same seal time and
    size) is an `IntegrityFailure`: the ledger no longer says what it said."""
    where = Path(folder)
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InvalidInput(f"cannot make the folder {folder}: {e.strerror}") from None
    if not where.is_dir():
        raise InvalidInput(f"{folder} is not a folder")
    target = where / file_name(recorded, checkpoint.tree_size)
    text = checkpoint.text
    if target.exists():
        return target, _same(target, text)
    try:
        fd, temporary = tempfile.mkstemp(dir=where, prefix=".", suffix=SUFFIX)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(temporary, target)  # fails if the name was taken meanwhile
        except FileExistsError:
            return target, _same(target, text)
        finally:
            os.unlink(temporary)
    except OSError as e:
        raise InvalidInput(f"cannot write a checkpoint in {folder}: {e.strerror}") from None
    return target, True


def _same(target: Path, text: str) -> bool:
    """False when `target` keeps the same checkpoint text (with the same or other
    signatures); an `IntegrityFailure` when it keeps another."""
    try:
        kept = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        kept = None
    if kept is not None and kept.partition("\n\n")[0] == text.partition("\n\n")[0]:
        return False
    raise IntegrityFailure(f"{target} holds another checkpoint of the same seal time and "
                           "size: never overwritten. The ledger no longer says what it said "
                           f"then: run `lsp verify --checkpoint {target}`")
