"""Feed-forward networks as step traces: forward pass, loss, backward pass, one update.

A network is a list of layers (solver.layers: dense, and every other registered type), plus
the input `x`, the target `t`, a loss, a learning rate, optionally one skip connection that adds
a layer's output (or the input) into a later dense layer's pre-activation, optionally a
mini-batch (`samples`: x and t hold one row per sample, the loss is the mean over samples) and
optionally weight decay (the loss adds (λ/2)·Σ‖W‖² over the weights, λ the given `lambda`).
A network is declared as a graph of the operation table's operations (`network_graph`); its
template (formulas, dependencies, compute functions, named mistakes) is derived from that graph
by solver.graph, depends only on the structure and is cached; the numbers then flow through NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from solver import ops
from solver.graph import Graph, Node, Update, grad, trace
from solver.layers import DENSE, DOT, SCALAR, Layer, LayerScope, LayerShape, Param
from solver.trace import Template, fraction_array, solve_values

__all__ = ["DENSE", "DOT", "SCALAR", "LayerShape", "Structure", "build_template", "forward_template",
           "grad", "network_graph"]

DECAY = "lambda"  # the given value λ of weight decay


@dataclass(frozen=True)
class Structure:
    layers: tuple[Layer, ...]
    loss: str
    skip: tuple[int, int] | None = None  # (source layer, target layer); source 0 is the input x
    samples: int | None = None  # a mini-batch of this many samples (rows of x and t); None: one sample
    weight_decay: bool = False  # the loss adds (λ/2)·Σ‖W‖², λ the given value `lambda`

    def __hash__(self) -> int:
        # Structures key the template caches on every solve: hash the nested tuples once.
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.layers, self.loss, self.skip, self.samples, self.weight_decay))

    @property
    def depth(self) -> int:
        return len(self.layers)

    def suffix(self, layer: int) -> str:
        return "" if self.depth == 1 else str(layer)

    def weight(self, layer: int) -> str:
        return ("W" if self.layers[layer - 1].kind == DENSE else "w") + self.suffix(layer)

    def bias(self, layer: int) -> str:
        return "b" + self.suffix(layer)

    def output(self, layer: int) -> str:
        """Id of a layer's output; layer 0 is the input."""
        if layer == 0:
            return "x"
        if layer == self.depth and all(getattr(s, "kind", None) == SCALAR for s in self.layers):
            return "y"
        return "a" + self.suffix(layer)

    def pre_activation(self, layer: int) -> str:
        """Id of a dense layer's weighted sum (its output when the activation is the identity)."""
        if self.layers[layer - 1].activation == "identity":
            return self.output(layer)
        return "z" + self.suffix(layer)

    def parameters(self) -> tuple[tuple[int, str, Param], ...]:
        """(layer, id, Param) of every parameter, layer by layer."""
        return tuple((layer, param.id(layer, self.depth), param)
                     for layer, spec in enumerate(self.layers, start=1) for param in spec.parameters())

    def constants(self) -> tuple[tuple[int, str, Param], ...]:
        """(layer, id, Param) of every given value that is not learned (dropout's mask)."""
        return tuple((layer, const.id(layer, self.depth), const)
                     for layer, spec in enumerate(self.layers, start=1) for const in spec.constants())

    def given_names(self) -> tuple[str, ...]:
        names = ["x", "t", "eta", *((DECAY,) if self.weight_decay else ())]
        names += [name for _, name, _ in self.parameters()]
        names += [name for _, name, _ in self.constants()]
        return tuple(names)

    def sample_shape(self, per_sample: tuple[int, ...]) -> tuple[int, ...]:
        return (self.samples, *per_sample) if self.samples else tuple(per_sample)

    def input_shape(self) -> tuple[int, ...]:
        """The shape of x for one sample."""
        return self.layers[0].input_shape

    @cached_property
    def rational(self) -> bool:
        return ops.LOSSES[self.loss].rational and all(s.rational for s in self.layers)


# -- the declaration: a network as a graph of operations ------------------------------------------
class _Builder:
    """The nodes, shapes and gradient labels of a graph being declared, layer after layer."""

    def __init__(self):
        self.nodes: list[Node] = []
        self.shapes: dict[str, tuple[int, ...]] = {}
        self.labels: dict[str, tuple[str, str]] = {}

    def add(self, id, op, inputs, label, shape, params) -> None:
        self.nodes.append(Node(id, op, inputs, label, params))
        self.shapes[id] = shape


