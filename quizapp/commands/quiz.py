"""`quizapp quiz` (interview questions in a line session) and the verdict `check --question` prints.

The plain session works in any terminal, pipe or script, like `drill --plain`: each question's
prompt, one answer a line, then the verdict (or, for open questions, which key points the answer
seems to cover), the model answer, and a rating saved to progress as the app saves it. Heavy
imports happen inside the functions: this module is imported on every start of the app.
"""

from __future__ import annotations

import random
import sys
import time

import click

from quizapp.commands.lines import read_line
from quizapp.errors import UserError
from quizapp.i18n import LANGUAGES, RATING_WORDS, pick
from quizapp.render.words import verdict_word

SKIP, QUIT = ("skip", "跳过"), ("quit", "q", "exit", "退出")


def check_question(question, text: str, figures: int | None = None) -> dict:
    """The verdict on `text` as an answer to `question`, as a JSON-ready dict (see
    questions.grading.grade_question: the app's quiz screen grades with it too)."""
    from questions.grading import grade_question

    return grade_question(question, text, figures=figures).to_dict()


def select_questions(banks, topics=(), bank_ids=(), kinds=(), count: int | None = None,
                     seed: int | None = None) -> list:
    """The questions matching every filter given, in bank order, or `count` of them at random."""
    chosen = [q for q in banks.questions
              if (not topics or set(topics) & set(q.topics)) and (not bank_ids or q.bank_id in bank_ids)
              and (not kinds or q.type in kinds)]
    if count is not None and count < len(chosen):
        chosen = random.Random(seed).sample(chosen, count)
    return chosen


# --- the line session --------------------------------------------------------------------------

def _show_question(question, number: int, total: int, language: str) -> None:
    click.echo()
    click.echo(f"[{number}/{total}] {question.id}")
    click.echo(pick(question.prompt_zh, question.prompt_en, language, "\n"))
    if question.type == "step":
        from solver.generate import problem_from_code

        problem = problem_from_code(question.code)
        name = problem.template.display_names.get(question.step, question.step)
        click.echo(pick(problem.prompt_zh, problem.prompt_en, language, "\n"))
        click.echo(f"→ {name}  ({question.code})")
    for index, choice in enumerate(question.choices, start=1):
        click.echo(f"  {index}. {pick(choice.zh, choice.en, language)}")
    how = {
        "single": ("输入一个选项编号。", "Type one choice number."),
        "multiple": ("输入所有正确选项的编号，如 1,3。", "Type every right choice's number, e.g. 1,3."),
        "truefalse": ("输入 true 或 false（对/错）。", "Type true or false."),
        "open": ("用一行写出你的回答。", "Write your answer on one line."),
    }.get(question.type, ("输入答案。", "Type your answer."))
    click.echo(pick(*how, language, "\n") + "  (skip / quit)")


def _show_result(question, result: dict, language: str) -> None:
    if question.type == "open":
        click.echo(pick("要点", "key points", language) + ":")
        for point, entry in zip(question.points, result["points"], strict=True):
            mark = "✓" if entry["covered"] else "·"
            click.echo(f"  {mark} {pick(point.zh, point.en, language)}")
        click.echo(pick("（要点只是提示：请自己对照参考答案打分。）",
                        "(The points are a hint: rate yourself against the model answer.)", language, "\n"))
    else:
        click.echo(f"{'✓' if result.get('correct') else '✗'} {verdict_word(result['verdict'], language)}")
        message = result.get("message")
        if message and not result.get("correct") and question.type in ("numeric", "symbolic", "step"):
            click.echo(f"  {message}")
    click.echo(pick("参考答案", "model answer", language) + ":")
    click.echo(pick(question.answer_zh, question.answer_en, language, "\n"))
    if question.note_en:
        click.echo(pick("注", "note", language) + ": " + pick(question.note_zh, question.note_en, language, "\n"))


def _ask_rating(echo: bool, language: str) -> int | None:
    names = ", ".join(f"{n} {words.pick(language)}" for n, words in RATING_WORDS.items())
    while True:
        click.echo(pick("自评", "rate yourself", language) + f" ({names}): ", nl=False)
        line = read_line(echo)
        if line is None:
            click.echo()
            return None
        if line.strip() in ("1", "2", "3", "4"):
            return int(line.strip())
        if line.strip().lower() in QUIT:
            return None


