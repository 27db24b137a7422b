"""A graph's trace in the CS231n style: forward node by node, then every gate's local gradient
and each value's gradient as upstream × local, summed over the gates it feeds.

This is how a learner's own scalar expression (`quizapp expr`) is worked on the board: the
gradient arriving at a value along several paths visibly adds up (`df/dx = df/dn1·∂n1/∂x +
df/dn2·∂n2/∂x`). The operations are the table's gates (`gate.add`, `gate.mul`, …), whose
`locals` give ∂out/∂input as a number. A node may take constants for some of its inputs
(`x·3`): they are written into the formulas, not dependencies, and in the exact solve (given
values are Fractions) they stay Fractions. A value that does not exist (a derivative at a
singularity, a learner's "undefined" carried forward) is None.
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from typing import Mapping

from solver.graph.graph import Graph, Node
from solver.ops.gates import guarded
from solver.ops.table import Operation, operation
from solver.trace import StepSpec


class _Binding:
    """How a step's operands map to its dependencies: values are dependencies, constants are
    written into the formula. `carrier` is a dependency read only for whether this solve is exact
    (a local gradient that is a constant, such as an add gate's 1, reads its gate's value)."""

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
            self.deps.append(carrier)
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


def _operands(node: Node, op: Operation) -> tuple[list[str], dict[str, object]]:
    """The node's operands in the operation's role order (values, or constants by their text)."""
    constants = {text: value for _, text, value in node.constants}
    by_role = {role: text for role, text, _ in node.constants}
    return [by_role.get(role) or node.input(role) for role in op.inputs], constants


def _forward(node: Node, op: Operation) -> StepSpec:
    operands, constants = _operands(node, op)
    binding = _Binding(operands, constants)
    rule = op.forward

    def compute(*dep_values):
        args, exact = binding.values(dep_values)
        return guarded(rule.compute, exact, args)

    return StepSpec(node.id, "forward", "node", tuple(binding.deps), compute, rule.text.format(*binding.texts()),
                    node.label[0], node.label[1])


def _local(node: Node, op: Operation, operand: str, notes: Mapping[str, tuple[str, str]]) -> tuple[StepSpec, bool]:
    """∂node/∂operand, adding up the inputs the operand is (x·x: x + x)."""
    operands, constants = _operands(node, op)
    items: list[str] = []
    parts = []
    for role, name in zip(op.inputs, operands):
        if name != operand:
            continue
        local = op.locals[role]
        start = len(items)
        for use in local.reads:
            items.append(node.id if use == "out" else operands[op.inputs.index(use)])
        parts.append((local, start))
    binding = _Binding(items, constants, carrier=node.id)
    texts = binding.texts()
    expression = " + ".join(local.text.format(*texts[start:start + len(local.reads)]) for local, start in parts)

    def compute(*dep_values):
        args, exact = binding.values(dep_values)
        total = 0
        for local, start in parts:
            value = guarded(local.compute, exact, args[start:start + len(local.reads)])
            if value is None:
                return None
            total = total + value
        return total if exact else float(total)

    step_id = f"∂{node.id}/∂{operand}"
    note = notes.get(step_id)
    zh, en = op.words
    spec = StepSpec(step_id, "backward", "local", tuple(binding.deps), compute, expression,
                    f"局部梯度（{zh}）", f"local gradient ({en})", (), note[0] if note else None,
                    note[1] if note else None)
    return spec, binding.carrier_only


def _gradient(target: str, consumers: list[str], output: str, final: bool) -> StepSpec:
    """d(output)/d(target) = Σ over the gates it feeds: upstream × local ∂gate/∂target."""
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


def local_steps(graph: Graph) -> tuple[list[StepSpec], frozenset[str]]:
    """The steps, and the ids of the local gradients that are constants (`constant_locals`)."""
    uses = [(node, operation(node.op, node.params)) for node in graph.nodes]
    specs = [_forward(node, op) for node, op in uses]
    consumers: dict[str, list[str]] = {}
    for node in graph.nodes:
        for _, value in node.inputs:
            if node.id not in consumers.setdefault(value, []):
                consumers[value].append(node.id)
    output = graph.loss
    constant = set()
    for node, op in reversed(uses):
        if node.id != output:
            specs.append(_gradient(node.id, consumers[node.id], output, final=False))
        operands, constants = _operands(node, op)
        for operand in dict.fromkeys(o for o in operands if o not in constants):
            spec, carrier_only = _local(node, op, operand, graph.notes)
            specs.append(spec)
            if carrier_only:
                constant.add(spec.id)
    specs += [_gradient(value, consumers[value], output, final=True) for value in graph.wrt]
    return specs, frozenset(constant)


def constant_locals(graph: Graph) -> frozenset[str]:
    """The local gradients that are constants (an add gate's 1, the 3 of x·3): written out for
    the reader, not asked of the learner."""
    return local_steps(graph)[1]
