"""Backprop drill: pick a family and difficulty (or type a code), then answer step by step.

The grader's `DrillSession` decides which step is asked next, grades each answer (error carried
forward, named mistakes) and gives the problem's grade; this screen shows it and saves every
graded answer to the progress store the moment it is graded.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, Input, Label, Select, Static

from quizapp.screens.base import BaseScreen
from quizapp.screens.drill_solution import SolutionScreen
from quizapp.widgets import answer_input
from quizapp.widgets.diagram import NetworkDiagram
from quizapp.widgets.feedback import revealed_text, verdict_text
from quizapp.widgets.footer import KeyFooter
from quizapp.widgets.given import GivenTable
from quizapp.widgets.steps import MatrixGrid, StepInput, StepRow, value_shape


class DrillScreen(BaseScreen):
    CSS_PATH = "drill.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="drill.back"),
        Binding("h", "hint", "Hint", id="drill.hint"),
        Binding("s", "solution", "Solution", id="drill.solution"),
        Binding("n", "next", "Next", id="drill.next"),
        Binding("ctrl+g", "grid", "Entry grid", id="drill.grid", show=False),
        Binding("o", "own_problem", "My own problem", id="drill.own", show=False),  # footer kept as it was
    ]

    def __init__(self, code: str | None = None, family: str | None = None, *, difficulty: int | None = None,
                 review: bool = False, problem=None, fresh: bool = False) -> None:
        super().__init__()
        self.fresh = fresh  # start over: do not pick up the answers the problem was left with
        self.requested_code = code
        self.requested_family = family  # a family name, optionally with options: "mlp:2-3-1"
        self.requested_difficulty = difficulty
        self._prepared = False
        self.typed_code = ""
        self.review = review  # part of a review session: `n` ends this card with a CardResult
        self.problem = None
        self.session = None
        self.error: str | None = None
        self._reset_answers()
        # The learner's own problem has no code: no next, Esc goes back. A problem handed in with
        # a code (`quizapp drill CODE`) is drilled like one typed here: `n` gives another like it.
        self.own = problem is not None and not problem.code
        if problem is not None and problem.code:
            self.requested_code = problem.code
        if problem is not None:
            self._use(problem)
            self._prepared = True

    def _use(self, problem) -> None:
        from quizapp.recording import DrillRecorder
        from solver.grading.session import DrillSession

        self._leave_problem()
        self._reset_answers()
        # Every graded step is saved by the recorder the moment the session records it.
        self.recorder = DrillRecorder(problem, lambda: self.services.store)
        session = DrillSession(problem, figures=self.services.settings.figures, on_record=self.recorder.record,
                               clock=self.services.timer, retries=True)
        self.problem, self.session, self.error = problem, session, None
        if not self.review and not self.fresh:
            self._pick_up_earlier_work()

    def _pick_up_earlier_work(self) -> None:
        """A problem left unfinished comes back as it was left (quizapp.resume)."""
        from quizapp.resume import earlier_work, restore

        work = earlier_work(self.services.store, self.problem.code)
        if work is None:
            return
        for entry in restore(self.session, self.recorder, work):
            self.feedback[entry.step_id] = entry.shown
            if entry.hints:
                self.hints.setdefault(entry.step_id, []).extend(entry.hints)
            if entry.typed is not None:
                self.typed[entry.step_id] = entry.typed
                self.tries[entry.step_id] = entry.attempt
        if self.session.finished:  # only when every step had been answered and not said so
            self.finished_grade = self.session.grade()
        self.notify(self.t("drill.resumed", n=work.steps, total=len(self.session.steps)), timeout=6, markup=False)

    def _leave_problem(self) -> None:
        """End the problem's session in history: finished, or left to be resumed (quizapp.resume)."""
        if getattr(self, "recorder", None) is not None:
            self.recorder.close()

    def on_unmount(self) -> None:
        self._leave_problem()  # the screen closed, or the app with it

    def _reset_answers(self) -> None:
        self.feedback: dict[str, object] = {}  # step id -> Verdict, or Step when revealed
        self.typed: dict[str, str] = {}
        self.hints: dict[str, list[str]] = {}  # step id -> the hint ladder's rungs shown, in order
        self.tries: dict[str, int] = {}  # step id -> the try its verdict shown was
        self.finished_grade = None
        self.recorder = None

    # ---------------------------------------------------------------- choosing a problem
    def on_mount(self) -> None:
        super().on_mount()
        if self.problem is None:
            self.query_one("#drill-family", Select).focus()
        else:
            self.call_after_refresh(self._focus_current)

    def _prepare(self) -> None:
        """The first time the screen is built: the problem it was opened with, if any."""
        if self._prepared:
            return
        self._prepared = True
        if self.requested_code:
            self._build(self.requested_code)
        elif self.requested_family:
            difficulty = self.requested_difficulty or self.services.settings.difficulty
            self._build(self._family_code(self.requested_family, difficulty))

    def _family_code(self, prefix: str, difficulty: int) -> str:
        from quizapp.errors import UserError
        from quizapp.problems import family_code

        seed = self.services.new_seed()
        try:
            return family_code(prefix, difficulty, seed)  # a new draw: the family's newest generator
        except UserError:  # building the code as typed tells the learner what is wrong with it
            return f"{prefix}:d{difficulty}#{seed}"

    def _build(self, code: str) -> bool:
        from quizapp.errors import UserError
        from quizapp.problems import problem_from_code

        try:
            problem = problem_from_code(code)
        except UserError as error:
            self.error = str(error)
            return False
        self._use(problem)
        return True

    async def load_family(self, prefix: str, difficulty: int) -> None:
        await self.load_code(self._family_code(prefix, difficulty))

    async def load_code(self, code: str) -> None:
        built = self._build(code)
        await self.rebuild()
        if built:
            self.call_after_refresh(self._focus_current)
        else:  # let the learner correct the code where they typed it
            self.query_one("#drill-code", Input).focus()

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        self._prepare()
        yield Header()
        if self.problem is None:
            yield from self._compose_setup()
        else:
            yield from self._compose_problem()
        yield KeyFooter()

    def _compose_setup(self) -> ComposeResult:
        from solver.families import FAMILIES

        with Vertical(id="drill-setup"):
            yield Static(self.t("drill.title"), classes="section-title", markup=False)
            with Horizontal(classes="setup-row"):
                yield Label(self.t("drill.family"), classes="setup-label", markup=False)
                yield Select([(f"{f.name} · {self.pick(f.summary_zh, f.summary_en)}", f.name)
                              for f in FAMILIES.values()], value="mlp", allow_blank=False, id="drill-family")
            with Horizontal(classes="setup-row"):
                yield Label(self.t("drill.difficulty"), classes="setup-label", markup=False)
                yield Select([(f"d{d}", d) for d in (1, 2, 3)], value=self.services.settings.difficulty,
                             allow_blank=False, id="drill-difficulty")
            yield Button(self.t("drill.start"), id="drill-start", variant="primary")
            with Horizontal(classes="setup-row"):
                yield Label(self.t("drill.code"), classes="setup-label", markup=False)
                yield answer_input(placeholder=self.t("drill.code.placeholder"), id="drill-code",
                                   value=self.typed_code)
            yield Button(self.t("own.open"), id="drill-own")
            yield Static(self.t("drill.bad_code", error=self.error) if self.error else "", id="drill-error",
                         markup=False)

    def _compose_problem(self) -> ComposeResult:
        problem = self.problem
        names = problem.template.display_names
        with VerticalScroll(id="drill-top"):
            yield Static(Text.assemble((self.t("drill.code") + ": ", "dim"), (problem.code or "", "bold reverse"))
                         if problem.code else Text(self.t("own.title"), style="bold"), id="drill-code-line",
                         markup=False)
            is_network = problem._description.key == "network"
            # A network's prompt lists the given values, which the diagram and table show.
            prompt = self.t("drill.network.task") if is_network else self.pick(
                problem.prompt_zh, problem.prompt_en, separator="\n")
            yield Static(prompt, id="drill-prompt", markup=False)
            with Horizontal(id="drill-figures"):
                if is_network:
                    yield NetworkDiagram(problem.network, id="drill-diagram")
                yield GivenTable(problem, self.t("drill.given"), id="drill-given")
        with VerticalScroll(id="drill-steps", can_focus=True):
            # The precision asked for, where the steps are asked (solver.grading.grade.precision_note).
            yield Static(self.t("drill.steps", figures=self.services.settings.figures), classes="section-title",
                         markup=False)
            yield Static(self.t("drill.keys"), classes="muted", markup=False)
            current = self.session.current
            if any(problem.spec(step_id).kind == "symbolic" for step_id in problem.answers):
                self.call_after_refresh(self.warm_up_formulas)
            for step_id in problem.answers:
                spec = problem.spec(step_id)
                symbolic = spec.kind == "symbolic"
                hint = self.t("drill.symbolic.placeholder" if symbolic else "drill.step.placeholder")
                row = StepRow(step_id, names.get(step_id, step_id), value_shape(problem.value(step_id)),
                              hint if step_id == current else "", symbolic=symbolic, id=_row_id(step_id))
                row.answered_text = self.typed.get(step_id)
                row.feedback = self._feedback_text(step_id)
                row.disabled = step_id != current
                yield row
            yield Static(self._status_text(), id="drill-status", markup=False)

    def _feedback_text(self, step_id: str) -> Text | None:
        session = self.session
        parts = []
        open_here = session is not None and session.current == step_id
        for rung, hint in enumerate(self.hints.get(step_id, ()), 1):
            shown = self.t("drill.hint.shown", n=rung, rung=self.t(f"drill.rung.{rung}"),
                           cost=self.t(f"drill.cost.{rung}"))
            parts.append(Text(f"{shown}: {hint}", style="cyan"))
        if open_here and step_id in self.hints:
            rung = session.hint_rung + 1
            parts.append(Text(self.t("drill.hint.next", rung=self.t(f"drill.rung.{rung}"),
                                     cost=self.t(f"drill.cost.{rung}")), style="dim cyan"))
        shown = self.feedback.get(step_id)
        if shown is not None:
            if hasattr(shown, "verdict"):
                retrying = open_here and session.wrong_here is shown
                parts.append(verdict_text(shown, self.language, give_away=not retrying,
                                          attempt=self.tries.get(step_id, 1)))
                if retrying:
                    parts.append(Text(self.t("drill.retry"), style="italic"))
            else:
                parts.append(revealed_text(shown, self.language, self.problem.working().get(step_id)))
        return Text("\n").join(parts) if parts else None

    def _status_text(self) -> Text:
        if self.finished_grade is None:
            return Text("")
        from quizapp.i18n import RATING_WORDS
        from quizapp.recording import drill_rating

        grade = getattr(self.finished_grade, "value", self.finished_grade)
        summary = self.session.summary()
        rating = drill_rating(self.session)
        out = Text(self.t("drill.done", grade=self.t(f"grade.{grade}")), style="bold")
        out.append("\n" + self.t("drill.summary", first=summary.first_try, steps=summary.steps,
                                  retried=len(summary.retried), hints=summary.hints,
                                  rating=RATING_WORDS[rating].pick(self.language)))
        if not self.own:
            out.append("\nn → " + self.t("key.next"), style="bold")
        return out

    def _focus_current(self) -> None:
        if self.session is None or self.session.current is None:
            self.query_one("#drill-steps").focus(scroll_visible=False)
            return
        row = self.query_one(f"#{_row_id(self.session.current)}", StepRow)
        row.input.focus(scroll_visible=False)
        self._keep_visible(row)

    def _keep_visible(self, row: StepRow) -> None:
        """Scroll the steps so the whole row being answered (box and feedback) is in view."""
        self.call_after_refresh(row.scroll_visible, animate=False)

    # ---------------------------------------------------------------- answering
    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "drill-code":
            event.stop()
            self.typed_code = event.value
            await self.load_code(event.value)
            return
        if isinstance(event.input, StepInput):
            event.stop()
            row = event.input.parent.parent
            self.submit(row.step_id, event.value)

    def on_matrix_grid_submitted(self, event: MatrixGrid.Submitted) -> None:
        row = event.grid.parent
        self.submit(row.step_id, event.text)

    def submit(self, step_id: str, typed: str) -> None:
        session = self.session
        if session is None or session.current != step_id or not typed.strip():
            return
        from quizapp.recording import ASKED_AGAIN, KEPT, take_answer

        row = self.query_one(f"#{_row_id(step_id)}", StepRow)
        turn = take_answer(session, typed)
        if turn.outcome == KEPT:  # the same wrong answer again: later steps are graded from it
            row.close_grid()
            row.show_feedback(self._feedback_text(step_id))
            self._advance(step_id)
            return
        self.typed[step_id] = typed
        self.feedback[step_id] = turn.verdict
        if turn.outcome != ASKED_AGAIN:
            self.tries[step_id] = turn.attempt
        row.show_feedback(self._feedback_text(step_id), typed)
        if turn.outcome != ASKED_AGAIN and session.current != step_id:
            row.close_grid()
        self._advance(step_id)

    def _advance(self, previous: str) -> None:
        session = self.session
        if session.current != previous:
            self.query_one(f"#{_row_id(previous)}", StepRow).disabled = True
            if session.current is not None:
                row = self.query_one(f"#{_row_id(session.current)}", StepRow)
                row.disabled = False
                spec = self.problem.spec(session.current)
                row.input.placeholder = self.t(
                    "drill.symbolic.placeholder" if spec.kind == "symbolic" else "drill.step.placeholder")
        if session.finished:
            self._finish()
        self._focus_current()

    def _finish(self) -> None:
        if self.finished_grade is not None:
            return
        self.finished_grade = self.session.grade()
        self.recorder.finish(self.session)  # the skill card's review (none for the learner's own problem)
        self.recorder.close()
        status = self.query_one("#drill-status", Static)
        status.update(self._status_text())
        self.call_after_refresh(status.scroll_visible, animate=False)

    # ---------------------------------------------------------------- keys
    def action_hint(self) -> None:
        """The next rung of the current step's hint ladder; past the formula with its numbers,
        the value itself (the step is then revealed and counts as not done)."""
        from solver.grading.session import NUMBERS_RUNG

        session = self.session
        if session is None or session.current is None:
            return
        step_id = session.current
        row = self.query_one(f"#{_row_id(step_id)}", StepRow)
        if session.hint_rung >= NUMBERS_RUNG:
            self._reveal_current()
            self._advance(step_id)
            return
        self.hints.setdefault(step_id, []).append(session.hint())
        row.show_feedback(self._feedback_text(step_id))
        self._keep_visible(row)

    def _reveal_current(self) -> None:
        step_id = self.session.current
        self.feedback[step_id] = self.session.reveal()
        row = self.query_one(f"#{_row_id(step_id)}", StepRow)
        row.close_grid()
        row.show_feedback(self._feedback_text(step_id))
        row.disabled = True

    def action_solution(self) -> None:
        """The worked solution: a peek at the steps answered so far while the problem is not
        finished, offering (after asking) to reveal the rest."""
        if self.problem is None:
            return
        from quizapp.render.solution import render_solution

        session = self.session
        title = self.t("drill.solution") + " · " + (self.problem.code or self.t("own.title"))
        if session is None or session.finished:
            self.app.push_screen(SolutionScreen(render_solution(self.problem, self.language), title))
            return
        done = [step_id for step_id in session.steps[:session.position[0] - 1]]
        left = len(session.steps) - len(done)
        peek = self.t("drill.peek", done=len(done), steps=len(session.steps), left=left)
        self.app.push_screen(
            SolutionScreen(render_solution(self.problem, self.language, only=done), title, peek,
                           self.t("drill.peek.confirm", left=left)),
            self._after_peek)

    def _after_peek(self, reveal_rest: bool | None) -> None:
        if not reveal_rest or self.session is None:
            return
        self.reveal_rest()
        from quizapp.render.solution import render_solution

        title = self.t("drill.solution") + " · " + (self.problem.code or self.t("own.title"))
        self.app.push_screen(SolutionScreen(render_solution(self.problem, self.language), title))

    def reveal_rest(self) -> None:
        """Reveal every step not yet done: the problem ends, as not done."""
        session = self.session
        while not session.finished:
            previous = session.current
            self._reveal_current()
            self._advance(previous)

    async def action_next(self) -> None:
        if self.problem is None or self.own:
            return
        if self.review:
            if self.finished_grade is not None:
                self.dismiss(self.result())
            return
        from quizapp.problems import next_code

        await self.load_code(next_code(self.problem.code, self.services.new_seed()))

    async def action_grid(self) -> None:
        if self.session is None or self.session.current is None:
            return
        row = self.query_one(f"#{_row_id(self.session.current)}", StepRow)
        grid = await row.show_grid()
        if grid is not None:
            grid.query_one(Input).focus(scroll_visible=False)
            self._keep_visible(row)  # the whole grid, below the box, comes into view

    def result(self):
        from quizapp.recording import drill_seconds
        from quizapp.progress.scheduling import drill_card_for_code
        from quizapp.screens.quiz import CardResult

        grade = getattr(self.finished_grade, "value", self.finished_grade)
        mistakes = [v.mistake for v in self.feedback.values() if getattr(v, "mistake", None)]
        return CardResult(drill_card_for_code(self.problem.code), grade == "first_try",
                          drill_seconds(self.session), mistakes)

    async def action_back(self) -> None:
        if self.review:
            self.dismiss(self.result() if self.finished_grade is not None else None)
            return
        self._leave_problem()  # before Home, coming back, looks for unfinished problems
        if self.own:
            self.app.pop_screen()
            return
        if self.problem is not None and self.requested_code is None and self.requested_family is None:
            self.problem, self.session = None, None
            await self.rebuild()
            return
        self.app.pop_screen()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "drill-start":
            family = self.query_one("#drill-family", Select).value
            difficulty = self.query_one("#drill-difficulty", Select).value
            await self.load_family(family, difficulty)
        elif event.button.id == "drill-own":
            self.action_own_problem()

    def action_own_problem(self) -> None:
        self.app.open_own_problem()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("hint", "solution", "next", "grid") and self.problem is None:
            return False
        if action in ("next", "own_problem") and self.own:
            return False
        return True


def _row_id(step_id: str) -> str:
    """A widget id for a step id like "dL/dW1" or "f'(z)"."""
    return "step-" + "".join(ch if ch.isalnum() else f"_{ord(ch):x}_" for ch in step_id)
