"""One attention head's operations, each forward rule beside its VJPs.

With X (N×d_in), one token a row, and Wq, Wk, Wv (d×d_in) as torch.nn.Linear stores them:
- `linear.rows`: Q = X·Wqᵀ (N×d), the same for K and V; ∂L/∂W = gᵀ·X (d×d_in), ∂L/∂X = g·W;
- `attention.scores`: S = Q·Kᵀ/√d (N×N); ∂L/∂Q = g·K/√d, ∂L/∂K = gᵀ·Q/√d;
- `softmax.rows`: A = softmax(S) along each row (each query's weights over the keys sum to 1);
  ∂L/∂S = A ⊙ (g - Σ_row g ⊙ A), never the N×N Jacobian of each row itself;
- `attention.mix`: O = A·V (N×d); ∂L/∂A = g·Vᵀ, ∂L/∂V = Aᵀ·g.
Every rule takes leading batch axes (matrices are the last two axes).
"""

from __future__ import annotations

import math

import numpy as np

from solver.ops.activations import softmax
from solver.ops.operation import OpMistake, Operation, Rule, Site


def _t(M):
    return np.swapaxes(np.asarray(M), -1, -2)


def _mm(A, B):
    return np.matmul(A, B)


# -- the projections Q, K, V ----------------------------------------------------------------------
def _project(W, X):
    return _mm(X, _t(W))


def _weight_grad(g, X):
    return _mm(_t(g), X)


def _square_weight(site: Site) -> bool:
    return len(site.shape) == 2 and site.shape[0] == site.shape[1]


LINEAR_ROWS = Operation(
    "linear.rows", ("W", "X"),
    Rule(("W", "X"), _project, "{1}·{0}ᵀ", "project"),
    {
        "W": Rule(("g", "X"), _weight_grad, "({0})ᵀ·{1}", "dprojection",
                  (OpMistake("transposed", lambda v: _mm(_t(v["X"]), v.g), applies=_square_weight),)),
        "X": Rule(("g", "W"), lambda g, W: _mm(g, W), "{0}·{1}", "dprojection_input"),
    },
    exact=True,
)


# -- the scores QKᵀ/√d ----------------------------------------------------------------------------
def _root(Q) -> float:
    return math.sqrt(np.shape(Q)[-1])


def _scores(Q, K):
    return _mm(Q, _t(K)) / _root(Q)


def _scale_text(site: Site) -> str:
    return f"√{site.shape[-1]}" if site.shape else "√d"


SCORES = Operation(
    "attention.scores", ("Q", "K"),
    Rule(("Q", "K"), _scores, lambda site: "{0}·{1}ᵀ / " + _scale_text(site), "scores",
         (OpMistake("attention_forgot_scale", lambda v: _mm(v["Q"], _t(v["K"]))),)),
    {
        "Q": Rule(("g", "K"), lambda g, K: _mm(g, K) / _root(K), lambda site: "{0}·{1} / " + _scale_text(site),
                  "dquery", (OpMistake("attention_forgot_scale", lambda v: _mm(v.g, v["K"])),)),
        "K": Rule(("g", "Q"), lambda g, Q: _mm(_t(g), Q) / _root(Q), lambda site: "({0})ᵀ·{1} / " + _scale_text(site),
                  "dkey", (OpMistake("attention_forgot_scale", lambda v: _mm(_t(v.g), v["Q"])),
                           OpMistake("transposed", lambda v: _mm(v.g, v["Q"]) / _root(v["Q"])))),
    },
    exact=False,
)


# -- softmax along each row -----------------------------------------------------------------------
def _rows_vjp(g, A):
    return A * (g - np.sum(g * A, axis=-1, keepdims=True))


def _columns(S):
    return _t(softmax(_t(S)))


def _columns_vjp(g, A):
    return A * (g - np.sum(g * A, axis=-2, keepdims=True))


SOFTMAX_ROWS = Operation(
    "softmax.rows", ("S",),
    Rule(("S",), softmax, "softmax_row({0})", "softmax",
         (OpMistake("softmax_wrong_axis", lambda v: _columns(v["S"])),)),
    {"S": Rule(("g", "out"), _rows_vjp, "{1} ⊙ ({0} - Σ_row {0} ⊙ {1})", "dsoftmax",
               (OpMistake("softmax_wrong_axis", lambda v: _columns_vjp(v.g, v.out)),))},
    exact=False,
)


# -- mixing the values A·V ------------------------------------------------------------------------
MIX = Operation(
    "attention.mix", ("A", "V"),
    Rule(("A", "V"), _mm, "{0}·{1}", "mix"),
    {
        "A": Rule(("g", "V"), lambda g, V: _mm(g, _t(V)), "{0}·{1}ᵀ", "dweights",
                  (OpMistake("transposed", lambda v: _mm(v["V"], _t(v.g))),)),
        "V": Rule(("A", "g"), lambda A, g: _mm(_t(A), g), "{0}ᵀ·{1}", "dvalues",
                  (OpMistake("transposed", lambda v: _mm(v["A"], v.g)),)),
    },
    exact=True,
)

OPERATIONS = {op.name: op for op in (LINEAR_ROWS, SCORES, SOFTMAX_ROWS, MIX)}
