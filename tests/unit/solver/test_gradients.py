"""Every gradient the solver states, checked two independent ways over many random problems:
central finite differences of the loss, and SymPy's differentiation of the whole loss."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from solver.families.gd import OBJECTIVES
from solver.generate import problem_from_code, read_code
from solver.families.networks import structure_for
from solver.network import grad
from solver.trace import solve_values

from .strategies import activation_codes, gd_codes, network_codes
from .sympy_model import gradients as sympy_gradients

FD_STEP = 1e-6
RELATIVE = 1e-6


def _close(actual, expected, scale_floor=1e-3, noise=0.0):
    """Within RELATIVE of the expected value (with a floor), or within `noise`: the rounding
    error a finite difference cannot get below."""
    actual, expected = np.asarray(actual, float), np.asarray(expected, float)
    allowed = RELATIVE * np.maximum(np.abs(expected), scale_floor) + noise
    return np.all(np.abs(actual - expected) < allowed), (actual, expected)


def _loss_at(problem, name, index, delta):
    given = dict(problem.given)
    value = np.array(given[name], dtype=float)
    value[index] += delta
    given[name] = value if value.ndim else float(value)
    return solve_values(problem.template, given)["L"]


# A loss computed in a few dozen double operations carries a relative rounding error of a few
# hundred ulps at most; divided by 2h it bounds what a central difference can resolve.
ROUNDING_ULPS = 1000 * np.finfo(float).eps


def _output_rounding(problem):
    """What rounding the output y moves the loss by: cross-entropy's ln(1 - y) near y = 1 turns
    the last bit of y into eps/(1 - y) of L, although L stays smooth in the weights."""
    structure = structure_for(read_code(problem.code))
    if structure.loss != "bce":
        return 0.0
    y = np.asarray(problem.values[structure.output(structure.depth)], dtype=float)
    return 4 * np.finfo(float).eps * float(np.sum(1 / np.minimum(y, 1 - y)))


def _finite_difference(problem, name):
    """Central differences of the loss, and for each entry the rounding noise they carry."""
    base = np.asarray(problem.given[name], dtype=float)
    out, noise = np.zeros(base.shape), np.zeros(base.shape)
    output_rounding = _output_rounding(problem)
    for index in np.ndindex(base.shape):
        h = FD_STEP * max(1.0, abs(base[index]))
        up, down = _loss_at(problem, name, index, h), _loss_at(problem, name, index, -h)
        out[index] = (up - down) / (2 * h)
        noise[index] = (ROUNDING_ULPS * max(abs(up), abs(down)) + output_rounding) / (2 * h)
    return out, noise


def _parameters(problem):
    return [n for n in problem.template.given if grad(n) in problem.template.step_ids]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network_codes)
def test_network_gradients_match_central_differences(code):
    problem = problem_from_code(code)
    names = _parameters(problem)
    assert names, "every network problem asks for at least one parameter gradient"
    for name in names:
        finite_difference, noise = _finite_difference(problem, name)
        # relative error < 1e-6 (floor 1e-2 for entries near zero, where the O(h²) truncation
        # dominates), widened only by the rounding noise the difference itself carries
        ok, detail = _close(problem.values[grad(name)], finite_difference, scale_floor=1e-2, noise=noise)
        assert ok, (code, name, detail)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network_codes)
def test_network_gradients_match_sympy(code):
    problem = problem_from_code(code)
    structure = structure_for(read_code(code))
    names = _parameters(problem)
    expected = sympy_gradients(structure, problem.given, names)
    for name in names:
        ok, detail = _close(problem.values[grad(name)], expected[name], scale_floor=1e-9)
        assert ok, (code, name, detail)


@settings(max_examples=200, deadline=None)
@given(network_codes)
def test_every_update_is_weight_minus_rate_times_gradient(code):
    problem = problem_from_code(code)
    eta = problem.given["eta"]
    for name in _parameters(problem):
        if name == "x":
            continue
        expected = np.asarray(problem.given[name]) - eta * np.asarray(problem.values[grad(name)])
        np.testing.assert_allclose(problem.values[f"{name}_new"], expected, rtol=1e-12, atol=1e-15)


@settings(max_examples=200, deadline=None)
@given(gd_codes)
def test_gd_gradients_match_central_differences_and_sympy(code):
    import sympy as sp

    problem = problem_from_code(code)
    objective = read_code(code).options[0]
    loss, _, _, _ = OBJECTIVES[objective]
    w, p, q = sp.symbols("w p q")
    symbolic = sp.diff(loss(w, p, q), w)
    values, eta = problem.values, problem.given["eta"]
    k = 1
    while f"g{k}" in values:
        at = values[f"w{k - 1}"]
        h = 1e-6 * max(1.0, abs(at))
        fd = (loss(at + h, problem.given["p"], problem.given["q"])
              - loss(at - h, problem.given["p"], problem.given["q"])) / (2 * h)
        exact = float(symbolic.subs({w: at, p: problem.given["p"], q: problem.given["q"]}))
        assert values[f"g{k}"] == pytest.approx(exact, rel=1e-12, abs=1e-12)
        assert values[f"g{k}"] == pytest.approx(fd, rel=1e-6, abs=1e-6)
        assert values[f"w{k}"] == pytest.approx(at - eta * values[f"g{k}"], rel=1e-12, abs=1e-12)
        k += 1
    assert k > 1


SYMPY_ACTIVATIONS = {
    "identity": lambda z: z,
    "sigmoid": lambda z: 1 / (1 + __import__("sympy").exp(-z)),
    "tanh": lambda z: __import__("sympy").tanh(z),
    "softplus": lambda z: __import__("sympy").log(1 + __import__("sympy").exp(z)),
    "relu": lambda z: __import__("sympy").Max(z, 0),
    "leaky_relu": lambda z: __import__("sympy").Max(z, z / 10),
    "sgn": lambda z: __import__("sympy").sign(z),
}


@settings(max_examples=200, deadline=None)
@given(activation_codes)
def test_activation_derivative_at_a_point(code):
    import sympy as sp

    problem = problem_from_code(code)
    name = read_code(code).options[0]
    z0 = problem.given["z0"]
    value = problem.values["f'(z0)"]
    if name in ("relu", "leaky_relu", "sgn") and z0 == 0:
        assert value is None, "the derivative does not exist at the kink and the solver must say so"
        assert problem.notes, "a kink hit carries a note explaining the convention"
        return
    z = sp.Symbol("z", real=True)
    exact = float(sp.diff(SYMPY_ACTIVATIONS[name](z), z).subs(z, z0))
    assert value == pytest.approx(exact, rel=1e-12, abs=1e-12)
    forward = problem.template.spec("f(z0)").compute
    h = 1e-6
    fd = (float(forward(z0 + h)) - float(forward(z0 - h))) / (2 * h)
    assert value == pytest.approx(fd, rel=1e-6, abs=1e-6)
