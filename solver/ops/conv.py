"""Convolution, pooling and flatten: each operation's forward rule beside its VJPs.

Conventions are PyTorch's, so a learner's numbers match `torch.nn.functional`:
- `conv1d` / `conv2d` are cross-correlations (the kernel is NOT flipped): with stride s and
  zero padding p, y[o, i] = Σ_c Σ_j W[o, c, j]·x_pad[c, i·s + j] + b[o] (two kernel indices in 2-D).
  Shapes: x (C, L) or (C, H, W); W (O, C, k) or (O, C, kh, kw); b (O); y (O, L') or (O, H', W')
  with L' = (L + 2p - k) // s + 1. A single-channel problem may leave out the channel axes
  (`in_channels=0`: x (L) or (H, W); `out_channels=0`: y without O, b a number), as an interview
  writes a 3×3 input and a 2×2 kernel.
- Backward: ∂L/∂W is the input correlated with the upstream gradient, ∂L/∂b the sum of g over
  positions, and ∂L/∂x the upstream gradient zero-padded ("full") and correlated with the
  flipped kernel: each g[i] sends W back onto the window it came from.
- `maxpool` / `avgpool` (kernel k, stride s, over the last 1 or 2 axes; channel axes pass
  through): max-pool routes each g to the argmax of its window only; at a tie, to the first
  maximum in reading order (row by row), as PyTorch does. Avg-pool spreads g/kᵈ over the window.
  Overlapping windows (s < k) add their shares.
- `flatten` (C order, row by row) over the last `axes` axes; backward reshapes g back.
Every rule takes leading batch axes and, the operations being rational, Fractions in object arrays.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from solver.ops.operation import OpMistake, Operation, Rule, Site


def _dims_axes(dims: int) -> tuple[int, ...]:
    return tuple(range(-dims, 0))


def _zeros_like(reference, shape):
    dtype = object if np.asarray(reference).dtype == object else float
    return np.zeros(shape, dtype=dtype)


# -- convolution ----------------------------------------------------------------------------------
class _Layout:
    """How a conv's values are laid out: spatial dims, and which channel axes are present."""

    def __init__(self, dims: int, in_channels: bool, out_channels: bool, stride: int, padding: int):
        self.dims, self.in_channels, self.out_channels = dims, in_channels, out_channels
        self.stride, self.padding = stride, padding

    # to the full layout x (..., C, *S), W (..., O, C, *K), b (..., O), and back
    def x(self, x):
        x = np.asarray(x)
        return x if self.in_channels else np.expand_dims(x, -(self.dims + 1))

    def W(self, W):
        W = np.asarray(W)
        if not self.in_channels:
            W = np.expand_dims(W, -(self.dims + 1))
        return W if self.out_channels else np.expand_dims(W, -(self.dims + 2))

    def b(self, b):
        b = np.asarray(b)
        return b if self.out_channels else b[..., None]

    def g(self, g):  # shaped like y
        g = np.asarray(g)
        return g if self.out_channels else np.expand_dims(g, -(self.dims + 1))

    def y_back(self, y):
        return y if self.out_channels else np.take(y, 0, axis=-(self.dims + 1))

    def x_back(self, dx):
        return dx if self.in_channels else np.take(dx, 0, axis=-(self.dims + 1))

    def W_back(self, dW):
        if not self.out_channels:
            dW = np.take(dW, 0, axis=-(self.dims + 2))
        return dW if self.in_channels else np.take(dW, 0, axis=-(self.dims + 1))

    def b_back(self, db):
        return db if self.out_channels else db[..., 0]

    def padded(self, x):
        p = self.padding
        if not p:
            return x
        width = [(0, 0)] * (x.ndim - self.dims) + [(p, p)] * self.dims
        return np.pad(x, width, constant_values=0)

    def windows(self, x, kernel):
        """(..., C, *S', *K): every window of the padded input, at the stride."""
        view = sliding_window_view(self.padded(x), kernel, axis=_dims_axes(self.dims))
        s = self.stride
        if s == 1:
            return view
        index = (Ellipsis, *(slice(None, None, s) for _ in range(self.dims)), *(slice(None),) * self.dims)
        return view[index]


_SPATIAL = {1: "l", 2: "hw"}
_KERNEL = {1: "k", 2: "ij"}


def _einsum_forward(dims):
    s, k = _SPATIAL[dims], _KERNEL[dims]
    return f"...c{s}{k},...oc{k}->...o{s}"


