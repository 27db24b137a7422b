"""Moodle GIFT: each question type in its native form.

numeric `{#value:tolerance}` (absolute tolerance), single choice `{=right ~wrong}`, multiple
choice with weights (right ones share 100%, wrong ones share -100%, so ticking everything scores
nothing), true/false `{TRUE}`/`{FALSE}`, open answers as essays `{}` with the model answer as
general feedback (`####`). A drill states its givens once, in a description (GIFT's question
without an answer block), followed by one question per asked step: numeric for a number, short
answer for `undefined`, essay for a vector or a formula. Special characters
`~ = # { } :` and the backslash are escaped with a backslash and line breaks written `\\n`,
which is what Moodle's GIFT importer undoes.
"""

from __future__ import annotations

from typing import Any

from quizapp.export.selection import PROGRESS_EVERY, ExportItems
from quizapp.export.text import (LINE, attr, choices, is_scalar, numeric_tolerance, qtext, short_answer,
                                 step_tolerance)
from quizapp.i18n import pick

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Moodle's escapes, a str.replace per special character (a loop over characters cost 82% of
    a GIFT export): the backslash first, so that the escapes added after are not escaped again."""
    if not text:
        return ""
    text = text.replace("\\", "\\\\")
    for char in SPECIAL[1:]:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def number(value: float) -> str:
    """A plain decimal (no exponent), which every Moodle version reads."""
    import numpy as np

    return np.format_float_positional(float(value), trim="-")


def weight(percent: float) -> str:
    text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def choice_block(question: Any, lang: str) -> str:
    options = choices(question)
    parts = []
    if question.type == "single":
        for option in options:
            parts.append(("=" if option.correct else "~") + escape(pick(option.zh, option.en, lang, " / ")))
    else:
        right = sum(1 for option in options if option.correct)
        wrong = len(options) - right
        for option in options:
            share = 100 / right if option.correct else -100 / max(wrong, 1)
            parts.append(f"~%{weight(share)}%" + escape(pick(option.zh, option.en, lang, " / ")))
    return " ".join(parts)


def _step_block(problem: Any, step_id: str, lang: str, feedback: str) -> str:
    value = problem.value(step_id)
    if value is None:
        return "{=undefined =none" + feedback + "}"
    if is_scalar(value):
        return "{#" + f"{number(value)}:{number(step_tolerance(problem, step_id))}" + feedback + "}"
    return "{" + feedback + "}"  # a vector or a formula: an essay, the worked value as feedback


def _general(text: str) -> str:
    return f"####{escape(text)}" if text else ""


def question_gift(question: Any, lang: str, answers: bool, items: ExportItems) -> str:
    text = qtext(question, "prompt", lang)
    explanation = "\n\n".join(t for t in (qtext(question, "answer", lang), qtext(question, "explanation", lang)) if t)
    feedback = _general(explanation) if answers else ""
    kind = question.type
    if kind in ("single", "multiple"):
        block = "{" + choice_block(question, lang) + feedback + "}"
    elif kind == "truefalse":
        block = "{" + ("TRUE" if attr(question, "truth") else "FALSE") + feedback + "}"
    elif kind == "numeric":
        block = "{#" + f"{number(question.value)}:{number(numeric_tolerance(question))}" + feedback + "}"
    elif kind == "step":
        problem = items.problem_for(question.code)
        spec = problem.spec(question.step)
        text += "\n\n" + pick(problem.prompt_zh, problem.prompt_en, lang, LINE) + "\n\n" + \
            f"{question.step}: {pick(spec.label_zh, spec.label_en, lang, ' / ')}"
        step_feedback = _general(short_answer(question, lang, items.problem_for)) if answers else ""
        block = _step_block(problem, question.step, lang, step_feedback)
    else:  # open and symbolic: an essay, graded by the teacher with the model answer
        model = short_answer(question, lang, items.problem_for) if kind == "symbolic" else explanation
        block = "{" + (_general(model) if answers else "") + "}"
    return f"// {question.id}\n::{escape(question.id)}::[moodle]{escape(text)}{block}\n"


def drill_gift(problem: Any, lang: str, answers: bool) -> list[str]:
    """The drill's givens as a description, then a question per asked step naming only the step."""
    from quizapp.export.text import worked_line

    steps = {step.id: step for step in problem.steps()}
    working = problem.working() if answers else {}
    code = problem.code or problem.family
    out = [f"// {code}\n::{escape(code)}::[moodle]{escape(pick(problem.prompt_zh, problem.prompt_en, lang, LINE))}\n"]
    for step_id in problem.answers:
        step = steps[step_id]
        text = f"{step_id}: {pick(step.label_zh, step.label_en, lang, ' / ')}"
        worked = worked_line(step, working.get(step_id))
        block = _step_block(problem, step_id, lang, _general(worked) if answers else "")
        out.append(f"// {code} {step_id}\n::{escape(code + ' ' + step_id)}::[moodle]{escape(text)}{block}\n")
    return out


def pieces(items: ExportItems, lang: str = "both", answers: bool = True, progress=None):
    """The file's text in pieces, a drill at a time: questions separated by blank lines."""
    first = True

    def chunks():
        current = None
        for bank_id, question in items.questions:
            if bank_id != current:
                current = bank_id
                yield f"$CATEGORY: $course$/quizapp/{bank_id}\n"
            yield question_gift(question, lang, answers, items)
        total = len(items.drills)
        if total:
            yield "$CATEGORY: $course$/quizapp/drills\n"
        for index, problem in enumerate(items.drills):
            yield from drill_gift(problem, lang, answers)
            if progress and index % PROGRESS_EVERY == 0:
                progress(index, total)

    for chunk in chunks():
        yield chunk if first else "\n" + chunk
        first = False


def render(items: ExportItems, lang: str = "both", answers: bool = True, progress=None) -> bytes:
    return "".join(pieces(items, lang, answers, progress)).encode("utf-8")
