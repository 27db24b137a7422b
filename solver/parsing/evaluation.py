"""Float arithmetic for parsed expressions: each rule guarded so that it fails with a clear message.

Used both while parsing (to fold constant sub-expressions and check limits before anything large
is built) and by `solver.parsing.parser.evaluate`. Domain errors (log of 0, division by 0, overflow) become
`EvaluationError`, a ParseError, never a bare ZeroDivisionError or OverflowError.
"""

from __future__ import annotations

import math
import operator

from solver.parsing.tokens import ParseError


class EvaluationError(ParseError):
    """A well-formed expression whose value does not exist or cannot be represented at this point."""


def _too_large(what: str) -> EvaluationError:
    return EvaluationError(f"{what} is too large to compute", f"{what} 的结果太大，无法计算")


def sigmoid(z: float) -> float:
    # Two branches so that exp never overflows, whatever the sign of z.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def softplus(z: float) -> float:
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def evaluate_call(name: str, args: list[float]) -> float:
    x = args[0]
    if name == "exp":
        try:
            return math.exp(x)
        except OverflowError:
            raise _too_large(f"exp({x:g})") from None
    if name == "log":
        if x <= 0:
            raise EvaluationError(f"log({x:g}) is undefined: log needs a positive number",
                                  f"log({x:g}) 无定义：对数的自变量必须为正")
        return math.log(x)
    if name == "sqrt":
        if x < 0:
            raise EvaluationError(f"sqrt({x:g}) is not a real number", f"sqrt({x:g}) 不是实数")
        return math.sqrt(x)
    if name == "abs":
        return abs(x)
    if name == "sigmoid":
        return sigmoid(x)
    if name == "tanh":
        return math.tanh(x)
    if name in ("cosh", "sinh"):
        try:
            return math.cosh(x) if name == "cosh" else math.sinh(x)
        except OverflowError:
            raise _too_large(f"{name}({x:g})") from None
    if name == "sech":  # 1/cosh: only underflows, to 0, where cosh overflows
        return 0.0 if abs(x) > 710 else 1.0 / math.cosh(x)
    if name == "relu":
        return max(x, 0.0)
    if name == "softplus":
        return softplus(x)
    if name == "max":
        return max(args)
    if name == "min":
        return min(args)
    raise EvaluationError(f"unknown function {name}", f"未知函数 {name}")


# The four operations that keep rationals rational; the parser, the expression graph and the
# float evaluator all use this one table.
ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def evaluate_binary(op: str, a: float, b: float) -> float:
    if op == "/" and b == 0:
        raise EvaluationError(f"division by zero ({a:g}/0)", f"除以零（{a:g}/0）")
    if op in ARITHMETIC:
        result = ARITHMETIC[op](a, b)
    else:
        if a == 0 and b < 0:
            raise EvaluationError(f"division by zero (0^{b:g})", f"除以零（0^{b:g}）")
        if a < 0 and b != int(b):
            raise EvaluationError(f"({a:g})^{b:g} is not a real number", f"({a:g})^{b:g} 不是实数")
        try:
            result = math.pow(a, b)
        except OverflowError:
            raise _too_large(f"{a:g}^{b:g}") from None
    if math.isinf(result) and math.isfinite(a) and math.isfinite(b):
        raise _too_large(f"{a:g} {op} {b:g}")
    return result
