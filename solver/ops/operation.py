"""What an operation is: a forward rule beside its backward rules, as micrograd's `_backward`
closures and autodidax's rule tables put them. An `Operation` has:
- `forward`: the rule computing its value, and the formula a tutor writes for it;
- `vjps`: for each input, the vector-Jacobian product ∂L/∂input from the gradient `g` arriving
  from downstream, its formula, and the mistakes people make on that step;
- `exact`: whether it maps rationals to rationals (so exact forms exist);
- `kink`: which subgradient is used where it has no derivative, said in both languages;
- `working` (on a rule) and `simplifies` (on a loss): lines a tutor writes beside a step for the
  reader, never graded (σ'(z) read off a = σ(z); ∂L/∂z = a - t for a sigmoid into cross-entropy).

Rules read values by name: an input's role (`W`, `a`, `z`, `y`, `t`, …), `out` (the operation's
own value) or `g` (the upstream gradient). Texts may depend on the `Site` (the shapes where the
operation is used), because a tutor writes `δ ⊙ σ'(z)` for a vector but `δ·σ'(z)` for a number,
and `Σ` only over several outputs. Every rule works on floats, on NumPy arrays with or without
a leading batch axis, and (for the exact operations) on object arrays of Fractions.

The operations themselves are in the modules beside this one, one concept each, and all of
them in the one table, solver.ops.table.OPERATIONS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

Value = Any


@dataclass(frozen=True)
class Site:
    """Where an operation is used: the shape of its first input (for one problem) and how many
    of its inputs are present (optional inputs such as a bias may be left out)."""

    shape: tuple[int, ...]
    arity: int
    # Extra names the graph offers here: "a.pre" when input `a` is an activation's output (its
    # weighted sum z is then a value a learner can mistake for it); DECAY_RATE ("lambda") when
    # the loss has weight decay.
    offers: frozenset[str] = frozenset()

    @property
    def vector(self) -> bool:
        return bool(self.shape)

    @property
    def width(self) -> int:
        """The number of outputs a loss averages or sums over (1 for a number)."""
        return self.shape[-1] if self.shape else 1

    @property
    def square(self) -> bool:
        return len(self.shape) == 2 and self.shape[0] == self.shape[1]


class View:
    """What a mistake's rule sees: values by role, as `view["W"]`, `view.g`, `view.out`;
    `view.grad("W")` is the gradient of that input (when the graph has computed it), and
    `view.forward` / `view.rule` the operation's forward rule and the rule of the step the
    mistake is on, as used at this site."""

    __slots__ = ("values", "names", "forward", "rule", "site")

    def __init__(self, values: Mapping[str, Value], names: Mapping[str, str], forward: Callable,
                 rule: Callable, site: Site):
        self.values, self.names, self.forward, self.rule, self.site = values, names, forward, rule, site

    def __getitem__(self, role: str) -> Value:
        return self.values[self.names[role]]

    @property
    def g(self) -> Value:
        return self["g"]

    @property
    def out(self) -> Value:
        return self["out"]

    def grad(self, role: str) -> Value:
        return self["d" + role]

    def given(self, name: str) -> Value:
        return self.values[name]


def _always(site: Site) -> bool:
    return True


@dataclass(frozen=True)
class OpMistake:
    """A named mistake (a solver.grading.mistakes.CATALOGUE id) as the value it would produce, or None
    where it cannot be told apart; `applies` says at which sites it can happen at all."""

    id: str
    value: Callable[[View], Value]
    applies: Callable[[Site], bool] = _always


@dataclass(frozen=True)
class WorkingRule:
    """A line of working beside a step, for the reader only: `σ'(z) = a·(1 - a)` before the
    step δ·σ'(z). `reads` are roles, `out` or `g`, as a rule's are; `compute` gives from them
    the very number the step uses. `lhs` is written over `reads` too; None means the step's own
    value (a shortcut to it, shown `after` the step)."""

    reads: tuple[str, ...]
    compute: Callable[..., Value]
    text: str | Callable[[Site], str]
    lhs: str | None = None
    after: bool = False

    def written(self, site: Site) -> str:
        return self.text(site) if callable(self.text) else self.text


@dataclass(frozen=True)
class Simplification:
    """What a loss says where the operation feeding it cancels part of its gradient: the gradient
    at that operation's input in one line (built for the loss's site) and why, in both languages."""

    working: Callable[[Site], WorkingRule]
    note: tuple[str, str]


@dataclass(frozen=True)
class LocalJacobian:
    """A VJP's local derivative as a step of its own, before the VJP (softmax's ∂p/∂z = diag(p) − p·pᵀ):
    its rule (reading roles and `out`) and the step's label. The step's id is `d<out>/d<input>`, and
    the VJP rule reads it as `J.<role>`."""

    rule: "Rule"
    label: tuple[str, str]


@dataclass(frozen=True)
class Rule:
    """One step's rule: what it reads (roles, `out`, `g`), how it computes, how it is written
    (a text over {0}, {1}, … standing for `reads`, or a function of the site giving it)."""

    reads: tuple[str, ...]
    compute: Callable[..., Value]
    text: str | Callable[[Site], str]
    kind: str  # the step's kind in the trace
    mistakes: tuple[OpMistake, ...] = ()
    # The same value from other known values, cheaper: σ'(z) read off a = σ(z) as a·(1 - a).
    shortcut: tuple[tuple[str, ...], Callable[..., Value]] | None = None
    working: tuple[WorkingRule, ...] = ()
    local: LocalJacobian | None = None  # the local derivative, worked as a step before this one

    def written(self, site: Site) -> str:
        return self.text(site) if callable(self.text) else self.text


@dataclass(frozen=True)
class PathWord:
    """How a gradient arriving through one input is named when gradients meet at a value."""

    suffix: str
    zh: str
    en: str
    # The mistake of leaving this path out when gradients meet (catalogue id); None: a path of
    # another word in the meeting names it, else "dropped_skip_path".
    dropped: str | None = None


MAIN_PATH = PathWord("main", "主路径", "main path")


@dataclass(frozen=True)
class Operation:
    name: str
    inputs: tuple[str, ...]  # roles, in the order the forward rule takes them
    forward: Rule
    vjps: Mapping[str, Rule]  # role -> ∂L/∂input, in the order a tutor works them
    exact: bool
    phase: str = "forward"  # "loss" for losses, "update" for optimiser steps
    optional: tuple[str, ...] = ()  # roles that may be absent (the forward rule takes the rest)
    kink: tuple[str, str] | None = None  # (zh, en): the subgradient convention
    # Whether the convention is used at these values of the inputs (those present, in `inputs`
    # order): a ReLU's z exactly 0, a max-pool window with tied maxima. The note is stated on a
    # step only where it is; None: on every step of the operation.
    kink_at: Callable[..., bool] | None = None
    # Sums over the last axis (the outputs): a number gets an axis of length one first.
    reduces: bool = False
    # A loss whose gradient is taken straight at the input of the operation named here (softmax
    # cross-entropy at the logits: p - t), one step instead of two.
    through: str | None = None
    vjp_through: Rule | None = None
    paths: Mapping[str, PathWord] = field(default_factory=dict)
    # A loss: by the name of the operation feeding its `y`, the gradient at that operation's
    # input in short, shown beside the chain-rule step (sigmoid into cross-entropy: a - t).
    simplifies: Mapping[str, Simplification] = field(default_factory=dict)
    # A scalar gate (a learner's expression, CS231n style): ∂out/∂input as a number per input,
    # multiplied by the upstream gradient on the board, and how the gate is called.
    locals: Mapping[str, Rule] = field(default_factory=dict)
    words: tuple[str, str] | None = None

    def path_word(self, role: str) -> PathWord:
        return self.paths.get(role, MAIN_PATH)


def identity_gradient(g):
    return g
