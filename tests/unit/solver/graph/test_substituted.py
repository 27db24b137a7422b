"""The formula with the numbers in, as a tutor writes it on the board."""

from __future__ import annotations

from solver.expression import expression_problem
from solver.generate import problem_from_code


def _substituted(problem, step_id: str) -> str:
    return problem.step(step_id).substituted


def test_a_negative_factor_gets_parentheses_but_a_function_argument_keeps_its_own():
    problem = problem_from_code("chain2:sigmoid:d1#67")  # x = -1, w1 = 0.5, w2 = -1
    assert _substituted(problem, "z1") == "0.5·(-1)"
    assert _substituted(problem, "a1") == "σ(-0.5)"
    assert _substituted(problem, "y") == "(-1)·0.3775"
    assert _substituted(problem, "dL/dz1").endswith("·σ'(-0.5)")


def test_arguments_of_two_place_functions_are_bare_too():
    problem = expression_problem("max(x, y) * z", "x=-2, y=-3, z=-1")
    assert _substituted(problem, "n1") == "max(-2, -3)"
    assert _substituted(problem, "f") == "(-2)·(-1)"
