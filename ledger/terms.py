"""Terms of reference as data.

A partnership writes its terms of reference down as a TOML file (see docs/terms.md and
examples/*/terms.toml). This module parses that file, with tomllib, into frozen pydantic
models, and turns every mistake into a `TermsError` that names the file, the key and what
was expected.

Each rule-bearing section carries the `clause` of the document it comes from, so that a
refusal can cite it. A section that is absent means the document is silent on the matter:
the ledger then enforces nothing for it (and says so where it matters) rather than invent
a rule.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from ledger.errors import InvalidInput, TermsError

SLUG = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, Field(pattern=SLUG)]
Clause = Annotated[str, Field(min_length=1, description="Where the document says it")]

# Characters a name shown on one line of a roster, a register or a paper may not hold:
# control characters (a newline, a carriage return, a tab, an escape...) and the line and
# paragraph separators. A name holding one could forge an extra line of a roster.
_NOT_IN_A_NAME = frozenset({"Cc", "Zl", "Zp"})


def unprintable(value: str) -> str | None:
    """The first character of `value` that a one-line name may not hold, as U+XXXX, or
    None when there is none."""
    for char in value:
        if unicodedata.category(char) in _NOT_IN_A_NAME:
            return f"U+{ord(char):04X}"
    return None


def check_name(what: str, value: str, remedy: str | None = "input:name") -> None:
    """Refuse a name (`what`: "a person's name") that would not print on one line."""
    bad = unprintable(value)
    if bad is not None:
        raise InvalidInput(f"{what} {value!r} holds a control character or line break "
                           f"({bad}): a name is one line of printable text", remedy=remedy)


def _one_line(value: str) -> str:
    bad = unprintable(value)
    if bad is not None:
        raise ValueError(f"a name is one line of printable text, with no control character "
                         f"or line break ({bad})")
    return value


Name = Annotated[str, Field(min_length=1), AfterValidator(_one_line)]


class _Section(BaseModel):
    # Strict: a TOML value is typed, and one of the wrong type is a mistake to refuse,
    # never to convert (`members = true` is not a quorum of 1, `allowed = 1` not "yes").
    # The lists of a section (composition, entitlements) are lax only in being lists.
    # Built on first use (defer_build), not at import: most commands never parse terms.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Quorum(_Section):
    """How many voting members make a meeting quorate.

    Exactly one of `members` (a count of voting members present) or `fraction` (of the
    body's voting seats, rounded up, e.g. "1/3") is given.
    """

    members: int | None = Field(default=None, ge=1)
    fraction: str | None = Field(default=None, pattern=r"^[1-9][0-9]*/[1-9][0-9]*$")
    clause: Clause

    @model_validator(mode="after")
    def _exactly_one(self) -> Quorum:
        if (self.members is None) == (self.fraction is None):
            raise ValueError("give exactly one of 'members' or 'fraction'")
        if self.fraction is not None and Fraction(self.fraction) > 1:
            raise ValueError("a quorum fraction cannot exceed 1")
        return self

    def required(self, voting_seats: int) -> int:
        """Voting members needed, for a body with `voting_seats` voting seats."""
        if self.members is not None:
            return self.members
        share = Fraction(self.fraction or "1") * voting_seats
        return max(1, -(-share.numerator // share.denominator))  # ceiling

    def describe(self) -> str:
        if self.members is not None:
            return f"{self.members} voting members"
        return f"{self.fraction} of the voting seats, rounded up"


class Voting(_Section):
    """How a question is decided when it comes to a vote."""

    consensus_first: bool = False
    method: Literal["majority-of-votes-cast"] = "majority-of-votes-cast"
    votes_per_member: int = Field(default=1, ge=1)
    casting_vote: Literal["chair", "none"] = "none"
    clause: Clause


class BetweenMeetings(_Section):
    """Decisions taken between meetings.

    A decision is taken when the chair agrees with `chair_plus` other members, or when
    `without_chair` members agree without the chair. Either may be absent when the
    document gives only one route. Every such decision is reported to `report_to`
    (default: the body itself).
    """

    chair_plus: int | None = Field(default=None, ge=0)
    without_chair: int | None = Field(default=None, ge=1)
    report_to: Slug | None = None
    clause: Clause
    report_clause: str | None = None

    @model_validator(mode="after")
    def _some_route(self) -> BetweenMeetings:
        if self.chair_plus is None and self.without_chair is None:
            raise ValueError("give 'chair_plus', 'without_chair' or both")
        return self


class Agenda(_Section):
    notice_days: int = Field(ge=0)
    clause: Clause


class Deputies(_Section):
    """Whether a member may send a deputy, and what the deputy may do."""

    allowed: bool = True
    at_meetings: bool = True
    between_meetings: bool = False
    # "for every member of the Board to nominate a deputy" (Southwark Alliance,
    # Recommendation 5): `lsp check` warns of a held seat with none.
    required: bool = False
    clause: Clause


class MeetsBefore(_Section):
    """A body that meets in step with another, `weeks` before each of its meetings (the
    Tower Hamlets Executive "3 weeks before the Partnership Board meets")."""

    body: Slug
    weeks: int = Field(ge=1, le=26)
    clause: Clause


class Meets(_Section):
    """How often a body meets ("The Board will meet 4 times a year, all other meetings
    will be bi-monthly", Tower Hamlets): `lsp check` warns when it has gone longer than
    that without a meeting, and, with `before`, when a meeting of it is not about that
    long before the next meeting of the other body (rule `meets-before`)."""

    times_a_year: int = Field(ge=1, le=52)
    clause: Clause
    before: MeetsBefore | None = None


class Interests(_Section):
    declare: Literal["personal", "personal-and-prejudicial"] = "personal"
    prejudicial_excludes: bool = False
    clause: Clause


class Membership(_Section):
    """Who may hold a seat, and how membership is kept under review."""

    drawn_from: Slug | None = None
    drawn_from_clause: str | None = None
    co_option: bool = False
    co_optees_confined: bool = False
    co_option_clause: str | None = None
    annual_review: bool = False
    # Daventry 4.4: "reviewed annually at the last meeting in the calendar year".
    review_at_last_meeting: bool = False
    review_clause: str | None = None
    term_years: int | None = Field(default=None, ge=1)
    term_clause: str | None = None
    requests_via: Slug | None = None
    requests_decided_by: Slug | None = None
    requests_clause: str | None = None
    replacement_without_approval: bool = True
    clause: Clause

    @model_validator(mode="after")
    def _clauses_given(self) -> Membership:
        needs = {
            "drawn_from_clause": self.drawn_from is not None,
            "co_option_clause": self.co_option,
            "review_clause": self.annual_review,
            "term_clause": self.term_years is not None,
            "requests_clause": self.requests_decided_by is not None,
        }
        missing = [key for key, needed in needs.items() if needed and not getattr(self, key)]
        if missing:
            raise ValueError(f"cite the clause for this rule: set {', '.join(missing)}")
        if not self.replacement_without_approval:
            raise ValueError("replacement_without_approval = false cannot be enforced yet "
                             "(approval of a replacement needs meetings in the ledger); "
                             "leave it out or set it true")
        return self


class CategoryLimit(_Section):
    category: Slug
    seats: int = Field(ge=1)
    clause: Clause


class Entitlement(_Section):
    """An organisation's entitlement to voting seats on a body, split by category of member
    where the terms say so (Daventry 4.1: "Daventry District Council (two elected
    members/one officer)": `categories = { elected-member = 2, officer = 1 }`, judged by
    `ledger.categories`)."""

    org: Slug
    seats: int = Field(default=1, ge=1)
    categories: dict[Slug, Annotated[int, Field(ge=1)]] = Field(default_factory=dict)
    categories_clause: str | None = None
    clause: Clause

    @model_validator(mode="after")
    def _categories_add_up(self) -> Entitlement:
        if not self.categories:
            return self
        if not self.categories_clause:
            raise ValueError("cite the clause for this rule: set categories_clause")
        total = sum(self.categories.values())
        if total != self.seats:
            raise ValueError(f"the categories of '{self.org}' add up to {total} seats, and "
                             f"'seats' is {self.seats}: they must agree")
        return self


class Role(_Section):
    """Who may hold the chair (co-chair, vice-chair) of a body, and whether another body
    approves whoever holds it (Daventry 4.14: the Forum's chair and vice-chair are "subject
    to LSP Executive approval when it reviews membership": `approved_by = "executive"`,
    judged by `ledger.approvals`)."""

    voting_seat: bool = False
    category: Slug | None = None
    approved_by: Slug | None = None
    approval_clause: str | None = None
    clause: Clause

    @model_validator(mode="after")
    def _approval_cited(self) -> Role:
        if self.approved_by is not None and not self.approval_clause:
            raise ValueError("cite the clause for this rule: set approval_clause")
        return self


class Roles(_Section):
    chair: Role | None = None
    co_chair: Role | None = Field(default=None, alias="co-chair")
    vice_chair: Role | None = Field(default=None, alias="vice-chair")

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    def for_role(self, role: str) -> Role | None:
        return {"chair": self.chair, "co-chair": self.co_chair,
                "vice-chair": self.vice_chair}.get(role)


class WithoutSeat(_Section):
    """Who takes part in a body's meetings without a seat, as the terms provide: never in
    the quorum, never a vote (`ledger.attendance`).

    Daventry 4.8 and 4.9: "Any partner can submit an agenda item" (`partners_propose`) and
    "Any partner organisation can attend board meetings and engage in discussions"
    (`partners_attend`). Lewisham, working groups, membership principle 5: "The Young Mayor
    and the Young Advisors will from time to time be invited to attend" (`invited`: the
    categories of person who may be invited)."""

    partners_attend: bool = False
    partners_attend_clause: str | None = None
    partners_propose: bool = False
    partners_propose_clause: str | None = None
    invited: tuple[Slug, ...] = Field(default=(), strict=False)
    invited_clause: str | None = None
    clause: Clause

    @model_validator(mode="after")
    def _clauses_given(self) -> WithoutSeat:
        needs = {"partners_attend_clause": self.partners_attend,
                 "partners_propose_clause": self.partners_propose,
                 "invited_clause": bool(self.invited)}
        missing = [key for key, needed in needs.items() if needed and not getattr(self, key)]
        if missing:
            raise ValueError(f"cite the clause for this rule: set {', '.join(missing)}")
        return self


class Follows(_Section):
    """The role on another body whose holder a seat follows."""

    body: Slug
    role: Literal["chair", "co-chair", "vice-chair"]


class SeatTerms(_Section):
    """A seat the terms describe by itself: one that follows whoever holds a role on
    another body (the Tower Hamlets Board's "Resident Vice Chairs from the Local Area
    Partnerships" and "Partner Chairs of the Community Plan Delivery Groups"). Its holder
    on any date is that role's holder on that date; it is never filled directly (rule
    `seat-follows`, ledger/follows.py)."""

    seat: Slug
    follows: Follows
    clause: Clause


class ReportingLine(_Section):
    """A body another reports to, and when the terms say that line runs: from `from`
    (inclusive) until `until` (exclusive), either open. The Partnership Southwark
    Strategic Board is a sub-committee of the Health and Wellbeing Board and becomes a
    committee of the ICS NHS Body "from 1 April 2022"."""

    body: Slug
    from_: date | None = Field(default=None, alias="from")
    until: date | None = None
    clause: Clause | None = None
    # The decisions taken at this body's meetings are reported to that body's meetings
    # (the PSSB's to the Health and Wellbeing Board and to the ICS NHS Body): listed for
    # it as awaiting report until reported there (projections/reported_up.py).
    decisions: bool = False

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    def runs_on(self, day: date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (
            self.until is None or day < self.until)


class Body(_Section):
    name: Name
    clause: Clause
    kind: Literal["board", "executive", "steering-group", "working-group", "forum",
                  "delivery-group", "area-partnership", "committee"] = "board"
    reports_to: Slug | None = None
    quorum: Quorum | None = None
    voting: Voting | None = None
    between_meetings: BetweenMeetings | None = None
    agenda: Agenda | None = None
    deputies: Deputies | None = None
    meets: Meets | None = None
    interests: Interests | None = None
    membership: Membership | None = None
    composition: tuple[CategoryLimit, ...] = Field(default=(), strict=False)
    entitlements: tuple[Entitlement, ...] = Field(default=(), strict=False)
    roles: Roles = Roles()
    without_seat: WithoutSeat | None = None  # who attends or proposes items without a seat
    # Seats that follow a role on another body (ledger/follows.py).
    seats: tuple[SeatTerms, ...] = Field(default=(), strict=False)
    # Derived from reports_to (never written): every line, the single string included.
    reporting_lines: tuple[ReportingLine, ...] = Field(default=(), strict=False)

    @model_validator(mode="before")
    @classmethod
    def _lines_of_report(cls, data: Any) -> Any:
        """`reports_to` is one body's id, or a list of ids and tables (body, from, until,
        clause): a body may report to two. `reports_to` itself stays the first line's
        body, so a file with the single string reads as it always did."""
        if not isinstance(data, dict):
            return data
        if "reporting_lines" in data:
            raise ValueError("reporting_lines is not a key of the terms: write reports_to "
                             "(one body, or a list)")
        given = data.get("reports_to")
        if given is None:
            return data
        lines = given if isinstance(given, list) else [given]
        if not lines:
            raise ValueError("reports_to: give a body, or a list of at least one")
        lines = [{"body": x} if isinstance(x, str) else x for x in lines]
        first = lines[0].get("body") if isinstance(lines[0], dict) else None
        return {**data, "reports_to": first, "reporting_lines": lines}

    def reports_to_on(self, day: date) -> tuple[str, ...]:
        """The bodies this one reports to on `day`, in the order the terms list them."""
        return tuple(line.body for line in self.reporting_lines if line.runs_on(day))
    # A body that "is not a decision making body" (Tower Hamlets' Executive): its items
    # end as noted or referred, never agreed, and it takes no votes.
    decision_making: bool = True
    decision_making_clause: str | None = None
    # Who issues the agenda and receives apologies ("Council officers, acting as
    # secretariat", Lewisham); the agenda says "the clerk" when the terms are silent.
    secretariat: Name | None = None
    secretariat_clause: str | None = None
    # "a plan or strategy agreed by a TP has been agreed by the Alliance" (Southwark
    # Alliance, Recommendation 1): the body's decisions are the partnership's, recorded as
    # such in the decision register, and no body above ratifies them.
    agrees_for_partnership: bool = False
    agrees_for_partnership_clause: str | None = None

    @model_validator(mode="after")
    def _paper_clauses_given(self) -> Body:
        missing = [key for key, needed in (
            ("decision_making_clause", not self.decision_making),
            ("secretariat_clause", self.secretariat is not None),
            ("agrees_for_partnership_clause", self.agrees_for_partnership)) if needed
            and not getattr(self, key)]
        if missing:
            raise ValueError(f"cite the clause for this rule: set {', '.join(missing)}")
        return self

    def category_limit(self, category: str | None) -> CategoryLimit | None:
        return next((c for c in self.composition if c.category == category), None)

    def entitlement(self, org: str) -> Entitlement | None:
        return next((e for e in self.entitlements if e.org == org), None)

    def seat_terms(self, seat: str) -> SeatTerms | None:
        return next((s for s in self.seats if s.seat == seat), None)


class Partnership(_Section):
    name: Name
    document: str = Field(min_length=1, description="The document these terms encode")
    source: str | None = None


class Terms(_Section):
    """One version of a partnership's terms of reference."""

    partnership: Partnership
    bodies: dict[Slug, Body] = Field(min_length=1)

    @model_validator(mode="after")
    def _references_resolve(self) -> Terms:
        problems: list[str] = []
        for body_id, body in self.bodies.items():
            refs = {
                "reports_to": body.reports_to,
                "between_meetings.report_to": (
                    body.between_meetings.report_to if body.between_meetings else None
                ),
                "membership.drawn_from": body.membership.drawn_from if body.membership else None,
                "membership.requests_via": (
                    body.membership.requests_via if body.membership else None
                ),
                "membership.requests_decided_by": (
                    body.membership.requests_decided_by if body.membership else None
                ),
            }
            for key, ref in refs.items():
                if ref is not None and ref not in self.bodies:
                    problems.append(f"bodies.{body_id}.{key}: no body '{ref}' in these terms")
            for n, line in enumerate(body.reporting_lines[1:], start=2):
                if line.body not in self.bodies:
                    problems.append(f"bodies.{body_id}.reports_to (line {n}): no body "
                                    f"'{line.body}' in these terms")
            if any(line.body == body_id for line in body.reporting_lines):
                problems.append(f"bodies.{body_id}.reports_to: a body cannot report to itself")
            if any(line.from_ and line.until and line.until <= line.from_
                   for line in body.reporting_lines):
                problems.append(f"bodies.{body_id}.reports_to: a line's 'until' must come "
                                "after its 'from'")
            if body.membership and body.membership.drawn_from == body_id:
                problems.append(f"bodies.{body_id}.membership.drawn_from: a body cannot be "
                                "drawn from itself")
            problems += _approvers_resolve(self, body_id, body)
            categories = [c.category for c in body.composition]
            if len(set(categories)) != len(categories):
                problems.append(f"bodies.{body_id}.composition: a category is listed twice")
            problems += _follows_problems(self, body_id, body)
            orgs = [e.org for e in body.entitlements]
            if len(set(orgs)) != len(orgs):
                problems.append(f"bodies.{body_id}.entitlements: an organisation is listed twice")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def body(self, body_id: str) -> Body | None:
        return self.bodies.get(body_id)


