"""The JSON export writes drills from per-template fragments: byte for byte what encoding
`Problem.to_dict()` gives, for every family (notes, undefined values, exact forms included)."""

from __future__ import annotations

import pytest

from quizapp.export.jsonfmt import _RECORD, drill_text
from solver.expression import expression_problem
from solver.families import FAMILIES
from solver.generate import problem_from_code, random_code


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_fast_drill_text_equals_the_encoded_record(family, difficulty):
    for seed in range(6):
        problem = problem_from_code(random_code(family, difficulty, seed))
        assert drill_text(problem) == _RECORD.encode(problem.to_dict())


def test_kinks_and_expressions_too():
    for problem in (problem_from_code("activation-derivative:relu:d2#10"),
                    expression_problem("max(x, y) * relu(z)", "x=1, y=1, z=0")):
        assert drill_text(problem) == _RECORD.encode(problem.to_dict())
