"""Helpers shared by the story and rule tests: refusals, reloads, small builders."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate

from ledger.app import Ledger
from ledger.errors import LedgerError, RuleBroken
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
