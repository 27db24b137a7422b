"""The scalar gates of a learner's own expression as operations (solver.ops.gates has their
numbers, local derivatives and kink notes)."""

from __future__ import annotations

from solver.ops import gates
from solver.ops.operation import Operation, Rule


def gate_operation(gate: gates.Op, arity: int) -> Operation:
    roles = tuple(f"a{i}" for i in range(arity))
    text = gates.SYMBOLS.get(gate.name) or f"{gate.name}(" + ", ".join("{%d}" % i for i in range(arity)) + ")"
    return Operation(
        f"gate.{gate.name}", roles, Rule(roles, gate.forward, text, "node"), {},
        exact=gate.rational, kink=gates.KINK_NOTES.get(gate.name),
        locals={role: Rule(local.uses, local.rule, local.expression, "local")
                for role, local in zip(roles, gate.locals(arity))},
        words=(gate.label_zh, gate.label_en),
    )


OPERATIONS = {op.name: op for op in (gate_operation(gate, gates.arity(gate.name)) for gate in gates.GATES.values())}
