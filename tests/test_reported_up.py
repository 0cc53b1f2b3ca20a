"""Decisions of a committee listed for each body it reports to (terms `reports_to` lines
with `decisions = true`, ledger/reporting_up.py, projections/reported_up.py).

Partnership Southwark, Decision 2(b)(i): the Partnership Southwark Strategic Board "will
also operate as a sub-committee of the Health and Wellbeing Board" and is to "transition
to a formal committee of the ICS NHS Body from 1 April 2022". What the PSSB decides at its
meetings is awaiting report to the HWB, and from 1 April 2022 to the ICS NHS Body too,
until reported at a meeting of each: `lsp decision pending pssb`, each parent's agenda and
its ratification paper list it; a report to one parent does not clear the other.
Each test reads given / when / then; the clock is pinned with freezegun.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from ledger.audit.verify import verify
from ledger.errors import InvalidInput, RuleBroken
from projections import agenda, reported_up, warnings
from projections.catchup import ReadStore
from tests.conftest import on
from tests.helpers import (
    assert_broken,
    done,
    example,
    json_of,
    refusal,
    run_lines,
    stored_events,
)
from tests.stories import NewLedger

Lsp = Callable[..., Result]

CLAUSE = "Decision 2(b)(i)"
NOW = "2022-07-31 12:00:00"
BODIES = {"pssb": "pssb-", "hwb": "hwb-", "ics-nhs-body": "ics-"}


def meeting(ledger: Ledger, body: str, slug: str, when: str) -> None:
    """A meeting of `body` held at `when`, its one member present."""
    ledger.schedule_meeting(body, slug, on(when))
    ledger.attend(slug, f"{body}-1")


@pytest.fixture
def southwark(new_ledger: NewLedger) -> Ledger:
    """One seat on each body; the PSSB agreed its winter plan on 8 March 2022 (before the
    ICS NHS Body line runs) and its estates strategy on 10 May 2022; the HWB meets on
    14 June and 13 September, the ICS NHS Body on 20 June."""
    with freeze_time(NOW):
        ledger = new_ledger(example("partnership-southwark"), "2022-01-01")
        ledger.add_org("southwark", "Southwark Council")
        ledger.add_person("cllr-eve", "Cllr Eve Doyle")
        for body in BODIES:
            ledger.add_seat(body, f"{body}-1", "southwark", on=on("2022-01-01"))
            ledger.fill_seat(body, f"{body}-1", "cllr-eve", on("2022-01-01"))
        meeting(ledger, "pssb", "pssb-2022-03", "2022-03-08T14:00")
        ledger.add_agenda_item("pssb-2022-03", "winter", "Winter plan")
        ledger.decide_by_consensus("pssb-2022-03", "winter", "Agreed the winter plan")
        meeting(ledger, "pssb", "pssb-2022-05", "2022-05-10T14:00")
        ledger.add_agenda_item("pssb-2022-05", "estates", "Estates strategy")
        ledger.add_agenda_item("pssb-2022-05", "update", "Director's update")
        ledger.decide_by_consensus("pssb-2022-05", "estates", "Agreed the estates strategy")
        ledger.decide_by_consensus("pssb-2022-05", "update", "Noted", outcome="noted")
        meeting(ledger, "hwb", "hwb-2022-06", "2022-06-14T18:00")
        meeting(ledger, "ics-nhs-body", "ics-2022-06", "2022-06-20T10:00")
        ledger.schedule_meeting("hwb", "hwb-2022-09", on("2022-09-13T18:00"))
    return ledger


def pending(ledger: Ledger) -> list[tuple[str, str, str | None]]:
    found = reported_up.pending(ReadStore(ledger), "pssb").decisions
    return [(p.decision, p.report_to, p.next_meeting.meeting if p.next_meeting else None)
            for p in found]


def test_reports_to_decision_2_b_i_pssb_decisions_await_report_to_each_parent(
        southwark: Ledger) -> None:
    # Given the PSSB's two decisions, one before the ICS NHS Body line ran, and a noting
    # When the PSSB's pending decisions are read
    with freeze_time(NOW):
        found = pending(southwark)
    # Then each is awaiting report to every parent it had on its day, at that parent's
    # next meeting; the item noted decided nothing and is not listed
    assert found == [
        ("pssb-2022-03/winter", "hwb", "hwb-2022-06"),
        ("pssb-2022-05/estates", "hwb", "hwb-2022-06"),
        ("pssb-2022-05/estates", "ics-nhs-body", "ics-2022-06"),
    ]
    rows = reported_up.pending(ReadStore(southwark), "pssb").decisions
    assert {r.clause for r in rows} == {CLAUSE}


def test_reports_to_decision_2_b_i_a_report_to_one_parent_does_not_clear_the_other(
        southwark: Ledger) -> None:
    # Given the estates strategy awaiting report to both parents
    with freeze_time(NOW):
        # When the HWB's June meeting notes it
        southwark.report_item("pssb-2022-05", "estates", "hwb-2022-06", "noted")
        found = pending(southwark)
        hwb_paper = agenda.ratification_paper(ReadStore(southwark), "hwb-2022-06")
        ics_paper = agenda.ratification_paper(ReadStore(southwark), "ics-2022-06")
        ics_agenda = agenda.agenda(ReadStore(southwark), "ics-2022-06")
        later = agenda.agenda(ReadStore(southwark), "hwb-2022-09")
    # Then it still awaits report to the ICS NHS Body, and no longer to the HWB
    assert found == [("pssb-2022-03/winter", "hwb", "hwb-2022-06"),
                     ("pssb-2022-05/estates", "ics-nhs-body", "ics-2022-06")]
    # And each parent's paper lists it: the HWB's as noted, the ICS NHS Body's to receive
    assert [(c.decision, c.report.outcome if c.report else None)
            for c in hwb_paper.committee_decisions] == [
        ("pssb-2022-03/winter", None), ("pssb-2022-05/estates", "noted")]
    assert [(c.decision, c.report) for c in ics_paper.committee_decisions] == [
        ("pssb-2022-05/estates", None)]
    assert ics_paper.agenda_item is not None
    # and the paper itself, as printed, says so in words (not only in its --json)
    from cli.views import ratifications_html, ratifications_markdown
    printed = ratifications_markdown(hwb_paper)
    assert "## Decisions of committees, to be reported" in printed
    assert "**Noted** at" in printed and "`pssb-2022-05/estates`" in printed
    assert "Decisions of committees, to be reported" in ratifications_html(ics_paper)
    # And the ICS NHS Body's agenda lists it as a decision to be reported
    assert [(d.decision, d.clause) for d in ics_agenda.decisions_to_report] == [
        ("pssb-2022-05/estates", CLAUSE)]
    assert "reports" in [e.kind for e in ics_agenda.entries]
    # And the HWB's next agenda carries over only the winter plan, not reported in June
    assert [(d.decision, d.carried_over) for d in later.decisions_to_report] == [
        ("pssb-2022-03/winter", True)]


def test_reports_to_decision_2_b_i_not_to_a_parent_the_committee_did_not_have_that_day(
        southwark: Ledger) -> None:
    # Given the winter plan, agreed on 8 March 2022, before the PSSB was a committee of the
    # ICS NHS Body
    with freeze_time(NOW):
        # When it is reported to the ICS NHS Body
        error = refusal(southwark, RuleBroken, lambda: southwark.report_item(
            "pssb-2022-03", "winter", "ics-2022-06", "noted"))
        # Or an item that decided nothing is reported to the HWB
        noted = refusal(southwark, RuleBroken, lambda: southwark.report_item(
            "pssb-2022-05", "update", "hwb-2022-06", "noted"))
    # Then each is refused, naming the rule and clause, and nothing is recorded
    assert_broken(error, "report-to", CLAUSE, "reports its meeting decisions to hwb on "
                  "2022-03-08")
    assert_broken(noted, "report-to", "ledger rule", "there is no decision to report")


def test_reports_to_decision_2_b_i_reported_once_to_each_meeting(southwark: Ledger) -> None:
    # Given the estates strategy reported to the HWB's June meeting
    with freeze_time(NOW):
        southwark.report_item("pssb-2022-05", "estates", "hwb-2022-06", "endorsed")
        # When it is reported to that meeting again
        error = refusal(southwark, InvalidInput, lambda: southwark.report_item(
            "pssb-2022-05", "estates", "hwb-2022-06", "noted"))
    # Then it is refused, saying so, and nothing is recorded
    assert "already reported to meeting 'hwb-2022-06' (endorsed)" in str(error)


def test_reports_to_decision_2_b_i_verify_judges_a_report_again(southwark: Ledger) -> None:
    # Given the estates strategy reported to both parents, and the seals of it all
    with freeze_time(NOW):
        southwark.report_item("pssb-2022-05", "estates", "hwb-2022-06", "noted")
        southwark.report_item("pssb-2022-05", "estates", "ics-2022-06", "ratified")
        # When the ledger is verified, every act judged again by its command
        report = verify(southwark)
    # Then both reports are as the rules would record them
    assert report.ok, report.problems
    assert report.rejudged is not None and report.rejudged["events"] == report.events


def test_reports_to_decision_2_b_i_lsp_check_warns_of_a_parent_meeting_closed_without_it(
        southwark: Ledger) -> None:
    # Given the HWB's June meeting received the estates strategy and closed without the
    # winter plan
    with freeze_time(NOW):
        southwark.report_item("pssb-2022-05", "estates", "hwb-2022-06", "noted")
        southwark.close_meeting("hwb-2022-06")
        # When checked in July, and on the eve of that meeting
        july = [w for w in warnings.check(ReadStore(southwark), on("2022-07-01")).warnings
                if w.rule == "report-overdue"]
        eve = [w for w in warnings.check(ReadStore(southwark), on("2022-06-13")).warnings
               if w.rule == "report-overdue"]
    # Then July warns of the winter plan at the HWB only, citing the clause; the eve not
    assert [(w.body, w.clause) for w in july] == [("hwb", CLAUSE)]
    assert july[0].message.startswith(
        "decision pssb-2022-03/winter (Winter plan) of Partnership Southwark Strategic "
        "Board, taken on 2022-03-08 14:00, was not reported to meeting hwb-2022-06")
    assert eve == []


SESSION = """
init "Partnership Southwark" --terms {terms} --on 2022-01-01
org add southwark --name "Southwark Council"
person add cllr-eve --name "Cllr Eve Doyle"
seat add pssb pssb-1 --org southwark --on 2022-01-01
seat fill pssb pssb-1 cllr-eve --on 2022-01-01
seat add hwb hwb-1 --org southwark --on 2022-01-01
seat fill hwb hwb-1 cllr-eve --on 2022-01-01
meeting schedule pssb pssb-2022-05 --on 2022-05-10T14:00
agenda add pssb-2022-05 estates --title "Estates strategy"
attend pssb-2022-05 pssb-1
decide pssb-2022-05 estates --consensus "Agreed the estates strategy"
meeting schedule hwb hwb-2022-06 --on 2022-06-14T18:00
attend hwb-2022-06 hwb-1
"""


def test_reports_to_decision_2_b_i_on_the_command_line(lsp: Lsp, store: str) -> None:
    # Given the PSSB's estates strategy, agreed in May 2022, and the HWB's June meeting
    run_lines(lsp, SESSION.format(terms=example("partnership-southwark")))
    # When the PSSB's pending decisions are listed, and the HWB notes it
    before = lsp("decision", "pending", "pssb", "--json")
    reported = lsp("decision", "report", "pssb-2022-05/estates", "--meeting", "hwb-2022-06",
                   "--outcome", "noted")
    after = lsp("decision", "pending", "pssb")
    # Then it awaited both parents, is recorded at the HWB's meeting, and awaits the other
    assert [(d["decision"], d["report_to"]) for d in json_of(before)["decisions"]] == [
        ("pssb-2022-05/estates", "hwb"), ("pssb-2022-05/estates", "ics-nhs-body")]
    done(reported, "Decision pssb-2022-05/estates reported to hwb-2022-06: noted.",
         "ItemReported")
    assert after.exit_code == 0 and after.stderr == ""
    assert "pssb-2022-05/estates" in after.stdout and "Our Healthier" in after.stdout
    assert "hwb-2022-06" not in after.stdout
    # And reported again to the same meeting, it is refused: exit 1, nothing recorded
    count = stored_events(store)
    again = lsp("decision", "report", "pssb-2022-05/estates", "--meeting", "hwb-2022-06",
                "--outcome", "noted")
    assert again.exit_code == 1 and again.stdout == ""
    assert "already reported to meeting 'hwb-2022-06'" in again.stderr
    assert "Traceback" not in again.stderr
    assert stored_events(store) == count
