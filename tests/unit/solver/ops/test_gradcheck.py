"""The gradient-check operations of the table against their definitions, on floats and Fractions."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from solver.ops.table import OPERATIONS

# Where test_operation_table's table-wide check evaluates each operation (by role).
EXAMPLE_VALUES = {
    "numeric.central": {"f_plus": 9.261, "f_minus": 6.859, "h": 0.1},
    "relative_error": {"a": 12.0, "n": 12.01},
}
numbers = st.floats(-50, 50, allow_nan=False).map(lambda v: round(v, 4))


@settings(max_examples=40, deadline=None)
@given(numbers, numbers, st.sampled_from((0.1, 0.01, 0.001)))
def test_the_rules_are_their_definitions(a, b, h):
    central, relative = OPERATIONS["numeric.central"].forward, OPERATIONS["relative_error"].forward
    assert math.isclose(central.compute(a, b, h), (a - b) / (2 * h), rel_tol=1e-12, abs_tol=1e-12)
    scale = max(abs(a), abs(b))
    expected = abs(a - b) / scale if scale else 0.0
    assert math.isclose(relative.compute(a, b), expected, rel_tol=1e-12, abs_tol=1e-15)
    assert relative.compute(a, b) <= 2  # scale-free: never more than 2, whatever the magnitudes


def test_exact_in_exact_out():
    central, relative = OPERATIONS["numeric.central"].forward, OPERATIONS["relative_error"].forward
    n = central.compute(Fraction(9261, 1000), Fraction(6859, 1000), Fraction(1, 10))
    assert n == Fraction(1201, 100)
    assert relative.compute(Fraction(12), n) == Fraction(1, 1201)
    assert relative.compute(Fraction(0), Fraction(0)) == 0
