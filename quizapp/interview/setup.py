"""Setting an interview up from its options, and its report in words: for both front ends."""

from __future__ import annotations

from quizapp.errors import UserError
from quizapp.i18n import pick


def prepare(banks, *, seed: int | None, minutes: int, count: int, family: str | None,
            difficulty: int | None, bank_ids: tuple[str, ...] = ()):
    """(plan, questions, problem) for these options, or a UserError saying what is wrong."""
    import random

    from solver.generate import problem_from_code

    from quizapp.interview import PlanError, plan_interview

    known = {bank.id for bank in banks.banks}
    unknown = [bank_id for bank_id in bank_ids if bank_id not in known]
    if unknown:
        raise UserError(f"no bank {', '.join(unknown)}; banks: {', '.join(sorted(known))}")
    pool = [q for q in banks.questions if not bank_ids or q.bank_id in bank_ids]
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    try:
        plan = plan_interview(pool, seed=seed, minutes=minutes, count=count, family=family,
                              difficulty=difficulty)
    except PlanError as error:
        raise UserError(str(error)) from None
    questions = [banks.by_id(question_id) for question_id in plan.question_ids]
    return plan, questions, problem_from_code(plan.problem_code)


def mistake_namer(language: str):
    from solver.grading.mistakes import CATALOGUE

    def name(mistake_id: str) -> str | None:
        info = CATALOGUE.get(mistake_id)
        return None if info is None else pick(info.name_zh, info.name_en, language)

    return name


def report_text(report, problem, banks, language: str) -> list[str]:
    from quizapp.interview import step_names
    from quizapp.interview.text import report_lines

    def prompt_of(question_id: str) -> str | None:
        question = banks.by_id(question_id)
        return None if question is None else pick(question.prompt_zh, question.prompt_en, language)

    return report_lines(report, language, step_names(problem), prompt_of, mistake_namer(language))
