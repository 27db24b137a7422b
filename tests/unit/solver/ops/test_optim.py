"""The optimiser operations of the table, each rule against its torch.optim definition written
out on its own, over random points; and the example values the table-wide checks use for them."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.ops.table import OPERATIONS

SETTINGS = settings(max_examples=30, deadline=None)
numbers = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False).map(lambda v: round(v, 3))
decays = st.sampled_from((0.5, 0.75, 0.9, 0.99, 0.999))

# Where test_operation_table's table-wide check evaluates each optimiser operation (by role).
EXAMPLE_VALUES = {
    "momentum.buffer": {"b": np.array([1.0, -0.5]), "mu": 0.9, "dp": np.array([0.5, 2.0])},
    "momentum.step": {"p": np.array([1.0, -1.0]), "eta": 0.5, "b": np.array([1.5, 0.25]), "dp": np.array([0.5, 2.0])},
    "moment.first": {"m": np.array([0.25, -1.0]), "beta": 0.9, "dp": np.array([0.5, 2.0])},
    "moment.second": {"v": np.array([0.25, 1.0]), "beta": 0.99, "dp": np.array([0.5, 2.0])},
    "bias_correction": {"m": np.array([0.25, -1.0]), "beta": 0.9, "t": 2},
    "adam.step": {"p": np.array([1.0, -1.0]), "eta": 0.5, "mhat": np.array([0.5, -2.0]),
                  "vhat": np.array([0.36, 4.0]), "eps": 1e-8},
    "rmsprop.step": {"p": np.array([1.0, -1.0]), "eta": 0.5, "dp": np.array([0.5, 2.0]), "v": np.array([0.36, 4.0]),
                     "eps": 1e-8},
    "weight_decay.l2": {"dp": np.array([0.5, 2.0]), "lam": 0.1, "p": np.array([1.0, -1.0])},
    "weight_decay.decoupled": {"p": np.array([1.0, -1.0]), "eta": 0.5, "lam": 0.1},
}


def forward(name, **values):
    rule = OPERATIONS[name].forward
    return rule.compute(*(values[role] for role in rule.reads))


@SETTINGS
@given(numbers, numbers, numbers, decays, st.integers(1, 5))
def test_each_rule_is_its_torch_definition(state, g, p, beta, t):
    # torch.optim.SGD(momentum=μ): buf = μ·buf + g (dampening 0); p -= lr·buf
    assert math.isclose(forward("momentum.buffer", b=state, mu=beta, dp=g), beta * state + g, abs_tol=1e-12)
    assert math.isclose(forward("momentum.step", p=p, eta=0.1, b=state, dp=g), p - 0.1 * state, abs_tol=1e-12)
    # Adam: m = β1·m + (1-β1)·g, v = β2·v + (1-β2)·g·g, bias corrections 1 - β^t
    assert math.isclose(forward("moment.first", m=state, beta=beta, dp=g), beta * state + (1 - beta) * g,
                        abs_tol=1e-12)
    v = abs(state)
    assert math.isclose(forward("moment.second", v=v, beta=beta, dp=g), beta * v + (1 - beta) * g ** 2, abs_tol=1e-12)
    assert math.isclose(forward("bias_correction", m=state, beta=beta, t=t), state / (1 - beta ** t), rel_tol=1e-12)
    assert math.isclose(forward("adam.step", p=p, eta=0.1, mhat=g, vhat=v, eps=1e-8),
                        p - 0.1 * g / (math.sqrt(v) + 1e-8), rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(forward("rmsprop.step", p=p, eta=0.1, dp=g, v=v, eps=1e-8),
                        p - 0.1 * g / (math.sqrt(v) + 1e-8), rel_tol=1e-12, abs_tol=1e-12)
    # torch Adam(weight_decay=λ): g + λ·p; AdamW: p·(1 - lr·λ)
    assert math.isclose(forward("weight_decay.l2", dp=g, lam=beta, p=p), g + beta * p, abs_tol=1e-12)
    assert math.isclose(forward("weight_decay.decoupled", p=p, eta=0.1, lam=beta), p * (1 - 0.1 * beta), abs_tol=1e-12)


@SETTINGS
@given(numbers, numbers)
def test_the_l2_term_is_the_derivative_of_half_lambda_w_squared(w, lam):
    lam, h = abs(lam), 1e-5
    numeric = (lam / 2 * (w + h) ** 2 - lam / 2 * (w - h) ** 2) / (2 * h)
    assert math.isclose(forward("weight_decay.l2", dp=0.0, lam=lam, p=w), numeric, abs_tol=1e-8)


def test_the_rules_work_on_arrays_as_on_numbers():
    for name, values in EXAMPLE_VALUES.items():
        whole = np.asarray(forward(name, **values), dtype=float)
        for index in range(2):
            one = {role: (value[index] if isinstance(value, np.ndarray) else value) for role, value in values.items()}
            assert math.isclose(whole[index], float(forward(name, **one)), rel_tol=1e-12), name
