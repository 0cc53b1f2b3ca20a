"""The registers a council keeps of its meetings, as folds over their minutes.

- The decision register: the written record the Openness of Local Government Bodies
  Regulations 2014 ask for (regulation 7): the date, the decision, the reasons, the
  alternative options considered and rejected, any interest declared by a member of the
  decision-making body, and who made it. The alternatives are those recorded when the
  vote closed or the consensus was reached; a decision recorded without them (or on a
  membership request) shows the field empty rather than invented.
  Decisions taken between meetings are in it too, on the day they were taken, with who
  agreed and what the meeting they were reported to did with them.
- The interests register: every declaration of interest made at a meeting, and every one
  declared in a decision between meetings (`lsp decision declare`).
- The attendance record of a body: for each seat, the meetings held while it existed,
  and how often its holder came, sent a deputy, sent apologies or stayed away (a member
  who sent apologies and whose deputy sat counts once, as sending a deputy, so the counts
  add up to the meetings).

Each register reads the minutes of the meetings concerned (`projections.meetings`), so a
decision, a declaration or an attendance reads the same in the minutes and the register.
The meetings are found by their `Scheduled` events (entity index, then the body and the
date of the meeting), and only their events are read. Decisions between meetings are read
as `decision show` reads them (`projections.decisions.DecisionReader`), those of the body
asked about (or all); the entries of both are in the order they happened.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ledger.decision import DecisionState, Declared
from ledger.errors import InvalidInput
from ledger.when import day, local_date, show
from projections.catchup import ReadStore
from projections.decisions import DecisionReader
from projections.meeting_models import Minutes
from projections.meetings import MinutesBuilder
from projections.models import ReadModel, SealRef
from projections.reader import Reader, reading

ALTERNATIVES_NOT_RECORDED = (
    "Decisions recorded without alternative options considered and rejected show the "
    "field empty.")


class Period(ReadModel):
    """The filters a register was read with: effective dates, England."""

    body: str | None
    from_date: str | None
    to_date: str | None


class DecisionEntry(ReadModel):
    date: str
    held: str
    body: str
    body_name: str
    meeting: str
    item: str
    title: str
    how: Literal["vote", "consensus", "membership-request", "between-meetings"]
    decision: str
    reasons: str
    alternatives_considered: str  # as recorded with the decision; "" when none were
    interests: list[str]  # each declaration on the item, in words
    decision_maker: str
    clause: str
    terms_version: int


class DecisionRegister(ReadModel):
    period: Period
    note: str
    entries: list[DecisionEntry]
    position: int
    seal: SealRef | None  # the latest seal, printed on the register


class InterestEntry(ReadModel):
    date: str
    held: str
    body: str
    body_name: str
    meeting: str
    item: str
    title: str
    person: str
    person_name: str
    nature: str
    note: str
    left_room: bool
    excludes_seat: str | None
    clause: str


class InterestsRegister(ReadModel):
    period: Period
    entries: list[InterestEntry]
    position: int
    seal: SealRef | None  # the latest seal, printed on the register


class MeetingHeld(ReadModel):
    meeting: str
    held: str
    closed: bool


class SeatAttendanceRecord(ReadModel):
    seat: str
    org: str | None
    org_name: str | None
    voting: bool
    meetings: int  # meetings held while the seat existed
    present: int
    by_deputy: int
    apologies: int
    absent: int  # held, no one came, no apologies
    vacant: int  # no holder on the day, no one came


class AttendanceRecord(ReadModel):
    period: Period
    body_name: str
    meetings_held: int
    meetings: list[MeetingHeld]
    seats: list[SeatAttendanceRecord]
    position: int
    seal: SealRef | None  # the latest seal, printed on the record


@dataclass(frozen=True)
class _Between:
    """A decision between meetings, as the registers need it: its state, who agreed, and
    each interest declared in it, with the declarer's name and the interests clause of
    the terms in force that day ("n/a" where they are silent, as a meeting records it)."""

    decision: DecisionState
    body_name: str
    agreed: list[str]  # "Name (seat s1, chair)", in the order they agreed
    declared: list[tuple[Declared, str, str]]  # the declaration, the name, the clause


@dataclass(frozen=True)
class _Read:
    minutes: list[Minutes]
    held: list[datetime]  # when each of `minutes` was held
    through: list[str | None]  # each's maker where its body agrees for the partnership
    between: list[_Between]  # decisions between meetings of the body (or all)
    position: int
    seal: SealRef | None
    body_name: str | None


def _period(body: str | None, start: datetime | None, end: datetime | None) -> Period:
    return Period(body=body, from_date=day(start) if start else None,
                  to_date=day(end) if end else None)


def _read(store: ReadStore, body: str | None, start: datetime | None,
          end: datetime | None) -> _Read:
    """The minutes of every meeting (of `body`) held from `start` to `end`."""
    if start is not None and end is not None and start > end:
        raise InvalidInput(f"--from {day(start)} is after --to {day(end)}")
    with reading(store) as reader:
        name = reader.body_name_anywhere(body) if body is not None else None
        build = MinutesBuilder(reader)
        found, held_at, through = [], [], []
        for m in build.scheduled(body, start, end):
            minutes, held = _minutes(reader, build, m)
            found.append(minutes)
            held_at.append(held)
            through.append(partnership_maker(reader, minutes.body, minutes.terms_version))
        decisions = DecisionReader(reader)
        slugs = decisions.all_slugs() if body is None else decisions.slugs("body", body)
        between = [b for b in (_between_of(reader, decisions, d)
                               for d in decisions.decisions(slugs)) if b is not None]
        return _Read(found, held_at, through, between, reader.position, reader.seal, name)


def _minutes(reader: Reader, build: MinutesBuilder, meeting: str) -> tuple[Minutes, datetime]:
    """A meeting's minutes, and when it was held (its latest scheduling)."""
    facts = reader.facts("meeting", meeting)
    held = max((f for f in facts if f.kind in ("Scheduled", "Rescheduled")),
               key=lambda f: f.version).effective
    return build.minutes(meeting, facts), held


