"""The canonical export: one JSON object, schema-versioned, byte-stable.

    {"format": "quizapp", "version": 1, "answers": true,
     "banks": [{"id", "title": {"zh", "en"}, "questions": [ids]}],
     "questions": [Question.to_dict(), ...],
     "drills": [Problem.to_dict(), ...]}

Keys are sorted, order follows the banks, and nothing depends on the clock, so exporting,
importing and exporting again gives the same bytes. Without answers, questions and drills keep
only what a learner may see, and the file says so (`"answers": false`): it cannot be imported.
"""

from __future__ import annotations

import json
from typing import Any

from quizapp.export.selection import ExportItems

FORMAT_NAME = "quizapp"
VERSION = 1


def question_record(question: Any, answers: bool = True) -> dict:
    if answers:
        return question.to_dict()
    record = {
        "id": question.id,
        "type": question.type,
        "topics": list(question.topics),
        "difficulty": question.difficulty,
        "section": question.section,
        "prompt": {"zh": question.prompt_zh, "en": question.prompt_en},
    }
    if question.type in ("single", "multiple"):
        record["choices"] = [{"zh": c.zh, "en": c.en} for c in question.choices]
    if question.type == "symbolic":
        record["variables"] = list(question.variables)
    if question.type == "step":
        record["code"], record["step"] = question.code, question.step
    return record


def drill_record(problem: Any, answers: bool = True) -> dict:
    record = problem.to_dict()
    if answers:
        return record
    asked = set(problem.answers)
    record["steps"] = [{"id": s["id"], "phase": s["phase"], "label": s["label"]}
                       for s in record["steps"] if s["id"] in asked]
    return record


def document(items: ExportItems, answers: bool = True, progress=None) -> dict:
    bank_questions: dict[str, list[str]] = {}
    for bank_id, question in items.questions:
        bank_questions.setdefault(bank_id, []).append(question.id)
    drills = []
    for index, problem in enumerate(items.drills):
        drills.append(drill_record(problem, answers))
        if progress and index % 256 == 0:
            progress(index, len(items.drills))
    return {
        "format": FORMAT_NAME,
        "version": VERSION,
        "answers": answers,
        "banks": [
            {"id": b.id, "title": {"zh": b.title_zh, "en": b.title_en}, "questions": bank_questions.get(b.id, [])}
            for b in items.banks
        ],
        "questions": [question_record(q, answers) for _, q in items.questions],
        "drills": drills,
    }


_RECORD = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False)


def dumps(data: dict) -> str:
    """Keys sorted, the top level indented, each list item (a question, a drill) on one line.

    One record a line keeps diffs readable, and it lets the C encoder do the work: `json.dumps`
    with `indent` falls back to the pure-Python encoder, about ten times slower.
    """
    lines = ["{"]
    keys = sorted(data)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = data[key]
        if isinstance(value, list) and value:
            lines.append(f"  {_RECORD.encode(key)}: [")
            lines.extend(f"    {_RECORD.encode(item)}," for item in value[:-1])
            lines.append(f"    {_RECORD.encode(value[-1])}")
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {_RECORD.encode(key)}: {_RECORD.encode(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(items: ExportItems, lang: str = "both", answers: bool = True, progress=None) -> bytes:
    # Canonical: both languages always; `lang` only shapes the human-facing formats.
    try:
        return dumps(document(items, answers, progress)).encode("utf-8")
    except ValueError as error:  # NaN or infinity: JSON has no way to write them
        from quizapp.errors import UserError

        raise UserError(f"cannot write JSON: {error}") from None


class DocumentError(ValueError):
    """A file that is not a quizapp export we can read."""


def read_document(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(f"not valid JSON: line {error.lineno} column {error.colno}: {error.msg}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise DocumentError('not a quizapp export: expected a top-level object with "format": "quizapp"')
    version = data.get("version")
    if version != VERSION:
        raise DocumentError(f"export version {version!r} is not supported (this quizapp reads version {VERSION})")
    if data.get("answers") is False:
        raise DocumentError("this file was exported with --no-answers, so it cannot become a bank")
    for key in ("banks", "questions"):
        if not isinstance(data.get(key), list):
            raise DocumentError(f'"{key}" must be a list')
    return data
