"""How well the key-point hint agrees with a marker: recall and false credit over labelled answers.

A labelled answer names its question, its text and the points a fair marker credits (`covers`).
Over every (answer, point) pair: recall is the share of credited points the hint also finds;
false credit is the share of points not credited that the hint finds all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from questions.rubric import match
from questions.schema import Question


@dataclass(frozen=True)
class LabelledAnswer:
    question: str
    text: str
    covers: tuple[str, ...]
    language: str = "en"
    kind: str = "strong"

    @classmethod
    def from_dict(cls, data: dict) -> LabelledAnswer:
        return cls(data["question"], data["text"], tuple(data.get("covers", ())), data.get("lang", "en"),
                   data.get("kind", "strong"))


@dataclass
class RubricScore:
    answers: int = 0
    credited: int = 0        # points a marker credits
    found: int = 0           # ... that the hint finds too
    not_credited: int = 0    # points a marker does not credit
    falsely_found: int = 0   # ... that the hint finds all the same
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (question, point, text)
    false_credits: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.credited if self.credited else 1.0

    @property
    def false_credit(self) -> float:
        return self.falsely_found / self.not_credited if self.not_credited else 0.0


def score(answers: Iterable[LabelledAnswer], question_of: Callable[[str], Question | None]) -> RubricScore:
    result = RubricScore()
    for answer in answers:
        question = question_of(answer.question)
        if question is None:
            raise KeyError(f"no question {answer.question!r}")
        unknown = set(answer.covers) - {point.id for point in question.points}
        if unknown:
            raise KeyError(f"{answer.question} has no point {', '.join(sorted(unknown))}")
        result.answers += 1
        for point, found in zip(question.points, match(answer.text, question.points), strict=True):
            if point.id in answer.covers:
                result.credited += 1
                result.found += found
                if not found:
                    result.misses.append((answer.question, point.id, answer.text))
            else:
                result.not_credited += 1
                result.falsely_found += found
                if found:
                    result.false_credits.append((answer.question, point.id, answer.text))
    return result
