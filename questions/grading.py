"""Grading an answer to a bank question, next to the questions: the app's quiz screen,
`quizapp quiz --plain` and `quizapp check --question` all call `grade_question`, so one answer
gets one verdict whichever front end took it.

Numeric answers are held to the question's own absolute tolerance when it has one, else to the
learner's significant figures (`figures`, by default the solver's 4), as drill steps are. Open
questions are not graded: the key-point hint says which points the answer seems to cover, for
the learner's own rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TRUE_WORDS = ("true", "t", "yes", "y", "1", "对", "正确", "是")
FALSE_WORDS = ("false", "f", "no", "n", "0", "错", "错误", "否")
GRADED_BY_SOLVER = ("numeric", "symbolic", "step")  # the types a learner types and the solver grades


@dataclass(frozen=True)
class QuestionGrade:
    """The verdict on one answer. `grader` is the solver's Verdict for numeric, symbolic and step
    questions (its message, named mistake, `asks_again`); `details` holds what the other types
    report (the choices chosen and expected, the key points covered, a refusal's message)."""

    question_id: str
    type: str
    verdict: str  # a solver verdict, "refused", or "self-rated" for an open question
    correct: bool | None  # None: an open question, rated by the learner
    grader: Any = None
    details: dict = field(default_factory=dict)

    @property
    def asks_again(self) -> bool:
        """Not a final answer (unreadable, or short of the figures asked for): nothing is saved."""
        return self.grader.asks_again if self.grader is not None else self.verdict == "refused"

    def to_dict(self) -> dict:
        """The JSON of `quizapp check --question --json`."""
        base: dict = {"question": self.question_id, "type": self.type}
        if self.grader is not None:
            return {**base, **self.grader.to_dict()}
        if self.correct is None:
            return {**base, "verdict": self.verdict, **self.details}
        return {**base, "verdict": self.verdict, "correct": self.correct, **self.details}


def grade_question(question, typed: str, *, figures: int | None = None) -> QuestionGrade:
    """The verdict on `typed` as an answer to `question` (any type); `figures` is the learner's
    significant-figures setting (None: the solver's default)."""
    if question.type == "open":
        from questions.rubric import match

        covered = match(typed, question.points)
        points = [{"id": point.id, "covered": found} for point, found in zip(question.points, covered, strict=True)]
        return QuestionGrade(question.id, question.type, "self-rated", None,
                             details={"points": points, "covered": sum(covered), "total": len(points)})
    if question.type in ("single", "multiple"):
        return _grade_choices(question, typed)
    if question.type == "truefalse":
        word = typed.strip().casefold()
        if word not in TRUE_WORDS and word not in FALSE_WORDS:
            return QuestionGrade(question.id, question.type, "refused", False,
                                 details={"expected": question.truth, "message": "expected true or false"})
        correct = (word in TRUE_WORDS) == question.truth
        return QuestionGrade(question.id, question.type, "correct" if correct else "wrong", correct,
                             details={"expected": question.truth})
    verdict = _solver_verdict(question, typed, figures)
    return QuestionGrade(question.id, question.type, verdict.verdict, verdict.correct, grader=verdict)


def _solver_verdict(question, typed: str, figures: int | None):
    from solver.grading import grade

    if question.type == "numeric":
        if question.tolerance is not None:  # the question's own absolute tolerance
            return grade.grade_number(typed, question.value, **question.tolerances())
        return grade.grade_number(typed, question.value, figures=figures)
    if question.type == "symbolic":
        return grade.grade_expression(typed, question.expression, question.variables)
    from solver.generate import problem_from_code

    return grade.grade_step(problem_from_code(question.code), question.step, typed, {}, figures=figures)


def choice_numbers(typed: str, count: int) -> set[int] | None:
    """The 0-based choices of "2" or "1, 3" (or "1 3"), or None when that is not what was typed."""
    parts = typed.replace(",", " ").replace("，", " ").replace("、", " ").split()
    if not parts or not all(part.isdigit() for part in parts):
        return None
    chosen = {int(part) - 1 for part in parts}
    return chosen if all(0 <= index < count for index in chosen) else None


def _grade_choices(question, typed: str) -> QuestionGrade:
    chosen = choice_numbers(typed, len(question.choices))
    return grade_chosen(question, chosen)


def grade_chosen(question, chosen: set[int] | None) -> QuestionGrade:
    """The verdict on the 0-based choices picked (None: what was typed names no choices)."""
    right = set(question.correct_choices())
    expected = [index + 1 for index in sorted(right)]
    if chosen is None or (question.type == "single" and len(chosen) != 1):
        kind = "one choice number" if question.type == "single" else "choice numbers such as 1,3"
        return QuestionGrade(question.id, question.type, "refused", False,
                             details={"expected": expected,
                                      "message": f"expected {kind} from 1 to {len(question.choices)}"})
    correct = chosen == right
    return QuestionGrade(question.id, question.type, "correct" if correct else "wrong", correct,
                         details={"chosen": [index + 1 for index in sorted(chosen)], "expected": expected})
