"""Taking part without a seat (terms section `without_seat`, `ledger/attendance.py`, rule
`without-seat`).

Daventry 4.8: "Any partner can submit an agenda item for the board's consideration".
Daventry 4.9: "Any partner organisation can attend board meetings and engage in
discussions". Lewisham, working groups, membership principle 5: "The Young Mayor and the
Young Advisors will from time to time be invited to attend specific working group
meetings". Each is recorded as in attendance: never in the quorum, never a vote (a vote
for them is refused, citing the clause that let them in), nothing recorded on a refusal.
Given / when / then, the clock pinned with freezegun.
"""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.errors import RuleBroken
from ledger.terms import read_terms_file
from projections import agenda, meetings
from projections.catchup import ReadStore
from tests.conftest import event_count, on
from tests.helpers import assert_broken, example, refusal, seated

NewLedger = Callable[..., Ledger]
Lsp = Callable[..., Result]

NOW = "2026-06-10 20:00:00"  # the evening of the meeting
MEETING = "2026-06-10T14:00"
WORKING_GROUP_5 = "Working groups, membership principle 5"


def daventry(new_ledger: NewLedger) -> Ledger:
    """The Daventry Executive with three voting members (amy, ben, cat) and a June
    meeting; the Volunteer Centre and ACRE have no seat; vic works for the Centre."""
    ledger = new_ledger(example("daventry"), "2026-04-01")
    for org, name in (("northants-police", "Northamptonshire Police"),
                      ("futures-housing", "Futures Housing Group"),
                      ("nene-ccg", "Nene CCG"),
                      ("daventry-volunteer-centre", "Daventry Volunteer Centre"),
                      ("northants-acre", "Northamptonshire ACRE")):
        ledger.add_org(org, name)
    for person in ("amy", "ben", "cat", "vic"):
        ledger.add_person(person, person.title())
    seated(ledger, "executive", "police", "northants-police", "amy", "2026-04-01")
    seated(ledger, "executive", "futures", "futures-housing", "ben", "2026-04-01")
    seated(ledger, "executive", "ccg", "nene-ccg", "cat", "2026-04-01")
    ledger.schedule_meeting("executive", "exec-06", on(MEETING))
    ledger.add_agenda_item("exec-06", "plan", "The Community Strategy action plan")
    return ledger


def test_daventry_4_8_4_9_the_example_lets_any_partner_attend_and_submit_items() -> None:
    # given / when
    _, terms = read_terms_file(example("daventry"))
    w = terms.bodies["executive"].without_seat
    # then
    assert w is not None
    assert (w.partners_attend, w.partners_attend_clause) == (True, "4.9")
    assert (w.partners_propose, w.partners_propose_clause) == (True, "4.8")
    assert terms.bodies["forum"].without_seat is None


@freeze_time(NOW)
def test_daventry_4_9_given_a_partner_without_a_seat_when_in_attendance_then_recorded_and_not_counted(  # noqa: E501
        new_ledger: NewLedger) -> None:
    # given: two voting members present, one short of the quorum of three (4.5)
    ledger = daventry(new_ledger)
    ledger.attend("exec-06", "police")
    ledger.attend("exec-06", "futures")
    # when: vic attends for the Volunteer Centre, which has no seat
    ledger.note_in_attendance("exec-06", "vic", "partner", "daventry-volunteer-centre")
    # then: in attendance as a partner under 4.9, and the meeting is still not quorate
    assert not ledger.quorum("exec-06").quorate
    assert ledger.quorum("exec-06").present_voting == 2
    [there] = meetings.minutes(ReadStore(ledger), "exec-06").in_attendance
    assert (there.person_name, there.capacity, there.clause) == ("Vic", "partner", "4.9")
    assert (there.org, there.org_name) == ("daventry-volunteer-centre",
                                           "Daventry Volunteer Centre")
    assert there.label == "partner, 4.9"


