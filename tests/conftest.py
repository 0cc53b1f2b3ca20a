"""Shared fixtures: a ledger on a fresh store, and a CLI runner bound to it.

`store` is parametrised over the two stores: every test that uses it (directly, or through
`new_ledger` or `lsp`) runs once on a fresh SQLite file and once on a fresh PostgreSQL
schema. The PostgreSQL leg needs LSP_TEST_POSTGRES_URL (a database the tests may create
schemas in, e.g. postgresql://postgres@127.0.0.1:5432/test); without it, it skips.
A test about one store alone says so with `@pytest.mark.sqlite_only` (or `postgres_only`).

`browser` is one headless Debian Chromium (`/usr/bin/chromium`) per test session, driven by
Playwright; `page` is a fresh browser context and tab for one test. Without Chromium they
skip, saying why, unless LSP_REQUIRE_BROWSER is set (`.ci/run` sets it): then they fail.
"""

from __future__ import annotations

import os
import textwrap
import uuid
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import freezegun
import pytest
from click.testing import CliRunner, Result

from ledger.app import Ledger
from ledger.when import effective_from

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
POSTGRES_URL = os.environ.get("LSP_TEST_POSTGRES_URL", "")
CHROMIUM = Path("/usr/bin/chromium")

if POSTGRES_URL:
    # psycopg's C extension reads datetime's layout when it is first imported: import it
    # now, before any test's freezegun replaces datetime with its fake.
    import psycopg  # noqa: F401
    import psycopg_pool  # noqa: F401

# The connection pool's threads time their waits with the real clock: under a frozen one,
# closing a pool waits out its whole timeout.
freezegun.configure(extend_ignore_list=["psycopg", "psycopg_pool"])

# Every Ledger a test opens and still holds at teardown is closed then (with its
# connections); one the test dropped has closed itself (Ledger's finalizer).
_OPENED: list[weakref.ref[Ledger]] = []
_ledger_init = Ledger.__init__


def _tracked_init(self: Ledger, *args: object, **kwargs: object) -> None:
    _ledger_init(self, *args, **kwargs)  # type: ignore[arg-type]
    _OPENED.append(weakref.ref(self))


Ledger.__init__ = _tracked_init  # type: ignore[method-assign]


def close_opened_ledgers() -> None:
    while _OPENED:
        ledger = _OPENED.pop()()
        if ledger is not None:
            ledger.close()


@pytest.fixture(autouse=True)
def _close_ledgers() -> Iterator[None]:
    yield
    close_opened_ledgers()


def postgres_schema_url(schema: str) -> str:
    return f"{POSTGRES_URL}{'&' if '?' in POSTGRES_URL else '?'}schema={schema}"


def drop_postgres_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL.split("?")[0], autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def postgres_store() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema as a --store URL (skips without the URL)."""
    if not POSTGRES_URL:
        pytest.skip("LSP_TEST_POSTGRES_URL is not set")
    schema = f"lsp_test_{uuid.uuid4().hex[:12]}"
    yield postgres_schema_url(schema)
    close_opened_ledgers()  # close connections before dropping what they use
    drop_postgres_schema(schema)


STORES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip a store's leg of a test marked for the other store only."""
    for item in items:
        param = getattr(getattr(item, "callspec", None), "params", {}).get("store")
        if param:  # carried on each report, from pytest-xdist's workers too
            item.user_properties.append(("store", param))
        if (param == "postgresql" and item.get_closest_marker("sqlite_only")) or (
                param == "sqlite" and item.get_closest_marker("postgres_only")):
            item.add_marker(pytest.mark.skip(reason=f"not a test of the {param} store"))


def on(text: str) -> datetime:
    """An effective time from an ISO date (start of that day, England)."""
    return effective_from(text)


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The --store of a fresh ledger: an SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.sqlite")
        return
    yield request.getfixturevalue("postgres_store")


@pytest.fixture
def write_terms(tmp_path: Path) -> Callable[[str], str]:
    """Write a terms file from TOML text; returns its path."""
    counter = iter(range(1, 1000))

    def write(text: str) -> str:
        path = tmp_path / f"terms-{next(counter)}.toml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def new_ledger(store: str) -> Callable[..., Ledger]:
    """A ledger initialised with the given terms file, in force from `since`."""

    def make(terms_file: str, since: str = "2026-01-01", actor: str = "secretariat") -> Ledger:
        ledger = Ledger(store, actor, create=True)
        ledger.init("Test Partnership", terms_file, on(since))
        return ledger

    return make


@pytest.fixture(scope="session")
def _told_stories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """The stories `kept_story` has told in this test session (in this xdist worker): each
    one's SQLite file and the actor its ledger was opened as."""
    return {}


