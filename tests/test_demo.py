"""`lsp demo`: the Daventry and Lewisham ledgers built from examples/*/history.lsp.

The demo is the first thing a new user runs (README), so it must work on a fresh clone,
work again on a second run, and never destroy a ledger that is not its own.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cli.batch import read_lines
from cli.main import cli
from ledger.app import Ledger
from tests.conftest import EXAMPLES, event_count

Lsp = Callable[..., Result]

DAVENTRY_TERMS = str(EXAMPLES / "daventry" / "terms.toml")


def stored_events(store: str | Path) -> int:
    ledger = Ledger(str(store), "x")
    try:
        return event_count(ledger)
    finally:
        ledger.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seat(roster: dict[str, Any], seat_id: str) -> dict[str, Any]:
    rows = [s for s in roster["seats"] if s["seat"] == seat_id]
    assert len(rows) == 1, roster["seats"]
    return rows[0]


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    return tmp_path / "demo.sqlite"


@pytest.fixture
def lewisham_store(demo_store: Path) -> Path:
    return demo_store.with_name("demo-lewisham.sqlite")


def test_demo_prints_the_rosters_the_refusal_and_what_to_try_next(
        lsp: Lsp, demo_store: Path, lewisham_store: Path) -> None:
    # Given no demo ledger yet
    # When the demo runs
    result = lsp("demo", "--store", str(demo_store))
    # Then it builds both ledgers and prints what a user looks at first
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith(f"Built {demo_store} (Daventry, ")
    assert f"and {lewisham_store} (Lewisham, " in out
    now, rest = out.split("The same body on 1 May 2026", 1)
    earlier, rest = rest.split("The minutes of the Executive's meeting of 12 November", 1)
    minutes, lewisham = rest.split("Lewisham: the Partnership Steering Group", 1)
    # the Daventry Executive now: the Police's replacement since June holds the seat
    assert "LSP Executive (executive) as of " in now
    assert "Supt Omar Ali" in now
    assert "Supt Kate" not in now  # (a name may wrap in its table cell: tables fit 100 columns)
    assert "11 of 11 seats filled; 11 voting seats." in now
    # and on 1 May 2026, before the changes of the summer
    assert "LSP Executive (executive) as of 1 May 2026 (terms version 1)" in earlier
    assert "Supt Kate" in earlier
    assert "Supt Omar Ali" not in earlier
    # the minutes of the November meeting: the vote decided by the chair's casting vote
    assert ("# LSP Executive\n\nDaventry District Local Strategic Partnership\n\n**Minutes** "
            "of the meeting held on Thursday 12 November 2026 at 2.00 pm at Council Chamber, "
            "Lodge Road, Daventry.") in minutes
    assert ("**RESOLVED:** that the Executive support the Volunteer Centre's bid to the "
            "Community Fund.\n\nOn a vote: 2 for, 2 against, 1 abstention; the Chair, Cllr Amy "
            "Hart, used the casting vote in favour (clause 4.3).") in minutes
    assert "5 voting members present; clause 4.5 requires 3" in minutes
    # the Lewisham PSG, drawn from the Full Partnership, and the refusal that shows it
    assert "Partnership Steering Group (psg) as of " in lewisham
    held = next(line for line in lewisham.splitlines() if line.startswith("council-ceo"))
    assert "Carl Price (Chief" in held  # "Executive)" wraps beneath, the table at 100
    assert "refused by rule 'drawn-from' (clause PSG, membership principle 1" in lewisham
    assert "Compliance check on the Daventry ledger: " in lewisham
    # and it ends with a decision taken between meetings, on the paper for the next meeting
    assert ("# Decisions taken between meetings: LSP Executive, 10 December 2026 at 2.00 pm"
            in lewisham)
    assert "Cllr Amy Hart, chair (Daventry District Council, seat ddc-member-1)" in lewisham
    assert "the chair and 2 other member(s) agree; clause 4.6 needs the chair and 1" in lewisham
    assert "Try next" in lewisham
    assert f"  lsp --store {demo_store} roster executive --as-of " in lewisham
    assert stored_events(demo_store) > 50
    assert stored_events(lewisham_store) > 40


def test_demo_runs_twice_and_rebuilds_its_own_ledgers(
        lsp: Lsp, demo_store: Path, lewisham_store: Path) -> None:
    # Given a demo already built
    first = lsp("demo", "--store", str(demo_store))
    assert first.exit_code == 0, first.stderr
    counts = (stored_events(demo_store), stored_events(lewisham_store))
    # When it runs again on the same store
    second = lsp("demo", "--store", str(demo_store))
    # Then it succeeds, rebuilding the ledgers rather than adding to them
    assert second.exit_code == 0, second.stderr
    assert second.stderr == ""
    assert second.stdout.splitlines()[0] == first.stdout.splitlines()[0]
    assert "Try next" in second.stdout
    assert (stored_events(demo_store), stored_events(lewisham_store)) == counts


def test_demo_json_is_one_document_with_the_rosters_refusal_and_check(
        lsp: Lsp, demo_store: Path, lewisham_store: Path) -> None:
    # Given no demo ledger yet
    # When the demo runs with --json
    result = lsp("demo", "--store", str(demo_store), "--json")
    # Then stdout is exactly one JSON document (the replayed commands print nothing)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert {"stores", "daventry_now", "daventry_earlier", "lewisham_psg", "refusal",
            "check", "minutes", "ratifications"} <= set(doc)
    assert doc["stores"] == {"daventry": str(demo_store), "lewisham": str(lewisham_store)}
    assert doc["daventry_now"]["body"] == "executive"
    assert seat(doc["daventry_now"], "police")["holder"] == "supt-omar-ali"
    assert doc["daventry_earlier"]["as_of"] == "2026-05-01 23:59"
    assert seat(doc["daventry_earlier"], "police")["holder"] == "supt-kate-moss"
    assert seat(doc["daventry_earlier"], "police")["role"] == "vice-chair"
    assert doc["lewisham_psg"]["body"] == "psg"
    assert seat(doc["lewisham_psg"], "lewisham-local")["holder"] is None
    assert doc["refusal"].startswith("refused by rule 'drawn-from'")
    assert {"as_of", "terms_version", "warnings"} <= set(doc["check"])


@pytest.mark.sqlite_only  # the demo builds SQLite files
def test_demo_refuses_to_replace_a_ledger_that_is_not_a_demo(
        lsp: Lsp, store: str, tmp_path: Path) -> None:
    # Given a real ledger, recorded by someone other than the demo
    init = lsp("init", "Daventry District LSP", "--terms", DAVENTRY_TERMS, "--on", "2026-04-01")
    assert init.exit_code == 0, init.stderr
    assert lsp("org", "add", "northants-police", "--name", "Northamptonshire Police"
               ).exit_code == 0
    before = stored_events(store)
    # When the demo is pointed at it, as text and as JSON
    text = lsp("demo", "--store", store)
    as_json = lsp("demo", "--store", store, "--json")
    # Then it is refused (exit 1) and the ledger keeps every event; no Lewisham ledger is made
    assert text.exit_code == 1
    assert text.stdout == ""
    assert text.stderr == (f"Error: {store} exists and is not a demo ledger: it is left as "
                           "it is; give another --store\n")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["error"] == "InvalidInput"
    assert as_json.stderr == text.stderr
    assert stored_events(store) == before
    assert not (tmp_path / "ledger-lewisham.sqlite").exists()


def test_demo_refuses_to_replace_a_file_that_is_not_a_ledger(tmp_path: Path) -> None:
    # Given a file that is not a ledger at all
    path = tmp_path / "minutes.sqlite"
    path.write_text("Minutes of the LSP Executive, 8 December 2026\n", encoding="utf-8")
    before = digest(path)
    # When the demo is pointed at it
    result = CliRunner().invoke(cli, ["demo", "--store", str(path)], catch_exceptions=False)
    # Then it is refused and the file is untouched, byte for byte
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path} exists and is not a demo ledger")
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.sqlite"]


@pytest.mark.sqlite_only  # the demo builds SQLite files
def test_demo_leaves_a_refused_ledger_untouched_byte_for_byte(
        lsp: Lsp, store: str) -> None:
    # Given a real ledger, only ever written to (its read models never built)
    init = lsp("init", "Daventry District LSP", "--terms", DAVENTRY_TERMS, "--on", "2026-04-01")
    assert init.exit_code == 0, init.stderr
    before = digest(Path(store))
    # When the demo is pointed at it
    result = lsp("demo", "--store", store)
    # Then it is refused and the file is exactly as it was
    assert result.exit_code == 1
    assert "is not a demo ledger" in result.stderr
    assert digest(Path(store)) == before


@pytest.mark.postgres_only
def test_demo_refuses_a_postgresql_store_and_records_nothing(lsp: Lsp, store: str) -> None:
    # Given a PostgreSQL ledger
    init = lsp("init", "Daventry District LSP", "--terms", DAVENTRY_TERMS, "--on", "2026-04-01")
    assert init.exit_code == 0, init.stderr
    before = stored_events(store)
    # When the demo is pointed at it
    result = lsp("demo", "--store", store)
    # Then it is refused (the demo builds its ledgers in SQLite files), nothing recorded
    assert result.exit_code == 1
    assert "lsp demo builds its two ledgers in SQLite files" in result.stderr
    assert stored_events(store) == before


def test_every_command_the_demo_suggests_runs(
        lsp: Lsp, demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given the demo, built
    result = lsp("demo", "--store", str(demo_store))
    assert result.exit_code == 0, result.stderr
    suggested = result.stdout.split("Try next", 1)[1].splitlines()
    commands = [shlex.split(line, comments=True)[1:] for line in suggested
                if line.strip().startswith("lsp ")]
    assert len(commands) >= 4
    # When a user runs each command it suggests
    monkeypatch.chdir(tmp_path)
    runs = {" ".join(args): CliRunner().invoke(cli, args, catch_exceptions=False)
            for args in commands}
    # Then each one works
    failed = {c: r.stderr for c, r in runs.items() if r.exit_code != 0}
    assert not failed


def test_the_demo_december_agenda_lists_the_decisions_between_meetings_once_clause_4_6(
        lsp: Lsp, demo_store: Path) -> None:
    # Given the demo, built (a decision taken between meetings in November, 4.6)
    assert lsp("demo", "--store", str(demo_store)).exit_code == 0
    # When the December meeting's agenda is printed
    result = lsp("--store", str(demo_store), "report", "agenda", "exec-2026-12", "--json")
    # Then one entry reports the decisions taken between meetings, and it has the decision
    assert result.exit_code == 0, result.stderr
    agenda = json.loads(result.stdout)
    between = [e for e in agenda["entries"] if "between meetings" in e["title"].lower()]
    assert [e["kind"] for e in between] == ["reports"]
    assert [d["decision"] for d in agenda["decisions_to_report"]] == ["vc-match-funding"]


# --------------------------------------------------------------------------------------
# lsp demo --partnership NAME (issue 15): any one bundled example's ledger
# --------------------------------------------------------------------------------------

PARTNERSHIPS = sorted(p.parent.name for p in EXAMPLES.glob("*/history.lsp"))


@pytest.mark.parametrize("name", PARTNERSHIPS)
def test_demo_partnership_builds_that_history_and_shows_its_first_body_meetings_and_check(
        name: str, tmp_path: Path) -> None:
    # Given no demo ledger yet, and a bundled history
    store = tmp_path / f"{name}.sqlite"
    lines = read_lines((EXAMPLES / name / "history.lsp").read_text(encoding="utf-8"))
    scheduled = [line.args[3] for line in lines if line.args[:2] == ["meeting", "schedule"]]
    commands = len(lines)
    # When the demo is asked for that partnership, as text and then as JSON
    text = CliRunner().invoke(cli, ["demo", "--partnership", name, "--store", str(store)],
                              catch_exceptions=False)
    as_json = CliRunner().invoke(cli, ["demo", "--partnership", name, "--store", str(store),
                                       "--json"], catch_exceptions=False)
    # Then it builds only that ledger, every command of its history replayed, and shows its
    # first body's roster, the year's meetings and the compliance check
    assert text.exit_code == 0, text.stderr
    assert text.stderr == ""
    assert text.stdout.startswith(f"Built {store} (")
    assert f", {commands} commands)." in text.stdout.splitlines()[0]
    assert ("\nMeetings\n" if scheduled else "\nNo meetings (") in text.stdout
    assert "Compliance check: " in text.stdout
    assert f"(the commands that built this ledger are in examples/{name}/history.lsp)" \
        in text.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.sqlite"]
    assert as_json.exit_code == 0, as_json.stderr
    doc = json.loads(as_json.stdout)
    assert doc["partnership"] == name
    assert doc["commands"] == commands
    assert doc["roster"]["body"] == doc["bodies"][0]
    assert doc["roster"]["seats"]
    assert [m["meeting"] for m in doc["meetings"]["meetings"]] == scheduled
    assert {"as_of", "terms_version", "warnings"} <= set(doc["check"])
    assert doc["story_ends"] < "2026-12-04"


def test_demo_partnership_tower_hamlets_shows_the_board_and_the_minutes_of_its_last_meeting(
        tmp_path: Path) -> None:
    # Given no demo ledger yet
    store = tmp_path / "th.sqlite"
    # When the Tower Hamlets demo is built
    result = CliRunner().invoke(cli, ["demo", "--partnership", "tower-hamlets", "--store",
                                      str(store)], catch_exceptions=False)
    # Then it opens with the Partnership Board, the Mayor in the chair, and ends with the
    # minutes of the November Board and the commands to read the other bodies
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"Built {store} (The Tower Hamlets Partnership, ")
    assert "Partnership Board (board) as of " in out
    assert "Mayor Rahim Chowdhury" in out
    assert "The minutes of its last meeting (lsp report minutes board-2026-11):" in out
    assert ("**Minutes** of the meeting held on Wednesday 25 November 2026 at 5.30 pm"
            in out)
    assert f"  lsp --store {store} roster lap-1" in out
    assert f"  lsp --store {store} check --as-of 2026-12-02" in out


def test_demo_partnership_unknown_name_is_refused_naming_the_known_ones_and_creates_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given an empty folder
    monkeypatch.chdir(tmp_path)
    # When the demo is asked for a partnership that is not bundled, as text and as JSON
    text = CliRunner().invoke(cli, ["demo", "--partnership", "hackney"],
                              catch_exceptions=False)
    as_json = CliRunner().invoke(cli, ["demo", "--partnership", "hackney", "--json"],
                                 catch_exceptions=False)
    # Then it is refused (exit 1) naming the bundled ones, and no file is made
    assert text.exit_code == 1
    assert text.stdout == ""
    assert text.stderr == (
        "Error: there is no bundled example 'hackney' with a history to replay (the bundled "
        "ones: daventry, lewisham, partnership-southwark, southwark-alliance, "
        "tower-hamlets)\n")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["error"] == "InvalidInput"
    assert list(tmp_path.iterdir()) == []


def test_demo_partnership_builds_beside_the_default_demo_and_replaces_only_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a folder where the default demo was built
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert first.exit_code == 0, first.stderr
    daventry = digest(tmp_path / "lsp-demo.sqlite")
    # When a partnership's demo is built there without --store, twice
    once = CliRunner().invoke(cli, ["demo", "--partnership", "partnership-southwark"],
                              catch_exceptions=False)
    again = CliRunner().invoke(cli, ["demo", "--partnership", "partnership-southwark"],
                               catch_exceptions=False)
    # Then it is built in lsp-demo-NAME.sqlite, rebuilt the second time, and the default
    # demo's ledgers are left as they were
    assert once.exit_code == 0, once.stderr
    assert again.exit_code == 0, again.stderr
    assert once.stdout.startswith("Built lsp-demo-partnership-southwark.sqlite (")
    assert stored_events(tmp_path / "lsp-demo-partnership-southwark.sqlite") == int(
        json.loads(CliRunner().invoke(
            cli, ["--store", "lsp-demo-partnership-southwark.sqlite", "verify", "--json"]
        ).stdout)["events"])
    assert digest(tmp_path / "lsp-demo.sqlite") == daventry
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite") == [
        "lsp-demo-lewisham.sqlite", "lsp-demo-partnership-southwark.sqlite", "lsp-demo.sqlite"]


def test_every_command_the_partnership_demo_suggests_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given the Southwark Alliance demo, built in a folder
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo", "--partnership", "southwark-alliance"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    suggested = result.stdout.split("Try next", 1)[1].splitlines()
    commands = [shlex.split(line, comments=True)[1:] for line in suggested
                if line.strip().startswith("lsp ")]
    assert len(commands) >= 6
    # When a user runs each command it suggests
    runs = {" ".join(args): CliRunner().invoke(cli, args, catch_exceptions=False)
            for args in commands}
    # Then each one works
    failed = {c: r.stderr for c, r in runs.items() if r.exit_code != 0}
    assert not failed
