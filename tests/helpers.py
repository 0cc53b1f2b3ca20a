"""Helpers shared by the story and rule tests: refusals, reloads, the command line's
answers, the raw store and an independent Merkle tree, small builders. The stories the tests
share (ledgers built through the Ledger API) are in tests/stories.py."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import socket
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import Any
from uuid import UUID

import pytest
from click.testing import Result
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from ledger.app import Ledger
from ledger.audit.seal import Seal
from ledger.errors import LedgerError, RuleBroken
from ledger.store.seam import Database, Store
from ledger.when import effective_from
from tests.conftest import EXAMPLES, event_count


def example(name: str) -> str:
    """The path of an example's terms file."""
    return str(EXAMPLES / name / "terms.toml")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def assert_broken(error: LedgerError, rule: str, clause: str, *facts: str) -> None:
    """The refusal is a RuleBroken naming its rule and clause (attributes and message)."""
    assert isinstance(error, RuleBroken), f"expected a RuleBroken, got {error!r}"
    assert (error.rule, error.clause) == (rule, clause)
    message = str(error)
    assert f"rule '{rule}'" in message
    assert f"clause {clause}" in message
    for fact in facts:
        assert fact in message


def assert_says(error: LedgerError, *facts: str) -> None:
    for fact in facts:
        assert fact in str(error), f"{fact!r} not in {str(error)!r}"


def refusal(ledger: Ledger, error: type[LedgerError], action: Callable[[], object]
            ) -> LedgerError:
    """Run a refused action; check it raised `error` and recorded nothing."""
    before = event_count(ledger)
    with pytest.raises(error) as refused:
        action()
    assert event_count(ledger) == before, "a refusal recorded something"
    return refused.value


class LiveLedger(Ledger):
    """A ledger that keeps every aggregate it saved, as it stood in memory."""

    def __init__(self, store: str, actor: str, *, create: bool = False) -> None:
        super().__init__(store, actor, create=create)
        self.live: dict[UUID, Aggregate] = {}

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        recordings = super().save(*objs, **kwargs)
        self.live.update({obj.id: obj for obj in objs if isinstance(obj, Aggregate)})
        return recordings


# The command line as a test drives it (the `lsp` fixture of tests/conftest.py)

Lsp = Callable[..., Result]


def stored_events(store: str) -> int:
    """How many events the store holds (opened afresh, as another process would)."""
    ledger = Ledger(store, "x")
    try:
        return event_count(ledger)
    finally:
        ledger.close()


def run_lines(lsp: Lsp, text: str) -> None:
    """Record a story's set-up, one `lsp` command a line, through `lsp batch -`: the same
    commands in one process, so a test's given costs one opening of the store rather than
    one a line (on PostgreSQL, most of a test's time). The commands a test is about are run
    on their own, each as its own `lsp`."""
    result = lsp("batch", "-", input=text)
    assert result.exit_code == 0, result.stderr


def json_of(result: Result) -> Any:
    """The one JSON document a successful `--json` command prints; nothing on stderr."""
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def done(result: Result, message: str, *events: str) -> None:
    """A write succeeded: its message, then where each event was recorded; no stderr."""
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == message
    assert len(lines) == 2
    recorded = [part.split(" ", 1) for part in lines[1].removeprefix("  recorded as ")
                .split(", ")]
    assert [event for _, event in recorded] == list(events)
    assert all(position.startswith("#") for position, _ in recorded)


def recorded_json(result: Result, before: int, store: str) -> dict[str, Any]:
    """A write under --json: one document naming each new event of the meeting."""
    doc = json_of(result)
    after = stored_events(store)
    assert doc["recorded"] is True
    assert [e["position"] for e in doc["events"]] == list(range(before + 1, after + 1))
    return doc


# Printable pages (minutes, papers): well formed, self-contained

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(HTMLParser):
    """What a printable page must be: every tag closed in order, what it references, its
    headings, its style sheet and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.tags: Counter[str] = Counter()
        self.references: list[str] = []
        self.headings: list[str] = []
        self.style = ""
        self.text: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.references += [v or "" for k, v in attrs if k in ("src", "href")]
        if tag not in VOID:
            self.open.append(tag)
        if tag in ("h1", "h2", "h3"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else '-'}>")
            return
        self.open.pop()
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "style":
            self.style += data
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


# The raw store, as an attacker (or an auditor with SQL) sees it, in either store.
# Positions are SQLite's rowid and PostgreSQL's notification_id; write SQL with `rowid`,
# `?` and `CAST(... AS BLOB)` and it is translated for PostgreSQL.

Row = tuple[int, str, int, str, bytes]


def is_postgres(store: str) -> bool:
    return store.startswith("postgresql://")


@contextmanager
def raw(store: str) -> Iterator[Database]:
    """A connection of our own to the store, outside the ledger (no guards opened)."""
    with Store.parse(store).connect() as db:
        yield db


def rows(store: str) -> list[Row]:
    """The stored events: (position, originator id as 32 hex digits, version, topic,
    state), in the ledger's order."""
    position = "notification_id" if is_postgres(store) else "rowid"
    with raw(store) as db:
        found = db.execute(f"SELECT {position}, originator_id, originator_version, topic, "
                           f"state FROM stored_events ORDER BY {position}").fetchall()
    return [(int(r[0]), r[1].hex if isinstance(r[1], UUID) else str(r[1]), int(r[2]),
             str(r[3]), bytes(r[4])) for r in found]


