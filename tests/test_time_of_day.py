"""A time of day as people read it (issue 16 item 5): one function, `ledger.when.time_of_day`,
for the papers ("6.30 pm") and the web pages alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ledger.when import clock, time_of_day
from web.public import long_date


@pytest.mark.parametrize(("hour", "minute", "words"), [
    (18, 30, "6.30 pm"), (14, 0, "2.00 pm"), (10, 0, "10.00 am"), (0, 5, "12.05 am"),
    (12, 0, "12.00 pm")])
def test_a_time_of_day_is_written_as_the_papers_write_it(hour: int, minute: int,
                                                         words: str) -> None:
    # Given a time of day in England
    # When it is put in words
    # Then as a British paper writes it
    assert time_of_day(hour, minute) == words


def test_the_papers_and_the_web_pages_write_the_same_time() -> None:
    # Given a meeting at 6.30 pm in June (5.30 pm UTC, British Summer Time)
    moment = datetime(2026, 6, 10, 17, 30, tzinfo=UTC)
    # When a paper and a web page put it in words
    # Then both say 6.30 pm
    assert clock(moment) == "6.30 pm"
    assert long_date("2026-06-10 18:30") == "10 June 2026, 6.30 pm"
