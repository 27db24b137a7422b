"""Property tests of the grader over problems of every family.

- The true value of every step, written in any notation a person uses, is accepted.
- Values moved away from it are not.
- Every named mistake a family attaches to a step is recognised, with the wrong value built
  here from the mistake's own definition (written independently of solver/network.py).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.formats.network_file import problem_from_network
from solver.generate import problem_from_code
from solver.grading.grade import grade_step
from solver.grading.grade import grade_number
from solver.grading.compare import PRECISE_REL, Level, Tolerance, compare
from solver.grading.mistakes import CATALOGUE

from ..families import own_mistakes
from ..families import test_gates, test_gradcheck, test_optimizer
from ..strategies import any_codes

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- notations -----------------------------------------------------------------------------------
def _write(value, scalar) -> str:
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return scalar(float(array))
    return "[" + ", ".join(_write(row, scalar) for row in array) + "]"


NOTATIONS = {
    "repr": lambda v: _write(v, repr),
    "4 significant figures": lambda v: _write(v, lambda x: f"{x:.4g}"),
    "scientific": lambda v: _write(v, lambda x: f"{x:.6e}"),
    "scientific, capital E": lambda v: _write(v, lambda x: f"{x:.5E}"),
}


def _exact_texts(problem) -> dict[str, str]:
    """Exact forms (fractions) of the step values, where the problem is rational."""
    from solver.fmt import format_exact

    texts = {}
    for step_id, value in (problem.exact_values() or {}).items():
        try:
            text = format_exact(value)
        except TypeError:  # an entry that is not exact (reported: leaky ReLU's slope is a float)
            continue
        if text is not None and len(text) <= 500:
            texts[step_id] = text
    return texts


@SETTINGS
@given(any_codes)
def test_true_values_are_accepted_in_every_notation(code):
    problem = problem_from_code(code)
    exact = _exact_texts(problem)
    for step_id in problem.template.step_ids:
        value = problem.values[step_id]
        if value is None:
            texts = ["undefined", "DNE", "不存在"]
        elif isinstance(value, str):
            texts = [value]
        else:
            texts = [write(value) for write in NOTATIONS.values()]
            if step_id in exact:  # fractions, when the problem is rational
                texts.append(exact[step_id])
        for text in texts:
            verdict = grade_step(problem, step_id, text)
            assert verdict.correct and verdict.verdict == "correct", (code, step_id, text, verdict.message_en)


def _moved(value, how):
    array = np.asarray(value, dtype=float)
    if how == "scaled":  # no absolute floor: ×1.1 is wrong at any magnitude
        return None if not np.any(array) else array * 1.1
    if how in ("zero", "flipped"):  # 0 or the opposite sign, never right for a value that is not 0
        if not np.any(np.abs(array) > 1e-12):
            return None
        return np.zeros_like(array) if how == "zero" else -array
    moved = array.copy()
    flat = moved.reshape(-1)
    flat[-1] += 0.5 + 0.1 * abs(flat[-1])  # one entry off, enough at any magnitude
    return moved


@SETTINGS
@given(any_codes)
def test_values_moved_away_are_not_accepted(code):
    problem = problem_from_code(code)
    for step_id in problem.template.step_ids:
        value = problem.values[step_id]
        if value is None:
            texts = ["0", "1"]
        elif isinstance(value, str):
            texts = [f"1.1*({value})", f"{value} + 0.5"]
        else:
            texts = [NOTATIONS["repr"](moved) for how in ("scaled", "shifted", "zero", "flipped")
                     if (moved := _moved(value, how)) is not None]
        for text in texts:
            verdict = grade_step(problem, step_id, text)
            assert not verdict.correct and verdict.verdict == "wrong", (code, step_id, text, verdict.message_en)


# -- named mistakes, defined again here ------------------------------------------------------------
def _sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


DERIVATIVES = {  # f'(z) of each activation, written out again for the test
    "identity": lambda z: np.ones_like(np.asarray(z, dtype=float)),
    "sigmoid": lambda z: _sigmoid(z) * (1 - _sigmoid(z)),
    "tanh": lambda z: 1 - np.tanh(np.asarray(z, dtype=float)) ** 2,
    "relu": lambda z: (np.asarray(z, dtype=float) > 0) * 1.0,
    "leaky_relu": lambda z: np.where(np.asarray(z, dtype=float) > 0, 1.0, 0.1),
    "softplus": _sigmoid,
    "sgn": lambda z: np.zeros_like(np.asarray(z, dtype=float)),
}


VALUES = {"sigmoid": _sigmoid, "tanh": lambda z: np.tanh(np.asarray(z, dtype=float))}  # f mistaken for f'
SIGN_KINDS = ("dact", "dweight", "dbias", "dinput", "skip", "sum_paths", "batch_dweight", "batch_dbias",
              "batch_dinput", "ddecay", "norm_dmean", "norm_dvar", "norm_dx", "norm_dmu", "norm_dsigma", "norm_dgamma",
              "norm_dbeta", "norm_dxhat", "ddropout")  # a sign can flip at any of these


def generic_mistakes(spec, truth) -> list[tuple[str, object]]:
    """Mistakes the grader recognises on any step of a kind, without a family attaching them."""
    if spec.kind in SIGN_KINDS and truth is not None:
        return [("sign_flipped", -np.asarray(truth, dtype=float))]
    return []


def _layer_activation(problem, pre_id: str) -> str:
    digits = re.sub(r"\D", "", pre_id)
    layer = int(digits) if digits else 1
    return problem.network["layers"][layer - 1]["activation"]


def _grad_of(step_id: str) -> str:
    return step_id[len("dL/d"):]


def independent_mistakes(problem, spec) -> list[tuple[str, object]]:
    """(mistake id, the value a learner making it writes) for one step, from the definitions."""
    own = own_mistakes.independent_mistakes(problem, spec)  # the families declared as one graph
    if own is not None:
        return own
    v, deps, out = problem.values, spec.deps, []
    truth = v[spec.id]
    family = problem.family
    loss = problem.network.get("loss")
    if spec.kind == "loss" and loss == "half_sse":
        out += [("half_factor", 2 * truth), ("half_factor", truth / 2)]  # forgot the ½, or halved twice
    elif spec.kind == "loss" and loss in ("mse", "bce"):
        out.append(("mean_factor", np.size(v[deps[0]]) * truth))  # summed over the outputs, not averaged
    elif spec.kind == "dloss" and loss == "ce":  # -t/p, the softmax worked through its Jacobian
        out.append(("ce_gradient_sign", -np.asarray(truth)))
    elif spec.kind == "softmax_jacobian":
        p = np.asarray(v[deps[0]], dtype=float)
        out += [("softmax_jacobian_diagonal", np.diag(p * (1 - p))), ("softmax_jacobian_sign", -np.asarray(truth))]
    elif spec.kind == "dsoftmax_explicit":
        p = np.asarray(v[spec.id.replace("dL/dz", "a")], dtype=float)
        out.append(("softmax_elementwise", np.asarray(v[deps[1]]) * p * (1 - p)))
    elif spec.kind == "dloss":
        out.append(("sign_error_residual", -truth))  # t - y for y - t
        if family == "gd" or loss == "half_sse":
            out += [("half_factor", 2 * truth), ("half_factor", truth / 2)]
        if loss == "mse":
            out.append(("square_factor", truth / 2))  # (1/n)(y - t): the 2 of the square left out
        if loss in ("mse", "bce"):
            out.append(("mean_factor", np.size(truth) * np.asarray(truth)))
        if family == "gd" and problem.network["objective"] == "linreg":
            w, x, t = v[deps[0]], v["p"], v["q"]
            out.append(("weight_for_input", (w * x - t) * w))
    elif spec.kind == "softmax_grad":
        out.append(("softmax_sign", v["t"] - v[deps[0]]))
    elif spec.kind == "dact" and family == "activation-derivative":
        name, at_output = problem.network["activation"], v["f(z0)"]
        kinked = name in ("relu", "leaky_relu", "sgn") and at_output == 0  # f' does not exist at f(z0)
        out.append(("activation_derivative_of_output", None if kinked else float(DERIVATIVES[name](at_output))))
        if name in VALUES:  # the function's value written for its derivative
            out.append(("activation_for_derivative", float(VALUES[name](v["z0"]))))
    elif spec.kind == "dact":
        upstream, pre = deps
        name = _layer_activation(problem, pre)
        derivative = DERIVATIVES[name]
        out.append(("forgot_activation_derivative", v[upstream]))
        out.append(("activation_derivative_of_output", v[upstream] * derivative(v[_grad_of(upstream)])))
        if name in VALUES:
            out.append(("activation_for_derivative", np.asarray(v[upstream]) * VALUES[name](v[pre])))
    elif spec.kind == "dweight":
        delta, _ = deps
        W = v[_grad_of(spec.id).removesuffix("_main")]
        layer = int(re.sub(r"\D", "", spec.id) or 1)
        layers = problem.network["layers"]
        if layer > 1 and layers[layer - 2].get("activation", "identity") != "identity":
            z_prev = np.asarray(v[f"z{layer - 1}"], dtype=float)  # the weighted sum, where a belongs
            wrong = np.outer(v[delta], z_prev) if np.ndim(W) == 2 else np.asarray(v[delta]) * z_prev
            out.append(("preactivation_for_activation", wrong))
        if np.ndim(W) == 2:
            out.append(("transposed", np.asarray(truth).T))
        else:
            out.append(("weight_for_input", np.asarray(v[delta]) * np.asarray(W)))
    elif spec.kind == "dinput":
        W_id, delta_id = deps
        W, delta = np.asarray(v[W_id], dtype=float), np.asarray(v[delta_id], dtype=float)
        updated = W - v["eta"] * np.asarray(v["dL/d" + W_id])
        prev = v[_grad_of(spec.id).removesuffix("_main")]
        if W.ndim == 2:
            out.append(("updated_weight_in_backward", updated.T @ delta))
            if W.shape[0] == W.shape[1]:
                out.append(("transposed", W @ delta))
        else:
            out.append(("updated_weight_in_backward", updated * delta))
            out.append(("weight_for_input", np.asarray(prev) * delta))
    elif spec.kind == "update":
        w, eta, g = (v[d] for d in deps)
        out += [("update_sign", w + eta * np.asarray(g)), ("forgot_learning_rate", w - np.asarray(g))]
    elif spec.kind == "sum_paths" and len(deps) > 2:  # normalisation: one of three paths left out
        for index, dep in enumerate(deps):
            others = sum(np.asarray(v[d], dtype=float) for position, d in enumerate(deps) if position != index)
            out.append((NORM_PATHS[dep.rsplit("_", 1)[1]], others))
    elif spec.kind == "sum_paths":
        dropped = "decay_path_dropped" if any(d.endswith("_decay") for d in deps) else "dropped_skip_path"
        out += [(dropped, v[deps[0]]), (dropped, v[deps[1]])]
    elif spec.kind in NORM_KINDS:
        out += _norm_and_dropout_mistakes(problem, spec)
    elif spec.kind in BATCH_KINDS or spec.kind in ("decayed_loss", "ddecay"):
        out += _batch_and_decay_mistakes(problem, spec)
    if spec.kind in ("dbias", "batch_dbias") and "lambda" in problem.given:  # the bias decayed like a weight
        bias = _grad_of(spec.id)
        out.append(("decayed_bias", np.asarray(truth) + problem.given["lambda"] * np.asarray(v[bias])))
    return out


# Families whose steps have their own independent model of the mistakes, in their own test module.
FAMILY_MISTAKES = {"optimizer": test_optimizer.independent_mistakes, "gradcheck": test_gradcheck.independent_mistakes,
                   "gates": test_gates.independent_mistakes}
NORM_PATHS = {"direct": "norm_direct_path_dropped", "mean": "norm_mean_path_dropped", "var": "norm_variance_path_dropped"}
NORM_KINDS = ("norm_var", "norm_dsigma", "norm_dgamma", "norm_dbeta", "norm_dxhat", "dropout", "ddropout")


def _norm_and_dropout_mistakes(problem, spec) -> list[tuple[str, object]]:
    """Normalisation's and dropout's mistakes, from their definitions."""
    v, deps = problem.values, spec.deps
    truth = np.asarray(v[spec.id], dtype=float)
    layers = problem.network["layers"]
    if spec.kind == "norm_var":
        x = np.asarray(v[deps[0]], dtype=float)
        kind = next(layer["type"] for layer in layers if layer.get("type") in ("batchnorm", "layernorm"))
        n = x.shape[0] if kind == "batchnorm" else x.shape[-1]
        return [("unbiased_variance", truth * n / (n - 1))]
    if spec.kind == "norm_dsigma":
        eps = next(layer["eps"] for layer in layers if "eps" in layer)
        return [("norm_variance_half", -2 * truth), ("norm_variance_power", truth * (v[deps[3]] + eps))]
    if spec.kind == "norm_dgamma":
        g, xhat = np.asarray(v[deps[0]], dtype=float), np.asarray(v[deps[1]], dtype=float)
        out = [("norm_gamma_without_xhat", g.sum(axis=0) if g.ndim > 1 else g)]
        if g.ndim > 1:
            out.append(("norm_gamma_not_summed", (g * xhat)[0]))
        return out
    if spec.kind == "norm_dbeta":
        g = np.asarray(v[deps[0]], dtype=float)
        return [("bias_not_summed", g[0])] if g.ndim > 1 else []
    if spec.kind == "norm_dxhat":
        return [("norm_gamma_forgotten", v[deps[0]])]
    p = next(layer["p"] for layer in layers if layer.get("type") == "dropout")
    inputs, mask = np.asarray(v[deps[0]], dtype=float), np.asarray(v[deps[1]], dtype=float)
    if spec.kind == "dropout":
        return [("dropout_scale_forgotten", inputs * mask)]
    return [("dropout_scale_forgotten", inputs * mask), ("dropout_mask_forgotten", inputs / (1 - p))]


BATCH_KINDS = ("batch_loss", "batch_dloss", "batch_softmax_grad", "batch_dweight", "batch_dbias", "batch_dinput")


def _batch_and_decay_mistakes(problem, spec) -> list[tuple[str, object]]:
    """A mini-batch's and weight decay's mistakes, from their definitions (rows are samples)."""
    v, deps = problem.values, spec.deps
    truth = np.asarray(v[spec.id], dtype=float)
    if spec.kind == "batch_loss":
        return [("batch_mean_forgotten", len(v[deps[0]]) * truth)]  # Σ over samples, not the mean
    if spec.kind == "batch_dloss":
        return [("sign_error_residual", -truth), ("batch_mean_forgotten", len(truth) * truth)]
    if spec.kind == "batch_softmax_grad":
        p, t = np.asarray(v[deps[0]]), np.asarray(v[deps[1]])
        return [("softmax_sign", (t - p) / len(p)), ("batch_mean_forgotten", p - t)]
    if spec.kind == "batch_dweight":
        delta, X = np.asarray(v[deps[0]], dtype=float), np.asarray(v[deps[1]], dtype=float)
        out = [("batch_mean_twice", truth / len(delta)), ("batch_one_sample", np.outer(delta[0], X[0]))]
        layer = int(re.sub(r"\D", "", spec.id) or 1)
        layers = problem.network["layers"]
        if layer > 1 and layers[layer - 2].get("activation", "identity") != "identity":
            out.append(("preactivation_for_activation", delta.T @ np.asarray(v[f"z{layer - 1}"], dtype=float)))
        return out
    if spec.kind == "batch_dbias":
        delta = np.asarray(v[deps[0]], dtype=float)
        return [("bias_not_summed", delta[0]), ("batch_mean_twice", truth / len(delta))]
    if spec.kind == "batch_dinput":
        W_id, delta_id = deps
        W, delta = np.asarray(v[W_id], dtype=float), np.asarray(v[delta_id], dtype=float)
        updated = W - v["eta"] * np.asarray(v["dL/d" + W_id])
        out = [("updated_weight_in_backward", delta @ updated)]
        if W.shape[0] == W.shape[1]:
            out.append(("transposed", delta @ W.T))
        return out
    if spec.kind == "decayed_loss":
        data, lam = v[deps[0]], v[deps[1]]
        return [("weight_decay_factor", data + lam * sum(np.sum(np.square(v[w])) for w in deps[2:]))]  # no ½
    lam, w = v[deps[0]], np.asarray(v[deps[1]], dtype=float)  # ddecay: λ·W
    return [("weight_decay_factor", lam * w / 2), ("weight_decay_factor", 2 * lam * w)]


def _check_mistakes(code) -> set[str]:
    """Grade every mistake on every step of a problem (a code, or a network description);
    return the ids recognised."""
    problem = problem_from_code(code) if isinstance(code, str) else problem_from_network(code)
    recognised = set()
    tol = Tolerance()
    model = FAMILY_MISTAKES.get(problem.family, independent_mistakes)
    for spec in problem.template.steps:
        truth = problem.values[spec.id]
        mistakes = model(problem, spec)
        assert {m for m, _ in mistakes} == {m.id for m in spec.mistakes}, (code, spec.id)
        mistakes += generic_mistakes(spec, truth)
        for mistake_id, value in mistakes:
            if value is None or not np.all(np.isfinite(np.asarray(value, dtype=float))):
                continue
            if compare(value, truth, tol).level == Level.PRECISE:
                continue  # the mistake gives the right number on this problem: nothing to tell apart
            matching = {m for m, other in mistakes
                        if other is not None and compare(value, other, tol).level == Level.PRECISE}
            if np.ndim(truth) == 2 and compare(value, np.asarray(truth).T, tol).level == Level.PRECISE:
                matching.add("transposed")
            verdict = grade_step(problem, spec.id, NOTATIONS["repr"](value))
            assert verdict.verdict == "wrong" and verdict.mistake in matching, (
                code, spec.id, mistake_id, verdict.mistake, verdict.message_en)
            assert spec.formula(problem.template.display_names) in verdict.message_en
            assert CATALOGUE[verdict.mistake].name_zh in verdict.message_zh
            recognised.add(mistake_id)
    return recognised


@SETTINGS
@given(any_codes)
def test_attached_mistakes_are_recognised_on_every_family(code):
    _check_mistakes(code)


# A fixed set in which every catalogued mistake occurs, so none is left to chance.
SHOWCASE = (
    "chain2:sigmoid:d1#1",
    "mlp:2-2-1:tanh:half_sse:d2#5",
    "mlp:2-3-1:sigmoid:half_sse:d1#3",
    "mlp:2-2-2:sigmoid:mse:d1#1",
    "softmax-ce:2-2-3:sigmoid:d1#2",
    "residual:2:relu:d1#1",
    "neuron:3:sigmoid:bce:d1#4",
    "gd:linreg:3:d1#7",
    "activation-derivative:sigmoid:d1#3",
    *test_optimizer.SHOWCASE,
    "conv:2d:0:1:d1#0", "conv:1d:1:2:d1#2", "pool:max:2d:1:d1#3", "pool:avg:1d:2:d1#1",
    "rnn:3:1:mixed:d1#0", "rnn:2:2:mixed:d1#1", "attention:2:2:d2#3",
    *test_gradcheck.SHOWCASE,
    *test_gates.SHOWCASE,
)


# Networks a learner brings, for what no family draws yet: a mini-batch with weight decay.
SHOWCASE_NETWORKS = (
    {"x": [[1, 2], [0, -1], [2, 1]], "t": [[1, 0], [0, 1], [0.5, 0.5]], "batch": True, "lr": 0.5,
     "loss": "half_sse", "weight_decay": 0.1,
     "layers": [{"W": [[1, 0.5], [0.5, -1]], "b": [0.25, 0.5], "activation": "sigmoid"},
                {"W": [[1, -1], [0.5, 1]], "b": [0.5, -0.5]}]},
    {"x": [[1, 2], [0, -1]], "t": [[0, 1], [1, 0]], "batch": True, "lr": 0.5, "loss": "softmax_ce",
     "layers": [{"W": [[1, 0.5], [0.5, -1]], "b": [0.25, 0.5], "activation": "softmax"}]},
)


LAYER_SHOWCASE = ("batch-mlp:3:2-2-1:relu:half_sse:d1#1", "normalisation:batch:3:2:d1#1", "normalisation:layer:2:3:d2#1",
                  "regularisation:l2:2-2-1:relu:d1#1", "regularisation:dropout:2-3-1:sigmoid:d1#1",
                  "softmax-jacobian:softmax:2:3:d1#1", "softmax-jacobian:sigmoid:2:1:d1#1")


@pytest.mark.parametrize("code", LAYER_SHOWCASE)
def test_the_layer_families_mistakes_are_recognised(code):
    _check_mistakes(code)


def test_every_catalogued_mistake_is_recognised_somewhere():
    recognised = set()
    for code in (*SHOWCASE, *SHOWCASE_NETWORKS, *LAYER_SHOWCASE):
        recognised |= _check_mistakes(code)
    assert recognised == set(CATALOGUE)


@pytest.mark.parametrize("value", [0.2689414, 1234.5678, -0.000123456, 7.0])
def test_four_significant_figures_is_inside_the_precise_band(value):
    rounded = float(f"{value:.4g}")
    assert abs(rounded - value) <= PRECISE_REL * abs(value)
    assert math.isfinite(rounded)


# -- significant figures at every magnitude ----------------------------------------------------------
MAGNITUDES = st.builds(
    lambda mantissa, exponent, negative: (-1 if negative else 1) * mantissa * 10.0 ** exponent,
    st.floats(1.0, 9.999, allow_nan=False), st.integers(-8, 3), st.booleans())


def _truncated(value: float, figures: int) -> float:
    exponent = math.floor(math.log10(abs(value))) - figures + 1
    return math.trunc(value / 10.0 ** exponent) * 10.0 ** exponent


def _each(values, render) -> str:
    return _write(np.asarray(values), render)


@settings(max_examples=60, deadline=None)
@given(st.lists(MAGNITUDES, min_size=1, max_size=4), st.sampled_from(["scalar", "vector", "matrix"]))
def test_significant_figures_at_every_magnitude(values, shape):
    expected = np.asarray(values[:1] if shape == "scalar" else values, dtype=float)
    if shape == "scalar":
        expected = float(expected[0])
    elif shape == "matrix":
        expected = expected.reshape(1, -1)
    four = grade_number(_each(expected, lambda x: f"{x:.4g}"), expected)
    assert four.verdict == "correct", four.message_en
    truncated = grade_number(_each(expected, lambda x: repr(_truncated(x, 4))), expected)
    assert truncated.verdict == "correct", truncated.message_en
    assert grade_number(_each(expected, lambda x: "0"), expected).verdict == "wrong"
    assert grade_number(_each(expected, lambda x: f"{-x:.4g}"), expected).verdict == "wrong"
    assert grade_number(_each(expected, lambda x: f"{3 * x:.4g}"), expected).verdict == "wrong"
    # Two figures are right as far as they go, unless they happen to be all four.
    two = grade_number(_each(expected, lambda x: f"{x:.2g}"), expected)
    # ("1.4" for 1.40085 is its 4-figure truncation 1.400, so it is right.)
    exact_in_two = all(any(math.isclose(float(f"{x:.2g}"), four, rel_tol=1e-12) for four in (float(f"{x:.4g}"),
                           _truncated(x, 4))) for x in np.ravel(expected))
    assert two.verdict == ("correct" if exact_in_two else "more_digits"), two.message_en
    if two.verdict == "more_digits":
        assert "2 significant figures" in two.message_en or "3 significant figures" in two.message_en
