"""What a layer type is: one class saying how its layer is read from a network file, its
parameters and shapes, the graph nodes it adds, how it is written back and described.

A network (solver.network.Structure) is a tuple of layers, each an instance of a `Layer`
subclass: a frozen dataclass holding the layer's *structure* (sizes, activation, stride, ε),
never its numbers, so that equal structures share one cached template. The numbers are given
values named `{base}{layer}` (`W1`, `b1`, `gamma2`), or `{base}` in a one-layer network.

To add a layer type: subclass `Layer` in a new module of solver/layers/, fill in the five
methods, and add the class to `LAYER_TYPES` in solver/layers/__init__.py. Its operations go in
a new module of solver/ops/ (docs/engine.md, "Adding an operation"). docs/network-files.md
documents every type's keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

Words = tuple[str, str]  # (zh, en)


@dataclass(frozen=True)
class Param:
    """One parameter of a layer: its id without the layer number, its shape, what it is called
    (a noun: 权重 / weights) and whether weight decay applies to it (weights yes; biases, γ, β no)."""

    base: str
    shape: tuple[int, ...]
    words: Words
    decayed: bool = False
    pool: str = "weights"  # where a family draws its hand-friendly values (solver.families.networks)
    # Its id in a network of several layers, by layer number, where base + number would misread:
    # an RNN's initial state of layer 1 is h1_t0 beside h1_t1, h1_t2, not h01.
    layered: str | None = None

    def id(self, layer: int, depth: int) -> str:
        """The value's id: `W_xh` in a one-layer network, `W_xh2` (or `layered`) in layer 2 of several."""
        if depth == 1:
            return self.base
        return self.layered.format(layer=layer) if self.layered else f"{self.base}{layer}"


@dataclass(frozen=True)
class LayerInput:
    """What a layer type's `read` gets: its object from the file, where it sits (`layers[1]`),
    and what flows into it, per sample (`shape`, () for a number; `samples` is the mini-batch
    size, None for one sample)."""

    data: dict
    where: str
    index: int
    shape: tuple[int, ...]
    samples: int | None

    @property
    def source(self) -> str:
        return "the input x" if self.index == 0 else f"layer {self.index}'s outputs"


class Layer:
    """Base of every layer type. Subclasses are frozen dataclasses with an `input_shape` (a field
    or a property: the shape of the layer's input for one sample, () for a number)."""

    type: ClassVar[str]  # the file's `"type"`
    keys: ClassVar[tuple[str, ...]]  # the keys its object may have besides "type"
    asks_input_gradient: ClassVar[bool] = False  # as the first layer, ∂L/∂x is asked too (batch norm)
    input_ranks: ClassVar[tuple[int, ...]] = (0, 1)  # as the first layer: x a number or a vector

    @classmethod
    def read(cls, entry: LayerInput) -> tuple["Layer", dict[str, np.ndarray]]:
        """The layer and its parameters' values by base name; NetworkError (solver.formats.fields)
        naming `entry.where` when the object is wrong."""
        raise NotImplementedError

    def parameters(self) -> tuple[Param, ...]:
        return ()

    def constants(self) -> tuple[Param, ...]:
        """Given values that are not learned (dropout's mask): no gradient, no update. Their shape
        is per sample; in a mini-batch they get the sample axis in front."""
        return ()

    def output_shape(self) -> tuple[int, ...]:
        """The shape of its output for one sample."""
        raise NotImplementedError

    def emit(self, scope: "LayerScope") -> str:
        """Add the layer's nodes through `scope` and return the id of its output."""
        raise NotImplementedError

    def write(self, values: Mapping[str, Any]) -> dict:
        """Its object for the network file, from its parameters' values by base name."""
        raise NotImplementedError

    def describe(self) -> Words:
        """A short phrase for the prompt: `batch norm over 2 features`."""
        raise NotImplementedError

    @property
    def rational(self) -> bool:
        """Whether every operation it adds maps rationals to rationals (exact forms exist)."""
        return False


def plain(value) -> float | list:
    """A value as the network file writes it: a float or nested lists of floats."""
    array = np.asarray(value, dtype=float)
    return float(array) if array.ndim == 0 else array.tolist()


def shape_words(shape: tuple[int, ...]) -> str:
    """`4×3`, `3`, `1` for a number: how a step's shape is written beside it."""
    return "×".join(str(n) for n in shape) if shape else "1"


class LayerScope:
    """One layer's view of the graph being built: where its input comes from, how its values are
    named, and `node` to add an operation. The network (solver.network) makes one per layer."""

    def __init__(self, builder, layer: int, depth: int, input: str, input_shape: tuple[int, ...],
                 samples: int | None, output: str, last: bool, loss: str, skip: str | None,
                 weight_decay: bool = False):
        self._builder = builder
        self.layer, self.depth = layer, depth
        self.input, self.input_shape = input, input_shape  # input_shape per sample
        self.samples = samples
        self.output = output  # the id the layer's output is to have
        self.last, self.loss, self.skip = last, loss, skip
        self.weight_decay = weight_decay  # the loss adds (λ/2)·Σ‖W‖²: decayed weights get a second path

    def id(self, base: str) -> str:
        """A value of this layer: `z2` (or `z` in a one-layer network)."""
        return base if self.depth == 1 else f"{base}{self.layer}"

    def shape(self, per_sample: tuple[int, ...]) -> tuple[int, ...]:
        """A value's shape with the mini-batch's sample axis in front when there is one."""
        return (self.samples, *per_sample) if self.samples else tuple(per_sample)

    def node(self, id: str, op: str, inputs, label: Words, shape: tuple[int, ...], params=()) -> str:
        """Add the operation `op` (a key of solver.ops.table.OPERATIONS) as value `id` of `shape`
        (the full shape, sample axis included: use `self.shape`)."""
        self._builder.add(id, op, tuple(inputs), label, tuple(shape), tuple(params))
        return id

    def grad_label(self, value: str, words: Words) -> None:
        """What the step ∂L/∂value is called."""
        self._builder.labels[value] = words
