"""Is a learner's formula the same function as the reference? Numbers first, then SymPy.

Both sides are parsed by our own parser (never `sympify`). They are first evaluated at a fixed
set of points with the parser's float evaluator: one clear disagreement is a proof that the
formulas differ, found in microseconds, and it gives the learner a concrete counterexample.
When they agree everywhere, SymPy tries to show the difference is 0 with a few cheap, bounded
rewrites (expand; exponentials for tanh, cosh, sinh, sech and sigmoid, over a common denominator), stopping at a
time budget and skipping expressions too large to rewrite quickly. SymPy's simplification is
incomplete anyway, so agreement at every point still credits the answer when no proof comes in
time: `proven` only says which way it was decided.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Iterable

from solver.parsing.parser import EvaluationError, Node, evaluate, parse_expression, to_sympy

# Spread over where activations bend and saturate, away from 0 and the integers (kinks, poles).
SAMPLE_POINTS = (-2.9, -1.7, -0.6, -0.13, 0.05, 0.37, 0.9, 1.6, 2.3, 3.4)
MIN_POINTS = 4
POINT_REL = 1e-8
SYMBOLIC_BUDGET = 0.010  # seconds: no new rewrite starts after this
MAX_OPS = 150  # beyond this many operations the rewrites may be slow: decide by the points alone
MAX_POWER = 12

FUNCTION_NAMES = frozenset(("exp", "log", "ln", "sqrt", "abs", "sigmoid", "tanh", "cosh", "sinh", "sech", "relu", "softplus",
                            "max", "min", "e", "pi"))


@dataclass(frozen=True)
class ExpressionMatch:
    equal: bool
    proven: bool  # SymPy showed the difference is 0 (else decided at the sample points)
    points: int  # how many points both sides were evaluated at
    counterexample: tuple[dict[str, float], float | None, float] | None = None  # (point, received, expected)


def variables_of(expected_text: str) -> tuple[str, ...]:
    """The variable names in one of our own reference formulas (trusted text)."""
    import re

    names = re.findall(r"[A-Za-z_][A-Za-z_0-9]*", expected_text)
    return tuple(dict.fromkeys(n for n in names if n not in FUNCTION_NAMES))


def _points(variables: tuple[str, ...]) -> Iterable[dict[str, float]]:
    count = len(SAMPLE_POINTS)
    for i in range(count):
        # Each variable walks the points with its own stride, so no two are tied together.
        yield {name: SAMPLE_POINTS[(i + 3 * k) % count] + 0.011 * k for k, name in enumerate(variables)}


def _value(node: Node, env: dict[str, float]) -> float | None:
    try:
        value = evaluate(node, env)
    except EvaluationError:
        return None
    return value if math.isfinite(value) else None


def compare_expressions(received: Node, expected: Node, variables: tuple[str, ...],
                        budget: float = SYMBOLIC_BUDGET) -> ExpressionMatch:
    checked = 0
    for env in _points(variables):
        want = _value(expected, env)
        if want is None:
            continue  # outside the reference's domain: nothing to compare
        got = _value(received, env)
        if got is None or not math.isclose(got, want, rel_tol=POINT_REL, abs_tol=POINT_REL):
            return ExpressionMatch(False, False, checked + 1, (env, got, want))
        checked += 1
    proven = _difference_is_zero(received, expected, budget)
    if checked < MIN_POINTS and not proven:
        return ExpressionMatch(False, False, checked)
    return ExpressionMatch(True, proven, checked)


def _difference_is_zero(received: Node, expected: Node, budget: float) -> bool:
    import sympy as sp

    deadline = time.perf_counter() + budget
    difference = to_sympy(received) - to_sympy(expected)
    if difference == 0:
        return True
    if sp.count_ops(difference) > MAX_OPS or any(
        power.exp.is_Integer and abs(int(power.exp)) > MAX_POWER for power in difference.atoms(sp.Pow)
    ):
        return False
    # Cheapest first: expanding proves polynomial identities such as (1 - t)(1 + t) = 1 - t².
    # Then, with tanh and sigmoid written with exponentials, both sides are rational functions
    # of exp(±z): over a common denominator the numerator expands to 0 exactly when they are
    # equal. (SymPy's `cancel` and `simplify` proved nothing more on our answers and cost 2-10x.)
    rewrites = (
        sp.expand,
        lambda d: sp.expand(sp.together(d.rewrite(sp.exp))),
    )
    for rewrite in rewrites:
        if time.perf_counter() > deadline:
            return False
        try:
            if rewrite(difference) == 0:
                return True
        except Exception:  # noqa: BLE001 - SymPy can fail in many ways; the sample points have decided already
            return False
    return False


_warmed = False


def warm_up() -> None:
    """Import SymPy and prove one small identity, so that the first formula a learner types is
    graded within the usual budget instead of paying about a second of imports. For a background
    thread of an interface; once done it costs nothing."""
    global _warmed
    if _warmed:
        return
    _difference_is_zero(parse_formula("x*(1 - x)", ("x",)), parse_formula("x - x^2", ("x",)), budget=5.0)
    _warmed = True


def parse_formula(text: str, variables: Iterable[str]) -> Node:
    """The learner's formula as our AST (ParseError on anything outside the whitelist)."""
    return parse_expression(text, tuple(variables))
