"""A drill on one problem, step by step: pure state, no I/O, so the CLI and the TUI share it.

The learner is asked the problem's steps in order. A graded answer moves on, and the
learner's own value stays in play so that later steps can be credited as consistent with it
(error carried forward). With `retries` (as Numbas and STACK allow), a wrong answer keeps the
step open instead: the learner tries again (`answer`), or goes on with the wrong value
(`keep`). An answer that cannot be read, or is in another shape, is refused and the same step is
asked again at no cost, and so is one right to fewer significant figures than asked ("keep
more digits").

Hints are a ladder, each rung dearer (see `HINT_RUNGS`): the step's formula, then the formula
with the numbers put in; past them, `reveal()` gives the value (the step then counts as not
done, and its true value stands in from then on). `skip()` moves on without an answer.

Every graded attempt, reveal and skip is kept as a `StepRecord` in `.records` (a step tried
three times has three); `on_record`, when given, is called with each one as it is made: that is
the single point where storage plugs in. The problem's grade tells first-try work from work
right only after another try or a hint.
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

# The hint ladder's rungs, cheapest first; a step's record keeps the highest rung used (its
# `hints`). Past the last rung comes the value itself: `reveal()`.
FORMULA_RUNG, NUMBERS_RUNG = 1, 2
HINT_RUNGS = (FORMULA_RUNG, NUMBERS_RUNG)


class ProblemGrade(str, Enum):
    """How the whole problem went, for the scheduler: best to worst."""

    FIRST_TRY = "first_try"  # every step right at its first try, no hints
    FORMULA = "formula"  # every step right at its first try; a formula looked up (the first rung)
    RETRIED = "retried"  # every step right in the end, some at a later try
    CARRIED_FORWARD = "carried_forward"  # one slip, and the later work consistent with it
    HINTS = "hints"  # right, with the formula's numbers put in for you (the second rung)
    WRONG = "wrong"  # more than one slip, a slip with nothing carried, or steps revealed or skipped

    def describe(self, language: str) -> str:
        zh, en = GRADE_TEXT[self]
        return {"zh": zh, "en": en}.get(language, f"{zh} / {en}")


GRADE_TEXT = {
    ProblemGrade.FIRST_TRY: ("一次全对", "all right on the first try"),
    ProblemGrade.FORMULA: ("一次全对，查看过公式", "all right on the first try, with a formula looked up"),
    ProblemGrade.RETRIED: ("全对，有的步骤重答后才对", "all right, some steps at a later try"),
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
    hints: int  # the highest rung of the hint ladder used on this step before the answer
    at: datetime  # UTC
    attempt: int = 1  # the how-manyth graded try at this step (refused ones do not count)

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
            "attempt": self.attempt,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "StepRecord":
        at = datetime.fromisoformat(data["at"])
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        return cls(data["step_id"], data.get("text"), data["verdict"], bool(data["correct"]),
                   bool(data.get("carried_forward", False)), data.get("mistake"), data.get("seconds"),
                   int(data.get("hints", 0)), at, int(data.get("attempt", 1)))


@dataclass(frozen=True)
class Summary:
    grade: ProblemGrade
    finished: bool
    steps: int  # steps asked in the session
    counts: dict[str, int]  # each step's final verdict (or revealed/skipped) -> how many steps
    hints: int  # rungs of the hint ladder used, over the steps
    first_error: str | None  # the first step graded wrong: where the real error is
    first_error_mistake: str | None
    mistakes: tuple[str, ...]  # named mistakes, in order
    seconds: float
    records: tuple[StepRecord, ...] = field(default=(), repr=False)
    first_try: int = 0  # steps right at their first try without a hint
    retried: tuple[str, ...] = ()  # steps right only at a later try

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
            "first_try": self.first_try,
            "retried": list(self.retried),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Summary":
        return cls(ProblemGrade(data["grade"]), bool(data["finished"]), int(data["steps"]), dict(data["counts"]),
                   int(data["hints"]), data.get("first_error"), data.get("first_error_mistake"),
                   tuple(data.get("mistakes", ())), float(data["seconds"]),
                   tuple(StepRecord.from_dict(r) for r in data.get("records", ())),
                   int(data.get("first_try", 0)), tuple(data.get("retried", ())))


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
        retries: bool = False,
    ) -> None:
        self.problem = problem
        self.retries = retries  # a wrong answer keeps the step open for another try
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
        self._tries_here = 0  # graded tries at the current step
        self.wrong_here: Verdict | None = None  # the current step's last try, when it was wrong
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
    @property
    def attempt(self) -> int:
        """The how-manyth graded try the next answer to the current step would be."""
        return self._tries_here + 1

    @property
    def hint_rung(self) -> int:
        """The highest rung of the hint ladder used on the current step (0: none)."""
        return self._hints_here

    def answer(self, text: str) -> Verdict:
        step_id = self._require_current()
        verdict = grade_step(self.problem, step_id, text, self.earlier, figures=self.figures)
        if verdict.asks_again:
            return verdict  # unreadable, wrong shape, or short of figures: not an answer yet, asked again
        self._tries_here += 1
        stays = self.retries and not verdict.correct
        self._record(step_id, text, verdict.verdict, verdict.correct, verdict.carried_forward, verdict.mistake,
                     moves_on=not stays)
        if stays:
            self.wrong_here = verdict
        else:
            self.earlier[step_id] = verdict.received
        return verdict

    def keep(self) -> None:
        """Go on from a step whose last try was wrong, with that value carried forward."""
        step_id = self._require_current()
        if self.wrong_here is None:
            raise RuntimeError(f"no wrong answer to keep at {step_id!r}")
        self.earlier[step_id] = self.wrong_here.received
        self._move_on(self._clock())

    def hint(self) -> str:
        """The next rung of the step's hint ladder (the last again once both are used): the
        formula, then the formula with the numbers put in."""
        step_id = self._require_current()
        self._hints_here = min(self._hints_here + 1, NUMBERS_RUNG)
        names = self.problem.template.display_names
        if self._hints_here == FORMULA_RUNG:
            return self.problem.spec(step_id).formula(names)
        step = self.problem.step(step_id)
        return f"{step.formula} = {step.substituted}" if step.substituted else step.formula

    def reveal(self) -> Step:
        step_id = self._require_current()
        step = self.problem.step(step_id)
        self.earlier[step_id] = self.problem.values[step_id]
        self._record(step_id, None, REVEALED, False, False, None)
        return step

    def skip(self) -> None:
        step_id = self._require_current()
        self._record(step_id, None, SKIPPED, False, False, None)

    def _record(self, step_id, text, verdict, correct, carried_forward, mistake, moves_on: bool = True) -> None:
        now = self._clock()
        record = StepRecord(step_id, text, verdict, correct, carried_forward, mistake,
                            round(now - self._asked_at, 3), self._hints_here, self._now(),
                            max(self._tries_here, 1))
        self.records.append(record)
        self._asked_at = now
        if moves_on:
            self._move_on(now)
        if self._on_record is not None:
            self._on_record(record)

    def _move_on(self, now: float) -> None:
        self._index += 1
        self._hints_here = 0
        self._tries_here = 0
        self.wrong_here = None
        self._asked_at = now

    # -- how it went ----------------------------------------------------------------------------
    def finals(self) -> dict[str, StepRecord]:
        """Each step's last record: the answer it was left with (a later try replaces a wrong one)."""
        return {record.step_id: record for record in self.records}

    def retried_steps(self) -> tuple[str, ...]:
        """Steps right in the end only at a later try."""
        return tuple(step_id for step_id, final in self.finals().items() if final.correct and final.attempt > 1)

    def grade(self) -> ProblemGrade:
        verdicts = [r.verdict for r in self.finals().values()]
        if not self.finished or REVEALED in verdicts or SKIPPED in verdicts:
            return ProblemGrade.WRONG
        rung = max((r.hints for r in self.records), default=0)
        slips = verdicts.count("wrong")
        if slips == 0:
            if rung >= NUMBERS_RUNG:
                return ProblemGrade.HINTS
            if self.retried_steps():
                return ProblemGrade.RETRIED
            return ProblemGrade.FORMULA if rung else ProblemGrade.FIRST_TRY
        if slips == 1 and "consistent" in verdicts:
            return ProblemGrade.HINTS if rung else ProblemGrade.CARRIED_FORWARD
        return ProblemGrade.WRONG

    def summary(self) -> Summary:
        finals = self.finals()
        counts: dict[str, int] = {}
        for record in finals.values():
            counts[record.verdict] = counts.get(record.verdict, 0) + 1
        first_error = next((r for r in self.records if r.verdict == "wrong"), None)
        rungs = {r.step_id: r.hints for r in self.records}
        if self.current is not None and self._hints_here:
            rungs[self.current] = self._hints_here
        return Summary(
            grade=self.grade(),
            finished=self.finished,
            steps=len(self.steps),
            counts=counts,
            hints=sum(rungs.values()),
            first_error=first_error.step_id if first_error else None,
            first_error_mistake=first_error.mistake if first_error else None,
            mistakes=tuple(r.mistake for r in self.records if r.mistake),
            seconds=round(self._clock() - self._started, 3),
            records=tuple(self.records),
            first_try=sum(1 for r in self.records if r.attempt == 1 and r.correct and not r.hints),
            retried=self.retried_steps(),
        )
