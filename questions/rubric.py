"""Which key points of a model answer a learner's free text mentions.

A hint shown before the learner rates their own answer, not a verdict: it only looks for the
points' keywords. Both languages' keywords are tried on any text, since learners mix them.

- Text and keywords are compared after NFKC (full-width letters and digits become ASCII) and
  case folding.
- A keyword with a Chinese character matches as a substring, ignoring whitespace.
- Any other keyword matches whole words: "rate" does not match "accurate". Words are runs of
  letters and digits; everything else (spaces, hyphens, symbols, Chinese) separates them, and
  a phrase also matches with its words run together, so "back-propagation", "back propagation"
  and "backpropagation" are one keyword. A final plural -s/-es/-ies is ignored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from questions.schema import Point


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x2FA1F or 0x3000 <= code <= 0x303F)


def _words(folded: str) -> list[str]:
    words, current = [], []
    for char in folded:
        if char.isalnum() and not _is_cjk(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _forms(word: str) -> set[str]:
    """The word and its singular guesses: weights -> weight, biases -> bias, entries -> entry."""
    forms = {word}
    if len(word) >= 4 and word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
    return forms


class _Text:
    """A learner's answer, prepared once for all the keywords tried on it."""

    def __init__(self, text: str) -> None:
        folded = _fold(text)
        self.compact = "".join(folded.split())
        self.words = _words(folded)

    def has_phrase(self, keyword_words: Sequence[str]) -> bool:
        target = "".join(keyword_words)
        wanted = _forms(target)
        longest = max(len(form) for form in wanted)
        for start in range(len(self.words)):
            joined = ""
            for word in self.words[start:]:
                joined += word
                if len(joined) > longest + 3:  # + the longest plural ending
                    break
                if _forms(joined) & wanted:
                    return True
        return False

    def has(self, keyword: str) -> bool:
        folded = _fold(keyword)
        if any(_is_cjk(char) for char in folded):
            return "".join(folded.split()) in self.compact
        keyword_words = _words(folded)
        if not keyword_words:  # only symbols, e.g. "∂": look for it literally
            compact_keyword = "".join(folded.split())
            return bool(compact_keyword) and compact_keyword in self.compact
        return self.has_phrase(keyword_words)


def keywords_of(point: Point) -> tuple[str, ...]:
    return (*point.keywords_zh, *point.keywords_en)


def match(text: str, points: Iterable[Point]) -> list[bool]:
    """For each point, whether `text` mentions any of its keywords (in either language)."""
    prepared = _Text(text or "")
    return [any(prepared.has(keyword) for keyword in keywords_of(point)) for point in points]
