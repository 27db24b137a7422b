"""What a learner making each named mistake of the conv and pool drills writes, built from the
mistakes' definitions and the problem's network description (not from solver/ops/conv.py), for
the grader's property tests (test_grade_properties.py)."""

from __future__ import annotations

import numpy as np

KINDS = ("conv", "dkernel", "dconv_bias", "dconv_input", "pool", "dpool", "flatten", "dflatten")


def _correlate(x, K):
    """Valid cross-correlation of one channel x with one kernel K, by windows."""
    out = tuple(n - k + 1 for n, k in zip(x.shape, K.shape))
    y = np.zeros(out)
    for i in np.ndindex(*out):
        y[i] = np.sum(x[tuple(slice(a, a + k) for a, k in zip(i, K.shape))] * K)
    return y


def _conv_layer(problem):
    layer = problem.network["layers"][0]
    W = np.asarray(layer["W"], dtype=float)[0]  # (C, *K): one output channel
    x = np.asarray(problem.network["x"], dtype=float)  # (C, *S)
    return x, W, layer["b"][0], layer["padding"]


def _windows(shape, kernel, stride):
    """Each window's cells, window by window in reading order."""
    out = tuple((n - kernel) // stride + 1 for n in shape)
    for i in np.ndindex(*out):
        yield i, [tuple(a * stride + o for a, o in zip(i, offset)) for offset in np.ndindex(*(kernel,) * len(shape))]


def spatial_mistakes(problem, spec) -> list[tuple[str, object]]:
    v, truth = problem.values, problem.values[spec.id]
    if spec.kind == "conv":
        x, W, b, padding = _conv_layer(problem)
        xp = np.pad(x, [(0, 0)] + [(padding, padding)] * (x.ndim - 1))
        flipped = W[(slice(None), *(slice(None, None, -1),) * (W.ndim - 1))]  # the kernel turned half round
        wrong = sum(_correlate(xp[c], flipped[c]) for c in range(len(W))) + b
        return [("conv_flipped_kernel", wrong.reshape(np.shape(truth)))]
    if spec.kind == "dkernel":
        spatial = tuple(range(1 - np.ndim(problem.network["x"]), 0))  # x is (C, *S) in the description
        return [("conv_flipped_kernel", np.flip(truth, axis=spatial))]
    if spec.kind == "dconv_input":
        x, W, _, padding = _conv_layer(problem)
        k = W.shape[1:]
        g = np.asarray(v["dL/dy"], dtype=float).reshape([n + 2 * padding - m + 1 for n, m in zip(x.shape[1:], k)])
        full = np.pad(g, [(m - 1, m - 1) for m in k])
        wrong = np.stack([_correlate(full, W[c]) for c in range(len(W))])  # the kernel not flipped
        crop = tuple(slice(padding, padding + n) for n in x.shape[1:])
        return [("conv_backward_unflipped", wrong[(slice(None), *crop)].reshape(np.shape(truth)))]
    if spec.kind in ("pool", "dpool"):
        layer = problem.network["layers"][0]
        kernel, stride, size = layer["kernel"], layer["stride"], layer["kernel"] ** np.ndim(v["x"])
        if layer["type"] == "avgpool":
            return [("avgpool_forgot_division", np.asarray(truth) * size)]  # a sum, or g itself, without the 1/k
        if spec.kind == "pool":
            return []
        g, everywhere = np.asarray(v["dL/dp"], dtype=float), np.zeros(np.shape(v["x"]))
        for i, cells in _windows(np.shape(v["x"]), kernel, stride):
            for cell in cells:
                everywhere[cell] += g[i]
        return [("maxpool_gradient_everywhere", everywhere)]
    if spec.kind == "flatten":
        source = np.asarray(v[spec.deps[0]], dtype=float)
        return [("flatten_column_order", source.T.reshape(-1))] if min(source.shape) > 1 else []
    return []
