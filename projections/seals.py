"""The latest seal, as the read models know it (for the footers of the papers)."""

from __future__ import annotations

import json

from ledger.store.seam import Database
from projections.models import SealRef


def latest_seal(conn: Database) -> SealRef | None:
    row = conn.execute("SELECT position, data FROM lsp_events WHERE entity_kind = 'seal' "
                       "ORDER BY position DESC LIMIT 1").fetchone()
    if row is None:
        return None
    data = json.loads(row["data"])
    return SealRef(tree_size=int(data["tree_size"]), root=str(data["root"]),
                   position=int(row["position"]))
