"""The numbers of the interview banks (concepts-layers, concepts-practice), recomputed independently.

Each numeric question's value is computed here from its prompt's data with NumPy, by central finite
differences where it is a gradient, so a slip in a worked answer fails loudly. A numeric question of
these banks without a computation below fails too.
"""

from __future__ import annotations

import math

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


# --- concepts-layers and concepts-practice: one function per numeric question ---------------------------------------------------------------------------------------

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


def conv_gradients() -> tuple[np.ndarray, np.ndarray]:
    x, w, upstream = np.array([1.0, 2.0, 3.0]), np.array([1.0, -1.0]), np.array([1.0, 2.0])
    # np.correlate(x, w, "valid")[i] = Σₖ x[i + k]·w[k]: the cross-correlation PyTorch's conv1d computes.
    return (numeric_gradient(lambda v: upstream @ np.correlate(x, v, "valid"), w),
            numeric_gradient(lambda v: upstream @ np.correlate(v, w, "valid"), x))


def avgpool_backward() -> float:
    return numeric_gradient(lambda v: 0.8 * v.mean(), np.array([0.3, -1.0, 2.0, 0.5]))[0]


def rnn_gradient_power() -> float:
    def last_state(h0: np.ndarray) -> float:
        h = h0[0]
        for x in np.linspace(-1, 1, 50):
            h = 0.9 * h + 0.7 * x
        return h

    return numeric_gradient(last_state, np.array([0.4]))[0]


def attention_score_spread() -> float:
    # Components ±1 with equal chance have mean 0 and variance 1; q·k is then 2B − d with B ~ Bin(d, ½),
    # whose distribution is exact: its standard deviation needs no sampling.
    d = 64
    counts = np.arange(d + 1)
    pmf = np.array([math.comb(d, k) for k in counts], dtype=float) / 2.0 ** d
    scores = 2 * counts - d
    return float(np.sqrt(pmf @ scores ** 2 - (pmf @ scores) ** 2))


def adam_first_step() -> float:
    w, g, lr, beta1, beta2, eps = 1.0, 4.0, 0.01, 0.9, 0.999, 1e-8
    m, v = (1 - beta1) * g, (1 - beta2) * g * g
    return w - lr * (m / (1 - beta1)) / (math.sqrt(v / (1 - beta2)) + eps)


def momentum_two_steps() -> float:
    w, buffer = 1.0, 0.0
    for _ in range(2):
        buffer = 0.9 * buffer + w  # the gradient of ½w² is w
        w -= 0.1 * buffer
    return w


def rmsprop_first_step() -> float:
    w, g, square = 1.0, 2.0, 0.0
    square = 0.99 * square + 0.01 * g * g
    return w - 0.01 * g / math.sqrt(square)


def weight_decay_step() -> float:
    w = np.array([2.0])
    gradient = numeric_gradient(lambda v: 0.5 * v[0] + 0.1 / 2 * v[0] ** 2, w)[0]  # data loss slope 0.5
    return w[0] - 0.1 * gradient


def inverted_dropout_scale() -> float:
    p, mask = 0.2, np.array([1.0])
    return float((np.array([3.0]) * mask / (1 - p))[0])


def central_difference_value() -> float:
    return ((1.1) ** 3 - (0.9) ** 3) / (2 * 0.1)


def he_std() -> float:
    return math.sqrt(2 / 512)


def xavier_uniform_bound() -> float:
    # U(−a, a) has variance a²/3; Glorot's variance is 2/(n_in + n_out).
    return math.sqrt(3 * 2 / (300 + 300))


def clip_by_norm() -> float:
    g = np.array([3.0, 4.0])
    return float((g * min(1.0, 1.0 / np.linalg.norm(g)))[0])


def mse_saturated_gradient() -> float:
    return numeric_gradient(lambda z: 0.5 * (1 / (1 + np.exp(-z[0])) - 1) ** 2, np.array([-4.0]))[0]


# --- the table ---------------------------------------------------------------------------------------------

