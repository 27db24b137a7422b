"""The banks we ship: every file valid, ids unique and stable, every answer checked by the solver."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from questions import SECTIONS, load_banks, validate_file
from questions.loader import builtin_bank_paths
from questions.schema import Bank, Question

SHIPPED_IDS = Path(__file__).with_name("shipped_ids.txt")
ARTICLE_SECTIONS = ("一", "二", "三", "四")  # the article's sections with content (五 is its summary)


@pytest.fixture(scope="module")
def loaded():
    result = load_banks(None)
    assert result.errors == []
    return result


def test_the_package_ships_bank_files():
    names = [path.name for path in builtin_bank_paths()]
    assert "article.toml" in names


@pytest.mark.parametrize("path", builtin_bank_paths(), ids=lambda p: p.name)
def test_every_builtin_file_validates(path):
    assert validate_file(path) == []


def test_every_builtin_file_loads(loaded):
    assert sorted(bank.path.name for bank in loaded.banks) == sorted(p.name for p in builtin_bank_paths())


def test_question_ids_are_unique_across_banks(loaded):
    ids = [question.id for question in loaded.questions]
    assert len(ids) == len(set(ids))
    assert len({bank.id for bank in loaded.banks}) == len(loaded.banks)


def test_no_shipped_id_disappears(loaded):
    # Ids key the learner's review history: removing or renaming one silently loses it. If a
    # removal is deliberate, delete the id from shipped_ids.txt in the same commit.
    shipped = {line.strip() for line in SHIPPED_IDS.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    present = {question.id for question in loaded.questions}
    assert sorted(shipped - present) == []


def test_shipped_ids_file_lists_real_ids_only_once():
    lines = [line.strip() for line in SHIPPED_IDS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) == len(set(lines))
    assert "article.forward-backward-process" in lines


def test_every_article_section_is_covered(loaded):
    covered = {question.section for question in loaded.questions}
    assert [s for s in ARTICLE_SECTIONS if s not in covered] == []
    assert covered <= set(SECTIONS)


def test_article_bank_has_the_four_interview_questions(loaded):
    article = next(bank for bank in loaded.banks if bank.id == "article")
    assert len(article.questions) == 4
    prompts = [question.prompt_zh for question in article.questions]
    assert prompts == ["请简要描述正向传播和反向传播的过程。", "为什么激活函数需要可导？",
                       "在反向传播中，链式法则起到了什么作用？", "梯度下降法在神经网络训练中是如何工作的？"]
    for question in article.questions:
        assert question.section == "四" and question.type == "open" and len(question.points) >= 2


def test_article_notes_correct_the_article(loaded):
    relu = loaded.by_id("article.why-differentiable-activation")
    assert "subgradient" in relu.note_en and "次梯度" in relu.note_zh
    formula = loaded.by_id("article.chain-rule-role")
    assert "∂a^l/∂W^l" in formula.note_en and "∂a^l/∂W^l" in formula.note_zh


def _questions_of_type(kind: str) -> list[Question]:
    return [q for q in load_banks(None).questions if q.type == kind]


def _ids(questions):
    return [q.id for q in questions]


NUMERIC = _questions_of_type("numeric")
SYMBOLIC = _questions_of_type("symbolic")
STEP = _questions_of_type("step")
CHOICE = _questions_of_type("single") + _questions_of_type("multiple")


@pytest.mark.parametrize("question", NUMERIC, ids=_ids(NUMERIC))
def test_numeric_answer_passes_the_grader_and_a_wrong_one_does_not(question):
    from solver.grading.grade import grade_number

    assert math.isfinite(question.value)
    assert question.tolerance is None or question.tolerance >= 0
    assert grade_number(repr(question.value), question.value, **question.tolerances()).correct
    band = question.tolerance if question.tolerance is not None else 1e-3 * abs(question.value)
    off = question.value + max(10 * band, 0.5, abs(question.value))
    assert not grade_number(repr(off), question.value, **question.tolerances()).correct


@pytest.mark.parametrize("question", SYMBOLIC, ids=_ids(SYMBOLIC))
def test_symbolic_answer_passes_the_grader(question):
    from solver.grading.grade import grade_expression

    assert grade_expression(question.expression, question.expression, question.variables).correct
    assert not grade_expression(f"({question.expression}) + 1", question.expression, question.variables).correct


@pytest.mark.parametrize("question", STEP, ids=_ids(STEP))
def test_step_question_names_a_step_with_a_value(question):
    from solver.fmt import format_value
    from solver.generate import problem_from_code
    from solver.grading.grade import grade_step

    problem = problem_from_code(question.code)
    assert question.step in problem.template.step_ids
    value = problem.value(question.step)
    earlier = {step_id: problem.value(step_id) for step_id in problem.template.step_ids
               if step_id != question.step}
    # The true value, as a learner would type it to 4 significant figures ("undefined" where no
    # derivative exists).
    typed = format_value(value) if value is None else _four_figures(value)
    assert grade_step(problem, question.step, typed, earlier).correct


def _four_figures(value) -> str:
    import numpy as np

    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return f"{float(array):.4g}"
    return "[" + ", ".join(_four_figures(row) for row in array) + "]"


@pytest.mark.parametrize("question", CHOICE, ids=_ids(CHOICE))
def test_choice_questions_mark_their_right_answers(question):
    right = question.correct_choices()
    assert (len(right) == 1) if question.type == "single" else (len(right) >= 1)


def test_records_round_trip_through_dicts(loaded):
    for bank in loaded.banks:
        assert Bank.from_dict(bank.to_dict(), bank.path) == bank
        for question in bank.questions:
            assert Question.from_dict(question.to_dict()) == question
