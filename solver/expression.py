"""Bring-your-own expression: its computational graph, solved forward and backward node by node.

An expression such as `(x+y)*z` at `x=-2, y=5, z=-4` becomes one node per operation, in
evaluation order: a `Graph` of the table's gates (`gate.add`, `gate.mul`, …), the same engine
and table as every generated problem. It is traced in the local style (solver.graph.local):
for every node, the local gradient of each gate it feeds (∂c/∂n) and its gradient df/dn as
upstream × local, summed over the gates it feeds, so gradients arriving along several paths
visibly add up. Where a derivative does not exist the step says which convention is used, or
is None.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Mapping

from solver.fmt import format_full
from solver.parsing.parser import (
    Binary, EvaluationError, Node, Num, ParseError, Unary, Var, evaluate, free_variables, parse_expression, to_text,
)
from solver.graph import Graph, Node, trace
from solver.graph.local import constant_locals
from solver.ops.gates import BINARY_OPS, MAX_EXACT_BITS, VARIADIC, _exact_size, at_kink, binary_rule
from solver.ops.table import OPERATIONS
from solver.parsing.expression_input import ExpressionError, candidate_variables, parse_at, split_name
from solver.trace import Description, Problem, as_fraction, solve_values

__all__ = ["ExpressionError", "GraphNode", "build_graph", "expression_graph", "expression_problem", "parse_at"]


# -- the graph ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GraphNode:
    id: str
    op: str
    operands: tuple[str, ...]  # node ids, variable names, or constants written as text
    constants: Mapping[str, float]  # the constant operands' values, by their text
    source: str  # the sub-expression this node computes


def _constant_text(value: float | Fraction) -> str:
    text = format(float(value), ".10g") if not isinstance(value, Fraction) else (
        str(value.numerator) if value.denominator == 1 else to_text(Num(value)))
    # (3/4) and (-2) in parentheses, so that x/(3/4) never reads x/3/4
    return f"({text})" if text.startswith("-") or "/" in text else text


def _exact_constant(n: Node) -> Fraction | None:
    """A constant sub-expression as a Fraction when it is rational and short enough, else None."""
    if isinstance(n, Num):
        return n.value
    if isinstance(n, Unary):
        inner = _exact_constant(n.operand)
        return None if inner is None else -inner
    if isinstance(n, Binary):
        left, right = _exact_constant(n.left), _exact_constant(n.right)
        if left is None or right is None:
            return None
        try:
            value = binary_rule(n.op)(left, right)
        except EvaluationError:
            return None
        return value if isinstance(value, Fraction) and _exact_size(value) <= MAX_EXACT_BITS else None
    return None


def build_graph(node: Node, output: str) -> list[GraphNode]:
    """One GraphNode per operation, in evaluation order; the last is the output."""
    nodes: list[GraphNode] = []

    def constant(n: Node):
        exact = _exact_constant(n)
        return exact if exact is not None else evaluate(n, {})

    def visit(n: Node) -> str | tuple[str, object]:
        if isinstance(n, Var):
            return n.name
        if not free_variables(n):
            value = constant(n)
            return (_constant_text(value), value)
        if isinstance(n, Unary):
            op, children = "neg", (n.operand,)
        elif isinstance(n, Binary):
            op, children = BINARY_OPS[n.op], (n.left, n.right)
        else:
            op, children = n.name, n.args
        operands = [visit(child) for child in children]
        constants = {o[0]: o[1] for o in operands if isinstance(o, tuple)}
        names = tuple(o[0] if isinstance(o, tuple) else o for o in operands)
        nodes.append(GraphNode(f"n{len(nodes) + 1}", op, names, constants, to_text(n)))
        return nodes[-1].id

    visit(node)
    last = nodes[-1]
    nodes[-1] = GraphNode(output, last.op, last.operands, last.constants, last.source)
    return nodes


def expression_graph(nodes: list[GraphNode], variables: tuple[str, ...], notes: Mapping[str, tuple[str, str]]) -> Graph:
    """The gates as a graph of the table's `gate.*` operations, traced in the local style (each
    gate's local gradient, then upstream × local summed over the gates a value feeds)."""
    declared = []
    for gate in nodes:
        op = OPERATIONS[f"gate.{gate.op}"]
        inputs, constants = [], []
        for slot, operand in enumerate(gate.operands):
            role = f"a{slot}"
            if operand in gate.constants:
                constants.append((role, operand, gate.constants[operand]))
            else:
                inputs.append((role, operand))
        params = (("arity", len(gate.operands)),) if gate.op in VARIADIC and len(gate.operands) != 2 else ()
        zh, en = op.words
        declared.append(Node(gate.id, op.name, tuple(inputs), (f"{gate.id} = {gate.source}（{zh}）",
                                                               f"{gate.id} = {gate.source} ({en})"),
                             params, tuple(constants)))
    return Graph(variables, tuple(declared), nodes[-1].id, variables, {}, {}, style="local", notes=notes)


