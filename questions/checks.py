"""The checks a bank file's data must pass, turning parsed TOML into a `Bank`.

`read_bank(data)` collects every problem as a `Problem(location, message)` rather than stopping
at the first one. A location names the table and key the problem is about (see `Location`), so
that the loader can turn it into a line of the file. No I/O here: the loader reads files.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readers import control_characters

from questions.schema import (BANK_ID, CHOICES_RANGE, COMMON_KEYS, DIFFICULTIES, LANGUAGES, MAX_BANK_ID_LENGTH,
                              MIN_OPEN_POINTS, QUESTION_ID, REQUIRED_TYPE_KEYS, SECTIONS, TOPIC, TYPE_KEYS, TYPES,
                              VARIABLE, Bank, Choice, Point, Question)


@dataclass(frozen=True)
class Location:
    """Where in a bank file a problem is: `table` is `()` for the top level, `("bank",)`, or
    `(("questions", i), ("points", j))` for the j-th point of the i-th question (0-based);
    `key` is the key path inside that table, `()` for the table itself."""

    table: tuple = ()
    key: tuple[str, ...] = ()

    def field_name(self) -> str:
        """How a person reads it: `questions[3].points[1].text.zh` (1-based, file order)."""
        parts = []
        for part in self.table:
            parts.append(f"{part[0]}[{part[1] + 1}]" if isinstance(part, tuple) else part)
        parts.extend(self.key)
        return ".".join(parts) or "file"


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str


# Checks that need other parts of the program (the solver's problem codes, the parser) are
# passed in, so this module stays importable without them; the loader supplies them lazily.
StepChecker = Callable[[str, str], list[tuple[str, str]]]   # (code, step) -> [(key, message)]
ExpressionChecker = Callable[[str, tuple[str, ...]], str | None]
StepFiller = Callable[[str, str], tuple[str | None, str | None]]  # (code, text) -> (filled, why not)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, table: tuple, key: tuple[str, ...], message: str) -> None:
        self.problems.append(Problem(Location(table, key), message))


def _describe(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


def _bilingual(out: _Collector, table: tuple, data: Mapping, key: str, required: bool = True
               ) -> tuple[str, str] | None:
    """A `{ zh = "...", en = "..." }` value: both languages present and non-empty."""
    if key not in data:
        if required:
            out.add(table, (key,), "missing (needs zh and en)")
        return None
    value = data[key]
    if not isinstance(value, dict):
        out.add(table, (key,), f"must be a table {{ zh = \"...\", en = \"...\" }}, not {_describe(value)}")
        return None
    ok = True
    for language in LANGUAGES:
        text = value.get(language)
        if text is None:
            out.add(table, (key, language), "missing")
            ok = False
        elif not isinstance(text, str):
            out.add(table, (key, language), f"must be a string, not {_describe(text)}")
            ok = False
        elif not text.strip():
            out.add(table, (key, language), "must not be empty")
            ok = False
        elif found := control_characters(text):
            # An escape sequence would act in the terminal that shows it (OSC 52 writes the clipboard).
            out.add(table, (key, language), f"contains control characters ({', '.join(found[:4])}); "
                                            f"remove them (a terminal would act on them)")
            ok = False
    for extra in sorted(set(value) - set(LANGUAGES)):
        out.add(table, (key, extra), "unknown language (use zh and en)")
    return (value["zh"], value["en"]) if ok else None


def _unknown_keys(out: _Collector, table: tuple, data: Mapping, allowed, context: str) -> None:
    for key in data:
        if key not in allowed:
            out.add(table, (key,), f"unknown field for {context}")


# The names a point's formulas may use; questions.rubric reads the learner's names as these.
FORMULA_NAMES = ("w", "b", "x", "z", "a", "y", "t", "eta", "g")


def _read_formulas(out: _Collector, table: tuple, entry: Mapping,
                   check_expression: ExpressionChecker | None) -> tuple[str, ...] | None:
    raw = entry.get("formulas", [])
    if not isinstance(raw, list) or not all(isinstance(f, str) and f.strip() for f in raw):
        out.add(table, ("formulas",), "must be a list of formulas in answer syntax, e.g. [\"w - eta*g\"]")
        return None
    for formula in raw:
        message = check_expression(formula, FORMULA_NAMES) if check_expression is not None else None
        if message:
            out.add(table, ("formulas",), f"{message} (a point's formulas use {', '.join(FORMULA_NAMES)})")
            return None
    return tuple(raw)


def _read_points(out: _Collector, table: tuple, raw: Any,
                 check_expression: ExpressionChecker | None = None) -> tuple[Point, ...] | None:
    if not isinstance(raw, list) or not all(isinstance(p, dict) for p in raw):
        out.add(table, ("points",), "must be [[questions.points]] tables")
        return None
    points, seen = [], set()
    for j, entry in enumerate(raw):
        where = (*table, ("points", j))
        _unknown_keys(out, where, entry, ("id", "text", "keywords", "formulas"), "a point")
        point_id = entry.get("id")
        if not isinstance(point_id, str) or not BANK_ID.match(point_id):
            out.add(where, ("id",), "missing" if point_id is None else
                    f"{point_id!r} must be lowercase letters, digits and hyphens")
        elif point_id in seen:
            out.add(where, ("id",), f"{point_id!r} is used by another point of this question")
        seen.add(point_id)
        text = _bilingual(out, where, entry, "text")
        keywords = _read_keywords(out, where, entry)
        formulas = _read_formulas(out, where, entry, check_expression)
        if text and keywords and formulas is not None and isinstance(point_id, str):
            points.append(Point(point_id, text[0], text[1], *keywords, formulas))
    return tuple(points) if len(points) == len(raw) else None


def _read_keywords(out: _Collector, table: tuple, entry: Mapping) -> tuple[tuple, tuple] | None:
    raw = entry.get("keywords")
    if raw is None:
        out.add(table, ("keywords",), "missing (needs zh and en lists of words that show the point)")
        return None
    if not isinstance(raw, dict):
        out.add(table, ("keywords",), f"must be a table {{ zh = [...], en = [...] }}, not {_describe(raw)}")
        return None
    found = []
    for language in LANGUAGES:
        words = raw.get(language)
        if words is None:
            out.add(table, ("keywords", language), "missing")
        elif not isinstance(words, list) or not words:
            out.add(table, ("keywords", language), "must be a non-empty list of strings")
        elif not all(isinstance(w, str) and w.strip() for w in words):
            out.add(table, ("keywords", language), "every keyword must be a non-empty string")
        else:
            found.append(tuple(words))
    for extra in sorted(set(raw) - set(LANGUAGES)):
        out.add(table, ("keywords", extra), "unknown language (use zh and en)")
    return (found[0], found[1]) if len(found) == 2 else None


def _read_choices(out: _Collector, table: tuple, raw: Any, kind: str) -> tuple[Choice, ...] | None:
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        out.add(table, ("choices",), "must be [[questions.choices]] tables")
        return None
    low, high = CHOICES_RANGE
    if not low <= len(raw) <= high:
        out.add(table, ("choices",), f"has {len(raw)} choices; a {kind} question needs {low} to {high}")
    choices = []
    for j, entry in enumerate(raw):
        where = (*table, ("choices", j))
        _unknown_keys(out, where, entry, ("text", "correct"), "a choice")
        text = _bilingual(out, where, entry, "text")
        correct = entry.get("correct", False)
        if not isinstance(correct, bool):
            out.add(where, ("correct",), f"must be true or false, not {_describe(correct)}")
            correct = None
        if text and correct is not None:
            choices.append(Choice(text[0], text[1], correct))
    if len(choices) != len(raw):
        return None
    right = sum(choice.correct for choice in choices)
    if kind == "single" and right != 1:
        out.add(table, ("choices",), f"a single-choice question needs exactly one correct choice, has {right}")
    if kind == "multiple" and right < 1:
        out.add(table, ("choices",), "a multiple-choice question needs at least one correct choice")
    return tuple(choices)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_question(out: _Collector, index: int, data: Any, bank_id: str | None,
                  check_step: StepChecker | None, check_expression: ExpressionChecker | None,
                  fill_step: StepFiller | None = None) -> Question | None:
    table = (("questions", index),)
    if not isinstance(data, dict):
        out.add(table, (), "must be a [[questions]] table")
        return None
    before = len(out.problems)
    qid = data.get("id")
    if qid is None:
        out.add(table, ("id",), "missing")
    elif not isinstance(qid, str) or not (match := QUESTION_ID.match(qid)):
        out.add(table, ("id",), f"{qid!r} must look like <bank id>.<slug>, e.g. "
                f"{(bank_id or 'mybank')}.chain-rule (lowercase letters, digits, hyphens)")
    elif bank_id is not None and match.group(1) != bank_id:
        out.add(table, ("id",), f"{qid!r} must start with the bank id '{bank_id}.'")

    kind = data.get("type")
    if kind is None:
        out.add(table, ("type",), f"missing (one of {', '.join(TYPES)})")
    elif kind not in TYPES:
        out.add(table, ("type",), f"{kind!r} is not a question type; use one of {', '.join(TYPES)}")
        kind = None

    topics = data.get("topics")
    if topics is None:
        out.add(table, ("topics",), "missing (a list of kebab-case tags)")
    elif not isinstance(topics, list) or not topics:
        out.add(table, ("topics",), "must be a non-empty list of kebab-case tags")
    else:
        for topic in topics:
            if not isinstance(topic, str) or not TOPIC.match(topic):
                out.add(table, ("topics",), f"{topic!r} is not a kebab-case tag (e.g. chain-rule)")

    difficulty = data.get("difficulty")
    if difficulty is None:
        out.add(table, ("difficulty",), "missing (1, 2 or 3)")
    elif not isinstance(difficulty, int) or isinstance(difficulty, bool) or difficulty not in DIFFICULTIES:
        out.add(table, ("difficulty",), f"{difficulty!r} must be 1, 2 or 3")

    section = data.get("section")
    if section is None:
        out.add(table, ("section",), "missing (一, 二, 三, 四 or beyond)")
    elif section not in SECTIONS:
        out.add(table, ("section",), f"{section!r} must be one of 一, 二, 三, 四, beyond")

    prompt = _bilingual(out, table, data, "prompt")
    answer = _bilingual(out, table, data, "answer")
    note = _bilingual(out, table, data, "note", required=False)
    explanation = _bilingual(out, table, data, "explanation", required=False)
    points = _read_points(out, table, data["points"], check_expression) if "points" in data else ()

    if kind is None:
        _unknown_keys(out, table, data, COMMON_KEYS + tuple(k for keys in TYPE_KEYS.values() for k in keys),
                      "a question")
        return None
    for key in data:
        if key not in COMMON_KEYS and key not in TYPE_KEYS[kind]:
            used_by = [t for t, keys in TYPE_KEYS.items() if key in keys]
            out.add(table, (key,), f"not used by a {kind} question" + (
                f" (only by {', '.join(used_by)})" if used_by else "; unknown field"))
    for key in REQUIRED_TYPE_KEYS[kind]:
        if key not in data:
            out.add(table, (key,), f"missing (a {kind} question needs it)")

    extra: dict[str, Any] = {}
    if kind == "open" and points is not None and "points" in data and len(data["points"]) < MIN_OPEN_POINTS:
        out.add(table, ("points",), f"an open question needs at least {MIN_OPEN_POINTS} key points, "
                f"has {len(data['points'])}")
    if kind in ("single", "multiple") and "choices" in data:
        extra["choices"] = _read_choices(out, table, data["choices"], kind)
    if kind == "truefalse" and "truth" in data:
        if not isinstance(data["truth"], bool):
            out.add(table, ("truth",), f"must be true or false, not {_describe(data['truth'])}")
        extra["truth"] = data["truth"]
    if kind == "numeric":
        _check_numeric(out, table, data)
        extra["value"], extra["tolerance"] = data.get("value"), data.get("tolerance")
    if kind == "symbolic":
        _check_symbolic(out, table, data, check_expression)
        extra["expression"], extra["variables"] = data.get("expression"), tuple(data.get("variables") or ())
    if kind == "step":
        _check_step(out, table, data, check_step)
        extra["code"], extra["step"] = data.get("code"), data.get("step")

    if len(out.problems) > before:
        return None
    if kind == "step" and fill_step is not None:
        prompt, answer, note, explanation = (
            _filled(out, table, key, texts, data["code"], fill_step)
            for key, texts in (("prompt", prompt), ("answer", answer), ("note", note),
                               ("explanation", explanation)))
        if len(out.problems) > before:
            return None
    return Question(
        id=qid, type=kind, topics=tuple(topics), difficulty=difficulty, section=section,
        prompt_zh=prompt[0], prompt_en=prompt[1], answer_zh=answer[0], answer_en=answer[1],
        note_zh=note[0] if note else None, note_en=note[1] if note else None,
        explanation_zh=explanation[0] if explanation else None,
        explanation_en=explanation[1] if explanation else None,
        points=points or (), choices=extra.get("choices") or (), truth=extra.get("truth"),
        value=None if extra.get("value") is None else float(extra["value"]),
        tolerance=None if extra.get("tolerance") is None else float(extra["tolerance"]),
        expression=extra.get("expression"), variables=extra.get("variables", ()),
        code=extra.get("code"), step=extra.get("step"),
    )


def _filled(out: _Collector, table: tuple, key: str, texts: tuple[str, str] | None, code: str,
            fill_step: StepFiller) -> tuple[str, str] | None:
    """A step question's texts with their placeholders filled from the problem `code` names."""
    if texts is None:
        return None
    filled = []
    for language, text in zip(LANGUAGES, texts, strict=True):
        result, error = fill_step(code, text)
        if error is not None:
            out.add(table, (key, language), error)
        filled.append(result if result is not None else text)
    return filled[0], filled[1]


