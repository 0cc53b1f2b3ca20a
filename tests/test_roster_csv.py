"""`lsp roster import BODY FILE.csv` and `lsp roster export BODY --format csv` (CONTRACT.md,
"Bulk and speed"; issue 17 item 3): every row judged by the single commands' rules first,
any refused row refusing the whole file (each named with its reason) and nothing recorded;
an export imported into a fresh ledger gives the same roster."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import cli
from tests.conftest import EXAMPLES, on
from tests.helpers import json_of, stored_events

TOWER_HAMLETS = str(EXAMPLES / "tower-hamlets" / "terms.toml")
HEADER = "seat,org,org_name,holder,holder_name,category,voting,deputy,deputy_name,on"
NOW = "2026-03-10 12:00:00"

LAP = f"""{HEADER}
r1,residents,Residents of LAP 1,ann-lee,Ann Lee,resident,yes,bob-roe,Bob Roe,2026-02-01
r2,residents,,cat-day,Cat Day,resident,yes,,,2026-02-01
c1,lbth,Tower Hamlets Council,cllr-kaur,Cllr Kaur,ward-councillor,true,,,2026-02-01
s1,nhs,NHS North East London,,,service-provider,no,,,2026-02-01
"""


def run(store: str, *args: str, stdin: str | None = None) -> Result:
    with freeze_time(NOW):
        return CliRunner().invoke(cli, ["--store", store, "--as", "tester", *args],
                                  input=stdin, catch_exceptions=False,
                                  env={"LSP_SEAL": "off"})


def csv_file(tmp_path: Path, text: str, name: str = "lap-1.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def lap(store: str) -> str:
    """A Tower Hamlets ledger whose terms are in force from 1 January 2026."""
    made = run(store, "init", "Tower Hamlets Partnership", "--terms", TOWER_HAMLETS,
               "--on", "2026-01-01")
    assert made.exit_code == 0, made.stderr
    return store


def seats(store: str, body: str = "lap-1", as_of: str = "2026-03-01") -> dict[str, Any]:
    doc = json_of(run(store, "roster", body, "--as-of", as_of, "--json"))
    return {s["seat"]: s for s in doc["seats"]}


def refused(result: Result) -> str:
    """A refusal: exit 1, nothing on stdout, the message on stderr and no traceback."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    return result.stderr


# ---------------------------------------------------------------------------- import


def test_import_adds_the_orgs_people_and_seats_then_fills_them_and_names_deputies(
        lap: str, tmp_path: Path) -> None:
    # Given a spreadsheet of four LAP seats, none of whose orgs or people are in the ledger
    file = csv_file(tmp_path, LAP)
    # When it is imported
    result = run(lap, "roster", "import", "lap-1", file, "--json")
    # Then one document counts what was done, and the roster is the spreadsheet's
    doc = json_of(result)
    assert {k: doc[k] for k in ("rows", "orgs", "people", "seats", "filled", "deputies")} == {
        "rows": 4, "orgs": 3, "people": 4, "seats": 4, "filled": 3, "deputies": 1}
    assert [e["position"] for e in doc["events"]] == list(range(3, stored_events(lap) + 1))
    roster = seats(lap)
    assert {s: (r["org_name"], r["holder_name"], r["deputy_name"], r["voting"], r["category"])
            for s, r in roster.items()} == {
        "c1": ("Tower Hamlets Council", "Cllr Kaur", None, True, "ward-councillor"),
        "r1": ("Residents of LAP 1", "Ann Lee", "Bob Roe", True, "resident"),
        "r2": ("Residents of LAP 1", "Cat Day", None, True, "resident"),
        "s1": ("NHS North East London", None, None, False, "service-provider")}
    # dated by `on`: not seated the day before, and the LAP's two-year term runs from it
    assert seats(lap, as_of="2026-01-31") == {}
    assert roster["r1"]["term_ends"] == "2028-02-01"


