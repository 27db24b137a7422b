"""Reading the progress database's rows defensively.

SQLite keeps whatever a column is given: a hand edit, a foreign tool or a bad restore can leave a
date that is not a date or text where a number belongs. Each reader here returns None for a row
it cannot trust (the store skips it and counts it) instead of raising in `stats` or `history`.
"""

from __future__ import annotations

from datetime import date, datetime, timezone


class BadRow(ValueError):
    """A value in a row is not what its column means."""


def moment(value: object) -> datetime:
    """A stored UTC time (ISO 8601 text with an offset) as an aware datetime in UTC."""
    if not isinstance(value, str) or len(value) > 64:
        raise BadRow(f"not a time: {value!r:.40}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadRow(f"not a time: {value!r:.40}") from None
    if parsed.tzinfo is None:  # ours always carry +00:00; a bare time is ambiguous
        raise BadRow(f"a time without its UTC offset: {value!r:.40}")
    return parsed.astimezone(timezone.utc)


def day(value: object) -> date:
    if not isinstance(value, str):
        raise BadRow(f"not a date: {value!r:.40}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRow(f"not a date: {value!r:.40}") from None


def text(value: object, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise BadRow(f"not text: {value!r:.40}")
    return value


def number(value: object, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise BadRow(f"not a number: {value!r:.40}")
    return float(value)


def integer(value: object, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRow(f"not an integer: {value!r:.40}")
    return value


def flag(value: object) -> bool:
    if value in (0, 1):  # SQLite's booleans; True/False compare equal to these too
        return bool(value)
    raise BadRow(f"not 0 or 1: {value!r:.40}")


def topics(value: object) -> tuple[str, ...]:
    return tuple(t for t in text(value).split(",") if t)
