"""Texts from bank files never drive the terminal: a bank with escape sequences fails validation,
and what is printed is cleaned as well (issue 13: `bank list` printed raw OSC 52 and OSC 0)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from questions import validate_file
from quizapp.cli import main
from readers import control_characters, printable
from tests.unit.questions.banktext import bank, line_of, question, write

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # writes the clipboard
OSC0 = "\x1b]0;you have been owned\x07"    # sets the window title


@pytest.mark.parametrize("old, new", [
    ('prompt = { zh = "问题", en = "A question" }', r'prompt = { zh = "问题", en = "A question\u001b]52;c;ZWNobyBwd25lZA==\u0007" }'),
    ('title = { zh = "测试", en = "Test" }', 'title = { zh = "测试", en = "Test\\u001b]0;owned\\u0007" }'),
    ('text = { zh = "要点一", en = "point one" }', 'text = { zh = "要点一", en = "point \\u009b2J" }'),
])
def test_a_bank_with_control_characters_fails_validation(tmp_path, old, new):
    text = bank(question()).replace(old, new, 1)
    assert text != bank(question())
    path = write(tmp_path, text)
    errors = validate_file(path)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:{line_of(text, new.split(' =')[0])}:")
    assert "control character" in errors[0] and "\x1b" not in errors[0]


def test_bank_list_prints_no_escape_sequences(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    banks = tmp_path / "banks"
    banks.mkdir()
    text = bank(question()).replace('en = "Test"', 'en = "Test\\u001b]52;c;AAAA\\u0007"', 1)
    (banks / "t.toml").write_text(text, encoding="utf-8")
    (banks / f"bad{OSC0}.toml").write_text("x = = 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["bank", "list"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "control character" in result.output


def test_printable_and_control_characters():
    assert printable(f"a{OSC52}b\r\n\tc\u202ed") == "a]52;c;ZWNobyBwd25lZA==b\n\tcd"
    assert printable("x\ny", keep_newlines=False) == "x y"
    assert control_characters(f"{OSC0}\x9b") == ["U+001B", "U+0007", "U+009B"]
    assert control_characters("中文 text\n\t") == []
