"""Hostile files through the command line (issue 13): each refused with one clear `file:line`
line and exit 2, quickly, and never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quizapp.cli import main

DEEP = "x = " + "[" * 1000 + "]" * 1000 + "\n"  # 2 KB; RecursionError in tomllib before
NETWORK = {"x": [1.0, -1.0], "t": [0.5], "layers": [{"W": [[0.5, -0.25]], "b": [0.1], "activation": "sigmoid"}],
           "loss": "mse", "lr": 0.1}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def refused(result, *words):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("QUIZAPP_HOME", str(folder))
    return folder


def test_deep_settings_fall_back_and_config_still_repairs_them(home):
    (home / "settings.toml").write_text(DEEP, encoding="utf-8")
    shown = run("config")
    assert shown.exit_code == 0, shown.output
    assert "settings.toml:1: nested more than" in shown.output and "using the defaults" in shown.output
    assert run("bank", "list").exit_code == 0
    repaired = run("config", "language", "zh")
    assert repaired.exit_code == 0, repaired.output
    assert run("config", "language").output.strip().endswith("'zh'")


def test_a_deep_bank_is_skipped_with_its_line_and_validate_names_it(home):
    banks = home / "banks"
    banks.mkdir()
    (banks / "deep.toml").write_text("# a bank\n" + DEEP, encoding="utf-8")
    (banks / "header.toml").write_text("[" + ".".join(["a"] * 60_000) + "]\nx = 1\n", encoding="utf-8")
    listed = run("bank", "list")
    assert listed.exit_code == 0 and "Traceback" not in listed.output
    assert "deep.toml:2: toml: nested more than" in listed.output
    assert "header.toml:1: toml: a dotted key of more than" in listed.output
    refused(run("bank", "validate", banks / "deep.toml"), "deep.toml:2: toml: nested more than")


@pytest.mark.parametrize("suffix, text, words", [
    (".json", "[" * 1000 + "]" * 1000, "nested more than"),
    (".toml", DEEP, "nested more than"),
    (".toml", "lr = 0.1\nx = 1" + "0" * 400 + "\n", "net.toml:2: a number with 401 digits"),
    (".json", json.dumps({**NETWORK, "x": [1e308, 1.0]}), "1e+308 is too large"),
    (".json", json.dumps(NETWORK).replace("0.1}", "NaN}"), "NaN is not a finite number"),
    (".json", json.dumps({**NETWORK, "layers": [NETWORK["layers"][0]] * 100_000}), "too large: more than"),
    (".json", json.dumps({**NETWORK, "layers": [NETWORK["layers"][0]] * 500}), "a list of 500 items"),
])
def test_hostile_network_files(tmp_path, home, suffix, text, words):
    path = tmp_path / f"net{suffix}"
    path.write_text(text, encoding="utf-8")
    refused(run("solve", "--network", path), words)


def test_solve_json_is_standard_json(home, tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps(NETWORK), encoding="utf-8")
    result = run("solve", "--network", path, "--json")
    assert result.exit_code == 0, result.output

    def refuse(constant):
        raise AssertionError(f"non-standard JSON constant {constant}")

    json.loads(result.output, parse_constant=refuse)


@pytest.mark.parametrize("command", [("solve", "--network"), ("import",), ("bank", "validate"), ("bank", "add")])
def test_dev_zero_is_refused_at_once(home, command):
    refused(run(*command, "/dev/zero"), "/dev/zero:1:", "not a regular file")


def test_an_import_with_a_5001_digit_integer_or_deep_nesting(tmp_path, home):
    path = tmp_path / "in.json"
    path.write_text('{"format": "quizapp", "version": 1, "n": 1' + "0" * 5000 + "}", encoding="utf-8")
    refused(run("import", path), "in.json:1: a number with 5001 digits")
    path.write_text('{"format": "quizapp", "version": 1, "n": ' + "[" * 1000 + "]" * 1000 + "}", encoding="utf-8")
    refused(run("import", path), "in.json:1: nested more than")


def test_a_csv_round_trip_carries_a_144_kb_answer(tmp_path, monkeypatch):
    from tests.unit.export.conftest import make_questions, write_bank

    teacher = tmp_path / "teacher"
    monkeypatch.setenv("QUIZAPP_HOME", str(teacher))
    long_answer = ("链式法则 chain rule, " * 8000)[:144_000]
    questions = [q if q.type != "open" else __import__("dataclasses").replace(q, answer_en=long_answer)
                 for q in make_questions()]
    write_bank(teacher, questions)
    exported = tmp_path / "set.csv"
    assert run("export", "-o", exported, "--bank", "mine").exit_code == 0
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path / "learner"))
    result = run("import", exported)
    assert result.exit_code == 0, result.output
    assert long_answer in (tmp_path / "learner" / "banks" / "mine.toml").read_text(encoding="utf-8")


def test_a_csv_cell_over_the_limit_is_named(tmp_path, home):
    path = tmp_path / "in.csv"
    path.write_text("kind,bank,id,type\r\nquestion,mine,mine.q,\"" + "x" * 1_000_001 + "\"\r\n", encoding="utf-8")
    refused(run("import", path), "in.csv:2: not valid CSV: a cell of more than 1,000,000 characters")