def test_import_of_the_same_file_again_records_nothing(lap: str, tmp_path: Path) -> None:
    # Given a spreadsheet imported once
    file = csv_file(tmp_path, LAP)
    assert run(lap, "roster", "import", "lap-1", file).exit_code == 0
    before = stored_events(lap)
    # When it is imported again
    result = run(lap, "roster", "import", "lap-1", file)
    # Then nothing is recorded: the roster already stands as the file says
    assert result.exit_code == 0, result.stderr
    assert "nothing to record" in result.stdout
    assert stored_events(lap) == before


def test_a_blank_holder_vacates_and_a_new_holder_replaces_without_approval(
        lap: str, tmp_path: Path) -> None:
    # Given the LAP imported
    assert run(lap, "roster", "import", "lap-1", csv_file(tmp_path, LAP)).exit_code == 0
    # When a later spreadsheet leaves r2 empty, gives r1 a new holder and drops r1's deputy
    later = f"""{HEADER}
r1,residents,,dan-fox,Dan Fox,resident,yes,,,2026-02-20
r2,residents,,,,resident,yes,,,2026-02-20
"""
    result = run(lap, "roster", "import", "lap-1", csv_file(tmp_path, later, "later.csv"),
                 "--json")
    # Then r1 changed hands, r2 is vacant, and before that day the roster was as it was
    doc = json_of(result)
    assert (doc["filled"], doc["vacated"], doc["revoked"], doc["people"]) == (1, 1, 1, 1)
    now = seats(lap)
    assert (now["r1"]["holder"], now["r1"]["deputy"], now["r2"]["holder"]) == (
        "dan-fox", None, None)
    assert seats(lap, as_of="2026-02-19")["r1"]["holder"] == "ann-lee"


# ------------------------------------------------------------- refused: nothing recorded


def test_any_refused_row_refuses_the_whole_file_naming_each_row_rule_and_clause(
        lap: str, tmp_path: Path) -> None:
    # Given a spreadsheet whose rows 3 and 5 break the terms (a councillor in a resident
    # seat: seat-category; the same person in two seats: one-seat-each), the others fine
    text = f"""{HEADER}
r1,residents,Residents of LAP 1,ann-lee,Ann Lee,resident,yes,,,2026-02-01
r2,residents,,cllr-kaur,Cllr Kaur,resident,yes,,,2026-02-01
c1,lbth,Tower Hamlets Council,cllr-roy,Cllr Roy,ward-councillor,yes,,,2026-02-01
c2,lbth,,cllr-roy,,ward-councillor,yes,,,2026-02-01
"""
    # (cllr-kaur is added as a resident by row 3 itself, and already a councillor here)
    assert run(lap, "person", "add", "cllr-kaur", "--name", "Cllr Kaur", "--category",
               "ward-councillor").exit_code == 0
    before = stored_events(lap)
    # When it is imported
    result = run(lap, "roster", "import", "lap-1", csv_file(tmp_path, text))
    # Then exit 1, each refused row named with its rule and clause, and nothing recorded
    message = refused(result)
    assert "2 row(s) refused, so nothing was recorded" in message
    assert ("row 3: refused by rule 'seat-category' (clause LAP Steering Groups, terms "
            "version 1): seat r2 is a resident seat and Cllr Kaur is a ward-councillor"
            in message)
    assert "row 5: refused by rule 'one-seat-each'" in message
    assert "cllr-roy already holds seat c1 on lap-1" in message
    assert "row 2" not in message and "row 4" not in message
    assert stored_events(lap) == before


def test_a_refusal_under_json_lists_each_refused_row(lap: str, tmp_path: Path) -> None:
    # Given a spreadsheet naming an organisation the ledger does not have, without its name
    text = f"{HEADER}\nr1,residents,,ann-lee,Ann Lee,resident,yes,,,2026-02-01\n"
    before = stored_events(lap)
    # When it is imported with --json
    result = run(lap, "roster", "import", "lap-1", csv_file(tmp_path, text), "--json")
    # Then one JSON document names the row and why, and nothing is recorded
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["error"] == "RowsRefused"
    assert doc["rows"] == [{"row": 2, "error": "NotFound", "message": (
        "there is no org 'residents' in the ledger, and org_name is empty: give the name to "
        "add it")}]
    assert stored_events(lap) == before


