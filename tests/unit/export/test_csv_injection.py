"""CSV cells that a spreadsheet would run as formulas are written as text, and read back exactly."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.export.csvfmt import neutralise_cell, restore_cell

ATTACKS = ["=HYPERLINK(\"http://evil\",\"x\")", "=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
           "\t=1", "\r=1", "'=already quoted"]


@pytest.mark.parametrize("cell", ATTACKS)
def test_formula_cells_start_with_an_apostrophe(cell):
    assert neutralise_cell(cell) == "'" + cell
    assert restore_cell(neutralise_cell(cell)) == cell


@pytest.mark.parametrize("number", ["-0.5", "+3", "-1e-4", "0.25", "-12.5", "12"])
def test_numbers_stay_readable(number):
    assert neutralise_cell(number) == number


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("'=+-@\t\r0.5eaA ")), max_size=8))
def test_restore_undoes_neutralise(text):
    assert restore_cell(neutralise_cell(text)) == text
    cell = neutralise_cell(text)
    assert not cell or cell[0] not in "=+-@\t\r" or cell == text and _is_number(text)


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_an_exported_bank_has_no_formula_cells_and_imports_back(tmp_path, monkeypatch):
    import dataclasses

    from click.testing import CliRunner

    from quizapp.cli import main
    from tests.unit.export.conftest import make_questions, write_bank

    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path / "teacher"))
    questions = make_questions()
    questions[0] = dataclasses.replace(questions[0], prompt_en="=HYPERLINK(\"http://evil\",\"click\")",
                                       answer_en="@SUM(1)", explanation_zh="解", explanation_en="-x is negative",
                                       note_zh="注", note_en="+1")
    write_bank(tmp_path / "teacher", questions)
    exported = tmp_path / "set.csv"
    assert CliRunner().invoke(main, ["export", "-o", str(exported), "--bank", "mine"]).exit_code == 0
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "@", "\t", "\r")]
    assert not [cell for cell in cells if cell[:1] in "+-" and cell and not _is_number(cell)]
    assert "'=HYPERLINK(\"http://evil\",\"click\")" in cells and "'-x is negative" in cells
    assert "-12.5" in cells  # a number stays a number
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path / "learner"))
    result = CliRunner().invoke(main, ["import", str(exported)])
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.csv"
    assert CliRunner().invoke(main, ["export", "-o", str(again), "--bank", "mine"]).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()
