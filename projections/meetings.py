"""The minutes of a meeting, built from the decoded event log.

A meeting's events are read from `lsp_events` by the entity index as plain
`ledger.events.Fact`s (`projections.reader`) and folded with `ledger.meeting.fold_meeting`:
the very fold the Meeting aggregate uses when a command is checked, so the minutes can
never disagree with what the write side judged. What the fold does not know is read beside
it:

- the roster of the body on the day of the meeting (`projections.rosters.roster`), for
  each seat's organisation, who a deputy stood in for, who sent no apologies, and the
  quorum, counted with `ledger.rules.quorum` exactly as `Ledger.quorum` counts it;
- the terms of reference in force on the day, for the body's name, the quorum rule and
  the notice period; names of people and organisations (both from the shared reader);
- membership requests decided at the meeting (`Decided` events of request entities that
  name the meeting);
- decisions taken between meetings and reported to it (their `Reported` events naming the
  meeting find them; each is folded with `ledger.decision.fold_decision`, so a report later
  corrected away is not listed);
- the roster as known when each item was recorded, for the member who proposed it (not
  whoever sat in the seat on the day).

The read models are in `projections.meeting_models`. The registers
(`projections/registers.py`) are folds over these minutes, so a decision reads the same in
the minutes and in the register.

Cost: one meeting's events, one roster, the names it mentions. No table of our own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from ledger import rules
from ledger.action import ActionState, fold_action
from ledger.decision import DecisionState, fold_decision
from ledger.errors import NotFound
from ledger.events import Fact
from ledger.meeting import Item, MeetingState, fold_meeting
from ledger.roster import Roster, Seat, presiding, roster_at
from ledger.terms import Body as BodyTerms
from ledger.when import local_date, long_day, show, spoken
from projections import minute_words, rosters
from projections.catchup import ReadStore
from projections.meeting_models import (
    Agreed,
    Consensus,
    Correction,
    Declaration,
    InAttendance,
    ItemMinute,
    MembershipDecision,
    MinuteAction,
    Minutes,
    Publication,
    QuorumView,
    ReportedDecision,
    SeatAttendance,
    Vote,
    VoteOutcome,
)
from projections.reader import Reader, fact, latest_scheduling, reading, standing
from projections.stamps import stamp

# --------------------------------------------------------------------------------------
# The query
# --------------------------------------------------------------------------------------


def minutes(store: ReadStore, meeting: str) -> Minutes:
    """The minutes of `meeting`, from everything the ledger knows now."""
    with reading(store) as reader:
        facts = reader.facts("meeting", meeting)
        if not facts:
            raise NotFound(f"there is no meeting '{meeting}' in the ledger (add it with "
                           "`lsp meeting schedule`)")
        return MinutesBuilder(reader).minutes(meeting, facts)


class MinutesBuilder:
    """Builds minutes through one shared reader, so names and terms are read once across
    meetings (the registers build many minutes at once)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.conn = reader.conn
        self._body_facts: dict[str, list[Fact]] = {}  # read once, when a proposer needs them

    # -- reads ------------------------------------------------------------------------

    def scheduled(self, body: str | None, start: datetime | None, end: datetime | None
                  ) -> list[str]:
        """The meetings (of `body`) held between `start` and `end`, in date order."""
        sql = ("SELECT entity FROM lsp_events s WHERE entity_kind = 'meeting' "
               f"AND {latest_scheduling('s')} AND {standing(self.conn, 's')}")
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
                found.append((fact(r), fact(first)))
        return found

    def decisions_reported(self, meeting: str) -> list[DecisionState]:
        """The decisions taken between meetings whose report (as folded) names `meeting`,
        in the order they were reported."""
        rows = self.conn.execute(
            "SELECT entity FROM lsp_events WHERE entity_kind = 'decision' AND kind = "
            f"'Reported' AND {self.conn.json_text('data', 'meeting')} = ? ORDER BY position",
            (meeting,)).fetchall()
        slugs = list(dict.fromkeys(r["entity"] for r in rows))
        folded = [fold_decision(found)
                  for found in self.reader.facts_of("decision", slugs).values()]
        return [d for d in folded if d is not None and d.report_at(meeting) is not None]

    def actions_agreed(self, meeting: str) -> list[ActionState]:
        """The actions agreed at `meeting` (each its own aggregate, naming the meeting),
        in the order they were recorded."""
        rows = self.conn.execute(
            "SELECT entity FROM lsp_events WHERE entity_kind = 'action' AND kind = 'Added' "
            f"AND {self.conn.json_text('data', 'meeting')} = ? ORDER BY position",
            (meeting,)).fetchall()
        slugs = [r["entity"] for r in rows]
        return [fold_action(f) for f in self.reader.facts_of("action", slugs).values()]

    # -- the minutes ------------------------------------------------------------------

    def minutes(self, meeting: str, facts: Sequence[Fact]) -> Minutes:
        state = fold_meeting(facts)
        when = state.when or facts[0].effective
        found = self.reader.terms_at(when)
        version = found[0] if found else (state.terms_version or 0)
        terms = found[1] if found else None
        body_terms = terms.body(state.body) if terms else None
        roster = rosters.followed(self.conn, state.body, when)
        decided = self.requests_decided(meeting)
        self._load_names_for(state, roster, decided)
        seats = {s.seat: s for s in roster.seats}
        present, deputies, apologies, absent, vacant = self._attendance(state, seats)
        chaired = self._chaired_by(state, roster, present)
        # MeetingState keeps a consensus as its text; the evidence is on the event itself.
        agreed = {f.data["item"]: f.data for f in facts if f.kind == "DecidedByConsensus"}
        retracted = {f.data["version"] for f in facts if f.kind == "Retracted"}
        added = {f.data["item"]: f for f in sorted(facts, key=lambda f: f.version)
                 if f.kind == "ItemAdded" and f.version not in retracted}
        numbers = _minute_numbers(state)
        actions = self._actions(meeting, numbers)
        items = [self._item(state, roster, it, seats, agreed.get(it.item, {}),
                            added.get(it.item), numbers[it.item],
                            [a for a in actions if a.item == it.item])
                 for it in state.items.values()]
        reported = self.decisions_reported(meeting)
        after = len(numbers) + 3  # the minutes after the items: apologies, declarations
        membership_minute = after if decided else None
        return Minutes(
            meeting=meeting, body=state.body,
            body_name=body_terms.name if body_terms else state.body,
            partnership=terms.partnership.name if terms else "",
            held=show(when), date=local_date(when).isoformat(), venue=state.venue,
            terms_version=version,
            closed=state.closed,
            publication=self._publication(state),
            present=present, deputies=deputies, apologies=apologies, absent=absent,
            vacant=vacant,
            in_attendance=[self._in_attendance(a) for a in state.in_attendance],
            quorum=self._quorum(state, roster, body_terms),
            declarations=[d for it in sorted(items, key=lambda i: i.minute)
                          for d in it.declarations],
            items=items,
            membership_decisions=[self._membership(f, req) for f, req in decided],
            decisions_reported=[self._reported(d, meeting) for d in reported],
            corrections=self._corrections(state, facts),
            position=self.reader.position,
            seal=self.reader.seal,
            held_on=spoken(when), chaired_by=chaired,
            members_present=_chair_first([s for s in present + deputies if s.voting], chaired),
            attending_seats=[s for s in present + deputies if not s.voting],
            absent_members=[s for s in absent if s.voting],
            substitutes=[s for s in deputies if not any(a.seat == s.seat for a in apologies)],
            actions=sorted(actions, key=lambda a: (a.minute or after, a.due or "")),
            membership_minute=membership_minute,
            reports_minute=(after + (1 if decided else 0)) if reported else None,
        )

    def _in_attendance(self, a: dict[str, Any]) -> InAttendance:
        """One person in attendance without a seat; a partner or invitee with the clause
        that let them in ("In attendance (partner, 4.9)")."""
        clause, org = a.get("clause") or None, a.get("org") or None
        return InAttendance(person=a["person"],
                            person_name=self.reader.name("person", a["person"]) or "",
                            capacity=a["capacity"], org=org,
                            org_name=self.reader.name("org", org), clause=clause,
                            label=f"{a['capacity']}, {clause}" if clause else a["capacity"])

    def _chaired_by(self, state: MeetingState, roster: Roster,
                    present: list[SeatAttendance]) -> SeatAttendance | None:
        """Who took the chair: the chair (or a co-chair, `ledger.roster.presiding`) present
        in person, else the vice-chair present in person; None when neither came."""
        in_person = {s.seat: s for s in present}
        chair = presiding(roster, state.present)
        if chair is not None and chair.seat in in_person:
            return in_person[chair.seat]
        vice = roster.role_seat("vice-chair")
        return in_person.get(vice.seat) if vice is not None else None

    def _actions(self, meeting: str, numbers: Mapping[str, int]) -> list[MinuteAction]:
        found = self.actions_agreed(meeting)
        self.reader.load_names("person", [a.owner for a in found])
        return [MinuteAction(
            action=a.slug, title=a.title, owner=a.owner,
            owner_name=self.reader.name("person", a.owner) or a.owner,
            due=a.due.isoformat() if a.due else None,
            due_on=long_day(a.due) if a.due else None, item=a.item,
            minute=numbers.get(a.item) if a.item else None,
            done_on=long_day(local_date(a.done)) if a.done else None) for a in found]

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
        self.reader.load_names("person", people)
        self.reader.load_names("org", [s.org for s in roster.seats]
                        + [req.data.get("org") for _, req in decided])

    def _seat(self, seats: dict[str, Seat], seat: str, person: str | None,
              **extra: Any) -> SeatAttendance:
        s = seats.get(seat)
        return SeatAttendance(seat=seat, org=s.org if s else None,
                              org_name=self.reader.name("org", s.org) if s else None, person=person,
                              person_name=self.reader.name("person", person),
                              voting=s.voting if s else False, role=s.role if s else None,
                              role_name=(minute_words.ROLE_NAMES.get(s.role or "")
                                         if s and not extra.get("deputy_for") else None),
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
                                           deputy_for_name=self.reader.name("person", holder)))
            else:
                present.append(self._seat(seats, seat, sat["person"]))
        for seat, person in state.apologies.items():
            there = state.present.get(seat)  # a deputy in the place of who sent them
            substitute = there["person"] if there and there["person"] != person else None
            apologies.append(self._seat(seats, seat, person, substitute=substitute,
                                        substitute_name=self.reader.name("person",
                                                                         substitute)))
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
        return Publication(published=show(p["when"]),
                           published_on=long_day(local_date(p["when"])),
                           days_before=p["days_before"],
                           notice_days=notice,
                           on_time=notice is None or p["days_before"] >= notice,
                           urgent=p.get("urgent"), clause=p["clause"])

    def _quorum(self, state: MeetingState, roster: Roster, body: BodyTerms | None
                ) -> QuorumView:
        """The one count the write side makes (`rules.meeting_quorum`), by the rule in force."""
        if body is None:
            present = {s.seat for s in roster.voting_seats} & set(state.present)
            return QuorumView(quorate=False, present_voting=len(present), required=None,
                              clause="n/a", reason=f"the body '{state.body}' is not in the "
                              "terms in force on the day")
        count = rules.meeting_quorum(body, roster, state)
        return QuorumView(quorate=count.quorate, present_voting=count.present_voting,
                          required=count.required, clause=count.clause, reason=count.reason)

    def _vote(self, it: Item, seat: str, cast: dict[str, Any]) -> Vote:
        return Vote(seat=seat, person=cast["person"],
                    person_name=self.reader.name("person", cast["person"]) or "",
                    choice=cast["choice"], given=it.given.get(seat, ""))

    def _item(self, state: MeetingState, roster: Roster, it: Item, seats: dict[str, Seat],
              agreed: Mapping[str, Any], added: Fact | None, minute: int,
              actions: list[MinuteAction]) -> ItemMinute:
        outcome = None
        status: Literal["carried", "lost", "tied", "agreed", "noted", "endorsed", "referred",
                        "deferred", "open", "undecided"] = "undecided"
        label, resolved, reached = "", "", ""
        if it.outcome is not None:
            outcome = self._outcome(state, roster, it)
            status = outcome.result  # type: ignore[assignment]  # carried, lost or tied
            label, resolved = minute_words.resolved_by_vote(outcome.result, it.resolution,
                                                            it.title)
            reached = minute_words.on_a_vote(
                outcome.votes_for, outcome.votes_against, outcome.abstentions,
                outcome.casting, outcome.casting_by, outcome.casting_role, outcome.clause)
        consensus = None
        if it.consensus is not None:
            to = it.referred_to
            to_terms = self.reader.terms_at(state.when) if to and state.when else None
            to_body = to_terms[1].body(to) if to_terms and to else None
            consensus = Consensus(text=it.consensus, quorum=agreed.get("quorum", ""),
                                  terms_version=agreed.get("terms_version", 0),
                                  alternatives=it.alternatives, outcome=it.how,
                                  referred_to=to,
                                  referred_to_name=to_body.name if to_body else to)
            status = it.how  # type: ignore[assignment]  # one of ITEM_OUTCOMES
            label, resolved = minute_words.resolved_by_consensus(it, consensus.referred_to_name)
            reached = "By consensus."
        elif it.outcome is None and it.votes:
            status = "open"
        proposer_seat = self._proposer(state, it, seats, added)
        proposer_person = proposer_seat.holder if proposer_seat else None
        self.reader.load_names("person", [proposer_person])
        return ItemMinute(
            item=it.item, title=it.title, proposer=it.proposer,
            proposer_org_name=self.reader.name("org", proposer_seat.org) if proposer_seat else None,
            proposer_name=self.reader.name("person", proposer_person),
            partner=it.partner, partner_name=self.reader.name("org", it.partner),
            status=status, vote=outcome, consensus=consensus,
            votes_cast=([] if outcome else
                        [self._vote(it, seat, v) for seat, v in sorted(it.votes.items())]),
            declarations=[self._declaration(it, i, minute) for i in state.interests
                          if i["item"] == it.item],
            minute=minute, minutes_of=it.minutes_of,
            minutes_of_held=self._held_on(it.minutes_of) if it.minutes_of else None,
            resolved_label=label, resolved=resolved, reached=reached, actions=actions,
        )

    def _outcome(self, state: MeetingState, roster: Roster, it: Item) -> VoteOutcome:
        """The vote's evidence as recorded, with who gave the casting vote: the one the
        application let give it (`ledger.roster.presiding`), whoever sat in that seat."""
        o = it.outcome
        assert o is not None  # only called for an item whose vote has closed
        votes = json.loads(o["votes"])
        by, role = None, None
        if o["casting"] is not None:
            seat = presiding(roster, state.present, state.excluded_seats(it.item))
            sitting = state.present.get(seat.seat) if seat is not None else None
            if seat is not None and sitting is not None:
                by = self.reader.name("person", sitting["person"])
                role = minute_words.ROLE_NAMES.get(seat.role or "")
        return VoteOutcome(
            result=o["result"], votes_for=o["votes_for"], votes_against=o["votes_against"],
            abstentions=o["abstentions"], casting=o["casting"],
            votes=[self._vote(it, seat, votes[seat]) for seat in sorted(votes)],
            reason=o["reason"], clause=o["clause"], quorum=o["quorum"],
            terms_version=o["terms_version"], alternatives=it.alternatives,
            resolution=it.resolution, casting_by=by, casting_role=role)

    def _held_on(self, meeting: str) -> str | None:
        """When an earlier meeting was held, in long form (None if it is not found)."""
        earlier = fold_meeting(self.reader.facts("meeting", meeting))
        return spoken(earlier.when) if earlier.when else None

    def _proposer(self, state: MeetingState, it: Item, seats: dict[str, Seat],
                  added: Fact | None) -> Seat | None:
        """The proposing seat as the roster stood when the item was recorded (the day of
        the meeting, as known then): its holder proposed it, whoever sat in the seat at
        the meeting. The roster of the day, as known now, when that seat is not found."""
        if not it.proposer:
            return None
        if added is not None and state.when is not None:
            known = self._body_facts.get(state.body)
            if known is None:
                known = self._body_facts[state.body] = rosters.facts(self.conn, state.body)
            if any(f.recorded > added.recorded for f in known):  # else: as known now
                then = roster_at(state.body, known, state.when, added.recorded)
                found = then.seat(it.proposer)
                if found is not None:
                    return found
        return seats.get(it.proposer)

    def _reported(self, d: DecisionState, meeting: str) -> ReportedDecision:
        e, r = d.evidence, d.report_at(meeting)
        assert r is not None  # decisions_reported keeps only those reported (or deferred)
        version = int(e["terms_version"]) if e else None
        terms = self.reader.terms(version if version is not None else d.terms_version)
        body = terms.body(d.body) if terms else None
        self.reader.load_names("person", [a.person for a in d.agreeing])
        return ReportedDecision(
            decision=d.slug, title=d.title, text=d.text, body=d.body,
            body_name=body.name if body else d.body,
            taken_on=show(d.taken_on) if d.taken_on else None,
            taken_on_day=long_day(local_date(d.taken_on)) if d.taken_on else None,
            resolved=minute_words.reported(r["outcome"]),
            clause=str(e["clause"]) if e else "", terms_version=version,
            outcome=r["outcome"], reason=r["reason"],
            agreed=[Agreed(seat=a.seat, person=a.person,
                           person_name=self.reader.name("person", a.person) or "",
                           given=a.given) for a in d.agreeing])

    def _declaration(self, it: Item, i: dict[str, Any], minute: int) -> Declaration:
        return Declaration(item=it.item, item_title=it.title, minute=minute,
                           person=i["person"],
                           person_name=self.reader.name("person", i["person"]) or "",
                           nature=i["nature"], note=i["note"], left_room=i["left_room"],
                           excludes_seat=i.get("excludes_seat"), clause=i["clause"])

    def _membership(self, decided: Fact, requested: Fact) -> MembershipDecision:
        req = requested.data
        return MembershipDecision(
            request=decided.entity, org=req["org"],
            org_name=self.reader.name("org", req["org"]) or "",
            body=req["body"], decision=decided.data["decision"], clause=req["clause"],
            requested=show(requested.effective),
            requested_on=long_day(local_date(requested.effective)),
            resolved=minute_words.request_decided(decided.data["decision"]))

    def _corrections(self, state: MeetingState, facts: Sequence[Fact]) -> list[Correction]:
        by_version = {f.version: f for f in facts}
        titles = {f.data["item"]: f.data["title"] for f in facts if f.kind == "ItemAdded"}
        found = []
        for c in state.corrections:
            target = by_version.get(c["version"])
            found.append(Correction(
                version=c["version"], event=target.kind if target else "",
                what=self._describe(target, titles) if target else f"event {c['version']}",
                reason=c["reason"], corrected=show(c["when"]), actor=c["actor"],
                corrected_on=long_day(local_date(c["when"]))))
        return found

    def _describe(self, f: Fact, titles: Mapping[str, str]) -> str:
        """What a retracted record was, as the minutes say it: by names, titles and long
        dates, never a slug."""
        d = f.data
        self.reader.load_names("person", [d.get("person")])
        who = self.reader.name("person", d.get("person")) or ""
        title = titles.get(d.get("item") or "", d.get("item") or "")
        if f.kind == "ItemAdded":
            return f"the item {d['title']} on the agenda"
        if f.kind == "Attended":
            return f"{who} recorded as present" + (" as a deputy" if d["as_deputy"] else "")
        if f.kind == "Apologies":
            return f"apologies from {who}" if who else "apologies for a seat with no holder"
        if f.kind == "InAttendance":
            return f"{who} recorded as in attendance ({d['capacity']})"
        if f.kind == "InterestDeclared":
            return f"{who}'s {d['nature']} interest in {title}"
        if f.kind == "VoteCast":
            return f"the vote of {who} on {title}: {d['choice']}"
        if f.kind in ("VoteClosed", "DecidedByConsensus"):
            return f"the decision on {title}"
        if f.kind == "Published":
            return f"the publication of the agenda on {long_day(local_date(f.effective))}"
        if f.kind == "Scheduled":
            return f"the scheduling of the meeting for {spoken(f.effective)}"
        return f"{f.kind} (event {f.version})"


def _minute_numbers(state: MeetingState) -> dict[str, int]:
    """Each item's minute number: 1 is apologies, 2 declarations of interest, then the
    approval of earlier minutes (`agenda add --minutes-of`), then the other items in the
    order they were added."""
    first = [i for i in state.items.values() if i.minutes_of]
    rest = [i for i in state.items.values() if not i.minutes_of]
    return {it.item: n for n, it in enumerate(first + rest, start=3)}


def _chair_first(rows: list[SeatAttendance], chaired: SeatAttendance | None
                 ) -> list[SeatAttendance]:
    """Members present as a clerk lists them: whoever took the chair, then the other
    office holders (chair, co-chair, vice-chair), then the rest in the order they came."""
    order = {"Chair": 1, "Co-Chair": 2, "Vice-Chair": 3}  # a deputy holds no office
    return sorted(rows, key=lambda s: (0 if chaired and s.seat == chaired.seat
                                       else order.get(s.role_name or "", 4)))
