"""Activations and losses, value by value."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from solver import ops


def test_relu_of_a_negative_number_is_a_plain_zero():
    relu = ops.ACTIVATIONS["relu"].forward
    assert math.copysign(1.0, float(relu(-2.0))) == 1.0  # not -0.0, which JSON would show
    assert all(math.copysign(1.0, v) == 1.0 for v in relu(np.array([-1.5, -3.0])))
    assert relu(Fraction(-1, 2)) == 0 and relu(Fraction(3, 4)) == Fraction(3, 4)
