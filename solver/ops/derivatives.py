"""f'(z) of a one-input operation as a question of its own: the derivative symbolically and at a
point, and whether it exists there.

A network's backward step multiplies by the operation's VJP, which at a kink uses a subgradient
(ReLU's 0 at z = 0). Asked "what is f'(0)?", the answer is that it does not exist: `at` gives None
there. Here also `sgn`, which no network uses (its derivative is 0 wherever it exists, so no
gradient flows through it) but interviews ask about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from solver.ops.activations import ACTIVATIONS, LEAKY_SLOPE
from solver.ops.operation import OpMistake, Operation, Rule


def _sgn(z):
    return np.sign(np.asarray(z, dtype=float))


def _sgn_vjp(g, z):
    # 0 wherever sgn is differentiable; at its jump the subgradient convention takes 0 as well
    return g * 0.0


SGN = Operation(
    "sgn", ("z",),
    Rule(("z",), _sgn, "sgn({0})", "activate"),
    {"z": Rule(("g", "z"), _sgn_vjp, "{0}·sgn'({1})", "dact",
               (OpMistake("forgot_activation_derivative", lambda v: v.g),))},
    exact=False,  # the rule computes in floats (its values -1, 0, 1 are exact either way)
    kink=("sgn 在 z = 0 处跳变、不可导；这里在 0 处取 0。", "sgn jumps at z = 0 and is not differentiable there; we use 0 there."),
)

OPERATIONS = {SGN.name: SGN}


def _piecewise(positive: float, negative: float) -> Callable:
    def derivative(z):
        if float(z) == 0:
            return None  # one-sided derivatives differ: none exists
        return positive if float(z) > 0 else negative

    return derivative


@dataclass(frozen=True)
class Derivative:
    """f'(z) of an operation: `symbolic` in answer syntax (None where it is piecewise and asked
    only at the point), `at(z)` its value or None where it does not exist, and how f(z) and
    f'(z) are written over {0} = z."""

    symbolic: str | None
    at: Callable
    value_text: str
    derivative_text: str


def _written(symbol: str) -> tuple[str, str]:
    return f"{symbol}({{0}})", f"{symbol}'({{0}})"


DERIVATIVES: dict[str, Derivative] = {
    "identity": Derivative("1", lambda z: 1.0, "{0}", "1"),
    "sigmoid": Derivative("sigmoid(z)*(1 - sigmoid(z))", ACTIVATIONS["sigmoid"].derivative, *_written("σ")),
    "tanh": Derivative("1 - tanh(z)^2", ACTIVATIONS["tanh"].derivative, *_written("tanh")),
    "softplus": Derivative("sigmoid(z)", ACTIVATIONS["softplus"].derivative, *_written("softplus")),
    "relu": Derivative(None, _piecewise(1.0, 0.0), *_written("relu")),
    "leaky_relu": Derivative(None, _piecewise(1.0, LEAKY_SLOPE), *_written("lrelu")),
    "sgn": Derivative(None, _piecewise(0.0, 0.0), *_written("sgn")),
}
