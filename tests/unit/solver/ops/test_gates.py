"""The scalar gates of a learner's expression, as operations of the one table: every local
gradient against central finite differences of the gate's forward rule, and exact where stated."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from solver.ops.table import OPERATIONS, operation

GATES = sorted(name for name in OPERATIONS if name.startswith("gate."))
POSITIVE = ("gate.log", "gate.sqrt", "gate.pow")  # their domain (the base of a power, for ∂/∂exponent)
magnitudes = st.floats(min_value=0.3, max_value=2.0, allow_nan=False).map(lambda v: round(v, 2))
signs = st.sampled_from((1.0, -1.0))


def test_every_gate_of_the_expression_parser_is_in_the_table():
    from solver.ops.gates import BINARY_OPS
    from solver.parsing.parser import FUNCTIONS

    named = {f"gate.{op}" for op in BINARY_OPS.values()} | {"gate.neg"} | {f"gate.{f}" for f in FUNCTIONS if f != "ln"}  # ln is log
    assert named <= set(GATES)
    assert all(OPERATIONS[name].locals.keys() == set(OPERATIONS[name].inputs) for name in GATES)


@pytest.mark.parametrize("name", GATES)
@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_each_local_gradient_matches_finite_differences(name, data):
    op = OPERATIONS[name]
    args = [data.draw(magnitudes) * (1.0 if name in POSITIVE else data.draw(signs)) for _ in op.inputs]
    assume(len(set(args)) == len(args))  # max and min tie nowhere
    forward = op.forward.compute
    out = forward(*args)
    values = dict(zip(op.inputs, args), out=out)
    step = 1e-6
    for slot, role in enumerate(op.inputs):
        local = op.locals[role]
        stated = local.compute(*(values[r] for r in local.reads))
        moved = [list(args), list(args)]
        moved[0][slot] += step
        moved[1][slot] -= step
        central = (forward(*moved[0]) - forward(*moved[1])) / (2 * step)
        assert math.isclose(float(stated), central, rel_tol=1e-5, abs_tol=1e-6), (name, role, stated, central)


def test_a_max_of_three_is_the_table_s_max_with_three_inputs():
    op = operation("gate.max", (("arity", 3),))
    assert op.inputs == ("a0", "a1", "a2") and op.forward.text == "max({0}, {1}, {2})"
    shares = [op.locals[r].compute(Fraction(1), Fraction(1), Fraction(0)) for r in op.inputs]
    assert shares == [Fraction(1, 2), Fraction(1, 2), 0]  # a tie splits the gradient, exactly


def test_the_rational_gates_stay_exact():
    for name in GATES:
        op = OPERATIONS[name]
        if not op.exact:
            continue
        args = [Fraction(3, 2), Fraction(-1, 4)][:len(op.inputs)]
        assert isinstance(op.forward.compute(*args), Fraction), name
