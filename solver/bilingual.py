"""Text in Chinese and English, and the one rule for showing it.

The language setting is "zh", "en" or "both". "both" shows the Chinese, then the English after a
separator (" / " for a label, a new line for a sentence), the text once when the two are the
same (a formula, a number, a name like ReLU), and a mark both open with once ("✓ 正确 / correct"). Every layer uses this rule, the solver's labels and
messages included, so no text falls back to English when the learner asked for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

LANGUAGES = ("zh", "en", "both")


def pick(zh: str | None, en: str | None, language: str, separator: str = " / ") -> str:
    """One of a zh/en pair by the language setting; "both" joins them, Chinese first.

    A missing side is filled from the other, so a text given in one language still shows."""
    zh = zh or en or ""
    en = en or zh
    if language == "zh":
        return zh
    if language == "en":
        return en
    if zh == en:
        return zh
    mark = _shared_mark(zh, en)
    return f"{zh}{separator}{en[len(mark):]}"


def _shared_mark(zh: str, en: str) -> str:
    """The mark both sides open with ("✓ ", "⚑ "), shown once: "✓ 正确 / correct"."""
    head, space, _ = zh.partition(" ")
    if space and head and not any(char.isalnum() for char in head) and en.startswith(head + " "):
        return head + " "
    return ""


class Bilingual(NamedTuple):
    """A text in both languages: a (zh, en) pair, so `zh, en = words` still reads it.

    `format` fills each side's placeholders with the same side of a Bilingual value, so a message
    built from bilingual parts is not bilingual twice over ("已记录：3 良好 / Saved: 3 good")."""

    zh: str
    en: str

    def pick(self, language: str, separator: str = " / ") -> str:
        return pick(self.zh, self.en, language, separator)

    def format(self, **values: object) -> Bilingual:  # type: ignore[override]
        zh_values = {name: value.zh if isinstance(value, Bilingual) else value for name, value in values.items()}
        en_values = {name: value.en if isinstance(value, Bilingual) else value for name, value in values.items()}
        return Bilingual(self.zh.format(**zh_values), self.en.format(**en_values))

    def to_dict(self) -> dict:
        return {"zh": self.zh, "en": self.en}

    @classmethod
    def from_dict(cls, data: Mapping) -> Bilingual:
        return cls(str(data["zh"]), str(data["en"]))
