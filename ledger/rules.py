"""The rules of the terms of reference, each a pure function returning a Verdict.

A rule takes plain values (the terms in force for a body, a roster on a date, the person
or seat concerned) and says whether the action is allowed, why not in plain English, and
which clause of the terms it applies. The application calls these before it records
anything; refusals become `RuleBroken`, which the command line prints with exit code 1.

Why one module of about 600 lines: every rule of the terms is here, so a newcomer (or an
auditor) finds each clause's rule in one place, side by side with the others it interacts
with; each function is short and stands alone.

Membership rules here:
    drawn-from              a seat on a body drawn from another is filled from its members
    co-optees-confined      a co-opted member does not become a member of another body
    co-option               co-opted seats only where the terms allow co-option
    composition             seats of each category within the numbers the terms give
    entitlement             voting seats only for organisations entitled to them, within number
    seat-category           a person of one category does not fill a seat of another
    one-seat-each           a person holds one seat on a body
    role-holder             the chair (co-chair, vice-chair) holds a seat of the kind required
    membership-requests-via requests come through the body the terms name, which recommends
                            at one of its meetings before the decision
    deputies-allowed        deputies only where the terms let members send one
    deputy-not-holder       a deputy is a person other than the seat's holder
    membership-requests     requests are decided by the body the terms name

Meeting rules:
    agenda-notice           the agenda goes out the notice period before, unless urgent
    deputy-attends          only the seat's nominated deputy, where the terms allow deputies
    holder-attends          a vacant seat has no holder to attend
    one-person-once         a person sits in one seat at a meeting and votes once an item
    quorum                  voting members present (each person once), less exclusions,
                            against the quorum rule; at least one where the terms are silent
    voting / one-vote       one vote per voting seat present, not excluded, once
    left-room               a member with a prejudicial interest who left the room for an
                            item does not vote on it, and declares it before voting
    prejudicial-interest    a seat excluded from an item by a prejudicial interest
    casting-vote            the chair's casting vote: where given, on a tie, chair present
    outcome                 majority of votes cast; abstentions not counted; a tie falls
                            (where the terms are silent: a simple majority, no casting vote)

Decisions between meetings:
    between-meetings        only where the terms provide; by voting members in person
    deputy-between-meetings a deputy acts between meetings only where the terms empower it
    prejudicial-interest    a declarer excluded from an item is excluded from agreeing too
    agree-once              each seat, and each person, agrees once
    agreement               taken when the chair and N others, or M without the chair, agree
                            (counting people, each once)
    report-to               reported to a meeting of the body the terms name
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ledger.errors import RuleBroken
from ledger.meeting import MeetingState
from ledger.roster import Roster, Seat
from ledger.terms import Body

LEDGER = "ledger rule"  # the clause cited for a rule of the ledger itself, not of the terms


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    rule: str
    clause: str
    reasons: tuple[str, ...] = ()
    remedy: str | None = None  # what would put a refusal right (ledger.errors)

    def enforce(self, terms_version: int | None) -> None:
        if not self.allowed:
            raise RuleBroken(self.rule, self.clause, self.reasons, terms_version,
                             remedy=self.remedy)


def _allow(rule: str, clause: str, reason: str = "") -> Verdict:
    return Verdict(True, rule, clause, (reason,) if reason else ())


def _refuse(rule: str, clause: str, *reasons: str, remedy: str | None = None) -> Verdict:
    return Verdict(False, rule, clause, reasons, remedy)


def drawn_from(body: Body, seat: Seat, person: str, parent: Roster | None) -> Verdict:
    """A seat on a body drawn from another body is filled by one of that body's members.

    Co-opted seats are exempt: co-option is how a body brings in people from outside.
    """
    m = body.membership
    if m is None or m.drawn_from is None or seat.co_opted:
        return _allow("drawn-from", "n/a")
    clause = m.drawn_from_clause or m.clause
    if parent is None or not parent.seats_held_by(person):
        return _refuse("drawn-from", clause,
                       f"members of {body.name} are drawn from '{m.drawn_from}', and {person} "
                       f"holds no seat on '{m.drawn_from}' on that date")
    return _allow("drawn-from", clause)


def co_optees_confined(
    body_id: str, person: str, co_opted_seats: Sequence[tuple[str, Seat, str]]
) -> Verdict:
    """A co-opted member does not become a member of any other part of the partnership.

    `co_opted_seats` lists (body id, seat, clause) for every co-opted seat the person
    holds, on that date, on a body whose terms confine its co-optees.
    """
    elsewhere = [(b, s, c) for b, s, c in co_opted_seats if b != body_id]
    if not elsewhere:
        return _allow("co-optees-confined", "n/a")
    other_body, seat, clause = elsewhere[0]
    return _refuse("co-optees-confined", clause,
                   f"{person} is co-opted to '{other_body}' (seat {seat.seat}), and co-opted "
                   "members do not become members of any other part of the partnership")


def co_option(body: Body, co_opted: bool) -> Verdict:
    if not co_opted:
        return _allow("co-option", "n/a")
    m = body.membership
    if m is None or not m.co_option:
        return _refuse("co-option", m.clause if m else body.clause,
                       f"the terms of {body.name} make no provision for co-opted members")
    return _allow("co-option", m.co_option_clause or m.clause)


def composition(body: Body, category: str | None, seats: Sequence[Seat]) -> Verdict:
    """Seats of each category stay within the numbers the terms give."""
    if not body.composition:
        return _allow("composition", "n/a")
    listed = ", ".join(f"{c.seats} {c.category}" for c in body.composition)
    limit = body.category_limit(category)
    if limit is None:
        clause = body.composition[0].clause
        given = f"'{category}'" if category else "no category"
        return _refuse("composition", clause,
                       f"{body.name} is composed of {listed}; a seat with {given} does not fit")
    taken = sum(1 for s in seats if s.category == category)
    if taken >= limit.seats:
        return _refuse("composition", limit.clause,
                       f"{body.name} has {limit.seats} {category} seats and all {taken} exist")
    return _allow("composition", limit.clause, f"{taken + 1} of {limit.seats} {category} seats")


def entitlement(body: Body, org: str, voting: bool, seats: Sequence[Seat]) -> Verdict:
    """Voting seats go only to the organisations the terms list, up to their number."""
    if not body.entitlements or not voting:
        return _allow("entitlement", "n/a")
    entitled = body.entitlement(org)
    if entitled is None:
        return _refuse("entitlement", body.entitlements[0].clause,
                       f"'{org}' is not one of the core member organisations of {body.name}; "
                       "it may have a non-voting seat", remedy="input:non-voting")
    held = sum(1 for s in seats if s.org == org and s.voting)
    if held >= entitled.seats:
        return _refuse("entitlement", entitled.clause,
                       f"'{org}' is entitled to {entitled.seats} voting seat(s) on {body.name} "
                       f"and has {held}")
    return _allow("entitlement", entitled.clause)


def seat_category(body: Body, seat: Seat, person: str, person_category: str | None) -> Verdict:
    """A seat of a category is filled only by a person known to be of that category: a
    person of another category, or of none on record, does not fill it."""
    if seat.category is None:
        return _allow("seat-category", "n/a")
    limit = body.category_limit(seat.category)
    clause = limit.clause if limit else LEDGER
    entitled = body.entitlement(seat.org)
    if limit is None and entitled is not None and seat.category in entitled.categories:
        clause = entitled.categories_clause or entitled.clause  # Daventry 4.1's split
    if person_category is None:
        return _refuse("seat-category", clause,
                       f"seat {seat.seat} is a {seat.category} seat and {person} has no "
                       f"category on record, so is not known to be a {seat.category}")
    if seat.category != person_category:
        return _refuse("seat-category", clause,
                       f"seat {seat.seat} is a {seat.category} seat and {person} is a "
                       f"{person_category}")
    return _allow("seat-category", clause)


def one_seat_each(roster: Roster, seat_id: str, person: str) -> Verdict:
    """A person holds one seat on a body: each member has one vote and counts once."""
    held = [s.seat for s in roster.seats_held_by(person) if s.seat != seat_id]
    if held:
        return _refuse("one-seat-each", LEDGER,
                       f"{person} already holds seat {held[0]} on {roster.body}; a person "
                       "holds one seat on a body (vacate the other first)")
    return _allow("one-seat-each", LEDGER)


def role_holder(body: Body, role: str, seat: Seat) -> Verdict:
    """The chair (co-chair, vice-chair) holds a seat on the body, of the kind the terms
    require."""
    required = body.roles.for_role(role)
    clause = required.clause if required else LEDGER
    if seat.holder is None:
        return _refuse("role-holder", clause,
                       f"the {role} must hold a seat on {body.name}, and seat {seat.seat} "
                       "is vacant on that date")
    if required is None:
        return _allow("role-holder", clause)
    if required.voting_seat and not seat.voting:
        return _refuse("role-holder", clause,
                       f"the {role} of {body.name} is chosen from its voting (core) members, "
                       f"and seat {seat.seat} is non-voting")
    if required.category and seat.category != required.category:
        return _refuse("role-holder", clause,
                       f"the {role} of {body.name} holds a {required.category} seat, and "
                       f"seat {seat.seat} is {seat.category or 'of no category'}")
    return _allow("role-holder", clause)


def deputies_allowed(body: Body) -> Verdict:
    d = body.deputies
    if d is not None and not d.allowed:
        return _refuse("deputies-allowed", d.clause,
                       f"the terms of {body.name} do not let members send a deputy")
    return _allow("deputies-allowed", d.clause if d else "n/a")


def deputy_not_holder(seat: Seat, person: str) -> Verdict:
    if seat.holder == person:
        return _refuse("deputy-not-holder", LEDGER,
                       f"{person} holds seat {seat.seat}; a deputy stands in for the holder "
                       "and must be someone else")
    return _allow("deputy-not-holder", LEDGER)


def membership_request_decider(body: Body, body_id: str, deciding_body: str) -> Verdict:
    """Requests to join `body` are decided by the body its terms name (default: itself)."""
    m = body.membership
    decider = (m.requests_decided_by if m else None) or body_id
    clause = (m.requests_clause or m.clause) if m else body.clause
    if deciding_body != decider:
        return _refuse("membership-requests", clause,
                       f"requests to join {body.name} are decided at a meeting of "
                       f"'{decider}', not '{deciding_body}'")
    return _allow("membership-requests", clause)


def membership_request_via(body: Body, body_id: str, recommending_body: str) -> Verdict:
    """Requests to join `body` come through the body its terms name (`requests_via`,
    Lewisham: the PSG), which recommends at one of its meetings."""
    m = body.membership
    via = m.requests_via if m else None
    clause = (m.requests_clause or m.clause) if m else body.clause
    if via is None:
        return _refuse("membership-requests-via", clause,
                       f"requests to join {body.name} come through no other body, so there "
                       "is no recommendation to record: decide it", remedy="act:decide-request")
    if recommending_body != via:
        return _refuse("membership-requests-via", clause,
                       f"requests to join {body.name} come through '{via}', so are "
                       f"recommended at a meeting of '{via}', not '{recommending_body}'")
    return _allow("membership-requests-via", clause)


def membership_recommended(body: Body, recommended_on: datetime | None,
                           deciding_on: datetime) -> Verdict:
    """Where requests come through another body, its recommendation is on record, made at
    a meeting before the one that decides (Lewisham, Full LSP principle 9)."""
    m = body.membership
    via = m.requests_via if m else None
    clause = (m.requests_clause or m.clause) if m else body.clause
    if via is None:
        return _allow("membership-requests-via", clause)
    if recommended_on is None or recommended_on > deciding_on:
        return _refuse("membership-requests-via", clause,
                       f"requests to join {body.name} come through '{via}': record its "
                       f"recommendation, made at a meeting of '{via}' before this one",
                       remedy="act:recommend-request")
    return _allow("membership-requests-via", clause)


# --------------------------------------------------------------------------------------
# Meetings: notice, attendance, quorum, votes
# --------------------------------------------------------------------------------------


def notice(body: Body, days_before: int, urgent_reason: str | None) -> Verdict:
    """The agenda is published at least the body's notice period before the meeting,
    unless an urgency reason is recorded."""
    a = body.agenda
    if a is None:
        return _allow("agenda-notice", "n/a", f"the terms of {body.name} set no notice period")
    if days_before >= a.notice_days:
        return _allow("agenda-notice", a.clause,
                      f"published {days_before} days before; {a.notice_days} required")
    if urgent_reason and urgent_reason.strip():
        return _allow("agenda-notice", a.clause,
                      f"published {days_before} days before, {a.notice_days} required; "
                      f"urgent: {urgent_reason.strip()}")
    return _refuse("agenda-notice", a.clause,
                   f"the agenda of {body.name} is published at least {a.notice_days} days "
                   f"before the meeting, and this is {days_before} day(s) before; record why "
                   "it is urgent to publish it late", remedy="input:urgent")


def attendance(body: Body, seat: Seat, as_deputy: bool) -> Verdict:
    """Who may sit in a seat at a meeting: its holder, or its nominated deputy."""
    if as_deputy:
        d = body.deputies
        if d is not None and (not d.allowed or not d.at_meetings):
            return _refuse("deputy-attends", d.clause,
                           f"the terms of {body.name} do not let a deputy attend in a "
                           "member's place")
        clause = d.clause if d else LEDGER
        if seat.deputy is None:
            return _refuse("deputy-attends", clause,
                           f"seat {seat.seat} has no nominated deputy on the day of the meeting",
                           remedy="act:nominate-deputy")
        return _allow("deputy-attends", clause)
    if seat.holder is None:
        return _refuse("holder-attends", LEDGER,
                       f"seat {seat.seat} is vacant on the day of the meeting; only its "
                       "nominated deputy could sit in it", remedy="input:deputy")
    return _allow("holder-attends", LEDGER)


def one_person_once(person: str, seat_id: str, taken: Mapping[str, Mapping[str, Any]],
                    act: str = "attend") -> Verdict:
    """A person counts once towards any quorum and votes at most once on an item, wherever
    they sit (their own seat, or as another seat's deputy). `taken` maps each seat already
    recorded (present at the meeting, or voted on the item) to who sat in it."""
    other = sorted(s for s, p in taken.items() if p.get("person") == person and s != seat_id)
    if not other:
        return _allow("one-person-once", LEDGER)
    if act == "vote":
        return _refuse("one-person-once", LEDGER,
                       f"{person} has already voted on this item in seat {other[0]}; a "
                       f"person votes once, wherever they sit, so seat {seat_id} cannot "
                       "vote through them")
    return _refuse("one-person-once", LEDGER,
                   f"{person} already sits in seat {other[0]} at this meeting; a person "
                   f"counts once towards the quorum and votes once, so cannot sit in seat "
                   f"{seat_id} too (send another deputy, or none)")


@dataclass(frozen=True)
class QuorumCount:
    """The quorum of a meeting (or one item of it), with the reason in words."""

    quorate: bool
    present_voting: int
    excluded: int
    required: int | None
    clause: str
    reason: str


def quorum(body: Body, voting_seats: int, present_voting: int, excluded: int = 0,
           left_room: int = 0) -> QuorumCount:
    """Count voting members present (each person once), less those excluded from the item
    (`excluded`: by a prejudicial interest the terms say excludes; `left_room`: the others,
    who declared a prejudicial interest and left the room), against the quorum rule in
    force. A body whose terms set no quorum needs at least one voting member present: the
    document is silent, so the ledger invents no number, but a meeting of nobody decides
    nothing (a rule of the ledger)."""
    less = "".join([f", {excluded} excluded from this item by a prejudicial interest"
                    if excluded else "",
                    f", {left_room} left the room for it with a prejudicial interest"
                    if left_room else ""])
    excluded += left_room
    counted = max(present_voting - excluded, 0)
    members = "voting member" + ("" if present_voting == 1 else "s")
    present = f"{present_voting} {members} present{less}"
    q = body.quorum
    if q is None:
        counts = f"; {counted} count" if excluded else ""
        if counted >= 1:
            return QuorumCount(True, counted, excluded, None, LEDGER,
                               f"{present}{counts}; the terms of {body.name} set no quorum")
        return QuorumCount(False, counted, excluded, None, LEDGER,
                           f"{present}{counts}; the terms of {body.name} set no quorum, and "
                           "the ledger requires at least one voting member present")
    required = q.required(voting_seats)
    counts = f"; {counted} count" if excluded else ""
    how = "" if q.members is not None else (f" ({q.fraction} of {voting_seats} voting seats, "
                                            "rounded up)")
    return QuorumCount(counted >= required, counted, excluded, required, q.clause,
                       f"{present}{counts}; clause {q.clause} requires {required}{how}")


def meeting_quorum(body: Body, roster: Roster, meeting: MeetingState, item: str | None = None
                   ) -> QuorumCount:
    """The quorum of a meeting, or of one item after exclusions: its voting seats on the
    day (`roster`), the people recorded sitting in them, each counted once however many
    seats they sit in, and those excluded from `item`. The one count, for recording
    (`Ledger.quorum`) and for reading (the minutes)."""
    voting = {s.seat for s in roster.voting_seats}
    seats = voting & set(meeting.present)
    people = {meeting.present[s]["person"] for s in seats}

    def who(why: str) -> set[str]:
        out = (meeting.excluded_seats(item, why) & seats) if item else set()
        return {meeting.present[s]["person"] for s in out}

    by_interest = who("interest")
    left = who("left-room") - by_interest
    return quorum(body, len(voting), len(people), len(by_interest), len(left))


def quorate(count: QuorumCount) -> Verdict:
    if count.quorate:
        return _allow("quorum", count.clause, count.reason)
    return _refuse("quorum", count.clause, f"the meeting is not quorate: {count.reason}")


def may_vote(body: Body, seat: Seat, present: bool, excluded: bool,
             already_voted: bool = False, left_room: str | None = None) -> Verdict:
    """One vote per voting seat present, by its holder or deputy; not if whoever sits in
    it is excluded from the item by a prejudicial interest under the terms (`excluded`),
    or left the room for it (`left_room`: who that is). Where the terms give no voting
    rule, votes are still recorded, one each (the ledger's rule; `outcome` decides them
    by a simple majority)."""
    v = body.voting
    clause = v.clause if v else LEDGER
    votes = v.votes_per_member if v else 1
    if already_voted:
        return _refuse("one-vote", clause,
                       f"seat {seat.seat} has already voted on this item; each member has "
                       f"{votes} vote")
    if not seat.voting:
        return _refuse("voting", clause, f"seat {seat.seat} is non-voting")
    if not present:
        return _refuse("voting", clause,
                       f"seat {seat.seat} is not recorded as present", remedy="act:attend")
    i = body.interests
    if excluded:
        return _refuse("prejudicial-interest", i.clause if i else clause,
                       f"seat {seat.seat} is excluded from this item by a prejudicial interest")
    if left_room:
        return _refuse("left-room", i.clause if i else LEDGER,
                       f"{left_room}, sitting in seat {seat.seat}, declared a prejudicial "
                       "interest in this item and left the room for it, so neither votes on it "
                       "nor counts in its quorum")
    return _allow("voting", clause)


def interest_before_vote(body: Body, person: str, votes: Mapping[str, Mapping[str, Any]],
                         excludes: bool, left_room: bool) -> Verdict:
    """An interest that takes a member out of an item (a prejudicial one the terms say
    excludes, or one they left the room for: `left_room`, for a prejudicial interest) is
    declared before they vote on it: otherwise an excluded person's vote would stand.
    `votes` maps each seat that voted on the item to who sat in it."""
    i = body.interests
    clause = i.clause if i else LEDGER
    rule = "prejudicial-interest" if excludes else "left-room"
    voted = sorted(s for s, v in votes.items() if v.get("person") == person)
    if (excludes or left_room) and voted:
        return _refuse(rule, clause,
                       f"{person} has already voted on this item in seat {voted[0]}; an "
                       "interest that takes a member out of an item is declared before its "
                       "vote")
    return _allow(rule, clause)


OUTCOMES = ("carried", "lost", "tied")
CHOICES = ("for", "against", "abstain")


@dataclass(frozen=True)
class Outcome:
    result: str  # carried, lost or tied
    votes_for: int
    votes_against: int
    abstentions: int
    casting: str | None  # the chair's casting vote, when it decided a tie
    clause: str
    reason: str


def outcome(body: Body, votes_for: int, votes_against: int, abstentions: int,
            casting: str | None = None) -> Outcome:
    """Majority of votes cast; abstentions are not votes cast; a tie falls unless the
    chair gives a casting vote where the terms allow one. A casting vote given when there
    is no tie changes nothing (the application refuses it before it gets here).

    Where the terms give no voting rule, the ledger's default: a simple majority of those
    voting, with no casting vote, and the outcome says so."""
    v = body.voting
    clause = v.clause if v else LEDGER
    tally = f"{votes_for} for, {votes_against} against, {abstentions} abstaining"
    if v is None:
        tally += (f": the terms of {body.name} give no voting rule, so the ledger's default "
                  "applies (a simple majority of those voting, no casting vote)")
        majority = "a simple majority of those voting"
    else:
        majority = "a majority of votes cast"
    if votes_for > votes_against:
        return Outcome("carried", votes_for, votes_against, abstentions, None, clause,
                       f"{tally}: carried by {majority}")
    if votes_against > votes_for:
        return Outcome("lost", votes_for, votes_against, abstentions, None, clause,
                       f"{tally}: lost by {majority}")
    if casting in ("for", "against") and v is not None and v.casting_vote == "chair":
        result = "carried" if casting == "for" else "lost"
        return Outcome(result, votes_for, votes_against, abstentions, casting, clause,
                       f"{tally}: a tie, decided by the chair's casting vote {casting} "
                       f"(clause {clause})")
    return Outcome("tied", votes_for, votes_against, abstentions, None, clause,
                   f"{tally}: a tie with no casting vote, so the motion falls")


def casting_vote(body: Body, tied: bool, chair_present: bool, chair_excluded: bool = False
                 ) -> Verdict:
    """The chair's casting vote: only where the terms give one, only on a tie, only by a
    chair who is present, and not by a chair excluded from the item (a prejudicial
    interest, or having left the room): a casting vote is a vote. Where the body has
    co-chairs, the chair here is the one presiding (the application's `_presiding`)."""
    v = body.voting
    if v is None or v.casting_vote != "chair":
        return _refuse("casting-vote", v.clause if v else body.clause,
                       f"the terms of {body.name} give the chair no casting vote")
    if not tied:
        return _refuse("casting-vote", v.clause, "a casting vote is given only on a tie")
    if not chair_present:
        return _refuse("casting-vote", v.clause,
                       "the chair is not recorded as present in person, so cannot give a "
                       "casting vote")
    if chair_excluded:
        return _refuse("casting-vote", v.clause,
                       "the chair is excluded from this item (a prejudicial interest, or left "
                       "the room), so cannot give a casting vote on it")
    return _allow("casting-vote", v.clause)


# --------------------------------------------------------------------------------------
# Decisions between meetings
# --------------------------------------------------------------------------------------


def between_meetings_allowed(body: Body) -> Verdict:
    """Decisions between meetings only where the terms provide for them."""
    b = body.between_meetings
    if b is None:
        return _refuse("between-meetings", body.clause,
                       f"the terms of {body.name} make no provision for decisions between "
                       "meetings: take it to a meeting")
    return _allow("between-meetings", b.clause)


def agrees_between_meetings(body: Body, seat: Seat, as_deputy: bool,
                            already_agreed: bool = False,
                            earlier_by_deputy: bool | None = None) -> Verdict:
    """Who may propose or approve between meetings: a voting member of the body, in
    person, or their nominated deputy where the terms let deputies act between meetings;
    each seat once. Where a deputy is empowered to act "in that member's absence"
    (Southwark Alliance, Recommendation 5), a deputy does not act on a decision the
    member has acted on, nor the member on one their deputy acted on in their absence
    (`earlier_by_deputy`: how the seat agreed before, if it did)."""
    b = body.between_meetings
    clause = b.clause if b else body.clause
    d = body.deputies
    if (already_agreed and earlier_by_deputy is not None and earlier_by_deputy != as_deputy
            and d is not None and d.allowed and d.between_meetings):
        if as_deputy:
            return _refuse("deputy-in-absence", d.clause,
                           f"the member for seat {seat.seat} has already agreed to this "
                           "decision: a deputy acts only in the member's absence")
        return _refuse("deputy-in-absence", d.clause,
                       f"the deputy for seat {seat.seat} has already agreed to this decision "
                       "in the member's absence; the seat counts once")
    if already_agreed:
        return _refuse("agree-once", clause,
                       f"seat {seat.seat} has already agreed to this decision (as proposer or "
                       "approver); each member counts once")
    if not seat.voting:
        return _refuse("between-meetings", clause,
                       f"seat {seat.seat} is non-voting: decisions between meetings are taken "
                       "by members")
    if as_deputy:
        d = body.deputies
        if d is None or not d.allowed or not d.between_meetings:
            return _refuse("deputy-between-meetings", d.clause if d else clause,
                           f"the terms of {body.name} do not empower a deputy to act between "
                           "meetings")
        if seat.deputy is None:
            return _refuse("deputy-between-meetings", d.clause,
                           f"seat {seat.seat} has no nominated deputy on that date")
        return _allow("deputy-between-meetings", d.clause)
    if seat.holder is None:
        return _refuse("between-meetings", clause,
                       f"seat {seat.seat} is vacant on that date; only its nominated deputy "
                       "could act for it", remedy="input:deputy")
    return _allow("between-meetings", clause)


def person_agrees_once(body: Body, person: str, seat_id: str,
                       agreed: Sequence[tuple[str, str]]) -> Verdict:
    """A decision between meetings is taken by distinct people: whoever has agreed to it
    in one seat (as proposer or approver, in person or as a deputy) does not agree again
    through another. `agreed` lists (seat, person) for each agreement so far."""
    b = body.between_meetings
    clause = b.clause if b else body.clause
    other = next((s for s, p in agreed if p == person and s != seat_id), None)
    if other is not None:
        return _refuse("agree-once", clause,
                       f"{person} has already agreed to this decision in seat {other}; a "
                       "person counts once, wherever they sit, so cannot agree again for "
                       f"seat {seat_id}")
    return _allow("agree-once", clause)


def interest_excludes_agreement(body: Body, person: str, prejudicial: bool) -> Verdict:
    """Where the terms say a prejudicial interest excludes a member from an item, it also
    excludes them from agreeing to a decision between meetings in which they declared it."""
    i = body.interests
    if prejudicial and i is not None and i.prejudicial_excludes:
        return _refuse("prejudicial-interest", i.clause,
                       f"{person} declared a prejudicial interest in this decision, which "
                       "excludes them from agreeing to it")
    return _allow("prejudicial-interest", i.clause if i else "n/a")


@dataclass(frozen=True)
class Agreement:
    """Whether the seats agreeing to a decision between meetings are enough to take it."""

    taken: bool
    route: str | None  # "chair-plus" or "without-chair" when taken
    chair_in: bool
    members: int  # people agreeing, the proposer included
    clause: str
    reason: str


def agreement(body: Body, agreeing: int, chair_in: bool) -> Agreement:
    """`agreeing` people (the proposer and the approvers, each person once, whatever
    seats they agreed in) agree; `chair_in` says whether the chair is one of them, in
    person. Taken when the chair and `chair_plus` other members agree, or `without_chair`
    members agree without the chair (Daventry 4.6: the chair with one other member, or
    three members)."""
    b = body.between_meetings
    if b is None:
        return Agreement(False, None, chair_in, agreeing, body.clause,
                         f"the terms of {body.name} make no provision for decisions between "
                         "meetings")
    others = agreeing - 1 if chair_in else agreeing
    routes = []
    if b.chair_plus is not None:
        routes.append(f"the chair and {b.chair_plus} other member(s)")
        if chair_in and others >= b.chair_plus:
            return Agreement(True, "chair-plus", True, agreeing, b.clause,
                             f"the chair and {others} other member(s) agree; clause "
                             f"{b.clause} needs the chair and {b.chair_plus}")
    if b.without_chair is not None:
        routes.append(f"{b.without_chair} members without the chair")
        if others >= b.without_chair:
            return Agreement(True, "without-chair", chair_in, agreeing, b.clause,
                             f"{others} members other than the chair agree; clause "
                             f"{b.clause} needs {b.without_chair}")
    who = ("the chair and " if chair_in else "") + f"{others} other member(s)"
    return Agreement(False, None, chair_in, agreeing, b.clause,
                     f"{who} agree so far; clause {b.clause} needs {' or '.join(routes)}")


def reported_to(body: Body, report_to: str, meeting_body: str) -> Verdict:
    """Every decision taken between meetings is reported to the following meeting of the
    body the terms name (Daventry 4.6: the Executive itself)."""
    b = body.between_meetings
    clause = (b.report_clause or b.clause) if b else body.clause
    if meeting_body != report_to:
        return _refuse("report-to", clause,
                       f"decisions of {body.name} taken between meetings are reported to a "
                       f"meeting of '{report_to}', not '{meeting_body}'")
    return _allow("report-to", clause)


def decision_making(body: Body, outcome: str) -> Verdict:
    """A body that "is not a decision making body in its own right" (Tower Hamlets,
    Partnership Executive) agrees nothing and takes no vote: its items end as noted or
    referred to another body (or deferred), and it takes no decision between meetings.
    `outcome` is the item's outcome, "vote" for a vote, "between-meetings" for a proposal
    between meetings."""
    if body.decision_making or outcome in ("noted", "referred", "deferred"):
        return _allow("decision-making", body.decision_making_clause or body.clause)
    what = {"vote": "take a vote", "between-meetings": "take a decision between meetings"
            }.get(outcome, f"record an item as {outcome}")
    return _refuse("decision-making", body.decision_making_clause or body.clause,
                   f"{body.name} is not a decision making body in its own right: it cannot "
                   f"{what}; its items end as noted or referred to another body",
                   remedy="act:refer")
