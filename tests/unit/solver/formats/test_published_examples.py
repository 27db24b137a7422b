"""Networks from well-known published walk-throughs, solved from a network file exactly.

Source: Matt Mazur, "A Step by Step Backpropagation Example" (2015),
https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/ : a 2-2-2 sigmoid
network with E_total = Σ ½(target - out)², learning rate 0.5. His figures are rounded to 9
significant digits, so we compare to that precision.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from solver.formats.network_file import problem_from_network

MAZUR = {
    "x": [0.05, 0.10],
    "t": [0.01, 0.99],
    "lr": 0.5,
    "loss": "half_sse",
    "layers": [
        {"W": [[0.15, 0.20], [0.25, 0.30]], "b": [0.35, 0.35], "activation": "sigmoid"},
        {"W": [[0.40, 0.45], [0.50, 0.55]], "b": [0.60, 0.60], "activation": "sigmoid"},
    ],
}


def test_mazur_forward_pass_and_total_error():
    problem = problem_from_network(MAZUR)
    assert problem.values["z1"][0] == pytest.approx(0.3775, abs=1e-12)  # net_h1
    assert problem.values["a1"][0] == pytest.approx(0.593269992, abs=1e-9)  # out_h1
    assert problem.values["a1"][1] == pytest.approx(0.596884378, abs=1e-9)  # out_h2
    assert problem.values["a2"][0] == pytest.approx(0.75136507, abs=1e-8)  # out_o1
    assert problem.values["a2"][1] == pytest.approx(0.772928465, abs=1e-9)  # out_o2
    assert problem.values["L"] == pytest.approx(0.298371109, abs=1e-9)  # E_total


def test_mazur_gradients_and_updated_weights():
    problem = problem_from_network(MAZUR)
    assert problem.values["dL/dW2"][0, 0] == pytest.approx(0.082167041, abs=1e-9)  # dE/dw5
    new_output = problem.values["W2_new"]
    assert new_output[0, 0] == pytest.approx(0.35891648, abs=1e-8)  # w5+
    assert new_output[0, 1] == pytest.approx(0.408666186, abs=1e-9)  # w6+
    assert new_output[1, 0] == pytest.approx(0.511301270, abs=1e-9)  # w7+
    assert new_output[1, 1] == pytest.approx(0.561370121, abs=1e-9)  # w8+
    assert problem.values["dL/dW1"][0, 0] == pytest.approx(0.000438568, abs=1e-9)  # dE/dw1
    new_hidden = problem.values["W1_new"]
    assert new_hidden[0, 0] == pytest.approx(0.149780716, abs=1e-9)  # w1+
    assert new_hidden[0, 1] == pytest.approx(0.19956143, abs=1e-8)  # w2+
    assert new_hidden[1, 0] == pytest.approx(0.24975114, abs=1e-8)  # w3+
    assert new_hidden[1, 1] == pytest.approx(0.29950229, abs=1e-8)  # w4+


def test_mazur_network_from_a_file_through_the_cli(tmp_path):
    path = tmp_path / "mazur.json"
    path.write_text(json.dumps(MAZUR))
    result = CliRunner().invoke(main, ["solve", "--network", str(path), "--json"])
    assert result.exit_code == 0, result.output
    steps = {s["id"]: s["value"] for s in json.loads(result.output)["steps"]}
    assert steps["L"] == pytest.approx(0.298371109, abs=1e-9)
    assert steps["W1_new"][0][0] == pytest.approx(0.149780716, abs=1e-9)
