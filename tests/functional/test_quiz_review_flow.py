"""Interview questions (open, choice, true/false, numeric), the review queue, and its summary."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Static, TextArea

from quizapp.screens.drill import DrillScreen
from quizapp.screens.quiz import QuizScreen
from quizapp.screens.review import ReviewScreen
from quizapp.progress.store import Store
from tests.functional.conftest import settle


def _shown(screen, selector: str) -> str:
    rendered = screen.query_one(selector, Static).content
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


def _store(home) -> Store:
    return Store.open(home / "progress.sqlite3")


async def test_article_question_answer_reveal_rate(app_factory, quizapp_home):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.screen.article[0]
        await pilot.press("7")  # the article's first question, one key from home
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.question.id == first.id
        box = screen.query_one("#quiz-answer", TextArea)  # an open answer: a paragraph, not one line
        assert app.focused is box
        box.text = "Each neuron forms a weighted sum and applies an activation, layer after layer,"
        box.move_cursor(box.document.end)
        await pilot.press("enter", *"then the loss.")  # Enter is a new line in the box
        await pilot.pause()
        assert box.text.endswith("layer after layer,\nthen the loss.") and not screen.revealed
        assert box.scroll_offset.y == 0 and box.content_size.height >= 3  # the beginning is still in view
        footer = [binding.description for (_, binding, enabled, _) in app.active_bindings.values() if enabled]
        assert "Submit answer" in footer
        await pilot.press("ctrl+s")  # hands it in: the key points come
        await pilot.pause()
        shown = _shown(screen, "#quiz-result")
        assert "Model answer" in shown
        assert "✓ covered  each neuron first forms the weighted sum" in shown
        assert "✗ missed" in shown
        assert "Rate: 1 again" in shown
        await pilot.press("3")
        await pilot.pause()
        assert "Saved: 3 good" in _shown(screen, "#quiz-result")
    with _store(quizapp_home) as store:
        card = store.card(f"q:{first.id}")
        answers = store.answers()
    assert card is not None and card.last_review is not None
    assert [(a.item, a.verdict) for a in answers] == [(first.id, "self-3")]
    assert answers[0].typed.endswith("layer after layer,\nthen the loss.")


async def test_choice_truefalse_and_numeric_questions(app_factory, quizapp_home):
    app = app_factory(user_bank=True)
    ids = ["testbank.sigmoid-range", "testbank.relu-kink", "testbank.sigmoid-at-zero"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_quiz(ids)
        await settle(pilot)
        screen = app.screen
        await pilot.press("2")  # single choice: the digit answers
        await pilot.pause()
        assert "✓ correct" in _shown(screen, "#quiz-result")
        await pilot.press("n")
        await settle(pilot)
        assert screen.question.id == "testbank.relu-kink"
        await pilot.press("t")  # wrong: ReLU is not differentiable at 0
        await pilot.pause()
        assert "✗ wrong" in _shown(screen, "#quiz-result")
        await pilot.press("n")
        await settle(pilot)
        assert app.focused is screen.query_one("#quiz-answer", Input)
        app.focused.value = "1/4"
        await pilot.press("enter")
        await pilot.pause()
        assert "✓" in _shown(screen, "#quiz-result")
    with _store(quizapp_home) as store:
        answers = {a.item: a for a in store.answers()}
        assert answers["testbank.sigmoid-range"].correct
        assert not answers["testbank.relu-kink"].correct
        assert answers["testbank.sigmoid-at-zero"].correct
        assert store.card("q:testbank.relu-kink").last_review is not None


async def test_review_queue_to_summary(app_factory, quizapp_home, clock):
    app = app_factory(new_per_day=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.due_count == 3 and app.screen.new_count == 3
        assert "[3 new]" in str(app.screen.query_one("#home-menu").get_option("review").prompt)
        await pilot.press("3")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and len(review.queue) == 3
        await pilot.press("enter")
        await settle(pilot)
        kinds = []
        while app.screen is not review:
            card = app.screen
            kinds.append(type(card).__name__)
            if isinstance(card, QuizScreen):
                await pilot.press("ctrl+r")  # reveal without answering...
                await pilot.pause()
                await pilot.press("1")  # ...and rate it Again
                await pilot.pause()
                await pilot.press("n")
            else:
                assert isinstance(card, DrillScreen)
                await pilot.press("s", "r", "y")  # reveal the worked solution (asked first)
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
                await pilot.press("n")
            await settle(pilot)
        assert len(kinds) == 3
        summary = _shown(review, "#review-text")
        assert "Session summary" in summary and "score 0/3" in summary and "next due:" in summary
        await pilot.press("escape")
        await settle(pilot)
        # The daily limit of new cards is used up; the three rated Again are due again today.
        assert (app.screen.due_count, app.screen.new_count) == (3, 0)
        clock.advance(hours=1)  # cards rated Again come back within minutes
        app.screen.load_background()
        await settle(pilot)
        assert (app.screen.due_count, app.screen.new_count) == (3, 0)
        assert "[3 due]" in str(app.screen.query_one("#home-menu").get_option("review").prompt)
    with _store(quizapp_home) as store:
        assert len(store.review_log()) == 3


async def test_symbolic_and_step_questions_are_graded(app_factory, quizapp_home):
    from solver.fmt import format_value
    from solver.generate import problem_from_code

    app = app_factory(user_bank=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_quiz(["testbank.sigmoid-derivative", "testbank.chain-step"])
        await settle(pilot)
        screen = app.screen
        app.focused.value = "sigmoid(z) - sigmoid(z)^2"  # equivalent, written differently
        await pilot.press("enter")
        await pilot.pause()
        assert "✓" in _shown(screen, "#quiz-result")
        await pilot.press("n")
        await settle(pilot)
        assert "chain2:sigmoid:d1#7" in _shown(screen, "#quiz-context")
        wrong = problem_from_code("chain2:sigmoid:d1#7").value("dL/dw2") + 1
        app.focused.value = format_value(wrong)
        await pilot.press("enter")
        await pilot.pause()
        assert "✗ wrong" in _shown(screen, "#quiz-result")
    with _store(quizapp_home) as store:
        verdicts = {a.item: a.verdict for a in store.answers()}
    assert verdicts == {"testbank.sigmoid-derivative": "correct", "testbank.chain-step": "wrong"}


async def test_stats_screen_shows_the_store_figures(app_factory, quizapp_home):
    from textual_plotext import PlotextPlot

    from quizapp.progress.store import AnswerRecord
    from tests.functional.conftest import DRILL_CODE

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        store = app.services.store
        for step, verdict in (("z1", "correct"), ("a1", "wrong"), ("z2", "correct")):
            store.record_answer(AnswerRecord(item=DRILL_CODE, typed="0", verdict=verdict,
                                             correct=verdict == "correct", step=step))
        store.review("drill:mlp:d1", 3)
        await pilot.press("4")
        await settle(pilot)
        figures = str(app.screen.query_one("#stats-figures", Static).content.renderables[0])
        assert "graded answers: 3" in figures and "accuracy: 67%" in figures
        assert len(app.screen.query(PlotextPlot)) == 2  # reviews per day, accuracy by family


async def test_question_list_starts_the_quiz_where_chosen(app_factory):
    app = app_factory(user_bank=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        listing = app.screen
        ids = listing.question_ids
        assert "testbank.sigmoid-range" in ids and ids[0].startswith("article.")
        await pilot.press("j", "enter")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.question.id == ids[1]
        assert [q.id for q in quiz.questions] == ids[1:]


async def test_multiple_choice_toggles_with_digits_and_submits_with_enter(app_factory, quizapp_home):
    app = app_factory(user_bank=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_quiz(["testbank.saturating"])
        await settle(pilot)
        screen = app.screen
        await pilot.press("1", "2", "3", "2")  # 2 on then off again
        assert screen.chosen == {0, 2} and not screen.revealed
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ correct" in _shown(screen, "#quiz-result")
    with _store(quizapp_home) as store:
        assert [(a.item, a.typed, a.correct) for a in store.answers()] == [("testbank.saturating", "1,3", True)]


async def test_a_formula_question_loads_sympy_while_it_is_read(app_factory, monkeypatch):
    from solver.grading import symbolic as grade_symbolic

    warmed = []
    monkeypatch.setattr(grade_symbolic, "warm_up", lambda: warmed.append(True))
    app = app_factory(user_bank=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_quiz(["testbank.chain-step"])
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert not warmed  # a numeric step needs no SymPy
        await pilot.press("escape")
        await settle(pilot)
        app.open_quiz(["testbank.sigmoid-derivative"])
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert warmed


async def test_stats_chart_of_a_fresh_start_counts_from_zero(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        chart = app.export_screenshot()
        assert "0.00┤" in chart and "-1.00┤" not in chart  # plotext alone centres an empty axis on 0


async def test_article_question_in_both_languages_says_each_thing_once_per_language(app_factory):
    app = app_factory(language="both")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.screen.article[0]
        await pilot.press("7")
        await settle(pilot)
        screen = app.screen
        assert first.prompt_zh in _shown(screen, "#quiz-prompt") and first.prompt_en in _shown(screen, "#quiz-prompt")
        app.focused.text = "Each neuron forms a weighted sum and applies an activation."
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = _shown(screen, "#quiz-result")
        assert "参考答案 / Model answer" in shown
        assert "✓ 答到了 / covered" in shown  # the mark once, before both languages
        await pilot.press("3")
        await pilot.pause()
        shown = _shown(screen, "#quiz-result")
        # Each side of the message gets its own side of the rating, not both twice over.
        assert "已记录：3 良好 / Saved: 3 good" in shown
        assert "良好 / good" not in shown


async def test_stats_screen_paints_a_placeholder_while_a_thread_counts(app_factory):
    import threading

    from quizapp.screens.stats import StatsScreen

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        store = app.services.store
        real, release, threads = store.stats, threading.Event(), []

        def slow_stats(**options):
            threads.append(threading.current_thread())
            release.wait(10)
            return real(**options)

        store.stats = slow_stats
        app.open_stats()
        for _ in range(500):  # the screen is up and painted while the figures are being counted
            await pilot.pause(0.02)
            if threads and isinstance(app.screen, StatsScreen) and app.screen.query("#stats-loading"):
                break
        assert isinstance(app.screen, StatsScreen) and app.screen.query("#stats-loading")
        assert not app.screen.query("#stats-figures")
        release.set()
        await settle(pilot)
        assert threads and threads[0] is not threading.main_thread()
        assert not app.screen.query("#stats-loading")
        assert "graded answers: 0" in str(app.screen.query_one("#stats-figures", Static).content.renderables[0])
