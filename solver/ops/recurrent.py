"""A vanilla RNN's step before its tanh: z_t = W_xh·x_t + W_hh·h_{t-1} + b_h (PyTorch's nn.RNN
with one layer, its two biases folded into one), each rule beside its VJPs.

Shapes: W_xh (H×I), x_t (I), W_hh (H×H), h_{t-1} (H), b_h (H), z_t (H); with H = I = 1 the
`scalar` cell takes plain numbers, as an interview's one-unit RNN does. The tanh after it is the
table's own `tanh` (its step, and the mistake of leaving out tanh' at a time step, are there).

Through time, W_xh, W_hh and b_h are used at every step: the graph gives one gradient step per
time step (`dL/dW_hh_t3`, `_t2`, `_t1`, named by this operation's path word) and then their sum,
whose named mistake is keeping one time step only. Passing back to h_{t-1} multiplies by W_hhᵀ
(and, at the tanh, by 1 - h²): that product over the steps is what makes the gradient vanish
or explode with W_hh.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from solver.ops import linalg
from solver.ops.operation import OpMistake, Operation, PathWord, Rule

TIME_STEP = PathWord("t", "时间步", "time step", dropped="bptt_dropped_time_step")


def _cell(kind: str) -> Operation:
    if kind == "scalar":
        def forward(Wx, x, Wh, h, b=None):
            z = Wx * x + Wh * h
            return z if b is None else z + b

        weight, back, weight_text, back_text = (lambda g, a: g * a), (lambda W, g: W * g), "{0}·{1}", "{0}·{1}"
        transposed = ()
    else:
        def forward(Wx, x, Wh, h, b=None):
            z = linalg.matvec(Wx, x) + linalg.matvec(Wh, h)
            return z if b is None else z + b

        weight, back, weight_text, back_text = linalg.outer, linalg.matvec_transposed, "{0}·{1}ᵀ", "{0}ᵀ·{1}"
        # W_hh·g for W_hhᵀ·g: a square matrix, so the shape does not give it away
        transposed = (OpMistake("transposed", lambda v: linalg.matvec(v["Wh"], v.g)),)
    return Operation(
        f"rnn_cell.{kind}", ("Wx", "x", "Wh", "h", "b"),
        Rule(("Wx", "x", "Wh", "h", "b"), forward,
             lambda site: "{0}·{1} + {2}·{3}" + (" + {4}" if site.arity > 4 else ""), "rnn_cell"),
        {
            "Wx": Rule(("g", "x"), weight, weight_text, "dweight_xh"),
            "Wh": Rule(("g", "h"), weight, weight_text, "dweight_hh"),
            "b": Rule(("g",), lambda g: g, "{0}", "dbias"),
            "h": Rule(("Wh", "g"), back, back_text, "dhidden",
                      (OpMistake("bptt_forgot_recurrent_weight", lambda v: v.g),) + transposed),
            "x": Rule(("Wx", "g"), back, back_text, "drnn_input"),
        },
        exact=True, optional=("b",),
        paths={role: TIME_STEP for role in ("Wx", "Wh", "b", "x", "h")},
    )


@lru_cache(maxsize=2)
def rnn_cell(kind: str) -> Operation:
    return _cell(kind)


@lru_cache(maxsize=16)
def sequence_cell(step: int) -> Operation:
    """The matrix cell reading its input as row `step` of the whole sequence X (T×I, a network
    file's `x`): z = W_xh·X[step] + W_hh·h + b, so no step of the trace just copies a row out."""
    def row(X):
        return np.asarray(X)[..., step, :]

    def forward(Wx, X, Wh, h, b=None):
        z = linalg.matvec(Wx, row(X)) + linalg.matvec(Wh, h)
        return z if b is None else z + b

    def sequence_grad(Wx, g, X):
        dX = np.zeros(np.shape(X), dtype=object if np.asarray(g).dtype == object else float)
        dX[..., step, :] = linalg.matvec_transposed(Wx, g)  # only row `step` reaches this cell
        return dX

    dense = rnn_cell("dense")
    return Operation(
        "rnn_cell.sequence", ("Wx", "x", "Wh", "h", "b"),
        Rule(("Wx", "x", "Wh", "h", "b"), forward,
             lambda site: f"{{0}}·{{1}}[{step}] + {{2}}·{{3}}" + (" + {4}" if site.arity > 4 else ""), "rnn_cell"),
        {
            "Wx": Rule(("g", "x"), lambda g, X: linalg.outer(g, row(X)), f"{{0}}·{{1}}[{step}]ᵀ", "dweight_xh"),
            "Wh": dense.vjps["Wh"], "b": dense.vjps["b"], "h": dense.vjps["h"],
            "x": Rule(("Wx", "g", "x"), sequence_grad, f"row {step}: {{0}}ᵀ·{{1}}", "drnn_input"),
        },
        exact=True, optional=("b",), paths=dense.paths,
    )


OPERATIONS = {op.name: op for op in (rnn_cell("scalar"), rnn_cell("dense"), sequence_cell(0))}
PARAMETRISED = {"rnn_cell.sequence": lambda step: sequence_cell(int(step))}
