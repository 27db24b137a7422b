"""The elementwise activations as operations (solver.ops.activations has their numbers), and softmax."""

from __future__ import annotations

import numpy as np

from solver.ops.activations import ACTIVATIONS, LEAKY_SLOPE, Activation, kink_note, softmax
from solver.ops.operation import OpMistake, Operation, Rule, Site, WorkingRule


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


def activation_operation(act: Activation, slope: float = LEAKY_SLOPE) -> Operation:
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
        kink_at=_on_kink(act.kink) if act.kink is not None else None,
    )


def _on_kink(kink: float):
    def on(z) -> bool:
        return bool(np.any(np.asarray(z, dtype=float) == kink))
    return on


def _softmax_vjp(g, p):
    # g·J with J = diag(p) - p pᵀ: p ⊙ (g - Σ g ⊙ p), never the n×n Jacobian itself
    return p * (g - np.sum(g * p, axis=-1, keepdims=True))


SOFTMAX = Operation(
    "softmax", ("z",),
    Rule(("z",), softmax, "softmax({0})", "softmax"),
    {"z": Rule(("g", "out"), _softmax_vjp, "{1} ⊙ ({0} - Σ {0} ⊙ {1})", "dsoftmax")},
    exact=False,
)


OPERATIONS = {op.name: op for op in (
    *(activation_operation(act) for act in ACTIVATIONS.values() if act.name != "softmax"), SOFTMAX)}
