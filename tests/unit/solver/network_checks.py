"""Checks shared by the tests of layer types and families: every gradient a network's trace
states against central finite differences of its own forward pass (the loss as a function of
one given value, entry by entry)."""

from __future__ import annotations

import numpy as np

from solver.network import forward_template
from solver.trace import solve_values

FD_STEP = 1e-6


def finite_difference(st, given: dict, name: str) -> np.ndarray:
    """∂L/∂given[name] by central differences of the structure's forward pass."""
    template = forward_template(st)
    base = np.array(given[name], dtype=float)
    gradient = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        losses = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * FD_STEP
            losses.append(float(solve_values(template, dict(given, **{name: moved}))["L"]))
        gradient[index] = (losses[0] - losses[1]) / (2 * FD_STEP)
    return gradient


def assert_gradients_match_finite_differences(st, given: dict, values: dict, names, rtol=1e-5, atol=1e-6):
    for name in names:
        stated = np.asarray(values[f"dL/d{name}"], dtype=float)
        expected = finite_difference(st, given, name)
        assert stated.shape == expected.shape, name
        np.testing.assert_allclose(stated, expected, rtol=rtol, atol=atol, err_msg=name)
