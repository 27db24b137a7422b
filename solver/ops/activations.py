"""Activations: each forward rule beside its local derivative.

Every function works on floats, NumPy arrays (with or without a leading batch axis) and, for
the rational operations, on object arrays of Fractions, so one definition serves the numeric
solve, the batch solve and the exact forms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from typing import Callable

import numpy as np

LEAKY_SLOPE = 0.1  # the default negative-side slope of leaky ReLU: hand-friendly, stated in every prompt


def _sigmoid(z):
    # tanh form: no overflow for large |z|, unlike 1 / (1 + exp(-z)).
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _identity(z):
    return z


def _identity_derivative(z):
    return z * 0 + 1


def _relu(z):
    # z·0 is -0.0 for a negative z; + 0 makes it the 0 people write (and JSON shows).
    return np.where(np.asarray(z) > 0, z, z * 0 + 0)


def _relu_derivative(z):
    # Not differentiable at 0; like the frameworks we use the subgradient 0 there, and say so.
    return np.where(np.asarray(z) > 0, z * 0 + 1, z * 0)


def _times_slope(slope: float):
    """v ↦ slope·v, exact on Fractions: the slope is the decimal a person wrote (0.1 is 1/10).

    A slope 1/n divides by n, as 0.1 always did (z / 10 and z * 0.1 differ in the last bit)."""
    exact = Fraction(repr(float(slope)))
    numerator, denominator = exact.numerator, exact.denominator
    if numerator == 1:
        return lambda v: v / denominator
    return lambda v: v * numerator / denominator


def _leaky_relu_rules(slope: float):
    times_slope = _times_slope(slope)

    def forward(z):
        return np.where(np.asarray(z) > 0, z, times_slope(z))

    def derivative(z):
        # (z*0 + 1)·slope rather than the float slope: stays an exact Fraction when z is one
        return np.where(np.asarray(z) > 0, z * 0 + 1, times_slope(z * 0 + 1))

    return forward, derivative


_leaky_relu, _leaky_relu_derivative = _leaky_relu_rules(LEAKY_SLOPE)


def _sigmoid_derivative(z):
    return _sigmoid_derivative_from_output(_sigmoid(z))


def _tanh(z):
    return np.tanh(np.asarray(z, dtype=float))


def _tanh_derivative(z):
    return _tanh_derivative_from_output(_tanh(z))


# The same derivatives read off the output a = f(z), as one works them by hand: the functions of
# z above go through these, so both routes give the very same doubles.
def _sigmoid_derivative_from_output(a):
    return a * (1.0 - a)


def _tanh_derivative_from_output(a):
    # 1 - a² written as (1 - a)(1 + a): no cancellation when a is near ±1, and only plain
    # products, which round the same for a NumPy scalar as in an array (a ** 2 does not).
    return (1.0 - a) * (1.0 + a)


def _softplus(z):
    return np.logaddexp(0.0, np.asarray(z, dtype=float))


@dataclass(frozen=True)
class Activation:
    name: str
    forward: Callable
    derivative: Callable  # f'(z), as a function of the pre-activation z
    rational: bool  # maps rationals to rationals, so exact answers exist
    symbol: str  # how the function is written in formulas
    derivative_text: str  # f'(z) written out, for hints
    kink: float | None = None  # where the derivative does not exist
    derivative_from_output: Callable | None = None  # f'(z) as a function of a = f(z), where one exists
    # f'(z) as a tutor works it out beside the chain-rule step, over {0} = a = f(z) and {1} = z:
    # (for a number, for a vector). Shown where people get it wrong (σ' = σ·(1 - σ), not σ).
    derivative_working: tuple[str, str] | None = None
    word: str = ""  # how a sentence names it (kink notes), when not its code name

    @property
    def words(self) -> str:
        return self.word or self.name


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("identity", _identity, _identity_derivative, True, "id", "1"),
        Activation("sigmoid", _sigmoid, _sigmoid_derivative, False, "σ", "σ(z)·(1 - σ(z))",
                   derivative_from_output=_sigmoid_derivative_from_output,
                   derivative_working=("{0}·(1 - {0})", "{0} ⊙ (1 - {0})")),
        Activation("tanh", _tanh, _tanh_derivative, False, "tanh", "1 - tanh(z)²",
                   derivative_from_output=_tanh_derivative_from_output,
                   derivative_working=("1 - {0}²", "1 - {0} ⊙ {0}")),
        Activation("relu", _relu, _relu_derivative, True, "relu", "1 if z > 0, 0 if z < 0", 0.0, word="ReLU"),
        Activation(
            "leaky_relu", _leaky_relu, _leaky_relu_derivative, True, "lrelu",
            "1 if z > 0, 0.1 if z < 0", 0.0, word="leaky ReLU",
        ),
        Activation("softplus", _softplus, _sigmoid, False, "softplus", "σ(z)",
                   derivative_working=("σ({1})", "σ({1})")),
        # Only as the output layer with softmax cross-entropy, whose gradient is taken at the logits.
        Activation("softmax", lambda z: softmax(z), None, False, "softmax", "p_i·(δ_ij - p_j)"),
    )
}

@lru_cache(maxsize=64)
def activation(name: str, slope: float = LEAKY_SLOPE) -> "Activation":
    """The activation of a layer: leaky ReLU with its own negative-side slope, the rest as listed."""
    if name != "leaky_relu" or slope == LEAKY_SLOPE:
        return ACTIVATIONS[name]
    forward, derivative = _leaky_relu_rules(slope)
    text = repr(float(slope))
    return replace(ACTIVATIONS[name], forward=forward, derivative=derivative,
                   derivative_text=f"1 if z > 0, {text} if z < 0")


HIDDEN_ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softplus")


def softmax(z):
    z = np.asarray(z, dtype=float)
    shifted = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return shifted / np.sum(shifted, axis=-1, keepdims=True)


def kink_note(name: str, leaky_slope: float = LEAKY_SLOPE) -> tuple[str, str]:
    """(zh, en): the subgradient used at the kink of a piecewise-linear activation."""
    slope = repr(float(leaky_slope)) if name == "leaky_relu" else "0"
    word = ACTIVATIONS[name].words
    return (
        f"{word} 在 z = 0 处不可导；这里与常见框架一致，在 0 处取次梯度 {slope}。",
        f"{word} is not differentiable at z = 0; as the common frameworks do, we use the subgradient {slope} there.",
    )
