"""`lsp check`: the compliance warnings on a date, every one of them here.

In this order:

1. for each body of the terms in force that has seats, in the order of the terms: a seat
   term ended or ending within 60 days, a role given before its seat's holder came, a
   holder no longer on the body their body is drawn from, the annual review of membership
   due, composition short of a category, a core member without a voting representative,
   and what the roster fold found odd in its history;
2. the meetings: a body gone longer than its `meets` says without one, a meeting not in
   step with the other body's it comes before (`meets.before`), the annual review not
   held at the year's last meeting; then agendas published late on grounds of urgency in
   the year to the date;
3. for each decision taken between meetings, in the order proposed: a proposal still open
   after a meeting of its body was held, and a decision not reported to a meeting of
   its body held and closed since it was taken;
4. actions agreed at meetings, open and past their due date, by due date;
5. notifications the outbox has failed to deliver `FAILING_AFTER` times running
   (docs/notifications.md), in the order queued.

Each warning names its body, its rule, the clause it cites, and says what to do.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from ledger import approvals, categories, outbox
from ledger.decision import OUTCOMES, DecisionState
from ledger.events import Fact
from ledger.reporting_up import REPORTED_OUTCOMES
from ledger.roster import Roster, Seat, Timeline, term_clause
from ledger.terms import Body as BodyTerms
from ledger.terms import Terms
from ledger.when import british, british_day, effective_from, local_date, long_day, show
from projections import rosters
from projections.catchup import ReadStore
from projections.decisions import DecisionReader
from projections.lists import all_actions
from projections.models import CheckReport, Warning
from projections.reader import Reader, latest_scheduling, reading, standing
from projections.reported_up import CommitteeReader
from projections.stamps import stamp, unstamp

REVIEW_INTERVAL = timedelta(days=365)
TERM_WARNING = timedelta(days=60)
URGENCY_WINDOW = timedelta(days=365)


def check(store: ReadStore, as_of: datetime) -> CheckReport:
    """Compliance warnings on a date: terms ending, reviews due, composition short,
    agendas late on grounds of urgency, decisions between meetings left behind."""
    with reading(store) as reader:
        row, terms = reader.require_in_force(as_of)
        existing = _bodies_with_seats(reader)
        found: list[Warning] = []
        for body_id, body in terms.bodies.items():
            if body_id in existing:
                folded = rosters.followed(reader.conn, body_id, as_of)
                found += _body_warnings(reader, body_id, body, folded, as_of)
                found += _drawn_from(reader, terms, body_id, body, folded, existing, as_of)
                found += entitlement_categories(reader, body_id, body, folded, as_of)
                found += awaiting_approval(reader, terms, body_id, body, folded, existing,
                                           as_of)
        found += meeting_cycle(reader, terms, existing, as_of)
        found += meets_before(reader, terms, existing, as_of)
        found += review_at_last_meeting(reader, terms, existing, as_of)
        found += _late_agendas(reader, as_of)
        found += unpublished_agendas(reader, terms, as_of)
        found += decisions(reader, as_of)
        found += committee_overdue(reader, as_of)
        found += overdue_actions(reader, as_of)
        found += failing_notices(reader, as_of)
        return CheckReport(as_of=show(as_of), terms_version=row["version"], warnings=found,
                           seal=reader.seal)


def _bodies_with_seats(reader: Reader) -> set[str]:
    rows = reader.conn.execute("SELECT slug FROM lsp_entities WHERE kind = 'body'")
    return {r["slug"] for r in rows}


# --------------------------------------------------------------------------------------
# A body's membership
# --------------------------------------------------------------------------------------


def _body_warnings(reader: Reader, body_id: str, body: BodyTerms, folded: Roster,
                   as_of: datetime) -> list[Warning]:
    today = local_date(as_of)
    m = body.membership
    found: list[Warning] = []

    def warn(rule: str, clause: str, message: str) -> None:
        found.append(Warning(body=body_id, rule=rule, clause=clause, message=message))

    reader.load_names("person", [s.holder or s.term_ended_holder for s in folded.seats])
    reader.load_names("org", [s.org for s in folded.seats])
    for s in folded.seats:
        seat = _seat(reader, s)
        if s.term_ended:
            ended = s.term_ended_holder
            recorded = reader.recorded_name("person", ended)
            ends = british_day(s.term_ends) if s.term_ends else ""
            warn("term-ended", term_clause(body), f"{recorded or ended}'s term in {seat} "
                 f"ended on {ends}: until re-appointed they do not count "
                 "towards the quorum, vote or approve; re-appoint (lsp seat fill) or vacate")
            continue
        recorded = reader.recorded_name("person", s.holder)
        who = s.holder if recorded is None else recorded
        if who and s.term_ends:
            clause = term_clause(body)
            if s.term_ends <= today + TERM_WARNING:
                warn("term-ending", clause, f"{who}'s term in {seat} ends on "
                     f"{british_day(s.term_ends)}, within {TERM_WARNING.days} days")
        if who and s.role and s.role_since and s.holder_since and s.holder_since > s.role_since:
            role_terms = body.roles.for_role(s.role)
            warn("role-holder-changed", role_terms.clause if role_terms else "ledger rule",
                 f"the {s.role} was given to {seat} on {_on(s.role_since)}; {who} has "
                 f"held that seat since {_on(s.holder_since)}: confirm the {s.role} "
                 f"(lsp role assign {body_id} {s.role} SEAT)")
    d = body.deputies
    if d is not None and d.allowed and d.required:
        for s in folded.seats:
            if s.holder and s.voting and not s.term_ended and s.deputy is None:
                who = reader.recorded_name("person", s.holder) or s.holder
                warn("deputy-required", d.clause,
                     f"{who}, in {_seat(reader, s)}, has nominated no deputy; the terms ask every "
                     f"member of {body.name} to nominate one (lsp deputy nominate "
                     f"{body_id} {s.seat} PERSON)")
    if m and m.annual_review:
        last = folded.last_review
        if last is None or last < as_of - REVIEW_INTERVAL:
            since = f"last reviewed on {_on(last)}" if last else "never reviewed"
            warn("annual-review", m.review_clause or m.clause,
                 f"membership of {body.name} is reviewed annually and was {since} "
                 "(record it with lsp membership review)")
    for limit in body.composition:
        filled = sum(1 for s in folded.seats if s.category == limit.category and s.holder)
        if filled < limit.seats:
            warn("composition", limit.clause,
                 f"{body.name} has {filled} of {limit.seats} {limit.category} seats filled")
    reader.load_names("org", [e.org for e in body.entitlements])
    for entitled in body.entitlements:
        if not any(s.org == entitled.org and s.voting and s.holder for s in folded.seats):
            org = reader.recorded_name("org", entitled.org)
            named = f"{org} ({entitled.org})" if org else f"'{entitled.org}'"
            warn("entitlement", entitled.clause,
                 f"core member {named} has no representative on {body.name}")
    for anomaly in folded.anomalies:
        warn("history", "ledger rule", anomaly)
    return found


def _seat(reader: Reader, s: Seat) -> str:
    """A seat as a warning names it: "the seat ddc-member-1 (Daventry District Council)",
    the slug a reader types back, and whose seat it is (the org's name loaded first)."""
    org = reader.recorded_name("org", s.org)
    return f"the seat {s.seat} ({org})" if org else f"the seat {s.seat}"


def _on(moment: datetime | None) -> str:
    """The day (and the time, unless midnight) of an instant as a British reader reads it:
    "15 April 2026", "10 December 2026 at 2.00 pm"."""
    return british(show(moment))


def _drawn_from(reader: Reader, terms: Terms, body_id: str, body: BodyTerms, folded: Roster,
                existing: set[str], as_of: datetime) -> list[Warning]:
    """A holder of a body drawn from another who, as of `as_of`, no longer holds a seat on
    it (their seat there vacated or given to someone else since they were drawn from it).
    Co-opted seats are exempt, as when they are filled."""
    m = body.membership
    if m is None or m.drawn_from is None:
        return []
    source = m.drawn_from
    parent = (rosters.roster(reader.conn, source, as_of, None) if source in existing
              else Roster(source, as_of, None, ()))
    source_terms = terms.body(source)
    source_name = source_terms.name if source_terms else source
    clause = m.drawn_from_clause or m.clause
    stray = [s for s in folded.seats
             if s.holder and not s.co_opted and not parent.seats_held_by(s.holder)]
    reader.load_names("person", [s.holder for s in stray])
    parent_facts = rosters.facts(reader.conn, source) if stray and source in existing else []
    reader.load_names("org", [s.org for s in stray])
    found = []
    for s in stray:
        person = s.holder or ""  # every stray seat is held
        left = stopped_holding(source, parent_facts, person, as_of)
        since = (f"since {british_day(local_date(left))}, when their seat there was "
                 "vacated or given to another" if left
                 else f"as of {british_day(local_date(as_of))}")
        found.append(Warning(
            body=body_id, rule="drawn-from", clause=clause,
            message=f"{reader.recorded_name('person', person) or person} ({person}) holds "
                    f"{_seat(reader, s)} on {body.name}, whose members are drawn from "
                    f"{source_name} ({source}), and holds no seat on {source_name} {since}: "
                    f"they may not attend, vote or approve for the seat {s.seat} until it "
                    f"is filled from {source} (lsp seat fill {body_id} {s.seat} PERSON) or "
                    f"vacated (lsp seat vacate {body_id} {s.seat})"))
    return found


def stopped_holding(body: str, facts: list[Fact], person: str, as_of: datetime
                    ) -> datetime | None:
    """When `person` last stopped holding a seat on `body` by `as_of` (Lewisham: the PSG
    "drawn from" the Full LSP over time), walking its rosters forward once; None when
    they never held one there, or their seat went without an event (a fixed term)."""
    timeline = Timeline(body, facts)
    held, left = False, None
    for when in sorted({f.effective for f in facts if f.effective <= as_of}):
        now_held = bool(timeline.roster(when).seats_held_by(person))
        if held and not now_held:
            left = when
        held = now_held
    return left if not held else None


def awaiting_approval(reader: Reader, terms: Terms, body_id: str, body: BodyTerms,
                      folded: Roster, existing: set[str], as_of: datetime) -> list[Warning]:
    """Rule `role-approval` (Daventry 4.14: the Forum's chair and vice-chair "subject to
    LSP Executive approval when it reviews membership"): a role's holder still awaiting
    the approving body's approval after that body reviewed its membership (a review
    recorded since they took the role or the seat)."""
    found = []
    for s in folded.seats:
        required = body.roles.for_role(s.role) if s.role else None
        if (required is None or required.approved_by is None or s.holder is None
                or s.role_approved):
            continue
        by = required.approved_by
        if by not in existing:
            continue
        reviewed = rosters.roster(reader.conn, by, as_of, None).last_review
        since = max(t for t in (s.role_since, s.holder_since) if t is not None)
        if reviewed is None or reviewed < since:
            continue
        approver = terms.body(by)
        who = reader.recorded_name("person", s.holder) or s.holder
        found.append(Warning(
            body=body_id, rule=approvals.RULE,
            clause=required.approval_clause or required.clause,
            message=f"{who}, the {s.role} of {body.name} (seat {s.seat}), awaits approval by "
                    f"the {approver.name if approver else by}, which reviewed its membership "
                    f"on {long_day(local_date(reviewed))} without approving them: agree it "
                    f"at a meeting of '{by}' and record it (lsp role approve {body_id} "
                    f"{s.role} --meeting MEETING --item ITEM)"))
    return found


def _first_meeting(reader: Reader, body_id: str, as_of: datetime) -> datetime | None:
    """When the body first met, by `as_of` (a meeting held, not voided), if it has."""
    row = reader.conn.execute(
        "SELECT MIN(effective) AS first FROM lsp_events s WHERE entity_kind = 'meeting' "
        f"AND {latest_scheduling('s')} AND {standing(reader.conn, 's')} "
        f"AND {reader.conn.json_text('data', 'body')} = ? AND effective <= ?",
        (body_id, stamp(as_of))).fetchone()
    return unstamp(row["first"]) if row and row["first"] else None


def _person_categories(reader: Reader, people: list[str]) -> dict[str, str | None]:
    """Each person's category on record (given when they were added)."""
    wanted = sorted(set(people))
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    rows = reader.conn.execute(
        f"SELECT entity, data FROM lsp_events WHERE entity_kind = 'person' AND entity IN "
        f"({marks}) AND version = 1", tuple(wanted))
    found: dict[str, str | None] = dict.fromkeys(wanted)
    found.update({r["entity"]: json.loads(r["data"]).get("category") for r in rows})
    return found


def entitlement_categories(reader: Reader, body_id: str, body: BodyTerms, folded: Roster,
                           as_of: datetime) -> list[Warning]:
    """Rule `entitlement-category` (Daventry 4.1, "two elected members/one officer"): an
    organisation whose seats are split by category and whose roster does not match the
    split (`ledger.categories.mismatches`). Warned once the body has met: a new ledger,
    whose seats are still being filled, is not warned on its second day."""
    if not any(e.categories for e in body.entitlements):
        return []
    if _first_meeting(reader, body_id, as_of) is None:
        return []
    held = _person_categories(reader, [s.holder for s in folded.seats if s.holder])
    return [Warning(body=body_id, rule=categories.RULE, clause=clause,
                    message=f"{message} (fill the seats: lsp seat fill {body_id} SEAT PERSON)")
            for clause, message in categories.mismatches(body, folded.seats, held)]


# --------------------------------------------------------------------------------------
# Agendas
# --------------------------------------------------------------------------------------


# A body meeting N times a year is late once a year / N and this much more have passed
# (a quarterly meeting moved by a week is not yet a missed one).
CYCLE_GRACE = timedelta(days=14)


def meeting_cycle(reader: Reader, terms: Terms, existing: set[str], as_of: datetime
                  ) -> list[Warning]:
    """Rule `meeting-cycle`: a body whose terms say how often it meets (`meets`) that has
    gone longer than that without a meeting held by `as_of`, counted from its last
    meeting, or, before its first, from the day the ledger's first terms took effect (so
    a new ledger is not warned on its second day)."""
    versions = reader.versions()
    if not versions:
        return []
    started = unstamp(versions[0]["effective"])
    found = []
    for body_id, body in terms.bodies.items():
        if body.meets is None or body_id not in existing:
            continue
        row = reader.conn.execute(
            "SELECT MAX(effective) AS last FROM lsp_events s WHERE entity_kind = 'meeting' "
            f"AND {latest_scheduling('s')} AND {standing(reader.conn, 's')} "
            f"AND {reader.conn.json_text('data', 'body')} = ? AND effective <= ?",
            (body_id, stamp(as_of))).fetchone()
        last = unstamp(row["last"]) if row and row["last"] else None
        every = timedelta(days=365 / body.meets.times_a_year)
        since = last or started
        if as_of - since <= every + CYCLE_GRACE:
            continue
        often = {1: "once a year", 2: "twice a year", 4: "four times a year",
                 6: "every two months", 12: "every month"}.get(
            body.meets.times_a_year, f"{body.meets.times_a_year} times a year")
        when = (f"last met on {long_day(local_date(last))}" if last else
                f"has not met since the ledger began on {long_day(local_date(started))}")
        found.append(Warning(
            body=body_id, rule="meeting-cycle", clause=body.meets.clause,
            message=f"{body.name} meets {often} and {when} (schedule its next meeting: "
                    f"lsp meeting schedule {body_id} MEETING --on DATE)"))
    return found


# "3 weeks before the Partnership Board meets" (Tower Hamlets): a meeting is "about" that
# long before when within a week either way. A week is the slack a secretariat has in
# practice (a room, a bank holiday, the chair's diary) while the Executive still meets
# closer to its own Board than to the one before or after; half a cycle would hide a
# meeting set for the wrong Board altogether.
BEFORE_TOLERANCE = timedelta(days=7)
# Meetings further back than this are history, not something to put right.
BEFORE_WINDOW = timedelta(days=365)


def meets_before(reader: Reader, terms: Terms, existing: set[str], as_of: datetime
                 ) -> list[Warning]:
    """Rule `meets-before` (`meets.before`: the Tower Hamlets Executive meets "3 weeks
    before the Partnership Board meets"): a meeting of the other body (the Board),
    scheduled in the year before `as_of` or later, whose nearest earlier meeting of this
    body (the Executive) is not `weeks` weeks before it, give or take `BEFORE_TOLERANCE`.
    This body may meet more often (the Executive bi-monthly, the Board quarterly): only
    the meeting before each of the other's is held to the step. A meeting of the other
    body with none of this one's before it is not judged, so a new ledger, or a Board
    scheduled ahead of any Executive, is not warned."""
    found: list[Warning] = []
    read = DecisionReader(reader)
    for body_id, body in terms.bodies.items():
        before = body.meets.before if body.meets else None
        if before is None or body_id not in existing:
            continue
        ours = read.meetings(body_id)
        other = terms.body(before.body)
        other_name = other.name if other else before.body
        want = timedelta(weeks=before.weeks)
        for theirs in read.meetings(before.body):
            if theirs.when < as_of - BEFORE_WINDOW:
                continue
            earlier = [m for m in ours if m.when < theirs.when]
            if not earlier:
                continue
            nearest = max(earlier, key=lambda m: m.when)
            gap = local_date(theirs.when) - local_date(nearest.when)
            if abs(gap - want) <= BEFORE_TOLERANCE:
                continue
            found.append(Warning(
                body=body_id, rule="meets-before", clause=before.clause,
                message=f"meeting {nearest.slug} of the {body.name}, on "
                        f"{long_day(local_date(nearest.when))}, is {_weeks(gap)} before the "
                        f"next meeting of the {other_name} ({theirs.slug}, "
                        f"{long_day(local_date(theirs.when))}), and no meeting of the "
                        f"{body.name} is nearer it; the terms have it meet "
                        f"{before.weeks} weeks before, give or take "
                        f"{BEFORE_TOLERANCE.days} days (move it: lsp meeting reschedule "
                        f"{nearest.slug} --on DATE, or schedule one)"))
    return found


def _weeks(gap: timedelta) -> str:
    """A gap in days as "5 weeks and 2 days"."""
    weeks, days = divmod(gap.days, 7)
    parts = [f"{weeks} week{'s' if weeks != 1 else ''}"] if weeks else []
    if days or not parts:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " and ".join(parts)


def review_at_last_meeting(reader: Reader, terms: Terms, existing: set[str],
                           as_of: datetime) -> list[Warning]:
    """Rule `review-at-last-meeting` (Daventry 4.4: membership "reviewed annually at the
    last meeting in the calendar year"): the last calendar year is over, the body held
    meetings in it, and no review of membership is recorded on the day of the last of
    them or since. A body that held no meeting that year (a new ledger, say) is not
    warned: `meeting-cycle` speaks of that."""
    found = []
    year = local_date(as_of).year - 1
    start, end = effective_from(f"{year}-01-01"), effective_from(f"{year + 1}-01-01")
    for body_id, body in terms.bodies.items():
        m = body.membership
        if m is None or not m.review_at_last_meeting or body_id not in existing:
            continue
        row = reader.conn.execute(
            "SELECT MAX(effective) AS last FROM lsp_events s WHERE entity_kind = 'meeting' "
            f"AND {latest_scheduling('s')} AND {standing(reader.conn, 's')} "
            f"AND {reader.conn.json_text('data', 'body')} = ? AND effective >= ? "
            "AND effective < ?", (body_id, stamp(start), stamp(end))).fetchone()
        if not (row and row["last"]):
            continue
        last = local_date(unstamp(row["last"]))
        reviewed = rosters.roster(reader.conn, body_id, as_of, None).last_review
        if reviewed is not None and local_date(reviewed) >= last:
            continue
        found.append(Warning(
            body=body_id, rule="review-at-last-meeting", clause=m.review_clause or m.clause,
            message=f"membership of {body.name} is reviewed at the last meeting in the "
                    f"calendar year; its last meeting of {year}, on {long_day(last)}, has "
                    f"no review recorded (record it: lsp membership review {body_id} "
                    f"--on {last.isoformat()})"))
    return found


def unpublished_agendas(reader: Reader, terms: Terms, as_of: datetime) -> list[Warning]:
    """Rule `agenda-notice`: a meeting still to come whose agenda is not published, and
    the last day that would have given the terms' notice (Daventry 4.7: 10 days) has
    passed by `as_of`. It can still go out, but only on grounds of urgency recorded with
    it (`lsp agenda publish --urgent`), or the meeting can be moved."""
    rows = reader.conn.execute(
        "SELECT s.entity AS meeting, s.data, s.effective FROM lsp_events s "
        "WHERE s.entity_kind = 'meeting' "
        f"AND {latest_scheduling('s')} AND {standing(reader.conn, 's')} AND s.effective > ? "
        "AND NOT EXISTS (SELECT 1 FROM lsp_events p WHERE p.entity_kind = 'meeting' "
        f"AND p.entity = s.entity AND p.kind IN ('Published', 'Closed') "
        f"AND {standing(reader.conn, 'p')}) ORDER BY s.effective, s.entity",
        (stamp(as_of),)).fetchall()
    found = []
    for r in rows:
        body_id = json.loads(r["data"])["body"]
        body = terms.bodies.get(body_id)
        if body is None or body.agenda is None:
            continue
        when = unstamp(r["effective"])
        publish_by = local_date(when) - timedelta(days=body.agenda.notice_days)
        if local_date(as_of) <= publish_by:
            continue
        found.append(Warning(
            body=body_id, rule="agenda-notice", clause=body.agenda.clause,
            message=f"the agenda of meeting {r['meeting']} ({_on(when)}) is not published, "
                    f"and {body.agenda.notice_days} days' notice needed it out by "
                    f"{long_day(publish_by)}: publish it with its reason of urgency (lsp "
                    f"agenda publish {r['meeting']} --urgent REASON) or move the meeting "
                    f"(lsp meeting reschedule {r['meeting']} --on DATE)"))
    return found


def _late_agendas(reader: Reader, as_of: datetime) -> list[Warning]:
    """Agendas published late on grounds of urgency in the year to `as_of`: the reason is
    on record, and a pattern of urgency is worth a secretariat's attention."""
    rows = reader.conn.execute(
        "SELECT p.entity, p.data, s.entity AS meeting, s.data AS scheduled, s.effective "
        "FROM lsp_events p JOIN lsp_events s ON s.entity_kind = 'meeting' "
        f"AND s.entity = p.entity AND {latest_scheduling('s')} "
        "WHERE p.entity_kind = 'meeting' AND p.kind = 'Published' "
        f"AND {standing(reader.conn, 'p')} AND {standing(reader.conn, 's')} "
        "AND s.effective <= ? AND s.effective > ? ORDER BY s.effective",
        (stamp(as_of), stamp(as_of - URGENCY_WINDOW))).fetchall()
    found = []
    for r in rows:
        published = json.loads(r["data"])
        if published.get("urgent"):
            body = json.loads(r["scheduled"])["body"]
            found.append(Warning(
                body=body, rule="agenda-notice", clause=published["clause"],
                message=f"the agenda of meeting {r['meeting']} ({_on(unstamp(r['effective']))}) "
                        f"went out {published['days_before']} day(s) before, "
                        f"{published['notice_days']} required; urgent: {published['urgent']}"))
    return found


# --------------------------------------------------------------------------------------
# Decisions between meetings
# --------------------------------------------------------------------------------------


def decisions(reader: Reader, as_of: datetime) -> list[Warning]:
    """A proposal left open past a meeting, and a decision taken between meetings and,
    as of `as_of`, still not reported although a meeting of the body it is reported to
    has been held and closed since it was taken (Daventry 4.6: reported to the following
    meeting)."""
    read = DecisionReader(reader)
    found: list[Warning] = []
    for d in read.decisions(read.all_slugs(), as_of):
        if d.status == "proposed":
            found += _stale(read, d, as_of)
        if d.status != "taken":
            continue
        _, missed = read.due(d, as_of)
        if not missed:
            continue
        body = read.body_name(d, d.report_to)
        where = " and ".join(f"{m.meeting} ({british(m.held)})" for m in missed)
        found.append(Warning(
            body=d.report_to, rule="report-overdue", clause=read.report_clause(d),
            message=f"the decision \"{d.title}\" ({d.slug}), taken on "
                    f"{_on(d.taken_on)}, was not reported to "
                    f"{'meeting' if len(missed) == 1 else 'meetings'} {where} of {body}, "
                    f"now closed: report it to the next meeting (lsp decision report "
                    f"{d.slug} --meeting MEETING --outcome {'|'.join(OUTCOMES)})"))
    return found


def committee_overdue(reader: Reader, as_of: datetime) -> list[Warning]:
    """Rule `report-overdue` for a committee's meeting decisions (`reports_to` lines with
    `decisions = true`: the PSSB's, to each parent): taken by `as_of` and, as of then,
    not reported to a meeting of a parent held and closed since."""
    found = []
    for d, taken in CommitteeReader(reader).decisions(as_of):
        if taken > as_of or d.report is not None or not d.missed:
            continue
        where = " and ".join(f"{m.meeting} ({m.held})" for m in d.missed)
        found.append(Warning(
            body=d.report_to, rule="report-overdue", clause=d.clause,
            message=f"decision {d.decision} ({d.title}) of {d.body_name}, taken on "
                    f"{d.taken_on}, was not reported to "
                    f"{'meeting' if len(d.missed) == 1 else 'meetings'} {where} of "
                    f"{d.report_to_name}, now closed: report it to the next meeting (lsp "
                    f"decision report {d.decision} --meeting MEETING --outcome "
                    f"{'|'.join(REPORTED_OUTCOMES)})"))
    return found


def _stale(read: DecisionReader, d: DecisionState, as_of: datetime) -> list[Warning]:
    """A proposal still open after a meeting of its body was held: it is no longer a
    decision that could not wait for a meeting (Daventry 4.6)."""
    held = [m for m in read.meetings(d.report_to) if d.proposed_on <= m.when <= as_of]
    if not held:
        return []
    m = held[0].ref()
    return [Warning(
        body=d.report_to, rule="proposal-lapsed", clause=read.report_clause(d),
        message=f"the decision \"{d.title}\" ({d.slug}), proposed on "
                f"{_on(d.proposed_on)}, was not taken before meeting {m.meeting} "
                f"({british(m.held)}): decide it at a meeting, and record that the proposal "
                f"lapsed (lsp decision lapse {d.slug} --reason ...)")]


# --------------------------------------------------------------------------------------
# Actions
# --------------------------------------------------------------------------------------


def overdue_actions(reader: Reader, as_of: datetime) -> list[Warning]:
    """Actions agreed at meetings held by `as_of`, not done by then, whose due date has
    passed: the secretariat chases them, and they stand as matters arising."""
    today = local_date(as_of)
    found = []
    for a in all_actions(reader):
        if a.agreed is None or a.agreed > as_of or a.due is None or a.due >= today:
            continue
        if a.done is not None and a.done <= as_of:
            continue
        reader.load_names("person", [a.owner])
        owner = reader.name("person", a.owner) or a.owner
        terms = reader.terms_at(a.agreed)
        body = terms[1].body(a.body) if terms else None
        found.append(Warning(
            body=a.body, rule="action-overdue",
            clause=(body.secretariat_clause if body and body.secretariat_clause
                    else "ledger rule"),
            message=f"the action \"{a.title}\" ({a.slug}) for {owner}, agreed at meeting "
                    f"{a.meeting} on {long_day(local_date(a.agreed))}, was due on "
                    f"{long_day(a.due)} and is not done: record it done (lsp action done "
                    f"{a.slug}) or carry it as a matter arising"))
    return found


def failing_notices(reader: Reader, as_of: datetime) -> list[Warning]:
    """Notices not delivered after `FAILING_AFTER` failed attempts running, by `as_of`:
    the person is not being told (the mail server refuses, or is down), and a decision
    between meetings may lapse for want of approvals nobody asked for. Folded from the
    outbox's facts (`Queued`, `Attempted`) by `ledger.outbox.fold`, the aggregate's own
    fold."""
    found = []
    for key, entry in outbox.fold(reader.facts("outbox", "outbox"), as_of).items():
        if entry.status != "failing":
            continue
        notice = entry.notice
        reader.load_names("person", [notice.person])
        name = reader.name("person", notice.person) or notice.person
        when = entry.last_failed or entry.queued
        about = reader.facts("decision", notice.decision)
        found.append(Warning(
            body=str(about[0].data.get("body", "")) if about else "",
            rule="notice-failing", clause="ledger rule",
            message=f"the notice \"{notice.subject}\" to {name} has failed "
                    f"{entry.failures} times running, the last on "
                    f"{long_day(local_date(when))} ({entry.last_error or 'no reason given'}):"
                    " check the mail server (LSP_SMTP_URL) and the person's account; it is "
                    f"still tried every hour (lsp outbox list shows {key})"))
    return found
