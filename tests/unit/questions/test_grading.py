"""questions.grading: one verdict for an answer to a bank question, whichever front end took it.

The tolerance is pinned: a numeric question with a tolerance of its own is held to it (absolute);
one without is held to the learner's significant figures, 4 unless set lower, the same for the
quiz screen, `quiz --plain` and `check --question` (the screen once used the figures setting
while `check --question` used a relative 1e-3)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from questions import load_banks
from questions.grading import choice_numbers, grade_chosen, grade_question

BANKS = load_banks(None)
SIGMOID_OUT = BANKS.by_id("concepts-forward.sigmoid-neuron-output")  # 0.7310585..., tolerance 0.001


def test_a_numeric_question_with_its_own_tolerance_is_held_to_it():
    assert SIGMOID_OUT.tolerance == 0.001
    assert grade_question(SIGMOID_OUT, "0.7315").correct  # 0.00044 off: inside the absolute 0.001
    assert grade_question(SIGMOID_OUT, "0.7315", figures=4).correct  # the figures setting does not apply
    assert grade_question(SIGMOID_OUT, "0.733").verdict == "wrong"  # 0.0019 off


def test_a_numeric_question_without_one_is_held_to_the_significant_figures():
    question = replace(SIGMOID_OUT, tolerance=None)
    assert grade_question(question, "0.7311").verdict == "correct"
    # Right to 3 figures, 4 asked for (the default): answer again (a relative 1e-3 called it close).
    short = grade_question(question, "0.7315")
    assert short.verdict == "more_digits" and short.asks_again
    assert grade_question(question, "0.7315", figures=3).verdict == "correct"
    assert grade_question(question, "0.73", figures=2).verdict == "correct"
    assert grade_question(question, "0.7411").verdict == "wrong"


def test_the_json_of_check_question_is_the_grade():
    from click.testing import CliRunner

    from quizapp.cli import main

    result = CliRunner().invoke(main, ["check", "--json", "--question", SIGMOID_OUT.id, "0.7315"])
    assert json.loads(result.output) == grade_question(SIGMOID_OUT, "0.7315").to_dict()


@pytest.mark.parametrize(("typed", "chosen"), [("2", {1}), ("1, 3", {0, 2}), ("1 3", {0, 2}), ("1，3", {0, 2}),
                                               ("x", None), ("9", None), ("", None)])
def test_choice_numbers(typed, chosen):
    assert choice_numbers(typed, 3) == chosen


def test_choices_and_truth():
    single = next(q for q in BANKS.questions if q.type == "single")
    right = single.correct_choices()[0]
    assert grade_chosen(single, {right}).correct
    assert grade_question(single, str(right + 1)).to_dict()["chosen"] == [right + 1]
    refused = grade_question(single, "1,2")
    assert refused.verdict == "refused" and refused.asks_again and "one choice number" in refused.details["message"]
    truth = next(q for q in BANKS.questions if q.type == "truefalse")
    assert grade_question(truth, "对" if truth.truth else "错").correct
    assert grade_question(truth, "maybe").verdict == "refused"


def test_an_open_question_is_not_graded():
    question = BANKS.by_id("article.gradient-descent-how")
    graded = grade_question(question, "W := W − lr·dL/dW")
    assert graded.correct is None and graded.verdict == "self-rated" and not graded.asks_again
    assert "correct" not in graded.to_dict() and graded.to_dict()["total"] == len(question.points)
