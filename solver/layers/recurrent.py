"""The `rnn` layer of a network file: a vanilla RNN read over its input's rows.

`W_xh` (hidden×in), `W_hh` (hidden×hidden), optional `b_h` (hidden), `h0` (hidden, zeros when left
out); the input [T][in], one row a time step; h_t = tanh(W_xh·x[t] + W_hh·h_(t-1) + b_h); the
layer's output is the last hidden state h_T (as PyTorch's nn.RNN's h_n, one layer, tanh, its two
biases folded into one). h0 is given, not trained: no gradient step is asked for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from solver.formats.fields import NetworkError, numeric, require, shape_text, unknown_keys
from solver.layers.base import Layer, LayerInput, LayerScope, Param, Words, plain, shape_words

MAX_STEPS = 6


@dataclass(frozen=True)
class RNNLayer(Layer):
    steps: int
    n_in: int
    hidden: int
    bias: bool

    type: ClassVar[str] = "rnn"
    keys: ClassVar[tuple[str, ...]] = ("W_xh", "W_hh", "b_h", "h0")
    input_ranks: ClassVar[tuple[int, ...]] = (2,)

    @property
    def input_shape(self) -> tuple[int, ...]:
        return (self.steps, self.n_in)

    def parameters(self) -> tuple[Param, ...]:
        params = [Param("W_xh", (self.hidden, self.n_in), ("输入权重 W_xh", "input weights W_xh"), decayed=True),
                  Param("W_hh", (self.hidden, self.hidden), ("循环权重 W_hh", "recurrent weights W_hh"), decayed=True)]
        if self.bias:
            params.append(Param("b_h", (self.hidden,), ("偏置 b_h", "bias b_h")))
        return tuple(params)

    def constants(self) -> tuple[Param, ...]:
        return (Param("h0", (self.hidden,), ("初始隐藏状态 h0", "initial hidden state h0"), layered="h{layer}_t0"),)

    def output_shape(self) -> tuple[int, ...]:
        return (self.hidden,)

    @property
    def rational(self) -> bool:
        return False  # tanh

    def emit(self, scope: LayerScope) -> str:
        hidden = (self.hidden,)
        previous = self.constants()[0].id(scope.layer, scope.depth)
        for step in range(1, self.steps + 1):
            if scope.depth == 1:  # the sequence alone: z1, h1, …, h_T as a tutor numbers them
                z, h = f"z{step}", f"h{step}"
            else:
                z, h = f"z{scope.layer}_t{step}", (scope.output if step == self.steps else f"h{scope.layer}_t{step}")
            inputs = [("Wx", scope.id("W_xh")), ("x", scope.input), ("Wh", scope.id("W_hh")), ("h", previous)]
            if self.bias:
                inputs.append(("b", scope.id("b_h")))
            scope.node(z, "rnn_cell.sequence", inputs, (f"第{step}步 tanh 之前的加权和", f"step {step}'s weighted sum "
                                                            f"before the tanh"), scope.shape(hidden),
                       (("step", float(step - 1)),))
            scope.node(h, "tanh", (("z", z),), (f"第{step}步的隐藏状态", f"hidden state after step {step}"),
                       scope.shape(hidden))
            scope.grad_label(z, (f"第{step}步加权和的梯度", f"gradient at step {step}'s weighted sum"))
            if step < self.steps:
                scope.grad_label(h, (f"传到第{step}步隐藏状态的梯度", f"gradient reaching the hidden state of step {step}"))
            previous = h
        return previous

    def write(self, values: Mapping[str, Any]) -> dict:
        entry = {"W_xh": plain(values["W_xh"]), "W_hh": plain(values["W_hh"])}
        if self.bias:
            entry["b_h"] = plain(values["b_h"])
        return {**entry, "h0": plain(values["h0"])}

    def describe(self) -> Words:
        units = "one hidden unit" if self.hidden == 1 else f"{self.hidden} hidden units"
        return (f"RNN（{self.steps} 个时间步，{self.hidden} 个隐藏单元，tanh）", f"an RNN ({self.steps} time steps, {units}, tanh)")

    @classmethod
    def read(cls, entry: LayerInput):
        where, data = entry.where, entry.data
        unknown_keys(data, ("type", *cls.keys), where + ".")
        if entry.samples:
            raise NetworkError(f"{where}: an rnn layer takes one sequence; leave out \"batch\"")
        if len(entry.shape) != 2 or not 1 <= entry.shape[0] <= MAX_STEPS:
            raise NetworkError(f"{where}: an rnn layer reads [T][in], 1 to {MAX_STEPS} time steps, but "
                               f"{entry.source} have shape {shape_words(entry.shape)}")
        steps, n_in = entry.shape
        W_xh = numeric(require(data, "W_xh", where + "."), where + ".W_xh")
        if W_xh.ndim != 2 or W_xh.shape[1] != n_in:
            raise NetworkError(f"{where}.W_xh: expected hidden×{n_in} (one column per input), got {shape_text(W_xh)}")
        hidden = W_xh.shape[0]
        W_hh = numeric(require(data, "W_hh", where + "."), where + ".W_hh")
        if W_hh.shape != (hidden, hidden):
            raise NetworkError(f"{where}.W_hh: expected {hidden}×{hidden}, got {shape_text(W_hh)}")
        values = {"W_xh": W_xh, "W_hh": W_hh}
        for key in ("b_h", "h0"):
            if data.get(key) is not None:
                value = numeric(data[key], f"{where}.{key}")
                if value.shape != (hidden,):
                    raise NetworkError(f"{where}.{key}: expected a vector of {hidden}, got {shape_text(value)}")
                values[key] = value
        values.setdefault("h0", np.zeros(hidden))
        return cls(steps, n_in, hidden, "b_h" in values), values
