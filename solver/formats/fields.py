"""Checked reading of a network description's fields: numbers, names, required keys.

Every message starts with where the value sits in the description (`layers[1].W`, `x`), so that
the application can prefix the file's name; nothing here raises anything but `NetworkError`.
Layer types (solver.layers) read their own keys with these.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

MAX_UNITS = 16  # a problem for a person, not a model: keep every layer small


class NetworkError(ValueError):
    """A network description that cannot be solved; the message says where and what."""


def shape_text(array: np.ndarray) -> str:
    if array.ndim == 0:
        return "a number"
    if array.ndim == 1:
        return f"a vector of {array.shape[0]}"
    return "x".join(str(n) for n in array.shape)


def numeric(value: Any, where: str, max_rank: int = 2) -> np.ndarray:
    """A number, vector or matrix (or up to `max_rank` nested levels) of finite numbers."""
    def check(item, path, depth):
        if isinstance(item, bool) or not isinstance(item, (numbers.Real, list, tuple)):
            raise NetworkError(f"{path}: expected a number, got {type(item).__name__} {item!r}"[:200])
        if isinstance(item, (list, tuple)):
            if depth >= max_rank:
                raise NetworkError(f"{path}: nested too deep (at most {max_rank} levels here)")
            if not item:
                raise NetworkError(f"{path}: empty list")
            for index, sub in enumerate(item):
                check(sub, f"{path}[{index}]", depth + 1)

    check(value, where, 0)
    try:
        array = np.asarray(value, dtype=float)
    except ValueError:
        raise NetworkError(f"{where}: rows of different lengths") from None
    if array.ndim > max_rank:
        raise NetworkError(f"{where}: expected a number, a vector or a matrix, got {array.ndim} nested levels")
    if not np.all(np.isfinite(array)):
        raise NetworkError(f"{where}: every entry must be a finite number")
    if array.size > MAX_UNITS * MAX_UNITS:
        raise NetworkError(f"{where}: too large for a hand-worked problem (at most {MAX_UNITS} units a layer)")
    return array


def require(data: dict, key: str, where: str):
    if key not in data:
        raise NetworkError(f"{where}{key}: missing")
    return data[key]


def name(value: Any, where: str, allowed) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise NetworkError(f"{where}: unknown {value!r}; expected one of {', '.join(allowed)}")
    return value


def number_in(value: Any, where: str, low: float, high: float, text: str, low_open: bool = False,
              high_open: bool = False) -> float:
    """A plain number within [low, high] (ends open where said); `text` says what is expected."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise NetworkError(f"{where}: expected {text}, got {value!r}"[:200])
    number = float(value)
    below = number <= low if low_open else number < low
    above = number >= high if high_open else number > high
    if not np.isfinite(number) or below or above:
        raise NetworkError(f"{where}: expected {text}, got {value!r}"[:200])
    return number


def unknown_keys(data: dict, allowed, where: str) -> None:
    extra = sorted(set(data) - set(allowed))
    if extra:
        raise NetworkError(f"{where}{extra[0]}: unknown key; expected {', '.join(allowed)}")
