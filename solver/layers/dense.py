"""The dense layer: `W`, an optional `b` and an activation, z = W·a + b then a = f(z).

One type, three kinds read off the shape of W (the file never says which):
- scalar: W a number, input and output numbers (the article's chain x -> w1 -> w2 -> y);
- dot:    W a vector, a neuron with several inputs and one output;
- dense:  W a matrix (rows = outputs, columns = inputs).
In a mini-batch (`"batch": true`) the input is a matrix of samples (rows) and W must be a
matrix: Z = X·Wᵀ + b, each step's shape beside it.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from solver import ops
from solver.formats.fields import NetworkError, name, numeric, require, shape_text, unknown_keys
from solver.layers.base import Layer, LayerInput, LayerScope, Param, Words, plain, shape_words

SCALAR, DOT, DENSE = "scalar", "dot", "dense"
AFFINE = {SCALAR: "affine.scalar", DOT: "affine.dot", DENSE: "affine.dense"}
BATCH_AFFINE = "affine.batch"


@dataclass(frozen=True)
class LayerShape(Layer):
    kind: str
    n_in: int
    n_out: int
    activation: str
    bias: bool
    slope: float = ops.LEAKY_SLOPE  # leaky ReLU's negative-side slope (unused by other activations)

    type: ClassVar[str] = "dense"
    keys: ClassVar[tuple[str, ...]] = ("W", "b", "activation", "slope")

    @property
    def weight_base(self) -> str:
        return "W" if self.kind == DENSE else "w"

    def parameters(self) -> tuple[Param, ...]:
        weight = {SCALAR: (), DOT: (self.n_in,), DENSE: (self.n_out, self.n_in)}[self.kind]
        params = [Param(self.weight_base, weight, ("权重", "weights"), decayed=True)]
        if self.bias:
            params.append(Param("b", self.output_shape(), ("偏置", "bias")))
        return tuple(params)

    def output_shape(self) -> tuple[int, ...]:
        return (self.n_out,) if self.kind == DENSE else ()

    @property
    def input_shape(self) -> tuple[int, ...]:
        return () if self.kind == SCALAR else (self.n_in,)

    @property
    def rational(self) -> bool:
        return ops.ACTIVATIONS[self.activation].rational

    def pre_activation(self, scope: LayerScope) -> str:
        return scope.output if self.activation == "identity" else scope.id("z")

    def emit(self, scope: LayerScope) -> str:
        layer = scope.layer
        W, prev, pre, out = scope.id(self.weight_base), scope.input, self.pre_activation(scope), scope.output
        inputs = [("W", W), ("a", prev)]
        if self.bias:
            inputs.append(("b", scope.id("b")))
        with_skip = scope.skip is not None
        if with_skip:
            inputs.append(("skip", scope.skip))
        shape = scope.shape(self.output_shape())
        label = (f"第{layer}层的加权和" + ("（含跳跃连接）" if with_skip else ""),
                 f"layer {layer} weighted sum" + (" (with the skip connection)" if with_skip else ""))
        if scope.samples:
            label = _with_shapes(label, scope, self)
        scope.node(pre, BATCH_AFFINE if scope.samples else AFFINE[self.kind], inputs, label, shape)
        if scope.samples:
            batch_grad_labels(scope, self)
        if self.activation == "identity":
            return pre
        if scope.loss == "ce" and scope.last:  # softmax worked out through its Jacobian
            scope.node(out, "softmax.explicit", (("z", pre),), ("softmax 输出的概率", "softmax probabilities"), shape)
            scope.grad_label(pre, ("对加权和（logits）的梯度：J·∂L/∂p", "gradient at the weighted sum (the logits): J·∂L/∂p"))
            return out
        if scope.loss == "softmax_ce" and scope.last:
            scope.node(out, "softmax", (("z", pre),), ("softmax 输出的概率", "softmax probabilities"), shape)
            scope.grad_label(pre, ("softmax 交叉熵对加权和（logits）的梯度",
                                   "gradient of softmax cross-entropy at the weighted sum (the logits)"))
            return out
        params = (("slope", self.slope),) if self.activation == "leaky_relu" else ()
        scope.node(out, self.activation, (("z", pre),), (f"第{layer}层的激活输出", f"layer {layer} activation"),
                   shape, params)
        scope.grad_label(pre, (f"第{layer}层加权和的梯度", f"gradient at layer {layer}'s weighted sum"))
        return out

    def write(self, values: Mapping[str, Any]) -> dict:
        entry = {"W": plain(values[self.weight_base]), "activation": self.activation}
        if self.bias:
            entry["b"] = plain(values["b"])
        if self.activation == "leaky_relu":
            entry["slope"] = self.slope
        return entry

    def describe(self) -> Words:
        zh, en = ACTIVATION_WORDS[self.activation]
        return (f"全连接 {self.n_in}→{self.n_out}，{zh}", f"dense {self.n_in}->{self.n_out}, {en}")

    @classmethod
    def read(cls, entry: LayerInput) -> tuple["LayerShape", dict[str, np.ndarray]]:
        where, layer = entry.where, entry.data
        unknown_keys(layer, ("type", *cls.keys), where + ".")
        W = numeric(require(layer, "W", where + "."), where + ".W")
        activation = name(layer.get("activation", "identity"), where + ".activation", tuple(ops.ACTIVATIONS))
        kind, n_in, n_out = _kind(W, entry)
        values = {("W" if kind == DENSE else "w"): W}
        if layer.get("b") is not None:
            b = numeric(layer["b"], where + ".b")
            expected = () if n_out is None else (n_out,)
            if b.shape != expected:
                want = "a number" if n_out is None else f"a vector of {n_out}"
                raise NetworkError(f"{where}.b: expected {want} to match the layer's outputs, got {shape_text(b)}")
            values["b"] = b
        slope = _read_slope(layer, activation, where)
        return cls(kind, n_in or 1, n_out or 1, activation, "b" in values, slope), values


def _with_shapes(label: Words, scope: LayerScope, layer: LayerShape) -> Words:
    """A mini-batch's weighted sum with its shapes: Z = X·Wᵀ + b, (m×in)·(in×out) → m×out."""
    m = scope.samples
    text = f"(X·Wᵀ + b: ({m}×{layer.n_in})·({layer.n_in}×{layer.n_out}) → {shape_words((m, layer.n_out))})"
    return (f"{label[0]} {text}", f"{label[1]} {text}")


