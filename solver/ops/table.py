"""The operation table: what every problem graph is made of, each rule beside its backward rules.

An `Operation` puts side by side, as micrograd's `_backward` closures and autodidax's rule
tables do:
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

Nothing here knows a problem family: families declare graphs of these operations (solver.graph).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Mapping

import numpy as np

from solver.ops import gates, gradcheck, linalg, optim
from solver.ops.activations import ACTIVATIONS, LEAKY_SLOPE, Activation, activation, kink_note, softmax
from solver.ops.losses import LOSSES, Loss, written_for_width
from solver.ops.objectives import OBJECTIVES, Objective

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
    kink: tuple[str, str] | None = None  # (zh, en): the subgradient convention, on every step
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


def _identity_gradient(g):
    return g


# -- linear layers: W·a plus optional addends (a bias, a skip connection) -------------------------
@dataclass(frozen=True)
class _Linear:
    name: str
    forward: Callable  # (W, a) -> W·a
    weight_grad: Callable  # (g, a) -> ∂L/∂W
    input_grad: Callable  # (W, g) -> ∂L/∂a
    weight_text: str
    input_text: str
    weight_mistakes: tuple[OpMistake, ...]
    input_mistakes: tuple[OpMistake, ...]


def _summed(linear: Callable) -> Callable:
    def affine(W, a, *addends):
        value = linear(W, a)
        for addend in addends:
            value = value + addend
        return value
    return affine


def _affine_text(site: Site) -> str:
    return "{0}·{1}" + "".join(" + {%d}" % i for i in range(2, site.arity))


# Using the weights after the update (W - η·∂L/∂W) to pass the gradient back.
_UPDATED_WEIGHT = OpMistake(
    "updated_weight_in_backward", lambda v: v.rule(v["W"] - v.given("eta") * v.grad("W"), v.g))

# The previous layer's weighted sum z where its activation a belongs: δ·zᵀ for δ·aᵀ.
_PREACTIVATION = OpMistake("preactivation_for_activation", lambda v: v.rule(v.g, v["a.pre"]),
                           applies=lambda site: "a.pre" in site.offers)

# Where the loss has weight decay (the given λ), a bias decayed like a weight: ∂L/∂b + λ·b.
DECAY_RATE = "lambda"


def scaled(lam, w):
    """λ·w, λ one number per problem: in a batch of problems it sits on the leading axis."""
    if isinstance(lam, np.ndarray) and lam.ndim:
        return (lam * np.asarray(w).T).T
    return lam * w


_DECAYED_BIAS = OpMistake("decayed_bias", lambda v: v.rule(v.g) + scaled(v.given(DECAY_RATE), v["b"]),
                          applies=lambda site: DECAY_RATE in site.offers)

LINEAR_KINDS = (
    # A number times a number: the article's chain x -> w1 -> w2 -> y.
    _Linear("scalar", lambda W, a: W * a, lambda g, a: g * a, lambda W, g: W * g, "{0}·{1}", "{0}·{1}",
            (_PREACTIVATION, OpMistake("weight_for_input", lambda v: v.rule(v.g, v["W"]))),
            (_UPDATED_WEIGHT, OpMistake("weight_for_input", lambda v: v["a"] * v.g))),
    # A weight vector dotted with the input: one neuron with several inputs.
    _Linear("dot", linalg.dot, linalg.scale, lambda W, g: linalg.scale(g, W), "{0}·{1}", "{1}·{0}",
            (_PREACTIVATION, OpMistake("weight_for_input", lambda v: v.rule(v.g, v["W"]))),
            (_UPDATED_WEIGHT, OpMistake("weight_for_input", lambda v: linalg.scale(v.g, v["a"])))),
    # A matrix (rows = outputs) times the input vector.
    _Linear("dense", linalg.matvec, linalg.outer, linalg.matvec_transposed, "{0}·{1}ᵀ", "{0}ᵀ·{1}",
            (_PREACTIVATION, OpMistake("transposed", lambda v: linalg.transpose(v.rule(v.g, v["a"])))),
            (_UPDATED_WEIGHT, OpMistake("transposed", lambda v: linalg.matvec(v["W"], v.g),
                                        applies=lambda site: site.square))),
)


def _affine(linear: _Linear) -> Operation:
    return Operation(
        f"affine.{linear.name}", ("W", "a", "b", "skip"),
        Rule(("W", "a", "b", "skip"), _summed(linear.forward), _affine_text, "affine"),
        {
            "W": Rule(("g", "a"), linear.weight_grad, linear.weight_text, "dweight", linear.weight_mistakes),
            "b": Rule(("g",), _identity_gradient, "{0}", "dbias", (_DECAYED_BIAS,)),
            "a": Rule(("W", "g"), linear.input_grad, linear.input_text, "dinput", linear.input_mistakes),
            "skip": Rule(("g",), _identity_gradient, "{0}", "skip"),
        },
        exact=True, optional=("b", "skip"),
        paths={"skip": PathWord("skip", "跳跃路径", "skip path")},
    )


# -- elementwise activations ----------------------------------------------------------------------
def _times(site: Site) -> str:
    return " ⊙ " if site.vector else "·"


# Activations whose value is mistaken for their derivative (σ(z) for σ'(z)): the ones whose
# derivative is written from the value, a(1 - a) and 1 - a².
VALUE_FOR_DERIVATIVE = ("sigmoid", "tanh")


def _derivative_working(act: Activation) -> tuple[WorkingRule, ...]:
    """f'(z) worked out before the step multiplies by it: off the output where it is read
    that way (σ'(z) = a·(1 - a)), else from z (softplus'(z) = σ(z))."""
    if act.derivative_working is None:
        return ()
    scalar, vector = act.derivative_working
    if act.derivative_from_output is not None:
        from_output = act.derivative_from_output

        def compute(a, z):
            return from_output(a)  # the same double the step's shortcut multiplies by
    else:
        derivative = act.derivative

        def compute(a, z):
            return derivative(z)
    return (WorkingRule(("out", "z"), compute, lambda site: vector if site.vector else scalar,
                        lhs=f"{act.symbol}'({{1}})"),)


def _activation(act: Activation, slope: float = LEAKY_SLOPE) -> Operation:
    derivative = act.derivative
    shortcut = None
    if act.derivative_from_output is not None:
        from_output = act.derivative_from_output
        shortcut = (("g", "out"), lambda g, a: g * from_output(a))
    symbol = act.symbol
    return Operation(
        act.name, ("z",),
        Rule(("z",), act.forward, f"{symbol}({{0}})", "activate"),
        {"z": Rule(
            ("g", "z"), lambda g, z: g * derivative(z), lambda site: f"{{0}}{_times(site)}{symbol}'({{1}})", "dact",
            (OpMistake("forgot_activation_derivative", lambda v: v.g),
             OpMistake("activation_derivative_of_output", lambda v: v.g * derivative(v.out)))
            + ((OpMistake("activation_for_derivative", lambda v: v.g * v.out),)
               if act.name in VALUE_FOR_DERIVATIVE else ()),
            shortcut, _derivative_working(act),
        )},
        exact=act.rational, kink=kink_note(act.name, slope) if act.kink is not None else None,
    )


def _softmax_vjp(g, p):
    # g·J with J = diag(p) - p pᵀ: p ⊙ (g - Σ g ⊙ p), never the n×n Jacobian itself
    return p * (g - np.sum(g * p, axis=-1, keepdims=True))


SOFTMAX = Operation(
    "softmax", ("z",),
    Rule(("z",), softmax, "softmax({0})", "softmax"),
    {"z": Rule(("g", "out"), _softmax_vjp, "{1} ⊙ ({0} - Σ {0} ⊙ {1})", "dsoftmax")},
    exact=False,
)


# -- losses ---------------------------------------------------------------------------------------
MEAN_LOSSES = ("mse", "bce")  # averaged over the outputs: a 1/n people forget


def _loss_mistakes(name: str) -> tuple[OpMistake, ...]:
    if name == "half_sse":
        return (OpMistake("half_factor", lambda v: 2 * v.forward(v["y"], v["t"])),
                OpMistake("half_factor", lambda v: v.forward(v["y"], v["t"]) / 2))
    if name in MEAN_LOSSES:
        # Summed instead of averaged; with one output the two agree and the grader drops it.
        return (OpMistake("mean_factor", lambda v: v.site.width * v.forward(v["y"], v["t"])),)
    return ()


def _gradient_mistakes(name: str) -> tuple[OpMistake, ...]:
    if name == "ce":  # -t/p: the sign of the log's derivative
        return (OpMistake("ce_gradient_sign", lambda v: -v.rule(v["y"], v["t"])),)
    mistakes = [OpMistake("sign_error_residual", lambda v: -v.rule(v["y"], v["t"]))]
    if name == "half_sse":
        mistakes += [OpMistake("half_factor", lambda v: 2 * (v["y"] - v["t"])),
                     OpMistake("half_factor", lambda v: (v["y"] - v["t"]) / 2)]
    if name == "mse":
        mistakes.append(OpMistake("square_factor", lambda v: v.rule(v["y"], v["t"]) / 2))
    if name in MEAN_LOSSES:
        mistakes.append(OpMistake("mean_factor", lambda v: v.site.width * v.rule(v["y"], v["t"])))
    return tuple(mistakes)


def _sigmoid_bce_working(site: Site) -> WorkingRule:
    width = site.width
    text = "{0} - {1}" if width == 1 else f"({{0}} - {{1}}) / {width}"
    return WorkingRule(("y", "t"), lambda a, t: (a - t) / width, text, after=True)


# σ'(z) = a(1 - a) cancels the denominator of ∂L/∂a = (a - t) / (a(1 - a)) / n.
def _softmax_ce_working(site: Site) -> WorkingRule:
    return WorkingRule(("y", "t"), lambda p, t: p - t, "{0} - {1}", after=True)


SIMPLIFICATIONS = {
    "ce": {"softmax.explicit": Simplification(_softmax_ce_working, (
        "J·(-t/p) 的第 i 项是 -tᵢ + pᵢ·Σⱼ tⱼ，而 Σ t = 1：于是 ∂L/∂z = p - t。fused 的 softmax_ce 正是直接用这个结果。",
        "Entry i of J·(-t/p) is -tᵢ + pᵢ·Σⱼ tⱼ, and Σ t = 1: so ∂L/∂z = p - t, the result a fused softmax "
        "cross-entropy uses directly.",
    ))},
    "bce": {"sigmoid": Simplification(_sigmoid_bce_working, (
        "sigmoid 输出配交叉熵时，σ'(z) = a(1 - a) 正好约掉 ∂L/∂a 的分母：∂L/∂z = a - t（n 个输出时再除以 n），面试常问这个捷径。",
        "With a sigmoid output and cross-entropy, σ'(z) = a(1 - a) cancels the denominator of ∂L/∂a: "
        "∂L/∂z = a - t (divided by n for n outputs), the shortcut interviewers ask for.",
    ))},
}


def _loss(loss: Loss) -> Operation:
    formula, gradient_formula = loss.formula, loss.gradient_formula
    forward = Rule(("y", "t"), loss.forward, lambda site: written_for_width(formula, site.width), "loss",
                   _loss_mistakes(loss.name))
    if loss.name == "softmax_ce":
        # -Σ t·ln p has no tidy gradient in p alone; at the logits it is p - t.
        return Operation(
            loss.name, ("y", "t"), forward, {}, exact=loss.rational, phase="loss", reduces=True,
            through="softmax",
            vjp_through=Rule(("y", "t"), loss.gradient, "{0} - {1}", "softmax_grad",
                             (OpMistake("softmax_sign", lambda v: v["t"] - v["y"]),)),
        )
    return Operation(
        loss.name, ("y", "t"), forward,
        {"y": Rule(("y", "t"), loss.gradient, lambda site: written_for_width(gradient_formula, site.width), "dloss",
                   _gradient_mistakes(loss.name))},
        exact=loss.rational, phase="loss", reduces=True, simplifies=SIMPLIFICATIONS.get(loss.name, {}),
    )


# -- optimiser steps ------------------------------------------------------------------------------
SGD = Operation(
    "sgd", ("p", "eta", "dp"),
    Rule(("p", "eta", "dp"), linalg.descend, "{0} - {1}·{2}", "update",
         (OpMistake("update_sign", lambda v: v["p"] + v["eta"] * v["dp"]),
          OpMistake("forgot_learning_rate", lambda v: v["p"] - v["dp"]))),
    {}, exact=True, phase="update",
)


# -- one-weight objectives (the loss a descent runs on) --------------------------------------------
def _objective(objective: Objective) -> Operation:
    first, second = objective.roles
    reads = ("w", first, second)
    mistakes = (OpMistake("sign_error_residual", lambda v: -v.rule(v["w"], v[first], v[second])),
                OpMistake("half_factor", lambda v: 2 * v.rule(v["w"], v[first], v[second])),
                OpMistake("half_factor", lambda v: v.rule(v["w"], v[first], v[second]) / 2))
    if objective.name == "linreg":
        # dL/dw = (w·x - t)·x: multiplying by the weight instead of the input
        mistakes += (OpMistake("weight_for_input", lambda v: (v["w"] * v["x"] - v["t"]) * v["w"]),)
    return Operation(
        f"objective.{objective.name}", reads,
        Rule(reads, objective.loss, objective.loss_formula, "loss"),
        {"w": Rule(reads, objective.gradient, objective.gradient_text, "dloss", mistakes)},
        exact=True, phase="loss",
    )


# -- scalar gates: a learner's own expression ------------------------------------------------------
def _gate(gate: gates.Op, arity: int) -> Operation:
    roles = tuple(f"a{i}" for i in range(arity))
    text = gates.SYMBOLS.get(gate.name) or f"{gate.name}(" + ", ".join("{%d}" % i for i in range(arity)) + ")"
    return Operation(
        f"gate.{gate.name}", roles, Rule(roles, gate.forward, text, "node"), {},
        exact=gate.rational, kink=gates.KINK_NOTES.get(gate.name),
        locals={role: Rule(local.uses, local.rule, local.expression, "local")
                for role, local in zip(roles, gate.locals(arity))},
        words=(gate.label_zh, gate.label_en),
    )


OPERATIONS: dict[str, Operation] = {
    op.name: op for op in (
        *(_affine(linear) for linear in LINEAR_KINDS),
        *(_activation(act) for act in ACTIVATIONS.values() if act.name != "softmax"),
        SOFTMAX,
        *(_loss(loss) for loss in LOSSES.values()),
        SGD,
        *(_objective(objective) for objective in OBJECTIVES.values()),
        *(_gate(gate, gates.arity(gate.name)) for gate in gates.GATES.values()),
    )
}
OPERATIONS.update({op.name: op for op in (*optim.operations(), *gradcheck.operations())})


# Operations in modules of their own, built on the classes above (one line each).
from solver.ops import attention, batch, conv, derivatives, dropout, norm, recurrent, regularisation, softmax_explicit  # noqa: E402,E501

# Operations taking parameters (a node's `params`): name -> factory(**params) -> Operation.
PARAMETRISED: dict[str, Callable[..., Operation]] = {**conv.PARAMETRISED, **recurrent.PARAMETRISED}

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
        return _activation(activation(name, given["slope"]), given["slope"])
    if name.startswith("gate.") and name[5:] in gates.VARIADIC and set(given) == {"arity"}:
        return _gate(gates.GATES[name[5:]], int(given["arity"]))  # max(a, b, c, …)
    raise ValueError(f"operation {name} takes no parameters {sorted(given)}")