def test_composition_is_judged_across_the_rows_as_seat_add_judges_it(
        lap: str, tmp_path: Path) -> None:
    # Given a spreadsheet of 16 resident seats where the LAP's terms have 15
    rows = "\n".join(f"r{n},residents,Residents,,,resident,yes,,,2026-02-01"
                     for n in range(1, 17))
    before = stored_events(lap)
    # When it is imported
    result = run(lap, "roster", "import", "lap-1", csv_file(tmp_path, f"{HEADER}\n{rows}\n"))
    # Then the 16th row (row 17) is refused by the composition rule, and nothing recorded
    message = refused(result)
    assert "1 row(s) refused" in message
    assert "row 17: refused by rule 'composition' (clause LAP Steering Groups" in message
    assert stored_events(lap) == before


def test_an_import_never_renames_nor_changes_a_seat(lap: str, tmp_path: Path) -> None:
    # Given the LAP imported
    assert run(lap, "roster", "import", "lap-1", csv_file(tmp_path, LAP)).exit_code == 0
    before = stored_events(lap)
    # When a spreadsheet renames an org and a person, and makes a voting seat non-voting
    text = f"""{HEADER}
r1,residents,Residents of LAP One,ann-lee,,resident,yes,,,2026-02-01
r2,residents,,cat-day,Catherine Day,resident,yes,,,2026-02-01
c1,lbth,,cllr-kaur,,ward-councillor,no,,,2026-02-01
"""
    message = refused(run(lap, "roster", "import", "lap-1", csv_file(tmp_path, text, "b.csv")))
    # Then each of the three rows is refused, saying what the ledger holds
    assert ("row 2: org Residents of LAP 1 (residents) is recorded as 'Residents of LAP 1' "
            "and the file names it 'Residents of LAP One'") in message
    assert "row 3: person Cat Day (Residents of LAP 1) is recorded as 'Cat Day'" in message
    assert "row 4: the seat c1 (" in message
    assert "has voting true (the file says false)" in message
    assert stored_events(lap) == before


MALFORMED = {
    "a missing column": ("seat,org,org_name,holder,holder_name,category,voting,deputy,on\n"
                         "r1,residents,R,,,resident,yes,,2026-02-01\n",
                         "has no column deputy_name"),
    "an unknown column": (HEADER + ",email\nr1,residents,R,,,resident,yes,,,2026-02-01,a@b\n",
                          "unknown column 'email'"),
    "a bad boolean": (f"{HEADER}\nr1,residents,R,,,resident,perhaps,,,2026-02-01\n",
                      "row 2: voting is true or false (or yes or no), not 'perhaps'"),
    "a bad date": (f"{HEADER}\nr1,residents,R,,,resident,yes,,,2026-02-30\n",
                   "row 2: the on cell '2026-02-30' is not a date"),
    "a duplicate seat": (f"{HEADER}\nr1,residents,R,,,resident,yes,,,2026-02-01\n"
                         "r1,residents,R,,,resident,yes,,,2026-02-01\n",
                         "row 3: seat 'r1' is given twice (rows 2 and 3)"),
    "a short row": (f"{HEADER}\nr1,residents\n", "row 2: it has 2 cells where the header has 10"),
    "no seat": (f"{HEADER}\n,residents,R,,,resident,yes,,,2026-02-01\n",
                "row 2: the seat cell is empty"),
    "an empty file": ("", "is empty"),
    "a bad slug": (f"{HEADER}\nR 1,residents,R,,,resident,yes,,,2026-02-01\n",
                   "row 2: seat id 'R 1' is not a slug"),
}


