"""Interview questions: answer, reveal the model answer with the rubric's points marked, rate.

Open answers are self-rated 1-4 after the rubric match is shown. Choice and true/false
questions are answered with keys; numeric, symbolic and step questions are typed and graded by
the grader. Every graded answer and every rating is saved at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Input, Static, TextArea

from quizapp.i18n import RATING_WORDS, Bilingual
from quizapp.screens.base import BaseScreen
from quizapp.widgets import answer_input
from quizapp.widgets.feedback import verdict_text
from quizapp.widgets.footer import KeyFooter


@dataclass
class CardResult:
    """What one card of a review session came to (for the session summary)."""

    card_id: str
    correct: bool
    seconds: float
    mistakes: list[str] = field(default_factory=list)


class QuizScreen(BaseScreen):
    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="quiz.back"),
        Binding("ctrl+r", "reveal", "Reveal", id="quiz.reveal"),
        Binding("n", "next", "Next", id="quiz.next"),
        *(Binding(str(d), f"digit({d})", str(d), id=f"quiz.digit_{d}", show=False) for d in range(1, 7)),
        Binding("t", "truth(True)", "True", id="quiz.true", show=False),
        Binding("f", "truth(False)", "False", id="quiz.false", show=False),
        Binding("enter", "submit_choices", "Submit", id="quiz.submit", show=False),
        # An open answer is a paragraph: Enter starts a new line in its box, Ctrl+S hands it in.
        Binding("ctrl+s", "submit_open", "Submit answer", id="quiz.submit_answer", priority=True),
    ]

    def __init__(self, question_ids: list[str] | None = None, *, review: bool = False,
                 counter: str | None = None) -> None:
        super().__init__()
        self.question_ids = question_ids
        self.review = review  # part of a review session: dismiss with a CardResult when rated
        self.counter = counter  # a review's "card 3/12": this screen holds one card of many
        self.questions: list | None = None
        self.index = 0
        self._reset()

    def _reset(self) -> None:
        self.typed = ""
        self.chosen: set[int] = set()
        self.verdict = None  # the grader's Verdict, or for choices a (correct, text) pair
        self.revealed = False
        self.rating: int | None = None
        self.started = time.monotonic()
        self.session_id = None

    @property
    def question(self):
        questions = self.questions or []
        return questions[self.index] if self.index < len(questions) else None

    def _prepare(self) -> None:
        if self.questions is not None:
            return
        banks = self.services.banks
        if self.question_ids:
            self.questions = [q for q in (banks.by_id(i) for i in self.question_ids) if q is not None]
        else:
            self.questions = list(banks.questions)

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._focus_answer)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        self._prepare()
        yield Header()
        with VerticalScroll(id="quiz-body"):
            question = self.question
            if question is None:
                yield Static(self.t("quiz.empty"), id="quiz-prompt", markup=False)
            else:
                yield Static(self._heading(question), id="quiz-heading", markup=False)
                yield Static(self.pick(question.prompt_zh, question.prompt_en, separator="\n"), id="quiz-prompt",
                             markup=False)
                if question.type == "step":
                    yield Static(self._step_context(question), id="quiz-context", markup=False)
                if question.type in ("single", "multiple"):
                    yield Static(self._choices_text(question), id="quiz-choices", markup=False)
                    yield Static(self.t("quiz.choices"), classes="muted", markup=False)
                elif question.type == "truefalse":
                    yield Static(self.t("quiz.truefalse"), classes="muted", markup=False)
                else:
                    if question.type == "symbolic" and not self.revealed:
                        self.call_after_refresh(self.warm_up_formulas)
                    if question.type == "open":  # several lines, all in view as they are written
                        box = TextArea(self.typed, id="quiz-answer", soft_wrap=True, show_line_numbers=False,
                                       placeholder=self.t("quiz.open.placeholder"), classes="open-answer")
                    else:
                        box = answer_input(placeholder=self.t("quiz.answer.placeholder"), id="quiz-answer",
                                           value=self.typed)
                    box.disabled = self.revealed
                    yield box
                yield Static(self._result_text(question), id="quiz-result", markup=False)
        yield KeyFooter()

    def _heading(self, question) -> Text:
        heading = Text(self.counter or self.t("quiz.position", i=self.index + 1, n=len(self.questions)),
                       style="bold")
        heading.append(f"  {question.id}", style="dim")
        return heading

    def _step_context(self, question) -> str:
        from solver.generate import problem_from_code

        problem = problem_from_code(question.code)
        names = problem.template.display_names
        return (self.pick(problem.prompt_zh, problem.prompt_en, separator="\n")
                + f"\n→ {names.get(question.step, question.step)}  ({question.code})")

    def _choices_text(self, question) -> Text:
        out = Text()
        for number, choice in enumerate(question.choices, start=1):
            marker = "■" if number - 1 in self.chosen else "□"
            style = ""
            if self.revealed:
                style = "green" if choice.correct else ("red" if number - 1 in self.chosen else "dim")
            out.append(f"{marker} {number}. {self.pick(choice.zh, choice.en)}\n", style=style)
        return out

    def _result_text(self, question) -> Text:
        out = Text()
        if self.verdict is not None and hasattr(self.verdict, "verdict"):
            out.append_text(verdict_text(self.verdict, self.language))
            out.append("\n")
        elif self.verdict is not None:
            correct, _ = self.verdict
            out.append(self.t("verdict.correct" if correct else "verdict.wrong") + "\n",
                       style="bold green" if correct else "bold red")
        if not self.revealed:
            return out
        # What the learner needs to rate comes first: the points covered or missed, the keys.
        if question.points:
            from questions.rubric import match

            covered = match(self.typed, question.points) if question.type == "open" else None
            out.append(self.t("quiz.points") + "\n", style="bold")
            for index, point in enumerate(question.points):
                text = self.pick(point.zh, point.en)
                if covered is None:
                    out.append(f"• {text}\n")
                elif covered[index]:
                    out.append(f"{self.t('quiz.covered')}  {text}\n", style="green")
                else:
                    out.append(f"{self.t('quiz.missed')}  {text}\n", style="red")
        if question.type == "open":
            if self.rating is None:
                out.append(self.t("quiz.rate") + "\n", style="bold reverse")
            else:
                out.append(self.t("quiz.rated", rating=self._rating_name(self.rating)) + "\n", style="bold")
        out.append("\n" + self.t("quiz.model") + "\n", style="bold")
        out.append(self.pick(question.answer_zh, question.answer_en, separator="\n") + "\n")
        note = self.pick(question.note_zh, question.note_en, separator="\n") if question.note_en else ""
        if note:
            out.append(f"\n{self.t('quiz.note')}: {note}\n", style="yellow")
        explanation = (self.pick(question.explanation_zh, question.explanation_en, separator="\n")
                       if question.explanation_en else "")
        if explanation:
            out.append(f"\n{explanation}\n", style="italic")
        return out

    @staticmethod
    def _rating_name(rating: int) -> Bilingual:
        """Each language its own words, so "both" reads 已记录：3 良好 / Saved: 3 good (not each twice)."""
        words = RATING_WORDS[rating]
        return Bilingual(f"{rating} {words.zh}", f"{rating} {words.en}")

    def _focus_answer(self) -> None:
        boxes = self.query("#quiz-answer")
        if boxes and not self.revealed:
            boxes.first().focus()
        else:
            self.query_one("#quiz-body").focus()

    def _refresh(self) -> None:
        question = self.question
        self.query_one("#quiz-result", Static).update(self._result_text(question))
        if self.query("#quiz-choices"):
            self.query_one("#quiz-choices", Static).update(self._choices_text(question))
        if self.query("#quiz-answer"):
            self.query_one("#quiz-answer").disabled = self.revealed
        self.refresh_bindings()  # Reveal gives way to Next in the footer
        self._focus_answer()

    # ------------------------------------------------------------------ answering
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        question = self.question
        if question is None or self.revealed or not event.value.strip():
            return
        self.typed = event.value
        if question.type == "open":
            self.action_reveal()
            return
        from questions.grading import grade_question

        graded = grade_question(question, event.value, figures=self.services.settings.figures)
        self.verdict = graded.grader
        if graded.asks_again:  # unreadable, or short of significant figures: answer again
            self._refresh()
            return
        self._finish_graded(graded.verdict, graded.correct, graded.grader.mistake)

    def _finish_graded(self, verdict: str, correct: bool, mistake: str | None = None) -> None:
        """A graded (not self-rated) answer: save it, schedule the card, show the model answer."""
        from quizapp.progress.scheduling import rating_for

        seconds = time.monotonic() - self.started
        self.services.record_question(self.question, self.typed, verdict, correct, self._session(), seconds,
                                      mistake=mistake)
        self.rating = rating_for(verdict, seconds)
        self.services.review_question(self.question.id, self.rating, seconds)
        self.revealed = True
        self._refresh()

    def _session(self) -> int:
        if self.session_id is None:
            self.session_id = self.services.start_session("review" if self.review else "quiz")
        return self.session_id

    def action_reveal(self) -> None:
        question = self.question
        if question is None or self.revealed:
            return
        if question.type == "open":
            boxes = self.query("#quiz-answer")
            if boxes:
                self.typed = boxes.first().text
            self.revealed = True
            self._refresh()
            return
        # Revealing before answering counts as not knowing it.
        self.verdict = (False, "")
        self._finish_graded("wrong", False)

    def action_digit(self, number: int) -> None:
        question = self.question
        if question is None:
            return
        if question.type == "open" and self.revealed and self.rating is None and number <= 4:
            self._rate(number)
        elif question.type in ("single", "multiple") and not self.revealed and number <= len(question.choices):
            self.chosen ^= {number - 1}
            if question.type == "single":
                self.chosen = {number - 1}
                self.action_submit_choices()
            else:
                self._refresh()
        elif question.type == "truefalse" and not self.revealed and number <= 2:
            self.action_truth(number == 1)

    def action_truth(self, value: bool) -> None:
        question = self.question
        if question is None or question.type != "truefalse" or self.revealed:
            return
        from questions.grading import grade_question

        self.typed = "true" if value else "false"
        graded = grade_question(question, self.typed)
        self.verdict = (graded.correct, self.typed)
        self._finish_graded(graded.verdict, graded.correct)

    def action_submit_choices(self) -> None:
        question = self.question
        if question is None or question.type not in ("single", "multiple") or self.revealed or not self.chosen:
            return
        from questions.grading import grade_chosen

        graded = grade_chosen(question, set(self.chosen))
        self.typed = ",".join(str(i + 1) for i in sorted(self.chosen))
        self.verdict = (graded.correct, self.typed)
        self._finish_graded(graded.verdict, graded.correct)

    def _rate(self, rating: int) -> None:
        seconds = time.monotonic() - self.started
        self.services.record_question(self.question, self.typed, f"self-{rating}", rating >= 3, self._session(),
                                      seconds)
        self.services.review_question(self.question.id, rating, seconds)
        self.rating = rating
        self._refresh()

    def result(self) -> CardResult:
        return CardResult(f"q:{self.question.id}", bool(self.rating and self.rating >= 3),
                          time.monotonic() - self.started)

    async def action_next(self) -> None:
        if self.question is None:
            return
        if not self.revealed or self.rating is None:
            return
        if self.session_id is not None:
            self.services.end_session(self.session_id)
        if self.review:
            self.dismiss(self.result())
            return
        self.index += 1
        self._reset()
        await self.rebuild()
        self.call_after_refresh(self._focus_answer)

    def action_back(self) -> None:
        if self.session_id is not None:
            self.services.end_session(self.session_id)
        if self.review:
            self.dismiss(None)
        else:
            self.app.pop_screen()

    def action_submit_open(self) -> None:
        """Hand in an open answer (its box takes Enter as a new line): the key points come next."""
        question = self.question
        if question is None or question.type != "open" or self.revealed:
            return
        if self.query_one("#quiz-answer", TextArea).text.strip():
            self.action_reveal()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        question = self.question
        if action == "submit_open":
            return question is not None and question.type == "open" and not self.revealed
        if action == "submit_choices":  # Enter elsewhere submits a typed answer, or is a new line
            return question is not None and question.type in ("single", "multiple") and not self.revealed
        if action == "next":
            return question is not None and self.revealed and self.rating is not None
        if action == "reveal":
            return question is not None and not self.revealed
        return True
