"""The five real terms of reference in examples/*/terms.toml load, and say what the documents say.

Each test is named after the clause it proves. The documents themselves are in
shared/terms-of-reference/; docs/terms.md explains every key.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ledger.terms import Terms, read_terms_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

LEWISHAM_WORKING_GROUPS = (
    "race-equality",
    "opportunities-investment",
    "cost-of-living",
    "climate-emergency",
)
TOWER_HAMLETS_DELIVERY_GROUPS = (
    "children-young-people",
    "safer-communities",
    "great-place-for-living",
    "healthy-supportive-communities",
    "prosperous-communities",
)
TOWER_HAMLETS_LAPS = tuple(f"lap-{n}" for n in range(1, 9))
SOUTHWARK_THEMATIC_PARTNERSHIPS = (
    "young-southwark",
    "safer-southwark",
    "sustainable-environment",
    "housing",
    "adult-health-wellbeing",
    "local-economy",
)

# The body ids CONTRACT.md ("Examples that must be encoded") requires, in document order.
CONTRACT_BODY_IDS: dict[str, tuple[str, ...]] = {
    "daventry": ("executive", "forum"),
    "lewisham": ("full", "psg", *LEWISHAM_WORKING_GROUPS),
    "tower-hamlets": (
        "board", "executive", *TOWER_HAMLETS_DELIVERY_GROUPS, *TOWER_HAMLETS_LAPS,
    ),
    "southwark-alliance": ("board", "executive", *SOUTHWARK_THEMATIC_PARTNERSHIPS),
    "partnership-southwark": ("hwb", "pssb"),
}

# Bodies an example adds to CONTRACT.md's: the ICS NHS Body, the PSSB's second reporting
# line from 1 April 2022 (Decision 2(b)(i)).
EXTRA_BODY_IDS: dict[str, tuple[str, ...]] = {"partnership-southwark": ("ics-nhs-body",)}

# The document each example encodes, in shared/terms-of-reference/.
SOURCES = {
    "daventry": "daventry-lsp-executive.txt",
    "lewisham": "lewisham-strategic-partnership.txt",
    "tower-hamlets": "tower-hamlets-partnership.txt",
    "southwark-alliance": "southwark-alliance-review.txt",
    "partnership-southwark": "southwark-hwb-partnership-southwark.txt",
}

RULE_SECTIONS = ("quorum", "voting", "between_meetings", "agenda", "deputies", "interests")


def load(name: str) -> Terms:
    _, terms = read_terms_file(str(EXAMPLES / name / "terms.toml"))
    return terms


# --------------------------------------------------------------------------------------
# Every example
# --------------------------------------------------------------------------------------

def test_contract_examples_are_all_present() -> None:
    # Given the examples directory
    examples = EXAMPLES
    # When its terms files are listed
    found = {p.parent.name for p in examples.glob("*/terms.toml")}
    # Then there is one for each document CONTRACT.md names
    assert set(CONTRACT_BODY_IDS) <= found


@pytest.mark.parametrize(
    "path", sorted(EXAMPLES.glob("*/terms.toml")), ids=lambda p: p.parent.name,
)
def test_every_example_loads_through_read_terms_file(path: Path) -> None:
    # Given a terms file under examples/
    source = path
    # When it is read as the ledger reads it
    text, terms = read_terms_file(str(source))
    # Then the text kept is the file's text, and the terms name the partnership and document
    assert text == source.read_text(encoding="utf-8")
    assert terms.partnership.name
    assert terms.partnership.document
    assert terms.bodies


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_example_names_the_document_it_encodes(name: str) -> None:
    # Given a contract example and the document in shared/terms-of-reference/ it encodes
    document = SOURCES[name]
    # When its terms are loaded
    terms = load(name)
    # Then its partnership.source names that document
    assert terms.partnership.source == f"terms-of-reference/{document}"


@pytest.mark.parametrize("name", sorted(CONTRACT_BODY_IDS))
def test_example_has_exactly_the_contract_body_ids(name: str) -> None:
    # Given the body ids CONTRACT.md requires for this partnership
    expected = CONTRACT_BODY_IDS[name]
    # When its terms are loaded
    terms = load(name)
    # Then the bodies are exactly those and the ones an example adds, none missing
    assert tuple(terms.bodies) == expected + EXTRA_BODY_IDS.get(name, ())


@pytest.mark.parametrize("name", sorted(CONTRACT_BODY_IDS))
def test_example_reporting_lines_end_at_a_top_body_without_cycles(name: str) -> None:
    # Given an example's bodies
    terms = load(name)
    # When each body's reporting lines (all of them, whatever their dates) are followed
    # upwards
    tops: set[str] = set()

    def follow(path: list[str]) -> None:
        lines = terms.bodies[path[-1]].reporting_lines
        if not lines:
            tops.add(path[-1])
        for line in lines:
            assert line.body not in path, f"{name}: reporting cycle {[*path, line.body]}"
            follow([*path, line.body])

    for body_id in terms.bodies:
        follow([body_id])
    # Then every line ends at a body that reports to no one: a single top, but for the
    # PSSB's second line to the ICS NHS Body (Partnership Southwark, Decision 2(b)(i))
    if name == "partnership-southwark":
        assert tops == {"hwb", "ics-nhs-body"}
    else:
        assert len(tops) == 1


# --------------------------------------------------------------------------------------
# Daventry District LSP Executive, June 2016 (numbered paragraphs)
# --------------------------------------------------------------------------------------

def test_daventry_4_5_quorum_is_three_voting_members() -> None:
    # Given Daventry 4.5: "A quorum of three voting members is required."
    terms = load("daventry")
    # When the Executive's quorum is read, for the eleven voting seats of 4.1
    quorum = terms.bodies["executive"].quorum
    assert quorum is not None
    required = quorum.required(voting_seats=11)
    # Then three voting members are needed, whatever the size, citing 4.5
    assert (quorum.members, quorum.fraction) == (3, None)
    assert required == 3
    assert quorum.clause == "4.5"


def test_daventry_4_6_chair_plus_one_or_three_without_chair() -> None:
    # Given Daventry 4.6: between meetings, "the LSP chair with the approval of one other
    # board member, or three board members in the absence of the LSP chair", reported to
    # the following board meeting
    terms = load("daventry")
    # When the Executive's between-meetings rule is read
    rule = terms.bodies["executive"].between_meetings
    # Then it is chair plus one, or three without the chair, reported to the Executive
    assert rule is not None
    assert rule.chair_plus == 1
    assert rule.without_chair == 3
    assert rule.report_to == "executive"
    assert (rule.clause, rule.report_clause) == ("4.6", "4.6")


def test_daventry_4_7_agenda_ten_days_notice() -> None:
    # Given Daventry 4.7: the agenda is prepared "at least 10 days prior to the LSP board
    # meeting"
    terms = load("daventry")
    # When the Executive's agenda rule is read
    agenda = terms.bodies["executive"].agenda
    # Then ten days' notice is required, citing 4.7
    assert agenda is not None
    assert agenda.notice_days == 10
    assert agenda.clause == "4.7"


def test_daventry_4_3_consensus_first_one_vote_each_chair_has_casting_vote() -> None:
    # Given Daventry 4.3: consensus expected; on a vote each core member has one vote, by
    # majority, the chair having a casting vote
    terms = load("daventry")
    # When the Executive's voting rule is read
    voting = terms.bodies["executive"].voting
    # Then it is consensus first, one vote each, majority of votes cast, chair's casting vote
    assert voting is not None
    assert voting.consensus_first is True
    assert voting.votes_per_member == 1
    assert voting.method == "majority-of-votes-cast"
    assert voting.casting_vote == "chair"
    assert voting.clause == "4.3"


def test_daventry_3_2_deputies_at_meetings_not_between_meetings() -> None:
    # Given Daventry 3.2: each member organisation names a main and a deputy representative;
    # 4.6 gives decisions between meetings to board members only
    terms = load("daventry")
    # When the Executive's deputies rule is read
    deputies = terms.bodies["executive"].deputies
    # Then deputies may attend meetings but take no part in decisions between meetings
    assert deputies is not None
    assert (deputies.allowed, deputies.at_meetings, deputies.between_meetings) == (
        True, True, False,
    )
    assert deputies.clause == "3.2"


def test_daventry_6_4_personal_interests_declared_none_excludes() -> None:
    # Given Daventry 6.4: "All individuals must declare any personal interest", and no
    # clause that excludes anyone for an interest
    terms = load("daventry")
    # When the Executive's interests rule is read
    interests = terms.bodies["executive"].interests
    # Then personal interests are declared and no declaration excludes a member
    assert interests is not None
    assert interests.declare == "personal"
    assert interests.prejudicial_excludes is False
    assert interests.clause == "6.4"


def test_daventry_4_4_chair_and_vice_chair_from_core_members_reviewed_annually() -> None:
    # Given Daventry 4.4: chair and vice-chair "selected from the core members";
    # membership "reviewed annually at the last meeting in the calendar year"
    terms = load("daventry")
    # When the Executive's roles and membership are read
    executive = terms.bodies["executive"]
    chair, vice_chair = executive.roles.for_role("chair"), executive.roles.for_role("vice-chair")
    # Then both roles need a voting (core member) seat, and membership is reviewed yearly
    assert chair is not None and vice_chair is not None
    assert (chair.voting_seat, chair.clause) == (True, "4.4")
    assert (vice_chair.voting_seat, vice_chair.clause) == (True, "4.4")
    assert executive.membership is not None
    assert executive.membership.annual_review is True
    assert executive.membership.review_clause == "4.4"


def test_daventry_4_1_4_2_core_members_one_seat_each_council_three() -> None:
    # Given Daventry 4.1 (the core organisations, the Council with "two elected
    # members/one officer") and 4.2 (one representative each unless otherwise noted)
    terms = load("daventry")
    # When the Executive's entitlements are read
    entitlements = terms.bodies["executive"].entitlements
    seats = {e.org: e.seats for e in entitlements}
    # Then the nine organisations are entitled, the Council to three seats, the rest one
    assert seats == {
        "daventry-dc": 3,
        "daventry-volunteer-centre": 1,
        "futures-housing": 1,
        "nene-ccg": 1,
        "northampton-college": 1,
        "northants-acre": 1,
        "northants-calc": 1,
        "northants-cc": 1,
        "northants-police": 1,
    }
    assert {e.clause for e in entitlements} == {"4.1, 4.2"}
    assert terms.bodies["executive"].entitlement("daventry-dc") is not None


def test_daventry_4_11_forum_reports_to_the_executive() -> None:
    # Given Daventry 4.11: the Forum "sits 'below' the LSP board and 'reports' to it"
    terms = load("daventry")
    # When the Forum is read
    forum = terms.bodies["forum"]
    # Then it is a forum reporting to the Executive, citing 4.11
    assert forum.kind == "forum"
    assert forum.reports_to == "executive"
    assert forum.clause == "4.11"


def test_daventry_4_13_forum_is_open_to_any_partner() -> None:
    # Given Daventry 4.13: the Forum is "open to any LSP partner that has a role to play"
    terms = load("daventry")
    # When the Forum's membership is read
    forum = terms.bodies["forum"]
    # Then no rule restricts who may sit on it
    assert forum.membership is not None
    assert forum.membership.clause == "4.13"
    assert forum.membership.drawn_from is None
    assert forum.entitlements == ()
    assert forum.composition == ()


def test_daventry_forum_is_silent_on_meeting_rules() -> None:
    # Given the Daventry document, which refers the Forum's own rules to a separate
    # terms of reference (4.11)
    terms = load("daventry")
    # When the Forum's rule sections are read
    forum = terms.bodies["forum"]
    present = [s for s in RULE_SECTIONS if getattr(forum, s) is not None]
    # Then none is encoded: the ledger enforces nothing the document does not say
    assert present == []


# --------------------------------------------------------------------------------------
# Lewisham Strategic Partnership (unnumbered: cited by heading and principle)
# --------------------------------------------------------------------------------------

def test_lewisham_full_membership_principle_9_requests_via_psg_decided_by_full() -> None:
    # Given Lewisham, Full LSP membership principle 9: requests come through the PSG, the
    # Full LSP decides, and a replacement individual takes the seat without approval
    terms = load("lewisham")
    # When the Full LSP's membership rule is read
    membership = terms.bodies["full"].membership
    # Then requests go via the PSG to the Full LSP, replacements need no approval
    assert membership is not None
    assert membership.requests_via == "psg"
    assert membership.requests_decided_by == "full"
    assert membership.replacement_without_approval is True
    assert membership.requests_clause == "Full LSP, membership principle 9"


def test_lewisham_full_membership_a_the_mayor_chairs() -> None:
    # Given Lewisham, Full LSP membership A: "The Mayor of Lewisham (Chair)"
    terms = load("lewisham")
    # When the Full LSP's chair role is read
    chair = terms.bodies["full"].roles.chair
    # Then only a seat of category "mayor" may hold it
    assert chair is not None
    assert chair.category == "mayor"
    assert chair.clause == "Full LSP, membership A"


def test_lewisham_psg_members_drawn_from_full_partnership() -> None:
    # Given Lewisham, PSG membership principle 1: "Members of the Partnership Steering
    # Group are drawn from the Full Lewisham Strategic Partnership."
    terms = load("lewisham")
    # When the PSG is read
    psg = terms.bodies["psg"]
    # Then its members are drawn from the Full LSP, to which it reports
    assert psg.membership is not None
    assert psg.membership.drawn_from == "full"
    assert psg.membership.drawn_from_clause == "PSG, membership principle 1"
    assert psg.reports_to == "full"
    assert psg.kind == "steering-group"


def test_lewisham_psg_membership_principle_2_full_agrees_its_membership() -> None:
    # Given Lewisham, PSG membership principle 2: "The Full Lewisham Strategic Partnership
    # agrees the membership of the Partnership Steering Group."
    terms = load("lewisham")
    # When the PSG's membership rule is read
    membership = terms.bodies["psg"].membership
    # Then membership requests for the PSG are decided by the Full LSP
    assert membership is not None
    assert membership.requests_decided_by == "full"
    assert membership.requests_clause == "PSG, membership principle 2"


@pytest.mark.parametrize("group", LEWISHAM_WORKING_GROUPS)
def test_lewisham_working_groups_co_optees_confined(group: str) -> None:
    # Given Lewisham, working groups membership principles 1-4: members generally drawn
    # from the Full LSP, working groups may co-opt, and "Co-opted members do not become
    # members of any other parts of the LSP"
    terms = load("lewisham")
    # When a working group's membership rule is read
    membership = terms.bodies[group].membership
    # Then it draws from the Full LSP, may co-opt, and its co-optees are confined to it
    assert membership is not None
    assert membership.drawn_from == "full"
    assert membership.co_option is True
    assert membership.co_optees_confined is True
    assert membership.co_option_clause == "Working groups, membership principles 2-4"


@pytest.mark.parametrize("group", LEWISHAM_WORKING_GROUPS)
def test_lewisham_working_groups_are_working_groups_reporting_to_the_psg(group: str) -> None:
    # Given Lewisham: working groups "report on progress, issues and risks" and the PSG
    # co-ordinates delivery and monitors progress (PSG, purpose)
    terms = load("lewisham")
    # When a working group is read
    body = terms.bodies[group]
    # Then it is a working group reporting to the PSG, chaired by the lead partner
    assert body.kind == "working-group"
    assert body.reports_to == "psg"
    assert body.roles.chair is not None
    assert body.roles.chair.category == "lead-partner"


@pytest.mark.parametrize(
    ("body_id", "clause"),
    [
        ("full", "Full LSP, meetings"),
        ("psg", "PSG, meetings"),
        *[(group, "Working groups, meetings") for group in LEWISHAM_WORKING_GROUPS],
    ],
)
def test_lewisham_meetings_members_may_send_a_deputy(body_id: str, clause: str) -> None:
    # Given Lewisham, each body's "Meetings": members unable to attend "may send a deputy"
    terms = load("lewisham")
    # When the body's deputies rule is read
    deputies = terms.bodies[body_id].deputies
    # Then deputies may attend meetings, and nothing lets them act between meetings
    assert deputies is not None
    assert (deputies.allowed, deputies.at_meetings, deputies.between_meetings) == (
        True, True, False,
    )
    assert deputies.clause == clause


def test_lewisham_is_silent_on_quorum_voting_and_notice() -> None:
    # Given the Lewisham document, which never mentions a quorum, a vote, decisions between
    # meetings, a notice period or interests
    terms = load("lewisham")
    # When every body's rule sections are read
    present = {
        (body_id, section)
        for body_id, body in terms.bodies.items()
        for section in RULE_SECTIONS
        if section != "deputies" and getattr(body, section) is not None
    }
    # Then none is encoded
    assert present == set()


# --------------------------------------------------------------------------------------
# The Tower Hamlets Partnership (unnumbered: cited by heading)
# --------------------------------------------------------------------------------------

def test_tower_hamlets_board_proposed_membership_leader_of_the_council_chairs() -> None:
    # Given Tower Hamlets, Partnership Board, proposed membership: "Leader of the Council
    # as the Chair of the Partnership"
    terms = load("tower-hamlets")
    # When the Board is read
    board = terms.bodies["board"]
    # Then it is the top board, chaired from a seat of category "leader-of-the-council"
    assert board.kind == "board"
    assert board.reports_to is None
    assert board.roles.chair is not None
    assert board.roles.chair.category == "leader-of-the-council"
    assert board.roles.chair.clause == "Partnership Board, proposed membership"


def test_tower_hamlets_executive_directly_accountable_to_the_board() -> None:
    # Given Tower Hamlets, Partnership Executive: "implementing the decisions of the
    # Partnership Board, to which it will be directly accountable", chaired by the Leader
    terms = load("tower-hamlets")
    # When the Executive is read
    executive = terms.bodies["executive"]
    # Then it reports to the Board and the Leader of the Council chairs it
    assert executive.kind == "executive"
    assert executive.reports_to == "board"
    assert executive.roles.chair is not None
    assert executive.roles.chair.category == "leader-of-the-council"


@pytest.mark.parametrize("group", TOWER_HAMLETS_DELIVERY_GROUPS)
def test_tower_hamlets_cpdgs_report_quarterly_to_the_executive(group: str) -> None:
    # Given Tower Hamlets, Partnership Executive: "The 5 CPDGs will report quarterly to the
    # executive on progress and potential risks"
    terms = load("tower-hamlets")
    # When a Community Plan Delivery Group is read
    body = terms.bodies[group]
    # Then it is a delivery group reporting to the Executive
    assert body.kind == "delivery-group"
    assert body.reports_to == "executive"


@pytest.mark.parametrize("lap", TOWER_HAMLETS_LAPS)
def test_tower_hamlets_lap_composition_15_6_5(lap: str) -> None:
    # Given Tower Hamlets, LAP Steering Groups: "a membership of 26: 15 residents, 6 Ward
    # Councillors, 5 service providers"
    terms = load("tower-hamlets")
    # When a LAP's composition is read
    body = terms.bodies[lap]
    limits = {c.category: c.seats for c in body.composition}
    # Then it is 15 residents, 6 ward councillors and 5 service providers: 26 in all
    assert limits == {"resident": 15, "ward-councillor": 6, "service-provider": 5}
    assert sum(limits.values()) == 26
    assert {c.clause for c in body.composition} == {"LAP Steering Groups"}
    assert body.kind == "area-partnership"
    assert body.reports_to == "board"


@pytest.mark.parametrize("lap", TOWER_HAMLETS_LAPS)
def test_tower_hamlets_lap_membership_two_years(lap: str) -> None:
    # Given Tower Hamlets, LAP Steering Groups: "Membership will be for 2 years."
    terms = load("tower-hamlets")
    # When a LAP's membership rule is read
    membership = terms.bodies[lap].membership
    # Then a term is two years, citing the LAP Steering Groups section
    assert membership is not None
    assert membership.term_years == 2
    assert membership.term_clause == "LAP Steering Groups"


@pytest.mark.parametrize("lap", TOWER_HAMLETS_LAPS)
def test_tower_hamlets_lap_chair_ward_councillor_vice_chair_resident(lap: str) -> None:
    # Given Tower Hamlets, LAP Steering Groups: "a Chair who will be one of the ward
    # Councillors and a Vice-Chair who will be a resident member"
    terms = load("tower-hamlets")
    # When a LAP's roles are read
    roles = terms.bodies[lap].roles
    # Then the chair needs a ward-councillor seat and the vice-chair a resident seat
    assert roles.chair is not None and roles.vice_chair is not None
    assert roles.chair.category == "ward-councillor"
    assert roles.vice_chair.category == "resident"


def test_tower_hamlets_is_silent_on_quorum() -> None:
    # Given the Tower Hamlets document, which gives no quorum for any body
    terms = load("tower-hamlets")
    # When every body's quorum is read
    with_quorum = [body_id for body_id, body in terms.bodies.items() if body.quorum is not None]
    # Then none has one: the ledger invents no number
    assert with_quorum == []


# --------------------------------------------------------------------------------------
# Southwark Alliance: proposals in response to the Review (cited by recommendation)
# --------------------------------------------------------------------------------------

def test_southwark_alliance_deputies_act_between_meetings() -> None:
    # Given Southwark Alliance, Recommendation 5: every Board member nominates a deputy
    # "empowered to act and make decisions in that member's absence, both at and between
    # meetings"
    terms = load("southwark-alliance")
    # When the Board's deputies rule is read
    deputies = terms.bodies["board"].deputies
    # Then deputies may act both at and between meetings
    assert deputies is not None
    assert (deputies.allowed, deputies.at_meetings, deputies.between_meetings) == (
        True, True, True,
    )
    assert deputies.clause == "Recommendation 5"


def test_southwark_alliance_recommendation_5_gives_no_between_meetings_decision_rule() -> None:
    # Given Southwark Alliance, Recommendation 5, which strengthens informal working between
    # meetings but gives no rule for how a decision is taken between meetings
    terms = load("southwark-alliance")
    # When each body's between-meetings rule is read
    with_rule = [b for b, body in terms.bodies.items() if body.between_meetings is not None]
    # Then none is encoded
    assert with_rule == []


def test_southwark_alliance_recommendation_7_executive_sub_committee_chaired_by_leader() -> None:
    # Given Southwark Alliance, Recommendation 7: "an executive sub-committee, chaired by
    # the Leader of the Council"
    terms = load("southwark-alliance")
    # When the executive sub-committee is read
    executive = terms.bodies["executive"]
    # Then it reports to the Board and its chair needs a leader-of-the-council seat
    assert executive.reports_to == "board"
    assert executive.roles.chair is not None
    assert executive.roles.chair.category == "leader-of-the-council"
    assert executive.roles.chair.clause == "Recommendation 7"


@pytest.mark.parametrize("partnership", SOUTHWARK_THEMATIC_PARTNERSHIPS)
def test_southwark_alliance_recommendation_3_thematic_partnerships_report_to_board(
    partnership: str,
) -> None:
    # Given Southwark Alliance, Recommendation 3 (the Board plus six Thematic Partnerships)
    # and Recommendation 6 (their accountabilities to the Board)
    terms = load("southwark-alliance")
    # When a Thematic Partnership is read
    body = terms.bodies[partnership]
    # Then it reports to the Board, citing Recommendation 3
    assert body.reports_to == "board"
    assert body.clause == "Recommendation 3"


# --------------------------------------------------------------------------------------
# Partnership Southwark: Southwark Health and Wellbeing Board minute (numbered decisions)
# --------------------------------------------------------------------------------------

def test_partnership_southwark_2_b_i_pssb_is_a_sub_committee_of_the_hwb() -> None:
    # Given Partnership Southwark, decision 2(b)(i): "The PSSB will also operate as a
    # sub-committee of the Health and Wellbeing Board"
    terms = load("partnership-southwark")
    # When the PSSB is read
    pssb = terms.bodies["pssb"]
    # Then it is a committee reporting to the Health and Wellbeing Board
    assert pssb.kind == "committee"
    assert pssb.reports_to == "hwb"
    assert pssb.clause == "Decision 2(b)(i)"


def test_partnership_southwark_2_b_i_pssb_reports_to_the_ics_nhs_body_from_1_april_2022(
) -> None:
    # Given Partnership Southwark, decision 2(b)(i): the PSSB is to "transition to a formal
    # committee of the ICS NHS Body from 1 April 2022" and stays a sub-committee of the HWB
    pssb = load("partnership-southwark").bodies["pssb"]
    # When its reporting lines are read either side of that day
    before, on_the_day = pssb.reports_to_on(date(2022, 3, 31)), pssb.reports_to_on(
        date(2022, 4, 1))
    # Then it reports to the HWB alone before, and to both from 1 April 2022
    assert before == ("hwb",)
    assert on_the_day == ("hwb", "ics-nhs-body")
    assert pssb.reporting_lines[1].clause == "Decision 2(b)(i)"
    assert pssb.reports_to == "hwb"  # the first line, as a single reports_to reads


def test_partnership_southwark_3_a_terms_not_yet_finalised_so_no_rules() -> None:
    # Given Partnership Southwark, decision 3(a): the PSSB's Terms of Reference are still
    # to be finalised, and the minute sets no meeting rule for either body
    terms = load("partnership-southwark")
    # When every body's rule sections are read
    present = {
        (body_id, section)
        for body_id, body in terms.bodies.items()
        for section in (*RULE_SECTIONS, "membership")
        if getattr(body, section) is not None
    }
    # Then none is encoded
    assert present == set()
