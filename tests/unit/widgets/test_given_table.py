"""The given values beside the drill: the order people read them in."""

from __future__ import annotations

from quizapp.widgets.given import given_entries
from solver.generate import problem_from_code
from solver.formats.network_file import problem_from_network

NETWORK = {"x": [1.0, 2.0], "t": [1.0], "lr": 0.1, "loss": "half_sse",
           "layers": [{"W": [[0.5, -0.5], [1.0, 0.5]], "b": [0.0, 0.1], "activation": "sigmoid"},
                      {"W": [[1.0, -1.0]], "activation": "identity"}]}


def test_a_network_files_givens_list_parameters_before_target_and_rate():
    names = [name for name, _ in given_entries(problem_from_network(NETWORK))]
    assert names == ["x", "W1", "b1", "W2", "t", "η"]


def test_a_generated_problem_keeps_the_same_order():
    names = [name for name, _ in given_entries(problem_from_code("mlp:2-3-1:sigmoid:half_sse:d1#1"))]
    assert names == ["x", "W1", "b1", "W2", "b2", "t", "η"]
