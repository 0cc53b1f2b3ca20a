"""`lsp demo`: build realistic ledgers from examples/ and show what a user looks at first.

The history of each example is a plain file of `lsp` command lines
(examples/<name>/history.lsp), replayed here through the same commands a user types, so
the example doubles as a how-to. Without `--partnership`, the tour of Daventry and
Lewisham (CONTRACT.md's demo, its output unchanged); with it, any one partnership's
ledger, with its first body's roster, its year of meetings and its compliance check.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click

from cli.batch import read_lines, run_lines
from cli.context import Settings
from cli.examples import StoryEnd, examples_dir, histories, story_end
from cli.hints import worded
from cli.listing import meetings_text
from cli.render import emit, json_option
from cli.views import check_text, minutes_markdown, ratifications_markdown, roster_text
from ledger.app import Ledger
from ledger.audit.sealing import seal
from ledger.errors import InvalidInput, LedgerError
from ledger.when import as_of
from projections import decisions, lists, meetings, queries, warnings
from projections.catchup import ReadStore
from projections.lists import MeetingList
from projections.meeting_models import Minutes
from projections.models import CheckReport, RosterView
from projections.reader import reading

DEMO_ACTOR = "lsp-demo"


def replay(history: Path, store: str) -> int:
    """Run each command line of `history` against `store`; returns how many ran.

    The same runner as `lsp batch` (cli/batch.py), on one opening of the ledger. Like an
    import, the replay is one bulk load: it is not sealed line by line (the demo seals
    once at the end)."""
    shared = Settings(store=store, actor=DEMO_ACTOR, seal=False)
    try:
        lines = read_lines(history.read_text(encoding="utf-8"), history.parent)
        try:
            return run_lines(lines, shared, label=f"lsp demo: {history.parent.name}")
        except LedgerError as e:
            raise LedgerError(f"{history}: {e.message}") from None
    finally:
        shared.close()


def _demo_state(store: str) -> str:
    """What `store` holds: "demo" when exactly the events `lsp demo` recorded there, and
    nothing anyone recorded since (every event's actor is the demo's, and the demo's one
    seal, if it got that far, is the last event and covers all the others: whoever records
    with seal on adds a seal of their own, with --no-seal an event after the demo's);
    "since" when a demo ledger holds more; "other" for anything else. Read through a
    read-only connection, so nothing is written to it."""
    seals: list[int] = []
    size = None
    count = 0
    try:
        with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as conn:
            rows = conn.execute("SELECT topic, state FROM stored_events ORDER BY rowid")
            for count, (topic, state) in enumerate(rows, 1):
                data = json.loads(state)
                if not isinstance(data, dict):
                    return "other"
                if count == 1 and (topic != "lsp:Partnership.Founded"
                                   or data.get("actor") != DEMO_ACTOR):
                    return "other"
                if data.get("actor") != DEMO_ACTOR:
                    return "since"
                if str(topic).startswith("lsp:Seal."):
                    seals.append(count)
                    size = data.get("tree_size")
    except (sqlite3.Error, ValueError, UnicodeDecodeError):
        return "other"
    if count == 0:
        return "other"
    return "demo" if not seals or (seals == [count] and size == count - 1) else "since"


def _fresh(store: str) -> None:
    """Remove an earlier demo ledger at `store`, if it holds only what the demo recorded;
    refuse to touch anything else."""
    if not os.path.exists(store):
        return
    state = _demo_state(store)
    if state == "other":
        raise InvalidInput(f"{store} exists and is not a demo ledger: it is left as it is; "
                           "give another --store")
    if state == "since":
        raise InvalidInput(f"{store} is a demo ledger in which more has been recorded since "
                           "the demo built it: it is left as it is; give another --store "
                           "(lsp demo --store FILE), or remove the file yourself")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)


@click.command()
@click.option("--store", "demo_store", default="lsp-demo.sqlite", show_default=True,
              help="Where to build the Daventry demo ledger (rebuilt if it is a demo); with "
                   "--partnership NAME, that partnership's (default lsp-demo-NAME.sqlite).")
@click.option("--partnership", "partnership", metavar="NAME", default=None,
              help="Build only this bundled example's ledger (daventry, lewisham, "
                   "partnership-southwark, southwark-alliance, tower-hamlets) and show it.")
@json_option
def demo(demo_store: str, partnership: str | None) -> None:
    """Build the Daventry and Lewisham demo ledgers (or one partnership's) and show them."""
    if "://" in demo_store:
        raise InvalidInput("lsp demo builds its two ledgers in SQLite files: give --store a "
                           "file path (the global --store is not used by the demo)")
    if partnership is not None:
        source = click.get_current_context().get_parameter_source("demo_store")
        given = source is not click.core.ParameterSource.DEFAULT
        _one_partnership(partnership, demo_store if given else f"lsp-demo-{partnership}.sqlite")
        return
    examples = examples_dir()
    lewisham_store = str(Path(demo_store).with_name(Path(demo_store).stem + "-lewisham.sqlite"))
    counts = {}
    for store, name in ((demo_store, "daventry"), (lewisham_store, "lewisham")):
        _fresh(store)
        counts[name] = replay(examples / name / "history.lsp", store)
        with Ledger(store, DEMO_ACTOR) as sealing:
            seal(sealing)
    quiet = Settings(store=demo_store, actor=DEMO_ACTOR)
    quiet_lewisham = Settings(store=lewisham_store, actor=DEMO_ACTOR)
    click.get_current_context().call_on_close(quiet.close)
    click.get_current_context().call_on_close(quiet_lewisham.close)
    daventry = ReadStore(quiet.ledger())
    lewisham = ReadStore(quiet_lewisham.ledger())
    now = datetime.now(UTC)
    earlier = as_of("2026-05-01")
    views = {
        "daventry_now": queries.roster(daventry, "executive", now),
        "daventry_earlier": queries.roster(daventry, "executive", earlier),
        "lewisham_psg": queries.roster(lewisham, "psg", now),
    }
    minutes = meetings.minutes(daventry, "exec-2026-11")
    paper = decisions.ratifications(daventry, "exec-2026-12")
    refusal = _show_refusal(lewisham_store)
    report = warnings.check(daventry, now)

    def text() -> str:
        out = [f"Built {demo_store} (Daventry, {counts['daventry']} commands) and "
               f"{lewisham_store} (Lewisham, {counts['lewisham']} commands).", ""]
        out += [roster_text(views["daventry_now"]), ""]
        out += ["The same body on 1 May 2026, before the changes of the summer:", ""]
        out += [roster_text(views["daventry_earlier"]), ""]
        out += ["The minutes of the Executive's meeting of 12 November 2026 "
                "(lsp report minutes exec-2026-11):", ""]
        out += [minutes_markdown(minutes), ""]
        out += ["Lewisham: the Partnership Steering Group is drawn from the Full Partnership.",
                ""]
        out += [roster_text(views["lewisham_psg"]), ""]
        out += ["Seating someone on the PSG who is not on the Full Partnership:",
                f"  {refusal}", ""]
        out += [f"Compliance check on the Daventry ledger: {len(report.warnings)} warning(s)."]
        out += [f"- {w.message} (clause {w.clause})" for w in report.warnings[:5]]
        out += ["", "Between meetings (4.6), the Volunteer Centre's bid was approved by the chair "
                "and one other member; the paper for the Executive's December meeting "
                "(lsp report ratifications exec-2026-12):", ""]
        out += [ratifications_markdown(paper)]
        out += ["", "Try next (lsp is .venv/bin/lsp if you followed the README):",
                f"  lsp --store {demo_store} roster executive --as-of 2026-08-15"
                "    # the CCG seat vacant",
                f"  lsp --store {demo_store} audit --entity body:executive"
                "    # a mistake and its correction",
                f"  lsp --store {demo_store} check",
                f"  lsp --store {demo_store} report minutes exec-2026-11 --format html "
                "--output minutes.html",
                f"  lsp --store {demo_store} register decisions",
                f"  lsp --store {demo_store} decision pending executive",
                f"  lsp --store {demo_store} report agenda exec-2026-12"
                "    # the summons, matters arising, decisions to report",
                f"  lsp --store {demo_store} report ratifications exec-2026-12 --format html "
                "--output ratifications.html",
                f"  lsp --store {demo_store} terms show",
                f"  lsp --store {lewisham_store} roster psg --json",
                "  (the commands that built these ledgers are in examples/*/history.lsp)"]
        return "\n".join(out)

    emit({"stores": {"daventry": demo_store, "lewisham": lewisham_store},
          "commands": counts,
          **{k: v.model_dump(mode="json") for k, v in views.items()},
          "minutes": minutes.model_dump(mode="json"),
          "ratifications": paper.model_dump(mode="json"),
          "refusal": refusal, "check": report.model_dump(mode="json")}, text)


def _show_refusal(store: str) -> str:
    ledger = Ledger(store, DEMO_ACTOR)
    try:
        ledger.fill_seat("psg", "lewisham-local", "outsider")
    except LedgerError as e:
        return worded(e)
    raise LedgerError("the demo expected the drawn-from rule to refuse; it did not")


def _one_partnership(name: str, store: str) -> None:
    """`lsp demo --partnership NAME`: build that bundled example's ledger at `store` and show
    it (`_Shown`). An unknown NAME is refused before anything is made."""
    known = histories()
    if name not in known:
        raise InvalidInput(f"there is no bundled example '{name}' with a history to replay "
                           f"(the bundled ones: {', '.join(known)})")
    history = examples_dir() / name / "history.lsp"
    _fresh(store)
    count = replay(history, store)
    with Ledger(store, DEMO_ACTOR) as sealing:
        seal(sealing)
    quiet = Settings(store=store, actor=DEMO_ACTOR)
    click.get_current_context().call_on_close(quiet.close)
    read = ReadStore(quiet.ledger())
    now = datetime.now(UTC)
    partnership, bodies = _bodies_with_seats(read, now)
    calendar = lists.meetings(read, None, now)
    closed = [m.meeting for m in calendar.meetings
              if m.body == bodies[0] and m.status == "closed"]
    shown = _Shown(
        example=name, store=store, partnership=partnership, commands=count, bodies=bodies,
        roster=queries.roster(read, bodies[0], now), calendar=calendar,
        minutes=meetings.minutes(read, closed[-1]) if closed else None,
        check=warnings.check(read, now), end=story_end(history.read_text(encoding="utf-8")))
    emit(shown.document(), shown.text)


@dataclass(frozen=True)
class _Shown:
    """What `lsp demo --partnership NAME` shows of one partnership's ledger: its first body
    with seats (in the order of its terms) now, every meeting of the year, the minutes of
    that body's last closed meeting, the compliance check now, and commands to try next
    (among them the check on the day the history's header says its story ends)."""

    example: str
    store: str
    partnership: str
    commands: int
    bodies: list[str]
    roster: RosterView
    calendar: MeetingList
    minutes: Minutes | None
    check: CheckReport
    end: StoryEnd | None

    def document(self) -> dict[str, object]:
        return {"partnership": self.example, "name": self.partnership, "store": self.store,
                "commands": self.commands, "bodies": self.bodies,
                "roster": self.roster.model_dump(mode="json"),
                "meetings": self.calendar.model_dump(mode="json"),
                "minutes": self.minutes.model_dump(mode="json") if self.minutes else None,
                "check": self.check.model_dump(mode="json"),
                "story_ends": self.end.as_of if self.end else None}

    def text(self) -> str:
        out = [f"Built {self.store} ({self.partnership}, {self.commands} commands).", "",
               roster_text(self.roster), "", meetings_text(self.calendar), ""]
        if self.minutes is not None:
            out += [f"The minutes of its last meeting (lsp report minutes "
                    f"{self.minutes.meeting}):", "", minutes_markdown(self.minutes), ""]
        out += [f"Compliance check: {check_text(self.check)}", "",
                "Try next (lsp is .venv/bin/lsp if you followed the README):"]
        return "\n".join(out + [f"  {line}" for line in self._try_next()])

    def _try_next(self) -> list[str]:
        lsp = f"lsp --store {self.store}"
        lines = [f"{lsp} roster {body}" for body in self.bodies[1:]]
        if self.end is not None:
            lines += [f"{lsp} check --as-of {self.end.as_of}    # the warnings the story ends with"]
        if self.minutes is not None:
            lines += [f"{lsp} report minutes {self.minutes.meeting} --format html "
                      "--output minutes.html"]
        lines += [f"{lsp} register decisions", f"{lsp} register interests",
                  f"{lsp} action list --open", f"{lsp} terms show",
                  f"(the commands that built this ledger are in "
                  f"examples/{self.example}/history.lsp)"]
        return lines


def _bodies_with_seats(read: ReadStore, now: datetime) -> tuple[str, list[str]]:
    """The partnership's name, and its bodies (in the order of its terms in force) that
    have seats in the ledger: the ones the demo shows and suggests."""
    with reading(read) as reader:
        _, terms = reader.require_in_force(now)
    bodies = [b for b in terms.bodies if queries.roster(read, b, now).seats]
    if not bodies:
        raise LedgerError("the demo's history added no seats to any body")
    return terms.partnership.name, bodies
