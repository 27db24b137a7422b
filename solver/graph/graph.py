"""A problem as a graph of operations over named given values.

A family (or a learner's network file) declares its problem as a `Graph`: the given values,
one `Node` per operation applied (in evaluation order), which node is the loss, which values
the learner is asked the gradient of, and which parameters get an update. Everything a tutor
would write about the problem, the step trace, is derived from it (`solver.graph.steps`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from solver.ops.table import operation

Words = tuple[str, str]  # (zh, en)


@dataclass(frozen=True)
class Node:
    """One operation applied: `inputs` maps the operation's roles to value ids (given values or
    earlier nodes); an optional role left out is absent. `label` names its forward step."""

    id: str
    op: str  # a key of solver.ops.table.OPERATIONS
    inputs: tuple[tuple[str, str], ...]  # (role, value id)
    label: Words
    params: tuple[tuple[str, float], ...] = ()  # the operation's parameters (leaky ReLU's slope)
    # Inputs that are constants of the problem (the 3 of x·3): (role, text, value). They are
    # written into the formulas as `text`, not values of the graph; only the "local" style takes them.
    constants: tuple[tuple[str, str, object], ...] = ()

    def input(self, role: str) -> str | None:
        for name, value in self.inputs:
            if name == role:
                return value
        return None


@dataclass(frozen=True)
class Update:
    """An optimiser step on one parameter, `{parameter}_new`."""

    parameter: str
    label: Words
    op: str = "sgd"
    rate: str = "eta"
    id: str | None = None  # the step's id; `{parameter}_new` unless given

    @property
    def step_id(self) -> str:
        return self.id or f"{self.parameter}_new"


@dataclass(frozen=True)
class Repeat:
    """A descent unrolled (gd): the graph's gradient and update steps `times` over, iteration k
    starting from the values iteration k - 1 updated.

    `names` says how a value of the graph, a gradient (`dL/dw`) or an update (`w_new`) is called
    in iteration k, over `{k}` and `{prev}` (= k - 1): `w` -> `w{prev}`, `w_new` -> `w{k}`,
    `dL/dw` -> `g{k}` make iteration 2 read w1 and write g2 and w2. A value named nowhere keeps
    its name (the constants, η). Step labels may use `{k}` and `{prev}` too.
    """

    times: int
    names: Mapping[str, str]
    forward: bool = False  # write each iteration's forward steps (its loss) out too


@dataclass(frozen=True)
class Graph:
    given: tuple[str, ...]
    nodes: tuple[Node, ...]
    loss: str  # id of the loss node
    wrt: tuple[str, ...]  # values whose gradient the learner works out (parameters, sometimes an input)
    shapes: Mapping[str, tuple[int, ...]]  # every value's shape, for one problem
    grad_labels: Mapping[str, Words]  # how the step ∂L/∂value is called, by value
    updates: tuple[Update, ...] = ()
    display: Mapping[str, str] = field(default_factory=dict)  # ids written otherwise (eta as η)
    gradient_ids: Mapping[str, str] = field(default_factory=dict)  # ∂L/∂value's step id, when not dL/d<value>
    repeat: Repeat | None = None
    # "vjp": backward steps are the operations' vector-Jacobian products (networks); "local":
    # each gate's local gradient, then upstream × local summed over the gates a value feeds
    # (CS231n's scalar graphs: a learner's own expression), where `loss` is the output;
    # "derivative": one operation's f'(z) symbolically and at the point, None where it does not
    # exist (activation-derivative), where a backward step would use the subgradient.
    style: str = "vjp"
    notes: Mapping[str, Words] = field(default_factory=dict)  # (zh, en) on steps, by step id

    def __post_init__(self) -> None:
        known = set(self.given)
        for node in self.nodes:
            try:
                op = operation(node.op, node.params)
            except (KeyError, ValueError):
                raise ValueError(f"node {node.id}: no operation '{node.op}' {node.params or ''} in the table") from None
            roles = [role for role, _ in node.inputs] + [role for role, _, _ in node.constants]
            missing = [role for role in op.inputs if role not in roles and role not in op.optional]
            unknown = [role for role in roles if role not in op.inputs]
            if missing or unknown:
                raise ValueError(f"node {node.id} ({node.op}): missing inputs {missing}, unknown {unknown}")
            undefined = [value for _, value in node.inputs if value not in known]
            if undefined:
                raise ValueError(f"node {node.id} uses {undefined} before they exist")
            if node.id in known:
                raise ValueError(f"value {node.id} is defined twice")
            known.add(node.id)
        if self.loss not in known:
            raise ValueError(f"the loss {self.loss} is not a node")

    def grad_id(self, value: str) -> str:
        return self.gradient_ids.get(value) or f"dL/d{value}"

    def node(self, value: str) -> Node | None:
        for node in self.nodes:
            if node.id == value:
                return node
        return None
