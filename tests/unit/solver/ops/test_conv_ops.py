"""Convolution, pooling and flatten on their own: every VJP against central finite differences of
the forward rule and against a plain-loop implementation written from the definitions (as
torch.nn.functional computes them), over random shapes, strides, paddings and layouts."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.ops.table import operation

FD_STEP = 1e-6
SETTINGS = settings(max_examples=15, deadline=None)


def values(draw, shape):
    size = int(np.prod(shape))
    entries = draw(st.lists(st.integers(-8, 8), min_size=size, max_size=size))
    return np.array(entries, dtype=float).reshape(shape) / 4


def central_difference(function, args, index, g):
    base = np.array(args[index], dtype=float)
    gradient = np.zeros_like(base)
    for where in np.ndindex(base.shape):
        sides = []
        for sign in (1, -1):
            moved = base.copy()
            moved[where] += sign * FD_STEP
            trial = list(args)
            trial[index] = moved if moved.ndim else float(moved)
            sides.append(np.sum(g * function(*trial)))
        gradient[where] = (sides[0] - sides[1]) / (2 * FD_STEP)
    return gradient


# -- the definitions, as loops --------------------------------------------------------------------
def loop_conv(x, W, b, stride, padding):
    """Full layout x (C, *S), W (O, C, *K): y[o, i] = Σ_c Σ_j W[o, c, j]·x_pad[c, i·s + j] + b[o]."""
    dims = W.ndim - 2
    xp = np.pad(x, [(0, 0)] + [(padding, padding)] * dims)
    out = tuple((n - k) // stride + 1 for n, k in zip(xp.shape[1:], W.shape[2:]))
    y = np.zeros((W.shape[0], *out))
    for o in range(W.shape[0]):
        for i in np.ndindex(*out):
            total = b[o]
            for c in range(W.shape[1]):
                for j in np.ndindex(*W.shape[2:]):
                    total += W[(o, c, *j)] * xp[(c, *(a * stride + k for a, k in zip(i, j)))]
            y[(o, *i)] = total
    return y


def loop_conv_grads(x, W, g, stride, padding):
    """∂L/∂W, ∂L/∂b, ∂L/∂x by the chain rule on every term of the loop above."""
    dims = W.ndim - 2
    xp = np.pad(x, [(0, 0)] + [(padding, padding)] * dims)
    dW, db, dxp = np.zeros_like(W), np.zeros(W.shape[0]), np.zeros_like(xp)
    for o in range(W.shape[0]):
        for i in np.ndindex(*g.shape[1:]):
            db[o] += g[(o, *i)]
            for c in range(W.shape[1]):
                for j in np.ndindex(*W.shape[2:]):
                    at = (c, *(a * stride + k for a, k in zip(i, j)))
                    dW[(o, c, *j)] += g[(o, *i)] * xp[at]
                    dxp[at] += g[(o, *i)] * W[(o, c, *j)]
    crop = tuple(slice(padding, padding + n) for n in x.shape[1:])
    return dW, db, dxp[(slice(None), *crop)]


def loop_pool(x, kernel, stride, dims, kind):
    """Pool the last `dims` axes; max-pool's gradient to the first maximum, avg-pool's spread."""
    out_shape = tuple((n - kernel) // stride + 1 for n in x.shape[-dims:])
    lead = x.shape[:-dims]
    y, route = np.zeros((*lead, *out_shape)), {}
    for l in np.ndindex(*lead):
        for i in np.ndindex(*out_shape):
            cells = [tuple(a * stride + k for a, k in zip(i, j)) for j in np.ndindex(*(kernel,) * dims)]
            entries = [x[(*l, *cell)] for cell in cells]
            if kind == "max":
                best = max(range(len(entries)), key=lambda n: (entries[n], -n))
                y[(*l, *i)] = entries[best]
                route[(*l, *i)] = [((*l, *cells[best]), 1.0)]
            else:
                y[(*l, *i)] = sum(entries) / len(entries)
                route[(*l, *i)] = [((*l, *cell), 1 / len(cells)) for cell in cells]
    return y, route


# -- convolution ----------------------------------------------------------------------------------
@st.composite
def conv_cases(draw):
    dims = draw(st.sampled_from((1, 2)))
    in_channels, out_channels = draw(st.booleans()), draw(st.booleans())
    C = draw(st.integers(1, 2)) if in_channels else 1
    O = draw(st.integers(1, 2)) if out_channels else 1
    k = draw(st.integers(1, 3))
    stride, padding = draw(st.integers(1, 2)), draw(st.integers(0, 1))
    size = draw(st.integers(max(k, 2), 4))
    spatial = (size,) * dims if dims == 1 else (size, draw(st.integers(max(k, 2), 4)))
    kernel = (k,) * dims if dims == 1 else (k, draw(st.integers(1, 2)))
    x = values(draw, (C, *spatial))
    W = values(draw, (O, C, *kernel))
    b = values(draw, (O,))
    return dims, in_channels, out_channels, stride, padding, x, W, b


def _compact(x, W, b, g, in_channels, out_channels, dims):
    """The values as a problem without channel axes writes them."""
    if not out_channels:
        W, b, g = W[0], b[0], g[0]
    if not in_channels:
        x = x[0]
        W = W[0] if not out_channels else W[:, 0]
    return x, W, b, g


@SETTINGS
@given(conv_cases(), st.data())
def test_convolution_matches_the_loops_and_finite_differences(case, data):
    dims, in_channels, out_channels, stride, padding, x, W, b = case
    op = operation(f"conv{dims}d", (("stride", stride), ("padding", padding),
                                    ("in_channels", int(in_channels)), ("out_channels", int(out_channels))))
    y_full = loop_conv(x, W, b, stride, padding)
    g_full = values(data.draw, y_full.shape)
    dW, db, dx = loop_conv_grads(x, W, g_full, stride, padding)
    xs, Ws, bs, g = _compact(x, W, b, g_full, in_channels, out_channels, dims)
    y = op.forward.compute(xs, Ws, bs)
    assert np.allclose(y, _compact(x, W, b, y_full, in_channels, out_channels, dims)[3])
    forward = op.forward.compute
    stated = {"W": op.vjps["W"].compute(g, xs, Ws), "b": op.vjps["b"].compute(g), "x": op.vjps["x"].compute(Ws, g, xs)}
    expected = _compact(dx, dW, db, g_full, in_channels, out_channels, dims)
    for role, index, independent in (("x", 0, expected[0]), ("W", 1, expected[1]), ("b", 2, expected[2])):
        numeric = central_difference(forward, (xs, Ws, bs), index, g)
        assert np.shape(stated[role]) == np.shape(numeric), role
        assert np.allclose(stated[role], numeric, atol=1e-6), (role, stated[role], numeric)
        assert np.allclose(stated[role], independent), role


def test_the_interview_example_is_a_cross_correlation_and_its_input_gradient_the_flipped_kernel():
    op = operation("conv2d", (("in_channels", 0), ("out_channels", 0)))
    x, W = np.arange(9.0).reshape(3, 3), np.array([[1.0, 2.0], [3.0, 4.0]])
    assert np.array_equal(op.forward.compute(x, W, 0.5), [[27.5, 37.5], [57.5, 67.5]])
    g = np.array([[1.0, 0.0], [0.0, 0.0]])  # only y[0, 0]: x's top-left window gets W itself
    assert np.array_equal(op.vjps["x"].compute(W, g, x), [[1, 2, 0], [3, 4, 0], [0, 0, 0]])
    # the named mistake: a true convolution, the kernel turned half round
    assert [m.id for m in op.forward.mistakes] == ["conv_flipped_kernel"]
    assert np.array_equal(op.forward.compute(x, W[::-1, ::-1], 0.5), [[13.5, 23.5], [43.5, 53.5]])


def test_convolution_is_exact_on_fractions():
    op = operation("conv1d", (("in_channels", 0), ("out_channels", 0), ("padding", 1)))
    x = np.array([Fraction(1, 2), Fraction(-1), Fraction(3, 4)], dtype=object)
    W = np.array([Fraction(1), Fraction(-1, 2)], dtype=object)
    y = op.forward.compute(x, W, Fraction(1, 4))
    assert [*y] == [Fraction(0), Fraction(5, 4), Fraction(-9, 8), Fraction(1)]
    dx = op.vjps["x"].compute(W, np.array([Fraction(1)] * 4, dtype=object), x)
    assert all(isinstance(v, Fraction) for v in dx) and [*dx] == [Fraction(1, 2)] * 3


def test_convolution_rules_take_a_leading_batch_axis():
    op = operation("conv2d", (("in_channels", 0), ("out_channels", 0), ("padding", 1)))
    rng = np.random.default_rng(5)
    x, W, b, g = rng.normal(size=(3, 3, 3)), rng.normal(size=(3, 2, 2)), rng.normal(size=3), rng.normal(size=(3, 4, 4))
    for rule, args in ((op.forward, (x, W, b)), (op.vjps["W"], (g, x, W)), (op.vjps["x"], (W, g, x)), (op.vjps["b"], (g,))):
        batched = rule.compute(*args)
        for item in range(3):
            one = rule.compute(*(a[item] for a in args))
            assert np.allclose(batched[item], one)


# -- pooling --------------------------------------------------------------------------------------
@st.composite
def pool_cases(draw):
    dims, kernel = draw(st.sampled_from((1, 2))), draw(st.integers(1, 3))
    stride = draw(st.integers(1, kernel))
    lead = draw(st.sampled_from(((), (2,))))
    spatial = tuple(draw(st.integers(kernel, 4)) for _ in range(dims))
    return dims, kernel, stride, values(draw, (*lead, *spatial))  # quarters: ties happen, on purpose


@SETTINGS
@given(pool_cases(), st.sampled_from(("max", "avg")), st.data())
def test_pooling_matches_the_loops_and_finite_differences_off_ties(case, kind, data):
    dims, kernel, stride, x = case
    op = operation(f"{kind}pool", (("kernel", kernel), ("stride", stride), ("dims", dims)))
    y, route = loop_pool(x, kernel, stride, dims, kind)
    assert np.allclose(op.forward.compute(x), y)
    g = values(data.draw, y.shape)
    independent = np.zeros_like(x)
    for out, cells in route.items():
        for cell, weight in cells:
            independent[cell] += weight * g[out]
    stated = op.vjps["x"].compute(g, x)
    assert np.allclose(stated, independent)  # at ties too: the first maximum in reading order
    # finite differences only where every window's maximum is unique (elsewhere max has no derivative)
    jitter = x + np.arange(x.size).reshape(x.shape) * 1e-3
    numeric = central_difference(op.forward.compute, (jitter,), 0, g)
    assert np.allclose(op.vjps["x"].compute(g, jitter), numeric, atol=1e-6)


def test_max_pool_sends_a_tie_to_the_first_maximum_and_says_so():
    op = operation("maxpool", (("kernel", 2), ("stride", 2), ("dims", 2)))
    x = np.array([[1.0, 3.0], [3.0, 0.0]])
    assert np.array_equal(op.vjps["x"].compute(np.array([[2.0]]), x), [[0, 2], [0, 0]])
    assert "first maximum" in op.kink[1] and "第一个最大值" in op.kink[0]


def test_flatten_is_row_by_row_and_its_gradient_reshapes_back():
    op = operation("flatten", (("axes", 2),))
    x = np.arange(6.0).reshape(2, 3)
    assert np.array_equal(op.forward.compute(x), [0, 1, 2, 3, 4, 5])
    g = np.arange(6.0) * 2
    assert np.array_equal(op.vjps["x"].compute(g, x), g.reshape(2, 3))
    assert np.array_equal(op.vjps["x"].compute(np.stack([g, g]), np.stack([x, x])), np.stack([g.reshape(2, 3)] * 2))
    numeric = central_difference(op.forward.compute, (x,), 0, g)
    assert np.allclose(op.vjps["x"].compute(g, x), numeric)
