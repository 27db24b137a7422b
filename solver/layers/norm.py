"""Normalisation layers: `batchnorm` (training mode: the mini-batch's mean and biased variance,
as `F.batch_norm(training=True)`) and `layernorm` (each sample's own mean and variance over its
features, as `F.layer_norm`). Both: `gamma`, `beta` (one per feature, 1 and 0 when left out) and
`eps` (1e-5 when left out). Steps: `mu`, `var`, `xhat`, then the output `a`; backward ∂γ, ∂β,
∂x̂, ∂σ², ∂μ and the three paths into the input that add.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from solver.formats.fields import NetworkError, number_in, numeric, shape_text, unknown_keys
from solver.layers.base import Layer, LayerInput, LayerScope, Param, Words, plain

DEFAULT_EPS = 1e-5


@dataclass(frozen=True)
class _Norm(Layer):
    features: int
    eps: float = DEFAULT_EPS

    keys: ClassVar[tuple[str, ...]] = ("gamma", "beta", "eps")
    prefix: ClassVar[str]
    over: ClassVar[Words]  # what the statistics are taken over
    name: ClassVar[Words]

    @property
    def input_shape(self) -> tuple[int, ...]:
        return (self.features,)

    def output_shape(self) -> tuple[int, ...]:
        return (self.features,)

    def parameters(self) -> tuple[Param, ...]:
        shape = (self.features,)
        return (Param("gamma", shape, ("缩放 γ", "scale γ"), pool="scales"),
                Param("beta", shape, ("平移 β", "shift β"), pool="shifts"))

    @property
    def rational(self) -> bool:
        return False

    def statistic_shape(self, scope: LayerScope) -> tuple[int, ...]:
        raise NotImplementedError

    def emit(self, scope: LayerScope) -> str:
        k, prev = scope.layer, scope.input
        mu, var, xhat = scope.id("mu"), scope.id("var"), scope.id("xhat")
        stat = self.statistic_shape(scope)
        over_zh, over_en = self.over
        scope.node(mu, f"{self.prefix}.mean", (("x", prev),), (f"第{k}层对{over_zh}的均值 μ", f"layer {k}'s mean μ over the {over_en}"), stat)
        scope.node(var, f"{self.prefix}.var", (("x", prev),),
                   (f"第{k}层对{over_zh}的方差 σ²（有偏：除以个数）", f"layer {k}'s variance σ² over the {over_en} (biased: divided by the count)"),
                   stat)
        full = scope.shape(self.output_shape())
        scope.node(xhat, f"{self.prefix}.normalize", (("x", prev), ("mu", mu), ("var", var)),
                   (f"第{k}层标准化后的 x̂", f"layer {k}'s normalised x̂"), full, (("eps", self.eps),))
        scope.node(scope.output, "scale_shift", (("xhat", xhat), ("gamma", scope.id("gamma")), ("beta", scope.id("beta"))),
                   (f"第{k}层的输出 γ ⊙ x̂ + β", f"layer {k}'s output γ ⊙ x̂ + β"), full)
        scope.grad_label(xhat, (f"第{k}层 x̂ 的梯度", f"gradient at layer {k}'s x̂"))
        scope.grad_label(var, (f"第{k}层方差 σ² 的梯度", f"gradient at layer {k}'s variance σ²"))
        scope.grad_label(mu, (f"第{k}层均值 μ 的梯度", f"gradient at layer {k}'s mean μ"))
        return scope.output

    def write(self, values: Mapping[str, Any]) -> dict:
        return {"gamma": plain(values["gamma"]), "beta": plain(values["beta"]), "eps": self.eps}

    def describe(self) -> Words:
        zh, en = self.name
        return (f"{zh}（{self.features} 个特征，ε = {self.eps!r}）", f"{en} over {self.features} features (ε = {self.eps!r})")

    @classmethod
    def read(cls, entry: LayerInput):
        where, data = entry.where, entry.data
        unknown_keys(data, ("type", *cls.keys), where + ".")
        if len(entry.shape) != 1:
            raise NetworkError(f"{where}: {cls.type} takes a vector of features per sample, but {entry.source} have "
                               f"shape {'x'.join(map(str, entry.shape)) or 'a number'}")
        features = entry.shape[0]
        cls.check_input(entry, features)
        values = {}
        for key, default in (("gamma", 1.0), ("beta", 0.0)):
            value = numeric(data[key], f"{where}.{key}") if key in data else np.full(features, default)
            if value.shape != (features,):
                raise NetworkError(f"{where}.{key}: expected a vector of {features} (one per feature), "
                                   f"got {shape_text(value)}")
            values[key] = value
        eps = number_in(data.get("eps", DEFAULT_EPS), f"{where}.eps", 0, 1, "a number ε between 0 and 1, such as 1e-5")
        return cls(features, eps), values

    @classmethod
    def check_input(cls, entry: LayerInput, features: int) -> None:
        pass


@dataclass(frozen=True)
class BatchNorm(_Norm):
    type: ClassVar[str] = "batchnorm"
    prefix: ClassVar[str] = "bn"
    over: ClassVar[Words] = ("样本", "samples")
    name: ClassVar[Words] = ("批归一化（训练模式）", "batch norm (training mode)")
    asks_input_gradient: ClassVar[bool] = True

    def statistic_shape(self, scope: LayerScope) -> tuple[int, ...]:
        return (self.features,)

    @classmethod
    def check_input(cls, entry: LayerInput, features: int) -> None:
        if not entry.samples:
            raise NetworkError(f"{entry.where}: batch norm in training mode needs a mini-batch: add \"batch\": true "
                               f"and give x one row per sample")


@dataclass(frozen=True)
class LayerNorm(_Norm):
    type: ClassVar[str] = "layernorm"
    prefix: ClassVar[str] = "ln"
    over: ClassVar[Words] = ("特征", "features")
    name: ClassVar[Words] = ("层归一化", "layer norm")
    asks_input_gradient: ClassVar[bool] = True

    def statistic_shape(self, scope: LayerScope) -> tuple[int, ...]:
        return (scope.samples,) if scope.samples else ()

    @classmethod
    def check_input(cls, entry: LayerInput, features: int) -> None:
        if features < 2:
            raise NetworkError(f"{entry.where}: layer norm over one feature gives 0 whatever the input; "
                               f"it needs at least 2 features")
