"""Light structural checks on the concept banks (questions/banks/concepts-*.toml).

The bank loader and its validator live elsewhere; these tests read the files with tomllib on purpose,
so a content mistake is caught here even before the loader exists. Step questions are checked against
the solver, so a renamed or missing drill step fails loudly.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from solver.generate import problem_from_code

BANKS_DIR = Path(__file__).resolve().parents[3] / "questions" / "banks"
CONCEPT_FILES = sorted(BANKS_DIR.glob("concepts-*.toml"))

TYPES = {"open", "single", "multiple", "truefalse", "numeric", "symbolic", "step"}
SECTIONS = {"一", "二", "三", "四", "beyond"}
# Everything the answer parser accepts besides the question's own variables.
PARSER_FUNCTIONS = {"exp", "log", "ln", "sqrt", "abs", "sigmoid", "tanh", "relu", "softplus", "max", "min"}
PARSER_CONSTANTS = {"e", "pi"}
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _all_questions() -> list[tuple[str, dict]]:
    return [(path.name, question) for path in CONCEPT_FILES for question in _load(path)["questions"]]


def _question_params():
    return [pytest.param(question, id=question.get("id", f"{name}:?")) for name, question in _all_questions()]


def _is_bilingual(value) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("zh"), str)
        and isinstance(value.get("en"), str)
        and value["zh"].strip() != ""
        and value["en"].strip() != ""
    )


def test_the_four_concept_banks_exist():
    names = {path.stem for path in CONCEPT_FILES}
    assert {"concepts-forward", "concepts-training", "concepts-backprop", "concepts-activations"} <= names


@pytest.mark.parametrize("path", CONCEPT_FILES, ids=lambda p: p.name)
def test_bank_header_matches_file_name(path: Path):
    bank = _load(path)["bank"]
    assert bank["id"] == path.stem
    assert re.fullmatch(r"[a-z0-9-]+", bank["id"])
    assert _is_bilingual(bank["title"])
    assert isinstance(bank["version"], int)


@pytest.mark.parametrize("path", CONCEPT_FILES, ids=lambda p: p.name)
def test_question_ids_carry_their_bank_id(path: Path):
    data = _load(path)
    bank_id = data["bank"]["id"]
    for question in data["questions"]:
        prefix, _, slug = question["id"].partition(".")
        assert prefix == bank_id, question["id"]
        assert KEBAB.match(slug), question["id"]


def test_question_ids_are_unique_across_concept_banks():
    ids = [question["id"] for _, question in _all_questions()]
    duplicates = {qid for qid in ids if ids.count(qid) > 1}
    assert not duplicates


def test_there_are_enough_questions_and_every_type_is_used():
    questions = [question for _, question in _all_questions()]
    assert len(questions) >= 44
    assert {question["type"] for question in questions} == TYPES


def test_every_article_section_and_beyond_is_covered():
    sections = {question["section"] for _, question in _all_questions()}
    # Section 四 holds the article's own interview questions, which live in article.toml.
    assert {"一", "二", "三", "beyond"} <= sections


@pytest.mark.parametrize("question", _question_params())
def test_common_fields(question: dict):
    assert question["type"] in TYPES
    assert question["section"] in SECTIONS
    assert question["difficulty"] in (1, 2, 3)
    topics = question["topics"]
    assert isinstance(topics, list) and topics
    assert all(KEBAB.match(topic) for topic in topics), topics
    assert _is_bilingual(question["prompt"])
    assert _is_bilingual(question["answer"])
    if "note" in question:
        assert _is_bilingual(question["note"])


@pytest.mark.parametrize("question", _question_params())
def test_fields_required_by_type(question: dict):
    kind = question["type"]
    if kind == "open":
        points = question["points"]
        assert len(points) >= 2
        point_ids = [point["id"] for point in points]
        assert len(set(point_ids)) == len(point_ids)
        for point in points:
            assert KEBAB.match(point["id"])
            assert _is_bilingual(point["text"])
            for lang in ("zh", "en"):
                keywords = point["keywords"][lang]
                assert keywords and all(isinstance(k, str) and k.strip() for k in keywords), point["id"]
    elif kind in ("single", "multiple"):
        choices = question["choices"]
        assert 2 <= len(choices) <= 6
        assert all(_is_bilingual(choice["text"]) for choice in choices)
        assert all(isinstance(choice["correct"], bool) for choice in choices)
        correct = sum(choice["correct"] for choice in choices)
        assert correct == 1 if kind == "single" else correct >= 1
    elif kind == "truefalse":
        assert isinstance(question["truth"], bool)
    elif kind == "numeric":
        assert isinstance(question["value"], (int, float)) and not isinstance(question["value"], bool)
        tolerance = question.get("tolerance", 0)
        assert isinstance(tolerance, (int, float)) and tolerance >= 0
    elif kind == "symbolic":
        variables = question["variables"]
        assert variables and all(IDENTIFIER.fullmatch(name) for name in variables)
        names = set(IDENTIFIER.findall(question["expression"]))
        unknown = names - set(variables) - PARSER_FUNCTIONS - PARSER_CONSTANTS
        assert not unknown, f"names the parser would not know: {unknown}"
        assert "**" not in question["expression"], "the parser writes powers with ^"
    elif kind == "step":
        assert isinstance(question["code"], str) and isinstance(question["step"], str)


@pytest.mark.parametrize("question", [q for q in _question_params() if q.values[0]["type"] == "step"])
def test_step_questions_name_a_real_step(question: dict):
    problem = problem_from_code(question["code"])
    step_ids = [step.id for step in problem.steps()]
    assert question["step"] in step_ids


def test_single_choice_question_with_two_correct_choices_is_caught():
    # Guards the check above: a broken fixture must fail it.
    broken = tomllib.loads(
        '[[questions]]\ntype = "single"\n'
        '[[questions.choices]]\ntext = { zh = "甲", en = "a" }\ncorrect = true\n'
        '[[questions.choices]]\ntext = { zh = "乙", en = "b" }\ncorrect = true\n'
    )["questions"][0]
    with pytest.raises(AssertionError):
        test_fields_required_by_type(broken)
