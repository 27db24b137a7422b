"""Mini-batch operations: a dense layer over a matrix of samples, and the losses averaged over them.

A mini-batch's values carry the sample axis second to last (X is m×in, one row a sample, as in
PyTorch); a batch of problems (solver.generate) adds its axis in front, which `matmul` and the
reductions over axis -2 leave alone. The 1/m of the mean loss enters once, at the loss's
gradient: every later gradient (∂W = δᵀ·X, ∂b = Σₙ δ) sums over the samples and must not divide again.
"""

from __future__ import annotations

import numpy as np

from solver.ops.losses import LOSSES, Loss, written_for_width
from solver.ops.affine import DECAYED_BIAS, PREACTIVATION, UPDATED_WEIGHT
from solver.ops.operation import (
    OpMistake, Operation, PathWord, Rule, Simplification, Site, WorkingRule, identity_gradient,
)


def _samples(value) -> int:
    return np.shape(value)[-2]


def _total(value):
    return np.add.reduce(value, axis=-1)


def batch_affine(W, X, *addends):
    """Z = X·Wᵀ + b (+ a skip): one row per sample; b (a vector) is added to every row."""
    Z = np.matmul(X, np.swapaxes(W, -1, -2))
    for addend in addends:
        addend = np.asarray(addend)
        Z = Z + (addend[..., None, :] if addend.ndim == Z.ndim - 1 else addend)
    return Z


def weight_gradient(delta, X):
    """∂L/∂W = δᵀ·X: (out×m)·(m×in), the samples' outer products δₙ·xₙᵀ summed."""
    return np.matmul(np.swapaxes(delta, -1, -2), X)


def bias_gradient(delta):
    """∂L/∂b = Σₙ δₙ: the bias is added to every sample, so its gradient sums over them."""
    return np.add.reduce(np.asarray(delta), axis=-2)


def input_gradient(W, delta):
    """∂L/∂X = δ·W: (m×out)·(out×in)."""
    return np.matmul(delta, W)


AFFINE_BATCH = Operation(
    "affine.batch", ("W", "a", "b", "skip"),
    Rule(("W", "a", "b", "skip"), batch_affine,
         lambda site: "{1}·{0}ᵀ" + "".join(" + {%d}" % i for i in range(2, site.arity)), "batch_affine"),
    {
        "W": Rule(("g", "a"), weight_gradient, "{0}ᵀ·{1}", "batch_dweight", (
            PREACTIVATION,
            # δ already carries the 1/m of the mean: dividing the sum again makes it 1/m².
            OpMistake("batch_mean_twice", lambda v: weight_gradient(v.g, v["a"]) / _samples(v.g)),
            OpMistake("batch_one_sample", lambda v: weight_gradient(v.g[..., :1, :], v["a"][..., :1, :])),
        )),
        "b": Rule(("g",), bias_gradient, "Σₙ {0}", "batch_dbias", (
            OpMistake("bias_not_summed", lambda v: np.asarray(v.g)[..., 0, :]),
            OpMistake("batch_mean_twice", lambda v: bias_gradient(v.g) / _samples(v.g)),
            DECAYED_BIAS,
        )),
        "a": Rule(("W", "g"), input_gradient, "{1}·{0}", "batch_dinput", (
            UPDATED_WEIGHT,
            OpMistake("transposed", lambda v: np.matmul(v.g, np.swapaxes(v["W"], -1, -2)),
                      applies=lambda site: site.square),
        )),
        "skip": Rule(("g",), identity_gradient, "{0}", "skip"),
    },
    exact=True, optional=("b", "skip"),
    paths={"skip": PathWord("skip", "跳跃路径", "skip path")},
)


def _mean_of(loss: Loss):
    def forward(y, t):
        return _total(loss.forward(y, t)) / _samples(y)
    return forward


def _gradient_of(loss: Loss):
    def gradient(y, t):
        return loss.gradient(y, t) / _samples(y)
    return gradient


def _per_sample_text(text: str, site: Site) -> str:
    return written_for_width(text, site.width)


def _batch_loss(loss: Loss) -> Operation:
    forward = _mean_of(loss)
    gradient = _gradient_of(loss)
    formula, gradient_formula = loss.formula, loss.gradient_formula

    def forward_text(site: Site) -> str:
        return f"(1/{site.shape[0]})·Σₙ [{_per_sample_text(formula, site)}]"

    def gradient_text(site: Site) -> str:
        return f"({_per_sample_text(gradient_formula, site)}) / {site.shape[0]}"

    forgot = OpMistake("batch_mean_forgotten", lambda v: v.rule(v["y"], v["t"]) * _samples(v["y"]))
    forward_rule = Rule(("y", "t"), forward, forward_text, "batch_loss", (forgot,))
    if loss.name == "softmax_ce":
        return Operation(
            f"batch.{loss.name}", ("y", "t"), forward_rule, {}, exact=loss.rational, phase="loss", reduces=True,
            through="softmax",
            vjp_through=Rule(("y", "t"), gradient, lambda site: f"({{0}} - {{1}}) / {site.shape[0]}", "batch_softmax_grad", (
                OpMistake("softmax_sign", lambda v: (v["t"] - v["y"]) / _samples(v["y"])), forgot)),
        )
    mistakes = (OpMistake("sign_error_residual", lambda v: -v.rule(v["y"], v["t"])), forgot)
    simplifies = {}
    if loss.name == "bce":
        simplifies = {"sigmoid": Simplification(_sigmoid_bce_working, (
            "sigmoid 输出配交叉熵时 σ'(z) = a(1 - a) 约掉了 ∂L/∂a 的分母：每个样本 ∂L/∂z = (a - t)，再除以样本数 m"
            "（和输出个数 n）。",
            "With a sigmoid output and cross-entropy, σ'(z) = a(1 - a) cancels the denominator of ∂L/∂a: per sample "
            "∂L/∂z = a - t, divided by the m samples (and the n outputs).",
        ))}
    return Operation(
        f"batch.{loss.name}", ("y", "t"), forward_rule,
        {"y": Rule(("y", "t"), gradient, gradient_text, "batch_dloss", mistakes)},
        exact=loss.rational, phase="loss", reduces=True, simplifies=simplifies,
    )


def _sigmoid_bce_working(site: Site) -> WorkingRule:
    m, n = site.shape[0], site.width
    return WorkingRule(("y", "t"), lambda a, t: (a - t) / (m * n),
                       f"({{0}} - {{1}}) / {m * n}", after=True)


OPERATIONS = {op.name: op for op in (AFFINE_BATCH, *(_batch_loss(loss) for loss in LOSSES.values()))}
