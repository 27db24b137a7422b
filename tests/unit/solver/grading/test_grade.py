"""The grader on hand-picked cases: tolerances, shapes, 'undefined', formulas, carried-forward errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.generate import problem_from_code
from solver.grading.grade import VERDICTS, Verdict, grade_expression, grade_number, grade_step
from solver.grading.mistakes import CATALOGUE


# -- numbers -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["0.2689", "0.26894", "2.689e-1", "26.89/100", " 0.2689 ", "0.268941"])
def test_four_significant_figures_are_correct(text):
    verdict = grade_number(text, 0.2689414213699951)
    assert verdict.correct and verdict.verdict == "correct", verdict


def test_fewer_figures_ask_for_more_digits_without_giving_the_value_away():
    verdict = grade_number("0.2685", 0.2689414213699951)
    assert not verdict.correct and verdict.verdict == "more_digits" and verdict.asks_again
    assert "keep more digits" in verdict.message_en and "3 significant figures" in verdict.message_en
    assert "give 4" in verdict.message_en and "4 位有效数字" in verdict.message_zh and "前 3 位" in verdict.message_zh
    assert "0.2689" not in verdict.message_en + verdict.message_zh
    assert "2 significant figures" in grade_number("0.27", 0.2689414213699951).message_en


@pytest.mark.parametrize("text", ["0.3", "0.28", "-0.2689", "0.2589", "1", "0"])
def test_values_further_off_are_wrong(text):
    verdict = grade_number(text, 0.2689414213699951)
    assert not verdict.correct and verdict.verdict == "wrong"
    assert "0.268941" in verdict.message_en


def test_truncated_or_rounded_to_four_figures_but_not_off_by_one_in_the_last():
    assert grade_number("0.2689", 0.26899).verdict == "correct"  # truncated
    assert grade_number("0.2690", 0.26899).verdict == "correct"  # rounded
    assert grade_number("0.2691", 0.26899).verdict == "more_digits"
    assert grade_number("0.2688", 0.26899).verdict == "more_digits"


DEEP = "deep-chain:6:sigmoid:d2"


def _vanishing_gradient():
    """A problem whose first weight's gradient is tiny: found from the solver, not hard-coded."""
    for seed in range(200):
        problem = problem_from_code(f"{DEEP}#{seed}")
        value = float(problem.values["dL/dw1"])
        if 0 < abs(value) < 1e-4:
            return problem, value
    pytest.fail("no deep chain with a vanishing first gradient")  # pragma: no cover


def test_a_vanishing_gradient_is_graded_to_its_own_size():
    problem, value = _vanishing_gradient()
    zero = grade_step(problem, "dL/dw1", "0")
    assert zero.verdict == "wrong" and "not 0" in zero.message_en and "不是 0" in zero.message_zh
    flipped = grade_step(problem, "dL/dw1", f"{-value:.4g}")
    assert not flipped.correct
    assert grade_step(problem, "dL/dw1", f"{value:.4g}").verdict == "correct"
    assert grade_step(problem, "dL/dw1", f"{value:.2g}").verdict == "more_digits"
    assert grade_step(problem, "dL/dw1", f"{value * 1.5:.4g}").verdict == "wrong"


def test_an_exact_zero_is_graded_exactly():
    assert grade_number("0", 0.0).verdict == "correct"
    assert grade_number("0", 0.1 + 0.2 - 0.3).verdict == "correct"  # float noise is 0 to a person
    tiny = grade_number("1e-6", 0.0)
    assert tiny.verdict == "wrong" and "exactly 0" in tiny.message_en and "恰好是 0" in tiny.message_zh


def test_a_flipped_sign_is_named():
    verdict = grade_number("-0.2689", 0.2689414213699951)
    assert "sign is wrong" in verdict.message_en and "符号反了" in verdict.message_zh


def test_caller_tolerances_and_figures():
    assert grade_number("0.27", 0.2689, rel_tol=0.01).correct
    assert not grade_number("0.2689", 0.2700, rel_tol=0, abs_tol=0.001).correct
    assert grade_number("0.2695", 0.2700, rel_tol=0, abs_tol=0.001).verdict == "close"
    assert grade_number("0.269", 0.2689414, figures=3).verdict == "correct"
    assert grade_number("0.27", 0.2689414, figures=3).verdict == "more_digits"
    assert grade_number("0.27", 0.2689414, figures=2).verdict == "correct"


def test_the_precision_is_stated_in_both_languages():
    from solver.grading.grade import precision_note

    zh, en = precision_note()
    assert "4 significant figures" in en and "4 位有效数字" in zh
    assert "3 significant figures" in precision_note(3)[1]


