"""Lines of working beside a step: σ'(z) read off the activation, the sigmoid + BCE shortcut.

They are for the reader only, so each must state the very number the step uses."""

from __future__ import annotations

import numpy as np
import pytest

from solver import ops
from solver.fmt import equation, format_value
from solver.generate import problem_from_code

DERIVATIVES = {"σ": "sigmoid", "tanh": "tanh", "softplus": "softplus"}


@pytest.mark.parametrize("code", [
    "chain2:sigmoid:d1#7", "chain2:tanh:d2#11", "chain2:softplus:d2#5", "deep-chain:5:tanh:d2#9",
    "mlp:2-3-1:sigmoid:half_sse:d2#42", "mlp:2-2-2:tanh:mse:d2#3", "neuron:3:sigmoid:bce:d2#8",
    "mlp:2-2-2:sigmoid:bce:d2#4",
])
def test_the_derivative_line_states_the_factor_the_step_multiplies_by(code):
    problem = problem_from_code(code)
    working = problem.working()
    dact = [spec for spec in problem.template.steps if spec.kind == "dact"]
    assert dact and set(working) == {spec.id for spec in dact}
    for spec in dact:
        upstream, pre = spec.deps
        (formula, substituted, value), *_ = working[spec.id][0]
        symbol = formula.split("'(")[0]
        act = ops.ACTIVATIONS[DERIVATIVES[symbol]]
        expected = act.derivative(problem.value(pre))
        assert value == format_value(expected), (spec.id, formula, value)
        assert formula.startswith(f"{symbol}'({problem.template.display_names[pre]}) = ")
        # and the step is that factor times the upstream gradient
        np.testing.assert_allclose(problem.value(spec.id), problem.value(upstream) * expected, rtol=1e-12)


def test_sigmoid_reads_off_the_activation_not_the_weighted_sum():
    problem = problem_from_code("chain2:sigmoid:d1#7")  # z1 = -0.5, a1 = 0.3775
    (line,), after = problem.working()["dL/dz1"]
    assert equation(*line) == "σ'(z1) = a1·(1 - a1) = 0.3775·(1 - 0.3775) = 0.2350" and not after


def test_tanh_squares_a_negative_activation_in_parentheses():
    problem = problem_from_code("chain2:tanh:d2#11")
    (formula, substituted, _), = problem.working()["dL/dz1"][0]
    assert formula == "tanh'(z1) = 1 - a1²"
    a1 = format_value(problem.value("a1"))
    assert substituted == (f"1 - ({a1})²" if a1.startswith("-") else f"1 - {a1}²")


@pytest.mark.parametrize("code, width", [("neuron:3:sigmoid:bce:d2#8", 1), ("mlp:2-2-2:sigmoid:bce:d2#4", 2)])
def test_sigmoid_with_cross_entropy_states_the_shortcut_with_the_same_value(code, width):
    problem = problem_from_code(code)
    last = [spec for spec in problem.template.steps if spec.kind == "dact"][0]  # the output layer's
    _, after = problem.working()[last.id]
    (formula, substituted, value), = after
    assert formula.endswith("= a - t") if width == 1 else formula.endswith(f"= (a2 - t) / {width}")
    assert value == format_value(problem.value(last.id))
    assert "a - t" in problem.step(last.id).note_en and "a - t" in problem.step(last.id).note_zh


def test_no_shortcut_line_without_cross_entropy():
    problem = problem_from_code("neuron:3:sigmoid:half_sse:d2#8")
    assert all(not after for _, after in problem.working().values())


@pytest.mark.parametrize("name, line", [
    ("sigmoid", "σ'(z0) = f(z0)·(1 - f(z0)) = 0.6225·(1 - 0.6225) = 0.2350"),
    ("tanh", "tanh'(z0) = 1 - f(z0)² = 1 - 0.4621² = 0.7864"),
    ("softplus", "softplus'(z0) = σ(z0) = σ(0.5) = 0.6225"),
])
def test_activation_derivative_works_the_derivative_out_too(name, line):
    problem = problem_from_code(f"activation-derivative:{name}:d2#1")  # z0 = 0.5
    assert problem.given["z0"] == 0.5
    (work,), _ = problem.working()["f'(z0)"]
    assert equation(*work) == line


def test_single_function_problems_have_no_phase_headings():
    assert not problem_from_code("activation-derivative:sigmoid:d1#1").template.phase_headings
    assert not problem_from_code("gd:quadratic:3:d1#1").template.phase_headings
    assert problem_from_code("chain2:sigmoid:d1#1").template.phase_headings


