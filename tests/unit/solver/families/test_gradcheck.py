"""gradcheck: the probes, the central difference and the relative error against their definitions,
the analytic gradient against a finer central difference, the O(h²) claim exactly, the kink case,
the verdicts, and the named mistakes."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from solver.families.gradcheck import verdict
from solver.generate import problem_from_code
from tests.unit.solver.families.own_mistakes import recognised_mistakes

SETTINGS = settings(max_examples=30, deadline=None)
codes = st.builds(lambda c, d, s: f"gradcheck:{c}:d{d}#{s}", st.sampled_from(("smooth", "kink")),
                  st.integers(1, 3), st.integers(0, 2**63 - 1))


def f_of(problem):
    g = problem.given
    if "c3" in g:
        return lambda w: g["c3"] * w ** 3 + g["c2"] * w ** 2
    return lambda w: max(0.0, w * g["x"] + g["b"])


@SETTINGS
@given(codes)
def test_every_step_is_its_definition_and_the_analytic_gradient_is_the_derivative(code):
    problem = problem_from_code(code)
    v, f, w, h = problem.values, f_of(problem), problem.given["w"], problem.given["h"]
    assert math.isclose(v["f(w+h)"], f(w + h), rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(v["f(w-h)"], f(w - h), rel_tol=1e-12, abs_tol=1e-12)
    n = (f(w + h) - f(w - h)) / (2 * h)
    assert math.isclose(v["numeric"], n, rel_tol=1e-9, abs_tol=1e-9)
    fine = 1e-7  # much finer than any stated h, and inside one side of the kink (|z| >= 2.5e-4)
    assert math.isclose(v["analytic"], (f(w + fine) - f(w - fine)) / (2 * fine), rel_tol=1e-6, abs_tol=1e-6)
    a = v["analytic"]
    expected = abs(a - n) / max(abs(a), abs(n)) if max(abs(a), abs(n)) else 0.0
    assert math.isclose(v["rel_error"], expected, rel_tol=1e-6, abs_tol=1e-12)


def test_a_cubics_central_difference_is_off_by_exactly_c3_h_squared():
    for seed in range(30):
        for d in (1, 2, 3):
            problem = problem_from_code(f"gradcheck:smooth:d{d}#{seed}")
            exact = problem.exact_values()
            c3, h = Fraction(repr(problem.given["c3"])), Fraction(repr(problem.given["h"]))
            assert exact["numeric"] - exact["analytic"] == c3 * h * h
            assert "O(h²)" in problem.notes[0][1] or problem.values["rel_error"] < 1e-7 or \
                problem.values["rel_error"] > 1e-2


def test_the_kink_case_straddles_the_kink_and_says_the_kink_explains_it():
    for seed in range(40):
        for d in (1, 2, 3):
            problem = problem_from_code(f"gradcheck:kink:d{d}#{seed}")
            g = problem.given
            z_plus, z_minus = (g["w"] + g["h"]) * g["x"] + g["b"], (g["w"] - g["h"]) * g["x"] + g["b"]
            assert z_plus * z_minus < 0, (seed, d)
            assert problem.values["rel_error"] > 1e-2
            assert "kink" in problem.notes[0][1] and "拐点" in problem.notes[0][0]


def test_the_verdicts_follow_cs231n_thresholds():
    assert "right" in verdict(3e-9, "smooth")[1]
    assert "suspicious" in verdict(1e-4, "smooth")[1]
    assert "wrong" in verdict(0.5, "smooth")[1] and "kink" not in verdict(0.5, "smooth")[1]
    assert "kink" in verdict(0.5, "kink")[1]


def test_d1_is_hand_friendly():
    for seed in range(60):
        for case in ("smooth", "kink"):
            problem = problem_from_code(f"gradcheck:{case}:d1#{seed}")
            assert all(abs(round(value * 100) - value * 100) < 1e-9 for value in problem.given.values()), problem.given
            assert max(abs(value) for value in problem.values.values()) <= 20
            assert problem.values["analytic"] != 0 or case == "kink"


def independent_mistakes(problem, spec):
    v, f, w, h = problem.values, f_of(problem), problem.given["w"], problem.given["h"]
    if spec.id == "numeric":
        return [("one_sided_difference", (v["f(w+h)"] - f(w)) / h), ("one_sided_difference", (f(w) - v["f(w-h)"]) / h),
                ("central_difference_over_h", (v["f(w+h)"] - v["f(w-h)"]) / h)]
    if spec.id == "rel_error":
        a, n = v["analytic"], v["numeric"]
        return [("relative_error_denominator", abs(a - n) / abs(a) if a else None),
                ("relative_error_denominator", abs(a - n))]
    return []


SHOWCASE = ("gradcheck:smooth:d1#1", "gradcheck:kink:d2#3", "gradcheck:smooth:d2#5")


def test_every_attached_mistake_is_the_definition_and_the_grader_names_it():
    recognised = recognised_mistakes(SHOWCASE, independent_mistakes)
    assert recognised == {"one_sided_difference", "central_difference_over_h", "relative_error_denominator"}
