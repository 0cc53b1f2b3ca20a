"""The CLI as the server's client (issue 12 item 5): what a command run through the server
may name on the client's machine (cli/paths.py), and each command's output its own
(cli/capture.py), whatever else runs at the same time."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import click
import pytest

from cli import capture, paths
from cli.main import COMMANDS, cli

PATHLIKE = ("FILE", "DIR", "PATH")


@pytest.fixture(autouse=True)
def _streams_put_back() -> Iterator[None]:
    yield
    capture.uninstall()


def every_command() -> list[tuple[tuple[str, ...], click.Command]]:
    found: list[tuple[tuple[str, ...], click.Command]] = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name in command.list_commands(click.Context(command)):
                sub = command.get_command(click.Context(command), name)
                assert sub is not None
                walk(sub, (*path, name))
        else:
            found.append((path, command))

    walk(cli, ())
    return found


def local_command(path: tuple[str, ...]) -> bool:
    return any(path[:len(p)] == p for p in paths.LOCAL_COMMANDS)


def test_every_argument_that_names_a_path_is_sent_written_back_or_refused() -> None:
    # Given every command of `lsp` and every parameter that could name a path on the
    # machine running it (a click.Path, or a FILE, DIR or PATH metavar)
    unclassified = []
    for path, command in every_command():
        if local_command(path):
            continue
        for param in command.params:
            pathlike = isinstance(param.type, click.Path) or any(
                w in (param.metavar or "") for w in PATHLIKE)
            if not pathlike:
                continue
            where = (path, param.name)
            # Then each is read from the client, written back to it, or refused
            if where not in paths.READS | paths.WRITES and where not in paths.LOCAL_OPTIONS:
                unclassified.append(where)
    assert unclassified == []
    assert len(every_command()) >= 40


@pytest.mark.parametrize(("argv", "says"), [
    (["serve"], "the server is started on its own machine"),
    (["init", "x", "--terms", "t.toml"], "a new ledger is created on the server's machine"),
    (["keys", "generate", "a.pem", "b.pem"], "a private key stays on the machine"),
    (["import", "x.jsonl"], "an export is imported on the server's machine"),
    (["seal", "--key", "k.pem"], "a private key is never sent to the server"),
    (["checkpoint", "--save", "kept"], "--save writes into a folder on the server"),
])
def test_what_runs_only_locally_is_refused_by_rule_server(argv: list[str], says: str) -> None:
    # Given a command line that must not run on the server
    parsed = paths.parse(cli, argv)
    assert parsed is not None
    # When it is judged
    refused = paths.local_only(parsed.path, set(parsed.given))
    # Then it is refused by the rule `server`, saying why
    assert refused is not None
    assert refused.rule == "server"
    assert says in str(refused)


def test_a_command_that_may_run_on_the_server_is_not_refused() -> None:
    # Given commands that read and write only through the ledger, or through sent files
    for argv in (["roster", "executive", "--json"], ["checkpoint"],
                 ["decision", "approve", "d", "--by", "s"], ["export", "out.jsonl"]):
        parsed = paths.parse(cli, argv)
        # Then none is refused
        assert parsed is not None
        assert paths.local_only(parsed.path, set(parsed.given)) is None


def test_the_parser_finds_each_file_argument_and_the_global_options() -> None:
    # Given a command line with two checkpoints, a key and a global option before it
    parsed = paths.parse(cli, ["--no-seal", "verify", "--checkpoint=a.txt", "--checkpoint",
                               "b.txt", "--public-key", "k.pem"], strict=False)
    # Then click's own parse is read: but the checkpoints must exist to be parsed, so None
    assert parsed is None
    # Given files that exist, a command line naming them
    parsed = paths.parse(cli, ["--no-seal", "report", "minutes", "m1", "--output", "o.md"])
    assert parsed is not None
    # Then the path, the output file and the global option given are found
    assert parsed.path == ("report", "minutes")
    assert dict(parsed.file_values()) == {"output": ["o.md"]}
    assert parsed.globals_given == {"seal"}
    assert "output" in parsed.given
    assert set(COMMANDS) >= {"serve", "batch"}


def test_each_context_captures_its_own_output_while_others_print() -> None:
    # Given eight threads printing through click at once, each in its own capture
    barrier = threading.Barrier(8)
    results: dict[int, str] = {}

    def work(n: int) -> None:
        with capture.captured() as streams:
            barrier.wait()
            for i in range(200):
                click.echo(f"{n}:{i}")
                click.echo(f"err {n}", err=True)
        results[n] = streams.stdout.getvalue()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    # When they run
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then each buffer holds exactly its own lines, in order, and nothing of another's
    for n, text in results.items():
        assert text == "".join(f"{n}:{i}\n" for i in range(200))
    assert isinstance(sys.stdout, capture.Stream)


def test_outside_a_capture_the_proxy_writes_to_the_real_stream(
        capsys: pytest.CaptureFixture[str]) -> None:
    # Given the proxies installed, and no capture in this context
    capture.install()
    # When something is printed
    sys.stdout.write("through\n")
    # Then it reaches the stream the proxy replaced
    assert "through" in capsys.readouterr().out


def test_a_capture_reads_its_own_standard_input() -> None:
    # Given a capture with its own standard input
    with capture.captured(stdin="one\ntwo\n"):
        # When standard input is read
        text = sys.stdin.read()
    # Then it is the capture's
    assert text == "one\ntwo\n"
