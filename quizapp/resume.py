"""Picking up a problem left unfinished: the app was closed, the drill left, the process killed.

Every graded answer is in the store the moment it is graded, so the work is there; resuming
puts it back. The earlier answers are graded again, in order, by a fresh `DrillSession` (the
same texts give the same verdicts and the same carried values), and their stored times are
kept, so the problem's rating counts the time spent before the break. A step the learner
moved past without a graded answer (revealed or skipped) is revealed again. Nothing is stored
twice: the recorder is told it is replaying, and the new answers go to a new session that
names the one it continues (`resumes`), so `history` keeps each sitting as it happened.

The hint rungs come back with the tries they were stored with (the `hints` of each answer).
A rung used on a step left before any graded try is on no row: nothing in the schema keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from quizapp.recording import DrillRecorder


@dataclass(frozen=True)
class EarlierWork:
    """The unfinished work on one problem: the session it was left in and its graded answers."""

    session: int
    code: str
    answers: tuple  # AnswerRecord, oldest first

    @property
    def steps(self) -> int:
        """How many of the problem's steps have a graded answer."""
        return len({answer.step for answer in self.answers})


def earlier_work(store, code: str | None) -> EarlierWork | None:
    """The unfinished work on the problem `code`, if its latest session left it unfinished."""
    if not code:
        return None
    for session, _ in store.unfinished_drills(limit=1, item=code):
        answers = tuple(store.drill_work(session))
        return EarlierWork(session, code, answers) if answers else None
    return None


def latest_unfinished(store, build_problem, limit: int = 5):
    """(EarlierWork, problem) of the problem most recently left unfinished, or None.

    `build_problem(code)` gives the problem (or raises UserError for a code that no longer
    resolves). A problem whose answers already cover every step, its last one right, is not
    offered: an older release, or a plain session, may have ended it without saying it was finished.
    """
    from quizapp.errors import UserError

    for session, code in store.unfinished_drills(limit=limit):
        answers = tuple(store.drill_work(session))
        if not answers:
            continue
        try:
            problem = build_problem(code)
        except UserError:
            continue
        if not _answered_to_the_end(answers, problem):
            return EarlierWork(session, code, answers), problem
    return None


def _answered_to_the_end(answers, problem) -> bool:
    """Every step has a graded try and the last step's last try was right: nothing left to do.
    A last step left at a wrong try is still open (it can be tried again or kept)."""
    if not {answer.step for answer in answers} >= set(problem.answers):
        return False
    last = next(answer for answer in reversed(answers) if answer.step == problem.answers[-1])
    return last.correct


@dataclass(frozen=True)
class Restored:
    """One restored step, as the front ends show it: a graded try (`typed`, its Verdict in
    `shown`, which try it was) or a step passed over (`typed` None, the revealed Step in `shown`).
    `hints` are the hint ladder's rungs newly shown before this try, in order."""

    step_id: str
    typed: str | None
    shown: object
    attempt: int = 1
    hints: tuple[str, ...] = ()


def restore(session, recorder: DrillRecorder, work: EarlierWork) -> list[Restored]:
    """Put `work`'s answers back into a fresh `session` without storing them again.

    Each try is given the hint rungs it was stored with before it is graded again, so the
    problem's grade (and its rating's cap) counts the hints used before the break.
    """
    from solver.grading.session import HINT_RUNGS

    shown: list[Restored] = []
    recorder.resumes = work.session
    recorder.replaying = True
    try:
        for answer in work.answers:
            if session.finished:
                break
            if answer.step not in session.steps[session.steps.index(session.current):]:
                continue  # a step already behind us (a later try at it): the first one stands
            while session.current != answer.step:  # moved past without a right answer
                if getattr(session, "wrong_here", None) is not None:
                    session.keep()  # the last try was wrong and kept: it is carried forward
                    continue
                step_id = session.current  # no graded answer at all: revealed then
                shown.append(Restored(step_id, None, session.reveal(), attempt=0))
            rung = min(answer.hints, max(HINT_RUNGS))  # a row's number is not trusted past the ladder
            hints = []
            while session.hint_rung < rung:
                hints.append(session.hint())
            before = len(session.records)
            verdict = session.answer(answer.typed)
            if len(session.records) > before:  # graded: keep the time it really took, and when
                session.records[-1] = replace(session.records[-1], seconds=answer.seconds,
                                              **({"at": answer.at} if answer.at else {}))
            shown.append(Restored(answer.step, answer.typed, verdict, session.records[-1].attempt
                                  if len(session.records) > before else session.attempt, tuple(hints)))
    finally:
        recorder.replaying = False
    return shown