def _between_of(reader: Reader, decisions: DecisionReader, d: DecisionState
                ) -> _Between | None:
    """A decision between meetings as the registers need it (None: neither register has
    anything of it, neither taken nor with an interest declared)."""
    if d.taken_on is None and not d.interests:
        return None
    detail = decisions.detail(d)
    agreed = [f"{a.person_name} (seat {a.seat}" + (", chair" if a.chair else "")
              + (f", deputy for {a.deputy_for_name}" if a.as_deputy else "") + ")"
              for a in [detail.proposer, *detail.approvals]]
    declared = []
    for i, named in zip(d.interests, detail.interests, strict=True):
        terms = reader.terms_at(i.when)
        body_terms = terms[1].body(d.body) if terms else None
        rule = body_terms.interests if body_terms else None
        declared.append((i, named.person_name, rule.clause if rule else "n/a"))
    return _Between(d, detail.body_name, agreed, declared)


def _within(when: datetime, start: datetime | None, end: datetime | None) -> bool:
    return (start is None or when >= start) and (end is None or when <= end)


# --------------------------------------------------------------------------------------
# The decision register
# --------------------------------------------------------------------------------------


def decisions(store: ReadStore, body: str | None = None, start: datetime | None = None,
              end: datetime | None = None) -> DecisionRegister:
    read = _read(store, body, start, end)
    dated = [(when, e) for m, when, through in zip(read.minutes, read.held, read.through,
                                                   strict=True)
             for e in _decisions(m, through)]
    dated += [(b.decision.taken_on, _between(b)) for b in read.between
              if b.decision.taken_on is not None and _within(b.decision.taken_on, start, end)]
    return DecisionRegister(period=_period(body, start, end), note=ALTERNATIVES_NOT_RECORDED,
                            entries=[e for _, e in sorted(dated, key=lambda t: t[0])],
                            position=read.position, seal=read.seal)


# Where an entry sorts in the register: when it happened, then meetings' entries (by
# meeting, then in the minutes' order) before decisions between meetings (in the order
# proposed): the order `decisions` gives, its stable sort by date.
_Key = tuple[datetime, int, str, int] | tuple[datetime, int, int]


