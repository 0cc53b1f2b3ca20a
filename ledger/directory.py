"""Organisations and people: referenced by id from seats, deputies and requests."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate

from ledger.events import LedgerEvent, entity_id


class Organisation(Aggregate):
    TOPIC = "lsp:Organisation"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Organisation.Created"

    class Registered(LedgerEvent, Aggregate.Created):
        TOPIC = "lsp:Organisation.Registered"
        slug: str
        name: str

    def __init__(self, slug: str, name: str, actor: str, effective: datetime) -> None:
        self.slug = slug
        self.name = name

    @classmethod
    def register(cls, slug: str, name: str, actor: str, effective: datetime) -> Organisation:
        return cls._create(cls.Registered, id=entity_id("org", slug), slug=slug, name=name,
                           actor=actor, effective=effective)


class Person(Aggregate):
    TOPIC = "lsp:Person"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Person.Created"

    class Registered(LedgerEvent, Aggregate.Created):
        TOPIC = "lsp:Person.Registered"
        slug: str
        name: str
        category: str | None

    def __init__(self, slug: str, name: str, category: str | None, actor: str,
                 effective: datetime) -> None:
        self.slug = slug
        self.name = name
        self.category = category

    @classmethod
    def register(cls, slug: str, name: str, category: str | None, actor: str,
                 effective: datetime) -> Person:
        return cls._create(cls.Registered, id=entity_id("person", slug), slug=slug, name=name,
                           category=category, actor=actor, effective=effective)
