"""STYLE convention 11: every aggregate story is saved, then reloaded, and the reloaded
state equals the live one.

The live state is the aggregate as it stood in memory when it was last saved (kept by
`LiveLedger`); the reloaded state comes from a new `Ledger` on the same store, which
replays the stored events. The stories also check a few facts outright, so that a
reload which lost the same thing twice would still fail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from freezegun import freeze_time

from ledger.app import Ledger
from ledger.body import Body
from ledger.events import entity_id
from ledger.membership import MembershipRequest
from ledger.partnership import PARTNERSHIP_ID, Partnership
from tests.conftest import EXAMPLES, on
from tests.helpers import LiveLedger, seated

NOW = "2026-11-02 09:30:00"  # when every story is recorded
RECORDED = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def state_of(aggregate: object) -> dict[str, object]:
    """What an aggregate holds, without the function a repository gives a body to read
    its history from the store when asked (`Body.history`: a new one at each load)."""
    return {k: v for k, v in vars(aggregate).items() if k != "history"}


def start(store: str, example: str, since: str = "2026-01-01") -> LiveLedger:
    ledger = LiveLedger(store, "secretariat", create=True)
    ledger.init("Test Partnership", str(EXAMPLES / example / "terms.toml"), on(since))
    return ledger


def live_and_reloaded(ledger: LiveLedger, store: str, aggregate_id: UUID
                      ) -> tuple[Any, Any, Ledger]:
    """The live aggregate, the same aggregate reloaded by a new Ledger, and that Ledger."""
    reopened = Ledger(store, "auditor")
    return ledger.live[aggregate_id], reopened.repository.get(aggregate_id), reopened


@freeze_time(NOW)
def test_a_body_with_seats_holders_roles_deputies_and_a_retraction_reloads(store: str) -> None:
    # given
    ledger = start(store, "daventry")
    for org in ("daventry-dc", "nene-ccg", "daventry-chamber"):
        ledger.add_org(org, org)
    for person in ("alice", "bob", "carol", "dave"):
        ledger.add_person(person, person.title())
    ledger.add_seat("executive", "ccg", "nene-ccg", on=on("2026-02-01"))
    ledger.add_seat("executive", "dc-1", "daventry-dc", on=on("2026-02-01"))
    ledger.add_seat("executive", "chamber", "daventry-chamber", voting=False,
                    on=on("2026-02-01"))
    ledger.fill_seat("executive", "ccg", "alice", on("2026-02-01"))
    ledger.fill_seat("executive", "dc-1", "bob", on("2026-02-01"))
    ledger.assign_role("executive", "chair", "ccg", on("2026-02-10"))
    ledger.nominate_deputy("executive", "ccg", "carol", on("2026-03-01"))
    ledger.vacate_seat("executive", "dc-1", on("2026-03-15"))
    ledger.fill_seat("executive", "dc-1", "dave", on("2026-03-20"))
    body_id = entity_id("body", "executive")
    mistaken = next(f.version for f in ledger.live[body_id].facts  # type: ignore[attr-defined]
                    if f.kind == "SeatFilled" and f.data["person"] == "dave")
    ledger.retract("body:executive", mistaken, "dave was recorded against the wrong seat",
                   on("2026-03-21"))

    # when
    live, reloaded, reopened = live_and_reloaded(ledger, store, body_id)

    # then
    assert isinstance(live, Body) and isinstance(reloaded, Body)
    assert state_of(reloaded) == state_of(live)
    for day in ("2026-01-31", "2026-02-01", "2026-02-10", "2026-03-01", "2026-03-20",
                "2026-12-31"):
        assert reloaded.roster(on(day)) == live.roster(on(day))
        assert reopened.roster("executive", on(day)) == live.roster(on(day))
    ccg, dc_1 = (reloaded.roster(on("2026-03-20")).seat(s) for s in ("ccg", "dc-1"))
    assert ccg is not None and (ccg.holder, ccg.role, ccg.deputy) == ("alice", "chair", "carol")
    assert dc_1 is not None and dc_1.holder is None  # dave's fill was retracted
    assert [f.kind for f in reloaded.facts][-1] == "Retracted"
    assert {f.recorded for f in reloaded.facts} == {RECORDED}  # the pinned clock


@freeze_time(NOW)
def test_a_lap_seat_with_a_category_and_a_term_reloads(store: str) -> None:
    # given
    ledger = start(store, "tower-hamlets")
    ledger.add_org("lbth", "London Borough of Tower Hamlets")
    ledger.add_person("rita", "Rita", category="resident")
    ledger.add_seat("lap-3", "res-1", "lbth", category="resident", on=on("2026-02-01"))
    ledger.fill_seat("lap-3", "res-1", "rita", on("2026-07-01"))
    ledger.assign_role("lap-3", "vice-chair", "res-1", on("2026-07-02"))
    ledger.review_membership("lap-3", "annual review", on("2026-09-01"))

    # when
    live, reloaded, _ = live_and_reloaded(ledger, store, entity_id("body", "lap-3"))

    # then
    assert state_of(reloaded) == state_of(live)
    for day in ("2026-02-01", "2026-07-01", "2026-09-01"):
        assert reloaded.roster(on(day)) == live.roster(on(day))
    roster = reloaded.roster(on("2026-09-01"))
    seat = roster.seat("res-1")
    assert seat is not None
    assert (seat.category, seat.holder, seat.role) == ("resident", "rita", "vice-chair")
    assert seat.term_ends == date(2028, 7, 1)
    assert roster.last_review == on("2026-09-01")


@freeze_time(NOW)
def test_a_partnership_with_two_terms_versions_reloads(
    store: str, write_terms: Callable[[str], str]
) -> None:
    # given
    ledger = start(store, "daventry")
    amended = (EXAMPLES / "daventry" / "terms.toml").read_text(encoding="utf-8").replace(
        "members = 3", "members = 4")
    ledger.adopt_terms(write_terms(amended), on("2026-06-01"))

    # when
    live, reloaded, reopened = live_and_reloaded(ledger, store, PARTNERSHIP_ID)

    # then
    assert isinstance(live, Partnership) and isinstance(reloaded, Partnership)
    assert state_of(reloaded) == state_of(live)
    assert reopened.terms_versions() == live.versions
    assert reopened.partnership_name() == "Test Partnership"
    assert [v.version for v in reloaded.versions] == [1, 2]
    assert reopened.terms_at(on("2026-05-31")).version == 1
    assert reopened.terms_at(on("2026-06-01")).version == 2
    quorum = reopened.terms_at(on("2026-06-01")).terms.bodies["executive"].quorum
    assert quorum is not None and quorum.members == 4
    assert reloaded.versions[0].sha256 != reloaded.versions[1].sha256


@freeze_time(NOW)
def test_a_decided_membership_request_reloads(store: str) -> None:
    # given
    # (a member of the Full Partnership present: a meeting of nobody decides nothing)
    ledger = start(store, "lewisham")
    ledger.add_org("voluntary-action", "Voluntary Action Lewisham")
    ledger.add_org("lewisham-council", "Lewisham Council")
    ledger.add_person("pat", "Pat")
    seated(ledger, "full", "council", "lewisham-council", "pat")
    ledger.request_membership("psg", "voluntary-action", "va-joins", on("2026-03-01"))
    ledger.schedule_meeting("full", "full-2026-04", on("2026-04-23"))
    ledger.attend("full-2026-04", "council")
    ledger.decide_membership("va-joins", "approved", "full-2026-04")

    # when
    live, reloaded, _ = live_and_reloaded(ledger, store, entity_id("request", "va-joins"))

    # then
    assert isinstance(live, MembershipRequest) and isinstance(reloaded, MembershipRequest)
    assert state_of(reloaded) == state_of(live)
    assert (reloaded.body, reloaded.org, reloaded.decided_by) == (
        "psg", "voluntary-action", "full")
    assert (reloaded.clause, reloaded.terms_version) == ("PSG, membership principle 2", 1)
    assert (reloaded.decision, reloaded.meeting) == ("approved", "full-2026-04")
    assert reloaded.requested_on == on("2026-03-01")
