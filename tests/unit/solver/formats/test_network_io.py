"""Networks a learner brings: read with located errors, and symmetric with `solve --json`."""

from __future__ import annotations

import numpy as np
import pytest

from solver.generate import problem_from_code
from solver.formats.network_file import NetworkError, problem_from_network

FAMILY_CODES = ["chain2:sigmoid:d2#3", "neuron:3:tanh:mse:d2#3", "mlp:3-2-2:relu:half_sse:d3#3",
                "softmax-ce:2-3:sigmoid:d1#3", "residual:2:tanh:d2#3", "deep-chain:4:sigmoid:d1#3"]


@pytest.mark.parametrize("code", FAMILY_CODES)
def test_printed_network_solves_to_the_same_steps(code):
    problem = problem_from_code(code)
    again = problem_from_network(problem.network)
    assert again.template.step_ids == problem.template.step_ids
    for step_id in problem.template.step_ids:
        np.testing.assert_allclose(np.asarray(again.values[step_id], float),
                                   np.asarray(problem.values[step_id], float), rtol=0, atol=0)


def _two_layer():
    return {
        "x": [1, 2], "t": [1], "lr": 0.1, "loss": "half_sse",
        "layers": [
            {"W": [[1, 0], [0, 1], [1, 1]], "b": [0, 0, 0], "activation": "relu"},
            {"W": [[1, -1, 0.5]], "activation": "identity"},
        ],
    }


def test_a_layer_without_bias_is_accepted():
    problem = problem_from_network(_two_layer())
    assert "b2" not in problem.template.given and "dL/db2" not in problem.template.step_ids
    assert problem.values["a2"] == pytest.approx([1 - 2 + 0.5 * 3])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n: n["layers"][1].update(W=[[1, 2, 3], [1, 2]]), "layers[1].W"),
        (lambda n: n["layers"][1].update(W=[[1, 2, 3], [1, 2, 3]]), "t: expected a vector of 2"),
        (lambda n: n["layers"][1].update(W=[[1, 2]]), "layers[1].W: expected 3 columns"),
        (lambda n: n["layers"][0].update(activation="swish"), "layers[0].activation"),
        (lambda n: n.update(loss="hinge"), "loss"),
        (lambda n: n.pop("x"), "x"),
        (lambda n: n.update(x=[1, "two"]), "x"),
        (lambda n: n.update(lr="fast"), "lr"),
    ],
)
def test_bad_networks_say_where(change, message):
    network = _two_layer()
    change(network)
    with pytest.raises(NetworkError) as caught:
        problem_from_network(network)
    assert message in str(caught.value)
