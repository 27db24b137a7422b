"""The interview report as lines of text, in the learner's language, for both front ends."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from questions.topics import topic_name

from quizapp.i18n import pick
from quizapp.interview.plan import difficulty_of
from quizapp.interview.report import InterviewReport

RATING_NAMES = {1: ("忘了", "again"), 2: ("困难", "hard"), 3: ("良好", "good"), 4: ("轻松", "easy")}
VERDICT_NAMES = {
    "correct": ("✓", "正确", "correct"),
    "close": ("✓", "接近", "close"),
    "consistent": ("↪", "与你前面的值一致", "consistent with your earlier value"),
    "wrong": ("✗", "错误", "wrong"),
    "skipped": ("–", "跳过", "passed"),
    "revealed": ("–", "看了答案", "revealed"),
}


def clock_text(seconds: float) -> str:
    """m:ss (h:mm:ss past an hour); never negative."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _both(zh: str, en: str, language: str) -> str:
    return pick(zh, en, language)


def report_lines(report: InterviewReport, language: str, step_names: Mapping[str, str],
                 prompt_of: Callable[[str], str | None] = lambda _id: None,
                 mistake_name: Callable[[str], str | None] = lambda _id: None) -> list[str]:
    """The report, one line each. `prompt_of(question id)` gives a question's prompt in the
    language and `mistake_name(id)` a named mistake's name (both None when unknown)."""
    out = [_both("== 模拟面试报告", "== Interview report", language)]
    limit = clock_text(report.plan.seconds)
    used = clock_text(min(report.seconds, report.plan.seconds))
    out.append(_both(f"得分 {report.score}/100（概念题 {report.concept_score:.0%}，白板题 {report.problem_score:.0%}）",
                     f"score {report.score}/100 (concepts {report.concept_score:.0%}, "
                     f"whiteboard {report.problem_score:.0%})", language))
    timing = _both(f"用时 {used} / {limit}", f"time {used} of {limit}", language)
    if report.time_up:
        timing += " · " + _both("时间到", "time ran out", language)
    out.append(timing)

    out.append("")
    out.append(_both("概念题：", "Concept questions:", language))
    for number, concept in enumerate(report.concepts, start=1):
        if concept.rating is None:
            outcome = _both("未作答", "not answered", language)
        else:
            zh, en = RATING_NAMES[concept.rating]
            outcome = (_both("自评", "rated", language) + f" {concept.rating} " + _both(zh, en, language)
                       + f" · {_both('要点', 'key points', language)} {concept.covered}/{concept.total}")
        out.append(f"  {number}. {concept.question_id}  {outcome} · {clock_text(concept.seconds)}")

    out.append("")
    right = sum(1 for s in report.steps if s.credit)
    out.append(_both(f"白板题 {report.plan.problem_code}：{report.steps_total} 步中 {right} 步得分",
                     f"Whiteboard {report.plan.problem_code}: {right} of {report.steps_total} "
                     f"step{'s' if report.steps_total != 1 else ''} earned", language))
    for step in report.steps:
        mark, zh, en = VERDICT_NAMES.get(step.verdict, ("?", step.verdict, step.verdict))
        line = f"  {mark} {step_names.get(step.step_id, step.step_id)}  {_both(zh, en, language)}"
        if step.mistake:
            line += f" ({mistake_name(step.mistake) or step.mistake})"
        if step.seconds is not None:
            line += f" · {clock_text(step.seconds)}"
        out.append(line)
    unreached = report.steps_total - len(report.steps)
    if unreached:
        out.append("  " + _both(f"未做到的步骤：{unreached} 步",
                                f"not reached: {unreached} step{'s' if unreached != 1 else ''}", language))
    if report.first_wrong_step:
        name = step_names.get(report.first_wrong_step, report.first_wrong_step)
        mistake = mistake_name(report.first_wrong_mistake) if report.first_wrong_mistake else None
        out.append(_both(f"第一个错误的步骤：{name}" + (f"，错误类型：{mistake}" if mistake else "（未能归类的错误）"),
                         f"first wrong step: {name}" + (f", the mistake: {mistake}" if mistake
                                                         else " (not a mistake we can name)"), language))
    elif report.steps_total and len(report.steps) == report.steps_total:
        out.append(_both("没有做错的步骤。", "no step wrong.", language))

    if report.weakest:
        out.append("")
        out.append(_both("最弱的主题：", "Weakest topics: ", language)
                   + ", ".join(f"{topic_name(t.topic, language)} {t.score:.0%}" for t in report.weakest))
    out.append("")
    out.append(_both("接下来复习：", "Review next:", language))
    if not report.review:
        out.append("  " + _both("没有需要特别复习的：保持节奏，按复习计划来。",
                                "nothing stands out: keep to your review schedule.", language))
    for item in report.review:
        if item.kind == "question":
            prompt = prompt_of(item.target)
            line = f"  • {item.target}" + (f": {_shorten(prompt)}" if prompt else "")
            line += "  " + _both("（它的复习卡片很快会再出现）", "(its review card comes back soon)", language)
        elif item.kind == "drill":
            line = "  • " + _both(f"再练 {item.target} 题", f"drill {item.target} again", language)
            if item.mistake:
                name = mistake_name(item.mistake) or item.mistake
                line += _both(f"，注意：{name}", f", watching for: {name}", language)
            line += f"  → {item.command(difficulty_of(report.plan.problem_code))}"
        else:
            line = ("  • " + _both(f"主题：{topic_name(item.target, 'zh')}", f"topic: {topic_name(item.target, 'en')}",
                                   language) + f"  → {item.command()}")
        out.append(line)
    return out


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
