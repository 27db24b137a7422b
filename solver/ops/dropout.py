"""Inverted dropout with a given mask: y = x ⊙ mask / (1 − p), as `F.dropout(training=True)`
draws it. Scaling the kept units by 1/(1 − p) in training keeps every unit's expected value, so
nothing changes at test time; the backward pass lets the gradient through the kept units only,
with the same scale: ∂L/∂x = g ⊙ mask / (1 − p).
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np

from solver.ops.operation import OpMistake, Operation, Rule

DEFAULT_P = 0.5


def _keep_scale(x, p: float):
    """1/(1 − p), as a Fraction when the values are (exact forms)."""
    if np.asarray(x).dtype == object:
        return 1 / (1 - Fraction(repr(p)))
    return 1 / (1 - p)


@lru_cache(maxsize=32)
def dropout_op(p: float) -> Operation:
    def forward(x, mask):
        return np.asarray(x) * mask * _keep_scale(x, p)

    def backward(g, mask):
        return np.asarray(g) * mask * _keep_scale(g, p)

    return Operation(
        "dropout", ("x", "mask"),
        Rule(("x", "mask"), forward, f"{{0}} ⊙ {{1}} / (1 - {p!r})", "dropout", (
            OpMistake("dropout_scale_forgotten", lambda v: np.asarray(v["x"]) * v["mask"]),
        )),
        {"x": Rule(("g", "mask"), backward, f"{{0}} ⊙ {{1}} / (1 - {p!r})", "ddropout", (
            OpMistake("dropout_scale_forgotten", lambda v: np.asarray(v.g) * v["mask"]),
            OpMistake("dropout_mask_forgotten", lambda v: np.asarray(v.g) * _keep_scale(v.g, p)),
        ))},
        exact=True,
    )


OPERATIONS = {"dropout": dropout_op(DEFAULT_P)}
PARAMETRISED = {"dropout": lambda p: dropout_op(float(p))}
