"""Optimiser steps beyond plain SGD, as torch.optim defines them: momentum, RMSprop, Adam, weight decay.

Each is an `Operation` of phase "update" (nothing differentiates through an optimiser step), its
rule beside its formula and the mistakes people make on it:

- `momentum.buffer`  b = μ·b + g               (torch SGD, dampening 0: no (1 - μ) on g)
- `momentum.step`    p - η·b
- `moment.first`     m = β·m + (1 - β)·g       (Adam's m)
- `moment.second`    v = β·v + (1 - β)·g²      (Adam's v with β2, RMSprop's v with α)
- `bias_correction`  m̂ = m / (1 - β^t)         (t counts steps from 1)
- `adam.step`        p - η·m̂ / (√v̂ + ε)
- `rmsprop.step`     p - η·g / (√v + ε)
- `weight_decay.l2`  g + λ·p                   (λ/2·p² in the loss; torch Adam's weight_decay)
- `weight_decay.decoupled`  p·(1 - η·λ)        (torch AdamW, applied before the Adam step)

Roles follow `sgd`'s: `p` the parameter, `eta` the learning rate, `dp` its gradient. Rules work on
floats and on arrays (a parameter matrix; a batch of problems on a leading axis broadcasts as η
does in `linalg.descend` only when the hyperparameters are numbers, which they are here).
"""

from __future__ import annotations

import numpy as np

# The hyperparameters' roles, how a tutor writes them.
SYMBOLS = {"eta": "η", "mu": "μ", "alpha": "α", "beta1": "β1", "beta2": "β2", "eps": "ε", "lam": "λ"}


def _sqrt(v):
    return np.sqrt(v) if isinstance(v, np.ndarray) else float(v) ** 0.5


def _momentum_buffer(b, mu, dp):
    return mu * b + dp


def _first_moment(m, beta, dp):
    return beta * m + (1 - beta) * dp


def _second_moment(v, beta, dp):
    return beta * v + (1 - beta) * dp * dp


def _bias_correction(m, beta, t):
    return m / (1 - beta ** t)


def _adam_step(p, eta, mhat, vhat, eps):
    return p - eta * mhat / (_sqrt(vhat) + eps)


def _rmsprop_step(p, eta, dp, v, eps):
    return p - eta * dp / (_sqrt(v) + eps)


def _wrong_step_correction(v):
    # 1 - β^(t+1), or 1 - β^(t-1) past the first step (at t = 1 that is 1 - β^0 = 0: no value)
    return v["m"] / (1 - v["beta"] ** (v["t"] + 1))


def _early_correction(v):
    return None if v["t"] <= 1 else v["m"] / (1 - v["beta"] ** (v["t"] - 1))


