"""One shape rule for every step: a number or a flat list stands for any layout of the same
entries (no orientation to contradict); any other shape is refused with the shape wanted and
asked again at no cost; a transpose that matches the transposed value is still a named mistake."""

from __future__ import annotations

import numpy as np
import pytest

from solver.fmt import format_value
from solver.generate import problem_from_code
from solver.grading.grade import grade_step
from solver.grading.session import DrillSession

CODE = "mlp:2-3-1:sigmoid:half_sse:d1#42"


def _flat(value) -> str:
    return "[" + ", ".join(format_value(v) for v in np.ravel(value)) + "]"


@pytest.fixture(scope="module")
def problem():
    return problem_from_code(CODE)


def test_every_step_takes_its_entries_in_the_layout_without_orientation(problem):
    for step_id in problem.answers:
        value = problem.values[step_id]
        shape = np.shape(value)
        if len(shape) == 2 and 1 not in shape:
            continue  # a real matrix: rows are what was written
        typed = format_value(np.ravel(value)[0]) if np.size(value) == 1 else _flat(value)
        assert grade_step(problem, step_id, typed).correct, (step_id, typed)


def test_a_huge_flat_row_is_graded_for_a_row_matrix_like_any_vector(problem):
    # The one rule: [a, b, c] is a 1×3 row as much as 1 is a one-entry vector.
    verdict = grade_step(problem, "W2_new", "[1e299, 1e299, 1e299]")
    assert verdict.verdict == "wrong" and "shape" not in verdict.message_en
    assert grade_step(problem, "z2", "1").verdict == "wrong"


@pytest.mark.parametrize("step_id, typed, wanted", [
    ("z1", "1", "a vector of 3"),  # a plain number for a 3-vector
    ("dL/dW1", "[1, 2, 3]", "a 3x2 matrix"),
    ("W2_new", "[[1], [2], [3]]", "a 1x3 matrix"),  # a column where the row is asked
])
def test_another_shape_is_refused_with_the_shape_wanted(problem, step_id, typed, wanted):
    verdict = grade_step(problem, step_id, typed)
    assert verdict.verdict == "refused" and verdict.asks_again
    assert f"this step wants {wanted}" in verdict.message_en and "形状不对" in verdict.message_zh


def test_a_refused_shape_costs_nothing_in_the_session(problem):
    session = DrillSession(problem)
    assert session.answer("1").verdict == "refused"
    assert session.current == "z1" and session.records == []
    session.answer(format_value(problem.values["z1"]))
    assert session.current == "a1"


def test_a_transpose_that_matches_is_still_the_named_mistake(problem):
    verdict = grade_step(problem, "dL/dW1", format_value(np.asarray(problem.values["dL/dW1"]).T))
    assert verdict.verdict == "wrong" and verdict.mistake == "transposed"
