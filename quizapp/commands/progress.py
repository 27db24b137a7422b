"""`quizapp stats` and `quizapp history`: the learner's progress from the progress database."""

from __future__ import annotations

import json

import click

from quizapp.i18n import LANGUAGES


def _open_store():
    from quizapp.progress.store import Store

    store = Store.open()
    message = store.recovery_message("both")
    if message:
        click.echo(message, err=True)
    return store


def _tell_skipped(count: int) -> None:
    from quizapp.progress.store import skipped_rows_message

    message = skipped_rows_message(count, "both")
    if message:
        click.echo(message, err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Language (default: the language setting).")
def stats(as_json: bool, lang: str | None) -> None:
    """Accuracy by topic and family, frequent mistakes, reviews per day, streak, cards due."""
    from quizapp.progress.scheduling import all_card_ids
    from quizapp.services import load_question_banks
    from quizapp.settings import Settings

    # Due and new counted as the app's Home and Review count them: among the cards that exist.
    card_ids = all_card_ids(q.id for q in load_question_banks().questions)
    with _open_store() as store:
        figures = store.stats(card_ids=card_ids, new_limit=Settings.load().new_per_day)
    _tell_skipped(figures.skipped_rows)
    if as_json:
        click.echo(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from quizapp.settings import Settings

    from quizapp.render.stats import render_stats

    Console().print(render_stats(figures, lang or Settings.load().language))


# How a session ended (SessionSummary.state), as the history table says it. An interrupted
# session's app was killed: it is ended at its last answer, and a drill's problem can be resumed.
SESSION_STATES = {"open": "open", "interrupted": "interrupted", "finished": "finished",
                  "left": "unfinished", "ended": "ended"}


@click.command()
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True,
              help="How many recent sessions and answers to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
def history(limit: int, as_json: bool) -> None:
    """List recent sessions and graded answers, newest first."""
    with _open_store() as store:
        recent = store.history(limit)
    _tell_skipped(recent.skipped_rows)
    if as_json:
        click.echo(json.dumps(recent.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    sessions = Table(title="sessions / 练习记录", title_justify="left")
    for column in ("id", "kind", "started (UTC)", "ended", "how", "answers", "right"):
        sessions.add_column(column, no_wrap=True)
    for session in recent.sessions:
        sessions.add_row(str(session.id), session.kind, f"{session.started:%m-%d %H:%M}",
                         "-" if session.ended is None else f"{session.ended:%m-%d %H:%M}",
                         SESSION_STATES.get(session.state, session.state),
                         str(session.answers), str(session.correct))
    answers = Table(title="answers / 作答", title_justify="left")
    # Short columns are kept whole; long ones (codes, typed text) fold within 80 columns.
    answers.add_column("at (UTC)", no_wrap=True)
    answers.add_column("#", no_wrap=True, justify="right")  # the session's id, as in the table above
    answers.add_column("item", overflow="fold", ratio=3)
    answers.add_column("step", no_wrap=True)
    answers.add_column("typed", overflow="fold", ratio=2)
    answers.add_column("verdict", no_wrap=True)
    answers.add_column("mistake", overflow="fold", ratio=2)
    answers.add_column("s", no_wrap=True, justify="right")
    for answer in recent.answers:
        mark = "green" if answer.correct else "red"
        # What the database holds is shown as text, never read as Rich markup: a typed "[/]"
        # would otherwise stop the command with a MarkupError (and "[bold]" would style the row).
        verdict = Text(answer.verdict, style=mark)
        verdict.append(" (cf)" if answer.carried_forward else "")
        for part in _try_and_hints(answer):
            verdict.append("\n" + part, style="dim")  # a line each: the column stays narrow
        answers.add_row("" if answer.at is None else f"{answer.at:%m-%d %H:%M}",
                        "" if answer.session is None else str(answer.session), Text(answer.item),
                        Text(answer.step or ""), Text(answer.typed), verdict, Text(answer.mistake or ""),
                        "" if answer.seconds is None else f"{answer.seconds:.0f}")
    if not recent.sessions and not recent.answers:
        console.print("no history yet / 还没有记录")
        return
    console.print(sessions)
    console.print(answers)


def _try_and_hints(answer) -> list[str]:
    """Under a drill step's verdict, which try it was (a step tried again has a row per try) and
    the hint rung used before it; nothing for a first try without hints."""
    parts = [f"try {answer.attempt}"] if answer.attempt > 1 else []
    if answer.hints:
        parts.append(f"hint {answer.hints}")
    return parts


COMMANDS = [stats, history]
