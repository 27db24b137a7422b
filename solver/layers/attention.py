"""The `attention` layer of a network file: one scaled dot-product attention head.

`Wq`, `Wk`, `Wv` each d×d_in (as torch.nn.Linear stores weights); the input [N][d_in], one token
a row; Q = X·Wqᵀ, K = X·Wkᵀ, V = X·Wvᵀ, S = Q·Kᵀ/√d, A = softmax of each row of S, and the
layer's output O = A·V (N×d). A loss needs a vector: follow it with a flatten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

from solver.formats.fields import NetworkError, numeric, require, shape_text, unknown_keys
from solver.layers.base import Layer, LayerInput, LayerScope, Param, Words, plain, shape_words

WEIGHTS = (("Wq", "Q", ("查询", "queries")), ("Wk", "K", ("键", "keys")), ("Wv", "V", ("值", "values")))


@dataclass(frozen=True)
class AttentionLayer(Layer):
    tokens: int
    n_in: int
    dim: int

    type: ClassVar[str] = "attention"
    keys: ClassVar[tuple[str, ...]] = ("Wq", "Wk", "Wv")
    input_ranks: ClassVar[tuple[int, ...]] = (2,)

    @property
    def input_shape(self) -> tuple[int, ...]:
        return (self.tokens, self.n_in)

    def parameters(self) -> tuple[Param, ...]:
        return tuple(Param(weight, (self.dim, self.n_in), (f"{zh}权重 {weight}", f"{en[:-1] if en != 'queries' else 'query'} "
                                                            f"weights {weight}"), decayed=True)
                     for weight, _, (zh, en) in WEIGHTS)

    def output_shape(self) -> tuple[int, ...]:
        return (self.tokens, self.dim)

    def emit(self, scope: LayerScope) -> str:
        n, d = self.tokens, self.dim
        rows, square = scope.shape((n, d)), scope.shape((n, n))
        for weight, value, (zh, en) in WEIGHTS:
            scope.node(scope.id(value), "linear.rows", (("W", scope.id(weight)), ("X", scope.input)),
                       (f"{zh} {value}（{shape_words((n, d))}）", f"{en} {value} ({shape_words((n, d))})"), rows)
            scope.grad_label(scope.id(value), (f"{value} 的梯度", f"gradient at {value}"))
        scope.node(scope.id("S"), "attention.scores", (("Q", scope.id("Q")), ("K", scope.id("K"))),
                   (f"缩放后的注意力分数（{n}×{n}）", f"scaled attention scores ({n}×{n})"), square)
        scope.node(scope.id("A"), "softmax.rows", (("S", scope.id("S")),),
                   (f"注意力权重（按行 softmax，{n}×{n}）", f"attention weights (softmax of each row, {n}×{n})"), square)
        scope.node(scope.output, "attention.mix", (("A", scope.id("A")), ("V", scope.id("V"))),
                   (f"注意力输出（{n}×{d}）", f"attention output ({n}×{d})"), rows)
        scope.grad_label(scope.id("S"), ("分数的梯度", "gradient at the scores"))
        scope.grad_label(scope.id("A"), ("注意力权重的梯度", "gradient at the attention weights"))
        return scope.output

    def write(self, values: Mapping[str, Any]) -> dict:
        return {weight: plain(values[weight]) for weight, _, _ in WEIGHTS}

    def describe(self) -> Words:
        return (f"单头注意力（{self.tokens} 个 token，d = {self.dim}）",
                f"one attention head ({self.tokens} tokens, d = {self.dim})")

    @classmethod
    def read(cls, entry: LayerInput):
        where, data = entry.where, entry.data
        unknown_keys(data, ("type", *cls.keys), where + ".")
        if entry.samples:
            raise NetworkError(f"{where}: an attention layer takes one sequence of tokens; leave out \"batch\"")
        if len(entry.shape) != 2:
            raise NetworkError(f"{where}: an attention layer reads [N][d_in], one token a row, but {entry.source} "
                               f"have shape {shape_words(entry.shape)}")
        tokens, n_in = entry.shape
        values = {}
        for weight, _, _ in WEIGHTS:
            W = numeric(require(data, weight, where + "."), f"{where}.{weight}")
            if W.ndim != 2 or W.shape[1] != n_in:
                raise NetworkError(f"{where}.{weight}: expected d×{n_in} (one column per input), got {shape_text(W)}")
            values[weight] = W
        dim = values["Wq"].shape[0]
        for weight in ("Wk", "Wv"):
            if values[weight].shape[0] != dim:
                raise NetworkError(f"{where}.{weight}: expected {dim} rows like Wq, got {shape_text(values[weight])}")
        return cls(tokens, n_in, dim), values
