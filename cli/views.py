"""The views a person reads: each read model as text, as CSV rows, or as a paper.

Each function takes one read model (from projections/, or the quorum count from the
ledger) and returns what cli/render.py prints: the text a command answers with when
`--json` is not given, the rows of a register's CSV, or a Markdown or HTML paper made
from its template. Nothing here reads the ledger or decides anything; `--json` is the
model's own dump, so it never comes through here. The read models are imported for their
types only: a command loads the projections it queries, and no others.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from cli.render import WIDTH, Rows, table, template
from ledger.when import british

if TYPE_CHECKING:
    from ledger.rules import QuorumCount
    from projections.decision_models import (
        Agreement,
        DecisionView,
        MeetingRef,
        PendingList,
        RatificationPaper,
    )
    from projections.meeting_models import Minutes
    from projections.models import AuditTrail, CheckReport, RosterView, SeatRow, TermsView
    from projections.registers import AttendanceRecord, DecisionRegister, InterestsRegister


# --------------------------------------------------------------------------------------
# Reading: the roster, the audit trail, the compliance check, the terms, the quorum
# --------------------------------------------------------------------------------------

def roster_text(view: RosterView) -> str:
    known = f", as known at {view.known_at}" if view.known_at else ""
    known = f", as known at {_as_of(view.known_at)}" if view.known_at else ""
    head = (f"{view.body_name} ({view.body}) as of {_as_of(view.as_of)}{known} "
            f"(terms version {view.terms_version})")
    headers = ["SEAT", "ORGANISATION", "HOLDER", "DEPUTY", "VOTING", "ROLE", "CATEGORY",
               "TERM ENDS"]
    rows = [
        (s.seat, s.org_name, _holder_cell(s), s.deputy_name or s.deputy or "",
         "yes" if s.voting else "no",
         s.role or "", s.category or ("co-opted" if s.co_opted else ""),
         british(s.term_ends) if s.term_ends else "")
        for s in view.seats
    ]
    lines = [head, ""]
    if rows:
        lines.append(table(*_without_empty(headers, rows, optional=("CATEGORY", "TERM ENDS"))))
    else:
        lines.append("(no seats)")
    lines.append("")
    lines.append(f"{view.filled_seats} of {len(view.seats)} seats filled; "
                 f"{view.voting_seats} voting seats.")
    lines += [f"The {s.role} ({s.holder_name or s.holder}, seat {s.seat}): {s.role_approval}."
              for s in view.seats if s.role_approval]
    lines += [f"Note: {a}" for a in view.anomalies]
    return "\n".join(lines)


def _as_of(moment: str) -> str:
    """The moment a question is asked about, in words: "15 May 2026" for the end of that
    day (what a bare `--as-of 2026-05-15` means), else with its time."""
    end_of_day = moment.endswith(" 23:59")
    return british(moment.removesuffix(" 23:59") if end_of_day else moment)


def _without_empty(headers: list[str], rows: list[tuple[Any, ...]], optional: tuple[str, ...]
                   ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The table without those `optional` columns that are empty in every row (a body
    with no seat categories or fixed terms), so the columns that say something have the
    100 columns to themselves."""
    keep = [i for i, h in enumerate(headers) if h not in optional or any(r[i] for r in rows)]
    return [headers[i] for i in keep], [tuple(r[i] for i in keep) for r in rows]


def _holder_cell(s: SeatRow) -> str:
    if s.term_ended:
        return f"{s.term_ended_holder_name or s.term_ended_holder} (term ended)"
    return s.holder_name or s.holder or "(vacant)"


def audit_text(trail: AuditTrail) -> str:
    """The audit trail as a log a person can read at 100 columns: each event on a line
    of its own (position, entity, version, kind, when it took effect, and when and by
    whom it was recorded), and
    what it recorded beneath, indented, wrapped and never truncated. (A table of eight
    columns cannot fit 100 without wrapping every cell.) The times stay ISO, to the
    second: this is the trail an auditor compares with the log."""
    out = [_audit_heading(trail), ""]
    for e in trail.events:
        effective = e.effective[:16].replace("T", " ")
        recorded = e.recorded[:19].replace("T", " ")
        out += textwrap.wrap(f"#{e.position}  {e.entity} v{e.version}  {e.event}  {effective} "
                             f"(recorded {recorded} by {e.actor})", WIDTH,
                             subsequent_indent="    ", break_on_hyphens=False)
        what = ", ".join(f"{k}={v}" for k, v in e.changes.items() if v is not None)
        out += textwrap.wrap(what, WIDTH, initial_indent="    ", subsequent_indent="    ",
                             break_on_hyphens=False)
    if not trail.events:
        out.append("No events.")
    return "\n".join(out)


