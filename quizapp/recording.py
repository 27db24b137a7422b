"""Saving a drill as it is worked: the one recorder the app's drill screen and `drill --plain` plug
into `DrillSession(on_record=...)`, so an answer is stored the same way whichever front end took it.

What is stored, and what it means:
- one answer row per graded try at a step (a step tried again has a row per try, numbered,
  with the hint rung used; a reveal or a skip grades nothing and stores nothing), the moment
  the session records it, so quitting at any point loses nothing;
- `seconds` is the session's own per-step time: from the moment the step became current (the
  problem shown, or the previous step answered) to this answer, hints and refused tries included;
- when every step is done, one review of the code's skill card (`drill:family:dN`, read from the
  code by the solver's parser), rated from the problem's grade and the sum of the steps' times.
A problem the learner brought has no code and no skill card: its answers are stored under
`OWN_PROBLEM`.
"""

from __future__ import annotations

from typing import Any, Callable

OWN_PROBLEM = "own-problem"


class DrillRecorder:
    """Records one problem's drill into the store `open_store()` gives (a GuardedStore, or a
    Store), asked for with the first answer: showing a problem does not open the database."""

    def __init__(self, problem, open_store: Callable[[], Any]) -> None:
        self._open_store = open_store
        self.problem = problem
        self.item = problem.code or OWN_PROBLEM
        self.session_id: int | None = None  # opened with the first graded answer
        self.reviewed = None  # the skill card's CardState once reviewed
        self.resumes: int | None = None  # the earlier session whose unfinished work this continues
        self.replaying = False  # earlier answers being put back (quizapp.resume): stored already
        self.finished = False

    @property
    def store(self):
        return self._open_store()

    def record(self, step) -> None:
        """`DrillSession`'s on_record hook: store one StepRecord."""
        from quizapp.progress.store import AnswerRecord

        if step.text is None or self.replaying:  # a reveal or a skip: nothing was graded
            return
        if self.session_id is None:
            self.session_id = self.store.start_session("drill", self.item, self.resumes)
        self.store.record_answer(AnswerRecord(
            item=self.item, typed=step.text, verdict=step.verdict, correct=step.correct, step=step.step_id,
            session=self.session_id, carried_forward=step.carried_forward, mistake=step.mistake,
            seconds=step.seconds, kind="drill", attempt=step.attempt, hints=step.hints))

    def finish(self, session):
        """Review the skill card of a finished problem (once); None for the learner's own problem."""
        self.finished = True
        if not self.problem.code or self.reviewed is not None:
            return self.reviewed
        from quizapp.progress.scheduling import drill_card_for_code, rating_for

        seconds = drill_seconds(session)
        rating = rating_for(session.grade(), seconds, steps=len(self.problem.answers))
        self.reviewed = self.store.review(drill_card_for_code(self.problem.code), rating, seconds=seconds)
        return self.reviewed

    def close(self) -> None:
        """End the session: the problem finished, or left to be picked up later (quizapp.resume)."""
        if self.session_id is not None:
            self.store.end_session(self.session_id, "finished" if self.finished else "left")
            self.session_id = None


def drill_seconds(session) -> float:
    """Time spent on the problem's steps: the sum of the per-step times."""
    return round(sum(record.seconds or 0.0 for record in session.records), 3)
