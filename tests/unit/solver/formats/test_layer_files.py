"""Network files by layer type: `type` defaults to dense, a mini-batch (`"batch": true`) and
weight decay solve with the gradients of finite differences and of a plain NumPy model, write
back to the same problem, and a wrong file says where."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.formats.network_file import NetworkError, problem_from_network, read_network
from solver.layers import LAYER_TYPES

from ..network_checks import assert_gradients_match_finite_differences

ACTIVATIONS = {"identity": (lambda z: z, lambda z: np.ones_like(z)),
               "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
               "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2)}


def batch_network(rng, samples=3, sizes=(2, 3, 2), activation="tanh", decay=0.0, loss="half_sse"):
    layers = []
    for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        last = index == len(sizes) - 2
        layers.append({"W": rng.uniform(-1, 1, (n_out, n_in)).round(2).tolist(),
                       "b": rng.uniform(-1, 1, n_out).round(2).tolist(),
                       "activation": "identity" if last else activation})
    network = {"x": rng.uniform(-2, 2, (samples, sizes[0])).round(2).tolist(),
               "t": rng.uniform(-1, 1, (samples, sizes[-1])).round(2).tolist(),
               "batch": True, "lr": 0.5, "loss": loss, "layers": layers}
    if decay:
        network["weight_decay"] = decay
    return network


def numpy_model(network):
    """The mean loss and every parameter's gradient, written out with NumPy: rows are samples."""
    X, T = np.array(network["x"], float), np.array(network["t"], float)
    m, lam = len(X), network.get("weight_decay", 0.0)
    cache, a = [], X
    for layer in network["layers"]:
        W, b = np.array(layer["W"], float), np.array(layer["b"], float)
        f, df = ACTIVATIONS[layer["activation"]]
        z = a @ W.T + b
        cache.append((a, z, W, df))
        a = f(z)
    weights = [np.array(layer["W"], float) for layer in network["layers"]]
    loss = 0.5 * np.sum((a - T) ** 2) / m + lam / 2 * sum(np.sum(W ** 2) for W in weights)
    grads, delta = {}, (a - T) / m
    for number in range(len(cache), 0, -1):
        a_in, z, W, df = cache[number - 1]
        delta = delta * df(z)
        grads[f"W{number}"] = delta.T @ a_in + lam * W
        grads[f"b{number}"] = delta.sum(axis=0)
        delta = delta @ W
    return loss, grads


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 4), st.sampled_from((0.0, 0.1, 0.5)),
       st.sampled_from(("identity", "sigmoid", "tanh")))
def test_a_mini_batch_with_weight_decay_has_the_gradients_of_finite_differences_and_numpy(seed, samples, decay,
                                                                                          activation):
    network = batch_network(np.random.default_rng(seed), samples, decay=decay, activation=activation)
    problem = problem_from_network(network)
    structure, given_values = read_network(network)
    names = [n for n in structure.given_names() if n[0] in "Wb"]
    assert_gradients_match_finite_differences(structure, given_values, problem.values, names)
    loss, grads = numpy_model(network)
    assert problem.values["L"] == pytest.approx(loss, rel=1e-12)
    for name, expected in grads.items():
        np.testing.assert_allclose(problem.values[f"dL/d{name}"], expected, rtol=1e-10, atol=1e-12)


def test_type_dense_may_be_said_or_left_out_and_an_unknown_type_is_named():
    network = batch_network(np.random.default_rng(0))
    plain = problem_from_network(network)
    network["layers"][0]["type"] = "dense"
    assert problem_from_network(network).values["L"] == plain.values["L"]
    network["layers"][0]["type"] = "convolution"
    with pytest.raises(NetworkError, match=r"layers\[0\]\.type: unknown 'convolution'; expected one of dense"):
        problem_from_network(network)
    assert "dense" in LAYER_TYPES


@pytest.mark.parametrize("decay", [0.0, 0.25])
def test_a_mini_batch_writes_back_as_it_was_read(decay):
    network = batch_network(np.random.default_rng(3), decay=decay)
    problem = problem_from_network(network)
    written = problem.network
    assert written["batch"] is True and ("weight_decay" in written) == bool(decay)
    again = problem_from_network(written)
    assert again.template.step_ids == problem.template.step_ids
    for step in problem.template.step_ids:
        np.testing.assert_array_equal(again.values[step], problem.values[step])


