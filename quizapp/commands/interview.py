"""`quizapp interview`: a timed mock interview, in the app or (--plain) one line at a time.

A few concept questions answered in your own words (then the key points and the model answer,
and your own rating), one whiteboard problem worked step by step without hints, a clock, and
at the end the report (quizapp.interview). Heavy imports happen inside the functions: this
module is imported on every start of the app.
"""

from __future__ import annotations

import json
import sys

import click

from quizapp.commands.lines import read_line
from quizapp.commands.solve import LANGUAGES
from quizapp.i18n import pick
from quizapp.interview.setup import prepare, report_text

PASS, QUIT = ("pass", "skip", "跳过", "不会"), ("quit", "q", "exit", "退出")


def _text(zh: str, en: str, language: str) -> str:
    """Sentences: both languages on separate lines."""
    return pick(zh, en, language, "\n")


def bilingual(zh: str, en: str, language: str) -> str:
    """Labels: both languages on one line."""
    return pick(zh, en, language, " / ")


# --- the line session --------------------------------------------------------------------------

def _ask(echo: bool, prompt: str = "> ") -> str | None:
    """The next non-empty line (None at the end of input or on quit)."""
    while True:
        click.echo(prompt, nl=False)
        line = read_line(echo)
        if line is None:
            click.echo()
            return None
        if line.strip().lower() in QUIT:
            return None
        if line.strip():
            return line.strip()


def _left(run, language: str) -> str:
    from quizapp.interview.text import clock_text

    return bilingual(f"剩 {clock_text(run.remaining)}", f"{clock_text(run.remaining)} left", language)


def run_plain(run, language: str) -> None:
    """Ask everything on stdin until done, the time is up, quit, or the end of input."""
    echo = not sys.stdin.isatty()
    while run.stage == "question" and not run.time_up:
        if not _ask_question(run, echo, language):
            return
    if run.stage == "problem" and not run.time_up:
        _work_problem(run, echo, language)
    if run.time_up:
        click.echo(_text("时间到。", "Time is up.", language))


def _ask_question(run, echo: bool, language: str) -> bool:
    question = run.question
    number, total = run.position
    click.echo()
    click.echo(f"[{number}/{total}] {_left(run, language)} · {question.id}")
    click.echo(_text(question.prompt_zh, question.prompt_en, language))
    line = _ask(echo)
    if line is None:
        return False
    if line.lower() in PASS:
        run.pass_question()
        return True
    covered = run.answer_question(line)
    click.echo(bilingual("要点", "key points", language) + ":")
    for point, found in zip(question.points, covered, strict=True):
        click.echo(f"  {'✓' if found else '·'} {bilingual(point.zh, point.en, language)}")
    click.echo(bilingual("参考答案", "model answer", language) + ":")
    click.echo(_text(question.answer_zh, question.answer_en, language))
    names = "1 " + bilingual("忘了", "again", language) + ", 2 " + bilingual("困难", "hard", language) \
        + ", 3 " + bilingual("良好", "good", language) + ", 4 " + bilingual("轻松", "easy", language)
    while True:
        rating = _ask(echo, bilingual("自评", "rate yourself", language) + f" ({names}): ")
        if rating is None:
            run.pass_question()  # the answer stands as given, unrated: counted as not known
            return False
        if rating in ("1", "2", "3", "4"):
            run.rate(int(rating))
            return True


