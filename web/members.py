"""The pages for members and chairs, signed in (issue 14, items 2 and 3; docs/web.md).

- `/`: the home page: "Awaiting your approval", the decisions between meetings whose
  approval by this person could still count (`ledger.awaiting.awaiting`), each a link
  named by its title with the rule's progress in words; then the bodies they sit on.
- `/proposals/{decision}` (template `approve.html.j2`): a decision between meetings for
  members: its text, reasons, urgency, who has agreed (by name and organisation), and,
  while it is proposed, the button "Approve" (POST `/proposals/{decision}/approve`),
  "Decline" (`.../decline`, with a reason), "Declare an interest" (`.../interest`:
  personal, or prejudicial, which excludes the member as at meetings) and, for whoever
  the permission table allows, "Withdraw" (`.../withdraw`).
- POST `/bodies/{body}/propose`: a decision between meetings proposed from the form on the
  body's page (`web.bodies`, open to everyone, shows the form to a member signed in).

Every button is a POST with the form's CSRF token (web/signin.py), calling the
application's own command as the signed-in person (`Author.signed_in(person, "web",
"session")`): the rules and the one permission check judge it there, never here. A
refusal is shown with GOV.UK's error summary naming the rule and its clause, status 4xx,
and nothing is recorded. Without a session each page sends the browser to `/sign-in`.

Of the web: FastAPI, `ledger.app`, `ledger.awaiting`, `ledger.errors`, `projections` and
`web.public`, `web.server` and `web.signin` only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ledger.app import Ledger
from ledger.awaiting import awaiting, who_may_agree
from ledger.errors import InvalidInput, LedgerError, NotFound
from projections import decisions, lists, queries
from projections.catchup import ReadStore
from projections.models import RosterView
from web.bodies import body_page
from web.server import STATUS
from web.signin import check_csrf, form_page, signed_in

router = APIRouter()


def _person(ledger: Ledger) -> str:
    return ledger.author.person or ""


def _bodies_of(ledger: Ledger, store: ReadStore, person: str) -> list[RosterView]:
    """The rosters (today) of the bodies `person` sits on: a seat or a deputy's place."""
    now = datetime.now(UTC)
    found = []
    for body in ledger.terms_at(now).terms.bodies:
        roster = queries.roster(store, body, now)
        if any(person in (s.holder, s.deputy) for s in roster.seats):
            found.append(roster)
    return found


def _status(error: LedgerError) -> int:
    return next((code for kind, code in STATUS if isinstance(error, kind)), 400)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    with signed_in(request) as ledger:
        store = ReadStore(ledger)
        person = _person(ledger)
        pending = [d.decision for d in lists.decisions(store, None, "proposed").decisions]
        return form_page(request, "home.html.j2", partnership=ledger.partnership_name(),
                         seal=None, person_name=_name(store, person),
                         awaiting=awaiting(ledger, person, pending),
                         bodies=_bodies_of(ledger, store, person))


def _name(store: ReadStore, person: str) -> str:
    people = lists.people(store, datetime.now(UTC)).people
    return next((p.name for p in people if p.person == person), person)


# ------------------------------------------------------------------------------ proposals

def _proposal(request: Request, ledger: Ledger, decision: str, status: int = 200,
              error: LedgerError | None = None) -> Response:
    store = ReadStore(ledger)
    try:
        shown = decisions.show(store, decision)
    except NotFound as e:
        return form_page(request, "problem.html.j2", 404, partnership=ledger.partnership_name(),
                         seal=None, message=str(e))
    person = _person(ledger)
    mine = [a for a in who_may_agree(ledger, decision) if a.person == person] \
        if shown.status == "proposed" else []
    return form_page(request, "approve.html.j2", status, partnership=ledger.partnership_name(),
                     seal=None, d=shown, may_approve=bool(mine),
                     may_withdraw=_may(ledger, "record-meeting"),
                     error=str(error) if error else None)


def _may(ledger: Ledger, action: str) -> bool:
    """Whether the permission table lets the signed-in person do `action` (to offer a
    form only to those it lets; the act itself is judged again when done)."""
    try:
        ledger.authorise(action)
    except LedgerError:
        return False
    return True


