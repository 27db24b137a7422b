"""`quizapp drill`: a graded step-by-step session on standard input (`quizapp check` grades one
answer: quizapp.commands.check).

It works in any terminal, pipe or script. Heavy imports (the solver, SymPy, Rich) happen inside
the functions: this module is imported on every start of the app.
"""

from __future__ import annotations

import sys
from typing import Callable

import click

from quizapp.commands.lines import read_line
from quizapp.i18n import LANGUAGES, pick
from quizapp.render.words import verdict_line, verdict_word
from quizapp.wording import count_of

HINT, REVEAL, SKIP, QUIT = "?", "!", ("skip", "跳过"), ("quit", "q", "exit", "退出")


def choose_problem(code: str | None, family: str | None, difficulty: int, seed: int | None,
                   network_file: str | None, expression: str | None = None, at: str | None = None):
    """The problem named by a code, a network file, an expression, or a family (random seed unless given)."""
    from quizapp.problems import ProblemSource, problem_from

    return problem_from(ProblemSource(code=code, family=family, difficulty=difficulty, seed=seed,
                                      network_file=network_file, expression=expression, at=at),
                        offered=("code", "family", "network_file", "expression"))


def make_session(problem, on_record: Callable | None = None, figures: int | None = None,
                 clock: Callable[[], float] | None = None):
    """The drill session for a problem. `on_record` receives every StepRecord as it is made:
    the place where answers get stored. `figures` is the learner's significant-figures setting;
    `clock` times each step (time.monotonic unless a test moves it)."""
    from solver.grading.session import DrillSession

    timing = {} if clock is None else {"clock": clock}
    # A wrong try keeps the step open, as in the app: try again, or type it again to keep it.
    return DrillSession(problem, on_record=on_record, figures=figures, retries=True, **timing)


def _step_name(problem, step_id: str, language: str) -> str:
    spec = problem.spec(step_id)
    name = problem.template.display_names.get(step_id, step_id)
    return f"{name}  ({pick(spec.label_zh, spec.label_en, language)})"


def _try_word(attempt: int, language: str) -> str:
    return pick(f"第 {attempt} 次作答", f"try {attempt}", language, " / ")


def _show_verdict(verdict, language: str, attempt: int = 1, retrying: bool = False, mark: bool = True) -> None:
    """The verdict; while the step is open for another try, what is off without the value."""
    if mark:
        tries = f" ({_try_word(attempt, language)})" if attempt > 1 else ""
        click.echo(f"  {verdict_line(verdict.verdict, language)}{tries}")
    for line in verdict.message(language, give_away=not retrying).splitlines():
        click.echo(f"    {line}")
    if retrying:
        click.echo("  " + pick("改一改再输入，重答（不会显示正确值）；原样再输入一次则保留这个答案继续，后面的步骤按它批改；"
                               "? 提示，! 看答案。",
                               "type another answer to try again (the value is not given away), or the same one "
                               "again to keep it and go on, later steps graded from it; ? for a hint, ! to reveal.",
                               language, "\n  "))


def _show_turn(turn, language: str) -> None:
    from quizapp.recording import KEPT

    if turn.outcome == KEPT:  # moved on with the wrong value: now it may be given
        click.echo("  " + pick("保留了这个答案，后面的步骤按它批改。", "kept: later steps are graded from it.",
                               language, " / "))
        for line in turn.verdict.message(language).splitlines():
            click.echo(f"    {line}")
        return
    _show_verdict(turn.verdict, language, turn.attempt, turn.retrying)


def _show_reveal(step, language: str, working: dict) -> None:
    from solver.fmt import equation, value_text

    before, after = working.get(step.id, ((), ()))
    for work in before:
        click.echo(f"    {equation(*work)}")
    click.echo(f"  {pick('答案', 'answer', language)}: "
               + equation(step.formula, step.substituted, value_text(step.value, step.exact)))
    for work in after:
        click.echo(f"    {equation(*work)}")
    if step.note_en:
        for line in pick(step.note_zh, step.note_en, language, "\n").splitlines():
            click.echo(f"    {line}")


def run_plain(problem, language: str = "both", on_record: Callable | None = None,
              on_finish: Callable | None = None, figures: int | None = None,
              clock: Callable[[], float] | None = None, restore: Callable | None = None) -> str:
    """The line-by-line session, ending with the summary and the worked solution.

    `restore(session)` puts earlier answers back first (quizapp.resume.restore) and gives what
    to show of them. `on_finish(session)` runs when every step was answered, before the summary.
    Returns "finished", "stopped" (end of input or quit) or "interrupted" (Ctrl-C)."""
    session = make_session(problem, on_record, figures, clock)
    click.echo(pick(problem.prompt_zh, problem.prompt_en, language, "\n"))
    from solver.grading.grade import precision_note

    click.echo(pick(*precision_note(figures), language, "\n"))
    click.echo(pick("每行输入一个答案；? 看提示（先是公式，再问一次是代入数值的公式），! 看答案，skip 跳过，quit 结束。",
                    "One answer a line; ? for a hint (the formula, then asked again with its numbers), "
                    "! to reveal, skip to move on, quit to stop.",
                    language, "\n"))
    if restore is not None:
        _show_restored(problem, session, restore(session), language)
    status = "finished"
    try:
        _ask_steps(problem, session, language)
    except KeyboardInterrupt:
        click.echo()
        click.echo(pick("已中断。", "interrupted.", language))
        status = "interrupted"
    if status == "finished" and not session.finished:
        status = "stopped"
    if status == "finished" and on_finish is not None:
        on_finish(session)
    _show_summary(problem, session, language)
    return status