def run_quiz(questions, services, language: str = "both", figures: int | None = None) -> dict:
    """Ask each question on stdin; every answer and rating is saved the moment it is made.
    Returns the counts: asked, answered, correct, skipped."""
    from quizapp.progress.scheduling import rating_for

    echo = not sys.stdin.isatty()
    counts = {"asked": 0, "answered": 0, "correct": 0, "skipped": 0}
    session = None
    try:
        for number, question in enumerate(questions, start=1):
            _show_question(question, number, len(questions), language)
            counts["asked"] += 1
            started = time.monotonic()
            while True:
                click.echo("> ", nl=False)
                line = read_line(echo)
                if line is None or line.strip().lower() in QUIT:
                    return counts
                if line.strip():
                    break
            typed = line.strip()
            if typed.lower() in SKIP:
                counts["skipped"] += 1
                continue
            result = check_question(question, typed, figures)
            if result["verdict"] in ("refused", "more_digits"):  # not a final answer: nothing saved
                click.echo(f"? {result.get('message', '')}")
                counts["skipped"] += 1
                continue
            _show_result(question, result, language)
            seconds = time.monotonic() - started
            if session is None:
                session = services.start_session("quiz")
            if question.type == "open":
                rating = _ask_rating(echo, language)
                if rating is None:
                    return counts
                services.record_question(question, typed, f"self-{rating}", rating >= 3, session, seconds)
                correct = rating >= 3
            else:
                correct = bool(result.get("correct"))
                services.record_question(question, typed, result["verdict"], correct, session, seconds,
                                         mistake=result.get("mistake"))
                rating = rating_for(result["verdict"], seconds)
            services.review_question(question.id, rating, seconds)
            counts["answered"] += 1
            counts["correct"] += correct
    finally:
        if session is not None:
            services.end_session(session)
    return counts


@click.command()
@click.option("--topic", "topics", multiple=True, help="Only questions with this topic tag (repeatable).")
@click.option("--bank", "bank_ids", multiple=True, help="Only questions of this bank (repeatable).")
@click.option("--type", "kinds", multiple=True,
              type=click.Choice(("open", "single", "multiple", "truefalse", "numeric", "symbolic", "step")),
              help="Only questions of this type (repeatable).")
@click.option("--count", type=click.IntRange(1), help="Ask this many of the matching questions, drawn at random.")
@click.option("--seed", type=click.IntRange(0), help="Seed for drawing --count questions.")
@click.option("--plain", is_flag=True,
              help="The line session on standard input, as `drill --plain` (the only form of this command; "
                   "the app's own quiz screen opens from `quizapp`).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="both", show_default=True)
def quiz(topics, bank_ids, kinds, count, seed, plain, lang) -> None:
    """Answer interview questions one a line: the verdict (or for open questions the key points
    your answer seems to cover), the model answer, then a rating saved to your progress."""
    from quizapp.services import load_question_banks

    banks = load_question_banks()
    known_banks = {bank.id for bank in banks.banks}
    unknown = [b for b in bank_ids if b not in known_banks]
    if unknown:
        raise UserError(f"no bank {', '.join(unknown)}; banks: {', '.join(sorted(known_banks))}")
    questions = select_questions(banks, topics, bank_ids, kinds, count, seed)
    if not questions:
        raise UserError("no question matches these filters (see `quizapp bank list`)")
    from quizapp.services import Services

    services = Services()
    try:
        counts = run_quiz(questions, services, lang, figures=services.settings.figures)
    finally:
        services.close()
    click.echo()
    click.echo(pick("小结", "summary", lang) + ": " + pick(
        f"作答 {counts['answered']}/{counts['asked']}，正确或自评良好以上 {counts['correct']}，跳过 {counts['skipped']}。",
        f"answered {counts['answered']} of {counts['asked']}, right or rated good {counts['correct']}, "
        f"skipped {counts['skipped']}.", lang, "\n"))


COMMANDS = [quiz]