@pytest.mark.parametrize(("text", "says"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_file_is_refused_naming_the_fault_and_nothing_recorded(
        lap: str, tmp_path: Path, text: str, says: str) -> None:
    # Given a spreadsheet with a fault
    before = stored_events(lap)
    # When it is imported
    message = refused(run(lap, "roster", "import", "lap-1", csv_file(tmp_path, text)))
    # Then it is refused, saying what is wrong and where, and nothing is recorded
    assert says in message
    assert stored_events(lap) == before


def test_a_body_the_terms_do_not_have_is_refused_once(lap: str, tmp_path: Path) -> None:
    before = stored_events(lap)
    message = refused(run(lap, "roster", "import", "lap-9", csv_file(tmp_path, LAP)))
    assert message.startswith("Error: there is no body 'lap-9' in terms version 1")
    assert stored_events(lap) == before


def test_import_reads_standard_input_and_shows_no_progress_bar_in_a_pipe(lap: str) -> None:
    # When the spreadsheet comes on standard input (not a terminal)
    result = run(lap, "roster", "import", "lap-1", "-", stdin=LAP)
    # Then it is imported, and stderr (where a bar would be drawn) stays empty
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Imported 4 row(s) into lap-1: 4 seat(s) added, 3 filled")


# ---------------------------------------------------------------------------- export


def test_export_writes_the_promised_columns_one_row_a_seat(lap: str, tmp_path: Path) -> None:
    # Given the LAP imported
    assert run(lap, "roster", "import", "lap-1", csv_file(tmp_path, LAP)).exit_code == 0
    # When its roster is exported as of 1 March
    result = run(lap, "roster", "export", "lap-1", "--format", "csv", "--as-of", "2026-03-01")
    # Then the CSV has CONTRACT.md's header and each seat as the spreadsheet had it
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        HEADER,
        "c1,lbth,Tower Hamlets Council,cllr-kaur,Cllr Kaur,ward-councillor,yes,,,2026-02-01",
        "r1,residents,Residents of LAP 1,ann-lee,Ann Lee,resident,yes,bob-roe,Bob Roe,2026-02-01",
        "r2,residents,Residents of LAP 1,cat-day,Cat Day,resident,yes,,,2026-02-01",
        # a vacant seat is dated by the roster's day
        "s1,nhs,NHS North East London,,,service-provider,no,,,2026-03-01",
    ]


def test_export_then_import_into_a_fresh_ledger_gives_the_same_roster(
        lap: str, tmp_path: Path) -> None:
    # Given the LAP imported, then changed by hand (a replacement on a later day)
    assert run(lap, "roster", "import", "lap-1", csv_file(tmp_path, LAP)).exit_code == 0
    assert run(lap, "person", "add", "eve-hall", "--name", "=Eve Hall", "--category",
               "resident").exit_code == 0
    assert run(lap, "seat", "fill", "lap-1", "r2", "eve-hall", "--on",
               "2026-02-15T18:30").exit_code == 0
    exported = run(lap, "roster", "export", "lap-1", "--as-of", "2026-03-01")
    assert exported.exit_code == 0, exported.stderr
    # When the export is imported into a fresh ledger with the same terms
    fresh = str(tmp_path / "fresh.sqlite")
    assert run(fresh, "init", "Tower Hamlets Partnership", "--terms", TOWER_HAMLETS,
               "--on", "2026-01-01").exit_code == 0
    imported = run(fresh, "roster", "import", "lap-1",
                   csv_file(tmp_path, exported.stdout, "exported.csv"))
    assert imported.exit_code == 0, imported.stderr
    # Then the two rosters are the same on that date (a formula-like name included)
    assert seats(fresh) == seats(lap)
    assert seats(fresh)["r2"]["holder_name"] == "=Eve Hall"


def test_roster_body_still_reads_as_before_and_show_is_the_same(lap: str, tmp_path: Path
                                                                ) -> None:
    assert run(lap, "roster", "import", "lap-1", csv_file(tmp_path, LAP)).exit_code == 0
    plain = run(lap, "roster", "--as-of", "2026-03-01", "lap-1", "--json")
    shown = run(lap, "roster", "show", "lap-1", "--as-of", "2026-03-01", "--json")
    assert json_of(plain) == json_of(shown)
    assert json_of(plain)["filled_seats"] == 3


# A roster of LAP seats: each a category, voting or not, a holder or none, a deputy or none.
SEAT = st.tuples(st.sampled_from(["resident", "ward-councillor", "service-provider"]),
                 st.booleans(), st.booleans(), st.booleans(),
                 st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
                         min_size=1, max_size=12).map(str.strip).filter(bool),
                 st.sampled_from(["2026-01-05", "2026-02-01", "2026-02-01T18:30"]))


