"""activation-derivative: f'(z) of an activation, symbolically and at a point.

Declared as a one-node graph of the table's operation, traced in the derivative style
(solver/graph/derivative.py; the derivatives themselves in solver/ops/derivatives.py).

Where the derivative does not exist (ReLU, leaky ReLU and sgn at 0) the value is None and the
step says so: the article's claim that ReLU's derivative is 0 for x <= 0 is a convention (a
subgradient), not a derivative.
"""

from __future__ import annotations

import numpy as np

from solver import ops
from solver.formats.codes import ProblemCode
from solver.families.base import Family, Option
from solver.fmt import format_value
from solver.graph import Graph, Node, trace
from solver.ops.derivatives import DERIVATIVES
from solver.rng import pick
from solver.trace import Description, Problem, fraction_array, solve_values

FUNCTIONS = tuple(DERIVATIVES)  # identity, sigmoid, tanh, softplus, relu, leaky_relu, sgn
KINKED = ("relu", "leaky_relu", "sgn")

POINTS = {
    1: (-2.0, -1.0, 1.0, 2.0),
    2: (-1.5, -0.5, 0.0, 0.5, 1.5),
    3: (-1.2, -0.3, 0.0, 0.0, 0.4, 0.8, 2.5),
}

_SLOPE = format_value(ops.LEAKY_SLOPE)
# What the prompt calls each function: words, and leaky ReLU's slope stated.
WORDS = {
    "identity": ("恒等函数 f(z) = z", "the identity f(z) = z"),
    "sigmoid": (" sigmoid σ(z) = 1/(1 + e^(-z))", "the sigmoid σ(z) = 1/(1 + e^(-z))"),
    "tanh": (" tanh", "tanh"),
    "softplus": (" softplus f(z) = ln(1 + e^z)", "softplus f(z) = ln(1 + e^z)"),
    "relu": (" ReLU f(z) = max(0, z)", "ReLU f(z) = max(0, z)"),
    "leaky_relu": (f" leaky ReLU（z > 0 时 f(z) = z，z < 0 时 f(z) = {_SLOPE}·z，即负半轴斜率为 {_SLOPE}）",
                   f"leaky ReLU (f(z) = z for z > 0 and f(z) = {_SLOPE}·z for z < 0: slope {_SLOPE} on the negative side)"),
    "sgn": ("符号函数 sgn", "the sign function sgn"),
}

NOTES = {
    "relu": ("ReLU 在 0 处左导数为 0、右导数为 1，导数不存在；框架通常取次梯度 0。文中“x ≤ 0 时导数为 0”只是一种约定。",
             "ReLU has left derivative 0 and right derivative 1 at 0, so the derivative does not exist there; "
             "frameworks usually use the subgradient 0. The article's 'derivative 0 for x <= 0' is a convention."),
    "leaky_relu": ("leaky ReLU 在 0 处左右导数分别为 0.1 和 1，导数不存在。",
                   "Leaky ReLU's one-sided derivatives at 0 are 0.1 and 1, so the derivative does not exist there."),
    "sgn": ("sgn 在 0 处跳变，不可导；在其他地方导数恒为 0，所以也传不回任何梯度信号。",
            "sgn jumps at 0, so it is not differentiable there; everywhere else its derivative is 0, "
            "so no gradient signal flows back through it either."),
}


def graph(name: str) -> Graph:
    """f applied to the point z0: the derivative style traces f(z0), f'(z) and f'(z0)."""
    return Graph(
        given=("z0",),
        nodes=(Node("f(z0)", name, (("z", "z0"),), ("函数在该点的值", "the function's value at the point")),),
        loss="f(z0)", wrt=("z0",), shapes={"z0": (), "f(z0)": ()}, grad_labels={}, style="derivative",
        notes={"f'(z0)": NOTES[name]} if name in NOTES else {},
    )


def build(code: ProblemCode) -> Problem:
    name = code.options[0]
    z0 = float(pick(POINTS[code.difficulty], np.asarray([code.seed], dtype=np.uint64), 0, 1)[0, 0])
    if name not in KINKED and z0 == 0 and code.difficulty == 1:
        z0 = 1.0
    template = trace(graph(name))
    given = {"z0": z0}
    values = solve_values(template, given)
    rational = name in ("identity", "relu", "leaky_relu", "sgn")
    notes = ()
    if values["f'(z0)"] is None or name == "sgn":  # sgn's derivative is 0 wherever it exists: say why
        notes = (NOTES[name],)
    word_zh, word_en = WORDS[name]

    def describe():
        return Description(
            {"activation": name, "z0": z0, **({"slope": ops.LEAKY_SLOPE} if name == "leaky_relu" else {})},
            f"设激活函数 f 为{word_zh}。求 f'(z)，并计算 z0 = {format_value(z0)} 处的 f(z0) 和 f'(z0)。",
            f"Let f be {word_en}. Find f'(z), and evaluate f(z0) and f'(z0) at z0 = {format_value(z0)}.",
            key="given",
        )

    return Problem("activation-derivative", str(code), template, given, values, template.step_ids, describe,
                   {"z0": fraction_array(z0)} if rational else None, notes)


ACTIVATION_DERIVATIVE = Family(
    "activation-derivative", "激活函数的导数：符号形式和某点的值，包括导数不存在的点",
    "the derivative of an activation, symbolically and at a point, including where it does not exist",
    (Option("activation", "sigmoid", "the function", tuple(FUNCTIONS)),),
    build,
)