def _check_numeric(out: _Collector, table: tuple, data: Mapping) -> None:
    value = data.get("value")
    if value is not None and not (_number(value) and math.isfinite(value)):
        out.add(table, ("value",), f"must be a finite number, not {value!r}")
    tolerance = data.get("tolerance")
    # 0 is allowed: an exact answer, e.g. a count of parameters.
    if tolerance is not None and not (_number(tolerance) and math.isfinite(tolerance) and tolerance >= 0):
        out.add(table, ("tolerance",), f"must be a number >= 0 (an absolute tolerance; 0 = exact), "
                f"not {tolerance!r}")


def _check_symbolic(out: _Collector, table: tuple, data: Mapping, check_expression: ExpressionChecker | None
                    ) -> None:
    expression, variables = data.get("expression"), data.get("variables")
    variables_ok = False
    if variables is not None:
        if not isinstance(variables, list) or not variables:
            out.add(table, ("variables",), "must be a non-empty list of variable names, e.g. [\"z\"]")
        elif not all(isinstance(v, str) and VARIABLE.match(v) for v in variables):
            bad = next(v for v in variables if not (isinstance(v, str) and VARIABLE.match(v)))
            out.add(table, ("variables",), f"{bad!r} is not a variable name (letters, digits, _)")
        else:
            variables_ok = True
    if expression is None:
        return
    if not isinstance(expression, str) or not expression.strip():
        out.add(table, ("expression",), "must be a non-empty string in answer syntax")
    elif variables_ok and check_expression is not None:
        message = check_expression(expression, tuple(variables))
        if message:
            out.add(table, ("expression",), message)


