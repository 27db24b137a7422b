"""`quizapp solve` and `quizapp families`: worked solutions in the terminal or as JSON."""

from __future__ import annotations

import json

import click

from quizapp.errors import UserError
from quizapp.i18n import LANGUAGES


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

    from quizapp.render.solution import render_solution

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
