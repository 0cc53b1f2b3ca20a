"""What notifications are due about decisions between meetings, and their texts.

`due(ledger, decisions, link, now)` reads each decision named (their slugs) and returns
the notices owed about it; the outbox (`ledger.outbox`) queues each once, by its key, so
calling it again and again is safe:

- "proposed": while a decision is proposed, to every person whose approval could still
  count (`ledger.awaiting.who_may_agree`: the approval's own checks);
- "taken": once it is taken, to the body's members on that day (each seat's holder and
  nominated deputy) and to the secretariat (people holding the secretariat role);
- "reminder": while a decision is proposed and its body's next meeting is at most
  `REMIND_BEFORE` days away, to every person whose approval could still count and who has
  not declined it: a proposal not taken before the body meets lapses (the matter goes to
  the meeting; `lsp decision lapse`), so the meeting is the date to remind before. The
  terms set no other lifetime for a proposal;
- "report-due": once it is taken and until it is reported, to the secretariat, at once:
  it must go on the agenda of the next meeting of the body it reports to, which may not
  be scheduled yet (telling them now is what gets it scheduled).

Texts are plain British English with names, and the link to the decision's page for
members; never anyone's e-mail address.

Of the application: `ledger.app` (read only), `ledger.awaiting` and `ledger.outbox`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from ledger.awaiting import who_may_agree
from ledger.errors import NotFound
from ledger.outbox import Notice
from ledger.when import day, local_date, long_day

if TYPE_CHECKING:
    from ledger.app import Ledger
    from ledger.decision import Decision


REMIND_BEFORE = 3  # days before the body's next meeting that a reminder goes out


def due(ledger: Ledger, decisions: Iterable[str], link: Callable[[str], str],
        now: datetime, next_meetings: Mapping[str, date] | None = None) -> list[Notice]:
    """The notices owed about `decisions` on `now`; `link("/proposals/x")` is the
    address of a page as a message gives it; `next_meetings` the day each body next
    meets (England), where one is scheduled."""
    found: list[Notice] = []
    for slug in decisions:
        d = ledger.decision_state(slug)
        url = link("/proposals/" + slug)
        if d.status == "proposed":
            found += _proposed(ledger, d, url, now)
            meets = (next_meetings or {}).get(d.body)
            if meets is not None and 0 <= (meets - local_date(now)).days <= REMIND_BEFORE:
                found += _reminder(ledger, d, url, now, meets)
        elif d.status in ("taken", "reported"):
            found += _taken(ledger, d, url)
            if d.status == "taken":
                found += _report_due(ledger, d, url)
    return found


def _proposed(ledger: Ledger, d: Decision, url: str, now: datetime) -> list[Notice]:
    by = _who(ledger, d.body, d.proposer.seat, d.proposer.person, d.proposed_on)
    subject = f"For your approval: {d.title}"
    body = (f"{by} proposes a decision of {_body_name(ledger, d.body, now)} between "
            f"meetings:\n\n  {d.title}\n\n{d.text}\n\nYour approval could count towards "
            f"it. Read it and agree, or not, here:\n{url}\n")
    return [Notice("proposed", d.slug, a.person, subject, body)
            for a in who_may_agree(ledger, d.slug, now)]


def _reminder(ledger: Ledger, d: Decision, url: str, now: datetime, meets: date
              ) -> list[Notice]:
    """To those whose approval could still count and who have not declined: the body
    meets soon, and a proposal not taken by then lapses."""
    declined = {n.person for n in d.declined}
    name = _body_name(ledger, d.body, now)
    subject = f"Reminder: {d.title} awaits your approval before {long_day(meets)}"
    body = (f"The decision of {name} between meetings\n\n  {d.title}\n\nproposed on "
            f"{long_day(local_date(d.proposed_on))}, is not yet taken, and {name} meets on "
            f"{long_day(meets)}: if it is not taken before then, it lapses and the matter "
            f"goes to the meeting. Your approval could count towards it. Read it and "
            f"agree, or not, here:\n{url}\n")
    return [Notice("reminder", d.slug, a.person, subject, body)
            for a in who_may_agree(ledger, d.slug, now) if a.person not in declined]


def _taken(ledger: Ledger, d: Decision, url: str) -> list[Notice]:
    when = d.taken_on or d.proposed_on
    roster = ledger.roster(d.body, when)
    people = {p for s in roster.seats for p in (s.holder, s.deputy) if p}
    people |= set(ledger.staff("secretariat", when))
    name = _body_name(ledger, d.body, when)
    subject = f"Decision taken: {d.title}"
    body = (f"A decision of {name} between meetings was taken on {day(when)}:\n\n"
            f"  {d.title}\n\nIt will be reported to the next meeting of "
            f"{_body_name(ledger, d.report_to, when)}. Read it here:\n{url}\n")
    return [Notice("taken", d.slug, p, subject, body) for p in sorted(people)]


def _report_due(ledger: Ledger, d: Decision, url: str) -> list[Notice]:
    when = d.taken_on or d.proposed_on
    to = _body_name(ledger, d.report_to, when)
    subject = f"To report to {to}: {d.title}"
    body = (f"The decision between meetings \"{d.title}\", taken on {day(when)}, awaits "
            f"its report to the next meeting of {to}: put it on that meeting's agenda "
            f"(and schedule the meeting if it is not yet).\n{url}\n")
    return [Notice("report-due", d.slug, p, subject, body)
            for p in ledger.staff("secretariat", when)]


def _who(ledger: Ledger, body: str, seat: str, person: str, when: datetime) -> str:
    """"Cllr Amy Hart (Daventry District Council)": the person's name and their seat's
    organisation."""
    found = ledger.person(person)
    name = found.name if found else person
    try:
        s = ledger.roster(body, when).seat(seat)
    except NotFound:
        s = None
    org = ledger.org(s.org) if s else None
    return f"{name} ({org.name})" if org else name


def _body_name(ledger: Ledger, body: str, when: datetime) -> str:
    try:
        terms = ledger.terms_at(when).terms.body(body)
    except NotFound:
        terms = None
    return terms.name if terms else body
