"""The stories the tests share: small ledgers built through the Ledger API, each told once.

A test module that needs another's story imports it from here, never from that module
(tests/test_architecture.py). The stories, all on the Daventry terms
(examples/daventry/terms.toml):

- `daventry` (decision rules): the Executive as it stands for a decision between meetings;
  `build_daventry` (seals): a smaller Executive with a decision taken, sealed three times;
- `daventry_story` (the ratification paper): a year of decisions between meetings, with
  `report_in_december` the December meeting that reports them;
- `daventry_executive` and `june_meeting` (the minutes): the Executive's members, and one
  meeting with every part of it recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from freezegun import freeze_time

from ledger.app import Ledger
from ledger.audit import sealing
from tests.conftest import EXAMPLES, on
from tests.helpers import example

DAVENTRY_TERMS = str(EXAMPLES / "daventry" / "terms.toml")

NewLedger = Callable[..., Ledger]


# --------------------------------------------------------------------------------------
# The Executive between meetings (tests/test_decision_rules.py, tests/test_seals.py)
# --------------------------------------------------------------------------------------

NOW = "2026-03-20 21:00:00"  # the evening of the Executive's meeting
SEATED = "2026-02-01"  # every seat is added and filled with effect from this day
PROPOSED = "2026-03-02"  # the day a decision is proposed


def seat_with(ledger: Ledger, body: str, seat: str, org: str, person: str | None,
              **kwargs: Any) -> None:
    """Add a seat and fill it (unless `person` is None), both from SEATED."""
    ledger.add_seat(body, seat, org, on=on(SEATED), **kwargs)
    if person is not None:
        ledger.fill_seat(body, seat, person, on(SEATED))


def daventry_text() -> str:
    """The text of Daventry's terms, for amended versions written by a test."""
    return (EXAMPLES / "daventry" / "terms.toml").read_text(encoding="utf-8")


def daventry(new_ledger: NewLedger) -> Ledger:
    """The Daventry LSP Executive: voting seats dc-1 (alice, the chair), dc-2 (bob), dc-3
    (carol), ccg (dan, frank his deputy) and police (erin); acre is a vacant voting seat,
    chamber (gina) is non-voting. hank sits on the Forum, not the Executive."""
    ledger = new_ledger(example("daventry"))
    for org in ("daventry-dc", "nene-ccg", "northants-police", "northants-acre",
                "daventry-chamber"):
        ledger.add_org(org, org.replace("-", " ").title())
    for person in ("alice", "bob", "carol", "dan", "erin", "frank", "gina", "hank"):
        ledger.add_person(person, person.title())
    seat_with(ledger, "executive", "dc-1", "daventry-dc", "alice")
    seat_with(ledger, "executive", "dc-2", "daventry-dc", "bob")
    seat_with(ledger, "executive", "dc-3", "daventry-dc", "carol")
    seat_with(ledger, "executive", "ccg", "nene-ccg", "dan")
    seat_with(ledger, "executive", "police", "northants-police", "erin")
    seat_with(ledger, "executive", "acre", "northants-acre", None)
    seat_with(ledger, "executive", "chamber", "daventry-chamber", "gina", voting=False)
    seat_with(ledger, "forum", "forum-1", "daventry-chamber", "hank")
    ledger.assign_role("executive", "chair", "dc-1", on(SEATED))
    ledger.nominate_deputy("executive", "ccg", "frank", on(SEATED))
    return ledger


def build_daventry(store: str, *, seal: bool = True, decision: bool = True) -> Ledger:
    """The Daventry Executive (alice in the chair) with a decision taken between meetings
    (`grant`: proposed by the chair, approved by bob), sealed three times along the way."""
    with freeze_time(NOW):
        ledger = Ledger(store, "secretariat", create=True)
        ledger.init("Daventry LSP", str(EXAMPLES / "daventry" / "terms.toml"), on("2026-01-01"))
        for org in ("daventry-dc", "nene-ccg", "northants-police"):
            ledger.add_org(org, org.replace("-", " ").title())
        if seal:
            sealing.seal(ledger)
        for person in ("alice", "bob", "carol", "dan"):
            ledger.add_person(person, person.title())
        for seat, org, person in (("dc-1", "daventry-dc", "alice"), ("dc-2", "daventry-dc", "bob"),
                                  ("dc-3", "daventry-dc", "carol"), ("ccg", "nene-ccg", "dan")):
            ledger.add_seat("executive", seat, org, on=on(SEATED))
            ledger.fill_seat("executive", seat, person, on(SEATED))
        ledger.assign_role("executive", "chair", "dc-1", on(SEATED))
        if seal:
            sealing.seal(ledger)
        if decision:
            ledger.propose_decision("executive", "grant", "Match funding for the bid", "dc-1",
                                    on=on(PROPOSED))
            ledger.approve_decision("grant", "dc-2", on=on(PROPOSED))
        if seal:
            sealing.seal(ledger)
    return ledger


