"""InterviewRun: the order of an interview, its clock, and what it saves."""

from __future__ import annotations

import pytest

from questions import load_banks
from quizapp.interview import plan_interview
from quizapp.interview.run import DONE, PROBLEM, QUESTION, InterviewRun
from solver.fmt import format_value
from solver.generate import problem_from_code

BANKS = load_banks(None)


class FakeServices:
    def __init__(self):
        self.calls = []

    def start_session(self, kind):
        self.calls.append(("start", kind))
        return 1

    def end_session(self, session_id):
        self.calls.append(("end", session_id))

    def record_question(self, question, typed, verdict, correct, session, seconds):
        self.calls.append(("question", question.id, verdict, seconds))

    def review_question(self, question_id, rating, seconds):
        self.calls.append(("review", question_id, rating))

    @property
    def store(self):
        return self

    def record_answer(self, record):
        self.calls.append(("step", record.step, record.verdict, record.session, record.seconds))

    def review(self, card_id, rating, seconds=None):
        self.calls.append(("card", card_id, rating))


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def make_run(minutes=5):
    plan = plan_interview(BANKS.questions, seed=2, count=2, minutes=minutes, family="chain2")
    clock, services = Clock(), FakeServices()
    run = InterviewRun(plan, [BANKS.by_id(q) for q in plan.question_ids], problem_from_code(plan.problem_code),
                       services, clock=clock)
    return run, clock, services


def test_questions_then_the_problem_timed_and_saved():
    run, clock, services = make_run()
    assert run.stage == QUESTION and run.position == (1, 3)
    with pytest.raises(RuntimeError):
        run.rate(3)  # rating before answering
    clock.now += 40
    covered = run.answer_question("the gradient, times the learning rate, is subtracted")
    assert len(covered) == len(run.question.points)
    clock.now += 20  # reading the key points is not answer time
    run.rate(4)
    clock.now += 5
    run.pass_question()
    assert run.stage == PROBLEM and run.remaining == pytest.approx(300 - 65)
    clock.now += 30
    for step_id in run.problem.answers:
        assert run.answer_step(format_value(run.problem.values[step_id])).verdict in ("correct", "close")
    assert run.stage == DONE
    report = run.finish()
    assert report is run.finish()  # once
    assert report.concepts[0].seconds == 40 and report.concepts[0].rating == 4
    assert report.concepts[1].rating is None and report.steps[0].seconds == 30
    assert report.problem_score == 1 and report.seconds == pytest.approx(95)
    kinds = [call[0] for call in services.calls]
    assert kinds[0] == "start" and kinds[-1] == "end" and kinds.count("start") == 1
    assert ("review", run.plan.question_ids[1], 1) in services.calls  # a pass is "again"
    assert ("card", "drill:chain2:d1", 4) in services.calls  # first try, fast: easy
    assert [call[3] for call in services.calls if call[0] == "step"] == [1] * len(run.problem.answers)


def test_time_up_ends_with_what_was_done():
    run, clock, services = make_run(minutes=1)
    run.answer_question("no idea")
    clock.now += 61
    assert run.time_up and run.remaining == 0
    report = run.finish()
    assert report.time_up and report.score == 0 and [c.rating for c in report.concepts] == [None, None]
    assert ("end", 1) not in services.calls  # nothing was saved, so no empty session in history
