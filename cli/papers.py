"""Papers: the minutes as Markdown or HTML (jinja2 templates), the registers as a text
table or CSV. Each renders a read model and nothing else; `--json` is the model's dump.

The templates live in `cli/templates/` (shipped with the package): `minutes.md.j2`,
`minutes.html.j2`, `ratifications.md.j2` and `ratifications.html.j2`. HTML templates are
autoescaped; Markdown ones escape what Markdown would read as markup with the `md` filter.
Decisions between meetings (`decision show`, `decision pending`) print as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from cli.render import table
from projections.decision_models import (
    Agreement,
    DecisionView,
    MeetingRef,
    PendingList,
    RatificationPaper,
)
from projections.meeting_models import Minutes
from projections.registers import AttendanceRecord, DecisionRegister, InterestsRegister

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(value: Any) -> str:
    """Text for a Markdown paper: markup characters escaped, on one line."""
    text = "" if value is None else str(value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cli", "templates"),
        autoescape=lambda name: name is not None and ".html" in name,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    return env


ENV = _environment()


def minutes_markdown(m: Minutes) -> str:
    return ENV.get_template("minutes.md.j2").render(m=m)


def minutes_html(m: Minutes) -> str:
    return ENV.get_template("minutes.html.j2").render(m=m)


# --------------------------------------------------------------------------------------
# Registers: rows, then a text table or CSV
# --------------------------------------------------------------------------------------

Rows = tuple[list[str], list[list[Any]]]


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def decision_rows(register: DecisionRegister) -> Rows:
    headers = ["date", "body", "meeting", "item", "title", "how", "decision", "reasons",
               "alternatives_considered", "interests", "decision_maker", "clause",
               "terms_version"]
    rows = [[e.date, e.body, e.meeting, e.item, e.title, e.how, e.decision, e.reasons,
             e.alternatives_considered, e.interests, e.decision_maker, e.clause,
             e.terms_version] for e in register.entries]
    return headers, rows


def interest_rows(register: InterestsRegister) -> Rows:
    headers = ["date", "body", "meeting", "item", "title", "person", "person_name", "nature",
               "note", "left_room", "excludes_seat", "clause"]
    rows = [[e.date, e.body, e.meeting, e.item, e.title, e.person, e.person_name, e.nature,
             e.note, e.left_room, e.excludes_seat, e.clause] for e in register.entries]
    return headers, rows


def attendance_rows(record: AttendanceRecord) -> Rows:
    headers = ["seat", "org", "org_name", "voting", "meetings", "present", "by_deputy",
               "apologies", "absent", "vacant"]
    rows = [[s.seat, s.org, s.org_name, s.voting, s.meetings, s.present, s.by_deputy,
             s.apologies, s.absent, s.vacant] for s in record.seats]
    return headers, rows


def _period_words(body: str | None, from_date: str | None, to_date: str | None) -> str:
    words = [f"body {body}" if body else "all bodies"]
    if from_date:
        words.append(f"from {from_date}")
    if to_date:
        words.append(f"to {to_date}")
    return " ".join(words)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def decisions_text(register: DecisionRegister) -> str:
    p = register.period
    head = f"Decision register: {_period_words(p.body, p.from_date, p.to_date)}"
    if not register.entries:
        return f"{head}\n\nNo decisions recorded."
    rows = [(e.date, e.meeting, e.item, _short(e.decision, 40), _short(e.reasons),
             "; ".join(e.interests), e.decision_maker) for e in register.entries]
    return "\n".join([
        head, "",
        table(["DATE", "MEETING", "ITEM", "DECISION", "REASONS", "INTERESTS", "DECISION MAKER"],
              rows),
        "", f"{len(register.entries)} decision(s). {register.note}",
        f"Recorded in the ledger up to event #{register.position}.",
    ])


def interests_text(register: InterestsRegister) -> str:
    p = register.period
    head = f"Interests register: {_period_words(p.body, p.from_date, p.to_date)}"
    if not register.entries:
        return f"{head}\n\nNo interests declared."
    rows = [(e.date, e.meeting, e.item, e.person_name, e.nature, _short(e.note, 40),
             "yes" if e.left_room else "no", e.excludes_seat or "") for e in register.entries]
    return "\n".join([
        head, "",
        table(["DATE", "MEETING", "ITEM", "PERSON", "NATURE", "NOTE", "LEFT ROOM",
               "SEAT EXCLUDED"], rows),
        "", f"{len(register.entries)} declaration(s). Recorded in the ledger up to event "
            f"#{register.position}.",
    ])


def attendance_text(record: AttendanceRecord) -> str:
    p = record.period
    head = (f"Attendance at meetings of {record.body_name} ({p.body}): "
            f"{_period_words(None, p.from_date, p.to_date).removeprefix('all bodies').strip()}"
            ).rstrip(": ")
    if not record.meetings:
        return f"{head}\n\nNo meetings held."
    rows = [(s.seat, s.org_name or s.org or "", "yes" if s.voting else "no", s.meetings,
             s.present, s.by_deputy, s.apologies, s.absent, s.vacant) for s in record.seats]
    held = ", ".join(f"{m.meeting} ({m.held})" for m in record.meetings)
    return "\n".join([
        head, "",
        table(["SEAT", "ORGANISATION", "VOTING", "MEETINGS", "PRESENT", "BY DEPUTY",
               "APOLOGIES", "ABSENT", "VACANT"], rows),
        "", f"{record.meetings_held} meeting(s) held: {held}.",
        f"Recorded in the ledger up to event #{record.position}.",
    ])


# --------------------------------------------------------------------------------------
# Decisions between meetings: the ratification paper, one decision, the pending list
# --------------------------------------------------------------------------------------


def _ratification_parts(p: RatificationPaper) -> dict[str, Any]:
    return {"p": p, "since": [d for d in p.decisions if not d.carried_over],
            "carried": [d for d in p.decisions if d.carried_over]}


def ratifications_markdown(p: RatificationPaper) -> str:
    return ENV.get_template("ratifications.md.j2").render(**_ratification_parts(p))


def ratifications_html(p: RatificationPaper) -> str:
    return ENV.get_template("ratifications.html.j2").render(**_ratification_parts(p))


def _agreed(a: Agreement) -> str:
    who = a.person_name + (", chair" if a.chair else "")
    if a.as_deputy:
        who += f", deputy for {a.deputy_for_name or 'the seat holder'}"
    return f"{a.when}  {who} ({', '.join(x for x in (a.org_name, f'seat {a.seat}') if x)})"


def _meeting(m: MeetingRef) -> str:
    return f"{m.meeting} ({m.held})"


def decision_text(d: DecisionView) -> str:
    lines = [f"Decision {d.decision}: {d.title}",
             f"Body: {d.body_name} ({d.body}), terms version {d.terms_version}",
             f"Status: {d.status}", "",
             f"Decision: {d.text}",
             f"Reasons: {d.reasons or '(none recorded)'}",
             f"Alternatives considered: {d.alternatives or '(none recorded)'}",
             f"Urgency: {d.urgency or '(not recorded)'}", "",
             f"Proposed: {_agreed(d.proposer)}"]
    lines += [f"Approved: {_agreed(a)}" for a in d.approvals]
    if d.evidence is not None:
        e = d.evidence
        lines.append(f"Taken:    {d.taken_on}  {e.reason} (route {e.route}, clause {e.clause}, "
                     f"terms version {e.terms_version})")
    if d.withdrawal is not None:
        lines.append(f"Withdrawn: {d.withdrawal.withdrawn}  {d.withdrawal.reason}")
    lines.append("")
    if d.interests:
        lines += [f"Interest: {i.person_name} ({i.nature}{': ' + i.note if i.note else ''}), "
                  f"declared {i.declared}" for i in d.interests]
    else:
        lines.append("Interests declared: none")
    clause = f", clause {d.report_clause}" if d.report_clause else ""
    lines.append(f"Report to: {d.report_to_name} ({d.report_to}){clause}")
    if d.missed:
        lines.append(f"Not reported to: {', '.join(_meeting(m) for m in d.missed)} "
                     "(closed meetings held since it was taken)")
    if d.report is not None:
        r = d.report
        lines.append(f"Reported: {r.meeting} ({r.held}): {r.outcome}"
                     + (f" ({r.reason})" if r.reason else ""))
    elif d.status == "taken":
        lines.append("Due at: " + (_meeting(d.next_meeting) if d.next_meeting
                                   else "no meeting scheduled yet"))
    lines += ["", f"Recorded in the ledger up to event #{d.position}."]
    return "\n".join(lines)


def pending_text(found: PendingList) -> str:
    head = (f"Decisions of {found.body_name} ({found.body}) taken between meetings, not yet "
            "reported")
    if not found.decisions:
        return f"{head}\n\nNone pending. Recorded in the ledger up to event #{found.position}."
    rows = [(d.decision, _short(d.title, 40), d.taken_on, d.report_to,
             _meeting(d.next_meeting) if d.next_meeting else "none scheduled",
             ", ".join(m.meeting for m in d.missed)) for d in found.decisions]
    overdue = sum(1 for d in found.decisions if d.missed)
    late = f", {overdue} overdue (a meeting they were due at closed without them)"
    return "\n".join([
        head, "",
        table(["DECISION", "TITLE", "TAKEN", "REPORT TO", "NEXT MEETING", "NOT REPORTED TO"],
              rows),
        "", f"{len(found.decisions)} decision(s) pending{late if overdue else ''}. Recorded in "
            f"the ledger up to event #{found.position}.",
    ])
