"""rnn: backpropagation through time in a vanilla RNN of 2 or 3 steps.

h_t = tanh(W_xh·x_t + W_hh·h_{t-1} + b_h), t = 1 … T, from a given h0; the loss
L = ½·Σ(h_T - t)² on the last hidden state. The learner works the forward steps, then back
through time: ∂L/∂h_t, ∂L/∂z_t = ∂L/∂h_t ⊙ (1 - h_t²) at every step, each step's share of
∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b_h and their sums over time, and one gradient-descent step.

`rnn:3:1:vanishing` / `:exploding` draw W_hh so that the gradient reaching h1 is much smaller
(or larger) than the one at h_T, and say by how much: each step back multiplies it by
W_hhᵀ and by tanh' there.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from solver.families.base import POOLS, Family, Option, target_pool
from solver.families.declared import Declared, declared_problem, draw_kind, labelled, plain
from solver.fmt import format_value
from solver.formats.codes import CodeError, ProblemCode
from solver.graph import Graph, Node, Update
from solver.trace import Description

REGIMES = ("mixed", "vanishing", "exploding")
# W_hh by regime at each difficulty: small entries shrink the gradient step after step, large ones
# (with small inputs, so tanh' stays near 1) grow it.
RECURRENT_WEIGHTS = {
    "vanishing": {1: (-0.5, 0.5), 2: (-0.5, -0.25, 0.25, 0.5), 3: (-0.4, -0.3, -0.2, 0.2, 0.3, 0.4)},
    "exploding": {1: (-2.0, 2.0), 2: (-2.0, -1.75, 1.75, 2.0), 3: (-2.5, -2.0, -1.8, 1.8, 2.0, 2.5)},
}
SMALL_INPUTS = {1: (-0.5, 0.5), 2: (-0.5, -0.25, 0.25, 0.5), 3: (-0.3, -0.2, -0.1, 0.1, 0.2, 0.3)}
RATES = {1: (0.5, 0.25), 2: (0.5, 0.25, 0.2), 3: (0.1, 0.2, 0.3)}
# How far the gradient must have shrunk (or grown) from h_T back to h1 to show the lesson.
RATIO = {"vanishing": 0.25, "exploding": 2.0}


@lru_cache(maxsize=32)
def rnn_declared(steps: int, hidden: int) -> Declared:
    cell = "rnn_cell.scalar" if hidden == 1 else "rnn_cell.dense"
    vector = () if hidden == 1 else (hidden,)
    shapes = {"h0": vector, "W_xh": () if hidden == 1 else (hidden, 1), "W_hh": () if hidden == 1 else (hidden, hidden),
              "b_h": vector, "t": vector, "eta": ()}
    nodes, labels = [], {}
    for step in range(1, steps + 1):
        x, z, h, previous = f"x{step}", f"z{step}", f"h{step}", f"h{step - 1}"
        shapes[x] = () if hidden == 1 else (1,)
        shapes[z] = shapes[h] = vector
        nodes.append(Node(z, cell, (("Wx", "W_xh"), ("x", x), ("Wh", "W_hh"), ("h", previous), ("b", "b_h")),
                          labelled(f"第{step}步 tanh 之前的加权和", f"step {step}'s weighted sum before the tanh", vector)))
        nodes.append(Node(h, "tanh", (("z", z),), labelled(f"第{step}步的隐藏状态", f"hidden state after step {step}", vector)))
        labels[z] = labelled(f"第{step}步加权和的梯度", f"gradient at step {step}'s weighted sum", vector)
        labels[h] = labelled(f"传到第{step}步隐藏状态的梯度", f"gradient reaching the hidden state of step {step}", vector)
    nodes.append(Node("L", "half_sse", (("y", f"h{steps}"), ("t", "t")), ("损失", "loss")))
    labels.update({"W_xh": labelled("输入权重 W_xh 的梯度", "gradient of the input weights W_xh", shapes["W_xh"]),
                   "W_hh": labelled("循环权重 W_hh 的梯度", "gradient of the recurrent weights W_hh", shapes["W_hh"]),
                   "b_h": labelled("偏置 b_h 的梯度", "gradient of the bias b_h", vector)})
    given = ("h0", *(f"x{step}" for step in range(1, steps + 1)), "W_xh", "W_hh", "b_h", "t", "eta")
    updates = tuple(Update(name, (f"更新后的 {name}", f"{name} after the update")) for name in ("W_xh", "W_hh", "b_h"))
    return Declared.of(Graph(given, tuple(nodes), "L", ("W_xh", "W_hh", "b_h"), shapes, labels, updates))


def _ratio(values: dict, steps: int) -> float:
    """How the gradient at h1 compares with the one at h_T (|·| or the norm)."""
    first = np.linalg.norm(np.atleast_1d(np.asarray(values["dL/dh1"], dtype=float)))
    last = np.linalg.norm(np.atleast_1d(np.asarray(values[f"dL/dh{steps}"], dtype=float)))
    return float(first / last) if last else 0.0


def build_rnn(code: ProblemCode):
    steps, hidden, regime = int(code.options[0]), int(code.options[1]), code.options[2]
    declared = rnn_declared(steps, hidden)
    shapes, d = declared.graph.shapes, code.difficulty
    pools = POOLS[d]
    inputs = SMALL_INPUTS[d] if regime == "exploding" else pools.gentle_inputs or pools.inputs
    recurrent = RECURRENT_WEIGHTS.get(regime, {}).get(d, pools.weights)

    def draw_given(draw):
        given = {"h0": draw.take(SMALL_INPUTS[d] if regime == "exploding" else pools.biases, shapes["h0"])}
        for step in range(1, steps + 1):
            given[f"x{step}"] = draw.take(inputs, shapes[f"x{step}"])
        given.update(W_xh=draw.take(pools.weights, shapes["W_xh"]), W_hh=draw.take(recurrent, shapes["W_hh"]),
                     b_h=draw.take((0.0,) if regime == "exploding" else pools.biases, shapes["b_h"]),
                     t=draw.take(target_pool("tanh", "half_sse", d), shapes["t"]), eta=draw.take(RATES[d]))
        return given

    def shows_the_regime(values):
        ratio = _ratio(values, steps)
        if regime == "vanishing":
            return ratio < RATIO["vanishing"]
        if regime == "exploding":
            return ratio > RATIO["exploding"]
        return True

    given, values = draw_kind(declared, draw_given, code.seed, d, shows_the_regime)
    notes = (_regime_note(values, steps),) if regime != "mixed" else ()
    return declared_problem("rnn", str(code), declared, given, values,
                            lambda: _describe(steps, hidden, regime, given), notes + (THROUGH_TIME,))


THROUGH_TIME = (
    "W_xh、W_hh、b_h 在每个时间步都用到，所以它们的梯度是各时间步贡献之和（BPTT）；每往回走一步，"
    "梯度先乘 tanh'(z_t) = 1 - h_t²，再乘 W_hhᵀ。",
    "W_xh, W_hh and b_h are used at every time step, so their gradients are the sums of each step's share (BPTT); "
    "each step back, the gradient is multiplied by tanh'(z_t) = 1 - h_t², then by W_hhᵀ.",
)


def _regime_note(values: dict, steps: int) -> tuple[str, str]:
    ratio = format_value(_ratio(values, steps))
    return (f"传到 h1 的梯度大小约为传到 h{steps} 的 {ratio} 倍：每往回一步乘一次 W_hh·tanh'，"
            f"其绝对值小于 1 时梯度逐步消失，大于 1 时逐步爆炸。",
            f"The gradient reaching h1 is about {ratio} times the one at h{steps}: each step back multiplies it by "
            f"W_hh·tanh', which shrinks it step after step when its size is below 1 (vanishing) and grows it when "
            f"above 1 (exploding).")


def _describe(steps: int, hidden: int, regime: str, given: dict) -> Description:
    names = ("h0", *(f"x{step}" for step in range(1, steps + 1)), "W_xh", "W_hh", "b_h", "t", "eta")
    shown = "; ".join(f"{name.replace('eta', 'η')} = {format_value(given[name])}" for name in names)
    unit_zh = "1 个隐藏单元" if hidden == 1 else f"{hidden} 个隐藏单元"
    unit_en = "one hidden unit" if hidden == 1 else f"{hidden} hidden units"
    prompt_zh = (f"一个{unit_zh}的 RNN 读入 {steps} 个时间步：h_t = tanh(W_xh·x_t + W_hh·h_(t-1) + b_h)，"
                 f"损失 L = ½·Σ(h{steps} - t)²。已知 {shown}。请算出每一步的加权和 z_t 和隐藏状态 h_t、损失，"
                 f"沿时间反向传播的每个梯度（各时间步对 W_xh、W_hh、b_h 的贡献及其总和），以及一步梯度下降后的参数。")
    prompt_en = (f"An RNN with {unit_en} reads {steps} time steps: h_t = tanh(W_xh·x_t + W_hh·h_(t-1) + b_h), and the "
                 f"loss is L = ½·Σ(h{steps} - t)². Given {shown}. Work out each step's weighted sum z_t and hidden "
                 f"state h_t, the loss, every gradient back through time (each step's share of dL/dW_xh, dL/dW_hh, "
                 f"dL/db_h, and their sums), and the parameters after one gradient-descent step.")

    def matrix(name, rows, cols):
        return plain(np.reshape(np.asarray(given[name], dtype=float), (rows, cols)))

    layer = {"type": "rnn", "W_xh": matrix("W_xh", hidden, 1), "W_hh": matrix("W_hh", hidden, hidden),
             "b_h": plain(np.reshape(given["b_h"], hidden)), "h0": plain(np.reshape(given["h0"], hidden))}
    network = {"x": [plain(np.reshape(given[f"x{step}"], 1)) for step in range(1, steps + 1)],
               "t": plain(np.reshape(given["t"], hidden)), "layers": [layer], "loss": "half_sse",
               "lr": float(given["eta"])}
    return Description(network, prompt_zh, prompt_en)


def _normalise(options):
    steps, hidden, regime = options
    if steps not in ("2", "3"):
        raise CodeError(f"rnn steps '{steps}' must be 2 or 3; for example rnn:3:1:mixed:d1#1")
    if hidden not in ("1", "2"):
        raise CodeError(f"rnn hidden size '{hidden}' must be 1 or 2; for example rnn:2:2:mixed:d1#1")
    return options


RNN = Family(
    "rnn", "RNN 沿时间反向传播（BPTT）：W_xh、W_hh、b_h 的梯度按时间步求和，梯度随 W_hh 消失或爆炸",
    "backpropagation through time in an RNN: gradients of W_xh, W_hh, b_h summed over the steps, "
    "vanishing or exploding with W_hh",
    (Option("steps", "3", "time steps, 2 or 3"),
     Option("hidden", "1", "hidden units, 1 or 2"),
     Option("regime", "mixed", "mixed, or W_hh drawn to make the gradient vanish or explode", REGIMES)),
    build_rnn, _normalise,
)
