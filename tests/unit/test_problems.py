"""quizapp.problems: every source of a problem, and the rules between sources, in one place."""

from __future__ import annotations

import random

import pytest

from quizapp.errors import UserError
from quizapp.problems import ProblemSource, family_code, next_code, problem_from

NETWORK_JSON = '{"x": [1.0], "t": [1.0], "layers": [{"W": [[0.5]], "activation": "identity"}], "loss": "half_sse", "lr": 0.1}'


def test_each_source_gives_its_problem(tmp_path):
    assert problem_from(ProblemSource(code="chain2:sigmoid:d1#368")).code == "chain2:sigmoid:d1#368"
    drawn = problem_from(ProblemSource(family="mlp", difficulty=2, seed=5))
    assert drawn.code == family_code("mlp", 2, 5) == "mlp:2-3-1:sigmoid:half_sse:d2:g2#5"  # a new draw: g2
    assert problem_from(ProblemSource(network_text=NETWORK_JSON)).code is None
    path = tmp_path / "net.json"
    path.write_text(NETWORK_JSON, encoding="utf-8")
    from_file = problem_from(ProblemSource(network_file=str(path)))
    assert from_file.values == problem_from(ProblemSource(network_text=NETWORK_JSON)).values
    assert problem_from(ProblemSource(expression="x*y", at="x=2, y=3")).value("f") == 6


def test_a_family_without_a_seed_draws_one_and_no_family_draws_a_family():
    first = problem_from(ProblemSource(family="chain2"), rng=random.Random(1))
    again = problem_from(ProblemSource(family="chain2"), rng=random.Random(1))
    assert first.code == again.code and first.code.startswith("chain2:")
    assert problem_from(ProblemSource(), rng=random.Random(2)).code  # any family


def test_next_code_keeps_the_kind_of_problem_and_draws_with_the_newest_generator():
    assert next_code("mlp:2-2-1:relu:mse:d3#1", 9) == "mlp:2-2-1:relu:mse:d3:g2#9"
    assert next_code("mlp:2-2-1:relu:mse:d3:g2#1", 9) == "mlp:2-2-1:relu:mse:d3:g2#9"
    assert next_code("chain2:relu:d2#1", 9) == "chain2:relu:d2#9"  # chain2 has only g1


@pytest.mark.parametrize(("source", "offered", "message"), [
    (ProblemSource(code="chain2:sigmoid:d1#1", expression="x", at="x=1"), ("code", "network_file", "expression"),
     "give one of CODE, --network or --expr (got CODE and --expr)"),
    (ProblemSource(family="mlp", network_file="n.json"), ("code", "family", "network_file", "expression"),
     "give one of CODE, --family, --network or --expr (got --family and --network)"),
    (ProblemSource(at="x=1"), ("code", "expression"), "--at goes with --expr"),
    (ProblemSource(expression="x*y"), ("expression",), "--expr needs --at"),
    (ProblemSource(expression=" ", at="x=1"), ("expression",), "--expr is empty"),
    (ProblemSource(), ("code", "expression"), "give a problem code"),
    (ProblemSource(code="nope:d1#1"), ("code",), "unknown family 'nope'"),
    (ProblemSource(family="nope"), ("family",), "unknown family 'nope'"),
    (ProblemSource(network_text="{"), ("network_text",), "not valid JSON"),
])
def test_every_refusal_is_one_user_error(source, offered, message):
    with pytest.raises(UserError) as caught:
        problem_from(source, offered=offered)
    assert message in str(caught.value)


def test_an_expression_error_keeps_both_languages_for_a_screen():
    with pytest.raises(UserError) as caught:
        problem_from(ProblemSource(expression="x/y", at="x=1, y=0"))
    error = caught.value
    assert "division by zero" in error.en and error.zh and error.zh in str(error)
