"""`quizapp check`: grade one answer to a drill step or a bank question, in any terminal, pipe or
script (exit 0 graded, 2 not readable). Heavy imports happen inside the functions: this module
is imported on every start of the app."""

from __future__ import annotations

import json
import sys

import click

from quizapp.commands.drill import choose_problem
from quizapp.errors import UserError
from quizapp.i18n import LANGUAGES, pick
from quizapp.render.words import verdict_line
from quizapp.wording import count_of


def _parse_earlier(problem, entries) -> dict:
    from solver.grading.compare import conform
    from solver.parsing.parser import ParseError, parse_answer

    earlier = {}
    for entry in entries:
        step_id, equals, text = entry.partition("=")
        step_id = step_id.strip()
        if not equals or step_id not in problem.template.step_ids:
            raise UserError(f"--earlier {entry!r}: expected STEP=VALUE with one of the problem's steps")
        try:
            value = parse_answer(text)
        except ParseError as error:
            raise UserError(f"--earlier {step_id}: {error.message_en}") from None
        earlier[step_id] = conform(None if isinstance(value, str) else value, problem.values[step_id])
    return earlier


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.option("--network", "network_file", type=click.Path(dir_okay=False),
              help="The problem is a network from a JSON or TOML file (then give STEP_ID ANSWER).")
@click.option("--expr", "expression", help="The problem is this expression's graph (then give STEP_ID ANSWER).")
@click.option("--at", "at", help='Values of the expression\'s variables, e.g. "x=-2, y=5, z=-4".')
@click.option("--question", "question_id", metavar="ID",
              help="Check TEXT as an answer to this bank question (any type; see `quizapp bank list`).")
@click.option("--earlier", multiple=True, metavar="STEP=VALUE",
              help="One of your earlier answers, so that later steps are graded with error carried forward.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as a JSON object.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of the verdict (default: the language setting; English for --json).")
def check(args, network_file, expression, at, question_id, earlier, as_json, lang) -> None:
    """Grade one answer: quizapp check CODE STEP_ID ANSWER (or --network FILE / --expr TEXT --at
    VALUES, then STEP_ID ANSWER; or --question ID TEXT for a bank question).

    Exit 0 when the answer was graded (right or wrong), 2 when it could not be read or the
    problem, step or question does not exist.
    """
    if lang is None:
        from quizapp.settings import Settings

        setting = Settings.load().language  # as every command speaks it: "both" is Chinese, then English
        lang = "en" if as_json else setting
    if question_id is not None:
        _check_question(question_id, args, network_file or expression or earlier, as_json, lang)
        return
    no_code = network_file is not None or expression is not None
    expected_count = 2 if no_code else 3
    if len(args) != expected_count:
        usage = "STEP_ID ANSWER" if no_code else "CODE STEP_ID ANSWER"
        raise UserError(f"expected {usage}, got {count_of(len(args), 'argument')}; quote answers with spaces")
    code = None if no_code else args[0]
    step_id, answer = args[-2], args[-1]
    problem = choose_problem(code, None, 1, None, network_file, expression, at)
    if step_id not in problem.template.step_ids:
        raise UserError(f"no step {step_id!r} in this problem; its steps are {', '.join(problem.template.step_ids)}")
    from solver.grading.grade import grade_step

    verdict = grade_step(problem, step_id, answer, _parse_earlier(problem, earlier))
    if as_json:
        from solver.grading.grade import FIGURES, precision_note

        zh, en = precision_note()
        data = {"step": step_id, **verdict.to_dict(), "precision": {"figures": FIGURES, "zh": zh, "en": en}}
        if lang != "en":
            data["message"] = verdict.message(lang)
        click.echo(json.dumps(data, ensure_ascii=False))
    elif verdict.verdict != "refused":
        suffix = f" ({verdict.mistake})" if verdict.mistake else ""
        click.echo(f"{verdict_line(verdict.verdict, lang)}{suffix}")
        click.echo(verdict.message(lang))
    if verdict.verdict == "refused":
        if as_json:
            sys.exit(2)
        raise UserError(verdict.message(lang).replace("\n", " "))


def _check_question(question_id: str, args, other_problem, as_json: bool, lang: str) -> None:
    from quizapp.commands.quiz import check_question
    from quizapp.services import load_question_banks

    if other_problem:
        raise UserError("--question goes alone: not with --network, --expr or --earlier")
    if len(args) != 1:
        raise UserError(f"expected --question ID TEXT, got {count_of(len(args), 'argument')}; "
                        "quote answers with spaces")
    question = load_question_banks().by_id(question_id)
    if question is None:
        raise UserError(f"no question {question_id!r} (see `quizapp bank list`)")
    result = check_question(question, args[0])
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        if result["verdict"] == "refused":
            sys.exit(2)
        return
    if result["verdict"] == "refused":
        raise UserError(result.get("message", "the answer could not be read").replace("\n", " "))
    if question.type == "open":
        for point, entry in zip(question.points, result["points"], strict=True):
            click.echo(f"{'✓' if entry['covered'] else '·'} {point.id}: {pick(point.zh, point.en, lang)}")
        return
    click.echo(verdict_line(result["verdict"], lang))
    if result.get("message"):
        click.echo(result["message"])


COMMANDS = [check]