def _show_restored(problem, session, shown, language: str) -> None:
    """The steps answered before, as they were graded, then where the drill goes on."""
    if not shown:
        return
    answered = len({entry.step_id for entry in shown if entry.typed is not None})
    click.echo(pick(f"接着上次做：已有 {answered} 步的答案（共 {len(session.steps)} 步）。",
                    f"Picking up where you left off: {count_of(answered, 'step')} of {len(session.steps)} "
                    "answered before.", language, "\n"))
    for entry in shown:
        number = session.steps.index(entry.step_id) + 1
        name = _step_name(problem, entry.step_id, language)
        for hint in entry.hints:
            click.echo(f"[{number}/{len(session.steps)}] {name}: {pick('提示', 'hint', language)}: {hint}")
        if entry.typed is None:
            word = pick("已显示答案", "revealed", language)
            click.echo(f"[{number}/{len(session.steps)}] {name}: {word}")
        else:
            tries = f" ({_try_word(entry.attempt, language)})" if entry.attempt > 1 else ""
            click.echo(f"[{number}/{len(session.steps)}] {name} = {entry.typed}"
                       f"   {verdict_line(entry.shown.verdict, language)}{tries}")
    if session.wrong_here is not None:  # left at a wrong try: asked again, as it was left
        _show_verdict(session.wrong_here, language, retrying=True, mark=False)  # its mark is listed above


def _ask_steps(problem, session, language: str) -> None:
    echo_input = not sys.stdin.isatty()
    while not session.finished:
        step_id = session.current
        number, total = session.position
        tries = f" · {_try_word(session.attempt, language)}" if session.attempt > 1 else ""
        click.echo(f"[{number}/{total}] {_step_name(problem, step_id, language)}{tries} = ", nl=False)
        line = read_line(echo_input)
        if line is None:
            click.echo()
            break
        text = line.strip()
        if not text:
            continue
        if text == HINT:
            click.echo(f"  {pick('提示', 'hint', language)}: {session.hint()}")
        elif text == REVEAL:
            _show_reveal(session.reveal(), language, session.problem.working())
        elif text.lower() in SKIP:
            session.skip()
        elif text.lower() in QUIT:
            break
        else:
            from quizapp.recording import take_answer

            _show_turn(take_answer(session, text), language)


def _show_summary(problem, session, language: str) -> None:
    summary = session.summary()
    click.echo()
    title = pick("小结", "summary", language)
    click.echo(f"== {title}: {summary.grade.describe(language)}")
    if not summary.finished:
        at = session.position[0]  # not the records' count: a step tried again has a record per try
        click.echo(pick(f"在第 {at} 步（共 {summary.steps} 步）处停止。",
                        f"stopped at step {at} of {summary.steps}.", language, "\n"))
    counts = ", ".join(f"{verdict_word(k, language)} {v}" for k, v in summary.counts.items())
    if counts:
        click.echo(counts + (f"; {pick('提示', 'hints', language)} {summary.hints}" if summary.hints else ""))
    if summary.finished:
        from quizapp.i18n import RATING_WORDS
        from quizapp.recording import drill_rating

        rating = RATING_WORDS[drill_rating(session)].pick(language)
        click.echo(pick(f"{summary.first_try}/{summary.steps} 步一次做对，{len(summary.retried)} 步重答后做对；评分：{rating}",
                        f"{summary.first_try}/{summary.steps} steps right first try, {len(summary.retried)} at a "
                        f"later try; rating: {rating}", language, "\n"))
    if summary.first_error and summary.first_error not in summary.retried:  # a slip put right is no error left
        name = problem.template.display_names.get(summary.first_error, summary.first_error)
        zh, en = f"第一个真正的错误在 {name}", f"the first real error is at {name}"
        if summary.first_error_mistake:
            from solver.grading.mistakes import CATALOGUE

            info = CATALOGUE.get(summary.first_error_mistake)
            if info:
                zh, en = f"{zh}：{info.name_zh}", f"{en}: {info.name_en}"
        click.echo(pick(zh + "。", en + ".", language, "\n"))
    if summary.records:
        from rich.console import Console

        from quizapp.render.solution import render_solution

        click.echo()
        Console(file=sys.stdout, soft_wrap=False).print(render_solution(problem, language))


@click.command()
@click.argument("code", required=False)
@click.option("--family", help="Drill a random problem of this family (see `quizapp families`).")
@click.option("--difficulty", type=click.IntRange(1, 3), default=1, show_default=True)
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="Seed for --family (random when left out).")
@click.option("--network", "network_file", type=click.Path(dir_okay=False),
              help="Drill a network from a JSON or TOML file.")