# --------------------------------------------------------------------------------------
# A year of decisions between meetings, for the ratification paper
# (tests/test_ratifications.py)
# --------------------------------------------------------------------------------------

JUNE, DECEMBER, MARCH = "exec-2026-06", "exec-2026-12", "exec-2027-03"
AFTER_THE_STORY = "2026-12-07 09:00:00"  # the story's last act is dated 6 December 2026

PAPER_ORGS = {
    "daventry-dc": "Daventry District Council",
    "northants-police": "Northamptonshire Police",
    "nene-ccg": "Nene Clinical Commissioning Group",
    "futures-housing": "Futures Housing Group",
    "northampton-college": "Northampton College",
    "northants-cc": "Northamptonshire County Council",
}
PAPER_PEOPLE = {
    "cllr-amy-hart": "Cllr Amy Hart",
    "supt-kate-moss": "Supt Kate Moss",
    "insp-lee-chan": "Insp Lee Chan",
    "dr-raj-patel": "Dr Raj Patel",
    "sue-bell": "Sue Bell",
    "prof-ann-lee": "Prof Ann Lee",
    "cllr-tom-reed": "Cllr Tom Reed",
}
PAPER_SEATS = {
    "ddc-member-1": ("daventry-dc", "cllr-amy-hart"),
    "police": ("northants-police", "supt-kate-moss"),
    "ccg": ("nene-ccg", "dr-raj-patel"),
    "futures": ("futures-housing", "sue-bell"),
    "college": ("northampton-college", "prof-ann-lee"),
    "county": ("northants-cc", "cllr-tom-reed"),
}

BUS_TEXT = "Hire a minibus for the summer youth programme, up to £4,000"
BUS_REASONS = "The summer programme starts before the June meeting"
BUS_ALTERNATIVES = "Cancelling the rural sessions; asking parents to drive"
BUS_URGENCY = "The hire company holds the bus until 25 May"
GRANT_REASONS = "Two applicants were short of match funding"
GRANT_ALTERNATIVES = "Waiting for the December meeting; no top-up"
GRANT_INTEREST = "Futures Housing is one of the applicants"
VC_TEXT = ("The Executive supports the Volunteer Centre's bid to the Community Fund and "
           "names the LSP as a partner in it")
VC_REASONS = "The bid delivers the Community Strategy's volunteering priority"
VC_ALTERNATIVES = ("Waiting for the December meeting (the Fund closes first); a bid from "
                   "the Council alone")
VC_URGENCY = "The Community Fund closes on 30 November, before the next meeting"
VC_INTEREST = "Governor of the college, a partner in the bid"
RESCINDED = "The county withdrew its match funding"

def executive(ledger: Ledger) -> None:
    """Six filled voting seats of the Executive (4.1), a chair (4.4), a police deputy (3.2)."""
    for org, name in PAPER_ORGS.items():
        ledger.add_org(org, name)
    for person, name in PAPER_PEOPLE.items():
        ledger.add_person(person, name)
    for seat, (org, holder) in PAPER_SEATS.items():
        ledger.add_seat("executive", seat, org, on=on("2026-04-01"))
        ledger.fill_seat("executive", seat, holder, on=on("2026-04-01"))
    ledger.assign_role("executive", "chair", "ddc-member-1", on=on("2026-04-15"))
    ledger.nominate_deputy("executive", "police", "insp-lee-chan", on=on("2026-04-20"))


def quorate(ledger: Ledger, meeting: str) -> None:
    """Three voting members present: the Daventry quorum (4.5)."""
    for seat in ("ddc-member-1", "ccg", "college"):
        ledger.attend(meeting, seat)


