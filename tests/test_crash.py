"""Crash safety: what a command acknowledged survives the process being killed.

- Durability in SQLite (ledger/store/durability.py): every connection eventsourcing opens for
  the ledger runs in WAL mode with synchronous=FULL, so a commit is on disk when it
  returns.
- A bulk import (`lsp import --batch N`) killed with SIGKILL at random moments: every
  position it acknowledged is in the store with the export's bytes, the store holds whole
  batches only, reopens clean (`PRAGMA integrity_check`, `lsp verify`), and running the
  import again resumes it to the whole export.
- A process recording ordinary changes (Ledger methods, a seal every few) killed the same
  way: every change it acknowledged is there, byte for byte, and the ledger verifies and
  takes more changes.

The children are real processes killed with SIGKILL. Starting a Python that imports the
whole command line takes about half a second, too slow for dozens of trials, so the
children are forked from a *fork server*: a separate interpreter (`serve`, below) that
imports the command line once, then forks one child per trial, which runs
`cli.main.cli` on its argument list exactly as `lsp` does (or the writer loop) with its
stdout and stderr in files. The test reads the acknowledgements from those files, kills
the child by its pid, and has the server reap it. The first trial runs the import as
`python -m cli.main` proper. SIGKILL stops the process, not the machine: what
it shows is that nothing is half-written and nothing acknowledged is lost to the process
dying; synchronous=FULL is what extends that to a power cut (checked directly above).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from ledger.app import Ledger
from ledger.audit.export import export
from ledger.audit.sealing import seal
from ledger.directory import Person
from ledger.store.durability import SYNCHRONOUS_FULL, DurableSQLiteConnectionPool
from ledger.store.seam import EVENTS_TABLE, Store
from tests.conftest import (
    EXAMPLES,
    ROOT,
    close_opened_ledgers,
    drop_postgres_schema,
    postgres_schema_url,
)

TERMS = EXAMPLES / "daventry" / "terms.toml"
START = datetime(2026, 4, 1, tzinfo=UTC)
BATCH = 10
"""Events a transaction in the killed imports: ~31 commits to land a kill between."""

KILLS = {"sqlite": 24, "postgresql": 8}
"""Imports killed, by store kind."""

PER_STORE = 4
"""Kills of imports into one store, each resuming the one before; then it is imported to
the end, and the next kill is into a new store."""

WRITER_KILLS = {"sqlite": 8, "postgresql": 4}

ACK = re.compile(r"^imported through position (\d+)$", re.M)
RESUMED = re.compile(r"^resumed after position (\d+)$", re.M)

Event = tuple[int, str, int, str, bytes]
"""A stored event: position, originator id (canonical UUID), version, topic, state."""


def run(store: str, *args: str) -> Result:
    """`lsp --store STORE --as auditor ARGS...` in this process."""
    from cli.main import cli

    return CliRunner().invoke(cli, ["--store", store, "--as", "auditor", *args],
                              catch_exceptions=False, env={"LSP_SEAL": "off"})


# ---------------------------------------------------------------------------- durability


def pragmas(conn: Any) -> tuple[int, str]:
    """(synchronous, journal_mode) of a pooled eventsourcing connection."""
    with conn.cursor() as cursor:
        level = cursor.execute("PRAGMA synchronous").fetchone()[0]
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    return level, str(mode).lower()


def test_every_connection_of_the_ledger_is_wal_with_synchronous_full(tmp_path: Path
                                                                     ) -> None:
    # Given a new SQLite ledger that has recorded something
    ledger = Ledger(str(tmp_path / "ledger.sqlite"), "tester", create=True)
    ledger.init("Durable LSP", str(TERMS), START)
    pool = ledger.recorder.datastore.pool  # type: ignore[attr-defined]
    assert isinstance(pool, DurableSQLiteConnectionPool), (
        f"the ledger's pool is {type(pool).__name__}: Store.env() must name "
        "ledger.store.durability:DurableSQLiteFactory as PERSISTENCE_MODULE")
    # When connections are taken from its pool: the one it has, and more opened now (all
    # held at once, beyond the pool's size, so the pool must open new ones)
    held = [pool.get_connection() for _ in range(pool.pool_size + 3)]
    try:
        found = [pragmas(conn) for conn in held]
    finally:
        for conn in held:
            pool.put_connection(conn)
    later = pool.get_connection()  # and one after the extra ones were closed
    try:
        found.append(pragmas(later))
    finally:
        pool.put_connection(later)
    # Then every one is in WAL mode with synchronous = FULL (2), and so is the ledger's
    # own SQL connection
    assert found == [(SYNCHRONOUS_FULL, "wal")] * (pool.pool_size + 4), (
        "every connection must report (synchronous 2 = FULL, journal_mode wal): "
        f"{found}")
    with ledger.database() as db:
        assert db.execute("PRAGMA synchronous").fetchone()[0] == SYNCHRONOUS_FULL


def test_synchronous_is_full_even_where_sqlite_defaults_to_normal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given an SQLite whose connections start with synchronous = NORMAL (1), as some
    # builds have it in WAL mode (this one's default is FULL already)
    connect = sqlite3.connect

    def normal(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = connect(*args, **kwargs)
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    monkeypatch.setattr(sqlite3, "connect", normal)
    with closing(sqlite3.connect(":memory:")) as plain:
        assert plain.execute("PRAGMA synchronous").fetchone()[0] == 1
    # When a ledger is created on it and takes connections from its pool
    ledger = Ledger(str(tmp_path / "ledger.sqlite"), "tester", create=True)
    pool = ledger.recorder.datastore.pool  # type: ignore[attr-defined]
    held = [pool.get_connection() for _ in range(3)]
    try:
        found = [pragmas(conn) for conn in held]
    finally:
        for conn in held:
            pool.put_connection(conn)
    # Then every one was set to FULL all the same
    assert found == [(SYNCHRONOUS_FULL, "wal")] * 3, (
        f"connections must be set to synchronous=FULL explicitly: {found}")


def test_a_ledger_file_taken_out_of_wal_mode_is_put_back_when_opened(tmp_path: Path
                                                                     ) -> None:
    # Given a ledger file that a tool switched to the rollback journal
    path = str(tmp_path / "ledger.sqlite")
    Ledger(path, "tester", create=True).close()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
    # When the ledger is opened again and writes
    ledger = Ledger(path, "tester")
    ledger.init("Durable LSP", str(TERMS), START)
    pool = ledger.recorder.datastore.pool  # type: ignore[attr-defined]
    conn = pool.get_connection()
    try:
        found = pragmas(conn)
    finally:
        pool.put_connection(conn)
    ledger.close()
    # Then its connections are in WAL mode with synchronous FULL, and so is the file
    assert found == (SYNCHRONOUS_FULL, "wal")
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# ---------------------------------------------------------------------------- the fork server


def serve() -> None:
    """The fork server, run in its own interpreter by `Server`: reads one JSON request a
    line on stdin, answers one JSON line on stdout.

        {"op": "run", "kind": "lsp"|"writer", "argv": [...], "env": {...},
         "out": PATH, "err": PATH}        -> {"pid": PID}   (a forked child runs it)
        {"op": "wait", "pid": PID}        -> {"status": exit code, or -signal}
        {"op": "quit"}
    """
    import importlib

    from cli.main import COMMANDS  # every command's module, imported once
    for where in COMMANDS.values():
        importlib.import_module(where.partition(":")[0])
    import ledger.audit.export
    import ledger.audit.importing
    import ledger.audit.proofs
    import ledger.audit.sealing
    import ledger.audit.verify  # noqa: F401

    print(json.dumps({"ready": True}), flush=True)
    for raw in sys.stdin:
        request = json.loads(raw)
        if request["op"] == "run":
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(request)
            print(json.dumps({"pid": pid}), flush=True)
        elif request["op"] == "wait":
            _, status = os.waitpid(request["pid"], 0)
            print(json.dumps({"status": os.waitstatus_to_exitcode(status)}), flush=True)
        else:
            return


def _child(request: dict[str, Any]) -> None:
    """A forked child: stdout and stderr to the files named, then the command; never
    returns."""
    code = 70
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        for fd, path in ((1, request["out"]), (2, request["err"])):
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        os.environ.update(request["env"])
        if request["kind"] == "lsp":
            code = _run_lsp(request["argv"])
        else:
            code = _write_forever(*request["argv"])
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _run_lsp(argv: list[str]) -> int:
    from cli.main import cli

    try:
        cli.main(args=argv, prog_name="lsp")
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return 0


def _write_forever(store: str, prefix: str, seal_every: str) -> int:
    """Record people one at a time (and seal every few), printing on stdout, after each
    save returns, every event it stored: `ack POSITION ORIGINATOR VERSION TOPIC
    SHA256-OF-STATE`."""
    ledger = Ledger(store, "crash-test")
    saved: list[Any] = []
    save = ledger.save

    def keep(*aggregates: Any, **kwargs: Any) -> Any:
        recordings = save(*aggregates, **kwargs)
        saved.extend(recordings)
        return recordings

    ledger.save = keep  # type: ignore[method-assign]
    def acknowledge() -> None:
        for r in saved:
            n = r.notification
            print(f"ack {n.id} {n.originator_id} {n.originator_version} {n.topic} "
                  f"{hashlib.sha256(n.state).hexdigest()}", flush=True)
        saved.clear()

    count = 0
    while True:
        count += 1
        ledger.add_person(f"{prefix}-{count}", f"Person {count}")
        acknowledge()
        if count % int(seal_every) == 0:
            seal(ledger)
            acknowledge()


class Server:
    """The test's end of the fork server."""

    def __init__(self) -> None:
        self.running: dict[int, Child] = {}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from tests.test_crash import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self._answer().get("ready"), "the fork server did not start"

    def _answer(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"the fork server stopped (exit {self.proc.poll()}); "
                                 "run `python -c 'from tests.test_crash import serve; "
                                 "serve()'` to see why")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        stdin: IO[str] | None = self.proc.stdin
        assert stdin is not None
        stdin.write(json.dumps(request) + "\n")
        stdin.flush()
        return self._answer()

    def start(self, kind: str, argv: list[str], folder: Path, name: str) -> Child:
        """A forked child running `lsp ARGV...` (kind "lsp") or the writer loop."""
        out, err = folder / f"{name}.out", folder / f"{name}.err"
        out.write_text("")  # there before the child runs, which may be killed first
        err.write_text("")
        pid: int = self._ask({"op": "run", "kind": kind, "argv": argv, "out": str(out),
                              "err": str(err), "env": {"LSP_SEAL": "off"}})["pid"]
        child = Child(pid, out, err, time.monotonic())
        self.running[pid] = child
        return child

    def wait(self, child: Child) -> int:
        """The child's exit status (-9 when killed), once it has ended."""
        status: int = self._ask({"op": "wait", "pid": child.pid})["status"]
        del self.running[child.pid]
        return status

    def kill(self, child: Child) -> int:
        """SIGKILL the child (it may have finished already); its exit status."""
        os.kill(child.pid, signal.SIGKILL)
        return self.wait(child)

    def reap(self) -> None:
        """Kill and reap every child still running (a test that failed midway)."""
        for child in list(self.running.values()):
            self.kill(child)

    def close(self) -> None:
        self.reap()
        with suppress(AssertionError, BrokenPipeError):
            self._ask({"op": "quit"})
        self.proc.wait(timeout=10)


