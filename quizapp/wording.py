"""Counts in words: "1 question", "2 questions". Chinese has no plural; English text needs one."""

from __future__ import annotations

IRREGULAR = {"query": "queries", "entry": "entries", "summary": "summaries"}


def count_of(number: int, singular: str, plural: str | None = None) -> str:
    """`number` and the noun in the form it takes: count_of(1, "question") -> "1 question"."""
    if number == 1:
        return f"{number} {singular}"
    return f"{number} {plural or IRREGULAR.get(singular) or singular + 's'}"


def noun(number: int, singular: str, plural: str | None = None) -> str:
    """The noun alone, in the form `number` takes (for "{n:,} rows"-style text)."""
    return count_of(number, singular, plural).split(" ", 1)[1]
