"""conv and pool: a convolution layer and a pooling layer, forward and backward, by hand.

- `conv:2d:0:1` a 3×3 input and a 2×2 kernel (stride 1, padding 0 or 1), or `conv:1d:…` an
  input of length 4 (1 or 2 channels) and a kernel of 2; y = x ⋆ W + b, the cross-correlation
  of PyTorch's conv1d/conv2d, then L = ½·Σ(y - t)² over y read row by row. The learner works
  y, the loss, ∂L/∂y, ∂L/∂W, ∂L/∂b, ∂L/∂x (the flipped kernel) and one gradient step.
- `pool:max:2d:2` max- or average-pooling (2×2 windows, or 2 in 1-D; stride 2, or 1 to
  overlap) into the same loss; the learner routes the gradient back to the input.
Both are declared as graphs of solver/ops/conv.py's operations; only the draw is written here.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from solver.families.base import POOLS, Family, Option, target_pool
from solver.families.declared import Declared, declared_problem, draw_kind, labelled, plain
from solver.fmt import format_value
from solver.formats.codes import CodeError, ProblemCode
from solver.graph import Graph, Node, Update
from solver.trace import Description

KERNEL = 2

# Inputs a hand correlates at d1: whole numbers, zero included (a zero kills a term, as in
# real feature maps); the others difficulties take their usual pools.
CONV_INPUTS = {1: (-1.0, 0.0, 1.0, 2.0)}
CONV_RATES = {1: (0.1, 0.05), 2: (0.1, 0.05), 3: (0.01, 0.02, 0.05)}
POOL_INPUTS = {1: (-2.0, -1.0, 0.0, 1.0, 2.0, 3.0), 2: tuple(v / 2 for v in range(-6, 7))}


# -- conv -----------------------------------------------------------------------------------------
@lru_cache(maxsize=32)
def conv_declared(dims: int, padding: int, channels: int) -> Declared:
    size = 3 if dims == 2 else 4
    spatial = (size,) * dims
    x_shape = (channels, *spatial) if channels > 1 else spatial
    W_shape = (channels, *(KERNEL,) * dims) if channels > 1 else (KERNEL,) * dims
    out = tuple(n + 2 * padding - KERNEL + 1 for n in spatial)
    params = (("padding", float(padding)), ("in_channels", float(channels > 1)), ("out_channels", 0.0))
    op = f"conv{dims}d"
    nodes = [Node("y", op, (("x", "x"), ("W", "W"), ("b", "b")), labelled("卷积输出", "feature map", out), params)]
    loss_input, shapes = "y", {"x": x_shape, "W": W_shape, "b": (), "y": out, "eta": ()}
    labels = {"y": labelled("损失对卷积输出的梯度", "gradient at the feature map", out)}
    if dims == 2:
        flat = (int(np.prod(out)),)
        nodes.append(Node("f", "flatten", (("x", "y"),), labelled("逐行展平的输出", "output flattened row by row", flat),
                          (("axes", 2.0),)))
        loss_input, shapes["f"] = "f", flat
        labels["f"] = labelled("损失对展平输出的梯度", "gradient at the flattened output", flat)
    shapes["t"] = shapes[loss_input]
    nodes.append(Node("L", "half_sse", (("y", loss_input), ("t", "t")), ("损失", "loss")))
    labels.update({"W": labelled("卷积核的梯度", "gradient of the kernel", W_shape),
                   "b": ("偏置的梯度", "gradient of the bias"),
                   "x": labelled("传回输入的梯度", "gradient passed back to the input", x_shape)})
    graph = Graph(("x", "W", "b", "t", "eta"), tuple(nodes), "L", ("W", "b", "x"), shapes, labels,
                  (Update("W", ("更新后的卷积核", "kernel after the update")),
                   Update("b", ("更新后的偏置", "bias after the update"))))
    return Declared.of(graph)


def _conv_options(code: ProblemCode) -> tuple[int, int, int]:
    dims, padding, channels = code.options
    return int(dims[0]), int(padding), int(channels)


def build_conv(code: ProblemCode):
    dims, padding, channels = _conv_options(code)
    declared = conv_declared(dims, padding, channels)
    shapes, d = declared.graph.shapes, code.difficulty
    pools = POOLS[d]

    def draw_given(draw):
        return {"x": draw.take(CONV_INPUTS.get(d, pools.inputs), shapes["x"]),
                "W": draw.take(pools.weights, shapes["W"]), "b": draw.take(pools.biases),
                "t": draw.take(target_pool("identity", "half_sse", d), shapes["t"]),
                "eta": draw.take(CONV_RATES[d])}

    given, values = draw_kind(declared, draw_given, code.seed, d, _kernel_not_symmetric(dims))
    return declared_problem("conv", str(code), declared, given, values,
                            lambda: _describe_conv(dims, padding, channels, given), (CROSS_CORRELATION,))


def _kernel_not_symmetric(dims: int):
    # A kernel equal to its 180° turn hides the flip: the lesson needs one that is not.
    def check(values):
        W = np.asarray(values["W"])
        return not np.array_equal(W, np.flip(W, axis=tuple(range(-dims, 0))))
    return check


CROSS_CORRELATION = (
    "⋆ 是互相关（PyTorch 的 conv1d/conv2d 就是这样算的），卷积核不翻转：y[i, j] = Σₘₙ W[m, n]·x[i + m, j + n] + b。"
    "反向时 ∂L/∂W = x ⋆ g（输入与上游梯度做互相关），∂L/∂b = Σ g，而 ∂L/∂x = full(g) ⋆ flip(W)："
    "g 四周补 k - 1 个零（有 padding 时再裁掉那一圈），与旋转 180° 的核做互相关，也就是每个 g[i, j] 把 W 送回它来自的窗口。",
    "⋆ is cross-correlation (what PyTorch's conv1d/conv2d compute): the kernel is not flipped, "
    "y[i, j] = Σₘₙ W[m, n]·x[i + m, j + n] + b. Backward, dL/dW = x ⋆ g (the input correlated with the upstream "
    "gradient), dL/db = Σ g, and dL/dx = full(g) ⋆ flip(W): g zero-padded by k - 1 all round (with padding, that "
    "ring is cut off again), correlated with the kernel turned 180°; that is, each g[i, j] sends W back onto the "
    "window it came from.",
)


def _describe_conv(dims: int, padding: int, channels: int, given: dict) -> Description:
    x, W = np.asarray(given["x"]), np.asarray(given["W"])
    shown = "; ".join(f"{name.replace('eta', 'η')} = {format_value(given[name])}" for name in ("x", "W", "b", "t", "eta"))
    size = "×".join(map(str, x.shape[-dims:]))
    kernel = "×".join(map(str, W.shape[-dims:]))
    flat_zh = "（t 与按行展平的 y 对应）" if dims == 2 else ""
    flat_en = " (t matches y read row by row)" if dims == 2 else ""
    ch_zh = f"{channels} 个通道的" if channels > 1 else ""
    ch_en = f"{channels}-channel " if channels > 1 else ""
    pad_zh = f"四周补 {padding} 圈零，" if padding else ""
    pad_en = f", zero padding {padding}" if padding else ", no padding"
    prompt_zh = (f"对{ch_zh} {size} 输入 x 用 {kernel} 卷积核 W 和偏置 b 做 {dims}D 卷积（步长 1，{pad_zh}"
                 f"按 PyTorch 的互相关，不翻转卷积核）：y = x ⋆ W + b；损失 L = ½·Σ(y - t)²{flat_zh}。已知 {shown}。"
                 f"请算出 y、损失、∂L/∂y、∂L/∂W、∂L/∂b、∂L/∂x，以及学习率 η 下一步梯度下降后的 W 和 b。")
    prompt_en = (f"A {dims}-D convolution of the {ch_en}{size} input x with the {kernel} kernel W and bias b "
                 f"(stride 1{pad_en}; PyTorch's cross-correlation, the kernel not flipped): y = x ⋆ W + b, and the "
                 f"loss L = ½·Σ(y - t)²{flat_en}. Given {shown}. Work out y, the loss, dL/dy, dL/dW, dL/db, dL/dx, "
                 f"and W and b after one gradient-descent step with learning rate η.")
    layers = [{"type": f"conv{dims}d", "W": plain(_full_weight(W, channels, dims)), "b": [float(given["b"])],
               "stride": 1, "padding": padding}, {"type": "flatten"}]
    network = {"x": plain(x if channels > 1 else x[None]), "t": plain(given["t"]), "layers": layers,
               "loss": "half_sse", "lr": float(given["eta"])}
    return Description(network, prompt_zh, prompt_en)


def _full_weight(W: np.ndarray, channels: int, dims: int) -> np.ndarray:
    """The kernel in PyTorch's layout [out_ch][in_ch][k…] for the network description."""
    return W[None] if channels > 1 else W[None, None]


