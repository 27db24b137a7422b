"""My own problem: paste a network (JSON or TOML) or type an expression with its values, then
drill it exactly like a generated problem (the DrillScreen, with a ready Problem).

The problem is read by `quizapp.problems`, as for `quizapp solve --network` and `--expr/--at`:
the same keys and the same located messages. The form's own words say when a field is empty; any
other mistake is the reader's message, shown under the form; the learner fixes it and tries again.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Header, Input, Label, Select, Static, TabbedContent, TabPane, TextArea

from quizapp.errors import UserError
from quizapp.screens.base import BaseScreen
from quizapp.widgets import answer_input
from quizapp.widgets.footer import KeyFooter

# Shown by the "example" button: a small two-layer network, to edit into the learner's own.
EXAMPLE_NETWORK = """{
  "x": [1.0, 2.0],
  "t": [1.0],
  "layers": [
    {"W": [[0.5, -0.5], [1.0, 0.5]], "b": [0.0, 0.1], "activation": "sigmoid"},
    {"W": [[1.0, -1.0]], "activation": "identity"}
  ],
  "loss": "half_sse",
  "lr": 0.1
}"""

MODES = ("network", "expression")
DRAFT_FIELDS = ("mode", "network_text", "network_format", "expression", "at")


class OwnProblemScreen(BaseScreen):
    CSS_PATH = "own_problem.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="own.back"),
        Binding("ctrl+s", "start", "Start", id="own.start"),
    ]

    def __init__(self, draft: dict | None = None) -> None:
        super().__init__()
        # The form's state, kept here so a language change (which recomposes) loses nothing;
        # `draft` is what the learner left the last time (Esc), given back by the app.
        self.mode = "network"
        self.network_text = ""
        self.network_format = "auto"
        self.expression = ""
        self.at = ""
        self.error = ""
        for name, value in (draft or {}).items():
            if name in DRAFT_FIELDS:
                setattr(self, name, value)

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="own-form"):
            yield Static(self.t("own.title"), classes="section-title", markup=False)
            with TabbedContent(initial=f"own-{self.mode}", id="own-tabs"):
                with TabPane(self.t("own.network"), id="own-network"):
                    with Horizontal(classes="own-row"):
                        yield Label(self.t("own.format"), classes="own-label", markup=False)
                        yield Select([(self.t("own.format.auto"), "auto"), ("JSON", "json"), ("TOML", "toml")],
                                     value=self.network_format, allow_blank=False, id="own-format")
                        yield Button(self.t("own.example"), id="own-example")
                    area = TextArea(self.network_text, id="own-text", placeholder=self.t("own.network.placeholder"))
                    area.cursor_blink = getattr(self.app, "cursor_blink", True)  # off for stable snapshots
                    yield area
                with TabPane(self.t("own.expression"), id="own-expression"):
                    with Horizontal(classes="own-row"):
                        yield Label(self.t("own.expr"), classes="own-label", markup=False)
                        yield answer_input(value=self.expression, placeholder="(x + y) * z", id="own-expr")
                    with Horizontal(classes="own-row"):
                        yield Label(self.t("own.at"), classes="own-label", markup=False)
                        yield answer_input(value=self.at, placeholder="x=-2, y=5, z=-4", id="own-at")
                    yield Static(self.t("own.expression.help"), classes="muted", markup=False)
            yield Static(self.error, id="own-error", markup=False)
            yield Button(self.t("own.start"), id="own-start", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#own-text", TextArea).focus()

    def _remember(self) -> None:
        """Copy what the learner typed into the screen's state."""
        self.network_text = self.query_one("#own-text", TextArea).text
        self.network_format = self.query_one("#own-format", Select).value
        self.expression = self.query_one("#own-expr", Input).value
        self.at = self.query_one("#own-at", Input).value
        active = self.query_one("#own-tabs", TabbedContent).active
        self.mode = active.removeprefix("own-") if active.removeprefix("own-") in MODES else "network"

    async def rebuild(self) -> None:
        self._remember()
        await super().rebuild()

    # ---------------------------------------------------------------- reading the problem
    def build_problem(self):
        """The Problem from the form, or None with `self.error` saying what is wrong and where."""
        self._remember()
        try:
            problem = self._network_problem() if self.mode == "network" else self._expression_problem()
        except _FormError as error:
            self.error = error.text
            return None
        self.error = ""
        return problem

    def _network_problem(self):
        from quizapp.problems import ProblemSource, problem_from

        if not self.network_text.strip():
            raise _FormError(self.t("own.network.empty"))
        fmt = None if self.network_format == "auto" else self.network_format
        try:
            return problem_from(ProblemSource(network_text=self.network_text, network_format=fmt))
        except UserError as error:
            raise _FormError(self.t("own.network.bad", error=str(error))) from None

    def _expression_problem(self):
        from quizapp.problems import ProblemSource, problem_from

        if not self.expression.strip():
            raise _FormError(self.t("own.expr.empty"))
        if not self.at.strip():
            raise _FormError(self.t("own.at.empty"))
        try:
            return problem_from(ProblemSource(expression=self.expression, at=self.at))
        except UserError as error:
            # The solver words its messages for the command line's --at: here the values are a box.
            zh, en = (error.zh, error.en) if error.zh else (str(error), str(error))
            raise _FormError(self.pick(zh.replace("--at", f"“{self.t('own.at')}”"),
                                       en.replace("--at", f"the {self.t('own.at')} box"), separator="\n")) from None

    # ---------------------------------------------------------------- actions
    def action_start(self) -> None:
        problem = self.build_problem()
        self.query_one("#own-error", Static).update(self.error)
        if problem is None:
            return
        from quizapp.screens.drill import DrillScreen

        self.app.push_screen(DrillScreen(problem=problem))

    def action_back(self) -> None:
        self._remember()
        self.app.own_problem_draft = {name: getattr(self, name) for name in DRAFT_FIELDS}
        self.app.pop_screen()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "own-start":
            event.stop()
            self.action_start()
        elif event.button.id == "own-example":
            event.stop()
            area = self.query_one("#own-text", TextArea)
            area.text = EXAMPLE_NETWORK
            area.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "own-expr":
            event.stop()
            self.query_one("#own-at", Input).focus()
        elif event.input.id == "own-at":
            event.stop()
            self.action_start()


class _FormError(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