def _approvers_resolve(terms: Terms, body_id: str, body: Body) -> list[str]:
    """A role approved by another body names a body of the same terms, not its own."""
    problems = []
    for role in ("chair", "co-chair", "vice-chair"):
        given = body.roles.for_role(role)
        by = given.approved_by if given else None
        if by is None:
            continue
        if by not in terms.bodies:
            problems.append(f"bodies.{body_id}.roles.{role}.approved_by: no body '{by}' in "
                            "these terms")
        elif by == body_id:
            problems.append(f"bodies.{body_id}.roles.{role}.approved_by: another body "
                            "approves a body's officers, not the body itself")
    return problems


def _follows_problems(terms: Terms, body_id: str, body: Body) -> list[str]:
    """A followed role is on another body of these terms, which does not itself follow
    (a seat follows one step down, never round a loop); `meets.before` names another
    body of these terms; a seat is described once."""
    problems = []
    for s in body.seats:
        source = terms.bodies.get(s.follows.body)
        where = f"bodies.{body_id}.seats ({s.seat}).follows"
        if s.follows.body == body_id:
            problems.append(f"{where}: a seat cannot follow a role on its own body")
        elif source is None:
            problems.append(f"{where}: no body '{s.follows.body}' in these terms")
        elif source.seats:
            problems.append(f"{where}: '{s.follows.body}' has seats that follow another "
                            "body's roles; a seat follows a role one step down only")
    seats = [s.seat for s in body.seats]
    if len(set(seats)) != len(seats):
        problems.append(f"bodies.{body_id}.seats: a seat is described twice")
    before = body.meets.before if body.meets else None
    if before is not None and (before.body == body_id or before.body not in terms.bodies):
        problems.append(f"bodies.{body_id}.meets.before: name another body of these terms, "
                        f"not '{before.body}'")
    return problems