def _normalise_conv(options):
    dims, padding, channels = options
    if dims not in ("1d", "2d"):
        raise CodeError(f"conv dims '{dims}' must be 1d or 2d; for example conv:2d:0:1:d1#1")
    if padding not in ("0", "1"):
        raise CodeError(f"conv padding '{padding}' must be 0 or 1; for example conv:2d:1:1:d1#1")
    if channels not in ("1", "2"):
        raise CodeError(f"conv channels '{channels}' must be 1 or 2; for example conv:1d:0:2:d1#1")
    if dims == "2d" and channels == "2":
        raise CodeError("conv:2d with 2 channels would make x a 3-D tensor, which answers cannot be typed in; "
                        "take 2 channels in 1-D, for example conv:1d:0:2:d1#1")
    return options


# -- pool -----------------------------------------------------------------------------------------
@lru_cache(maxsize=32)
def pool_declared(kind: str, dims: int, stride: int) -> Declared:
    size = (4 if stride == 2 else 3) if dims == 2 else (6 if stride == 2 else 4)
    spatial = (size,) * dims
    out = tuple((n - KERNEL) // stride + 1 for n in spatial)
    op = f"{kind}pool"
    words = ("最大池化输出", "max-pooled output") if kind == "max" else ("平均池化输出", "average-pooled output")
    nodes = [Node("p", op, (("x", "x"),), labelled(*words, out),
                  (("kernel", float(KERNEL)), ("stride", float(stride)), ("dims", float(dims))))]
    loss_input, shapes = "p", {"x": spatial, "p": out}
    labels = {"p": labelled("损失对池化输出的梯度", "gradient at the pooled output", out),
              "x": labelled("传回输入的梯度", "gradient passed back to the input", spatial)}
    if dims == 2:
        flat = (int(np.prod(out)),)
        nodes.append(Node("f", "flatten", (("x", "p"),), labelled("逐行展平的输出", "output flattened row by row", flat),
                          (("axes", 2.0),)))
        loss_input, shapes["f"] = "f", flat
        labels["f"] = labelled("损失对展平输出的梯度", "gradient at the flattened output", flat)
    shapes["t"] = shapes[loss_input]
    nodes.append(Node("L", "half_sse", (("y", loss_input), ("t", "t")), ("损失", "loss")))
    return Declared.of(Graph(("x", "t"), tuple(nodes), "L", ("x",), shapes, labels))


def _ties(kind: str, dims: int, stride: int):
    def tied(x) -> bool:
        from numpy.lib.stride_tricks import sliding_window_view

        x = np.asarray(x)
        view = sliding_window_view(x, (KERNEL,) * dims)[(*(slice(None, None, stride),) * dims,)]
        flat = view.reshape(-1, KERNEL ** dims)
        return bool(np.any(np.sum(flat == flat.max(axis=1, keepdims=True), axis=1) > 1))
    return tied


def build_pool(code: ProblemCode):
    kind, dims, stride = code.options[0], int(code.options[1][0]), int(code.options[2])
    declared = pool_declared(kind, dims, stride)
    shapes, d = declared.graph.shapes, code.difficulty
    tied = _ties(kind, dims, stride)

    def draw_given(draw):
        return {"x": draw.take(POOL_INPUTS.get(d, POOLS[d].inputs), shapes["x"]),
                "t": draw.take(target_pool("identity", "half_sse", d), shapes["t"])}

    def extra(values):
        # Tied maxima only at d3, where the convention is the point; below, one clear winner a window.
        return kind != "max" or d == 3 or not tied(values["x"])

    given, values = draw_kind(declared, draw_given, code.seed, d, extra)
    # A tie is said on the max-pool's steps, where the operation meets it (solver/ops/conv.py).
    return declared_problem("pool", str(code), declared, given, values,
                            lambda: _describe_pool(kind, dims, stride, given))


def _describe_pool(kind: str, dims: int, stride: int, given: dict) -> Description:
    x = np.asarray(given["x"])
    size = "×".join(map(str, x.shape))
    window = "×".join([str(KERNEL)] * dims)
    shown = f"x = {format_value(x)}; t = {format_value(given['t'])}"
    name_zh, name_en = ("最大池化", "max-pooling") if kind == "max" else ("平均池化", "average pooling")
    flat_zh = "（t 与按行展平的输出对应）" if dims == 2 else ""
    flat_en = " (t matches the output read row by row)" if dims == 2 else ""
    prompt_zh = (f"对 {size} 的输入 x 做 {name_zh}（窗口 {window}，步长 {stride}），输出记为 p；损失 L = ½·Σ(p - t)²{flat_zh}。"
                 f"已知 {shown}。请算出 p、损失、∂L/∂p，以及传回输入的梯度 ∂L/∂x。")
    prompt_en = (f"Apply {name_en} (window {window}, stride {stride}) to the {size} input x, giving p, and the loss "
                 f"L = ½·Σ(p - t)²{flat_en}. Given {shown}. Work out p, the loss, dL/dp, and the gradient passed back "
                 f"to the input, dL/dx.")
    network = {"x": plain(x[None]), "t": plain(given["t"]),
               "layers": [{"type": f"{kind}pool", "kernel": KERNEL, "stride": stride}, {"type": "flatten"}],
               "loss": "half_sse"}  # nothing to update: no lr
    return Description(network, prompt_zh, prompt_en)


CONV = Family(
    "conv", "卷积层的正向与反向：互相关、核的梯度、翻转核传回输入",
    "a convolution layer forward and backward: cross-correlation, the kernel's gradient, the flipped kernel back to the input",
    (Option("dims", "2d", "1d or 2d", ("1d", "2d")),
     Option("padding", "0", "zero padding, 0 or 1", ("0", "1")),
     Option("channels", "1", "input channels, 1 or 2 (2 in 1-D only)", ("1", "2"))),
    build_conv, _normalise_conv,
)

POOL = Family(
    "pool", "池化层的反向：最大池化把梯度只给最大值，平均池化均分 1/k",
    "a pooling layer backward: max-pool routes the gradient to the maximum, average pooling spreads 1/k",
    (Option("kind", "max", "max or avg", ("max", "avg")),
     Option("dims", "2d", "1d or 2d", ("1d", "2d")),
     Option("stride", "2", "2 (windows side by side) or 1 (overlapping)", ("2", "1"))),
    build_pool,
)

SPATIAL_FAMILIES = (CONV, POOL)
