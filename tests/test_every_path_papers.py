"""Issue 11, papers and registers: the minutes, the ratification paper and the registers
say what the ledger holds, no more and no less, and their CSVs carry no live formulas.

Each test reproduces one numbered item of issue 11 through the `Ledger` application and
the `lsp` command, asserting on the paper's JSON (or its text where the item is about
its words), given / when / then, the clock pinned with freezegun. Each failed before
the fix of the item it names.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from freezegun import freeze_time

from ledger.app import Ledger
from tests.conftest import on
from tests.helpers import EVERY_RULE, every_rule_board, example, seated

NewLedger = Callable[..., Ledger]
WriteTerms = Callable[[str], str]
Lsp = Callable[..., Result]

NOW = "2026-03-20 21:00:00"
MEETING = "2026-03-20"


def board(new_ledger: NewLedger, write_terms: WriteTerms) -> Ledger:
    return every_rule_board(new_ledger(write_terms(EVERY_RULE)))


def taken_and_reported(ledger: Ledger) -> None:
    """d1, taken between meetings (the chair s1 and s2), carol declaring a prejudicial
    interest in it, ratified at meeting b-1 (s1..s3 present)."""
    ledger.propose_decision("board", "d1", "Grant to the food bank", "s1",
                            on=on("2026-03-01"))
    ledger.declare_decision_interest("d1", "carol", "prejudicial", "trustee",
                                     on("2026-03-01"))
    ledger.approve_decision("d1", "s2", on=on("2026-03-02"))
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.add_agenda_item("b-1", "budget", "The budget")
    for seat in ("s1", "s2", "s3"):
        ledger.attend("b-1", seat)
    ledger.report_decision("d1", "b-1", "ratified")


def run(lsp: Lsp, *args: str) -> str:
    result = lsp(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(lsp: Lsp, *args: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(run(lsp, *args))
    return doc


# ---------------------------------------------------------------- item 9: minutes, ratified


@freeze_time(NOW)
def test_the_minutes_record_what_the_meeting_ratified_6_1(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: d1 ratified at b-1
    taken_and_reported(board(new_ledger, write_terms))

    # when: the minutes of b-1 are read
    doc = as_json(lsp, "report", "minutes", "b-1", "--format", "json")
    text = run(lsp, "report", "minutes", "b-1", "--format", "md")

    # then: both name the decision and what the meeting did with it
    assert "d1" in json.dumps(doc)
    assert "ratified" in json.dumps(doc)
    assert "Grant to the food bank" in text and "ratified" in text


@freeze_time(NOW)
def test_the_minutes_list_each_decision_reported_with_its_outcome_and_evidence_6_1(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: d1 ratified at b-1, d2 taken and not yet reported, and a later meeting b-2
    ledger = board(new_ledger, write_terms)
    taken_and_reported(ledger)
    ledger.propose_decision("board", "d2", "Hire a hall", "s1", on=on("2026-03-03"))
    ledger.approve_decision("d2", "s3", on=on("2026-03-04"))
    ledger.schedule_meeting("board", "b-2", on("2026-03-27"))

    # when: the minutes of both meetings are read
    reported = as_json(lsp, "report", "minutes", "b-1", "--format", "json")[
        "decisions_reported"]
    html = run(lsp, "report", "minutes", "b-1", "--format", "html")
    later = as_json(lsp, "report", "minutes", "b-2", "--format", "json")

    # then: b-1 lists d1 alone, with the outcome and the clause it was taken under; b-2
    # lists nothing (d2 is not reported to it)
    assert [(d["decision"], d["title"], d["outcome"], d["clause"], d["taken_on"])
            for d in reported] == [("d1", "Grant to the food bank", "ratified", "6.1",
                                    "2026-03-02")]
    assert "Decisions taken between meetings</h2>" in html
    assert "RESOLVED: that the decision be ratified." in html
    assert later["decisions_reported"] == []


# ---------------------------------------------------------------- item 10: the proposer


@freeze_time(NOW)
def test_the_minutes_credit_the_member_who_proposed_the_item_3_2(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: s4 (dan) proposes an item; frank, his deputy, sits in s4 at the meeting
    ledger = board(new_ledger, write_terms)
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.add_agenda_item("b-1", "grant", "A grant", proposer="s4")
    ledger.attend("b-1", "s4", as_deputy=True)

    # when: the minutes are read
    item = as_json(lsp, "report", "minutes", "b-1", "--format", "json")["items"][0]

    # then: the item is credited to dan
    assert (item["proposer"], item["proposer_name"]) == ("s4", "Dan")


def test_the_proposer_is_the_member_recorded_when_the_item_was_proposed_3_2(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: on 5 March dan (s4) proposes an item; on 12 March erin is recorded as
    # holding s4 from 10 March, and she attends the meeting
    with freeze_time("2026-03-05 10:00:00"):
        ledger = board(new_ledger, write_terms)
        ledger.schedule_meeting("board", "b-1", on(MEETING))
        ledger.add_agenda_item("b-1", "grant", "A grant", proposer="s4")
        ledger.add_agenda_item("b-1", "hall", "A hall")
    with freeze_time("2026-03-12 10:00:00"):
        ledger.fill_seat("board", "s4", "erin", on("2026-03-10"))
    with freeze_time(NOW):
        ledger.attend("b-1", "s4")

        # when: the minutes are read
        doc = as_json(lsp, "report", "minutes", "b-1", "--format", "json")
        text = run(lsp, "report", "minutes", "b-1", "--format", "md")

    # then: the item is still dan's, though erin sat in the seat; an item with no
    # proposer names none
    items = {i["item"]: (i["proposer"], i["proposer_name"]) for i in doc["items"]}
    assert items == {"grant": ("s4", "Dan"), "hall": (None, None)}
    assert "Proposed by Dan (Org A)." in text


# ---------------------------------------------------------------- item 11: apologies


@freeze_time(NOW)
def test_the_minutes_print_the_substitute_beside_the_apologies_3_2(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: dan (s4) sends apologies, frank sits for him; bob (s2) sends apologies and
    # comes after all
    ledger = board(new_ledger, write_terms)
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.add_agenda_item("b-1", "budget", "The budget")
    ledger.send_apologies("b-1", "s4")
    ledger.send_apologies("b-1", "s2")
    ledger.attend("b-1", "s4", as_deputy=True)
    ledger.attend("b-1", "s2")

    # when: the minutes are printed
    doc = as_json(lsp, "report", "minutes", "b-1", "--format", "json")
    text = run(lsp, "report", "minutes", "b-1", "--format", "md")
    html = run(lsp, "report", "minutes", "b-1", "--format", "html")

    # then: dan's apologies stand with frank as his substitute; bob's gave way
    assert [(a["person"], a["substitute"], a["substitute_name"])
            for a in doc["apologies"]] == [("dan", "frank", "Frank")]
    assert "- Dan, Org A (substitute: Frank)\n" in text
    assert "Dan, Org A (substitute: Frank)" in html


@freeze_time(NOW)
def test_the_attendance_record_counts_apologies_with_a_deputy_once_as_by_deputy_3_2(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: dan (s4) sends apologies and frank sits for him
    ledger = board(new_ledger, write_terms)
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.send_apologies("b-1", "s4")
    ledger.attend("b-1", "s4", as_deputy=True)

    # when: the attendance record is read
    seats = as_json(lsp, "register", "attendance", "board", "--format", "json")["seats"]

    # then: s4 had one meeting, by deputy, and its counts add up
    s4 = next(s for s in seats if s["seat"] == "s4")
    assert (s4["meetings"], s4["by_deputy"], s4["apologies"]) == (1, 1, 0)
    assert all(s["meetings"] == s["present"] + s["by_deputy"] + s["apologies"]
               + s["absent"] + s["vacant"] for s in seats)


# ---------------------------------------------------------------- item 12: registers


@freeze_time(NOW)
def test_the_decision_register_lists_decisions_between_meetings_6_1(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: d1 taken between meetings and ratified
    taken_and_reported(board(new_ledger, write_terms))

    # when: the decision register is read
    entries = as_json(lsp, "register", "decisions", "--format", "json")["entries"]

    # then: d1 is in it
    assert [e["title"] for e in entries if "d1" in json.dumps(e)] == ["Grant to the food bank"]


@freeze_time(NOW)
def test_the_interests_register_lists_declarations_between_meetings_7_1(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: carol declared a prejudicial interest in d1 (`lsp decision declare`)
    taken_and_reported(board(new_ledger, write_terms))

    # when: the interests register is read
    entries = as_json(lsp, "register", "interests", "--format", "json")["entries"]

    # then: her declaration is in it
    assert [(e["person"], e["nature"], e["note"]) for e in entries] == [
        ("carol", "prejudicial", "trustee")]


@freeze_time(NOW)
def test_the_decision_register_dates_decisions_between_meetings_when_taken_6_1(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: d1 taken on 2 March and ratified at b-1 (20 March), where the budget is
    # agreed; d2 taken on 21 March and not yet reported
    ledger = board(new_ledger, write_terms)
    taken_and_reported(ledger)
    ledger.decide_by_consensus("b-1", "budget", "Agreed the budget")
    ledger.propose_decision("board", "d2", "Hire a hall", "s1", on=on("2026-03-20"))
    ledger.approve_decision("d2", "s3", on=on("2026-03-20"))

    # when: the register is read whole, to 10 March, and for another body
    whole = as_json(lsp, "register", "decisions", "--format", "json")["entries"]
    early = as_json(lsp, "register", "decisions", "--to", "2026-03-10",
                    "--format", "json")["entries"]
    csv_rows = list(csv.DictReader(io.StringIO(run(
        lsp, "register", "decisions", "--body", "board", "--format", "csv"))))

    # then: in the order taken, each saying what became of it and who agreed
    assert [(e["date"], e["item"], e["how"], e["meeting"]) for e in whole] == [
        ("2026-03-02", "decision:d1", "between-meetings", "b-1"),
        ("2026-03-20", "budget", "consensus", "b-1"),
        ("2026-03-20", "decision:d2", "between-meetings", "")]
    d1 = whole[0]
    assert d1["decision"] == "taken between meetings; ratified at meeting b-1"
    assert d1["decision_maker"] == ("Board, between meetings: Alice (seat s1, chair), "
                                    "Bob (seat s2)")
    assert (d1["clause"], d1["terms_version"]) == ("6.1", 1)
    assert d1["interests"] == ["Carol (prejudicial: trustee)"]
    assert whole[2]["decision"] == "taken between meetings; not yet reported to a meeting"
    assert [e["item"] for e in early] == ["decision:d1"]
    assert [r["item"] for r in csv_rows] == ["decision:d1", "budget", "decision:d2"]


@freeze_time(NOW)
def test_the_interests_register_orders_meeting_and_decision_declarations_7_1(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: carol declares in d1 on 1 March; dan declares at b-1 on 20 March
    ledger = board(new_ledger, write_terms)
    taken_and_reported(ledger)
    ledger.declare_interest("b-1", "budget", "dan", "personal", "a grantee")

    # when: the register is read whole, and from 2 March
    whole = as_json(lsp, "register", "interests", "--format", "json")["entries"]
    later = as_json(lsp, "register", "interests", "--from", "2026-03-02",
                    "--format", "json")["entries"]

    # then: the decision's declaration first, with the terms' interests clause and the
    # meeting it was reported to; the period filters both kinds
    assert [(e["date"], e["meeting"], e["item"], e["title"], e["person_name"], e["clause"])
            for e in whole] == [
        ("2026-03-01", "b-1", "decision:d1", "Grant to the food bank", "Carol", "7.1"),
        ("2026-03-20", "b-1", "budget", "The budget", "Dan", "7.1")]
    assert [e["person"] for e in later] == ["dan"]


# ---------------------------------------------------------------- item 14: invented rules


@freeze_time("2026-06-01 21:00:00")
def test_the_ratification_paper_invents_no_rule_lewisham(new_ledger: NewLedger,
                                                          lsp: Lsp) -> None:
    # given: a meeting of the Full Lewisham Strategic Partnership (its terms make no
    # provision for decisions between meetings)
    ledger = new_ledger(example("lewisham"))
    ledger.add_org("lewisham-council", "Lewisham Council")
    ledger.add_person("pat", "Pat")
    seated(ledger, "full", "council", "lewisham-council", "pat")
    ledger.schedule_meeting("full", "full-1", on("2026-06-01"))

    # when: its ratification paper is printed
    text = run(lsp, "report", "ratifications", "full-1", "--format", "md")

    # then: it does not say the terms require every decision to be reported
    assert "Every decision taken between meetings is reported" not in text


@freeze_time(NOW)
def test_the_minutes_cite_no_clause_the_terms_lack_tower_hamlets(new_ledger: NewLedger,
                                                                  lsp: Lsp) -> None:
    # given: an interest declared at a Tower Hamlets Board meeting (terms silent on them)
    ledger = new_ledger(example("tower-hamlets"))
    ledger.add_org("council", "Council")
    ledger.add_person("pam", "Pam")
    seated(ledger, "board", "police", "council", "pam")
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.add_agenda_item("b-1", "budget", "The budget")
    ledger.attend("b-1", "police")
    ledger.declare_interest("b-1", "budget", "pam", "personal", "a relative")

    # when: the minutes are printed
    text = run(lsp, "report", "minutes", "b-1", "--format", "md")
    html = run(lsp, "report", "minutes", "b-1", "--format", "html")

    # then: the declaration is there, and no clause "n/a" is cited
    assert "a relative" in text
    assert "clause n/a" not in text and "clause n/a" not in html


@freeze_time(NOW)
def test_the_ratification_paper_says_the_terms_do_not_say_where_decisions_are_reported_6_1(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: d1 ratified at b-1; the board's terms provide for decisions between meetings
    # (6.1) but say nothing of reporting them
    taken_and_reported(board(new_ledger, write_terms))

    # when: the paper is printed
    text = run(lsp, "report", "ratifications", "b-1", "--format", "md")
    html = run(lsp, "report", "ratifications", "b-1", "--format", "html")
    doc = as_json(lsp, "report", "ratifications", "b-1", "--format", "json")

    # then: it cites 6.1 for what it provides, and invents no reporting rule
    for paper in (text, html):
        assert ("Clause 6.1 of the terms of reference provides for decisions between "
                "meetings; the terms do not say where they are reported.") in paper
        assert "is reported to the following meeting" not in paper
    assert (doc["between_meetings_clause"], doc["report_clause"]) == ("6.1", None)


@freeze_time("2026-06-01 21:00:00")
def test_the_ratification_paper_says_the_terms_make_no_provision_lewisham(
    new_ledger: NewLedger, lsp: Lsp,
) -> None:
    # given: a meeting of the Full Lewisham Strategic Partnership
    ledger = new_ledger(example("lewisham"))
    ledger.schedule_meeting("full", "full-1", on("2026-06-01"))

    # when: its ratification paper is printed
    text = run(lsp, "report", "ratifications", "full-1", "--format", "md")
    html = run(lsp, "report", "ratifications", "full-1", "--format", "html")

    # then: it says the terms make no provision, and cites no clause
    for paper in (text, html):
        assert ("make no provision for decisions taken between meetings") in paper
        assert "Under clause" not in paper


@pytest.mark.parametrize(("recorded", "cited"), [
    ("4.3", "clause 4.3"),
    ("n/a", "the ledger's own rule (the terms are silent)"),
    ("ledger rule", "the ledger's own rule (the terms are silent)"),
    ("", "the ledger's own rule (the terms are silent)"),
])
def test_a_paper_cites_only_a_clause_the_terms_have(recorded: str, cited: str) -> None:
    # given: the clause a rule recorded; when: a paper cites it
    from cli.render import cited as clauses_of
    from cli.render import clause

    # then: a clause of the terms is cited as one; "n/a" and the ledger's rule never are
    assert clause(recorded) == cited
    assert clauses_of(["7.1", "n/a", "7.1", "ledger rule", "7.2"]) == "7.1, 7.2"


# ---------------------------------------------------------------- item 20: formulas


FORMULA = '=HYPERLINK("http://evil.example","click")'


@freeze_time(NOW)
def test_register_csvs_carry_no_live_formulas_owasp_csv_injection(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: a person and an organisation whose names are formulas, at a meeting
    ledger = board(new_ledger, write_terms)
    ledger.add_person("mallory", FORMULA)
    ledger.add_org("evil", "@SUM(1+1)")
    seated(ledger, "board", "s5", "evil", "mallory")
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.add_agenda_item("b-1", "budget", "+1 the budget")
    ledger.attend("b-1", "s5")
    ledger.declare_interest("b-1", "budget", "mallory", "personal", "-2 shares")

    # when: the registers are printed as CSV
    interests = list(csv.DictReader(io.StringIO(run(
        lsp, "register", "interests", "--format", "csv"))))
    attendance = list(csv.DictReader(io.StringIO(run(
        lsp, "register", "attendance", "board", "--format", "csv"))))

    # then: every such cell is neutralised with a leading quote, and no cell starts
    # with a formula character
    assert interests[0]["person_name"] == "'" + FORMULA
    assert next(r for r in attendance if r["seat"] == "s5")["org_name"] == "'@SUM(1+1)"
    cells = [v for row in interests + attendance for v in row.values()]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"]


@freeze_time(NOW)
def test_every_register_csv_neutralises_formulas_owasp_csv_injection(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: a decision between meetings titled "=1+1", an agenda item "@budget" and a
    # consensus beginning with a minus
    ledger = board(new_ledger, write_terms)
    ledger.propose_decision("board", "d1", "=1+1", "s1", on=on("2026-03-01"))
    ledger.approve_decision("d1", "s2", on=on("2026-03-02"))
    ledger.schedule_meeting("board", "b-1", on(MEETING))
    ledger.add_agenda_item("b-1", "budget", "@budget")
    for seat in ("s1", "s2", "s3"):
        ledger.attend("b-1", seat)
    ledger.decide_by_consensus("b-1", "budget", "-10% for all")

    # when: the decision register is printed as CSV
    rows = list(csv.DictReader(io.StringIO(run(
        lsp, "register", "decisions", "--format", "csv"))))

    # then: each such cell starts with a quote, its text kept whole after it
    assert {r["item"]: (r["title"], r["reasons"]) for r in rows} == {
        "decision:d1": ("'=1+1", ""), "budget": ("'@budget", "'-10% for all")}
    cells = [v for r in rows for v in r.values()]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"]


def test_the_one_csv_writer_neutralises_a_tab_or_carriage_return_first_owasp() -> None:
    # given: cells beginning with each character OWASP names, and harmless ones
    from cli.render import csv_text

    cells = ["=A1", "+1", "-1", "@A1", "\tx", "\rx", "a=b", "2026-03-20", "", None, True]

    # when: they are written as CSV
    _, row = csv_text((["h"] * len(cells), [cells])).split("\n", 1)

    # then: only those that begin like a formula gain a leading quote
    assert row == "'=A1,'+1,'-1,'@A1,'\tx,'\rx,a=b,2026-03-20,,,yes\n"