def _format_error(source: str, error: ValidationError) -> str:
    lines = [f"{source}: the terms of reference are not valid (docs/terms.md says what each "
             "key takes):"]
    for e in error.errors():
        key = ".".join(str(part) for part in e["loc"]) or "(top level)"
        got = e.get("input")
        shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
        message = e["msg"].removeprefix("Value error, ")
        lines.append(f"  {key}: {message}{shown}")
    return "\n".join(lines)


def parse_terms(text: str, source: str = "<terms>") -> Terms:
    """Parse the text of a terms file. Raises TermsError naming `source` and the key at
    fault. A text is parsed once per process however often it is asked for, whatever
    `source` calls it (the terms in force are asked for by every command, several times)."""
    try:
        return _parsed(text)
    except tomllib.TOMLDecodeError as e:
        raise TermsError(f"{source}: not valid TOML: {e}") from None
    except RecursionError:
        raise TermsError(f"{source}: the terms of reference are nested too deeply to read "
                         "(docs/terms.md shows the shape of the file: tables of keys, "
                         "a few levels deep)") from None
    except ValidationError as e:
        raise TermsError(_format_error(source, e)) from None


@lru_cache(maxsize=32)
def _parsed(text: str) -> Terms:
    return Terms.model_validate(tomllib.loads(text))  # a failure is not cached


def read_terms_file(path: str) -> tuple[str, Terms]:
    """Read and parse a terms file; returns its text (which the ledger keeps) and terms."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise TermsError(f"{path}: cannot read the terms file: {e.strerror}") from None
    except UnicodeDecodeError:
        raise TermsError(f"{path}: the terms file is not UTF-8 text") from None
    return text, parse_terms(text, path)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_slug(value: str) -> bool:
    return re.fullmatch(SLUG, value) is not None