def test_refused_input_is_a_verdict_not_an_exception():
    verdict = grade_number("sigmod(1)", 0.5)
    assert verdict.verdict == "refused" and not verdict.correct and verdict.received is None
    assert "sigmoid" in verdict.message_en and verdict.message_zh


def test_undefined_only_where_the_value_does_not_exist():
    assert grade_number("undefined", None).verdict == "correct"
    assert grade_number("不存在", None).verdict == "correct"
    wrong = grade_number("0", None)
    assert wrong.verdict == "wrong" and "undefined" in wrong.message_en
    exists = grade_number("undefined", 0.5)
    assert exists.verdict == "wrong" and "exists" in exists.message_en


# -- vectors and matrices ------------------------------------------------------------------------
def test_matrix_shape_first_then_entries():
    expected = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    transposed = grade_number("[[1, 3, 5], [2, 4, 6]]", expected)
    assert transposed.verdict == "wrong"
    assert "expected a 3x2 matrix, got a 2x3 matrix: did you transpose?" in transposed.message_en
    off = grade_number("[[1, 2], [3, 4.5], [5, 7]]", expected)
    assert off.verdict == "wrong"
    assert "row 2 column 2" in off.message_en and "row 3 column 2" in off.message_en
    assert "row 1" not in off.message_en
    assert "第 2 行第 2 列" in off.message_zh
    assert grade_number("[[1, 2], [3, 4], [5, 6]]", expected).verdict == "correct"


def test_vector_entries_and_lenient_shapes():
    assert grade_number("[0.5, -0.25]", np.array([0.5, -0.25])).verdict == "correct"
    assert grade_number("[[0.5], [-0.25]]", np.array([0.5, -0.25])).verdict == "correct"
    assert grade_number("0.5", np.array([0.5])).verdict == "correct"
    short = grade_number("[0.5]", np.array([0.5, -0.25]))
    assert short.verdict == "wrong" and "a vector of 2" in short.message_en
    off = grade_number("[0.5, 0.25]", np.array([0.5, -0.25]))
    assert "entry 2" in off.message_en and "entry 1" not in off.message_en


# -- formulas ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "sigmoid(z)*(1-sigmoid(z))",
    "sigmoid(z) - sigmoid(z)^2",
    "exp(-z)/(1+exp(-z))^2",
    "exp(z)/(1+exp(z))^2",
    "1/(1+e^(-z)) * (1 - 1/(1+e^(-z)))",
])
def test_equivalent_formulas_are_accepted(text):
    verdict = grade_expression(text, "sigmoid(z)*(1 - sigmoid(z))", ["z"])
    assert verdict.correct and verdict.verdict == "correct", verdict.message_en


def test_a_different_formula_gets_a_counterexample():
    verdict = grade_expression("sigmoid(z)*(1+sigmoid(z))", "sigmoid(z)*(1 - sigmoid(z))")
    assert verdict.verdict == "wrong"
    assert "at z = " in verdict.message_en and "yours gives" in verdict.message_en


def test_tanh_identities():
    for text in ("1 - tanh(z)^2", "(1 - tanh(z))*(1 + tanh(z))", "4/(exp(z) + exp(-z))^2"):
        assert grade_expression(text, "1 - tanh(z)^2").correct, text
    assert not grade_expression("1 - tanh(z)", "1 - tanh(z)^2").correct


def test_formula_with_an_unknown_variable_is_refused():
    verdict = grade_expression("sigmoid(x)", "sigmoid(z)")
    assert verdict.verdict == "refused" and "'x'" in verdict.message_en


# -- steps of problems ---------------------------------------------------------------------------
CHAIN = "chain2:sigmoid:d1#368"  # x = -1, w1 = -1, w2 = 1, t = 0, eta = 0.25


def test_error_carried_forward_is_consistent_and_credited():
    problem = problem_from_code(CHAIN)
    assert problem.values["z1"] == 1.0
    z1_wrong = grade_step(problem, "z1", "2")
    assert z1_wrong.verdict == "wrong"
    a1_from_wrong_z1 = 1 / (1 + np.exp(-2.0))
    verdict = grade_step(problem, "a1", f"{a1_from_wrong_z1:.4f}", {"z1": 2.0})
    assert verdict.correct and verdict.verdict == "consistent" and verdict.carried_forward
    assert "earlier value of z1" in verdict.message_en and "你前面算出的 z1" in verdict.message_zh
    # The true value is still correct, whatever came before.
    assert grade_step(problem, "a1", f"{problem.values['a1']:.4f}", {"z1": 2.0}).verdict == "correct"
    # A value right for neither is wrong.
    assert grade_step(problem, "a1", "0.5", {"z1": 2.0}).verdict == "wrong"


