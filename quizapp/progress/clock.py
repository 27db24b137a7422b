"""Where "now" comes from: injected, so tests move time forward instead of sleeping.

Every datetime handed out is UTC-aware with `tzinfo is timezone.utc` exactly (the `fsrs`
scheduler rejects other UTC tzinfo objects).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


def as_utc(moment: datetime) -> datetime:
    """The same instant with `timezone.utc`; a naive datetime is refused (ambiguous)."""
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware (UTC)")
    return moment.astimezone(timezone.utc)


class SystemClock:
    """The real clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that only moves when told to: `advance(timedelta)` or `advance(days=1)`."""

    def __init__(self, at: datetime) -> None:
        self._at = as_utc(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = as_utc(at)

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        step = (delta or timedelta()) + timedelta(**parts)
        if step < timedelta():
            raise ValueError("a clock does not move backwards")
        self._at = self._at + step
        return self._at
