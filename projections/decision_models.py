"""The read models of decisions taken between meetings: one decision
(`lsp decision show`), the decisions pending report (`lsp decision pending`) and the
ratification paper (`lsp report ratifications`).

Frozen pydantic models (`projections.models.ReadModel`), so `--json` is exactly the
model's dump; built by `projections.decisions`.
"""

from __future__ import annotations

from pydantic import Field

from ledger.decision import Status
from projections.models import ReadModel, SealRef


class MeetingRef(ReadModel):
    """A meeting of the body a decision is reported to."""

    meeting: str
    body: str
    held: str  # date and time, England
    date: str  # the ISO date, England
    closed: bool


class Agreement(ReadModel):
    """A seat that agreed: the proposer's or an approver's, as recorded."""

    seat: str
    org: str | None
    org_name: str | None
    person: str
    person_name: str
    as_deputy: bool
    deputy_for: str | None  # the seat's holder on the day, when their deputy agreed
    deputy_for_name: str | None
    chair: bool  # the chair, in person
    when: str
    # How it was given: "given in person (signed in)", "recorded by NAME on the evidence
    # of ...", "recorded by LOGIN, no evidence given" (ledger.authors.how_given)
    given: str


class TakenEvidence(ReadModel):
    """What the `Taken` event recorded: the route of the rule, in words, and its clause."""

    route: str  # chair-plus or without-chair
    reason: str
    clause: str
    terms_version: int


class Interest(ReadModel):
    person: str
    person_name: str
    nature: str
    note: str
    declared: str


class Withdrawal(ReadModel):
    reason: str
    withdrawn: str


class ReportOutcome(ReadModel):
    """The meeting the decision was reported to, and what it did with it."""

    meeting: str
    held: str
    outcome: str  # ratified, noted, endorsed, rescinded or deferred
    reason: str


class DecisionCorrection(ReadModel):
    """An event of the decision retracted as a mistake: which, why, when and by whom."""

    version: int
    event: str  # the kind of the event retracted (Approved...)
    what: str
    reason: str
    corrected: str
    actor: str


class DecisionDetail(ReadModel):
    decision: str
    body: str
    body_name: str
    title: str
    text: str
    reasons: str
    alternatives: str
    urgency: str
    status: Status
    terms_version: int  # in force when it was proposed
    proposed_on: str
    proposer: Agreement
    approvals: list[Agreement]
    taken_on: str | None
    evidence: TakenEvidence | None
    report_to: str
    report_to_name: str
    report_clause: str
    next_meeting: MeetingRef | None  # taken: the first open meeting of report_to after it
    missed: list[MeetingRef]  # closed meetings of report_to held since it was taken, without it
    report: ReportOutcome | None
    deferrals: list[ReportOutcome]  # meetings that deferred it, earliest first
    withdrawal: Withdrawal | None
    interests: list[Interest]
    corrections: list[DecisionCorrection]  # what was retracted, in the order corrected


class DecisionView(DecisionDetail):
    position: int  # the read store's position: the ledger as it stood up to this event
    seal: SealRef | None  # the latest seal


class PendingDecision(ReadModel):
    decision: str
    title: str
    taken_on: str
    report_to: str
    report_to_name: str
    clause: str
    next_meeting: MeetingRef | None  # None: no open meeting of report_to is scheduled
    missed: list[MeetingRef]


class PendingList(ReadModel):
    body: str
    body_name: str
    decisions: list[PendingDecision]
    position: int
    seal: SealRef | None  # the latest seal


class RatificationItem(DecisionDetail):
    carried_over: bool  # taken before the previous meeting, and not reported to it
    outcome: str | None  # once reported: ratified, noted, endorsed, rescinded or deferred
    outcome_reason: str
    # Every seat whose agreement counted when it was taken (as `Taken` recorded them), the
    # proposer's first: by name and organisation on the paper. Empty while not taken.
    counted: list[Agreement] = Field(default_factory=list)


class CommitteeDecision(ReadModel):
    """A decision taken at a meeting of a body that reports its decisions to this one
    (`reports_to` with `decisions = true`: the PSSB to the Health and Wellbeing Board and
    the ICS NHS Body), for one of the bodies it is reported to (projections/reported_up.py)."""

    decision: str  # SOURCE-MEETING/ITEM, what `lsp decision report` takes
    body: str  # the body that decided it
    body_name: str
    meeting: str  # the meeting it was decided at
    item: str
    title: str
    decided: str  # how: "carried", "agreed", "endorsed"
    taken_on: str  # the meeting's date and time, England
    report_to: str
    report_to_name: str
    clause: str  # where the terms say it is reported there
    next_meeting: MeetingRef | None  # None: reported, or no open meeting scheduled
    missed: list[MeetingRef]  # closed meetings of report_to held since, without it
    report: ReportOutcome | None  # its report to report_to, once made


class RatificationPaper(ReadModel):
    meeting: str
    body: str
    body_name: str
    partnership: str
    held: str
    date: str
    closed: bool
    terms_version: int
    clause: str  # where the terms say decisions between meetings are reported
    # What the terms in force at the meeting provide, each None where they are silent:
    # the clause that allows decisions between meetings, and the one that says they are
    # reported (the paper states no rule the terms do not have).
    between_meetings_clause: str | None
    report_clause: str | None
    previous_meeting: MeetingRef | None
    decisions: list[RatificationItem]  # since the previous meeting, then carried over
    # "The LSP Executive is asked to ratify the decisions below, taken under clause 4.6"
    # (from the terms: the body's name and the clause allowing decisions between meetings)
    recommendation: str = ""
    author: str = ""  # the name of the person producing the paper (their login otherwise)
    author_role: str | None = None  # the body's secretariat, where the terms name one
    agenda_item: int | None = None  # the number of its entry in the meeting's agenda
    # Decisions of bodies that report their meeting decisions to this body, awaiting
    # report to this meeting (or reported to it), as `decisions` lists those between
    # meetings: one paper for each parent (projections/reported_up.py).
    committee_decisions: list[CommitteeDecision] = Field(default_factory=list)
    position: int
    seal: SealRef | None  # the latest seal, printed on the paper
