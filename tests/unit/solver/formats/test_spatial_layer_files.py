"""Network files with conv1d, conv2d, maxpool, avgpool, flatten, rnn and attention layers: each
drill's description solves to the drill's own numbers and writes back unchanged; mixed networks'
gradients match central finite differences of a loss computed by a plain-NumPy forward written
here; a wrong file gets a message saying where and what."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.formats.fields import NetworkError
from solver.formats.network_file import problem_from_network, read_network, write_network
from solver.generate import problem_from_code

FD_STEP = 1e-6
DRILLS = ("conv:2d:0:1:d1#0", "conv:2d:1:1:d2#4", "conv:1d:1:2:d1#2", "pool:max:2d:1:d3#4", "pool:avg:1d:2:d1#1",
          "rnn:3:2:mixed:d2#1", "rnn:2:1:vanishing:d1#3", "attention:2:2:d2#0", "attention:3:2:d1#1")


@pytest.mark.parametrize("code", DRILLS)
def test_a_drills_description_solves_to_its_numbers_and_writes_back(code):
    drill = problem_from_code(code)
    network = drill.network
    problem = problem_from_network(network)
    assert np.isclose(problem.values["L"], drill.values["L"])
    for name in ("x", "W", "W_hh", "Wq"):
        if f"dL/d{name}" in drill.values:
            ours = [k for k in problem.values if k in (f"dL/d{name}", f"dL/d{name}1")][0]
            assert np.allclose(np.ravel(problem.values[ours]), np.ravel(drill.values[f"dL/d{name}"])), (code, name)
    st_, given_ = read_network(network)
    written = write_network(st_, given_)
    assert {k: v for k, v in written.items() if k != "lr" or "lr" in network} == network


# -- mixed networks, against a forward written here ------------------------------------------------
def numpy_forward(network):
    """The loss of a network file by the definitions (PyTorch's conventions), layer by layer."""
    a = np.asarray(network["x"], dtype=float)
    for layer in network["layers"]:
        kind = layer.get("type", "dense")
        if kind in ("conv1d", "conv2d"):
            W, b, s, p = (np.asarray(layer["W"]), np.asarray(layer["b"]), layer["stride"], layer["padding"])
            ap = np.pad(a, [(0, 0)] + [(p, p)] * (a.ndim - 1))
            k = W.shape[2:]
            out = tuple((n - m) // s + 1 for n, m in zip(ap.shape[1:], k))
            y = np.zeros((W.shape[0], *out))
            for o in range(W.shape[0]):
                for i in np.ndindex(*out):
                    window = ap[(slice(None), *(slice(j * s, j * s + m) for j, m in zip(i, k)))]
                    y[(o, *i)] = np.sum(window * W[o]) + b[o]
            a = y
        elif kind in ("maxpool", "avgpool"):
            k, s = layer["kernel"], layer["stride"]
            dims = 2 if a.ndim == 3 else 1
            out = tuple((n - k) // s + 1 for n in a.shape[-dims:])
            y = np.zeros((*a.shape[:-dims], *out))
            for lead in np.ndindex(*a.shape[:-dims]):
                for i in np.ndindex(*out):
                    window = a[(*lead, *(slice(j * s, j * s + k) for j in i))]
                    y[(*lead, *i)] = window.max() if kind == "maxpool" else window.mean()
            a = y
        elif kind == "flatten":
            a = a.reshape(-1)
        elif kind == "rnn":
            h = np.asarray(layer["h0"], dtype=float)
            for x_t in a:
                h = np.tanh(np.asarray(layer["W_xh"]) @ x_t + np.asarray(layer["W_hh"]) @ h + np.asarray(layer["b_h"]))
            a = h
        elif kind == "attention":
            Q, K, V = (a @ np.asarray(layer[w]).T for w in ("Wq", "Wk", "Wv"))
            S = Q @ K.T / np.sqrt(Q.shape[1])
            E = np.exp(S - S.max(axis=1, keepdims=True))
            a = (E / E.sum(axis=1, keepdims=True)) @ V
        else:
            a = np.asarray(layer["W"]) @ a + np.asarray(layer.get("b", 0.0))
            if layer.get("activation") == "tanh":
                a = np.tanh(a)
    return 0.5 * np.sum((a - np.asarray(network["t"])) ** 2)


def _grid(draw, shape):
    return (np.array(draw(st.lists(st.integers(-4, 4), min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))),
                     dtype=float).reshape(shape) / 4).tolist()


@st.composite
def mixed_networks(draw):
    kind = draw(st.sampled_from(("cnn1d", "cnn2d", "rnn", "attention")))
    if kind == "cnn1d":
        x = _grid(draw, (2, 5))
        layers = [{"type": "conv1d", "W": _grid(draw, (2, 2, 2)), "b": _grid(draw, (2,)), "stride": 1,
                   "padding": draw(st.integers(0, 1))},
                  {"type": "avgpool", "kernel": 2, "stride": 1},  # max-pool's ties: the op tests
                  {"type": "flatten"}]
    elif kind == "cnn2d":
        x = _grid(draw, (1, 4, 4))
        layers = [{"type": "conv2d", "W": _grid(draw, (1, 1, 2, 2)), "b": _grid(draw, (1,)),
                   "stride": draw(st.integers(1, 2)), "padding": 0}, {"type": "flatten"}]
    elif kind == "rnn":
        x = _grid(draw, (3, 2))
        layers = [{"type": "rnn", "W_xh": _grid(draw, (2, 2)), "W_hh": _grid(draw, (2, 2)), "b_h": _grid(draw, (2,)),
                   "h0": _grid(draw, (2,))}]
    else:
        x = _grid(draw, (2, 2))
        layers = [{"type": "attention", **{w: _grid(draw, (2, 2)) for w in ("Wq", "Wk", "Wv")}}, {"type": "flatten"}]
    probe = {"x": x, "layers": layers, "t": [0.0], "lr": 0.1, "loss": "half_sse"}
    width = read_network_output_width(probe)
    head = [{"W": _grid(draw, (1, width)), "b": [0.25], "activation": "tanh"}]
    return {**probe, "layers": layers + head, "t": [0.5]}


def read_network_output_width(network) -> int:
    try:
        read_network(network)
    except NetworkError as error:  # the message names the output's width: "t: expected a vector of N"
        return int(str(error).split("a vector of ")[1].split()[0])
    return 1


def _numeric_gradient(network, layer, key):
    base = np.array(network["layers"][layer][key], dtype=float)
    gradient = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        sides = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * FD_STEP
            layers = [dict(entry) for entry in network["layers"]]
            layers[layer][key] = moved.tolist()
            sides.append(numpy_forward({**network, "layers": layers}))
        gradient[index] = (sides[0] - sides[1]) / (2 * FD_STEP)
    return gradient


@settings(max_examples=12, deadline=None)
@given(mixed_networks())
def test_mixed_networks_match_a_numpy_forward_and_its_finite_differences(network):
    problem = problem_from_network(network)
    assert np.isclose(problem.values["L"], numpy_forward(network))
    depth = len(network["layers"])
    for layer, entry in enumerate(network["layers"]):
        for key in ("W", "b", "W_xh", "W_hh", "b_h", "Wq", "Wk", "Wv"):
            if key not in entry:
                continue
            step = f"dL/d{'w' if np.ndim(entry[key]) == 1 and key == 'W' else key}{'' if depth == 1 else layer + 1}"
            stated = np.asarray(problem.values[step], dtype=float)
            numeric = _numeric_gradient(network, layer, key)
            assert np.allclose(stated.reshape(numeric.shape), numeric, atol=1e-5), (step, stated, numeric)


@pytest.mark.parametrize("network, message", [
    ({"x": [[1, 2, 3]], "layers": [{"type": "conv1d", "W": [[1, 2]]}, {"type": "flatten"}]},
     "layers[0].W: expected [out_ch][in_ch][k], 3 nested levels, got 1x2"),
    ({"x": [[1, 2, 3]], "layers": [{"type": "conv1d", "W": [[[1, 2]], [[1, 0]]], "b": [0]}, {"type": "flatten"}]},
     "layers[0].b: expected a vector of 2 (one per output channel)"),
    ({"x": [[1, 2, 3]], "layers": [{"type": "conv1d", "W": [[[1, 2], [0, 1]]]}, {"type": "flatten"}]},
     "layers[0].W: expected 1 input channels"),
    ({"x": [[1, 2]], "layers": [{"type": "conv1d", "W": [[[1, 2, 3]]]}, {"type": "flatten"}]},
     "larger than the padded input"),
    ({"x": [[1, 2, 3]], "layers": [{"type": "conv1d", "W": [[[1, 2]]], "stride": 0}, {"type": "flatten"}]},
     "layers[0].stride: expected a whole number from 1 to 3"),
    ({"x": [[[1, 2], [3, 4]]], "layers": [{"type": "conv1d", "W": [[[1]]]}, {"type": "flatten"}]},
     "x: a first layer of type conv1d takes an input of 2 nested levels"),
    ({"x": [[1, 2], [3, 4]], "layers": [{"W": [[1, 2]]}]}, "x: expected a number or a vector"),
    ({"x": [[1, 2, 3]], "layers": [{"type": "maxpool", "kernel": 4}, {"type": "flatten"}]},
     "layers[0].kernel: a window of 4 is larger"),
    ({"x": [[1, 2], [3, 4]], "layers": [{"type": "rnn", "W_xh": [[1, 2, 3]], "W_hh": [[1]]}]},
     "layers[0].W_xh: expected hidden×2"),
    ({"x": [[1, 2], [3, 4]], "layers": [{"type": "attention", "Wq": [[1, 0]], "Wk": [[1, 0], [0, 1]], "Wv": [[1, 0]]}]},
     "layers[0].Wk: expected 1 rows like Wq"),
    ({"x": [[1, 2, 3]], "layers": [{"type": "conv1d", "W": [[[1, 2]]]}]},
     "the network's output must be a number or a vector"),
    ({"x": [[1, 2, 3]], "lr": None, "layers": [{"type": "conv1d", "W": [[[1, 2]]]}, {"type": "flatten"}]},
     "lr: missing"),
])
def test_a_wrong_layer_says_where_and_what(network, message):
    network = {"t": [0.0], "lr": 0.1, "loss": "half_sse", **network}
    if network["lr"] is None:
        del network["lr"]
    with pytest.raises(NetworkError) as error:
        read_network(network)
    assert message in str(error.value)


def test_an_rnn_in_a_deeper_network_numbers_its_time_steps_after_the_layer():
    """Layer 1's states read z1_t1, h1_t1, … from the given h1_t0 (not `h01`, which read as h0 of layer 1
    only if one knew), and the file writes back its own `h0`."""
    network = {"x": [[0.5], [0.5], [-1.0]], "t": [0.5], "lr": 0.25, "loss": "half_sse",
               "layers": [{"type": "rnn", "W_xh": [[0.5]], "W_hh": [[0.5]], "b_h": [-0.5], "h0": [0.5]},
                          {"W": [[1.0]], "b": [0.0], "activation": "identity"}]}
    problem = problem_from_network(network)
    assert sorted(problem.given) == ["W2", "W_hh1", "W_xh1", "b2", "b_h1", "eta", "h1_t0", "t", "x"]
    assert [step.id for step in problem.steps()][:7] == ["z1_t1", "h1_t1", "z1_t2", "h1_t2", "z1_t3", "a1", "a2"]
    assert "h1_t0 = [0.5]" in problem.prompt_en and "h1_t0 = [0.5]" in problem.prompt_zh
    assert problem.values["z1_t1"] == pytest.approx([0.5 * 0.5 + 0.5 * 0.5 - 0.5])  # W_xh·x[1] + W_hh·h1_t0 + b_h
    assert write_network(*read_network(network)) == network
