"""Networks as data: read and check a network description, write one back, and word the prompt.

The description is the `network` object of `quizapp solve CODE --json`: `x`, `t`, `layers`
(each `W`, optional `b`, `activation`, and for leaky_relu an optional `slope`, 0.1 by default),
`loss`, `lr` and optionally `skip` = {from, to}.
Reading it back gives the same problem, so a generated problem can be saved, edited and solved.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from solver import ops
from solver.fmt import format_value
from solver.network import (DENSE, DOT, SCALAR, LayerShape, Structure, build_template, exact_given, kink_hits,
                            switched_off)
from solver.trace import solve_values, Description, Problem

MAX_UNITS = 16  # a problem for a person, not a model: keep every layer small


class NetworkError(ValueError):
    """A network description that cannot be solved; the message says where and what."""


def _shape_text(array: np.ndarray) -> str:
    if array.ndim == 0:
        return "a number"
    if array.ndim == 1:
        return f"a vector of {array.shape[0]}"
    return "x".join(str(n) for n in array.shape)


def _numeric(value: Any, where: str) -> np.ndarray:
    def check(item, path):
        if isinstance(item, bool) or not isinstance(item, (numbers.Real, list, tuple)):
            raise NetworkError(f"{path}: expected a number, got {type(item).__name__} {item!r}"[:200])
        if isinstance(item, (list, tuple)):
            if not item:
                raise NetworkError(f"{path}: empty list")
            for index, sub in enumerate(item):
                check(sub, f"{path}[{index}]")

    check(value, where)
    try:
        array = np.asarray(value, dtype=float)
    except ValueError:
        raise NetworkError(f"{where}: rows of different lengths") from None
    if array.ndim > 2:
        raise NetworkError(f"{where}: expected a number, a vector or a matrix, got {array.ndim} nested levels")
    if not np.all(np.isfinite(array)):
        raise NetworkError(f"{where}: every entry must be a finite number")
    if array.size > MAX_UNITS * MAX_UNITS:
        raise NetworkError(f"{where}: too large for a hand-worked problem (at most {MAX_UNITS} units a layer)")
    return array


def _require(data: dict, key: str, where: str):
    if key not in data:
        raise NetworkError(f"{where}{key}: missing")
    return data[key]


def _name(value: Any, where: str, allowed) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise NetworkError(f"{where}: unknown {value!r}; expected one of {', '.join(allowed)}")
    return value


def read_network(network: Any) -> tuple[Structure, dict]:
    """Check a network description and return its structure and given values."""
    if not isinstance(network, dict):
        raise NetworkError("network: expected an object with x, t, layers, loss and lr")
    known = {"x", "t", "layers", "loss", "lr", "skip"}
    unknown = sorted(set(network) - known)
    if unknown:
        raise NetworkError(f"{unknown[0]}: unknown key; expected {', '.join(sorted(known))}")
    x = _numeric(_require(network, "x", ""), "x")
    t = _numeric(_require(network, "t", ""), "t")
    lr_value = _require(network, "lr", "")
    lr = _numeric(lr_value, "lr")
    if lr.ndim != 0 or not lr > 0:
        raise NetworkError(f"lr: expected a positive number, got {lr_value!r}")
    loss = _name(_require(network, "loss", ""), "loss", tuple(ops.LOSSES))
    layers_data = _require(network, "layers", "")
    if not isinstance(layers_data, list) or not layers_data:
        raise NetworkError("layers: expected a non-empty list of layers")
    if len(layers_data) > 8:
        raise NetworkError("layers: at most 8 layers")
    if x.ndim > 1:
        raise NetworkError(f"x: expected a number or a vector, got {_shape_text(x)}")

    shapes, given = [], {"x": x, "t": t, "eta": lr}
    width = x.shape[0] if x.ndim == 1 else None  # None: a scalar flows
    for index, layer in enumerate(layers_data):
        where = f"layers[{index}]"
        if not isinstance(layer, dict):
            raise NetworkError(f"{where}: expected an object with W, b and activation")
        extra = sorted(set(layer) - {"W", "b", "activation", "slope"})
        if extra:
            raise NetworkError(f"{where}.{extra[0]}: unknown key; expected W, b, activation, slope")
        W = _numeric(_require(layer, "W", where + "."), where + ".W")
        activation = _name(layer.get("activation", "identity"), where + ".activation", tuple(ops.ACTIVATIONS))
        kind, n_in, n_out = _layer_kind(W, width, where, index)
        b = None
        if layer.get("b") is not None:
            b = _numeric(layer["b"], where + ".b")
            expected = () if n_out is None else (n_out,)
            if b.shape != expected:
                want = "a number" if n_out is None else f"a vector of {n_out}"
                raise NetworkError(f"{where}.b: expected {want} to match the layer's outputs, got {_shape_text(b)}")
        slope = _read_slope(layer, activation, where)
        layer_number = index + 1
        shape = LayerShape(kind, n_in or 1, n_out or 1, activation, b is not None, slope)
        shapes.append(shape)
        width = n_out
        given["__W%d" % layer_number] = W
        if b is not None:
            given["__b%d" % layer_number] = b

    _check_output(shapes, loss, t, width)
    skip = _read_skip(network.get("skip"), shapes, x)
    st = Structure(tuple(shapes), loss, skip)
    named = {"x": x, "t": t, "eta": lr}
    for layer in range(1, st.depth + 1):
        named[st.weight(layer)] = given["__W%d" % layer]
        if shapes[layer - 1].bias:
            named[st.bias(layer)] = given["__b%d" % layer]
    return st, named


def _read_slope(layer: dict, activation: str, where: str) -> float:
    """Leaky ReLU's negative-side slope: a number in (0, 1), 0.1 when left out."""
    if "slope" not in layer:
        return ops.LEAKY_SLOPE
    value = layer["slope"]
    if activation != "leaky_relu":
        raise NetworkError(f"{where}.slope: only a leaky_relu layer has a slope, this one is {activation}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < float(value) < 1:
        raise NetworkError(f"{where}.slope: expected a number between 0 and 1 (exclusive), such as 0.1, "
                           f"got {value!r}"[:200])
    return float(value)


def _layer_kind(W: np.ndarray, width: int | None, where: str, index: int):
    source = "the input x" if index == 0 else f"layer {index}'s outputs"
    if W.ndim == 0:
        if width is not None:
            raise NetworkError(f"{where}.W: a single weight needs a single input, but {source} has {width}")
        return SCALAR, None, None
    if width is None:
        raise NetworkError(f"{where}.W: {source} is a single number, so W must be a number, got {_shape_text(W)}")
    if W.ndim == 1:
        if W.shape[0] != width:
            raise NetworkError(f"{where}.W: expected {width} weights to match {width} inputs, got {W.shape[0]}")
        return DOT, width, None
    if W.shape[1] != width:
        raise NetworkError(
            f"{where}.W: expected {width} columns to match {width} inputs, got {_shape_text(W)}"
        )
    return DENSE, width, W.shape[0]


def _check_output(shapes: list[LayerShape], loss: str, t: np.ndarray, width: int | None) -> None:
    last = len(shapes) - 1
    for index, shape in enumerate(shapes):
        if shape.activation == "softmax" and not (index == last and loss == "softmax_ce"):
            raise NetworkError(f"layers[{index}].activation: softmax is only supported on the output layer with loss softmax_ce")
    if loss == "softmax_ce":
        if shapes[-1].activation != "softmax":
            raise NetworkError(f"layers[{last}].activation: loss softmax_ce needs a softmax output layer")
        if width is None or width < 2:
            raise NetworkError(f"layers[{last}].W: softmax needs at least 2 outputs")
        if not (np.all((t == 0) | (t == 1)) and t.sum() == 1):
            raise NetworkError("t: softmax_ce needs a one-hot target such as [0, 1, 0]")
    if loss == "bce":
        if shapes[-1].activation != "sigmoid":
            raise NetworkError(f"layers[{last}].activation: loss bce needs a sigmoid output so that y is in (0, 1)")
        if not np.all((t >= 0) & (t <= 1)):
            raise NetworkError("t: bce needs targets between 0 and 1")
    expected = () if width is None else (width,)
    if t.shape != expected:
        want = "a number" if width is None else f"a vector of {width}"
        raise NetworkError(f"t: expected {want} to match the network's output, got {_shape_text(t)}")


def _read_skip(skip: Any, shapes: list[LayerShape], x: np.ndarray) -> tuple[int, int] | None:
    if skip is None:
        return None
    if not isinstance(skip, dict) or set(skip) != {"from", "to"}:
        raise NetworkError("skip: expected {\"from\": LAYER, \"to\": LAYER}, 0 meaning the input x")
    source, target = skip["from"], skip["to"]
    for key, value in (("from", source), ("to", target)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise NetworkError(f"skip.{key}: expected a layer number, got {value!r}")
    if not (0 <= source and source + 2 <= target <= len(shapes)):
        raise NetworkError(
            f"skip: from {source} to {target} is not a skip connection; it must jump at least one layer "
            f"forward, within layers 0..{len(shapes)}"
        )
    source_width = (x.shape[0] if x.ndim == 1 else None) if source == 0 else (
        shapes[source - 1].n_out if shapes[source - 1].kind == DENSE else None)
    target_width = shapes[target - 1].n_out if shapes[target - 1].kind == DENSE else None
    if source_width != target_width:
        raise NetworkError(f"skip: layer {source}'s output and layer {target}'s pre-activation differ in size")
    return (source, target)


def write_network(st: Structure, given: dict) -> dict:
    def plain(value):
        array = np.asarray(value, dtype=float)
        return float(array) if array.ndim == 0 else array.tolist()

    layers = []
    for layer in range(1, st.depth + 1):
        shape = st.layers[layer - 1]
        entry = {"W": plain(given[st.weight(layer)]), "activation": shape.activation}
        if shape.bias:
            entry["b"] = plain(given[st.bias(layer)])
        if shape.activation == "leaky_relu":
            entry["slope"] = shape.slope
        layers.append(entry)
    network = {"x": plain(given["x"]), "t": plain(given["t"]), "layers": layers, "loss": st.loss,
               "lr": plain(given["eta"])}
    if st.skip:
        network["skip"] = {"from": st.skip[0], "to": st.skip[1]}
    return network


# What a learner reads: words, not the code names of the network JSON.
ACTIVATION_WORDS = {
    "identity": ("恒等函数", "identity"),
    "sigmoid": ("sigmoid", "sigmoid"),
    "tanh": ("tanh", "tanh"),
    "relu": ("ReLU", "ReLU"),
    "leaky_relu": ("leaky ReLU", "leaky ReLU"),
    "softplus": ("softplus", "softplus"),
    "softmax": ("softmax", "softmax"),
}
LOSS_WORDS = {
    "half_sse": ("½ 平方误差 ½·Σ(y - t)²", "half squared error ½·Σ(y - t)²"),
    "mse": ("均方误差 (1/n)·Σ(y - t)²", "mean squared error (1/n)·Σ(y - t)²"),
    "bce": ("二元交叉熵", "binary cross-entropy"),
    "softmax_ce": ("交叉熵 -Σ t·ln p", "cross-entropy -Σ t·ln p"),
}


def describe_network(st: Structure, given: dict) -> Description:
    activations_zh = "、".join(ACTIVATION_WORDS[s.activation][0] for s in st.layers)
    activations_en = ", ".join(ACTIVATION_WORDS[s.activation][1] for s in st.layers)
    loss_zh, loss_en = LOSS_WORDS[st.loss]
    shown = [(name.replace("eta", "η"), format_value(given[name])) for name in st.given_names()]
    values_zh = "；".join(f"{name} = {value}" for name, value in shown)
    values_en = "; ".join(f"{name} = {value}" for name, value in shown)
    if all(s.kind == SCALAR for s in st.layers):
        shape_zh = f"一条 {st.depth} 层的标量链（每层先算加权和 z = w·a，再过激活函数）"
        shape_en = f"A scalar chain of {st.depth} layers (each takes the weighted sum z = w·a, then its activation)"
    else:
        sizes = "-".join(str(n) for n in _sizes(st))
        shape_zh = f"网络结构 {sizes}（每层先算加权和 z = W·a + b，再过激活函数）"
        shape_en = f"Network {sizes} (each layer takes the weighted sum z = W·a + b, then its activation)"
    skip_zh = skip_en = ""
    if st.skip:
        source = "输入 x " if st.skip[0] == 0 else f"第{st.skip[0]}层的输出"
        source_en = "the input x" if st.skip[0] == 0 else f"layer {st.skip[0]}'s output"
        skip_zh = f"有一条跳跃连接：{source}加到第{st.skip[1]}层的加权和上。"
        skip_en = f" A skip connection adds {source_en} to layer {st.skip[1]}'s weighted sum."
    slope_zh, slope_en = slope_sentences(st)
    prompt_zh = (
        f"{shape_zh}，各层激活函数：{activations_zh}；损失函数：{loss_zh}。{skip_zh}{slope_zh}"
        f"目标值记为 t（文章中写作 y_true）。已知 {values_zh}。"
        f"请依次算出正向传播的每个值、损失、反向传播的每个梯度，以及做一步梯度下降后的参数。"
    )
    prompt_en = (
        f"{shape_en}; activations by layer: {activations_en}; loss: {loss_en}.{skip_en}{slope_en} "
        f"The target is t (the article writes y_true). Given {values_en}. Work out every forward value, "
        f"the loss, every gradient of the backward pass, and the parameters after one gradient-descent step."
    )
    return Description(write_network(st, given), prompt_zh, prompt_en)


def slope_sentences(st: Structure) -> tuple[str, str]:
    """Leaky ReLU's negative-side slope, stated wherever one is used (per layer when they differ)."""
    leaky = [(layer, shape.slope) for layer, shape in enumerate(st.layers, start=1) if shape.activation == "leaky_relu"]
    if not leaky:
        return "", ""
    if len({slope for _, slope in leaky}) == 1:
        text = repr(leaky[0][1])
        return (f"leaky ReLU 在 z < 0 时斜率为 {text}（f(z) = {text}·z）。",
                f" Leaky ReLU has slope {text} for z < 0 (f(z) = {text}·z).")
    zh = "、".join(f"第{layer}层 {slope!r}" for layer, slope in leaky)
    en = ", ".join(f"{slope!r} in layer {layer}" for layer, slope in leaky)
    return f"leaky ReLU 在 z < 0 时的斜率：{zh}。", f" Leaky ReLU's slope for z < 0: {en}."


def _sizes(st: Structure) -> list[int]:
    first = st.layers[0]
    sizes = [first.n_in]
    for shape in st.layers:
        sizes.append(shape.n_out)
    return sizes


def network_problem(st: Structure, given: dict, family: str, code: str | None,
                    describe=None, values: dict | None = None) -> Problem:
    """The solved problem; `values` when the caller has already solved this very `given`."""
    template = build_template(st)
    if values is None:
        values = solve_values(template, given)
    notes = []
    for pre in switched_off(st, values):
        notes.append((
            f"注意：这一步更新之后，对同一个输入，{pre} 中原本为正的分量变成了 ≤ 0，这个 ReLU 单元将输出 0，"
            f"也不再把梯度传回去（学习率偏大时常见）。",
            f"Note: after this update an entry of {pre} that was positive becomes <= 0 for the same input, so "
            f"that ReLU unit will output 0 and pass no gradient back (a large learning rate often does this).",
        ))
    for pre, slope in kink_hits(st, values):
        notes.append((
            f"{pre} 中有分量恰好为 0，落在 ReLU 的不可导点上；按框架惯例取次梯度 {slope}。",
            f"{pre} has an entry exactly at 0, where ReLU is not differentiable; we use the frameworks' "
            f"subgradient {slope} there.",
        ))
    return Problem(
        family=family,
        code=code,
        template=template,
        given=given,
        values=values,
        answers=template.step_ids,
        describe=describe or (lambda: describe_network(st, given)),
        exact_given=(lambda: exact_given(st, given)) if st.rational else None,
        notes=tuple(notes),
    )


def problem_from_network(network: Any) -> Problem:
    """Solve a network the learner brings (a textbook's, an interview's)."""
    st, given = read_network(network)
    return network_problem(st, given, "network", None)