@pytest.mark.sqlite_only
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(SEAT, min_size=1, max_size=6))
def test_property_export_then_import_gives_the_same_roster(
        tmp_path_factory: pytest.TempPathFactory,
        seats_given: list[tuple[str, bool, bool, bool, str, str]]) -> None:
    # Given a ledger whose LAP has these seats (names of any letters and punctuation)
    folder = tmp_path_factory.mktemp("property")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER.split(","))
    for n, (category, voting, held, deputy, name, day) in enumerate(seats_given):
        writer.writerow([f"s{n}", f"org-{n}", f"{name} Org", f"p{n}" if held else "",
                         name if held else "", category, "yes" if voting else "no",
                         f"d{n}" if deputy else "", f"Deputy {name}" if deputy else "", day])
    first, second = str(folder / "a.sqlite"), str(folder / "b.sqlite")
    for store in (first, second):
        assert run(store, "init", "TH", "--terms", TOWER_HAMLETS,
                   "--on", "2026-01-01").exit_code == 0
    made = run(first, "roster", "import", "lap-1", csv_file(folder, out.getvalue()))
    assert made.exit_code == 0, made.stderr
    # When its export is imported into a fresh ledger
    exported = run(first, "roster", "export", "lap-1", "--as-of", "2026-03-01").stdout
    again = run(second, "roster", "import", "lap-1", csv_file(folder, exported, "b.csv"))
    assert again.exit_code == 0, again.stderr
    # Then the rosters are the same, and so is the export
    assert seats(second) == seats(first)
    assert run(second, "roster", "export", "lap-1", "--as-of", "2026-03-01").stdout == exported


# ------------------------------------------------------------------ a simultaneous write


def test_an_import_beaten_by_a_simultaneous_write_is_judged_again_against_it(
        lap: str) -> None:
    # Given the LAP imported, and a second spreadsheet keeping Ann Lee in r1 and adding r3
    from ledger.app import Ledger
    from ledger.roster_csv import read_rows
    from ledger.roster_import import import_roster

    with freeze_time(NOW):
        ledger, other = Ledger(lap, "secretariat"), Ledger(lap, "colleague")
        import_roster(ledger, "lap-1", read_rows(LAP))
        rows = read_rows(f"{HEADER}\n"
                         "r1,residents,,ann-lee,,resident,yes,bob-roe,,2026-02-01\n"
                         "r3,residents,,fay-ong,Fay Ong,resident,yes,,,2026-02-01\n")
        other.add_person("zed-ash", "Zed Ash", "resident")
        raced: list[int] = []

        def colleague_fills_r1_meanwhile() -> None:
            if not raced:  # while the first attempt is judging its rows
                raced.append(1)
                other.fill_seat("lap-1", "r1", "zed-ash", on("2026-02-01"))

        # When the import runs while a colleague puts Zed Ash in r1
        done = import_roster(ledger, "lap-1", rows, tick=colleague_fills_r1_meanwhile)
    # Then its save collided, it ran again against the colleague's fill, and the file's
    # roster stands: Ann Lee back in r1 (a fill the first attempt had no need of), r3 added
    assert ledger.retries == 1
    assert (done.counts["filled"], done.counts["seats"]) == (2, 1)
    roster = seats(lap)
    assert (roster["r1"]["holder"], roster["r3"]["holder"]) == ("ann-lee", "fay-ong")
