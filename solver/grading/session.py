"""A drill on one problem, step by step: pure state, no I/O, so the CLI and the TUI share it.

The learner is asked the problem's steps in order. Each graded answer moves on, right or
wrong, and the learner's own value stays in play so that later steps can be credited as
consistent with it (error carried forward). An answer that cannot be read is refused and the
same step is asked again, and so is one right to fewer significant figures than asked ("keep
more digits"). `hint()` gives the step's formula, `reveal()` gives the step (and its
true value stands in from then on), `skip()` moves on without an answer.

Every answer, reveal and skip is kept as a `StepRecord` in `.records`; `on_record`, when given,
is called with each one as it is made: that is the single point where storage plugs in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Callable, Iterable

from solver.grading.grade import Verdict, grade_step
from solver.trace import Problem, Step

REVEALED, SKIPPED = "revealed", "skipped"


class ProblemGrade(str, Enum):
    """How the whole problem went, for the scheduler: best to worst."""

    FIRST_TRY = "first_try"  # every step right, no hints
    CARRIED_FORWARD = "carried_forward"  # one slip, and the later work consistent with it
    HINTS = "hints"  # right, but with hints
    WRONG = "wrong"  # more than one slip, a slip with nothing carried, or steps revealed or skipped

    def describe(self, language: str) -> str:
        zh, en = GRADE_TEXT[self]
        return {"zh": zh, "en": en}.get(language, f"{zh} / {en}")


GRADE_TEXT = {
    ProblemGrade.FIRST_TRY: ("一次全对", "all right on the first try"),
    ProblemGrade.CARRIED_FORWARD: ("有一处错误，其后的计算与之一致", "one slip, with the later work consistent with it"),
    ProblemGrade.HINTS: ("在提示下做对", "right, with hints"),
    ProblemGrade.WRONG: ("有错误", "not yet right"),
}


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class StepRecord:
    """One answer (or reveal, or skip) to one step, as the store saves it."""

    step_id: str
    text: str | None  # what the learner typed; None for a reveal or a skip
    verdict: str  # a Verdict.verdict, or "revealed" / "skipped"
    correct: bool
    carried_forward: bool
    mistake: str | None
    seconds: float | None  # from the moment the step was asked
    hints: int  # hints asked on this step before the answer
    at: datetime  # UTC

    def to_dict(self) -> dict:
        return {
            "step_id": self.step_id,
            "text": self.text,
            "verdict": self.verdict,
            "correct": self.correct,
            "carried_forward": self.carried_forward,
            "mistake": self.mistake,
            "seconds": self.seconds,
            "hints": self.hints,
            "at": self.at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "StepRecord":
        at = datetime.fromisoformat(data["at"])
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        return cls(data["step_id"], data.get("text"), data["verdict"], bool(data["correct"]),
                   bool(data.get("carried_forward", False)), data.get("mistake"), data.get("seconds"),
                   int(data.get("hints", 0)), at)


@dataclass(frozen=True)
class Summary:
    grade: ProblemGrade
    finished: bool
    steps: int  # steps asked in the session
    counts: dict[str, int]  # verdict (or revealed/skipped) -> how many
    hints: int
    first_error: str | None  # the first step graded wrong: where the real error is
    first_error_mistake: str | None
    mistakes: tuple[str, ...]  # named mistakes, in order
    seconds: float
    records: tuple[StepRecord, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict:
        return {
            "grade": self.grade.value,
            "finished": self.finished,
            "steps": self.steps,
            "counts": dict(self.counts),
            "hints": self.hints,
            "first_error": self.first_error,
            "first_error_mistake": self.first_error_mistake,
            "mistakes": list(self.mistakes),
            "seconds": self.seconds,
            "records": [record.to_dict() for record in self.records],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Summary":
        return cls(ProblemGrade(data["grade"]), bool(data["finished"]), int(data["steps"]), dict(data["counts"]),
                   int(data["hints"]), data.get("first_error"), data.get("first_error_mistake"),
                   tuple(data.get("mistakes", ())), float(data["seconds"]),
                   tuple(StepRecord.from_dict(r) for r in data.get("records", ())))


class DrillSession:
    def __init__(
        self,
        problem: Problem,
        steps: Iterable[str] | None = None,
        *,
        on_record: Callable[[StepRecord], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = _utc_now,
        figures: int | None = None,
    ) -> None:
        self.problem = problem
        self.figures = figures  # significant figures the learner asked to be held to (None: 4)
        self.steps: tuple[str, ...] = tuple(steps) if steps is not None else tuple(problem.answers)
        unknown = [s for s in self.steps if s not in problem.template.step_ids]
        if unknown:
            raise KeyError(f"no step {unknown[0]!r} in this problem")
        self.records: list[StepRecord] = []
        self.earlier: dict[str, Any] = {}  # step id -> the learner's value (or the revealed truth)
        self._on_record = on_record
        self._clock = clock
        self._now = now
        self._index = 0
        self._hints_here = 0
        self._started = clock()
        self._asked_at = self._started

    # -- where we are ---------------------------------------------------------------------------
    @property
    def current(self) -> str | None:
        return self.steps[self._index] if self._index < len(self.steps) else None

    @property
    def finished(self) -> bool:
        return self._index >= len(self.steps)

    @property
    def position(self) -> tuple[int, int]:
        """(1-based number of the current step, number of steps)."""
        return min(self._index + 1, len(self.steps)), len(self.steps)

    def _require_current(self) -> str:
        if self.current is None:
            raise RuntimeError("the session is finished: no step to answer")
        return self.current

    # -- what the learner does ------------------------------------------------------------------
    def answer(self, text: str) -> Verdict:
        step_id = self._require_current()
        verdict = grade_step(self.problem, step_id, text, self.earlier, figures=self.figures)
        if verdict.asks_again:
            return verdict  # unreadable, or short of figures: not an answer yet, the same step is asked again
        self.earlier[step_id] = verdict.received
        self._record(step_id, text, verdict.verdict, verdict.correct, verdict.carried_forward, verdict.mistake)
        return verdict

    def hint(self) -> str:
        step_id = self._require_current()
        self._hints_here += 1
        spec = self.problem.spec(step_id)
        return spec.formula(self.problem.template.display_names)

    def reveal(self) -> Step:
        step_id = self._require_current()
        step = self.problem.step(step_id)
        self.earlier[step_id] = self.problem.values[step_id]
        self._record(step_id, None, REVEALED, False, False, None)
        return step

    def skip(self) -> None:
        step_id = self._require_current()
        self._record(step_id, None, SKIPPED, False, False, None)

    def _record(self, step_id, text, verdict, correct, carried_forward, mistake) -> None:
        now = self._clock()
        record = StepRecord(step_id, text, verdict, correct, carried_forward, mistake,
                            round(now - self._asked_at, 3), self._hints_here, self._now())
        self.records.append(record)
        self._index += 1
        self._hints_here = 0
        self._asked_at = now
        if self._on_record is not None:
            self._on_record(record)

    # -- how it went ----------------------------------------------------------------------------
    def grade(self) -> ProblemGrade:
        verdicts = [r.verdict for r in self.records]
        if not self.finished or REVEALED in verdicts or SKIPPED in verdicts:
            return ProblemGrade.WRONG
        hints = any(r.hints for r in self.records)
        slips = verdicts.count("wrong")
        if slips == 0:
            return ProblemGrade.HINTS if hints else ProblemGrade.FIRST_TRY
        if slips == 1 and "consistent" in verdicts:
            return ProblemGrade.HINTS if hints else ProblemGrade.CARRIED_FORWARD
        return ProblemGrade.WRONG

    def summary(self) -> Summary:
        counts: dict[str, int] = {}
        for record in self.records:
            counts[record.verdict] = counts.get(record.verdict, 0) + 1
        first_error = next((r for r in self.records if r.verdict == "wrong"), None)
        return Summary(
            grade=self.grade(),
            finished=self.finished,
            steps=len(self.steps),
            counts=counts,
            hints=sum(r.hints for r in self.records) + self._hints_here,
            first_error=first_error.step_id if first_error else None,
            first_error_mistake=first_error.mistake if first_error else None,
            mistakes=tuple(r.mistake for r in self.records if r.mistake),
            seconds=round(self._clock() - self._started, 3),
            records=tuple(self.records),
        )
