"""The grade -> rating map, card ids, and the due queue under a fixed clock."""

from __future__ import annotations

import enum
from datetime import timedelta

import pytest

from quizapp.progress.scheduling import (
    end_of_today,
    FAST_SECONDS_PER_STEP,
    all_card_ids,
    drill_card_for_code,
    drill_card_parts,
    drill_card_ids,
    rating_for,
)
from quizapp.progress.store import AnswerRecord

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@pytest.mark.parametrize(("grade", "seconds", "steps", "rating"), [
    ("first_try", None, 1, GOOD),
    ("first_try", 60.0, 1, GOOD),
    ("first_try", 19.9, 1, EASY),
    ("first_try", 20.0, 1, GOOD),  # the threshold itself is not "fast"
    ("first_try", 90.0, 5, EASY),  # 18 s per step
    ("first_try", 110.0, 5, GOOD),  # 22 s per step
    ("carried_forward", 5.0, 1, HARD),
    ("hints", 5.0, 1, HARD),
    ("wrong", 5.0, 1, AGAIN),
    ("correct", 5.0, 1, GOOD),
    ("close", None, 1, GOOD),
    ("consistent", None, 1, HARD),
    ("refused", None, 1, AGAIN),
    (1, None, 1, AGAIN), (2, None, 1, HARD), (3, None, 1, GOOD), (4, 1.0, 1, EASY),
    ("4", None, 1, EASY),
])
def test_rating_map(grade, seconds, steps, rating):
    assert rating_for(grade, seconds, steps=steps) == rating


def test_threshold_is_what_the_docs_say():
    assert FAST_SECONDS_PER_STEP == 20.0


def test_str_enum_grades_map_by_value():
    class ProblemGrade(str, enum.Enum):  # as solver.grading.grade defines it
        FIRST_TRY = "first_try"
        CARRIED_FORWARD = "carried_forward"
        HINTS = "hints"
        WRONG = "wrong"

    assert [rating_for(g, 100.0) for g in ProblemGrade] == [GOOD, HARD, HARD, AGAIN]


@pytest.mark.parametrize("bad", ["great", 0, 5, "", True, None])
def test_unknown_grades_are_refused(bad):
    with pytest.raises(ValueError):
        rating_for(bad, None)


def test_card_ids():
    assert drill_card_for_code("mlp:2-3-1:sigmoid:half_sse:d2#42") == "drill:mlp:d2"
    assert drill_card_for_code("chain2:sigmoid:d3#7") == "drill:chain2:d3"
    # Read by the solver's code parser: a generator part is the same skill, d1 is the default,
    # and an option that merely looks like a difficulty is not one.
    assert drill_card_for_code("mlp:2-3-1:sigmoid:half_sse:d2:g2#42") == "drill:mlp:d2"
    assert drill_card_for_code("chain2:sigmoid#7") == "drill:chain2:d1"
    assert drill_card_for_code("mlp:d3:sigmoid:d1#7") == "drill:mlp:d1"
    assert drill_card_parts("drill:softmax-ce:d3") == ("softmax-ce", 3)
    with pytest.raises(ValueError):
        drill_card_parts("q:article.x")
    drills = drill_card_ids()
    assert "drill:mlp:d1" in drills and "drill:gd:d3" in drills
    assert len(drills) == len(set(drills)) == 3 * len({d.split(":")[1] for d in drills})
    assert all_card_ids(["a.x"])[0] == "q:a.x"
    assert AnswerRecord("chain2:sigmoid:d1#7", "1", "correct", True).kind == "drill"
    assert AnswerRecord("article.forward-what", "1", "correct", True).kind == "question"


UNIVERSE = ["q:a.1", "q:a.2", "q:a.3", "drill:mlp:d1", "drill:gd:d1"]


def test_new_cards_mix_kinds_up_to_the_limit(store):
    queue = store.due(new_limit=4, card_ids=UNIVERSE)
    assert [c.card_id for c in queue] == ["q:a.1", "drill:mlp:d1", "q:a.2", "drill:gd:d1"]
    assert all(c.new and c.due is None for c in queue)
    assert queue[1].family == "mlp" and queue[1].difficulty == 1 and queue[0].question_id == "a.1"


