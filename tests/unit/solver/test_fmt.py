"""Numbers as a learner reads them: 4 significant figures, never a nonzero value as 0."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from solver.fmt import equation, format_scalar, format_value, value_text

MAGNITUDES = st.floats(min_value=1e-12, max_value=1e12, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(MAGNITUDES, st.booleans())
def test_any_nonzero_value_reads_back_to_four_significant_figures_and_never_as_zero(magnitude, negative):
    value = -magnitude if negative else magnitude
    text = format_scalar(value)
    read = float(text)
    assert read != 0 and math.copysign(1, read) == math.copysign(1, value)
    assert abs(read - value) <= 5e-4 * abs(value) * (1 + 1e-9)  # half a unit in the 4th figure


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e-6, max_value=1e6, allow_nan=False).filter(lambda v: not float(v).is_integer()))
def test_a_rounded_value_keeps_its_four_figures_trailing_zeros_included(value):
    text = format_scalar(value)
    if abs(float(text) - value) > abs(value) * 1e-12:  # rounded, not exact
        digits = text.split("e")[0].lstrip("-").replace(".", "").lstrip("0")
        assert len(digits) == 4, text


@pytest.mark.parametrize("value, text", [
    (0.0, "0"), (-0.0, "0"), (2.0, "2"), (205.0, "205"), (-1.0, "-1"), (123456.0, "123456"),
    (0.5, "0.5"), (0.25, "0.25"), (-1.5, "-1.5"), (0.1 + 0.2, "0.3"),  # exact, or float dust
    (1 / 3, "0.3333"), (0.23500371, "0.2350"), (1.99994, "2.000"), (2299.8, "2300"),
    (-1.171e-5, "-1.171e-5"), (0.00057891, "0.0005789"), (12345.6, "1.235e4"), (1e20, "1e20"),
    (None, "undefined"),
])
def test_examples(value, text):
    assert format_scalar(value) == text


def test_arrays_and_numpy_scalars_use_the_same_rule():
    assert format_value(np.array([[1.0, -1.171e-5], [0.5, 1 / 3]])) == "[[1, -1.171e-5], [0.5, 0.3333]]"
    assert format_value(np.float64(0.0006)) == "0.0006"
    assert format_value(np.array(2.0)) == "2"


@pytest.mark.parametrize("value, exact, text", [
    (0.5, "1/2", "0.5"),  # no needless fraction
    (1.25, "5/4", "1.25"),
    (1 / 3, "1/3", "1/3 = 0.3333"),
    ([0.5, 1 / 3], "[1/2, 1/3]", "[1/2, 1/3] = [0.5, 0.3333]"),
    (1331 / 4096, "1331/4096", "0.3250"),  # too long to help
    (2.0, "2", "2"),
    ("sigmoid(z)", "sigmoid(z)", "sigmoid(z)"),
    (0.3, None, "0.3"),
])
def test_exact_form_only_where_it_says_more_and_is_short(value, exact, text):
    assert value_text(np.asarray(value) if isinstance(value, list) else value, exact) == text


def test_exact_forms_the_decimal_omits_are_equal_to_it():
    # the 4-figure decimal beside a fraction is that fraction rounded
    for p in range(-12, 13):
        for q in (3, 6, 7, 9, 12):
            shown = value_text(p / q, str(Fraction(p, q)))
            if " = " in shown:
                exact, decimal = shown.split(" = ")
                assert abs(float(Fraction(exact)) - float(decimal)) <= 5e-4 * abs(p / q)


@pytest.mark.parametrize("parts, line", [
    (("f'(z) = 1", "1", "1"), "f'(z) = 1"),
    (("∂L/∂b = ∂L/∂z", "(-0.3)", "-0.3"), "∂L/∂b = ∂L/∂z = -0.3"),
    (("z1 = w1·x", "0.5·(-1)", "-0.5"), "z1 = w1·x = 0.5·(-1) = -0.5"),
    (("f'(z) = sigmoid(z)", "sigmoid(z)", "sigmoid(z)"), "f'(z) = sigmoid(z)"),
])
def test_equation_says_nothing_twice(parts, line):
    assert equation(*parts) == line
