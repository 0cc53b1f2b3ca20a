"""Issue 15 ("All"): a history for each of the five partnerships, examples/*/history.lsp.

Each history is a year of one partnership's governance written as `lsp` commands. It must
run end to end through `lsp batch` in one process, survive `lsp verify` (every act judged
again by its terms), keep each body to its meeting cycle on every day of the story, and
end with exactly the warnings its header says (the line "At its end: `lsp check --as-of
DATE` warns of: ..."). The tests named after a clause check that the story does what
that clause of the partnership's terms describes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cli.batch import read_lines
from cli.examples import StoryEnd, story_end
from cli.main import cli
from ledger.errors import InvalidInput
from tests.conftest import EXAMPLES

PARTNERSHIPS = sorted(p.parent.name for p in EXAMPLES.glob("*/terms.toml"))
# The day these histories were written: each story stops before it.
WRITTEN = date(2026, 12, 4)


def history_text(name: str) -> str:
    return (EXAMPLES / name / "history.lsp").read_text(encoding="utf-8")


def the_end(name: str) -> StoryEnd:
    end = story_end(history_text(name))
    assert end is not None, f"examples/{name}/history.lsp names no end in its header"
    return end


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", store, "--as", "secretariat", *args],
                              catch_exceptions=False)


def as_json(store: str, *args: str) -> Any:
    result = run(store, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """Each partnership's history replayed by `lsp batch` into its own new SQLite ledger,
    once per module (a history is a few hundred commands); returns the store."""
    stores: dict[str, str] = {}

    def build(name: str) -> str:
        if name not in stores:
            store = str(tmp_path_factory.mktemp(name) / "ledger.sqlite")
            result = run(store, "batch", str(EXAMPLES / name / "history.lsp"), "--json")
            assert result.exit_code == 0, result.stderr
            assert json.loads(result.stdout)["commands"] == len(read_lines(history_text(name)))
            stores[name] = store
        return stores[name]

    yield build


def minutes(store: str, meeting: str) -> Any:
    return as_json(store, "report", "minutes", meeting)


def meetings_of(store: str, body: str) -> list[str]:
    return [m["meeting"] for m in as_json(store, "meeting", "list", body)["meetings"]]


# --------------------------------------------------------------------------------------
# Every history
# --------------------------------------------------------------------------------------


def test_every_partnership_has_a_history() -> None:
    # Given the five partnerships whose terms are bundled
    names = PARTNERSHIPS
    # When their folders are looked in
    missing = [n for n in names if not (EXAMPLES / n / "history.lsp").is_file()]
    # Then each has a history
    assert len(names) == 5
    assert missing == []


@pytest.mark.parametrize("name", PARTNERSHIPS)
def test_history_runs_end_to_end_and_check_gives_exactly_the_warnings_its_header_says(
        name: str, built: Callable[[str], str]) -> None:
    # Given a history and the end its header names
    end = the_end(name)
    # When it is replayed by `lsp batch` into a new ledger, every line in one process,
    # and checked on the day the story ends
    store = built(name)
    report = as_json(store, "check", "--as-of", end.as_of)
    # Then the warnings are exactly those the header intends, no more and no fewer
    found = sorted((w["rule"], w["body"]) for w in report["warnings"])
    assert found == sorted(end.warnings), report["warnings"]


@pytest.mark.parametrize("name", PARTNERSHIPS)
def test_history_stops_before_it_was_written_and_records_nothing_after_its_end(
        name: str) -> None:
    # Given a history's header and its commands
    end = date.fromisoformat(the_end(name).as_of)
    lines = read_lines(history_text(name))
    # When the dates of what it records are read (a meeting may be scheduled ahead)
    dated = []
    for line in lines:
        if line.args[:2] == ["meeting", "schedule"]:
            continue
        dated += [(line.number, date.fromisoformat(line.args[i + 1][:10]))
                  for i, word in enumerate(line.args[:-1]) if word == "--on"]
    # Then the story ends before the day it was written, and nothing is dated after its end
    assert end < WRITTEN
    assert dated, "the history dates nothing"
    assert [(n, d) for n, d in dated if d > end] == []


@pytest.mark.parametrize("name", PARTNERSHIPS)
def test_history_verifies_every_act_judged_again_by_its_terms(
        name: str, built: Callable[[str], str]) -> None:
    # Given a history replayed
    store = built(name)
    # When the ledger is verified (seals recomputed, every act re-judged by the terms)
    result = run(store, "verify", "--json")
    # Then it is sound
    assert result.exit_code == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["ok"] is True


@pytest.mark.parametrize("name", PARTNERSHIPS)
def test_history_keeps_every_body_to_its_meeting_cycle_on_every_day_of_the_story(
        name: str, built: Callable[[str], str]) -> None:
    # Given a history replayed, and the days of its story
    store = built(name)
    founded = as_json(store, "terms", "show", "--as-of", the_end(name).as_of)
    start = date.fromisoformat(founded["versions"][0]["effective"][:10])
    end = date.fromisoformat(the_end(name).as_of)
    days = [start + timedelta(days=n) for n in range(0, (end - start).days + 1, 7)] + [end]
    # When it is checked week by week
    late = {d.isoformat(): [w["message"] for w in as_json(store, "check", "--as-of",
                                                           d.isoformat())["warnings"]
                            if w["rule"] == "meeting-cycle"]
            for d in days}
    # Then no body ever misses its cycle ("The frequency – WHEN", Recommendation 5, ...)
    assert {d: m for d, m in late.items() if m} == {}


# Lewisham's history (a few months, on main before issue 15) is left as it is: the demo
# without --partnership shows it, and its output is promised unchanged.
@pytest.mark.parametrize("name", [n for n in PARTNERSHIPS if n != "lewisham"])
def test_history_records_a_membership_change_and_a_mistake_with_its_correction(
        name: str, built: Callable[[str], str]) -> None:
    # Given a history replayed
    store = built(name)
    # When its audit trail is read
    events = as_json(store, "audit")["events"]
    # Then a seat changed hands during the year, and a mistake was retracted, naming why
    fills: dict[tuple[str, str], int] = {}
    for e in events:
        if e["event"] == "SeatFilled":
            key = (e["entity"], str(e["changes"].get("seat")))
            fills[key] = fills.get(key, 0) + 1
    assert any(n > 1 for n in fills.values()), "no seat changed hands"
    retracted = [e for e in events if e["event"] == "Retracted"]
    assert retracted and all(e["changes"].get("reason") for e in retracted)


# --------------------------------------------------------------------------------------
# Each partnership's story, by the clause it shows
# --------------------------------------------------------------------------------------


def test_tower_hamlets_partnership_executive_history_only_notes_refers_and_defers(
        built: Callable[[str], str]) -> None:
    # Given the Tower Hamlets history replayed
    store = built("tower-hamlets")
    # When the minutes of every meeting of the Partnership Executive are read
    items = [i for m in meetings_of(store, "executive") for i in minutes(store, m)["items"]]
    # Then its items end noted, referred (to the Board) or deferred, never decided: it "is
    # not a decision making body in its own right"
    assert len(items) >= 8
    assert {i["status"] for i in items} <= {"noted", "referred", "deferred"}
    referred = [i["consensus"]["referred_to"] for i in items if i["status"] == "referred"]
    assert referred and set(referred) == {"board"}


def test_tower_hamlets_the_frequency_when_history_board_meets_four_times_a_year_others_bi_monthly(
        built: Callable[[str], str]) -> None:
    # Given the Tower Hamlets history replayed
    store = built("tower-hamlets")
    # When its meetings are listed by body
    held = {b: meetings_of(store, b)
            for b in ("board", "executive", "prosperous-communities", "lap-1")}
    # Then the Board met on its quarterly cycle (May, September, November) and the others
    # every two months, the Delivery Group and the LAP in alternate months
    assert held["board"] == ["board-2026-05", "board-2026-09", "board-2026-11"]
    assert len(held["executive"]) == 5
    months = {b: {m.rsplit("-", 1)[1] for m in held[b]}
              for b in ("prosperous-communities", "lap-1")}
    assert months["prosperous-communities"].isdisjoint(months["lap-1"])


def test_tower_hamlets_lap_steering_groups_history_15_6_5_and_a_resident_vice_chair_on_the_board(
        built: Callable[[str], str]) -> None:
    # Given the Tower Hamlets history replayed
    store = built("tower-hamlets")
    end = the_end("tower-hamlets").as_of
    # When LAP 1 and the Board are read as of the story's end
    lap = as_json(store, "roster", "lap-1", "--as-of", end)
    board = as_json(store, "roster", "board", "--as-of", end)
    # Then LAP 1 has its 26 members by category, and its resident vice-chair sits on the Board
    counts: dict[str, int] = {}
    for s in lap["seats"]:
        if s["holder"]:
            counts[s["category"]] = counts.get(s["category"], 0) + 1
    assert counts == {"resident": 15, "ward-councillor": 6, "service-provider": 5}
    vice = [s["holder"] for s in lap["seats"] if s["role"] == "vice-chair"]
    on_board = [s["holder"] for s in board["seats"] if s["seat"] == "lap-1-vice-chair"]
    assert vice == on_board and vice != [None]


def test_southwark_alliance_recommendation_5_history_every_board_member_names_a_deputy_who_acts(
        built: Callable[[str], str]) -> None:
    # Given the Southwark Alliance history replayed
    store = built("southwark-alliance")
    end = the_end("southwark-alliance").as_of
    # When the Board is read at the story's end, and the minutes of its meetings
    board = as_json(store, "roster", "board", "--as-of", end)
    deputies_present = [d for m in meetings_of(store, "board")
                        for d in minutes(store, m)["deputies"]]
    # Then every member has a deputy but the GP representative who joined in October (the
    # one intended warning), and deputies sat for absent members at meetings
    without = [s["seat"] for s in board["seats"] if s["holder"] and not s["deputy"]]
    assert without == ["gp"]
    assert len(deputies_present) >= 2


def test_southwark_alliance_recommendation_1_history_board_notes_plans_a_tp_agreed(
        built: Callable[[str], str]) -> None:
    # Given the Southwark Alliance history replayed
    store = built("southwark-alliance")
    # When the Thematic Partnerships' plans and the Board's items on them are read
    agreed = {i["item"]: i["status"] for i in minutes(store, "safer-2026-02")["items"]}
    housing = {i["item"]: i["status"] for i in minutes(store, "housing-2026-06")["items"]}
    march = {i["item"]: i["status"] for i in minutes(store, "board-2026-03")["items"]}
    june = {i["item"]: i["status"] for i in minutes(store, "board-2026-06")["items"]}
    # Then the TPs agreed them for the Alliance, and the Board noted them, not ratified
    assert agreed["partnership-plan"] == "agreed"
    assert housing["action-plan"] == "agreed"
    assert march["safer-plan"] == "noted"
    assert june["housing-plan"] == "noted"


def test_southwark_alliance_recommendation_7_history_leader_chairs_the_sub_committee_after_may(
        built: Callable[[str], str]) -> None:
    # Given the Southwark Alliance history replayed
    store = built("southwark-alliance")
    # When the executive sub-committee is read before and after the May elections
    before = as_json(store, "roster", "executive", "--as-of", "2026-05-01")
    after = as_json(store, "roster", "executive", "--as-of", "2026-06-01")
    # Then the Leader of the Council chairs it, whoever the Leader is
    chair = [(s["seat"], s["holder"]) for s in before["seats"] if s["role"] == "chair"]
    chair_after = [(s["seat"], s["holder"]) for s in after["seats"] if s["role"] == "chair"]
    assert chair == [("leader", "cllr-helen-ward")]
    assert chair_after == [("leader", "cllr-samuel-ade")]


def test_partnership_southwark_decisions_1_to_3_history_hwb_notes_and_endorses(
        built: Callable[[str], str]) -> None:
    # Given the Partnership Southwark history replayed
    store = built("partnership-southwark")
    # When the minutes of every Health and Wellbeing Board meeting are read
    read = [minutes(store, m) for m in meetings_of(store, "hwb")]
    items = [i for m in read for i in m["items"]]
    # Then its items end "noted" or "endorsed", each at least once, and the item first
    # recorded as agreed shows its correction
    assert {i["status"] for i in items} == {"noted", "endorsed"}
    corrected = [m["meeting"] for m in read if m["corrections"]]
    assert corrected == ["hwb-2026-09"]


def test_partnership_southwark_decision_2_b_i_history_hwb_receives_the_pssb_decisions(
        built: Callable[[str], str]) -> None:
    # Given the Partnership Southwark history replayed
    store = built("partnership-southwark")
    # When the HWB's agendas after each PSSB meeting are read
    pssb = meetings_of(store, "pssb")
    reports = [m for m in meetings_of(store, "hwb")
               if any(i["item"] == "pssb-report" for i in minutes(store, m)["items"])]
    # Then the PSSB met five times, and its decisions went to each HWB meeting
    assert len(pssb) == 5
    assert reports == meetings_of(store, "hwb")


def test_history_headers_are_read_as_they_are_written() -> None:
    # Given header lines as a history writes them, and one that is malformed
    one = "# At its end: `lsp check --as-of 2026-12-02` warns of: action-overdue (board)."
    two = ("# At its end: `lsp check --as-of 2026-11-30` warns of: deputy-required (board), "
           "meeting-cycle (lap-1).")
    none = "# At its end: `lsp check --as-of 2026-11-30` warns of: nothing."
    bad = "# At its end: `lsp check --as-of 2026-11-30` warns of: a deputy missing."
    # When they are read
    # Then each gives its day and its warnings, and the malformed one is refused
    assert story_end(one) == StoryEnd("2026-12-02", (("action-overdue", "board"),))
    assert story_end(two) == StoryEnd("2026-11-30", (("deputy-required", "board"),
                                                     ("meeting-cycle", "lap-1")))
    assert story_end(none) == StoryEnd("2026-11-30", ())
    assert story_end("# no end here") is None
    with pytest.raises(InvalidInput, match="cannot read the intended warning"):
        story_end(bad)
