"""Comparing a learner's number, vector or matrix with a reference value, in significant figures.

A value is asked for to `figures` significant figures (4 unless the learner chose fewer). The
answer is *precise* when it is the true value correctly rounded or truncated to that many
figures, or anything closer (within half a unit in the last asked-for place, or short of the
value by less than one unit). Being relative to the
value's own size, this is as strict for a vanishing gradient of 1e-8 as for a loss of 100: there
is no absolute floor under which everything passes. So 0, or the opposite sign, is never right
for a value that is not 0. An answer right to fewer figures (at least MIN_FIGURES) is *near*:
the grader asks for more digits instead of calling it wrong. A value that is exactly 0 (a dead
unit) is matched exactly; only float noise (below ZERO_NOISE) counts as 0.

Callers with a tolerance of their own (a bank question's absolute tolerance) use the older
*band* mode instead: precise inside 4-figure rounding, *close* inside their band.
Vectors and matrices are checked shape first, then entry by entry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np

from solver.fmt import format_scalar

FIGURES = 4  # significant figures a value is asked for by default
MIN_FIGURES = 2  # fewer right figures than this is not "nearly right", it is wrong
ZERO_NOISE = 1e-12  # float noise: 0.1 + 0.2 - 0.3 is 0 to a person; every step value is far larger
PRECISE_REL = 5e-4  # band mode: rounding to 4 significant figures moves a value by at most this fraction
SLACK = 1 + 1e-9  # so that an answer exactly on an edge (0.2689 for 0.26885) is inside


@dataclass(frozen=True)
class Tolerance:
    """Significant figures asked for; or, with `rel`/`abs` set, a caller's own accept band."""

    figures: int = FIGURES
    rel: float | None = None
    abs: float | None = None

    @property
    def banded(self) -> bool:
        return self.rel is not None or self.abs is not None

    @classmethod
    def make(cls, figures: int | None = None, rel: float | None = None, abs_: float | None = None) -> "Tolerance":
        if rel is not None or abs_ is not None:
            return cls(FIGURES, float(rel or 0.0), float(abs_ or 0.0))
        return cls(FIGURES if figures is None else int(figures))


class Level(IntEnum):
    OFF = 0
    NEAR = 1  # right to fewer significant figures than asked: keep more digits
    CLOSE = 2  # band mode: inside the caller's band, outside 4-figure rounding
    PRECISE = 3


def last_place(value: float, figures: int) -> float:
    """One unit in the last of `figures` significant figures of `value` (nonzero)."""
    return 10.0 ** (math.floor(math.log10(abs(value))) - figures + 1)


def figures_right(received: float, expected: float, most: int) -> int:
    """How many significant figures of `expected` (nonzero) `received` has right, up to `most`:
    the largest n for which it is `expected` rounded to n figures (within half a unit of the
    n-th figure), or truncated to n figures (short of it by less than one unit), or closer."""
    if received == 0 or (received > 0) != (expected > 0):
        return 0
    error = abs(received - expected)
    truncated = abs(received) < abs(expected)
    for n in range(most, 0, -1):
        unit = last_place(expected, n)
        if error <= 0.5 * unit * SLACK or (truncated and error < unit * SLACK):
            return n
    return 0


def _scalar_level(received: float, expected: float, tol: Tolerance) -> Level:
    if not (math.isfinite(received) and math.isfinite(expected)):
        return Level.PRECISE if received == expected else Level.OFF
    if tol.banded:
        error, scale = abs(received - expected), abs(expected)
        if error <= max(min(PRECISE_REL, tol.rel) * scale, ZERO_NOISE) * SLACK:
            return Level.PRECISE
        return Level.CLOSE if error <= max(tol.rel * scale, tol.abs) * SLACK else Level.OFF
    if abs(expected) <= ZERO_NOISE:  # exactly 0: a dead unit, a gradient that is really 0
        return Level.PRECISE if abs(received) <= ZERO_NOISE else Level.OFF
    right = figures_right(received, expected, tol.figures)
    if right >= tol.figures:
        return Level.PRECISE
    return Level.NEAR if right >= MIN_FIGURES else Level.OFF


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool)


def is_numeric(value: Any) -> bool:
    """A float or a float array (not None, "undefined" or a symbolic expression)."""
    if is_number(value):
        return True
    return isinstance(value, np.ndarray) and value.dtype.kind in "fi"


def conform(received: Any, expected: Any) -> Any:
    """The learner's value in the reference's shape where a person would see no difference.

    The one shape rule of every step: a number or a flat list has no orientation, so it stands
    for any layout of the same entries in the same order (`0.5` for a one-entry vector or a 1×1
    matrix, `[1, 2, 3]` for a 1×3 row, `[[1], [2]]` for the vector `[1, 2]`), and a tensor
    beyond a matrix (a 1×1×2×2 conv kernel) may be typed without its axes of length one.
    Between two matrices the orientation is what was written: a 3×1 column is not a 1×3 row."""
    if not (is_numeric(received) and is_numeric(expected)):
        return received
    got, want = np.asarray(received, dtype=float), np.asarray(expected, dtype=float)
    if got.shape == want.shape:
        return float(got) if got.ndim == 0 else got
    unoriented = got.ndim <= 1 or want.ndim != 2 or got.size == 1
    if got.size == want.size and unoriented and np.squeeze(got).shape == np.squeeze(want).shape:
        return float(got.reshape(())) if want.ndim == 0 else got.reshape(want.shape)
    return received


@dataclass(frozen=True)
class Comparison:
    level: Level
    shape_ok: bool = True
    off_entries: tuple[tuple[int, ...], ...] = ()  # indices (0-based) of entries that are wrong
    worst_rel: float = 0.0  # largest relative error over the entries (absolute where the reference is 0)
    near_entries: tuple[tuple[int, ...], ...] = ()  # entries right only to fewer figures than asked
    fewest_figures: int = 0  # the fewest significant figures right among the near entries

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
    levels = {index: _scalar_level(float(got[index]), float(want[index]), tol) for index in np.ndindex(want.shape)}
    off = tuple(index for index, level in levels.items() if level == Level.OFF)
    near = tuple(index for index, level in levels.items() if level == Level.NEAR)
    fewest = min((figures_right(float(got[i]), float(want[i]), tol.figures) for i in near), default=0)
    worst = max(relative_error(float(got[i]), float(want[i])) for i in np.ndindex(want.shape))
    return Comparison(min(levels.values()), True, off, worst, near, fewest)


def relative_error(received: float, expected: float) -> float:
    error = abs(received - expected)
    return error / abs(expected) if expected else error


# -- how numbers and shapes are written in feedback -----------------------------------------------
FEEDBACK_FIGURES = 6  # more than the learner is asked for, so that how far off they are shows


def format_number(value: float) -> str:
    """Six significant figures, through the one formatter (trailing zeros say it was rounded)."""
    return format_scalar(float(value), FEEDBACK_FIGURES)


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
