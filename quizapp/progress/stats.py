"""Progress figures, as pure functions over recorded answers and review times.

`summarize` builds the `Stats` record that `quizapp stats` prints (`to_dict` for --json) and the
Stats screen shows. All days are UTC days.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import ClassVar, NamedTuple

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
    first: bool = True  # first tries at their step or question (else tries after a wrong one)


# ----- the figures, as records ------------------------------------------------------------------


def _rate(answers: int, correct: int) -> float | None:
    return round(correct / answers, 4) if answers else None


class _Accuracy:
    """Answers and correct answers of one group, named by the field `KEY` (topic or family)."""

    KEY: ClassVar[str]
    answers: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return _rate(self.answers, self.correct)

    def to_dict(self) -> dict:
        return {self.KEY: getattr(self, self.KEY), "answers": self.answers, "correct": self.correct,
                "accuracy": self.accuracy}

    @classmethod
    def from_dict(cls, data: Mapping):
        return cls(data[cls.KEY], data["answers"], data["correct"])


@dataclass(frozen=True)
class TopicAccuracy(_Accuracy):
    KEY: ClassVar[str] = "topic"
    topic: str
    answers: int
    correct: int


@dataclass(frozen=True)
class FamilyAccuracy(_Accuracy):
    KEY: ClassVar[str] = "family"
    family: str
    answers: int
    correct: int


@dataclass(frozen=True)
class MistakeCount:
    """A named mistake and how often it was made; the names are the catalogue's (or the id)."""

    id: str
    count: int
    name_zh: str
    name_en: str

    def to_dict(self) -> dict:
        return {"id": self.id, "count": self.count, "name_zh": self.name_zh, "name_en": self.name_en}

    @classmethod
    def from_dict(cls, data: Mapping) -> MistakeCount:
        return cls(data["id"], data["count"], data["name_zh"], data["name_en"])


@dataclass(frozen=True)
class DayReviews:
    day: date  # a UTC day
    reviews: int

    def to_dict(self) -> dict:
        return {"date": self.day.isoformat(), "reviews": self.reviews}

    @classmethod
    def from_dict(cls, data: Mapping) -> DayReviews:
        return cls(date.fromisoformat(data["date"]), data["reviews"])


@dataclass(frozen=True)
class DueCounts:
    """Cards already introduced that are due by the end of today (UTC) and within seven days;
    with the cards that exist known (Store.stats' card_ids), the new cards today's review
    offers (never seen, up to the daily limit) and how many are not seen yet in all: the
    figures Home and Review show, counted the same way."""

    today: int
    next_7_days: int
    new: int | None = None
    unseen: int | None = None

    def to_dict(self) -> dict:
        return {"today": self.today, "next_7_days": self.next_7_days, "new": self.new, "unseen": self.unseen}

    @classmethod
    def from_dict(cls, data: Mapping) -> DueCounts:
        return cls(data["today"], data["next_7_days"], data.get("new"), data.get("unseen"))