def test_formulas_are_in_symbols_not_code_names():
    for name in ("identity", "sigmoid", "tanh"):
        problem = problem_from_code(f"activation-derivative:{name}:d2#1")
        text = " ".join(step.formula for step in problem.steps() if step.id != "f'(z)")
        assert "identity" not in text and "sigmoid" not in text
    assert problem_from_code("activation-derivative:identity:d2#1").step("f(z0)").formula == "f(z0) = z0"


# -- the engine attaches the working from the operation table, to any graph -----------------------
def _one_unit(activation: str, loss: str, width: int):
    from solver.graph import Graph, Node

    label = ("标签", "label")
    shape = (width,) if width > 1 else ()
    nodes = (Node("h", activation, (("z", "x"),), label), Node("L", loss, (("y", "h"), ("t", "t")), label))
    return Graph(("x", "t"), nodes, "L", ("x",), {"x": shape, "h": shape, "t": shape},
                 {"x": label, "h": label})


@pytest.mark.parametrize("width", [1, 3])
def test_a_graph_no_family_declares_gets_the_shortcut_where_sigmoid_meets_cross_entropy(width):
    from solver.graph import trace
    from solver.trace import solve_values

    template = trace(_one_unit("sigmoid", "bce", width))
    spec = template.spec("dL/dx")
    derivative, shortcut = spec.working
    assert not derivative.after and shortcut.after
    assert shortcut.formula(template.display_names) == (
        "∂L/∂x = h - t" if width == 1 else f"∂L/∂x = (h - t) / {width}")
    x = np.linspace(-1.5, 2.0, width) if width > 1 else 0.75
    t = np.array([0.0, 1.0, 1.0]) if width > 1 else 1.0
    values = solve_values(template, {"x": x, "t": t})
    np.testing.assert_allclose(shortcut.compute(*(values[r] for r in shortcut.reads)), values["dL/dx"], rtol=1e-12)
    assert "a - t" in spec.note_en and "a - t" in spec.note_zh


@pytest.mark.parametrize("activation, loss", [("sigmoid", "half_sse"), ("tanh", "bce"), ("relu", "bce")])
def test_no_shortcut_where_nothing_cancels(activation, loss):
    from solver.graph import trace

    spec = trace(_one_unit(activation, loss, 2)).spec("dL/dx")
    assert not any(work.after for work in spec.working) and "a - t" not in (spec.note_en or "")


@pytest.mark.parametrize("name", sorted(n for n, a in ops.ACTIVATIONS.items() if a.derivative_working))
def test_each_working_rule_of_the_table_gives_the_derivative(name):
    """The table's line of working is the derivative itself, on numbers and on vectors."""
    from solver.ops.table import Site, operation

    act = ops.ACTIVATIONS[name]
    (rule,) = operation(name).vjps["z"].working
    z = np.linspace(-3.0, 3.0, 13)
    np.testing.assert_allclose(rule.compute(act.forward(z), z), act.derivative(z), rtol=1e-12)
    assert rule.compute(act.forward(0.4), 0.4) == pytest.approx(act.derivative(0.4), rel=1e-12)
    assert "⊙" in rule.written(Site((3,), 1)) or "{1}" in rule.written(Site((3,), 1))
    assert "⊙" not in rule.written(Site((), 1))


def test_the_vector_line_is_elementwise():
    problem = problem_from_code("mlp:2-2-2:tanh:mse:d2#3")
    (formula, _, _), = problem.working()["dL/dz1"][0]
    assert formula == "tanh'(z1) = 1 - a1 ⊙ a1"


def test_kink_notes_name_relu_in_words():
    assert ops.kink_note("relu")[1].startswith("ReLU is not differentiable")
    assert ops.kink_note("leaky_relu", 0.2)[0].startswith("leaky ReLU 在 z = 0")
    from solver.formats.network_file import problem_from_network

    on_kink = {"x": [1.0], "t": [1.0], "loss": "half_sse", "lr": 0.1,  # z1 = 0: the kink, said
               "layers": [{"W": [[1.0]], "b": [-1.0], "activation": "relu"}, {"W": [[1.0]], "activation": "identity"}]}
    notes = [step.note_en for step in problem_from_network(on_kink).steps() if step.note_en]
    assert notes and all("relu " not in note for note in notes)


def test_backward_labels_call_z_the_weighted_sum():
    for code in ("mlp:2-3-1:sigmoid:half_sse:d2#42", "softmax-ce:2-3-2:relu:d2#1"):
        steps = [step for step in problem_from_code(code).steps() if step.id.startswith("dL/dz")]
        assert steps
        for step in steps:
            assert "weighted sum" in step.label_en and "加权和" in step.label_zh, step.id
            assert "pre-activation" not in step.label_en and "预激活" not in step.label_zh
