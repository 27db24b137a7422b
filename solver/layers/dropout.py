"""The dropout layer with a given mask: `p` (the probability of dropping a unit, 0.5 when left
out) and `mask` (0 or 1 per unit, shaped like the layer's input: one row per sample in a
mini-batch). Output x ⊙ mask / (1 − p), PyTorch's inverted dropout. The mask is a given value
(`mask1`), not a parameter: it has no gradient and no update.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from solver.formats.fields import NetworkError, number_in, numeric, require, shape_text, unknown_keys
from solver.layers.base import Layer, LayerInput, LayerScope, Param, Words, plain


@dataclass(frozen=True)
class Dropout(Layer):
    shape: tuple[int, ...]  # per sample
    p: float

    type: ClassVar[str] = "dropout"
    keys: ClassVar[tuple[str, ...]] = ("p", "mask")

    @property
    def input_shape(self) -> tuple[int, ...]:
        return self.shape

    def output_shape(self) -> tuple[int, ...]:
        return self.shape

    def constants(self) -> tuple[Param, ...]:
        return (Param("mask", self.shape, ("掩码", "mask"), pool="masks"),)

    @property
    def rational(self) -> bool:
        return True

    def emit(self, scope: LayerScope) -> str:
        k = scope.layer
        scope.node(scope.output, "dropout", (("x", scope.input), ("mask", scope.id("mask"))),
                   (f"第{k}层 dropout 的输出（保留的单元乘以 1/(1 - p)）", f"layer {k}'s dropout output (kept units times 1/(1 - p))"),
                   scope.shape(self.shape), (("p", self.p),))
        return scope.output

    def write(self, values: Mapping[str, Any]) -> dict:
        return {"p": self.p, "mask": plain(values["mask"])}

    def describe(self) -> Words:
        return (f"dropout（p = {self.p!r}，按给定的掩码，反向缩放 1/(1 - p)）",
                f"dropout (p = {self.p!r}, with the given mask, inverted: kept units times 1/(1 - p))")

    @classmethod
    def read(cls, entry: LayerInput):
        where, data = entry.where, entry.data
        unknown_keys(data, ("type", *cls.keys), where + ".")
        p = number_in(data.get("p", 0.5), f"{where}.p", 0, 1, "a probability p of dropping a unit, 0 <= p < 1",
                      high_open=True)
        mask = numeric(require(data, "mask", where + "."), f"{where}.mask")
        expected = ((entry.samples,) if entry.samples else ()) + tuple(entry.shape)
        if mask.shape != expected:
            raise NetworkError(f"{where}.mask: expected the shape of the layer's input, "
                               f"{'x'.join(map(str, expected)) or 'a number'}, got {shape_text(mask)}")
        if not np.all((mask == 0) | (mask == 1)):
            raise NetworkError(f"{where}.mask: every entry is 0 (dropped) or 1 (kept)")
        return cls(tuple(entry.shape), p), {"mask": mask}
