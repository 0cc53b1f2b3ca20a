"""Dates and times as the ledger understands them.

Two clocks run through the ledger:
- *effective* time: when a thing happened in the world (`--on`, `--as-of`);
- *recorded* time: when the ledger was told (the event's timestamp, `--known-at`).

Both are stored as timezone-aware UTC datetimes. A date or date-time given without a time
zone is read as local time in England (Europe/London), because that is where partnerships
meet. A bare date means the start of that day for `--on` ("with effect from 3 March") and
the end of that day for `--as-of` and `--known-at` ("who sat on 3 March" includes changes
made that day).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ledger.errors import InvalidInput

LONDON = ZoneInfo("Europe/London")


def _parse(text: str, what: str) -> tuple[datetime, bool]:
    """Returns the instant and whether only a date was given."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day, time(0, 0), tzinfo=LONDON), True
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{what} {text!r} is not a date: give an ISO date such as 2026-03-03 "
            "or a date-time such as 2026-03-03T18:30"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment, False


def effective_from(text: str, what: str = "--on") -> datetime:
    """The instant a thing took effect: a bare date means the start of that day."""
    moment, _ = _parse(text, what)
    return moment.astimezone(UTC)


def as_of(text: str, what: str = "--as-of") -> datetime:
    """The instant a question is asked about: a bare date means the end of that day."""
    moment, date_only = _parse(text, what)
    if date_only:
        moment = datetime.combine(moment.date() + timedelta(days=1), time(0, 0), tzinfo=LONDON)
        moment -= timedelta(microseconds=1)
    return moment.astimezone(UTC)


def local_date(moment: datetime) -> date:
    """The calendar date in England of an instant."""
    return moment.astimezone(LONDON).date()


def day(moment: datetime) -> str:
    """The date in England of an instant, as an ISO date: how messages name a day."""
    return local_date(moment).isoformat()


def show(moment: datetime | None) -> str:
    """An instant as a person reads it: the local date, with the time unless it is midnight."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    if local.time() == time(0, 0):
        return local.date().isoformat()
    return local.strftime("%Y-%m-%d %H:%M")


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
