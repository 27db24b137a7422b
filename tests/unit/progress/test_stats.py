"""Stats figures on a small fixed history (pure functions, and through the store)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from quizapp.progress.history import History
from quizapp.progress.stats import (
    DayReviews,
    DueCounts,
    FamilyAccuracy,
    MistakeCount,
    Stats,
    TopicAccuracy,
    accuracy_by_family,
    accuracy_by_topic,
    current_streak,
    due_counts,
    reviews_per_day,
    summarize,
    top_mistakes,
)
from quizapp.progress.store import AnswerRecord
from solver.grading.mistakes import CATALOGUE

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=timezone.utc)
TODAY = NOW.date()


def _answers() -> list[AnswerRecord]:
    drill, question = "mlp:2-3-1:sigmoid:half_sse:d2#4", "article.forward-what"
    return [
        AnswerRecord(drill, "1", "correct", True, step="z1"),
        AnswerRecord(drill, "2", "wrong", False, step="a1", mistake="forgot_activation_derivative"),
        AnswerRecord(drill, "3", "wrong", False, step="dL/dy", mistake="half_factor"),
        AnswerRecord("gd:d1#3", "4", "wrong", False, step="w'", mistake="half_factor"),
        AnswerRecord("gd:d1#3", "5", "consistent", True, step="b'", carried_forward=True),
        AnswerRecord(question, "x", "correct", True, topics=("forward-propagation", "basics")),
        AnswerRecord(question, "y", "wrong", False, topics=("forward-propagation",)),
        AnswerRecord("article.other", "z", "self-3", True),
    ]


def test_accuracy_by_family():
    by_family = accuracy_by_family(_answers())
    assert by_family == [FamilyAccuracy("gd", 2, 1), FamilyAccuracy("mlp", 3, 1)]
    assert [row.accuracy for row in by_family] == [0.5, 0.3333]


def test_accuracy_by_topic_from_the_answers_or_a_lookup():
    assert [row.to_dict() for row in accuracy_by_topic(_answers())] == [
        {"topic": "(untagged)", "answers": 1, "correct": 1, "accuracy": 1.0},
        {"topic": "basics", "answers": 1, "correct": 1, "accuracy": 1.0},
        {"topic": "forward-propagation", "answers": 2, "correct": 1, "accuracy": 0.5},
    ]
    by_lookup = accuracy_by_topic(_answers(), topics_of=lambda qid: ["backprop"] if qid == "article.other" else [])
    assert by_lookup[0] == TopicAccuracy("(untagged)", 2, 1) and by_lookup[0].accuracy == 0.5
    assert by_lookup[1] == TopicAccuracy("backprop", 1, 1) and by_lookup[1].accuracy == 1.0


def test_top_mistakes_are_counted_and_named():
    mistakes = top_mistakes(_answers())
    assert [(m.id, m.count) for m in mistakes] == [("half_factor", 2), ("forgot_activation_derivative", 1)]
    assert mistakes[0].name_en == CATALOGUE["half_factor"].name_en
    assert mistakes[0].name_zh == CATALOGUE["half_factor"].name_zh
    assert top_mistakes([AnswerRecord("gd:d1#1", "1", "wrong", False, mistake="made_up")])[0].name_en == "made_up"


def _times(*day_offsets: int) -> list[datetime]:
    return [NOW - timedelta(days=offset) for offset in day_offsets]


def test_reviews_per_day_covers_four_weeks_ending_today():
    days = reviews_per_day(_times(0, 0, 1, 27, 28, 40), TODAY)
    assert len(days) == 28
    assert days[-1] == DayReviews(date(2026, 3, 10), 2)
    assert days[-1].to_dict() == {"date": "2026-03-10", "reviews": 2}
    assert days[-2].reviews == 1
    assert days[0] == DayReviews(TODAY - timedelta(days=27), 1)
    assert sum(d.reviews for d in days) == 4


def test_streak_ends_today_or_yesterday():
    assert current_streak(_times(0, 1, 2, 4), TODAY) == 3
    assert current_streak(_times(1, 2), TODAY) == 2  # today is not over yet
    assert current_streak(_times(2, 3), TODAY) == 0
    assert current_streak([], TODAY) == 0
    late = datetime(2026, 3, 9, 23, 59, tzinfo=timezone(timedelta(hours=-5)))  # 04:59 UTC on the 10th
    assert current_streak([late], date(2026, 3, 10)) == 1


def test_due_counts():
    dues = [NOW - timedelta(days=2), NOW + timedelta(hours=8), NOW + timedelta(hours=9, minutes=30),
            NOW + timedelta(days=6), NOW + timedelta(days=8)]
    # 15:00 + 8 h is still today (23:00 UTC); + 9.5 h is tomorrow.
    assert due_counts(dues, NOW) == DueCounts(today=2, next_7_days=4)


def test_summarize_has_the_json_fields():
    figures = summarize(_answers(), _times(0, 1), [NOW], NOW, sessions=2)
    assert figures.answers == 8
    assert figures.correct == 4 and figures.accuracy == 0.5
    assert figures.streak == 2 and figures.reviews == 2 and figures.sessions == 2
    assert figures.due == DueCounts(today=1, next_7_days=1)
    # `stats --json` prints these fields, in this order, as it did when the figures were a dict.
    assert list(figures.to_dict()) == ["answers", "correct", "accuracy", "retries", "right_after_retry",
                                       "sessions", "reviews", "by_topic", "by_family", "mistakes",
                                       "reviews_per_day", "streak", "due", "generated", "skipped_rows"]
    # new and unseen need the cards that exist (Store.stats(card_ids=...)); summarize alone has none.
    assert figures.to_dict()["due"] == {"today": 1, "next_7_days": 1, "new": None, "unseen": None}
    assert figures.to_dict()["generated"] == "2026-03-10T15:00:00+00:00"


def _retried() -> list[AnswerRecord]:
    """A step wrong then right at the second try, one wrong twice, one right at once; a question."""
    drill = "mlp:2-3-1:sigmoid:half_sse:d2#4"
    return [
        AnswerRecord(drill, "1", "wrong", False, step="z1", mistake="half_factor"),
        AnswerRecord(drill, "2", "correct", True, step="z1", attempt=2, hints=1),
        AnswerRecord(drill, "3", "wrong", False, step="a1", mistake="sign_flip"),
        AnswerRecord(drill, "4", "wrong", False, step="a1", mistake="sign_flip", attempt=2),
        AnswerRecord(drill, "5", "correct", True, step="dL/dy"),
        AnswerRecord("article.forward-what", "x", "correct", True, topics=("basics",)),
    ]


def test_accuracy_counts_first_tries_and_a_retry_put_right_apart():
    figures = summarize(_retried(), [], [], NOW)
    # Three steps and a question answered: a retry is not an answer of its own, so the step put
    # right at its second try is one wrong first try (accuracy 2/4, not 3/6).
    assert (figures.answers, figures.correct, figures.accuracy) == (4, 2, 0.5)
    assert (figures.retries, figures.right_after_retry) == (2, 1)
    assert [row.to_dict() for row in figures.by_family] == [
        {"family": "mlp", "answers": 3, "correct": 1, "accuracy": 0.3333}]
    # A mistake made again at a retry is made twice.
    assert [(row.id, row.count) for row in figures.mistakes] == [("sign_flip", 2), ("half_factor", 1)]


def test_the_figures_say_accuracy_is_of_first_tries_when_there_were_retries():
    from rich.console import Console

    from quizapp.render.stats import render_stats

    def shown(figures, language: str) -> str:
        console = Console(width=200, record=True)
        console.print(render_stats(figures, language))
        return console.export_text()

    retried, once = summarize(_retried(), [], [], NOW), summarize(_answers(), [], [], NOW)
    assert "accuracy: 50%  (first tries only; 2 retries, 1 of them right)" in shown(retried, "en")
    assert "正确率: 50%  （只算第一次作答；重答 2 次，其中答对 1 次）" in shown(retried, "zh")
    assert "first tries" not in shown(once, "en") and "重答" not in shown(once, "zh")  # nothing retried: as before


def test_store_counts_first_tries_as_the_records_do(store, clock):
    session = store.start_session("drill")
    for answer in _retried():
        store.record_answer(AnswerRecord.from_dict({**answer.to_dict(), "session": session, "id": None, "at": None}))
    figures = store.stats()
    assert figures == summarize(store.answers(), [], [], clock.now(), sessions=1)
    assert (figures.answers, figures.correct, figures.retries, figures.right_after_retry) == (4, 2, 2, 1)
    # The question list's marks still see every try (answered, and whether ever right).
    assert store.question_record() == {"article.forward-what": (1, 1)}


def test_store_stats_over_a_recorded_history(store, clock):
    session = store.start_session("review")
    for day in range(3):
        for answer in _answers():
            store.record_answer(AnswerRecord.from_dict({**answer.to_dict(), "session": session, "id": None,
                                                        "at": None}))
        store.review("drill:mlp:d2", 1)
        clock.advance(days=1)
    figures = store.stats()
    assert figures.answers == 24
    assert figures.by_family[1].to_dict() == {"family": "mlp", "answers": 9, "correct": 3, "accuracy": 0.3333}
    assert figures.mistakes[0] == MistakeCount("half_factor", 6, CATALOGUE["half_factor"].name_zh,
                                               CATALOGUE["half_factor"].name_en)
    assert figures.streak == 3  # three days up to yesterday
    assert [d.reviews for d in figures.reviews_per_day[-4:]] == [1, 1, 1, 0]
    assert figures.due.today == 1


def test_store_grouping_in_sql_gives_the_same_figures_as_the_records(store, clock):
    for day in range(2):
        for answer in _answers():
            store.record_answer(answer)
        store.review("q:article.forward-what", 3)
        clock.advance(days=1)
    from_sql = store.stats()
    from_records = summarize(store.answers(), [datetime.fromisoformat(r["at"]) for r in store.review_log()],
                             [store.card("q:article.forward-what").due], clock.now(), sessions=0)
    assert from_sql.skipped_rows == 0
    assert from_sql == from_records


def test_stats_and_history_round_trip_through_their_dicts(store, clock):
    session = store.start_session("drill")
    for answer in _answers():
        store.record_answer(AnswerRecord.from_dict({**answer.to_dict(), "session": session, "id": None, "at": None}))
    store.review("q:article.forward-what", 3)
    store.end_session(session)
    figures = store.stats()
    assert figures.by_topic and figures.by_family and figures.mistakes  # every kind of row is in the trip
    assert Stats.from_dict(figures.to_dict()) == figures
    recent = store.history(5)
    assert len(recent.sessions) == 1 and recent.sessions[0].answers == 8 and recent.sessions[0].ended == clock.now()
    assert History.from_dict(recent.to_dict()) == recent
