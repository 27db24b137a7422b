"""rnn drills: backpropagation through time checked against central finite differences of the
loss and against a plain-NumPy BPTT written from the recurrence, over random codes (hypothesis);
hand-friendly givens at d1, updates that go downhill, the vanishing and exploding variants, and
the named mistakes graded as such."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.fmt import format_value
from solver.generate import problem_from_code
from solver.grading.grade import grade_step
from solver.trace import solve_values

FD_STEP = 1e-6
codes = st.builds(lambda steps, hidden, regime, d, seed: f"rnn:{steps}:{hidden}:{regime}:d{d}#{seed}",
                  st.sampled_from((2, 3)), st.sampled_from((1, 2)), st.sampled_from(("mixed", "vanishing", "exploding")),
                  st.integers(1, 3), st.integers(0, 2**63 - 1))


def numpy_bptt(given, steps):
    """Forward through time, then back: δ_t = (∂L/∂h_t)·(1 - h_t²), each parameter's sum over t."""
    Wx, Wh = np.atleast_2d(given["W_xh"]).reshape(-1, 1), np.atleast_2d(given["W_hh"])
    hidden = Wh.shape[0]
    Wx, b = Wx.reshape(hidden, 1), np.reshape(given["b_h"], hidden)
    hs = [np.reshape(given["h0"], hidden)]
    for t in range(1, steps + 1):
        hs.append(np.tanh(Wx @ np.reshape(given[f"x{t}"], 1) + Wh @ hs[-1] + b))
    loss = 0.5 * np.sum((hs[-1] - np.reshape(given["t"], hidden)) ** 2)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh = hs[-1] - np.reshape(given["t"], hidden)
    for t in range(steps, 0, -1):
        delta = dh * (1 - hs[t] ** 2)
        dWx += np.outer(delta, np.reshape(given[f"x{t}"], 1))
        dWh += np.outer(delta, hs[t - 1])
        db += delta
        dh = Wh.T @ delta
    return loss, dWx, dWh, db


def central(problem, name):
    base = np.array(problem.given[name], dtype=float)
    gradient = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        sides = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * FD_STEP
            changed = dict(problem.given, **{name: moved if moved.ndim else float(moved)})
            sides.append(solve_values(problem.template, changed)["L"])
        gradient[index] = (sides[0] - sides[1]) / (2 * FD_STEP)
    return gradient


@settings(max_examples=20, deadline=None)
@given(codes)
def test_bptt_matches_finite_differences_and_numpy(code):
    problem = problem_from_code(code)
    steps = int(code.split(":")[1])
    loss, dWx, dWh, db = numpy_bptt(problem.given, steps)
    v = problem.values
    assert np.isclose(v["L"], loss)
    for name, independent in (("W_xh", dWx), ("W_hh", dWh), ("b_h", db)):
        stated = np.asarray(v[f"dL/d{name}"], dtype=float)
        assert np.allclose(stated, central(problem, name), atol=1e-6), (code, name)
        assert np.allclose(stated.reshape(independent.shape), independent), (code, name)
        shares = sum(np.asarray(v[f"dL/d{name}_t{t}"]) for t in range(1, steps + 1))
        assert np.allclose(shares, stated)  # the total is the sum over the time steps


@pytest.mark.parametrize("stem", ["rnn:3:1:mixed", "rnn:2:2:mixed", "rnn:3:1:vanishing", "rnn:3:2:exploding"])
def test_d1_is_friendly_and_every_update_goes_downhill(stem):
    for seed in range(20):
        problem = problem_from_code(f"{stem}:d1#{seed}")
        for name, value in problem.given.items():
            entries = np.asarray(value, dtype=float) * 4
            assert np.all(entries == np.round(entries)), (seed, name)
        after = dict(problem.given, **{p: problem.values[f"{p}_new"] for p in ("W_xh", "W_hh", "b_h")})
        assert solve_values(problem.template, after)["L"] < problem.values["L"], seed


@pytest.mark.parametrize("regime, shrinks", [("vanishing", True), ("exploding", False)])
def test_the_variants_show_the_gradient_vanishing_or_exploding_and_say_so(regime, shrinks):
    for seed in range(10):
        problem = problem_from_code(f"rnn:3:1:{regime}:d1#{seed}")
        ratio = abs(problem.values["dL/dh1"] / problem.values["dL/dh3"])
        assert (ratio < 0.25) if shrinks else (ratio > 2), (seed, ratio)
        assert format_value(ratio) in problem.notes[0][1] and "times the one at h3" in problem.notes[0][1]


@pytest.mark.parametrize("code, step, mistake", [
    ("rnn:3:1:mixed:d1#0", "dL/dW_hh", "bptt_dropped_time_step"),
    ("rnn:2:2:mixed:d1#1", "dL/dW_xh", "bptt_dropped_time_step"),
    ("rnn:3:1:mixed:d1#0", "dL/dh2", "bptt_forgot_recurrent_weight"),
    ("rnn:3:1:mixed:d1#0", "dL/dz3", "forgot_activation_derivative"),
    ("rnn:2:2:mixed:d1#1", "dL/dh1", "bptt_forgot_recurrent_weight"),
])
def test_the_named_mistakes_are_recognised(code, step, mistake):
    problem = problem_from_code(code)
    values = problem.values
    if mistake == "bptt_dropped_time_step":
        steps = int(code.split(":")[1])
        wrong = values[f"{step}_t{steps}"] if steps == 2 else values[f"{step}_t2"] + values[f"{step}_t3"]
    else:
        wrong = next(m for m in problem.spec(step).mistakes if m.id == mistake).compute(values)
    assert grade_step(problem, step, format_value(np.asarray(wrong))).mistake == mistake


def test_the_worked_solution_goes_back_through_time():
    problem = problem_from_code("rnn:3:1:mixed:d1#0")
    ids = problem.template.step_ids
    assert ids.index("dL/dh3") < ids.index("dL/dz3") < ids.index("dL/dh2") < ids.index("dL/dz1")
    assert problem.spec("dL/dW_hh").formula(problem.template.display_names) == \
        "∂L/∂W_hh = ∂L/∂W_hh_t1 + ∂L/∂W_hh_t2 + ∂L/∂W_hh_t3"
    assert problem.spec("dL/dW_hh_t2").label_en.endswith("(time step 2)")
    assert problem.network["layers"][0]["type"] == "rnn"
