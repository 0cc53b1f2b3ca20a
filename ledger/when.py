"""Dates and times as the ledger understands them.

Two clocks run through the ledger:
- *effective* time: when a thing happened in the world (`--on`, `--as-of`);
- *recorded* time: when the ledger was told (the event's timestamp, `--known-at`).

Both are stored as timezone-aware UTC datetimes. A date or date-time given without a time
zone is read as local time in England (Europe/London), because that is where partnerships
meet. A bare date means the start of that day for `--on` ("with effect from 3 March") and
the end of that day for `--as-of` and `--known-at` ("who sat on 3 March" includes changes
made that day).

Every instant lies within Python's calendar (years 1 to 9999) in UTC and in England; one
that does not (9999-12-31T23:30-05:00 is in the year 10000 in UTC) is refused as input
rather than overflowing later, and so is a term that would end past the calendar.
"""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, UTC, date, datetime, time
from zoneinfo import ZoneInfo

from ledger.errors import InvalidInput

LONDON = ZoneInfo("Europe/London")


def _not_a_date(text: str, what: str) -> InvalidInput:
    return InvalidInput(
        f"{what} {text!r} is not a date: give an ISO date such as 2026-03-03 "
        "or a date-time such as 2026-03-03T18:30"
    )


def _parse(text: str, what: str) -> tuple[datetime, bool]:
    """Returns the instant and whether only a date was given."""
    value = text.strip()
    if not value:
        raise _not_a_date(text, what)
    date_only = len(value) == 10
    try:
        if date_only:
            moment = datetime.combine(date.fromisoformat(value), time(0, 0), tzinfo=LONDON)
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise _not_a_date(text, what) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    _within_calendar(moment, text, what)
    return moment, date_only


def _within_calendar(moment: datetime, text: str, what: str) -> None:
    """Refuse an instant that is outside the calendar in UTC or in England."""
    try:
        moment.astimezone(UTC)
        moment.astimezone(LONDON)
    except (OverflowError, ValueError):
        raise InvalidInput(f"{what} {text!r} is outside the calendar the ledger keeps "
                           f"(years {MINYEAR} to {MAXYEAR}, in UTC and in England): give a "
                           "date within it") from None


def effective_from(text: str, what: str = "--on") -> datetime:
    """The instant a thing took effect: a bare date means the start of that day."""
    moment, _ = _parse(text, what)
    return moment.astimezone(UTC)


def as_of(text: str, what: str = "--as-of") -> datetime:
    """The instant a question is asked about: a bare date means the end of that day."""
    moment, date_only = _parse(text, what)
    if date_only:
        # The last instant of the day (not the next midnight less a microsecond: there is
        # no day after 9999-12-31); London changes its clocks at 01:00 or 02:00, never at
        # midnight, so the two are the same instant.
        moment = datetime.combine(moment.date(), time.max, tzinfo=LONDON)
        _within_calendar(moment, text, what)
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
    """The same day `years` later (29 February becomes 28 February). A day past the
    calendar's last year is refused."""
    year = day.year + years
    if not MINYEAR <= year <= MAXYEAR:
        raise InvalidInput(f"a term of {years} years from {day.isoformat()} would end in the "
                           f"year {year}, past the calendar the ledger keeps (years {MINYEAR} "
                           f"to {MAXYEAR}): give a shorter term", remedy="input:term-years")
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_day(d: date) -> str:
    """A date as a British paper writes it: "Tuesday 10 March 2026" (in English whatever
    the machine's locale)."""
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"


def time_of_day(hour: int, minute: int) -> str:
    """A time of day as the papers write it: "2.00 pm", "10.30 am", "12.05 am". The one
    place a time is put in words, for the papers and the web pages alike."""
    return f"{hour % 12 or 12}.{minute:02d} {'am' if hour < 12 else 'pm'}"


def clock(moment: datetime) -> str:
    """The time of day in England as a British paper writes it: "2.00 pm", "10.30 am"."""
    local = moment.astimezone(LONDON)
    return time_of_day(local.hour, local.minute)


def spoken(moment: datetime | None) -> str:
    """An instant as a British paper writes it: "Tuesday 10 March 2026 at 2.00 pm" (the
    date alone at midnight, a meeting scheduled for a day)."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    if local.time() == time(0, 0):
        return long_day(local.date())
    return f"{long_day(local.date())} at {clock(local)}"


def british_day(d: date) -> str:
    """A date as a British letter writes it in a sentence: "18 November 2026"."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def british(text: str | None) -> str:
    """A date or a date-time as the read models hold it (an ISO date, "2026-11-18", or
    `show`'s "2026-12-10 14:00", or a full ISO date-time) as a British reader reads it:
    "18 November 2026", "10 December 2026 at 2.00 pm". The JSON keeps the ISO text; the
    text views and papers say this. Anything else is given back unchanged, so a view may
    pass a value that is sometimes a date and sometimes a word ("none scheduled")."""
    value = (text or "").strip()
    try:
        if len(value) == 10:
            return british_day(date.fromisoformat(value))
        moment = datetime.fromisoformat(value)
    except ValueError:
        return text or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(LONDON)
    if moment.time() == time(0, 0):
        return british_day(moment.date())
    return f"{british_day(moment.date())} at {time_of_day(moment.hour, moment.minute)}"
