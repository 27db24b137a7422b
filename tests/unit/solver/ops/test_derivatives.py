"""The derivative of each one-input operation asked as a question (solver/ops/derivatives.py):
f'(z0) against central finite differences of the operation's forward rule and against SymPy,
f'(z) as written against f'(z0), None exactly where the one-sided derivatives differ; and the
`sgn` operation with its backward rule and kink convention."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.ops.derivatives import DERIVATIVES
from solver.ops.table import OPERATIONS
from solver.parsing.parser import parse_expression
from solver.parsing.symbolic import evaluate

from ..sympy_model import activation as sympy_activation

STEP = 1e-6
points = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False).filter(lambda z: abs(z) > 1e-2)


def forward(name):
    return lambda z: float(OPERATIONS[name].forward.compute(z))


@settings(max_examples=30, deadline=None)
@given(z=points)
@pytest.mark.parametrize("name", sorted(DERIVATIVES))
def test_the_derivative_at_a_point_is_the_slope_of_the_forward_rule_and_sympys(name, z):
    f = forward(name)
    slope = (f(z + STEP) - f(z - STEP)) / (2 * STEP)
    value = DERIVATIVES[name].at(z)
    assert value == pytest.approx(slope, abs=1e-6)
    if name != "sgn":
        symbol = sp.Symbol("z", real=True)
        expected = float(sp.diff(sympy_activation(name, symbol), symbol).subs(symbol, sp.Rational(repr(z))))
        assert float(value) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    symbolic = DERIVATIVES[name].symbolic
    if symbolic is not None:  # f'(z) as the learner is shown it is the same function
        assert evaluate(parse_expression(symbolic, ("z",)), {"z": z}) == pytest.approx(float(value), rel=1e-9)


@pytest.mark.parametrize("name", sorted(DERIVATIVES))
def test_at_zero_the_derivative_is_none_exactly_where_the_one_sided_slopes_differ(name):
    f = forward(name)
    right, left = (f(STEP) - f(0.0)) / STEP, (f(0.0) - f(-STEP)) / STEP
    # a kink's one-sided slopes differ; across sgn's jump both are 1/STEP: not a finite slope
    differentiable = abs(right - left) < 1e-4 and abs(right) < 1e3
    assert (DERIVATIVES[name].at(0.0) is None) == (not differentiable), (name, left, right)
    if differentiable:
        assert DERIVATIVES[name].at(0.0) == pytest.approx(right, abs=1e-5)


def test_sgn_passes_no_gradient_back_and_says_which_convention_it_uses_at_its_jump():
    op = OPERATIONS["sgn"]
    z = np.array([-1.5, 0.0, 0.75])
    assert op.forward.compute(z).tolist() == [-1.0, 0.0, 1.0]
    g = np.array([0.5, -2.0, 3.0])
    assert op.vjps["z"].compute(g, z).tolist() == [0.0, 0.0, 0.0]  # 0 at the jump too: the convention
    assert op.kink is not None and "0" in op.kink[1]
    assert DERIVATIVES["sgn"].at(0.0) is None  # asked as a question, f'(0) does not exist
    (mistake,) = op.vjps["z"].mistakes
    assert mistake.id == "forgot_activation_derivative"
