"""CSV for spreadsheets: one row per question; per drill, a `drill` row stating its givens (the
prompt) once and a `drill-step` row for each asked step (files before this layout repeated the
givens on every step row and had no `drill` row; `quizapp import` reads both).

Both languages get their own columns whatever `--lang` says, so the file is also a complete,
importable copy of the questions (`quizapp import` reads this layout back). Choices and rubric
points, which are lists of records, sit in one cell each as JSON. UTF-8 with a byte-order mark,
so spreadsheet programs show Chinese correctly.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from quizapp.export.selection import PROGRESS_EVERY, ExportItems
from quizapp.export.text import attr, format_number

COLUMNS = (
    "kind", "bank", "bank_title_zh", "bank_title_en", "id", "type", "topics", "difficulty", "section",
    "prompt_zh", "prompt_en", "answer_zh", "answer_en", "note_zh", "note_en", "explanation_zh", "explanation_en",
    "choices", "points", "truth", "value", "tolerance", "expression", "variables", "code", "step",
    "step_label_zh", "step_label_en", "formula", "substituted", "step_value",
)
ANSWER_COLUMNS = ("answer_zh", "answer_en", "note_zh", "note_en", "explanation_zh", "explanation_en", "points",
                  "truth", "value", "tolerance", "expression", "formula", "substituted", "step_value")
LIST_SEPARATOR = ";"


def plain_value(value: Any) -> str:
    """A step value for a spreadsheet: full precision numbers, JSON lists for vectors."""
    from solver.fmt import to_jsonable

    if value is None:
        return "undefined"
    if isinstance(value, str):
        return value
    data = to_jsonable(value)
    return format_number(data) if isinstance(data, float) else json.dumps(data)


def _json_cell(data: list) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True) if data else ""


def question_row(bank, question: Any) -> dict:
    kind = question.type
    row = {
        "kind": "question", "bank": bank.id, "bank_title_zh": bank.title_zh, "bank_title_en": bank.title_en,
        "id": question.id, "type": kind, "topics": LIST_SEPARATOR.join(question.topics),
        "difficulty": str(question.difficulty), "section": question.section,
    }
    for field in ("prompt", "answer", "note", "explanation"):
        for lang in ("zh", "en"):
            row[f"{field}_{lang}"] = attr(question, f"{field}_{lang}", "")
    row["choices"] = _json_cell([{"zh": c.zh, "en": c.en, "correct": bool(c.correct)}
                                 for c in attr(question, "choices", ())])
    row["points"] = _json_cell([{"id": p.id, "zh": p.zh, "en": p.en, "keywords_zh": list(p.keywords_zh),
                                 "keywords_en": list(p.keywords_en)} for p in attr(question, "points", ())])
    if kind == "truefalse":
        row["truth"] = "true" if question.truth else "false"
    if kind == "numeric":
        row["value"] = format_number(question.value)
        tolerance = attr(question, "tolerance")
        row["tolerance"] = "" if tolerance is None else format_number(tolerance)
    if kind == "symbolic":
        row["expression"] = question.expression
        row["variables"] = LIST_SEPARATOR.join(question.variables)
    if kind == "step":
        row["code"], row["step"] = question.code, question.step
    return row


def drill_rows(problem: Any) -> list[dict]:
    from solver.generate import read_code

    code = problem.code or ""
    difficulty = str(read_code(problem.code).difficulty) if problem.code else ""
    rows = [{"kind": "drill", "id": code, "code": code, "topics": problem.family, "difficulty": difficulty,
             "prompt_zh": problem.prompt_zh, "prompt_en": problem.prompt_en}]
    for step in problem.steps():
        if step.id not in problem.answers:
            continue
        rows.append({
            "kind": "drill-step", "id": code, "type": "step", "code": code, "topics": problem.family,
            "difficulty": difficulty, "step": step.id, "step_label_zh": step.label_zh,
            "step_label_en": step.label_en, "formula": step.formula, "substituted": step.substituted,
            "step_value": plain_value(step.value),
        })
    return rows


def _without_answers(row: dict) -> dict:
    row.update({column: "" for column in ANSWER_COLUMNS})
    if row.get("choices"):
        row["choices"] = _json_cell([{"zh": c["zh"], "en": c["en"]} for c in json.loads(row["choices"])])
    return row


def pieces(items: ExportItems, lang: str = "both", answers: bool = True, progress=None):
    """The file's text in pieces, the questions then a drill at a time: never the whole table."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="", lineterminator="\r\n")

    def taken() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    out.write("\ufeff")
    writer.writeheader()
    banks = {b.id: b for b in items.banks}
    def write(row: dict) -> None:
        row = row if answers else _without_answers(row)
        writer.writerow({column: neutralise_cell(cell) for column, cell in row.items()})

    for bank_id, question in items.questions:
        write(question_row(banks[bank_id], question))
    yield taken()
    total = len(items.drills)
    for index, problem in enumerate(items.drills):
        for row in drill_rows(problem):
            write(row)
        yield taken()
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, total)


def render(items: ExportItems, lang: str = "both", answers: bool = True, progress=None) -> bytes:
    return "".join(pieces(items, lang, answers, progress)).encode("utf-8")


def read_rows(text: str) -> list[dict]:
    """Rows of a CSV in this layout; raises ValueError naming a missing column."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("kind", "bank", "id", "type") if c not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"not a quizapp CSV export: column '{missing[0]}' is missing")
    return list(reader)


# --- formula injection ----------------------------------------------------------------------
# A spreadsheet runs a cell that starts with = + - @ (and, says OWASP, tab or carriage return)
# as a formula: `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` in a shared file would act when opened.
# Such a cell is written with a leading apostrophe, which spreadsheets show as text. Plain numbers
# (-0.5, +3, -1e-4) stay as they are, to be read as numbers. Cells that already start with
# apostrophes before a trigger get one more, so that `restore_cell` undoes exactly what was done.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")


def neutralise_cell(text: str) -> str:
    if _FORMULA_START.match(text) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def restore_cell(text: str) -> str:
    """The inverse of `neutralise_cell`, for `quizapp import`."""
    if text.startswith("'") and _FORMULA_START.match(text, 1):
        return text[1:]
    return text
