"""Linear layers as operations: W·a plus optional addends (a bias, a skip connection), for a
number times a number, a weight vector dotted with the input, and a matrix times a vector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from solver.ops import linalg
from solver.ops.operation import OpMistake, Operation, PathWord, Rule, Site, identity_gradient


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
UPDATED_WEIGHT = OpMistake(
    "updated_weight_in_backward", lambda v: v.rule(v["W"] - v.given("eta") * v.grad("W"), v.g))

# The previous layer's weighted sum z where its activation a belongs: δ·zᵀ for δ·aᵀ.
PREACTIVATION = OpMistake("preactivation_for_activation", lambda v: v.rule(v.g, v["a.pre"]),
                           applies=lambda site: "a.pre" in site.offers)

# Where the loss has weight decay (the given λ), a bias decayed like a weight: ∂L/∂b + λ·b.
DECAY_RATE = "lambda"


def scaled(lam, w):
    """λ·w, λ one number per problem: in a batch of problems it sits on the leading axis."""
    if isinstance(lam, np.ndarray) and lam.ndim:
        return (lam * np.asarray(w).T).T
    return lam * w


DECAYED_BIAS = OpMistake("decayed_bias", lambda v: v.rule(v.g) + scaled(v.given(DECAY_RATE), v["b"]),
                          applies=lambda site: DECAY_RATE in site.offers)

LINEAR_KINDS = (
    # A number times a number: the article's chain x -> w1 -> w2 -> y.
    _Linear("scalar", lambda W, a: W * a, lambda g, a: g * a, lambda W, g: W * g, "{0}·{1}", "{0}·{1}",
            (PREACTIVATION, OpMistake("weight_for_input", lambda v: v.rule(v.g, v["W"]))),
            (UPDATED_WEIGHT, OpMistake("weight_for_input", lambda v: v["a"] * v.g))),
    # A weight vector dotted with the input: one neuron with several inputs.
    _Linear("dot", linalg.dot, linalg.scale, lambda W, g: linalg.scale(g, W), "{0}·{1}", "{1}·{0}",
            (PREACTIVATION, OpMistake("weight_for_input", lambda v: v.rule(v.g, v["W"]))),
            (UPDATED_WEIGHT, OpMistake("weight_for_input", lambda v: linalg.scale(v.g, v["a"])))),
    # A matrix (rows = outputs) times the input vector.
    _Linear("dense", linalg.matvec, linalg.outer, linalg.matvec_transposed, "{0}·{1}ᵀ", "{0}ᵀ·{1}",
            (PREACTIVATION, OpMistake("transposed", lambda v: linalg.transpose(v.rule(v.g, v["a"])))),
            (UPDATED_WEIGHT, OpMistake("transposed", lambda v: linalg.matvec(v["W"], v.g),
                                        applies=lambda site: site.square))),
)


def affine(linear: _Linear) -> Operation:
    return Operation(
        f"affine.{linear.name}", ("W", "a", "b", "skip"),
        Rule(("W", "a", "b", "skip"), _summed(linear.forward), _affine_text, "affine"),
        {
            "W": Rule(("g", "a"), linear.weight_grad, linear.weight_text, "dweight", linear.weight_mistakes),
            "b": Rule(("g",), identity_gradient, "{0}", "dbias", (DECAYED_BIAS,)),
            "a": Rule(("W", "g"), linear.input_grad, linear.input_text, "dinput", linear.input_mistakes),
            "skip": Rule(("g",), identity_gradient, "{0}", "skip"),
        },
        exact=True, optional=("b", "skip"),
        paths={"skip": PathWord("skip", "跳跃路径", "skip path")},
    )


OPERATIONS = {op.name: op for op in (affine(linear) for linear in LINEAR_KINDS)}