@dataclass
class Child:
    """One child process and its output files."""

    pid: int
    out: Path
    err: Path
    started: float

    def output(self) -> tuple[str, str]:
        return (self.out.read_text(encoding="utf-8", errors="replace"),
                self.err.read_text(encoding="utf-8", errors="replace"))


@pytest.fixture(scope="module")
def fork_server() -> Iterator[Server]:
    started = Server()
    yield started
    started.close()


@pytest.fixture
def server(fork_server: Server) -> Iterator[Server]:
    """The fork server; children a failed test left running are killed after it."""
    yield fork_server
    fork_server.reap()


def wait_for(child: Child, count: int, pattern: re.Pattern[str], stream: int,
             timeout: float = 20.0) -> None:
    """Wait until the child's output (0 stdout, 1 stderr) has `count` lines matching
    `pattern`, or it stopped on an error."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out, err = child.output()
        if len(pattern.findall((out, err)[stream])) >= count:
            return
        if "Error" in err or "Traceback" in err or out.startswith("Imported"):
            return  # finished, or failed: the caller's checks say which
        time.sleep(0.001)
    raise AssertionError(f"the child printed {count} acknowledgements in no {timeout} s: "
                         f"stdout {child.output()[0][-500:]!r} stderr "
                         f"{child.output()[1][-500:]!r}")


# ---------------------------------------------------------------------------- the stores


@pytest.fixture
def new_store(store: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """More fresh stores of the same kind as `store` (the first is `store` itself)."""
    schemas: list[str] = []
    made: list[str] = []

    def make() -> str:
        if not made:
            made.append(store)
        elif Store.parse(store).is_postgres:
            schemas.append(f"lsp_test_{uuid.uuid4().hex[:12]}")
            made.append(postgres_schema_url(schemas[-1]))
        else:
            made.append(str(tmp_path / f"store-{len(made)}.sqlite"))
        return made[-1]

    yield make
    close_opened_ledgers()
    for schema in schemas:
        drop_postgres_schema(schema)


def kind_of(store: str) -> str:
    return "postgresql" if Store.parse(store).is_postgres else "sqlite"


def stored(store: str) -> list[Event]:
    """Every event the store holds, in position order, read with plain SQL; on SQLite
    after `PRAGMA integrity_check` has passed. [] when there is no ledger there yet."""
    where = Store.parse(store)
    if not where.is_postgres:
        if not os.path.exists(where.path):
            return []
        with closing(sqlite3.connect(where.path)) as conn:
            check = conn.execute("PRAGMA integrity_check").fetchall()
            assert check == [("ok",)], (
                f"{where.path} is damaged after the kill (PRAGMA integrity_check: {check}): "
                "the ledger must run in WAL mode with synchronous=FULL "
                "(ledger/store/durability.py)")
            tables = {t for (t,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if EVENTS_TABLE not in tables:
                return []
            rows = conn.execute(f"SELECT rowid, originator_id, originator_version, topic, "
                                f"state FROM {EVENTS_TABLE} ORDER BY rowid").fetchall()
        return [(p, str(UUID(o)), v, t, bytes(s)) for p, o, v, t, s in rows]
    with where.connect() as db:
        if not where.exists(db):
            return []
        rows = db.execute(f"SELECT notification_id, originator_id, originator_version, "
                          f"topic, state FROM {EVENTS_TABLE} "
                          "ORDER BY notification_id").fetchall()
    return [(r[0], str(r[1]), r[2], r[3], bytes(r[4])) for r in rows]


def assert_verifies(store: str, context: str) -> None:
    result = run(store, "verify", "--json")
    assert result.exit_code == 0, (f"{context}: `lsp verify` exits {result.exit_code}: "
                                   f"{result.stdout[-800:]} {result.stderr[-400:]}")
    assert json.loads(result.stdout)["ok"] is True


# ---------------------------------------------------------------------------- bulk import


@dataclass(frozen=True)
class Bulk:
    """An export of a few hundred events (people registered 50 a transaction, sealed
    after each 50), and its lines as events."""

    path: Path
    events: list[Event]


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Bulk:
    folder = tmp_path_factory.mktemp("bulk")
    ledger = Ledger(str(folder / "source.sqlite"), "crash-test", create=True)
    try:
        ledger.init("Crash Test LSP", str(TERMS), START)
        for round_ in range(6):
            ledger.save(*[Person.register(f"p-{round_}-{i}", f"Person {round_}.{i}", None,
                                          "crash-test", START) for i in range(50)])
            seal(ledger)
        ledger.add_org("last-org", "Recorded after the last seal")
        path = folder / "bulk.jsonl"
        export(ledger, path)
    finally:
        ledger.close()
    events = []
    for text in path.read_text(encoding="utf-8").splitlines():
        line = json.loads(text)
        events.append((line["position"], line["originator_id"], line["originator_version"],
                       line["topic"], base64.b64decode(line["state"])))
    assert len(events) > 300
    return Bulk(path, events)


def import_argv(store: str, bulk: Bulk) -> list[str]:
    return ["--store", store, "--as", "crash-test", "import", str(bulk.path),
            "--batch", str(BATCH)]


def check_after_kill(store: str, bulk: Bulk, before: int, err: str, status: int,
                     context: str) -> int:
    """What must hold of the store after an import into it (which resumed from `before`
    events) was killed; returns how many events it holds now."""
    assert status in (0, -signal.SIGKILL), f"{context}: the import exited {status}: {err}"
    acks = [int(p) for p in ACK.findall(err)]
    resumed = [int(p) for p in RESUMED.findall(err)]
    held = stored(store)
    total = len(bulk.events)
    # Every stored event is the export's, byte for byte, at the same position: the store
    # holds the start of the export and nothing else
    assert held == bulk.events[:len(held)], (
        f"{context}: the store holds {len(held)} events that are not the first "
        f"{len(held)} of the export")
    # ... in whole batches (a batch is one transaction)
    assert len(held) % BATCH == 0 or len(held) == total, (
        f"{context}: the store holds {len(held)} events, not a whole number of batches "
        f"of {BATCH}: a batch was half written")
    # ... and every acknowledged position is there; at most one batch was committed and
    # not yet acknowledged when the process died
    assert resumed in ([], [before]), f"{context}: resumed {resumed}, held {before} before"
    assert acks == sorted(acks) and all(p > before for p in acks), context
    assert max(acks, default=0) <= len(held), (
        f"{context}: position {max(acks)} was acknowledged but the store holds only "
        f"{len(held)} events")
    assert len(held) <= max([before, *acks]) + BATCH, context
    if status == 0:
        assert len(held) == total, f"{context}: the import exited 0 but is not whole"
    if held:
        assert_verifies(store, context)
    return len(held)


def test_a_killed_batched_import_keeps_what_it_acknowledged_and_resumes(
        server: Server, bulk: Bulk, store: str, new_store: Callable[[], str],
        tmp_path: Path) -> None:
    # Given an export of a few hundred sealed events, and how long its batched import
    # takes when left alone, to its first commit and to its end (into a scratch store,
    # which it fills completely)
    kind = kind_of(store)
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    total = len(bulk.events)
    scratch = new_store()
    calm = server.start("lsp", import_argv(scratch, bulk), tmp_path, "calm")
    wait_for(calm, 1, ACK, 1)
    first_commit = time.monotonic() - calm.started
    assert server.wait(calm) == 0, calm.output()
    duration = time.monotonic() - calm.started
    assert [int(p) for p in ACK.findall(calm.output()[1])] == [
        *range(BATCH, total, BATCH), total]
    assert stored(scratch) == bulk.events
    # When imports into fresh stores are killed (SIGKILL) again and again, each resuming
    # what the one before left (up to PER_STORE kills a store): every other one at a
    # random moment of its run (starting, checking the file, writing, answering), the
    # others just after a random acknowledgement; the very first is `python -m cli.main`
    # itself
    kills = trials = midway = stores = 0
    while kills < KILLS[kind]:
        assert trials < 3 * KILLS[kind], (
            f"only {kills} of {trials} imports were killed before they finished "
            f"(seed {seed}): make the export bigger")
        stores += 1
        target = new_store()
        before = 0
        for k in range(PER_STORE):
            if before == total or kills == KILLS[kind]:
                break
            trials += 1
            context = f"{kind} store {stores}, trial {k + 1} (seed {seed})"
            if trials == 1:
                status, child_err = _exec_and_kill(target, bulk, tmp_path, rng)
            else:
                child = server.start("lsp", import_argv(target, bulk), tmp_path, str(trials))
                if trials % 2:
                    writing = (duration - first_commit) * (total - before) / total
                    time.sleep(rng.uniform(0, first_commit + writing))
                else:
                    batches = -(-(total - before) // BATCH)
                    wait_for(child, rng.randint(1, max(batches - 1, 1)), ACK, 1)
                    time.sleep(rng.uniform(0, 0.004))
                status = server.kill(child)
                child_err = child.output()[1]
            # Then the store holds the start of the export in whole batches, with every
            # acknowledged event, reopens clean and verifies
            after = check_after_kill(target, bulk, before, child_err, status, context)
            kills += status == -signal.SIGKILL
            midway += before < after < total
            before = after
        # And the import run again to the end resumes and completes the whole export
        child = server.start("lsp", import_argv(target, bulk), tmp_path, f"end-{stores}")
        assert server.wait(child) == 0, child.output()
        resumed = RESUMED.findall(child.output()[1])
        assert resumed == ([str(before)] if before else []), child.output()[1]
        assert stored(target) == bulk.events, f"{kind} store {stores} (seed {seed})"
        assert_verifies(target, f"{kind} store {stores}, completed (seed {seed})")
    # (and enough of the kills fell in the middle of the writing to mean something)
    assert midway >= kills // 3, (
        f"only {midway} of {kills} kills fell while events were being written "
        f"(seed {seed}): the trials are too coarse; make the export bigger or BATCH smaller")


def _exec_and_kill(target: str, bulk: Bulk, folder: Path,
                   rng: random.Random) -> tuple[int, str]:
    """`python -m cli.main import --batch` as its own process, killed after one of its
    first acknowledgements."""
    out, err = folder / "exec.out", folder / "exec.err"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "cli.main",
                                 *import_argv(target, bulk)], stdout=stdout, stderr=stderr,
                                cwd=ROOT, env={**os.environ, "LSP_SEAL": "off"})
        child = Child(proc.pid, out, err, time.monotonic())
        try:
            wait_for(child, rng.randint(1, 5), ACK, 1, timeout=60)
        finally:
            proc.send_signal(signal.SIGKILL)
            status = proc.wait(timeout=30)
    return status, child.output()[1]


# ---------------------------------------------------------------------------- ordinary writes


WRITER_ACK = re.compile(r"^ack (\d+) (\S+) (\d+) (\S+) ([0-9a-f]{64})$", re.M)


def test_a_killed_writer_keeps_every_change_it_acknowledged(
        server: Server, store: str, tmp_path: Path) -> None:
    # Given a ledger, and a process that records one person after another (sealing every
    # fifth), printing each event once its save has returned
    kind = kind_of(store)
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    created = run(store, "init", "Crash Test LSP", "--terms", str(TERMS),
                  "--on", "2026-04-01")
    assert created.exit_code == 0, created.stderr
    acknowledged: list[tuple[int, str, int, str, str]] = []
    for k in range(WRITER_KILLS[kind]):
        context = f"{kind} writer, kill {k + 1} (seed {seed})"
        # When it is killed (SIGKILL) after a random number of changes, at a random
        # moment within the next one
        child = server.start("writer", [store, f"w{k}", "5"], tmp_path, f"w{k}")
        wait_for(child, rng.randint(1, 12), WRITER_ACK, 0)
        time.sleep(rng.uniform(0, 0.01))
        status = server.kill(child)
        text, errors = child.output()
        assert status == -signal.SIGKILL, f"{context}: the writer exited {status}: {errors}"
        acks = [(int(p), o, int(v), t, h) for p, o, v, t, h in WRITER_ACK.findall(text)]
        assert acks, f"{context}: nothing acknowledged: {errors}"
        acknowledged.extend(acks)
        # Then every change acknowledged so far (by this writer and the killed ones
        # before it) is in the store, byte for byte, at its position; the store reopens
        # clean and verifies
        held = {e[0]: e for e in stored(store)}
        for position, originator, version, topic, digest in acknowledged:
            assert position in held, f"{context}: acknowledged position {position} is lost"
            _, o, v, t, state = held[position]
            assert (o, v, t, hashlib.sha256(state).hexdigest()) == (
                originator, version, topic, digest), (
                f"{context}: position {position} is not the event acknowledged there")
        assert sorted(held) == list(range(1, len(held) + 1)), context
        assert_verifies(store, context)
    # And after all that the ledger takes a change and a seal, and verifies
    more = run(store, "person", "add", "after-the-kills", "--name", "After")
    assert more.exit_code == 0, more.stderr
    assert run(store, "seal").exit_code == 0
    assert_verifies(store, f"{kind} writer, after the kills (seed {seed})")
