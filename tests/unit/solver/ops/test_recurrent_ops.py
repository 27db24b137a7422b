"""The RNN cell z = W_xh·x + W_hh·h + b on its own: every VJP against central finite differences
and against the index formulas written out with einsum, for the one-unit and the matrix cell."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.ops.table import OPERATIONS

from .test_conv_ops import central_difference, values

SETTINGS = settings(max_examples=15, deadline=None)
ROLES = ("Wx", "x", "Wh", "h", "b")


@SETTINGS
@given(st.data(), st.integers(1, 3), st.integers(1, 3))
def test_the_matrix_cell_matches_finite_differences_and_einsum(data, hidden, inputs):
    shapes = ((hidden, inputs), (inputs,), (hidden, hidden), (hidden,), (hidden,))
    args = [values(data.draw, shape) for shape in shapes]
    op = OPERATIONS["rnn_cell.dense"]
    z = op.forward.compute(*args)
    Wx, x, Wh, h, b = args
    assert np.allclose(z, np.einsum("ij,j->i", Wx, x) + np.einsum("ij,j->i", Wh, h) + b)
    g = values(data.draw, (hidden,))
    known = dict(zip(ROLES, args), g=g)
    independent = {"Wx": np.einsum("i,j->ij", g, x), "x": np.einsum("ij,i->j", Wx, g),
                   "Wh": np.einsum("i,j->ij", g, h), "h": np.einsum("ij,i->j", Wh, g), "b": g}
    for index, role in enumerate(ROLES):
        rule = op.vjps[role]
        stated = rule.compute(*(known[name] for name in rule.reads))
        assert np.allclose(stated, central_difference(op.forward.compute, args, index, g), atol=1e-6), role
        assert np.allclose(stated, independent[role]), role


@SETTINGS
@given(st.lists(st.integers(-8, 8), min_size=6, max_size=6))
def test_the_one_unit_cell_takes_numbers(entries):
    Wx, x, Wh, h, b, g = (e / 4 for e in entries)
    op = OPERATIONS["rnn_cell.scalar"]
    assert op.forward.compute(Wx, x, Wh, h, b) == Wx * x + Wh * h + b
    known = {"Wx": Wx, "x": x, "Wh": Wh, "h": h, "b": b, "g": g}
    expected = {"Wx": g * x, "x": g * Wx, "Wh": g * h, "h": g * Wh, "b": g}
    for role, value in expected.items():
        rule = op.vjps[role]
        assert rule.compute(*(known[name] for name in rule.reads)) == value, role


def test_the_cell_names_time_steps_and_its_mistakes():
    op = OPERATIONS["rnn_cell.dense"]
    word = op.path_word("Wh")
    assert (word.suffix, word.en, word.dropped) == ("t", "time step", "bptt_dropped_time_step")
    assert [m.id for m in op.vjps["h"].mistakes] == ["bptt_forgot_recurrent_weight", "transposed"]
    assert op.exact and op.optional == ("b",)
