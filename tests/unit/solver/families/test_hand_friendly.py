"""Difficulty 1 is worked with a pencil: friendly givens, small values, reachable targets, and an
update that goes downhill. Checked over many seeds of every family, on the batch path (the
very numbers the codes give, see test_batch.py) and, for the update, by re-solving the updated
network from its JSON description as a learner would."""

from __future__ import annotations

import numpy as np
import pytest

from solver.generate import generate_batch, problem_from_code
from solver.formats.network_file import problem_from_network

from ..strategies import HIDDEN

SEEDS = range(200)
NETWORK_CODES = (
    [f"chain2:{a}:d1#0" for a in HIDDEN]
    + [f"neuron:{n}:{a}:{loss}:d1#0" for n in (1, 3) for a in HIDDEN for loss in ("half_sse", "mse")]
    + ["neuron:2:sigmoid:bce:d1#0", "mlp:2-2-1:sigmoid:bce:d1#0"]
    + [f"mlp:{sizes}:{a}:half_sse:d1#0" for sizes in ("2-3-1", "2-2-2", "3-2-2", "2-2-2-1") for a in HIDDEN]
    + [f"softmax-ce:{sizes}:{a}:d1#0" for sizes in ("2-3", "2-2-3") for a in HIDDEN]
    + [f"residual:{w}:{a}:d1#0" for w in (1, 2, 3) for a in HIDDEN]
    + [f"deep-chain:{n}:{a}:d1#0" for n in (3, 8) for a in ("sigmoid", "tanh")]
)
REACH = {"sigmoid": (0, 1), "tanh": (-1, 1), "relu": (0, np.inf), "softplus": (0, np.inf)}
LIMIT = 20


def _entries(value, count):
    return np.asarray(value, dtype=float).reshape(count, -1)


@pytest.fixture(scope="module", params=NETWORK_CODES)
def batch(request):
    return generate_batch(request.param, SEEDS)


def test_givens_are_integers_halves_and_quarters(batch):
    for name, value in batch.given.items():
        quarters = _entries(value, len(batch)) * 4
        assert np.all(quarters == np.round(quarters)), name


def test_every_value_is_at_most_twenty(batch):
    for name, value in batch.values.items():
        assert np.abs(_entries(value, len(batch))).max() <= LIMIT, name


def test_the_target_is_one_the_output_can_reach(batch):
    last = batch.structure.layers[-1]
    t = _entries(batch.given["t"], len(batch))
    if batch.structure.loss in ("bce", "softmax_ce"):
        assert set(np.unique(t)) <= {0.0, 1.0}
        if batch.structure.loss == "softmax_ce":
            assert np.all(t.sum(axis=1) == 1)
        return
    low, high = REACH.get(last.activation, (-np.inf, np.inf))
    assert np.all((t >= low) & (t <= high)), f"{last.activation} output, targets {np.unique(t)}"


def test_some_gradient_is_not_zero(batch):
    st = batch.structure
    names = [f"dL/d{name}" for name in st.given_names() if name not in ("x", "t", "eta")]
    largest = np.max([np.abs(_entries(batch.values[n], len(batch))).max(axis=1) for n in names], axis=0)
    assert np.all(largest > 0)
    assert np.all(np.asarray(batch.values["L"]) > 0)


def test_the_update_lowers_the_loss(batch):
    for index in range(0, len(batch), 20):
        problem = batch.problem(index)
        network = problem.describe().network
        updated = _updated_network(network, problem)
        after = problem_from_network(updated).values["L"]
        assert after < problem.values["L"], (batch.code_of(index), problem.values["L"], after)


@pytest.mark.parametrize("code", [c for c in NETWORK_CODES if ":relu:" in c]
                         + ["mlp:2-3-1:relu:half_sse:d2#0", "residual:2:relu:d2#0"])
def test_an_update_that_switches_a_relu_unit_off_says_so(code):
    batch = generate_batch(code, range(60))
    st = batch.structure
    relu = [st.pre_activation(n) for n, s in enumerate(st.layers, start=1) if s.activation == "relu"]
    said = 0
    for index in range(len(batch)):
        problem = batch.problem(index)
        after = problem_from_network(_updated_network(problem.describe().network, problem)).values
        off = any(np.any((np.asarray(problem.values[p]) > 0) & (np.asarray(after[p]) <= 0)) for p in relu)
        noted = any("ReLU unit will output 0" in en for _, en in problem.notes)
        assert off == noted, batch.code_of(index)
        said += noted
    print(batch.code, "switched off and said so:", said)


@pytest.mark.parametrize("code", ["mlp:2-3-1:sigmoid:half_sse:d2#0", "neuron:3:relu:mse:d2#0", "residual:3:identity:d2#0",
                                  "mlp:2-2-2-1:identity:half_sse:d2#0", "softmax-ce:2-2-3:tanh:d2#0"])
def test_the_update_lowers_the_loss_at_d2_too(code):
    batch = generate_batch(code, range(100))
    for index in range(0, len(batch), 10):
        problem = batch.problem(index)
        after = problem_from_network(_updated_network(problem.describe().network, problem)).values["L"]
        assert after < problem.values["L"], batch.code_of(index)


def _updated_network(network: dict, problem) -> dict:
    st_layers = []
    depth = len(network["layers"])
    for number, layer in enumerate(network["layers"], start=1):
        suffix = "" if depth == 1 else str(number)
        weight = ("W" if np.ndim(layer["W"]) == 2 else "w") + suffix
        entry = dict(layer, W=np.asarray(problem.values[weight + "_new"]).tolist())
        if "b" in layer:
            entry["b"] = np.asarray(problem.values["b" + suffix + "_new"]).tolist()
        st_layers.append(entry)
    return dict(network, layers=st_layers)


@pytest.mark.parametrize("objective", ["quadratic", "linreg"])
def test_gradient_descent_at_d1_stays_small_and_goes_downhill(objective):
    for seed in range(150):
        problem = problem_from_code(f"gd:{objective}:6:d1#{seed}")
        for name, value in problem.given.items():
            assert value * 4 == round(value * 4), (seed, name)
        g = [problem.values[f"g{k}"] for k in range(1, 7)]
        w = [problem.values["w0"]] + [problem.values[f"w{k}"] for k in range(1, 7)]
        assert g[0] != 0
        assert max(map(abs, g + w)) <= LIMIT
        loss = [abs(v) for v in g]  # both objectives are quadratics: |g| shrinks exactly when L does
        assert all(b <= a for a, b in zip(loss, loss[1:])), seed


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "softplus", "relu", "leaky_relu", "sgn"])
def test_activation_derivative_at_d1_uses_friendly_points(name):
    for seed in range(40):
        problem = problem_from_code(f"activation-derivative:{name}:d1#{seed}")
        assert problem.given["z0"] in (-2.0, -1.0, 1.0, 2.0)
        if name == "sgn":
            assert problem.notes, "sgn's derivative is 0 wherever it exists: the problem says why"


def test_leaky_relu_states_its_slope_in_every_prompt():
    for code in ("activation-derivative:leaky_relu:d1#3", "neuron:2:leaky_relu:half_sse:d2#1",
                 "mlp:2-3-1:leaky_relu:half_sse:d1#0", "residual:2:leaky_relu:d3#5", "chain2:leaky_relu:d1#4"):
        problem = problem_from_code(code)
        assert "0.1" in problem.prompt_en and "slope" in problem.prompt_en, code
        assert "0.1" in problem.prompt_zh and "斜率" in problem.prompt_zh, code