def _correlate(lay: _Layout, x, W):
    """The full-layout cross-correlation (no bias)."""
    kernel = W.shape[-lay.dims:]
    return np.einsum(_einsum_forward(lay.dims), lay.windows(x, kernel), W)


def _flip(W, dims):
    return np.flip(W, axis=_dims_axes(dims))


def _conv_forward(lay: _Layout, flipped: bool = False):
    def forward(x, W, b=None):
        Wf = lay.W(W)
        if flipped:
            Wf = _flip(Wf, lay.dims)
        y = _correlate(lay, lay.x(x), Wf)
        if b is not None:
            y = y + lay.b(b)[(Ellipsis, *(None,) * lay.dims)]
        return lay.y_back(y)
    return forward


def _conv_weight_grad(lay: _Layout, flipped: bool = False):
    s, k = _SPATIAL[lay.dims], _KERNEL[lay.dims]

    def weight_grad(g, x, W):
        kernel = np.shape(W)[-lay.dims:]
        dW = np.einsum(f"...o{s},...c{s}{k}->...oc{k}", lay.g(g), lay.windows(lay.x(x), kernel))
        if flipped:
            dW = _flip(dW, lay.dims)
        return lay.W_back(dW)
    return weight_grad


def _conv_bias_grad(lay: _Layout):
    def bias_grad(g):
        return lay.b_back(np.sum(lay.g(g), axis=_dims_axes(lay.dims)))
    return bias_grad


def _conv_input_grad(lay: _Layout, flipped: bool = False):
    """Each upstream entry g[o, i] sends W[o] back onto its window of the padded input; the
    padding is cut off at the end. (The same as the full correlation with the flipped kernel.)"""
    dims, s, p = lay.dims, lay.stride, lay.padding

    def input_grad(W, g, x):
        Wf, gf, xf = lay.W(W), lay.g(g), lay.x(x)
        if flipped:  # the mistake: the kernel used the other way round on the way back
            Wf = _flip(Wf, dims)
        kernel = Wf.shape[-dims:]
        padded_shape = (*np.broadcast_shapes(xf.shape[:-dims - 1], gf.shape[:-dims - 1], Wf.shape[:-dims - 2]),
                        xf.shape[-dims - 1], *(n + 2 * p for n in xf.shape[-dims:]))
        dxp = np.zeros(padded_shape, dtype=object if object in (Wf.dtype, gf.dtype) else float)
        letters = _KERNEL[dims]
        for position in np.ndindex(*gf.shape[-dims:]):
            share = np.einsum(f"...o,...oc{letters}->...c{letters}", gf[(Ellipsis, slice(None), *position)], Wf)
            window = tuple(slice(i * s, i * s + n) for i, n in zip(position, kernel))
            dxp[(Ellipsis, slice(None), *window)] += share
        crop = tuple(slice(p, p + n) for n in xf.shape[-dims:])
        return lay.x_back(dxp[(Ellipsis, slice(None), *crop)])
    return input_grad


def _conv_params(params: dict) -> tuple[int, int, bool, bool]:
    return (int(params.get("stride", 1)), int(params.get("padding", 0)),
            bool(params.get("in_channels", 1)), bool(params.get("out_channels", 1)))


def _conv_text(name: str, stride: int, padding: int):
    extras = "".join(f", {key}={value}" for key, value in (("stride", stride), ("padding", padding))
                     if value != (1 if key == "stride" else 0))

    def text(site: Site) -> str:
        core = "{0} ⋆ {1}" if not extras else f"{name}({{0}}, {{1}}{extras})"
        return core + (" + {2}" if site.arity > 2 else "")
    return text


def _input_grad_text(stride: int, padding: int, dims: int) -> str:
    g = "{1}" if stride == 1 else f"dilate{stride}({{1}})"
    core = f"full({g}) ⋆ flip({{0}})"
    return core if not padding else f"crop{padding}({core})"


