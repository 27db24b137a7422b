"""One drill recorder for both front ends: what a drill stores, and what `seconds` means.

`seconds` is the time a step took: from the moment it became current (the problem shown, or the
previous step answered) to its answer. Both front ends are driven here with the same injected
clock, three answers 0.5 s apart, and must store 0.5 each (the app once stored the time since
the problem started, 0.5, 1.0, 1.5; see also tests/functional/test_drill_flow.py).
"""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from quizapp.recording import OWN_PROBLEM, DrillRecorder, drill_seconds
from quizapp.progress.store import Store
from solver.generate import problem_from_code
from solver.grading.session import DrillSession

CHAIN = "chain2:sigmoid:d1#368"


class Ticking:
    """A monotonic clock that moves `step` seconds each time it is read."""

    def __init__(self, step: float = 0.5) -> None:
        self.step, self.now = step, 100.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def answer_text(problem, step_id: str) -> str:
    value = problem.values[step_id]
    return repr(float(value)) if np.ndim(value) == 0 else json.dumps(np.asarray(value).tolist())


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        yield opened


def test_each_answer_is_stored_with_the_seconds_of_its_own_step(store):
    problem = problem_from_code(CHAIN)
    recorder = DrillRecorder(problem, lambda: store)
    session = DrillSession(problem, on_record=recorder.record, clock=Ticking(0.5))
    for step_id in problem.answers[:3]:
        session.answer(answer_text(problem, step_id))
    answers = store.answers()
    assert [a.step for a in answers] == list(problem.answers[:3])
    assert [a.seconds for a in answers] == [0.5, 0.5, 0.5]
    assert {a.item for a in answers} == {CHAIN} and {a.kind for a in answers} == {"drill"}
    assert len({a.session for a in answers}) == 1 and answers[0].session is not None


def test_reveals_and_skips_store_nothing_and_a_refused_answer_keeps_the_step_timing(store):
    problem = problem_from_code(CHAIN)
    recorder = DrillRecorder(problem, lambda: store)
    session = DrillSession(problem, on_record=recorder.record, clock=Ticking(0.5))
    session.reveal()
    session.skip()
    assert store.answers() == [] and recorder.session_id is None  # nothing graded: no session opened
    step_id = session.current
    assert session.answer("[[").verdict == "refused"  # asked again: the step's clock keeps running
    session.answer(answer_text(problem, step_id))
    (answer,) = store.answers()
    assert answer.step == step_id and answer.seconds == 0.5


def test_a_finished_problem_reviews_its_skill_card_once_with_the_summed_step_times(store):
    problem = problem_from_code("mlp:2-2-1:sigmoid:half_sse:d2#5")
    recorder = DrillRecorder(problem, lambda: store)
    session = DrillSession(problem, on_record=recorder.record, clock=Ticking(0.25))
    for step_id in problem.answers:
        session.answer(answer_text(problem, step_id))
    assert drill_seconds(session) == 0.25 * len(problem.answers)
    state = recorder.finish(session)
    assert recorder.finish(session) is state  # once
    assert store.card("drill:mlp:d2") is not None
    (review,) = store.review_log()
    assert review["card_id"] == "drill:mlp:d2" and review["duration_ms"] == int(250 * len(problem.answers))
    recorder.close()


def test_the_learners_own_problem_is_stored_without_a_card(store):
    from solver.expression import expression_problem

    problem = expression_problem("x*y", "x=2, y=3")
    recorder = DrillRecorder(problem, lambda: store)
    session = DrillSession(problem, on_record=recorder.record)
    for step_id in problem.answers:
        session.answer(answer_text(problem, step_id))
    assert recorder.finish(session) is None and store.review_log() == []
    assert {a.item for a in store.answers()} == {OWN_PROBLEM}


def test_the_plain_cli_stores_the_same_seconds(tmp_path, monkeypatch):
    from quizapp.commands.drill import _Recorder, run_plain

    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    problem = problem_from_code(CHAIN)
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(answer_text(problem, s) + "\n"
                                                          for s in problem.answers[:3])))
    recorder = _Recorder.open(problem, "en")
    try:
        assert run_plain(problem, "en", recorder.record, recorder.finish, clock=Ticking(0.5)) == "stopped"
    finally:
        recorder.close()
    with Store.open(tmp_path / "progress.sqlite3") as store:
        assert [a.seconds for a in store.answers()] == [0.5, 0.5, 0.5]
