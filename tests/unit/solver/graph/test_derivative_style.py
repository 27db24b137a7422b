"""The derivative style of trace: a graph of one operation at a point gives f(z0), f'(z) and
f'(z0), where f'(z0) is None at a kink although the same operation's backward step there
uses its subgradient."""

from __future__ import annotations

import pytest

from solver.graph import Graph, Node, trace
from solver.trace import solve_values


def declared(op: str) -> Graph:
    return Graph(given=("z0",), nodes=(Node("f(z0)", op, (("z", "z0"),), ("f", "f")),), loss="f(z0)",
                 wrt=("z0",), shapes={"z0": (), "f(z0)": ()}, grad_labels={}, style="derivative",
                 notes={"f'(z0)": ("注", "note")})


def test_a_smooth_operation_is_traced_as_value_symbolic_derivative_and_derivative_at_the_point():
    template = trace(declared("sigmoid"))
    assert template.step_ids == ("f(z0)", "f'(z)", "f'(z0)")
    values = solve_values(template, {"z0": 0.0})
    assert values["f(z0)"] == 0.5 and values["f'(z)"] == "sigmoid(z)*(1 - sigmoid(z))"
    assert values["f'(z0)"] == pytest.approx(0.25)
    step = template.spec("f'(z0)")
    assert step.note_en == "note"
    assert [m.id for m in step.mistakes] == ["activation_derivative_of_output", "activation_for_derivative"]
    assert step.working[0].lhs == "σ'({1})"  # σ' read off σ(z0), as the backward step works it


def test_at_the_kink_the_derivative_does_not_exist_though_the_backward_step_uses_the_subgradient():
    template = trace(declared("relu"))
    assert template.step_ids == ("f(z0)", "f'(z0)")  # piecewise: asked at the point only
    assert solve_values(template, {"z0": 0.0})["f'(z0)"] is None
    assert solve_values(template, {"z0": 1.5})["f'(z0)"] == 1.0
    network = Graph(given=("z0", "t"), nodes=(Node("a", "relu", (("z", "z0"),), ("a", "a")),
                                              Node("L", "half_sse", (("y", "a"), ("t", "t")), ("L", "L"))),
                    loss="L", wrt=("z0",), shapes={"z0": (), "t": (), "a": ()},
                    grad_labels={"a": ("a", "a"), "z0": ("z0", "z0")})
    backward = solve_values(trace(network), {"z0": 0.0, "t": 1.0})
    assert backward["dL/da"] == -1 and backward["dL/dz0"] == 0  # the table's convention: the subgradient 0
