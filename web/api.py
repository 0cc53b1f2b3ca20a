"""The JSON API, version 1 (`/api/v1/...`), and the latest checkpoint at `/checkpoint`.

Each route parses, makes one call to the application or one query of the read models,
and returns the read model the command line's `--json` prints (the same pydantic models,
so the OpenAPI description at `/openapi.json` is theirs). Every route but `/checkpoint`
needs a bearer token (`web.server.acting`); what the token's person may do is the
application's to judge (`Ledger.authorise` for reads, the permission table on every
write), never the route's. A refusal is JSON with the rule and clause
(`web.server.error_body`), and nothing recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Security
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from ledger.app import Ledger, Recorded
from ledger.audit import sealing
from ledger.audit.checkpoint import current
from ledger.audit.verify import verify as verify_ledger
from ledger.errors import NotFound
from ledger.when import as_of, effective_from
from projections import decisions, queries, reported_up
from projections.catchup import ReadStore
from projections.decision_models import DecisionView, PendingList
from projections.models import RosterView
from web.server import acting, answer, bearer, server_of

# The bearer scheme, for the OpenAPI description (checked by `acting`, in the route's own
# thread: a dependency of its own would cost a hop through the thread pool per request).
router = APIRouter(dependencies=[Security(bearer)])
v1 = "/api/v1"


class Me(BaseModel):
    """Who the token stands for."""

    person: str | None
    name: str
    route: str
    method: str
    roles: list[str] = Field(description="staff roles held now")


class Event(BaseModel):
    position: int
    entity: str
    event: str


class SealDone(BaseModel):
    tree_size: int
    root: str
    position: int | None


class Written(BaseModel):
    """What a write recorded, as `lsp ... --json` says it."""

    recorded: bool
    message: str
    events: list[Event]
    seal: SealDone | None = None


class Proposal(BaseModel):
    decision: str = Field(description="the decision's identifier (a slug)")
    title: str
    by: str = Field(description="the proposing member's seat")
    deputy: bool = False
    text: str = ""
    reasons: str = ""
    alternatives: str = ""
    urgency: str = ""
    on: str | None = Field(None, description="ISO date or date-time; default now")


class Approval(BaseModel):
    by: str = Field(description="the approving member's seat")
    deputy: bool = False
    on: str | None = Field(None, description="ISO date or date-time; default now")


class Verified(BaseModel):
    """`lsp verify --json`: ok, and on failure the first bad position."""

    model_config = {"extra": "allow"}

    ok: bool


def _written(request: Request, ledger: Ledger, done: list[Recorded], message: str) -> Written:
    events = [Event(position=r.position, entity=r.entity, event=r.event) for r in done]
    seal = None
    if done:
        info = sealing.seal(ledger, server_of(request).seal_key)
        seal = SealDone(tree_size=info.tree_size, root=info.root, position=info.position)
    return Written(recorded=bool(done), message=message, events=events, seal=seal)


def _on(text: str | None) -> datetime | None:
    return effective_from(text, "on") if text is not None else None


@router.get(f"{v1}/me", response_model=Me, tags=["people"])
def me(request: Request) -> Response:
    """Who the token stands for, and their staff roles now."""
    with acting(request) as ledger:
        standing = ledger.standing()
        return answer(Me(person=ledger.author.person, name=ledger.author.name,
                         route=ledger.author.route, method=ledger.author.method,
                         roles=sorted(standing.roles)))


@router.get(f"{v1}/bodies/{{body}}/roster", response_model=RosterView, tags=["reading"])
def roster(request: Request, body: str,
           as_of_text: Annotated[str | None, Query(alias="as-of")] = None,
           known_at_text: Annotated[str | None, Query(alias="known-at")] = None
           ) -> Response:
    """Who sits on BODY: seats, holders, deputies and roles (`lsp roster BODY --json`)."""
    when = as_of(as_of_text, "as-of") if as_of_text is not None else datetime.now(UTC)
    known = as_of(known_at_text, "known-at") if known_at_text is not None else None
    with acting(request) as ledger:
        ledger.authorise("read")
        return answer(queries.roster(ReadStore(ledger), body, when, known))


@router.get(f"{v1}/bodies/{{body}}/pending", response_model=PendingList, tags=["decisions"])
def pending(request: Request, body: str) -> Response:
    """Decisions of BODY taken between meetings, not yet reported
    (`lsp decision pending BODY --json`)."""
    with acting(request) as ledger:
        ledger.authorise("read")
        return answer(reported_up.pending(ReadStore(ledger), body))


@router.get(f"{v1}/decisions/{{decision}}", response_model=DecisionView, tags=["decisions"])
def show(request: Request, decision: str) -> Response:
    """Everything about DECISION (`lsp decision show DECISION --json`)."""
    with acting(request) as ledger:
        ledger.authorise("read")
        return answer(decisions.show(ReadStore(ledger), decision))


@router.post(f"{v1}/bodies/{{body}}/decisions", response_model=Written, status_code=201,
             tags=["decisions"])
def propose(request: Request, body: str, proposal: Proposal) -> Response:
    """Propose a decision of BODY between meetings (`lsp decision propose`)."""
    on = _on(proposal.on)
    with acting(request) as ledger:
        done = ledger.propose_decision(
            body, proposal.decision, proposal.title, proposal.by, as_deputy=proposal.deputy,
            text=proposal.text, reasons=proposal.reasons,
            alternatives=proposal.alternatives, urgency=proposal.urgency, on=on)
        return answer(_written(request, ledger, done, f"Decision {proposal.decision} "
                               f"proposed for {body} by seat {proposal.by}."), 201)


@router.post(f"{v1}/decisions/{{decision}}/approvals", response_model=Written,
             status_code=201, tags=["decisions"])
def approve(request: Request, decision: str, approval: Approval) -> Response:
    """Approve DECISION for a seat (`lsp decision approve`); it is taken once the
    agreement satisfies the terms."""
    on = _on(approval.on)
    with acting(request) as ledger:
        done = ledger.approve_decision(decision, approval.by, as_deputy=approval.deputy, on=on)
        taken = any(r.event == "Taken" for r in done)
        return answer(_written(request, ledger, done, f"Seat {approval.by} approved "
                               f"decision {decision}." + (
                                   " It is taken: the agreement satisfies the terms."
                                   if taken else "")), 201)


@router.get(f"{v1}/verify", response_model=Verified, tags=["integrity"])
def verify(request: Request) -> Any:
    """Recompute every seal from the stored events (`lsp verify --json`); `ok` is false,
    with the first bad position, when the history is not what was sealed."""
    with acting(request) as ledger:
        ledger.authorise("verify")
        return verify_ledger(ledger).as_dict()


@router.get("/checkpoint", response_class=PlainTextResponse, tags=["integrity"])
def checkpoint(request: Request) -> PlainTextResponse:
    """The latest seal as a C2SP tlog-checkpoint text, for anyone to keep (no sign-in:
    it says only how many events there are and their Merkle root)."""
    server = server_of(request)
    with server.ledgers.lent() as ledger:
        info = sealing.latest_seal(ledger)
        if info is None:
            raise NotFound("the ledger has no seal yet")
        found = current(ledger, info)
    return PlainTextResponse(found.text, media_type="text/plain; charset=utf-8",
                             headers={"Cache-Control": "no-cache"})
