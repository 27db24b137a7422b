"""A plain drill left unfinished is picked up where it was left: graded steps back, nothing stored twice."""

from __future__ import annotations

from click.testing import CliRunner

from quizapp.cli import main
from quizapp.progress.store import Store
from solver.generate import problem_from_code

CODE = "chain2:sigmoid:d1#1768"


def _run(*args, lines):
    result = CliRunner().invoke(main, ["drill", CODE, "--plain", "--lang", "en", *args],
                                input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output


def test_an_unfinished_plain_drill_resumes_with_its_tries_and_hints_and_finishes_once(home):
    problem = problem_from_code(CODE)
    steps = list(problem.answers)
    right = [repr(float(problem.values[step])) for step in steps]
    # One right; at step 2 both hint rungs, then a wrong try; the input ends: left unfinished.
    first = _run(lines=[right[0], "?", "?", "0.5"])
    assert f"stopped at step 2 of {len(steps)}" in first  # two tries stored, still at step 2

    again = _run(lines=right[1:])
    resumed = again.split("Picking up", 1)[1]
    assert "Picking up where you left off: 2 steps of" in again
    assert f"[1/{len(steps)}]" in again and f"= {right[0]}   ✓ correct" in again
    formula = problem.spec(steps[1]).formula(problem.template.display_names)
    assert f"hint: {formula}" in resumed and problem.step(steps[1]).substituted in resumed  # both rungs shown
    assert "= 0.5   ✗ wrong" in resumed and resumed.count("✗") == 1 and "the value is not given away" in resumed
    assert f"[2/{len(steps)}] {steps[1]}  (layer 1 activation) · try 2 = " in resumed  # asked again
    assert "summary: right, with hints" in again  # the rungs used before the break still count
    with Store.open(home / "progress.sqlite3") as store:
        answers = store.answers()
        sessions = store.history(5).sessions
        reviews = [entry for entry in store.review_log() if entry["card_id"] == "drill:chain2:d1"]
    assert [(a.step, a.attempt, a.hints) for a in answers[:3]] == [(steps[0], 1, 0), (steps[1], 1, 2), (steps[1], 2, 2)]
    assert [a.step for a in answers[2:]] == steps[1:]  # nothing stored twice
    assert [(s.state, s.item) for s in sessions] == [("finished", CODE), ("left", CODE)]
    assert len(reviews) == 1 and reviews[0]["rating"] <= 2  # the problem's one review, capped by the hints

    # Finished: the next drill of the code starts over.
    third = _run(lines=[right[0]])
    assert "Picking up" not in third


def test_fresh_starts_the_problem_over(home):
    problem = problem_from_code(CODE)
    _run(lines=[repr(float(problem.values[problem.answers[0]]))])
    output = _run("--fresh", lines=["0.5"])
    assert "Picking up" not in output
    assert f"[1/{len(problem.answers)}]" in output.split("One answer a line", 1)[1]


def test_a_plain_drill_left_at_a_wrong_try_at_its_last_step_is_offered_to_continue(home):
    from quizapp.resume import latest_unfinished

    problem = problem_from_code(CODE)
    right = [repr(float(problem.values[step])) for step in problem.answers]
    _run(lines=[*right[:-1], "0.5"])  # every step has a try, the last one wrong: still open
    with Store.open(home / "progress.sqlite3") as store:
        work, offered = latest_unfinished(store, problem_from_code)
    assert offered.code == CODE and work.steps == len(problem.answers)
    again = _run(lines=[right[-1]])
    assert "Picking up" in again and "summary: all right, some steps at a later try" in again