@dataclass(frozen=True)
class Stats:
    """Every figure of `quizapp stats`; `to_dict` is what `stats --json` prints."""

    answers: int  # graded answers, all time: first tries (a retry at a step is not a new answer)
    correct: int  # first tries right
    sessions: int
    reviews: int  # card reviews, all time
    by_topic: tuple[TopicAccuracy, ...]
    by_family: tuple[FamilyAccuracy, ...]
    mistakes: tuple[MistakeCount, ...]
    reviews_per_day: tuple[DayReviews, ...]  # the last CHART_DAYS UTC days, oldest first
    streak: int
    due: DueCounts
    generated: datetime
    skipped_rows: int = 0  # rows the store could not read and left out of these figures
    retries: int = 0  # tries after a wrong one at the same step: not answers of their own
    right_after_retry: int = 0  # of those, the ones right (a step put right at a later try)

    @property
    def accuracy(self) -> float | None:
        return _rate(self.answers, self.correct)

    def to_dict(self) -> dict:
        return {
            "answers": self.answers,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "retries": self.retries,
            "right_after_retry": self.right_after_retry,
            "sessions": self.sessions,
            "reviews": self.reviews,
            "by_topic": [row.to_dict() for row in self.by_topic],
            "by_family": [row.to_dict() for row in self.by_family],
            "mistakes": [row.to_dict() for row in self.mistakes],
            "reviews_per_day": [row.to_dict() for row in self.reviews_per_day],
            "streak": self.streak,
            "due": self.due.to_dict(),
            "generated": self.generated.isoformat(),
            "skipped_rows": self.skipped_rows,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Stats:
        return cls(
            answers=data["answers"], correct=data["correct"], sessions=data["sessions"], reviews=data["reviews"],
            by_topic=tuple(TopicAccuracy.from_dict(row) for row in data["by_topic"]),
            by_family=tuple(FamilyAccuracy.from_dict(row) for row in data["by_family"]),
            mistakes=tuple(MistakeCount.from_dict(row) for row in data["mistakes"]),
            reviews_per_day=tuple(DayReviews.from_dict(row) for row in data["reviews_per_day"]),
            streak=data["streak"], due=DueCounts.from_dict(data["due"]),
            generated=datetime.fromisoformat(data["generated"]), skipped_rows=data.get("skipped_rows", 0),
            retries=data.get("retries", 0), right_after_retry=data.get("right_after_retry", 0))


# ----- the figures, from answers ------------------------------------------------------------------


def _n(answer) -> int:
    return getattr(answer, "count", 1)


def is_first_try(answer) -> bool:
    """A Tally says so; an AnswerRecord by its attempt number (a retry is attempt 2 on)."""
    first = getattr(answer, "first", None)
    return first if first is not None else answer.attempt <= 1


def accuracy_overall(answers: Sequence) -> tuple[int, int]:
    """(answers, correct) over the first tries: a retry at a step is not an answer of its own,
    so a wrong try put right counts as one wrong answer (the retries are counted apart)."""
    firsts = [a for a in answers if is_first_try(a)]
    return sum(_n(a) for a in firsts), sum(_n(a) for a in firsts if a.correct)


def retries(answers: Sequence) -> tuple[int, int]:
    """(tries after a wrong one, of those the right ones): steps put right at a later try."""
    later = [a for a in answers if not is_first_try(a)]
    return sum(_n(a) for a in later), sum(_n(a) for a in later if a.correct)


def accuracy_by_topic(answers: Sequence,
                      topics_of: Callable[[str], Iterable[str]] | None = None) -> list[TopicAccuracy]:
    """Question answers (first tries) grouped by topic (an answer with several topics counts in each).

    Topics come from the answer itself, or from `topics_of(question id)` when given (e.g. the
    bank's current topics). Sorted by topic name.
    """
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers:
        if answer.kind != "question" or not is_first_try(answer):
            continue
        topics = tuple(topics_of(answer.item)) if topics_of else answer.topics
        for topic in topics or ("(untagged)",):
            totals[topic][0] += _n(answer)
            totals[topic][1] += _n(answer) if answer.correct else 0
    return [TopicAccuracy(topic, *totals[topic]) for topic in sorted(totals)]


def accuracy_by_family(answers: Sequence) -> list[FamilyAccuracy]:
    """Drill step answers (first tries) grouped by problem family, sorted by family name."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers:
        if answer.kind == "drill" and is_first_try(answer):
            family = answer.item.split("#", 1)[0].split(":", 1)[0]
            totals[family][0] += _n(answer)
            totals[family][1] += _n(answer) if answer.correct else 0
    return [FamilyAccuracy(family, *totals[family]) for family in sorted(totals)]


def top_mistakes(answers: Sequence, limit: int = 5) -> list[MistakeCount]:
    """The named mistakes made most often, at any try, most frequent first (ties by id), with
    their names: a mistake made again at a retry is made twice."""
    from solver.grading.mistakes import CATALOGUE

    counts: Counter[str] = Counter()
    for answer in answers:
        if answer.mistake:
            counts[answer.mistake] += _n(answer)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
    result = []
    for mistake_id, count in ranked:
        info = CATALOGUE.get(mistake_id)
        result.append(MistakeCount(mistake_id, count, info.name_zh if info else mistake_id,
                                   info.name_en if info else mistake_id))
    return result


def _day(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.utc).date()
    return moment


def reviews_per_day(review_times: Iterable[datetime], today: date, days: int = CHART_DAYS) -> list[DayReviews]:
    """How many reviews on each of the last `days` UTC days, oldest first, ending today."""
    counts = Counter(_day(moment) for moment in review_times)
    first = today - timedelta(days=days - 1)
    return [DayReviews(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)]


def current_streak(review_times: Iterable[datetime | date], today: date) -> int:
    """Consecutive UTC days with at least one review, ending today (or yesterday: today is not over)."""
    days = {_day(moment) for moment in review_times}
    cursor = today if today in days else today - timedelta(days=1)
    streak = 0
    while cursor in days:
        streak += 1
        cursor -= timedelta(days=1)
    return streak


def due_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Due before the first (the end of today, UTC) counts today; due at or before the second, this week."""
    from quizapp.progress.scheduling import end_of_today  # the review queue's "due today" too

    return end_of_today(now), now + timedelta(days=7)


def due_counts(due_times: Iterable[datetime], now: datetime) -> DueCounts:
    """Cards (already introduced) due by the end of today (UTC), and by seven days from now."""
    end_of_today, week = due_bounds(now)
    dues = list(due_times)
    return DueCounts(today=sum(1 for due in dues if due < end_of_today),
                     next_7_days=sum(1 for due in dues if due <= week))


def summarize(answers: Sequence, review_times: Sequence[datetime], due_times: Sequence[datetime],
              now: datetime, *, topics_of: Callable[[str], Iterable[str]] | None = None,
              sessions: int = 0, review_count: int | None = None,
              review_days: Iterable[date] | None = None, counted_due: DueCounts | None = None,
              skipped_rows: int = 0) -> Stats:
    """Every figure of `quizapp stats`; `answers` is the total number of graded answers.

    `review_times` needs only the reviews of the last CHART_DAYS days when `review_count`
    (all reviews) and `review_days` (every UTC day with a review, for the streak) are given.
    `counted_due` is what the store counted already of the cards not in `due_times`.
    """
    due = due_counts(due_times, now)
    if counted_due is not None:
        due = DueCounts(due.today + counted_due.today, due.next_7_days + counted_due.next_7_days)
    today = _day(now)
    answered, correct = accuracy_overall(answers)
    tried_again, right_again = retries(answers)
    return Stats(
        answers=answered,
        correct=correct,
        retries=tried_again,
        right_after_retry=right_again,
        sessions=sessions,
        reviews=len(review_times) if review_count is None else review_count,
        by_topic=tuple(accuracy_by_topic(answers, topics_of)),
        by_family=tuple(accuracy_by_family(answers)),
        mistakes=tuple(top_mistakes(answers)),
        reviews_per_day=tuple(reviews_per_day(review_times, today)),
        streak=current_streak(review_times if review_days is None else review_days, today),
        due=due,
        generated=now.astimezone(timezone.utc),
        skipped_rows=skipped_rows,
    )
