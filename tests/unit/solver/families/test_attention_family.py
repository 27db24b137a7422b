"""attention drills: the head's gradients against central finite differences of the loss and a
plain-NumPy forward and backward written from the definitions, over random codes (hypothesis);
d1 givens a hand multiplies, updates that go downhill, and the named mistakes graded as such."""

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
codes = st.builds(lambda n, d, level, seed: f"attention:{n}:{d}:d{level}#{seed}",
                  st.sampled_from((2, 3)), st.sampled_from((2, 3)), st.integers(1, 3), st.integers(0, 2**63 - 1))


def numpy_attention(X, Wq, Wk, Wv, t):
    """Forward, then backward by hand: every product and the row softmax written out."""
    Q, K, V = X @ Wq.T, X @ Wk.T, X @ Wv.T
    d = Q.shape[1]
    S = Q @ K.T / np.sqrt(d)
    E = np.exp(S - S.max(axis=1, keepdims=True))
    A = E / E.sum(axis=1, keepdims=True)
    O = A @ V
    loss = 0.5 * np.sum((O.reshape(-1) - t) ** 2)
    dO = (O.reshape(-1) - t).reshape(O.shape)
    dA, dV = dO @ V.T, A.T @ dO
    dS = np.stack([dA[i] @ (np.diag(A[i]) - np.outer(A[i], A[i])) for i in range(len(A))])
    dQ, dK = dS @ K / np.sqrt(d), dS.T @ Q / np.sqrt(d)
    return loss, dQ.T @ X, dK.T @ X, dV.T @ X


def central(problem, name):
    base = np.array(problem.given[name], dtype=float)
    gradient = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        sides = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * FD_STEP
            sides.append(solve_values(problem.template, dict(problem.given, **{name: moved}))["L"])
        gradient[index] = (sides[0] - sides[1]) / (2 * FD_STEP)
    return gradient


@settings(max_examples=15, deadline=None)
@given(codes)
def test_the_heads_gradients_match_finite_differences_and_numpy(code):
    problem = problem_from_code(code)
    g = problem.given
    loss, dWq, dWk, dWv = numpy_attention(g["X"], g["Wq"], g["Wk"], g["Wv"], g["t"])
    assert np.isclose(problem.values["L"], loss)
    for name, independent in (("Wq", dWq), ("Wk", dWk), ("Wv", dWv)):
        stated = problem.values[f"dL/d{name}"]
        assert np.allclose(stated, independent), (code, name)
        assert np.allclose(stated, central(problem, name), atol=1e-5), (code, name)


@pytest.mark.parametrize("stem", ["attention:2:2", "attention:3:2"])
def test_d1_multiplies_by_hand_and_goes_downhill(stem):
    for seed in range(15):
        problem = problem_from_code(f"{stem}:d1#{seed}")
        for name, value in problem.given.items():
            entries = np.asarray(value, dtype=float) * 4
            assert np.all(entries == np.round(entries)), (seed, name)
        assert all(np.abs(np.asarray(v)).max() <= 20 for v in problem.values.values()), seed
        after = dict(problem.given, **{w: problem.values[f"{w}_new"] for w in ("Wq", "Wk", "Wv")})
        assert solve_values(problem.template, after)["L"] < problem.values["L"], seed


@pytest.mark.parametrize("step, mistake", [("S", "attention_forgot_scale"), ("dL/dQ", "attention_forgot_scale"),
                                           ("A", "softmax_wrong_axis"), ("dL/dS", "softmax_wrong_axis"),
                                           ("dL/dV", "transposed")])
def test_the_named_mistakes_are_recognised(step, mistake):
    problem = problem_from_code("attention:2:2:d2#3")
    wrong = next(m for m in problem.spec(step).mistakes if m.id == mistake).compute(problem.values)
    assert grade_step(problem, step, format_value(np.asarray(wrong))).mistake == mistake


def test_the_worked_solution_states_shapes_and_the_scale():
    problem = problem_from_code("attention:3:2:d2#1")
    names = problem.template.display_names
    assert problem.spec("S").formula(names) == "S = Q·Kᵀ / √2"
    assert problem.spec("dL/dWq").formula(names) == "∂L/∂Wq = (∂L/∂Q)ᵀ·X"
    assert "3×3" in problem.spec("A").label_en and "(3×2)·(2×3) → 3×3" in problem.notes[0][1]
    assert problem.network["layers"][0]["type"] == "attention"
