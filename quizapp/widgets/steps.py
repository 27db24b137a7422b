"""One row per requested step: its name, an answer box (or an entry grid for a matrix), and
the feedback once it is graded."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from quizapp.widgets import answer_input


def value_shape(value) -> tuple[int, ...]:
    """The shape a step's answer must have: () for a number, (n,) for a vector, (r, c) for a matrix."""
    import numpy as np

    if value is None or isinstance(value, str):
        return ()
    return tuple(int(n) for n in np.shape(value))


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(str(n) for n in shape)


def _localise_escape(widget, key: str) -> None:
    """The footer text of a widget's Escape binding in the app's language (screens relabel
    their own bindings; these belong to widgets)."""
    from dataclasses import replace

    from quizapp.i18n import text

    label = text(key, widget.app.language, separator=" ")
    bindings = widget._bindings.key_to_bindings
    bindings["escape"] = [replace(b, description=label) for b in bindings["escape"]]


# A letter typed into an empty answer box that is the screen's key instead (as the footer says):
# no answer starts with h, n or ? (no number, function or constant does).
BOX_KEYS = {"h": "hint", "?": "hint", "s": "solution", "n": "next"}


class StepInput(Input):
    """An answer box that reads 'h', 's' and 'n' typed into it while empty as the screen's keys.

    Symbolic answers may start with s (sigmoid, softplus), so there only Escape-then-s works.
    """

    def __init__(self, *args, shortcuts: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shortcuts = shortcuts

    def _is_box_key(self, character: str | None) -> bool:
        return (not self.value and character in BOX_KEYS
                and (self.shortcuts or character != "s"))

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Not consumed while empty: the footer then shows these keys as the screen's, as they are.
        return not self._is_box_key(character) and super().check_consume_key(key, character)

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        if self.is_attached and (not value) != self._was_empty:
            self.screen.refresh_bindings()  # the footer's h/s/n come and go with an empty box
        self._was_empty = not value

    _was_empty = True

    # Escape leaves the box (the footer says so), so that the screen's keys work from there on.
    BINDINGS = [Binding("escape", "leave", "Leave the box", id="box.leave")]

    def on_mount(self) -> None:
        _localise_escape(self, "key.leave")

    def action_leave(self) -> None:
        self.screen.query_one("#drill-steps").focus()

    async def _on_key(self, event) -> None:
        if self._is_box_key(event.character):
            event.stop()
            event.prevent_default()
            # Run by the screen, not awaited here: `n` rebuilds the screen and removes this box.
            self.screen.call_next(self.screen.run_action, BOX_KEYS[event.character])
            return
        await super()._on_key(event)


class MatrixGrid(Grid):
    """An entry grid for a vector or matrix answer: one small box per entry. Escape closes it
    and goes back to the step's answer box (not out of the drill)."""

    BINDINGS = [Binding("escape", "close", "Close the grid", id="grid.close")]

    DEFAULT_CSS = """
    MatrixGrid {
        height: auto;
        grid-gutter: 0 1;
        grid-rows: 1;
        padding: 0 0 0 2;
    }
    MatrixGrid Input {
        width: 10;
    }
    """

    class Submitted(Message):
        def __init__(self, grid: "MatrixGrid", text: str) -> None:
            super().__init__()
            self.grid = grid
            self.text = text

    def __init__(self, shape: tuple[int, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.shape = shape
        self.rows, self.columns = (shape[0], shape[1]) if len(shape) == 2 else (1, shape[0])
        self.styles.grid_size_columns = self.columns

    def on_mount(self) -> None:
        _localise_escape(self, "key.close")

    def compose(self) -> ComposeResult:
        for index in range(self.rows * self.columns):
            cell = answer_input(compact=True, placeholder="0", id=f"cell-{index}")
            yield cell

    def text(self) -> str:
        cells = [self.query_one(f"#cell-{i}", Input).value.strip() or "0" for i in range(self.rows * self.columns)]
        rows = [", ".join(cells[r * self.columns:(r + 1) * self.columns]) for r in range(self.rows)]
        if len(self.shape) == 1:
            return f"[{rows[0]}]"
        return "[" + ", ".join(f"[{row}]" for row in rows) + "]"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, self.text()))

    def action_close(self) -> None:
        row = self.parent
        if isinstance(row, StepRow):
            row.input.focus()
        self.remove()


class StepRow(Vertical):
    """A requested step. The screen grades what is submitted and calls `show_feedback`."""

    DEFAULT_CSS = """
    StepRow {
        height: auto;
    }
    StepRow > Horizontal {
        height: auto;
    }
    StepRow .step-name {
        width: 16;
        text-style: bold;
    }
    StepRow StepInput {
        width: 1fr;
    }
    StepRow .step-feedback {
        padding: 0 0 0 2;
        height: auto;
    }
    """

    def __init__(self, step_id: str, display_name: str, shape: tuple[int, ...], placeholder: str,
                 symbolic: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.step_id = step_id
        self.display_name = display_name
        self.shape = shape
        self.placeholder = placeholder
        self.symbolic = symbolic
        self.feedback: Text | None = None
        self.answered_text: str | None = None

    def compose(self) -> ComposeResult:
        name = self.display_name + (f" ({shape_text(self.shape)})" if self.shape else "")
        with Horizontal():
            yield Label(name, classes="step-name", markup=False)
            box = StepInput(compact=True, placeholder=self.placeholder, shortcuts=not self.symbolic,
                            classes="step-input")
            box.cursor_blink = getattr(self.app, "cursor_blink", True)
            if self.answered_text is not None:
                box.value = self.answered_text
            yield box
        feedback = Static(self.feedback or "", classes="step-feedback", markup=False)
        feedback.display = self.feedback is not None
        yield feedback

    @property
    def input(self) -> StepInput:
        return self.query_one(StepInput)

    async def show_grid(self) -> MatrixGrid | None:
        """Open an entry grid below the answer box (vectors and matrices only), once mounted."""
        if not self.shape or self.query(MatrixGrid):
            return None
        grid = MatrixGrid(self.shape)
        await self.mount(grid, before=self.query_one(".step-feedback"))
        return grid

    def close_grid(self) -> None:
        for grid in self.query(MatrixGrid):
            grid.remove()

    def show_feedback(self, feedback: Text, answered_text: str | None = None) -> None:
        self.feedback = feedback
        if answered_text is not None:
            self.answered_text = answered_text
            self.input.value = answered_text
        shown = self.query_one(".step-feedback", Static)
        shown.update(feedback)
        shown.display = True
