"""conv and pool as drills: the whole problem's gradients against central finite differences of
its loss and a NumPy implementation written from the definitions, hand-friendly numbers at d1
over many seeds, an update that goes downhill, and the named mistakes graded as such."""

from __future__ import annotations

import numpy as np
import pytest

from solver.fmt import format_value
from solver.generate import problem_from_code
from solver.grading.grade import grade_step
from solver.trace import solve_values

FD_STEP = 1e-6
CONV_CODES = ("conv:2d:0:1", "conv:2d:1:1", "conv:1d:0:1", "conv:1d:1:2")
POOL_CODES = ("pool:max:2d:2", "pool:max:2d:1", "pool:avg:2d:2", "pool:max:1d:2", "pool:avg:1d:1")


def numpy_conv(x, W, b, padding, channels):
    """y = x ⋆ W + b by its definition: y[i] = Σ_c Σ_j W[c, j]·x_pad[c, i + j] + b."""
    x, W = np.asarray(x, dtype=float), np.asarray(W, dtype=float)
    if channels == 1:
        x, W = x[None], W[None]
    xp = np.pad(x, [(0, 0)] + [(padding, padding)] * (x.ndim - 1))
    k = W.shape[1:]
    out = tuple(n - m + 1 for n, m in zip(xp.shape[1:], k))
    y = np.zeros(out)
    for i in np.ndindex(*out):
        y[i] = np.sum(xp[(slice(None), *(slice(a, a + m) for a, m in zip(i, k)))] * W) + b
    return y


def loss_of(problem, **changes):
    return solve_values(problem.template, dict(problem.given, **changes))["L"]


def central(problem, name):
    base = np.array(problem.given[name], dtype=float)
    gradient = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        sides = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * FD_STEP
            sides.append(loss_of(problem, **{name: moved if moved.ndim else float(moved)}))
        gradient[index] = (sides[0] - sides[1]) / (2 * FD_STEP)
    return gradient


@pytest.mark.parametrize("stem", CONV_CODES)
def test_conv_gradients_match_finite_differences_and_the_definition(stem):
    for seed in range(6):
        difficulty = 1 + seed % 3
        problem = problem_from_code(f"{stem}:d{difficulty}#{seed}")
        v = problem.values
        _, _, padding, channels = stem.split(":")
        assert np.allclose(v["y"], numpy_conv(v["x"], v["W"], v["b"], int(padding), int(channels)))
        for name in ("W", "b", "x"):
            assert np.allclose(v[f"dL/d{name}"], central(problem, name), atol=1e-5), (stem, seed, name)


@pytest.mark.parametrize("stem", POOL_CODES)
def test_pool_gradients_match_finite_differences(stem):
    for seed in range(6):
        problem = problem_from_code(f"{stem}:d{1 + seed % 2}#{seed}")  # no ties below d3: max is differentiable
        assert np.allclose(problem.values["dL/dx"], central(problem, "x"), atol=1e-5), (stem, seed)


@pytest.mark.parametrize("stem", CONV_CODES + POOL_CODES)
def test_d1_is_worked_with_a_pencil(stem):
    for seed in range(25):
        problem = problem_from_code(f"{stem}:d1#{seed}")
        for name, value in problem.given.items():
            entries = np.asarray(value, dtype=float) * (20 if name == "eta" else 2)
            assert np.all(entries == np.round(entries)), (seed, name)  # halves; η a twentieth
        assert all(np.abs(np.asarray(v, dtype=float)).max() <= 20 for v in problem.values.values()), seed
        assert problem.values["L"] > 0
        if stem.startswith("conv"):
            W, spatial = np.asarray(problem.given["W"]), (-1,) if ":1d:" in stem else (-2, -1)
            assert not np.array_equal(W, np.flip(W, axis=spatial)), seed  # the flip is visible
            after = dict(problem.given, W=problem.values["W_new"], b=problem.values["b_new"])
            assert solve_values(problem.template, after)["L"] < problem.values["L"], seed
        if stem.startswith("pool:max"):
            assert not any(step.note_en for step in problem.steps()), seed  # no tied maxima at d1, nothing to say


def test_a_tie_at_d3_is_routed_to_the_first_maximum_and_said():
    for seed in range(200):
        problem = problem_from_code(f"pool:max:2d:1:d3#{seed}")
        noted = [step.id for step in problem.steps() if step.note_en and "first maximum" in step.note_en]
        if noted:
            assert noted == ["p", "dL/dx"]  # the pooling and its backward step, each once
            return
    pytest.fail("no tie in 200 seeds at d3")


@pytest.mark.parametrize("code, step, mistake", [
    ("conv:2d:0:1:d1#0", "y", "conv_flipped_kernel"),
    ("conv:2d:0:1:d1#0", "dL/dW", "conv_flipped_kernel"),
    ("conv:1d:1:1:d1#2", "dL/dx", "conv_backward_unflipped"),
    ("pool:max:2d:1:d1#3", "dL/dx", "maxpool_gradient_everywhere"),
    ("pool:avg:2d:2:d1#1", "p", "avgpool_forgot_division"),
    ("pool:avg:1d:2:d1#1", "dL/dx", "avgpool_forgot_division"),
])
def test_the_named_mistakes_are_recognised(code, step, mistake):
    problem = problem_from_code(code)
    spec = problem.spec(step)
    wrong = next(m for m in spec.mistakes if m.id == mistake).compute(problem.values)
    verdict = grade_step(problem, step, format_value(np.asarray(wrong)))
    assert verdict.mistake == mistake
    assert grade_step(problem, step, format_value(np.asarray(problem.values[step]))).mistake is None


def test_the_worked_solution_shows_the_cross_correlation_and_the_flipped_kernel():
    problem = problem_from_code("conv:2d:1:1:d2#4")
    formulas = {step.id: step.formula for step in problem.steps()}
    assert formulas["y"] == "y = conv2d(x, W, padding=1) + b"
    assert formulas["dL/dx"] == "∂L/∂x = crop1(full(∂L/∂y) ⋆ flip(W))"
    assert formulas["dL/dW"] == "∂L/∂W = x ⋆ ∂L/∂y"
    assert "4×4" in problem.spec("y").label_en and "cross-correlation" in problem.notes[0][1]
    assert problem.exact_values()["dL/dx"].dtype == object  # exact forms: every operation is rational
    network = problem.network
    assert network["layers"][0]["type"] == "conv2d" and np.ndim(network["layers"][0]["W"]) == 4
