"""Mock interview: concept questions in your own words, one whiteboard problem, a clock, a report.

The interview itself (order, clock, saving, scoring) is quizapp.interview's InterviewRun; this
screen shows where it is. Concept answers are compared with the key points and the model
answer, then rated 1-4. The problem is worked step by step with no hint and no verdict per
step, as at a whiteboard; a step the grader cannot read is said at once and asked again. The
time running out, Esc, or the last step ends it with the report.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Input, Static, TextArea

from quizapp.screens.base import BaseScreen
from quizapp.widgets import answer_input
from quizapp.widgets.footer import KeyFooter

RATINGS = {1: ("忘了", "again"), 2: ("困难", "hard"), 3: ("良好", "good"), 4: ("轻松", "easy")}
PASS_WORDS = ("pass", "skip", "跳过", "不会")


class InterviewScreen(BaseScreen):
    CSS_PATH = "interview.tcss"
    BINDINGS = [
        Binding("escape", "end", "End", id="interview.end"),
        Binding("ctrl+n", "pass", "Pass", id="interview.pass"),
        # A concept answer is a paragraph: Enter starts a new line in its box, Ctrl+S hands it in.
        Binding("ctrl+s", "submit_answer", "Submit answer", id="interview.submit_answer", priority=True),
        *(Binding(str(d), f"rate({d})", f"Rate {d}", id=f"interview.rate_{d}", show=False) for d in range(1, 5)),
    ]

    def __init__(self, *, seed: int | None = None, minutes: int | None = None, count: int | None = None,
                 family: str | None = None, difficulty: int | None = None, bank_ids: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.options = {"seed": seed, "minutes": minutes, "count": count, "family": family,
                        "difficulty": difficulty, "bank_ids": tuple(bank_ids)}
        self.run = None
        self.error: str | None = None
        self.refused: str | None = None  # why the last step answer could not be read
        self.worked: list[tuple[str, str]] = []  # (step name, what was written) on the whiteboard

    # ------------------------------------------------------------------ starting
    def _prepare(self) -> None:
        if self.run is not None or self.error is not None:
            return
        from quizapp.interview.setup import prepare
        from quizapp.errors import UserError
        from quizapp.interview import DEFAULT_MINUTES, DEFAULT_QUESTIONS
        from quizapp.interview.run import InterviewRun

        options = dict(self.options)
        options["minutes"] = options["minutes"] or DEFAULT_MINUTES
        options["count"] = options["count"] or DEFAULT_QUESTIONS
        if options["seed"] is None:
            options["seed"] = self.services.new_seed()
        try:
            plan, questions, problem = prepare(self.services.banks, **options)
        except UserError as error:
            self.error = error.format_message()
            return
        services = self.services
        self.run = InterviewRun(plan, questions, problem, services, clock=lambda: services.now().timestamp(),
                                figures=services.settings.figures)

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(1.0, self._tick)
        self.call_after_refresh(self._focus_answer)

    async def _tick(self) -> None:
        run = self.run
        if run is None or run.report is not None:
            return
        if run.time_up:
            await self._finish()
            return
        for clock in self.query("#interview-clock"):  # none while the screen is being rebuilt
            clock.update(self._clock_text())

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        self._prepare()
        yield Header()
        yield Static(self._clock_text(), id="interview-clock", markup=False)
        with VerticalScroll(id="interview-body"):
            run = self.run
            if run is None:
                yield Static(self.error or "", id="interview-error", markup=False)
            elif run.report is not None:
                yield Static(self._report_text(), id="interview-report", markup=False)
            elif run.stage == "question":
                yield from self._question_widgets(run)
            else:
                yield from self._problem_widgets(run)
        yield KeyFooter()

    def _clock_text(self) -> Text:
        from quizapp.interview.text import clock_text

        run = self.run
        out = Text(self.pick("模拟面试", "Mock interview"), style="bold")
        if run is None:
            return out
        if run.report is not None:
            out.append(" · " + self.pick("报告", "report"))
            return out
        number, total = run.position
        out.append(f" · {number}/{total} · ")
        remaining = run.remaining
        out.append(self.pick(f"剩 {clock_text(remaining)}", f"{clock_text(remaining)} left"),
                   style="bold red" if remaining < 60 else "bold")
        return out

    def _question_widgets(self, run):
        question = run.question
        yield Static(Text(question.id, style="dim"), id="interview-heading", markup=False)
        yield Static(self.pick(question.prompt_zh, question.prompt_en, separator="\n"), id="interview-prompt",
                     markup=False)
        box = TextArea(run.typed or "", id="interview-answer", soft_wrap=True, show_line_numbers=False,
                       placeholder=self.pick("用自己的话作答（回车换行，Ctrl+S 提交；Ctrl+N：不会）",
                                             "Answer in your own words (Enter: new line, Ctrl+S: submit; "
                                             "Ctrl+N: I don't know)"), classes="open-answer")
        box.disabled = run.typed is not None
        yield box
        yield Static(self._points_text(run), id="interview-result", markup=False)

    def _points_text(self, run) -> Text:
        out = Text()
        if run.typed is None:
            return out
        question = run.question
        out.append(self.pick("要点", "Key points") + "\n", style="bold")
        for point, found in zip(question.points, run.covered, strict=True):
            mark = self.pick("✓ 答到了", "✓ covered") if found else self.pick("✗ 漏了", "✗ missed")
            out.append(f"{mark}  {self.pick(point.zh, point.en)}\n", style="green" if found else "red")
        out.append(self.pick("自评：1 忘了  2 困难  3 良好  4 轻松", "Rate: 1 again  2 hard  3 good  4 easy") + "\n",
                   style="bold reverse")
        out.append("\n" + self.pick("参考答案", "Model answer") + "\n", style="bold")
        out.append(self.pick(question.answer_zh, question.answer_en, separator="\n") + "\n")
        return out

    def _problem_widgets(self, run):
        problem = run.problem
        yield Static(Text(self.pick("白板题", "Whiteboard problem") + f"  {problem.code}", style="dim"),
                     id="interview-heading", markup=False)
        yield Static(self.pick(problem.prompt_zh, problem.prompt_en, separator="\n"), id="interview-prompt",
                     markup=False)
        yield Static(self.pick("逐步作答，没有提示；每步的对错在最后的报告里。",
                               "Step by step, without hints; how each step went is in the report."), classes="muted",
                     markup=False)
        if self.worked:
            yield Static("  ·  ".join(f"{name} = {typed}" for name, typed in self.worked), id="interview-worked",
                         markup=False)
        step_id = run.drill.current
        spec = problem.spec(step_id)
        name = problem.template.display_names.get(step_id, step_id)
        step_number, steps = run.drill.position
        yield Static(Text.assemble((f"{step_number}/{steps}  ", "dim"), (name, "bold"),
                                   f"  ({self.pick(spec.label_zh, spec.label_en)})"), id="interview-step",
                     markup=False)
        yield answer_input(placeholder=self.pick("这一步的值", "this step's value"), id="interview-answer")
        if self.refused:
            yield Static(Text(self.refused, style="red"), id="interview-refused", markup=False)

    def _report_text(self) -> Text:
        from quizapp.interview.setup import report_text

        lines = report_text(self.run.report, self.run.problem, self.services.banks, self.language)
        out = Text()
        for line in lines:
            bold = line.startswith("==") or (line.endswith((":", "：")) and not line.startswith(" "))
            out.append(line + "\n", style="bold" if bold else "")
        out.append("\n" + self.pick("Esc 返回", "Esc to go back"), style="dim")
        return out

    def _focus_answer(self) -> None:
        boxes = self.query("#interview-answer")
        body = self.query_one("#interview-body")
        if boxes and not boxes.first().disabled:
            boxes.first().focus()
            if self.run is not None and self.run.stage == "problem":
                # The whiteboard grows downwards: keep the step being answered (and any
                # refusal under it) in view at 24 rows.
                self.call_after_refresh(body.scroll_end, animate=False)
        else:
            body.focus()

    async def _show(self) -> None:
        await self.rebuild()
        self.refresh_bindings()
        self._focus_answer()

    # ------------------------------------------------------------------ answering
    async def action_submit_answer(self) -> None:
        """Hand in the concept answer written in its box (Enter there is a new line)."""
        run = self.run
        boxes = self.query("#interview-answer")
        if run is None or run.report is not None or run.stage != "question" or not boxes:
            return
        box = boxes.first()
        if isinstance(box, TextArea) and not box.disabled:
            await self._submit(box.text.strip(), None)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self._submit(event.value.strip(), event.input)

    async def _submit(self, typed: str, box) -> None:
        run = self.run
        if run is None or run.report is not None or not typed:
            return
        if typed.lower() in PASS_WORDS:
            await self.action_pass()
            return
        if run.stage == "question":
            run.answer_question(typed)
        else:
            step_id = run.drill.current
            verdict = run.answer_step(typed)
            if verdict.verdict == "refused":
                self.refused = "? " + verdict.message(self.language if self.language != "both" else "en")
                box.value = typed
                await self._show()
                return
            self.refused = None
            self.worked.append((run.problem.template.display_names.get(step_id, step_id), typed))
            if run.stage == "done":
                await self._finish()
                return
        await self._show()

    async def action_rate(self, rating: int) -> None:
        run = self.run
        if run is None or run.stage != "question" or run.typed is None:
            return
        run.rate(rating)
        await self._after_move()

    async def action_pass(self) -> None:
        run = self.run
        if run is None or run.report is not None:
            return
        if run.stage == "question":
            run.pass_question()
        elif run.stage == "problem":
            run.pass_step()
            self.refused = None  # a passed step leaves nothing on the whiteboard
        await self._after_move()

    async def _after_move(self) -> None:
        if self.run.stage == "done" or self.run.time_up:
            await self._finish()
        else:
            await self._show()

    async def _finish(self) -> None:
        if self.run is not None and self.run.report is None:
            self.run.finish()
        await self._show()

    async def action_end(self) -> None:
        """Esc: end the interview here and show the report; from the report, back."""
        run = self.run
        untouched = run is not None and run.session_id is None and not run.concepts and run.typed is None
        if run is None or run.report is not None or untouched:
            self.app.pop_screen()  # an interview not begun leaves no report and no session
            return
        await self._finish()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        run = self.run
        if action == "rate":
            return run is not None and run.report is None and run.stage == "question" and run.typed is not None
        if action == "pass":
            return run is not None and run.report is None
        if action == "submit_answer":
            return run is not None and run.report is None and run.stage == "question" and run.typed is None
        return True

    async def on_unmount(self) -> None:
        # Leaving the app in the middle: the session is closed honestly in history.
        if self.run is not None and self.run.report is None:
            self.run.finish()