def operations() -> tuple:
    """The operations, for solver.ops.table to register (built on call: the table's classes are
    imported here, so either module may be imported first)."""
    from solver.ops.operation import OpMistake, Operation, Rule

    momentum_buffer = Operation(
        "momentum.buffer", ("b", "mu", "dp"),
        Rule(("b", "mu", "dp"), _momentum_buffer, "{1}·{0} + {2}", "moment", (
            # the exponential-average form: torch's SGD has dampening 0, so g enters whole
            OpMistake("momentum_dampened", lambda v: v["mu"] * v["b"] + (1 - v["mu"]) * v["dp"]),
            OpMistake("momentum_buffer_dropped", lambda v: v["dp"]),
        )),
        {}, exact=True, phase="update",
    )

    momentum_step = Operation(
        "momentum.step", ("p", "eta", "b", "dp"),
        Rule(("p", "eta", "b"), lambda p, eta, b: p - eta * b, "{0} - {1}·{2}", "optimizer_step", (
            OpMistake("update_sign", lambda v: v["p"] + v["eta"] * v["b"]),
            OpMistake("forgot_learning_rate", lambda v: v["p"] - v["b"]),
            OpMistake("momentum_buffer_dropped", lambda v: v["p"] - v["eta"] * v["dp"]),
        )),
        {}, exact=True, phase="update",
    )

    first_moment = Operation(
        "moment.first", ("m", "beta", "dp"),
        Rule(("m", "beta", "dp"), _first_moment, "{1}·{0} + (1 - {1})·{2}", "moment", (
            OpMistake("moment_weights_swapped", lambda v: (1 - v["beta"]) * v["m"] + v["beta"] * v["dp"]),
        )),
        {}, exact=True, phase="update",
    )

    second_moment = Operation(
        "moment.second", ("v", "beta", "dp"),
        Rule(("v", "beta", "dp"), _second_moment, "{1}·{0} + (1 - {1})·{2}²", "moment", (
            OpMistake("second_moment_not_squared", lambda v: v["beta"] * v["v"] + (1 - v["beta"]) * v["dp"]),
            OpMistake("moment_weights_swapped", lambda v: (1 - v["beta"]) * v["v"] + v["beta"] * v["dp"] * v["dp"]),
        )),
        {}, exact=True, phase="update",
    )

    bias_correction = Operation(
        "bias_correction", ("m", "beta", "t"),
        Rule(("m", "beta", "t"), _bias_correction, "{0} / (1 - {1}^{2})", "bias_correction", (
            OpMistake("forgot_bias_correction", lambda v: v["m"]),
            OpMistake("bias_correction_wrong_step", _wrong_step_correction),
            OpMistake("bias_correction_wrong_step", _early_correction),
        )),
        {}, exact=True, phase="update",
    )

    adam_step = Operation(
        "adam.step", ("p", "eta", "mhat", "vhat", "eps"),
        Rule(("p", "eta", "mhat", "vhat", "eps"), _adam_step, "{0} - {1}·{2} / (√{3} + {4})", "optimizer_step", (
            OpMistake("update_sign", lambda v: 2 * v["p"] - _adam_step(v["p"], v["eta"], v["mhat"], v["vhat"], v["eps"])),
            OpMistake("forgot_sqrt_second_moment",
                      lambda v: v["p"] - v["eta"] * v["mhat"] / (v["vhat"] + v["eps"])),
        )),
        {}, exact=False, phase="update",
    )

    rmsprop_step = Operation(
        "rmsprop.step", ("p", "eta", "dp", "v", "eps"),
        Rule(("p", "eta", "dp", "v", "eps"), _rmsprop_step, "{0} - {1}·{2} / (√{3} + {4})", "optimizer_step", (
            OpMistake("update_sign", lambda v: 2 * v["p"] - _rmsprop_step(v["p"], v["eta"], v["dp"], v["v"], v["eps"])),
            OpMistake("forgot_sqrt_second_moment", lambda v: v["p"] - v["eta"] * v["dp"] / (v["v"] + v["eps"])),
        )),
        {}, exact=False, phase="update",
    )

    l2_gradient = Operation(
        "weight_decay.l2", ("dp", "lam", "p"),
        Rule(("dp", "lam", "p"), lambda dp, lam, p: dp + lam * p, "{0} + {1}·{2}", "weight_decay", (
            # d/dp of (λ/2)·p² is λ·p: the ½ dropped, or kept
            OpMistake("weight_decay_factor", lambda v: v["dp"] + 2 * v["lam"] * v["p"]),
            OpMistake("weight_decay_factor", lambda v: v["dp"] + v["lam"] * v["p"] / 2),
        )),
        {}, exact=True, phase="update",
    )

    decoupled_decay = Operation(
        "weight_decay.decoupled", ("p", "eta", "lam"),
        Rule(("p", "eta", "lam"), lambda p, eta, lam: p * (1 - eta * lam), "{0}·(1 - {1}·{2})", "weight_decay", (
            OpMistake("decay_without_learning_rate", lambda v: v["p"] * (1 - v["lam"])),
            OpMistake("update_sign", lambda v: v["p"] * (1 + v["eta"] * v["lam"])),
        )),
        {}, exact=True, phase="update",
    )

    return (momentum_buffer, momentum_step, first_moment, second_moment, bias_correction,
            adam_step, rmsprop_step, l2_gradient, decoupled_decay)