def test_daily_new_limit_counts_cards_introduced_today(store, clock):
    store.review("q:a.1", GOOD)
    clock.advance(minutes=1)
    store.review("drill:mlp:d1", GOOD)
    # Two introduced today: only one new card left of a limit of 3, after the two reviewed,
    # due again in minutes (learning steps): due today.
    assert [(c.card_id, c.new) for c in store.due(new_limit=3, card_ids=UNIVERSE)] == [
        ("q:a.1", False), ("drill:mlp:d1", False), ("q:a.2", True)]
    clock.advance(days=1)  # a new UTC day: the full limit again, and the learning cards are due
    queue = store.due(new_limit=3, card_ids=UNIVERSE)
    assert [(c.card_id, c.new) for c in queue] == [
        ("q:a.1", False), ("drill:mlp:d1", False), ("q:a.2", True), ("drill:gd:d1", True), ("q:a.3", True)]


def test_due_cards_are_those_due_today_oldest_first(store, clock):
    store.review("q:a.1", GOOD)
    clock.advance(minutes=1)
    store.review("q:a.2", AGAIN)
    clock.advance(minutes=1)
    store.review("q:a.3", AGAIN)
    store.review("drill:mlp:d1", EASY)  # due in days
    # Again brings a card back after fsrs's first learning step (1 min), Good after the second
    # (10 min): all three are due today (before UTC midnight), as Home, Review and Stats count.
    queue = store.due(new_limit=0, card_ids=UNIVERSE)
    assert [c.card_id for c in queue] == ["q:a.2", "q:a.3", "q:a.1"]
    assert [c.due for c in queue] == sorted(c.due for c in queue)
    assert all(c.due < end_of_today(clock.now()) and not c.new for c in queue)
    assert store.stats(card_ids=UNIVERSE, new_limit=0).due.today == len(queue)


def test_cards_outside_the_universe_are_left_out(store, clock):
    store.review("q:gone.question", AGAIN)
    clock.advance(days=1)
    assert [c.card_id for c in store.due(new_limit=0)] == ["q:gone.question"]
    assert store.due(new_limit=0, card_ids=UNIVERSE) == []


def test_again_comes_back_sooner_than_easy(store, clock):
    for _ in range(3):  # graduate both cards to review state
        store.review("drill:mlp:d1", GOOD)
        store.review("drill:gd:d1", GOOD)
        clock.advance(days=2)
    wrong = store.review("drill:mlp:d1", AGAIN)
    right = store.review("drill:gd:d1", EASY)
    assert wrong.due < right.due
    assert right.due - clock.now() >= timedelta(days=1)


def test_default_new_limit_comes_from_the_settings(store):
    from quizapp.settings import Settings

    Settings(new_per_day=2).save()
    assert len(store.due(card_ids=UNIVERSE)) == 2


def test_review_refuses_bad_input(store):
    with pytest.raises(ValueError):
        store.review("q:a.1", 5)
    with pytest.raises(ValueError):
        store.review("bogus", 3)
    assert store.card("q:a.1") is None


def test_card_state_round_trips(store):
    from quizapp.progress.scheduling import CardState

    state = store.review("q:a.1", HARD)
    assert CardState.from_dict(state.to_dict()) == state
    assert store.card("q:a.1") == state


def test_review_helpers_map_grades_to_the_right_cards(store):
    store.review_problem("mlp:2-3-1:sigmoid:half_sse:d2#42", "wrong", seconds=80.0, steps=4)
    store.review_problem("gd:d3#1", "first_try", seconds=30.0, steps=2)
    store.review_question("article.forward-what", 4)
    store.review_question("article.chain-rule", "consistent")
    log = {entry["card_id"]: entry["rating"] for entry in store.review_log()}
    assert log == {"drill:mlp:d2": AGAIN, "drill:gd:d3": EASY, "q:article.forward-what": EASY,
                   "q:article.chain-rule": HARD}
    assert store.review_log()[0]["duration_ms"] == 80_000
