"""An independent SymPy model of a network's loss, written from the network's definition only.

The solver computes with NumPy through its step templates; this module rebuilds the same loss
from scratch as one SymPy expression so that tests can differentiate it symbolically.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from solver.network import DENSE, DOT, SCALAR, Structure


def activation(name: str, z):
    if name == "identity":
        return z
    if name == "sigmoid":
        return 1 / (1 + sp.exp(-z))
    if name == "tanh":
        return sp.tanh(z)
    if name == "relu":
        return sp.Piecewise((z, z > 0), (0, True))
    if name == "leaky_relu":
        return sp.Piecewise((z, z > 0), (z / 10, True))
    if name == "softplus":
        return sp.log(1 + sp.exp(z))
    raise ValueError(name)


def symbols_like(name: str, value) -> sp.Matrix | sp.Symbol:
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return sp.Symbol(name)
    if array.ndim == 1:
        return sp.Matrix([sp.Symbol(f"{name}_{i}") for i in range(array.shape[0])])
    return sp.Matrix(array.shape[0], array.shape[1], lambda i, j: sp.Symbol(f"{name}_{i}_{j}"))


def _as_column(value):
    return value if isinstance(value, sp.MatrixBase) else sp.Matrix([value])


def loss_expression(st: Structure, sym: dict):
    """L as a SymPy expression of the symbols in `sym` (one entry per given name)."""
    outputs = [sym["x"]]
    for layer in range(1, st.depth + 1):
        shape = st.layers[layer - 1]
        W, a = sym[st.weight(layer)], outputs[-1]
        if shape.kind == SCALAR:
            z = W * a
        elif shape.kind == DOT:
            z = (W.T * _as_column(a))[0, 0]
        else:
            z = W * _as_column(a)
        if shape.bias:
            z = z + sym[st.bias(layer)]
        if st.skip and st.skip[1] == layer:
            z = z + outputs[st.skip[0]]
        if shape.activation == "softmax":
            exps = z.applyfunc(sp.exp)
            outputs.append(exps / sum(exps))
        elif isinstance(z, sp.MatrixBase):
            outputs.append(z.applyfunc(lambda e: activation(shape.activation, e)))
        else:
            outputs.append(activation(shape.activation, z))
    y, t = _as_column(outputs[-1]), _as_column(sym["t"])
    n = y.shape[0]
    if st.loss == "half_sse":
        return sum((y[i] - t[i]) ** 2 for i in range(n)) / 2
    if st.loss == "mse":
        return sum((y[i] - t[i]) ** 2 for i in range(n)) / n
    if st.loss == "bce":
        return -sum(t[i] * sp.log(y[i]) + (1 - t[i]) * sp.log(1 - y[i]) for i in range(n)) / n
    if st.loss == "softmax_ce":
        return -sum(t[i] * sp.log(y[i]) for i in range(n))
    raise ValueError(st.loss)


def gradients(st: Structure, given: dict, names) -> dict[str, np.ndarray]:
    """dL/d(name) for each name, by SymPy differentiation evaluated at the given values."""
    sym = {name: symbols_like(name, given[name]) for name in st.given_names() if name != "eta"}
    point = {}
    for name, symbols in sym.items():
        values = np.asarray(given[name], dtype=float)
        if isinstance(symbols, sp.MatrixBase):
            for index in np.ndindex(values.shape):
                point[symbols[index if values.ndim == 2 else index[0]]] = sp.Float(values[index], 30)
        else:
            point[symbols] = sp.Float(float(values), 30)
    loss = loss_expression(st, sym)
    out = {}
    for name in names:
        symbols = sym[name]
        values = np.asarray(given[name], dtype=float)
        result = np.zeros(values.shape)
        for index in np.ndindex(values.shape):
            target = symbols if not isinstance(symbols, sp.MatrixBase) else symbols[index if values.ndim == 2 else index[0]]
            # Fix every other symbol at its value first: the derivative of a one-variable
            # expression stays small, where differentiating the whole loss symbolically blows up.
            others = {s: v for s, v in point.items() if s != target}
            one_variable = loss.xreplace(others)
            result[index] = float(sp.diff(one_variable, target).xreplace({target: point[target]}).evalf(30))
        out[name] = result
    return out
