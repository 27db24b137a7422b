"""Softmax written out for the whiteboard: its Jacobian ∂p/∂z = diag(p) − p·pᵀ as a step of its
own, then ∂L/∂z = J·∂L/∂p (J is symmetric), which cross-entropy −Σ t·ln p turns into p − t.

The fused `softmax_ce` of the table takes p − t at once; this one shows where it comes from:
∂L/∂p = −t/p, and J·(−t/p) = −t + p·Σt = p − t for a one-hot (or any summing-to-one) t.
Forward, the working shows the log-sum-exp trick: subtracting max(z) before exp changes
nothing (it cancels in the ratio) but keeps exp from overflowing.
"""

from __future__ import annotations

import numpy as np

from solver.ops.activations import softmax
from solver.ops.operation import LocalJacobian, OpMistake, Operation, Rule, WorkingRule


def jacobian(p):
    """diag(p) − p·pᵀ, for each problem of a batch (p's last axis)."""
    p = np.asarray(p, dtype=float)
    return p[..., :, None] * np.eye(p.shape[-1]) - p[..., :, None] * p[..., None, :]


def jacobian_times(J, g):
    return np.matmul(J, np.asarray(g, dtype=float)[..., None])[..., 0]


def _largest(z):
    return np.max(np.asarray(z, dtype=float), axis=-1)


def _shifted_softmax(z):
    shifted = np.asarray(z, dtype=float) - _largest(z)[..., None]
    return np.exp(shifted) / np.sum(np.exp(shifted), axis=-1, keepdims=True)


STABILITY = (
    "数值稳定：先从 z 中减去 max(z) 再取 exp（log-sum-exp 技巧），比值里它正好约掉，结果不变却不会溢出；"
    "框架把 softmax 和交叉熵合成 log_softmax 一起算，也是为此。",
    "For stability, max(z) is subtracted from z before exp (the log-sum-exp trick): it cancels in the ratio, "
    "so nothing changes except that exp cannot overflow; frameworks fuse softmax and cross-entropy into "
    "log_softmax for the same reason.",
)

SOFTMAX_EXPLICIT = Operation(
    "softmax.explicit", ("z",),
    Rule(("z",), softmax, "softmax({0})", "softmax", working=(
        WorkingRule(("z",), _largest, "max({0})", lhs="m"),
        WorkingRule(("z",), _shifted_softmax, "exp({0} - m) / Σ exp({0} - m)", after=True),
    )),
    {"z": Rule(("J.z", "g"), jacobian_times, "{0}·{1}", "dsoftmax_explicit", (
        # softmax treated as if it were elementwise, like a sigmoid: g ⊙ p(1 − p), J's diagonal only
        OpMistake("softmax_elementwise", lambda v: np.asarray(v.g) * v.out * (1 - np.asarray(v.out))),
    ), local=LocalJacobian(
        Rule(("out",), jacobian, "diag({0}) - {0}·{0}ᵀ", "softmax_jacobian", (
            OpMistake("softmax_jacobian_diagonal", lambda v: jacobian(v.out) * np.eye(np.shape(v.out)[-1])),
            OpMistake("softmax_jacobian_sign", lambda v: -jacobian(v.out)),
        )),
        ("softmax 的雅可比矩阵 ∂p/∂z = diag(p) - p·pᵀ（对称）", "softmax's Jacobian ∂p/∂z = diag(p) - p·pᵀ (symmetric)"),
    ))},
    exact=False,
)

OPERATIONS = {op.name: op for op in (SOFTMAX_EXPLICIT,)}