def test_the_steps_of_a_mini_batch_say_their_shapes_and_the_mean():
    problem = problem_from_network(batch_network(np.random.default_rng(1), samples=4, decay=0.1))
    steps = {step.id: step for step in problem.steps()}
    assert "(4×2)·(2×3) → 4×3" in steps["z1"].label_en
    assert steps["L_data"].formula.startswith("L_data = (1/4)·Σₙ")
    assert steps["dL/da2"].formula == "∂L/∂a2 = (a2 - t) / 4"
    assert steps["dL/db1"].formula == "∂L/∂b1 = Σₙ ∂L/∂z1"
    assert steps["L"].formula == "L = L_data + (λ/2)·(‖W1‖² + ‖W2‖²)"
    assert steps["dL/dW1"].depends_on == ("dL/dW1_main", "dL/dW1_decay")
    assert "dL/db1_decay" not in steps  # biases are not decayed
    assert "mini-batch of 4 samples" in problem.prompt_en and "λ = 0.1" in problem.prompt_en


@pytest.mark.parametrize(("change", "message"), [
    (lambda n: n.update(x=[1, 2]), "x: with batch, expected a list of samples"),
    (lambda n: n.update(x=[[1, 2]], t=[[0, 1]]), "x: a mini-batch of 2 to 8 samples, got 1"),
    (lambda n: n.update(batch="yes"), "batch: expected true or false"),
    (lambda n: n["layers"][1].update(W=[1, 2, 3], b=0.5), "layers[1].W: in a mini-batch W must be a matrix"),
    (lambda n: n.update(t=[[1, 2]] * 2), "t: expected 3 rows (one per sample) of 2"),
    (lambda n: n.update(weight_decay=-1), "weight_decay: expected a number λ between 0 and 10"),
    (lambda n: n.update(weight_decay=True), "weight_decay: expected a number"),
    (lambda n: n.pop("batch"), "x: expected a number or a vector, got 3x2 (for several samples add \"batch\": true)"),
])
def test_a_wrong_mini_batch_says_where(change, message):
    network = batch_network(np.random.default_rng(2))
    change(network)
    with pytest.raises(NetworkError) as caught:
        problem_from_network(network)
    assert message in str(caught.value)


def test_a_softmax_mini_batch_needs_a_one_hot_row_per_sample():
    network = {"x": [[1, 2], [0, -1]], "t": [[0, 1], [0.5, 0.5]], "batch": True, "lr": 0.5, "loss": "softmax_ce",
               "layers": [{"W": [[1, 0.5], [0.5, -1]], "activation": "softmax"}]}
    with pytest.raises(NetworkError, match="one-hot target .* one per sample"):
        problem_from_network(network)
    network["t"] = [[0, 1], [1, 0]]
    problem = problem_from_network(network)
    p = np.asarray(problem.values["a"])
    np.testing.assert_allclose(problem.values["dL/dz"], (p - network["t"]) / 2)


def test_loss_ce_works_softmax_through_its_jacobian_and_a_mini_batch_keeps_it():
    single = {"x": [1, 2], "t": [0, 1, 0], "lr": 0.5, "loss": "ce",
              "layers": [{"W": [[1, 0], [0.5, -1], [0, 1]], "b": [0, 0.5, 0], "activation": "softmax"}]}
    problem = problem_from_network(single)
    assert {"da/dz", "dL/da", "dL/dz"} <= set(problem.template.step_ids)
    p = np.asarray(problem.values["a"])
    np.testing.assert_allclose(problem.values["dL/dz"], p - single["t"], rtol=1e-12, atol=1e-15)
    fused = problem_from_network(dict(single, loss="softmax_ce"))
    np.testing.assert_allclose(problem.values["dL/dW"], fused.values["dL/dW"], rtol=1e-12)
    with pytest.raises(NetworkError, match="loss ce needs a softmax output layer"):
        problem_from_network(dict(single, layers=[dict(single["layers"][0], activation="sigmoid")]))
