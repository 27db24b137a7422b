"""A problem's worked solution as a Rich renderable: printed by `quizapp solve` and at the end of
`drill --plain`, and shown by the app's drill screen (the `s` key)."""

from __future__ import annotations

from quizapp.i18n import PHASE_TITLES, pick


def render_solution(problem, language: str = "both", only=None):
    """A Rich renderable: the prompt, then every step with formula, substitution and value
    (with `only`, a set of step ids, just those: a peek at the steps answered so far)."""
    return WorkedSolution(problem, language, only)


class RenderedOnce:
    """A renderable's lines, rendered once per width and then given again.

    A Textual widget renders its content to measure its height, again to paint it, and both once
    more when a scrollbar takes two columns: a long worked solution cost its window four
    renders before the first paint. The lines are rendered without a height (a widget crops
    what it paints to its own), so a height alone never renders them again.
    """

    def __init__(self, renderable) -> None:
        self.renderable = renderable
        self._lines: dict[tuple, list] = {}

    def __rich_console__(self, console, options):
        key = (options.max_width, options.min_width, options.justify, options.overflow, options.no_wrap,
               options.highlight, options.markup, options.ascii_only, options.encoding, options.legacy_windows)
        lines = self._lines.get(key)
        if lines is None:
            lines = self._lines[key] = console.render_lines(self.renderable, options.reset_height(), pad=False,
                                                            new_lines=True)
        for line in lines:
            yield from line


TABLE_WIDTH = 100  # narrower, the four columns wrap each step's label over three lines


class WorkedSolution:
    """The prompt and every step: a four-column table where the width allows it, else one step
    to two lines as on a whiteboard (`z1 = w1·x = 0.5·(-1) = -0.5`)."""

    def __init__(self, problem, language: str = "both", only=None) -> None:
        self.problem, self.language = problem, language
        self.only = None if only is None else frozenset(only)

    def __rich_console__(self, console, options):
        from rich.panel import Panel
        from rich.text import Text

        problem, language = self.problem, self.language
        title = problem.code or pick("自带的题目", "your own problem", language)
        yield Panel(Text(pick(problem.prompt_zh, problem.prompt_en, language) if language != "both"
                         else problem.prompt_zh + "\n\n" + problem.prompt_en), title=title)
        rows = self._rows()
        yield from (self._table(rows) if options.max_width >= TABLE_WIDTH else self._board(rows))
        for zh, en in problem.notes:
            yield Text(pick(zh, en, language), style="yellow")

    def _rows(self):
        """(phase, step, value text, note or None, working before, working after) per step;
        a line of working is (formula, substituted, value text)."""
        from solver.fmt import value_text

        language = self.language
        working = self.problem.working()
        headings = self.problem.template.phase_headings
        for step in self.problem.steps():
            if self.only is not None and step.id not in self.only:
                continue
            value = value_text(step.value, step.exact)
            note = pick(step.note_zh, step.note_en, language) if step.note_en else None
            before, after = working.get(step.id, ((), ()))
            yield step.phase if headings else None, step, value, note, before, after

    def _phase_title(self, phase: str) -> str:
        return pick(*PHASE_TITLES[phase], self.language)

    def _label(self, step) -> str:
        # The table's step column is narrow: with both languages, each has a line of its own.
        return pick(step.label_zh, step.label_en, self.language, "\n")

    def _table(self, rows):
        from rich.table import Table
        from rich.text import Text

        language = self.language
        table = Table(expand=True, show_lines=False)
        table.add_column(pick("步骤", "step", language), style="bold cyan", ratio=2)
        table.add_column(pick("公式", "formula", language), ratio=3)
        table.add_column(pick("代入", "substituted", language), ratio=3)
        table.add_column(pick("结果", "value", language), style="bold", ratio=2)
        current = None
        for phase, step, value, note, before, after in rows:
            if phase != current:
                if current is not None:
                    table.add_section()
                current = phase
                table.add_row(Text(self._phase_title(phase), style="bold magenta"), "", "", "")
            label = Text(step.id, style="bold cyan")
            label.append("\n" + self._label(step), style="dim")
            for formula, substituted, work_value in before:
                table.add_row(Text(step.id, style="dim cyan"), *_plain(formula, substituted, work_value))
            table.add_row(label, *_plain(step.formula, step.substituted, value))
            for formula, substituted, work_value in after:
                table.add_row("", *_plain(formula, substituted, work_value))
            if note:
                table.add_row("", Text(note, style="yellow"), "", "")
        yield table

    def _board(self, rows):
        from rich.padding import Padding
        from rich.text import Text

        from solver.fmt import equation

        current = None
        for phase, step, value, note, before, after in rows:
            if phase != current:
                current = phase
                if phase is not None:
                    yield Text("\n" + self._phase_title(phase), style="bold magenta")
            # A line of its own has room for both languages (the table's narrow column had not).
            label = pick(step.label_zh, step.label_en, self.language)
            yield Text.assemble((step.id, "bold cyan"), "  ", (label, "dim"))
            for work in before:
                yield Padding(Text(equation(*work), style="dim"), (0, 0, 0, 4))
            working = equation(step.formula, step.substituted, value)
            line = Text(working)
            if working.endswith(" = " + value):
                line.stylize("bold", len(working) - len(value))
            yield Padding(line, (0, 0, 0, 2))  # wrapped lines keep the indent too
            for work in after:
                yield Padding(Text(equation(*work)), (0, 0, 0, 2))
            if note:
                yield Padding(Text(note, style="yellow"), (0, 0, 0, 2))


def _plain(*cells):
    """A table cell given as str is read as Rich markup: a formula of the learner's own
    expression or network must show as written, brackets and all."""
    from rich.text import Text

    return [Text(cell) if isinstance(cell, str) else cell for cell in cells]
