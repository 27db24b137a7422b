"""Networks as data: read and check a network description, write one back, and word the prompt.

The description is the `network` object of `quizapp solve CODE --json`: `x`, `t`, `layers`
(each `{"type": ..., ...}`, `type` defaulting to `dense`: `W`, optional `b`, `activation`, and
for leaky_relu an optional `slope`, 0.1 by default; every other type as solver.layers reads it),
`loss`, `lr`, optionally `skip` = {from, to}, `batch` (x and t hold one row per sample) and
`weight_decay` λ. docs/network-files.md documents the format with an example of each type.
Reading it back gives the same problem, so a generated problem can be saved, edited and solved.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from solver import ops
from solver.fmt import format_value
from solver.formats.fields import MAX_UNITS, NetworkError, name as _name, numeric as _numeric, require as _require
from solver.formats.fields import number_in, shape_text as _shape_text
from solver.layers import LAYER_TYPES, LayerInput, LayerShape, plain
from solver.layers.dense import ACTIVATION_WORDS, SCALAR
from solver.network import DECAY, Structure, build_template, exact_given, kink_hits, switched_off
from solver.ops import softmax_explicit
from solver.trace import solve_values, Description, Problem

__all__ = ["MAX_UNITS", "NetworkError", "describe_network", "network_problem", "problem_from_network",
           "read_network", "write_network"]

MAX_LAYERS = 8
MAX_SAMPLES = 8  # a mini-batch a person works through by hand
KNOWN = ("x", "t", "layers", "loss", "lr", "skip", "batch", "weight_decay")


def read_network(network: Any) -> tuple[Structure, dict]:
    """Check a network description and return its structure and given values."""
    if not isinstance(network, dict):
        raise NetworkError("network: expected an object with x, t, layers, loss and lr")
    unknown = sorted(set(network) - set(KNOWN))
    if unknown:
        raise NetworkError(f"{unknown[0]}: unknown key; expected {', '.join(sorted(KNOWN))}")
    batch = network.get("batch", False)
    if not isinstance(batch, bool):
        raise NetworkError(f"batch: expected true or false, got {batch!r}"[:200])
    x = _numeric(_require(network, "x", ""), "x", max_rank=3)  # [channels][H][W] into a conv2d
    t = _numeric(_require(network, "t", ""), "t")
    # lr may be left out where nothing is trained (a pooling network asks only for ∂L/∂x)
    lr_value = _require(network, "lr", "") if "lr" in network or _trains(network.get("layers")) else 1.0
    lr = _numeric(lr_value, "lr")
    if lr.ndim != 0 or not lr > 0:
        raise NetworkError(f"lr: expected a positive number, got {lr_value!r}")
    loss = _name(_require(network, "loss", ""), "loss", tuple(ops.LOSSES))
    layers_data = _require(network, "layers", "")
    if not isinstance(layers_data, list) or not layers_data:
        raise NetworkError("layers: expected a non-empty list of layers")
    if len(layers_data) > MAX_LAYERS:
        raise NetworkError(f"layers: at most {MAX_LAYERS} layers")
    samples = None
    if batch:
        if x.ndim != 2:
            raise NetworkError(f"x: with batch, expected a list of samples, each a vector (a matrix, one row a "
                               f"sample), got {_shape_text(x)}")
        samples = x.shape[0]
        if not 2 <= samples <= MAX_SAMPLES:
            raise NetworkError(f"x: a mini-batch of 2 to {MAX_SAMPLES} samples, got {samples}")
    elif x.ndim not in _first_type(layers_data).input_ranks:
        if x.ndim > 1 and _first_type(layers_data) is LayerShape:
            raise NetworkError(f"x: expected a number or a vector, got {_shape_text(x)} (for several samples "
                               f"add \"batch\": true)")
        ranks = " or ".join(str(rank) for rank in _first_type(layers_data).input_ranks)
        raise NetworkError(f"x: a first layer of type {_first_type(layers_data).type} takes an input of {ranks} "
                           f"nested levels, got {_shape_text(x)}")

    layers, values = [], []
    shape = tuple(x.shape[1:]) if batch else tuple(x.shape)
    for index, layer in enumerate(layers_data):
        where = f"layers[{index}]"
        if not isinstance(layer, dict):
            raise NetworkError(f"{where}: expected an object with W, b and activation")
        kind = _name(layer.get("type", "dense"), where + ".type", tuple(LAYER_TYPES))
        spec, params = LAYER_TYPES[kind].read(LayerInput(layer, where, index, shape, samples))
        layers.append(spec)
        values.append(params)
        shape = spec.output_shape()

    decay = _read_decay(network.get("weight_decay"))
    _check_output(layers, loss, t, shape, samples)
    skip = _read_skip(network.get("skip"), layers, x, samples)
    st = Structure(tuple(layers), loss, skip, samples, decay is not None)
    named = {"x": x, "t": t, "eta": lr}
    if decay is not None:
        named[DECAY] = np.asarray(decay)
    for layer, spec in enumerate(layers, start=1):
        for param in (*spec.parameters(), *spec.constants()):
            named[param.id(layer, st.depth)] = values[layer - 1][param.base]
    return st, named


def _trains(layers_data: Any) -> bool:
    """Whether any layer may have parameters: all but pooling and flatten layers."""
    if not isinstance(layers_data, list) or not layers_data:
        return True
    return any(not isinstance(layer, dict) or layer.get("type", "dense") not in PARAMETERLESS for layer in layers_data)


PARAMETERLESS = ("maxpool", "avgpool", "flatten", "dropout")


def _first_type(layers_data: list):
    """The layer type of the first layer (dense when it says none, or says something unknown:
    its own check gives that message)."""
    first = layers_data[0]
    kind = first.get("type", "dense") if isinstance(first, dict) else "dense"
    return LAYER_TYPES.get(kind, LayerShape) if isinstance(kind, str) else LayerShape


def _read_decay(value: Any) -> float | None:
    """Weight decay λ: a number in [0, 10]; 0 and absent are the same (no penalty)."""
    if value is None:
        return None
    number = number_in(value, "weight_decay", 0, 10, "a number λ between 0 and 10, such as 0.1")
    return number or None


def _check_output(layers: list, loss: str, t: np.ndarray, shape: tuple[int, ...], samples: int | None) -> None:
    last = len(layers) - 1
    for index, layer in enumerate(layers):
        if getattr(layer, "activation", None) == "softmax" and not (index == last and loss in ("softmax_ce", "ce")):
            raise NetworkError(f"layers[{index}].activation: softmax is only supported on the output layer with loss "
                               f"softmax_ce (or ce)")
    activation = getattr(layers[-1], "activation", None)
    width = shape[0] if len(shape) == 1 else None
    if len(shape) > 1:
        raise NetworkError(f"layers[{last}]: the network's output must be a number or a vector, got shape "
                           f"{'x'.join(map(str, shape))}; end with a flatten and a dense layer")
    if loss in ("softmax_ce", "ce"):
        if activation != "softmax":
            raise NetworkError(f"layers[{last}].activation: loss {loss} needs a softmax output layer")
        if width is None or width < 2:
            raise NetworkError(f"layers[{last}].W: softmax needs at least 2 outputs")
        if t.shape[-1:] == (width,) and not (np.all((t == 0) | (t == 1)) and np.all(t.sum(axis=-1) == 1)):
            raise NetworkError(f"t: {loss} needs a one-hot target such as [0, 1, 0]"
                               + (", one per sample" if samples else ""))
    if loss == "bce":
        if activation != "sigmoid":
            raise NetworkError(f"layers[{last}].activation: loss bce needs a sigmoid output so that y is in (0, 1)")
        if not np.all((t >= 0) & (t <= 1)):
            raise NetworkError("t: bce needs targets between 0 and 1")
    expected = ((samples,) if samples else ()) + tuple(shape)
    if t.shape != expected:
        want = "a number" if width is None else f"a vector of {width}"
        if samples:
            want = f"{samples} rows (one per sample) of {width or 1}"
        raise NetworkError(f"t: expected {want} to match the network's output, got {_shape_text(t)}")


def _read_skip(skip: Any, layers: list, x: np.ndarray, samples: int | None) -> tuple[int, int] | None:
    if skip is None:
        return None
    if not isinstance(skip, dict) or set(skip) != {"from", "to"}:
        raise NetworkError("skip: expected {\"from\": LAYER, \"to\": LAYER}, 0 meaning the input x")
    source, target = skip["from"], skip["to"]
    for key, value in (("from", source), ("to", target)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise NetworkError(f"skip.{key}: expected a layer number, got {value!r}")
    if not (0 <= source and source + 2 <= target <= len(layers)):
        raise NetworkError(
            f"skip: from {source} to {target} is not a skip connection; it must jump at least one layer "
            f"forward, within layers 0..{len(layers)}"
        )
    if not isinstance(layers[target - 1], LayerShape):
        raise NetworkError(f"skip: layer {target} is a {layers[target - 1].type} layer; a skip connection adds "
                           f"into a dense layer's weighted sum")
    source_shape = (tuple(x.shape[1:]) if samples else tuple(x.shape)) if source == 0 else \
        layers[source - 1].output_shape()
    if source_shape != layers[target - 1].output_shape():
        raise NetworkError(f"skip: layer {source}'s output and layer {target}'s pre-activation differ in size")
    return (source, target)


def write_network(st: Structure, given: dict) -> dict:
    layers = []
    for layer, spec in enumerate(st.layers, start=1):
        values = {param.base: given[param.id(layer, st.depth)] for param in (*spec.parameters(), *spec.constants())}
        entry = spec.write(values)
        layers.append(entry if isinstance(spec, LayerShape) else {"type": spec.type, **entry})
    network = {"x": plain(given["x"]), "t": plain(given["t"]), "layers": layers, "loss": st.loss,
               "lr": plain(given["eta"])}
    if st.skip:
        network["skip"] = {"from": st.skip[0], "to": st.skip[1]}
    if st.samples:
        network["batch"] = True
    if st.weight_decay:
        network["weight_decay"] = plain(given[DECAY])
    return network


# What a learner reads: words, not the code names of the network JSON.
LOSS_WORDS = {
    "half_sse": ("½ 平方误差 ½·Σ(y - t)²", "half squared error ½·Σ(y - t)²"),
    "mse": ("均方误差 (1/n)·Σ(y - t)²", "mean squared error (1/n)·Σ(y - t)²"),
    "bce": ("二元交叉熵", "binary cross-entropy"),
    "softmax_ce": ("交叉熵 -Σ t·ln p", "cross-entropy -Σ t·ln p"),
    "ce": ("交叉熵 -Σ t·ln p（softmax 经雅可比矩阵展开）", "cross-entropy -Σ t·ln p (softmax worked through its Jacobian)"),
}


SHOWN_NAMES = {"eta": "η", DECAY: "λ"}


def describe_network(st: Structure, given: dict) -> Description:
    loss_zh, loss_en = LOSS_WORDS[st.loss]
    shown = [(SHOWN_NAMES.get(name, name), format_value(given[name])) for name in st.given_names()]
    values_zh = "；".join(f"{name} = {value}" for name, value in shown)
    values_en = "; ".join(f"{name} = {value}" for name, value in shown)
    if all(isinstance(s, LayerShape) for s in st.layers):
        activations_zh = "、".join(ACTIVATION_WORDS[s.activation][0] for s in st.layers)
        activations_en = ", ".join(ACTIVATION_WORDS[s.activation][1] for s in st.layers)
        if all(s.kind == SCALAR for s in st.layers):
            shape_zh = f"一条 {st.depth} 层的标量链（每层先算加权和 z = w·a，再过激活函数）"
            shape_en = f"A scalar chain of {st.depth} layers (each takes the weighted sum z = w·a, then its activation)"
        else:
            sizes = "-".join(str(n) for n in _sizes(st))
            shape_zh = f"网络结构 {sizes}（每层先算加权和 z = W·a + b，再过激活函数）"
            shape_en = f"Network {sizes} (each layer takes the weighted sum z = W·a + b, then its activation)"
        layers_zh, layers_en = f"{shape_zh}，各层激活函数：{activations_zh}", f"{shape_en}; activations by layer: {activations_en}"
    else:
        layers_zh = "各层依次为：" + "；".join(s.describe()[0] for s in st.layers)
        layers_en = "Layers in order: " + "; ".join(s.describe()[1] for s in st.layers)
    skip_zh = skip_en = ""
    if st.skip:
        source = "输入 x " if st.skip[0] == 0 else f"第{st.skip[0]}层的输出"
        source_en = "the input x" if st.skip[0] == 0 else f"layer {st.skip[0]}'s output"
        skip_zh = f"有一条跳跃连接：{source}加到第{st.skip[1]}层的加权和上。"
        skip_en = f" A skip connection adds {source_en} to layer {st.skip[1]}'s weighted sum."
    slope_zh, slope_en = slope_sentences(st)
    batch_zh = batch_en = decay_zh = decay_en = ""
    if st.samples:
        batch_zh = (f"这是 {st.samples} 个样本的小批量：x 和 t 的每一行是一个样本，损失是各样本损失的平均 (1/{st.samples})·Σ，"
                    f"所以参数的梯度是各样本梯度之和再除以 {st.samples}。")
        batch_en = (f" This is a mini-batch of {st.samples} samples: each row of x and t is one sample, and the loss is "
                    f"the mean (1/{st.samples})·Σ of the samples' losses, so a parameter's gradient is the sum over the "
                    f"samples divided by {st.samples}.")
    if st.weight_decay:
        decay_zh = "损失里加了 L2 正则项 (λ/2)·Σ‖W‖²，只含各层权重，不含偏置（以及 γ、β）。"
        decay_en = " The loss adds the L2 penalty (λ/2)·Σ‖W‖² over the weights only, not the biases (nor γ, β)."
    prompt_zh = (
        f"{layers_zh}；损失函数：{loss_zh}。{skip_zh}{slope_zh}{batch_zh}{decay_zh}"
        f"目标值记为 t（文章中写作 y_true）。已知 {values_zh}。"
        f"请依次算出正向传播的每个值、损失、反向传播的每个梯度，以及做一步梯度下降后的参数。"
    )
    prompt_en = (
        f"{layers_en}; loss: {loss_en}.{skip_en}{slope_en}{batch_en}{decay_en} "
        f"The target is t (the article writes y_true). Given {values_en}. Work out every forward value, "
        f"the loss, every gradient of the backward pass, and the parameters after one gradient-descent step."
    )
    return Description(write_network(st, given), prompt_zh, prompt_en)


def slope_sentences(st: Structure) -> tuple[str, str]:
    """Leaky ReLU's negative-side slope, stated wherever one is used (per layer when they differ)."""
    leaky = [(layer, shape.slope) for layer, shape in enumerate(st.layers, start=1)
             if isinstance(shape, LayerShape) and shape.activation == "leaky_relu"]
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
    if st.loss == "ce":
        notes.append(softmax_explicit.STABILITY)
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
    from solver.formats import training

    if training.is_one_weight(network):  # `objective` and `w0` instead of layers: gd and the optimisers
        return training.problem_from_one_weight(network)
    if training.is_trained(network):  # several steps of an optimiser
        return training.problem_from_trained_network(network)
    st, given = read_network(network)
    return network_problem(st, given, "network", None)
