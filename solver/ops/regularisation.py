"""Regularisation: weight decay in the loss, L = L_data + (λ/2)·Σ‖W‖².

The penalty's gradient λ·W reaches each weight as a second path beside the data's (the trace
adds them: ∂L/∂W = δ·aᵀ + λ·W); biases (and batch norm's γ, β) are not decayed, as
`torch.optim.SGD(weight_decay=λ)` would decay everything given to it but practice excludes them.
"""

from __future__ import annotations

import numpy as np

from solver.ops.affine import DECAY_RATE, scaled
from solver.ops.operation import OpMistake, Operation, PathWord, Rule, Site
MAX_WEIGHTS = 8
WEIGHT_ROLES = tuple(f"w{i}" for i in range(1, MAX_WEIGHTS + 1))


def squared_norm(w, lam):
    """‖w‖², every entry squared and summed (per problem in a batch of problems)."""
    square = np.asarray(w) * w
    if isinstance(lam, np.ndarray) and lam.ndim:
        return np.add.reduce(square.reshape(len(lam), -1), axis=-1)
    return np.sum(square)


def decayed_loss(L, lam, *weights):
    total = squared_norm(weights[0], lam)
    for w in weights[1:]:
        total = total + squared_norm(w, lam)
    return L + lam / 2 * total


def _decay_text(site: Site) -> str:
    norms = " + ".join("‖{%d}‖²" % i for i in range(2, site.arity))
    return "{0} + ({1}/2)·" + (f"({norms})" if site.arity > 3 else norms)


def _decay_gradient(lam, w):
    return scaled(lam, w)


WEIGHT_DECAY = Operation(
    "weight_decay", ("L", "lam", *WEIGHT_ROLES),
    Rule(("L", "lam", *WEIGHT_ROLES), decayed_loss, _decay_text, "decayed_loss", (
        OpMistake("weight_decay_factor", lambda v: v.forward(v["L"], 2 * v["lam"], *(v[r] for r in WEIGHT_ROLES
                                                                                   if r in v.names))),
    )),
    # The loss node has no upstream gradient (∂L/∂L = 1): each rule is the penalty's own derivative.
    {role: Rule(("lam", role), _decay_gradient, "{0}·{1}", "ddecay", (
        OpMistake("weight_decay_factor", lambda v, role=role: scaled(v["lam"], v[role]) / 2),
        OpMistake("weight_decay_factor", lambda v, role=role: scaled(v["lam"], v[role]) * 2),
    )) for role in WEIGHT_ROLES},
    exact=True, phase="loss", optional=WEIGHT_ROLES[1:],
    paths={role: PathWord("decay", "权重衰减路径", "weight-decay path", dropped="decay_path_dropped")
           for role in WEIGHT_ROLES},
)

__all__ = ["DECAY_RATE", "WEIGHT_DECAY", "decayed_loss", "squared_norm"]

OPERATIONS = {op.name: op for op in (WEIGHT_DECAY,)}
