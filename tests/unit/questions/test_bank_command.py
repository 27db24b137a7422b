"""`quizapp bank list | validate | add`, run through click with QUIZAPP_HOME in tmp_path."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from tests.unit.questions.banktext import HEADER, bank, question, write


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("QUIZAPP_HOME", str(folder))
    return folder


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    return invoke


def mine(slug: str = "mine") -> str:
    return bank(question("one"), question("two", "truefalse"),
                header=HEADER.replace('"t"', f'"{slug}"')).replace('"t.', f'"{slug}.')


def test_list_shows_builtin_banks_with_counts(home, run):
    result = run("bank", "list")
    assert result.exit_code == 0
    assert "article" in result.output and "open 4" in result.output
    assert str(home / "banks") in result.output


def test_list_json_and_errors_of_bad_user_files(home, run):
    (home / "banks").mkdir(parents=True)
    write(home / "banks", "[bank]\nid = 3\n", "bad.toml")
    write(home / "banks", mine(), "mine.toml")
    result = run("bank", "list", "--json")
    data = json.loads(result.output)
    assert [b["id"] for b in data["banks"]][-1] == "mine"
    assert data["banks"][-1]["counts"] == {"open": 1, "truefalse": 1}
    assert any(e.startswith(f"{home / 'banks' / 'bad.toml'}:2: bank.id:") for e in data["errors"])
    plain = run("bank", "list")
    assert plain.exit_code == 0
    assert "bad.toml:2: bank.id:" in plain.output  # CliRunner mixes stderr in
    assert "mine" in plain.output


def test_validate_ok(tmp_path, home, run):
    result = run("bank", "validate", str(write(tmp_path, mine())))
    assert result.exit_code == 0
    assert result.output.strip() == "ok"


def test_validate_reports_every_problem_and_fails(tmp_path, home, run):
    good = write(tmp_path, mine(), "good.toml")
    bad = write(tmp_path, bank(question("one").replace("difficulty = 1", "difficulty = 7")), "bad.toml")
    result = run("bank", "validate", str(good), str(bad), str(tmp_path / "gone.toml"))
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "questions[1].difficulty: 7 must be 1, 2 or 3" in result.output
    assert f"{tmp_path / 'gone.toml'}:1: file: no such file" in result.output
    assert "error: 2 problems found" in result.output
    assert "Traceback" not in result.output


def test_validate_files_sharing_a_bank_id(tmp_path, home, run):
    first = write(tmp_path, mine(), "a.toml")
    second = write(tmp_path, mine(), "b.toml")
    result = run("bank", "validate", str(first), str(second))
    assert result.exit_code == 2
    assert f"{second}:2: bank.id: 'mine' is also the id of {first}" in result.output


def test_validate_needs_a_file(home, run):
    assert run("bank", "validate").exit_code == 2


def test_add_copies_the_file_into_the_user_folder(tmp_path, home, run):
    source = write(tmp_path, mine(), "anything.toml")
    result = run("bank", "add", str(source))
    assert result.exit_code == 0, result.output
    target = home / "banks" / "mine.toml"
    assert target.read_bytes() == source.read_bytes()
    assert [p.name for p in (home / "banks").iterdir()] == ["mine.toml"]  # no temporary left behind
    listed = json.loads(run("bank", "list", "--json").output)
    assert "mine" in [b["id"] for b in listed["banks"]]


def test_add_refuses_an_invalid_file(tmp_path, home, run):
    source = write(tmp_path, mine().replace('section = "三"', 'section = "6"', 1))
    result = run("bank", "add", str(source))
    assert result.exit_code == 2
    assert "questions[1].section" in result.output and "nothing was added" in result.output
    assert not (home / "banks").exists()


def test_add_refuses_ids_of_an_existing_bank(tmp_path, home, run):
    source = write(tmp_path, mine("article"))
    result = run("bank", "add", str(source))
    assert result.exit_code == 2
    assert "bank id 'article' is already used by" in result.output
    assert "article.one" not in result.output  # the clash is about the bank; 'article.one' is new
    assert not (home / "banks" / "article.toml").exists()


def test_add_refuses_clashing_question_ids_of_a_user_bank(tmp_path, home, run):
    (home / "banks").mkdir(parents=True)
    write(home / "banks", mine(), "hand-made.toml")  # put there by hand, under another file name
    result = run("bank", "add", str(write(tmp_path, mine())))
    assert result.exit_code == 2
    assert "question ids already used by" in result.output and "mine.one, mine.two" in result.output


def test_add_twice_needs_replace(tmp_path, home, run):
    source = write(tmp_path, mine())
    assert run("bank", "add", str(source)).exit_code == 0
    again = run("bank", "add", str(source))
    assert again.exit_code == 2 and "--replace" in again.output
    updated = write(tmp_path, mine().replace("A question", "A better question"), "v2.toml")
    assert run("bank", "add", "--replace", str(updated)).exit_code == 0
    assert "A better question" in (home / "banks" / "mine.toml").read_text(encoding="utf-8")


def test_add_missing_file(tmp_path, home, run):
    result = run("bank", "add", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2 and "no such file" in result.output