CHECKS = {
    "concepts-layers.minibatch-weight-gradient": minibatch_weight_gradient,
    "concepts-layers.softmax-jacobian-entry": softmax_jacobian_entry,
    "concepts-layers.cross-entropy-large-logits": cross_entropy_large_logits,
    "concepts-layers.batchnorm-dgamma": batchnorm_dgamma,
    "concepts-layers.conv-kernel-gradient": lambda: conv_gradients()[0][1],
    "concepts-layers.conv-input-gradient": lambda: conv_gradients()[1][1],
    "concepts-layers.avgpool-backward": avgpool_backward,
    "concepts-layers.rnn-gradient-power": rnn_gradient_power,
    "concepts-layers.attention-score-spread": attention_score_spread,
    "concepts-practice.adam-first-step": adam_first_step,
    "concepts-practice.momentum-two-steps": momentum_two_steps,
    "concepts-practice.rmsprop-first-step": rmsprop_first_step,
    "concepts-practice.weight-decay-step": weight_decay_step,
    "concepts-practice.inverted-dropout-scale": inverted_dropout_scale,
    "concepts-practice.central-difference-value": central_difference_value,
    "concepts-practice.he-std": he_std,
    "concepts-practice.xavier-uniform-bound": xavier_uniform_bound,
    "concepts-practice.clip-by-norm": clip_by_norm,
    "concepts-practice.mse-saturated-gradient": mse_saturated_gradient,
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


def binary_cross_entropy_slope(z: float, t: float) -> float:
    def loss(v: np.ndarray) -> float:
        a = 1 / (1 + np.exp(-v[0]))
        return -(t * np.log(a) + (1 - t) * np.log(1 - a))

    return numeric_gradient(loss, np.array([z]))[0]


SYMBOLIC_CHECKS = {
    # question id -> (the quantity computed independently, points to compare at)
    "concepts-layers.sigmoid-bce-gradient": (
        binary_cross_entropy_slope,
        [{"z": -2.0, "t": 1.0}, {"z": 0.3, "t": 0.0}, {"z": 4.0, "t": 0.25}, {"z": -0.7, "t": 0.9}]),
    "concepts-layers.logsumexp-gradient": (
        lambda z1, z2: numeric_gradient(lambda v: np.logaddexp(v[0], v[1]), np.array([z1, z2]))[0],
        [{"z1": 0.3, "z2": -1.1}, {"z1": 2.0, "z2": 2.5}, {"z1": -3.0, "z2": 1.0}]),
    "concepts-layers.softmax-two-class": (
        lambda z1, z2: numeric_gradient(lambda v: softmax(v)[0], np.array([z1, z2]))[1],
        [{"z1": 0.3, "z2": -1.1}, {"z1": 2.0, "z2": 2.5}, {"z1": -3.0, "z2": 1.0}]),
    "concepts-practice.central-difference-error": (
        lambda x, h: ((x + h) ** 3 - (x - h) ** 3) / (2 * h),
        [{"x": 1.0, "h": 0.1}, {"x": -0.7, "h": 0.5}, {"x": 2.5, "h": 0.01}]),
    "concepts-practice.he-std-formula": (
        lambda n: math.sqrt(2 / n),
        [{"n": 512.0}, {"n": 3.0}, {"n": 100.0}]),
}
SYMBOLIC = [q for q in BANKS.questions if q.type == "symbolic" and q.id.split(".")[0] in INTERVIEW_BANKS]


def test_every_symbolic_interview_question_is_recomputed():
    assert sorted(q.id for q in SYMBOLIC if q.id not in SYMBOLIC_CHECKS) == []


@pytest.mark.parametrize("question", SYMBOLIC, ids=[q.id for q in SYMBOLIC])
def test_the_stated_expression_is_what_the_prompt_gives(question):
    from solver.parsing.parser import evaluate, parse_expression

    node = parse_expression(question.expression, question.variables)
    computed, points = SYMBOLIC_CHECKS[question.id]  # a KeyError here: add the question's computation
    for point in points:
        assert float(evaluate(node, point)) == pytest.approx(computed(**point), abs=1e-6), point


def test_adam_without_bias_correction_takes_too_large_a_first_step():
    # The note of concepts-practice.adam-bias-correction: m₁/√v₁ = 0.1·g/(√0.001·|g|) ≈ 3.16·sign(g).
    question = BANKS.by_id("concepts-practice.adam-bias-correction")
    for g in (4.0, -0.003, 250.0):
        m, v = 0.1 * g, 0.001 * g * g
        assert m / math.sqrt(v) == pytest.approx(3.162 * math.copysign(1, g), abs=1e-3)
    assert "3.16" in question.answer_en and "3.16" in question.answer_zh and "too large" in question.answer_en


def test_l2_in_the_loss_is_weight_decay_for_sgd():
    assert BANKS.by_id("concepts-practice.sgd-l2-is-decay").truth is True
    w, lr, decay = np.array([0.7, -1.3]), 0.05, 0.2
    data_gradient = np.array([0.4, 0.9])  # the data loss is linear here: its gradient is the same at every w
    with_penalty = numeric_gradient(lambda v: data_gradient @ v + decay / 2 * v @ v, w)
    assert np.allclose(w - lr * with_penalty, (1 - lr * decay) * w - lr * data_gradient, atol=1e-8)


def test_a_check_across_relus_kink_gives_the_averaged_slope():
    question = BANKS.by_id("concepts-practice.relu-kink-check")
    x, h = 1e-6, 1e-4
    estimate = (max(x + h, 0) - max(x - h, 0)) / (2 * h)
    assert estimate == pytest.approx(0.505) and question.truth is False and "0.505" in question.answer_en


def test_the_relative_error_of_the_verdict_question():
    analytic, numerical = 0.5, 0.4995
    error = abs(analytic - numerical) / max(abs(analytic), abs(numerical))
    assert error == pytest.approx(1e-3)
    question = BANKS.by_id("concepts-practice.relative-error-verdict")
    assert "1e−3" in question.choices[question.correct_choices()[0]].en


def test_clipping_by_value_turns_the_direction_and_by_norm_keeps_it():
    g = np.array([3.0, 4.0])
    by_norm, by_value = g / np.linalg.norm(g), np.clip(g, -1, 1)
    assert np.allclose(by_norm / np.linalg.norm(by_norm), g / np.linalg.norm(g))
    assert not np.allclose(by_value / np.linalg.norm(by_value), g / np.linalg.norm(g))


def test_the_max_pool_and_dropout_choices_agree_with_finite_differences():
    window, upstream = np.array([1.0, 5.0, 3.0, 2.0]), 0.6
    assert np.allclose(numeric_gradient(lambda v: upstream * v.max(), window), [0, 0.6, 0, 0])
    mask, p, x = np.array([1.0, 0.0, 1.0]), 0.25, np.array([0.5, -2.0, 1.5])
    upstream_y = np.array([1.0, 2.0, -1.0])
    assert np.allclose(numeric_gradient(lambda v: upstream_y @ (v * mask / (1 - p)), x), upstream_y * mask / (1 - p))


def test_the_attention_value_gradient_is_p_transpose_times_do():
    rng = np.random.default_rng(1)
    scores, values, upstream = rng.normal(size=(3, 3)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    weights = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    gradient = numeric_gradient(lambda v: np.sum(upstream * (weights @ v)), values)
    assert np.allclose(gradient, weights.T @ upstream, atol=1e-6)
    assert not np.allclose(gradient, weights @ upstream, atol=1e-3)


def test_a_linear_rnn_gradient_is_a_power_of_its_weight():
    assert rnn_gradient_power() == pytest.approx(0.9 ** 50, rel=1e-6)


# Every topic an interviewer probes beyond one sample through dense layers, with the tags that mark it.
INTERVIEW_TOPICS = ("mini-batch", "softmax", "numerical-stability", "cross-entropy", "batch-norm", "layer-norm",
                    "convolution", "pooling", "bptt", "attention", "momentum", "rmsprop", "adam", "weight-decay",
                    "dropout", "gradient-checking", "autodiff", "initialisation", "checkpointing",
                    "gradient-clipping")


def test_the_banks_cover_the_interview_topics_and_hold_at_least_100_questions():
    assert len(BANKS.questions) >= 100
    tagged = [q for q in BANKS.questions if q.id.split(".")[0] in INTERVIEW_BANKS]
    topics = {topic for q in tagged for topic in q.topics}
    assert [topic for topic in INTERVIEW_TOPICS if topic not in topics] == []
    assert {q.type for q in tagged} >= {"open", "single", "multiple", "truefalse", "numeric", "symbolic"}
