"""A code of generator 2 goes everywhere a code goes: solve, check, a drill left and resumed, its review card."""

from __future__ import annotations

import json

import numpy as np

from click.testing import CliRunner

from quizapp.cli import main
from quizapp.progress.store import Store
from solver.generate import problem_from_code

# Its g1 twin showed ∂L/∂a1 = -2.776e-17 where the exact value is 0; g2 drew again.
CODE = "softmax-ce:2-2-3:sigmoid:d1:g2#2"


def test_a_generator_2_code_is_solved_checked_drilled_resumed_and_scheduled(home):
    runner = CliRunner()
    problem = problem_from_code(CODE)
    solved = runner.invoke(main, ["solve", CODE, "--json"])
    assert solved.exit_code == 0, solved.output
    assert json.loads(solved.output)["code"] == CODE
    def vector(step):
        return json.dumps(np.asarray(problem.values[step], dtype=float).tolist())

    checked = runner.invoke(main, ["check", "--lang", "en", CODE, "dL/da1", vector("dL/da1")])
    assert checked.exit_code == 0 and "correct" in checked.output, checked.output

    def drill(lines):
        result = runner.invoke(main, ["drill", CODE, "--plain", "--lang", "en"], input="\n".join(lines) + "\n")
        assert result.exit_code == 0, result.output
        return result.output

    drill([vector("z1")])  # one step right, then the input ends: left unfinished
    assert "Picking up where you left off: 1 step of 16" in drill([vector(step) for step in problem.answers[1:]])
    with Store.open(home / "progress.sqlite3") as store:
        assert [(s.state, s.item) for s in store.history(5).sessions] == [("finished", CODE), ("left", CODE)]
        assert [entry["card_id"] for entry in store.review_log()] == ["drill:softmax-ce:d1"]
