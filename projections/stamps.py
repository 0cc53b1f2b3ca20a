"""Times in the read models: fixed-width UTC text, so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def unstamp(text: str) -> datetime:
    return datetime.fromisoformat(text)
