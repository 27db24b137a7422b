"""One rule for Chinese and English: "zh", "en", or "both" (Chinese first, identical text once)."""

from __future__ import annotations

import pytest

from questions.loader import load_banks
from solver.bilingual import Bilingual, pick
from solver.generate import problem_from_code
from solver.grading.mistakes import CATALOGUE


def test_pick_each_language_and_both():
    assert pick("正确", "correct", "zh") == "正确"
    assert pick("正确", "correct", "en") == "correct"
    assert pick("正确", "correct", "both") == "正确 / correct"
    assert pick("一句话。", "A sentence.", "both", "\n") == "一句话。\nA sentence."


def test_both_shows_identical_text_once_and_fills_a_missing_side():
    assert pick("ReLU", "ReLU", "both") == "ReLU"
    assert pick(None, "only English", "zh") == "only English"
    assert pick("只有中文", "", "en") == "只有中文"
    assert pick(None, None, "both") == ""
    assert pick("✓ 正确", "✓ correct", "both") == "✓ 正确 / correct"  # the mark once
    assert pick("⚑ 常见错误：x", "⚑ known mistake: x", "both", "\n") == "⚑ 常见错误：x\nknown mistake: x"
    assert pick("-2 的平方", "-2 squared", "both") == "-2 的平方 / -2 squared"  # a number is not a mark


def test_format_fills_each_side_from_the_same_side_of_a_bilingual_value():
    saved = Bilingual("已记录：{rating}", "Saved: {rating}").format(rating=Bilingual("3 良好", "3 good"))
    assert saved == Bilingual("已记录：3 良好", "Saved: 3 good")
    assert saved.pick("both") == "已记录：3 良好 / Saved: 3 good"
    assert Bilingual("{n} 张", "{n} due").format(n=4) == ("4 张", "4 due")  # a plain value goes to both sides


def test_bilingual_round_trips_and_unpacks_as_a_pair():
    words = Bilingual("良好", "good")
    assert Bilingual.from_dict(words.to_dict()) == words
    zh, en = words
    assert (zh, en) == ("良好", "good")


@pytest.mark.parametrize("language", ["zh", "en", "both"])
def test_the_solvers_and_the_banks_texts_follow_the_setting(language):
    """These methods gave English whenever the setting was not "zh", "both" included."""
    problem = problem_from_code("chain2:sigmoid:d1#368")
    step = problem.step(problem.answers[0])
    mistake = CATALOGUE["half_factor"]
    question = next(q for bank in load_banks().banks for q in bank.questions if q.choices and q.note_en)
    cases = [
        (step.label(language), step.label_zh, step.label_en, " / "),
        (problem.prompt(language), problem.prompt_zh, problem.prompt_en, "\n\n"),
        (mistake.name(language), mistake.name_zh, mistake.name_en, " / "),
        (mistake.advice(language), mistake.advice_zh, mistake.advice_en, "\n"),
        (question.prompt(language), question.prompt_zh, question.prompt_en, "\n"),
        (question.note(language), question.note_zh, question.note_en, "\n"),
        (question.choices[0].text(language), question.choices[0].zh, question.choices[0].en, " / "),
    ]
    for shown, zh, en, separator in cases:
        assert shown == {"zh": zh, "en": en, "both": f"{zh}{separator}{en}" if zh != en else zh}[language]
