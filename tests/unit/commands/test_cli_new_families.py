"""The optimizer, gradcheck and gates families from the command line: listed with examples, checked
step by step (a named mistake named), and an optimizer's description solved back from a file."""

from __future__ import annotations

import json

from click.testing import CliRunner

from quizapp.cli import main
from solver.generate import problem_from_code


def _run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_families_lists_them_with_examples():
    data = {f["name"]: f for f in json.loads(_run(["families", "--json"]).output)}
    for name in ("optimizer", "gradcheck", "gates"):
        assert problem_from_code(data[name]["example"]).family == name
    assert "adamw" in data["optimizer"]["options"][0]["choices"]


def test_check_grades_each_family_and_names_its_mistakes():
    cases = (("optimizer:adam:2:d1#3", "mhat1", "1", "forgot_bias_correction"),
             ("gradcheck:smooth:d1#1", "numeric", "0.81", "one_sided_difference"),
             ("gates:mixed:d1#1", "df/dx", "3", "fanout_path_dropped"))
    for code, step, wrong, mistake in cases:
        right = repr(float(problem_from_code(code).values[step]))
        assert json.loads(_run(["check", code, step, right, "--json"]).output)["correct"] is True
        data = json.loads(_run(["check", code, step, wrong, "--json"]).output)
        assert data["correct"] is False and data["mistake"] == mistake, data


def test_an_optimizer_description_is_a_network_file(tmp_path):
    problem = problem_from_code("optimizer:adamw:2:chain2:d1#3")
    path = tmp_path / "train.json"
    path.write_text(json.dumps(problem.network))
    data = json.loads(_run(["solve", "--network", str(path), "--json"]).output)
    assert {s["id"]: s["value"] for s in data["steps"]}["w1_new"] == problem.values["w1_new"]
    path.write_text(json.dumps(dict(problem.network, optimizer={"name": "adam", "beta2": 2})))
    result = CliRunner().invoke(main, ["solve", "--network", str(path)])
    assert result.exit_code == 2 and "optimizer.beta2" in result.output and "Traceback" not in result.output
