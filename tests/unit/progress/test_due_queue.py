"""The review queue reads only the due cards (migration 8's covering index of due date and id):
over any cards, odd due dates and odd ids included, it is the queue that reading every card gives,
card for card and in the same order, with the same rows skipped."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, settings, strategies as st

from quizapp.progress import row_reading
from quizapp.progress.clock import FixedClock
from quizapp.progress.scheduling import build_queue, card_kind
from quizapp.progress.store import CARD_FOREIGN, CARD_IDS, QUEUE_DUE, QUEUE_ODD, Store

from .test_tallies import DUES

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
IDS = ["q:a", "q:b", "q:c", "drill:mlp:d1", "drill:mlp:d2", "drill:gd:d1", "q:é", "q:\u4e2d"]
ODD_IDS = [7, b"q:a", "nope"]  # an integer is stored as text: not one of our ids either


def straightforward_queue(store: Store, universe, new_limit: int):
    """The queue as `Store.due` made it before migration 8: every card read in Python (an id
    that is not one of ours skipped too: it raised then)."""
    known, skipped = [], 0
    for card_id, due in store._connection.execute("SELECT id, due FROM cards"):
        try:
            card_kind(row_reading.text(card_id))
            known.append((card_id, row_reading.moment(due)))
        except ValueError:
            skipped += 1
    return build_queue(known, universe, {card_id for card_id, _ in known}, NOW, new_limit), skipped


@settings(max_examples=25, deadline=None)
@given(cards=st.lists(st.tuples(st.sampled_from(IDS + ODD_IDS), st.sampled_from(DUES)), max_size=12,
                      unique_by=lambda card: card[0] if isinstance(card[0], str) else repr(card[0])),
       universe=st.none() | st.lists(st.sampled_from(IDS), max_size=8), new_limit=st.integers(0, 3))
def test_the_queue_equals_reading_every_card(cards, universe, new_limit):
    store = Store.in_memory(FixedClock(NOW))
    for card_id, due in cards:
        store._connection.execute("INSERT INTO cards (id, state, due) VALUES (?, '{}', ?)", (card_id, due))
    expected, skipped = straightforward_queue(store, universe, new_limit)
    before = store.skipped_rows
    assert store.due(NOW, new_limit, card_ids=universe) == expected
    assert store.skipped_rows - before == skipped
    store.close()


def test_the_queue_reads_the_due_cards_on_the_indexes():
    store = Store.in_memory(FixedClock(NOW))

    def plan(query: str, *parameters) -> str:
        return " ".join(row[-1] for row in store._connection.execute("EXPLAIN QUERY PLAN " + query, parameters))

    due = plan(QUEUE_DUE, "x")  # in the queue's order already: no sorting
    assert "SEARCH cards USING COVERING INDEX cards_due_id (due<?)" in due and "TEMP B-TREE" not in due
    assert "cards_odd_due" in plan(QUEUE_ODD)
    assert "COVERING INDEX" in plan(CARD_IDS) and "COVERING INDEX" in plan(CARD_FOREIGN)
    store.close()
