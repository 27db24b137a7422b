"""A network file's training keys: every optimizer and gd description reads back into its problem
(one weight or a network), torch.optim's defaults fill what is left out, and each wrong key is named."""

from __future__ import annotations

import math

import numpy as np
import pytest

from solver.formats.network_file import NetworkError, problem_from_network
from solver.generate import problem_from_code

from ..families.test_optimizer import torch_steps


@pytest.mark.parametrize("code", ["optimizer:momentum:3:d1#2", "optimizer:rmsprop:2:d2#4", "optimizer:adam:3:d3#1",
                                  "optimizer:adam_l2:2:d1#5", "optimizer:adamw:3:d2#7",
                                  "optimizer:adam:2:chain2:d1#3", "optimizer:adamw:2:chain2:d2#1"])
def test_a_description_reads_back_into_the_same_problem(code):
    problem = problem_from_code(code)
    again = problem_from_network(problem.network)
    assert again.template.step_ids == problem.template.step_ids
    assert all(np.array_equal(again.values[s], problem.values[s]) for s in problem.template.step_ids)
    assert again.network == problem.network


def test_torch_defaults_fill_what_is_left_out_and_sgd_is_gradient_descent():
    base = {"objective": {"kind": "quadratic", "p": 2, "q": 1}, "w0": 2, "lr": 0.1}
    adam = problem_from_network(dict(base, optimizer={"name": "adam", "steps": 2}))
    assert (adam.given["beta1"], adam.given["beta2"], adam.given["eps"]) == (0.9, 0.999, 1e-8)
    expected = torch_steps("adam", adam.given, 2)
    assert all(math.isclose(adam.values[k], v, rel_tol=1e-12) for k, v in expected.items())
    assert problem_from_network(dict(base, optimizer={"name": "adamw"})).given["lam"] == 0.01
    descent = problem_from_network(dict(base, optimizer={"name": "sgd", "steps": 3}))
    assert descent.family == "gd" and math.isclose(descent.values["w1"], 2 - 0.1 * 2)
    assert problem_from_network(base).template.step_ids == ("g1", "w1")


def test_a_linear_regression_pair_is_an_objective_too():
    network = {"objective": {"kind": "linreg", "x": 2, "t": 1}, "w0": 1, "lr": 0.1,
               "optimizer": {"name": "momentum", "momentum": 0.9, "steps": 2}}
    problem = problem_from_network(network)
    w1 = 1 - 0.1 * (1 * 2 - 1) * 2
    assert problem.values["g1"] == (1 * 2 - 1) * 2 and math.isclose(problem.values["w1"], w1)
    assert math.isclose(problem.values["g2"], (w1 * 2 - 1) * 2)
    assert "x = 2" in problem.prompt_en and problem.network == network | {"lr": 0.1}


@pytest.mark.parametrize("change, where", [
    ({"layers": []}, "layers"),
    ({"objective": {"kind": "cubic", "p": 1, "q": 1}}, "objective.kind"),
    ({"objective": {"kind": "quadratic", "p": 1}}, "objective.q"),
    ({"w0": "two"}, "w0"),
    ({"lr": 0}, "lr"),
    ({"optimizer": {"name": "lion"}}, "optimizer.name"),
    ({"optimizer": {"name": "momentum"}}, "optimizer.momentum"),
    ({"optimizer": {"name": "adam", "beta1": 1.0}}, "optimizer.beta1"),
    ({"optimizer": {"name": "adam", "steps": 9}}, "optimizer.steps"),
    ({"optimizer": {"name": "adam", "steps": True}}, "optimizer.steps"),
    ({"optimizer": {"name": "rmsprop", "beta1": 0.9}}, "optimizer.beta1"),
    ({"optimizer": {"name": "adamw"}, "weight_decay": 0.1}, "weight_decay"),
    ({"optimizer": {"name": "momentum", "momentum": 0.9}, "weight_decay": 0.1}, "weight_decay"),
    ({"optimizer": {"name": "sgd", "momentum": 0.9}}, "optimizer.momentum"),
    ({"optimizer": {"name": "adam", "eps": 0}}, "optimizer.eps"),
])
def test_each_wrong_key_is_named(change, where):
    network = {"objective": {"kind": "quadratic", "p": 2, "q": 1}, "w0": 2, "lr": 0.1} | change
    with pytest.raises(NetworkError) as error:
        problem_from_network(network)
    assert str(error.value).startswith(where), str(error.value)


def test_top_level_l2_on_one_weight_is_adams_own_weight_decay():
    base = {"objective": {"kind": "quadratic", "p": 2, "q": 1}, "w0": 2, "lr": 0.1}
    in_loss = problem_from_network(base | {"optimizer": {"name": "adam", "steps": 2}, "weight_decay": 0.5})
    in_adam = problem_from_network(base | {"optimizer": {"name": "adam", "steps": 2, "weight_decay": 0.5}})
    assert in_loss.values == in_adam.values and "g1_l2" in in_loss.values


def test_a_network_file_with_an_optimizer_trains_any_network():
    network = {"x": [1.0, -1.0], "t": [0.5], "loss": "half_sse", "lr": 0.1,
               "layers": [{"W": [[0.5, -0.5], [1.0, 0.25]], "b": [0.0, 0.5], "activation": "tanh"},
                          {"W": [[1.0, -1.0]], "b": [0.25], "activation": "identity"}],
               "optimizer": {"name": "momentum", "momentum": 0.9, "steps": 2}}
    problem = problem_from_network(network)
    plain = problem_from_network({k: v for k, v in network.items() if k != "optimizer"})
    # step 1 is the network's own pass, and its buffers are the first gradients
    for name in ("dL/dW1", "dL/db1", "dL/dW2", "dL/db2"):
        assert np.allclose(problem.values[name], plain.values[name])
        assert np.allclose(problem.values[f"buf_{name[4:]}[1]"], plain.values[name])
    # the last step reads the gradients at the parameters after step 1, computed afresh
    moved = dict(network, layers=[dict(layer, W=np.asarray(problem.values[f"W{i}[1]"]).tolist(),
                                        b=np.asarray(problem.values[f"b{i}[1]"]).tolist())
                                   for i, layer in enumerate(network["layers"], start=1)])
    again = problem_from_network({k: v for k, v in moved.items() if k != "optimizer"})
    for name in ("W1", "b1", "W2", "b2"):
        assert np.allclose(problem.values[f"dL/d{name}[2]"], again.values[f"dL/d{name}"])
        buffer = 0.9 * np.asarray(plain.values[f"dL/d{name}"]) + np.asarray(again.values[f"dL/d{name}"])
        expected = np.asarray(problem.values[f"{name}[1]"]) - 0.1 * buffer  # torch: buf = μ·buf + g, p -= lr·buf
        assert np.allclose(problem.values[f"{name}_new"], expected)