def test_rounded_earlier_answers_are_not_errors():
    problem = problem_from_code(CHAIN)
    earlier = {"z1": 1.0, "a1": 0.7311, "y": 0.7311, "dL/dy": 0.7311}
    verdict = grade_step(problem, "dL/dw2", f"{0.7311 * 0.7311:.6f}", earlier)
    assert verdict.verdict == "correct" and not verdict.carried_forward


def test_named_mistake_shows_both_languages_and_the_formula():
    problem = problem_from_code(CHAIN)
    verdict = grade_step(problem, "dL/dz1", repr(float(problem.values["dL/da1"])))
    assert verdict.verdict == "wrong" and verdict.mistake == "forgot_activation_derivative"
    info = CATALOGUE["forgot_activation_derivative"]
    assert info.name_en in verdict.message_en and info.name_zh in verdict.message_zh
    assert problem.spec("dL/dz1").formula(problem.template.display_names) in verdict.message_en


def test_undefined_step_of_activation_derivative():
    from solver.generate import read_code

    for seed in range(200):  # find a relu problem evaluated at its kink
        problem = problem_from_code(f"activation-derivative:relu:d2#{seed}")
        if problem.values["f'(z0)"] is None:
            break
    else:  # pragma: no cover - the d2 pool contains 0
        pytest.fail("no relu problem at 0")
    assert read_code(problem.code).difficulty == 2
    assert grade_step(problem, "f'(z0)", "undefined").verdict == "correct"
    assert grade_step(problem, "f'(z0)", "0").verdict == "wrong"


def test_symbolic_step_of_a_problem():
    problem = problem_from_code("activation-derivative:tanh:d1#1")
    assert grade_step(problem, "f'(z)", "1 - tanh(z)*tanh(z)").verdict == "correct"
    assert grade_step(problem, "f'(z)", "tanh(z)").verdict == "wrong"


def test_verdict_round_trips_through_json():
    problem = problem_from_code("mlp:2-2-1:sigmoid:half_sse:d1#3")
    verdict = grade_step(problem, "dL/dW1", "[[1, 2], [3, 4]]")
    data = json.loads(json.dumps(verdict.to_dict()))
    assert set(data) >= {"correct", "verdict", "message", "mistake", "carried_forward"}
    again = Verdict.from_dict(data)
    assert again.verdict == verdict.verdict and again.message_en == verdict.message_en
    assert np.allclose(again.expected, verdict.expected)
    assert verdict.message("both") == f"{verdict.message_zh}\n{verdict.message_en}"


def test_undefined_for_a_formula_and_list_references():
    verdict = grade_expression("undefined", "1 - tanh(z)^2")
    assert verdict.verdict == "wrong" and "1 - tanh(z)^2" in verdict.message_en
    assert grade_number("[1, 2]", [1, 2]).verdict == "correct"
    assert grade_number("2", 2).verdict == "correct"


