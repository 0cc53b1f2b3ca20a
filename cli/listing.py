"""The text views of the lists (organisations, people, meetings, decisions, actions) and
of the agenda: names as people read them first, the slug to type beside them, in tables
that fit 100 columns by wrapping (never truncating). `--json` is the model's own dump and
never comes through here. (Apart from cli/views.py so that the papers' views and these
can grow without treading on each other; the same conventions hold.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cli.render import table, template
from ledger.when import british

if TYPE_CHECKING:
    from projections.agenda import Agenda
    from projections.lists import (
        ActionList,
        ActionRow,
        DecisionList,
        MeetingList,
        OrgList,
        PersonList,
        SeatHeld,
    )

WIDTH = 100


def _seat(s: SeatHeld, *, who: bool = False) -> str:
    role = f", {s.role}" if s.role else ""
    deputy = ", deputy" if s.as_deputy else ""
    voting = "" if s.voting else ", non-voting"
    person = f"{s.holder_name or s.holder or '(vacant)'} in " if who else ""
    return f"{person}{s.body_name}: {s.seat}{role}{deputy}{voting}"


def orgs_text(found: OrgList) -> str:
    if not found.orgs:
        return "No organisations (add one with lsp org add)."
    rows = [(o.name, o.org, "; ".join(_seat(s, who=True) for s in o.seats) or "(no seats)")
            for o in found.orgs]
    return (f"Organisations, with their seats as of {british(found.as_of)}\n\n"
            + table(["ORGANISATION", "ORG", "SEATS"], rows, WIDTH))


def people_text(found: PersonList) -> str:
    if not found.people:
        return "No people (add one with lsp person add)."
    rows = [(p.name, p.person, p.category or "",
             "; ".join(f"{_seat(s)} ({s.org_name})" for s in p.seats) or "(no seat)")
            for p in found.people]
    return (f"People, with their seats as of {british(found.as_of)}\n\n"
            + table(["NAME", "PERSON", "CATEGORY", "SEATS"], rows, WIDTH))


def meetings_text(found: MeetingList) -> str:
    of = f" of {found.body_name}" if found.body_name else ""
    if not found.meetings:
        return f"No meetings{of} (schedule one with lsp meeting schedule)."
    rows = [(m.held, m.venue or "(no venue recorded)", m.body_name, m.meeting, m.status,
             m.items, m.published or "")
            for m in found.meetings]
    return (f"Meetings{of}\n\n"
            + table(["WHEN", "VENUE", "BODY", "MEETING", "STATUS", "ITEMS", "AGENDA SENT"],
                    rows, WIDTH))


def decisions_list_text(found: DecisionList) -> str:
    of = f" of {found.body_name}" if found.body_name else ""
    status = f" ({found.status})" if found.status else ""
    if not found.decisions:
        return f"No decisions between meetings{of}{status}."
    rows = [(d.title, d.decision, d.body_name, d.status, d.proposer_name or d.proposer,
             d.proposed_on, d.taken_on or "",
             f"{d.outcome} at {d.reported_to}" if d.outcome else "")
            for d in found.decisions]
    return (f"Decisions between meetings{of}{status}\n\n"
            + table(["TITLE", "DECISION", "BODY", "STATUS", "PROPOSED BY", "PROPOSED",
                     "TAKEN", "REPORTED"], rows, WIDTH))


def _action_state(a: ActionRow) -> str:
    if a.done:
        return f"done {a.done}"
    return "OVERDUE" if a.overdue else "open"


def actions_text(found: ActionList) -> str:
    which = "Open actions" if found.open_only else "Actions"
    of = f" of {found.body}" if found.body else ""
    if not found.actions:
        return f"No {which.lower()}{of} as of {british(found.as_of)}."
    rows = [(a.title, a.action, a.owner_name, a.due_long or "(no date)",
             f"{a.meeting} ({a.agreed})", _action_state(a)) for a in found.actions]
    return (f"{which}{of} as of {british(found.as_of)}\n\n"
            + table(["ACTION", "ID", "OWNER", "DUE", "AGREED AT", "STATE"], rows, WIDTH))


def agenda_markdown(a: Agenda) -> str:
    return template("agenda.md.j2", a=a)


def agenda_html(a: Agenda) -> str:
    return template("agenda.html.j2", a=a)
