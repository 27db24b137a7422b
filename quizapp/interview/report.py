"""How a mock interview went: the score, time per answer, the first wrong step, what to review.

Built from what the front end collected (self-rated concept answers, the drill session's step
records) by one pure function, so the screen and `interview --plain` report the same thing.

Scoring: a concept answer earns its self-rating on a 0-1 scale (1 again = 0 ... 4 easy = 1);
a step earns 1 when right, close, or consistent with the candidate's own earlier value (error
carried forward: one slip costs one step, not the rest); a step not reached earns 0. The
whiteboard problem weighs as much as all the concept questions together, as it does in the
interviews this rehearses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from quizapp.interview.plan import InterviewPlan

RATING_SCORE = {1: 0.0, 2: 1 / 3, 3: 2 / 3, 4: 1.0}
STEP_CREDIT = {"correct": 1.0, "close": 1.0, "consistent": 1.0}
PROBLEM_WEIGHT = 0.5
WEAK_BELOW = 2 / 3  # under "good": worth reviewing
MAX_WEAKEST, MAX_REVIEW = 3, 5
# Concept-bank topic names for the skill each whiteboard family exercises.
PROBLEM_TOPICS = {"gd": ("gradient-descent",), "activation-derivative": ("activation-function", "derivatives")}
DEFAULT_PROBLEM_TOPICS = ("backpropagation", "chain-rule")


@dataclass(frozen=True)
class ConceptAnswer:
    """One concept question: what was typed, the key points it seems to cover, the self-rating."""

    question_id: str
    topics: tuple[str, ...]
    typed: str
    covered: int
    total: int
    rating: int | None  # 1-4; None when passed or when the time ran out
    seconds: float

    @property
    def score(self) -> float:
        return RATING_SCORE.get(self.rating, 0.0) if self.rating is not None else 0.0

    def to_dict(self) -> dict:
        return {"question_id": self.question_id, "topics": list(self.topics), "typed": self.typed,
                "covered": self.covered, "total": self.total, "rating": self.rating,
                "seconds": round(self.seconds, 1), "score": round(self.score, 3)}


@dataclass(frozen=True)
class StepResult:
    step_id: str
    verdict: str  # a grader verdict, or "skipped"
    mistake: str | None
    carried_forward: bool
    seconds: float | None

    @property
    def credit(self) -> float:
        return STEP_CREDIT.get(self.verdict, 0.0)

    def to_dict(self) -> dict:
        return {"step_id": self.step_id, "verdict": self.verdict, "mistake": self.mistake,
                "carried_forward": self.carried_forward,
                "seconds": None if self.seconds is None else round(self.seconds, 1)}


@dataclass(frozen=True)
class TopicScore:
    topic: str
    score: float  # mean over the items touching it, 0-1
    items: int

    def to_dict(self) -> dict:
        return {"topic": self.topic, "score": round(self.score, 3), "items": self.items}


@dataclass(frozen=True)
class ReviewItem:
    """Something to review next: a question id, a drill family (with the mistake to watch), a topic."""

    kind: str  # "question" | "drill" | "topic"
    target: str
    mistake: str | None = None

    def command(self, difficulty: int = 1) -> str | None:
        """The command that practises it (a question comes back through its review card instead)."""
        if self.kind == "drill":
            return f"quizapp drill --family {self.target} --difficulty {difficulty}"
        if self.kind == "topic":
            return f"quizapp quiz --plain --topic {self.target}"
        return None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "target": self.target, "mistake": self.mistake}


@dataclass(frozen=True)
class InterviewReport:
    plan: InterviewPlan
    concepts: tuple[ConceptAnswer, ...]
    steps: tuple[StepResult, ...]
    steps_total: int
    seconds: float
    score: int  # 0-100
    concept_score: float  # 0-1
    problem_score: float  # 0-1
    first_wrong_step: str | None
    first_wrong_mistake: str | None
    weakest: tuple[TopicScore, ...]
    review: tuple[ReviewItem, ...]

    @property
    def time_up(self) -> bool:
        return self.seconds >= self.plan.seconds

    @property
    def family(self) -> str:
        return self.plan.problem_code.split("#", 1)[0].split(":", 1)[0]

    def to_dict(self) -> dict:
        return {
            "plan": self.plan.to_dict(), "score": self.score, "seconds": round(self.seconds, 1),
            "time_up": self.time_up, "concept_score": round(self.concept_score, 3),
            "problem_score": round(self.problem_score, 3),
            "concepts": [c.to_dict() for c in self.concepts],
            "steps": [s.to_dict() for s in self.steps], "steps_total": self.steps_total,
            "first_wrong_step": self.first_wrong_step, "first_wrong_mistake": self.first_wrong_mistake,
            "weakest": [t.to_dict() for t in self.weakest], "review": [r.to_dict() for r in self.review],
        }


def steps_from_records(records: Iterable) -> tuple[StepResult, ...]:
    """StepResults from solver.session.StepRecords (what DrillSession kept)."""
    return tuple(StepResult(r.step_id, r.verdict, r.mistake, r.carried_forward, r.seconds) for r in records)


def build_report(plan: InterviewPlan, concepts: Sequence[ConceptAnswer], steps: Sequence[StepResult],
                 steps_total: int, seconds: float) -> InterviewReport:
    """The report on an interview; questions of the plan with no ConceptAnswer count as unanswered."""
    answered = {c.question_id for c in concepts}
    missing = [ConceptAnswer(qid, (), "", 0, 0, None, 0.0) for qid in plan.question_ids if qid not in answered]
    concepts = (*concepts, *missing)
    concept_score = sum(c.score for c in concepts) / len(concepts) if concepts else 0.0
    problem_score = sum(s.credit for s in steps) / steps_total if steps_total else 0.0
    if steps_total and concepts:
        total = (1 - PROBLEM_WEIGHT) * concept_score + PROBLEM_WEIGHT * problem_score
    else:
        total = problem_score if steps_total else concept_score
    first_wrong = next((s for s in steps if s.verdict == "wrong"), None)
    family = plan.problem_code.split("#", 1)[0].split(":", 1)[0]
    weakest = _weakest_topics(concepts, PROBLEM_TOPICS.get(family, DEFAULT_PROBLEM_TOPICS),
                              problem_score if steps_total else None)
    review = _review_next(concepts, family, problem_score if steps_total else None, first_wrong, weakest)
    return InterviewReport(plan, tuple(concepts), tuple(steps), steps_total, seconds, round(100 * total),
                           concept_score, problem_score, first_wrong.step_id if first_wrong else None,
                           first_wrong.mistake if first_wrong else None, weakest, review)


def _weakest_topics(concepts: Sequence[ConceptAnswer], problem_topics: tuple[str, ...],
                    problem_score: float | None) -> tuple[TopicScore, ...]:
    scores: dict[str, list[float]] = {}
    for concept in concepts:
        for topic in concept.topics:
            scores.setdefault(topic, []).append(concept.score)
    if problem_score is not None:
        for topic in problem_topics:
            scores.setdefault(topic, []).append(problem_score)
    means = [TopicScore(topic, sum(values) / len(values), len(values)) for topic, values in scores.items()]
    weak = [t for t in means if t.score < 1.0]
    # Weakest first; among equals the topic that came up most, then by name for a stable order.
    weak.sort(key=lambda t: (t.score, -t.items, t.topic))
    return tuple(weak[:MAX_WEAKEST])


def _review_next(concepts: Sequence[ConceptAnswer], family: str, problem_score: float | None,
                 first_wrong: StepResult | None, weakest: Sequence[TopicScore]) -> tuple[ReviewItem, ...]:
    scored: list[tuple[float, ReviewItem]] = []
    if problem_score is not None and (problem_score < 1.0 or first_wrong is not None):
        scored.append((problem_score, ReviewItem("drill", family, first_wrong.mistake if first_wrong else None)))
    scored += [(c.score, ReviewItem("question", c.question_id)) for c in concepts if c.score < WEAK_BELOW]
    scored += [(t.score, ReviewItem("topic", t.topic)) for t in weakest if t.score < WEAK_BELOW]
    scored.sort(key=lambda pair: pair[0])  # stable: ties keep problem, questions, topics order
    return tuple(item for _, item in scored[:MAX_REVIEW])


def step_names(problem) -> Mapping[str, str]:
    """How the report names each step: as the problem writes it (z1, ∂L/∂W2, ...)."""
    return {step_id: problem.template.display_names.get(step_id, step_id) for step_id in problem.answers}
