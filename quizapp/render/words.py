"""A verdict as both front ends print it: its mark and its name (the words are in quizapp.i18n)."""

from __future__ import annotations

from quizapp.i18n import VERDICT_WORDS, Bilingual

MARKS = {"correct": "✓", "close": "≈", "consistent": "↪", "more_digits": "…", "wrong": "✗", "refused": "?"}


def verdict_word(verdict: str, language: str) -> str:
    """The verdict's name, e.g. "正确 / correct"; an unknown verdict is shown as it is."""
    return VERDICT_WORDS.get(verdict, Bilingual(verdict, verdict)).pick(language)


def verdict_line(verdict: str, language: str) -> str:
    """Mark and name, e.g. "✓ correct", as the CLI prints a verdict."""
    return f"{MARKS.get(verdict, '?')} {verdict_word(verdict, language)}"
