"""Review: the due queue from the progress store (concept cards and drills mixed), one card
after another, ending with a summary: score, time, mistakes, and when the next card is due."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from quizapp.screens.base import BaseScreen
from quizapp.widgets.footer import KeyFooter


class ReviewScreen(BaseScreen):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="review.back"),
        Binding("enter", "start", "Start", id="review.start"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue: list | None = None
        self.position = 0
        self.results: list = []
        self.started: float | None = None
        self.finished = False

    def compose(self) -> ComposeResult:
        if self.queue is None:
            self.queue = self.services.due()
        yield Header()
        with VerticalScroll(id="review-body"):
            yield Static(self.t("review.title"), classes="section-title", markup=False)
            yield Static(self._body(), id="review-text", markup=False)
        yield KeyFooter()

    def _body(self) -> Text:
        if self.queue is None:
            return Text(self.t("home.review.counting"))
        if self.finished:
            return self._summary()
        if not self.queue:
            return Text(self.t("review.empty"))
        out = Text(self.queue_label(len(self.queue), sum(card.new for card in self.queue)) + "\n\n", style="bold")
        questions = sum(1 for card in self.queue if card.kind == "question")
        out.append(self.pick(f"概念题 {questions}，演算 {len(self.queue) - questions}",
                             f"{questions} concept, {len(self.queue) - questions} drill") + "\n\n")
        out.append(self.pick("回车开始", "Enter to start"), style="bold")
        return out

    def _summary(self) -> Text:
        from solver.grading.mistakes import CATALOGUE

        results = self.results
        right = sum(1 for r in results if r.correct)
        seconds = round(sum(r.seconds for r in results))
        out = Text(self.t("review.summary") + "\n\n", style="bold")
        out.append(self.t("review.score", right=right, total=len(results)) + "\n")
        out.append(self.t("review.time", seconds=seconds) + "\n")
        mistakes = sorted({m for r in results for m in r.mistakes})
        if mistakes:
            names = ", ".join(self.pick(CATALOGUE[m].name_zh, CATALOGUE[m].name_en) if m in CATALOGUE else m
                              for m in mistakes)
            out.append(self.t("review.mistakes", names=names) + "\n")
        out.append(self._next_due())
        return out

    def _next_due(self) -> str:
        store = self.services.store
        dues = [state.due for r in self.results if (state := store.card(r.card_id)) is not None]
        if not dues:
            return self.t("review.none_due")
        return self.t("review.next_due", when=min(dues).strftime("%Y-%m-%d %H:%M UTC"))

    async def action_start(self) -> None:
        if not self.queue or self.finished or self.started is not None:
            return
        self.started = time.monotonic()
        await self._open_card()

    async def _open_card(self) -> None:
        if self.position >= len(self.queue):
            self.finished = True
            await self.rebuild()
            return
        card = self.queue[self.position]
        counter = self.t("review.progress", i=self.position + 1, n=len(self.queue))
        if card.kind == "question":
            from quizapp.screens.quiz import QuizScreen

            screen = QuizScreen([card.question_id], review=True, counter=counter)
        else:
            from quizapp.screens.drill import DrillScreen

            screen = DrillScreen(family=card.family, difficulty=card.difficulty, review=True)
        screen.sub_title = counter  # where the card stands in the session, in the header
        self.app.push_screen(screen, self._card_done)

    async def _card_done(self, result) -> None:
        if result is None:  # left the card without finishing it: the session ends here
            self.finished = True
            await self.rebuild()
            return
        self.results.append(result)
        self.position += 1
        await self._open_card()

    def action_back(self) -> None:
        self.app.pop_screen()
