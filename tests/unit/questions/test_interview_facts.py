"""The numbers of the interview banks (concepts-layers, concepts-practice), recomputed independently.

Each numeric question's value is computed here from its prompt's data with NumPy, by central finite
differences where it is a gradient, so a slip in a worked answer fails loudly. A numeric question of
these banks without a computation below fails too.
"""

from __future__ import annotations

import numpy as np
import pytest

from questions import load_banks

BANKS = load_banks(None)
INTERVIEW_BANKS = ("concepts-layers", "concepts-practice")
H = 1e-6


def numeric_gradient(function, at: np.ndarray) -> np.ndarray:
    at = np.asarray(at, dtype=float)
    gradient = np.zeros_like(at)
    for index in np.ndindex(at.shape):
        step = np.zeros_like(at)
        step[index] = H
        gradient[index] = (function(at + step) - function(at - step)) / (2 * H)
    return gradient


def softmax(z: np.ndarray) -> np.ndarray:
    shifted = np.exp(z - z.max())
    return shifted / shifted.sum()


def batch_norm(x: np.ndarray, gamma: float, beta: float = 0.0, eps: float = 0.0) -> np.ndarray:
    return gamma * (x - x.mean()) / np.sqrt(x.var() + eps) + beta  # biased variance, as in training


# --- concepts-layers ---------------------------------------------------------------------------------------

def minibatch_weight_gradient() -> float:
    x, t = np.array([2.0, -1.0]), np.array([0.0, 1.0])
    return numeric_gradient(lambda w: np.mean(0.5 * (w[0] * x - t) ** 2), np.array([0.5]))[0]


def softmax_jacobian_entry() -> float:
    z = np.log([0.5, 0.3, 0.2])
    return numeric_gradient(lambda v: softmax(v)[0], z)[1]  # ∂p₁/∂z₂


def cross_entropy_large_logits() -> float:
    z = np.array([1000.0, 998.0])
    return float(np.logaddexp.reduce(z) - z[1])


def batchnorm_dgamma() -> float:
    x, upstream = np.array([1.0, 3.0]), np.array([2.0, 0.5])
    return numeric_gradient(lambda g: upstream @ batch_norm(x, g[0]), np.array([1.0]))[0]


CHECKS = {
    "concepts-layers.minibatch-weight-gradient": minibatch_weight_gradient,
    "concepts-layers.softmax-jacobian-entry": softmax_jacobian_entry,
    "concepts-layers.cross-entropy-large-logits": cross_entropy_large_logits,
    "concepts-layers.batchnorm-dgamma": batchnorm_dgamma,
}

NUMERIC = [q for q in BANKS.questions if q.type == "numeric" and q.id.split(".")[0] in INTERVIEW_BANKS]


def test_every_numeric_interview_question_is_recomputed():
    assert sorted(q.id for q in NUMERIC if q.id not in CHECKS) == []


@pytest.mark.parametrize("question", NUMERIC, ids=[q.id for q in NUMERIC])
def test_the_stated_value_is_what_the_prompt_gives(question):
    expected = CHECKS[question.id]()
    band = question.tolerance if question.tolerance is not None else 1e-3 * abs(question.value)
    assert abs(question.value - expected) <= band / 2, (question.value, expected)


# --- the true/false and symbolic claims ---------------------------------------------------------------------

def test_softmax_jacobian_rows_sum_to_zero():
    question = BANKS.by_id("concepts-layers.softmax-rows-sum-to-zero")
    z = np.array([0.3, -1.2, 2.0, 0.1])
    jacobian = np.array([numeric_gradient(lambda v, i=i: softmax(v)[i], z) for i in range(4)])
    p = softmax(z)
    assert np.allclose(jacobian, np.diag(p) - np.outer(p, p), atol=1e-8)
    assert question.truth is bool(np.allclose(jacobian.sum(axis=1), 0.0, atol=1e-8))


@pytest.mark.parametrize("seed", range(5))
def test_batch_norm_of_two_samples_passes_no_gradient_to_its_inputs(seed):
    question = BANKS.by_id("concepts-layers.batchnorm-two-samples")
    rng = np.random.default_rng(seed)
    x, upstream, gamma = rng.normal(size=2), rng.normal(size=2), rng.uniform(0.5, 2)
    gradient = numeric_gradient(lambda v: upstream @ batch_norm(v, gamma), x)
    assert question.truth is bool(np.allclose(gradient, 0.0, atol=1e-6))
    # ... while three samples do get one: the claim is about m = 2, not batch norm in general.
    three = numeric_gradient(lambda v: np.array([1.0, -2.0, 0.5]) @ batch_norm(v, gamma), np.array([0.2, 1.0, -0.7]))
    assert not np.allclose(three, 0.0, atol=1e-3)


def test_sigmoid_with_binary_cross_entropy_gives_a_minus_t():
    from solver.parse import evaluate, parse_expression

    question = BANKS.by_id("concepts-layers.sigmoid-bce-gradient")
    node = parse_expression(question.expression, question.variables)

    def loss(z: np.ndarray, t: float) -> float:
        a = 1 / (1 + np.exp(-z[0]))
        return -(t * np.log(a) + (1 - t) * np.log(1 - a))

    for z, t in ((-2.0, 1.0), (0.3, 0.0), (4.0, 0.25), (-0.7, 0.9)):
        stated = evaluate(node, {"z": z, "t": t})
        assert stated == pytest.approx(numeric_gradient(lambda v: loss(v, t), np.array([z]))[0], abs=1e-6)


def test_a_batch_mean_gives_the_bias_the_plain_sum_of_dz():
    # concepts-layers.minibatch-bias-once: with dZ = ∂L/∂Z of the mean loss, db = Σ dZ (no second 1/m).
    assert BANKS.by_id("concepts-layers.minibatch-bias-once").truth is False
    rng = np.random.default_rng(0)
    x, t, w = rng.normal(size=(5, 3)), rng.normal(size=(5, 2)), rng.normal(size=(2, 3))

    def loss(b: np.ndarray) -> float:
        return float(np.mean(np.sum(0.5 * (x @ w.T + b - t) ** 2, axis=1)))

    b = rng.normal(size=2)
    dz = (x @ w.T + b - t) / len(x)
    assert np.allclose(numeric_gradient(loss, b), dz.sum(axis=0), atol=1e-6)
    assert not np.allclose(numeric_gradient(loss, b), dz.sum(axis=0) / len(x), atol=1e-6)
