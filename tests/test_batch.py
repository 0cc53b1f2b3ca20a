"""`lsp batch FILE|-` (CONTRACT.md, "Bulk and speed"): one `lsp` command a line, as in
examples/*/history.lsp, run in one process; it stops at the first refusal, naming its
line, and keeps everything before it. The batch is sealed once, at the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import progress
from cli.main import cli
from ledger.app import Ledger
from tests.conftest import EXAMPLES, event_count
from tests.helpers import rows

DAVENTRY = str(EXAMPLES / "daventry" / "terms.toml")

BATCH = f"""\
# Setting up (a comment, then a blank line)

init "Daventry LSP" --terms {DAVENTRY} --on 2026-04-01
org add daventry-dc --name "Daventry District Council"
person add cllr-amy-hart --name "Cllr Amy Hart" --category elected-member
seat add executive dc-leader --org daventry-dc --category elected-member --on 2026-04-01
seat fill executive dc-leader cllr-amy-hart --on 2026-04-02
"""


def batch(store: str, *args: str, stdin: str | None = None,
          seal: str | None = None) -> Result:
    """`lsp batch ...` as a user runs it, sealing on unless `seal` is "off"."""
    return CliRunner().invoke(cli, ["--store", store, "--as", "tester", "batch", *args],
                              input=stdin, catch_exceptions=False, env={"LSP_SEAL": seal})


def seals(store: str) -> list[dict[str, object]]:
    return [json.loads(state) for _, _, _, topic, state in rows(store)
            if topic.startswith("lsp:Seal.")]


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "setup.lsp"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_batch_runs_every_line_on_one_opening_and_seals_once_at_the_end(
        store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a batch file of five commands, comments and a blank line among them
    file = write(tmp_path, BATCH)
    opened: list[str] = []
    real_init = Ledger.__init__

    def counted(self: Ledger, *args: object, **kwargs: object) -> None:
        opened.append(str(args[0] if args else kwargs.get("store")))
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Ledger, "__init__", counted)
    # When it is run with sealing on
    result = batch(store, file)
    # Then every line is recorded, through one opening of the ledger, and one seal (the
    # last event) covers everything the batch recorded
    assert result.exit_code == 0, result.output
    assert "Ran 5 command(s)" in result.stdout
    assert len(opened) == 1
    monkeypatch.undo()
    found = seals(store)
    assert len(found) == 1 and found[0]["tree_size"] == len(rows(store)) - 1
    topics = [topic for _, _, _, topic, _ in rows(store)]
    assert topics.count("lsp:Body.SeatFilled") == 1 and topics[-1] == "lsp:Seal.FirstSealed"


def test_batch_stops_at_the_first_refusal_naming_its_line_and_keeps_what_came_before(
        store: str, tmp_path: Path) -> None:
    # Given a batch whose fifth command (line 7 of the file) fills a seat that does not exist
    text = BATCH.replace("seat add executive dc-leader", "seat add executive dc-deputy")
    text += 'org add never-run --name "After the refusal"\n'
    file = write(tmp_path, text)
    # When it is run
    result = batch(store, file)
    # Then it exits 1 naming line 7 and why, the three commands before it are kept (and
    # sealed), and nothing after it was run
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: line 7: ")
    assert "dc-leader" in result.stderr
    assert "Traceback" not in result.output
    ledger = Ledger(store, "auditor")
    topics = [topic for _, _, _, topic, _ in rows(store)]
    assert "lsp:Body.SeatAdded" in topics and "lsp:Body.SeatFilled" not in topics
    assert not any("never-run" in state.decode() for *_, state in rows(store))
    assert seals(store)[-1]["tree_size"] == event_count(ledger) - 1


def test_batch_refusing_its_first_line_records_nothing(store: str, tmp_path: Path) -> None:
    # Given a ledger, and a batch whose first line has an option no command takes
    assert batch(store, write(tmp_path, BATCH.split("org add")[0])).exit_code == 0
    before = event_count(Ledger(store, "auditor"))
    file = write(tmp_path, 'org add x --name X --bogus\norg add y --name "Y"\n')
    # When it is run
    result = batch(store, file)
    # Then the line is named with click's own reason, exit 1, and nothing is recorded
    assert result.exit_code == 1
    assert "line 1: " in result.stderr and "--bogus" in result.stderr
    assert event_count(Ledger(store, "auditor")) == before


def test_batch_refuses_a_global_option_on_a_line(store: str, tmp_path: Path) -> None:
    # Given a ledger, and a batch line that names another store
    assert batch(store, write(tmp_path, BATCH.split("org add")[0])).exit_code == 0
    before = event_count(Ledger(store, "auditor"))
    file = write(tmp_path, "--store other.sqlite org add x --name X\n")
    # When it is run
    result = batch(store, file)
    # Then it is refused, naming the line and the option, and nothing is recorded
    assert result.exit_code == 1
    assert "line 1: --store is given to `lsp batch` itself" in result.stderr
    assert event_count(Ledger(store, "auditor")) == before


def test_batch_reads_standard_input_and_answers_in_json(store: str) -> None:
    # When a batch is given on standard input, with --json
    result = batch(store, "-", "--json", stdin=BATCH)
    # Then stdout is one JSON document: the source, how many commands ran, and the seal
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["file"] == "standard input" and doc["commands"] == 5
    assert doc["seal"]["tree_size"] == event_count(Ledger(store, "auditor")) - 1


def test_batch_refusal_under_json_is_a_json_document_naming_the_line(store: str) -> None:
    # When a batch with a duplicate organisation runs under --json
    result = batch(store, "-", "--json", stdin=BATCH + 'org add daventry-dc --name "Again"\n')
    # Then the one JSON document is the refusal, naming the line (8)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["error"] == "AlreadyExists" and doc["message"].startswith("line 8: ")


def test_batch_is_not_sealed_when_sealing_is_off(store: str) -> None:
    # When a batch runs with LSP_SEAL=off
    result = batch(store, "-", stdin=BATCH, seal="off")
    # Then everything is recorded and nothing sealed
    assert result.exit_code == 0, result.output
    assert seals(store) == [] and len(rows(store)) > 5


def test_batch_reads_a_file_named_beside_the_batch_file(store: str, tmp_path: Path) -> None:
    # Given a batch file naming its terms file by a name relative to its own folder
    folder = tmp_path / "setup"
    folder.mkdir()
    (folder / "terms.toml").write_text(Path(DAVENTRY).read_text(encoding="utf-8"),
                                       encoding="utf-8")
    (folder / "history.lsp").write_text(BATCH.replace(DAVENTRY, "terms.toml"),
                                        encoding="utf-8")
    # When it is run from another folder
    result = batch(store, str(folder / "history.lsp"))
    # Then the terms file beside it was read
    assert result.exit_code == 0, result.output


def test_batch_shows_no_progress_bar_when_stderr_is_not_a_terminal(store: str) -> None:
    # When a batch runs with stderr captured (not a terminal)
    result = batch(store, "-", stdin=BATCH)
    # Then stderr holds nothing: no bar
    assert result.exit_code == 0 and result.stderr == ""


def test_progress_is_wanted_only_on_a_terminal_and_never_under_json(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Given standard error that is a terminal
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Terminal())
    # Then a bar is wanted outside --json, and not under it
    import click

    assert progress.wanted()
    ctx = click.Context(cli)
    ctx.meta["lsp.json"] = True
    with ctx:
        assert not progress.wanted()


def test_progress_of_rebuild_and_verify_counts_every_event(store: str) -> None:
    # Given a ledger the batch built and sealed
    assert batch(store, "-", stdin=BATCH).exit_code == 0
    from ledger.audit.verify import verify
    from projections.catchup import ReadStore

    ledger = Ledger(store, "auditor")
    total = event_count(ledger)
    rebuilt: list[int] = []
    checked: list[None] = []
    # When the read models are rebuilt and the ledger verified, with progress callbacks
    count = ReadStore(ledger).rebuild(rebuilt.append)
    report = verify(ledger, on_event=lambda: checked.append(None))
    # Then the callbacks were told of every event, and nothing else changed
    assert count == total and sum(rebuilt) == total
    assert len(checked) == total and report.problems == ()
    assert event_count(ledger) == total
