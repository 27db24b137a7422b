"""The mock interview's pure parts: planning from a seed, scoring, the report and its advice."""

from __future__ import annotations

import pytest

from questions import load_banks
from quizapp.interview import (ConceptAnswer, InterviewPlan, PlanError, StepResult, build_report, concept_pool,
                               plan_interview)
from quizapp.interview.plan import difficulty_of
from quizapp.interview.text import clock_text, report_lines

BANKS = load_banks(None)


def test_the_same_seed_plans_the_same_interview_and_another_seed_another():
    first = plan_interview(BANKS.questions, seed=11)
    assert first == plan_interview(BANKS.questions, seed=11)
    others = {plan_interview(BANKS.questions, seed=seed) for seed in range(12, 20)}
    assert len(others) > 1
    assert InterviewPlan.from_dict(first.to_dict()) == first


def test_questions_are_open_ones_with_key_points_on_different_topics():
    for seed in range(30):
        plan = plan_interview(BANKS.questions, seed=seed, count=4)
        questions = [BANKS.by_id(qid) for qid in plan.question_ids]
        assert len(set(plan.question_ids)) == 4
        assert all(q.type == "open" and q.points for q in questions)
        assert len({q.topics[0] for q in questions}) == 4  # the pool has more than 4 main topics


def test_options_family_difficulty_minutes_and_count():
    plan = plan_interview(BANKS.questions, seed=3, minutes=7, count=2, family="mlp", difficulty=2)
    assert plan.minutes == 7 and plan.seconds == 420 and len(plan.question_ids) == 2
    assert plan.problem_code.startswith("mlp:") and difficulty_of(plan.problem_code) == 2
    easy = plan_interview(BANKS.questions, seed=3, count=2, difficulty=1)
    assert all(BANKS.by_id(qid).difficulty <= 1 for qid in easy.question_ids)
    # more questions asked than the pool holds: all of them, once each
    assert len(plan_interview(concept_pool(BANKS.questions)[:2], seed=1, count=5).question_ids) == 2


@pytest.mark.parametrize(("options", "words"), [
    ({"family": "nope"}, "unknown family"),
    ({"minutes": 0}, "--minutes"),
    ({"count": 9}, "--questions"),
])
def test_bad_options_say_what_is_wrong(options, words):
    with pytest.raises(PlanError, match=words):
        plan_interview(BANKS.questions, seed=1, **options)


def test_no_open_question_is_a_plan_error():
    with pytest.raises(PlanError, match="no open question"):
        plan_interview([q for q in BANKS.questions if q.type != "open"], seed=1)


PLAN = InterviewPlan(5, 10, ("q.a", "q.b"), "mlp:2-3-1:sigmoid:half_sse:d1#9")


def concept(qid, rating, topics=("sigmoid",), seconds=30.0):
    return ConceptAnswer(qid, topics, "text", 1, 3, rating, seconds)


def step(step_id, verdict, mistake=None, seconds=12.0):
    return StepResult(step_id, verdict, mistake, verdict == "consistent", seconds)


def test_score_weighs_the_problem_as_much_as_the_questions_with_error_carried_forward():
    steps = [step("z1", "correct"), step("a1", "wrong", "forgot_activation_derivative"),
             step("z2", "consistent"), step("L", "consistent")]
    report = build_report(PLAN, [concept("q.a", 4), concept("q.b", 3)], steps, 4, 300.0)
    assert report.concept_score == pytest.approx((1 + 2 / 3) / 2)
    assert report.problem_score == pytest.approx(3 / 4)  # one slip costs one step, not the rest
    assert report.score == round(100 * (0.5 * (1 + 2 / 3) / 2 + 0.5 * 0.75))
    assert report.first_wrong_step == "a1" and report.first_wrong_mistake == "forgot_activation_derivative"
    assert not report.time_up


def test_unreached_steps_and_unanswered_questions_earn_nothing():
    report = build_report(PLAN, [concept("q.a", 4)], [step("z1", "correct")], 5, 600.0)
    assert [c.question_id for c in report.concepts] == ["q.a", "q.b"]
    assert report.concepts[1].rating is None
    assert report.concept_score == pytest.approx(0.5) and report.problem_score == pytest.approx(0.2)
    assert report.time_up
    data = report.to_dict()
    assert data["time_up"] and data["steps_total"] == 5 and data["concepts"][1]["rating"] is None


def test_weakest_topics_and_what_to_review_next():
    concepts = [concept("q.a", 1, ("relu", "differentiability")), concept("q.b", 4, ("sigmoid",))]
    steps = [step("z1", "wrong", "sign_error"), step("a1", "consistent")]
    report = build_report(PLAN, concepts, steps, 2, 100.0)
    topics = [t.topic for t in report.weakest]
    assert topics[:2] == ["differentiability", "relu"] and "sigmoid" not in topics
    kinds = [(item.kind, item.target) for item in report.review]
    assert kinds[0] in {("question", "q.a"), ("drill", "mlp")}
    assert ("question", "q.a") in kinds and ("question", "q.b") not in kinds
    drill = next(item for item in report.review if item.kind == "drill")
    assert drill.mistake == "sign_error"
    assert drill.command(1) == "quizapp drill --family mlp --difficulty 1"


def test_a_perfect_interview_has_no_weak_topic():
    steps = [step("z1", "correct"), step("L", "close")]
    report = build_report(PLAN, [concept("q.a", 4), concept("q.b", 4)], steps, 2, 100.0)
    assert report.score == 100 and report.weakest == () and report.review == ()
    lines = report_lines(report, "en", {"z1": "z1", "L": "L"})
    assert "no step wrong." in lines and any("nothing stands out" in line for line in lines)


def test_report_text_in_each_language_names_the_step_and_the_mistake():
    steps = [step("z1", "wrong", "sign_error", 75.0)]
    report = build_report(PLAN, [concept("q.a", 2), concept("q.b", None)], steps, 3, 610.0)
    names = {"z1": "z₁"}
    en = "\n".join(report_lines(report, "en", names, mistake_name=lambda m: "a sign slip"))
    assert "first wrong step: z₁, the mistake: a sign slip" in en
    assert "not reached: 2 steps" in en and "time ran out" in en and "1:15" in en
    assert "not answered" in en and "rated 2 hard" in en
    zh = "\n".join(report_lines(report, "zh", names, mistake_name=lambda m: "符号错误"))
    assert "第一个错误的步骤：z₁，错误类型：符号错误" in zh and "time" not in zh
    one = "\n".join(report_lines(build_report(PLAN, [], steps, 2, 1.0), "en", names))
    assert "not reached: 1 step\n" in one + "\n"


def test_clock_text():
    assert [clock_text(s) for s in (0, 59.9, 61, 3600 + 62, -5)] == ["0:00", "0:59", "1:01", "1:01:02", "0:00"]
