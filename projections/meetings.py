"""The minutes of a meeting, read from the decoded event log.

A meeting's events are read from `lsp_events` by the entity index, turned back into
plain `ledger.roster.Fact`s and folded with `ledger.meeting.fold_meeting`: the very fold
the Meeting aggregate uses when a command is checked, so the minutes can never disagree
with what the write side judged. What the fold does not know is read beside it:

- the roster of the body on the day of the meeting (`projections.rosters.roster`), for
  each seat's organisation, who a deputy stood in for, who sent no apologies, and the
  quorum, counted with `ledger.rules.quorum` exactly as `Ledger.quorum` counts it;
- the terms of reference in force on the day (`lsp_terms`), for the body's name, the
  quorum rule and the notice period;
- names of people and organisations (the first event of each, by the entity index);
- membership requests decided at the meeting (`Decided` events of request entities that
  name the meeting).

The registers (`projections/registers.py`) are folds over these minutes, so a decision
reads the same in the minutes and in the register.

Cost: one meeting's events, one roster, the names it mentions. No table of our own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from ledger import rules
from ledger.errors import NotFound
from ledger.events import Fact
from ledger.meeting import Item, MeetingState, fold_meeting
from ledger.roster import Roster, Seat
from ledger.store.seam import Database, RowLike
from ledger.terms import Body as BodyTerms
from ledger.terms import Terms, parse_terms
from ledger.when import local_date, show
from projections import rosters
from projections.catchup import ReadStore
from projections.models import ReadModel, SealRef
from projections.seals import latest_seal
from projections.stamps import stamp, unstamp

# --------------------------------------------------------------------------------------
# The read models
# --------------------------------------------------------------------------------------


class Publication(ReadModel):
    """When the agenda went out, against the notice period of the terms."""

    published: str
    days_before: int
    notice_days: int | None
    on_time: bool
    urgent: str | None  # the urgency reason recorded with a late (or any) publication
    clause: str


class SeatAttendance(ReadModel):
    """A seat at the meeting: who sat in it (or sent apologies, or did not come)."""

    seat: str
    org: str | None
    org_name: str | None
    person: str | None
    person_name: str | None
    voting: bool
    role: str | None = None
    deputy_for: str | None = None  # the seat's holder, when a deputy sat in it
    deputy_for_name: str | None = None


class InAttendance(ReadModel):
    """Officers, observers, presenters, co-optees: there, never counted in the quorum."""

    person: str
    person_name: str
    capacity: str


class QuorumView(ReadModel):
    quorate: bool
    present_voting: int
    required: int | None
    clause: str
    reason: str


class Declaration(ReadModel):
    item: str
    item_title: str
    person: str
    person_name: str
    nature: str
    note: str
    left_room: bool
    excludes_seat: str | None
    clause: str


class Vote(ReadModel):
    seat: str
    person: str
    person_name: str
    choice: str


class VoteOutcome(ReadModel):
    """The evidence recorded when the vote closed: counts, who voted how, the rule."""

    result: str  # carried, lost or tied
    votes_for: int
    votes_against: int
    abstentions: int
    casting: str | None  # the chair's casting vote, when it decided a tie
    votes: list[Vote]
    reason: str
    clause: str
    quorum: str
    terms_version: int
    alternatives: str = ""  # considered and rejected; "" when none were recorded


class Consensus(ReadModel):
    text: str
    quorum: str
    terms_version: int
    alternatives: str = ""  # considered and rejected; "" when none were recorded


class ItemMinute(ReadModel):
    item: str
    title: str
    proposer: str | None  # a seat
    proposer_org_name: str | None
    proposer_name: str | None  # who held (or sat in) that seat at the meeting
    status: Literal["carried", "lost", "tied", "agreed", "open", "undecided"]
    vote: VoteOutcome | None
    consensus: Consensus | None
    votes_cast: list[Vote]  # votes recorded on an item whose vote has not closed
    declarations: list[Declaration]


class MembershipDecision(ReadModel):
    """A membership request decided at the meeting."""

    request: str
    org: str
    org_name: str
    body: str
    decision: str
    clause: str
    requested: str


class Correction(ReadModel):
    """A record of the meeting retracted after the event, with the reason."""

    version: int
    event: str
    what: str
    reason: str
    corrected: str
    actor: str


class Minutes(ReadModel):
    meeting: str
    body: str
    body_name: str
    partnership: str
    held: str  # date and time, England
    date: str  # the ISO date, England
    terms_version: int
    closed: bool
    publication: Publication | None
    present: list[SeatAttendance]
    deputies: list[SeatAttendance]
    apologies: list[SeatAttendance]
    absent: list[SeatAttendance]  # held seats: no one came, no apologies
    vacant: list[SeatAttendance]  # seats with no holder on the day, no one came
    in_attendance: list[InAttendance]
    quorum: QuorumView
    declarations: list[Declaration]
    items: list[ItemMinute]
    membership_decisions: list[MembershipDecision]
    corrections: list[Correction]
    position: int  # the read store's position: the ledger as it stood up to this event
    seal: SealRef | None = None  # the latest seal, printed on the paper


# --------------------------------------------------------------------------------------
# The query
# --------------------------------------------------------------------------------------


def minutes(store: ReadStore, meeting: str) -> Minutes:
    """The minutes of `meeting`, from everything the ledger knows now."""
    store.catch_up()
    with store.connect() as conn, conn.snapshot():
        reader = MinutesReader(conn)
        facts = reader.facts(meeting)
        if not facts:
            raise NotFound(f"there is no meeting '{meeting}' in the ledger (add it with "
                           "`lsp meeting schedule`)")
        return reader.minutes(meeting, facts)


def meeting_fact(row: RowLike) -> Fact:
    return Fact(entity=row["entity"], version=row["version"], kind=row["kind"],
                effective=unstamp(row["effective"]), recorded=unstamp(row["recorded"]),
                actor=row["actor"], data=json.loads(row["data"]))


class MinutesReader:
    """Builds minutes inside one read transaction, caching names and terms across meetings
    (the registers read many meetings at once)."""

    def __init__(self, conn: Database) -> None:
        self.conn = conn
        self.names: dict[tuple[str, str], str] = {}
        self.position = _position(conn)
        self.seal = latest_seal(conn)

    # -- reads ------------------------------------------------------------------------

    def facts(self, meeting: str) -> list[Fact]:
        rows = self.conn.execute("SELECT * FROM lsp_events WHERE entity_kind = 'meeting' "
                                 "AND entity = ? ORDER BY position", (meeting,))
        return [meeting_fact(r) for r in rows]

    def scheduled(self, body: str | None, start: datetime | None, end: datetime | None
                  ) -> list[str]:
        """The meetings (of `body`) held between `start` and `end`, in date order."""
        sql = ("SELECT entity FROM lsp_events WHERE entity_kind = 'meeting' "
               "AND kind = 'Scheduled'")
        args: list[Any] = []
        if body is not None:
            sql += f" AND {self.conn.json_text('data', 'body')} = ?"
            args.append(body)
        if start is not None:
            sql += " AND effective >= ?"
            args.append(stamp(start))
        if end is not None:
            sql += " AND effective <= ?"
            args.append(stamp(end))
        sql += " ORDER BY effective, entity"
        return [r["entity"] for r in self.conn.execute(sql, args)]

    def terms_at(self, when: datetime) -> tuple[int, Terms] | None:
        row = self.conn.execute("SELECT version, text FROM lsp_terms WHERE effective <= ? "
                                "ORDER BY version DESC LIMIT 1", (stamp(when),)).fetchone()
        if row is None:
            return None
        return row["version"], parse_terms(row["text"], f"terms version {row['version']}")

    def all_terms(self) -> list[Terms]:
        rows = self.conn.execute("SELECT version, text FROM lsp_terms ORDER BY version")
        return [parse_terms(r["text"], f"terms version {r['version']}") for r in rows]

    def requests_decided(self, meeting: str) -> list[tuple[Fact, Fact]]:
        """The `Decided` facts of membership requests naming `meeting`, each with its
        request's `Requested` fact."""
        rows = self.conn.execute(
            "SELECT * FROM lsp_events WHERE entity_kind = 'request' AND kind = 'Decided' "
            f"AND {self.conn.json_text('data', 'meeting')} = ? ORDER BY position",
            (meeting,)).fetchall()
        found = []
        for r in rows:
            first = self.conn.execute(
                "SELECT * FROM lsp_events WHERE entity_kind = 'request' AND entity = ? "
                "ORDER BY position LIMIT 1", (r["entity"],)).fetchone()
            if first is not None:
                found.append((meeting_fact(r), meeting_fact(first)))
        return found

    def load_names(self, kind: str, slugs: Iterable[str | None]) -> None:
        wanted = sorted({s for s in slugs if s and (kind, s) not in self.names})
        if not wanted:
            return
        marks = ", ".join("?" for _ in wanted)
        rows = self.conn.execute(
            f"SELECT entity, data FROM lsp_events WHERE entity_kind = ? AND entity IN ({marks}) "
            "AND version = 1", (kind, *wanted))
        for r in rows:
            self.names[(kind, r["entity"])] = str(json.loads(r["data"]).get("name") or "")

    def name(self, kind: str, slug: str | None) -> str | None:
        if not slug:
            return None
        return self.names.get((kind, slug)) or slug

    # -- the minutes ------------------------------------------------------------------

    def minutes(self, meeting: str, facts: Sequence[Fact]) -> Minutes:
        state = fold_meeting(facts)
        when = state.when or facts[0].effective
        found = self.terms_at(when)
        version = found[0] if found else (state.terms_version or 0)
        terms = found[1] if found else None
        body_terms = terms.body(state.body) if terms else None
        roster = rosters.roster(self.conn, state.body, when, None)
        decided = self.requests_decided(meeting)
        self._load_names_for(state, roster, decided)
        seats = {s.seat: s for s in roster.seats}
        present, deputies, apologies, absent, vacant = self._attendance(state, seats)
        # MeetingState keeps a consensus as its text; the evidence is on the event itself.
        agreed = {f.data["item"]: f.data for f in facts if f.kind == "DecidedByConsensus"}
        items = [self._item(state, it, seats, agreed.get(it.item, {}))
                 for it in state.items.values()]
        return Minutes(
            meeting=meeting, body=state.body,
            body_name=body_terms.name if body_terms else state.body,
            partnership=terms.partnership.name if terms else "",
            held=show(when), date=local_date(when).isoformat(), terms_version=version,
            closed=state.closed,
            publication=self._publication(state),
            present=present, deputies=deputies, apologies=apologies, absent=absent,
            vacant=vacant,
            in_attendance=[InAttendance(person=a["person"],
                                        person_name=self.name("person", a["person"]) or "",
                                        capacity=a["capacity"]) for a in state.in_attendance],
            quorum=self._quorum(state, roster, body_terms),
            declarations=[d for it in items for d in it.declarations],
            items=items,
            membership_decisions=[self._membership(f, req) for f, req in decided],
            corrections=self._corrections(state, facts),
            position=self.position,
            seal=self.seal,
        )

    def _load_names_for(self, state: MeetingState, roster: Roster,
                        decided: list[tuple[Fact, Fact]]) -> None:
        people: list[str | None] = [p["person"] for p in state.present.values()]
        people += list(state.apologies.values())
        people += [a["person"] for a in state.in_attendance]
        people += [i["person"] for i in state.interests]
        people += [s.holder for s in roster.seats] + [s.deputy for s in roster.seats]
        for it in state.items.values():
            people += [v["person"] for v in it.votes.values()]
            if it.outcome:
                people += [v["person"] for v in json.loads(it.outcome["votes"]).values()]
        self.load_names("person", people)
        self.load_names("org", [s.org for s in roster.seats]
                        + [req.data.get("org") for _, req in decided])

    def _seat(self, seats: dict[str, Seat], seat: str, person: str | None,
              **extra: Any) -> SeatAttendance:
        s = seats.get(seat)
        return SeatAttendance(seat=seat, org=s.org if s else None,
                              org_name=self.name("org", s.org) if s else None, person=person,
                              person_name=self.name("person", person),
                              voting=s.voting if s else False, role=s.role if s else None,
                              **extra)

    def _attendance(self, state: MeetingState, seats: dict[str, Seat]
                    ) -> tuple[list[SeatAttendance], ...]:
        """Present, deputies, apologies, absent (held, no apologies) and vacant seats."""
        present: list[SeatAttendance] = []
        deputies: list[SeatAttendance] = []
        apologies: list[SeatAttendance] = []
        absent: list[SeatAttendance] = []
        vacant: list[SeatAttendance] = []
        for seat, sat in state.present.items():
            if sat["deputy"]:
                holder = seats[seat].holder if seat in seats else None
                deputies.append(self._seat(seats, seat, sat["person"], deputy_for=holder,
                                           deputy_for_name=self.name("person", holder)))
            else:
                present.append(self._seat(seats, seat, sat["person"]))
        for seat, person in state.apologies.items():
            apologies.append(self._seat(seats, seat, person))
        for seat, s in seats.items():
            if seat in state.present or seat in state.apologies:
                continue
            (absent if s.holder else vacant).append(self._seat(seats, seat, s.holder))
        return present, deputies, apologies, absent, vacant

    def _publication(self, state: MeetingState) -> Publication | None:
        p = state.published
        if p is None:
            return None
        notice = p.get("notice_days")
        return Publication(published=show(p["when"]), days_before=p["days_before"],
                           notice_days=notice,
                           on_time=notice is None or p["days_before"] >= notice,
                           urgent=p.get("urgent"), clause=p["clause"])

    def _quorum(self, state: MeetingState, roster: Roster, body: BodyTerms | None
                ) -> QuorumView:
        """Counted as `Ledger.quorum` counts it: voting seats present, by the rule in force."""
        voting = {s.seat for s in roster.voting_seats}
        present = voting & set(state.present)
        if body is None:
            return QuorumView(quorate=False, present_voting=len(present), required=None,
                              clause="n/a", reason=f"the body '{state.body}' is not in the "
                              "terms in force on the day")
        count = rules.quorum(body, len(voting), len(present), 0)
        return QuorumView(quorate=count.quorate, present_voting=count.present_voting,
                          required=count.required, clause=count.clause, reason=count.reason)

    def _vote(self, seat: str, cast: dict[str, Any]) -> Vote:
        return Vote(seat=seat, person=cast["person"],
                    person_name=self.name("person", cast["person"]) or "", choice=cast["choice"])

    def _item(self, state: MeetingState, it: Item, seats: dict[str, Seat],
              agreed: Mapping[str, Any]) -> ItemMinute:
        outcome = None
        status: Literal["carried", "lost", "tied", "agreed", "open", "undecided"] = "undecided"
        if it.outcome is not None:
            o = it.outcome
            votes = json.loads(o["votes"])
            outcome = VoteOutcome(
                result=o["result"], votes_for=o["votes_for"], votes_against=o["votes_against"],
                abstentions=o["abstentions"], casting=o["casting"],
                votes=[self._vote(seat, votes[seat]) for seat in sorted(votes)],
                reason=o["reason"], clause=o["clause"], quorum=o["quorum"],
                terms_version=o["terms_version"], alternatives=it.alternatives)
            status = o["result"]
        consensus = None
        if it.consensus is not None:
            consensus = Consensus(text=it.consensus, quorum=agreed.get("quorum", ""),
                                  terms_version=agreed.get("terms_version", 0),
                                  alternatives=it.alternatives)
            status = "agreed"
        elif it.outcome is None and it.votes:
            status = "open"
        proposer_seat = seats.get(it.proposer) if it.proposer else None
        sat = state.present.get(it.proposer or "")
        proposer_person = sat["person"] if sat else (proposer_seat.holder if proposer_seat
                                                     else None)
        return ItemMinute(
            item=it.item, title=it.title, proposer=it.proposer,
            proposer_org_name=self.name("org", proposer_seat.org) if proposer_seat else None,
            proposer_name=self.name("person", proposer_person),
            status=status, vote=outcome, consensus=consensus,
            votes_cast=([] if outcome else
                        [self._vote(seat, v) for seat, v in sorted(it.votes.items())]),
            declarations=[self._declaration(it, i) for i in state.interests
                          if i["item"] == it.item],
        )

    def _declaration(self, it: Item, i: dict[str, Any]) -> Declaration:
        return Declaration(item=it.item, item_title=it.title, person=i["person"],
                           person_name=self.name("person", i["person"]) or "",
                           nature=i["nature"], note=i["note"], left_room=i["left_room"],
                           excludes_seat=i.get("excludes_seat"), clause=i["clause"])

    def _membership(self, decided: Fact, requested: Fact) -> MembershipDecision:
        req = requested.data
        return MembershipDecision(
            request=decided.entity, org=req["org"], org_name=self.name("org", req["org"]) or "",
            body=req["body"], decision=decided.data["decision"], clause=req["clause"],
            requested=show(requested.effective))

    def _corrections(self, state: MeetingState, facts: Sequence[Fact]) -> list[Correction]:
        by_version = {f.version: f for f in facts}
        found = []
        for c in state.corrections:
            target = by_version.get(c["version"])
            found.append(Correction(
                version=c["version"], event=target.kind if target else "",
                what=self._describe(target) if target else f"event {c['version']}",
                reason=c["reason"], corrected=show(c["when"]), actor=c["actor"]))
        return found

    def _describe(self, f: Fact) -> str:
        d = f.data
        self.load_names("person", [d.get("person")])
        who = self.name("person", d.get("person")) or ""
        if f.kind == "ItemAdded":
            return f"item {d['item']} ({d['title']}) on the agenda"
        if f.kind == "Attended":
            return (f"seat {d['seat']} recorded as present ({who}"
                    + (", as deputy)" if d["as_deputy"] else ")"))
        if f.kind == "Apologies":
            return f"apologies for seat {d['seat']}" + (f" ({who})" if who else "")
        if f.kind == "InAttendance":
            return f"{who} recorded as in attendance ({d['capacity']})"
        if f.kind == "InterestDeclared":
            return f"{who}'s {d['nature']} interest in item {d['item']}"
        return f"{f.kind} (event {f.version})"


def _position(conn: Database) -> int:
    row = conn.execute("SELECT position FROM lsp_position WHERE name = 'log'").fetchone()
    return int(row["position"]) if row else 0
