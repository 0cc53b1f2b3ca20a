"""Putting the append-only guards back, on the record: `lsp store repair-guards`.

Opening a ledger never repairs a missing guard (ledger/store/appendonly.py): it is
reported (on stderr; `lsp verify` exits 3 naming it; `lsp doctor` warns) until someone puts
the guards back on purpose. `repair` does, and records who and when as an event of the
`Guards` stream (`ledger.audit.guards`). The event is recorded first and the guards
installed after: if installing fails (a role that may not create triggers), the event
stands and the guards are still reported missing, so no trace is lost either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ledger.audit.guards import GUARDS_ID, Guards
from ledger.retry import retried
from ledger.store import appendonly

if TYPE_CHECKING:
    from ledger.app import Ledger, Recorded


@dataclass(frozen=True)
class Repair:
    """What `repair` did: the guards it put back (none: all were there) and the events."""

    repaired: tuple[str, ...]
    recorded: list[Recorded]
    actor: str

    def as_dict(self) -> dict[str, Any]:
        return {"repaired": list(self.repaired), "actor": self.actor}


def missing(ledger: Ledger) -> tuple[str, ...]:
    """The guards missing from the ledger's events table now (dropped, disabled, changed)."""
    if ledger.where.is_postgres:
        with ledger.database() as db:
            return appendonly.missing_guards(ledger.where, db)
    return appendonly.missing_guards(ledger.where)


@retried
def repair(ledger: Ledger, reason: str | None = None) -> Repair:
    """Put the missing guards back, recording first who does it and when. Nothing is
    recorded when none is missing."""
    names = missing(ledger)
    if not names:
        return Repair((), [], ledger.actor)
    kind = "postgresql" if ledger.where.is_postgres else "sqlite"
    when = datetime.now(UTC)
    stored = ledger.recorder.select_events(GUARDS_ID, desc=True, limit=1)
    stream: Guards
    if stored:
        found: object = ledger.repository.get(GUARDS_ID)
        assert isinstance(found, Guards)
        stream = found
        stream.again(names, kind, reason, ledger.actor, when)
    else:
        stream = Guards.first(names, kind, reason, ledger.actor, when)
    done = ledger._save(stream)
    if ledger.where.is_postgres:
        with ledger.database() as db:
            appendonly.install_guards(ledger.where, db)
    else:
        appendonly.install_guards(ledger.where, None)
    return Repair(names, done, ledger.actor)
