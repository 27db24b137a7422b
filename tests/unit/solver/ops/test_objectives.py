"""The one-weight objectives a descent runs on: ∂L/∂w against central finite differences of L
and against SymPy, and exact on Fractions."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.ops.objectives import OBJECTIVES
from solver.ops.table import OPERATIONS

numbers = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False).map(lambda v: round(v, 2))
w, c1, c2 = sp.symbols("w c1 c2")
BY_HAND = {"quadratic": c1 * (w - c2) ** 2 / 2, "linreg": (w * c1 - c2) ** 2 / 2}


@pytest.mark.parametrize("name", sorted(OBJECTIVES))
@settings(max_examples=30, deadline=None)
@given(weight=numbers, first=numbers, second=numbers)
def test_the_gradient_matches_finite_differences_and_sympy(name, weight, first, second):
    op = OPERATIONS[f"objective.{name}"]
    loss, gradient = op.forward.compute, op.vjps["w"].compute
    step = 1e-6
    central = (loss(weight + step, first, second) - loss(weight - step, first, second)) / (2 * step)
    stated = gradient(weight, first, second)
    assert stated == pytest.approx(central, rel=1e-6, abs=1e-6)
    symbolic = sp.diff(BY_HAND[name], w).subs({w: weight, c1: first, c2: second})
    assert stated == pytest.approx(float(symbolic), rel=1e-12, abs=1e-12)
    assert loss(weight, first, second) == pytest.approx(float(BY_HAND[name].subs({w: weight, c1: first, c2: second})))


@pytest.mark.parametrize("name", sorted(OBJECTIVES))
def test_exact_on_fractions_and_written_over_its_own_reads(name):
    op = OPERATIONS[f"objective.{name}"]
    args = (Fraction(3, 2), Fraction(1, 4), Fraction(-1, 2))
    assert isinstance(op.vjps["w"].compute(*args), Fraction) and op.exact
    assert op.forward.text.format(*op.forward.reads).count("w") == 1
