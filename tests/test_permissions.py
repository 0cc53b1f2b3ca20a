"""Who may do what (issue 12, items 2 and 3): one test per cell of the permission table.

`ledger.permissions.TABLE` is parametrised over, action by column, at the application
level (no server): each author acts through `Ledger.acting_as` on the same open ledger.
A `yes` cell succeeds; a `no` cell is refused by rule `permission`, saying who may, with
nothing recorded; an `own seat` cell succeeds for the author's own seat and is refused
for another's; a `with evidence` cell is refused without evidence and succeeds with it.
docs/permissions.md shows the same table (checked here), and every event of every
aggregate has its row.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from eventsourcing.domain import Aggregate
from freezegun import freeze_time

from ledger import permissions
from ledger.app import Ledger
from ledger.audit import export, repairing, sealing, verify
from ledger.authors import Author
from ledger.errors import NotPermitted
from ledger.kinds import KINDS
from ledger.outbox import Notice
from ledger.permissions import NO, OWN_SEAT, TABLE, WHO, WITH_EVIDENCE, YES
from projections import decisions, meetings
from projections.catchup import ReadStore
from tests.conftest import event_count, on
from tests.helpers import is_postgres, raw
from tests.stories import daventry

NewLedger = Callable[..., Ledger]
NOW = "2026-03-20 12:00:00"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
EVIDENCE = "e-mail of 3 March 2026, 10:02"

# Who stands in each column: staff with accounts and roles, alice (the chair, seat dc-1,
# with an account and no role), nobody signed in, and a local login.
AUTHORS: dict[str, Author] = {
    "admin": Author.signed_in("ada", "api", "token"),
    "secretariat": Author.signed_in("sam", "api", "token"),
    "auditor": Author.signed_in("aud", "web", "session"),
    "member": Author.signed_in("alice", "api", "token"),
    "public": Author.public("web"),
    "local": Author.local("kim"),
}


def story(new_ledger: NewLedger) -> Ledger:
    """The Daventry Executive (alice chairs in dc-1; bob dc-2, carol dc-3, dan ccg), with
    staff accounts from 1 March: ada admin, sam secretariat, aud auditor; alice and bob
    have accounts too. Decision d0 is proposed by bob; meeting m1 (10 March) is quorate
    with item `budget`. All recorded locally by the secretariat's login."""
    ledger = daventry(new_ledger)
    for person in ("ada", "sam", "aud"):
        ledger.add_person(person, person.title())
    for person, role in (("ada", "admin"), ("sam", "secretariat"), ("aud", "auditor"),
                         ("alice", None), ("bob", None)):
        ledger.add_account(person, f"{person}@daventry.example.gov.uk")
        if role:
            ledger.grant(person, role, on("2026-03-01"))
    ledger.propose_decision("executive", "d0", "Match funding", "dc-2", on=on("2026-03-02"))
    ledger.schedule_meeting("executive", "m1", on("2026-03-10T18:00"))
    ledger.add_agenda_item("m1", "budget", "The budget")
    for seat in ("dc-1", "dc-2", "dc-3", "ccg"):
        ledger.attend("m1", seat)
    return ledger


def drop_a_guard(store: str) -> None:
    """Remove the guard against UPDATE and DELETE, as the store's owner could."""
    if is_postgres(store):
        with raw(store) as db, db.transaction():
            db.execute("DROP TRIGGER lsp_stored_events_no_change ON stored_events")
        return
    with closing(sqlite3.connect(store)) as conn, conn:
        conn.execute("DROP TRIGGER lsp_stored_events_no_delete")


# Each action as one act through the application: (ledger acting as the author, the
# seat the act is for, the evidence) -> the act. `for_seat` matters for seat acts only.
Act = Callable[[Ledger, str, str], object]


SITTER = {"dc-1": "alice", "dc-3": "carol"}  # whose interest an act "for a seat" declares


