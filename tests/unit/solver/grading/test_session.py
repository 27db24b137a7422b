"""DrillSession: steps in order, hints, reveal, skip, records, the problem grade and the summary."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import numpy as np
import pytest

from solver.generate import problem_from_code
from solver.grading.session import DrillSession, ProblemGrade, StepRecord, Summary

CHAIN = "chain2:sigmoid:d1#368"  # x = -1, w1 = -1, w2 = 1, t = 0, eta = 0.25; z1 = 1


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def _text(value) -> str:
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return repr(float(array))
    return "[" + ", ".join(_text(row) for row in array) + "]"


def _session(code=CHAIN, **kwargs):
    problem = problem_from_code(code)
    return problem, DrillSession(problem, **kwargs)


def test_steps_are_asked_in_order_and_all_right_is_first_try():
    problem, session = _session()
    asked = []
    while not session.finished:
        asked.append(session.current)
        verdict = session.answer(_text(problem.values[session.current]))
        assert verdict.verdict == "correct"
    assert tuple(asked) == problem.answers
    assert session.current is None
    assert session.grade() is ProblemGrade.FIRST_TRY
    summary = session.summary()
    assert summary.first_error is None and summary.counts == {"correct": len(asked)}


def test_refused_answers_ask_the_same_step_again_and_are_not_recorded():
    _, session = _session()
    verdict = session.answer("1 +")
    assert verdict.verdict == "refused"
    assert session.current == "z1" and session.records == []


def test_the_hint_ladder_is_the_formula_then_its_numbers_and_the_grade_follows_the_rung():
    problem, session = _session()
    assert session.hint() == "z1 = w1·x" and session.hint_rung == 1
    session.answer("1")
    assert session.records[0].hints == 1
    assert session.hint().startswith("a1 = ") and session.hint_rung == 1
    assert session.hint() == f"a1 = σ(z1) = {problem.step('a1').substituted}" and session.hint_rung == 2
    assert session.hint_rung == 2 and session.hint().endswith(problem.step("a1").substituted)  # the top rung stays
    while not session.finished:
        session.answer(_text(problem.values[session.current]))
    assert session.grade() is ProblemGrade.HINTS
    assert session.summary().hints == 3  # rung 1 on z1, rung 2 on a1

    formula_only = DrillSession(problem)
    formula_only.hint()
    while not formula_only.finished:
        formula_only.answer(_text(problem.values[formula_only.current]))
    assert formula_only.grade() is ProblemGrade.FORMULA


def test_with_retries_a_wrong_try_keeps_the_step_and_every_try_is_recorded():
    problem, session = _session()
    session = DrillSession(problem, retries=True)
    wrong = session.answer("2")
    assert wrong.verdict == "wrong" and session.current == "z1" and session.wrong_here is wrong
    assert session.answer("[1, 2]").verdict == "refused"  # another shape: not a try
    assert session.attempt == 2
    assert session.answer(_text(problem.values["z1"])).correct and session.current == "a1"
    assert [(r.step_id, r.attempt, r.correct) for r in session.records] == [("z1", 1, False), ("z1", 2, True)]
    while not session.finished:
        session.answer(_text(problem.values[session.current]))
    assert session.grade() is ProblemGrade.RETRIED
    summary = session.summary()
    assert summary.retried == ("z1",) and summary.counts == {"correct": len(problem.answers)}
    assert summary.first_try == len(problem.answers) - 1 and summary.first_error == "z1"
    assert Summary.from_dict(summary.to_dict()) == summary


def test_with_retries_a_wrong_value_can_be_kept_and_is_carried_forward():
    problem, _ = _session()
    session = DrillSession(problem, retries=True)
    with pytest.raises(RuntimeError):
        session.keep()  # nothing wrong to keep yet
    session.answer("2")  # z1 is 1
    session.keep()
    assert session.current == "a1" and len(session.records) == 1
    verdict = session.answer(f"{1 / (1 + np.exp(-2.0)):.4f}")
    assert verdict.verdict == "consistent"


def test_carried_forward_slip_grade_and_first_real_error():
    problem, session = _session()
    session.answer("2")  # z1 is 1
    verdict = session.answer(f"{1 / (1 + np.exp(-2.0)):.4f}")  # a1 from the learner's z1
    assert verdict.verdict == "consistent" and verdict.carried_forward
    # From here on, everything worked from the learner's own values is consistent.
    while not session.finished:
        values = problem.recompute(session.earlier)
        verdict = session.answer(_text(values[session.current]))
        assert verdict.correct, (session.records[-1].step_id, verdict.message_en)
    assert session.grade() is ProblemGrade.CARRIED_FORWARD
    summary = session.summary()
    assert summary.first_error == "z1"
    assert summary.counts["wrong"] == 1 and summary.counts["consistent"] >= 1


def test_two_slips_or_a_reveal_are_wrong():
    problem, session = _session()
    session.answer("2")
    session.answer("0")  # a1 wrong too, and not from z1
    while not session.finished:
        session.answer(_text(problem.values[session.current]))
    assert session.grade() is ProblemGrade.WRONG
    assert session.summary().first_error == "z1"

    problem, session = _session()
    step = session.reveal()
    assert step.id == "z1" and step.value == 1.0
    assert session.current == "a1" and session.earlier["z1"] == 1.0
    while not session.finished:
        session.answer(_text(problem.values[session.current]))
    assert session.grade() is ProblemGrade.WRONG
    assert session.summary().counts["revealed"] == 1


def test_named_mistake_in_the_summary():
    problem, session = _session()
    while session.current != "dL/dz1":
        session.answer(_text(problem.values[session.current]))
    verdict = session.answer(_text(problem.values["dL/da1"]))
    assert verdict.mistake == "forgot_activation_derivative"
    summary = session.summary()
    assert summary.first_error == "dL/dz1" and summary.first_error_mistake == "forgot_activation_derivative"
    assert summary.mistakes == ("forgot_activation_derivative",)


def test_skip_and_unfinished_sessions():
    _, session = _session()
    session.skip()
    assert session.records[0].verdict == "skipped" and session.current == "a1"
    assert not session.finished and session.grade() is ProblemGrade.WRONG
    assert session.summary().finished is False


def test_records_time_each_step_and_reach_the_hook():
    clock = Clock()
    stored = []
    problem, session = _session(clock=clock, on_record=stored.append,
                                now=lambda: datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    clock.now += 12.5
    session.answer("1")
    clock.now += 3
    session.answer("0.5")
    assert [r.seconds for r in session.records] == [12.5, 3.0]
    assert stored == session.records
    record = stored[1]
    assert record.step_id == "a1" and record.verdict == "wrong" and record.text == "0.5"
    again = StepRecord.from_dict(json.loads(json.dumps(record.to_dict())))
    assert again == record and again.at.tzinfo is not None


def test_summary_round_trips():
    problem, session = _session()
    session.answer("2")
    summary = session.summary()
    again = Summary.from_dict(json.loads(json.dumps(summary.to_dict())))
    assert again == summary
    assert ProblemGrade.CARRIED_FORWARD.describe("en") and ProblemGrade.CARRIED_FORWARD.describe("zh")


def test_finished_session_refuses_more_answers():
    problem, session = _session("activation-derivative:sigmoid:d1#1")
    while not session.finished:
        session.reveal()
    with pytest.raises(RuntimeError):
        session.answer("1")


def test_unknown_steps_are_rejected():
    problem = problem_from_code(CHAIN)
    with pytest.raises(KeyError):
        DrillSession(problem, steps=["z1", "nope"])
    assert DrillSession(problem, steps=["a1"]).current == "a1"


def test_matrix_problem_flow():
    problem, session = _session("mlp:2-3-1:tanh:half_sse:d2#11")
    while not session.finished:
        step_id = session.current
        value = problem.values[step_id]
        if step_id == "dL/dW1":
            verdict = session.answer(_text(np.asarray(value).T))
            assert verdict.mistake == "transposed"
        else:
            assert session.answer(_text(value)).correct
    assert session.grade() is ProblemGrade.WRONG  # one slip with nothing carried from it
    assert session.summary().first_error == "dL/dW1"


def test_the_learners_figures_setting_reaches_every_step():
    problem = problem_from_code(CHAIN)
    step = problem.answers[1]
    two_figures = f"{float(problem.values[step]):.2g}"
    strict, lenient = DrillSession(problem), DrillSession(problem, figures=2)
    for session in (strict, lenient):
        session.answer(repr(float(problem.values[problem.answers[0]])))
    assert strict.answer(two_figures).verdict == "more_digits"
    assert lenient.answer(two_figures).correct


def _first_step_with_many_figures(problem) -> str:
    """A step whose value is not written exactly in 2 figures (0.731, not 1.0)."""
    for step_id in problem.answers:
        value = problem.values[step_id]
        if isinstance(value, float) and value != float(f"{value:.3g}"):
            return step_id
    raise AssertionError("every value is round")  # pragma: no cover


def test_keep_more_digits_asks_the_same_step_again_and_records_nothing():
    problem = problem_from_code(CHAIN)
    step = _first_step_with_many_figures(problem)
    session = DrillSession(problem)
    while session.current != step:
        session.answer(repr(float(problem.values[session.current])))
    recorded = len(session.records)
    verdict = session.answer(f"{problem.values[step]:.2g}")
    assert verdict.verdict == "more_digits" and not verdict.correct
    assert session.current == step and len(session.records) == recorded
    assert session.answer(f"{problem.values[step]:.4g}").correct
    assert session.current != step and session.records[-1].verdict == "correct"


