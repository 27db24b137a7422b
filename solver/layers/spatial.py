"""Convolution, pooling and flatten layers of a network file, in PyTorch's layouts.

- `conv1d`: `W` [out_ch][in_ch][k], optional `b` [out_ch], `stride` (1 by default), `padding`
  (zero padding, 0 by default); the input [channels][length]. `conv2d`: `W` [out_ch][in_ch][kh][kw],
  the input [channels][H][W]. Both cross-correlations, as torch.nn.functional.conv1d/conv2d.
- `maxpool`, `avgpool`: `kernel`, `stride` (the kernel by default); 1-D on an input [channels][length]
  (or a plain vector), 2-D on [channels][H][W] (or a plain matrix).
- `flatten`: everything into one vector, row by row (C order), as torch.flatten.
The operations are solver/ops/conv.py's; a network's loss needs a vector, so such a network ends
in a flatten (and, if wanted, a dense layer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from solver.formats.fields import NetworkError, numeric, number_in, require, shape_text, unknown_keys
from solver.layers.base import Layer, LayerInput, LayerScope, Param, Words, plain, shape_words

MAX_STRIDE, MAX_PADDING = 3, 2


def _one_sample(entry: LayerInput, kind: str) -> None:
    if entry.samples:
        raise NetworkError(f"{entry.where}: a {kind} layer takes one sample; leave out \"batch\"")


def _whole(entry: LayerInput, key: str, low: int, high: int, default: int) -> int:
    value = entry.data.get(key, default)
    number = number_in(value, f"{entry.where}.{key}", low, high, f"a whole number from {low} to {high}")
    if number != int(number):
        raise NetworkError(f"{entry.where}.{key}: expected a whole number from {low} to {high}, got {value!r}")
    return int(number)


@dataclass(frozen=True)
class ConvLayer(Layer):
    dims: int
    input_shape: tuple[int, ...]  # (C, *spatial)
    kernel: tuple[int, ...]  # (O, C, *k)
    stride: int
    padding: int
    bias: bool

    keys: ClassVar[tuple[str, ...]] = ("W", "b", "stride", "padding")
    input_ranks: ClassVar[tuple[int, ...]] = ()  # set per type below
    asks_input_gradient: ClassVar[bool] = True  # ∂L/∂x: the flipped kernel, the lesson of its backward

    def parameters(self) -> tuple[Param, ...]:
        params = [Param("W", self.kernel, ("卷积核", "kernel"), decayed=True)]
        if self.bias:
            params.append(Param("b", (self.kernel[0],), ("偏置", "bias")))
        return tuple(params)

    def output_shape(self) -> tuple[int, ...]:
        spatial = tuple((n + 2 * self.padding - k) // self.stride + 1
                        for n, k in zip(self.input_shape[1:], self.kernel[2:]))
        return (self.kernel[0], *spatial)

    @property
    def rational(self) -> bool:
        return True

    def emit(self, scope: LayerScope) -> str:
        inputs = [("x", scope.input), ("W", scope.id("W"))]
        if self.bias:
            inputs.append(("b", scope.id("b")))
        out, k = self.output_shape(), scope.layer
        label = (f"第{k}层卷积的输出（{shape_words(out)}）", f"layer {k}'s feature map ({shape_words(out)})")
        return scope.node(scope.output, self.type, inputs, label, scope.shape(out),
                          (("stride", float(self.stride)), ("padding", float(self.padding))))

    def write(self, values: Mapping[str, Any]) -> dict:
        entry = {"W": plain(values["W"])}
        if self.bias:
            entry["b"] = plain(values["b"])
        return {**entry, "stride": self.stride, "padding": self.padding}

    def describe(self) -> Words:
        O, C = self.kernel[:2]
        k = "×".join(map(str, self.kernel[2:]))
        return (f"{self.dims}D 卷积 {C}→{O} 通道，核 {k}，步长 {self.stride}，补零 {self.padding}",
                f"conv{self.dims}d {C}->{O} channels, kernel {k}, stride {self.stride}, padding {self.padding}")

    @classmethod
    def read(cls, entry: LayerInput):
        dims, where = cls.dims_of_type, entry.where
        _one_sample(entry, cls.type)
        unknown_keys(entry.data, ("type", *cls.keys), where + ".")
        W = numeric(require(entry.data, "W", where + "."), where + ".W", max_rank=dims + 2)
        if W.ndim != dims + 2:
            raise NetworkError(f"{where}.W: expected [out_ch][in_ch]{'[k]' if dims == 1 else '[kh][kw]'}, "
                               f"{dims + 2} nested levels, got {shape_text(W)}")
        if len(entry.shape) != dims + 1:
            layout = "[channels][length]" if dims == 1 else "[channels][H][W]"
            raise NetworkError(f"{where}: a {cls.type} layer takes an input {layout}, but {entry.source} "
                               f"have shape {shape_text(np.zeros(entry.shape))}")
        if W.shape[1] != entry.shape[0]:
            raise NetworkError(f"{where}.W: expected {entry.shape[0]} input channels to match {entry.source}, "
                               f"got {W.shape[1]}")
        stride = _whole(entry, "stride", 1, MAX_STRIDE, 1)
        padding = _whole(entry, "padding", 0, MAX_PADDING, 0)
        if any(n + 2 * padding < k for n, k in zip(entry.shape[1:], W.shape[2:])):
            raise NetworkError(f"{where}.W: the kernel {shape_text(np.zeros(W.shape[2:]))} is larger than the padded "
                               f"input {shape_text(np.zeros(entry.shape[1:]))}")
        values = {"W": W}
        if entry.data.get("b") is not None:
            b = numeric(entry.data["b"], where + ".b")
            if b.shape != (W.shape[0],):
                raise NetworkError(f"{where}.b: expected a vector of {W.shape[0]} (one per output channel), "
                                   f"got {shape_text(b)}")
            values["b"] = b
        layer = cls(dims, tuple(entry.shape), tuple(W.shape), stride, padding, "b" in values)
        return layer, values


@dataclass(frozen=True)
class Conv1d(ConvLayer):
    type: ClassVar[str] = "conv1d"
    dims_of_type: ClassVar[int] = 1
    input_ranks: ClassVar[tuple[int, ...]] = (2,)


@dataclass(frozen=True)
class Conv2d(ConvLayer):
    type: ClassVar[str] = "conv2d"
    dims_of_type: ClassVar[int] = 2
    input_ranks: ClassVar[tuple[int, ...]] = (3,)


@dataclass(frozen=True)
class PoolLayer(Layer):
    input_shape: tuple[int, ...]
    kernel: int
    stride: int

    keys: ClassVar[tuple[str, ...]] = ("kernel", "stride")
    input_ranks: ClassVar[tuple[int, ...]] = (1, 2, 3)
    asks_input_gradient: ClassVar[bool] = True  # routing the gradient back to x is the point
    kind: ClassVar[str] = ""

    @property
    def dims(self) -> int:
        """2-D on [channels][H][W], 1-D on [channels][length] or [length]: the input's rank says."""
        return 2 if len(self.input_shape) == 3 else 1

    def output_shape(self) -> tuple[int, ...]:
        d = self.dims
        spatial = tuple((n - self.kernel) // self.stride + 1 for n in self.input_shape[-d:])
        return (*self.input_shape[:-d], *spatial)

    @property
    def rational(self) -> bool:
        return True

    def emit(self, scope: LayerScope) -> str:
        out, k = self.output_shape(), scope.layer
        words = ("最大池化", "max-pooled") if self.kind == "max" else ("平均池化", "average-pooled")
        label = (f"第{k}层{words[0]}的输出（{shape_words(out)}）", f"layer {k}'s {words[1]} output ({shape_words(out)})")
        return scope.node(scope.output, self.type, (("x", scope.input),), label, scope.shape(out),
                          (("kernel", float(self.kernel)), ("stride", float(self.stride)), ("dims", float(self.dims))))

    def write(self, values: Mapping[str, Any]) -> dict:
        return {"kernel": self.kernel, "stride": self.stride}

    def describe(self) -> Words:
        zh = "最大池化" if self.kind == "max" else "平均池化"
        en = "max-pooling" if self.kind == "max" else "average pooling"
        return (f"{zh}（窗口 {self.kernel}，步长 {self.stride}）", f"{en} (window {self.kernel}, stride {self.stride})")

    @classmethod
    def read(cls, entry: LayerInput):
        where = entry.where
        _one_sample(entry, cls.type)
        unknown_keys(entry.data, ("type", *cls.keys), where + ".")
        if len(entry.shape) not in (1, 2, 3):
            raise NetworkError(f"{where}: a {cls.type} layer takes [length], [channels][length] or "
                               f"[channels][H][W], but {entry.source} are a number")
        kernel = _whole(entry, "kernel", 1, 4, 2)
        stride = _whole(entry, "stride", 1, 4, kernel)
        layer = cls(tuple(entry.shape), kernel, stride)
        if any(n < kernel for n in entry.shape[-layer.dims:]):
            raise NetworkError(f"{where}.kernel: a window of {kernel} is larger than {entry.source}")
        return layer, {}


@dataclass(frozen=True)
class MaxPool(PoolLayer):
    type: ClassVar[str] = "maxpool"
    kind: ClassVar[str] = "max"


@dataclass(frozen=True)
class AvgPool(PoolLayer):
    type: ClassVar[str] = "avgpool"
    kind: ClassVar[str] = "avg"


@dataclass(frozen=True)
class Flatten(Layer):
    input_shape: tuple[int, ...]

    type: ClassVar[str] = "flatten"
    keys: ClassVar[tuple[str, ...]] = ()
    input_ranks: ClassVar[tuple[int, ...]] = (1, 2, 3)

    def output_shape(self) -> tuple[int, ...]:
        return (int(np.prod(self.input_shape, dtype=int)),)

    @property
    def rational(self) -> bool:
        return True

    def emit(self, scope: LayerScope) -> str:
        out, k = self.output_shape(), scope.layer
        label = (f"第{k}层：逐行展平（{shape_words(self.input_shape)} → {out[0]}）",
                 f"layer {k}: flattened row by row ({shape_words(self.input_shape)} -> {out[0]})")
        return scope.node(scope.output, "flatten", (("x", scope.input),), label, scope.shape(out),
                          (("axes", float(len(self.input_shape))),))

    def write(self, values: Mapping[str, Any]) -> dict:
        return {}

    def describe(self) -> Words:
        return ("逐行展平", "flatten")

    @classmethod
    def read(cls, entry: LayerInput):
        unknown_keys(entry.data, ("type",), entry.where + ".")
        if not entry.shape:
            raise NetworkError(f"{entry.where}: flatten needs a vector, a matrix or more, but {entry.source} are a number")
        if entry.samples:
            raise NetworkError(f"{entry.where}: a flatten layer takes one sample; leave out \"batch\"")
        return cls(tuple(entry.shape)), {}
