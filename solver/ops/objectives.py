"""One-weight objectives: the losses L(w) a descent is run on (gd, and the optimisers after it).

Each is an operation of the table whose value is the loss itself: its inputs are the weight `w`
and two constants, and its only gradient is ∂L/∂w (the constants are not trained). The gradient
reads no upstream gradient: the objective is the root of its graph, so ∂L/∂L = 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Objective:
    name: str
    roles: tuple[str, str]  # the two constants, as the formulas call them
    loss: Callable  # (w, c1, c2) -> L(w)
    gradient: Callable  # (w, c1, c2) -> dL/dw
    loss_formula: str  # L(w) over {0} = w, {1} = c1, {2} = c2
    gradient_text: str  # dL/dw, over the same
    loss_text: str  # L(w) as a prompt writes it


def _quadratic(w, p, q):
    return p * (w - q) * (w - q) / 2


def _quadratic_gradient(w, p, q):
    return p * (w - q)


def _linreg(w, x, t):
    return (w * x - t) * (w * x - t) / 2


def _linreg_gradient(w, x, t):
    return (w * x - t) * x


OBJECTIVES = {
    objective.name: objective for objective in (
        # L(w) = ½·p·(w - q)²
        Objective("quadratic", ("p", "q"), _quadratic, _quadratic_gradient, "½·{1}·({0} - {2})²",
                  "{1}·({0} - {2})", "½·p·(w - q)²"),
        # One training pair (x, t) for the linear model y = w·x: L(w) = ½·(w·x - t)²
        Objective("linreg", ("x", "t"), _linreg, _linreg_gradient, "½·({0}·{1} - {2})²",
                  "({0}·{1} - {2})·{1}", "½·(w·x - t)²"),
    )
}
