"""How a grader verdict reads on screen: a mark, the grader's message, carried-forward note,
the named mistake with its advice, and the right value when the answer was wrong."""

from __future__ import annotations

from rich.text import Text

from quizapp.i18n import Bilingual, pick, text

MARK_STYLES = {
    "correct": "bold green",
    "close": "bold green",
    "consistent": "bold green",
    "more_digits": "bold yellow",
    "wrong": "bold red",
    "refused": "bold yellow",
}


def verdict_text(verdict, language: str, *, give_away: bool = True, attempt: int = 1) -> Text:
    """The verdict as shown; without `give_away` (the learner may try again), without the right
    value. `attempt` above 1 says which try it was."""
    from solver.grading.mistakes import CATALOGUE

    out = Text()
    out.append(text(f"verdict.{verdict.verdict}", language), style=MARK_STYLES.get(verdict.verdict, "bold"))
    if attempt > 1:
        out.append(" (" + text("drill.try", language, n=attempt) + ")", style="dim")
    hidden = not give_away and verdict.short_en is not None
    message = pick(*((verdict.short_zh, verdict.short_en) if hidden else (verdict.message_zh, verdict.message_en)),
                   language)
    if message and verdict.verdict != "correct":  # for a plain correct answer the mark says it all
        out.append("  " + message)
    if verdict.carried_forward:
        out.append("\n" + text("verdict.carried", language), style="italic")
    if verdict.mistake:
        info = CATALOGUE.get(verdict.mistake)
        if info is not None:
            out.append("\n")
            # The grader's message already gives the advice and the right value: name it here.
            name = Bilingual(info.name_zh, info.name_en)
            out.append(text("mistake.named", language, name=name), style="bold yellow")
        else:
            out.append(f"\n{verdict.mistake}", style="yellow")
    return out


def revealed_text(step, language: str, working=None) -> Text:
    """The revealed step as worked: its lines of working (`Problem.working()[step.id]`), if any,
    around `formula = substituted = value`."""
    from solver.fmt import equation, value_text

    before, after = working or ((), ())
    out = Text(text("drill.revealed", language) + ": ", style="bold magenta")
    for work in before:
        out.append(equation(*work) + "\n  ", style="dim")
    out.append(equation(step.formula, step.substituted, value_text(step.value, step.exact)))
    for work in after:
        out.append("\n  " + equation(*work))
    return out