def may_and_june(ledger: Ledger) -> None:
    """The youth bus, taken in May; the June meeting closes without it being reported."""
    ledger.propose_decision("executive", "youth-bus", "Summer youth bus", "ddc-member-1",
                            text=BUS_TEXT, reasons=BUS_REASONS, alternatives=BUS_ALTERNATIVES,
                            urgency=BUS_URGENCY, on=on("2026-05-20"))
    ledger.approve_decision("youth-bus", "ccg", on=on("2026-05-21"))
    ledger.schedule_meeting("executive", JUNE, on("2026-06-10T18:30"))
    quorate(ledger, JUNE)
    ledger.close_meeting(JUNE)


def autumn(ledger: Ledger) -> None:
    """Two decisions taken (one by three members, one by the chair and one), one proposal
    waiting, one withdrawn; the December meeting scheduled."""
    ledger.propose_decision("executive", "grant-top-up", "Top up two community grants",
                            "county", reasons=GRANT_REASONS, alternatives=GRANT_ALTERNATIVES,
                            on=on("2026-10-01"))
    ledger.declare_decision_interest("grant-top-up", "sue-bell", "personal", GRANT_INTEREST,
                                     on("2026-10-02"))
    ledger.approve_decision("grant-top-up", "police", on=on("2026-10-02"))
    ledger.approve_decision("grant-top-up", "futures", on=on("2026-10-03"))
    ledger.propose_decision("executive", "vc-match-funding",
                            "Support the Volunteer Centre's Community Fund bid", "college",
                            text=VC_TEXT, reasons=VC_REASONS, alternatives=VC_ALTERNATIVES,
                            urgency=VC_URGENCY, on=on("2026-11-16"))
    ledger.declare_decision_interest("vc-match-funding", "prof-ann-lee", "personal",
                                     VC_INTEREST, on("2026-11-16"))
    with freeze_time("2026-11-18 10:00:00"):  # GMT: 10:00 in England; --on is now
        ledger.approve_decision("vc-match-funding", "ddc-member-1")
    ledger.propose_decision("executive", "hub-signage", "New signs for the youth hub", "ccg",
                            on=on("2026-11-20"))
    ledger.propose_decision("executive", "car-park", "Lease the car park", "police",
                            on=on("2026-11-21"))
    ledger.withdraw_decision("car-park", "The landlord sold the site", on("2026-11-22"))
    ledger.schedule_meeting("executive", DECEMBER, on("2026-12-01T18:30"))


def winter(ledger: Ledger) -> None:
    """A decision taken after the December meeting, and the March meeting scheduled."""
    ledger.propose_decision("executive", "winter-shelter", "Open a winter night shelter",
                            "ddc-member-1", reasons="A cold snap is forecast",
                            on=on("2026-12-05"))
    ledger.approve_decision("winter-shelter", "police", on=on("2026-12-06"))
    ledger.schedule_meeting("executive", MARCH, on("2027-03-09T18:30"))


def report_in_december(ledger: Ledger) -> None:
    """The December meeting ratifies, rescinds and notes, then closes."""
    quorate(ledger, DECEMBER)
    ledger.report_decision("vc-match-funding", DECEMBER, "ratified")
    ledger.report_decision("grant-top-up", DECEMBER, "rescinded", RESCINDED)
    ledger.report_decision("youth-bus", DECEMBER, "noted")
    ledger.close_meeting(DECEMBER)


def daventry_story(ledger: Ledger) -> Ledger:
    executive(ledger)
    may_and_june(ledger)
    autumn(ledger)
    winter(ledger)
    return ledger


# --------------------------------------------------------------------------------------
# The June meeting, for the minutes and the registers (tests/test_minutes.py)
# --------------------------------------------------------------------------------------

