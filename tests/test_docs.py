"""The documentation says what the code does: README's commands, CI, docs/cli.md's examples.

README.md opens with the two commands a newcomer copies (run the demo, run the tests);
.ci/run runs the same test command, so the two cannot drift apart. docs/cli.md's `sh`
examples form one session that must run as written, and what its sections say the session
recorded or prints (a roster, a meeting, a quorum, a refusal) is what it did.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import cli
from ledger.app import Ledger
from tests.conftest import ROOT, event_count
from tests.helpers import copy_store, run_lines

Lsp = Callable[..., Result]

README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
CLI_DOCS = ROOT / "docs" / "cli.md"


def indented_commands(markdown: str) -> list[str]:
    """The lines of the indented (four-space) code blocks, outside fenced blocks."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("    ") and line.strip():
            lines.append(line.strip())
    return lines


def fenced_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", markdown, flags=re.S | re.M)


def lsp_args(line: str) -> list[str]:
    words = shlex.split(line)
    assert words[0] == "lsp", line
    return words[1:]


def stored_events(store: str) -> int:
    """How many events the store holds (opened afresh, as another process would)."""
    ledger = Ledger(store, "x")
    try:
        return event_count(ledger)
    finally:
        ledger.close()


def section_of(markdown: str, heading: str) -> str:
    """The text of one `### ` section of a page, up to the next heading of any level."""
    start = markdown.index(heading)
    end = markdown.find("\n#", start + len(heading))
    return markdown[start:] if end == -1 else markdown[start:end]


# --------------------------------------------------------------------------------------
# README and CI
# --------------------------------------------------------------------------------------

def test_readme_opens_with_the_demo_command_then_the_test_command() -> None:
    # Given the README
    commands = indented_commands(README.read_text(encoding="utf-8"))
    # When its first two indented commands are read
    demo, tests = commands[:2]
    # Then the first runs the demo and the second the tests, each from a fresh clone
    assert demo.startswith("python3 -m venv .venv && ")
    assert demo.endswith(".venv/bin/lsp demo")
    assert tests.startswith("python3 -m venv .venv && ")
    assert tests.endswith(".venv/bin/pytest -n auto")
    assert "'.[dev]'" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    # Given the README's test command
    test_command = indented_commands(README.read_text(encoding="utf-8"))[1]
    # When .ci/run is read
    ci_lines = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines()]
    # Then it runs exactly that command, on a line of its own
    assert test_command in ci_lines


