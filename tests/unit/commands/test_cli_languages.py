"""The command line in "both" languages: Chinese then English, each text once, never one
language standing in for both (nor a message built from bilingual parts saying each twice)."""

from __future__ import annotations

from click.testing import CliRunner

from quizapp.cli import main
from solver.generate import problem_from_code

CHAIN = "chain2:sigmoid:d1#368"  # z1 = 1 (the first step)


def _run(args, stdin=None):
    return CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)


def test_plain_drill_in_both_languages_names_the_step_and_the_verdict_in_each(home):
    problem = problem_from_code(CHAIN)
    first = problem.step(problem.answers[0])
    result = _run(["drill", CHAIN, "--plain", "--lang", "both"], "1\n")
    assert result.exit_code == 0, result.output
    assert f"({first.label_zh} / {first.label_en})" in result.output
    assert "✓ 正确 / correct" in result.output
    assert "正向传播 / forward pass" in result.output  # the worked solution's phases


def test_plain_quiz_in_both_languages_offers_each_rating_once_per_language(home):
    answer = "a weighted sum w·x + b, then an activation, passed to the next layer"
    result = _run(["quiz", "--plain", "--bank", "concepts-forward", "--lang", "both"], f"{answer}\n3\nquit\n")
    assert result.exit_code == 0, result.output
    assert "1 忘了 / again, 2 困难 / hard, 3 良好 / good, 4 轻松 / easy" in result.output
    assert "参考答案 / model answer" in result.output
    assert "小结 / summary" in result.output


def test_stats_in_both_languages(home):
    result = _run(["stats", "--lang", "both"])
    assert result.exit_code == 0, result.output
    assert "已评分答案 / graded answers: 0" in result.output
    assert "今天到期 / due today: 0" in result.output


def test_stats_in_chinese_only(home):
    result = _run(["stats", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "已评分答案: 0" in result.output and "graded answers" not in result.output


def test_solve_in_both_languages_labels_every_step_in_each_even_in_the_wide_table(home, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")  # wide enough for the four-column table
    problem = problem_from_code(CHAIN)
    result = _run(["solve", CHAIN, "--lang", "both"])
    assert result.exit_code == 0, result.output
    assert "┃" in result.output  # the table, not the narrow board
    for step in problem.steps():  # the column wraps long labels: look for how each begins
        assert step.label_zh[:4] in result.output and step.label_en.split()[0] in result.output
