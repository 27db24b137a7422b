"""What the families declared as one graph share: the traced graph, a seeded draw, the checks
that keep a problem hand-friendly, and the solved `Problem`.

A family here (conv, pool, rnn, attention) is a declaration of its graph (solver.graph) and of
how to draw its given values; the worked solution is the graph's trace. Each problem is drawn
on its own (these families have no batch path): attempt 0, 1, … of a seed until the numbers
pass the family's checks, so a code always names the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from solver.families.base import dusty_rows
from solver.graph import Graph, grad, trace
from solver.rng import draws
from solver.trace import Description, Problem, Template, fraction_array, solve_values

MAX_ATTEMPTS = 96
# No given and no step value larger than this at d1: a problem worked with a pencil.
HAND_LIMIT = {1: 20.0, 2: 50.0, 3: np.inf}
FLAT = 1e-12  # a gradient entry this small is zero


@dataclass(frozen=True)
class Declared:
    """A graph with its full trace and its forward pass alone (re-run on the updated parameters)."""

    graph: Graph
    template: Template
    forward: Template

    @classmethod
    def of(cls, graph: Graph) -> "Declared":
        return cls(graph, trace(graph), trace(graph, backward=False))

    def solve(self, given: Mapping) -> dict:
        return solve_values(self.template, given)

    def loss_after_update(self, values: Mapping) -> float:
        updated = {name: values[name] for name in self.graph.given}
        for update in self.graph.updates:
            updated[update.parameter] = values[f"{update.parameter}_new"]
        return float(solve_values(self.forward, updated)[self.graph.loss])


class Draw:
    """Hand-friendly numbers for one attempt at one seed, read in turn from that attempt's stream."""

    BLOCK = 64  # more entries than any of these problems has

    def __init__(self, seed: int, attempt: int):
        self.seed, self.attempt, self.used, self.block = seed, attempt, 0, np.zeros(0, dtype=np.uint64)

    def take(self, pool, shape: tuple[int, ...] = ()):
        pool = np.asarray(pool, dtype=float)
        size = int(np.prod(shape, dtype=int)) if shape else 1
        while self.used + size > len(self.block):  # a further block from the next stream
            more = draws(self.seed, self.attempt * 16 + len(self.block) // self.BLOCK, self.BLOCK)[0]
            self.block = np.concatenate([self.block, more])
        picked = pool[(self.block[self.used:self.used + size] % np.uint64(len(pool))).astype(np.intp)]
        self.used += size
        return float(picked[0]) if not shape else picked.reshape(shape)


def kind_values(declared: Declared, values: Mapping, difficulty: int) -> bool:
    """The checks every declared family makes: finite, small enough for a hand at d1, some
    gradient not zero, no value that is rounding dust of an exact 0, a positive loss, and (with
    updates) a step that lowers the loss."""
    graph = declared.graph
    limit = HAND_LIMIT[difficulty]
    entries = np.abs(np.concatenate([np.ravel(value) for value in values.values()]).astype(float))
    # NaN compares False: `not <=` catches it with the values too large for a hand
    if not np.all(entries <= limit) if limit < np.inf else not np.all(np.isfinite(entries)):
        return False
    if not values[graph.loss] > 0:
        return False
    if max(np.abs(np.asarray(values[grad(name)], dtype=float)).max() for name in graph.wrt) < FLAT:
        return False
    steps = [np.ravel(value) for name, value in values.items() if name not in graph.given]
    if steps and dusty_rows(np.concatenate(steps).astype(float)[None, :])[0]:
        return False
    return not graph.updates or declared.loss_after_update(values) < values[graph.loss]


def draw_kind(declared: Declared, draw_given: Callable[[Draw], dict], seed: int, difficulty: int,
              extra: Callable[[dict], bool] = lambda values: True) -> tuple[dict, dict]:
    """(given, values) of the first attempt whose numbers pass the checks (the last one tried
    if none does: the problem still solves, only less kindly)."""
    for attempt in range(MAX_ATTEMPTS):
        given = draw_given(Draw(seed, attempt))
        values = declared.solve(given)
        if kind_values(declared, values, difficulty) and extra(values):
            break
    return given, values


def shape_words(shape: tuple[int, ...]) -> tuple[str, str]:
    """(zh, en) of a value's shape for a label: 一个数 / a number, 长度 3 的向量 / a vector of 3, 2×2."""
    if not shape:
        return "一个数", "a number"
    if len(shape) == 1:
        return f"长度 {shape[0]} 的向量", f"a vector of {shape[0]}"
    text = "×".join(map(str, shape))
    return text, text


def labelled(zh: str, en: str, shape: tuple[int, ...]) -> tuple[str, str]:
    """A step's label with its shape: `卷积输出 y（2×2）`, `feature map y (2×2)`; a number's alone."""
    if not shape:
        return zh, en
    shape_zh, shape_en = shape_words(shape)
    return f"{zh}（{shape_zh}）", f"{en} ({shape_en})"


def plain(value):
    array = np.asarray(value, dtype=float)
    return float(array) if array.ndim == 0 else array.tolist()


def declared_problem(family: str, code: str, declared: Declared, given: dict, values: dict,
                     describe: Callable[[], Description], notes: tuple[tuple[str, str], ...] = (),
                     rational: bool = True) -> Problem:
    template = declared.template
    return Problem(family, code, template, given, values, template.step_ids, describe,
                   (lambda: {name: fraction_array(value) for name, value in given.items()}) if rational else None,
                   notes)