MINUTES_ORGS = {
    "daventry-dc": "Daventry District Council",
    "northants-police": "Northamptonshire Police",
    "nene-ccg": "Nene Clinical Commissioning Group",
    "futures-housing": "Futures Housing Group",
    "northampton-college": "Northampton College",
    "northants-cc": "Northamptonshire County Council",
    "northants-acre": "Northamptonshire ACRE",
    "daventry-town-fc": "Daventry Town FC",
}
MINUTES_PEOPLE = {
    "cllr-amy-hart": "Cllr Amy Hart",
    "supt-kate-moss": "Supt Kate Moss",
    "insp-lee-chan": "Insp Lee Chan",
    "dr-raj-patel": "Dr Raj Patel",
    "sue-bell": "Sue Bell",
    "prof-ann-lee": "Prof Ann Lee",
    "cllr-tom-reed": "Cllr Tom Reed",
    "pat-green": "Pat Green",
    "jo-smith": "Jo Smith",
}
# seat -> (organisation, holder); None: the seat stays vacant
MINUTES_SEATS = {
    "ddc-member-1": ("daventry-dc", "cllr-amy-hart"),
    "police": ("northants-police", "supt-kate-moss"),
    "ccg": ("nene-ccg", "dr-raj-patel"),
    "futures": ("futures-housing", "sue-bell"),
    "college": ("northampton-college", "prof-ann-lee"),
    "county": ("northants-cc", "cllr-tom-reed"),
    "acre": ("northants-acre", None),
}
URGENCY = "the county's grant scheme closes on 30 June"
CONSENSUS = "The Community Strategy action plan was agreed, with a review in December."
CORRECTION = "Pat Green was not there: recorded in error"

def daventry_executive(ledger: Ledger) -> None:
    """The Executive's members (4.1): seven core seats, one vacant, one non-voting seat,
    a chair (4.4) and a deputy for the police seat (3.2)."""
    for org, name in MINUTES_ORGS.items():
        ledger.add_org(org, name)
    for person, name in MINUTES_PEOPLE.items():
        ledger.add_person(person, name)
    start = on("2026-04-01")
    for seat, (org, holder) in MINUTES_SEATS.items():
        ledger.add_seat("executive", seat, org, on=start)
        if holder:
            ledger.fill_seat("executive", seat, holder, on=start)
    ledger.add_seat("executive", "town-fc", "daventry-town-fc", voting=False, on=start)
    ledger.fill_seat("executive", "town-fc", "pat-green", on=start)
    ledger.assign_role("executive", "chair", "ddc-member-1", on=on("2026-04-15"))
    ledger.nominate_deputy("executive", "police", "insp-lee-chan", on=on("2026-04-20"))


def june_meeting(ledger: Ledger) -> None:
    """The June meeting, every part of it recorded through the Ledger API."""
    ledger.request_membership("executive", "daventry-town-fc", "town-fc-2026",
                              on=on("2026-05-01"))
    ledger.schedule_meeting("executive", JUNE, on("2026-06-10T18:30"))
    ledger.add_agenda_item(JUNE, "grants", "Community grants budget 2026/27",
                           proposer="ddc-member-1")
    ledger.add_agenda_item(JUNE, "hub", "Youth hub opening hours", proposer="ccg")
    ledger.add_agenda_item(JUNE, "plan", "Community Strategy action plan")
    ledger.publish_agenda(JUNE, on("2026-06-05"), urgent=URGENCY)
    for seat in ("ddc-member-1", "ccg", "college"):
        ledger.attend(JUNE, seat)
    ledger.attend(JUNE, "police", as_deputy=True)
    ledger.send_apologies(JUNE, "futures")
    ledger.note_in_attendance(JUNE, "jo-smith", "officer")
    ledger.note_in_attendance(JUNE, "pat-green", "observer")
    mistake = ledger.meeting_state(JUNE).version
    ledger.declare_interest(JUNE, "grants", "dr-raj-patel", "personal",
                            note="trustee of a grant applicant")
    for seat, choice in (("ddc-member-1", "for"), ("police", "against"), ("ccg", "for"),
                         ("college", "against")):
        ledger.cast_vote(JUNE, "grants", seat, choice)
    ledger.close_vote(JUNE, "grants", casting="for")
    for seat, choice in (("ddc-member-1", "for"), ("police", "against"), ("ccg", "abstain"),
                         ("college", "against")):
        ledger.cast_vote(JUNE, "hub", seat, choice)
    ledger.close_vote(JUNE, "hub")
    ledger.decide_by_consensus(JUNE, "plan", CONSENSUS)
    ledger.decide_membership("town-fc-2026", "rejected", JUNE)
    ledger.close_meeting(JUNE)
    ledger.retract(f"meeting:{JUNE}", mistake, CORRECTION, on=on("2026-06-12"))


JULY = "exec-2026-07"
VENUE = "Council Chamber, Lodge Road, Daventry"
AFTER_JULY = "2026-07-20 12:00:00"
APPROVED = "that the minutes of the meeting held on 10 June 2026 be agreed as a correct record"


