"""Setting up: the ledger, its terms of reference, organisations and people."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from cli.context import on_option, parse_as_of, parse_on, settings
from cli.examples import terms_path
from cli.listing import orgs_text, people_text
from cli.render import emit, json_option, recorded
from cli.views import terms_text
from ledger.app import Ledger
from projections import queries


@click.command()
@click.argument("name")
@click.option("--terms", "terms_file", required=True, metavar="FILE",
              help="The terms of reference: a TOML file (docs/terms.md), or the name of a "
                   "bundled example (daventry, lewisham, tower-hamlets, ...).")
@on_option
@json_option
def init(name: str, terms_file: str, on: str | None) -> None:
    """Create the ledger of partnership NAME and adopt its terms of reference."""
    s = settings()
    ledger, done = Ledger.create(s.store, s.actor, name, terms_path(terms_file),
                                 parse_on(on))
    s.opened.append(ledger)  # closed, with its connections, when the command ends
    recorded(done, f"Ledger created for {name}, with terms version 1 from {terms_file}.")


@click.group()
def terms() -> None:
    """The terms of reference: adopt a new version, or show the one in force."""


@terms.command("adopt")
@click.argument("terms_file", metavar="FILE")
@on_option
@json_option
def terms_adopt(terms_file: str, on: str | None) -> None:
    """Adopt a new version of the terms, in force from --on (default now)."""
    ledger = settings().ledger()
    done = ledger.adopt_terms(terms_path(terms_file), parse_on(on))
    recorded(done, f"New terms adopted from {terms_file}; in force from {on or 'now'}.")


@terms.command("show")
@click.option("--as-of", "as_of_text", metavar="DATE", help="The version in force on DATE.")
@json_option
def terms_show(as_of_text: str | None) -> None:
    """Show the terms of reference in force (default: today)."""
    when = parse_as_of(as_of_text) or datetime.now(UTC)
    view = queries.terms(settings().read(), when)
    emit(view, lambda: terms_text(view))


@click.group()
def org() -> None:
    """Organisations that hold seats."""


@org.command("add")
@click.argument("org_id", metavar="ORG")
@click.option("--name", required=True, help="The organisation's name.")
@json_option
def org_add(org_id: str, name: str) -> None:
    """Add organisation ORG (a slug such as met-police)."""
    done = settings().ledger().add_org(org_id, name)
    recorded(done, f"Organisation {org_id} added: {name}.")


@org.command("list")
@json_option
def org_list() -> None:
    """Every organisation by name, with its slug and the seats it has today."""
    from projections import lists

    found = lists.orgs(settings().read(), datetime.now(UTC))
    emit(found, lambda: orgs_text(found))


@click.group()
def person() -> None:
    """People who hold seats or deputise."""


@person.command("add")
@click.argument("person_id", metavar="PERSON")
@click.option("--name", required=True, help="The person's name.")
@click.option("--category", help="e.g. resident, ward-councillor, service-provider.")
@json_option
def person_add(person_id: str, name: str, category: str | None) -> None:
    """Add person PERSON (a slug such as jane-doe)."""
    done = settings().ledger().add_person(person_id, name, category)
    recorded(done, f"Person {person_id} added: {name}.")


@person.command("list")
@json_option
def person_list() -> None:
    """Every person by name, with their slug, category and the seats they hold or
    deputise in today (never an e-mail address)."""
    from projections import lists

    found = lists.people(settings().read(), datetime.now(UTC))
    emit(found, lambda: people_text(found))
