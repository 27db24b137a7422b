"""Step questions explain the very numbers their problem code produces.

Their answers are templates filled from the solver at load (questions.templates); these tests
read every number a learner sees in a step question's texts and find it among values computed
here from the solver's problem: givens, steps, activation derivatives and ratios of steps.
"""

from __future__ import annotations

import itertools
import math
import re
import tomllib

import numpy as np
import pytest

from questions import load_banks
from questions.loader import builtin_bank_paths, fill_step
from questions.templates import TemplateError, fill, placeholders
from solver.generate import problem_from_code

# Numbers that state facts rather than values of a problem: σ′ ≤ 0.25, relu′ ∈ {0, 1}, 1 − a².
CONSTANTS = {0.0, 0.25, 1.0}
# A number standing on its own: not a digit of a name such as w1, z4, a^l, x_main or 1-1-1.
NUMBER = re.compile(r"(?<![\w.^/′'])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.]*[A-Za-z_])")
STEP_QUESTIONS = [q for q in load_banks(None).questions if q.type == "step"]


def _raw_step_texts():
    for path in builtin_bank_paths():
        for raw in tomllib.loads(path.read_text(encoding="utf-8")).get("questions", []):
            if raw.get("type") == "step":
                yield raw


RAW = {raw["id"]: raw for raw in _raw_step_texts()}


def _numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


def _scalars(value) -> list[float]:
    if value is None:
        return []
    return [float(v) for v in np.asarray(value, dtype=float).ravel()]


def _solver_values(problem) -> list[float]:
    """Every number the answer may state, computed independently of the template filler."""
    found = []
    named = {**problem.given, **problem.values}
    for value in named.values():
        found.extend(_scalars(value))
    for value in named.values():  # activation derivatives at any value (σ′ from a, not from ops)
        for z in _scalars(value):
            s = 1.0 / (1.0 + math.exp(-z))
            found.extend((s * (1.0 - s), 1.0 - math.tanh(z) ** 2))
    scalars = [float(v) for v in named.values() if v is not None and np.ndim(v) == 0]
    found.extend(a / b for a, b in itertools.permutations(scalars, 2) if b != 0)
    return found


def _code_options(code: str) -> set[float]:
    """Numbers of the code's options (a chain's depth, a neuron's inputs): the problem's shape."""
    options = code.partition("#")[0].split(":")[1:]
    return {float(part) for part in options if part.isdigit()}


def _digits_unit(token: str) -> float:
    """Half a unit in the last digit written: how far the printed number may be from the value."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def _matches(token: str, values: list[float], shape: set[float]) -> bool:
    number = float(token)
    if number in CONSTANTS or number in shape:
        return True
    tolerance = _digits_unit(token) * (1 + 1e-9)
    if "." not in token and "e" not in token.lower():  # an integer: exact to the printed precision
        tolerance = 5e-5 * max(1.0, abs(number))
    return any(abs(number - value) <= tolerance for value in values)


def _texts(question) -> list[tuple[str, str]]:
    found = []
    for key in ("prompt", "answer", "note", "explanation"):
        for language in ("zh", "en"):
            text = getattr(question, f"{key}_{language}")
            if text:
                found.append((f"{key}.{language}", text))
    return found


def test_there_are_step_questions():
    assert len(STEP_QUESTIONS) >= 9


@pytest.mark.parametrize("question", STEP_QUESTIONS, ids=[q.id for q in STEP_QUESTIONS])
def test_every_number_in_a_step_question_is_the_solvers(question):
    values = _solver_values(problem_from_code(question.code))
    shape = _code_options(question.code)
    for where, text in _texts(question):
        wrong = [token for token in _numbers(text) if not _matches(token, values, shape)]
        assert wrong == [], f"{where}: {text}"


@pytest.mark.parametrize("question", STEP_QUESTIONS, ids=[q.id for q in STEP_QUESTIONS])
def test_step_answers_write_no_number_by_hand(question):
    # The bank file's own text: every problem-specific number must come from a placeholder.
    raw = RAW[question.id]
    allowed = CONSTANTS | _code_options(question.code)
    for key in ("prompt", "answer", "note", "explanation"):
        for language, text in (raw.get(key) or {}).items():
            outside = re.sub(r"\{[^{}]*\}", " ", text)
            assert [t for t in _numbers(outside) if float(t) not in allowed] == [], f"{key}.{language}"


@pytest.mark.parametrize("question", STEP_QUESTIONS, ids=[q.id for q in STEP_QUESTIONS])
def test_the_answer_states_the_asked_steps_value(question):
    problem = problem_from_code(question.code)
    known = {**problem.given, **problem.values}.__contains__
    for language in ("zh", "en"):
        names = {name for p in placeholders(RAW[question.id]["answer"][language], known) for name in p.names}
        assert question.step in names, language


def test_the_kink_drill_is_at_the_kink():
    # Its prose says z0 is exactly ReLU's kink; the problem must agree.
    question = next(q for q in STEP_QUESTIONS if q.id == "concepts-activations.relu-kink-drill")
    problem = problem_from_code(question.code)
    assert float(problem.given["z0"]) == 0.0 and problem.value("f'(z0)") is None


# --- the template language itself -------------------------------------------------------------

VALUES = {"x": -1.0, "w1": 0.5, "dL/dw1": -0.0887, "z1": np.array([2.0, -0.5]), "f'(z0)": None}


def _fill(text: str) -> str:
    return fill(text, VALUES, lambda v: "undefined" if v is None else f"{float(v):g}" if np.ndim(v) == 0
                else str(list(v)), lambda name, v: 0.25)


def test_placeholders_fill_values_parentheses_ratios_and_derivatives():
    assert _fill("{w1}·{(x)} = {w1}·{x}") == "0.5·(-1) = 0.5·-1"
    assert _fill("{(w1)}") == "0.5"
    assert _fill("{dL/dw1 / x}") == "0.0887"
    assert _fill("{sigmoid'(w1)}") == "0.25"
    assert _fill("{f'(z0)} and {{literal}}") == "undefined and {literal}"


def test_unknown_placeholders_and_vector_ratios_are_errors():
    with pytest.raises(TemplateError, match="names no value"):
        _fill("{dL/dw9}")
    with pytest.raises(TemplateError, match="two single numbers"):
        _fill("{z1 / x}")


def test_a_bank_with_a_bad_placeholder_names_the_problem_values():
    filled, error = fill_step("chain2:sigmoid:d1#7", "∂L/∂w1 = {dL/dw9}")
    assert filled is None and "{dL/dw9} names no value" in error and "dL/dw1" in error
    filled, error = fill_step("chain2:sigmoid:d1#7", "z1 = {z1}")
    assert error is None and filled == f"z1 = {problem_from_code('chain2:sigmoid:d1#7').values['z1']:.1f}"
