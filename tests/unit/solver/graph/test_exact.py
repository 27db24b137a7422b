"""Exact forms: decimals read as a person means them, written as fractions."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.fmt import format_exact
from solver.trace import as_fraction, fraction_array


def test_decimals_become_the_fractions_people_mean():
    assert as_fraction(0.1) == Fraction(1, 10) and as_fraction(-2.75) == Fraction(-11, 4)
    exact = fraction_array(np.array([[0.1, 0.25], [1.5, -2.0]]))
    assert exact.dtype == object and exact.shape == (2, 2)
    assert exact.tolist() == [[Fraction(1, 10), Fraction(1, 4)], [Fraction(3, 2), Fraction(-2)]]
    assert fraction_array(0.3) == Fraction(3, 10)


def test_exact_text_of_numbers_vectors_and_matrices():
    assert format_exact(Fraction(7, 6)) == "7/6" and format_exact(Fraction(4, 2)) == "2"
    assert format_exact(fraction_array(np.array([0.5, -0.35]))) == "[1/2, -7/20]"
    assert format_exact(fraction_array(np.array([[1.0, 0.5], [0.25, 0.0]]))) == "[[1, 1/2], [1/4, 0]]"
    mixed = np.array([Fraction(1, 2), 0.3], dtype=object)  # a float inside: no exact form
    assert format_exact(mixed) is None
