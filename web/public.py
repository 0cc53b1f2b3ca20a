"""The public pages: the decision register and each decision's page, for anyone, no
sign-in (issue 14, item 5; docs/web.md).

- `/decisions`: the decision register (`projections.registers.decisions`), decisions
  taken at and between meetings, by title, with their dates, bodies and outcomes; a plain
  GET form filters it by body and by year. `/decisions.csv` and `/decisions.json`: the
  same register (and filters) as `lsp register decisions --format csv` and `--json` give.
- `/decisions/{id}`: one decision of the register. Between meetings its id is the
  decision's own (`youth-bus`), with its text, reasons, who agreed by name and
  organisation, the clause relied on and when it was reported, and what the meeting did
  (`projections.decisions.show`); at a meeting it is `MEETING.ITEM` (`exec-2026-06.grants`,
  a membership request `MEETING.request.REQUEST`), with how each member voted
  (`projections.meetings.minutes`).
- `/static/lsp.css`: the one stylesheet, our own, in the GOV.UK Design System's patterns.

The pages decide nothing: every fact and every rule comes from the read models, and a
page only shows them (dates in British long form, "20 May 2026"). Nothing but names and
organisations is shown of a person: the read models used hold no contact details, and the
tests check that no e-mail address reaches a page. The pages are server-rendered HTML from
`web/templates/` (Jinja2, autoescaped) and need no JavaScript.

The router reads the ledger the app serves from `app.state.ledger` (a `ledger.app.Ledger`,
set by the app factory); an app may give it another way by overriding `ledger_of`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
)
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from cli.render import NO_CLAUSE, csv_text
from cli.views import decision_rows
from ledger.app import Ledger
from ledger.errors import InvalidInput, LedgerError, NotFound
from ledger.when import MONTHS, as_of, effective_from, time_of_day
from projections import decisions, meetings
from projections.catchup import ReadStore
from projections.models import SealRef
from projections.registers import DecisionEntry, KeptRegister

router = APIRouter()

STATIC = Path(__file__).resolve().parent / "static"
HOW = {"vote": "At a meeting, by a vote", "consensus": "At a meeting, by consensus",
       "membership-request": "At a meeting, on a request to join",
       "between-meetings": "Between meetings"}


def ledger_of(request: Request) -> Ledger:
    """The ledger the app serves (`app.state.ledger`)."""
    ledger = getattr(request.app.state, "ledger", None)
    if not isinstance(ledger, Ledger):
        raise RuntimeError("the app serves no ledger: the app factory sets app.state.ledger")
    return ledger


Served = Annotated[Ledger, Depends(ledger_of)]

PER_PAGE = 50  # register entries on one page (the downloads hold them all)


# An answer as kept: its status, body, media type and other headers.
_Answer = tuple[int, bytes, str, tuple[tuple[str, str], ...]]


class Registers:
    """The decision register of each store this process serves, kept between pages
    (`projections.registers.KeptRegister`): a fold of the whole history read once, then,
    after each act, read again only where the act changed it (an approval: its decision).

    A page of the register, its downloads and a decision's page are each a function of
    the ledger's read position alone (and of what is asked), so each answer is kept too,
    under that position: asked again while nothing new is recorded, it is sent as it was,
    after one look at the store. At most `most` answers are kept, the oldest dropped
    first. One request at a time per process (a lock): the pages are CPU work, which
    Python's threads would take in turn anyway."""

    def __init__(self, most: int = 256) -> None:
        self.most = most
        self._kept: dict[str, KeptRegister] = {}
        self._answers: dict[tuple[object, ...], _Answer] = {}
        self._lock = threading.Lock()

    def answer(self, ledger: Ledger, asked: tuple[object, ...],
               make: Callable[[KeptRegister, ReadStore], Response]) -> Response:
        """The answer to `asked` (a page and its parameters) at the store's position now:
        as kept, or made by `make` from the register brought up to date."""
        store = ReadStore(ledger)
        with self._lock:
            kept = self._kept.setdefault(ledger.store, KeptRegister())
            key = (ledger.store, kept.refresh(store), *asked)
            found = self._answers.get(key)
            if found is None:
                made = make(kept, store)
                found = (made.status_code, bytes(made.body), made.media_type or "",
                         tuple((k, v) for k, v in made.headers.items()
                               if k.lower() not in ("content-length", "content-type")))
                while len(self._answers) >= self.most:
                    self._answers.pop(next(iter(self._answers)))
                self._answers[key] = found
        status, body, media_type, headers = found
        return Response(body, status_code=status, media_type=media_type,
                        headers=dict(headers))