@freeze_time(NOW)
def test_daventry_4_9_given_a_partner_in_attendance_when_they_try_to_vote_then_refused(
        new_ledger: NewLedger) -> None:
    # given: a quorate meeting, and vic in attendance as a partner
    ledger = daventry(new_ledger)
    for seat in ("police", "futures", "ccg"):
        ledger.attend("exec-06", seat)
    ledger.note_in_attendance("exec-06", "vic", "partner", "daventry-volunteer-centre")
    # when: a vote is recorded for vic
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.cast_vote("exec-06", "plan", "vic", "for"))
    # then: refused under 4.9, nothing recorded; the members still vote
    assert_broken(refused, "without-seat", "4.9", "vic is in attendance as a partner",
                  "do not vote")
    ledger.cast_vote("exec-06", "plan", "police", "for")


@freeze_time(NOW)
def test_daventry_4_9_given_a_member_with_a_seat_when_recorded_as_a_partner_then_refused(
        new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    # when: amy, who holds the Police seat, is put down as a partner
    refused = refusal(ledger, RuleBroken, lambda: ledger.note_in_attendance(
        "exec-06", "amy", "partner", "northants-police"))
    # then
    assert_broken(refused, "without-seat", "4.9", "amy holds seat police")


@freeze_time(NOW)
def test_daventry_4_9_given_a_partner_with_no_organisation_then_refused(
        new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    # when / then
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.note_in_attendance("exec-06", "vic", "partner"))
    assert_broken(refused, "without-seat", "4.9", "name the partner organisation")


@freeze_time(NOW)
def test_daventry_4_9_given_the_forum_whose_terms_are_silent_then_a_partner_is_refused(
        new_ledger: NewLedger) -> None:
    # given: a Forum meeting (4.11 to 4.14 say nothing of attendance without a seat)
    ledger = daventry(new_ledger)
    seated(ledger, "forum", "ccg", "nene-ccg", "cat", "2026-04-01")
    ledger.schedule_meeting("forum", "forum-06", on(MEETING))
    # when
    refused = refusal(ledger, RuleBroken, lambda: ledger.note_in_attendance(
        "forum-06", "vic", "partner", "daventry-volunteer-centre"))
    # then: refused citing the Forum's clause; as an observer vic is recorded
    assert_broken(refused, "without-seat", "4.11", "record them as an observer")
    ledger.note_in_attendance("forum-06", "vic", "observer")


@freeze_time(NOW)
def test_daventry_4_8_given_a_partner_without_a_seat_when_it_submits_an_item_then_recorded(
        new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    # when: ACRE, which has no seat, submits an item
    ledger.add_agenda_item("exec-06", "rural-transport", "Rural transport",
                           partner="northants-acre")
    # then: on the agenda and in the minutes as ACRE's, with no proposing seat
    item = next(it for it in meetings.minutes(ReadStore(ledger), "exec-06").items
                if it.item == "rural-transport")
    assert (item.proposer, item.partner, item.partner_name) == (
        None, "northants-acre", "Northamptonshire ACRE")
    entry = next(e for e in agenda.agenda(ReadStore(ledger), "exec-06").entries
                 if e.item == "rural-transport")
    assert entry.partner_name == "Northamptonshire ACRE"


@freeze_time(NOW)
def test_daventry_4_8_given_the_forum_whose_terms_are_silent_then_a_partner_item_is_refused(
        new_ledger: NewLedger) -> None:
    # given
    ledger = daventry(new_ledger)
    ledger.schedule_meeting("forum", "forum-06", on(MEETING))
    # when / then
    refused = refusal(ledger, RuleBroken, lambda: ledger.add_agenda_item(
        "forum-06", "x", "X", partner="northants-acre"))
    assert_broken(refused, "without-seat", "4.11", "name the seat that proposes it")


def lewisham(new_ledger: NewLedger) -> Ledger:
    """The Race and Equality working group: pat on the Full LSP and the group; the
    Young Mayor, a Young Advisor and a resident; a June meeting."""
    ledger = new_ledger(example("lewisham"), "2026-04-01")
    ledger.add_org("lewisham-council", "Lewisham Council")
    ledger.add_person("pat", "Pat")
    ledger.add_person("yasmin", "Young Mayor Yasmin", "young-mayor")
    ledger.add_person("yusuf", "Yusuf", "young-advisor")
    ledger.add_person("rita", "Rita", "resident")
    seated(ledger, "full", "council", "lewisham-council", "pat", "2026-04-01")
    seated(ledger, "race-equality", "council", "lewisham-council", "pat", "2026-04-01")
    ledger.schedule_meeting("race-equality", "re-06", on(MEETING))
    ledger.add_agenda_item("re-06", "plan", "Work programme")
    return ledger


@freeze_time(NOW)
def test_lewisham_working_groups_principle_5_given_the_young_mayor_invited_then_in_attendance_not_counted_no_vote(  # noqa: E501
        new_ledger: NewLedger) -> None:
    # given: no member present yet
    ledger = lewisham(new_ledger)
    # when: the Young Mayor and a Young Advisor attend by invitation
    ledger.note_in_attendance("re-06", "yasmin", "invited")
    ledger.note_in_attendance("re-06", "yusuf", "invited")
    # then: in attendance by invitation, citing principle 5; not a quorum (the ledger's
    # one voting member); and a vote for them is refused under principle 5
    there = meetings.minutes(ReadStore(ledger), "re-06").in_attendance
    assert [(a.person, a.label) for a in there] == [
        ("yasmin", f"invited, {WORKING_GROUP_5}"), ("yusuf", f"invited, {WORKING_GROUP_5}")]
    assert not ledger.quorum("re-06").quorate
    ledger.attend("re-06", "council")
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.cast_vote("re-06", "plan", "yasmin", "for"))
    assert_broken(refused, "without-seat", WORKING_GROUP_5, "in attendance by invitation")


@freeze_time(NOW)
def test_lewisham_working_groups_principle_5_given_someone_not_named_then_the_invitation_is_refused(
        new_ledger: NewLedger) -> None:
    # given
    ledger = lewisham(new_ledger)
    # when: a resident is put down as invited
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.note_in_attendance("re-06", "rita", "invited"))
    # then: principle 5 invites the Young Mayor and the Young Advisors only
    assert_broken(refused, "without-seat", WORKING_GROUP_5,
                  "invite young-mayor, young-advisor", "rita is of category resident")


