"""The read models of a meeting: its minutes, as `lsp report minutes` prints them.

Frozen pydantic models (`projections.models.ReadModel`), so `--json` is exactly the
model's dump; built by `projections.meetings` and folded into the registers by
`projections.registers`.
"""

from __future__ import annotations

from typing import Literal

from projections.models import ReadModel, SealRef


class Publication(ReadModel):
    """When the agenda went out, against the notice period of the terms."""

    published: str
    published_on: str = ""  # the day, British long form ("Thursday 29 October 2026")
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
    substitute: str | None = None  # apologies sent: the deputy who sat in their place
    substitute_name: str | None = None
    role_name: str | None = None  # the role as the minutes print it: "Chair", "Vice-Chair"


class InAttendance(ReadModel):
    """Officers, observers, presenters, co-optees, partners without a seat, invitees:
    there, never counted in the quorum, never a vote."""

    person: str
    person_name: str
    capacity: str
    org: str | None = None  # the organisation a partner came for
    org_name: str | None = None
    clause: str | None = None  # the clause that let them attend (partner 4.9, invited)
    label: str = ""  # as the minutes say it: "partner, 4.9"; or the capacity alone


class QuorumView(ReadModel):
    quorate: bool
    present_voting: int
    required: int | None
    clause: str
    reason: str


class Declaration(ReadModel):
    item: str
    item_title: str
    minute: int = 0  # the minute number of its item
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
    given: str  # how: in person, signed in; or recorded by whom, on what evidence


class Agreed(ReadModel):
    """A seat that agreed to a decision between meetings, and how it was given."""

    seat: str
    person: str
    person_name: str
    given: str


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
    resolution: str = ""  # what the motion resolved, in words, when recorded
    casting_by: str | None = None  # who gave the casting vote, by name
    casting_role: str | None = None  # as whom: "Chair", "Co-Chair"


class Consensus(ReadModel):
    text: str
    quorum: str
    terms_version: int
    alternatives: str = ""  # considered and rejected; "" when none were recorded
    outcome: str = "agreed"  # agreed, noted, endorsed, referred or deferred
    referred_to: str | None = None  # the body a referred item went to
    referred_to_name: str | None = None

    @property
    def worded(self) -> str:
        """How the item ended, as the minutes say it: "agreed by consensus", "noted",
        "referred to the Partnership Board"..."""
        if self.outcome == "agreed":
            return "agreed by consensus"
        if self.outcome == "referred":
            return f"referred to the {self.referred_to_name or self.referred_to}"
        return self.outcome


class MinuteAction(ReadModel):
    """An action agreed at the meeting: what, who (by name), by when, and once done."""

    action: str
    title: str
    owner: str
    owner_name: str
    due: str | None  # ISO date
    due_on: str | None  # British long form
    item: str | None
    minute: int | None  # the minute of the item it arose from
    done_on: str | None  # British long form, once done


class ItemMinute(ReadModel):
    item: str
    title: str
    proposer: str | None  # a seat
    proposer_org_name: str | None
    proposer_name: str | None  # who held that seat when the item was proposed
    partner: str | None = None  # a partner organisation without a seat that submitted it
    partner_name: str | None = None
    status: Literal["carried", "lost", "tied", "agreed", "noted", "endorsed", "referred",
                    "deferred", "open", "undecided"]
    vote: VoteOutcome | None
    consensus: Consensus | None
    votes_cast: list[Vote]  # votes recorded on an item whose vote has not closed
    declarations: list[Declaration]
    minute: int = 0  # its minute number (docs/reports.md: numbered 1., 2. ... in order)
    minutes_of: str | None = None  # the earlier meeting whose minutes the item approves
    minutes_of_held: str | None = None  # when it was held, British long form
    # The resolution as the minutes print it: "RESOLVED" (or "NOTED", "ENDORSED",
    # "REFERRED to the Partnership Board", "DEFERRED", "NOT AGREED"; "" while undecided)
    # and its words; then how it was reached ("By consensus." or "On a vote: ...").
    resolved_label: str = ""
    resolved: str = ""
    reached: str = ""
    actions: list[MinuteAction]


class MembershipDecision(ReadModel):
    """A membership request decided at the meeting."""

    request: str
    org: str
    org_name: str
    body: str
    decision: str
    clause: str
    requested: str
    requested_on: str = ""  # British long form
    resolved: str = ""  # in words: "that the request be approved"


class ReportedDecision(ReadModel):
    """A decision taken between meetings, reported to the meeting, and what the meeting
    did with it."""

    decision: str
    title: str
    text: str
    body: str
    body_name: str
    taken_on: str | None  # date and time, England
    clause: str  # the clause of the terms it was taken under
    terms_version: int | None  # the version it was taken under
    outcome: str  # ratified, noted, endorsed or rescinded
    reason: str
    agreed: list[Agreed]  # the proposer's seat, then the approvers', each as given
    taken_on_day: str | None = None  # British long form
    resolved: str = ""  # the meeting's outcome in words: "that the decision be ratified"


class Correction(ReadModel):
    """A record of the meeting retracted after the event, with the reason."""

    version: int
    event: str
    what: str
    reason: str
    corrected: str
    actor: str
    corrected_on: str = ""  # British long form


class Minutes(ReadModel):
    meeting: str
    body: str
    body_name: str
    partnership: str
    held: str  # date and time, England
    date: str  # the ISO date, England
    venue: str  # "" when none was recorded
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
    decisions_reported: list[ReportedDecision]  # taken between meetings, reported to it
    corrections: list[Correction]
    position: int  # the read store's position: the ledger as it stood up to this event
    seal: SealRef | None  # the latest seal, printed on the paper
    # Added for the minutes in the house style (issue 16): the fields above stay as they
    # were for `--json` (CONTRACT.md); the paper reads these.
    held_on: str = ""  # "Thursday 12 November 2026 at 2.00 pm"
    chaired_by: SeatAttendance | None = None  # who took the chair, present in person
    members_present: list[SeatAttendance]  # voting seats, in person or by deputy,
    # the chair first: `present` and `deputies` less the non-voting seats
    attending_seats: list[SeatAttendance]  # non-voting seats present (standing
    # invitees, partners who may attend): in attendance, never counted
    absent_members: list[SeatAttendance]  # voting seats held, no one came, no
    # apologies: `absent` less the non-voting seats, who are not expected
    substitutes: list[SeatAttendance]  # deputies whose holder sent no apologies
    actions: list[MinuteAction]  # agreed at the meeting, in minute order
    apologies_minute: int = 1
    declarations_minute: int = 2
    membership_minute: int | None = None
    reports_minute: int | None = None
