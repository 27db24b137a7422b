"""A plain drill left unfinished is picked up where it was left: graded steps back, nothing stored twice."""

from __future__ import annotations

from click.testing import CliRunner

from quizapp.cli import main
from quizapp.progress.store import Store
from solver.generate import problem_from_code

CODE = "chain2:sigmoid:d1#1768"


def _run(*args, lines):
    result = CliRunner().invoke(main, ["drill", CODE, "--plain", "--lang", "en", *args],
                                input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output


def test_an_unfinished_plain_drill_resumes_with_its_graded_steps_and_finishes_once(home):
    problem = problem_from_code(CODE)
    steps = list(problem.answers)
    right = [repr(float(problem.values[step])) for step in steps]
    _run(lines=[right[0], "0.5"])  # one right, one wrong, then the input ends: left unfinished

    again = _run(lines=right[2:])
    assert "Picking up where you left off: 2 steps of" in again
    assert f"[1/{len(steps)}]" in again and f"= {right[0]}   ✓ correct" in again
    assert "= 0.5   ✗ wrong" in again
    assert f"[3/{len(steps)}]" in again.split("Picking up", 1)[1]  # asked from step 3 on
    with Store.open(home / "progress.sqlite3") as store:
        answers = store.answers()
        sessions = store.history(5).sessions
        reviews = [entry for entry in store.review_log() if entry["card_id"] == "drill:chain2:d1"]
    assert [a.step for a in answers] == steps  # each step stored once, in order
    assert [(s.state, s.item) for s in sessions] == [("finished", CODE), ("left", CODE)]
    assert len(reviews) == 1  # the problem's one review, made when it was finished

    # Finished: the next drill of the code starts over.
    third = _run(lines=[right[0]])
    assert "Picking up" not in third


def test_fresh_starts_the_problem_over(home):
    problem = problem_from_code(CODE)
    _run(lines=[repr(float(problem.values[problem.answers[0]]))])
    output = _run("--fresh", lines=["0.5"])
    assert "Picking up" not in output
    assert f"[1/{len(problem.answers)}]" in output.split("One answer a line", 1)[1]
