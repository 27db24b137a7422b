"""Whatever a learner types comes back from the database exactly as typed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.progress.store import AnswerRecord, Store

answers = st.builds(
    AnswerRecord,
    item=st.sampled_from(["article.forward-what", "mlp:2-3-1:sigmoid:half_sse:d2#42", "gd:d1#0"]),
    typed=st.text(max_size=200),  # any unicode: Chinese, quotes, NULs, SQL-looking text
    verdict=st.sampled_from(["correct", "close", "consistent", "wrong", "refused", "self-2"]),
    correct=st.booleans(),
    step=st.none() | st.sampled_from(["dL/dw1", "z[0]", "a_1"]),
    carried_forward=st.booleans(),
    mistake=st.none() | st.sampled_from(["half_factor", "sign_error_residual"]),
    seconds=st.none() | st.floats(min_value=0, max_value=1e5),
    topics=st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True), max_size=3).map(tuple),
)


def test_answers_round_trip_through_the_database(tmp_path, clock):
    store = Store.open(tmp_path / "progress.sqlite3", clock=clock)

    @settings(max_examples=25, deadline=None)
    @given(answers)
    def round_trip(record: AnswerRecord) -> None:
        saved = store.record_answer(record)
        (loaded,) = store.answers(limit=1)
        assert loaded == saved
        assert loaded.typed == record.typed and loaded.topics == record.topics
        assert AnswerRecord.from_dict(loaded.to_dict()) == loaded

    try:
        round_trip()
    finally:
        store.close()
