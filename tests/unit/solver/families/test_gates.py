"""gates: every drawn expression's gradients against central differences of the expression
written out on its own; the patterns each option promises; no max ties; the named mistakes on
CS231n's own example."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from solver.families.gates import PATTERNS, SHAPES, gates_problem
from solver.generate import problem_from_code
from solver.grading.grade import grade_step

SETTINGS = settings(max_examples=30, deadline=None)
codes = st.builds(lambda p, d, s: f"gates:{p}:d{d}#{s}", st.sampled_from(PATTERNS), st.integers(1, 3),
                  st.integers(0, 2**63 - 1))

# Each shape written out as a Python function, independently of the parser and the gates.
FUNCTIONS = {
    "(x + y)*z": lambda x, y, z: (x + y) * z,
    "x*y + z": lambda x, y, z: x * y + z,
    "max(x, y)*z": lambda x, y, z: max(x, y) * z,
    "x*y + x*z": lambda x, y, z: x * y + x * z,
    "max(x, y) + max(y, z)": lambda x, y, z: max(x, y) + max(y, z),
    "(x + y)*(y + z)": lambda x, y, z: (x + y) * (y + z),
    "max(x + y, z)*w": lambda x, y, z, w: max(x + y, z) * w,
    "x*y + max(x, z)": lambda x, y, z: x * y + max(x, z),
    "(x*y + z)*(x + w)": lambda x, y, z, w: (x * y + z) * (x + w),
    "max(x*y, z*w) + x": lambda x, y, z, w: max(x * y, z * w) + x,
    "1/(1 + exp(-(w*x + b)))": lambda w, x, b: 1 / (1 + math.exp(-(w * x + b))),
}


def test_every_shape_has_its_independent_function():
    assert set(FUNCTIONS) == {text for text, _, _ in SHAPES}


@SETTINGS
@given(codes)
def test_each_input_gradient_is_the_central_difference_of_the_expression(code):
    problem = problem_from_code(code)
    text, point = problem.network["expression"], problem.network["at"]
    function, h = FUNCTIONS[text], 1e-6
    for name in point:
        up, down = dict(point), dict(point)
        up[name] += h
        down[name] -= h
        numeric = (function(**up) - function(**down)) / (2 * h)
        assert math.isclose(problem.values[f"df/d{name}"], numeric, rel_tol=1e-6, abs_tol=1e-6), (code, name)
    assert math.isclose(problem.values["f"], function(**point), rel_tol=1e-12, abs_tol=1e-12)


def test_each_pattern_option_draws_expressions_that_exercise_it():
    tags = {text: patterns for text, patterns, _ in SHAPES}
    for pattern in PATTERNS:
        for d in (1, 2, 3):
            for seed in range(4):
                problem = problem_from_code(f"gates:{pattern}:d{d}#{seed}")
                text = problem.network["expression"]
                assert pattern == "mixed" or pattern in tags[text], (pattern, text)
                assert not problem.notes, (pattern, d, seed)  # no max ties: every route is clear


def test_the_mistakes_of_each_pattern_on_cs231n_example():
    # f = (x + y)·z at x = -2, y = 5, z = -4 (CS231n's first example): df/dx = df/dy = z = -4, df/dz = x + y = 3
    problem = gates_problem("(x + y)*z", {"x": -2.0, "y": 5.0, "z": -4.0}, None)
    assert problem.family == "gates"
    assert (problem.values["df/dx"], problem.values["df/dy"], problem.values["df/dz"]) == (-4.0, -4.0, 3.0)
    cases = [("df/dx", "-2", "add_gate_split"),  # the upstream -4 halved at the add gate
             ("∂f/∂n1", "3", "multiply_gate_not_swapped")]  # n1 = x + y itself, not the other input z
    routed = gates_problem("max(x, y)*z", {"x": 1.0, "y": 3.0, "z": 2.0}, None)
    cases_max = [("∂n1/∂x", "1", "max_gate_wrong_route"), ("∂n1/∂y", "0", "max_gate_wrong_route")]
    fanned = gates_problem("x*y + x*z", {"x": 1.0, "y": 3.0, "z": 2.0}, None)  # df/dx = y + z = 5
    cases_fan = [("df/dx", "3", "fanout_path_dropped"), ("df/dx", "2", "fanout_path_dropped")]
    for where, items in ((problem, cases), (routed, cases_max), (fanned, cases_fan)):
        for step, answer, mistake in items:
            verdict = grade_step(where, step, answer)
            assert verdict.verdict == "wrong" and verdict.mistake == mistake, (step, answer, verdict)
            assert grade_step(where, step, repr(float(where.values[step]))).verdict == "correct"


# -- the mistakes on every step, for the catalogue-wide check (test_grade_properties) --------------
def independent_mistakes(problem, spec):
    """What a learner making each pattern's mistake writes on one step, read off the worked graph:
    a gate's kind from its forward step's label, the paths from the gradient step's terms."""
    gates = {s.id: s.label_en.rsplit("(", 1)[-1].rstrip(")") for s in problem.template.steps if s.phase == "forward"}
    v = problem.values
    if spec.kind == "local":
        node, operand = spec.id[1:].split("/∂", 1)
        if gates[node] == "multiply gate":
            return [("multiply_gate_not_swapped", v[operand])]
        if gates[node] == "max gate":
            return [("max_gate_wrong_route", 1 - v[spec.id])]
        return []
    if spec.kind != "grad":
        return []
    terms, deps, i = [], spec.deps, 0
    while i < len(deps):
        if deps[i].startswith("df/d"):
            terms.append((v[deps[i]], deps[i + 1]))
            i += 2
        else:
            terms.append((1.0, deps[i]))
            i += 1
    values = [up * v[local] for up, local in terms]
    out = []
    for (up, local), value in zip(terms, values):
        if gates[local[1:].split("/∂", 1)[0]] == "add gate":
            out.append(("add_gate_split", sum(values) - value / 2))
        if len(terms) > 1:
            out.append(("fanout_path_dropped", value))
    return out


SHOWCASE = ("gates:mixed:d1#1", "gates:fanout:d2#3", "gates:max:d1#2")
