"""`quizapp check --question ID TEXT` and the plain `quizapp quiz` session."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from questions import load_banks
from quizapp.cli import main
from quizapp.progress.store import Store
from solver.fmt import format_value
from solver.generate import problem_from_code

BANKS = load_banks(None)


def check(*args: str):
    return CliRunner().invoke(main, ["check", "--json", "--question", *args])


def test_check_an_open_answer_lists_the_points():
    result = check("article.gradient-descent-how", "W := W − lr·dL/dW, repeated over many iterations")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    covered = {entry["id"]: entry["covered"] for entry in data["points"]}
    assert data["type"] == "open" and covered["update-rule"] and covered["iterate"] and not covered["learning-rate"]
    assert [entry["id"] for entry in data["points"]] == [p.id for p in BANKS.by_id("article.gradient-descent-how").points]


def test_check_a_wrong_update_rule_earns_no_update_point():
    data = json.loads(check("article.gradient-descent-how", "w = w + η·g").output)
    assert not any(entry["covered"] for entry in data["points"] if entry["id"] == "update-rule")


@pytest.mark.parametrize(("qid", "right", "wrong"), [
    ("concepts-forward.bias-role", "1", "2"),
    ("concepts-training.lr-symptoms", "1,2,5", "1,2"),
    ("concepts-activations.relu-at-zero", "false", "true"),
    ("concepts-training.gd-one-step", "1.0", "0.6"),
    ("concepts-training.update-rule", "w - eta*g", "w + eta*g"),
])
def test_check_graded_types(qid, right, wrong):
    assert json.loads(check(qid, right).output)["correct"] is True
    data = json.loads(check(qid, wrong).output)
    assert data["correct"] is False and data["verdict"] == "wrong"


def test_check_a_step_question_with_the_solvers_value():
    question = BANKS.by_id("concepts-backprop.chain2-sigmoid-dw1")
    value = problem_from_code(question.code).value(question.step)
    assert json.loads(check(question.id, f"{value:.4g}").output)["correct"] is True
    assert json.loads(check(question.id, f"{-value:.4g}").output)["correct"] is False


def test_check_refuses_what_it_cannot_read_and_unknown_questions():
    result = check("concepts-forward.bias-role", "7")
    assert result.exit_code == 2 and json.loads(result.output)["verdict"] == "refused"
    result = CliRunner().invoke(main, ["check", "--question", "nope.nothing", "1"])
    assert result.exit_code == 2 and "no question 'nope.nothing'" in result.output
    result = CliRunner().invoke(main, ["check", "--question", "concepts-forward.bias-role"])
    assert result.exit_code == 2 and "expected --question ID TEXT" in result.output


def test_check_in_words():
    result = CliRunner().invoke(main, ["check", "--question", "concepts-forward.bias-role", "1"])
    assert result.exit_code == 0 and "correct" in result.output


def test_plain_quiz_saves_answers_and_ratings(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    # concepts-forward in bank order: neuron-computation (open), weighted-sum-value (numeric), ...
    lines = ["a weighted sum w·x + b, then an activation, passed to the next layer", "3", "-1.5", "quit"]
    result = CliRunner().invoke(main, ["quiz", "--plain", "--bank", "concepts-forward", "--lang", "en"],
                                input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "✓ a weighted sum plus bias" in result.output and "model answer" in result.output
    assert "answered 2 of 3" in result.output
    with Store.open(tmp_path / "progress.sqlite3") as store:
        saved = {a.item: a for a in store.answers()}
        assert saved["concepts-forward.neuron-computation"].verdict == "self-3"
        assert saved["concepts-forward.weighted-sum-value"].correct
        assert store.card("q:concepts-forward.neuron-computation") is not None
        assert store.card("q:concepts-forward.weighted-sum-value") is not None


def test_plain_quiz_filters_and_skips(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    result = CliRunner().invoke(main, ["quiz", "--plain", "--topic", "leaky-relu", "--lang", "en"],
                                input="skip\n")
    assert result.exit_code == 0, result.output
    assert "[1/1] concepts-activations.leaky-relu-derivative" in result.output and "skipped 1" in result.output
    result = CliRunner().invoke(main, ["quiz", "--plain", "--count", "2", "--seed", "1", "--type", "truefalse"],
                                input="")
    assert result.exit_code == 0 and "[1/2]" in result.output and "[2/2]" not in result.output
    result = CliRunner().invoke(main, ["quiz", "--plain", "--bank", "nope"])
    assert result.exit_code == 2 and "no bank nope" in result.output
