"""What every problem family shares: its options, the number pools by difficulty, sampling."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

from solver.formats.codes import FIRST_GENERATOR, CodeError, ProblemCode
from solver.trace import Problem

DIFFICULTIES = (1, 2, 3)


def _grid(step: float, low: float, high: float, zero: bool) -> tuple[float, ...]:
    count = int(round((high - low) / step))
    values = [round(low + i * step, 10) for i in range(count + 1)]
    return tuple(v for v in values if zero or v != 0)


@dataclass(frozen=True)
class Pools:
    """Hand-friendly numbers: integers and halves at d1, quarters at d2, tenths at d3.

    Targets are not here: which ones make sense depends on what the output can reach
    (`target_pool`).
    """

    weights: tuple[float, ...]
    biases: tuple[float, ...]
    inputs: tuple[float, ...]
    rates: tuple[float, ...]
    target_step: float  # spacing of the targets
    # Inputs for a network that does not squash (identity, ReLU, leaky ReLU, softplus): its loss
    # curves more steeply with larger inputs, and a step of the usual η would overshoot.
    gentle_inputs: tuple[float, ...] = ()
    # Biases of a ReLU layer: odd quarters at d1, so that with whole inputs and weights in halves
    # the weighted sum is never exactly on the kink, and leaning positive, so fewer units start dead.
    kink_biases: tuple[float, ...] = ()
    kink_inputs: tuple[float, ...] = ()


POOLS = {
    # Small weights and inputs keep a sigmoid's weighted sum off its flat tails, so most draws
    # pass the checks at the first try; η is a quarter, a half or 1 (no 0.1 at d1: a hand
    # multiplies by 0.1 less easily than by a half).
    1: Pools(
        weights=(-1.0, -0.5, 0.5, 1.0),
        biases=(-0.5, 0.0, 0.5),
        inputs=(-2.0, -1.0, 1.0, 2.0),
        rates=(0.25, 0.5),
        target_step=0.5,
        gentle_inputs=(-1.0, -0.5, 0.5, 1.0),
        kink_biases=(-0.25, 0.25, 0.75),
        kink_inputs=(-1.0, 1.0),
    ),
    2: Pools(
        weights=_grid(0.25, -2, 2, zero=False),
        biases=_grid(0.25, -1, 1, zero=True),
        inputs=_grid(0.5, -2, 2, zero=False),
        rates=(0.1, 0.2, 0.25, 0.5),
        target_step=0.25,
        gentle_inputs=_grid(0.5, -1, 1, zero=False),
    ),
    3: Pools(
        weights=_grid(0.1, -3, 3, zero=False),
        biases=_grid(0.1, -1, 1, zero=True),
        inputs=_grid(0.1, -2, 2, zero=False),
        rates=(0.01, 0.05, 0.1, 0.2),
        target_step=0.1,
        gentle_inputs=_grid(0.1, -1, 1, zero=False),
    ),
}

# The targets an output can reach (or approach, as 0 and 1 for a sigmoid), by its activation:
# a sigmoid output asked to reach t = 2 teaches nothing but frustration.
TARGET_RANGES = {
    "sigmoid": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "relu": (0.0, 2.0),
    "softplus": (0.0, 2.0),
}
ANY_TARGET = (-1.0, 2.0)  # identity and leaky ReLU reach every number


def target_pool(activation: str, loss: str, difficulty: int) -> tuple[float, ...]:
    if loss == "bce":
        return (0.0, 1.0)
    low, high = TARGET_RANGES.get(activation, ANY_TARGET)
    return _grid(POOLS[difficulty].target_step, low, high, zero=True)


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
    # Builders of later generators, by number; `build` is generator 1. Drawing never changes
    # in place: a change goes here as generator N, so every code already issued keeps its numbers.
    later: Mapping[int, Callable[[ProblemCode], Problem]] = field(default_factory=dict)

    @property
    def generators(self) -> tuple[int, ...]:
        return (FIRST_GENERATOR, *sorted(self.later))

    @property
    def newest(self) -> int:
        """The generator a fresh draw uses: a code made today is as clean as this quizapp draws."""
        return self.generators[-1]

    def check_generator(self, generator: int) -> None:
        if generator not in self.generators:
            known = ", ".join(f"g{n}" for n in self.generators)
            raise CodeError(f"{self.name} has no generator g{generator} (this quizapp knows {known}); "
                            f"the code may come from a newer quizapp")

    def builder(self, generator: int) -> Callable[[ProblemCode], Problem]:
        return self.build if generator == FIRST_GENERATOR else self.later[generator]

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


# A step value this small beside the largest value of its problem is the rounding dust of an
# exact 0 (attention's ∂L/∂Q when two keys share a coordinate, batch norm's ∂L/∂β when the
# targets average to β): on paper it is 0, and a worked solution showing -1.963e-17 tells the
# learner something false. The families of issue 15 draw again instead, and so does generator 2
# of the earlier families that showed it (neuron, mlp, softmax-ce, residual, optimizer,
# softmax-jacobian; see solver/formats/codes.py).
DUST = 1e-13


def dusty_rows(steps: "np.ndarray") -> "np.ndarray":
    """Rows (one problem each, its step values side by side) holding a value that is neither
    exactly 0 nor more than rounding dust of 0, judged against the row's largest value."""
    magnitude = np.abs(steps)
    scale = np.nanmax(np.where(np.isfinite(magnitude), magnitude, 0.0), axis=1, keepdims=True)
    return ((magnitude > 0) & (magnitude < DUST * scale)).any(axis=1)



def dusty_steps(template, values: Mapping) -> bool:
    """Whether one solved problem shows such dust in a step value (None, text: not numbers)."""
    numbers = [np.ravel(np.asarray(values[step], dtype=float)) for step in template.step_ids
               if values.get(step) is not None and not isinstance(values[step], str)]
    return bool(numbers) and bool(dusty_rows(np.concatenate(numbers)[None, :])[0])
