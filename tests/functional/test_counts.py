"""One count everywhere: Home, Review and Stats say the same number of cards due today and of new
cards, and Review's counter says where each card stands in the session."""

from __future__ import annotations

import io
from datetime import timedelta

from rich.console import Console

from textual.widgets import OptionList

from quizapp.screens.quiz import QuizScreen
from quizapp.screens.review import ReviewScreen
from quizapp.screens.stats import StatsScreen
from tests.functional.conftest import FIXED_NOW, settle

FIRST = "concepts-activations.relu-at-zero"  # true/false: answered with one key


async def test_home_review_and_stats_count_alike_and_review_counts_its_cards(app_factory, quizapp_home):
    app = app_factory(new_per_day=3)
    store = app.services.store
    before = FIXED_NOW - timedelta(days=3)  # all three met before today: today's new cards are not used up
    store.review(f"q:{FIRST}", 3, now=before)  # due since yesterday
    store.review("q:article.chain-rule-role", 3, now=before)
    store.review("q:article.chain-rule-role", 1, now=FIXED_NOW)  # again: due in minutes, later today
    store.review("drill:chain2:d1", 4, now=before)  # easy: due in days, not today
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        review_entry = app.screen.query_one("#home-menu", OptionList).get_option("review").prompt.plain
        assert "[2 due · 3 new]" in review_entry

        app.push_screen(StatsScreen())
        await settle(pilot)
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#stats-figures").content)
        figures = console.export_text()
        assert "due today: 2" in figures and "new today: 3" in figures
        await pilot.press("escape")

        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "2 due · 3 new" in str(app.screen.query_one("#review-text").render())
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, QuizScreen) and card.question.id == FIRST
        assert card.sub_title == "card 1/5"
        assert str(card.query_one("#quiz-heading").render()).startswith("card 1/5")
        await pilot.press("t", "n")
        await settle(pilot)
        assert app.screen is not card and app.screen.sub_title == "card 2/5"
