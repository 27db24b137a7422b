"""`quizapp export` and `quizapp import` through the CLI, with QUIZAPP_HOME in a temporary folder."""

import json

import pytest
from click.testing import CliRunner

from quizapp.cli import main

from .conftest import make_questions, write_bank


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def runner_home(tmp_path, monkeypatch):
    def use(name):
        folder = tmp_path / name
        monkeypatch.setenv("QUIZAPP_HOME", str(folder))
        return folder

    return use


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_export_import_export_gives_the_identical_file(tmp_path, runner_home, suffix):
    teacher = runner_home("teacher")
    write_bank(teacher, make_questions())
    first = tmp_path / f"first{suffix}"
    result = run("export", "-o", first, "--bank", "mine")
    assert result.exit_code == 0, result.output
    assert "wrote 8 questions" in result.output

    learner = runner_home("learner")
    result = run("import", first)
    assert result.exit_code == 0, result.output
    assert (learner / "banks" / "mine.toml").is_file()
    assert "imported 8 questions" in result.output

    second = tmp_path / f"second{suffix}"
    assert run("export", "-o", second, "--bank", "mine").exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_import_reports_clashes_and_overwrites_nothing(tmp_path, runner_home):
    home = runner_home("home")
    bank_file = write_bank(home, make_questions())
    exported = tmp_path / "set.json"
    assert run("export", "-o", exported, "--bank", "mine").exit_code == 0
    before = bank_file.read_bytes()
    result = run("import", exported)
    assert result.exit_code == 2
    assert "bank 'mine' already exists; not overwritten" in result.output
    assert "error: nothing imported" in result.output
    assert bank_file.read_bytes() == before


def test_import_of_builtin_questions_reports_them(tmp_path, runner_home):
    runner_home("home")
    exported = tmp_path / "all.json"
    assert run("export", "-o", exported).exit_code == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert any(bank["id"] == "article" for bank in data["banks"])
    result = run("import", exported)
    assert result.exit_code == 2 and "bank 'article' already exists" in result.output


def test_import_rejects_an_invalid_bank_with_the_validators_message(tmp_path, runner_home):
    home = runner_home("home")
    data = {"format": "quizapp", "version": 1, "answers": True, "drills": [],
            "banks": [{"id": "bad", "title": {"zh": "坏", "en": "Bad"}, "questions": ["bad.q"]}],
            "questions": [{**make_questions()[4].to_dict(), "id": "bad.q", "difficulty": 7}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 2
    assert "difficulty: 7 must be 1, 2 or 3" in result.output and "Traceback" not in result.output
    assert not (home / "banks" / "bad.toml").exists()


@pytest.mark.parametrize("content, message", [
    ("not json", "not valid JSON"),
    ('{"format": "other"}', "not a quizapp export"),
    ('{"format": "quizapp", "version": 9}', "version 9 is not supported"),
    ('{"format": "quizapp", "version": 1, "answers": false, "banks": [], "questions": []}', "--no-answers"),
])
def test_import_refuses_what_it_cannot_read(tmp_path, runner_home, content, message):
    runner_home("home")
    path = tmp_path / "in.json"
    path.write_text(content, encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 2 and message in result.output


def test_import_missing_file(tmp_path, runner_home):
    runner_home("home")
    result = run("import", tmp_path / "nope.json")
    assert result.exit_code == 2 and "no such file" in result.output


def test_export_drills_counts_and_determinism(tmp_path, runner_home):
    runner_home("home")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    args = ("--family", "neuron", "--difficulty", "2", "--count", "4", "--seed", "9")
    assert run("export", "-o", first, *args).exit_code == 0
    assert run("export", "-o", second, *args).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["questions"] == [] and len(data["drills"]) == 4
    assert all(d["code"].startswith("neuron:3:sigmoid:half_sse:d2:g2#") for d in data["drills"])  # new draws: g2


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_import_lists_the_drill_codes_to_practise(tmp_path, runner_home, fmt):
    runner_home("home")
    args = ("--family", "chain2", "--count", "2", "--seed", "4")
    exported, as_json = tmp_path / f"drills.{fmt}", tmp_path / "codes.json"
    assert run("export", "-o", exported, "--format", fmt, *args).exit_code == 0
    assert run("export", "-o", as_json, *args).exit_code == 0
    codes = [d["code"] for d in json.loads(as_json.read_text(encoding="utf-8"))["drills"]]
    result = run("import", exported)
    assert "2 drills are not bank questions" in result.output and "quizapp drill CODE" in result.output
    listed = [line.strip() for line in result.output.splitlines() if line.startswith("  ")]
    assert listed == codes  # once each (a CSV has a row per step), in the file's order


def test_export_filters_by_tag_and_type(tmp_path, runner_home):
    home = runner_home("home")
    write_bank(home, make_questions())
    out = tmp_path / "f.json"
    assert run("export", "-o", out, "--bank", "mine", "--type", "numeric", "--type", "truefalse").exit_code == 0
    ids = [q["id"] for q in json.loads(out.read_text(encoding="utf-8"))["questions"]]
    assert ids == ["mine.truefalse", "mine.numeric", "mine.numeric-default"]
    assert run("export", "-o", out, "--force", "--tag", "chain-rule", "--bank", "mine").exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["questions"]) == 8


@pytest.mark.parametrize("args, message", [
    (("--bank", "nope"), "unknown bank 'nope'"),
    (("--type", "essay"), "unknown question type 'essay'"),
    (("--tag", "no-such-topic"), "nothing to export"),
    (("--count", "3"), "add --family"),
    (("--family", "nosuch"), "unknown family"),
    (("--family", "mlp", "--count", "0"), "--count must be"),
])
def test_export_errors_are_messages(tmp_path, runner_home, args, message):
    runner_home("home")
    result = run("export", "-o", tmp_path / "x.json", *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.json").exists()


def test_existing_file_needs_force(tmp_path, runner_home):
    runner_home("home")
    out = tmp_path / "x.md"
    out.write_text("keep me", encoding="utf-8")
    result = run("export", "-o", out, "--family", "chain2", "--count", "1")
    assert result.exit_code == 2 and "already exists; use --force" in result.output
    assert out.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "x-answers.md").exists()
    result = run("export", "-o", out, "--family", "chain2", "--count", "1", "--force")
    assert result.exit_code == 0 and (tmp_path / "x-answers.md").exists()


def test_format_from_extension_or_option(tmp_path, runner_home):
    runner_home("home")
    for name in ("d.apkg", "d.gift", "d.xml", "d.csv"):
        assert run("export", "-o", tmp_path / name, "--family", "chain2", "--count", "1").exit_code == 0
    result = run("export", "-o", tmp_path / "d.txt", "--family", "chain2", "--count", "1")
    assert result.exit_code == 2 and "--format" in result.output
    result = run("export", "-o", tmp_path / "d.txt", "--format", "gift", "--family", "chain2", "--count", "1")
    assert result.exit_code == 0 and (tmp_path / "d.txt").read_text(encoding="utf-8").startswith("$CATEGORY")


def test_unwritable_folder_message(tmp_path, runner_home):
    runner_home("home")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run("export", "-o", blocker / "out.json", "--family", "chain2", "--count", "1")
    assert result.exit_code == 2 and "cannot write" in result.output and "Traceback" not in result.output


def test_cli_start_does_not_import_heavy_libraries():
    import subprocess
    import sys

    code = ("import sys, quizapp.cli; "
            "print(sorted(m for m in ('genanki', 'sympy', 'quizapp.export') if m in sys.modules))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
