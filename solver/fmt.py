"""How numbers are written for people: 4 significant figures, exact where that is short.

Every text a learner reads (the TUI, `quizapp solve`, plain drills, the exports' text) writes
its numbers through this module; JSON keeps full doubles (`to_jsonable`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import numpy as np

SIGNIFICANT_FIGURES = 4
_PADDED = f"%#.{SIGNIFICANT_FIGURES}g"  # '#' keeps trailing zeros: 0.2350 says four figures
_LARGEST_INTEGER = 1e15  # past this a float's integer part is rounding noise


def format_scalar(value: float, figures: int = SIGNIFICANT_FIGURES) -> str:
    """A number to 4 significant figures (or `figures`), never a nonzero one as 0.

    Integers stay integers (`205`, not `205.0`). A value the 4 figures hold exactly loses its
    trailing zeros (`0.25`, `1.5`); any other keeps them, so `0.2350` tells it was rounded.
    Very small or large values go to scientific notation: `1.171e-5`, `2.5e6`.
    """
    if value is None:
        return "undefined"
    if value.__class__ is not float:
        value = float(value)
    # This runs for every number of every export: the common case is one %-format and a look
    # at the last character.
    text = (_PADDED if figures == SIGNIFICANT_FIGURES else f"%#.{figures}g") % value
    if "e" in text:
        return _scientific(value, text)
    last = text[-1]
    if last != "0" and last != ".":
        return text  # also inf and nan
    trimmed = text.rstrip("0")
    if _holds(trimmed, value):
        trimmed = trimmed.rstrip(".")
        return "0" if trimmed == "-0" else trimmed
    return text[:-1] if last == "." else text  # 2300. -> 2300


def _holds(text: str, value: float) -> bool:
    """Whether the rounded text is the value itself: float dust (0.1 + 0.2) counts as exact."""
    return abs(float(text) - value) <= abs(value) * 1e-12


def _scientific(value: float, text: str) -> str:
    if value.is_integer() and abs(value) < _LARGEST_INTEGER:
        return str(int(value))
    mantissa, _, exponent = text.partition("e")
    if _holds(text, value):
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def format_full(value: float) -> str:
    """A number at full precision for files a program reads back (CSV cells, GIFT and Moodle
    answers): integers as integers, anything else as its shortest repr (0.25, -1.5, 1e-06)."""
    value = float(value)
    if value == int(value) and abs(value) < _LARGEST_INTEGER:
        return str(int(value))
    return repr(value)


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


SHORT_EXACT = 7  # longest fraction, as text, worth showing beside its decimal: -13/24


def value_text(value, exact: str | None = None) -> str:
    """A step's value as a worked solution writes it: `1/3 = 0.3333` where the exact form says
    more than the decimal and is short; just `0.5` where the decimal is the exact value."""
    shown = format_value(value)
    if not exact or exact == shown or isinstance(value, str):
        return shown
    return shown if _exact_adds_nothing(exact, shown) else f"{exact} = {shown}"


@lru_cache(maxsize=4096)
def _exact_adds_nothing(exact: str, shown: str) -> bool:
    exact_parts, shown_parts = _numbers(exact), _numbers(shown)
    if len(exact_parts) != len(shown_parts) or any(len(part) > SHORT_EXACT for part in exact_parts):
        return True
    try:
        return all(Fraction(a) == Fraction(b) for a, b in zip(exact_parts, shown_parts))
    except (ValueError, ZeroDivisionError):
        return True


def _numbers(text: str) -> list[str]:
    return text.replace("[", "").replace("]", "").split(", ")


def equation(formula: str, substituted: str, value: str) -> str:
    """`formula = substituted = value` without saying a thing twice: `f'(z) = 1`, not
    `f'(z) = 1 = 1`, and `∂L/∂b = ∂L/∂z = 0.3`, not `... = 0.3 = 0.3`."""
    right_side = formula.partition(" = ")[2]
    parts = [formula]
    if substituted and substituted not in (right_side, value, f"({value})"):
        parts.append(substituted)
    if value != right_side:
        parts.append(value)
    return " = ".join(parts)