TEXTS = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789.+-*/^()[], ezsigmoidtanhexpundefined−×÷", max_size=40),
    st.sampled_from(["__import__('os')", "9^9^9^9", "1e999999", "z^1000^1000", "[[1,2],[3]]", "lambda: 1",
                     "exp(exp(exp(z)))", "(" * 60 + "1" + ")" * 60, "0,5", "１．５", "sigmoid(z)" * 40]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gets_a_verdict_never_an_exception(text):
    numeric = problem_from_code("mlp:2-2-1:sigmoid:half_sse:d1#1")
    symbolic = problem_from_code("activation-derivative:tanh:d1#1")
    for problem, step_id in ((numeric, "dL/dW1"), (numeric, "L"), (symbolic, "f'(z)"), (symbolic, "f'(z0)")):
        verdict = grade_step(problem, step_id, text, {"z1": 0.5})
        assert verdict.verdict in VERDICTS
        assert verdict.message_en and verdict.message_zh
        json.dumps(verdict.to_dict())


def test_warm_up_leaves_sympy_loaded_and_formulas_still_grade():
    import sys

    from solver.grading import symbolic as grade_symbolic

    grade_symbolic.warm_up()
    grade_symbolic.warm_up()  # a second call returns at once
    assert "sympy" in sys.modules and grade_symbolic._warmed
    assert grade_expression("sigmoid(z)*(1 - sigmoid(z))", "sigmoid(z) - sigmoid(z)^2", ("z",)).correct


# -- which step was carried, and the mistakes named further down the chain ------------------------
def _truths(problem, step_ids):
    return {s: problem.values[s] for s in step_ids}


def test_the_carried_message_names_the_step_whose_value_was_carried():
    problem = problem_from_code("chain2:sigmoid:d1#1768")
    v = problem.values
    before = problem.template.step_ids[:problem.template.step_ids.index("dL/dw1")]
    earlier = _truths(problem, before)
    earlier["y"] = float(v["y"]) + 0.25  # an early slip, answered past: dL/dy was then right again
    earlier["dL/dz1"] = 2 * float(v["dL/dz1"])  # the slip dL/dw1 is built on
    verdict = grade_step(problem, "dL/dw1", repr(2 * float(v["dL/dz1"]) * float(v["x"])), earlier)
    assert verdict.verdict == "consistent" and verdict.carried_forward
    assert "earlier value of ∂L/∂z1" in verdict.message_en and "你前面算出的 ∂L/∂z1" in verdict.message_zh
    assert " y " not in verdict.message_en


def _problem_where(codes, step_id, mistake_id):
    """The first problem (from the solver's own codes) where a mistake changes the value."""
    for code in codes:
        problem = problem_from_code(code)
        if step_id in problem.template.step_ids and any(m.id == mistake_id for m in problem.spec(step_id).mistakes):
            wrong = next(m for m in problem.spec(step_id).mistakes if m.id == mistake_id).compute(problem.values)
            if not np.allclose(np.asarray(wrong, dtype=float), np.asarray(problem.values[step_id], dtype=float)):
                return problem, np.asarray(wrong, dtype=float)
    pytest.fail(f"no problem shows {mistake_id} on {step_id}")  # pragma: no cover


def _text(value) -> str:
    return json.dumps(np.asarray(value, dtype=float).tolist())


def _assert_named(verdict, mistake_id):
    info = CATALOGUE[mistake_id]
    assert verdict.verdict == "wrong" and verdict.mistake == mistake_id, verdict.message_en
    assert info.name_en in verdict.message_en and info.name_zh in verdict.message_zh


def test_delta_times_z_where_delta_times_a_belongs():
    codes = [f"mlp:2-2-1:sigmoid:half_sse:d1#{seed}" for seed in range(20)]
    problem, _ = _problem_where(codes, "dL/dW2", "preactivation_for_activation")
    v = problem.values
    wrong = np.outer(v["dL/dz2"], v["z1"])  # δ2·z1ᵀ, from the definition
    _assert_named(grade_step(problem, "dL/dW2", _text(wrong)), "preactivation_for_activation")
    chain, _ = _problem_where([f"chain2:tanh:d2#{s}" for s in range(20)], "dL/dw2", "preactivation_for_activation")
    wrong = float(chain.values["dL/dz2"] if "dL/dz2" in chain.values else chain.values["dL/dy"]) * float(chain.values["z1"])
    _assert_named(grade_step(chain, "dL/dw2", repr(wrong)), "preactivation_for_activation")


@pytest.mark.parametrize("activation, value", [("sigmoid", lambda z: 1 / (1 + np.exp(-z))), ("tanh", np.tanh)])
def test_the_activation_given_for_its_derivative(activation, value):
    problem, _ = _problem_where([f"chain2:{activation}:d1#{s}" for s in range(20)], "dL/dz1",
                                "activation_for_derivative")
    v = problem.values
    wrong = float(v["dL/da1"]) * float(value(float(v["z1"])))  # g·σ(z) for g·σ'(z)
    _assert_named(grade_step(problem, "dL/dz1", repr(wrong)), "activation_for_derivative")
    single = problem_from_code(f"activation-derivative:{activation}:d1#1")
    z0 = float(single.given["z0"])
    _assert_named(grade_step(single, "f'(z0)", repr(float(value(z0)))), "activation_for_derivative")


def test_a_sign_flipped_further_down_the_chain():
    problem = problem_from_code("chain2:sigmoid:d1#1768")
    v = problem.values
    before = problem.template.step_ids[:problem.template.step_ids.index("dL/dw1")]
    verdict = grade_step(problem, "dL/dw1", repr(-float(v["dL/dw1"])), _truths(problem, before))
    _assert_named(verdict, "sign_flipped")
    # Flipped relative to the learner's own (wrong) dL/dz1: still the sign slipped at this step.
    earlier = _truths(problem, before) | {"dL/dz1": 2 * float(v["dL/dz1"])}
    verdict = grade_step(problem, "dL/dw1", repr(-2 * float(v["dL/dz1"]) * float(v["x"])), earlier)
    _assert_named(verdict, "sign_flipped")


def test_mistake_messages_read_as_sentences():
    problem = problem_from_code("chain2:sigmoid:d1#1768")
    verdict = grade_step(problem, "dL/dy", repr(-float(problem.values["dL/dy"])))
    assert verdict.mistake == "sign_error_residual"
    assert "a common slip gives exactly this, writing t - y for y - t." in verdict.message_en
    assert "你可能把 y - t 写成了 t - y。" in verdict.message_zh
    for info in CATALOGUE.values():
        assert not info.name_en[0].isupper() and "you " not in info.name_en
        assert info.advice_zh.endswith("。") and info.advice_en.endswith(".")
