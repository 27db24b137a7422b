"""`quizapp solve` and `quizapp families` as a user runs them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quizapp.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path / "home"))

    def invoke(*args):
        return CliRunner().invoke(main, list(args))

    return invoke


def test_solve_prints_every_step_with_its_value(run):
    result = run("solve", "chain2:sigmoid:d1#42", "--lang", "en")
    assert result.exit_code == 0, result.output
    for text in ("forward pass", "backward pass", "dL/dw1", "w1_new", "z1 = w1·x"):
        assert text in result.output


def test_solve_json_has_the_documented_shape(run):
    result = run("solve", "mlp:2-3-1:sigmoid:half_sse:d2#42", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["code"] == "mlp:2-3-1:sigmoid:half_sse:d2#42" and data["family"] == "mlp"
    assert set(data["network"]) >= {"x", "t", "layers", "loss", "lr"}
    assert all(set(layer) >= {"W", "b", "activation"} for layer in data["network"]["layers"])
    step = next(s for s in data["steps"] if s["id"] == "dL/dW2")
    assert set(step) >= {"id", "label", "formula", "substituted", "value", "exact", "depends_on"}
    assert isinstance(step["value"], list) and isinstance(step["value"][0], list)
    assert data["answers"] and set(data["answers"]) <= {s["id"] for s in data["steps"]}


def test_saved_network_solves_to_the_same_json(run, tmp_path):
    first = json.loads(run("solve", "residual:2:tanh:d2#9", "--json").output)
    path = tmp_path / "net.json"
    path.write_text(json.dumps(first["network"]))
    second = json.loads(run("solve", "--network", str(path), "--json").output)
    assert [(s["id"], s["value"]) for s in second["steps"]] == [(s["id"], s["value"]) for s in first["steps"]]


def test_toml_network_file(run, tmp_path):
    path = tmp_path / "net.toml"
    path.write_text('x = 1.0\nt = 0.0\nlr = 0.5\nloss = "half_sse"\n'
                    '[[layers]]\nW = 2.0\nactivation = "relu"\n[[layers]]\nW = -1.0\nactivation = "identity"\n')
    result = run("solve", "--network", str(path), "--json")
    assert result.exit_code == 0, result.output
    values = {s["id"]: s["value"] for s in json.loads(result.output)["steps"]}
    assert values["y"] == -2.0 and values["dL/dw1"] == pytest.approx(-2.0 * -1.0 * 1.0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["solve", "mlp:2-3-1:sigmod:d1#1"], "unknown activation 'sigmod'"),
        (["solve", "warp:d1#1"], "unknown family 'warp'"),
        (["solve"], "give a problem code"),
        (["solve", "--network", "/nonexistent/net.json"], "no such file"),
    ],
)
def test_bad_input_is_one_line_exit_2_no_traceback(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_network_file_names_the_place(run, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"x": [1, 2], "t": [0], "lr": 0.1, "loss": "half_sse",
                                "layers": [{"W": [[1, 2, 3]], "activation": "sigmoid"}]}))
    result = run("solve", "--network", str(path))
    assert result.exit_code == 2
    assert "layers[0].W" in result.output and "Traceback" not in result.output


def test_families_lists_every_family_with_an_example(run):
    from solver.families import FAMILIES

    data = json.loads(run("families", "--json").output)
    assert [f["name"] for f in data] == list(FAMILIES)
    text = run("families").output
    for family in FAMILIES.values():
        assert family.example in text


@pytest.mark.parametrize("width, board", [(80, True), (120, False)])
def test_worked_solution_is_a_whiteboard_list_when_narrow_and_a_table_when_wide(width, board):
    from rich.console import Console

    from quizapp.render.solution import render_solution
    from solver.generate import problem_from_code

    console = Console(width=width, record=True, color_system=None)
    console.print(render_solution(problem_from_code("chain2:sigmoid:d1#67"), "en"))
    text = console.export_text()
    assert ("z1 = w1·x = 0.5·(-1) = -0.5" in text) is board  # one step, one line
    assert ("┃ step" in text) is not board
    assert "∂L/∂w1 = ∂L/∂z1·x" in text and "w1_new" in text


def _board_text(code: str, width: int = 80, language: str = "en") -> str:
    from rich.console import Console

    from quizapp.render.solution import render_solution
    from solver.generate import problem_from_code

    console = Console(width=width, record=True, color_system=None)
    console.print(render_solution(problem_from_code(code), language))
    return console.export_text()


def _line_of(text: str, step) -> str:
    lhs = step.formula.split(" = ")[0] + " = "
    return next(line.strip() for line in text.splitlines() if line.strip().startswith(lhs))


def test_a_vanishing_gradient_is_printed_to_four_significant_figures_not_as_zero():
    from solver.generate import problem_from_code

    problem = problem_from_code("deep-chain:6:sigmoid:d2#3")
    text = _board_text(problem.code, width=99)  # one step to a line: nothing wraps
    for step in problem.steps():
        value = float(step.value)
        printed = float(_line_of(text, step).rsplit(" = ", 1)[1])
        assert value != 0 and printed != 0 and abs(printed - value) <= 5e-4 * abs(value), _line_of(text, step)


def test_the_loss_of_the_documented_example_has_four_significant_figures():
    from solver.generate import problem_from_code

    problem = problem_from_code("mlp:2-3-1:sigmoid:half_sse:d2#42")
    printed = _line_of(_board_text(problem.code, width=99), problem.step("L")).rsplit(" = ", 1)[1]
    assert len(printed.lstrip("-0.").replace(".", "").split("e")[0]) == 4, printed  # 0.0006331, not 0.0006


def test_no_needless_fraction_and_no_tautology():
    text = _board_text("gd:quadratic:2:d2#201")  # p = 1, w1 = 1.5, q = 1
    assert "g2 = p·(w1 - q) = 1·(1.5 - 1) = 0.5\n" in text.replace(" " * 2, "").replace(" \n", "\n")
    assert "1/2 = 0.5" not in text and "5/4" not in text
    text = _board_text("activation-derivative:identity:d1#1")
    assert "f'(z) = 1 = 1" not in text and "f'(z) = 1" in text


def test_solve_shows_the_derivative_and_the_cross_entropy_shortcut(run):
    result = run("solve", "neuron:3:sigmoid:bce:d2#8", "--lang", "en")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    for text in ("σ'(z) = a·(1 - a)", "∂L/∂z = a - t", "the shortcut interviewers ask for"):
        assert text in flat


def test_solve_a_single_function_without_phase_headings(run):
    result = run("solve", "activation-derivative:sigmoid:d2#1", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "forward pass" not in result.output and "backward pass" not in result.output
    assert "f(z0) = σ(z0)" in result.output and "sigmoid(z0)" not in result.output
    assert "sigmoid'(" not in result.output
