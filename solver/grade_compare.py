"""Comparing a learner's number, vector or matrix with a reference value, within tolerances.

Two bands. An answer inside the *precise* band is what correct hand work to four significant
figures gives (the error of rounding to 4 significant figures is at most 5e-4 of the value), so
it is simply correct. An answer outside that but inside the *accept* band (three significant
figures, or four decimal places for numbers near zero, the way the worked solutions print
them) is right but imprecise: "close". Anything else is off. Vectors and matrices are checked
shape first, then entry by entry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np

PRECISE_REL = 5e-4  # rounding to 4 significant figures moves a value by at most this fraction
PRECISE_ABS = 1e-9  # float noise: 0.1 + 0.2 - 0.3 is 0 to a person
ACCEPT_REL = 5e-3  # 3 significant figures
ACCEPT_ABS = 5e-5  # 4 decimal places, as the worked solution prints numbers
SLACK = 1 + 1e-9  # so that an answer exactly on the band's edge (0.2689 for 0.26885) is inside


@dataclass(frozen=True)
class Tolerance:
    rel: float = ACCEPT_REL
    abs: float = ACCEPT_ABS
    precise_rel: float = PRECISE_REL
    precise_abs: float = PRECISE_ABS

    @classmethod
    def make(cls, rel: float | None = None, abs_: float | None = None) -> "Tolerance":
        """Defaults, with a caller's (or a step's) accept band; the precise band never wider."""
        rel = ACCEPT_REL if rel is None else float(rel)
        abs_ = ACCEPT_ABS if abs_ is None else float(abs_)
        return cls(rel, abs_, min(PRECISE_REL, rel), min(PRECISE_ABS, abs_))


class Level(IntEnum):
    OFF = 0
    CLOSE = 1
    PRECISE = 2


def _scalar_level(received: float, expected: float, tol: Tolerance) -> Level:
    if not (math.isfinite(received) and math.isfinite(expected)):
        return Level.PRECISE if received == expected else Level.OFF
    error = abs(received - expected)
    scale = abs(expected)
    if error <= max(tol.precise_rel * scale, tol.precise_abs) * SLACK:
        return Level.PRECISE
    if error <= max(tol.rel * scale, tol.abs) * SLACK:
        return Level.CLOSE
    return Level.OFF


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool)


def is_numeric(value: Any) -> bool:
    """A float or a float array (not None, "undefined" or a symbolic expression)."""
    if is_number(value):
        return True
    return isinstance(value, np.ndarray) and value.dtype.kind in "fi"


def conform(received: Any, expected: Any) -> Any:
    """The learner's value in the reference's shape where a person would see no difference:
    `0.5` for a one-entry vector, `[[1], [2]]` for the vector `[1, 2]`."""
    if not (is_numeric(received) and is_numeric(expected)):
        return received
    got, want = np.asarray(received, dtype=float), np.asarray(expected, dtype=float)
    if got.shape == want.shape:
        return float(got) if got.ndim == 0 else got
    if got.size == want.size and (want.ndim <= 1 or got.size == 1) and np.squeeze(got).shape == np.squeeze(want).shape:
        return float(got.reshape(())) if want.ndim == 0 else got.reshape(want.shape)
    return received


@dataclass(frozen=True)
class Comparison:
    level: Level
    shape_ok: bool = True
    off_entries: tuple[tuple[int, ...], ...] = ()  # indices (0-based) of entries outside the accept band
    worst_rel: float = 0.0  # largest relative error over the entries (absolute where the reference is 0)

    @property
    def accepted(self) -> bool:
        return self.level >= Level.CLOSE


def compare(received: Any, expected: Any, tol: Tolerance) -> Comparison:
    """How `received` (already parsed) stands against `expected`; None on either side means
    'does not exist' and only matches None."""
    if expected is None or received is None:
        return Comparison(Level.PRECISE if expected is None and received is None else Level.OFF)
    if not (is_numeric(received) and is_numeric(expected)):
        return Comparison(Level.OFF, shape_ok=False)
    received = conform(received, expected)
    got, want = np.asarray(received, dtype=float), np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        return Comparison(Level.OFF, shape_ok=False)
    if want.ndim == 0:
        level = _scalar_level(float(got), float(want), tol)
        off = () if level else ((),)
        return Comparison(level, True, off, relative_error(float(got), float(want)))
    levels = {index: _scalar_level(float(got[index]), float(want[index]), tol) for index in np.ndindex(want.shape)}
    off = tuple(index for index, level in levels.items() if level == Level.OFF)
    worst = max(relative_error(float(got[i]), float(want[i])) for i in np.ndindex(want.shape))
    return Comparison(min(levels.values()), True, off, worst)


def relative_error(received: float, expected: float) -> float:
    error = abs(received - expected)
    return error / abs(expected) if expected else error


# -- how numbers and shapes are written in feedback -----------------------------------------------
def format_number(value: float) -> str:
    """Six significant figures: more than the learner needs to see how far off they are."""
    value = float(value)
    if value == 0:
        return "0"
    text = f"{value:.6g}"
    return text


def format_any(value: Any) -> str:
    if value is None or (isinstance(value, str) and value == "undefined"):
        return "undefined"
    if isinstance(value, str):
        return value
    if not is_numeric(value):
        return str(value)
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return format_number(array.item())
    if array.ndim == 1:
        return "[" + ", ".join(format_number(v) for v in array) + "]"
    return "[" + ", ".join(format_any(row) for row in array) + "]"


def shape_text(value: Any) -> tuple[str, str]:
    """(zh, en) name of a value's shape: a number, a vector of 3, a 3x2 matrix."""
    if value is None or isinstance(value, str):
        return ("“不存在”", "'undefined'")
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return ("一个数", "a number")
    if array.ndim == 1:
        return (f"长度为 {array.shape[0]} 的向量", f"a vector of {array.shape[0]}")
    dims = "x".join(str(n) for n in array.shape)
    return (f"{dims} 矩阵", f"a {dims} matrix")


def entry_names(indices: tuple[tuple[int, ...], ...], limit: int = 6) -> tuple[str, str]:
    """(zh, en) list of entries, counted from 1 the way people count rows and columns."""
    shown = indices[:limit]
    zh, en = [], []
    for index in shown:
        if len(index) == 1:
            zh.append(f"第 {index[0] + 1} 个")
            en.append(f"entry {index[0] + 1}")
        else:
            zh.append(f"第 {index[0] + 1} 行第 {index[1] + 1} 列")
            en.append(f"row {index[0] + 1} column {index[1] + 1}")
    more = len(indices) - len(shown)
    if more > 0:
        zh.append(f"另外 {more} 个")
        en.append(f"{more} more")
    return "、".join(zh), ", ".join(en)
