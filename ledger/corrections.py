"""Corrections of a meeting and of a decision between meetings: what a correction may
retract, when, and what a fold passes over.

A mistake is never edited away: it is corrected by a new `Retracted` event of the same
aggregate naming the mistaken event by its version, with why (the event itself says who
recorded it and when). The aggregates (`Meeting.retract`, `Decision.retract`) ask here
whether a correction may be made, so that none leaves a record that contradicts itself:

- at a meeting, a vote is retracted while its item is undecided; an outcome while the
  meeting is open (once closed, a decision is rescinded by a later decision); an item
  while no vote on it stands; and the scheduling only while nothing recorded at the
  meeting, or judged by its date, stands (a meeting's date is corrected by retracting its
  scheduling and scheduling the meeting again under a new id);
- of a decision between meetings, an approval is retracted until the decision is
  reported, and takes with it a `Taken` that counted it (`decision_passed_over`); an
  interest, a withdrawal and a lapse may be retracted; the proposal is withdrawn instead.

Pure functions of facts (`ledger.events.Fact`), so the folds of the write side and of
the read models pass over the same events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ledger.errors import InvalidInput
from ledger.events import Fact
from ledger.when import show

# What is judged against a meeting's date, or recorded at it: while any of these stands,
# its scheduling cannot be retracted (retract them first; the closing, a report received
# and a request decided stand for good).
MEETING_DATED = frozenset({
    "Published", "Attended", "Apologies", "InAttendance", "InterestDeclared", "VoteCast",
    "VoteClosed", "DecidedByConsensus", "Closed", "ReportReceived", "RequestDecided",
    "Rescheduled"})

# What a correction of a decision between meetings may retract.
DECISION_RETRACTABLE = frozenset({"Approved", "Declined", "InterestDeclared", "Withdrawn",
                                  "Lapsed"})


def retracted(facts: Iterable[Fact]) -> set[int]:
    """The versions that corrections among `facts` name."""
    return {int(f.data["version"]) for f in facts if f.kind == "Retracted"}


def standing(facts: Iterable[Fact]) -> list[Fact]:
    """The facts that count: neither corrections nor corrected."""
    known = list(facts)
    gone = retracted(known)
    return [f for f in known if f.kind != "Retracted" and f.version not in gone]


def check_meeting_correction(slug: str, held: datetime, facts: Iterable[Fact], target: Fact,
                             *, closed: bool, item_decided: bool, item_voted: bool) -> None:
    """Refuse a correction of `target` (a vote, an outcome, an item or the scheduling of
    meeting `slug`, held at `held`) that would leave the meeting's record contradicting
    itself. `item_decided`, `item_voted`: of the item `target` names, if any."""
    what = f"event {target.version} of meeting '{slug}' is a {target.kind}"
    item = target.data.get("item")
    if target.kind == "VoteCast" and item_decided:
        raise InvalidInput(f"{what} on item '{item}', which is decided: retract the outcome "
                           "first, while the meeting is open; once it is closed, a decision "
                           "is rescinded by a later decision")
    if target.kind in ("VoteClosed", "DecidedByConsensus") and closed:
        raise InvalidInput(f"{what} and the meeting is closed: a decision is rescinded by a "
                           "later decision")
    if target.kind == "ItemAdded" and item_voted:
        raise InvalidInput(f"votes are recorded on item '{item}': retract them first")
    if target.kind == "Scheduled":
        dated = [f for f in standing(facts) if f.kind in MEETING_DATED]
        if dated:
            events = ", ".join(f"{f.version} ({f.kind})" for f in dated)
            raise InvalidInput(
                f"cannot retract the scheduling of meeting '{slug}' for {show(held)}: "
                f"events {events} were recorded at it or judged by its date; retract those "
                "first (a closed meeting, a report received and a request decided stand)")


def decision_passed_over(facts: Iterable[Fact]) -> set[int]:
    """The versions a decision's fold passes over: every retracted fact, and a `Taken`
    that counted an approval retracted after it was taken (no approval is recorded after
    `Taken`, so a `Taken` recorded after the retraction did not count it)."""
    known = list(facts)
    corrections = [(f.version, int(f.data["version"])) for f in known if f.kind == "Retracted"]
    passed = {target for _, target in corrections}
    approvals = {f.version for f in known if f.kind == "Approved"}
    for f in known:
        if f.kind == "Taken" and any(target in approvals and target < f.version < made
                                     for made, target in corrections):
            passed.add(f.version)
    return passed


def check_decision_correction(slug: str, facts: Iterable[Fact], version: int,
                              reported_to: str | None) -> Fact:
    """The fact a correction of decision `slug` retracts, if it may (`reported_to`: the
    meeting it was reported to, once it was)."""
    known = list(facts)
    target = next((f for f in known if f.version == version), None)
    if target is None or version in retracted(known):
        why = "no such event" if target is None else "it is already retracted"
        raise InvalidInput(f"cannot retract event {version} of decision '{slug}': {why}",
                           remedy=f"act:audit:decision:{slug}")
    what = f"event {version} of decision '{slug}' is a {target.kind}"
    if target.kind not in DECISION_RETRACTABLE:
        instead = {"Proposed": "withdraw the proposal instead",
                   "Taken": "retract the approval that should not have counted",
                   "Reported": "a meeting's decision is rescinded by a later decision"}
        raise InvalidInput(f"{what}: only {', '.join(sorted(DECISION_RETRACTABLE))} can be "
                           f"retracted; {instead.get(target.kind, 'it stands')}")
    if target.kind == "Approved" and reported_to is not None:
        raise InvalidInput(f"{what}, and the decision was reported to meeting "
                           f"'{reported_to}': the approval stands; a meeting's decision is "
                           "rescinded by a later decision")
    return target
