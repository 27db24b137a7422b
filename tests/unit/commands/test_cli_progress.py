"""`quizapp stats`, `quizapp history` and `quizapp config` against a QUIZAPP_HOME in tmp_path."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from click.testing import CliRunner

from quizapp.cli import main
from quizapp.progress.store import AnswerRecord, Store
from quizapp.render.stats import bar_chart


def _history(clock_now=None) -> None:
    with Store.open() as store:
        session = store.start_session("drill")
        store.record_answer(AnswerRecord("chain2:sigmoid:d1#7", "0.25", "correct", True, step="dL/dw1",
                                         session=session, seconds=12.0))
        store.record_answer(AnswerRecord("chain2:sigmoid:d1#7", "0.5", "wrong", False, step="dL/db",
                                         session=session, mistake="half_factor"))
        store.record_answer(AnswerRecord("article.forward-what", "weighted sum", "self-4", True,
                                         session=session, topics=("forward-propagation",)))
        store.review("drill:chain2:d1", 1)
        store.end_session(session)


def test_stats_json_has_the_total_of_graded_answers(home):
    _history()
    result = CliRunner().invoke(main, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["answers"] == 3
    assert figures["by_family"] == [{"family": "chain2", "answers": 2, "correct": 1, "accuracy": 0.5}]
    assert figures["by_topic"][0]["topic"] == "forward-propagation"
    assert figures["mistakes"][0]["id"] == "half_factor"
    assert figures["reviews_per_day"][-1]["reviews"] == 1
    assert figures["streak"] == 1
    assert figures["due"]["today"] == 1


def test_stats_json_on_an_empty_home(home):
    result = CliRunner().invoke(main, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"] == 0
    assert (home / "progress.sqlite3").exists()


def test_stats_prints_tables_and_a_chart(home):
    _history()
    result = CliRunner().invoke(main, ["stats", "--lang", "en"])
    assert result.exit_code == 0, result.output
    for text in ("graded answers: 3", "reviews per day", "accuracy by drill family", "chain2",
                 "losing the ½, or applying it twice", "forward propagation"):
        assert text in result.stdout
    assert "█" in result.stdout
    zh = CliRunner().invoke(main, ["stats", "--lang", "zh"])
    assert "最常见的错误" in zh.stdout and "forgot" not in zh.stdout
    assert "正向传播" in zh.stdout and "forward-propagation" not in zh.stdout  # the topic by its name


def test_history_lists_sessions_and_answers(home):
    _history()
    result = CliRunner().invoke(main, ["history", "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    recent = json.loads(result.stdout)
    assert recent["sessions"][0]["answers"] == 3 and recent["sessions"][0]["ended"]
    assert [a["typed"] for a in recent["answers"]] == ["weighted sum", "0.5"]  # newest first
    table = CliRunner().invoke(main, ["history"])
    assert table.exit_code == 0
    assert "dL/dw1" in table.stdout and "wrong" in table.stdout and "self-4" in table.stdout


def test_history_when_empty(home):
    result = CliRunner().invoke(main, ["history"])
    assert result.exit_code == 0
    assert "no history yet" in result.stdout


def test_history_limit_must_be_positive(home):
    result = CliRunner().invoke(main, ["history", "--limit", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_config_get_and_set(home):
    runner = CliRunner()
    assert runner.invoke(main, ["config", "new_per_day", "4"]).exit_code == 0
    assert runner.invoke(main, ["config", "new_per_day"]).stdout.strip() == "4"
    assert "language = 'both'" in runner.invoke(main, ["config"]).stdout
    bad = runner.invoke(main, ["config", "language", "fr"])
    assert bad.exit_code == 2 and bad.stderr.startswith("error: language")
    assert runner.invoke(main, ["config", "nonsense"]).exit_code == 2
    assert runner.invoke(main, ["config", "difficulty", "two"]).exit_code == 2


def test_bar_chart_scales_to_the_tallest_day():
    rows = bar_chart([0, 1, 2, 4], height=2)
    assert rows == [" ▁▂█"[0:1] + " " + " " + "█", " ▄██"]
    assert bar_chart([0, 0]) == ["··"]


def test_stats_now_is_utc_aware(home):
    with Store.open() as store:
        assert store.stats().to_dict()["generated"].endswith("+00:00")
        assert store.stats().generated.tzinfo == timezone.utc


def test_stats_of_a_fresh_start_say_none_yet_on_one_line(home):
    result = CliRunner().invoke(main, ["stats", "--lang", "en"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for title in ("accuracy by topic", "accuracy by drill family", "most frequent mistakes"):
        assert f"{title}: (none yet)" in lines
    assert "┏" not in result.output  # no empty tables


def test_history_shows_typed_text_as_typed_even_when_it_looks_like_markup(home):
    # What a learner typed is shown as they typed it: "[/]" is no closing tag, "[bold]x" no style.
    with Store.open() as store:
        for typed in ("[/]", "[bold]1", "[1, 2]"):
            store.record_answer(AnswerRecord("chain2:sigmoid:d1#7", typed, "unreadable", False, step="dL/dw1"))
    result = CliRunner().invoke(main, ["history"])
    assert result.exit_code == 0, result.output
    for typed in ("[/]", "[bold]1", "[1, 2]"):
        assert typed in result.stdout