class KeptRegister:
    """The decision register of every body and date, kept between readings entity by
    entity, for a server answering its pages (`web.public`): the same entries, in the
    same order, as `decisions` gives (tests/test_registers.py checks it after every kind
    of act).

    Reading it again after events were recorded reads only the meetings and decisions
    those events belong to (an approval: one decision), and puts their entries back in
    their places in the kept order. An event of any other kind (a name, a seat, the
    terms, a membership request, a correction of one of those) can change entries
    anywhere, so the register is read again in full; a seal changes only the seal printed
    on it. Not thread-safe: its owner holds a lock around `refresh` and `answer`."""

    def __init__(self) -> None:
        self.partnership = "The partnership"  # its name, and every body of any version
        self.bodies: dict[str, str] = {}  # of its terms by name (the latest name of each)
        self._clear()

    def _clear(self) -> None:
        self.position = -1  # the read position the entries are of (-1: none yet)
        self._keys: list[_Key] = []  # every entry's, in the register's order
        self._entries: dict[_Key, tuple[str, datetime, DecisionEntry]] = {}  # body, when
        self._of_meeting: dict[str, list[_Key]] = {}
        self._of_decision: dict[str, _Key] = {}
        self._proposed: dict[str, int] = {}  # every decision, numbered in the order proposed
        self._seal: SealRef | None = None
        self._answers: dict[tuple[str | None, datetime | None, datetime | None],
                            DecisionRegister] = {}  # at `position`, by filter

    def read(self, store: ReadStore, body: str | None = None, start: datetime | None = None,
             end: datetime | None = None) -> DecisionRegister:
        """The register (of `body`, from `start` to `end`), as `decisions` reads it."""
        self.refresh(store)
        return self.answer(body, start, end)

    def refresh(self, store: ReadStore) -> int:
        """Catch up with the store (one reading); the read position the register is now
        of."""
        with reading(store) as reader:
            if reader.position != self.position:
                self._update(reader)
                self._answers = {}
        return self.position

    def answer(self, body: str | None = None, start: datetime | None = None,
               end: datetime | None = None) -> DecisionRegister:
        """The register (of `body`, from `start` to `end`) as of the last `refresh`."""
        if start is not None and end is not None and start > end:
            raise InvalidInput(f"--from {day(start)} is after --to {day(end)}")
        key = (body, start, end)
        if key not in self._answers:
            if len(self._answers) >= 32:
                self._answers.pop(next(iter(self._answers)))
            entries = [e for k in self._keys for b, when, e in [self._entries[k]]
                       if (body is None or b == body) and _within(when, start, end)]
            self._answers[key] = DecisionRegister(
                period=_period(body, start, end), note=ALTERNATIVES_NOT_RECORDED,
                entries=entries, position=self.position, seal=self._seal)
        return self._answers[key]

    def _put(self, key: _Key, body: str, when: datetime, entry: DecisionEntry) -> None:
        bisect.insort(self._keys, key)
        self._entries[key] = (body, when, entry)

    def _drop(self, key: _Key) -> None:
        del self._keys[bisect.bisect_left(self._keys, key)]
        del self._entries[key]

    def _update(self, reader: Reader) -> None:
        changed = {(r["entity_kind"], r["entity"]) for r in reader.conn.execute(
            "SELECT DISTINCT entity_kind, entity FROM lsp_events WHERE position > ?",
            (self.position,))} if self.position >= 0 else None
        build, decisions = MinutesBuilder(reader), DecisionReader(reader)
        if changed is None or any(k not in ("meeting", "decision", "seal")
                                  for k, _ in changed):
            self._clear()  # everything read again
            terms = reader.all_terms()
            named = {slug: body.name for t in terms for slug, body in t.bodies.items()}
            self.partnership = terms[-1].partnership.name if terms else "The partnership"
            self.bodies = dict(sorted(named.items(), key=lambda kv: kv[1]))
            meetings: set[str] | None = None
            slugs = decisions.all_slugs()
        else:
            meetings = {e for k, e in changed if k == "meeting"}
            slugs = [e for k, e in changed if k == "decision"]
        if meetings is None or meetings:
            standing = build.scheduled(None, None, None)
            for m in [m for m in self._of_meeting
                      if m not in standing or meetings is None or m in meetings]:
                for key in self._of_meeting.pop(m):
                    self._drop(key)
            for m in standing:
                if m not in self._of_meeting:
                    minutes, held = _minutes(reader, build, m)
                    self._of_meeting[m] = []
                    through = partnership_maker(reader, minutes.body, minutes.terms_version)
                    for n, e in enumerate(_decisions(minutes, through)):
                        self._of_meeting[m].append((held, 0, m, n))
                        self._put((held, 0, m, n), minutes.body, held, e)
        new = [r["entity"] for r in reader.conn.execute(
            "SELECT entity FROM lsp_events WHERE entity_kind = 'decision' AND kind = "
            "'Proposed' AND position > ? ORDER BY position", (max(self.position, 0),))]
        for d in new:
            self._proposed.setdefault(d, len(self._proposed))
        for d in slugs:  # read again below, if it still stands
            if d in self._of_decision:
                self._drop(self._of_decision.pop(d))
        for d in decisions.decisions(slugs):
            b = _between_of(reader, decisions, d)
            if b is not None and d.taken_on is not None and d.slug in self._proposed:
                key = (d.taken_on, 1, self._proposed[d.slug])
                self._of_decision[d.slug] = key
                self._put(key, d.body, d.taken_on, _between(b))
        self.position, self._seal = reader.position, reader.seal


