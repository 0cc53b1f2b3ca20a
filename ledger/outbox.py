"""The outbox: the notifications the ledger owes people, and every attempt to send them.

One stream per ledger (a fixed id, like the accounts'): `outbox:outbox` in `lsp audit`.
Its events:

- `Queued` (key, person, kind, decision, subject, body): a notice is owed. Its key is
  deterministic (`key_of`: kind, decision, person), so queuing the same notice again is
  refused as a no-op (`Outbox.queue` skips it): each notice is queued once, ever. The
  e-mail address is never copied here: it is looked up in the accounts when sending;
- `Attempted` (key, ok, error, next_try): one attempt to hand the notice to the mail
  server, as it went. A notice attempted with `ok` is delivered and never sent again;
  after a failure it is due again at `next_try` (`backoff`: 1, 2, 4 ... minutes, capped
  at an hour), and after `FAILING_AFTER` failures it shows as failing (it is still tried).

Being one stream, two processes delivering at once collide on its version when they
record the same attempt: only the first is recorded, the other's write is refused and it
sends nothing more ("at least once": the message it had already handed over may arrive
twice; none is lost).

`fold(facts)` is the same fold over the stream's facts as the read models hold them
(`projections.warnings` judges failing notices from it): the aggregate's events and the
facts go through the same two steps (`_queued`, `_attempted`), so the two cannot differ.

Of the domain: eventsourcing, `ledger.events` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.events import Fact, LedgerEvent, entity_id

OUTBOX_ID: UUID = entity_id("outbox", "outbox")
"""The one stream of the outbox (`lsp audit --entity outbox:outbox`)."""

KINDS = ("proposed", "reminder", "taken", "report-due")
FAILING_AFTER = 5  # failed attempts after which `lsp outbox list` and `lsp check` say so
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)


def key_of(kind: str, decision: str, person: str) -> str:
    """A notice's key: the same notice (what, about which decision, to whom) has one."""
    return f"{kind}:{decision}:{person}"


def backoff(failures: int) -> timedelta:
    """How long to wait after the `failures`-th failed attempt in a row: 1, 2, 4 ...
    minutes, never more than an hour."""
    if failures < 1:
        return timedelta(0)
    wait: timedelta = FIRST_WAIT * (2 ** min(failures - 1, 16))
    return min(wait, LONGEST_WAIT)


@dataclass(frozen=True)
class Notice:
    """A notification owed to a person: what it is about, and its text."""

    kind: str
    decision: str
    person: str
    subject: str
    body: str

    @property
    def key(self) -> str:
        return key_of(self.kind, self.decision, self.person)


@dataclass
class Entry:
    """One notice in the outbox, and how sending it has gone."""

    notice: Notice
    queued: datetime
    attempts: int = 0
    failures: int = 0  # failed attempts since the last success (there is at most one)
    delivered: datetime | None = None
    last_error: str = ""
    last_failed: datetime | None = None  # when the last failed attempt was
    next_try: datetime | None = None  # None: due at once
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.notice.key

    @property
    def status(self) -> str:
        """"delivered", "failing" (FAILING_AFTER failures or more), "retrying" or "queued"."""
        if self.delivered is not None:
            return "delivered"
        if self.failures >= FAILING_AFTER:
            return "failing"
        return "retrying" if self.failures else "queued"

    def due(self, now: datetime) -> bool:
        """Not yet delivered, and its wait after the last failure is over."""
        return self.delivered is None and (self.next_try is None or self.next_try <= now)


def _queued(entries: dict[str, Entry], key: str, notice: Notice, effective: datetime
            ) -> None:
    """The fold's step for `Queued`."""
    entries[key] = Entry(notice, effective)


def _attempted(entries: dict[str, Entry], key: str, ok: bool, error: str,
               next_try: datetime | None, effective: datetime) -> None:
    """The fold's step for `Attempted`."""
    entry = entries[key]
    entry.attempts += 1
    if ok:
        entry.delivered, entry.failures = effective, 0
    else:
        entry.failures += 1
        entry.last_error = error
        entry.last_failed = effective
        entry.errors.append(error)
    entry.next_try = next_try


def fold(facts: Iterable[Fact], as_of: datetime | None = None) -> dict[str, Entry]:
    """The outbox's entries, by key, from the stream's facts (those effective by `as_of`,
    if given) in the order recorded: what the aggregate holds. An attempt at a notice
    never queued is passed over."""
    entries: dict[str, Entry] = {}
    for f in facts:
        if as_of is not None and f.effective > as_of:
            continue
        data = f.data
        key = str(data.get("key", ""))
        if f.kind == "Queued":
            _queued(entries, key, Notice(
                str(data.get("kind", "")), str(data.get("decision", "")),
                str(data.get("person", "")), str(data.get("subject", "")),
                str(data.get("body", ""))), f.effective)
        elif f.kind == "Attempted" and key in entries:
            _attempted(entries, key, bool(data.get("ok")), str(data.get("error") or ""),
                       _moment(data.get("next_try")), f.effective)
    return entries


def _moment(value: object) -> datetime | None:
    """A time as a fact holds it (a datetime, or the read models' text), or None."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


class Outbox(Aggregate):
    """The notices owed, in the order queued, and the attempts to send each."""

    TOPIC = "lsp:Outbox"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Outbox.Created"

    class Opened(LedgerEvent, Aggregate.Created):
        TOPIC = "lsp:Outbox.Opened"

    class Queued(LedgerEvent):
        TOPIC = "lsp:Outbox.Queued"
        key: str
        person: str
        kind: str
        decision: str
        subject: str
        body: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Outbox):
                _queued(aggregate.entries, self.key, Notice(
                    self.kind, self.decision, self.person, self.subject, self.body),
                    self.effective)

    class Attempted(LedgerEvent):
        TOPIC = "lsp:Outbox.Attempted"
        key: str
        ok: bool
        error: str
        next_try: datetime | None

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Outbox):
                _attempted(aggregate.entries, self.key, self.ok, self.error, self.next_try,
                           self.effective)

    def __init__(self, actor: str, effective: datetime) -> None:
        self.entries: dict[str, Entry] = {}

    @classmethod
    def open(cls, actor: str, effective: datetime) -> Outbox:
        return cls._create(cls.Opened, id=OUTBOX_ID, actor=actor, effective=effective)

    def queue(self, notices: list[Notice], actor: str, effective: datetime) -> int:
        """Queue each notice not queued before (by key); how many were new."""
        new = 0
        for n in notices:
            if n.key in self.entries:
                continue
            self.trigger_event(self.Queued, key=n.key, person=n.person, kind=n.kind,
                               decision=n.decision, subject=n.subject, body=n.body,
                               actor=actor, effective=effective)
            new += 1
        return new

    def attempted(self, key: str, error: str | None, actor: str, effective: datetime
                  ) -> None:
        """Record one attempt to send `key`: delivered (`error` None) or failed, with the
        time it is due again."""
        entry = self.entries[key]
        if entry.delivered is not None:
            raise ValueError(f"notice {key} was delivered already")
        next_try = None if error is None else effective + backoff(entry.failures + 1)
        self.trigger_event(self.Attempted, key=key, ok=error is None, error=error or "",
                           next_try=next_try, actor=actor, effective=effective)

    def due(self, now: datetime) -> list[Entry]:
        """The notices to try now, in the order queued."""
        return [e for e in self.entries.values() if e.due(now)]
