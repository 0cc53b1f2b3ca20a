"""The registers a council keeps of its meetings, as folds over their minutes.

- The decision register: the written record the Openness of Local Government Bodies
  Regulations 2014 ask for (regulation 7): the date, the decision, the reasons, the
  alternative options considered and rejected, any interest declared by a member of the
  decision-making body, and who made it. The alternatives are those recorded when the
  vote closed or the consensus was reached; a decision recorded without them (or on a
  membership request) shows the field empty rather than invented.
- The interests register: every declaration of interest made at a meeting.
- The attendance record of a body: for each seat, the meetings held while it existed,
  and how often its holder came, sent a deputy, sent apologies or stayed away.

Each register reads the minutes of the meetings concerned (`projections.meetings`), so a
decision, a declaration or an attendance reads the same in the minutes and the register.
The meetings are found by their `Scheduled` events (entity index, then the body and the
date of the meeting), and only their events are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ledger.errors import InvalidInput
from ledger.when import day
from projections.catchup import ReadStore
from projections.meeting_models import Minutes
from projections.meetings import MinutesBuilder
from projections.models import ReadModel, SealRef
from projections.reader import reading

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
    how: Literal["vote", "consensus", "membership-request"]
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
class _Read:
    minutes: list[Minutes]
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
        found = [build.minutes(m, reader.facts("meeting", m))
                 for m in build.scheduled(body, start, end)]
        return _Read(found, reader.position, reader.seal, name)


# --------------------------------------------------------------------------------------
# The decision register
# --------------------------------------------------------------------------------------


def decisions(store: ReadStore, body: str | None = None, start: datetime | None = None,
              end: datetime | None = None) -> DecisionRegister:
    read = _read(store, body, start, end)
    return DecisionRegister(period=_period(body, start, end), note=ALTERNATIVES_NOT_RECORDED,
                            entries=[e for m in read.minutes for e in _decisions(m)],
                            position=read.position, seal=read.seal)


def _decisions(m: Minutes) -> Iterator[DecisionEntry]:
    def entry(item: str, title: str, how: Literal["vote", "consensus", "membership-request"],
              decision: str, reasons: str, interests: list[str], clause: str,
              version: int, alternatives: str = "") -> DecisionEntry:
        return DecisionEntry(date=m.date, held=m.held, body=m.body, body_name=m.body_name,
                             meeting=m.meeting, item=item, title=title, how=how,
                             decision=decision, reasons=reasons,
                             alternatives_considered=alternatives, interests=interests,
                             decision_maker=m.body_name, clause=clause, terms_version=version)

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
                        v.terms_version, v.alternatives)
        elif it.consensus is not None:
            yield entry(it.item, it.title, "consensus", "agreed by consensus",
                        it.consensus.text, interests, "", it.consensus.terms_version,
                        it.consensus.alternatives)
    for r in m.membership_decisions:
        yield entry(f"request:{r.request}", f"Request by {r.org_name} to join {r.body}",
                    "membership-request", r.decision, "", [], r.clause, m.terms_version)


# --------------------------------------------------------------------------------------
# The interests register
# --------------------------------------------------------------------------------------


def interests(store: ReadStore, body: str | None = None, start: datetime | None = None,
              end: datetime | None = None) -> InterestsRegister:
    read = _read(store, body, start, end)
    entries = [
        InterestEntry(date=m.date, held=m.held, body=m.body, body_name=m.body_name,
                      meeting=m.meeting, item=d.item, title=d.item_title, person=d.person,
                      person_name=d.person_name, nature=d.nature, note=d.note,
                      left_room=d.left_room, excludes_seat=d.excludes_seat, clause=d.clause)
        for m in read.minutes for d in m.declarations
    ]
    return InterestsRegister(period=_period(body, start, end), entries=entries,
                             position=read.position, seal=read.seal)


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

