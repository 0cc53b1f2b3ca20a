"""The documentation says what the code does: README's commands, CI, docs/cli.md's examples.

README.md opens with the two commands a newcomer copies (run the demo, run the tests);
.ci/run runs the same test command, so the two cannot drift apart. docs/cli.md's `sh`
examples form one session that must run as written.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import ROOT

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
    assert tests.endswith(".venv/bin/pytest")
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


@pytest.fixture
def session(lsp: Lsp, monkeypatch: pytest.MonkeyPatch) -> dict[str, Result]:
    """docs/cli.md's examples, run in order from the root of the repository."""
    monkeypatch.chdir(ROOT)
    return {line: lsp(*lsp_args(line)) for line in docs_session()}


def test_cli_docs_examples_form_one_session_that_runs(session: dict[str, Result]) -> None:
    # Given docs/cli.md's examples
    # When they are run in order on a new store
    # Then every one succeeds, with nothing on stderr
    assert len(session) >= 20
    failed = {line: r.stderr for line, r in session.items() if r.exit_code != 0}
    assert not failed
    assert all(r.stderr == "" for r in session.values())


def test_cli_docs_correction_example_retracts_the_vacancy(
        lsp: Lsp, session: dict[str, Result]) -> None:
    # Given the docs session, whose `lsp correct` retracts event 4 of the Executive
    # When the Executive's audit trail and current roster are read
    trail = json.loads(lsp("audit", "--entity", "body:executive", "--json").stdout)
    roster = json.loads(lsp("roster", "executive", "--as-of", "2026-08-01", "--json").stdout)
    # Then event 4 was the vacancy, as the docs say, and Supt Moss holds the seat again
    by_version = {e["version"]: e for e in trail["events"]}
    assert by_version[4]["event"] == "SeatVacated"
    assert trail["events"][-1]["event"] == "Retracted"
    assert trail["events"][-1]["changes"]["version"] == 4
    assert [s["holder"] for s in roster["seats"]] == ["supt-kate-moss"]


def test_cli_docs_roster_examples_are_what_the_session_prints(
        lsp: Lsp, session: dict[str, Result]) -> None:
    # Given the roster section of docs/cli.md
    text = CLI_DOCS.read_text(encoding="utf-8")
    section = text[text.index("### `lsp roster`"):text.index("### `lsp audit`")]
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
