"""Losses: each L(y, t) beside its gradient dL/dy, for the last axis of y (the outputs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def _count(y) -> int:
    shape = np.shape(y)
    return shape[-1] if shape else 1


def _total(v):
    # add.reduce is what np.sum runs, without its Python wrapper (this is on every solve)
    return np.add.reduce(v, axis=-1) if np.ndim(v) else v


@dataclass(frozen=True)
class Loss:
    name: str
    forward: Callable  # L(y, t)
    gradient: Callable  # dL/dy
    rational: bool
    formula: str  # L in terms of y and t
    gradient_formula: str


def _half_sse(y, t):
    residual = y - t
    return _total(residual * residual) / 2


def _half_sse_gradient(y, t):
    return y - t


def _mse(y, t):
    residual = y - t
    return _total(residual * residual) / _count(y)


def _mse_gradient(y, t):
    return (y - t) * 2 / _count(y)


def _bce(y, t):
    y = np.asarray(y, dtype=float)
    return -_total(t * np.log(y) + (1 - t) * np.log(1 - y)) / _count(y)


def _bce_gradient(y, t):
    y = np.asarray(y, dtype=float)
    return (y - t) / (y * (1 - y)) / _count(y)


def _softmax_ce(p, t):
    return -_total(t * np.log(np.asarray(p, dtype=float)))


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("half_sse", _half_sse, _half_sse_gradient, True, "½·Σ({0} - {1})²", "{0} - {1}"),
        Loss("mse", _mse, _mse_gradient, True, "(1/n)·Σ({0} - {1})²", "(2/n)·({0} - {1})"),
        Loss(
            "bce", _bce, _bce_gradient, False,
            "-(1/n)·Σ[{1}·ln {0} + (1 - {1})·ln(1 - {0})]",
            "({0} - {1}) / ({0}·(1 - {0})) / n",
        ),
        # The gradient of softmax + cross-entropy is taken with respect to the logits: p - t.
        Loss("softmax_ce", _softmax_ce, lambda p, t: p - t, False, "-Σ {1}·ln {0}", "{0} - {1}"),
        # Cross-entropy on probabilities, for softmax worked out through its Jacobian.
        Loss("ce", _softmax_ce, lambda p, t: (0 - np.asarray(t, dtype=float)) / np.asarray(p, dtype=float), False, "-Σ {1}·ln {0}",
             "-{1} / {0}"),
    )
}


def written_for_width(text: str, width: int) -> str:
    """A loss formula for an output of `width` entries: n written out, and no Σ over one number."""
    if width == 1:
        text = text.replace("(1/n)·", "").replace("(2/n)·", "2·").replace(" / n", "").replace("Σ", "")
    return text.replace("/n)", f"/{width})").replace(" / n", f" / {width}")