def batch_grad_labels(scope: LayerScope, layer: LayerShape) -> None:
    """In a mini-batch, the gradients of W and b say their shapes and that they sum over samples."""
    m, n_in, n_out, k = scope.samples, layer.n_in, layer.n_out, scope.layer
    if scope.weight_decay:  # two paths meet at W, each labelled from this: say only the shape
        scope.grad_label(scope.id("W"), (f"第{k}层权重的梯度（{n_out}×{n_in}）", f"gradient of layer {k}'s weights "
                                         f"({n_out}×{n_in})"))
    else:
        scope.grad_label(scope.id("W"), (
            f"第{k}层权重的梯度（δᵀ·X: ({n_out}×{m})·({m}×{n_in}) → {n_out}×{n_in}，对 {m} 个样本求和）",
            f"gradient of layer {k}'s weights (δᵀ·X: ({n_out}×{m})·({m}×{n_in}) → {n_out}×{n_in}, summed over the "
            f"{m} samples)"))
    if layer.bias:
        scope.grad_label(scope.id("b"), (
            f"第{k}层偏置的梯度（δ 按列求和: {m}×{n_out} → {n_out}）",
            f"gradient of layer {k}'s bias (δ summed over the samples: {m}×{n_out} → {n_out})"))
    scope.grad_label(scope.input, (
        (f"传回第{k - 1}层输出的梯度" if k > 1 else "传回输入的梯度")
        + f"（δ·W: ({m}×{n_out})·({n_out}×{n_in}) → {m}×{n_in}）",
        (f"gradient passed back to layer {k - 1}'s output" if k > 1 else "gradient passed back to the input")
        + f" (δ·W: ({m}×{n_out})·({n_out}×{n_in}) → {m}×{n_in})"))


def _kind(W: np.ndarray, entry: LayerInput):
    where, source = entry.where, entry.source
    width = entry.shape[0] if entry.shape else None  # None: a number flows in
    if len(entry.shape) > 1:
        raise NetworkError(f"{where}: a dense layer takes a vector, but {source} have shape "
                           f"{'x'.join(map(str, entry.shape))}; put a flatten layer before it")
    if entry.samples and W.ndim != 2:
        raise NetworkError(f"{where}.W: in a mini-batch W must be a matrix (outputs x inputs), got {shape_text(W)}"
                           f"; one output is written [[...]]")
    if W.ndim == 0:
        if width is not None:
            raise NetworkError(f"{where}.W: a single weight needs a single input, but {source} has {width}")
        return SCALAR, None, None
    if width is None:
        raise NetworkError(f"{where}.W: {source} is a single number, so W must be a number, got {shape_text(W)}")
    if W.ndim == 1:
        if W.shape[0] != width:
            raise NetworkError(f"{where}.W: expected {width} weights to match {width} inputs, got {W.shape[0]}")
        return DOT, width, None
    if W.shape[1] != width:
        raise NetworkError(f"{where}.W: expected {width} columns to match {width} inputs, got {shape_text(W)}")
    return DENSE, width, W.shape[0]


def _read_slope(layer: dict, activation: str, where: str) -> float:
    """Leaky ReLU's negative-side slope: a number in (0, 1), 0.1 when left out."""
    if "slope" not in layer:
        return ops.LEAKY_SLOPE
    value = layer["slope"]
    if activation != "leaky_relu":
        raise NetworkError(f"{where}.slope: only a leaky_relu layer has a slope, this one is {activation}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < float(value) < 1:
        raise NetworkError(f"{where}.slope: expected a number between 0 and 1 (exclusive), such as 0.1, "
                           f"got {value!r}"[:200])
    return float(value)


# What a learner reads: words, not the code names of the network JSON.
ACTIVATION_WORDS = {
    "identity": ("恒等函数", "identity"),
    "sigmoid": ("sigmoid", "sigmoid"),
    "tanh": ("tanh", "tanh"),
    "relu": ("ReLU", "ReLU"),
    "leaky_relu": ("leaky ReLU", "leaky ReLU"),
    "softplus": ("softplus", "softplus"),
    "softmax": ("softmax", "softmax"),
}