@pytest.fixture
def kept_story(store: str, _told_stories: dict[str, tuple[str, str]],
               tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Ledger]:
    """`kept_story(name, build)`: the ledger `build(new_ledger)` makes, at the test's store.

    A long story (a year of the Executive's decisions, a register of 120) is told once a
    session, on an SQLite file, through the application as `new_ledger` would; each test
    then gets its events copied, in order, into its own fresh store (`copy_store`: the
    file byte for byte, or the events into a new PostgreSQL schema) and opened afresh, as
    another process would open it. A test is then about what it reads or does next, on
    each store, and not about telling the story again: every act of a story is tested on
    both stores where it is the subject (tests/test_*_rules.py, the stateful tests)."""

    def tell(name: str, build: Callable[[Callable[..., Ledger]], Ledger]) -> Ledger:
        from tests.helpers import copy_store

        if name not in _told_stories:
            path = str(tmp_path_factory.mktemp("story") / "ledger.sqlite")
            actors: list[str] = []

            def make(terms_file: str, since: str = "2026-01-01",
                     actor: str = "secretariat") -> Ledger:
                actors.append(actor)
                ledger = Ledger(path, actor, create=True)
                ledger.init("Test Partnership", terms_file, on(since))
                return ledger

            build(make).close()
            _told_stories[name] = (path, actors[0])
        path, actor = _told_stories[name]
        copy_store(path, store)
        return Ledger(store, actor)

    return tell


@pytest.fixture
def kept_commands(store: str, _told_stories: dict[str, tuple[str, str]],
                  tmp_path_factory: pytest.TempPathFactory) -> Callable[..., str]:
    """`kept_commands(name, text, at=None)`: the test's store, holding what the `lsp`
    commands of `text` (one a line, as tests.helpers.run_lines runs them) recorded.

    As `kept_story` does for a story told through the application: the commands run once
    a session (under freezegun at `at`, if given) on an SQLite file, `--as tester` and
    unsealed as the `lsp` fixture runs them, and each test gets a copy at its own store."""

    def run(name: str, text: str, at: str | None = None) -> str:
        from tests.helpers import copy_store

        if name not in _told_stories:
            path = str(tmp_path_factory.mktemp("commands") / "ledger.sqlite")
            from cli.main import cli

            with freezegun.freeze_time(at) if at else _no_freeze():
                result = CliRunner().invoke(
                    cli, ["--store", path, "--as", "tester", "batch", "-"], input=text,
                    catch_exceptions=False, env={"LSP_SEAL": "off"})
            assert result.exit_code == 0, result.stderr
            _told_stories[name] = (path, "tester")
        copy_store(_told_stories[name][0], store)
        return store

    return run


@contextmanager
def _no_freeze() -> Iterator[None]:
    yield


def event_count(ledger: Ledger) -> int:
    """How many events the store holds: a refusal must leave this unchanged."""
    return ledger.recorder.max_notification_id() or 0


@pytest.fixture
def lsp(store: str) -> Callable[..., Result]:
    """Run `lsp --store STORE --as tester ARGS...`, keeping stdout and stderr apart.

    Sealing after each write is off here (LSP_SEAL=off), so positions in the tests and
    in docs/cli.md's examples are those of the commands alone; tests/test_autoseal.py
    covers the default, sealing on."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        from cli.main import cli

        return runner.invoke(cli, ["--store", store, "--as", "tester", *args], input=input,
                             catch_exceptions=False, env={"LSP_SEAL": "off"})

    return run


def without_browser(chromium: Path, env: dict[str, str]) -> tuple[str, str] | None:
    """What the browser tests do where `chromium` is missing: ("skip" or "fail", why);
    None where it is there. They fail only when LSP_REQUIRE_BROWSER asks for them."""
    if chromium.exists():
        return None
    reason = f"no Chromium at {chromium} (apt-get install chromium; .ci/run installs it)"
    if env.get("LSP_REQUIRE_BROWSER"):
        return "fail", f"LSP_REQUIRE_BROWSER is set but there is {reason}"
    return "skip", reason


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright: one per test session."""
    missing = without_browser(CHROMIUM, dict(os.environ))
    if missing is not None:
        outcome, reason = missing
        (pytest.fail if outcome == "fail" else pytest.skip)(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new tab in a browser context of its own (no cookies shared between tests)."""
    context = browser.new_context(locale="en-GB")
    yield context.new_page()
    context.close()


def pytest_report_header(config: pytest.Config) -> str:
    if POSTGRES_URL:
        return (f"stores: every test of a store runs on SQLite and on PostgreSQL "
                f"({POSTGRES_URL.split('?')[0]})")
    return ("stores: SQLite only; the PostgreSQL leg skips (set LSP_TEST_POSTGRES_URL to run "
            "it)")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int,
                            config: pytest.Config) -> None:
    """Say how each store's leg went, so CI's output shows both ran."""
    legs: dict[str, Counter[str]] = {"sqlite": Counter(), "postgresql": Counter()}
    for outcome in ("passed", "failed", "skipped", "error", "xfailed", "xpassed"):
        for report in terminalreporter.stats.get(outcome, []):
            leg = dict(getattr(report, "user_properties", ())).get("store")
            when = getattr(report, "when", "call")
            if leg is None or (outcome == "passed" and when != "call"):
                continue
            legs[leg][outcome] += 1
    terminalreporter.section("stores")
    for leg, counts in legs.items():
        shown = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        terminalreporter.write_line(f"{leg}: {shown or 'no tests'}")