def _audit_heading(trail: AuditTrail) -> str:
    """What the trail holds: which entity, kinds and dates, and the seals left out."""
    said = [f"Audit trail of {trail.entity}" if trail.entity else "Audit trail"]
    if trail.kinds:
        said.append(f"kinds {', '.join(trail.kinds)}")
    if trail.from_date:
        said.append(f"effective from {british(trail.from_date)}")
    if trail.to_date:
        said.append(f"to {_as_of(trail.to_date[:16].replace('T', ' '))}")
    count = f"{len(trail.events)} event(s)"
    if trail.seals_left_out:
        count += f"; {trail.seals_left_out} seal(s) left out (--seals shows them)"
    return f"{', '.join(said)}: {count}"


def check_text(report: CheckReport) -> str:
    if not report.warnings:
        return (f"No warnings as of {_as_of(report.as_of)} "
                f"(terms version {report.terms_version}).")
    lines = [f"{len(report.warnings)} warning(s) as of {_as_of(report.as_of)} "
             f"(terms version {report.terms_version}):"]
    lines += [f"- [{w.body}] {w.message} (rule {w.rule}, clause {w.clause})"
              for w in report.warnings]
    return "\n".join(lines)


def terms_text(view: TermsView) -> str:
    v = view.version
    lines = [f"{view.partnership}: {view.document}",
             f"Terms version {v.version}, in force from {v.effective} "
             f"(adopted by {v.actor}, recorded {v.recorded}; {v.source}, "
             f"sha256 {v.sha256[:12]}…)", ""]
    for body_id, body in view.bodies.items():
        lines.append(f"{body_id}: {body['name']} (clause {body['clause']})")
        for key in ("reports_to", "quorum", "voting", "between_meetings", "agenda",
                    "deputies", "interests", "membership"):
            if key in body:
                lines.append(f"  {key}: {_inline(body[key])}")
        if len(body.get("reporting_lines") or []) > 1:  # a body reporting to two or more
            for line in body["reporting_lines"]:
                lines.append(f"  reporting line: {_inline(line)}")
        for key in ("composition", "entitlements"):
            for item in body.get(key) or []:
                lines.append(f"  {key}: {_inline(item)}")
    if len(view.versions) > 1:
        lines.append("")
        lines.append("All versions: " + ", ".join(
            f"{x.version} from {x.effective}" for x in view.versions))
    return "\n".join(lines)


