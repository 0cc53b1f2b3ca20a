"""The partnership: its name and the versions of its terms of reference.

Each version keeps the exact text that was adopted (and its SHA-256), so an auditor can
see the document every decision was judged by. A version is in force from its effective
date until the next version's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidInput, NotFound
from ledger.events import LedgerEvent, entity_id
from ledger.terms import Terms, digest, parse_terms
from ledger.when import day

PARTNERSHIP_ID = entity_id("partnership", "partnership")


@dataclass(frozen=True)
class TermsVersion:
    version: int
    effective: datetime
    recorded: datetime
    actor: str
    source: str
    sha256: str
    text: str

    @property
    def terms(self) -> Terms:
        return parse_terms(self.text, f"terms version {self.version} ({self.source})")


class Partnership(Aggregate):
    TOPIC = "lsp:Partnership"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Partnership.Created"

    class Founded(LedgerEvent, Aggregate.Created):
        TOPIC = "lsp:Partnership.Founded"
        name: str

    class TermsAdopted(LedgerEvent):
        TOPIC = "lsp:Partnership.TermsAdopted"
        version: int
        source: str
        sha256: str
        text: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Partnership):
                aggregate.versions.append(TermsVersion(
                    version=self.version, effective=self.effective, recorded=self.timestamp,
                    actor=self.actor, source=self.source, sha256=self.sha256, text=self.text))

    def __init__(self, name: str, actor: str, effective: datetime) -> None:
        self.name = name
        self.versions: list[TermsVersion] = []

    @classmethod
    def found(cls, name: str, actor: str, effective: datetime) -> Partnership:
        if not name.strip():
            raise InvalidInput("the partnership needs a name")
        return cls._create(cls.Founded, id=PARTNERSHIP_ID, name=name.strip(), actor=actor,
                           effective=effective)

    def adopt_terms(self, text: str, source: str, actor: str, effective: datetime) -> None:
        parse_terms(text, source)  # refuses a malformed file before anything is recorded
        if self.versions and effective < self.versions[-1].effective:
            latest = self.versions[-1]
            raise InvalidInput(
                f"terms version {latest.version} is in force from "
                f"{day(latest.effective)}; a new version cannot take effect before it")
        self.trigger_event(self.TermsAdopted, version=len(self.versions) + 1, source=source,
                           sha256=digest(text), text=text, actor=actor, effective=effective)

    def version_at(self, when: datetime) -> TermsVersion:
        in_force = [v for v in self.versions if v.effective <= when]
        if not in_force:
            first = self.versions[0].effective if self.versions else None
            since = f"; the first terms are in force from {day(first)}" if first else ""
            raise NotFound(f"no terms of reference were in force on {day(when)}{since}")
        return in_force[-1]