def _check_step(out: _Collector, table: tuple, data: Mapping, check_step: StepChecker | None) -> None:
    code, step = data.get("code"), data.get("step")
    for key, value in (("code", code), ("step", step)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            out.add(table, (key,), "must be a non-empty string")
            return
    if code is not None and step is not None and check_step is not None:
        for key, message in check_step(code, step):
            out.add(table, (key,), message)


def read_bank(data: Any, path: Path | None, check_step: StepChecker | None = None,
              check_expression: ExpressionChecker | None = None,
              fill_step: StepFiller | None = None) -> tuple[Bank | None, list[Problem]]:
    """The bank in parsed TOML `data`, or None with every problem found. `fill_step` fills a step
    question's placeholders (see questions.templates); without it the texts stay as written."""
    out = _Collector()
    _unknown_keys(out, (), data, ("bank", "questions"), "a bank file (use [bank] and [[questions]])")
    header = data.get("bank")
    bank_id = title = None
    version = 1
    if not isinstance(header, dict):
        out.add((), ("bank",), "missing [bank] table (id, title, version)")
    else:
        where = ("bank",)
        _unknown_keys(out, where, header, ("id", "title", "version"), "[bank]")
        raw_id = header.get("id")
        if raw_id is None:
            out.add(where, ("id",), "missing")
        elif not isinstance(raw_id, str) or not BANK_ID.match(raw_id):
            out.add(where, ("id",), f"{raw_id!r} must be lowercase letters, digits and hyphens, e.g. my-bank")
        elif len(raw_id) > MAX_BANK_ID_LENGTH:
            out.add(where, ("id",), f"is {len(raw_id)} characters long; at most {MAX_BANK_ID_LENGTH} (it names the file)")
        else:
            bank_id = raw_id
        title = _bilingual(out, where, header, "title")
        version = header.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            out.add(where, ("version",), f"{version!r} must be a whole number from 1")
    raw_questions = data.get("questions")
    questions: list[Question] = []
    if raw_questions is None:
        out.add((), ("questions",), "no [[questions]]: a bank needs at least one question")
    elif not isinstance(raw_questions, list):
        out.add((), ("questions",), "must be [[questions]] tables")
    else:
        first_line_of: dict[str, int] = {}
        for index, entry in enumerate(raw_questions):
            question = read_question(out, index, entry, bank_id, check_step, check_expression, fill_step)
            qid = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(qid, str):
                if qid in first_line_of:
                    out.add((("questions", index),), ("id",),
                            f"{qid!r} is already used by questions[{first_line_of[qid] + 1}]")
                    question = None
                else:
                    first_line_of[qid] = index
            if question is not None:
                questions.append(question)
    if out.problems:
        return None, out.problems
    return Bank(bank_id, title[0], title[1], path, tuple(questions), version), []
