"""The partnership's bodies and meetings for everyone, with their papers (issue 14, items 2
and 5; docs/web.md).

- `/bodies`: the bodies of the terms in force, each linked to its page.
- `/bodies/{body}`: a body's roster today by name and organisation (role, deputy), and its
  meetings, each linked to its page. Signed in, a member also finds here the form to
  propose a decision between meetings (posted to `web.members`, which judges nothing
  either: the application does).
- `/meetings/{meeting}`: a meeting's date, time, venue and state, and its papers as they
  are published: the agenda once it is sent out, the ratification paper with it when
  decisions between meetings are to be reported there, the minutes once the meeting is
  closed. Draft minutes of a meeting still open are not public.
- `/meetings/{meeting}/agenda`, `/minutes`, `/ratifications`: each paper exactly as `lsp
  report ... --format html` prints it for the clerk (`cli.views`, `cli.listing`), so what
  the public reads is what was filed. A paper not yet published is "not found" (404).

The papers are documents of their own with their print styles inline, so each is served
with a Content-Security-Policy that allows that one stylesheet by its SHA-256 hash and
nothing else (no script, no other source): as strict as the rest of the site.
Every route asks the one permission check for `read-public` (docs/permissions.md), which
everyone passes, signed in or not: what is public is said in the table, not here.
Nothing here shows an e-mail address or a telephone number: the read models hold names
and organisations only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ledger.app import Ledger
from ledger.errors import LedgerError, NotFound
from ledger.meeting import fold_meeting
from ledger.when import local_date, long_day, spoken
from projections import agenda, lists, meetings, queries
from projections.catchup import ReadStore
from projections.lists import MeetingRow
from projections.meetings import MinutesBuilder
from projections.reader import reading
from web.signin import form_page, lent, session_author

router = APIRouter()

PAPERS = {"agenda": "Agenda", "ratifications": "Decisions between meetings to be reported",
          "minutes": "Minutes"}
BLANK_PROPOSAL = {"decision": "", "title": "", "text": "", "reasons": "", "urgency": ""}


def _public(ledger: Ledger) -> Ledger:
    """`ledger`, once the permission table lets its author read what is public (everyone
    may: the check is made here as on every route, in the application)."""
    ledger.authorise("read-public")
    return ledger


def _problem(request: Request, ledger: Ledger, error: LedgerError, status: int) -> Response:
    return form_page(request, "problem.html.j2", status, partnership=ledger.partnership_name(),
                     seal=queries.latest_seal(ReadStore(ledger)), message=str(error),
                     signed_in=session_author(request, ledger) is not None)


@router.get("/bodies", response_class=HTMLResponse)
def bodies(request: Request) -> Response:
    with lent(request) as ledger:
        store = ReadStore(_public(ledger))
        terms = ledger.terms_at(datetime.now(UTC)).terms
        return form_page(request, "bodies.html.j2", partnership=ledger.partnership_name(),
                         seal=queries.latest_seal(store),
                         signed_in=session_author(request, ledger) is not None,
                         bodies=[(slug, b.name) for slug, b in terms.bodies.items()])


def body_page(request: Request, ledger: Ledger, body: str, status: int = 200,
              error: LedgerError | None = None, form: dict[str, str] | None = None
              ) -> Response:
    """A body's page: for the public its roster and meetings; for a member signed in (the
    ledger acting as them), the form to propose a decision between meetings as well."""
    store = ReadStore(_public(ledger))
    now = datetime.now(UTC)
    try:
        roster = queries.roster(store, body, now)
    except NotFound as e:
        return _problem(request, ledger, e, 404)
    member = ledger.author.person is not None and ledger.author.route == "web"
    return form_page(request, "body.html.j2", status, partnership=ledger.partnership_name(),
                     seal=queries.latest_seal(store), roster=roster, signed_in=member,
                     meetings=lists.meetings(store, body, now).meetings,
                     error=str(error) if error else None, form=form or BLANK_PROPOSAL)


@router.get("/bodies/{body}", response_class=HTMLResponse)
def body(request: Request, body: str) -> Response:
    with lent(request) as ledger:
        author = session_author(request, ledger)
        return body_page(request, ledger.acting_as(author) if author else ledger, body)


def _meeting_row(store: ReadStore, meeting: str) -> MeetingRow:
    """The meeting's row as `lists.meetings` gives it (the same fields, the same meetings:
    tests/test_web_bodies.py compares the two), folding this meeting alone rather than
    every meeting of every body to find it."""
    now = datetime.now(UTC)
    with reading(store) as reader:
        facts = reader.facts("meeting", meeting)
        state = fold_meeting(facts) if facts else None
        # Listed only while its scheduling stands (the list's own query, of its body)
        if state is None or state.when is None or meeting not in \
                MinutesBuilder(reader).scheduled(state.body, None, None):
            raise NotFound(f"there is no meeting '{meeting}' in the ledger")
        found = reader.terms_at(state.when)
        b = found[1].body(state.body) if found else None
        status = "closed" if state.closed else "held" if state.when <= now else "scheduled"
        return MeetingRow(
            meeting=meeting, body=state.body, body_name=b.name if b else state.body,
            held=spoken(state.when), date=local_date(state.when).isoformat(),
            venue=state.venue, status=status, items=len(state.items),
            published=(long_day(local_date(state.published["when"]))
                       if state.published else None),
            rescheduled_from=[spoken(w) for w in state.rescheduled_from])


def published_papers(store: ReadStore, row: MeetingRow) -> list[str]:
    """The papers of a meeting the public may read now: the agenda once published (with
    the ratification paper when it reports decisions between meetings), the minutes once
    the meeting is closed."""
    papers = []
    if row.published is not None:
        papers.append("agenda")
        if agenda.ratification_paper(store, row.meeting).decisions:
            papers.append("ratifications")
    if row.status == "closed":
        papers.append("minutes")
    return papers


def _published(store: ReadStore, row: MeetingRow, paper: str) -> str | None:
    """The paper as `lsp report PAPER --format html` prints it, if the public may read it
    now (as `published_papers` says); None if not. The ratification paper is built once,
    to judge and to print."""
    from cli.listing import agenda_html
    from cli.views import minutes_html, ratifications_html
    if paper == "agenda":
        return agenda_html(agenda.agenda(store, row.meeting)) if row.published else None
    if paper == "ratifications":
        found = agenda.ratification_paper(store, row.meeting) if row.published else None
        return ratifications_html(found) if found is not None and found.decisions else None
    return minutes_html(meetings.minutes(store, row.meeting)) if row.status == "closed" \
        else None


@router.get("/meetings/{meeting}", response_class=HTMLResponse)
def meeting_page(request: Request, meeting: str) -> Response:
    with lent(request) as ledger:
        store = ReadStore(_public(ledger))
        try:
            row = _meeting_row(store, meeting)
        except NotFound as e:
            return _problem(request, ledger, e, 404)
        return form_page(request, "meeting.html.j2", partnership=ledger.partnership_name(),
                         seal=queries.latest_seal(store), m=row,
                         signed_in=session_author(request, ledger) is not None,
                         papers=[(p, PAPERS[p]) for p in published_papers(store, row)])


_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def paper_policy(html: str) -> str:
    """A Content-Security-Policy for a paper: its own inline stylesheets, by hash, and
    nothing else."""
    hashes = [base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
              for s in _STYLE.findall(html)]
    styles = " ".join(f"'sha256-{h}'" for h in hashes) or "'none'"
    return (f"default-src 'none'; style-src {styles}; "
            "img-src 'self' data:; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")


@router.get("/meetings/{meeting}/{paper}", response_class=HTMLResponse)
def paper(request: Request, meeting: str, paper: str) -> Response:
    with lent(request) as ledger:
        store = ReadStore(_public(ledger))
        try:
            row = _meeting_row(store, meeting)
            if paper not in PAPERS:
                raise NotFound(f"a meeting's papers are {', '.join(PAPERS)}; there is no "
                               f"paper '{paper}'")
            html = _published(store, row, paper)
            if html is None:
                raise NotFound(f"the {PAPERS[paper].lower()} of '{meeting}' is not "
                               "published")
        except NotFound as e:
            return _problem(request, ledger, e, 404)
    return HTMLResponse(html, headers={"Content-Security-Policy": paper_policy(html)})
