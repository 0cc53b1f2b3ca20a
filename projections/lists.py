"""Finding things: the lists of organisations, people, meetings, decisions and actions.

Each list names things as people read them (an organisation's and a person's recorded
names, a body's name in the terms, dates in British long form) beside the slugs the
commands take, so an officer can find the slug to type. Organisations and people are read
from their first event by the entity index; their seats from each body's roster as of the
day asked (`projections.rosters`). Meetings are folded with `ledger.meeting.fold_meeting`,
decisions with `ledger.decision.fold_decision` and actions with `ledger.action.fold_action`,
the folds the write side keeps its state with. Nothing personal is read: a person's
e-mail address lives on their account, which no list reads.

Cost: one read of the entity index per list, one roster per body with seats (people and
organisations), one fold per meeting, decision or action listed.
"""

from __future__ import annotations

import json
from datetime import datetime

from ledger.action import ActionState, fold_action
from ledger.decision import STATUSES, fold_decision
from ledger.errors import InvalidInput
from ledger.meeting import fold_meeting
from ledger.roster import Roster
from ledger.when import local_date, long_day, show, spoken
from projections import rosters
from projections.catchup import ReadStore
from projections.meetings import MinutesBuilder
from projections.models import ReadModel
from projections.reader import Reader, reading

# --------------------------------------------------------------------------------------
# The read models
# --------------------------------------------------------------------------------------


class SeatHeld(ReadModel):
    """A seat a person holds (or deputises in), or one an organisation has."""

    body: str
    body_name: str
    seat: str
    org: str
    org_name: str
    holder: str | None
    holder_name: str | None
    as_deputy: bool = False
    role: str | None = None
    voting: bool = True


class OrgRow(ReadModel):
    org: str
    name: str
    seats: list[SeatHeld]


class OrgList(ReadModel):
    as_of: str
    orgs: list[OrgRow]


class PersonRow(ReadModel):
    person: str
    name: str
    category: str | None
    seats: list[SeatHeld]  # as holder or deputy, on the day asked


class PersonList(ReadModel):
    as_of: str
    people: list[PersonRow]


class MeetingRow(ReadModel):
    meeting: str
    body: str
    body_name: str
    held: str  # "Tuesday 10 March 2026 at 2.00 pm"
    date: str  # the ISO date, England
    venue: str
    status: str  # scheduled (time to come), held (open) or closed
    items: int
    published: str | None  # the day the agenda went out
    rescheduled_from: list[str]  # earlier dates, as held reads


class MeetingList(ReadModel):
    body: str | None
    body_name: str | None
    meetings: list[MeetingRow]


class DecisionRow(ReadModel):
    decision: str
    body: str
    body_name: str
    title: str
    status: str
    proposed_on: str
    proposer: str  # the proposing seat
    proposer_name: str
    taken_on: str | None
    reported_to: str | None  # the meeting
    outcome: str | None


class DecisionList(ReadModel):
    body: str | None
    body_name: str | None
    status: str | None
    decisions: list[DecisionRow]


class ActionRow(ReadModel):
    action: str
    title: str
    owner: str
    owner_name: str
    due: str | None  # the ISO date
    due_long: str | None  # "Tuesday 10 March 2026"
    meeting: str
    body: str
    body_name: str
    agreed: str  # the day of the meeting, British long form
    item: str | None
    done: str | None  # the day it was done
    overdue: bool


class ActionList(ReadModel):
    as_of: str
    open_only: bool
    body: str | None
    actions: list[ActionRow]


# --------------------------------------------------------------------------------------
# The queries
# --------------------------------------------------------------------------------------


def orgs(store: ReadStore, as_of: datetime) -> OrgList:
    """Every organisation, by name, with the seats it has on each body on the day."""
    with reading(store) as reader:
        slugs = _slugs(reader, "org")
        reader.load_names("org", slugs)
        seats = _seats(reader, as_of)
        rows = [OrgRow(org=o, name=reader.name("org", o) or o,
                       seats=[s for s in seats if s.org == o and not s.as_deputy])
                for o in slugs]
        return OrgList(as_of=show(as_of), orgs=sorted(rows, key=lambda r: (r.name.lower(),
                                                                            r.org)))


def people(store: ReadStore, as_of: datetime) -> PersonList:
    """Every person, by name, with their category and the seats they hold or deputise in
    on the day. No e-mail address: it is personal data, on the person's account."""
    with reading(store) as reader:
        rows = reader.conn.execute(
            "SELECT entity, data FROM lsp_events WHERE entity_kind = 'person' AND version = 1"
        ).fetchall()
        seats = _seats(reader, as_of)
        found = []
        for r in rows:
            data = json.loads(r["data"])
            person = r["entity"]
            found.append(PersonRow(
                person=person, name=str(data.get("name") or person),
                category=data.get("category"),
                seats=[s for s in seats if s.holder == person]))
        return PersonList(as_of=show(as_of),
                          people=sorted(found, key=lambda p: (p.name.lower(), p.person)))