def _postgres_sql(sql: str) -> str:
    sql = sql.replace("rowid", "notification_id")
    return re.sub(r"CAST\('(.*?)' AS BLOB\)", r"convert_to('\1', 'UTF8')", sql)


def attack(store: str, *statements: tuple[str, tuple[Any, ...]]) -> None:
    """Change the stored rows as a careful attacker would, leaving the guards as they
    were (opening a ledger never puts a missing one back, and `lsp verify` names it:
    tests/test_guards.py). SQLite: the append-only triggers are dropped for the attack
    (anyone who can write the file can) and created again after, as they were.
    PostgreSQL: as the owner, the table's triggers are disabled for the attack and
    enabled again after."""
    if not is_postgres(store):
        with closing(sqlite3.connect(store)) as conn:
            triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = "
                                    "'trigger'").fetchall()
            for name, _ in triggers:
                conn.execute(f'DROP TRIGGER "{name}"')
            for sql, params in statements:
                conn.execute(sql, params)
            for _, sql in triggers:
                conn.execute(sql)
            conn.commit()
        return
    with raw(store) as db, db.transaction():
        db.execute("ALTER TABLE stored_events DISABLE TRIGGER USER")
        for sql, params in statements:
            db.execute(_postgres_sql(sql), params)
        db.execute("ALTER TABLE stored_events ENABLE TRIGGER USER")


def copy_store(source: str, target: str) -> None:
    """Copy a ledger: SQLite to SQLite byte for byte; otherwise its events, in order, into
    a new ledger at `target` (whose read models catch up at the first read)."""
    if not is_postgres(source) and not is_postgres(target):
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
        return
    with Ledger(source, "copier") as src:
        events = [StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
                  for n in src.recorder.select_notifications(start=1, limit=10**9)]
    with Ledger(target, "copier", create=True) as dst:
        dst.recorder.insert_events(events)


def store_exists(store: str) -> bool:
    """Whether there is a ledger at `store` (for PostgreSQL: its events table)."""
    where = Store.parse(store)
    if not where.is_postgres:
        return os.path.exists(store)
    with where.connect() as db:
        return where.exists(db)


# An independent Merkle tree, written from RFC 6962 section 2.1 with hashlib only, and
# the seals as the raw rows hold them.

SEAL_TOPICS = (Seal.FirstSealed.TOPIC, Seal.Sealed.TOPIC)


def leaf_of(row: Row) -> bytes:
    _, originator, version, topic, state = row
    document = {"originator_id": str(UUID(originator)), "originator_version": version,
                "topic": topic, "state": base64.b64encode(state).decode("ascii")}
    data = json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(b"\x00" + data).digest()


