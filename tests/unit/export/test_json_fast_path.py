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
    from solver.formats.network_file import problem_from_network

    on_kink = {"x": [1.0, 2.0], "t": [1.0], "loss": "half_sse", "lr": 0.1,  # z1 = [0, 1]: a note on two steps only
               "layers": [{"W": [[1.0, -0.5], [1.0, 0.0]], "activation": "relu"}, {"W": [[1.0, 1.0]]}]}
    for problem in (problem_from_code("activation-derivative:relu:d2#10"),
                    expression_problem("max(x, y) * relu(z)", "x=1, y=1, z=0"), problem_from_network(on_kink),
                    problem_from_code("pool:max:2d:1:d3#1")):
        assert drill_text(problem) == _RECORD.encode(problem.to_dict())


def test_non_finite_values_are_refused_like_the_encoder_does():
    import numpy as np

    from quizapp.export.jsonfmt import _json_value

    for bad in (float("nan"), float("inf"), np.array([1.0, -np.inf]), np.float64("nan")):
        with pytest.raises(ValueError):
            _json_value(bad)
    assert _json_value(np.array([[1e-7, 2.5], [-3.0, 1e300]])) == "[[1e-07, 2.5], [-3.0, 1e+300]]"
