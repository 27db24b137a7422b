"""The rubric hint: which key points a learner's free text mentions."""

from __future__ import annotations

import pytest

from questions import load_banks
from questions.rubric import match
from questions.schema import Point


def point(*keywords_en: str, zh: tuple[str, ...] = ("占位",)) -> Point:
    return Point("p", "要点", "point", zh, keywords_en)


def test_english_is_case_and_width_insensitive():
    assert match("The CHAIN RULE", [point("chain rule")]) == [True]
    assert match("ｃｈａｉｎ ｒｕｌｅ", [point("Chain Rule")]) == [True]


def test_english_matches_whole_words_only():
    assert match("an accurate answer", [point("rate")]) == [False]
    assert match("a learning rate of 0.1", [point("rate")]) == [True]
    assert match("prelu", [point("relu")]) == [False]


def test_plurals_hyphens_and_spaces_fold_together():
    backprop = point("backpropagation")
    assert match("back-propagation", [backprop]) == [True]
    assert match("back propagation", [backprop]) == [True]
    assert match("Backpropagations", [backprop]) == [True]
    assert match("the weights", [point("weight")]) == [True]
    assert match("the biases", [point("bias")]) == [True]
    assert match("two entries", [point("entry")]) == [True]
    assert match("the loss", [point("losses")]) == [True]
    assert match("it loses", [point("loss")]) == [False]


def test_phrases_need_their_words_in_order():
    assert match("we take the weighted sum", [point("weighted sum")]) == [True]
    assert match("the sum is weighted", [point("weighted sum")]) == [False]


def test_chinese_matches_as_substrings_ignoring_spaces_and_width():
    chinese = Point("p", "要点", "point", ("链式法则",), ("chain rule",))
    assert match("用链式法则逐层求导", [chinese]) == [True]
    assert match("用 链式 法则", [chinese]) == [True]
    assert match("用链条法则", [chinese]) == [False]
    assert match("ＲｅＬＵ函数", [Point("p", "", "", ("relu函数",), ("x",))]) == [True]


def test_either_languages_keywords_count():
    both = Point("p", "要点", "point", ("梯度",), ("gradient",))
    assert match("梯度", [both]) == [True]
    assert match("gradients", [both]) == [True]
    assert match("用 gradient 更新", [both]) == [True]
    assert match("nothing relevant", [both]) == [False]


def test_latin_keyword_in_the_chinese_list_matches_as_a_word():
    assert match("使用ReLU激活", [Point("p", "", "", ("ReLU",), ("x",))]) == [True]


def test_symbol_keywords_and_empty_text():
    formula = point("w·x + b")
    assert match("z = w x + b", [formula]) == [True]
    assert match("", [formula, point("rate")]) == [False, False]
    assert match("∂L/∂w", [Point("p", "", "", ("∂",), ("x",))]) == [True]


def test_one_result_per_point_in_order():
    points = [point("alpha"), point("beta"), point("gamma")]
    assert match("gamma then alpha", points) == [True, False, True]


# Every built-in open question: its keywords must cover its own model answer.
OPEN = [q for q in load_banks(None).questions if q.type == "open"]


@pytest.mark.parametrize("question", OPEN, ids=[q.id for q in OPEN])
def test_the_model_answers_cover_all_their_own_points(question):
    # A model answer that misses its own key points' keywords would make the hint useless.
    for language in ("en", "zh"):
        covered = match(question.answer(language), question.points)
        assert [p.id for p, ok in zip(question.points, covered, strict=True) if not ok] == [], language


def test_a_partial_answer_covers_some_points():
    question = load_banks(None).by_id("article.gradient-descent-how")
    covered = match("Move against the gradient, scaled by the learning rate.", question.points)
    assert covered == [True, False, True, False, False]
