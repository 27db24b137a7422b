"""A plain drill saves every graded answer and reviews the family's skill card, like the app."""

from __future__ import annotations

from click.testing import CliRunner

from quizapp.cli import main
from quizapp.progress.store import Store
from solver.generate import problem_from_code

CODE = "chain2:sigmoid:d1#1768"


def test_plain_drill_saves_answers_and_reviews_the_skill_card(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    problem = problem_from_code(CODE)
    answers = [repr(float(problem.values[step])) for step in problem.answers]
    answers[1:2] = ["0.5", "0.5"]  # one wrong answer, kept by typing it again: saved once, as wrong
    result = CliRunner().invoke(main, ["drill", CODE, "--plain", "--lang", "en"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "progress.sqlite3") as store:
        saved = store.answers()
        assert len(saved) == len(problem.answers)
        assert {a.item for a in saved} == {CODE}
        assert [a.correct for a in saved].count(False) >= 1
        card = store.card("drill:chain2:d1")
        assert card is not None


def test_stopping_early_keeps_what_was_graded(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    problem = problem_from_code(CODE)
    first_two = "\n".join(repr(float(problem.values[step])) for step in problem.answers[:2]) + "\n"
    result = CliRunner().invoke(main, ["drill", CODE, "--plain"], input=first_two)
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "progress.sqlite3") as store:
        assert [a.step for a in store.answers()] == list(problem.answers[:2])[::-1] or \
            sorted(a.step for a in store.answers()) == sorted(problem.answers[:2])
        assert store.card("drill:chain2:d1") is None  # an unfinished problem is not a review
