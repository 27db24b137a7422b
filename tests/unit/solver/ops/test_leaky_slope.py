"""Leaky ReLU's slope: a per-layer parameter (0.1 unless a network file says otherwise), stated in
every prompt, carried in the network JSON, exact in the Fraction forms."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from solver.generate import problem_from_code
from solver.formats.network_file import NetworkError, problem_from_network


def _leaky_net(slope=None, second=None):
    layers = [{"W": [[1, -2], [0.5, 1]], "b": [0, -1], "activation": "leaky_relu"},
              {"W": [[1, 1]], "activation": "leaky_relu"}]
    if slope is not None:
        layers[0]["slope"] = slope
    if second is not None:
        layers[1]["slope"] = second
    return {"x": [1, 1], "t": [1], "lr": 0.5, "loss": "half_sse", "layers": layers}


def _by_hand(slope_1: float, slope_2: float):
    """An independent forward and backward pass of _leaky_net in plain Python."""
    x, W1, b1, W2 = [1, 1], [[1, -2], [0.5, 1]], [0, -1], [1, 1]
    z1 = [sum(w * v for w, v in zip(row, x)) + b for row, b in zip(W1, b1)]
    a1 = [z if z > 0 else slope_1 * z for z in z1]
    z2 = sum(w * a for w, a in zip(W2, a1))
    a2 = z2 if z2 > 0 else slope_2 * z2
    delta2 = (a2 - 1) * (1 if z2 > 0 else slope_2)
    delta1 = [W2[i] * delta2 * (1 if z1[i] > 0 else slope_1) for i in range(2)]
    return a2, [[d * v for v in x] for d in delta1]


def test_the_default_slope_is_a_tenth_and_the_json_carries_it():
    problem = problem_from_network(_leaky_net())
    assert [layer["slope"] for layer in problem.network["layers"]] == [0.1, 0.1]
    a2, dW1 = _by_hand(0.1, 0.1)
    assert problem.values["a2"] == pytest.approx([a2])
    np.testing.assert_allclose(problem.values["dL/dW1"], dW1)


def test_a_slope_per_layer_is_used_stated_and_written_back():
    problem = problem_from_network(_leaky_net(0.2, 0.05))
    a2, dW1 = _by_hand(0.2, 0.05)
    assert problem.values["a2"] == pytest.approx([a2])
    np.testing.assert_allclose(problem.values["dL/dW1"], dW1)
    assert "0.2 in layer 1" in problem.prompt_en and "0.05 in layer 2" in problem.prompt_en
    assert "第1层 0.2" in problem.prompt_zh
    again = problem_from_network(json.loads(json.dumps(problem.network)))
    for step_id in problem.template.step_ids:
        np.testing.assert_array_equal(np.asarray(again.values[step_id]), np.asarray(problem.values[step_id]))


def test_exact_forms_use_the_slope_as_a_fraction():
    problem = problem_from_network(_leaky_net(0.2, 0.2))
    exact = problem.exact_values()
    assert exact is not None
    # z1 = [-1, 0.5]: a1 = [-1/5, 1/2], exactly
    assert list(exact["a1"]) == [Fraction(-1, 5), Fraction(1, 2)]
    assert "0.2" in problem.prompt_en and "slope" in problem.prompt_en


def test_a_generated_leaky_problem_states_its_slope_and_keeps_a_tenth():
    problem = problem_from_code("mlp:2-3-1:leaky_relu:half_sse:d2#5")
    assert all(layer["slope"] == 0.1 for layer in problem.network["layers"])
    assert "slope 0.1" in problem.prompt_en and "斜率为 0.1" in problem.prompt_zh
    derivative = problem_from_code("activation-derivative:leaky_relu:d1#2")
    assert "0.1" in derivative.prompt_en and "slope" in derivative.prompt_en


@pytest.mark.parametrize(("slope", "message"), [
    (0, "between 0 and 1"), (1.5, "between 0 and 1"), ("0.1", "between 0 and 1"), (True, "between 0 and 1"),
    (-0.1, "between 0 and 1"),
])
def test_a_bad_slope_says_where(slope, message):
    with pytest.raises(NetworkError, match=r"layers\[0\]\.slope: .*" + message):
        problem_from_network(_leaky_net(slope))


def test_a_slope_on_another_activation_is_refused():
    network = _leaky_net()
    network["layers"][0] = dict(network["layers"][0], activation="relu", slope=0.2)
    with pytest.raises(NetworkError, match=r"layers\[0\]\.slope: only a leaky_relu layer"):
        problem_from_network(network)
