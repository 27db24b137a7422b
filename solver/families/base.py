"""What every problem family shares: its options, the number pools by difficulty, sampling."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from solver.codes import CodeError, ProblemCode
from solver.trace import Problem

DIFFICULTIES = (1, 2, 3)


def _grid(step: float, low: float, high: float, zero: bool) -> tuple[float, ...]:
    count = int(round((high - low) / step))
    values = [round(low + i * step, 10) for i in range(count + 1)]
    return tuple(v for v in values if zero or v != 0)


@dataclass(frozen=True)
class Pools:
    """Hand-friendly numbers: small integers and halves at d1, quarters at d2, tenths at d3."""

    weights: tuple[float, ...]
    biases: tuple[float, ...]
    inputs: tuple[float, ...]
    targets: tuple[float, ...]
    rates: tuple[float, ...]


POOLS = {
    1: Pools(
        weights=(-2.0, -1.0, -0.5, 0.5, 1.0, 2.0),
        biases=(-1.0, 0.0, 1.0),
        inputs=(-2.0, -1.0, 1.0, 2.0),
        targets=(-1.0, 0.0, 1.0, 2.0),
        rates=(0.1, 0.5, 1.0),
    ),
    2: Pools(
        weights=_grid(0.25, -2, 2, zero=False),
        biases=_grid(0.25, -1, 1, zero=True),
        inputs=_grid(0.5, -2, 2, zero=False),
        targets=_grid(0.5, -1, 2, zero=True),
        rates=(0.1, 0.2, 0.25, 0.5),
    ),
    3: Pools(
        weights=_grid(0.1, -3, 3, zero=False),
        biases=_grid(0.1, -1, 1, zero=True),
        inputs=_grid(0.1, -2, 2, zero=False),
        targets=_grid(0.1, -1, 2, zero=True),
        rates=(0.01, 0.05, 0.1, 0.2),
    ),
}


@dataclass(frozen=True)
class Option:
    name: str
    default: str
    help_en: str
    choices: tuple[str, ...] = ()  # empty: validated by the family's own parser


@dataclass(frozen=True)
class Family:
    """A problem generator. `build(code)` returns the solved problem for a full code."""

    name: str
    summary_zh: str
    summary_en: str
    options: tuple[Option, ...]
    build: Callable[[ProblemCode], Problem]
    normalise: Callable[[tuple[str, ...]], tuple[str, ...]] = lambda options: options
    example_seed: int = 42

    @property
    def example(self) -> str:
        return str(ProblemCode(self.name, tuple(o.default for o in self.options), 1, self.example_seed))

    def read_options(self, raw: Sequence[str]) -> tuple[str, ...]:
        if len(raw) > len(self.options):
            names = ":".join(o.name for o in self.options) or "no options"
            raise CodeError(f"{self.name} takes {len(self.options)} options ({names}), got {len(raw)}; "
                            f"for example {self.example}")
        filled = list(raw) + [o.default for o in self.options[len(raw):]]
        for option, value in zip(self.options, filled):
            if option.choices and value not in option.choices:
                raise CodeError(f"unknown {option.name} '{value}' for {self.name}; "
                                f"expected one of {', '.join(option.choices)}; for example {self.example}")
        return self.normalise(tuple(filled))


def seeds_array(seeds) -> np.ndarray:
    return np.asarray(seeds, dtype=np.uint64).reshape(-1)
