"""The plain solve takes shortcuts (σ'(z) read off a = σ(z)); grading with a learner's answers
follows each step's own formula. Both routes must give the very same numbers."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from solver import ops
from solver.generate import problem_from_code

from ..strategies import network_codes

SHORTCUT_ACTIVATIONS = [a for a in ops.ACTIVATIONS.values() if a.derivative_from_output is not None]

pre_activations = st.lists(st.floats(-30, 30, allow_nan=False), min_size=1, max_size=6).map(np.array)


def test_sigmoid_and_tanh_have_shortcuts():
    assert {a.name for a in SHORTCUT_ACTIVATIONS} == {"sigmoid", "tanh"}


@settings(max_examples=200, deadline=None)
@given(pre_activations)
def test_derivative_from_the_output_is_the_derivative_to_the_last_bit(z):
    for activation in SHORTCUT_ACTIVATIONS:
        np.testing.assert_array_equal(
            activation.derivative_from_output(activation.forward(z)), activation.derivative(z), err_msg=activation.name
        )


@settings(max_examples=150, deadline=None)
@given(network_codes)
def test_the_formula_route_gives_the_values_of_the_plain_solve(code):
    problem = problem_from_code(code)
    # An override, even of a value by itself, sends every step through its own formula.
    by_formula = problem.recompute({"L": problem.values["L"]})
    for step_id, value in problem.values.items():
        np.testing.assert_array_equal(np.asarray(by_formula[step_id]), np.asarray(value), err_msg=step_id)


@settings(max_examples=500, deadline=None)
@given(st.floats(-1, 1, allow_nan=False))
@example(-0.9722825711640233)  # tanh at deep-chain:4:tanh:d3#3277947854889032742, where pow and a·a part
def test_derivatives_round_the_same_for_one_number_as_in_a_batch(a):
    # A single problem is solved with NumPy scalars, a batch with arrays: the same code must give
    # the same numbers either way. (np.float64 ** 2 goes through pow and can differ by an ulp.)
    for activation in SHORTCUT_ACTIVATIONS:
        alone = activation.derivative_from_output(np.float64(a))
        in_batch = activation.derivative_from_output(np.array([a, 0.5]))[0]
        assert alone == in_batch or (np.isnan(alone) and np.isnan(in_batch)), activation.name


def test_a_step_with_no_inputs_is_solved_on_both_routes():
    from solver.trace import StepSpec, Template, solve_values

    template = Template(("x",), (StepSpec("c", "forward", "const", (), lambda: 2.0, "2", "常数", "constant"),
                                 StepSpec("y", "forward", "mul", ("c", "x"), lambda c, x: c * x, "{0}·{1}", "积",
                                          "product")))
    assert solve_values(template, {"x": 3.0})["y"] == 6.0
    assert solve_values(template, {"x": 3.0}, {"c": 1.0})["y"] == 3.0