def _work_problem(run, echo: bool, language: str) -> None:
    problem = run.problem
    number, total = run.position
    click.echo()
    click.echo(f"[{number}/{total}] {_left(run, language)} · "
               + bilingual("白板题", "whiteboard problem", language) + f" {problem.code}")
    click.echo(_text(problem.prompt_zh, problem.prompt_en, language))
    click.echo(_text("逐步作答，没有提示；每步的对错在最后的报告里。pass 跳过一步，quit 结束。",
                     "Work it step by step, without hints; how each step went is in the report at the end. "
                     "pass to leave a step, quit to stop.", language))
    while run.stage == "problem" and not run.time_up:
        step_id = run.drill.current
        spec = problem.spec(step_id)
        name = problem.template.display_names.get(step_id, step_id)
        step_number, steps = run.drill.position
        label = bilingual(spec.label_zh, spec.label_en, language)
        line = _ask(echo, f"  ({step_number}/{steps}, {_left(run, language)}) {name}  ({label}) = ")
        if line is None:
            return
        if line.lower() in PASS:
            run.pass_step()
            continue
        verdict = run.answer_step(line)
        if verdict.verdict == "refused":  # not an answer: say why and ask again, as the drill does
            click.echo("    ? " + verdict.message(language).replace("\n", "\n      "))


@click.command()
@click.option("--minutes", type=click.IntRange(1, 180), default=None,
              help="Length of the interview (default 20).")
@click.option("--questions", "count", type=click.IntRange(1, 8), default=None,
              help="How many concept questions before the whiteboard problem (default 3).")
@click.option("--family", help="The whiteboard problem's family (see `quizapp families`; random when left out).")
@click.option("--difficulty", type=click.IntRange(1, 3), default=None,
              help="Difficulty of the problem, and the highest of the questions (default 1).")
@click.option("--bank", "bank_ids", multiple=True, help="Ask only this bank's questions (repeatable).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="The same seed gives the same interview.")
@click.option("--plain", is_flag=True,
              help="Line-by-line session on standard input (the default when input or output is not a terminal).")
@click.option("--json", "as_json", is_flag=True, help="With --plain: print the report as a JSON object.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="both", show_default=True)
def interview(minutes, count, family, difficulty, bank_ids, seed, plain, as_json, lang) -> None:
    """A timed mock interview: concept questions in your own words (rated against their key
    points), one backprop problem worked without hints, then a report: score, time per answer,
    the first wrong step and its mistake, the weakest topics and what to review next."""
    from quizapp.interview import DEFAULT_MINUTES, DEFAULT_QUESTIONS

    options = {"seed": seed, "minutes": minutes or DEFAULT_MINUTES, "count": count or DEFAULT_QUESTIONS,
               "family": family, "difficulty": difficulty, "bank_ids": tuple(bank_ids)}
    open_app = (click.get_current_context().find_root().obj or {}).get("open_app")
    if open_app is not None and not plain and not as_json and sys.stdin.isatty() and sys.stdout.isatty():
        open_app(start_interview=options)  # in a terminal the interview opens in the app
        return
    from quizapp.services import load_question_banks

    banks = load_question_banks()
    plan, questions, problem = prepare(banks, **options)
    from quizapp.interview.run import InterviewRun
    from quizapp.interview.text import clock_text
    from quizapp.services import Services

    services = Services()
    try:
        run = InterviewRun(plan, questions, problem, services, figures=services.settings.figures)
        if not as_json:
            click.echo(_text(
                f"模拟面试：{len(questions)} 道概念题和一道白板题，限时 {clock_text(plan.seconds)}（种子 {plan.seed}）。",
                f"Mock interview: {len(questions)} concept question{'s' if len(questions) != 1 else ''} "
                f"and one whiteboard problem, {clock_text(plan.seconds)} (seed {plan.seed}).", lang))
            click.echo(_text("用自己的话一行作答；不会就输入 pass，quit 提前结束。",
                             "Answer in your own words on one line; pass if you do not know, quit to end early.",
                             lang))
        try:
            if as_json:
                with _quiet():
                    run_plain(run, lang)
            else:
                run_plain(run, lang)
        except KeyboardInterrupt:
            click.echo()
        report = run.finish()
    finally:
        services.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    click.echo()
    for line in report_text(report, problem, banks, lang):
        click.echo(line)


class _quiet:
    """Prompts go to standard error with --json, so standard output is the JSON alone."""

    def __enter__(self):
        self._stdout = sys.stdout
        sys.stdout = sys.stderr
        return self

    def __exit__(self, *exc):
        sys.stdout = self._stdout


COMMANDS = [interview]
