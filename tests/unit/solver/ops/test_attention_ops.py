"""An attention head's operations on their own: every VJP against central finite differences and
against the index formulas written out with einsum (and the row softmax's Jacobian written out)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.ops.table import OPERATIONS

from .test_conv_ops import central_difference, values

SETTINGS = settings(max_examples=15, deadline=None)


def _vjps(name, args, g):
    op = OPERATIONS[name]
    known = dict(zip(op.inputs, args), g=g, out=op.forward.compute(*args))
    stated = {}
    for index, role in enumerate(op.inputs):
        rule = op.vjps[role]
        stated[role] = rule.compute(*(known[r] for r in rule.reads))
        numeric = central_difference(op.forward.compute, args, index, g)
        assert np.allclose(stated[role], numeric, atol=1e-6), (name, role)
    return stated


@SETTINGS
@given(st.data(), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3))
def test_each_operation_matches_finite_differences_and_the_index_formulas(data, n, d, d_in):
    X, W = values(data.draw, (n, d_in)), values(data.draw, (d, d_in))
    g = values(data.draw, (n, d))
    assert np.allclose(OPERATIONS["linear.rows"].forward.compute(W, X), np.einsum("ti,ji->tj", X, W))
    stated = _vjps("linear.rows", (W, X), g)
    assert np.allclose(stated["W"], np.einsum("tj,ti->ji", g, X)) and np.allclose(stated["X"], np.einsum("tj,ji->ti", g, W))

    Q, K = values(data.draw, (n, d)), values(data.draw, (n, d))
    gs = values(data.draw, (n, n))
    root = np.sqrt(d)
    assert np.allclose(OPERATIONS["attention.scores"].forward.compute(Q, K), np.einsum("ik,jk->ij", Q, K) / root)
    stated = _vjps("attention.scores", (Q, K), gs)
    assert np.allclose(stated["Q"], np.einsum("ij,jk->ik", gs, K) / root)
    assert np.allclose(stated["K"], np.einsum("ij,ik->jk", gs, Q) / root)

    S = values(data.draw, (n, n))
    stated = _vjps("softmax.rows", (S,), gs)
    A = OPERATIONS["softmax.rows"].forward.compute(S)
    assert np.allclose(A.sum(axis=1), 1)  # each query's weights over the keys
    for row in range(n):  # the Jacobian of row i written out: diag(a) - a aᵀ
        jacobian = np.diag(A[row]) - np.outer(A[row], A[row])
        assert np.allclose(stated["S"][row], gs[row] @ jacobian)

    V = values(data.draw, (n, d))
    stated = _vjps("attention.mix", (A, V), g)
    assert np.allclose(stated["A"], np.einsum("ik,jk->ij", g, V)) and np.allclose(stated["V"], np.einsum("ij,ik->jk", A, g))


def test_the_scale_is_written_with_the_head_size_and_its_mistakes_named():
    scores = OPERATIONS["attention.scores"]
    from solver.ops.table import Site

    assert scores.forward.written(Site((2, 3), 2)) == "{0}·{1}ᵀ / √3"
    assert [m.id for m in scores.forward.mistakes] == ["attention_forgot_scale"]
    assert [m.id for m in OPERATIONS["softmax.rows"].forward.mistakes] == ["softmax_wrong_axis"]
    assert not scores.exact and OPERATIONS["attention.mix"].exact
