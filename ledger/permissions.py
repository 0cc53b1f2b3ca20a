"""Who may do what: the one permission table, and the one check of it.

`TABLE` is the table `docs/permissions.md` shows (tests/test_permissions.py checks that
the two agree, and proves every cell). Its columns are who acts:

    admin, secretariat, auditor   staff roles, granted by hand (`Accounts.RoleGranted`),
                                  held from their effective date
    member                        a member of a body: the holder of a seat, or its
                                  nominated deputy as the terms allow, from the roster on
                                  the act's effective date (the chair and co-chairs are
                                  members whose roles come from the roster too); never
                                  granted by hand
    public                        nobody signed in
    local                         whoever runs a command on the store itself (the OS login):
                                  they hold its write credentials, so they may do
                                  everything (they could write the file anyway), and every
                                  event they record says it was recorded locally

and each cell is one of

    yes             allowed
    no              refused: rule `permission`, nothing recorded
    own seat        allowed for a seat the author holds, or deputises for, on the act's date
    with evidence   allowed for another person's act only with the evidence of it

The application (`ledger.app.Ledger`) judges every event a command is about to save
against this table (`check_events`) in the one place every write passes through, before
anything is recorded: the action of each event is `ACTION_OF_EVENT[its topic]`, so an
event with no action here can be recorded by no one but the local route (tests check
that every event of every aggregate has one). Reads are judged by
`Ledger.authorise(action)`.

Pure: nothing here reads a store or a clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ledger.authors import Author
from ledger.errors import NotPermitted

WHO: tuple[str, ...] = ("admin", "secretariat", "auditor", "member", "public", "local")

YES, NO, OWN_SEAT, WITH_EVIDENCE = "yes", "no", "own seat", "with evidence"


@dataclass(frozen=True)
class Action:
    """One row of the table: the action, what it covers, and a cell per `WHO`."""

    name: str
    covers: str
    doing: str  # how a refusal names the act: "recording a meeting"
    cells: tuple[str, ...]  # one per WHO, in WHO's order

    def cell(self, who: str) -> str:
        return self.cells[WHO.index(who)]


#            admin  secretariat    auditor member    public local
TABLE: tuple[Action, ...] = (
    Action("propose", "propose a decision between meetings", "proposing a decision",
           (NO, WITH_EVIDENCE, NO, OWN_SEAT, NO, YES)),
    Action("approve", "approve or decline a decision between meetings", "approving a decision",
           (NO, WITH_EVIDENCE, NO, OWN_SEAT, NO, YES)),
    Action("vote", "cast a vote at a meeting", "casting a vote",
           (NO, WITH_EVIDENCE, NO, OWN_SEAT, NO, YES)),
    Action("declare-interest", "declare an interest in a decision between meetings (a "
           "member: their own)", "declaring an interest in a decision",
           (YES, YES, NO, OWN_SEAT, NO, YES)),
    Action("record-meeting", "schedule, reschedule, agenda, publish, attendance, apologies, "
           "interests, decide, close and correct a meeting; its action notes; a decision's "
           "withdrawal, lapse, report and correction; a membership request's decision",
           "recording a meeting", (YES, YES, NO, NO, NO, YES)),
    Action("manage-seats", "the terms, seats, holders, deputies, roles, terms of office, "
           "reviews, organisations, people, membership requests and their corrections",
           "managing seats and people", (YES, YES, NO, NO, NO, YES)),
    Action("manage-accounts", "accounts, staff roles granted and revoked, API tokens",
           "managing accounts", (YES, NO, NO, NO, NO, YES)),
    Action("sign-in", "ask for a sign-in link by e-mail, follow it to start a web session, "
           "sign out (the link, not the table, proves who may)", "signing in",
           (YES, YES, YES, YES, YES, YES)),
    Action("read", "rosters, decisions, meetings, papers, the audit trail",
           "reading the ledger", (YES, YES, YES, YES, NO, YES)),
    Action("read-public", "the public registers (decisions, interests, attendance); each "
           "body's roster today by name and organisation, its meetings and their "
           "published papers (web/bodies.py)",
           "reading the public registers", (YES, YES, YES, YES, YES, YES)),
    Action("verify", "verify the seals, prove inclusion and consistency",
           "verifying the ledger", (YES, YES, YES, YES, NO, YES)),
    Action("export", "the whole log as JSON Lines (it holds the accounts' e-mail "
           "addresses: not for the public)", "exporting the ledger",
           (YES, YES, YES, NO, NO, YES)),
    Action("seal", "seal the ledger (every write is sealed straight after by whoever "
           "wrote)", "sealing the ledger", (YES, YES, NO, YES, NO, YES)),
    Action("send-notices", "queue the notifications due and record each attempt to send "
           "them (the server does it as the local route; `lsp outbox send`)",
           "sending notifications", (YES, YES, NO, NO, NO, YES)),
    Action("repair-guards", "put the append-only guards back", "repairing the guards",
           (YES, NO, NO, NO, NO, YES)),
)

ACTIONS: dict[str, Action] = {a.name: a for a in TABLE}

SEAT_ACTIONS = frozenset(a.name for a in TABLE if OWN_SEAT in a.cells)
"""Acts a member does for a seat: the event names the person it is recorded for."""

CONSEQUENCE = "consequence"
"""An event only ever recorded with the act that causes it (a decision `Taken` with the
approval that completed the agreement): allowed when its act is, never alone."""

ACTION_OF_EVENT: dict[str, str] = {
    **{f"lsp:Partnership.{k}": "manage-seats" for k in ("Founded", "TermsAdopted")},
    **{f"lsp:Body.{k}": "manage-seats" for k in (
        "Registered", "SeatAdded", "SeatFilled", "SeatVacated", "SeatRemoved", "RoleAssigned",
        "DeputyNominated", "DeputyRevoked", "MembershipReviewed", "Retracted")},
    "lsp:Organisation.Registered": "manage-seats",
    "lsp:Person.Registered": "manage-seats",
    "lsp:MembershipRequest.Requested": "manage-seats",
    "lsp:MembershipRequest.Decided": "record-meeting",
    "lsp:MembershipRequest.Recommended": "record-meeting",
    **{f"lsp:Meeting.{k}": "record-meeting" for k in (
        "Scheduled", "ItemAdded", "Published", "Attended", "Apologies", "InAttendance",
        "InterestDeclared", "VoteClosed", "DecidedByConsensus", "Closed", "Retracted",
        "ReportReceived", "RequestDecided", "Rescheduled")},
    **{f"lsp:Action.{k}": "record-meeting" for k in ("Added", "Done")},  # action notes
    "lsp:Meeting.VoteCast": "vote",
    "lsp:Decision.Proposed": "propose",
    "lsp:Decision.Approved": "approve",
    "lsp:Decision.Declined": "approve",  # the member's answer, as an approval is
    "lsp:Decision.Taken": CONSEQUENCE,
    # A member declares her own interest (from the web, signed in); staff anyone's.
    "lsp:Decision.InterestDeclared": "declare-interest",
    **{f"lsp:Decision.{k}": "record-meeting" for k in (
        "Withdrawn", "Lapsed", "Reported", "Retracted")},
    **{f"lsp:Accounts.{k}": "manage-accounts" for k in (
        "Opened", "AccountAdded", "RoleGranted", "RoleRevoked", "TokenCreated",
        "TokenRevoked")},
    **{f"lsp:Accounts.{k}": "sign-in" for k in (
        "SignInLinkIssued", "SignInLinkUsed", "SessionStarted", "SessionEnded")},
    **{f"lsp:Outbox.{k}": "send-notices" for k in ("Opened", "Queued", "Attempted")},
    **{f"lsp:Seal.{k}": "seal" for k in ("FirstSealed", "Sealed")},
    **{f"lsp:Guards.{k}": "repair-guards" for k in ("FirstRepaired", "Repaired")},
}


@dataclass(frozen=True)
class Standing:
    """What the table is judged on: the author, the staff roles they hold now, and
    whether they sit on a body now (a seat or a deputy's place)."""

    author: Author
    roles: frozenset[str] = frozenset()
    member: bool = False

    def columns(self) -> frozenset[str]:
        """The table's columns this author stands in."""
        if self.author.is_local:
            return frozenset({"local"})
        if self.author.is_public:
            return frozenset({"public"})
        return self.roles | ({"member"} if self.member else set())


@dataclass(frozen=True)
class ForSeat:
    """A seat act as its event records it: the seat, the person it is recorded for (the
    holder or deputy on the day; "" for nobody), and the evidence given."""

    seat: str
    person: str
    evidence: str = ""


def who_may(action: Action) -> list[str]:
    return [w for w in WHO if w != "local" and action.cell(w) != NO]


def check(action_name: str, standing: Standing, for_seat: ForSeat | None = None) -> None:
    """Raise `NotPermitted` unless the table lets `standing` do the action (for the seat
    act `for_seat`, when the action is one)."""
    action = ACTIONS[action_name]
    columns = standing.columns()
    if "local" in columns:
        return
    name = standing.author.name
    if any(action.cell(c) == YES for c in columns):
        return
    if action.name in SEAT_ACTIONS and for_seat is not None:
        _check_seat_act(action, standing, for_seat)
        return
    raise NotPermitted(action.name, f"{action.doing} needs {_needs(action)}; "
                                    f"{_lacks(action, name, standing)}")


def _check_seat_act(action: Action, standing: Standing, act: ForSeat) -> None:
    author = standing.author
    if act.person and author.person == act.person and action.cell("member") == OWN_SEAT:
        return  # given in person, signed in
    if "secretariat" in standing.roles and action.cell("secretariat") == WITH_EVIDENCE:
        if act.evidence.strip():
            return  # recorded for them, on the evidence given
        whose = f" for {act.person}" if act.person else ""
        raise NotPermitted(action.name, (
            f"{action.doing} for seat {act.seat}{whose}, on their behalf, needs the evidence "
            f"of their act (an e-mail, a letter: from whom, when); {author.name} gave none"),
            remedy="input:evidence")
    who = "nobody is signed in" if author.is_public else f"{author.name} is neither"
    if not act.seat:  # a person's own act, for no seat (an interest declared)
        raise NotPermitted(action.name, (
            f"{action.doing} for {act.person} needs {act.person} signed in, or the "
            f"{_or(_staff(action))} role; {who}"))
    sitter = (f"{act.person} (who sits in it that day) signed in" if act.person
              else "the person who sits in it signed in (nobody does that day)")
    raise NotPermitted(action.name, (
        f"{action.doing} for seat {act.seat} needs {sitter}, or the secretariat role "
        f"with the evidence of their act; {who}"))


def _needs(action: Action) -> str:
    """What an action needs, in words: "the admin or secretariat role"."""
    roles = _staff(action)
    words = ""
    if roles:
        words = f"the {_or(roles)} role"
    if action.cell("member") == YES:
        words = f"{words} or a seat on a body" if words else "a seat on a body"
    return words or "the local route"


def _staff(action: Action) -> list[str]:
    return [w for w in ("admin", "secretariat", "auditor") if action.cell(w) == YES]


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _lacks(action: Action, name: str, standing: Standing) -> str:
    if standing.author.is_public:
        return "nobody is signed in"
    roles = _staff(action)
    held = sorted(standing.roles)
    has = f" (they hold {', '.join(held)})" if held else ""
    if len(roles) == 2 and action.cell("member") != YES:
        return f"{name} has neither{has}"
    if len(roles) == 1 and action.cell("member") != YES:
        return f"{name} does not hold it{has}"
    return f"{name} has none of these{has}"


def check_events(standing: Callable[[], Standing], events: Iterable[Any]) -> None:
    """Judge every event a command is about to save (before anything is recorded): each
    by its action; a seat act by the person it is recorded for. A consequence is allowed
    only beside an act. `standing` is asked for at most once, and not at all locally."""
    pending = list(events)
    found: Standing | None = None
    acts = 0
    for event in pending:
        topic = type(event).TOPIC
        action = ACTION_OF_EVENT.get(topic)
        if action == CONSEQUENCE:
            continue
        acts += 1
        if found is None:
            found = standing()
        if "local" in found.columns():
            return
        if action is None:
            raise NotPermitted("unknown", f"recording {topic} is in no row of the permission "
                                          "table; only the local route may")
        check(action, found, _for_seat(action, event.__dict__))
    if pending and not acts:
        found = found or standing()
        if "local" not in found.columns():
            raise NotPermitted("unknown", "a consequence is recorded only with its act")


def _for_seat(action: str, fields: Mapping[str, Any]) -> ForSeat | None:
    if action not in SEAT_ACTIONS:
        return None
    return ForSeat(str(fields.get("seat", "")), str(fields.get("person") or ""),
                   str(fields.get("evidence") or ""))
