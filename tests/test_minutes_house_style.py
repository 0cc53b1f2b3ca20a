"""The minutes in the house style (issue 16 item 1): what a clerk would file.

The June meeting of the Daventry Executive (tests/stories.py, `june_meeting`) and a July
meeting after it read as a council's minutes: the body and the day in long form at its
venue; who was present by name and organisation, the chair first; apologies with
substitutes; in attendance (officers, and non-voting seats such as the Tower Hamlets
Executive's standing invitees, who are never "absent without apologies"); numbered
minutes; the previous meeting's minutes agreed as an item; each resolution in words and
how it was reached; actions with their owners and due dates; decisions taken between
meetings with their outcomes in words; a signature block; the checkpoint in a quiet
footer. No ISO date and no machine-written reason anywhere in the paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from ledger.app import Ledger
from ledger.audit.sealing import seal
from ledger.audit.verify import verify
from projections.catchup import ReadStore
from projections.meeting_models import Minutes
from projections.meetings import minutes
from projections.minute_words import on_a_vote
from tests.conftest import EXAMPLES, event_count, on
from tests.helpers import Lsp, parse_page
from tests.stories import (
    AFTER_JULY,
    AFTER_THE_STORY,
    APPROVED,
    DAVENTRY_TERMS,
    DECEMBER,
    JULY,
    JUNE,
    VENUE,
    daventry_executive,
    daventry_story,
    july_meeting,
    june_meeting,
    report_in_december,
)

TOWER_HAMLETS_TERMS = str(EXAMPLES / "tower-hamlets" / "terms.toml")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def ledger(kept_story: Callable[..., Ledger]) -> Ledger:
    return kept_story("june_and_july", june_and_july)


def june_and_july(new_ledger: Callable[..., Ledger]) -> Ledger:
    with freeze_time(AFTER_JULY):
        made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
        daventry_executive(made)
        june_meeting(made)
        july_meeting(made)
    return made


@pytest.fixture
def july(ledger: Ledger) -> Minutes:
    return minutes(ReadStore(ledger), JULY)


def markdown(lsp: Lsp, meeting: str = JULY) -> str:
    result = lsp("report", "minutes", meeting)
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def html_text(lsp: Lsp, meeting: str = JULY) -> str:
    page = parse_page(lsp("report", "minutes", meeting, "--format", "html").stdout)
    return " ".join(" ".join(page.text).split())


# --------------------------------------------------------------------------------------
# The heading and the attendance
# --------------------------------------------------------------------------------------

def test_the_heading_names_the_body_and_the_day_time_and_venue_in_long_form(
        july: Minutes, lsp: Lsp) -> None:
    # Given the July meeting, held at 2 pm in the Council Chamber
    # When its minutes are read and printed
    md = markdown(lsp)
    # Then the body and "held on Wednesday 8 July 2026 at 2.00 pm at" its venue
    assert july.held_on == "Wednesday 8 July 2026 at 2.00 pm"
    assert md.startswith(f"# LSP Executive\n\nDaventry District Local Strategic Partnership\n\n"
                         f"**Minutes** of the meeting held on Wednesday 8 July 2026 at "
                         f"2.00 pm at {VENUE}.\n")


def test_present_lists_members_by_name_and_organisation_the_chair_first_clause_4_4(
        july: Minutes, lsp: Lsp) -> None:
    # Given the chair (4.4) arriving after three members, one a deputy (3.2)
    # When the minutes are read
    present = [(s.person_name, s.org_name, s.role_name, s.deputy_for_name)
               for s in july.members_present]
    md = markdown(lsp)
    # Then the chair comes first, by name and organisation, the deputy named for whom
    assert july.chaired_by is not None
    assert july.chaired_by.person_name == "Cllr Amy Hart"
    assert present == [
        ("Cllr Amy Hart", "Daventry District Council", "Chair", None),
        ("Dr Raj Patel", "Nene Clinical Commissioning Group", None, None),
        ("Prof Ann Lee", "Northampton College", None, None),
        ("Insp Lee Chan", "Northamptonshire Police", None, "Supt Kate Moss")]
    assert ("| Member | Organisation | Seat |\n|---|---|---|\n"
            "| Cllr Amy Hart (Chair) | Daventry District Council | ddc-member-1 |\n") in md
    assert ("| Insp Lee Chan (deputy for Supt Kate Moss) | Northamptonshire Police | police |"
            in md)


def test_the_vice_chair_takes_the_chair_when_the_chair_sends_apologies_clause_4_4(
        new_ledger: Callable[..., Ledger], lsp: Lsp) -> None:
    # Given a vice-chair (4.4), and a meeting the chair sends apologies to
    with freeze_time(AFTER_JULY):
        made = new_ledger(DAVENTRY_TERMS, "2026-04-01")
        daventry_executive(made)
        made.assign_role("executive", "vice-chair", "college", on=on("2026-04-15"))
        made.schedule_meeting("executive", JULY, on("2026-07-08T14:00"))
        made.add_agenda_item(JULY, "hub", "Youth hub opening hours")
        for seat in ("ccg", "futures", "college"):
            made.attend(JULY, seat)
        made.send_apologies(JULY, "ddc-member-1")
    # When its minutes are read and printed
    m = minutes(ReadStore(made), JULY)
    md = markdown(lsp)
    # Then the vice-chair is listed first and took the chair; the chair's apologies stand
    assert m.chaired_by is not None and m.chaired_by.person_name == "Prof Ann Lee"
    assert m.members_present[0].person_name == "Prof Ann Lee"
    assert "| Prof Ann Lee (Vice-Chair) | Northampton College | college |" in md
    assert "\nProf Ann Lee (Vice-Chair) took the chair.\n" in md
    assert "- Cllr Amy Hart (Chair), Daventry District Council\n" in md


def test_apologies_name_the_member_and_a_deputy_is_a_substitute_clause_3_2(
        july: Minutes, lsp: Lsp) -> None:
    # Given Sue Bell's apologies, and the police deputy sitting for Supt Kate Moss
    # When the minutes are printed
    md = markdown(lsp)
    # Then apologies by name and organisation, the substitute named, and the absent member
    assert ("## 1. Apologies for absence\n\nApologies were received from:\n\n"
            "- Sue Bell, Futures Housing Group\n") in md
    assert "Substitutes: Insp Lee Chan for Supt Kate Moss (Northamptonshire Police)." in md
    assert "Absent without apologies: Cllr Tom Reed (Northamptonshire County Council)." in md


def test_a_non_voting_seat_not_there_is_not_absent_without_apologies(
        july: Minutes, lsp: Lsp) -> None:
    # Given Daventry Town FC's non-voting seat (any partner may attend, 4.9), not taken up
    # When the minutes are read
    md = markdown(lsp)
    # Then it is not among the absent members, though `absent` keeps it for --json
    assert [s.seat for s in july.absent_members] == ["county"]
    assert {s.seat for s in july.absent} == {"county", "town-fc"}
    assert "Pat Green" not in md


@pytest.fixture
def tower_hamlets(new_ledger: Callable[..., Ledger]) -> Ledger:
    """The Tower Hamlets Partnership Executive: the Leader of the Council in the chair, two
    voting members, and the two Lead Members with a standing invitation as non-voting
    seats; one Lead Member comes, the other does not."""
    with freeze_time("2026-05-20 12:00:00"):
        made = new_ledger(TOWER_HAMLETS_TERMS, "2026-04-01")
        for org, name in (("lbth", "London Borough of Tower Hamlets"),
                          ("met-police", "Metropolitan Police"),
                          ("nhs-th", "NHS Tower Hamlets")):
            made.add_org(org, name)
        made.add_person("leader", "Mayor Lutfur Rahman", category="leader-of-the-council")
        for person, name in (("bcu", "Ch Supt Ann Lee"),
                             ("nhs", "Dr Ian Fox"), ("lead-regen", "Cllr Rita Das"),
                             ("lead-skills", "Cllr Omar Khan")):
            made.add_person(person, name)
        start = on("2026-04-01")
        made.add_seat("executive", "leader", "lbth", category="leader-of-the-council",
                      on=start)
        made.add_seat("executive", "police", "met-police", on=start)
        made.add_seat("executive", "nhs", "nhs-th", on=start)
        made.add_seat("executive", "lead-regeneration", "lbth", voting=False, on=start)
        made.add_seat("executive", "lead-skills", "lbth", voting=False, on=start)
        for seat, person in (("leader", "leader"), ("police", "bcu"), ("nhs", "nhs"),
                             ("lead-regeneration", "lead-regen"),
                             ("lead-skills", "lead-skills")):
            made.fill_seat("executive", seat, person, start)
        made.assign_role("executive", "chair", "leader", on=start)
        made.schedule_meeting("executive", "th-exec-2026-05", on("2026-05-14T10:00"),
                              "Town Hall, Whitechapel")
        made.add_agenda_item("th-exec-2026-05", "cpdg", "Quarterly reports of the delivery "
                             "groups")
        for seat in ("leader", "police", "lead-regeneration"):
            made.attend("th-exec-2026-05", seat)
        made.decide_by_consensus("th-exec-2026-05", "cpdg", "The reports were noted",
                                 outcome="noted")
    return made


def test_standing_invitees_are_in_attendance_and_never_absent_partnership_executive(
        tower_hamlets: Ledger, lsp: Lsp) -> None:
    # Given the Executive, whose Lead Members have a standing invitation (Partnership
    # Executive): Cllr Rita Das came, Cllr Omar Khan did not, nor did the NHS member
    # When its minutes are read and printed
    m = minutes(ReadStore(tower_hamlets), "th-exec-2026-05")
    md = markdown(lsp, "th-exec-2026-05")
    # Then the invitee who came is in attendance, not among the members present; the one
    # who did not is nowhere; the absent voting member is absent without apologies
    assert [s.person_name for s in m.members_present] == ["Mayor Lutfur Rahman",
                                                          "Ch Supt Ann Lee"]
    assert [s.person_name for s in m.attending_seats] == ["Cllr Rita Das"]
    assert [s.person_name for s in m.absent_members] == ["Dr Ian Fox"]
    assert ("## In attendance\n\n- Cllr Rita Das, London Borough of Tower Hamlets "
            "(non-voting)\n") in md
    assert "Absent without apologies: Dr Ian Fox (NHS Tower Hamlets)." in md
    assert "Cllr Omar Khan" not in md
    assert "**NOTED:** The reports were noted.\n\nBy consensus." in md


# --------------------------------------------------------------------------------------
# Minute numbers and the previous meeting's minutes
# --------------------------------------------------------------------------------------

def test_minutes_are_numbered_apologies_declarations_previous_minutes_then_items(
        july: Minutes, lsp: Lsp) -> None:
    # Given the June minutes' approval added after the hub item
    # When the minutes are read and printed
    md = markdown(lsp)
    headings = re.findall(r"^## (\d+)\. (.+)$", md, flags=re.MULTILINE)
    # Then they are numbered 1. apologies, 2. declarations, 3. the previous minutes, 4. hub
    assert {i.item: i.minute for i in july.items} == {"june-minutes": 3, "hub": 4}
    assert headings == [("1", "Apologies for absence"), ("2", "Declarations of interest"),
                        ("3", "Minutes of the previous meeting"),
                        ("4", "Youth hub opening hours")]


def test_the_previous_meetings_minutes_are_agreed_as_an_item(july: Minutes, lsp: Lsp) -> None:
    # Given the June minutes' item, agreed by consensus
    [approval] = [i for i in july.items if i.minutes_of]
    md = markdown(lsp)
    # Then it names the meeting whose minutes they were, in long form, and the resolution
    assert (approval.minutes_of, approval.minutes_of_held) == (
        JUNE, "Wednesday 10 June 2026 at 6.30 pm")
    assert ("## 3. Minutes of the previous meeting\n\nThe minutes of the meeting held on "
            "Wednesday 10 June 2026 at 6.30 pm.\n\n"
            f"**RESOLVED:** {APPROVED}.\n\nBy consensus.\n") in md


def test_minutes_of_are_recorded_through_agenda_add(ledger: Ledger, lsp: Lsp) -> None:
    # Given a meeting after July
    with freeze_time(AFTER_JULY):
        ledger.schedule_meeting("executive", "exec-2026-09", on("2026-09-09T14:00"))
        # When the July minutes' approval is added to its agenda from the command line
        result = lsp("agenda", "add", "exec-2026-09", "july-minutes", "--title",
                     "Minutes of the previous meeting", "--minutes-of", JULY, "--json")
        doc = minutes(ReadStore(ledger), "exec-2026-09")
    # Then it is recorded, and the minutes say whose minutes the item approves
    assert result.exit_code == 0, result.stderr
    assert [(i.item, i.minutes_of, i.minute) for i in doc.items] == [
        ("july-minutes", JULY, 3)]


@pytest.mark.parametrize(("minutes_of", "says"), [
    ("exec-1999", "there is no meeting 'exec-1999'"),
    ("exec-2026-09", "approves the minutes of an earlier meeting of LSP Executive "
     "(executive); 'exec-2026-09' is a meeting of LSP Executive (executive) on 9 September "
     "2026 at 2.00 pm (ledger rule)"),
    ("forum-2026-06", "'forum-2026-06' is a meeting of"),
    (JUNE, "item 'june-minutes' of 'exec-2026-07' already approves the minutes of "
     "'exec-2026-06': one item approves them (ledger rule)"),
], ids=["unknown", "later", "another-body", "twice"])
def test_minutes_of_only_an_earlier_meeting_of_the_body_once_ledger_rule(
        ledger: Ledger, lsp: Lsp, minutes_of: str, says: str) -> None:
    # Given the July meeting, a later one of the Executive and one of the Forum
    with freeze_time(AFTER_JULY):
        ledger.schedule_meeting("executive", "exec-2026-09", on("2026-09-09T14:00"))
        ledger.schedule_meeting("forum", "forum-2026-06", on("2026-06-01T10:00"))
        before = event_count(ledger)
        # When an item of the open September meeting (or, for twice, a second one in
        # July, which is closed: so a fresh meeting stands in) names minutes it cannot
        target = "exec-2026-09"
        if minutes_of == JUNE:
            ledger.schedule_meeting("executive", "exec-2026-07b", on("2026-07-09T14:00"))
            ledger.add_agenda_item("exec-2026-07b", "june-minutes", "Minutes", minutes_of=JUNE)
            before = event_count(ledger)
            target = "exec-2026-07b"
        result = lsp("agenda", "add", target, "again", "--title", "Minutes",
                     "--minutes-of", minutes_of)
    # Then exit 1, the rule in the message, and nothing recorded
    if minutes_of == JUNE:
        says = says.replace("exec-2026-07", "exec-2026-07b")
    assert (result.exit_code, result.stdout) == (1, "")
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert event_count(ledger) == before


# --------------------------------------------------------------------------------------
# Resolutions in words
# --------------------------------------------------------------------------------------

def test_a_casting_vote_is_said_as_a_person_would_say_it_clause_4_3(lsp: Lsp,
                                                                    ledger: Ledger) -> None:
    # Given the June grants vote, tied 2-2 and decided by the chair's casting vote (4.3)
    june = minutes(ReadStore(ledger), JUNE)
    [grants] = [i for i in june.items if i.item == "grants"]
    md = markdown(lsp, JUNE)
    # Then the resolution, then the counts and who used the casting vote, by name
    assert grants.vote is not None
    assert (grants.vote.casting_by, grants.vote.casting_role) == ("Cllr Amy Hart", "Chair")
    assert grants.reached == ("On a vote: 2 for, 2 against, 0 abstentions; the Chair, Cllr "
                              "Amy Hart, used the casting vote in favour (clause 4.3).")
    assert "**RESOLVED:** that the proposal, Community grants budget 2026/27, be agreed." in md
    # And never the machine-written reason
    assert grants.vote.reason not in md
    assert "abstaining" not in md


def test_a_vote_resolves_in_the_words_recorded_when_it_closed_clause_4_3(
        july: Minutes, lsp: Lsp) -> None:
    # Given the hub vote, carried 3-0, closed with its resolution in words
    [hub] = [i for i in july.items if i.item == "hub"]
    md = markdown(lsp)
    # Then the minutes resolve in those words, then say how
    assert (hub.resolved_label, hub.resolved) == ("RESOLVED", "that the hub open on Saturdays.")
    assert ("**RESOLVED:** that the hub open on Saturdays.\n\n"
            "On a vote: 3 for, 0 against, 0 abstentions (clause 4.3).\n") in md


def test_a_lost_vote_is_not_agreed_in_words_clause_4_3(lsp: Lsp, ledger: Ledger) -> None:
    # Given the June hub vote, lost 1-2 with an abstention
    md = markdown(lsp, JUNE)
    # Then the minutes say the proposal was lost, and the counts
    assert ("**NOT AGREED:** The proposal was lost.\n\n"
            "On a vote: 1 for, 2 against, 1 abstention (clause 4.3).\n") in md


@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40),
       st.sampled_from([None, "for", "against"]))
def test_on_a_vote_says_every_count_and_the_casting_vote_only_when_given_clause_4_3(
        votes_for: int, votes_against: int, abstentions: int, casting: str | None) -> None:
    # Given any counts, and a casting vote or none
    # When the minutes say how the item was reached
    said = on_a_vote(votes_for, votes_against, abstentions, casting, "Cllr Amy Hart",
                     "Chair", "4.3")
    # Then each count is there once, abstentions in the singular only for one, and the
    # casting vote is said exactly when it was given
    assert said.startswith(f"On a vote: {votes_for} for, {votes_against} against, "
                           f"{abstentions} abstention{'' if abstentions == 1 else 's'}")
    assert ("used the casting vote" in said) == (casting is not None)
    assert said.endswith("(clause 4.3).")


# --------------------------------------------------------------------------------------
# Actions, decisions between meetings, the signature and the footer
# --------------------------------------------------------------------------------------

def test_actions_are_minuted_with_owner_by_name_and_due_date_in_long_form(
        july: Minutes, lsp: Lsp) -> None:
    # Given two actions agreed on the hub item, one done
    md = markdown(lsp)
    # Then each is under its minute, by name and long date, and in the table of actions
    assert [(a.minute, a.owner_name, a.due_on, a.done_on) for a in july.actions] == [
        (4, "Dr Raj Patel", "Friday 31 July 2026", "Wednesday 15 July 2026"),
        (4, "Prof Ann Lee", "Friday 14 August 2026", None)]
    assert ("**Action:** Draw up a Saturday staff rota. Owner: Dr Raj Patel; by Friday 31 "
            "July 2026.") in md
    assert ("| 4 | Put up new opening-hours signs | Prof Ann Lee | Friday 14 August 2026 |  |"
            in md)


@freeze_time(AFTER_THE_STORY, tick=True)
def test_decisions_between_meetings_are_reported_with_their_outcomes_in_words_clause_4_6(
        new_ledger: Callable[..., Ledger], lsp: Lsp) -> None:
    # Given the decisions taken between meetings (4.6) reported to the December meeting:
    # ratified, rescinded with a reason, noted
    made = daventry_story(new_ledger(DAVENTRY_TERMS, "2026-04-01"))
    report_in_december(made)
    # When its minutes are printed
    m = minutes(ReadStore(made), DECEMBER)
    md = markdown(lsp, DECEMBER)
    # Then each is there by title, taken on a day in long form, with its outcome in words
    assert [(d.decision, d.resolved) for d in m.decisions_reported] == [
        ("vc-match-funding", "that the decision be ratified"),
        ("grant-top-up", "that the decision be rescinded"),
        ("youth-bus", "that the decision be noted")]
    assert m.reports_minute == 3
    assert "## 3. Decisions taken between meetings\n" in md
    assert ("### Support the Volunteer Centre's Community Fund bid\n\nTaken on Wednesday 18 "
            "November 2026 under clause 4.6, with the agreement of:\n") in md
    assert ("**RESOLVED:** that the decision be rescinded.\n\nReason: The county withdrew "
            "its match funding.\n") in md


def test_the_minutes_end_with_a_signature_block_and_the_checkpoint_in_small_print(
        ledger: Ledger, lsp: Lsp) -> None:
    # Given a sealed ledger
    seal(ledger)
    # When the minutes are printed as Markdown and HTML
    md = markdown(lsp)
    page = lsp("report", "minutes", JULY, "--format", "html").stdout
    # Then a signature block before a closing record of the ledger with its checkpoint
    signature = md.index("Chair ........................................ Date ....................")
    assert signature < md.index("*The record.* Meeting `exec-2026-07` of `executive`")
    assert "```text\nlsp-ledger/" in md[signature:]
    assert '<section class="signature" id="signature" aria-label="Signature">' in page
    footer = page[page.index("<footer>"):]
    assert '<pre class="checkpoint"' in footer
    assert "footer { margin-top: 2.5rem; border-top: 1px solid #b1b4b6; padding-top: " \
           "0.4rem; font-size: 0.75rem;" in page


def test_no_iso_date_anywhere_in_the_minutes(ledger: Ledger, lsp: Lsp) -> None:
    # Given both meetings (the June one has a late agenda, a request and a correction)
    # When their minutes are printed as Markdown and as HTML
    papers = [markdown(lsp, JUNE), markdown(lsp), html_text(lsp, JUNE), html_text(lsp)]
    # Then every date is in British long form
    assert [ISO_DATE.findall(p) for p in papers] == [[], [], [], []]
    assert "Friday 12 June 2026" in papers[0]  # the correction's day


def test_the_minutes_approval_and_a_vote_resolution_are_re_judged_lawful(
        ledger: Ledger) -> None:
    # Given the July meeting: an item approving the June minutes (--minutes-of) and a
    # vote closed with its resolution in words (--resolution)
    # When the ledger is verified, every recorded act run again through its command
    with freeze_time(AFTER_JULY):
        report = verify(ledger)
    # Then both are recorded exactly so again: the ledger verifies, every act judged
    assert report.ok, report.problems
    assert report.rejudged is not None and report.rejudged["events"] == report.events
