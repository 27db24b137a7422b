"""Wording shared by the exporters: bilingual text, answers of each question type, drill values."""

from __future__ import annotations

from typing import Any

from quizapp.i18n import PHASE_TITLES, pick
from solver.fmt import format_full as format_number  # noqa: F401 - the exporters' name for it

# Exported texts are sentences: with "both", the English goes on its own line under the Chinese.
LINE = "\n"

DEFAULT_RELATIVE_TOLERANCE = 1e-3  # the bank's default for numeric answers (relative)
ZERO_TOLERANCE = 1e-6  # absolute tolerance when a relative one is meaningless (expected 0)
LETTERS = "ABCDEFGHIJ"


def attr(question: Any, name: str, default: Any = None) -> Any:
    """A Question field; optional fields may be absent or None depending on the type."""
    value = getattr(question, name, default)
    return default if value is None else value


def qtext(question: Any, field: str, lang: str, sep: str = LINE) -> str:
    return pick(attr(question, f"{field}_zh", ""), attr(question, f"{field}_en", ""), lang, sep)


def numeric_tolerance(question: Any) -> float:
    """The absolute tolerance of a numeric question (the bank's default is relative 1e-3)."""
    tolerance = attr(question, "tolerance")
    if tolerance is not None:
        return float(tolerance)
    return relative_to_absolute(float(attr(question, "value", 0.0)), DEFAULT_RELATIVE_TOLERANCE)


def relative_to_absolute(value: float, relative: float) -> float:
    absolute = abs(value) * relative
    return absolute if absolute > 0 else ZERO_TOLERANCE


def step_tolerance(problem: Any, step_id: str) -> float:
    """Absolute tolerance for a scalar drill step, from the step's relative tolerance."""
    relative = problem.spec(step_id).tolerance or DEFAULT_RELATIVE_TOLERANCE
    return relative_to_absolute(float(problem.value(step_id)), relative)


def is_scalar(value: Any) -> bool:
    import numpy as np

    return value is not None and not isinstance(value, str) and np.ndim(value) == 0


def value_text(step: Any) -> str:
    """How a worked solution writes a step's value: `1/3 = 0.3333` when an exact form helps."""
    from solver.fmt import value_text as written

    return written(step.value, step.exact)


def worked_line(step: Any, working=None) -> str:
    """A step on one line, `z1 = w1·x = 0.5·(-1) = -0.5`, nothing said twice; with its lines of
    working (`Problem.working()[step.id]`) before and after, one to a line."""
    from solver.fmt import equation

    line = equation(step.formula, step.substituted, value_text(step))
    if not working:
        return line
    before, after = working
    return "\n".join([equation(*work) for work in before] + [line] + [equation(*work) for work in after])


def solution_rows(problem: Any, lang: str):
    """The worked solution as rows for any table format: ("phase", title) when a phase
    begins, ("step", step, label, value) for each step, ("work", formula, substituted, value)
    for a line of working beside it, ("note", text) under a step with one."""
    phase = None
    headings = problem.template.phase_headings
    working = problem.working()
    for step in problem.steps():
        if headings and step.phase != phase:
            phase = step.phase
            yield ("phase", pick(*PHASE_TITLES.get(phase, (phase, phase)), lang))
        before, after = working.get(step.id, ((), ()))
        for work in before:
            yield ("work", *work)
        yield ("step", step, pick(step.label_zh, step.label_en, lang, " / "), value_text(step))
        for work in after:
            yield ("work", *work)
        if step.note_en:
            yield ("note", pick(step.note_zh, step.note_en, lang, " / "))


def target_step(problem: Any) -> str:
    """The one step a single-answer card asks for: the last asked step with a scalar value."""
    for step_id in reversed(problem.answers):
        if is_scalar(problem.value(step_id)):
            return step_id
    return problem.answers[-1]


def choices(question: Any) -> tuple:
    return tuple(attr(question, "choices", ()))


def correct_letters(question: Any) -> str:
    return ", ".join(LETTERS[i] for i, c in enumerate(choices(question)) if c.correct)


def short_answer(question: Any, lang: str, problem_for) -> str:
    """The answer of a question in one line, by type (the model answer is shown separately)."""
    kind = question.type
    if kind in ("single", "multiple"):
        right = [pick(c.zh, c.en, lang, " / ") for c in choices(question) if c.correct]
        return f"{correct_letters(question)}: " + "; ".join(right)
    if kind == "truefalse":
        return pick("对", "True", lang) if attr(question, "truth") else pick("错", "False", lang)
    if kind == "numeric":
        return f"{format_number(question.value)} ± {format_number(numeric_tolerance(question))}"
    if kind == "symbolic":
        variables = ", ".join(attr(question, "variables", ()))
        return f"{question.expression}  ({pick('变量', 'variables', lang)}: {variables})"
    if kind == "step":
        problem = problem_for(question.code)
        return value_text(problem.step(question.step))
    return qtext(question, "answer", lang, " / ")