def act_of(action: str, store: str, tmp: Path) -> Act:
    acts: dict[str, Act] = {
        "propose": lambda lg, seat, ev: lg.propose_decision(
            "executive", "d1", "Hire the hall", seat, evidence=ev, on=on("2026-03-03")),
        "approve": lambda lg, seat, ev: lg.approve_decision(
            "d0", seat, evidence=ev, on=on("2026-03-03")),
        "vote": lambda lg, seat, ev: lg.cast_vote("m1", "budget", seat, "for", evidence=ev),
        "declare-interest": lambda lg, seat, ev: lg.declare_decision_interest(
            "d0", SITTER.get(seat, seat), "personal", ev),
        "record-meeting": lambda lg, seat, ev: lg.schedule_meeting(
            "executive", "m2", on("2026-04-10T18:00")),
        "manage-seats": lambda lg, seat, ev: lg.add_org("new-org", "New Org"),
        "manage-accounts": lambda lg, seat, ev: lg.add_account("carol", "carol@x.example"),
        "sign-in": lambda lg, seat, ev: lg.issue_sign_in_link(
            "alice@daventry.example.gov.uk", lambda to, token: None),
        "read": lambda lg, seat, ev: lg.authorise("read"),
        "read-public": lambda lg, seat, ev: lg.authorise("read-public"),
        "verify": lambda lg, seat, ev: verify.verify(lg),
        "export": lambda lg, seat, ev: export.export(lg, str(tmp / "export.jsonl")),
        "seal": lambda lg, seat, ev: sealing.seal(lg),
        "repair-guards": lambda lg, seat, ev: (drop_a_guard(store), repairing.repair(lg)),
        "send-notices": lambda lg, seat, ev: lg.queue_notices(
            [Notice("proposed", "grant", "carol", "For your approval", "text")]),
    }
    return acts[action]


def refused(ledger: Ledger, act: Callable[[], object]) -> NotPermitted:
    """The act is refused by rule `permission`, saying what it needs; nothing recorded."""
    before = event_count(ledger)
    with pytest.raises(NotPermitted) as error:
        act()
    assert event_count(ledger) == before, "a refusal recorded something"
    assert error.value.rule == "permission"
    assert "rule 'permission'" in str(error.value) and "needs" in str(error.value)
    return error.value


def succeeded(ledger: Ledger, author: Author, action: str, act: Callable[[], object]) -> None:
    """The act is done; anything it wrote records its author, route and method."""
    before = event_count(ledger)
    act()
    written = ledger.recorder.select_notifications(start=before + 1, limit=100)
    if action in ("read", "read-public", "verify", "export"):
        assert written == []
        return
    assert written, f"{action} recorded nothing"
    for n in written:
        event = ledger.mapper.to_domain_event(n)
        assert (event.actor, event.author_route, event.author_method) == (  # type: ignore[attr-defined]
            author.name, author.route, author.method)


CELLS = [(a.name, who, a.cell(who)) for a in TABLE for who in WHO]


@freeze_time(NOW)
@pytest.mark.parametrize(("action", "who", "cell"), CELLS,
                         ids=[f"{a}-{w}-{c.replace(' ', '-')}" for a, w, c in CELLS])
def test_every_cell_of_the_permission_table(kept_story: Callable[..., Ledger], store: str,
                                            tmp_path: Path, action: str, who: str,
                                            cell: str) -> None:
    # Given the story, and an author standing in the cell's column
    ledger = kept_story("permissions", story)
    author = AUTHORS[who]
    acting = ledger.acting_as(author)
    act = act_of(action, store, tmp_path)
    # When they do the action (for a seat act: for alice's seat dc-1, or carol's dc-3)
    # Then the cell's answer is what happens
    if cell == YES:
        succeeded(ledger, author, action, lambda: act(acting, "dc-3", ""))
    elif cell == NO:
        error = refused(ledger, lambda: act(acting, "dc-1", EVIDENCE))
        assert error.action == action
        if action not in permissions.SEAT_ACTIONS:
            # it says who may, by role (or seat)
            assert permissions.ACTIONS[action].doing in str(error)
    elif cell == OWN_SEAT:
        error = refused(ledger, lambda: act(acting, "dc-3", EVIDENCE))
        assert "carol" in str(error) and "secretariat role" in str(error)
        succeeded(ledger, author, action, lambda: act(acting, "dc-1", ""))
    elif cell == WITH_EVIDENCE:
        error = refused(ledger, lambda: act(acting, "dc-3", ""))
        assert error.remedy == "input:evidence" and "evidence" in str(error)
        succeeded(ledger, author, action, lambda: act(acting, "dc-3", EVIDENCE))
    else:
        pytest.fail(f"unknown cell {cell!r}")