def mth(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def seals_in(store: str) -> list[tuple[int, dict[str, Any]]]:
    """(position, state as JSON) of every seal, read from the raw rows."""
    return [(r[0], json.loads(r[4])) for r in rows(store) if r[3] in SEAL_TOPICS]


# Builders for the every-path tests (tests/test_every_path_*.py, issue 11): a body of
# four seats on terms that switch every rule on, written once here.

EVERY_RULE = """
    [partnership]
    name = "Test"
    document = "Test terms"
    [bodies.board]
    name = "Board"
    clause = "2"
    [bodies.board.quorum]
    members = 3
    clause = "5.1"
    [bodies.board.voting]
    casting_vote = "chair"
    clause = "5.2"
    [bodies.board.between_meetings]
    chair_plus = 1
    without_chair = 3
    report_to = "board"
    clause = "6.1"
    [bodies.board.deputies]
    allowed = true
    at_meetings = true
    between_meetings = true
    clause = "3.2"
    [bodies.board.interests]
    declare = "personal-and-prejudicial"
    prejudicial_excludes = false
    clause = "7.1"
    [bodies.board.membership]
    term_years = 2
    term_clause = "3.3"
    clause = "3"
"""


def seated(ledger: Ledger, body: str, seat: str, org: str, person: str,
           since: str = "2026-02-01", **kwargs: Any) -> None:
    """Add `seat` to `body` for `org` and fill it with `person`, both from `since`."""
    ledger.add_seat(body, seat, org, on=effective_from(since), **kwargs)
    ledger.fill_seat(body, seat, person, effective_from(since))


def every_rule_board(ledger: Ledger, since: str = "2026-02-01") -> Ledger:
    """On a ledger of EVERY_RULE: seats s1..s4 held by alice, bob, carol and dan from
    `since`, the chair in s1; frank (no seat) is s4's deputy; erin has no seat."""
    ledger.add_org("org-a", "Org A")
    for person in ("alice", "bob", "carol", "dan", "erin", "frank"):
        ledger.add_person(person, person.title())
    for n, person in enumerate(("alice", "bob", "carol", "dan"), start=1):
        seated(ledger, "board", f"s{n}", "org-a", person, since)
    ledger.assign_role("board", "chair", "s1", effective_from(since))
    ledger.nominate_deputy("board", "s4", "frank", effective_from(since))
    return ledger


# The web: a ledger's public pages served on loopback, for tests that need a real server


def public_app(ledger: Ledger) -> Any:
    """A FastAPI app serving `ledger`'s public pages (web/public.py) and nothing else."""
    from fastapi import FastAPI

    from web.public import router

    app = FastAPI()
    app.state.ledger = ledger
    app.include_router(router)
    return app


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread on 127.0.0.1 and a free port; yields its base
    URL and stops the server (and its thread) on leaving."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class Mailbox:
    """What a loopback SMTP server (aiosmtpd) has received: `messages`, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        got = message_from_bytes(envelope.original_content, policy=email_policy.default)
        assert isinstance(got, EmailMessage)
        self.messages.append(got)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port (or `port`, to bring one
    back up where it was); yields its mailbox and stops it on leaving."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    box.port = port or free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


# The web's sign-in: a test client of the whole server, signed in by the e-mailed link

WEB_BASE = "http://testserver"


def client_for(store: str, box: Mailbox | None, base: str = WEB_BASE,
               smtp: str | None = None) -> Any:
    """A test client of the whole server (`create_app`) on `store`, its mail to `box`'s
    SMTP server (or `smtp`), its links on `base`."""
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.mail import MailSettings

    mail = MailSettings(base_url=base, smtp_url=smtp or f"smtp://127.0.0.1:{box.port}"
                        if box or smtp else None)
    return TestClient(create_app(store, mail=mail), base_url=base)


def csrf_of(html: str) -> str:
    """The CSRF token of a page's form."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the form has no CSRF token"
    return found.group(1)


def link_in(mail: EmailMessage) -> str:
    """The one link an e-mail holds."""
    found = re.findall(r"https?://\S+", mail.get_content())
    assert len(found) == 1, "the e-mail holds one link"
    return found[0]


def signed_in(client: Any, box: Mailbox, email: str) -> None:
    """Sign in as the account of `email`: ask for a link, open it, press the button."""
    ask_for_link(client, email)
    path = link_in(box.to(email)[-1]).removeprefix(WEB_BASE)
    button = client.get(path)
    done = client.post(path, data={"csrf": csrf_of(button.text)}, follow_redirects=False)
    assert done.status_code == 303


def ask_for_link(client: Any, email: str) -> str:
    """Ask for a sign-in link for `email`; the answer page's words."""
    form = client.get("/sign-in")
    answer = client.post("/sign-in", data={"email": email, "csrf": csrf_of(form.text)})
    assert answer.status_code == 200, answer.text
    return parse_page(answer.text).words()


# Pages in a real browser (tests/test_browser_*.py): what axe-core finds, and screenshots.

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = ("serious", "critical")


def axe_serious(page: Any) -> tuple[list[tuple[str, str, list[Any]]], int]:
    """axe-core's serious and critical findings on the page loaded in `page` against WCAG
    2.2 A and AA and best practice (id, impact, where), and how many checks passed (to
    show it really checked the page)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]])
             for v in results.response["violations"] if v["impact"] in SERIOUS]
    return found, len(results.response["passes"])


def screenshot(page: Any, name: str) -> None:
    """Save the whole page as FOLDER/NAME.png when LSP_SCREENSHOTS=FOLDER, to look at."""
    from pathlib import Path

    folder = os.environ.get("LSP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


# Run `lsp ARGS...` (after the output file) and write the modules it imported, as JSON.
RUN_AND_LIST_MODULES = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
from cli.main import main
sys.argv[0] = "lsp"
main()
"""


# A real `lsp serve` and the CLI as its client, in processes of their own
# (tests/test_remote_story.py, tests/test_pdf.py).

def run_lsp(*args: str, token: str | None = None, cwd: Any = None,
            stdin: str | None = None) -> Any:
    """`lsp ARGS...` in a process of its own, with `LSP_TOKEN` set to `token` (no other
    LSP_ variable of the tests' own environment); its CompletedProcess."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("LSP_")}
    if token is not None:
        env["LSP_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=300, input=stdin)


class Served:
    """A running `lsp serve`: its address and its log file."""

    def __init__(self, url: str, log: Any) -> None:
        self.url = url
        self.log = log


@contextmanager
def serving(store: str, log: Any) -> Iterator[Served]:
    """`lsp --store STORE serve` on 127.0.0.1 and a free port, its output to `log` (a
    Path), stopped on leaving."""
    import subprocess
    import sys

    import httpx

    from tests.conftest import ROOT

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LSP_")}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", "--store", store, "serve", "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a loaded machine starts slowly
        while True:
            try:
                httpx.get(f"{url}/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {log.read_text()}"
                                       ) from None
                time.sleep(0.1)
        yield Served(url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
