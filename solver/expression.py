"""Bring-your-own expression: its computational graph, solved forward and backward node by node.

An expression such as `(x+y)*z` at `x=-2, y=5, z=-4` becomes one node per operation, in
evaluation order. Each operation (`OPS`) keeps its forward rule beside its local derivatives,
the way a whiteboard (or micrograd) puts them. The backward pass is written out as steps: for
every node, the local gradient of each gate it feeds (∂c/∂n) and its gradient df/dn as upstream
× local, summed over the gates it feeds, so gradients arriving along several paths visibly add
up. Where a derivative does not exist the step says which convention is used, or is None.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Mapping

from solver.fmt import format_full
from solver.parsing.parser import (
    Binary, EvaluationError, Node, Num, ParseError, Unary, Var, evaluate, free_variables, parse_expression, to_text,
)
from solver.ops.gates import (
    BINARY_OPS, KINK_NOTES, MAX_EXACT_BITS, OPS, SYMBOLS, _exact_size, binary_rule,
)
from solver.parsing.expression_input import ExpressionError, candidate_variables, parse_at, split_name
from solver.trace import Description, Problem, StepSpec, Template, as_fraction, solve_values

__all__ = ["ExpressionError", "GraphNode", "build_graph", "expression_problem", "parse_at"]


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


# -- steps ----------------------------------------------------------------------------------------
class _Binding:
    """How a step's operands map to its dependencies: node ids and variables are dependencies,
    constants are written into the formula. In the exact solve (given values are Fractions) the
    constants stay Fractions; in the float solve every value is a float."""

    def __init__(self, items: list[str], constants: Mapping[str, object], carrier: str | None = None):
        self.deps: list[str] = []
        self.slots: list[str | int] = []  # per item: constant text or index into deps
        for item in items:
            if item in constants:
                self.slots.append(item)
            else:
                if item not in self.deps:
                    self.deps.append(item)
                self.slots.append(self.deps.index(item))
        self.constants = constants
        if not self.deps and carrier is not None:
            self.deps.append(carrier)  # carries only whether this solve is exact or float
        self.carrier_only = bool(carrier) and not any(isinstance(s, int) for s in self.slots)

    def texts(self) -> list[str]:
        return [s if isinstance(s, str) else f"{{{s}}}" for s in self.slots]

    def values(self, dep_values) -> tuple[list, bool]:
        exact = any(isinstance(v, Fraction) for v in dep_values)
        out = []
        for slot in self.slots:
            if isinstance(slot, int):
                out.append(dep_values[slot])
            else:
                value = self.constants[slot]
                out.append(value if exact and isinstance(value, Fraction) else float(value))
        return out, exact


def _guarded(rule: Callable, exact: bool, args):
    """A rule's value, or None where it does not exist; floats unless this is the exact solve."""
    try:
        result = rule(*args)
    except (EvaluationError, ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None
    if result is None:
        return None
    if exact and isinstance(result, (Fraction, int)):
        result = Fraction(result)
        return result if _exact_size(result) <= MAX_EXACT_BITS else None
    result = float(result)
    return result if math.isfinite(result) else None


def _forward_spec(node: GraphNode) -> StepSpec:
    op = OPS[node.op]
    binding = _Binding(list(node.operands), node.constants)
    texts = binding.texts()
    if node.op in SYMBOLS:
        expression = SYMBOLS[node.op].format(*texts)
    else:
        expression = f"{node.op}(" + ", ".join(texts) + ")"

    def compute(*dep_values):
        args, exact = binding.values(dep_values)
        return _guarded(op.forward, exact, args)

    return StepSpec(node.id, "forward", "node", tuple(binding.deps), compute, expression,
                    f"{node.id} = {node.source}（{op.label_zh}）", f"{node.id} = {node.source} ({op.label_en})")


def _local_spec(consumer: GraphNode, operand: str, notes: dict) -> tuple[StepSpec, bool]:
    """∂consumer/∂operand, adding up the slots where the operand appears (x·x: x + x)."""
    op = OPS[consumer.op]
    rules = op.locals(len(consumer.operands))
    slots = [i for i, name in enumerate(consumer.operands) if name == operand]
    items: list[str] = []
    parts = []
    for slot in slots:
        local = rules[slot]
        start = len(items)
        for use in local.uses:
            items.append(consumer.id if use == "out" else consumer.operands[int(use[1:])])
        parts.append((local, start))
    binding = _Binding(items, consumer.constants, carrier=consumer.id)
    texts = binding.texts()
    expression = " + ".join(local.expression.format(*texts[start:start + len(local.uses)])
                            for local, start in parts)

    def compute(*dep_values):
        args, exact = binding.values(dep_values)
        total = 0
        for local, start in parts:
            value = _guarded(local.rule, exact, args[start:start + len(local.uses)])
            if value is None:
                return None
            total = total + value
        return total if exact else float(total)

    note = notes.get((consumer.id, operand))
    step_id = f"∂{consumer.id}/∂{operand}"
    spec = StepSpec(step_id, "backward", "local", tuple(binding.deps), compute, expression,
                    f"局部梯度（{op.label_zh}）", f"local gradient ({op.label_en})",
                    (), note[0] if note else None, note[1] if note else None)
    return spec, binding.carrier_only


def _gradient_spec(target: str, consumers: list[str], output: str, final: bool) -> StepSpec:
    """df/d(target) = Σ over the gates it feeds: upstream df/dc × local ∂c/∂target."""
    deps: list[str] = []
    terms = []
    for consumer in consumers:
        if consumer == output:
            terms.append(f"1·{{{len(deps)}}}")
            deps.append(f"∂{consumer}/∂{target}")
        else:
            terms.append(f"{{{len(deps)}}}·{{{len(deps) + 1}}}")
            deps += [f"d{output}/d{consumer}", f"∂{consumer}/∂{target}"]
    direct = [consumer == output for consumer in consumers]

    def compute(*values):
        if not all(isinstance(v, numbers.Real) for v in values):
            return None  # e.g. a learner's "undefined" carried forward: the sum has no value either
        total, position = 0, 0
        for is_output in direct:
            if is_output:
                total, position = total + values[position], position + 1
            else:
                total, position = total + values[position] * values[position + 1], position + 2
        return total

    paths = len(consumers)
    label_zh, label_en = ("上游梯度 × 局部梯度", "upstream × local gradient") if paths == 1 else (
        f"{paths} 条路径的（上游 × 局部）相加", f"{paths} paths add up: Σ upstream × local")
    if final:
        label_zh, label_en = f"输入 {target} 的梯度：{label_zh}", f"gradient of the input {target}: {label_en}"
    return StepSpec(f"d{output}/d{target}", "backward", "grad", tuple(deps), compute, " + ".join(terms),
                    label_zh, label_en)


def _kink(node: GraphNode, slot: int, args: list[float], out: float) -> tuple[str, str] | None:
    """The note for ∂node/∂(operand at slot) where this point is a kink or a singularity, else None."""
    op, a = node.op, args[slot]
    if op in ("relu", "abs") and a == 0:
        return KINK_NOTES[op]
    if op in ("max", "min") and sum(1 for v in args if v == a) > 1 and a == (max if op == "max" else min)(args):
        return KINK_NOTES[op]
    if op == "sqrt" and out == 0:
        return KINK_NOTES[op]
    if op == "pow":
        base, exponent = args
        if slot == 0 and base == 0 and exponent < 1:
            return KINK_NOTES[op]
        if slot == 1 and node.operands[1] not in node.constants and base <= 0:
            return KINK_NOTES[op]
    return None


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
    notes: dict[tuple[str, str], tuple[str, str]] = {}
    for node in nodes:
        args = [float(node.constants[o]) if o in node.constants else forward[o] for o in node.operands]
        try:
            value = float(OPS[node.op].forward(*args))
        except (EvaluationError, OverflowError, ZeroDivisionError) as error:
            en = getattr(error, "message_en", str(error))
            zh = getattr(error, "message_zh", str(error))
            raise ExpressionError(f"cannot compute {node.id} = {node.source} here: {en}",
                                  f"无法在该点计算 {node.id} = {node.source}：{zh}") from None
        forward[node.id] = value
        for slot, operand in enumerate(node.operands):
            note = None if operand in node.constants else _kink(node, slot, args, value)
            if note:
                point_text = ", ".join(f"{o} = {format_full(a)}" for o, a in zip(node.operands, args)
                                       if o not in node.constants)
                where_en, where_zh = f"∂{node.id}/∂{operand} at {point_text}: ", f"∂{node.id}/∂{operand}（{point_text}）："
                notes[(node.id, operand)] = (where_zh + note[0], where_en + note[1])
    specs = [_forward_spec(node) for node in nodes]
    consumers: dict[str, list[str]] = {}
    for node in nodes:
        for operand in node.operands:
            if operand not in node.constants and node.id not in consumers.setdefault(operand, []):
                consumers[operand].append(node.id)
    trivial = set()
    for node in reversed(nodes):
        if node.id != output:
            specs.append(_gradient_spec(node.id, consumers[node.id], output, final=False))
        for operand in dict.fromkeys(o for o in node.operands if o not in node.constants):
            spec, carrier_only = _local_spec(node, operand, notes)
            specs.append(spec)
            if carrier_only:
                trivial.add(spec.id)
    specs += [_gradient_spec(v, consumers[v], output, final=True) for v in point]
    template = Template(tuple(point), tuple(specs), {})
    values = solve_values(template, point)
    if any(isinstance(v, float) and not math.isfinite(v) for v in values.values()):
        raise ExpressionError("some values are too large to compute at this point",
                              "该点的某些值太大，无法计算")
    rational = all(OPS[n.op].rational or (n.op == "pow" and _integral_constant(n)) for n in nodes) and all(
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
                   tuple(s.id for s in specs if s.id not in trivial), lambda: description, exact_given,
                   tuple(notes.values()))


def _integral_constant(node: GraphNode) -> bool:
    exponent = node.operands[1]
    value = node.constants.get(exponent)
    return isinstance(value, Fraction) and value.denominator == 1
