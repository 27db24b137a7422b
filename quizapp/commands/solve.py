"""`quizapp solve` and `quizapp families`: worked solutions in the terminal or as JSON."""

from __future__ import annotations

import json

import click

from quizapp.render.words import bilingual

LANGUAGES = ("zh", "en", "both")


def render_solution(problem, language: str = "both"):
    """A Rich renderable: the prompt, then every step with formula, substitution and value."""
    return WorkedSolution(problem, language)


PHASE_TITLES = {
    "forward": ("正向传播", "forward pass"),
    "loss": ("损失", "loss"),
    "backward": ("反向传播", "backward pass"),
    "update": ("参数更新", "update"),
}
TABLE_WIDTH = 100  # narrower, the four columns wrap each step's label over three lines


class WorkedSolution:
    """The prompt and every step: a four-column table where the width allows it, else one step
    to two lines as on a whiteboard (`z1 = w1·x = 0.5·(-1) = -0.5`)."""

    def __init__(self, problem, language: str = "both") -> None:
        self.problem, self.language = problem, language

    def __rich_console__(self, console, options):
        from rich.panel import Panel
        from rich.text import Text

        problem, language = self.problem, self.language
        title = problem.code or bilingual("自带的题目", "your own problem", language)
        yield Panel(Text(bilingual(problem.prompt_zh, problem.prompt_en, language) if language != "both"
                         else problem.prompt_zh + "\n\n" + problem.prompt_en), title=title)
        rows = self._rows()
        yield from (self._table(rows) if options.max_width >= TABLE_WIDTH else self._board(rows))
        for zh, en in problem.notes:
            yield Text(bilingual(zh, en, language), style="yellow")

    def _rows(self):
        """(phase, step, value text, note or None) per step."""
        from solver.fmt import value_text

        language = self.language
        for step in self.problem.steps():
            value = value_text(step.value, step.exact)
            note = bilingual(step.note_zh, step.note_en, language) if step.note_en else None
            yield step.phase, step, value, note

    def _phase_title(self, phase: str) -> str:
        return bilingual(*PHASE_TITLES[phase], self.language)

    def _label(self, step) -> str:
        return step.label(self.language if self.language != "both" else "en")

    def _table(self, rows):
        from rich.table import Table
        from rich.text import Text

        language = self.language
        table = Table(expand=True, show_lines=False)
        table.add_column(bilingual("步骤", "step", language), style="bold cyan", ratio=2)
        table.add_column(bilingual("公式", "formula", language), ratio=3)
        table.add_column(bilingual("代入", "substituted", language), ratio=3)
        table.add_column(bilingual("结果", "value", language), style="bold", ratio=2)
        current = None
        for phase, step, value, note in rows:
            if phase != current:
                if current is not None:
                    table.add_section()
                current = phase
                table.add_row(Text(self._phase_title(phase), style="bold magenta"), "", "", "")
            label = Text(step.id, style="bold cyan")
            label.append("\n" + self._label(step), style="dim")
            table.add_row(label, step.formula, step.substituted, value)
            if note:
                table.add_row("", Text(note, style="yellow"), "", "")
        yield table

    def _board(self, rows):
        from rich.padding import Padding
        from rich.text import Text

        from solver.fmt import equation

        current = None
        for phase, step, value, note in rows:
            if phase != current:
                current = phase
                yield Text("\n" + self._phase_title(phase), style="bold magenta")
            # A line of its own has room for both languages (the table's narrow column had not).
            label = bilingual(step.label_zh, step.label_en, self.language)
            yield Text.assemble((step.id, "bold cyan"), "  ", (label, "dim"))
            working = equation(step.formula, step.substituted, value)
            line = Text(working)
            if working.endswith(" = " + value):
                line.stylize("bold", len(working) - len(value))
            yield Padding(line, (0, 0, 0, 2))  # wrapped lines keep the indent too
            if note:
                yield Padding(Text(note, style="yellow"), (0, 0, 0, 2))


@click.command()
@click.argument("code", required=False)
@click.option("--network", "network_file", type=click.Path(dir_okay=False),
              help="Solve a network from a JSON or TOML file instead of a code.")
@click.option("--expr", "expression", help='Solve an expression\'s computational graph, e.g. "(x+y)*z".')
@click.option("--at", "at", help='Values of the expression\'s variables, e.g. "x=-2, y=5, z=-4".')
@click.option("--json", "as_json", is_flag=True, help="Print the problem and its solution as JSON.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="both", show_default=True)
def solve(code: str | None, network_file: str | None, expression: str | None, at: str | None, as_json: bool,
          lang: str) -> None:
    """Print the worked solution of a problem, step by step."""
    from quizapp.problems import ProblemSource, problem_from

    problem = problem_from(ProblemSource(code=code, network_file=network_file, expression=expression, at=at),
                           offered=("code", "network_file", "expression"))
    if as_json:
        try:  # standard JSON has no NaN or Infinity: refuse rather than print what other tools cannot read
            text = json.dumps(problem.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)
        except ValueError:
            raise UserError("this problem's solution has values that are not finite numbers (overflow); "
                            "use smaller values") from None
        click.echo(text)
        return
    from rich.console import Console

    Console().print(render_solution(problem, lang))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the families as JSON.")
def families(as_json: bool) -> None:
    """List the problem families, their options and an example code."""
    from solver.families import FAMILIES

    if as_json:
        data = [
            {
                "name": family.name,
                "summary": {"zh": family.summary_zh, "en": family.summary_en},
                "options": [{"name": o.name, "default": o.default, "choices": list(o.choices), "help": o.help_en}
                            for o in family.options],
                "difficulties": [1, 2, 3],
                "example": family.example,
            }
            for family in FAMILIES.values()
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.text import Text

    # One block per family rather than a wide table: readable in an 80-column terminal.
    out = Text()
    out.append("Problem families / 题型   code: family:OPTIONS:dN#seed\n", style="bold")
    for family in FAMILIES.values():
        out.append(f"\n{family.name}", style="bold cyan")
        out.append(f"  {family.summary_en}\n  {family.summary_zh}\n")
        for option in family.options:
            choices = ", ".join(option.choices) if option.choices else option.help_en
            out.append(f"  {option.name} = {option.default}", style="green")
            out.append(f"  ({choices})\n", style="dim")
        out.append("  example: ")
        out.append(f"{family.example}\n", style="bold")
    Console().print(out)


COMMANDS = [solve, families]
