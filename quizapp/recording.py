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

`take_answer` is how both front ends take a line typed at a step, so that trying again,
keeping a wrong answer and what is stored of it are one rule, not two copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

OWN_PROBLEM = "own-problem"

# What an answer typed at the current step did (Turn.outcome).
ASKED_AGAIN = "asked_again"  # unreadable, the wrong shape, short of figures: not a try, asked again
TRY_AGAIN = "try_again"  # a wrong try: stored, the step stays open, the value not given away
KEPT = "kept"  # the same wrong answer again: kept, carried forward, the step moves on (nothing new stored)
MOVED_ON = "moved_on"  # graded and done with (right, or wrong without retries)


@dataclass(frozen=True)
class Turn:
    step_id: str
    verdict: Any  # solver.grading.grade.Verdict: of this try, or of the try kept
    outcome: str  # ASKED_AGAIN, TRY_AGAIN, KEPT or MOVED_ON
    attempt: int  # the try the verdict is of (for ASKED_AGAIN: the try still to come)

    @property
    def retrying(self) -> bool:
        """The step is open for another try: show what is off, not the right value."""
        return self.outcome == TRY_AGAIN


def take_answer(session, typed: str) -> Turn:
    """Grade `typed` as the next try at `session`'s current step (a `DrillSession` with retries).

    The same text as the step's last, wrong, try means the learner keeps it: the step moves on
    with that value carried forward, and nothing is graded or stored again."""
    step_id = session.current
    if session.wrong_here is not None and typed.strip() == (session.records[-1].text or "").strip():
        kept, attempt = session.wrong_here, session.records[-1].attempt
        session.keep()
        return Turn(step_id, kept, KEPT, attempt)
    verdict = session.answer(typed)
    if verdict.asks_again:
        return Turn(step_id, verdict, ASKED_AGAIN, session.attempt)
    stays = session.current == step_id
    return Turn(step_id, verdict, TRY_AGAIN if stays else MOVED_ON, session.records[-1].attempt)


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
        from quizapp.progress.scheduling import drill_card_for_code

        self.reviewed = self.store.review(drill_card_for_code(self.problem.code), drill_rating(session),
                                          seconds=drill_seconds(session))
        return self.reviewed

    def close(self) -> None:
        """End the session: the problem finished, or left to be picked up later (quizapp.resume)."""
        if self.session_id is not None:
            self.store.end_session(self.session_id, "finished" if self.finished else "left")
            self.session_id = None


def drill_seconds(session) -> float:
    """Time spent on the problem's steps: the sum of the per-step times."""
    return round(sum(record.seconds or 0.0 for record in session.records), 3)


def drill_rating(session) -> int:
    """The 1-4 rating a finished problem's skill card gets: from its grade (first-try work
    apart from work right at a later try or with hints) and the time its steps took."""
    from quizapp.progress.scheduling import rating_for

    return rating_for(session.grade(), drill_seconds(session), steps=len(session.problem.answers))
