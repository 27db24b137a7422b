"""quizapp.render.words: the verdict words both the line sessions and `check` print."""

from __future__ import annotations

import pytest

from quizapp.i18n import VERDICT_WORDS
from quizapp.render.words import MARKS, verdict_line, verdict_word
from solver.grading.grade import ASK_AGAIN


def test_every_verdict_the_grader_gives_has_a_mark_and_words():
    from solver.grading.grade import grade_number

    given = {grade_number(text, 0.2689414).verdict for text in ("0.2689", "0.27", "1", "[[", "0.2692")}
    assert given <= set(MARKS) <= set(VERDICT_WORDS)
    assert set(ASK_AGAIN) <= set(MARKS)


@pytest.mark.parametrize(("language", "line"), [("en", "✓ correct"), ("zh", "✓ 正确"), ("both", "✓ 正确 / correct")])
def test_verdict_line_follows_the_language(language, line):
    assert verdict_line("correct", language) == line


def test_an_unknown_verdict_is_shown_as_it_is():
    assert verdict_word("self-rated", "both") == "self-rated"  # one word, not "self-rated / self-rated"
    assert verdict_line("self-rated", "en") == "? self-rated"