def meetings(store: ReadStore, body: str | None, now: datetime) -> MeetingList:
    """The meetings (of `body`), in the order they are held, with their venue and state."""
    with reading(store) as reader:
        name = reader.body_name_anywhere(body) if body is not None else None
        rows = []
        for m in MinutesBuilder(reader).scheduled(body, None, None):
            state = fold_meeting(reader.facts("meeting", m))
            if state.when is None:
                continue
            found = reader.terms_at(state.when)
            b = found[1].body(state.body) if found else None
            status = ("closed" if state.closed else
                      "held" if state.when <= now else "scheduled")
            rows.append(MeetingRow(
                meeting=m, body=state.body, body_name=b.name if b else state.body,
                held=spoken(state.when), date=local_date(state.when).isoformat(),
                venue=state.venue, status=status, items=len(state.items),
                published=(long_day(local_date(state.published["when"]))
                           if state.published else None),
                rescheduled_from=[spoken(w) for w in state.rescheduled_from]))
        return MeetingList(body=body, body_name=name, meetings=rows)


def decisions(store: ReadStore, body: str | None, status: str | None) -> DecisionList:
    """Decisions between meetings (of `body`, with `status`), in the order proposed."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"a decision's status is one of {', '.join(STATUSES)}, not "
                           f"{status!r}")
    with reading(store) as reader:
        name = reader.body_name_anywhere(body) if body is not None else None
        sql = ("SELECT entity FROM lsp_events WHERE entity_kind = 'decision' AND "
               "kind = 'Proposed'")
        args: list[str] = []
        if body is not None:
            sql += f" AND {reader.conn.json_text('data', 'body')} = ?"
            args.append(body)
        slugs = [r["entity"] for r in reader.conn.execute(sql + " ORDER BY position", args)]
        rows = []
        for facts in reader.facts_of("decision", slugs).values():
            d = fold_decision(facts)
            if d is None or (status is not None and d.status != status):
                continue
            proposer = d.agreeing[0] if d.agreeing else None
            terms = reader.terms(d.terms_version)
            b = terms.body(d.body) if terms else None
            reader.load_names("person", [proposer.person if proposer else None])
            rows.append(DecisionRow(
                decision=d.slug, body=d.body, body_name=b.name if b else d.body,
                title=d.title, status=d.status, proposed_on=long_day(local_date(d.proposed_on)),
                proposer=proposer.seat if proposer else "",
                proposer_name=(reader.name("person", proposer.person) or "") if proposer
                else "",
                taken_on=long_day(local_date(d.taken_on)) if d.taken_on else None,
                reported_to=d.report["meeting"] if d.report else None,
                outcome=d.report["outcome"] if d.report else None))
        return DecisionList(body=body, body_name=name, status=status, decisions=rows)


def actions(store: ReadStore, as_of: datetime, open_only: bool = False,
            body: str | None = None) -> ActionList:
    """Actions agreed at meetings (of `body`; open ones only, if asked), by due date."""
    with reading(store) as reader:
        if body is not None:
            reader.body_name_anywhere(body)  # refuses a body no terms have
        found = [a for a in all_actions(reader)
                 if (body is None or a.body == body)
                 and not (open_only and a.done is not None)]
        return ActionList(as_of=show(as_of), open_only=open_only, body=body,
                          actions=[action_row(reader, a, as_of) for a in found])


def all_actions(reader: Reader) -> list[ActionState]:
    """Every action, folded, by due date (none last), then when agreed."""
    slugs = _slugs(reader, "action")
    folded = [fold_action(f) for f in reader.facts_of("action", slugs).values()]
    return sorted((a for a in folded if a.agreed is not None),
                  key=lambda a: (a.due is None, a.due or local_date(a.agreed or datetime.min),
                                 a.agreed, a.slug))


def action_row(reader: Reader, a: ActionState, as_of: datetime) -> ActionRow:
    reader.load_names("person", [a.owner])
    terms = reader.terms_at(a.agreed) if a.agreed else None
    b = terms[1].body(a.body) if terms else None
    return ActionRow(
        action=a.slug, title=a.title, owner=a.owner,
        owner_name=reader.name("person", a.owner) or a.owner,
        due=a.due.isoformat() if a.due else None,
        due_long=long_day(a.due) if a.due else None, meeting=a.meeting, body=a.body,
        body_name=b.name if b else a.body,
        agreed=long_day(local_date(a.agreed)) if a.agreed else "", item=a.item,
        done=long_day(local_date(a.done)) if a.done else None,
        overdue=a.overdue(local_date(as_of)))


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _slugs(reader: Reader, kind: str) -> list[str]:
    rows = reader.conn.execute("SELECT slug FROM lsp_entities WHERE kind = ? ORDER BY slug",
                               (kind,))
    return [r["slug"] for r in rows]


def _seats(reader: Reader, as_of: datetime) -> list[SeatHeld]:
    """Every seat of every body with seats on the day, and a row for each deputy."""
    found: list[SeatHeld] = []
    terms = reader.terms_at(as_of)
    for body in _slugs(reader, "body"):
        b = terms[1].body(body) if terms else None
        roster: Roster = rosters.roster(reader.conn, body, as_of, None)
        reader.load_names("org", [s.org for s in roster.seats])
        reader.load_names("person", [s.holder for s in roster.seats]
                          + [s.deputy for s in roster.seats])
        for s in roster.seats:
            common = {"body": body, "body_name": b.name if b else body, "seat": s.seat,
                      "org": s.org, "org_name": reader.name("org", s.org) or s.org,
                      "role": s.role, "voting": s.voting}
            found.append(SeatHeld(holder=s.holder, holder_name=reader.name("person", s.holder),
                                  **common))
            if s.deputy:
                found.append(SeatHeld(holder=s.deputy,
                                      holder_name=reader.name("person", s.deputy),
                                      as_deputy=True, **common))
    return found
