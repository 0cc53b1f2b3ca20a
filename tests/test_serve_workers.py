"""`lsp serve --workers N` (docs/server.md): several server processes sharing one port,
each with its own pool of ledgers, on the one store. A real server on 127.0.0.1 and a
free port, stopped by the test, on each store.

- the command starts N worker processes under it, which all answer on the port;
- an approval recorded through one is read by the next request, whichever process takes
  it (the read models follow the store, not a process);
- a --workers below one is refused with a message naming the option, and nothing
  starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.helpers import free_port
from tests.stories import NewLedger, daventry, signed_in

WORKERS = 2


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after its ")"
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def tokens(new_ledger: NewLedger) -> dict[str, str]:
    ledger = daventry(new_ledger)
    found = signed_in(ledger)
    ledger.propose_decision("executive", "grant", "A grant", "dc-1")
    ledger.close()
    return found


@pytest.fixture
def served(store: str, tokens: dict[str, str], tmp_path: Path
           ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LSP_")}
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", "--store", store, "serve", "--port", str(port),
             "--workers", str(WORKERS)], cwd=ROOT, env=env, stdout=out,
            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # two processes starting on a loaded machine
        while len(children(process.pid)) < WORKERS or not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {log.read_text()}")
            time.sleep(0.2)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/decisions", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_workers_given_two_then_two_processes_serve_one_store(
        served: tuple[str, subprocess.Popen[bytes]], tokens: dict[str, str]) -> None:
    url, process = served
    # Given the server started with --workers 2: two worker processes under it
    assert len(children(process.pid)) >= WORKERS
    # When bob approves through the API (one process or the other takes the request)
    approved = httpx.post(f"{url}/api/v1/decisions/grant/approvals", json={"by": "dc-2"},
                          headers={"Authorization": f"Bearer {tokens['bob']}"}, timeout=30)
    assert approved.status_code == 201, approved.text
    # Then every later read, on fresh connections (any process), sees it taken
    for _ in range(6):
        got = httpx.get(f"{url}/api/v1/decisions/grant",
                        headers={"Authorization": f"Bearer {tokens['alice']}"}, timeout=30)
        assert got.status_code == 200 and got.json()["status"] == "taken"


def test_workers_given_none_then_usage_error_and_nothing_starts(store: str) -> None:
    got = subprocess.run([sys.executable, "-m", "cli", "--store", store, "serve",
                          "--workers", "0"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert got.returncode != 0 and "--workers" in got.stderr
    assert "Traceback" not in got.stderr
