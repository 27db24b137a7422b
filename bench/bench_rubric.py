"""The key-point hint on the labelled corpus: recall, false credit and cost per answer.

The same-run baseline is the naive hint, "a keyword appears as a substring" (what a first
version of such a feature does): its recall and false credit show what the rules buy, and its
time per answer is the unit of the cost ratio.
"""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

CORPUS_FOLDER = Path(__file__).resolve().parents[1] / "tests" / "unit" / "questions"
CORPORA = sorted(CORPUS_FOLDER.glob("rubric_corpus*.toml"))  # one file per group of banks
ROUNDS = 20


def _naive_match(text, points):
    folded = text.casefold()
    return [any(k.casefold() in folded for k in (*p.keywords_zh, *p.keywords_en)) for p in points]


def _seconds_per_answer(function, cases) -> float:
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for answer, question in cases:
            function(answer.text, question.points)
    return (time.perf_counter() - start) / (ROUNDS * len(cases))


def main() -> None:
    from questions import load_banks, rubric
    from questions.rubric_score import LabelledAnswer, score

    banks = load_banks(None)
    answers = [LabelledAnswer.from_dict(e) for path in CORPORA
               for e in tomllib.loads(path.read_text(encoding="utf-8"))["answers"]]
    cases = [(answer, banks.by_id(answer.question)) for answer in answers]
    ours = score(answers, banks.by_id)
    original, rubric.match = rubric.match, _naive_match
    try:
        import questions.rubric_score as scoring

        scoring.match = _naive_match
        naive = score(answers, banks.by_id)
    finally:
        rubric.match = original
        scoring.match = original
    rubric.match("warm up the parser: w = w - eta*g", cases[0][1].points)
    ours_time = _seconds_per_answer(rubric.match, cases)
    naive_time = _seconds_per_answer(_naive_match, cases)
    print(f"corpus: {ours.answers} answers, {ours.credited} credited points, {ours.not_credited} not credited")
    print(f"{'':18}{'recall':>10}{'false credit':>15}{'µs/answer':>12}{'ratio':>8}")
    print(f"{'naive substring':18}{naive.recall:>10.1%}{naive.false_credit:>15.1%}{naive_time * 1e6:>12.1f}{1.0:>8.2f}")
    print(f"{'quizapp rubric':18}{ours.recall:>10.1%}{ours.false_credit:>15.1%}{ours_time * 1e6:>12.1f}"
          f"{ours_time / naive_time:>8.2f}")
