"""The key-point hint measured on a labelled corpus of answers (every rubric_corpus*.toml beside this file)."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from questions import load_banks
from questions.rubric_score import LabelledAnswer, score

# One file per group of banks, so that people writing questions at once do not edit the same file.
CORPORA = sorted(Path(__file__).parent.glob("rubric_corpus*.toml"))
BANKS = load_banks(None)
OPEN = [question for question in BANKS.questions if question.type == "open"]


def corpus() -> list[LabelledAnswer]:
    return [LabelledAnswer.from_dict(entry) for path in CORPORA
            for entry in tomllib.loads(path.read_text(encoding="utf-8"))["answers"]]


def test_every_corpus_file_is_read():
    assert "rubric_corpus.toml" in {path.name for path in CORPORA} and len(CORPORA) >= 2
    texts = [answer.text for answer in corpus()]
    assert len(texts) == len(set(texts))  # an answer pasted twice would count twice


def test_every_open_question_has_five_answers_in_both_languages():
    answers = corpus()
    per_question = Counter(answer.question for answer in answers)
    assert {q.id: per_question[q.id] for q in OPEN if per_question[q.id] < 5} == {}
    for question in OPEN:
        languages = {a.language for a in answers if a.question == question.id}
        kinds = {a.kind for a in answers if a.question == question.id}
        assert languages == {"zh", "en"}, question.id
        assert kinds - {"strong", "partial"}, f"{question.id} needs a weak or wrong answer"


def test_recall_and_false_credit_on_the_corpus():
    result = score(corpus(), BANKS.by_id)
    misses = "\n".join(f"missed {q}/{p}: {t}" for q, p, t in result.misses)
    false = "\n".join(f"credited {q}/{p}: {t}" for q, p, t in result.false_credits)
    assert result.recall >= 0.90, misses
    assert result.false_credit <= 0.10, false


@pytest.mark.parametrize("text", ["w = w + η·g", "W := W + lr·dL/dW", "w ← w - g", "w = η·g"])
def test_a_wrong_update_rule_does_not_earn_the_update_point(text):
    question = BANKS.by_id("article.gradient-descent-how")
    covered = dict(zip((p.id for p in question.points), score_one(text, question), strict=True))
    assert covered["update-rule"] is False


@pytest.mark.parametrize("text", ["w = w - η·g", "W := W − lr·dL/dW", "θ ← θ - α∇L", "w_new = w - eta*grad",
                                  "w ← w − η·∂L/∂w", "w = -η·g + w"])
def test_update_rules_in_other_words_earn_it(text):
    question = BANKS.by_id("article.gradient-descent-how")
    covered = dict(zip((p.id for p in question.points), score_one(text, question), strict=True))
    assert covered["update-rule"] is True


def test_a_missing_prime_is_not_the_derivative():
    question = BANKS.by_id("article.why-differentiable-activation")
    point = next(p for p in question.points if p.id == "factor-in-chain")
    from questions.rubric import match

    assert match("each neuron contributes f'(z)", [point]) == [True]
    assert match("each neuron contributes f′(z)", [point]) == [True]
    assert match("each neuron contributes f(z)", [point]) == [False]


def score_one(text, question):
    from questions.rubric import match

    return match(text, question.points)


def test_a_points_formulas_must_parse_over_the_names(tmp_path):
    from questions import validate_file
    from tests.unit.questions.banktext import HEADER

    bank = tmp_path / "t.toml"
    bank.write_text(HEADER + '''
[[questions]]
id = "t.one"
type = "open"
topics = ["x"]
difficulty = 1
section = "一"
prompt = { zh = "问", en = "ask" }
answer = { zh = "答", en = "answer" }

[[questions.points]]
id = "p1"
text = { zh = "一", en = "one" }
keywords = { zh = ["一"], en = ["one"] }
formulas = ["w - lr*g"]

[[questions.points]]
id = "p2"
text = { zh = "二", en = "two" }
keywords = { zh = ["二"], en = ["two"] }
''', encoding="utf-8")
    errors = validate_file(bank)
    assert len(errors) == 1 and "questions[1].points[1].formulas" in errors[0] and "eta" in errors[0]
    assert errors[0].startswith(f"{bank}:19:")  # the formulas line
