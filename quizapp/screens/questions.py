"""The interview questions to choose from: every bank's questions, article first; Enter starts
the quiz at the chosen question and carries on through the rest of the list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.screens.base import BaseScreen

TYPE_NAMES = {
    "open": ("问答", "open"),
    "single": ("单选", "single"),
    "multiple": ("多选", "multiple"),
    "truefalse": ("判断", "true/false"),
    "numeric": ("数值", "numeric"),
    "symbolic": ("公式", "formula"),
    "step": ("演算步", "step"),
}


class QuestionListScreen(BaseScreen):
    DEFAULT_CSS = """
    QuestionListScreen #question-list { height: 1fr; }
    QuestionListScreen #question-heading { padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="questions.back"),
        Binding("j", "cursor_down", "Down", id="questions.down", show=False),
        Binding("k", "cursor_up", "Up", id="questions.up", show=False),
    ]

    def compose(self) -> ComposeResult:
        banks = self.services.banks
        self.question_ids = [q.id for q in banks.questions]
        yield Header()
        heading = Text(self.t("quiz.title"), style="bold")
        heading.append(f"  ({len(self.question_ids)})", style="dim")
        yield Static(heading, id="question-heading")
        options = []
        for number, question in enumerate(banks.questions, start=1):
            label = Text(f"{number:>3} ", style="dim")
            label.append(f"[{self.pick(*TYPE_NAMES.get(question.type, (question.type, question.type)))}] ",
                         style="cyan")
            label.append(self.pick(question.prompt_zh, question.prompt_en))
            options.append(Option(label, id=question.id))
        yield OptionList(*options, id="question-list")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        for error in self.services.banks.errors[:3]:  # a bad bank file is skipped, and the learner told why
            self.notify(error, severity="warning", timeout=8)
        listing = self.query_one("#question-list", OptionList)
        listing.highlighted = 0 if self.question_ids else None
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        start = self.question_ids.index(event.option.id)
        self.app.open_quiz(self.question_ids[start:])

    def action_cursor_down(self) -> None:
        self.query_one("#question-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#question-list", OptionList).action_cursor_up()

    def action_back(self) -> None:
        self.app.pop_screen()
