"""The answer parser: accepted notations, specific refusals, limits, and SymPy/float agreement."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.parsing.parser import (
    MAX_DEPTH,
    Binary,
    Call,
    EvaluationError,
    Num,
    ParseError,
    Unary,
    Var,
    evaluate,
    parse_answer,
    parse_expression,
    to_sympy,
)

finite_floats = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e100, max_value=1e100).filter(
    lambda f: f == 0 or abs(f) > 1e-100
)


@given(finite_floats)
@settings(max_examples=150)
def test_every_written_form_of_a_float_parses_back_to_it(value):
    forms = [repr(value), str(value), f"{value:.17e}", f"{value:.17E}"]
    exact = Fraction(value)
    forms.append(f"{exact.numerator}/{exact.denominator}")
    for form in forms:
        assert parse_answer(form) == value, form


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3/4", 0.75),
        ("  -0.5  ", -0.5),
        (".5", 0.5),
        ("1.5e-3", 0.0015),
        ("2E3", 2000.0),
        ("\u22122", -2.0),  # Unicode minus
        ("\uff10.\uff15", 0.5),  # full-width digits
        ("\uff0d\uff13\uff0f\uff14", -0.75),  # full-width minus and slash
        ("2\u00d73", 6.0),
        ("2\u00b73", 6.0),
        ("6\u00f74", 1.5),
        ("2^3", 8.0),
        ("2**3", 8.0),
        ("2^3^2", 512.0),  # right-associative
        ("-2^2", -4.0),  # unary minus binds looser than a power
        ("2^-1", 0.5),
        ("2*-3", -6.0),
        ("(1+2)*3", 9.0),
        ("1-2-3", -4.0),  # left-associative
        ("8/4/2", 1.0),
        ("e", math.e),
        ("pi", math.pi),
        ("\u03c0", math.pi),
        ("ln(e)", 1.0),
        ("exp(0)", 1.0),
        ("sqrt(16)", 4.0),
        ("abs(-3)", 3.0),
        ("sigmoid(0)", 0.5),
        ("tanh(0)", 0.0),
        ("relu(-2)", 0.0),
        ("softplus(0)", math.log(2)),
        ("max(1, 5, 3)", 5.0),
        ("min(1, -5)", -5.0),
        ("SIGMOID(0)", 0.5),
        ("\u03c3(0)", 0.5),  # σ, as the hints write the sigmoid
        ("2\u00b2", 4.0),  # superscript power
        ("10\u207b\u00b9", 0.1),
        ("\u00bd", 0.5),
        ("\u200b3\u00a0", 3.0),  # zero-width space and no-break space
    ],
)
def test_accepted_notations(text, expected):
    assert parse_answer(text) == pytest.approx(expected, rel=1e-15)


def test_plain_rationals_stay_exact_when_asked():
    assert parse_answer("3/4", exact=True) == Fraction(3, 4)
    assert parse_answer("0.1", exact=True) == Fraction(1, 10)
    assert parse_answer("(1/3)^2 - 1/9", exact=True) == 0
    assert isinstance(parse_answer("3/4"), float)
    assert isinstance(parse_answer("sqrt(2)", exact=True), float)  # irrational: no exact form


def test_vectors_and_matrices():
    np.testing.assert_array_equal(parse_answer("[0.1, -0.2]"), np.array([0.1, -0.2]))
    matrix = parse_answer("[[1, 2], [3, 4]]")
    assert matrix.shape == (2, 2) and matrix.dtype == float
    np.testing.assert_array_equal(matrix, [[1, 2], [3, 4]])
    np.testing.assert_allclose(parse_answer("[1/3, sqrt(4), -e]"), [1 / 3, 2, -math.e])
    exact = parse_answer("[[1/3, 2]]", exact=True)
    assert exact.dtype == object and exact[0, 0] == Fraction(1, 3)


@pytest.mark.parametrize("text", ["undefined", "UNDEFINED", " none ", "dne", "DNE", "\u4e0d\u5b58\u5728"])
def test_undefined_words(text):
    assert parse_answer(text) == "undefined"


def test_expressions_with_variables_become_sympy():
    x, z = sp.Symbol("x", real=True), sp.Symbol("z", real=True)
    got = parse_answer("sigmoid(z)*(1 - sigmoid(z))", ["z"])
    assert sp.simplify(got - sp.exp(-z) / (1 + sp.exp(-z)) ** 2) == 0
    assert parse_answer("x\u00b2 + 2x".replace("2x", "2*x"), ["x"]) == x**2 + 2 * x
    assert parse_answer("relu(x)", ["x"]) == sp.Max(x, 0)
    assert parse_answer("softplus(x)", ["x"]) == sp.log(1 + sp.exp(x))
    assert parse_answer("e^x", ["x"]) == sp.exp(x)


def test_ast_shape():
    node = parse_expression("-(x + 2) * y ^ 2", ["x", "y"])
    assert node == Binary("*", Unary("-", Binary("+", Var("x"), Num(Fraction(2)))),
                          Binary("^", Var("y"), Num(Fraction(2))))
    assert parse_expression("ln(x)", ["x"]) == Call("log", (Var("x"),))


@pytest.mark.parametrize(
    "text, message, column",
    [
        ("sigmod(x)", "unknown name 'sigmod' at column 1: did you mean sigmoid?", 1),
        ("2*(x+1", "unbalanced parenthesis at column 3: '(' is never closed", 3),
        ("(x + 1))", "unbalanced parenthesis at column 8: ')' without an opening one", 8),
        ("0,5", "decimal comma at column 2: use a decimal point: 0.5?", 2),
        ("2x", "missing operator between '2' and 'x' at column 2: write 2*x?", 2),
        ("1+", "incomplete answer: something is missing after '+' at column 2", 2),
        ("", "empty answer", None),
        ("()", "empty parentheses at column 1", 1),
        ("sigmoid", "'sigmoid' at column 1 is a function: write sigmoid(…)", 1),
        ("max(1)", "max at column 1 takes 2 to 10 argument(s), got 1", 1),
        ("[[1, 2], [3]]", "ragged matrix: row 2 (column 10) has 1 entry, row 1 has 2", 10),
        ("[]", "empty vector at column 1", 1),
        ("[[[1]]]", "at most two levels of brackets (a matrix) are allowed, column 3", 3),
        ("1/0", "division by zero at column 2", 2),
        ("x = 3", "unexpected '=' at column 3: type only the value, e.g. 0.25", 3),
        ("X", "unknown name 'X' at column 1: did you mean x?", 1),
        ("0.5.", "unexpected '.' at column 4", 4),
        ("x.real", "unexpected '.' at column 2: attribute access is not allowed", 2),
        ("1 000", "two numbers in a row at column 3: a space inside a number, or a missing operator?", 3),
        ("2(3)", "missing operator between '2' and '(' at column 2: write 2*(…)?", 2),
    ],
)
def test_refusals_are_specific(text, message, column):
    with pytest.raises(ParseError) as caught:
        parse_answer(text, ["x"])
    assert str(caught.value) == message
    assert caught.value.message_en == message
    assert caught.value.message_zh and caught.value.message_zh != message
    assert caught.value.column == column


def test_columns_count_original_characters():
    # The full-width characters are one column each, as the person typed them.
    with pytest.raises(ParseError) as caught:
        parse_answer("\uff11\uff0b\uff08\uff12")
    assert caught.value.column == 3


@pytest.mark.parametrize(
    "text, reason",
    [
        ("9^9^9^9", "exponent at column 4 is too large"),
        ("9**9**9**9", "exponent at column 5 is too large"),
        ("2^100000", "exponent at column 2 is too large"),
        ("1e999999", "out of range"),
        ("1e-999999", "out of range"),
        ("1e301", "too large"),
        ("10^300 * 10", "too large"),
        ("exp(1000)", "too large"),
        ("(" * 10_000 + "1", "too long"),
        ("(" * 60 + "1" + ")" * 60, "too deeply nested"),
        ("-" * 100 + "1", "too deeply nested"),
        ("sqrt(" * 60 + "1" + ")" * 60, "too deeply nested"),
        ("2^(x^2000)", "exponent at column 5 is too large"),
        ("1" * 400, "too large"),
    ],
)
def test_limits_refuse_before_computing(text, reason):
    with pytest.raises(ParseError) as caught:
        parse_answer(text, ["x"])
    assert reason in str(caught.value)


def test_depth_limit_is_the_documented_one():
    ok = "(" * (MAX_DEPTH - 1) + "1" + ")" * (MAX_DEPTH - 1)
    assert parse_answer(ok) == 1.0
    with pytest.raises(ParseError, match="too deeply nested"):
        parse_answer("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1))


def test_huge_exact_fractions_fall_back_to_floats():
    # (0.999999999^1000)^1000 has an exact form with millions of digits: we keep the float instead.
    value = parse_answer("(0.999999999^1000)^1000", exact=True)
    assert isinstance(value, float) and value == pytest.approx(0.999999999**1e6)


HOSTILE = [
    "__import__('os').system('ls')",
    "__import__(os)",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "[x for x in y]",
    "'str'",
    '"str"',
    "open('/etc/passwd')",
    "exec",
    "eval(1)",
    "import os",
    "x if x else y",
    "x.real",
    "{1: 2}",
    "1; 2",
    "a := 1",
    "9**9**9**9",
    "((((" * 2500,
    "1e999999",
    "\u202e1+2",  # right-to-left override
    "\ud800",  # lone surrogate
    "\x00",
    "\U0001f600",
    "\u0661\u0662",  # Arabic-Indic digits: NFKC leaves them, \d would accept them
    "\n\t",
    "[" * 300,
    "]" * 300,
    "max(" * 30,
    "sigmoid(sigmoid(sigmoid(x)))" * 10,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_inputs_get_a_value_or_a_parse_error(text):
    try:
        parse_answer(text, ["x", "y"])
    except ParseError as error:
        assert error.message_en and error.message_zh


@given(st.text(max_size=600))
@settings(max_examples=300, deadline=None)
def test_fuzz_arbitrary_text(text):
    try:
        parse_answer(text, ["x", "w1"])
    except ParseError:
        pass


_PIECES = ["x", "y", "1", "2.5", "e", "pi", "+", "-", "*", "/", "^", "**", "(", ")", "[", "]", ",", "exp(",
           "log(", "sigmoid(", "max(", "0,5", "9", "1e300", " ", "\u2212", "\u00d7", "__", "."]


@given(st.lists(st.sampled_from(_PIECES), max_size=60))
@settings(max_examples=400, deadline=None)
def test_fuzz_token_soup(pieces):
    text = "".join(pieces)
    try:
        result = parse_answer(text, ["x", "y"])
    except ParseError:
        return
    if isinstance(result, float):
        assert math.isfinite(result) and abs(result) <= 1e300


def test_evaluate_agrees_with_sympy():
    text = "sigmoid(x)*tanh(y) + softplus(x - y)^2 / (1 + abs(y)) - relu(-x) + max(x, y, 0) * ln(2 + x)"
    node = parse_expression(text, ["x", "y"])
    env = {"x": 0.7, "y": -1.3}
    symbolic = to_sympy(node)
    expected = float(symbolic.subs({sp.Symbol(k, real=True): v for k, v in env.items()}))
    assert evaluate(node, env) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "text, env, reason",
    [
        ("x/y", {"x": 1, "y": 0}, "division by zero"),
        ("log(x)", {"x": 0}, r"log\(0\) is undefined"),
        ("sqrt(x)", {"x": -1}, "not a real number"),
        ("exp(x)", {"x": 1000}, "too large"),
        ("x^y", {"x": -8, "y": 0.5}, "not a real number"),
        ("x*y", {"x": 1e300, "y": 1e300}, "too large"),
        ("x", {}, "no value given for 'x'"),
    ],
)
def test_evaluate_reports_domain_errors(text, env, reason):
    with pytest.raises(EvaluationError, match=reason):
        evaluate(parse_expression(text, ["x", "y"]), env)


def test_sigmoid_and_softplus_never_overflow():
    assert evaluate(parse_expression("sigmoid(x)", ["x"]), {"x": -1000}) == 0.0
    assert evaluate(parse_expression("softplus(x)", ["x"]), {"x": 1000}) == 1000.0


def test_product_code_never_hands_text_to_python_or_sympy_parsers():
    import io
    import pathlib
    import tokenize

    import solver

    forbidden = {"eval", "exec", "sympify", "parse_expr", "__import__", "S", "literal_eval"}
    package = pathlib.Path(solver.__file__).parent
    paths = [*(package / "parsing").glob("*.py"), package / "expression.py"]
    assert len(paths) >= 6
    for path in paths:
        source = path.read_text(encoding="utf-8")
        names = {tok.string for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                 if tok.type == tokenize.NAME}
        assert not names & forbidden, (path, names & forbidden)


@pytest.mark.parametrize("text", ["x + (0.999999999^1000)^1000", "x*(1.001^1000)^2*(1.001^1000)^3", "x * (7/3)^700 * (7/3)^700"])
def test_symbolic_answers_keep_huge_exact_constants_as_floats(text):
    # SymPy would otherwise build rationals with millions of digits as it constructs the expression.
    expr = parse_answer(text, ["x"])
    numbers = [atom for atom in expr.atoms(sp.Number) if atom.is_Rational]
    assert all(n.p.bit_length() + n.q.bit_length() <= 4000 for n in numbers)
    assert str(expr)  # printable: no integer beyond Python's 4300-digit str limit


# -- hyperbolic functions: 1/cosh(z)^2 is tanh'(z) -------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("cosh(0)", 1.0), ("sinh(0)", 0.0), ("sech(0)", 1.0), ("cosh(1)^2 - sinh(1)^2", 1.0),
    ("1/cosh(0.5)^2", 1 - math.tanh(0.5) ** 2), ("sech(1000)", 0.0),
])
def test_hyperbolic_functions(text, expected):
    assert parse_answer(text) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_hyperbolic_functions_agree_with_sympy_and_refuse_overflow():
    node = parse_expression("cosh(x)*sinh(y) - sech(x - y)^2", ["x", "y"])
    env = {"x": 0.7, "y": -1.3}
    expected = float(to_sympy(node).subs({sp.Symbol(k, real=True): v for k, v in env.items()}))
    assert evaluate(node, env) == pytest.approx(expected, rel=1e-12)
    for name in ("cosh", "sinh"):
        with pytest.raises(EvaluationError, match="too large"):
            evaluate(parse_expression(f"{name}(x)", ["x"]), {"x": 1000})
    with pytest.raises(ParseError, match="too large"):
        parse_answer("cosh(1000)")


@pytest.mark.parametrize("text, right", [
    ("1/cosh(z)^2", True), ("sech(z)^2", True), ("cosh(z)^(-2)", True), ("1/(cosh(z)*cosh(z))", True),
    ("(cosh(z)^2 - sinh(z)^2)/cosh(z)^2", True), ("1/cosh(z)", False), ("1/sinh(z)^2", False),
    ("sinh(z)/cosh(z)", False),
])
def test_the_tanh_derivative_in_hyperbolic_form(text, right):
    from solver.grading.grade import grade_expression

    assert grade_expression(text, "1 - tanh(z)^2", ["z"]).correct is right
