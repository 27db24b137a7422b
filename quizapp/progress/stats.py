"""Progress figures, as pure functions over recorded answers and review times.

`summarize` builds the dict that `quizapp stats --json` prints and the Stats screen shows.
All days are UTC days.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

CHART_DAYS = 28  # reviews per day over the last four weeks


class Tally(NamedTuple):
    """`count` answers alike in what the stats look at (the store groups answers this way in SQL).

    Every function below takes AnswerRecords or Tallies: an AnswerRecord counts once.
    """

    kind: str
    item: str  # question id, or problem code / family for a drill
    topics: tuple[str, ...]
    mistake: str | None
    correct: bool
    count: int = 1


def _n(answer) -> int:
    return getattr(answer, "count", 1)


def _accuracy(answers: int, correct: int) -> dict:
    return {"answers": answers, "correct": correct,
            "accuracy": round(correct / answers, 4) if answers else None}


def accuracy_overall(answers: Sequence) -> dict:
    return _accuracy(sum(_n(a) for a in answers), sum(_n(a) for a in answers if a.correct))


def accuracy_by_topic(answers: Sequence,
                      topics_of: Callable[[str], Iterable[str]] | None = None) -> list[dict]:
    """Question answers grouped by topic (an answer with several topics counts in each).

    Topics come from the answer itself, or from `topics_of(question id)` when given (e.g. the
    bank's current topics). Sorted by topic name.
    """
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers:
        if answer.kind != "question":
            continue
        topics = tuple(topics_of(answer.item)) if topics_of else answer.topics
        for topic in topics or ("(untagged)",):
            totals[topic][0] += _n(answer)
            totals[topic][1] += _n(answer) if answer.correct else 0
    return [{"topic": topic, **_accuracy(*totals[topic])} for topic in sorted(totals)]


def accuracy_by_family(answers: Sequence) -> list[dict]:
    """Drill step answers grouped by problem family, sorted by family name."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers:
        if answer.kind == "drill":
            family = answer.item.split("#", 1)[0].split(":", 1)[0]
            totals[family][0] += _n(answer)
            totals[family][1] += _n(answer) if answer.correct else 0
    return [{"family": family, **_accuracy(*totals[family])} for family in sorted(totals)]


def top_mistakes(answers: Sequence, limit: int = 5) -> list[dict]:
    """The named mistakes made most often, most frequent first (ties by id), with their names."""
    from solver.mistakes import CATALOGUE

    counts: Counter[str] = Counter()
    for answer in answers:
        if answer.mistake:
            counts[answer.mistake] += _n(answer)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
    result = []
    for mistake_id, count in ranked:
        info = CATALOGUE.get(mistake_id)
        result.append({"id": mistake_id, "count": count,
                       "name_zh": info.name_zh if info else mistake_id,
                       "name_en": info.name_en if info else mistake_id})
    return result


def _day(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.utc).date()
    return moment


def reviews_per_day(review_times: Iterable[datetime], today: date, days: int = CHART_DAYS) -> list[dict]:
    """How many reviews on each of the last `days` UTC days, oldest first, ending today."""
    counts = Counter(_day(moment) for moment in review_times)
    first = today - timedelta(days=days - 1)
    return [{"date": (first + timedelta(days=i)).isoformat(), "reviews": counts.get(first + timedelta(days=i), 0)}
            for i in range(days)]


def current_streak(review_times: Iterable[datetime | date], today: date) -> int:
    """Consecutive UTC days with at least one review, ending today (or yesterday: today is not over)."""
    days = {_day(moment) for moment in review_times}
    cursor = today if today in days else today - timedelta(days=1)
    streak = 0
    while cursor in days:
        streak += 1
        cursor -= timedelta(days=1)
    return streak


def due_counts(due_times: Iterable[datetime], now: datetime) -> dict:
    """Cards (already introduced) due by the end of today (UTC), and by seven days from now."""
    end_of_today = datetime.combine(_day(now) + timedelta(days=1), time(), tzinfo=timezone.utc)
    week = now + timedelta(days=7)
    dues = list(due_times)
    return {"today": sum(1 for due in dues if due < end_of_today),
            "next_7_days": sum(1 for due in dues if due <= week)}


def summarize(answers: Sequence, review_times: Sequence[datetime], due_times: Sequence[datetime],
              now: datetime, *, topics_of: Callable[[str], Iterable[str]] | None = None,
              sessions: int = 0, review_count: int | None = None,
              review_days: Iterable[date] | None = None) -> dict:
    """Every figure of `quizapp stats`; `answers` is the total number of graded answers.

    `review_times` needs only the reviews of the last CHART_DAYS days when `review_count`
    (all reviews) and `review_days` (every UTC day with a review, for the streak) are given.
    """
    today = _day(now)
    overall = accuracy_overall(answers)
    return {
        "answers": overall["answers"],
        "correct": overall["correct"],
        "accuracy": overall["accuracy"],
        "sessions": sessions,
        "reviews": len(review_times) if review_count is None else review_count,
        "by_topic": accuracy_by_topic(answers, topics_of),
        "by_family": accuracy_by_family(answers),
        "mistakes": top_mistakes(answers),
        "reviews_per_day": reviews_per_day(review_times, today),
        "streak": current_streak(review_times if review_days is None else review_days, today),
        "due": due_counts(due_times, now),
        "generated": now.astimezone(timezone.utc).isoformat(),
    }