def _between(b: _Between) -> DecisionEntry:
    """A decision taken between meetings, on the day it was taken."""
    d, e = b.decision, b.decision.evidence
    assert d.taken_on is not None and e is not None  # only taken decisions are entered
    decision = "taken between meetings"
    if d.report is not None:
        decision += f"; {d.report['outcome']} at meeting {d.report['meeting']}"
        decision += f" ({d.report['reason']})" if d.report["reason"] else ""
    else:
        decision += "; not yet reported to a meeting"
    return DecisionEntry(
        date=local_date(d.taken_on).isoformat(), held=show(d.taken_on), body=d.body,
        body_name=b.body_name, meeting=d.report["meeting"] if d.report else "",
        item=f"decision:{d.slug}", title=d.title, how="between-meetings", decision=decision,
        reasons=d.reasons, alternatives_considered=d.alternatives,
        interests=[f"{name} ({i.nature}" + (f": {i.note})" if i.note else ")")
                   for i, name, _ in b.declared],
        decision_maker=f"{b.body_name}, between meetings: {', '.join(b.agreed)}",
        clause=str(e["clause"]), terms_version=int(e["terms_version"]))


def partnership_maker(reader: Reader, body: str, version: int | None) -> str | None:
    """Who made a decision of `body`'s when its terms (version `version`) say its
    decisions are the partnership's own (`agrees_for_partnership`: "a plan or strategy
    agreed by a TP has been agreed by the Alliance", Southwark Recommendation 1): "agreed
    by the Southwark Alliance through Young Southwark"; None for any other body."""
    terms = reader.terms(version) if version is not None else None
    found = terms.body(body) if terms else None
    if terms is None or found is None or not found.agrees_for_partnership:
        return None
    return (f"agreed by the {terms.partnership.name} through {found.name} "
            f"({found.agrees_for_partnership_clause})")


def _decisions(m: Minutes, through: str | None = None) -> Iterator[DecisionEntry]:
    """The decisions of a meeting's minutes; `through`: who made those agreed, where the
    body's decisions are the partnership's (`partnership_maker`)."""
    def entry(item: str, title: str, how: Literal["vote", "consensus", "membership-request"],
              decision: str, reasons: str, interests: list[str], clause: str,
              version: int, alternatives: str = "", agreed: bool = False) -> DecisionEntry:
        return DecisionEntry(date=m.date, held=m.held, body=m.body, body_name=m.body_name,
                             meeting=m.meeting, item=item, title=title, how=how,
                             decision=decision, reasons=reasons,
                             alternatives_considered=alternatives, interests=interests,
                             decision_maker=(through if through and agreed else m.body_name),
                             clause=clause, terms_version=version)

    for it in m.items:
        interests = [f"{d.person_name} ({d.nature}" + (f": {d.note})" if d.note else ")")
                     + (", left the room" if d.left_room else "")
                     + (f", seat {d.excludes_seat} excluded" if d.excludes_seat else "")
                     for d in it.declarations]
        if it.vote is not None:
            v = it.vote
            casting = f", the chair's casting vote {v.casting}" if v.casting else ""
            decision = (f"{v.result} ({v.votes_for} for, {v.votes_against} against, "
                        f"{v.abstentions} abstaining{casting})")
            yield entry(it.item, it.title, "vote", decision, v.reason, interests, v.clause,
                        v.terms_version, v.alternatives, agreed=v.result == "carried")
        elif it.consensus is not None:
            yield entry(it.item, it.title, "consensus", it.consensus.worded,
                        it.consensus.text, interests, "", it.consensus.terms_version,
                        it.consensus.alternatives,
                        agreed=it.consensus.outcome in ("agreed", "endorsed"))
    for r in m.membership_decisions:
        yield entry(f"request:{r.request}", f"Request by {r.org_name} to join {r.body}",
                    "membership-request", r.decision, "", [], r.clause, m.terms_version)


