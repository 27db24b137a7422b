"""`quizapp drill --plain` and `quizapp check` through click's CliRunner: piped answers, hints,
reveals, end of input, bad codes and the JSON verdict."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from quizapp.cli import main
from solver.generate import problem_from_code
from solver.grading.mistakes import CATALOGUE

CHAIN = "chain2:sigmoid:d1#368"  # z1 = 1, a1 = 0.731059


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path / "home"))


def _run(args, stdin=None):
    return CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)


def _answers(code):
    problem = problem_from_code(code)
    return problem, [repr(float(problem.values[s])) if np.ndim(problem.values[s]) == 0
                     else json.dumps(np.asarray(problem.values[s]).tolist()) for s in problem.answers]


def test_drill_with_every_answer_piped_in():
    problem, answers = _answers(CHAIN)
    result = _run(["drill", CHAIN, "--plain", "--lang", "en"], "\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert f"code: {CHAIN}" in result.output
    assert result.output.count("✓ correct") == len(problem.answers)
    assert "all right on the first try" in result.output
    assert "forward pass" in result.output  # the worked solution closes the session


def test_drill_hint_reveal_carried_forward_and_eof():
    # z1 wrong, the same again to keep it, hint, a1 from the learner's z1, reveal y, then end of input
    stdin = "2\n2\n?\n0.8808\n!\n"
    result = _run(["drill", CHAIN, "--plain", "--lang", "en"], stdin)
    assert result.exit_code == 0, result.output
    out = result.output
    tried, kept = out.split("kept: later steps are graded from it", 1)
    assert "✗ wrong" in tried and "not right: you wrote 2." in tried and "the value is about 1" not in tried
    assert "try 2 = " in tried  # the step stayed open
    assert "the value is about 1" in kept.split("[2/11]", 1)[0]  # kept: the value may now be given
    assert "hint: a1 = σ(z1)" in out
    assert "↪ consistent" in out and "carried forward" in out
    assert "answer: y = w2·a1" in out
    assert "stopped at step 4 of 11" in out
    assert "the first real error is at z1" in out
    assert "Traceback" not in out


def test_drill_tries_again_and_the_summary_tells_first_try_work_apart(home):
    from quizapp.progress.store import Store

    problem, answers = _answers(CHAIN)
    stdin = "\n".join([answers[0], "0.5", "?", answers[1], *answers[2:]]) + "\n"  # a1 wrong, a hint, right
    result = _run(["drill", CHAIN, "--plain", "--lang", "en"], stdin)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[2/11] a1  (layer 1 activation) · try 2 = " in out and "✓ correct (try 2)" in out
    assert "all right, some steps at a later try" in out
    assert "10/11 steps right first try, 1 at a later try; rating: hard" in out
    assert "first real error" not in out  # the wrong try was put right
    with Store.open(home / "progress.sqlite3") as store:
        tries = [(a.step, a.attempt, a.hints, a.correct) for a in store.answers()][:3]
    assert tries == [("z1", 1, 0, True), ("a1", 1, 0, False), ("a1", 2, 1, True)]
    table = _run(["history"]).output  # the try and its hint rung under the verdict
    verdicts = [line.split("│")[6].strip() for line in table.splitlines() if line.count("│") == 9]
    assert [cell for cell in verdicts if cell][-5:] == ["correct", "try 2", "hint 1", "wrong", "correct"]


def test_drill_names_a_mistake_in_both_languages():
    problem, answers = _answers(CHAIN)
    index = problem.answers.index("dL/dz1")
    stdin = "\n".join(answers[:index] + [answers[problem.answers.index("dL/da1")]]) + "\nquit\n"
    result = _run(["drill", CHAIN, "--plain"], stdin)
    assert result.exit_code == 0
    info = CATALOGUE["forgot_activation_derivative"]
    assert info.name_zh in result.output and info.name_en in result.output
    assert "∂L/∂z1 = ∂L/∂a1·σ'(z1)" in result.output


def test_drill_refused_answer_asks_again():
    result = _run(["drill", CHAIN, "--plain", "--lang", "en"], "sigmod(1)\n1\n")
    assert "did you mean sigmoid?" in result.output
    assert result.output.count("[1/11]") == 2 and "[2/11]" in result.output


def test_drill_by_family_and_seed_is_reproducible():
    first = _run(["drill", "--family", "gd", "--difficulty", "2", "--seed", "5", "--plain", "--lang", "en"], "")
    second = _run(["drill", "--family", "gd", "--difficulty", "2", "--seed", "5", "--plain", "--lang", "en"], "")
    assert first.exit_code == 0 and first.output == second.output
    assert "code: gd:quadratic:3:d2#5" in first.output


def test_drill_network_file(tmp_path):
    problem = problem_from_code("neuron:2:sigmoid:half_sse:d1#3")
    path = tmp_path / "net.json"
    path.write_text(json.dumps(problem.network))
    stdin = repr(float(problem.values["z"])) + "\n"
    result = _run(["drill", "--network", str(path), "--plain", "--lang", "en"], stdin)
    assert result.exit_code == 0, result.output
    assert "✓ correct" in result.output


def test_drill_expression():
    result = _run(["drill", "--expr", "(x+y)*z", "--at", "x=-2, y=5, z=-4", "--plain", "--lang", "en"], "3\n-12\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("✓ correct") == 2


@pytest.mark.parametrize("args", [
    ["drill", "nonsense:d1#1", "--plain"],
    ["drill", "--family", "nope", "--plain"],
    ["drill", CHAIN, "--family", "gd", "--plain"],
    ["drill", "--network", "missing.json", "--plain"],
    ["drill", "--at", "x=1", "--plain"],
])
def test_drill_bad_problem_exits_2_without_traceback(args):
    result = CliRunner().invoke(main, args, input="")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "error:" in result.output


def test_drill_ctrl_c_stops_cleanly(monkeypatch):
    import quizapp.commands.drill as drill_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(drill_module, "read_line", interrupted)
    result = CliRunner().invoke(main, ["drill", CHAIN, "--plain", "--lang", "en"], input="")
    assert result.exit_code == 130
    assert "interrupted" in result.output and "Traceback" not in result.output
    assert "summary" in result.output


# -- check ---------------------------------------------------------------------------------------
def test_check_json_fields_for_a_named_mistake():
    problem = problem_from_code(CHAIN)
    result = _run(["check", CHAIN, "dL/dz1", repr(float(problem.values["dL/da1"])), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["correct"] is False and data["verdict"] == "wrong"
    assert data["mistake"] == "forgot_activation_derivative" and data["carried_forward"] is False
    assert CATALOGUE["forgot_activation_derivative"].name_en in data["message"]
    assert data["precision"]["figures"] == 4 and "4 significant figures" in data["precision"]["en"]
    assert "4 位有效数字" in data["precision"]["zh"]


def test_check_negative_answer_and_text_output():
    problem = problem_from_code(CHAIN)
    result = _run(["check", CHAIN, "dL/dw1", f"{problem.values['dL/dw1']:.4g}"])
    assert problem.values["dL/dw1"] < 0
    assert result.exit_code == 0 and result.output.startswith("✓ 正确 / correct")  # "both", the default


def test_check_carried_forward_with_earlier_answers():
    result = _run(["check", CHAIN, "a1", "0.8808", "--earlier", "z1=2", "--json"])
    data = json.loads(result.output)
    assert data["correct"] is True and data["verdict"] == "consistent" and data["carried_forward"] is True


def test_check_refused_exit_2_with_json():
    result = CliRunner().invoke(main, ["check", CHAIN, "z1", "1 +", "--json"])
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert data["verdict"] == "refused" and data["correct"] is False


@pytest.mark.parametrize("args", [
    ["check", CHAIN, "z1", "sigmod(1)"],
    ["check", "chain2:nope:d1#1", "z1", "1"],
    ["check", CHAIN, "zz", "1"],
    ["check", CHAIN, "z1"],
    ["check", CHAIN, "a1", "1", "--earlier", "bogus"],
])
def test_check_errors_exit_2(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output


def test_check_expression_and_network(tmp_path):
    result = _run(["check", "--expr", "(x+y)*z", "--at", "x=-2, y=5, z=-4", "df/dz", "3", "--json"])
    assert json.loads(result.output)["correct"] is True
    problem = problem_from_code("mlp:2-2-1:sigmoid:half_sse:d1#2")
    path = tmp_path / "net.json"
    path.write_text(json.dumps(problem.network))
    transposed = json.dumps(np.asarray(problem.values["dL/dW1"]).T.tolist())
    result = _run(["check", "--network", str(path), "dL/dW1", transposed, "--json"])
    data = json.loads(result.output)
    assert result.exit_code == 0
    if not np.allclose(problem.values["dL/dW1"], np.asarray(problem.values["dL/dW1"]).T):
        assert data["mistake"] == "transposed"


def test_drill_without_plain_and_without_a_terminal_runs_plain():
    result = _run(["drill", CHAIN, "--lang", "zh"], "1\n")
    assert result.exit_code == 0
    assert "✓ 正确" in result.output and "小结" in result.output


def test_plain_drill_states_the_precision_and_asks_again_for_more_digits():
    problem = problem_from_code(CHAIN)
    step = next(s for s in problem.answers
                if np.ndim(problem.values[s]) == 0 and problem.values[s] != float(f"{problem.values[s]:.3g}"))
    index = problem.answers.index(step)
    _, answers = _answers(CHAIN)
    stdin = "\n".join(answers[:index] + [f"{problem.values[step]:.2g}", answers[index]]) + "\nquit\n"
    result = _run(["drill", CHAIN, "--plain", "--lang", "en"], stdin)
    assert "give every value to 4 significant figures" in result.output
    assert "… keep more digits" in result.output
    assert result.output.count(f"[{index + 1}/{len(problem.answers)}]") == 2
    zh = _run(["drill", CHAIN, "--plain", "--lang", "zh"], "quit\n")
    assert "保留 4 位有效数字" in zh.output


def test_drill_reveal_works_out_the_derivative_before_the_step():
    problem, answers = _answers(CHAIN)
    index = problem.answers.index("dL/dz1")
    result = _run(["drill", CHAIN, "--plain", "--lang", "en"], "\n".join(answers[:index]) + "\n!\n")
    assert result.exit_code == 0, result.output
    out = result.output
    line = "σ'(z1) = a1·(1 - a1) = 0.7311·(1 - 0.7311) = 0.1966"
    assert line in out and out.index(line) < out.index("answer: ∂L/∂z1")