def test_readme_first_session_runs(lsp: Lsp, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given the README's first session, from the root of the repository
    monkeypatch.chdir(ROOT)
    session = [c for c in indented_commands(README.read_text(encoding="utf-8"))
               if c.startswith("lsp ")]
    assert session[0].startswith("lsp init ")
    # When each command is run in order on a new store
    results = [(c, lsp(*lsp_args(c))) for c in session]
    # Then each one works
    failed = {c: r.stderr for c, r in results if r.exit_code != 0}
    assert not failed
    assert all(r.stderr == "" for _, r in results)


# --------------------------------------------------------------------------------------
# docs/cli.md
# --------------------------------------------------------------------------------------

def docs_session() -> list[str]:
    """Every command of docs/cli.md's `sh` blocks, in order."""
    text = CLI_DOCS.read_text(encoding="utf-8")
    return [line for block in fenced_blocks(text, "sh") for line in block.splitlines()
            if line.strip()]


@pytest.fixture(scope="module")
def recorded_session(tmp_path_factory: pytest.TempPathFactory
                     ) -> tuple[Path, dict[str, Result]]:
    """docs/cli.md's examples, run once for the module, in order from the root of the
    repository, on an SQLite file: the file and what each command printed."""
    ledger = tmp_path_factory.mktemp("docs-session") / "ledger.sqlite"
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        printed = {line: runner.invoke(cli, ["--store", str(ledger), "--as", "tester",
                                             *lsp_args(line)],
                                       catch_exceptions=False, env={"LSP_SEAL": "off"})
                   for line in docs_session()}
    return ledger, printed


@pytest.fixture
def session(store: str, recorded_session: tuple[Path, dict[str, Result]],
            monkeypatch: pytest.MonkeyPatch) -> dict[str, Result]:
    """docs/cli.md's session as the test's store, copied from the module's one run of it
    (`recorded_session`), and what its commands printed; from the root of the repository.
    The session itself runs on each store in `test_cli_docs_examples_form_one_session_...`."""
    monkeypatch.chdir(ROOT)
    ledger, printed = recorded_session
    copy_store(str(ledger), store)
    return printed


def test_cli_docs_examples_form_one_session_that_runs(
        lsp: Lsp, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given docs/cli.md's examples
    monkeypatch.chdir(ROOT)
    # When they are run in order on a new store
    session = {line: lsp(*lsp_args(line)) for line in docs_session()}
    # Then every one succeeds, with nothing on stderr
    assert len(session) >= 20
    failed = {line: r.stderr for line, r in session.items() if r.exit_code != 0}
    assert not failed
    assert all(r.stderr == "" for r in session.values())


def test_cli_docs_correction_example_retracts_the_vacancy(
        lsp: Lsp, session: dict[str, Result]) -> None:
    # Given the docs session, whose `lsp correct` retracts event 4 of the Executive
    # When the Executive's audit trail and its roster after the vacancy are read
    trail = json.loads(lsp("audit", "--entity", "body:executive", "--json").stdout)
    roster = json.loads(lsp("roster", "executive", "--as-of", "2026-08-01", "--json").stdout)
    # Then event 4 was the vacancy, as the docs say, the one retraction of the Executive is
    # of event 4, and Supt Moss holds the police seat again
    by_version = {e["version"]: e for e in trail["events"]}
    assert by_version[4]["event"] == "SeatVacated"
    retractions = [e for e in trail["events"] if e["event"] == "Retracted"]
    assert [r["changes"]["version"] for r in retractions] == [4]
    assert retractions[0]["position"] > by_version[4]["position"]
    holders = {s["seat"]: s["holder"] for s in roster["seats"]}
    assert holders["police"] == "supt-kate-moss"


def test_cli_docs_roster_examples_are_what_the_session_prints(
        lsp: Lsp, session: dict[str, Result]) -> None:
    # Given the roster section of docs/cli.md
    section = section_of(CLI_DOCS.read_text(encoding="utf-8"), "### `lsp roster`")
    documented_text = fenced_blocks(section, "text")[0]
    documented_json = json.loads(fenced_blocks(section, "json")[0])
    # When the same roster is printed after the docs session
    printed = lsp("roster", "executive", "--as-of", "2026-05-01")
    printed_json = lsp("roster", "executive", "--as-of", "2026-05-01", "--json")
    # Then the documented text and JSON are exactly what the command prints
    assert printed.stdout == documented_text
    assert json.loads(printed_json.stdout) == documented_json


def test_cli_docs_refusal_example_is_what_the_command_says(
        lsp: Lsp, session: dict[str, Result]) -> None:
    # Given the refusal shown in docs/cli.md's conventions
    text = CLI_DOCS.read_text(encoding="utf-8")
    match = re.search(r"^    \$ (lsp .*)\n    (Error: .*)$", text, flags=re.M)
    assert match, "no refusal example in docs/cli.md"
    command, message = match.groups()
    # When the command is run after the docs session
    result = lsp(*lsp_args(command))
    # Then it is refused with that message
    assert result.exit_code == 1
    assert result.stderr == message + "\n"


def test_cli_docs_refusal_json_example_has_the_shape_printed(
        lsp: Lsp, session: dict[str, Result]) -> None:
    # Given the RuleBroken JSON document shown in docs/cli.md
    text = CLI_DOCS.read_text(encoding="utf-8")
    documented = next(json.loads(b) for b in fenced_blocks(text, "json")
                      if '"RuleBroken"' in b)
    # When the same refusal is asked for with --json
    result = lsp("seat", "add", "executive", "fc", "--org", "daventry-town-fc",
                 "--on", "2026-04-01", "--json")
    # Then the document printed is the one documented
    assert result.exit_code == 1
    assert json.loads(result.stdout) == documented


def test_cli_docs_quorum_examples_are_what_the_session_prints(
        lsp: Lsp, session: dict[str, Result]) -> None:
    # Given the quorum section of docs/cli.md
    section = section_of(CLI_DOCS.read_text(encoding="utf-8"), "### `lsp quorum`")
    documented_text = fenced_blocks(section, "text")[0]
    documented_json = json.loads(fenced_blocks(section, "json")[0])
    # When the session's own quorum commands printed their answers
    printed = session["lsp quorum exec-2026-06"]
    printed_json = session["lsp quorum exec-2026-06 --item community-safety --json"]
    # Then the documented text and JSON are exactly what they printed: three of the four
    # voting seats present, the Daventry quorum of three (clause 4.5)
    assert printed.stdout == documented_text
    assert json.loads(printed_json.stdout) == documented_json
    assert documented_json["present_voting"] == documented_json["required"] == 3


def test_cli_docs_vote_close_example_is_what_the_session_prints(
        session: dict[str, Result]) -> None:
    # Given the outcome shown in the `lsp vote close` section
    section = section_of(CLI_DOCS.read_text(encoding="utf-8"), "### `lsp vote close`")
    documented = fenced_blocks(section, "text")[0]
    # When the session closed that vote
    printed = session["lsp vote close exec-2026-06 community-safety"]
    # Then its first line is the documented outcome, followed by where it was recorded
    first, where = printed.stdout.splitlines()
    assert first + "\n" == documented
    assert re.fullmatch(r"  recorded as #\d+ VoteClosed", where)


def test_cli_docs_agenda_refusal_example_is_what_the_command_says(
        lsp: Lsp, session: dict[str, Result]) -> None:
    # Given the late publication shown in the `lsp agenda publish` section
    section = section_of(CLI_DOCS.read_text(encoding="utf-8"), "### `lsp agenda publish`")
    command, message = fenced_blocks(section, "text")[0].splitlines()
    # When it is run after the docs session
    result = lsp(*lsp_args(command.removeprefix("$ ")))
    # Then it is refused with that message, citing the notice clause (Daventry 4.7)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message + "\n"
    assert "refused by rule 'agenda-notice' (clause 4.7," in message


def test_cli_docs_meeting_is_recorded_as_the_docs_tell_it(
        lsp: Lsp, store: str, session: dict[str, Result]) -> None:
    # Given the docs session, whose Executive meeting of 10 June 2026 is closed, then
    # corrected: event 10 of the meeting, Sam Reed in attendance, is retracted
    # When the meeting is read back from the ledger
    ledger = Ledger(store, "reader")
    try:
        meeting = ledger.meeting_state("exec-2026-06")
        state = meeting.state
        tenth = next(f for f in meeting.facts if f.version == 10)
    finally:
        ledger.close()
    # Then it holds what the docs say happened, in the body and on the day given
    assert (state.body, state.closed) == ("executive", True)
    assert state.when is not None
    assert state.when.isoformat() == "2026-06-10T17:30:00+00:00"
    assert state.published is not None
    assert state.published["days_before"] == 12
    assert state.published["urgent"] is None
    assert set(state.present) == {"police", "ddc-member-1", "ddc-member-2"}
    assert not any(p["deputy"] for p in state.present.values())
    assert state.apologies == {"ddc-officer": "jo-bell"}
    assert [(i["person"], i["nature"]) for i in state.interests] == [
        ("cllr-ben-osei", "personal")]
    vote = state.item("community-safety").outcome
    assert vote is not None
    assert (vote["result"], vote["votes_for"], vote["votes_against"], vote["abstentions"]) == (
        "carried", 2, 0, 1)
    assert state.item("forum-report").consensus == "The Forum's report is noted"
    assert (tenth.kind, tenth.data["person"]) == ("InAttendance", "sam-reed")
    assert state.in_attendance == []
    assert [c["version"] for c in state.corrections] == [10]


def test_cli_docs_membership_decision_takes_effect_at_the_meeting(
        lsp: Lsp, session: dict[str, Result]) -> None:
    # Given the docs session, whose request is decided at the Executive's June meeting
    # When the request's audit trail is read
    trail = json.loads(lsp("audit", "--entity", "request:town-fc-2026", "--json").stdout)
    # Then the decision names the meeting and takes effect when it was held
    decided = trail["events"][-1]
    assert decided["event"] == "Decided"
    assert decided["changes"]["decision"] == "rejected"
    assert decided["changes"]["meeting"] == "exec-2026-06"
    assert decided["effective"] == "2026-06-10T18:30:00+01:00"


def test_cli_docs_session_runs_no_report_or_register_command() -> None:
    # Given docs/cli.md's `sh` session, and its reports, registers and readings of
    # decisions between meetings (built by another hand, shown in `text` blocks)
    text = CLI_DOCS.read_text(encoding="utf-8")
    reports = section_of(text, "## Reports and registers")
    shown = [line for block in fenced_blocks(text, "text") for line in block.splitlines()
             if line.startswith(("lsp report ", "lsp register ", "lsp decision "))]
    # When the commands the session runs are listed
    run = [lsp_args(line)[0] for line in docs_session()]
    run_paths = {" ".join(lsp_args(line)[:2]) for line in docs_session()}
    # Then none is a report, a register or a reading of decisions, while the docs show an
    # example of each
    assert "report" not in run
    assert "register" not in run
    assert not run_paths & {"decision show", "decision pending"}
    assert "## Reports and registers" in reports
    assert {" ".join(line.split()[1:3]) for line in shown} >= {
        "report minutes", "report ratifications", "register decisions",
        "register interests", "register attendance", "decision show", "decision pending"}


def decision_refusal_examples() -> list[tuple[list[str], str, str]]:
    """The refusals shown in `text` blocks of docs/cli.md's decisions between meetings,
    each as (the `sh` lines before it on the page, the command, the message)."""
    text = CLI_DOCS.read_text(encoding="utf-8")
    start = text.index("\n## Decisions between meetings\n")
    end = text.index("\n## ", start + 1)
    before: list[str] = []
    examples = []
    for match in re.finditer(r"^```(\w+)\n(.*?)^```$", text, flags=re.S | re.M):
        language, body = match.groups()
        if language == "sh":
            before += [line for line in body.splitlines() if line.strip()]
        elif language == "text" and start < match.start() < end and body.startswith("$ "):
            command, message = body.splitlines()
            examples.append((list(before), command.removeprefix("$ "), message))
    return examples


DECISION_REFUSALS = decision_refusal_examples()


def test_cli_docs_show_a_refusal_by_each_daventry_rule_on_decisions() -> None:
    # Given the refusals shown in docs/cli.md's decisions between meetings
    # When the rules they name are read
    rules = [re.match(r"Error: refused by rule '([a-z-]+)' \(clause ([0-9.]+),", message)
             for _, _, message in DECISION_REFUSALS]
    # Then there is one for the Forum's silence and one for a deputy (Daventry 3.2)
    assert all(rules)
    assert [m.groups() for m in rules if m] == [("between-meetings", "4.11"),
                                                ("deputy-between-meetings", "3.2")]


@pytest.mark.parametrize(("before", "command", "message"), DECISION_REFUSALS,
                         ids=[c.split(" --")[0] for _, c, _ in DECISION_REFUSALS])
def test_cli_docs_decision_refusals_are_what_the_commands_say(
        lsp: Lsp, store: str, monkeypatch: pytest.MonkeyPatch, before: list[str],
        command: str, message: str) -> None:
    # Given the docs session up to the refusal shown on the page
    monkeypatch.chdir(ROOT)
    run_lines(lsp, "\n".join(shlex.join(lsp_args(line)) for line in before))
    count = stored_events(store)
    # When the refused command is run
    result = lsp(*lsp_args(command))
    # Then it is refused with the message shown, and nothing is recorded
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message + "\n"
    assert stored_events(store) == count


def test_cli_docs_decision_approve_example_is_what_the_session_prints(
        session: dict[str, Result]) -> None:
    # Given the answer shown in the `lsp decision approve` section
    section = section_of(CLI_DOCS.read_text(encoding="utf-8"), "### `lsp decision approve`")
    documented = next(b for b in fenced_blocks(section, "text") if not b.startswith("$ "))
    # When the session's approval by the chair was recorded
    printed = session["lsp decision approve food-bank-grant --by police --on 2026-07-08"]
    # Then it printed the documented answer, then the approval and the taking (4.6)
    first, where = printed.stdout.splitlines()
    assert first + "\n" == documented
    assert re.fullmatch(r"  recorded as #(\d+) Approved, #(\d+) Taken", where)


def test_cli_docs_decision_is_taken_then_ratified_as_the_docs_tell_it(
        lsp: Lsp, store: str, session: dict[str, Result]) -> None:
    # Given the docs session: a grant proposed by Cllr Hart, approved by the chair, and
    # ratified at the Executive's September meeting; a second proposal withdrawn
    # When both decisions, and the grant's audit trail, are read back from the ledger
    ledger = Ledger(store, "reader")
    try:
        grant = ledger.decision_state("food-bank-grant")
        fun_day = ledger.decision_state("summer-fun-day")
    finally:
        ledger.close()
    trail = json.loads(lsp("audit", "--entity", "decision:food-bank-grant", "--json").stdout)
    # Then the grant was taken by the chair and one other member (4.6) and ratified
    assert (grant.body, grant.report_to, grant.status) == ("executive", "executive",
                                                           "reported")
    assert [(a.seat, a.person, a.as_deputy, a.proposer) for a in grant.agreeing] == [
        ("ddc-member-1", "cllr-amy-hart", False, True),
        ("police", "supt-kate-moss", False, False)]
    assert grant.evidence is not None
    assert (grant.evidence["route"], grant.evidence["clause"],
            grant.evidence["terms_version"]) == ("chair-plus", "4.6", 1)
    assert grant.urgency == "The Food Bank's stock runs out in July"
    assert grant.interests == [{"person": "cllr-ben-osei", "nature": "personal",
                                "note": "Trustee of Daventry Food Bank"}]
    assert grant.report == {"meeting": "exec-2026-09", "outcome": "ratified", "reason": ""}
    assert [e["event"] for e in trail["events"]] == [
        "Proposed", "InterestDeclared", "Approved", "Taken", "Reported"]
    assert trail["events"][3]["effective"] == "2026-07-08T00:00:00+01:00"
    assert trail["events"][4]["effective"] == "2026-09-16T18:30:00+01:00"
    assert fun_day.status == "withdrawn"


def test_readme_points_to_the_cli_reference() -> None:
    # Given the README
    text = README.read_text(encoding="utf-8")
    # When the reference it names is looked for
    # Then it exists
    assert "`docs/cli.md`" in text
    assert CLI_DOCS.is_file()


def test_cli_docs_link_to_existing_sections() -> None:
    # Given docs/cli.md's headings
    text = CLI_DOCS.read_text(encoding="utf-8")
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
               for h in re.findall(r"^#+ (.*)$", text, flags=re.M)}
    # When its internal links are read
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    # Then each one goes to a heading of the page
    assert links
    assert links <= anchors, links - anchors


def test_every_example_terms_file_named_in_the_docs_exists() -> None:
    # Given the paths docs/cli.md and the README mention under examples/
    text = CLI_DOCS.read_text(encoding="utf-8") + README.read_text(encoding="utf-8")
    paths = set(re.findall(r"examples/[a-z-]+/[a-z.-]+\.(?:toml|lsp)", text))
    # When each is looked for
    missing = [p for p in sorted(paths) if not (ROOT / p).is_file()]
    # Then it exists
    assert paths
    assert not missing


def test_the_ci_script_is_executable() -> None:
    # Given .ci/run
    # When its mode is read
    mode = Path(CI_RUN).stat().st_mode
    # Then it can be run directly
    assert mode & 0o100
