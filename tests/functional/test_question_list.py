"""The question list with a bank of thousands of questions: the keys, the quiz it opens, the
answered marks, and that rows off screen are never labelled (the list is virtual)."""

from __future__ import annotations

from questions import load_banks
from quizapp.progress.store import AnswerRecord
from quizapp.screens.questions import QuestionListScreen
from quizapp.screens.quiz import QuizScreen
from quizapp.widgets.row_list import RowList
from tests.functional.conftest import settle

QUESTIONS = 2_000
BUILT_IN = len(load_banks(None).questions)  # listed before the user's banks; grows as banks are written


def _big_bank(count: int) -> str:
    blocks = ['[bank]\nid = "big"\ntitle = { zh = "大题库", en = "Big bank" }\nversion = 1\n']
    for number in range(count):
        blocks.append(f'''
[[questions]]
id = "big.q{number:04d}"
type = "truefalse"
topics = ["chain-rule"]
difficulty = 1
section = "beyond"
prompt = {{ zh = "第 {number} 题", en = "Question {number}: {'is the chain rule a product of local derivatives? ' * 3}" }}
answer = {{ zh = "对。", en = "True." }}
truth = true
''')
    return "".join(blocks)



async def test_a_big_bank_lists_every_question_and_opens_the_one_chosen(app_factory, quizapp_home, monkeypatch):
    banks = quizapp_home / "banks"
    banks.mkdir(exist_ok=True)
    (banks / "big.toml").write_text(_big_bank(QUESTIONS), encoding="utf-8")
    labelled: list[int] = []
    original = QuestionListScreen.row_label
    monkeypatch.setattr(QuestionListScreen, "row_label",
                        lambda screen, index: labelled.append(index) or original(screen, index))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Answered before, right and then wrong, and once wrong only: marked in the list.
        for item, correct in (("big.q1998", True), ("big.q1998", False), ("big.q1997", False)):
            app.services.store.record_answer(AnswerRecord(item, "x", "correct" if correct else "wrong", correct))
        await pilot.press("1")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionListScreen)
        rows = screen.query_one("#question-list", RowList)
        ids = screen.question_ids
        assert rows.count == len(ids) and ids[-1] == "big.q1999" and ids[0].startswith("article.")
        assert max(labelled) < 100  # only the rows on screen were labelled, not the 2,000 below

        await pilot.press("end")
        await pilot.pause()
        assert rows.cursor == len(ids) - 1
        assert rows.scroll_offset.y > len(ids) - 30  # the last row is on screen
        preview = str(screen.query_one("#question-preview").render())
        assert preview.startswith("Question 1999:") and preview.count("chain rule") == 3  # whole prompt
        painted = [rows.render_line(y).text for y in range(rows.scrollable_content_region.height)]
        assert any(line.startswith("✓") and "Question 1998:" in line for line in painted)
        assert any(line.startswith("✗") and "Question 1997:" in line for line in painted)
        assert any(line.startswith(" ") and "Question 1999:" in line for line in painted)
        assert "2 answered" in str(screen.query_one("#question-heading").render())
        await pilot.press("up")
        await pilot.pause()
        preview = str(screen.query_one("#question-preview").render())
        assert preview.startswith("[answered 2×, 1 right]  Question 1998:")
        await pilot.press("down")

        await pilot.press("k", "k", "pageup")
        await pilot.pause()
        page = rows.scrollable_content_region.height
        assert rows.cursor == len(ids) - 3 - page
        await pilot.press("home", "down")
        await pilot.pause()
        assert rows.cursor == 1 and rows.scroll_offset.y == 0

        await pilot.press("end", "up", "enter")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.question.id == "big.q1998"
        assert [q.id for q in quiz.questions] == ["big.q1998", "big.q1999"]


async def test_slash_filters_the_list_and_the_quiz_goes_through_the_matches(app_factory, quizapp_home):
    banks = quizapp_home / "banks"
    banks.mkdir(exist_ok=True)
    (banks / "big.toml").write_text(_big_bank(QUESTIONS), encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        screen = app.screen
        rows = screen.query_one("#question-list", RowList)
        await pilot.press("slash", *"Q199", "space", *"LOCAL")  # every word, any case: ids big.q1990-q1999
        await pilot.pause()
        assert rows.count == 10
        assert f"(10/{BUILT_IN + QUESTIONS})" in str(screen.query_one("#question-heading").render())
        first = rows.render_line(0).text
        assert "Question 1990:" in first and first.split()[0] == str(BUILT_IN + 1991)  # numbered as in the whole list

        app.language = "both"  # the screen is rebuilt in the new language, the filter kept
        await settle(pilot)
        rows = screen.query_one("#question-list", RowList)
        assert rows.count == 10 and "筛选" in str(screen.query_one("#question-filter").placeholder)

        await pilot.press("enter", "j", "enter")  # Enter leaves the box; then the list's keys work
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert [q.id for q in quiz.questions] == [f"big.q{n}" for n in range(1991, 2000)]

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and rows.count == 10  # back to the filtered list
        await pilot.press("slash", *"nothing like this")
        await pilot.pause()
        assert rows.count == 0 and "No question matches" in str(screen.query_one("#question-preview").render())
        await pilot.press("enter", "enter")  # nothing to open
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("slash", "escape")  # Escape in the box drops the filter
        await pilot.pause()
        assert rows.count == len(screen.question_ids) and rows.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, QuestionListScreen)