def registers_of(request: Request) -> Registers:
    """The registers kept by the app (one `Registers` per app, made at its first page)."""
    state = request.app.state
    with _MAKING:
        if not isinstance(getattr(state, "registers", None), Registers):
            state.registers = Registers()
    kept: Registers = state.registers
    return kept


_MAKING = threading.Lock()
Kept = Annotated[Registers, Depends(registers_of)]


# ------------------------------------------------------------------------------ words


def long_date(text: str) -> str:
    """An ISO date (or "YYYY-MM-DD HH:MM", England) in British long form: "20 May 2026",
    "10 June 2026, 6.30 pm" (the time as `ledger.when.time_of_day` writes it)."""
    if not text:
        return ""
    day = date.fromisoformat(text[:10])
    words = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if len(text) > 10:
        words += f", {time_of_day(int(text[11:13]), int(text[14:16]))}"
    return words


def clause(value: str | None, version: int) -> str:
    """The clause a decision relied on, as the papers cite it (a consensus records none)."""
    if not value:
        return "None cited in the record"
    if value in NO_CLAUSE:
        return f"The ledger's own rule (version {version} of the terms of reference is silent)"
    clauses = "Clauses" if "," in value else "Clause"
    return f"{clauses} {value} of the terms of reference, version {version}"


def public_id(entry: DecisionEntry) -> str:
    """A register entry's address under /decisions/: the decision's own id between
    meetings; MEETING.ITEM at a meeting (slugs have no dots, so the two cannot meet)."""
    kind, _, name = entry.item.partition(":")
    if kind == "decision":
        return name
    return ".".join([entry.meeting, *entry.item.split(":")])


@functools.cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["long_date"] = long_date
    env.filters["clause"] = clause
    env.globals["public_id"] = public_id
    env.globals["how"] = HOW
    return env


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_environment().get_template(name).render(**context),
                        status_code=status)


# ------------------------------------------------------------------------------ reads


def _year(text: str) -> tuple[datetime, datetime]:
    """The first and last instants of a calendar year in England."""
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise InvalidInput(f"the year {text!r} is not a year: give four digits, like 2026")
    return (effective_from(f"{text}-01-01", "the year"), as_of(f"{text}-12-31", "the year"))


def _refused(error: LedgerError, partnership: str, status: int, seal: SealRef | None
             ) -> HTMLResponse:
    return page("problem.html.j2", status, partnership=partnership, message=str(error),
                seal=seal)


# ------------------------------------------------------------------------------ pages


@dataclass(frozen=True)
class _Asked:
    """What the filter asked for, and what is wrong with it (by field), if anything."""

    body: str
    year: str
    start: datetime | None
    end: datetime | None
    errors: dict[str, str]


def _asked(bodies: Mapping[str, str], body: str, year: str) -> _Asked:
    body, year = body.strip(), year.strip()
    errors: dict[str, str] = {}
    if body and body not in bodies:
        errors["body"] = "Select a body of the partnership from the list"
    start = end = None
    if year:
        try:
            start, end = _year(year)
        except InvalidInput:
            errors["year"] = "Year must be four digits, like 2026"
    return _Asked(body, year, start, end, errors)


