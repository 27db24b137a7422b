"""How numbers are written for people: short, exact where exact, 4 decimals otherwise."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

DISPLAY_DECIMALS = 4


def format_scalar(value: float) -> str:
    if value is None:
        return "undefined"
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    # Fixed-point formatting rounds correctly (as round(value, 4) does); then trim the zeros.
    text = (_FIXED % value).rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


_FIXED = f"%.{DISPLAY_DECIMALS}f"


def format_value(value) -> str:
    """A scalar as `0.25`, a vector as `[0.25, -1]`, a matrix as `[[1, 2], [3, 4]]`."""
    if value is None:
        return "undefined"
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return format_scalar(value.item())
        # tolist() gives Python floats: formatting them is several times cheaper than NumPy scalars.
        return _format_nested(value.tolist())
    if isinstance(value, (list, tuple)):
        return _format_nested(value)
    return format_scalar(value)


def _format_nested(items) -> str:
    if items and isinstance(items[0], (list, tuple)):
        return "[" + ", ".join(map(_format_nested, items)) + "]"
    return "[" + ", ".join(map(format_scalar, items)) + "]"


def format_fraction(value: Fraction) -> str:
    if not isinstance(value, Fraction):
        value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def format_exact(value) -> str | None:
    """Exact form of a Fraction (or an object array of them); None when not exact."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Fraction):
        return format_fraction(value)
    if isinstance(value, np.ndarray) and value.dtype == object:
        if value.ndim == 0:
            return format_exact(value.item())
        # tolist() gives nested lists of the Fractions themselves: no per-element array views
        return _format_exact_nested(value.tolist())
    if isinstance(value, int):
        return str(value)
    return None


def _format_exact_nested(items: list) -> str | None:
    parts = [_format_exact_nested(item) if isinstance(item, list) else format_exact(item) for item in items]
    return None if None in parts else "[" + ", ".join(parts) + "]"


def to_jsonable(value):
    """Full double precision numbers, nested lists for arrays, None for undefined."""
    if value is None or isinstance(value, str):
        return value
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return float(array)
    return array.tolist()