def _inline(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def quorum_text(count: QuorumCount) -> str:
    return f"{'Quorate' if count.quorate else 'Not quorate'}: {count.reason}."


# --------------------------------------------------------------------------------------
# Papers: the minutes and the ratification paper, as Markdown or HTML
# --------------------------------------------------------------------------------------

def minutes_markdown(m: Minutes) -> str:
    return template("minutes.md.j2", m=m)


def minutes_html(m: Minutes) -> str:
    return template("minutes.html.j2", m=m)


def _ratification_parts(p: RatificationPaper) -> dict[str, Any]:
    return {"p": p, "since": [d for d in p.decisions if not d.carried_over],
            "carried": [d for d in p.decisions if d.carried_over]}


def ratifications_markdown(p: RatificationPaper) -> str:
    return template("ratifications.md.j2", **_ratification_parts(p))


def ratifications_html(p: RatificationPaper) -> str:
    return template("ratifications.html.j2", **_ratification_parts(p))


# --------------------------------------------------------------------------------------
# Registers: a text table, or the rows of their CSV
# --------------------------------------------------------------------------------------

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
        words.append(f"from {british(from_date)}")
    if to_date:
        words.append(f"to {british(to_date)}")
    return " ".join(words)


def decisions_text(register: DecisionRegister) -> str:
    p = register.period
    head = f"Decision register: {_period_words(p.body, p.from_date, p.to_date)}"
    if not register.entries:
        return f"{head}\n\nNo decisions recorded."
    rows = [(british(e.date), e.meeting, e.item, e.decision, e.reasons,
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
    rows = [(british(e.date), e.meeting, e.item, e.person_name, e.nature, e.note,
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
    held = ", ".join(f"{m.meeting} ({british(m.held)})" for m in record.meetings)
    return "\n".join([
        head, "",
        table(["SEAT", "ORGANISATION", "VOTING", "MEETINGS", "PRESENT", "BY DEPUTY",
               "APOLOGIES", "ABSENT", "VACANT"], rows),
        "", f"{record.meetings_held} meeting(s) held: {held}.",
        f"Recorded in the ledger up to event #{record.position}.",
    ])


# --------------------------------------------------------------------------------------
# Decisions between meetings: one decision, and those pending a report
# --------------------------------------------------------------------------------------

def _agreed(a: Agreement) -> str:
    who = a.person_name + (", chair" if a.chair else "")
    if a.as_deputy:
        who += f", deputy for {a.deputy_for_name or 'the seat holder'}"
    return (f"{british(a.when)}  {who} "
            f"({', '.join(x for x in (a.org_name, f'seat {a.seat}') if x)})")


def _meeting(m: MeetingRef) -> str:
    return f"{m.meeting} ({british(m.held)})"


def decision_text(d: DecisionView) -> str:
    lines = [f"{d.title} (decision {d.decision})",
             f"Body: {d.body_name} ({d.body}), terms version {d.terms_version}",
             f"Status: {d.status}", "",
             f"Decision: {d.text}",
             f"Reasons: {d.reasons or '(none recorded)'}",
             f"Alternatives considered: {d.alternatives or '(none recorded)'}",
             f"Urgency: {d.urgency or '(not recorded)'}", "",
             f"Proposed: {_agreed(d.proposer)}", f"          {d.proposer.given}"]
    for a in d.approvals:
        lines += [f"Approved: {_agreed(a)}", f"          {a.given}"]
    if d.evidence is not None:
        e = d.evidence
        lines.append(f"Taken:    {british(d.taken_on)}  {e.reason} (route {e.route}, "
                     f"clause {e.clause}, terms version {e.terms_version})")
    if d.withdrawal is not None:
        lines.append(f"Withdrawn: {british(d.withdrawal.withdrawn)}  {d.withdrawal.reason}")
    lines.append("")
    if d.interests:
        lines += [f"Interest: {i.person_name} ({i.nature}{': ' + i.note if i.note else ''}), "
                  f"declared {british(i.declared)}" for i in d.interests]
    else:
        lines.append("Interests declared: none")
    clause = f", clause {d.report_clause}" if d.report_clause else ""
    lines.append(f"Report to: {d.report_to_name} ({d.report_to}){clause}")
    if d.missed:
        lines.append(f"Not reported to: {', '.join(_meeting(m) for m in d.missed)} "
                     "(closed meetings held since it was taken)")
    lines += [f"Deferred: {x.meeting} ({british(x.held)})" + (f" ({x.reason})" if x.reason else "")
              for x in d.deferrals]
    if d.report is not None:
        r = d.report
        lines.append(f"Reported: {r.meeting} ({british(r.held)}): {r.outcome}"
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
    rows = [(d.title, d.decision, british(d.taken_on), d.report_to_name,
             _meeting(d.next_meeting) if d.next_meeting else "none scheduled",
             ", ".join(m.meeting for m in d.missed)) for d in found.decisions]
    overdue = sum(1 for d in found.decisions if d.missed)
    late = f", {overdue} overdue (a meeting they were due at closed without them)"
    return "\n".join([
        head, "",
        table(["TITLE", "DECISION", "TAKEN", "REPORT TO", "NEXT MEETING", "NOT REPORTED TO"],
              rows),
        "", f"{len(found.decisions)} decision(s) pending{late if overdue else ''}. Recorded in "
            f"the ledger up to event #{found.position}.",
    ])
