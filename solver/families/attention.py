"""attention: one scaled dot-product attention head, forward and backward, by hand.

X holds N tokens of size d (one a row); Q = X·Wqᵀ, K = X·Wkᵀ, V = X·Wvᵀ; S = Q·Kᵀ/√d;
A = softmax(S) along each row; O = A·V; L = ½·Σ(O - T)² over O read row by row. The learner
works every value, then back: ∂L/∂O, ∂L/∂A and ∂L/∂V, ∂L/∂S through the row softmax, ∂L/∂Q
and ∂L/∂K (with the 1/√d), and ∂L/∂Wq, ∂L/∂Wk, ∂L/∂Wv, and one gradient-descent step.
Declared as a graph of solver/ops/attention.py's operations; only the draw is written here.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from solver.families.base import POOLS, Family, Option, target_pool
from solver.families.declared import FLAT, Declared, declared_problem, draw_kind, labelled, plain
from solver.fmt import format_value
from solver.formats.codes import ProblemCode
from solver.graph import Graph, Node, Update
from solver.trace import Description

# Tokens and weights a hand multiplies at d1: the softmax is worked with a calculator anyway.
INPUTS = {1: (-1.0, 0.0, 1.0), 2: (-1.0, -0.5, 0.0, 0.5, 1.0)}
WEIGHTS = {1: (-1.0, -0.5, 0.5, 1.0)}
RATES = {1: (0.5, 0.25), 2: (0.5, 0.25, 0.2), 3: (0.1, 0.2, 0.3)}
PROJECTIONS = (("Q", "Wq", "queries"), ("K", "Wk", "keys"), ("V", "Wv", "values"))


@lru_cache(maxsize=16)
def attention_declared(tokens: int, dim: int) -> Declared:
    rows, square, flat = (tokens, dim), (tokens, tokens), (tokens * dim,)
    nodes, labels = [], {}
    shapes = {"X": rows, "t": flat, "eta": ()}
    for value, weight, word in PROJECTIONS:
        zh = {"queries": "查询", "keys": "键", "values": "值"}[word]
        nodes.append(Node(value, "linear.rows", (("W", weight), ("X", "X")), labelled(f"{zh} {value}", f"{word} {value}", rows)))
        shapes[weight], shapes[value] = (dim, dim), rows
        labels[value] = labelled(f"{value} 的梯度", f"gradient at {value}", rows)
        labels[weight] = labelled(f"{weight} 的梯度", f"gradient of {weight}", (dim, dim))
    nodes += [
        Node("S", "attention.scores", (("Q", "Q"), ("K", "K")), labelled("缩放后的注意力分数", "scaled attention scores", square)),
        Node("A", "softmax.rows", (("S", "S"),), labelled("注意力权重（按行 softmax）", "attention weights (softmax of each row)", square)),
        Node("O", "attention.mix", (("A", "A"), ("V", "V")), labelled("注意力输出", "attention output", rows)),
        Node("o", "flatten", (("x", "O"),), labelled("逐行展平的输出", "output flattened row by row", flat), (("axes", 2.0),)),
        Node("L", "half_sse", (("y", "o"), ("t", "t")), ("损失", "loss")),
    ]
    shapes.update(S=square, A=square, O=rows, o=flat)
    labels.update(S=labelled("分数的梯度", "gradient at the scores", square),
                  A=labelled("注意力权重的梯度", "gradient at the attention weights", square),
                  O=labelled("注意力输出的梯度", "gradient at the attention output", rows),
                  o=labelled("展平输出的梯度", "gradient at the flattened output", flat))
    updates = tuple(Update(weight, (f"更新后的 {weight}", f"{weight} after the update")) for _, weight, _ in PROJECTIONS)
    graph = Graph(("X", "Wq", "Wk", "Wv", "t", "eta"), tuple(nodes), "L", ("Wq", "Wk", "Wv"), shapes, labels, updates)
    return Declared.of(graph)


def _every_weight_moves(values) -> bool:
    # a query or key gradient of 0 (equal scores, a token of zeros) hides half the lesson
    return all(np.abs(np.asarray(values[f"dL/d{weight}"])).max() > FLAT for _, weight, _ in PROJECTIONS)


def build_attention(code: ProblemCode):
    tokens, dim = int(code.options[0]), int(code.options[1])
    declared = attention_declared(tokens, dim)
    shapes, d = declared.graph.shapes, code.difficulty
    pools = POOLS[d]

    def draw_given(draw):
        given = {"X": draw.take(INPUTS.get(d, pools.gentle_inputs), shapes["X"])}
        for _, weight, _ in PROJECTIONS:
            given[weight] = draw.take(WEIGHTS.get(d, pools.weights), shapes[weight])
        given.update(t=draw.take(target_pool("identity", "half_sse", d), shapes["t"]), eta=draw.take(RATES[d]))
        return given

    given, values = draw_kind(declared, draw_given, code.seed, d, _every_weight_moves)
    return declared_problem("attention", str(code), declared, given, values,
                            lambda: _describe(tokens, dim, given), (_shapes_note(tokens, dim),), rational=False)


def _shapes_note(n: int, d: int) -> tuple[str, str]:
    chain = (f"Q, K, V = X·Wᵀ：({n}×{d})·({d}×{d}) → {n}×{d}；S = Q·Kᵀ/√{d}：({n}×{d})·({d}×{n}) → {n}×{n}；"
             f"O = A·V：({n}×{n})·({n}×{d}) → {n}×{d}")
    chain_en = chain.replace("：", ": ").replace("；", "; ")
    return (f"形状：{chain}。反向时每个梯度与它的变量同形，例如 ∂L/∂Wq = (∂L/∂Q)ᵀ·X 是 {d}×{d}。",
            f"Shapes: {chain_en}. Backward, each gradient has its variable's shape: dL/dWq = (dL/dQ)ᵀ·X is {d}×{d}.")


def _describe(tokens: int, dim: int, given: dict) -> Description:
    shown = "; ".join(f"{name.replace('eta', 'η')} = {format_value(given[name])}"
                      for name in ("X", "Wq", "Wk", "Wv", "t", "eta"))
    prompt_zh = (f"单头缩放点积注意力：X 的每一行是一个 token（{tokens} 个，每个 {dim} 维）；Q = X·Wqᵀ，K = X·Wkᵀ，V = X·Wvᵀ，"
                 f"S = Q·Kᵀ/√{dim}，A = softmax(S)（每行各自做 softmax），O = A·V；损失 L = ½·Σ(o - t)²，o 为按行展平的 O。"
                 f"已知 {shown}。请算出每个值、损失、反向传播的每个梯度（直到 ∂L/∂Wq、∂L/∂Wk、∂L/∂Wv），以及一步梯度下降后的权重。")
    prompt_en = (f"One scaled dot-product attention head: each row of X is a token ({tokens} of them, {dim} numbers each); "
                 f"Q = X·Wqᵀ, K = X·Wkᵀ, V = X·Wvᵀ, S = Q·Kᵀ/√{dim}, A = softmax(S) (each row on its own), O = A·V; "
                 f"the loss is L = ½·Σ(o - t)² with o the rows of O one after another. Given {shown}. Work out every "
                 f"value, the loss, every gradient of the backward pass (down to dL/dWq, dL/dWk, dL/dWv), and the "
                 f"weights after one gradient-descent step.")
    layer = {"type": "attention", **{weight: plain(given[weight]) for _, weight, _ in PROJECTIONS}}
    network = {"x": plain(given["X"]), "t": plain(given["t"]), "layers": [layer, {"type": "flatten"}],
               "loss": "half_sse", "lr": float(given["eta"])}
    return Description(network, prompt_zh, prompt_en)


ATTENTION = Family(
    "attention", "单头注意力的正向与反向：QKᵀ/√d、按行 softmax、Wq、Wk、Wv 的梯度",
    "one attention head forward and backward: QKᵀ/√d, the row softmax, the gradients of Wq, Wk, Wv",
    (Option("tokens", "2", "number of tokens, 2 or 3", ("2", "3")),
     Option("dim", "2", "size of each token (and of the head), 2 or 3", ("2", "3"))),
    build_attention,
)