@freeze_time(NOW)
def test_lewisham_full_lsp_given_no_invitation_in_its_terms_then_invited_is_refused(
        new_ledger: NewLedger) -> None:
    # given: a Full LSP meeting (principle 5 is the working groups')
    ledger = lewisham(new_ledger)
    ledger.schedule_meeting("full", "full-06", on(MEETING))
    # when / then
    refused = refusal(ledger, RuleBroken,
                      lambda: ledger.note_in_attendance("full-06", "yasmin", "invited"))
    assert refused.clause == "LSP structure; The Full Lewisham Strategic Partnership"


def test_daventry_4_9_cli_a_partner_attends_and_a_vote_for_them_is_refused(
        new_ledger: NewLedger, lsp: Lsp) -> None:
    # given
    with freeze_time(NOW):
        ledger = daventry(new_ledger)
        for seat in ("police", "futures", "ccg"):
            ledger.attend("exec-06", seat)
        # when: the partner is recorded, then a vote for them is tried
        attended = lsp("in-attendance", "exec-06", "vic", "--capacity", "partner",
                       "--org", "daventry-volunteer-centre")
        before = event_count(ledger)
        voted = lsp("vote", "cast", "exec-06", "plan", "vic", "for")
    # then: the attendance is recorded; the vote refused naming 4.9, nothing recorded
    assert attended.exit_code == 0, attended.stderr
    assert "vic in attendance at exec-06 (partner)." in attended.stdout
    assert voted.exit_code == 1
    assert voted.stdout == ""
    assert "rule 'without-seat'" in voted.stderr and "clause 4.9" in voted.stderr
    assert "Traceback" not in voted.stderr
    assert event_count(ledger) == before
