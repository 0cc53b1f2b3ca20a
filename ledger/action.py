"""An action agreed at a meeting: who will do what, by when, and when it was done.

An action is its own aggregate rather than an event of its meeting: action notes are
written up after the meeting, often once it is closed (a closed meeting accepts only
corrections), and an action is done weeks or months later, long after its meeting's
stream is finished with. Each action names its meeting, body and (optionally) the agenda
item it arose from, so the minutes and the next agenda ("matters arising") find it.

Like the other aggregates, it keeps its events as plain facts and its state is their
fold (`fold_action`), read the same way by the read side.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidInput
from ledger.events import Fact, LedgerEvent, entity_id, fact_of
from ledger.when import day, local_date


@dataclass
class ActionState:
    slug: str = ""
    meeting: str = ""
    body: str = ""
    title: str = ""
    owner: str = ""
    due: date | None = None
    item: str | None = None
    agreed: datetime | None = None  # the meeting's time
    done: datetime | None = None

    def apply(self, f: Fact) -> None:
        d = f.data
        if f.kind == "Added":
            self.slug, self.meeting, self.body = d["slug"], d["meeting"], d["body"]
            self.title, self.owner, self.item = d["title"], d["owner"], d["item"]
            self.due = date.fromisoformat(d["due"]) if d["due"] else None
            self.agreed = f.effective
        elif f.kind == "Done":
            self.done = f.effective

    def overdue(self, today: date) -> bool:
        """Open, and its due date has passed."""
        return self.done is None and self.due is not None and self.due < today


def fold_action(facts: Iterable[Fact]) -> ActionState:
    state = ActionState()
    for f in sorted(facts, key=lambda f: f.version):
        state.apply(f)
    return state


class Action(Aggregate):
    TOPIC = "lsp:Action"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Action.Created"

    class Event(LedgerEvent):
        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Action):
                aggregate.facts.append(fact_of(aggregate.slug, self))

    class Added(Event, Aggregate.Created):
        """Agreed at `meeting` (its effective time is the meeting's); `due` an ISO date."""

        TOPIC = "lsp:Action.Added"
        slug: str
        meeting: str
        body: str
        title: str
        owner: str
        due: str | None
        item: str | None

    class Done(Event):
        TOPIC = "lsp:Action.Done"

    def __init__(self, slug: str, meeting: str, body: str, title: str, owner: str,
                 due: str | None, item: str | None, actor: str, effective: datetime) -> None:
        self.slug = slug
        self.facts: list[Fact] = []

    @classmethod
    def add(cls, slug: str, meeting: str, body: str, title: str, owner: str,
            due: date | None, item: str | None, actor: str, effective: datetime) -> Action:
        if not title.strip():
            raise InvalidInput("an action needs a title", remedy="input:title")
        if due is not None and due < local_date(effective):
            raise InvalidInput(f"an action agreed at meeting '{meeting}' on {day(effective)} "
                               f"cannot be due before it ({due.isoformat()})",
                               remedy="input:due")
        return cls._create(cls.Added, id=entity_id("action", slug), slug=slug,
                           meeting=meeting, body=body, title=title.strip(), owner=owner,
                           due=due.isoformat() if due else None, item=item, actor=actor,
                           effective=effective)

    @property
    def state(self) -> ActionState:
        return fold_action(self.facts)

    def complete(self, actor: str, effective: datetime) -> None:
        s = self.state
        if s.done is not None:
            raise InvalidInput(f"action '{self.slug}' was done already, on {day(s.done)}")
        if s.agreed is not None and effective < s.agreed:
            raise InvalidInput(f"action '{self.slug}' was agreed at meeting '{s.meeting}' on "
                               f"{day(s.agreed)}; it cannot be done before that")
        self._trigger(self.Done, actor, effective)

    def _trigger(self, event_class: type[Aggregate.Event], actor: str, effective: datetime,
                 **fields: Any) -> None:
        self.trigger_event(event_class, actor=actor, effective=effective, **fields)