def july_meeting(ledger: Ledger) -> None:
    """The July meeting after `june_meeting` (tests/test_minutes_house_style.py), at a
    venue: the chair arrives last, the police deputy sits, the June minutes are approved
    (added last, minuted first), a vote carried with its resolution in words, and two
    actions agreed, one done. Run it at `AFTER_JULY`."""
    ledger.schedule_meeting("executive", JULY, on("2026-07-08T14:00"), VENUE)
    ledger.add_agenda_item(JULY, "hub", "Youth hub opening hours", proposer="ccg")
    ledger.add_agenda_item(JULY, "june-minutes", "Minutes of the previous meeting",
                           minutes_of=JUNE)
    for seat in ("ccg", "college"):
        ledger.attend(JULY, seat)
    ledger.attend(JULY, "police", as_deputy=True)
    ledger.attend(JULY, "ddc-member-1")
    ledger.send_apologies(JULY, "futures")
    ledger.decide_by_consensus(JULY, "june-minutes", APPROVED)
    for seat in ("ccg", "college", "ddc-member-1"):
        ledger.cast_vote(JULY, "hub", seat, "for")
    ledger.close_vote(JULY, "hub", resolution="that the hub open on Saturdays")
    ledger.close_meeting(JULY)
    ledger.add_action(JULY, "rota", "Draw up a Saturday staff rota", "dr-raj-patel",
                      date(2026, 7, 31), "hub")
    ledger.add_action(JULY, "signs", "Put up new opening-hours signs", "prof-ann-lee",
                      date(2026, 8, 14), "hub")
    ledger.complete_action("rota", on("2026-07-15"))



# --------------------------------------------------------------------------------------
# The public decision register on the web (tests/test_web_public.py, tests/test_browser_public.py)
# --------------------------------------------------------------------------------------

FORUM_JULY = "forum-2026-07"
WELLBEING_WEEK = "A wellbeing week in October was agreed."
SHELTER_PLAN = "The shelter's first winter is reviewed in June."
IN_MARCH = "2027-03-10 09:00:00"  # the day after the March meeting


def public_register(new_ledger: NewLedger) -> Ledger:
    """Every kind of decision the public register shows, over two years: the year of
    decisions between meetings (`daventry_story`); at the December meeting a vote (the
    community safety budget, carried), Daventry Town FC's request to join refused, and the
    reports (ratified, rescinded, noted); the
    Forum's consensus in July; in March 2027 a consensus and the winter shelter ratified."""
    with freeze_time(AFTER_THE_STORY):
        ledger = daventry_story(new_ledger(DAVENTRY_TERMS, "2026-04-01"))
        ledger.add_seat("forum", "ccg", "nene-ccg", on=on("2026-04-01"))
        ledger.fill_seat("forum", "ccg", "dr-raj-patel", on("2026-04-01"))
        ledger.schedule_meeting("forum", FORUM_JULY, on("2026-07-08T14:00"))
        ledger.add_agenda_item(FORUM_JULY, "wellbeing", "Wellbeing week")
        ledger.attend(FORUM_JULY, "ccg")
        ledger.decide_by_consensus(FORUM_JULY, "wellbeing", WELLBEING_WEEK)
        ledger.close_meeting(FORUM_JULY)
        ledger.add_org("daventry-town-fc", "Daventry Town FC")
        ledger.request_membership("executive", "daventry-town-fc", "town-fc-2026",
                                  on=on("2026-11-02"))
        ledger.add_agenda_item(DECEMBER, "safety-budget", "Community safety budget 2027/28",
                               proposer="police")
        quorate(ledger, DECEMBER)
        for seat, choice in (("ddc-member-1", "for"), ("ccg", "for"), ("college", "against")):
            ledger.cast_vote(DECEMBER, "safety-budget", seat, choice)
        ledger.close_vote(DECEMBER, "safety-budget")
        ledger.decide_membership("town-fc-2026", "rejected", DECEMBER)
        ledger.report_decision("vc-match-funding", DECEMBER, "ratified")
        ledger.report_decision("grant-top-up", DECEMBER, "rescinded", RESCINDED)
        ledger.report_decision("youth-bus", DECEMBER, "noted")
        ledger.close_meeting(DECEMBER)
    with freeze_time(IN_MARCH):
        ledger.add_agenda_item(MARCH, "shelter-review", "Review of the winter shelter")
        quorate(ledger, MARCH)
        ledger.decide_by_consensus(MARCH, "shelter-review", SHELTER_PLAN)
        ledger.report_decision("winter-shelter", MARCH, "ratified")
        ledger.close_meeting(MARCH)
        sealing.seal(ledger)  # every page prints the latest checkpoint
    return ledger


