"""The mini-batch and weight-decay operations on their own: a batch of problems in front of the
sample axis gives each problem's own values, Fractions stay exact, and the gradients are those
of finite differences (the table-wide checks are in test_operation_table.py)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from solver.ops.table import OPERATIONS
from solver.trace import fraction_array

RNG = np.random.default_rng(7)
PROBLEMS, SAMPLES = 3, 4


def _read(rule, values):
    return rule.compute(*(values[name] for name in rule.reads if name in values))


def _one_problem(values, index):
    return {name: value[index] for name, value in values.items()}


def _cases():
    W, X, b = RNG.normal(size=(PROBLEMS, 2, 3)), RNG.normal(size=(PROBLEMS, SAMPLES, 3)), RNG.normal(size=(PROBLEMS, 2))
    g = RNG.normal(size=(PROBLEMS, SAMPLES, 2))
    y = RNG.uniform(0.1, 0.9, size=(PROBLEMS, SAMPLES, 2))
    t = np.eye(2)[RNG.integers(0, 2, size=(PROBLEMS, SAMPLES))]
    return [
        ("affine.batch", {"W": W, "a": X, "b": b, "g": g}),
        *((f"batch.{loss}", {"y": y, "t": t}) for loss in ("half_sse", "mse", "bce", "softmax_ce")),
        ("weight_decay", {"L": RNG.normal(size=PROBLEMS), "lam": np.array([0.1, 0.25, 0.5]), "w1": W,
                          "w2": RNG.normal(size=(PROBLEMS, 3))}),
    ]


@pytest.mark.parametrize(("name", "values"), _cases(), ids=lambda case: case if isinstance(case, str) else "")
def test_a_batch_of_problems_gives_each_problem_its_own_values(name, values):
    op = OPERATIONS[name]
    rules = [op.forward, *(rule for role, rule in op.vjps.items() if role in values),
             *((op.vjp_through,) if op.vjp_through else ())]
    for rule in rules:
        together = np.asarray(_read(rule, values))
        for index in range(PROBLEMS):
            np.testing.assert_allclose(together[index], _read(rule, _one_problem(values, index)), rtol=1e-12)


def test_a_mini_batch_layer_is_exact_on_fractions():
    op = OPERATIONS["affine.batch"]
    values = {"W": np.array([[0.5, -1.0], [0.25, 2.0]]), "a": np.array([[1.0, 2.0], [-0.5, 0.25], [2.0, 1.0]]),
              "b": np.array([0.5, -0.25]), "g": np.array([[0.5, 0.25], [-1.0, 0.5], [0.125, 1.0]])}
    exact = {name: fraction_array(value) for name, value in values.items()}
    for rule in (op.forward, *op.vjps.values()):
        got = _read(rule, exact)
        assert all(isinstance(item, Fraction) for item in np.ravel(got))
        np.testing.assert_array_equal(np.asarray(got, dtype=float), _read(rule, values))


def test_the_penalty_and_its_gradient_are_those_of_finite_differences():
    op = OPERATIONS["weight_decay"]
    W = RNG.normal(size=(2, 3))
    lam, step = 0.3, 1e-6
    stated = op.vjps["w1"].compute(lam, W)
    for index in np.ndindex(W.shape):
        moved = [W.copy(), W.copy()]
        moved[0][index] += step
        moved[1][index] -= step
        difference = (op.forward.compute(0.0, lam, moved[0]) - op.forward.compute(0.0, lam, moved[1])) / (2 * step)
        assert stated[index] == pytest.approx(difference, rel=1e-6)
    assert op.forward.compute(1.0, lam, W) == pytest.approx(1.0 + lam / 2 * np.sum(W ** 2))
