"""The materialised roster of each body: the fold of all its known facts, kept current.

A roster read asks "as of D, as known now". When D is on or after the body's latest
effective change (the usual question: who sits there today?), the answer is this kept
state, read in one row: no fold at all. Historical questions (`--as-of` an earlier date,
`--known-at`) fold the body's facts from `lsp_events` instead. Both paths use
`ledger.roster`, so they cannot disagree; a test checks that they do not.

The state is kept up to date by the catch-up: a fact that sorts after the state's last
one is applied to it; a backdated fact or a retraction refolds that one body.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ledger import follows
from ledger.body import FACT_KINDS
from ledger.events import Fact
from ledger.roster import Roster, RosterState, Seat, fold, roster_at
from ledger.store.seam import Database
from projections.stamps import unstamp

SCHEMA = """
CREATE TABLE IF NOT EXISTS lsp_rosters (
    body TEXT PRIMARY KEY,
    state TEXT NOT NULL
);
"""


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


# What a seat is only on a roster as of a date (`Seat.on`), never in the kept state.
ON_A_DATE = frozenset({"term_ended_holder"})


def dump(state: RosterState) -> str:
    # A seat's `follows` is kept only when it has one, so a kept state reads as before it.
    seats = [
        {**{k: v for k, v in s.__dict__.items() if k not in ON_A_DATE
            and not (k == "follows" and v is None)},
         "holder_since": _iso(s.holder_since), "term_ends": _iso(s.term_ends),
         "role_since": _iso(s.role_since)}
        for s in state.seats.values()
    ]
    through = [state.through[0].isoformat(), state.through[1]] if state.through else None
    return json.dumps({"seats": seats, "last_review": _iso(state.last_review),
                       "anomalies": state.anomalies, "through": through}, sort_keys=True)


def load(text: str) -> RosterState:
    data: dict[str, Any] = json.loads(text)

    def seat(d: dict[str, Any]) -> Seat:
        since, ends, role_since = d.pop("holder_since"), d.pop("term_ends"), d.pop("role_since")
        return Seat(**d, holder_since=datetime.fromisoformat(since) if since else None,
                    term_ends=date.fromisoformat(ends) if ends else None,
                    role_since=datetime.fromisoformat(role_since) if role_since else None)

    seats = [seat(d) for d in data["seats"]]
    through = data["through"]
    return RosterState(
        seats={s.seat: s for s in seats},
        last_review=datetime.fromisoformat(data["last_review"]) if data["last_review"] else None,
        anomalies=list(data["anomalies"]),
        through=(datetime.fromisoformat(through[0]), int(through[1])) if through else None,
    )


def kept(conn: Database, body: str) -> RosterState | None:
    row = conn.execute("SELECT state FROM lsp_rosters WHERE body = ?", (body,)).fetchone()
    return load(row[0]) if row else None


def keep(conn: Database, body: str, state: RosterState) -> None:
    conn.execute("INSERT INTO lsp_rosters (body, state) VALUES (?, ?) ON CONFLICT (body) "
                 "DO UPDATE SET state = excluded.state", (body, dump(state)))


def facts(conn: Database, body: str) -> list[Fact]:
    """A body's membership facts, from the decoded event log."""
    rows = conn.execute("SELECT * FROM lsp_events WHERE entity_kind = 'body' AND entity = ? "
                        "ORDER BY position", (body,))
    return [
        Fact(entity=body, version=r["version"], kind=r["kind"],
             effective=unstamp(r["effective"]), recorded=unstamp(r["recorded"]),
             actor=r["actor"], data=json.loads(r["data"]))
        for r in rows if r["kind"] in FACT_KINDS
    ]


class RosterKeeper:
    """Applies the facts of one catch-up to the kept rosters, then writes them once."""

    def __init__(self, conn: Database) -> None:
        self.conn = conn
        self.states: dict[str, RosterState] = {}
        self.refold: set[str] = set()

    def add(self, fact: Fact) -> None:
        body = fact.entity
        if body in self.refold:
            return
        state = self.states.get(body) or kept(self.conn, body) or RosterState()
        if state.accepts(fact):
            state.apply(fact)
            self.states[body] = state
        else:
            self.refold.add(body)
            self.states.pop(body, None)

    def flush(self) -> None:
        for body in self.refold:
            self.states[body] = fold(facts(self.conn, body))
        for body, state in self.states.items():
            keep(self.conn, body, state)


def roster(conn: Database, body: str, as_of: datetime,
           known_at: datetime | None) -> Roster:
    """The roster of `body` as of `as_of` (as known at `known_at`), from the kept state
    when that answers the question, else by folding the body's facts."""
    if known_at is None:
        state = kept(conn, body)
        if state is None:
            return RosterState().roster(body, as_of)
        if state.through is None or as_of >= state.through[0]:
            return state.roster(body, as_of)
    return roster_at(body, facts(conn, body), as_of, known_at)


def followed(conn: Database, body: str, as_of: datetime,
             known_at: datetime | None = None) -> Roster:
    """The roster of `body` (as `roster`), its seats that follow a role on another body
    held by that role's holder as of the same moment, as known at the same time
    (`ledger.follows`): the roster a person reads."""
    return follows.followed(roster(conn, body, as_of, known_at),
                            lambda source: roster(conn, source, as_of, known_at))


def is_fact(entity_kind: str, kind: str) -> bool:
    return entity_kind == "body" and kind in FACT_KINDS