@lru_cache(maxsize=64)
def conv(dims: int, stride: int = 1, padding: int = 0, in_channels: bool = True, out_channels: bool = True) -> Operation:
    """conv1d (dims 1) or conv2d (dims 2) with its stride, zero padding and channel layout."""
    lay = _Layout(dims, in_channels, out_channels, stride, padding)
    name = f"conv{dims}d"
    flipped_forward = _conv_forward(lay, flipped=True)
    return Operation(
        name, ("x", "W", "b"),
        Rule(("x", "W", "b"), _conv_forward(lay), _conv_text(name, stride, padding), "conv",
             (OpMistake("conv_flipped_kernel", lambda v: flipped_forward(*(
                 v[role] for role in ("x", "W", "b") if role in v.names))),)),
        {
            "W": Rule(("g", "x", "W"), _conv_weight_grad(lay), "{1} ⋆ {0}", "dkernel",
                      (OpMistake("conv_flipped_kernel", lambda v, wrong=_conv_weight_grad(lay, True):
                                 wrong(v.g, v["x"], v["W"])),)),
            "b": Rule(("g",), _conv_bias_grad(lay), "Σ {0}", "dconv_bias"),
            "x": Rule(("W", "g", "x"), _conv_input_grad(lay), _input_grad_text(stride, padding, dims), "dconv_input",
                      (OpMistake("conv_backward_unflipped", lambda v, wrong=_conv_input_grad(lay, True):
                                 wrong(v["W"], v.g, v["x"])),)),
        },
        exact=True, optional=("b",),
    )


# -- pooling --------------------------------------------------------------------------------------
def _pool_windows(x, kernel: int, stride: int, dims: int):
    """(..., *S', k^dims): each window of the last `dims` axes, flattened in reading order."""
    x = np.asarray(x)
    view = sliding_window_view(x, (kernel,) * dims, axis=_dims_axes(dims))
    index = (Ellipsis, *(slice(None, None, stride) for _ in range(dims)), *(slice(None),) * dims)
    view = view[index]
    return view.reshape(*view.shape[:-dims], kernel ** dims)


def _scatter(x, g, kernel: int, stride: int, dims: int, share):
    """∂L/∂x from each output position's share of g over its window: `share(g_at, window_index)`
    gives what the cell at `window_index` (flat, reading order) of that window receives."""
    x, g = np.asarray(x), np.asarray(g)
    shape = np.broadcast_shapes(x.shape[:-dims], g.shape[:-dims]) + x.shape[-dims:]
    dx = _zeros_like(g if g.dtype == object else x, shape)
    offsets = list(product(range(kernel), repeat=dims))
    for position in np.ndindex(*g.shape[-dims:]):
        at = g[(Ellipsis, *position)]
        for flat, offset in enumerate(offsets):
            cell = tuple(i * stride + o for i, o in zip(position, offset))
            dx[(Ellipsis, *cell)] += share(position, flat, at)
    return dx


def _pool_text(kind: str, kernel: int, stride: int, dims: int) -> str:
    # as torch.nn.functional writes it: max_pool2d(x, 2), max_pool2d(x, 2, stride=1)
    extra = "" if stride == kernel else f", stride={stride}"
    return f"{kind}_pool{dims}d({{0}}, {kernel}{extra})"


def _first_argmax(windows):
    """Index of each window's first maximum: NumPy, like PyTorch, keeps the first of tied maxima."""
    return np.argmax(windows, axis=-1)


def _maxpool_input_grad(kernel, stride, dims):
    def input_grad(g, x):
        winners = _first_argmax(_pool_windows(x, kernel, stride, dims))

        def share(position, flat, at):
            return np.where(winners[(Ellipsis, *position)] == flat, at, 0)
        return _scatter(x, g, kernel, stride, dims, share)
    return input_grad


def _everywhere(kernel, stride, dims):
    def input_grad(g, x):
        return _scatter(x, g, kernel, stride, dims, lambda position, flat, at: at)
    return input_grad


def _avgpool_input_grad(kernel, stride, dims, divide=True):
    size = kernel ** dims

    def input_grad(g, x):
        return _scatter(x, g, kernel, stride, dims, lambda position, flat, at: at / size if divide else at)
    return input_grad


def _pool_params(params: dict) -> tuple[int, int, int]:
    kernel = int(params.get("kernel", 2))
    return kernel, int(params.get("stride", kernel)), int(params.get("dims", 2))


def _ties(kernel: int, stride: int, dims: int):
    def tied(x) -> bool:
        """Whether some window's maximum is there more than once."""
        windows = _pool_windows(np.asarray(x, dtype=float), kernel, stride, dims)
        return bool(((windows == windows.max(axis=-1, keepdims=True)).sum(axis=-1) > 1).any())
    return tied


