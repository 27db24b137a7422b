"""The local style of trace (CS231n) on a graph declared by hand, not by the expression parser:
a value feeding three gates, a constant input written into the formula, exact in Fractions."""

from __future__ import annotations

from fractions import Fraction

from solver.graph import Graph, Node, trace
from solver.graph.local import constant_locals
from solver.trace import solve_values


def fan_out() -> Graph:
    # f = max(x·3, x, y) + x : x feeds the multiply, the max and the add
    return Graph(
        given=("x", "y"),
        nodes=(Node("n1", "gate.mul", (("a0", "x"),), ("n1", "n1"), constants=(("a1", "3", Fraction(3)),)),
               Node("n2", "gate.max", (("a0", "n1"), ("a1", "x"), ("a2", "y")), ("n2", "n2"), (("arity", 3),)),
               Node("f", "gate.add", (("a0", "n2"), ("a1", "x")), ("f", "f"))),
        loss="f", wrt=("x", "y"), shapes={}, grad_labels={}, style="local",
    )


def test_three_paths_into_x_add_up_and_the_constant_is_written_in():
    graph = fan_out()
    template = trace(graph)
    assert template.spec("n1").formula({}) == "n1 = x·3"
    assert template.spec("n1").deps == ("x",)
    total = template.spec("df/dx")
    assert total.deps == ("df/dn1", "∂n1/∂x", "df/dn2", "∂n2/∂x", "∂f/∂x")
    assert total.formula({}) == "df/dx = df/dn1·∂n1/∂x + df/dn2·∂n2/∂x + 1·∂f/∂x"
    assert constant_locals(graph) == {"∂n1/∂x", "∂f/∂n2", "∂f/∂x"}
    values = solve_values(template, {"x": 2.0, "y": 1.0})
    assert values["f"] == 8.0 and values["df/dx"] == 4.0 and values["df/dy"] == 0.0  # 3 + 0 + 1


def test_the_exact_solve_keeps_the_constant_a_fraction():
    values = solve_values(trace(fan_out()), {"x": Fraction(1, 3), "y": Fraction(2)})
    assert values["n1"] == Fraction(1) and isinstance(values["n1"], Fraction)
    assert values["df/dy"] == Fraction(1) and values["df/dx"] == Fraction(1)
