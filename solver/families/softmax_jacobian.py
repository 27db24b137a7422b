"""Softmax and cross-entropy, explicitly: p = softmax(z), L = −Σ t·ln p, then backward ∂L/∂p = −t/p,
softmax's Jacobian J = diag(p) − p·pᵀ as a step, and ∂L/∂z = J·∂L/∂p, which the working shows
is p − t. The forward working shows the log-sum-exp shift by max(z). With `sigmoid` the same
lesson for two classes: a sigmoid output into binary cross-entropy, where σ'(z) = a(1 − a)
cancels ∂L/∂a's denominator and ∂L/∂z = a − t.
"""

from __future__ import annotations

from solver.families.base import Family, Option
from solver.families.networks import CLEANER, STRUCTURES, _dense_structure, build_network_problem
from solver.formats.codes import CodeError

HEADS = ("softmax", "sigmoid")
EXAMPLE = "softmax-jacobian:softmax:2:3:d1#1"


def _structure(options: tuple[str, ...]):
    head, inputs, classes = options[0], int(options[1]), int(options[2])
    if head == "sigmoid":
        return _dense_structure((inputs, 1), ["sigmoid"], "bce")
    return _dense_structure((inputs, classes), ["softmax"], "ce")


def _normalise(options):
    head, inputs, classes = options
    if not inputs.isdigit() or not 1 <= int(inputs) <= 3:
        raise CodeError(f"inputs '{inputs}' must be 1 to 3; for example {EXAMPLE}")
    if head == "sigmoid":
        return (head, str(int(inputs)), "1")
    if not classes.isdigit() or not 2 <= int(classes) <= 3:
        raise CodeError(f"classes '{classes}' must be 2 or 3; for example {EXAMPLE}")
    return (head, str(int(inputs)), str(int(classes)))


STRUCTURES["softmax-jacobian"] = _structure

SOFTMAX_JACOBIAN = Family(
    "softmax-jacobian", "softmax 与交叉熵逐步展开：雅可比矩阵 diag(p) - ppᵀ 作为一步，由它推出 ∂L/∂z = p - y；或 sigmoid 配 bce 得 a - t",
    "softmax and cross-entropy step by step: the Jacobian diag(p) - ppᵀ as a step and ∂L/∂z = p - y from it; "
    "or a sigmoid with bce giving a - t",
    (Option("head", "softmax", "softmax (with cross-entropy) or sigmoid (with binary cross-entropy)", HEADS),
     Option("inputs", "2", "number of inputs, 1-3"),
     Option("classes", "3", "classes for softmax, 2-3 (a sigmoid has one output)")),
    build_network_problem, _normalise, later=CLEANER,
)
