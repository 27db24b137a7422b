"""Short words both front ends print: a verdict's mark and name, and a label in the learner's
language ("both": Chinese / English on one line)."""

from __future__ import annotations

from quizapp.i18n import pick

MARKS = {"correct": "✓", "close": "≈", "consistent": "↪", "more_digits": "…", "wrong": "✗", "refused": "?"}
VERDICT_WORDS = {
    "correct": ("正确", "correct"),
    "close": ("接近", "close"),
    "consistent": ("与前面一致", "consistent"),
    "more_digits": ("请多保留几位", "keep more digits"),
    "wrong": ("错误", "wrong"),
    "refused": ("无法读取", "refused"),
    "revealed": ("看了答案", "revealed"),
    "skipped": ("跳过", "skipped"),
}


def bilingual(zh: str, en: str, language: str) -> str:
    """Short texts (labels, headings): both languages on one line."""
    return pick(zh, en, language, " / ")


def verdict_word(verdict: str, language: str) -> str:
    """The verdict's name, e.g. "正确 / correct"; an unknown verdict is shown as it is."""
    zh, en = VERDICT_WORDS.get(verdict, (verdict, verdict))
    return bilingual(zh, en, language)


def verdict_line(verdict: str, language: str) -> str:
    """Mark and name, e.g. "✓ correct", as the CLI prints a verdict."""
    return f"{MARKS.get(verdict, '?')} {verdict_word(verdict, language)}"
