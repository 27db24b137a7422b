"""The records of a question bank: `Bank`, `Question`, `Point`, `Choice`, and the rules' constants.

`to_dict` gives a record in the bank file's own shape; `from_dict` reads back data that is
already valid. Files are checked by `questions.checks.read_bank`, which builds these records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from solver.bilingual import pick

TYPES = ("open", "single", "multiple", "truefalse", "numeric", "symbolic", "step")
SECTIONS = ("一", "二", "三", "四", "beyond")
DIFFICULTIES = (1, 2, 3)
LANGUAGES = ("zh", "en")
DEFAULT_RELATIVE_TOLERANCE = 1e-3
MIN_OPEN_POINTS = 2
CHOICES_RANGE = (2, 6)

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
BANK_ID = re.compile(rf"^{SLUG}\Z")  # \Z: "$" would accept a final newline
QUESTION_ID = re.compile(rf"^({SLUG})\.({SLUG})\Z")
TOPIC = BANK_ID
# A bank id names its file (<id>.toml): far below the 255 bytes a file name may have.
MAX_BANK_ID_LENGTH = 64
VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")

# Keys every question may have, then the keys only some types use. A key that is neither is a
# typo (e.g. `tolerence`) and is reported, rather than silently ignored.
COMMON_KEYS = ("id", "type", "topics", "difficulty", "section", "prompt", "answer", "note", "explanation",
               "points")
TYPE_KEYS = {
    "open": (),
    "single": ("choices",),
    "multiple": ("choices",),
    "truefalse": ("truth",),
    "numeric": ("value", "tolerance"),
    "symbolic": ("expression", "variables"),
    "step": ("code", "step"),
}
REQUIRED_TYPE_KEYS = {
    "open": ("points",),
    "single": ("choices",),
    "multiple": ("choices",),
    "truefalse": ("truth",),
    "numeric": ("value",),
    "symbolic": ("expression", "variables"),
    "step": ("code", "step"),
}


@dataclass(frozen=True)
class Point:
    """One key point of a model answer: any of its keywords, or one of its formulas stated, in a
    learner's text covers it (see questions.rubric)."""

    id: str
    zh: str
    en: str
    keywords_zh: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    formulas: tuple[str, ...] = ()  # answer syntax over questions.rubric.FORMULA_NAMES

    def text(self, language: str) -> str:
        return pick(self.zh, self.en, language)

    def to_dict(self) -> dict:
        data = {"id": self.id, "text": {"zh": self.zh, "en": self.en},
                "keywords": {"zh": list(self.keywords_zh), "en": list(self.keywords_en)}}
        if self.formulas:
            data["formulas"] = list(self.formulas)
        return data

    @classmethod
    def from_dict(cls, data: Mapping) -> Point:
        keywords = data.get("keywords", {})
        return cls(data["id"], data["text"]["zh"], data["text"]["en"],
                   tuple(keywords.get("zh", ())), tuple(keywords.get("en", ())), tuple(data.get("formulas", ())))


@dataclass(frozen=True)
class Choice:
    zh: str
    en: str
    correct: bool = False

    def text(self, language: str) -> str:
        return pick(self.zh, self.en, language)

    def to_dict(self) -> dict:
        return {"text": {"zh": self.zh, "en": self.en}, "correct": self.correct}

    @classmethod
    def from_dict(cls, data: Mapping) -> Choice:
        return cls(data["text"]["zh"], data["text"]["en"], bool(data.get("correct", False)))


