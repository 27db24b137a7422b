"""Issue 16's smaller items on the command line: theme names, import formats, check in the
learner's language, and counts in their plural forms."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.settings import Settings
from quizapp.wording import count_of


def test_config_theme_accepts_only_the_apps_themes():
    runner = CliRunner()
    bad = runner.invoke(main, ["config", "theme", "nope"])
    assert bad.exit_code == 2 and "no theme 'nope'" in bad.output and "textual-light" in bad.output
    assert Settings.load().theme == "textual-dark"
    good = runner.invoke(main, ["config", "theme", "nord"])
    assert good.exit_code == 0, good.output
    assert Settings.load().theme == "nord"


@pytest.mark.parametrize("name", ["set.md", "set.gift", "set.xml", "set.apkg"])
def test_import_of_an_export_it_cannot_read_names_the_formats_it_reads(tmp_path, name):
    path = tmp_path / name
    path.write_text("# Questions\n\n1. What is the chain rule?\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 2
    assert "import reads JSON (.json) and CSV (.csv)" in result.output and "not valid JSON" not in result.output


def test_import_still_reads_json_without_the_extension(tmp_path):
    exported = tmp_path / "set.json"
    assert CliRunner().invoke(main, ["export", "--bank", "article", "-o", str(exported)]).exit_code == 0
    renamed = tmp_path / "set-copy"
    data = json.loads(exported.read_text(encoding="utf-8"))
    for bank in data["banks"]:
        bank["id"] = "copied-" + bank["id"]
    for question in data["questions"]:
        question["id"] = "copied-" + question["id"]
    renamed.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(renamed)])
    assert result.exit_code == 0, result.output


def test_check_speaks_the_language_setting():
    runner = CliRunner()
    assert runner.invoke(main, ["config", "language", "zh"]).exit_code == 0
    result = runner.invoke(main, ["check", "chain2:sigmoid:d1#7", "z1", "12345"])
    assert result.exit_code == 0, result.output
    assert "错误" in result.output and "wrong" not in result.output
    english = runner.invoke(main, ["check", "--lang", "en", "chain2:sigmoid:d1#7", "z1", "12345"])
    assert "wrong" in english.output and "错误" not in english.output
    question = runner.invoke(main, ["check", "--question", "concepts-activations.relu-at-zero", "true"])
    assert "错误" in question.output and "wrong" not in question.output
    # "both", the default, is both: Chinese then English, each once, as every command says it.
    assert runner.invoke(main, ["config", "language", "both"]).exit_code == 0
    both = runner.invoke(main, ["check", "chain2:sigmoid:d1#7", "z1", "12345"]).output
    assert both.startswith("✗ 错误 / wrong\n") and both.index("不对") < both.index("not right")
    assert both.count("not right") == 1


def test_counts_take_their_plural_form():
    assert [count_of(n, "question") for n in (0, 1, 2)] == ["0 questions", "1 question", "2 questions"]
    assert count_of(1, "entry") == "1 entry" and count_of(3, "entry") == "3 entries"


def test_bank_list_and_import_counts_are_plural_right(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("QUIZAPP_HOME", str(home))
    (home / "banks").mkdir(parents=True)
    (home / "banks" / "broken.toml").write_text("[bank]\nid = 'broken'\ntitle = { zh = 'x', en = 'x' }\n",
                                                          encoding="utf-8")
    listing = CliRunner().invoke(main, ["bank", "list"])
    assert "1 problem;" in listing.output and "1 problems" not in listing.output
