"""The progress figures as the learner reads them: one Rich renderable that `quizapp stats` prints
and the Stats screen shows, so both say the same thing in the same words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.i18n import pick

if TYPE_CHECKING:
    from quizapp.progress.stats import Stats

_BLOCKS = " ▁▂▃▄▅▆▇█"


def bar_chart(counts: list[int], height: int = 4) -> list[str]:
    """Rows (top first) of a vertical bar chart, one column per value, in eighth-block steps."""
    top = max(counts, default=0)
    if top == 0:
        return ["·" * len(counts)]
    rows = []
    for level in range(height, 0, -1):
        row = []
        for count in counts:
            eighths = round(count / top * height * 8) - (level - 1) * 8
            row.append(_BLOCKS[max(0, min(8, eighths))])
        rows.append("".join(row))
    return rows


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def render_stats(figures: Stats, language: str = "both"):
    """A Rich renderable of the `Store.stats()` figures."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    t = lambda zh, en: pick(zh, en, language)  # noqa: E731 - short local helper
    parts = []
    summary = Text()
    summary.append(t("已评分答案", "graded answers") + f": {figures.answers}  ", style="bold")
    summary.append(t("正确率", "accuracy") + f": {_percent(figures.accuracy)}  ")
    if figures.retries:  # accuracy is of first tries; a retry is not an answer of its own
        summary.append(t(f"（只算第一次作答；重答 {figures.retries} 次，其中答对 {figures.right_after_retry} 次）",
                         f"(first tries only; {figures.retries} retries, {figures.right_after_retry} of them right)")
                       + "  ")
    summary.append(t("连续天数", "streak") + f": {figures.streak}  ")
    summary.append(t("今天到期", "due today") + f": {figures.due.today}  ")
    if figures.due.new is not None:  # as Home and Review say it: the new cards today's review offers
        summary.append(t("今天新卡", "new today") + f": {figures.due.new}  ")
        summary.append(t("还没见过", "not seen yet") + f": {figures.due.unseen}  ")
    summary.append(t("7 天内到期", "due within 7 days") + f": {figures.due.next_7_days}")
    parts.append(summary)

    days = figures.reviews_per_day
    counts = [day.reviews for day in days]
    chart = Text(t("每天复习次数（最近 4 周）", "reviews per day (last 4 weeks)") + f"  max {max(counts, default=0)}\n",
                 style="bold")
    for row in bar_chart(counts):
        chart.append(row + "\n", style="green")
    if days:
        # first date (YYYY-MM-DD) under the first column, last (MM-DD) ending under the last one
        chart.append(f"{days[0].day.isoformat()}{' ' * max(1, len(days) - 15)}{days[-1].day.isoformat()[5:]}",
                     style="dim")
    parts.append(chart)

    none_yet = t("（还没有）", "(none yet)")
    from questions.topics import topic_name

    groups = ((figures.by_topic, [topic_name(row.topic, language) for row in figures.by_topic], t("主题", "topic"),
               t("按主题的正确率", "accuracy by topic")),
              (figures.by_family, [row.family for row in figures.by_family], t("题型", "family"),
               t("按题型的正确率", "accuracy by drill family")))
    for rows, names, heading, title in groups:
        if not rows:  # a line, not an empty four-column table
            parts.append(Text.assemble((title + ": ", "italic"), (none_yet, "dim")))
            continue
        table = Table(title=title, title_justify="left")
        table.add_column(heading, style="cyan")
        table.add_column(t("答案", "answers"), justify="right")
        table.add_column(t("正确", "correct"), justify="right")
        table.add_column(t("正确率", "accuracy"), justify="right")
        for row, name in zip(rows, names, strict=True):
            # A family or topic name comes from the database, which a hand edit may have changed.
            table.add_row(Text(name), str(row.answers), str(row.correct), _percent(row.accuracy))
        parts.append(table)

    if not figures.mistakes:
        parts.append(Text.assemble((t("最常见的错误", "most frequent mistakes") + ": ", "italic"), (none_yet, "dim")))
        return Group(*parts)
    mistakes = Table(title=t("最常见的错误", "most frequent mistakes"), title_justify="left")
    mistakes.add_column(t("错误", "mistake"), style="yellow")
    mistakes.add_column(t("次数", "times"), justify="right")
    for row in figures.mistakes:
        mistakes.add_row(Text(pick(row.name_zh, row.name_en, language)), str(row.count))
    parts.append(mistakes)
    return Group(*parts)
