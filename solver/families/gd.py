"""gd: several gradient-descent iterations on a one-weight loss; the learner tracks w each step."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from solver.formats.codes import CodeError, ProblemCode
from solver.families.base import POOLS, Family, Option, target_pool
from solver.fmt import format_value
from solver.graph import Graph, Node, Repeat, Update, trace
from solver.ops.objectives import OBJECTIVES as _OBJECTIVES
from solver.rng import pick
from solver.trace import Description, Problem, Template, fraction_array, solve_values

# L(w), dL/dw, dL/dw's formula and L's text for each objective (the table's one-weight objectives);
# `p` and `q` are the objective's constants.
OBJECTIVES = {name: (o.loss, o.gradient, o.gradient_text, o.loss_text) for name, o in _OBJECTIVES.items()}
MAX_STEPS = 6


def gd_graph(objective: str, iterations: int) -> Graph:
    """The objective as a one-node graph over the weight and its constants, its gradient and SGD
    update repeated: iteration k reads w{k-1}, writes g{k} = dL/dw there and w{k}."""
    first, second = _OBJECTIVES[objective].roles
    return Graph(
        given=("w", "eta", "p", "q"),
        nodes=(Node("L", f"objective.{objective}", (("w", "w"), (first, "p"), (second, "q")), ("损失", "loss")),),
        loss="L",
        wrt=("w",),
        shapes={"w": (), "eta": (), "p": (), "q": (), "L": ()},
        grad_labels={"w": ("第{k}步：在 w{prev} 处的梯度 ∂L/∂w", "step {k}: gradient dL/dw at w{prev}")},
        updates=(Update("w", ("第{k}步更新后的 w", "w after step {k}")),),
        display={"eta": "η", "p": "x" if objective == "linreg" else "p", "q": "t" if objective == "linreg" else "q"},
        repeat=Repeat(iterations, {"w": "w{prev}", "w_new": "w{k}", "dL/dw": "g{k}", "L": "L{k}"}),
    )


@lru_cache(maxsize=64)
def gd_template(objective: str, iterations: int) -> Template:
    return trace(gd_graph(objective, iterations))


# Learning rates that keep each objective's iterates on hand-friendly numbers and converging.
RATES = {"quadratic": {1: (0.25, 0.5, 0.75), 2: (0.25, 0.5, 0.75)},
         "linreg": {1: (0.25,), 2: (0.1, 0.25)}}
MAGNITUDE = {1: 20.0, 2: 100.0, 3: float("inf")}


def draw_gd(objective: str, difficulty: int, seed: int, iterations: int = MAX_STEPS) -> dict:
    """Constants and a start whose descent a hand can follow: the first step moves (a start at
    the minimum makes every step zero), no step climbs, and no number outgrows the difficulty."""
    for attempt in range(16):
        given = _draw_once(objective, difficulty, seed, attempt * 8)
        if _kind(objective, iterations, given, difficulty):
            break
    return given


def _kind(objective: str, iterations: int, given: dict, difficulty: int) -> bool:
    loss, gradient = OBJECTIVES[objective][:2]
    p, q, eta = given["p"], given["q"], given["eta"]
    w = given["w0"]
    if gradient(w, p, q) == 0:
        return False
    for _ in range(iterations):
        g = gradient(w, p, q)
        w_next = w - eta * g
        if loss(w_next, p, q) > loss(w, p, q) or max(abs(g), abs(w_next)) > MAGNITUDE[difficulty]:
            return False
        w = w_next
    return True


def _draw_once(objective: str, difficulty: int, seed: int, stream: int) -> dict:
    pools = POOLS[difficulty]
    targets = target_pool("identity", "half_sse", difficulty)  # any number: w is unconstrained
    seeds = np.asarray([seed], dtype=np.uint64)
    w0 = pick(pools.inputs, seeds, stream, 1)[0, 0]
    if objective == "quadratic":
        p = pick((1.0, 2.0) if difficulty == 1 else (0.5, 1.0, 2.0), seeds, stream + 1, 1)[0, 0]
        q = pick(targets, seeds, stream + 2, 1)[0, 0]
    else:
        p = pick((1.0, 2.0, -1.0) if difficulty == 1 else pools.inputs, seeds, stream + 1, 1)[0, 0]
        q = pick(targets, seeds, stream + 2, 1)[0, 0]
    rates = RATES[objective][difficulty] if difficulty < 3 else pools.rates
    eta = pick(rates, seeds, stream + 3, 1)[0, 0]
    return {"w0": float(w0), "eta": float(eta), "p": float(p), "q": float(q)}


def _describe(objective: str, iterations: int, given: dict) -> Description:
    loss_text = OBJECTIVES[objective][3]
    if objective == "quadratic":
        consts = f"p = {format_value(given['p'])}, q = {format_value(given['q'])}"
    else:
        consts = f"x = {format_value(given['p'])}, t = {format_value(given['q'])}"
    start = f"w0 = {format_value(given['w0'])}, η = {format_value(given['eta'])}"
    return Description(
        {"objective": objective, "iterations": iterations, **given},
        f"损失 L(w) = {loss_text}，其中 {consts}。从 {start} 出发做 {iterations} 步梯度下降，"
        f"写出每一步的梯度 g 和更新后的 w。",
        f"Loss L(w) = {loss_text} with {consts}. Starting from {start}, take {iterations} gradient-descent "
        f"steps and write each step's gradient g and the updated w.",
        key="given",
    )


def gd_problem(objective: str, iterations: int, given: dict, code: str | None) -> Problem:
    template = gd_template(objective, iterations)
    values = solve_values(template, given)
    return Problem(
        family="gd", code=code, template=template, given=given, values=values, answers=template.step_ids,
        describe=lambda: _describe(objective, iterations, given),
        exact_given={name: fraction_array(value) for name, value in given.items()},
    )


def build(code: ProblemCode) -> Problem:
    objective, iterations = code.options[0], int(code.options[1])
    return gd_problem(objective, iterations, draw_gd(objective, code.difficulty, code.seed, iterations), str(code))


def _normalise(options):
    objective, steps = options
    if not steps.isdigit() or not 1 <= int(steps) <= MAX_STEPS:
        raise CodeError(f"gd steps '{steps}' must be 1 to {MAX_STEPS}; for example gd:quadratic:3:d1#1")
    return (objective, str(int(steps)))


GD = Family(
    "gd", "在单个权重的损失上做几步梯度下降，记录每一步的 w",
    "several gradient-descent steps on a one-weight loss; track w after each step",
    (Option("objective", "quadratic", "the loss: quadratic ½·p·(w - q)² or linreg ½·(w·x - t)²",
            tuple(OBJECTIVES)),
     Option("steps", "3", f"number of iterations, 1-{MAX_STEPS}")),
    build, _normalise,
)
