"""Problem codes: canonical, reproducible, and refused with a useful message when wrong."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings

from solver.formats.codes import CodeError
from solver.families import FAMILIES
from solver.generate import problem_from_code, random_code, read_code

from ..strategies import any_codes


@settings(max_examples=150, deadline=None)
@given(any_codes)
def test_code_round_trips_through_its_problem(code):
    problem = problem_from_code(code)
    assert problem.code == str(read_code(code))
    again = problem_from_code(problem.code)
    assert again.code == problem.code
    assert json.dumps(again.to_dict(), sort_keys=True) == json.dumps(problem.to_dict(), sort_keys=True)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_family_example_is_a_valid_code(family):
    example = FAMILIES[family].example
    problem = problem_from_code(example)
    assert problem.code == example
    assert problem.answers, "a problem asks for at least one step"
    assert set(problem.answers) <= set(problem.template.step_ids)


def test_short_codes_fill_in_the_defaults():
    assert str(read_code("mlp:d2#7")) == "mlp:2-3-1:sigmoid:half_sse:d2#7"
    assert random_code("chain2", 1, 5) == "chain2:sigmoid:d1#5"


def test_numbers_are_pinned_across_machines():
    """The same code must give the same numbers everywhere: a counter-based RNG, not NumPy's."""
    problem = problem_from_code("chain2:sigmoid:d1#42")
    pinned = {name: problem.given[name] for name in ("x", "t", "eta", "w1", "w2")}
    assert pinned == {"x": -1.0, "t": 0.5, "eta": 0.5, "w1": -0.5, "w2": 0.5}


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("", "empty"),
        ("nosuch:d1#1", "unknown family 'nosuch'"),
        ("mlp:2-3-1:sigmoid:half_sse:d9#1", "d1, d2 or d3"),
        ("mlp:2-3-1", "needs a seed"),
        ("mlp:2-x-1:d1#1", "must look like 2-3-1"),
        ("mlp:2-3-1:sigmod:d1#1", "unknown activation 'sigmod'"),
        ("neuron:3:relu:bce:d1#1", "bce needs a sigmoid"),
        ("chain2:sigmoid:d1#-4", "seed '-4'"),
        ("gd:quadratic:9:d1#1", "must be 1 to 6"),
    ],
)
def test_bad_codes_say_what_is_wrong(code, fragment):
    with pytest.raises(CodeError) as caught:
        problem_from_code(code)
    assert fragment in str(caught.value)


def test_answers_are_the_requested_step_ids_in_order():
    problem = problem_from_code("chain2:sigmoid:d1#42")
    assert list(problem.answers) == [s.id for s in problem.steps() if s.id in problem.answers]
    for step_id in ("z1", "a1", "y", "L", "dL/dy", "dL/dw2", "dL/dw1", "w1_new", "w2_new"):
        assert step_id in problem.answers


def test_step_values_are_json_numbers_at_full_precision():
    problem = problem_from_code("mlp:2-3-1:sigmoid:half_sse:d3#11")
    data = json.loads(json.dumps(problem.to_dict()))
    by_id = {step["id"]: step for step in data["steps"]}
    np.testing.assert_array_equal(np.asarray(by_id["dL/dW1"]["value"]), problem.values["dL/dW1"])
    assert by_id["dL/dW1"]["depends_on"] == list(problem.spec("dL/dW1").deps)