@dataclass(frozen=True)
class Question:
    """One question of a bank. Fields a type does not use keep their empty defaults."""

    id: str
    type: str
    topics: tuple[str, ...]
    difficulty: int
    section: str
    prompt_zh: str
    prompt_en: str
    answer_zh: str
    answer_en: str
    note_zh: str | None = None
    note_en: str | None = None
    explanation_zh: str | None = None
    explanation_en: str | None = None
    points: tuple[Point, ...] = ()
    choices: tuple[Choice, ...] = ()
    truth: bool | None = None
    value: float | None = None
    tolerance: float | None = None  # absolute (0 = exact); None means DEFAULT_RELATIVE_TOLERANCE
    expression: str | None = None
    variables: tuple[str, ...] = ()
    code: str | None = None
    step: str | None = None

    @property
    def bank_id(self) -> str:
        return self.id.partition(".")[0]

    def prompt(self, language: str) -> str:
        return pick(self.prompt_zh, self.prompt_en, language, "\n")

    def answer(self, language: str) -> str:
        return pick(self.answer_zh, self.answer_en, language, "\n")

    def note(self, language: str) -> str | None:
        return pick(self.note_zh, self.note_en, language, "\n") if (self.note_zh or self.note_en) else None

    def explanation(self, language: str) -> str | None:
        return (pick(self.explanation_zh, self.explanation_en, language, "\n")
                if (self.explanation_zh or self.explanation_en) else None)

    def tolerances(self) -> dict[str, float]:
        """Keyword arguments for the grader's `grade_number` (a numeric question's tolerance)."""
        if self.tolerance is not None:  # absolute: the grader's relative band switched off
            return {"rel_tol": 0.0, "abs_tol": self.tolerance}
        return {"rel_tol": DEFAULT_RELATIVE_TOLERANCE}

    def correct_choices(self) -> tuple[int, ...]:
        return tuple(i for i, choice in enumerate(self.choices) if choice.correct)

    def to_dict(self) -> dict:
        """The question in the bank file's own shape (a TOML `[[questions]]` table)."""
        data: dict[str, Any] = {
            "id": self.id, "type": self.type, "topics": list(self.topics), "difficulty": self.difficulty,
            "section": self.section, "prompt": {"zh": self.prompt_zh, "en": self.prompt_en},
            "answer": {"zh": self.answer_zh, "en": self.answer_en},
        }
        if self.note_en is not None:
            data["note"] = {"zh": self.note_zh, "en": self.note_en}
        if self.explanation_en is not None:
            data["explanation"] = {"zh": self.explanation_zh, "en": self.explanation_en}
        if self.points:
            data["points"] = [point.to_dict() for point in self.points]
        if self.choices:
            data["choices"] = [choice.to_dict() for choice in self.choices]
        optional = {"truth": self.truth, "value": self.value, "tolerance": self.tolerance,
                    "expression": self.expression, "code": self.code, "step": self.step}
        data.update({key: value for key, value in optional.items() if value is not None})
        if self.type == "symbolic":
            data["variables"] = list(self.variables)
        return data

    @classmethod
    def from_dict(cls, data: Mapping) -> Question:
        """The inverse of `to_dict`, for data already validated (use `read_bank` for files)."""
        def pair(key: str) -> tuple[str | None, str | None]:
            texts = data.get(key)
            return (texts["zh"], texts["en"]) if texts else (None, None)

        note_zh, note_en = pair("note")
        explanation_zh, explanation_en = pair("explanation")
        value = data.get("value")
        tolerance = data.get("tolerance")
        return cls(
            id=data["id"], type=data["type"], topics=tuple(data["topics"]), difficulty=int(data["difficulty"]),
            section=data["section"], prompt_zh=data["prompt"]["zh"], prompt_en=data["prompt"]["en"],
            answer_zh=data["answer"]["zh"], answer_en=data["answer"]["en"],
            note_zh=note_zh, note_en=note_en, explanation_zh=explanation_zh, explanation_en=explanation_en,
            points=tuple(Point.from_dict(p) for p in data.get("points", ())),
            choices=tuple(Choice.from_dict(c) for c in data.get("choices", ())),
            truth=data.get("truth"),
            value=None if value is None else float(value),
            tolerance=None if tolerance is None else float(tolerance),
            expression=data.get("expression"), variables=tuple(data.get("variables", ())),
            code=data.get("code"), step=data.get("step"),
        )


@dataclass(frozen=True)
class Bank:
    id: str
    title_zh: str
    title_en: str
    path: Path | None
    questions: tuple[Question, ...]
    version: int = 1

    def title(self, language: str) -> str:
        return pick(self.title_zh, self.title_en, language)

    def counts_by_type(self) -> dict[str, int]:
        counts = {kind: 0 for kind in TYPES}
        for question in self.questions:
            counts[question.type] += 1
        return {kind: n for kind, n in counts.items() if n}

    def to_dict(self) -> dict:
        return {"bank": {"id": self.id, "title": {"zh": self.title_zh, "en": self.title_en},
                         "version": self.version},
                "questions": [question.to_dict() for question in self.questions]}

    @classmethod
    def from_dict(cls, data: Mapping, path: Path | None = None) -> Bank:
        header = data["bank"]
        return cls(header["id"], header["title"]["zh"], header["title"]["en"], path,
                   tuple(Question.from_dict(q) for q in data.get("questions", ())), int(header.get("version", 1)))
