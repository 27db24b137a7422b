"""The mini-batch MLP, normalisation and regularisation families: every gradient against
central finite differences and a plain NumPy model written here from the textbook formulas
(batch norm's compact ∂x, not the solver's three paths), over many seeds; hand-friendly at d1;
a network file of each layer type solves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.formats.network_file import NetworkError, problem_from_network, read_network
from solver.generate import generate_batch, problem_from_code

from ..network_checks import assert_gradients_match_finite_differences

SETTINGS = settings(max_examples=20, deadline=None)
EPS = 1e-5
F = {"identity": (lambda z: z, lambda z: np.ones_like(z)),
     "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
     "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
     "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2)}


def _arr(value):
    return np.asarray(value, dtype=float)


def numpy_dense_network(net):
    """Loss and gradients of dense (and dropout) layers, rows samples when `batch`, written out."""
    batch = net.get("batch", False)
    X = _arr(net["x"]) if batch else _arr(net["x"])[None, :]
    T = _arr(net["t"]) if batch else _arr(net["t"])[None, :]
    m, lam = len(X), net.get("weight_decay", 0.0)
    tape, a = [], X
    for layer in net["layers"]:
        if layer.get("type") == "dropout":
            mask = _arr(layer["mask"]) if batch else _arr(layer["mask"])[None, :]
            scale = mask / (1 - layer["p"])
            tape.append(("dropout", scale))
            a = a * scale
            continue
        W, b = _arr(layer["W"]), _arr(layer["b"])
        f, df = F[layer["activation"]]
        z = a @ W.T + b
        tape.append(("dense", a, z, W, df))
        a = f(z)
    weights = [_arr(layer["W"]) for layer in net["layers"] if "W" in layer]
    loss = 0.5 * np.sum((a - T) ** 2) / m + lam / 2 * sum(np.sum(W ** 2) for W in weights)
    grads, delta, number = {}, (a - T) / m, len(tape)
    for entry in reversed(tape):
        if entry[0] == "dropout":
            delta = delta * entry[1]
        else:
            _, a_in, z, W, df = entry
            delta = delta * df(z)
            grads[f"W{number}"] = delta.T @ a_in + lam * W
            grads[f"b{number}"] = delta.sum(axis=0)
            delta = delta @ W
        number -= 1
    return loss, grads


def numpy_norm(net):
    """Batch or layer norm into ½‖y − t‖², mean over samples; ∂x by the compact formula
    ∂x = (1/n)·(1/σ)·(n·∂x̂ − Σ∂x̂ − x̂·Σ(∂x̂ ⊙ x̂)), the sums over what the statistics are over."""
    layer = net["layers"][0]
    batch = net.get("batch", False)
    X = _arr(net["x"]) if batch else _arr(net["x"])[None, :]
    T = _arr(net["t"]) if batch else _arr(net["t"])[None, :]
    axis = 0 if layer["type"] == "batchnorm" else 1
    gamma, beta, eps = _arr(layer["gamma"]), _arr(layer["beta"]), layer["eps"]
    n, m = X.shape[axis], len(X)
    mu, var = X.mean(axis=axis, keepdims=True), X.var(axis=axis, keepdims=True)
    sigma = np.sqrt(var + eps)
    xhat = (X - mu) / sigma
    Y = gamma * xhat + beta
    loss = 0.5 * np.sum((Y - T) ** 2) / m
    dY = (Y - T) / m
    dxhat = dY * gamma
    dx = (n * dxhat - dxhat.sum(axis=axis, keepdims=True)
          - xhat * (dxhat * xhat).sum(axis=axis, keepdims=True)) / (n * sigma)
    grads = {"gamma": (dY * xhat).sum(axis=0), "beta": dY.sum(axis=0), "x": dx if batch else dx[0]}
    return loss, grads


def _check(problem, model):
    st_, given_values = read_network(problem.network)
    names = [name for name in st_.given_names() if f"dL/d{name}" in problem.values]
    assert_gradients_match_finite_differences(st_, given_values, problem.values, names, rtol=1e-5, atol=1e-6)
    loss, grads = model(problem.network)
    assert problem.values["L"] == pytest.approx(loss, rel=1e-10)
    for name, expected in grads.items():
        np.testing.assert_allclose(problem.values[f"dL/d{name}"], expected, rtol=1e-8, atol=1e-10, err_msg=name)


codes = st.one_of(
    st.tuples(st.sampled_from(("2", "3", "4")), st.sampled_from(("2-2-1", "2-3-2", "3-2-1")),
              st.sampled_from(("relu", "tanh", "identity"))).map(lambda o: f"batch-mlp:{o[0]}:{o[1]}:{o[2]}:half_sse"),
    st.tuples(st.sampled_from(("l2", "dropout")), st.sampled_from(("2-2-1", "2-3-1", "3-2-2")),
              st.sampled_from(("relu", "sigmoid"))).map(lambda o: f"regularisation:{o[0]}:{o[1]}:{o[2]}"),
)
norm_codes = st.sampled_from(("normalisation:batch:3:1", "normalisation:batch:4:2", "normalisation:layer:1:3",
                              "normalisation:layer:3:4"))


@SETTINGS
@given(codes, st.integers(1, 3), st.integers(0, 2**40))
def test_dense_families_match_finite_differences_and_numpy(code, difficulty, seed):
    _check(problem_from_code(f"{code}:d{difficulty}#{seed}"), numpy_dense_network)


@SETTINGS
@given(norm_codes, st.integers(1, 3), st.integers(0, 2**40))
def test_normalisation_matches_finite_differences_and_the_compact_formula(code, difficulty, seed):
    _check(problem_from_code(f"{code}:d{difficulty}#{seed}"), numpy_norm)


D1_CODES = ("batch-mlp:2:2-2-1:relu:half_sse:d1#0", "batch-mlp:4:2-3-1:identity:mse:d1#0",
            "batch-mlp:3:2-2-1:sigmoid:bce:d1#0", "normalisation:batch:3:1:d1#0", "normalisation:batch:4:2:d1#0",
            "normalisation:layer:2:3:d1#0", "regularisation:l2:2-2-1:relu:d1#0",
            "regularisation:dropout:2-3-1:relu:d1#0")


@pytest.mark.parametrize("code", D1_CODES)
def test_d1_is_hand_friendly_and_every_update_goes_downhill(code):
    batch = generate_batch(code, range(60))
    count = len(batch)
    for name, value in batch.given.items():
        quarters = np.asarray(value, dtype=float).reshape(count, -1) * 4
        assert np.all(quarters == np.round(quarters)), name
    for name, value in batch.values.items():
        assert np.abs(np.asarray(value, dtype=float).reshape(count, -1)).max() <= 20, name
    for index in range(0, count, 15):
        problem = batch.problem(index)
        assert problem.to_dict() == problem_from_code(batch.code_of(index)).to_dict()
        network = problem.network
        for layer in network["layers"]:  # the parameters after the update, as a learner would write them back
            for key in ("W", "b", "gamma", "beta"):
                if key in layer:
                    number = network["layers"].index(layer) + 1
                    suffix = "" if len(network["layers"]) == 1 else str(number)
                    layer[key] = np.asarray(problem.values[f"{key}{suffix}_new"]).tolist()
        assert problem_from_network(network).values["L"] < problem.values["L"], batch.code_of(index)


FILES = {
    "batchnorm": {"x": [[1, 2], [0, -1], [2, 0]], "t": [[1, 0], [0, 1], [0, 0]], "batch": True, "lr": 0.5,
                  "loss": "half_sse", "layers": [{"type": "batchnorm", "gamma": [1, 2], "beta": [0, 0.5]}]},
    "layernorm": {"x": [1, 2, 4], "t": [0, 1, 0], "lr": 0.5, "loss": "half_sse",
                  "layers": [{"type": "layernorm", "gamma": [1, 1, 2], "beta": [0, 0, 0.5], "eps": 0}]},
    "dropout": {"x": [1, -1], "t": [0.5], "lr": 0.5, "loss": "half_sse",
                "layers": [{"W": [[1, 0.5], [0.5, -1], [1, 1]], "b": [0.25, 0.25, 0.25], "activation": "relu"},
                           {"type": "dropout", "p": 0.5, "mask": [1, 0, 1]},
                           {"W": [[1, -1, 0.5]], "b": [0]}]},
}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_a_file_of_each_layer_type_solves_and_writes_back(kind):
    problem = problem_from_network(FILES[kind])
    assert problem.network["layers"][-1 if kind != "dropout" else 1]["type"] == kind
    again = problem_from_network(problem.network)
    for step in problem.template.step_ids:
        np.testing.assert_array_equal(again.values[step], problem.values[step])
    model = numpy_dense_network if kind == "dropout" else numpy_norm
    _check(problem, model)


@pytest.mark.parametrize(("kind", "change", "message"), [
    ("batchnorm", lambda n: n.pop("batch") and n.update(x=[1, 2], t=[0, 1]), "batch norm in training mode needs a mini-batch"),
    ("batchnorm", lambda n: n["layers"][0].update(gamma=[1, 2, 3]), "layers[0].gamma: expected a vector of 2"),
    ("layernorm", lambda n: n["layers"][0].update(eps=-1), "layers[0].eps: expected a number ε between 0 and 1"),
    ("dropout", lambda n: n["layers"][1].update(mask=[1, 0.5, 1]), "layers[1].mask: every entry is 0 (dropped) or 1"),
    ("dropout", lambda n: n["layers"][1].update(mask=[1, 0]), "layers[1].mask: expected the shape of the layer's input, 3"),
    ("dropout", lambda n: n["layers"][1].update(p=1), "layers[1].p: expected a probability"),
])
def test_a_wrong_layer_says_where(kind, change, message):
    network = {**FILES[kind], "layers": [dict(layer) for layer in FILES[kind]["layers"]]}
    change(network)
    with pytest.raises(NetworkError) as caught:
        problem_from_network(network)
    assert message in str(caught.value)


def numpy_softmax_head(net):
    """One dense layer into softmax + cross-entropy (or sigmoid + bce): ∂z = p − t either way."""
    layer = net["layers"][0]
    W, b, x, t = _arr(layer["W"]), _arr(layer["b"]), _arr(net["x"]), _arr(net["t"])
    z = W @ x + b
    if layer["activation"] == "softmax":
        p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        loss = -np.sum(t * np.log(p))
    else:
        p = 1 / (1 + np.exp(-z))
        loss = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
    dz = (p - t) / len(p) if layer["activation"] == "sigmoid" else p - t
    return loss, {"W": np.outer(dz, x), "b": dz, "z": dz}


@SETTINGS
@given(st.sampled_from(("softmax:1:2", "softmax:2:3", "softmax:3:3", "sigmoid:2:1", "sigmoid:3:1")),
       st.integers(1, 3), st.integers(0, 2**40))
def test_softmax_jacobian_matches_finite_differences_and_p_minus_t(options, difficulty, seed):
    problem = problem_from_code(f"softmax-jacobian:{options}:d{difficulty}#{seed}")
    _check(problem, numpy_softmax_head)
    if options.startswith("softmax"):
        p = np.asarray(problem.values["a"])
        np.testing.assert_allclose(problem.values["da/dz"], np.diag(p) - np.outer(p, p), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(problem.values["dL/da"], -np.asarray(problem.given["t"]) / p, rtol=1e-12)


def test_the_softmax_jacobian_family_is_hand_friendly_and_says_log_sum_exp():
    batch = generate_batch("softmax-jacobian:softmax:2:3:d1#0", range(60))
    for name, value in batch.given.items():
        quarters = np.asarray(value, dtype=float).reshape(len(batch), -1) * 4
        assert np.all(quarters == np.round(quarters)), name
    problem = batch.problem(0)
    assert problem.to_dict() == problem_from_code(batch.code_of(0)).to_dict()
    assert any("log-sum-exp" in en for _, en in problem.notes)
    working = problem.working()
    assert working["dL/dz"][1][0][0] == "∂L/∂z = a - t"  # derived from J·∂L/∂a, shown after it
    assert working["a"][0][0][0] == "m = max(z)"