@click.option("--expr", "expression", help='Drill an expression\'s computational graph, e.g. "(x+y)*z".')
@click.option("--at", "at", help='Values of the expression\'s variables, e.g. "x=-2, y=5, z=-4".')
@click.option("--plain", is_flag=True,
              help="Line-by-line session on standard input (the default when input or output is not a terminal).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="both", show_default=True)
@click.option("--fresh", is_flag=True,
              help="Start the problem over instead of picking up the answers you left it with.")
def drill(code, family, difficulty, seed, network_file, expression, at, plain, lang, fresh) -> None:
    """Work a problem step by step; every answer is graded at once (in the app when run in a terminal).

    Answers one per line: numbers, fractions, vectors [1, 2], matrices [[1, 2], [3, 4]],
    formulas in z, or `undefined`. `?` shows the step's formula (again: with its numbers), `!` the answer.
    A wrong answer keeps the step open: type another to try again, or the same one to keep it
    (later steps are graded from it). Every try is saved.
    A problem left unfinished (the drill quit, the app closed or killed) is picked up where it
    was left, its graded steps filled in; --fresh starts it over.
    """
    problem = choose_problem(code, family, difficulty, seed, network_file, expression, at)
    open_app = (click.get_current_context().find_root().obj or {}).get("open_app")
    if open_app is not None and not plain and sys.stdin.isatty() and sys.stdout.isatty():
        # In a terminal the drill opens in the app, on this problem; --plain keeps the line session.
        # The app is handed down by `quizapp.cli`: the command line never imports the app itself.
        open_app(start_problem=problem, fresh=fresh)
        return
    if problem.code:
        click.echo(f"{pick('题目代码', 'code', lang)}: {problem.code}")
    recorder = _Recorder.open(problem, lang)
    try:
        from quizapp.settings import Settings

        status = run_plain(problem, lang, recorder.record if recorder else None,
                           recorder.finish if recorder else None, figures=Settings.load().figures,
                           restore=None if fresh or recorder is None else recorder.restore)
    finally:
        if recorder:
            recorder.close()
    if status == "interrupted":
        sys.exit(130)


class _Recorder:
    """Opens the store for a plain session and records it with quizapp.recording's DrillRecorder,
    as the app does, so a plain session counts like one in the app. A disk that
    fails mid-session (full, read-only) does not end it: answers are kept in memory and saving
    is retried with each answer (quizapp.progress.guarded_store); the learner is told once."""

    def __init__(self, store, problem, language: str) -> None:
        from quizapp.progress.clock import SystemClock
        from quizapp.progress.guarded_store import GuardedStore
        from quizapp.recording import DrillRecorder

        self.language = language
        self.store = GuardedStore(lambda: store, store.clock or SystemClock(), store.fuzz, self._told)
        self.drill = DrillRecorder(problem, lambda: self.store)
        # The session's hooks: the same recorder as the app's drill screen.
        self.record, self.finish = self.drill.record, self.drill.finish

    def _told(self, what: str, detail, retrying) -> None:
        if what == "saved":
            click.echo(pick(f"注意：进度已重新保存（包括暂存的 {detail} 条）。",
                            f"note: progress is being saved again ({detail} kept in memory are now saved).",
                            self.language, "\n"), err=True)
        else:
            click.echo(pick(f"注意：无法保存进度（{detail}）；答案暂存在内存中，每次作答都会重试保存。",
                            f"note: progress cannot be saved ({detail}); answers are kept in memory and "
                            "saving is retried with every answer.", self.language, "\n"), err=True)

    @classmethod
    def open(cls, problem, language: str) -> "_Recorder | None":
        from quizapp.paths import ensure_home
        from quizapp.progress.store import NewerDatabase, Store, StoreError

        try:
            ensure_home()
            store = Store.open()
        except NewerDatabase:
            raise  # not saving a session beside the learner's real progress: refuse, touch nothing
        except (StoreError, OSError) as error:
            message = error.format_message() if isinstance(error, StoreError) else str(error)
            click.echo(pick(f"注意：无法打开进度数据库，本次答案不会保存（{message}）。",
                            f"note: cannot open the progress database, this session is not saved ({message}).",
                            language, "\n"), err=True)
            return None
        notice = store.recovery_message(language if language != "both" else "en")
        if notice:
            click.echo(notice, err=True)
        return cls(store, problem, language)

    def restore(self, session):
        """Put back the answers this problem was left with (quizapp.resume), if any."""
        from quizapp.resume import earlier_work, restore

        work = earlier_work(self.store, self.drill.problem.code)
        return restore(session, self.drill, work) if work is not None else []

    def close(self) -> None:
        self.drill.close()
        unsaved = self.store.unsaved
        self.store.close()  # one last try to save what was kept in memory
        if unsaved and self.store.unsaved:
            click.echo(pick(f"注意：有 {self.store.unsaved} 条答案或复习未能保存（{self.store.problem}）。",
                            f"note: {count_of(self.store.unsaved, 'answer or review', 'answers or reviews')} "
                            f"could not be saved ({self.store.problem}).", self.language, "\n"), err=True)


COMMANDS = [drill]
