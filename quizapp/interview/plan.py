"""What a mock interview asks: a few concept questions and one whiteboard problem, from a seed.

The same seed (with the same banks and options) gives the same interview, so a learner can sit
it again, or two people can compare. Pure: no I/O, no clock.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_MINUTES = 20
DEFAULT_QUESTIONS = 3
MAX_QUESTIONS = 8
MAX_MINUTES = 180
# Backprop worked on a whiteboard: the families an interviewer would draw. `gd` and
# `activation-derivative` are too small to stand alone; they stay reachable with --family.
WHITEBOARD_FAMILIES = ("chain2", "neuron", "mlp", "softmax-ce", "residual")


class PlanError(ValueError):
    """The interview asked for cannot be planned (no questions, unknown family, ...)."""


@dataclass(frozen=True)
class InterviewPlan:
    seed: int
    minutes: int
    question_ids: tuple[str, ...]
    problem_code: str

    @property
    def seconds(self) -> float:
        return self.minutes * 60.0

    def to_dict(self) -> dict:
        return {"seed": self.seed, "minutes": self.minutes, "question_ids": list(self.question_ids),
                "problem_code": self.problem_code}

    @classmethod
    def from_dict(cls, data: dict) -> InterviewPlan:
        return cls(int(data["seed"]), int(data["minutes"]), tuple(data["question_ids"]),
                   str(data["problem_code"]))


def concept_pool(questions: Iterable) -> list:
    """The questions an interviewer would ask aloud: open ones with key points to compare against."""
    return [q for q in questions if q.type == "open" and q.points]


def plan_interview(questions: Iterable, *, seed: int, minutes: int = DEFAULT_MINUTES,
                   count: int = DEFAULT_QUESTIONS, family: str | None = None,
                   difficulty: int | None = None) -> InterviewPlan:
    """Draw `count` concept questions and one problem; `difficulty` (1-3) also narrows the
    questions to that level or below when enough of them exist."""
    from solver.formats.codes import CodeError
    from solver.families import FAMILIES
    from solver.generate import random_code

    if not 1 <= minutes <= MAX_MINUTES:
        raise PlanError(f"--minutes must be from 1 to {MAX_MINUTES}, not {minutes}")
    if not 1 <= count <= MAX_QUESTIONS:
        raise PlanError(f"--questions must be from 1 to {MAX_QUESTIONS}, not {count}")
    if family is not None and family not in FAMILIES:
        raise PlanError(f"unknown family {family!r}; families: {', '.join(FAMILIES)}")
    pool = concept_pool(questions)
    if difficulty is not None:
        easier = [q for q in pool if q.difficulty <= difficulty]
        pool = easier if len(easier) >= count else pool
    if not pool:
        raise PlanError("no open question with key points in the banks (see `quizapp bank list`)")
    rng = random.Random(seed)
    chosen = _spread_over_topics(pool, min(count, len(pool)), rng)
    family = family or rng.choice(WHITEBOARD_FAMILIES)
    try:
        code = random_code(family, difficulty or 1, rng.randrange(1, 1_000_000))
    except CodeError as error:
        raise PlanError(str(error)) from None
    return InterviewPlan(seed, minutes, tuple(q.id for q in chosen), code)


def _spread_over_topics(pool: list, count: int, rng: random.Random) -> list:
    """`count` questions at random, each on a main topic not asked yet while any is left: an
    interviewer moves across the subject rather than asking three variants of one thing."""
    shuffled = list(pool)
    rng.shuffle(shuffled)
    chosen, topics = [], set()
    for question in shuffled:
        main = question.topics[0] if question.topics else question.id
        if main not in topics:
            chosen.append(question)
            topics.add(main)
        if len(chosen) == count:
            return chosen
    chosen += [q for q in shuffled if q not in chosen][:count - len(chosen)]
    return chosen


def difficulty_of(code: str) -> int:
    """The difficulty a problem code names (`mlp:2-3-1:sigmoid:half_sse:d2#42` -> 2; 1 when none)."""
    for part in code.split("#", 1)[0].split(":")[1:]:
        if len(part) == 2 and part[0] == "d" and part[1].isdigit():
            return int(part[1])
    return 1