@router.get("/proposals/{decision}", response_class=HTMLResponse)
def proposal(request: Request, decision: str) -> Response:
    with signed_in(request) as ledger:
        return _proposal(request, ledger, decision)


def _act(request: Request, ledger: Ledger, decision: str, act: Any) -> Response:
    """Do `act`; back to the proposal's page (303), or the page with the refusal."""
    try:
        act()
    except LedgerError as e:
        return _proposal(request, ledger, decision, _status(e), e)
    return RedirectResponse(f"/proposals/{decision}", status_code=303)


def _seat_for(ledger: Ledger, decision: str) -> tuple[str, bool]:
    """The seat the signed-in person would approve for: theirs among those whose
    approval could count; else a seat they hold on the decision's body (the application
    then says why it cannot count); else a seat they deputise for there; else
    `InvalidInput`: there is no seat to act for."""
    person = _person(ledger)
    mine = [a for a in who_may_agree(ledger, decision) if a.person == person]
    if mine:
        return mine[0].seat, mine[0].as_deputy
    return _seat_on(ledger, ledger.decision_state(decision).body)


def _seat_on(ledger: Ledger, body: str) -> tuple[str, bool]:
    """A seat the signed-in person holds on `body` today (or, failing that, deputises
    for), or `InvalidInput` saying they have none to act for."""
    roster = ledger.roster(body, datetime.now(UTC))
    person = _person(ledger)
    held = roster.seats_held_by(person)
    if held:
        return held[0].seat, False
    deputy = [s for s in roster.seats if s.deputy == person]
    if deputy:
        return deputy[0].seat, True
    raise InvalidInput(f"{person} holds no seat on {body} today and deputises for none: "
                       "a member acts for a seat")


@router.post("/proposals/{decision}/approve", response_class=HTMLResponse)
def approve(request: Request, decision: str, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    with signed_in(request) as ledger:
        def act() -> None:
            seat, as_deputy = _seat_for(ledger, decision)
            ledger.approve_decision(decision, seat, as_deputy=as_deputy)
        return _act(request, ledger, decision, act)


@router.post("/proposals/{decision}/decline", response_class=HTMLResponse)
def decline(request: Request, decision: str, reason: Annotated[str, Form()] = "",
            csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    with signed_in(request) as ledger:
        def act() -> None:
            seat, as_deputy = _seat_for(ledger, decision)
            ledger.decline_decision(decision, seat, as_deputy=as_deputy,
                                    reason=reason.strip())
        return _act(request, ledger, decision, act)


@router.post("/proposals/{decision}/interest", response_class=HTMLResponse)
def declare_interest(request: Request, decision: str, nature: Annotated[str, Form()] = "",
                     note: Annotated[str, Form()] = "",
                     csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    with signed_in(request) as ledger:
        return _act(request, ledger, decision, lambda: ledger.declare_decision_interest(
            decision, _person(ledger), nature, note.strip()))


@router.post("/proposals/{decision}/withdraw", response_class=HTMLResponse)
def withdraw(request: Request, decision: str, reason: Annotated[str, Form()] = "",
             csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    with signed_in(request) as ledger:
        return _act(request, ledger, decision,
                    lambda: ledger.withdraw_decision(decision, reason.strip()))


# ------------------------------------------------------------------------------ bodies

@router.post("/bodies/{body}/propose", response_class=HTMLResponse)
def propose(request: Request, body: str, decision: Annotated[str, Form()] = "",
            title: Annotated[str, Form()] = "", text: Annotated[str, Form()] = "",
            reasons: Annotated[str, Form()] = "", urgency: Annotated[str, Form()] = "",
            csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    form = {"decision": decision.strip(), "title": title.strip(), "text": text.strip(),
            "reasons": reasons.strip(), "urgency": urgency.strip()}
    with signed_in(request) as ledger:
        try:
            seat, as_deputy = _seat_on(ledger, body)
            ledger.propose_decision(body, form["decision"], form["title"], seat,
                                    as_deputy=as_deputy, text=form["text"],
                                    reasons=form["reasons"], urgency=form["urgency"])
        except LedgerError as e:
            return body_page(request, ledger, body, _status(e), e, form)
    return RedirectResponse(f"/proposals/{form['decision']}", status_code=303)