def expression_problem(text: str, at: str | Mapping[str, float], name: str | None = None) -> Problem:
    """The worked forward and backward pass of `text` at the point `at`, as a Problem."""
    output, body = split_name(text)
    output = output or name or "f"
    point = parse_at(at) if isinstance(at, str) else {k: float(v) for k, v in at.items()}
    try:
        tree = parse_expression(body, candidate_variables(body))
    except ParseError as error:
        raise ExpressionError(f"in the expression: {error.message_en}", f"表达式有误：{error.message_zh}") from None
    used = [v for v in candidate_variables(body) if v in free_variables(tree)]
    missing = [v for v in used if v not in point]
    if missing:
        raise ExpressionError(f"no value given for {', '.join(missing)}: add {missing[0]}=… to --at",
                              f"没有给出 {', '.join(missing)} 的值：请在 --at 中加上 {missing[0]}=…")
    extra = [v for v in point if v not in used]
    if extra:
        raise ExpressionError(f"--at gives {', '.join(extra)}, which the expression does not use",
                              f"--at 给出了 {', '.join(extra)}，但表达式中没有用到")
    if not used or isinstance(tree, Var):
        raise ExpressionError("nothing to differentiate: the expression needs an operation on a variable",
                              "没有可求导的内容：表达式需要对变量做运算")
    clashes = [v for v in used if v == output or re.fullmatch(r"n\d+", v)]
    if clashes:
        raise ExpressionError(f"the variable name '{clashes[0]}' clashes with a node name: rename it",
                              f"变量名 '{clashes[0]}' 与节点名冲突：请改名")
    try:
        nodes = build_graph(tree, output)
    except EvaluationError as error:  # a constant part the parser let through but cannot be computed
        raise ExpressionError(f"in the expression: {error.message_en}", f"表达式有误：{error.message_zh}") from None
    forward: dict[str, float] = {v: point[v] for v in used}
    notes: dict[str, tuple[str, str]] = {}
    for node in nodes:
        op = OPERATIONS[f"gate.{node.op}"]
        args = [float(node.constants[o]) if o in node.constants else forward[o] for o in node.operands]
        try:
            value = float(op.forward.compute(*args))
        except (EvaluationError, OverflowError, ZeroDivisionError) as error:
            en = getattr(error, "message_en", str(error))
            zh = getattr(error, "message_zh", str(error))
            raise ExpressionError(f"cannot compute {node.id} = {node.source} here: {en}",
                                  f"无法在该点计算 {node.id} = {node.source}：{zh}") from None
        forward[node.id] = value
        for slot, operand in enumerate(node.operands):
            constant_exponent = node.op == "pow" and node.operands[1] in node.constants
            note = None if operand in node.constants or not at_kink(node.op, slot, args, value, constant_exponent) \
                else op.kink
            if note:
                point_text = ", ".join(f"{o} = {format_full(a)}" for o, a in zip(node.operands, args)
                                       if o not in node.constants)
                where_en, where_zh = f"∂{node.id}/∂{operand} at {point_text}: ", f"∂{node.id}/∂{operand}（{point_text}）："
                notes[f"∂{node.id}/∂{operand}"] = (where_zh + note[0], where_en + note[1])
    graph = expression_graph(nodes, tuple(point), notes)
    template = trace(graph)
    trivial = constant_locals(graph)
    values = solve_values(template, point)
    if any(isinstance(v, float) and not math.isfinite(v) for v in values.values()):
        raise ExpressionError("some values are too large to compute at this point",
                              "该点的某些值太大，无法计算")
    rational = all(OPERATIONS[f"gate.{n.op}"].exact or (n.op == "pow" and _integral_constant(n)) for n in nodes) and all(
        isinstance(c, Fraction) for n in nodes for c in n.constants.values())
    exact_given = {v: as_fraction(x) for v, x in point.items()} if rational else None
    shown_at = ", ".join(f"{v} = {format_full(x)}" for v, x in point.items())  # as typed, never rounded
    formula = f"{output} = {to_text(tree)}"
    grads = ", ".join(f"d{output}/d{v}" for v in point)
    description = Description(
        {"expression": text.strip(), "output": output, "at": dict(point)},
        f"在 {shown_at} 处计算 {formula}：先按计算图逐个节点做正向传播，再逐个节点反向传播，"
        f"写出每个门的局部梯度、上游梯度及其乘积，最后求出 {grads}。",
        f"Evaluate {formula} at {shown_at}: run the computational graph forward node by node, then backward "
        f"node by node (each gate's local gradient, the upstream gradient and their product), ending with {grads}.",
        key="given",
    )
    return Problem("expression", None, template, dict(point), values,
                   tuple(i for i in template.step_ids if i not in trivial), lambda: description, exact_given,
                   tuple(notes.values()))


def _integral_constant(node: GraphNode) -> bool:
    exponent = node.operands[1]
    value = node.constants.get(exponent)
    return isinstance(value, Fraction) and value.denominator == 1