def network_graph(st: Structure) -> Graph:
    """The network's forward pass as nodes of the operation table, and what the learner is asked."""
    builder = _Builder()
    labels = builder.labels
    first_gets_gradient = getattr(st.layers[0], "asks_input_gradient", False)
    wrt: list[str] = ["x"] if (st.skip is not None and st.skip[0] == 0) or first_gets_gradient else []
    builder.shapes.update({"x": st.sample_shape(st.input_shape()), "eta": (),
                           "t": st.sample_shape(st.layers[-1].output_shape())})
    if st.weight_decay:
        builder.shapes[DECAY] = ()
    outputs = ["x"]
    shape = st.input_shape()
    for layer, spec in enumerate(st.layers, start=1):
        for param in spec.parameters():
            name = param.id(layer, st.depth)
            wrt.append(name)
            builder.shapes[name] = param.shape
            labels[name] = (f"第{layer}层{param.words[0]}的梯度", f"gradient of layer {layer}'s {param.words[1]}")
        for const in spec.constants():
            builder.shapes[const.id(layer, st.depth)] = st.sample_shape(const.shape)
        prev = outputs[-1]
        labels[prev] = ((f"传回第{layer - 1}层输出的梯度", f"gradient passed back to layer {layer - 1}'s output")
                        if layer > 1 else ("传回输入的梯度", "gradient passed back to the input"))
        skip = outputs[st.skip[0]] if st.skip is not None and st.skip[1] == layer else None
        scope = LayerScope(builder, layer, st.depth, prev, shape, st.samples, st.output(layer),
                           layer == st.depth, st.loss, skip, st.weight_decay)
        outputs.append(spec.emit(scope))
        shape = spec.output_shape()
    output = outputs[-1]
    labels[output] = ("损失对输出的梯度", "gradient of the loss with respect to the output")
    loss_op = f"batch.{st.loss}" if st.samples else st.loss
    if not st.weight_decay:
        builder.add("L", loss_op, (("y", output), ("t", "t")), ("损失", "loss"), (), ())
    else:
        builder.add("L_data", loss_op, (("y", output), ("t", "t")), ("数据损失（未加正则项）", "data loss (before the penalty)"),
                    (), ())
        weights = [name for _, name, param in st.parameters() if param.decayed]
        builder.add("L", "weight_decay", (("L", "L_data"), ("lam", DECAY), *((f"w{i}", w) for i, w in enumerate(weights, 1))),
                    ("损失：数据损失加 L2 正则项 (λ/2)·Σ‖W‖²", "loss: the data loss plus the L2 penalty (λ/2)·Σ‖W‖²"),
                    (), ())
    updates = []
    for layer in range(st.depth, 0, -1):
        for param in st.layers[layer - 1].parameters():
            zh, en = param.words
            updates.append(Update(param.base + st.suffix(layer), (f"更新后的第{layer}层{zh}", f"layer {layer} {en} after the update")))
    display = {DECAY: "λ"} if st.weight_decay else {}
    return Graph(st.given_names(), tuple(builder.nodes), "L", tuple(wrt), builder.shapes, labels, tuple(updates),
                 display)


@lru_cache(maxsize=512)
def build_template(st: Structure) -> Template:
    return trace(network_graph(st))


@lru_cache(maxsize=512)
def forward_template(st: Structure) -> Template:
    """Only the forward pass and the loss: what the sampler re-runs on the updated parameters
    to see whether the step lowered the loss."""
    return trace(network_graph(st), backward=False)


def updated_given(st: Structure, values: dict) -> dict:
    """The given values with every parameter replaced by its value after the update."""
    given = {name: values[name] for name in st.given_names()}
    for _, name, _ in st.parameters():
        given[name] = values[name + "_new"]
    return given


def switched_off(st: Structure, values: dict) -> list[str]:
    """ReLU pre-activations with an entry the update turns from positive to <= 0 (same input):
    that unit stops passing gradient for this example, which a learner should be told."""
    relu = [st.pre_activation(layer) for layer, shape in enumerate(st.layers, start=1)
            if isinstance(shape, LayerShape) and shape.activation == "relu"]
    if not relu:
        return []
    after = solve_values(forward_template(st), updated_given(st, values))
    return [pre for pre in relu
            if np.any((np.asarray(values[pre], dtype=float) > 0) & (np.asarray(after[pre], dtype=float) <= 1e-9))]


def exact_given(st: Structure, given: dict) -> dict | None:
    if not st.rational:
        return None
    return {name: fraction_array(value) for name, value in given.items()}


def kink_hits(st: Structure, values: dict) -> list[tuple[str, str]]:
    """Pre-activations that sit exactly on a ReLU kink, where the derivative does not exist,
    each with the subgradient used there (0 for ReLU, the slope for leaky ReLU)."""
    hits = []
    for layer, shape in enumerate(st.layers, start=1):
        if isinstance(shape, LayerShape) and ops.ACTIVATIONS[shape.activation].kink is not None:
            pre = st.pre_activation(layer)
            if np.any(np.abs(np.asarray(values[pre], dtype=float)) < 1e-9):  # rounding dust counts
                hits.append((pre, repr(shape.slope) if shape.activation == "leaky_relu" else "0"))
    return hits
