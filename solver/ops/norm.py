"""Normalisation, as a tutor decomposes it: the mean μ, the biased variance σ², x̂ = (x − μ)/√(σ² + ε),
then y = γ ⊙ x̂ + β.

Batch norm (training mode, as `torch.nn.functional.batch_norm(training=True)`) takes μ and σ²
over the samples of a mini-batch (axis -2: X is m×d, one row a sample), layer norm over the
features of each sample (axis -1). Because x feeds μ, σ² and x̂, its gradient comes back along
three paths the trace adds — direct, through the mean, through the variance — and leaving one
out is the classic mistake. σ² is written as a function of x alone (its own mean inside), so
the path through μ has exactly one step and σ²'s gradient with respect to x is 2(x − μ)/m.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from solver.ops.operation import OpMistake, Operation, PathWord, Rule, Site

BATCH_AXIS, FEATURE_AXIS = -2, -1


def _spread(value, axis: int):
    """A statistic back beside every entry it was taken over."""
    return np.expand_dims(value, axis)


def _count(x, axis: int) -> int:
    return np.shape(x)[axis]


def _mean(x, axis):
    return np.add.reduce(np.asarray(x), axis=axis) / _count(x, axis)


def _variance(x, axis):
    centred = np.asarray(x) - _spread(_mean(x, axis), axis)
    return np.add.reduce(centred * centred, axis=axis) / _count(x, axis)


def _words(axis: int) -> tuple[str, str]:
    return ("样本", "samples") if axis == BATCH_AXIS else ("特征", "features")


def _sum_text(axis: int) -> str:
    return "Σₙ" if axis == BATCH_AXIS else "Σⱼ"


def _statistics(axis: int, prefix: str) -> tuple[Operation, Operation]:
    sigma = _sum_text(axis)
    mean = Operation(
        f"{prefix}.mean", ("x",),
        Rule(("x",), lambda x: _mean(x, axis), lambda site: f"(1/{site.shape[axis]})·{sigma} {{0}}", "norm_mean"),
        {"x": Rule(("g", "x"), lambda g, x: np.broadcast_to(_spread(g, axis), np.shape(x)) / _count(x, axis),
                   lambda site: f"{{0}} / {site.shape[axis]}", "norm_dmean")},
        exact=True, paths={"x": PathWord("mean", "经过均值的路径", "path through the mean", dropped="norm_mean_path_dropped")},
    )
    variance = Operation(
        f"{prefix}.var", ("x",),
        Rule(("x",), lambda x: _variance(x, axis),
             lambda site: f"(1/{site.shape[axis]})·{sigma} ({{0}} - μ)²", "norm_var",
             (OpMistake("unbiased_variance", lambda v: v.out * _count(v["x"], axis) / (_count(v["x"], axis) - 1),
                        applies=lambda site: site.shape[axis] > 1),)),
        {"x": Rule(("g", "x"), lambda g, x: 2 * (np.asarray(x) - _spread(_mean(x, axis), axis)) * _spread(g, axis)
                   / _count(x, axis), lambda site: f"2·({{1}} - μ)·{{0}} / {site.shape[axis]}", "norm_dvar")},
        exact=True,
        paths={"x": PathWord("var", "经过方差的路径", "path through the variance", dropped="norm_variance_path_dropped")},
    )
    return mean, variance


def _eps_text(eps: float) -> str:
    return "√{2}" if eps == 0 else "√({2} + ε)"


def normalised(x, mu, var, eps: float, axis: int):
    return (np.asarray(x) - _spread(mu, axis)) / np.sqrt(_spread(np.asarray(var, dtype=float) + eps, axis))


@lru_cache(maxsize=64)
def normalise_op(prefix: str, eps: float) -> Operation:
    axis = BATCH_AXIS if prefix == "bn" else FEATURE_AXIS
    sigma = _sum_text(axis)

    def scale(var):
        return 1 / np.sqrt(np.asarray(var, dtype=float) + eps)

    def d_x(g, var):
        return np.asarray(g) * _spread(scale(var), axis)

    def d_mu(g, var):
        return -np.add.reduce(np.asarray(g), axis=axis) * scale(var)

    def d_var(g, x, mu, var):
        centred = np.asarray(x) - _spread(mu, axis)
        return -0.5 * np.add.reduce(np.asarray(g) * centred, axis=axis) * scale(var) ** 3

    return Operation(
        f"{prefix}.normalize", ("x", "mu", "var"),
        Rule(("x", "mu", "var"), lambda x, mu, var: normalised(x, mu, var, eps, axis), "({0} - {1}) / " + _eps_text(eps),
             "normalize"),
        {
            "x": Rule(("g", "var"), d_x, "{0} / " + _eps_text(eps).replace("{2}", "{1}"), "norm_dx"),
            "var": Rule(("g", "x", "mu", "var"), d_var,
                        f"-½·{sigma} {{0}} ⊙ ({{1}} - {{2}})·(" + ("{3} + ε" if eps else "{3}") + ")^(-3/2)",
                        "norm_dsigma", (
                            OpMistake("norm_variance_half", lambda v: -2 * v.rule(v.g, v["x"], v["mu"], v["var"])),
                            OpMistake("norm_variance_power", lambda v: v.rule(v.g, v["x"], v["mu"], v["var"])
                                      * (np.asarray(v["var"], dtype=float) + eps)),
                        )),
            "mu": Rule(("g", "var"), d_mu, f"-{sigma} {{0}} / " + _eps_text(eps).replace("{2}", "{1}"), "norm_dmu"),
        },
        exact=False,
        paths={"x": PathWord("direct", "直接路径", "direct path", dropped="norm_direct_path_dropped")},
    )


def _per_feature(gamma, like):
    """γ (one per feature) beside every sample: in a batch of problems it has no sample axis."""
    gamma = np.asarray(gamma)
    while gamma.ndim < np.ndim(like):
        gamma = np.expand_dims(gamma, -2)
    return gamma


def _gamma_grad(g, xhat, gamma):
    product = np.asarray(g) * xhat
    while product.ndim > np.ndim(gamma):  # summed over the samples (batch norm, or layer norm in a batch)
        product = np.add.reduce(product, axis=-2)
    return product


def _beta_grad(g, gamma):
    total = np.asarray(g)
    while total.ndim > np.ndim(gamma):
        total = np.add.reduce(total, axis=-2)
    return total


def _summed(site: Site) -> str:
    return "Σₙ " if len(site.shape) > 1 else ""


SCALE_SHIFT = Operation(
    "scale_shift", ("xhat", "gamma", "beta"),
    Rule(("xhat", "gamma", "beta"), lambda xhat, gamma, beta: np.asarray(xhat) * _per_feature(gamma, xhat) + _per_feature(beta, xhat), "{1} ⊙ {0} + {2}",
         "scale_shift"),
    {
        "gamma": Rule(("g", "xhat", "gamma"), _gamma_grad, lambda site: _summed(site) + "{0} ⊙ {1}", "norm_dgamma", (
            OpMistake("norm_gamma_not_summed", lambda v: (np.asarray(v.g) * v["xhat"])[..., 0, :],
                      applies=lambda site: len(site.shape) > 1),
            OpMistake("norm_gamma_without_xhat", lambda v: _beta_grad(v.g, v["gamma"])),
        )),
        "beta": Rule(("g", "gamma"), _beta_grad, lambda site: _summed(site) + "{0}", "norm_dbeta", (
            OpMistake("bias_not_summed", lambda v: np.asarray(v.g)[..., 0, :], applies=lambda site: len(site.shape) > 1),
        )),
        "xhat": Rule(("g", "gamma"), lambda g, gamma: np.asarray(g) * _per_feature(gamma, g), "{0} ⊙ {1}", "norm_dxhat", (
            OpMistake("norm_gamma_forgotten", lambda v: v.g),
        )),
    },
    exact=True,
)


def _norm_operations(prefix: str, axis: int) -> tuple[Operation, ...]:
    mean, variance = _statistics(axis, prefix)
    return (mean, variance, normalise_op(prefix, 1e-5))


OPERATIONS = {op.name: op for op in (*_norm_operations("bn", BATCH_AXIS), *_norm_operations("ln", FEATURE_AXIS),
                                     SCALE_SHIFT)}
# ε is a node's parameter: one operation per value used.
PARAMETRISED = {"bn.normalize": lambda eps: normalise_op("bn", float(eps)),
                "ln.normalize": lambda eps: normalise_op("ln", float(eps))}
