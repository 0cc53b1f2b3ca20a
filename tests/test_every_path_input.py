"""Issue 11, bad input: every bad value is refused with a message (exit 1, nothing
recorded), never a traceback; no output path overwrites the ledger or, without
`--force`, any file; a read never writes to a file that is not a ledger.

Each test reproduces one numbered item of issue 11 through the `lsp` command, given /
when / then. A test marked `xfail(strict=True)` fails today because of the bug it names
(some of them by a traceback, which the `lsp` fixture lets through): the fix must
remove the mark.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from freezegun import freeze_time

from ledger.app import Ledger
from tests.conftest import event_count, on
from tests.helpers import EVERY_RULE, every_rule_board, store_exists

NewLedger = Callable[..., Ledger]
WriteTerms = Callable[[str], str]
Lsp = Callable[..., Result]

NOW = "2026-03-20 21:00:00"


def lsp_at(store: str, *args: str, actor: str = "tester", seal: bool = False) -> Result:
    """`lsp --store STORE --as ACTOR ARGS...`, sealing off unless `seal`, tracebacks let
    through."""
    from cli.main import cli

    return CliRunner().invoke(cli, ["--store", store, "--as", actor, *args],
                              catch_exceptions=False, env={"LSP_SEAL": "on" if seal else "off"})


def board(new_ledger: NewLedger, write_terms: WriteTerms) -> Ledger:
    return every_rule_board(new_ledger(write_terms(EVERY_RULE)))


def refused(result: Result) -> None:
    """Exit 1 with one `Error: ` message on stderr."""
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ")


def tables(path: str) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))


# ---------------------------------------------------------------- item 17: not refused


@freeze_time(NOW)
@pytest.mark.parametrize("args", [
    ["seat", "add", "board", "s5", "--org", "org-a", "--on", ""],
    ["seat", "vacate", "board", "s2", "--on", ""],
    ["deputy", "nominate", "board", "s3", "erin", "--on", ""],
], ids=["seat-add", "seat-vacate", "deputy-nominate"])
def test_an_empty_date_is_refused(new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
                                  args: list[str]) -> None:
    # given: a board
    ledger = board(new_ledger, write_terms)
    before = event_count(ledger)

    # when: a command is given --on ""
    result = lsp(*args)

    # then: refused, nothing recorded
    refused(result)
    assert event_count(ledger) == before


def test_a_boolean_quorum_is_refused_docs_terms(write_terms: WriteTerms, lsp: Lsp,
                                                store: str) -> None:
    # given: terms whose quorum is `members = true`
    terms = write_terms(EVERY_RULE.replace("members = 3", "members = true"))

    # when: a ledger is created with them
    result = lsp("init", "Test", "--terms", terms, "--on", "2026-01-01")

    # then: refused, and no ledger is made
    refused(result)
    assert "members" in result.stderr
    assert not store_exists(store)


@freeze_time(NOW)
@pytest.mark.parametrize("args", [
    ["person", "add", "mallory", "--name", "Mallory\nseat-9  Org  Forged  yes"],
    ["org", "add", "evil", "--name", "Evil\r\nForged line"],
], ids=["person", "org"])
def test_a_name_with_a_line_break_is_refused(new_ledger: NewLedger, write_terms: WriteTerms,
                                             lsp: Lsp, args: list[str]) -> None:
    # given: a board
    ledger = board(new_ledger, write_terms)
    before = event_count(ledger)

    # when: a name with a line break is given
    result = lsp(*args)

    # then: refused, nothing recorded
    refused(result)
    assert event_count(ledger) == before


@pytest.mark.parametrize("name", ["Board\nseat-9  Org  Forged  yes", "Board\u2028Forged",
                                  "Board\x1b[2J"], ids=["newline", "line-separator", "escape"])
def test_a_body_name_with_a_control_character_is_refused_docs_terms(
    write_terms: WriteTerms, lsp: Lsp, store: str, name: str,
) -> None:
    # given: terms whose body's name holds a line break or control character
    terms = write_terms(EVERY_RULE.replace('name = "Board"', f"name = {json.dumps(name)}"))

    # when: a ledger is created with them
    result = lsp("init", "Test", "--terms", terms, "--on", "2026-01-01")

    # then: refused naming the key, and no ledger is made
    refused(result)
    assert "bodies.board.name" in result.stderr
    assert not store_exists(store)


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("actor", "seal"), [("someone", False), ("lsp-demo", False),
                                             ("lsp-demo", True)],
                         ids=["someone", "as-the-demo", "as-the-demo-sealed"])
def test_the_demo_never_deletes_what_others_recorded(tmp_path: Path, lsp: Lsp, actor: str,
                                                     seal: bool) -> None:
    # given: a demo ledger, in which someone then records a person (even as the demo)
    demo = str(tmp_path / "demo.sqlite")
    assert lsp("demo", "--store", demo).exit_code == 0
    added = lsp_at(demo, "person", "add", "zoe", "--name", "Zoe", actor=actor, seal=seal)
    assert added.exit_code == 0, added.output
    with Ledger(demo, "reader") as ledger:
        before = event_count(ledger)

    # when: the demo is run again on it
    result = lsp("demo", "--store", demo)

    # then: refused, and the ledger is as it was
    refused(result)
    with Ledger(demo, "reader") as ledger:
        assert event_count(ledger) == before


# ---------------------------------------------------------------- item 18: tracebacks


@pytest.mark.parametrize("args", [
    ["meeting", "schedule", "board", "m-far", "--on", "9999-12-31T23:30-05:00"],
    ["seat", "add", "board", "s5", "--org", "org-a", "--on", "0001-01-01T00:30+05:00"],
], ids=["end-of-time", "start-of-time"])
def test_an_extreme_date_is_refused_with_a_message(new_ledger: NewLedger,
                                                   write_terms: WriteTerms, lsp: Lsp,
                                                   args: list[str]) -> None:
    # given: a board
    ledger = board(new_ledger, write_terms)
    before = event_count(ledger)

    # when: a date at the edge of the calendar, with an offset, is given
    result = lsp(*args)

    # then: refused with a message, nothing recorded
    refused(result)
    assert event_count(ledger) == before


@pytest.mark.parametrize("args", [
    ["roster", "board", "--as-of", "9999-12-31"],
    ["check", "--as-of", "9999-12-31"],
], ids=["roster", "check"])
def test_reading_at_the_end_of_the_calendar_answers_or_refuses(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp, args: list[str],
) -> None:
    # given: a board
    board(new_ledger, write_terms)

    # when: it is read as of the last day of the calendar
    result = lsp(*args)

    # then: an answer, or a refusal with a message; never a traceback
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        refused(result)


@freeze_time(NOW)
def test_a_huge_term_is_refused_with_a_message(new_ledger: NewLedger,
                                               write_terms: WriteTerms, lsp: Lsp) -> None:
    # given: a board
    ledger = board(new_ledger, write_terms)
    before = event_count(ledger)

    # when: a seat is added with a term past the calendar's end, and filled
    added = lsp("seat", "add", "board", "s5", "--org", "org-a", "--term-years", "100000",
                "--on", "2026-02-01")
    filled = lsp("seat", "fill", "board", "s5", "erin", "--on", "2026-02-01")

    # then: one of them is refused with a message, and no term past 9999 is recorded
    assert (added.exit_code, filled.exit_code) in ((1, 1), (0, 1)), added.output
    refused(filled)
    assert event_count(ledger) == before + (1 if added.exit_code == 0 else 0)


def test_a_deeply_nested_terms_file_is_refused(tmp_path: Path, lsp: Lsp, store: str) -> None:
    # given: a terms file nested deeper than any reader's stack
    deep = tmp_path / "deep.toml"
    deep.write_text(EVERY_RULE.replace("    ", "") + "x = " + "[" * 100_000 + "]" * 100_000
                    + "\n", encoding="utf-8")

    # when: a ledger is created with it
    result = lsp("init", "Test", "--terms", str(deep))

    # then: refused with a message, and no ledger is made
    refused(result)
    assert not store_exists(store)


@freeze_time(NOW)
def test_an_export_that_cannot_be_written_is_refused(new_ledger: NewLedger,
                                                     write_terms: WriteTerms,
                                                     lsp: Lsp) -> None:
    # given: a board
    board(new_ledger, write_terms)

    # when: it is exported where no file can be made
    result = lsp("export", "/proc/self/ledger.json")

    # then: refused with a message
    refused(result)


def test_a_foreign_stored_events_table_is_refused(tmp_path: Path) -> None:
    # given: an SQLite file with a `stored_events` table of another shape
    path = str(tmp_path / "other.sqlite")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE stored_events (id INTEGER PRIMARY KEY, payload TEXT)")
        conn.execute("INSERT INTO stored_events (payload) VALUES ('theirs')")
        conn.commit()

    # when: the ledger reads it
    results = [lsp_at(path, *args) for args in (["roster", "board"], ["audit"],
                                                ["verify"])]

    # then: each is refused with a message
    for result in results:
        refused(result)


@pytest.mark.postgres_only
def test_the_writer_reads_a_ledger_the_owner_imported_docs_deploy(
    store: str, tmp_path: Path, new_ledger: NewLedger, write_terms: WriteTerms,
) -> None:
    import uuid

    from tests.conftest import POSTGRES_URL, close_opened_ledgers

    # given: an export of a board, and a schema set up by its owner with init-postgres
    source = str(tmp_path / "source.sqlite")
    with Ledger(source, "secretariat", create=True) as made:
        made.init("Test Partnership", write_terms(EVERY_RULE), on("2026-01-01"))
        every_rule_board(made)
    export = str(tmp_path / "ledger.json")
    assert lsp_at(source, "export", export).exit_code == 0
    writer = f"lsp_w_{uuid.uuid4().hex[:10]}"
    setup = lsp_at(store, "store", "init-postgres", "--writer", writer, "--json")
    assert setup.exit_code == 0, setup.output
    writer_store: str = json.loads(setup.stdout)["writer_store"]
    try:
        # when: the owner imports the export, and the writer reads
        imported = lsp_at(store, "import", export)
        read = lsp_at(writer_store, "roster", "board", "--json")

        # then: both succeed
        assert imported.exit_code == 0, imported.output
        assert read.exit_code == 0, read.output
        assert [s["seat"] for s in json.loads(read.stdout)["seats"]] == ["s1", "s2", "s3",
                                                                          "s4"]
    finally:
        close_opened_ledgers()
        import psycopg

        with psycopg.connect(POSTGRES_URL.split("?")[0], autocommit=True) as conn:
            conn.execute(f'DROP OWNED BY "{writer}" CASCADE')
            conn.execute(f'DROP ROLE "{writer}"')


# ---------------------------------------------------------------- item 19: output paths


def a_meeting(ledger: Ledger) -> None:
    ledger.schedule_meeting("board", "b-1", on("2026-03-20"))
    ledger.add_agenda_item("b-1", "budget", "The budget")


@freeze_time(NOW)
@pytest.mark.sqlite_only
@pytest.mark.parametrize("args", [
    ["export", "{store}"],
    ["report", "minutes", "b-1", "--output", "{store}"],
    ["report", "minutes", "b-1", "--output", "{store}", "--force"],
    ["report", "ratifications", "b-1", "--format", "html", "--output", "{store}"],
], ids=["export", "minutes", "minutes-forced", "ratifications"])
def test_no_output_overwrites_the_ledger(new_ledger: NewLedger, write_terms: WriteTerms,
                                         lsp: Lsp, store: str, args: list[str]) -> None:
    # given: a ledger with a meeting
    ledger = board(new_ledger, write_terms)
    a_meeting(ledger)
    before = Path(store).read_bytes()

    # when: the output is the ledger itself (even with --force)
    result = lsp(*(a.format(store=store) for a in args))

    # then: refused, and the ledger's file is untouched
    refused(result)
    assert Path(store).read_bytes() == before


@freeze_time(NOW)
@pytest.mark.parametrize("args", [
    ["export", "{out}"],
    ["report", "minutes", "b-1", "--output", "{out}"],
], ids=["export", "minutes"])
def test_an_existing_file_is_overwritten_only_with_force(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp, tmp_path: Path,
    args: list[str],
) -> None:
    # given: a ledger with a meeting, and a file of someone's at the output path
    ledger = board(new_ledger, write_terms)
    a_meeting(ledger)
    out = tmp_path / "theirs.txt"
    out.write_text("someone's work\n", encoding="utf-8")
    command = [a.format(out=out) for a in args]

    # when: the output is written there without, then with, --force
    without = lsp(*command)
    kept = out.read_text(encoding="utf-8")
    forced = lsp(*command, "--force")

    # then: refused without --force, the file kept; written with it
    refused(without)
    assert kept == "someone's work\n"
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8") != "someone's work\n"


# ---------------------------------------------------------------- item 21: reads, entities


def test_a_read_writes_nothing_to_a_file_that_is_not_a_ledger(tmp_path: Path) -> None:
    # given: someone's SQLite file
    path = str(tmp_path / "theirs.sqlite")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()

    # when: lsp reads it
    results = [lsp_at(path, *args) for args in (["roster", "board"], ["check"],
                                                ["projections", "status"])]

    # then: each is refused (there is no ledger there), and the file holds only its table
    for result in results:
        refused(result)
    assert tables(path) == ["notes"]


@freeze_time(NOW)
def test_audit_takes_a_bare_slug_naming_one_entity_contract(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: a meeting m1, the only entity of that slug
    ledger = board(new_ledger, write_terms)
    ledger.schedule_meeting("board", "m1", on("2026-03-20"))

    # when: its audit trail is asked for by the bare slug, and by KIND:SLUG
    bare = lsp("audit", "--entity", "m1", "--json")
    kind = lsp("audit", "--entity", "meeting:m1", "--json")

    # then: the same events
    assert bare.exit_code == 0, bare.output
    events: list[dict[str, Any]] = json.loads(bare.stdout)["events"]
    assert events == json.loads(kind.stdout)["events"]
    assert {e["entity"] for e in events} == {"meeting:m1"}


@freeze_time(NOW)
def test_audit_refuses_a_bare_slug_naming_two_entities(
    new_ledger: NewLedger, write_terms: WriteTerms, lsp: Lsp,
) -> None:
    # given: the person alice and a meeting alice
    ledger = board(new_ledger, write_terms)
    ledger.schedule_meeting("board", "alice", on("2026-03-20"))

    # when: the audit trail of "alice" is asked for
    result = lsp("audit", "--entity", "alice")

    # then: refused: the slug is ambiguous (or not KIND:SLUG)
    refused(result)