# --------------------------------------------------------------------------------------
# The interests register
# --------------------------------------------------------------------------------------


def interests(store: ReadStore, body: str | None = None, start: datetime | None = None,
              end: datetime | None = None) -> InterestsRegister:
    read = _read(store, body, start, end)
    dated = [
        (when, InterestEntry(date=m.date, held=m.held, body=m.body, body_name=m.body_name,
                             meeting=m.meeting, item=d.item, title=d.item_title,
                             person=d.person, person_name=d.person_name, nature=d.nature,
                             note=d.note, left_room=d.left_room,
                             excludes_seat=d.excludes_seat, clause=d.clause))
        for m, when in zip(read.minutes, read.held, strict=True) for d in m.declarations
    ]
    dated += [(i.when, _declared(b, i, name, clause)) for b in read.between
              for i, name, clause in b.declared if _within(i.when, start, end)]
    return InterestsRegister(period=_period(body, start, end),
                             entries=[e for _, e in sorted(dated, key=lambda t: t[0])],
                             position=read.position, seal=read.seal)


def _declared(b: _Between, i: Declared, name: str, clause: str) -> InterestEntry:
    """An interest declared in a decision between meetings (`lsp decision declare`)."""
    d = b.decision
    return InterestEntry(
        date=local_date(i.when).isoformat(), held=show(i.when), body=d.body,
        body_name=b.body_name, meeting=d.report["meeting"] if d.report else "",
        item=f"decision:{d.slug}", title=d.title, person=i.person,
        person_name=name, nature=i.nature, note=i.note,
        left_room=False, excludes_seat=None, clause=clause)


# --------------------------------------------------------------------------------------
# The attendance record
# --------------------------------------------------------------------------------------


def held(m: Minutes) -> bool:
    """A meeting counts as held once it is closed or anyone is recorded present; a
    meeting only scheduled (or in the future) does not count against anyone."""
    return m.closed or bool(m.present or m.deputies)


def attendance(store: ReadStore, body: str, start: datetime | None = None,
               end: datetime | None = None) -> AttendanceRecord:
    read = _read(store, body, start, end)
    counted = [m for m in read.minutes if held(m)]
    seats: dict[str, dict[str, int]] = {}
    about: dict[str, tuple[str | None, str | None, bool]] = {}
    columns = ("present", "deputies", "apologies", "absent", "vacant")
    for m in counted:
        for column in columns:
            for s in getattr(m, column):
                if s.substitute is not None:
                    continue  # apologies, and a deputy sat: counted once, by deputy
                tally = seats.setdefault(s.seat, dict.fromkeys(("meetings", *columns), 0))
                tally["meetings"] += 1
                tally[column] += 1
                if s.org is not None or s.seat not in about:
                    about[s.seat] = (s.org, s.org_name, s.voting)
    return AttendanceRecord(
        period=_period(body, start, end), body_name=read.body_name or body,
        meetings_held=len(counted),
        meetings=[MeetingHeld(meeting=m.meeting, held=m.held, closed=m.closed)
                  for m in counted],
        seats=[SeatAttendanceRecord(seat=seat, org=about[seat][0], org_name=about[seat][1],
                                    voting=about[seat][2], meetings=t["meetings"],
                                    present=t["present"], by_deputy=t["deputies"],
                                    apologies=t["apologies"], absent=t["absent"],
                                    vacant=t["vacant"])
               for seat, t in sorted(seats.items())],
        position=read.position, seal=read.seal,
    )