@freeze_time(NOW)
def test_a_refusal_says_who_may_and_what_the_author_lacks(new_ledger: NewLedger) -> None:
    # Given the story, and alice signed in (a member, no staff role)
    ledger = story(new_ledger)
    alice = ledger.acting_as(AUTHORS["member"])
    # When she records a meeting
    error = refused(ledger, lambda: alice.schedule_meeting("executive", "m2",
                                                           on("2026-04-10T18:00")))
    # Then the refusal names the rule, what it needs and what she has
    assert str(error) == ("refused by rule 'permission' (the permission table "
                          "(docs/permissions.md)): recording a meeting needs the admin or "
                          "secretariat role; alice has neither")


@freeze_time(NOW)
def test_a_role_counts_only_from_its_effective_date(new_ledger: NewLedger) -> None:
    # Given bob, with an account, granted the secretariat role from tomorrow
    ledger = story(new_ledger)
    ledger.grant("bob", "secretariat", on("2026-03-21"))
    bob = ledger.acting_as(Author.signed_in("bob", "api", "token"))
    # When he records a meeting today, and again tomorrow
    refused(ledger, lambda: bob.schedule_meeting("executive", "m2", on("2026-04-10T18:00")))
    with freeze_time("2026-03-21 09:00:00"):
        bob.schedule_meeting("executive", "m2", on("2026-04-10T18:00"))
    # Then he may from the day his role took effect
    assert ledger.meeting_state("m2").body == "executive"


@freeze_time(NOW)
def test_a_deputy_acts_for_the_seat_they_deputise_for(new_ledger: NewLedger) -> None:
    # Given frank, the ccg seat's nominated deputy, with an account, at meeting m1
    ledger = story(new_ledger)
    ledger.add_account("frank", "frank@x.example")
    frank = ledger.acting_as(Author.signed_in("frank", "api", "token"))
    ledger.schedule_meeting("executive", "m3", on("2026-03-12T18:00"))
    ledger.add_agenda_item("m3", "budget", "The budget")
    for seat in ("dc-1", "dc-2", "dc-3"):
        ledger.attend("m3", seat)
    ledger.attend("m3", "ccg", as_deputy=True)
    # When he votes for dc-2 (not his), then for ccg (sitting for dan)
    refused(ledger, lambda: frank.cast_vote("m3", "budget", "dc-2", "for"))
    frank.cast_vote("m3", "budget", "ccg", "against")
    # Then only the second is recorded, as his vote given in person
    reads = ReadStore(ledger)
    [item] = meetings.minutes(reads, "m3").items
    assert [(v.seat, v.person, v.given) for v in item.votes_cast] == [
        ("ccg", "frank", "given in person (signed in)")]


@freeze_time(NOW)
def test_how_each_approval_was_given_is_shown(new_ledger: NewLedger) -> None:
    # Given decision d0, proposed by bob's seat, recorded locally by the secretariat login
    ledger = story(new_ledger)
    # When alice approves for her own seat signed in, sam records carol's approval on the
    # evidence of her e-mail, and a local login records dan's without evidence
    ledger.propose_decision("executive", "d2", "Print a leaflet", "dc-2", on=on("2026-03-02"))
    ledger.acting_as(AUTHORS["secretariat"]).approve_decision(
        "d2", "dc-3", evidence=EVIDENCE, on=on("2026-03-03"))
    ledger.acting_as(AUTHORS["local"]).approve_decision("d2", "ccg", on=on("2026-03-03"))
    ledger.acting_as(AUTHORS["member"]).approve_decision("d0", "dc-1", on=on("2026-03-03"))
    # Then decision show says how each was given
    reads = ReadStore(ledger)
    d2 = decisions.show(reads, "d2")
    assert d2.proposer.given == "recorded by secretariat, no evidence given"
    assert [a.given for a in d2.approvals] == [
        f"recorded by sam on the evidence of {EVIDENCE}",
        "recorded by kim, no evidence given"]
    d0 = decisions.show(reads, "d0")
    assert [a.given for a in d0.approvals] == ["given in person (signed in)"]
    assert d0.status == "taken"  # the chair and one other: the Taken is part of her act


