"""From a parsed tree to numbers and SymPy: `evaluate` with floats, `to_sympy` node by node.

SymPy is imported inside `to_sympy` only: it is slow to import and most answers are numbers.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from solver.parsing.tree import Binary, Const, Node, Num, Unary, Var
from solver.parsing.evaluation import EvaluationError, evaluate_binary, evaluate_call
from solver.parsing.tokens import ParseError

MAX_EXACT_BITS = 4_000  # exact rationals beyond ~1200 digits are not worth their cost: fall back to floats


def evaluate(node: Node, env: Mapping[str, float]) -> float:
    """The float value of an AST with the variables in `env`; EvaluationError where it does not exist."""
    if isinstance(node, Num):
        return float(node.value)
    if isinstance(node, Var):
        if node.name not in env:
            raise EvaluationError(f"no value given for '{node.name}'", f"没有给出 '{node.name}' 的值")
        return float(env[node.name])
    if isinstance(node, Const):
        return math.e if node.name == "e" else math.pi
    if isinstance(node, Unary):
        return -evaluate(node.operand, env)
    if isinstance(node, Binary):
        return evaluate_binary(node.op, evaluate(node.left, env), evaluate(node.right, env))
    return evaluate_call(node.name, [evaluate(a, env) for a in node.args])


def to_sympy(node: Node, symbols: Mapping[str, Any] | None = None):
    """The SymPy expression of an AST, built node by node (variables are real symbols)."""
    import sympy as sp

    cache: dict[str, Any] = dict(symbols or {})

    def bounded(value):
        # SymPy evaluates numeric sub-expressions exactly as they are built; an exact rational with
        # thousands of digits (say (0.999999999^1000)^1000) costs seconds, so keep it as a float.
        if value.is_Rational and value.p.bit_length() + value.q.bit_length() > MAX_EXACT_BITS:
            return sp.Float(value.p, 30) / sp.Float(value.q, 30)
        if value.is_Add or value.is_Mul:  # a coefficient merged from several factors or terms
            huge = {a: bounded(a) for a in value.args if a.is_Rational and bounded(a) is not a}
            if huge:
                return value.xreplace(huge)
        return value

    def power(base, exponent):
        if base.is_Rational and exponent.is_Integer:
            size = base.p.bit_length() + base.q.bit_length()
            if size * abs(int(exponent)) > MAX_EXACT_BITS:
                base = sp.Float(base, 30)
        return bounded(sp.Pow(base, exponent))

    def build(n: Node):
        return bounded(build_node(n))

    def build_node(n: Node):
        if isinstance(n, Num):
            return sp.Integer(n.value.numerator) if n.value.denominator == 1 else sp.Rational(
                n.value.numerator, n.value.denominator)
        if isinstance(n, Var):
            if n.name not in cache:
                cache[n.name] = sp.Symbol(n.name, real=True)
            return cache[n.name]
        if isinstance(n, Const):
            return sp.E if n.name == "e" else sp.pi
        if isinstance(n, Unary):
            return sp.Mul(sp.Integer(-1), build(n.operand))
        if isinstance(n, Binary):
            left, right = build(n.left), build(n.right)
            if n.op == "+":
                return sp.Add(left, right)
            if n.op == "-":
                return sp.Add(left, sp.Mul(sp.Integer(-1), right))
            if n.op == "*":
                return sp.Mul(left, right)
            if n.op == "/":
                return sp.Mul(left, power(right, sp.Integer(-1)))
            return power(left, right)
        args = [build(a) for a in n.args]
        name = n.name
        if name == "exp":
            return sp.exp(args[0])
        if name == "log":
            return sp.log(args[0])
        if name == "sqrt":
            return sp.sqrt(args[0])
        if name == "abs":
            return sp.Abs(args[0])
        if name == "tanh":
            return sp.tanh(args[0])
        if name == "cosh":
            return sp.cosh(args[0])
        if name == "sinh":
            return sp.sinh(args[0])
        if name == "sech":
            return sp.sech(args[0])
        if name == "sigmoid":
            return sp.Pow(sp.Add(sp.Integer(1), sp.exp(sp.Mul(sp.Integer(-1), args[0]))), sp.Integer(-1))
        if name == "relu":
            return sp.Max(args[0], sp.Integer(0))
        if name == "softplus":
            return sp.log(sp.Add(sp.Integer(1), sp.exp(args[0])))
        if name == "max":
            return sp.Max(*args)
        if name == "min":
            return sp.Min(*args)
        raise ParseError(f"unknown function {name}", f"未知函数 {name}", None)

    return build(node)
