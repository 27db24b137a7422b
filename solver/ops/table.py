"""The operation table: every operation a problem graph is made of, by name (`OPERATIONS`), and
`operation(name, params)` for those that take parameters.

What an operation is, its rules and their names, is in solver.ops.operation; each concept's
operations are in a module of its own (affine layers, activations, losses, descent, scalar gates,
optimisers, gradient checks, batches, regularisation, convolution and pooling, recurrence,
attention, dropout, normalisation, softmax worked explicitly, activation derivatives), and
this table only gathers them. Nothing here knows a problem family: families declare graphs of
these operations (solver.graph).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from solver.ops import (
    activation_ops, affine, attention, batch, conv, derivatives, descent, dropout, gate_ops, gates, gradcheck, loss_ops,
    norm, optim, recurrent, regularisation, softmax_explicit,
)
from solver.ops.activation_ops import VALUE_FOR_DERIVATIVE, activation_operation
from solver.ops.activations import activation
from solver.ops.affine import DECAY_RATE, scaled
from solver.ops.gate_ops import gate_operation
from solver.ops.operation import (
    LocalJacobian, OpMistake, Operation, PathWord, Rule, Simplification, Site, View, WorkingRule,
)

# The names the graph engine and the families read beside the table.
__all__ = [
    "DECAY_RATE", "OPERATIONS", "PARAMETRISED", "VALUE_FOR_DERIVATIVE", "LocalJacobian", "OpMistake", "Operation",
    "PathWord", "Rule", "Simplification", "Site", "View", "WorkingRule", "operation", "scaled",
]

OPERATIONS: dict[str, Operation] = {}
# Operations taking parameters (a node's `params`): name -> factory(**params) -> Operation.
PARAMETRISED: dict[str, Callable[..., Operation]] = {}

for _module in (affine, activation_ops, loss_ops, descent, gate_ops):
    OPERATIONS.update(_module.OPERATIONS)
OPERATIONS.update({op.name: op for op in (*optim.operations(), *gradcheck.operations())})
for _module in (batch, regularisation, conv, recurrent, attention, dropout, norm, softmax_explicit, derivatives):
    OPERATIONS.update(_module.OPERATIONS)
    PARAMETRISED.update(getattr(_module, "PARAMETRISED", {}))


@lru_cache(maxsize=64)
def operation(name: str, params: tuple[tuple[str, float], ...] = ()) -> Operation:
    """The operation `name` with its parameters: leaky ReLU takes its negative-side slope."""
    if not params:
        return OPERATIONS[name]
    given = dict(params)
    if name in PARAMETRISED:
        return PARAMETRISED[name](**given)
    if name == "leaky_relu" and set(given) == {"slope"}:
        return activation_operation(activation(name, given["slope"]), given["slope"])
    if name.startswith("gate.") and name[5:] in gates.VARIADIC and set(given) == {"arity"}:
        return gate_operation(gates.GATES[name[5:]], int(given["arity"]))  # max(a, b, c, …)
    raise ValueError(f"operation {name} takes no parameters {sorted(given)}")
