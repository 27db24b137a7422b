"""`quizapp solve --expr TEXT --at VALUES`: the worked graph in text and JSON, and clean refusals."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quizapp.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args))

    return invoke


def test_text_output_walks_forward_then_backward(run):
    result = run("solve", "--expr", "(x+y)*z", "--at", "x=-2, y=5, z=-4", "--lang", "en")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "forward pass" in out and "backward pass" in out
    assert out.index("n1 = x + y") < out.index("df/dn1 = 1·∂f/∂n1") < out.index("df/dz = 1·∂f/∂z")
    assert "-12" in out


def test_json_has_the_same_shape_as_a_code(run):
    result = run("solve", "--expr", "(x+y)*z", "--at", "x=-2, y=5, z=-4", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["code"] is None and data["family"] == "expression"
    assert data["given"] == {"expression": "(x+y)*z", "output": "f", "at": {"x": -2.0, "y": 5.0, "z": -4.0}}
    assert set(data["prompt"]) == {"zh", "en"}
    for step in data["steps"]:
        assert {"id", "label", "formula", "substituted", "value", "exact", "depends_on"} <= set(step)
        assert set(step["label"]) == {"zh", "en"}
    by_id = {step["id"]: step for step in data["steps"]}
    assert by_id["f"]["value"] == -12.0
    assert (by_id["df/dx"]["value"], by_id["df/dy"]["value"], by_id["df/dz"]["value"]) == (-4.0, -4.0, 3.0)
    assert by_id["df/dx"]["depends_on"] == ["df/dn1", "∂n1/∂x"]
    assert data["answers"][-3:] == ["df/dx", "df/dy", "df/dz"]
    assert set(data["answers"]) <= set(by_id)


def test_json_reports_notes_and_undefined_values(run):
    result = run("solve", "--expr", "L = sqrt(x) + relu(y)", "--at", "x=0, y=0", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    by_id = {step["id"]: step for step in data["steps"]}
    assert by_id["dL/dx"]["value"] is None
    assert by_id["∂n2/∂y"]["value"] == 0.0 and "subgradient" in by_id["∂n2/∂y"]["note"]["en"]
    assert len(data["notes"]) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (("--expr", "(x+y)*z", "--at", "x=-2, y=5"), "no value given for z"),
        (("--expr", "(x+y)*z", "--at", "x=-2, y=5, z=-4, q=1"), "--at gives q"),
        (("--expr", "(x+y)*z", "--at", "x=-2, y=oops, z=1"), "bad value for y"),
        (("--expr", "sigmod(x)", "--at", "x=1"), "did you mean sigmoid?"),
        (("--expr", "x/y", "--at", "x=1, y=0"), "division by zero"),
        (("--expr", "(x+y)*z"), "--expr needs --at"),
        (("--at", "x=1"), "--at goes with --expr"),
        (("chain2:sigmoid:d1#1", "--expr", "x*y", "--at", "x=1, y=2"), "give one of"),
        (("--expr", "", "--at", "x=1"), "--expr is empty"),
        (("--expr", "().__class__", "--at", "x=1"), "attribute access is not allowed"),
    ],
)
def test_bad_input_is_a_clean_error(run, args, message):
    result = run("solve", *args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ")
    assert message in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_at_with_full_width_letters_is_read_like_the_expression(run):
    # NFKC folds ｘ to x in the expression; --at must do the same, or x has no value (issue 13).
    result = run("solve", "--expr", "ｘ*ｙ", "--at", "ｘ＝2，ｙ=３", "--json")
    assert result.exit_code == 0, result.output
    plain = run("solve", "--expr", "x*y", "--at", "x=2, y=3", "--json")
    assert json.loads(result.output)["steps"] == json.loads(plain.output)["steps"]