@router.get("/decisions", response_class=HTMLResponse)
def decision_register(ledger: Served, kept: Kept, body: str = "", year: str = "",
                      page_no: Annotated[str, Query(alias="page")] = "1") -> Response:
    """The decision register, filtered by body and year when the form asks, newest
    first, `PER_PAGE` decisions a page."""

    def make(register: KeptRegister, _: ReadStore) -> Response:
        partnership, bodies = register.partnership, register.bodies
        asked = _asked(bodies, body, year)
        form = {"body": asked.body, "year": asked.year}
        if asked.errors:
            found = register.answer()
            return page("register.html.j2", 400, partnership=partnership, bodies=bodies,
                        form=form, errors=asked.errors, register=found, entries=[],
                        seal=found.seal, query="", pages=None)
        found = register.answer(asked.body or None, asked.start, asked.end)
        query = urlencode({k: v for k, v in form.items() if v})
        pages = _pages(len(found.entries), page_no, query)
        if pages is None:
            last = max(1, -(-len(found.entries) // PER_PAGE))
            return _refused(NotFound(f"there is no page {page_no!r} of this register: its "
                                     f"pages are 1 to {last}"), partnership, 404, found.seal)
        newest_first = found.entries[::-1][pages.first - 1:pages.last]
        return page("register.html.j2", partnership=partnership, bodies=bodies, form=form,
                    errors={}, register=found, entries=newest_first,
                    total=len(found.entries), seal=found.seal,
                    query=f"?{query}" if query else "", pages=pages)

    return kept.answer(ledger, ("register", body, year, page_no), make)


@dataclass(frozen=True)
class _Pages:
    """Where a page of the register is among its pages (GOV.UK's pagination)."""

    number: int
    count: int
    first: int  # the first entry shown, counting from 1
    last: int  # the last entry shown
    links: list[tuple[int | None, str]]  # (page number, address); None: an ellipsis
    previous: str | None
    next: str | None


def _pages(entries: int, asked: str, query: str) -> _Pages | None:
    """The page `asked` of a register of `entries` (None when there is no such page)."""
    count = max(1, -(-entries // PER_PAGE))
    if not (asked.isascii() and asked.isdigit()) or not 1 <= int(asked) <= count:
        return None
    number = int(asked)

    def address(n: int) -> str:
        return "/decisions?" + "&".join(p for p in (query, f"page={n}") if p)

    # First, last, and the pages either side of this one; gaps shown as an ellipsis.
    shown = sorted({1, count, number - 1, number, number + 1} & set(range(1, count + 1)))
    links: list[tuple[int | None, str]] = []
    for n in shown:
        if links and links[-1][0] is not None and n - (links[-1][0] or 0) > 1:
            links.append((None, ""))
        links.append((n, address(n)))
    return _Pages(number, count, (number - 1) * PER_PAGE + 1 if entries else 0,
                  min(number * PER_PAGE, entries), links,
                  address(number - 1) if number > 1 else None,
                  address(number + 1) if number < count else None)


@router.get("/decisions.csv", response_class=PlainTextResponse)
def decision_register_csv(ledger: Served, kept: Kept, body: str = "", year: str = ""
                          ) -> Response:
    """The register as `lsp register decisions --format csv` writes it."""

    def make(register: KeptRegister, _: ReadStore) -> Response:
        asked = _asked(register.bodies, body, year)
        if asked.errors:
            return PlainTextResponse("\n".join(asked.errors.values()) + "\n",
                                     status_code=400)
        found = register.answer(asked.body or None, asked.start, asked.end)
        return Response(csv_text(decision_rows(found)), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition":
                                 'attachment; filename="decisions.csv"'})

    return kept.answer(ledger, ("csv", body, year), make)


@router.get("/decisions.json")
def decision_register_json(ledger: Served, kept: Kept, body: str = "", year: str = ""
                           ) -> Response:
    """The register as `lsp register decisions --json` prints it (the read model)."""

    def make(register: KeptRegister, _: ReadStore) -> Response:
        asked = _asked(register.bodies, body, year)
        if asked.errors:
            return JSONResponse({"error": "; ".join(asked.errors.values())}, status_code=400)
        found = register.answer(asked.body or None, asked.start, asked.end)
        return JSONResponse(found.model_dump(mode="json"))

    return kept.answer(ledger, ("json", body, year), make)


@router.get("/decisions/{decision_id}", response_class=HTMLResponse)
def decision_page(decision_id: str, ledger: Served, kept: Kept) -> Response:
    """One decision of the register, as its public page."""
    return kept.answer(ledger, ("decision", decision_id),
                       lambda register, store: _decision(register, store, decision_id))


def _decision(register: KeptRegister, store: ReadStore, decision_id: str) -> Response:
    partnership, found = register.partnership, register.answer()
    entry = next((e for e in found.entries if public_id(e) == decision_id), None)
    if entry is None:
        return _refused(NotFound(f"there is no decision '{decision_id}' in the public "
                                 "decision register"), partnership, 404, found.seal)
    context: dict[str, Any] = {"partnership": partnership, "entry": entry,
                               "seal": found.seal, "between": None, "votes": [],
                               "present": []}
    if entry.how == "between-meetings":
        context["between"] = decisions.show(store, decision_id)
    else:
        minutes = meetings.minutes(store, entry.meeting)
        seats = {s.seat: s for s in [*minutes.present, *minutes.deputies]}
        item = next((i for i in minutes.items if i.item == entry.item), None)
        if item is not None and item.vote is not None:
            context["votes"] = [(v, _org(seats, v.seat)) for v in item.vote.votes]
        if entry.how == "consensus":
            context["present"] = [s for s in seats.values() if s.voting]
        context["minutes"] = minutes
    return page("decision.html.j2", **context)


def _org(seats: Mapping[str, Any], seat: str) -> str:
    found = seats.get(seat)
    return (found.org_name or "") if found is not None else ""


@router.get("/static/lsp.css", include_in_schema=False)
def stylesheet() -> FileResponse:
    return FileResponse(STATIC / "lsp.css", media_type="text/css",
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/static/signin.js", include_in_schema=False)
def sign_in_script() -> FileResponse:
    """The one script: it sends the e-mailed link's form as the page opens (docs/web.md)."""
    return FileResponse(STATIC / "signin.js", media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=3600"})
