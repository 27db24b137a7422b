"""A graph's trace in the derivative style: f(z0), f'(z) symbolically, and f'(z0) where it exists.

The question "what is f'(z), and f'(z0)?" about one operation of the table. Unlike a backward
step, which multiplies by the operation's VJP and uses a subgradient at a kink, f'(z0) here is
None (the learner writes "undefined") where the derivative does not exist, and the graph's note
on that step says why.
"""

from __future__ import annotations

from solver.graph.graph import Graph
from solver.ops.derivatives import DERIVATIVES
from solver.ops.table import VALUE_FOR_DERIVATIVE, Site, operation
from solver.trace import Mistake, StepSpec, Template, Working

SYMBOLIC, AT_POINT = "f'(z)", "f'(z0)"


def _working(op, value: str) -> tuple[Working, ...]:
    """f'(z0) worked out as the operation's backward step works it (σ' read off σ(z0))."""
    return tuple(Working(rule.lhs, rule.written(Site((), 1)), tuple({"out": value, "z": "z0"}[r] for r in rule.reads),
                         rule.compute) for rule in op.vjps["z"].working)


def derivative_steps(graph: Graph) -> Template:
    """One node, an operation of one input z applied to the given value: its three steps."""
    (node,) = graph.nodes
    op = operation(node.op, node.params)
    rule = DERIVATIVES[node.op]
    point, value, at = node.input("z"), node.id, rule.at
    steps = [StepSpec(value, "forward", "activate", (point,), op.forward.compute, rule.value_text,
                      "函数在该点的值", "the function's value at the point")]
    if rule.symbolic is not None:
        symbolic = rule.symbolic
        steps.append(StepSpec(SYMBOLIC, "backward", "symbolic", (), lambda: symbolic, symbolic,
                              "导函数 f'(z)（用 z 表示）", "the derivative f'(z), in terms of z"))
    note_zh, note_en = graph.notes.get(AT_POINT, (None, None))
    mistakes = (Mistake("activation_derivative_of_output", lambda c: at(c[value])),)
    if node.op in VALUE_FOR_DERIVATIVE:
        mistakes += (Mistake("activation_for_derivative", lambda c: c[value]),)
    steps.append(StepSpec(AT_POINT, "backward", "dact", (point,), at, rule.derivative_text,
                          "导数在该点的值（不存在时写 undefined）",
                          "the derivative at the point (write 'undefined' where it does not exist)",
                          mistakes, note_zh, note_en, working=_working(op, value)))
    return Template(graph.given, tuple(steps), {}, nullable=True, phase_headings=False)