@freeze_time(NOW)
def test_a_local_login_that_is_the_holder_gives_it_in_person(new_ledger: NewLedger) -> None:
    # Given decision d0, and the local login "alice" (the holder of dc-1)
    ledger = story(new_ledger)
    # When she approves for her seat locally
    ledger.acting_as(Author.local("alice")).approve_decision("d0", "dc-1", on=on("2026-03-03"))
    # Then it is shown as given in person, by her local login
    [approval] = decisions.show(ReadStore(ledger), "d0").approvals
    assert approval.given == "given in person (local login)"


@freeze_time(NOW)
def test_authorise_refuses_an_action_not_in_the_table(new_ledger: NewLedger) -> None:
    # Given the story
    ledger = story(new_ledger)
    # When an action the table does not have is asked about / Then it is refused
    with pytest.raises(Exception, match="an action is one of"):
        ledger.acting_as(AUTHORS["admin"]).authorise("delete-everything")


# ------------------------------------------------------------------ the table itself

def test_every_event_of_every_aggregate_has_a_row_of_the_table() -> None:
    # Given every event class nested on an aggregate of the ledger
    # (eventsourcing may wrap a nested event in a subclass of the same name: its TOPIC is
    # inherited; the base class `Event` of an aggregate is never stored)
    topics = {e.TOPIC for cls in KINDS.values() for name, e in vars(cls).items()
              if isinstance(e, type) and issubclass(e, Aggregate.Event) and name != "Event"
              and not e.TOPIC.endswith(".Created")}
    # When each is looked up in ACTION_OF_EVENT
    # Then each has an action of the table (or is a consequence of one)
    missing = sorted(topics - set(permissions.ACTION_OF_EVENT))
    assert missing == []
    actions = set(permissions.ACTION_OF_EVENT.values()) - {permissions.CONSEQUENCE}
    assert actions <= set(permissions.ACTIONS)
    assert len(topics) >= 45


def test_an_event_in_no_row_is_refused_to_all_but_the_local_route() -> None:
    # Given an event whose topic is in no row of the table
    class Stray:
        TOPIC = "lsp:Stray.Happened"
    # When it is judged for a signed-in admin, and for a local login
    admin = permissions.Standing(AUTHORS["admin"], frozenset({"admin"}))
    with pytest.raises(NotPermitted, match="no row of the permission table"):
        permissions.check_events(lambda: admin, [Stray()])
    # Then only the local route may record it
    permissions.check_events(lambda: permissions.Standing(AUTHORS["local"]), [Stray()])


def docs_table() -> Iterator[tuple[str, tuple[str, ...]]]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## The table", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        found = re.match(r"\| `([a-z-]+)` \|(.*)\|\s*$", line)
        if found:
            cells = [c.strip() for c in found.group(2).split("|")]
            yield found.group(1), tuple(cells[1:])  # after the "covers" column


def test_docs_permissions_shows_the_same_table() -> None:
    # Given docs/permissions.md's table, and the header naming the columns
    text = DOCS.read_text(encoding="utf-8")
    rows = dict(docs_table())
    # When it is compared with ledger.permissions.TABLE
    # Then it has the same columns, the same actions in the same order, the same cells
    assert "| action | covers | " + " | ".join(WHO) + " |" in text
    assert list(rows) == [a.name for a in TABLE]
    assert {name: cells for name, cells in rows.items()} == {a.name: a.cells for a in TABLE}
