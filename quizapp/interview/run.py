"""One mock interview being sat: where it is, the clock, and saving each answer as it is made.

Both front ends drive an `InterviewRun`: the concept questions in order (answer, see the key
points and the model answer, rate yourself 1-4, or pass), then the whiteboard problem step by
step through solver.session.DrillSession, without hints and without a verdict per step (an
interviewer lets you work; a step that cannot be read is asked again). When the last step is
answered or the time is up, `finish()` closes the session in history and returns the report.

Saving goes through the app's Services, as the quiz and the drill save: every answer is its own
row in the "interview" session the moment it is made, each concept question's card is reviewed
with the self-rating (a pass counts as "again"), and the problem family's skill card is reviewed
with the problem's grade (unfinished counts as not yet right).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from quizapp.interview.plan import InterviewPlan
from quizapp.interview.report import ConceptAnswer, InterviewReport, build_report, steps_from_records

SESSION_KIND = "interview"
QUESTION, PROBLEM, DONE = "question", "problem", "done"


class InterviewRun:
    def __init__(self, plan: InterviewPlan, questions: Sequence, problem, services, *,
                 clock: Callable[[], float] = time.monotonic, figures: int | None = None) -> None:
        self.plan = plan
        self.questions = list(questions)
        self.problem = problem
        self.services = services
        self._clock = clock
        self.started = clock()
        self.concepts: list[ConceptAnswer] = []
        self._figures = figures  # the learner's significant-figures setting
        self.drill = None  # the problem's DrillSession, from the moment the problem is asked
        self.index = 0  # the concept question being asked; len(questions) once at the problem
        self.typed: str | None = None  # the current question's answer, once given (then: rate it)
        self.covered: list[bool] = []
        self._asked_at = self.started
        self._answered_at = self.started
        self.session_id: int | None = None
        self.report: InterviewReport | None = None
        if not self.questions:
            self._start_problem()

    # -- where it is ----------------------------------------------------------------------------
    @property
    def elapsed(self) -> float:
        return self._clock() - self.started

    @property
    def remaining(self) -> float:
        return max(0.0, self.plan.seconds - self.elapsed)

    @property
    def time_up(self) -> bool:
        return self.elapsed >= self.plan.seconds

    @property
    def stage(self) -> str:
        if self.report is not None or (self.drill is not None and self.drill.finished):
            return DONE
        return QUESTION if self.index < len(self.questions) else PROBLEM

    @property
    def question(self):
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def position(self) -> tuple[int, int]:
        """(1-based number of the current item, items in all): each question, then the problem."""
        return min(self.index + 1, len(self.questions) + 1), len(self.questions) + 1

    # -- concept questions ----------------------------------------------------------------------
    def answer_question(self, typed: str) -> list[bool]:
        """Take the answer to the current question; gives which key points it seems to cover."""
        from questions.rubric import match

        question = self._require(QUESTION)
        if self.typed is not None:
            raise RuntimeError("this question is answered: rate it")
        self.typed = typed
        self.covered = match(typed, question.points)
        self._answered_at = self._clock()
        return self.covered

    def rate(self, rating: int) -> None:
        """The candidate's own rating 1-4 of the answer just given; moves to the next item."""
        question = self._require(QUESTION)
        if self.typed is None:
            raise RuntimeError("answer the question before rating it")
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"a rating is 1-4, not {rating!r}")
        seconds = round(self._answered_at - self._asked_at, 3)
        self.services.record_question(question, self.typed, f"self-{rating}", rating >= 3, self._session(),
                                      seconds)
        self.services.review_question(question.id, rating, seconds)
        self.concepts.append(ConceptAnswer(question.id, tuple(question.topics), self.typed, sum(self.covered),
                                           len(question.points), rating, seconds))
        self._next_question()

    def pass_question(self) -> None:
        """"I don't know": nothing typed is saved, and the card comes back as "again"."""
        question = self._require(QUESTION)
        seconds = round(self._clock() - self._asked_at, 3)
        self._session()
        self.services.review_question(question.id, 1, seconds)
        self.concepts.append(ConceptAnswer(question.id, tuple(question.topics), self.typed or "", 0,
                                           len(question.points), None, seconds))
        self._next_question()

    def _next_question(self) -> None:
        self.index += 1
        self.typed, self.covered = None, []
        self._asked_at = self._clock()
        if self.index == len(self.questions):
            self._start_problem()

    def _start_problem(self) -> None:
        from solver.grading.session import DrillSession

        # Made now, so that the first step's time starts when the problem is shown.
        self.drill = DrillSession(self.problem, on_record=self._save_step, clock=self._clock,
                                  figures=self._figures)

    # -- the whiteboard problem -----------------------------------------------------------------
    def answer_step(self, text: str):
        """Grade one step (error carried forward); a refused answer is asked again."""
        self._require(PROBLEM)
        self._session()
        return self.drill.answer(text)

    def pass_step(self) -> None:
        self._require(PROBLEM)
        self._session()
        self.drill.skip()

    def _save_step(self, record) -> None:
        """DrillSession's on_record hook: one answer row per graded step, as quizapp.recording
        stores a drill's, in the interview's session."""
        from quizapp.progress.store import AnswerRecord
        from quizapp.recording import OWN_PROBLEM

        if record.text is None:  # a pass: nothing was graded
            return
        self.services.store.record_answer(AnswerRecord(
            item=self.problem.code or OWN_PROBLEM, typed=record.text, verdict=record.verdict,
            correct=record.correct, step=record.step_id, session=self._session(),
            carried_forward=record.carried_forward, mistake=record.mistake, seconds=record.seconds, kind="drill"))

    # -- the end --------------------------------------------------------------------------------
    def finish(self) -> InterviewReport:
        """Close the interview (all done, time up, or stopped): review the problem's skill card
        when any step was tried, end the session in history, and give the report. Idempotent."""
        if self.report is not None:
            return self.report
        seconds = round(self.elapsed, 3)
        records = self.drill.records if self.drill is not None else []
        if records and self.problem.code:
            from quizapp.progress.scheduling import drill_card_for_code, rating_for
            from quizapp.recording import drill_seconds

            step_seconds = drill_seconds(self.drill)
            rating = rating_for(self.drill.grade(), step_seconds, steps=len(self.drill.steps))
            self.services.store.review(drill_card_for_code(self.problem.code), rating, seconds=step_seconds)
        if self.session_id is not None:
            self.services.end_session(self.session_id)
        self.report = build_report(self.plan, self.concepts, steps_from_records(records),
                                   len(self.problem.answers), seconds)
        return self.report

    def _session(self) -> int:
        if self.session_id is None:
            self.session_id = self.services.start_session(SESSION_KIND)
        return self.session_id

    def _require(self, stage: str):
        if self.stage != stage:
            raise RuntimeError(f"the interview is at the {self.stage}, not a {stage}")
        return self.question if stage == QUESTION else self.drill.current
