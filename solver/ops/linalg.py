"""Linear algebra that works the same with or without a leading batch axis (one problem or many)."""

from __future__ import annotations

import numpy as np


def matvec(W, a):
    return np.matmul(W, np.asarray(a)[..., None])[..., 0]


def matvec_transposed(W, delta):
    return np.matmul(np.swapaxes(W, -1, -2), np.asarray(delta)[..., None])[..., 0]


def outer(delta, a):
    return np.asarray(delta)[..., :, None] * np.asarray(a)[..., None, :]


def transpose(M):
    return np.swapaxes(M, -1, -2)


def dot(w, a):
    return np.sum(np.asarray(w) * np.asarray(a), axis=-1)


def descend(w, eta, g):
    """One gradient-descent step w - η·g. In a batch η is one number per problem, on the leading
    axis: reversing g's axes puts that axis last, where η broadcasts, and reversing back restores it."""
    if isinstance(eta, np.ndarray) and eta.ndim:
        return w - (eta * g.T).T
    return w - eta * g


def scale(delta, v):
    """A scalar (per batch item) times a vector."""
    return np.asarray(delta)[..., None] * np.asarray(v)