# --------------------------------------------------------------------------------------
# Papers in names people read: venue, outcomes, actions, the agenda
# (tests/test_agenda*.py, tests/test_actions*.py, tests/test_lists*.py,
# tests/test_outcomes*.py)
# --------------------------------------------------------------------------------------

PAPERS_NOW = "2026-07-01 12:00:00"  # after the June meeting, before the September one
SEPTEMBER = "exec-2026-09"
JUNE_VENUE = "Council Chamber, Lodge Road, Daventry NN11 4FP"
SEPTEMBER_VENUE = "Room 2, Daventry Library"


def june_with_actions(ledger: Ledger) -> None:
    """The Executive (`daventry_executive`) meets in June at the Council Chamber, quorate,
    notes the youth hub report and agrees the plan; two actions come of it (one due in
    June for Supt Kate Moss, one undated for Dr Raj Patel); the meeting closes. The
    September meeting is scheduled with two items, and a decision is taken between
    meetings in June to be reported to it."""
    ledger.schedule_meeting("executive", JUNE, on("2026-06-10T18:30"), JUNE_VENUE)
    ledger.add_agenda_item(JUNE, "hub", "Youth hub report", proposer="ccg")
    ledger.add_agenda_item(JUNE, "plan", "Community Strategy action plan",
                           proposer="ddc-member-1")
    ledger.publish_agenda(JUNE, on("2026-05-29"))
    for seat in ("ddc-member-1", "ccg", "college"):
        ledger.attend(JUNE, seat)
    ledger.decide_by_consensus(JUNE, "hub", "The report was noted", outcome="noted")
    ledger.decide_by_consensus(JUNE, "plan", CONSENSUS)
    ledger.close_meeting(JUNE)
    ledger.add_action(JUNE, "write-to-county", "Write to the county about match funding",
                      "supt-kate-moss", date(2026, 6, 24), "plan")
    ledger.add_action(JUNE, "hub-hours", "Report back on the hub's opening hours",
                      "dr-raj-patel", None, "hub")
    ledger.propose_decision("executive", "minibus", "Hire a minibus for the summer",
                            "ddc-member-1", on=on("2026-06-20"))
    ledger.approve_decision("minibus", "ccg", on=on("2026-06-21"))
    ledger.schedule_meeting("executive", SEPTEMBER, on("2026-09-16T14:00"), SEPTEMBER_VENUE)
    ledger.add_agenda_item(SEPTEMBER, "budget", "Budget 2027/28", proposer="county")
    ledger.add_agenda_item(SEPTEMBER, "youth", "Youth strategy refresh")


def signed_in(ledger: Ledger) -> dict[str, str]:
    """The Daventry Executive of `daventry` with accounts for the server's story (issue 12):
    alice (the chair, dc-1), bob (dc-2) and carol (dc-3) sign in as members; hank, who sits
    on the Forum, is the auditor. Returns each one's API token."""
    for person in ("alice", "bob", "carol", "hank"):
        ledger.add_account(person, f"{person}@daventry.example")
    ledger.grant("hank", "auditor")
    return {person: ledger.create_token(person)[0] for person in ("alice", "bob", "hank")}


# --------------------------------------------------------------------------------------
# A register of many pages (tests/test_web_public.py, tests/test_browser_public.py)
# --------------------------------------------------------------------------------------


def many_decisions(new_ledger: NewLedger, count: int = 120) -> Ledger:
    """The Daventry Executive (`daventry`) with `count` decisions taken between meetings,
    one a day from 1 April 2026, "Decision 1" the oldest: the chair proposes, bob
    approves."""
    with freeze_time("2026-12-01 12:00:00"):
        made = daventry(new_ledger)
        first = on("2026-04-01")
        for n in range(1, count + 1):
            when = first + timedelta(days=n - 1)
            made.propose_decision("executive", f"d-{n}", f"Decision {n}", "dc-1", on=when)
            made.approve_decision(f"d-{n}", "dc-2", on=when)
    return made
