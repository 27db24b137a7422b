"""The interview questions to choose from: every bank's questions, article first; Enter starts
the quiz at the chosen question and carries on through the rest of the list.

A bank may hold 10k questions: the list labels only the rows on screen (widgets.row_list), and
which questions were answered before is read in a thread after the first paint."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Static

from quizapp.i18n import TYPE_TAGS, type_tag
from quizapp.screens.base import BaseScreen, localise_bindings
from quizapp.widgets.footer import KeyFooter
from quizapp.widgets.row_list import RowList

ANSWERED_MARK = "✓"  # answered, and right at least once
TRIED_MARK = "✗"  # answered, not right yet


class QuestionListScreen(BaseScreen):
    DEFAULT_CSS = """
    QuestionListScreen #question-list { height: 1fr; }
    QuestionListScreen #question-heading { padding: 0 1; }
    QuestionListScreen #question-filter { display: none; }
    QuestionListScreen #question-filter.-shown { display: block; }
    QuestionListScreen #question-preview { height: 3; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="questions.back"),
        Binding("slash", "filter", "Filter", id="questions.filter"),
        Binding("j", "cursor_down", "Down", id="questions.down", show=False),
        Binding("k", "cursor_up", "Up", id="questions.up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cursor = 0
        self.filter_text = ""
        self.answered: set[str] = set()
        self.record: dict[str, tuple[int, int]] = {}  # question id -> (graded answers, right ones)

    def compose(self) -> ComposeResult:
        self.questions = self.services.banks.questions
        self.question_ids = [q.id for q in self.questions]
        self._searchable: list[str] | None = None
        self.shown = self._matching(self.filter_text)
        yield Header()
        yield Static(self._heading(), id="question-heading", markup=False)
        yield Input(self.filter_text, placeholder=self.t("questions.filter"), id="question-filter",
                    classes="-shown" if self.filter_text else "")
        rows = RowList(len(self.shown), self.row_label, cursor=self.cursor, id="question-list")
        localise_bindings(rows, self.language)  # its Enter shows in the footer
        yield rows
        yield Static(self._preview(self.cursor), id="question-preview", markup=False)
        yield KeyFooter()

    def _heading(self) -> Text:
        heading = Text(self.t("quiz.title"), style="bold")
        total = len(self.question_ids)
        heading.append(f"  ({len(self.shown)}/{total})" if len(self.shown) != total else f"  ({total})", style="dim")
        if self.answered:
            heading.append(f"  {ANSWERED_MARK} {self.t('questions.answered', n=len(self.answered))}", style="dim green")
        return heading

    def row_label(self, row: int) -> Text:
        index = self.shown[row]
        question = self.questions[index]
        answers, right = self.record.get(question.id, (0, 0))
        label = Text(" ") if not answers else Text(ANSWERED_MARK, "green") if right else Text(TRIED_MARK, "red")
        label.append(f"{index + 1:>4} ", style="dim")  # the number in the whole list, filtered or not
        label.append(f"[{self.pick(*type_tag(question.type))}] ",
                     style="cyan")
        label.append(self.pick(question.prompt_zh, question.prompt_en))
        return label

    def _preview(self, row: int) -> str:
        """The highlighted question's whole prompt: a row shows only what fits on one line."""
        if not self.shown:
            return self.t("questions.none") if self.filter_text else ""
        question = self.questions[self.shown[row]]
        prompt = self.pick(question.prompt_zh, question.prompt_en)
        answers, right = self.record.get(question.id, (0, 0))
        if not answers:
            return prompt
        return self.t("questions.record", answers=answers, right=right) + "  " + prompt

    # ----- filtering -----------------------------------------------------------------------

    def _matching(self, words: str) -> list[int]:
        """Indices of the questions holding every word of `words` (any case, either language)."""
        terms = words.casefold().split()
        if not terms:
            return list(range(len(self.questions)))
        if self._searchable is None:  # built on the first filter: a plain listing never needs it
            self._searchable = [" ".join((q.id, q.type, *TYPE_TAGS.get(q.type, ()), *q.topics,
                                          q.prompt_zh or "", q.prompt_en or "")).casefold()
                                for q in self.questions]
        return [index for index, text in enumerate(self._searchable) if all(term in text for term in terms)]

    def action_filter(self) -> None:
        box = self.query_one("#question-filter", Input)
        box.add_class("-shown")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == self.filter_text:
            return  # the box was only (re)mounted with the filter already applied
        self.filter_text = event.value
        self.shown = self._matching(event.value)
        self.cursor = 0
        self.query_one("#question-list", RowList).reset(len(self.shown))
        self.query_one("#question-heading", Static).update(self._heading())
        self.query_one("#question-preview", Static).update(self._preview(0))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#question-list", RowList).focus()

    # ----- answered marks ------------------------------------------------------------------

    def on_mount(self) -> None:
        super().on_mount()
        for error in self.services.banks.errors[:3]:  # a bad bank file is skipped, and the learner told why
            self.notify(error, severity="warning", timeout=8, markup=False)
        self.query_one("#question-list", RowList).focus()
        self.run_worker(self._read_answered, thread=True, group="answered", exit_on_error=False)

    def _read_answered(self) -> None:
        from quizapp.progress.store import StoreError

        try:
            record = self.services.store.question_record()
        except StoreError:
            return  # the marks are a convenience; the quiz itself reports a broken store
        self.app.call_from_thread(self._show_answered, record)

    def _show_answered(self, record: dict[str, tuple[int, int]]) -> None:
        if not self.is_attached:
            return
        self.record = record
        self.answered = set(record) & set(self.question_ids)
        self.query_one("#question-heading", Static).update(self._heading())
        self.query_one("#question-list", RowList).relabel()
        self.query_one("#question-preview", Static).update(self._preview(self.cursor))

    # ----- moving and choosing -------------------------------------------------------------

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        event.stop()
        self.cursor = event.index
        self.query_one("#question-preview", Static).update(self._preview(event.index))

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        event.stop()  # the quiz carries on through the rest of the list as shown (filtered or not)
        self.app.open_quiz([self.question_ids[index] for index in self.shown[event.index:]])

    def action_cursor_down(self) -> None:
        self.query_one("#question-list", RowList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#question-list", RowList).action_cursor_up()

    def action_back(self) -> None:
        box = self.query_one("#question-filter", Input)
        if box.has_focus:  # Escape in the filter drops it and goes back to the whole list
            box.value = ""
            box.remove_class("-shown")
            self.query_one("#question-list", RowList).focus()
            return
        self.app.pop_screen()
