"""Export: `lsp export`, the ledger as JSON Lines (CONTRACT.md, "The export format and
the seals").

One stored event a line, in the store's notification order, each line the event's
`ledger.audit.stored.export_line` (the one definition of a line, which proofs carry too):

    {"position": 1, "originator_id": "0f1e...", "originator_version": 1,
     "topic": "lsp:Partnership.Founded", "state": "eyJ..."}

`originator_id` is the UUID's canonical string (lowercase, with hyphens, as
`ledger.audit.merkle.leaf_input` hashes it) and `state` the standard base64 of the stored
bytes, exactly as they are in the store. An export is what an auditor recomputes the seals
from (docs/audit.md); `ledger.audit.importing` rebuilds a ledger from one.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ledger.audit import merkle
from ledger.audit.stored import export_line, leaf, notifications
from ledger.errors import AlreadyExists, InvalidInput, NotFound

if TYPE_CHECKING:
    from ledger.app import Ledger


@dataclass(frozen=True)
class ExportReport:
    """What `export` wrote: how many events, and the root of the tree over all of them."""

    events: int
    root: str


def export(ledger: Ledger, path_or_stream: str | os.PathLike[str] | IO[str], *,
           force: bool = False) -> int:
    """Write every event of `ledger` to a file (or an open text stream); returns how many.

    The events are those recorded when the export starts, in notification order, with
    their positions as in the store. A file is written beside its final name and moved
    into place at the end, so a failed export never leaves half a file. The ledger's own
    file is never written over, and any other file that exists only with `force`.
    """
    return export_with_root(ledger, path_or_stream, force=force).events


def export_with_root(ledger: Ledger, path_or_stream: str | os.PathLike[str] | IO[str], *,
                     force: bool = False) -> ExportReport:
    """`export`, also returning the Merkle root of everything written."""
    ledger.authorise("export")  # the whole log, e-mail addresses included: not public
    if not isinstance(path_or_stream, str | os.PathLike):
        return _write(ledger, path_or_stream)
    target = Path(path_or_stream)
    if ledger.where.is_own_file(target):
        raise InvalidInput(f"cannot write {target}: it is the ledger itself, which an export "
                           "never writes over; give another file")
    if not target.parent.is_dir():
        raise NotFound(f"cannot write {target}: there is no folder {target.parent}")
    if target.is_dir():
        raise InvalidInput(f"cannot write {target}: it is a folder; give a file name")
    if not force and (target.exists() or target.is_symlink()):
        raise _exists(target)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as e:
        raise _cannot_write(target, e) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            report = _write(ledger, stream)
        _move(temporary, target, force)
    except OSError as e:
        raise _cannot_write(target, e) from None
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return report


def _move(temporary: str, target: Path, force: bool) -> None:
    """Put the finished export at `target`: over what is there only with `force`, else
    only if nothing is there still (a hard link fails if the name exists, where the
    file system has them)."""
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                           errno.EMLINK):
            raise
        if target.exists() or target.is_symlink():  # no links here: check, then move
            raise _exists(target) from None
        os.replace(temporary, target)


def _exists(target: Path) -> AlreadyExists:
    return AlreadyExists(f"cannot write {target}: the file exists, and an export writes "
                         "over a file only when told to; nothing was written",
                         remedy="input:force")


def _cannot_write(target: Path, error: OSError) -> InvalidInput:
    reason = error.strerror or type(error).__name__
    return InvalidInput(f"cannot write {target}: {reason}; nothing was written")


def _write(ledger: Ledger, stream: IO[str]) -> ExportReport:
    last = ledger.recorder.max_notification_id() or 0
    frontier = merkle.Frontier.empty()
    count = 0
    for n in notifications(ledger, 0, last):
        frontier.append(leaf(n))
        stream.write(json.dumps(export_line(n)) + "\n")
        count += 1
    return ExportReport(count, frontier.root().hex())