MAXPOOL_TIES = (
    "窗口内有并列的最大值时，max 在那里不可导；按 PyTorch 的做法，梯度只给按行从左到右读到的第一个最大值。",
    "Where a window has tied maxima, max is not differentiable; as PyTorch does, the whole gradient goes to "
    "the first maximum in reading order (row by row, left to right).",
)


@lru_cache(maxsize=64)
def maxpool(kernel: int = 2, stride: int = 2, dims: int = 2) -> Operation:
    def forward(x):
        return np.max(_pool_windows(x, kernel, stride, dims), axis=-1)

    return Operation(
        "maxpool", ("x",),
        Rule(("x",), forward, _pool_text("max", kernel, stride, dims),
             "pool"),
        {"x": Rule(("g", "x"), _maxpool_input_grad(kernel, stride, dims), "route({0} → argmax of {1})", "dpool",
                   (OpMistake("maxpool_gradient_everywhere", lambda v, wrong=_everywhere(kernel, stride, dims):
                              wrong(v.g, v["x"])),))},
        exact=True, kink=MAXPOOL_TIES, kink_at=_ties(kernel, stride, dims),
    )


@lru_cache(maxsize=64)
def avgpool(kernel: int = 2, stride: int = 2, dims: int = 2) -> Operation:
    size = kernel ** dims

    def forward(x):
        return np.sum(_pool_windows(x, kernel, stride, dims), axis=-1) / size

    def summed(x):
        return np.sum(_pool_windows(x, kernel, stride, dims), axis=-1)

    return Operation(
        "avgpool", ("x",),
        Rule(("x",), forward, _pool_text("avg", kernel, stride, dims),
             "pool", (OpMistake("avgpool_forgot_division", lambda v: summed(v["x"])),)),
        {"x": Rule(("g", "x"), _avgpool_input_grad(kernel, stride, dims), f"spread({{0}} / {size})", "dpool",
                   (OpMistake("avgpool_forgot_division", lambda v, wrong=_avgpool_input_grad(kernel, stride, dims, False):
                              wrong(v.g, v["x"])),))},
        exact=True,
    )


# -- flatten --------------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def flatten(axes: int = 2) -> Operation:
    def forward(x):
        x = np.asarray(x)
        return x.reshape(*x.shape[:x.ndim - axes], -1)

    def column_order(x):
        x = np.asarray(x)
        moved = np.moveaxis(x, tuple(range(x.ndim - axes, x.ndim)), tuple(range(x.ndim - 1, x.ndim - axes - 1, -1)))
        return moved.reshape(*x.shape[:x.ndim - axes], -1)

    def input_grad(g, x):
        return np.reshape(g, (*np.shape(g)[:-1], *np.shape(x)[-axes:]))

    return Operation(
        "flatten", ("x",),
        Rule(("x",), forward, "flatten({0})", "flatten",
             (OpMistake("flatten_column_order", lambda v: column_order(v["x"]),
                        applies=lambda site: len(site.shape) >= 2 and min(site.shape[-2:]) > 1),)),
        {"x": Rule(("g", "x"), input_grad, "reshape({0})", "dflatten")},
        exact=True,
    )


def operation_with(name: str, params: dict) -> Operation | None:
    """This module's operation `name` with its parameters, or None for another module's name."""
    if name in ("conv1d", "conv2d"):
        stride, padding, in_channels, out_channels = _conv_params(params)
        return conv(int(name[4]), stride, padding, in_channels, out_channels)
    if name in ("maxpool", "avgpool"):
        kernel, stride, dims = _pool_params(params)
        return (maxpool if name == "maxpool" else avgpool)(kernel, stride, dims)
    if name == "flatten":
        return flatten(int(params.get("axes", 2)))
    return None


PARAMETERS = {
    "conv1d": ("stride", "padding", "in_channels", "out_channels"),
    "conv2d": ("stride", "padding", "in_channels", "out_channels"),
    "maxpool": ("kernel", "stride", "dims"),
    "avgpool": ("kernel", "stride", "dims"),
    "flatten": ("axes",),
}

def _factory(name: str):
    def build(**params) -> Operation:
        unknown = sorted(set(params) - set(PARAMETERS[name]))
        if unknown:
            raise ValueError(f"operation {name} takes no parameters {unknown}")
        return operation_with(name, params)
    return build


PARAMETRISED = {name: _factory(name) for name in PARAMETERS}
OPERATIONS = {op.name: op for op in (conv(1), conv(2), maxpool(), avgpool(), flatten())}
