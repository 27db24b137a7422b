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
import math
from typing import Any

import numpy as np

from quizapp.export.selection import PROGRESS_EVERY, ExportItems
from solver.fmt import to_jsonable

FORMAT_NAME = "quizapp"
VERSION = 1
WRITE_SIZE = 1 << 18  # characters gathered before one write


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


class Records:
    """A list of records written one by one as they are made: a drill's JSON text exists only
    until it is in the file, so an export of 100,000 drills never holds them all."""

    def __init__(self, length: int, records) -> None:
        self.length, self.records = length, records

    def __len__(self) -> int:
        return self.length

    def __iter__(self):
        return iter(self.records)


def document(items: ExportItems, answers: bool = True, progress=None) -> dict:
    bank_questions: dict[str, list[str]] = {}
    for bank_id, question in items.questions:
        bank_questions.setdefault(bank_id, []).append(question.id)
    total = len(items.drills)

    def drills():
        for index, problem in enumerate(items.drills):
            yield drill_text(problem) if answers else drill_record(problem, answers)
            if progress and index % PROGRESS_EVERY == 0:
                progress(index, total)

    return {
        "format": FORMAT_NAME,
        "version": VERSION,
        "answers": answers,
        "banks": [
            {"id": b.id, "title": {"zh": b.title_zh, "en": b.title_en}, "questions": bank_questions.get(b.id, [])}
            for b in items.banks
        ],
        "questions": [question_record(q, answers) for _, q in items.questions],
        "drills": Records(total, drills()),
    }


# check_circular off: records are trees we build ourselves, and the check costs ~10%.
_RECORD = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False, check_circular=False)


class Encoded(str):
    """A record already written as JSON text (see `drill_text`)."""


def _encode(item) -> str:
    return item if isinstance(item, Encoded) else _RECORD.encode(item)


def drill_text(problem: Any) -> Encoded:
    """`_RECORD.encode(problem.to_dict())`, byte for byte, at a fraction of the cost.

    A drill's steps share their id, labels, formula, dependencies and phase with every problem
    of the same structure: those parts are written once per template, and only the exact form,
    the substitution and the value are encoded per problem. ("steps" sorts last among the
    record's keys, so the steps can follow the rest of the record.)
    """
    head = _RECORD.encode(_record_without_steps(problem))
    fragments = _step_fragments(problem.template)
    # One join over all the pieces: the record is several kB of (mostly non-ASCII) text, and
    # every intermediate string would copy it again.
    pieces = [head[:-1], ', "steps": [']
    for index, (spec, fragment, step) in enumerate(zip(problem.template.steps, fragments, problem.step_fields())):
        if spec.note_at is not None and step.note_en != spec.note_en:  # a note said only at these values
            fragment = _step_fragment(problem.template, spec, step.note_zh, step.note_en)
        before_exact, before_substituted = fragment
        pieces += (", " if index else "", before_exact, _json(step.exact), before_substituted, _STRING(step.substituted),
                   ', "value": ', _json_value(step.value), "}")
    pieces.append("]}")
    return Encoded("".join(pieces))


# The encoder's own string writer; JSONEncoder.encode costs a few µs a call in set-up alone.
_STRING = json.encoder.encode_basestring


def _json(value) -> str:
    """JSON text of a step's value or exact form, as _RECORD writes it (floats by repr)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return _STRING(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(_json, value)) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
    return repr(value)


def _json_value(value) -> str:
    """A step's value as JSON: a float array's repr of its list is already its JSON text."""
    if isinstance(value, np.ndarray) and value.dtype == float:
        text = repr(value.tolist())
    elif isinstance(value, float):  # np.float64 too
        text = repr(float(value))
    else:
        return _json(to_jsonable(value))
    if "n" in text:  # nan or inf: the only float reprs with an n
        raise ValueError("Out of range float values are not JSON compliant")
    return text


def _record_without_steps(problem: Any) -> dict:
    data = {
        "code": problem.code,
        "family": problem.family,
        problem.description_key: problem.network,
        "prompt": {"zh": problem.prompt_zh, "en": problem.prompt_en},
        "answers": list(problem.answers),
    }
    if problem.notes:
        data["notes"] = [{"zh": zh, "en": en} for zh, en in problem.notes]
    return data


_FRAGMENTS: dict[int, tuple[Any, list[tuple[str, str]]]] = {}


def _step_fragments(template: Any) -> list[tuple[str, str]]:
    """Per step, the JSON text before "exact"'s value and before "substituted"'s value."""
    cached = _FRAGMENTS.get(id(template))
    if cached is not None and cached[0] is template:
        return cached[1]
    fragments = [_step_fragment(template, spec, spec.note_zh, spec.note_en) for spec in template.steps]
    _FRAGMENTS[id(template)] = (template, fragments)
    return fragments


def _step_fragment(template: Any, spec: Any, note_zh: str | None, note_en: str | None) -> tuple[str, str]:
    middle = {"formula": template.formulas[spec.id], "id": spec.id,
              "label": {"zh": spec.label_zh, "en": spec.label_en}, "phase": spec.phase}
    if note_en:
        middle["note"] = {"zh": note_zh, "en": note_en}
    middle_text = ", ".join(f"{_RECORD.encode(k)}: {_RECORD.encode(v)}" for k, v in sorted(middle.items()))
    return (f'{{"depends_on": {_RECORD.encode(list(spec.deps))}, "exact": ', f', {middle_text}, "substituted": ')


def dumps(data: dict) -> str:
    """Keys sorted, the top level indented, each list item (a question, a drill) on one line.

    One record a line keeps diffs readable, and it lets the C encoder do the work: `json.dumps`
    with `indent` falls back to the pure-Python encoder, about ten times slower.
    """
    return "".join(chunks(data))


def chunks(data: dict):
    """`dumps` in pieces, so that a large export goes to its file without being copied whole
    into one string first (a 10,000-drill file is about 70 MB of text)."""
    yield "{\n"
    keys = sorted(data)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = data[key]
        if isinstance(value, (list, Records)) and len(value):
            yield f"  {_RECORD.encode(key)}: [\n"
            last = len(value) - 1
            for position, item in enumerate(value):
                yield "    "
                yield _encode(item)
                yield ",\n" if position < last else "\n"
            yield f"  ]{comma}\n"
        else:
            yield f"  {_RECORD.encode(key)}: {_RECORD.encode([] if isinstance(value, Records) else value)}{comma}\n"
    yield "}\n"


def write(items: ExportItems, target, answers: bool = True, progress=None) -> None:
    """Write the export to the open binary file `target`, piece by piece (see `chunks`)."""
    try:
        pending: list[str] = []
        size = 0
        for piece in chunks(document(items, answers, progress)):
            pending.append(piece)
            size += len(piece)
            if size > WRITE_SIZE:  # a few hundred kB a write: no syscall per piece, no file-sized string
                target.write("".join(pending).encode("utf-8"))
                pending, size = [], 0
        target.write("".join(pending).encode("utf-8"))
    except ValueError as error:  # NaN or infinity: JSON has no way to write them
        from quizapp.errors import UserError

        raise UserError(f"cannot write JSON: {error}") from None


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
    return check_document(data)


def check_document(data: Any) -> dict:
    """The parsed export, checked to be one this version can import (the importer parses it with
    the bounded readers)."""
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
