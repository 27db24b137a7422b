"""`quizapp interview --plain`: the timed mock interview on standard input, saved and reported."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from questions import load_banks
from quizapp.cli import main
from quizapp.interview import plan_interview
from quizapp.progress.store import Store
from solver.fmt import format_value
from solver.generate import problem_from_code

BANKS = load_banks(None)
OPTIONS = ["--seed", "4", "--questions", "2", "--family", "chain2"]


def answers_for(plan, wrong_first: bool = False) -> list[str]:
    """Lines that answer the plan's questions (rated 3, then pass) and its problem's steps."""
    problem = problem_from_code(plan.problem_code)
    steps = [format_value(problem.values[step]) for step in problem.answers]
    if wrong_first:
        steps[0] = "123.5"
    return ["the chain rule multiplies local derivatives", "3", "pass", "?", *steps]


def test_a_plain_interview_is_saved_reviewed_and_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    plan = plan_interview(BANKS.questions, seed=4, count=2, family="chain2")
    problem = problem_from_code(plan.problem_code)
    result = CliRunner().invoke(main, ["interview", "--plain", *OPTIONS, "--lang", "en"],
                                input="\n".join(answers_for(plan, wrong_first=True)) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Mock interview: 2 concept questions and one whiteboard problem, 20:00 (seed 4)" in out
    assert f"[1/3] 20:00 left · {plan.question_ids[0]}" in out or "[1/3] 19:59 left" in out
    assert "key points:" in out and "model answer:" in out
    assert "== Interview report" in out and "Review next:" in out
    first = problem.template.display_names.get(problem.answers[0], problem.answers[0])
    assert f"first wrong step: {first}" in out
    assert "hint:" not in out  # "?" asks for the formula in a drill; not in an interview
    with Store.open(tmp_path / "progress.sqlite3") as store:
        history = store.history().to_dict()
        assert [s["kind"] for s in history["sessions"]] == ["interview"]
        assert history["sessions"][0]["ended"] is not None
        answers = store.answers()
        assert answers[0].item == plan.question_ids[0] and answers[0].verdict == "self-3"
        steps = [a for a in answers if a.kind == "drill"]
        assert len(steps) == len(problem.answers) and steps[0].verdict == "wrong"
        assert all(a.session == history["sessions"][0]["id"] for a in answers)
        # the same cards the quiz and the drill feed
        assert store.card(f"q:{plan.question_ids[0]}") is not None
        assert store.card(f"q:{plan.question_ids[1]}") is not None  # passed: comes back as "again"
        assert store.card("drill:chain2:d1") is not None


def test_json_report_and_a_refused_step_asked_again():
    plan = plan_interview(BANKS.questions, seed=4, count=2, family="chain2")
    lines = answers_for(plan)
    lines.insert(3, "[1, 2, 3]]")  # cannot be read: said on the spot and the step asked again
    result = CliRunner().invoke(main, ["interview", "--plain", "--json", *OPTIONS],
                                input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["plan"]["question_ids"] == list(plan.question_ids)
    assert report["first_wrong_step"] is None and report["problem_score"] == 1.0
    assert [c["rating"] for c in report["concepts"]] == [3, None]
    assert report["score"] == round(100 * (0.5 * (2 / 3) / 2 + 0.5))
    assert all(s["seconds"] is not None for s in report["steps"])


def test_quit_and_end_of_input_still_report_and_close_the_session(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    result = CliRunner().invoke(main, ["interview", "--plain", *OPTIONS, "--lang", "zh"], input="quit\n")
    assert result.exit_code == 0, result.output
    assert "模拟面试报告" in result.output and "未作答" in result.output and "Interview" not in result.output
    # The weakest topics are named in Chinese too, not by their tags (backpropagation, chain-rule).
    weakest = next(line for line in result.output.splitlines() if line.startswith("最弱的主题："))
    assert "反向传播" in weakest and not re.search(r"[a-z]{3}", weakest), weakest
    result = CliRunner().invoke(main, ["interview", "--plain", *OPTIONS], input="")
    assert result.exit_code == 0 and "Interview report" in result.output


def test_bad_options_are_clear_messages():
    result = CliRunner().invoke(main, ["interview", "--plain", "--family", "nope"])
    assert result.exit_code == 2 and "unknown family 'nope'" in result.output
    result = CliRunner().invoke(main, ["interview", "--plain", "--minutes", "0"])
    assert result.exit_code == 2 and "--minutes" in result.output
