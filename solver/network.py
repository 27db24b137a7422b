"""Feed-forward networks as step traces: forward pass, loss, backward pass, one update.

A network is a list of layers, each `W`, optional `b` and an activation, plus the input `x`,
the target `t`, a loss, a learning rate and optionally one skip connection that adds a
layer's output (or the input) into a later layer's pre-activation. A layer is one of three
kinds, read off the shape of W:
- scalar: W a number, input and output numbers (the article's chain x -> w1 -> w2 -> y);
- dot:    W a vector, a neuron with several inputs and one output;
- dense:  W a matrix (rows = outputs, columns = inputs).
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
from solver.trace import Template, fraction_array, solve_values

SCALAR, DOT, DENSE = "scalar", "dot", "dense"


@dataclass(frozen=True)
class LayerShape:
    kind: str
    n_in: int
    n_out: int
    activation: str
    bias: bool
    slope: float = ops.LEAKY_SLOPE  # leaky ReLU's negative-side slope (unused by other activations)


@dataclass(frozen=True)
class Structure:
    layers: tuple[LayerShape, ...]
    loss: str
    skip: tuple[int, int] | None = None  # (source layer, target layer); source 0 is the input x

    def __hash__(self) -> int:
        # Structures key the template caches on every solve: hash the nested tuples once.
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.layers, self.loss, self.skip))

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
        if layer == self.depth and all(s.kind == SCALAR for s in self.layers):
            return "y"
        return "a" + self.suffix(layer)

    def pre_activation(self, layer: int) -> str:
        if self.layers[layer - 1].activation == "identity":
            return self.output(layer)
        return "z" + self.suffix(layer)

    def given_names(self) -> tuple[str, ...]:
        names = ["x", "t", "eta"]
        for layer in range(1, self.depth + 1):
            names.append(self.weight(layer))
            if self.layers[layer - 1].bias:
                names.append(self.bias(layer))
        return tuple(names)

    @cached_property
    def rational(self) -> bool:
        return ops.LOSSES[self.loss].rational and all(
            ops.ACTIVATIONS[s.activation].rational for s in self.layers
        )


# -- the declaration: a network as a graph of operations ------------------------------------------
AFFINE = {SCALAR: "affine.scalar", DOT: "affine.dot", DENSE: "affine.dense"}


def _shapes(st: Structure) -> dict[str, tuple[int, ...]]:
    first, last = st.layers[0], st.layers[-1]
    shapes = {"x": () if first.kind == SCALAR else (first.n_in,), "eta": (),
              "t": (last.n_out,) if last.kind == DENSE else ()}
    for layer, shape in enumerate(st.layers, start=1):
        shapes[st.weight(layer)] = {SCALAR: (), DOT: (shape.n_in,), DENSE: (shape.n_out, shape.n_in)}[shape.kind]
        out = (shape.n_out,) if shape.kind == DENSE else ()
        shapes[st.bias(layer)] = shapes[st.pre_activation(layer)] = shapes[st.output(layer)] = out
    return shapes


def network_graph(st: Structure) -> Graph:
    """The network's forward pass as nodes of the operation table, and what the learner is asked."""
    nodes: list[Node] = []
    labels: dict[str, tuple[str, str]] = {}
    wrt: list[str] = ["x"] if st.skip is not None and st.skip[0] == 0 else []
    for layer, shape in enumerate(st.layers, start=1):
        W, prev, pre, out = st.weight(layer), st.output(layer - 1), st.pre_activation(layer), st.output(layer)
        inputs = [("W", W), ("a", prev)]
        wrt.append(W)
        labels[W] = (f"第{layer}层权重的梯度", f"gradient of layer {layer}'s weights")
        if shape.bias:
            inputs.append(("b", st.bias(layer)))
            wrt.append(st.bias(layer))
            labels[st.bias(layer)] = (f"第{layer}层偏置的梯度", f"gradient of layer {layer}'s bias")
        with_skip = st.skip is not None and st.skip[1] == layer
        if with_skip:
            inputs.append(("skip", st.output(st.skip[0])))
        labels[prev] = ((f"传回第{layer - 1}层输出的梯度", f"gradient passed back to layer {layer - 1}'s output")
                        if layer > 1 else ("传回输入的梯度", "gradient passed back to the input"))
        nodes.append(Node(pre, AFFINE[shape.kind], tuple(inputs), (
            f"第{layer}层的加权和" + ("（含跳跃连接）" if with_skip else ""),
            f"layer {layer} weighted sum" + (" (with the skip connection)" if with_skip else ""))))
        if shape.activation == "identity":
            continue
        if st.loss == "softmax_ce" and layer == st.depth:
            nodes.append(Node(out, "softmax", (("z", pre),), ("softmax 输出的概率", "softmax probabilities")))
            labels[pre] = ("softmax 交叉熵对加权和（logits）的梯度",
                           "gradient of softmax cross-entropy at the weighted sum (the logits)")
            continue
        params = (("slope", shape.slope),) if shape.activation == "leaky_relu" else ()
        nodes.append(Node(out, shape.activation, (("z", pre),), (f"第{layer}层的激活输出", f"layer {layer} activation"),
                          params))
        labels[pre] = (f"第{layer}层加权和的梯度", f"gradient at layer {layer}'s weighted sum")
    output = st.output(st.depth)
    labels[output] = ("损失对输出的梯度", "gradient of the loss with respect to the output")
    nodes.append(Node("L", st.loss, (("y", output), ("t", "t")), ("损失", "loss")))
    updates = []
    for layer in range(st.depth, 0, -1):
        updates.append(Update(st.weight(layer), (f"更新后的第{layer}层权重", f"layer {layer} weights after the update")))
        if st.layers[layer - 1].bias:
            updates.append(Update(st.bias(layer), (f"更新后的第{layer}层偏置", f"layer {layer} bias after the update")))
    return Graph(st.given_names(), tuple(nodes), "L", tuple(wrt), _shapes(st), labels, tuple(updates))


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
    for layer, shape in enumerate(st.layers, start=1):
        for name in (st.weight(layer), *((st.bias(layer),) if shape.bias else ())):
            given[name] = values[name + "_new"]
    return given


def switched_off(st: Structure, values: dict) -> list[str]:
    """ReLU pre-activations with an entry the update turns from positive to <= 0 (same input):
    that unit stops passing gradient for this example, which a learner should be told."""
    relu = [st.pre_activation(layer) for layer, shape in enumerate(st.layers, start=1) if shape.activation == "relu"]
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
        if ops.ACTIVATIONS[shape.activation].kink is not None:
            pre = st.pre_activation(layer)
            if np.any(np.abs(np.asarray(values[pre], dtype=float)) < 1e-9):  # rounding dust counts
                hits.append((pre, repr(shape.slope) if shape.activation == "leaky_relu" else "0"))
    return hits
