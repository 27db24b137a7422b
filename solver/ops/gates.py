"""The gates of a scalar expression's computational graph (CS231n style): each forward rule beside
its local derivatives. The table registers each as the operation `gate.<name>` (solver.ops.table),
which the engine's local style traces (solver.graph.local).

Rules work on floats and on Fractions (for the rational gates), so one definition serves the
float solve and the exact forms. `KINK_NOTES` says, in both languages, what is done where a
derivative does not exist, and `at_kink` where that is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from solver.parsing.parser import EvaluationError
from solver.parsing.evaluation import ARITHMETIC, evaluate_binary, evaluate_call

MAX_EXACT_BITS = 1_000  # ~300 digits: beyond this an exact form is unreadable (and slow): show the decimal only
_ONE = Fraction(1)  # constant local gradients: exact in the exact solve, made floats in the float solve


@dataclass(frozen=True)
class Local:
    """∂out/∂(operand i): its formula over {0}, {1}, … standing for `uses`, and its rule."""

    expression: str
    uses: tuple[str, ...]  # "a0", "a1", … (operand values) or "out" (the node's own value)
    rule: Callable[..., object]


@dataclass(frozen=True)
class Op:
    name: str
    label_zh: str
    label_en: str
    forward: Callable[..., object]
    locals: Callable[[int], tuple[Local, ...]]  # arity -> one Local per operand
    rational: bool  # maps rationals to rationals, so exact forms exist


def _one(a):
    return a * 0 + 1


def _exact_size(value: Fraction) -> int:
    return value.numerator.bit_length() + value.denominator.bit_length()


def binary_rule(op: str):
    def forward(a, b):
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            if op == "/" and b == 0:
                raise EvaluationError("division by zero", "除以零")
            if op in ARITHMETIC:
                return ARITHMETIC[op](a, b)
            if b.denominator == 1 and a != 0:
                if _exact_size(a) * abs(b.numerator) > MAX_EXACT_BITS:
                    raise EvaluationError("the exact form is too long", "精确形式太长")
                return a ** int(b)
        return evaluate_binary(op, float(a), float(b))
    return forward


def _call(name: str):
    return lambda *args: evaluate_call(name, [float(a) for a in args])


def _pow_base(a, b):
    if a == 0 and b < 1:
        return None  # the slope of a^b at 0 is infinite for b < 1: no derivative
    return b * binary_rule("^")(a, b - 1)


def _pow_exponent(a, out):
    return None if a <= 0 else out * math.log(float(a))


def _sign(a):
    return _one(a) if a > 0 else -_one(a) if a < 0 else a * 0  # 0 at 0: the subgradient convention


def _extreme_share(pick: Callable):
    def locals_for(arity: int) -> tuple[Local, ...]:
        def share(i):
            def rule(*args):
                best = pick(args)
                ties = sum(1 for a in args if a == best)
                return (_one(args[i]) / ties) if args[i] == best else args[i] * 0
            return rule
        operands = tuple(f"a{j}" for j in range(arity))
        word = "largest" if pick is max else "smallest"
        return tuple(Local(f"[{{{i}}} is the {word}]", operands, share(i)) for i in range(arity))
    return locals_for


GATES: dict[str, Op] = {op.name: op for op in (
    Op("add", "加法门", "add gate", binary_rule("+"),
       lambda n: (Local("1", (), lambda: _ONE), Local("1", (), lambda: _ONE)), True),
    Op("sub", "减法门", "subtract gate", binary_rule("-"),
       lambda n: (Local("1", (), lambda: _ONE), Local("-1", (), lambda: -_ONE)), True),
    Op("mul", "乘法门", "multiply gate", binary_rule("*"),
       lambda n: (Local("{0}", ("a1",), lambda b: b), Local("{0}", ("a0",), lambda a: a)), True),
    Op("div", "除法门", "divide gate", binary_rule("/"),
       lambda n: (Local("1/{0}", ("a1",), lambda b: binary_rule("/")(_one(b), b)),
                  Local("-{0}/{1}^2", ("a0", "a1"), lambda a, b: binary_rule("/")(-a, b * b))), True),
    Op("pow", "幂运算门", "power gate", binary_rule("^"),
       lambda n: (Local("{1}·{0}^({1} - 1)", ("a0", "a1"), _pow_base),
                  Local("{1}·ln({0})", ("a0", "out"), _pow_exponent)), False),
    Op("neg", "取负门", "negate gate", lambda a: -a, lambda n: (Local("-1", (), lambda: -_ONE),), True),
    Op("exp", "指数门", "exp gate", _call("exp"), lambda n: (Local("{0}", ("out",), lambda o: o),), False),
    Op("log", "对数门", "log gate", _call("log"),
       lambda n: (Local("1/{0}", ("a0",), lambda a: 1.0 / a),), False),
    Op("sqrt", "平方根门", "sqrt gate", _call("sqrt"),
       lambda n: (Local("1/(2·{0})", ("out",), lambda o: None if o == 0 else 0.5 / o),), False),
    Op("abs", "绝对值门", "abs gate", lambda a: abs(a), lambda n: (Local("sign({0})", ("a0",), _sign),), True),
    Op("sigmoid", "sigmoid 门", "sigmoid gate", _call("sigmoid"),
       lambda n: (Local("{0}·(1 - {0})", ("out",), lambda s: s * (1 - s)),), False),
    Op("tanh", "tanh 门", "tanh gate", _call("tanh"),
       lambda n: (Local("1 - {0}^2", ("out",), lambda t: 1 - t * t),), False),
    Op("cosh", "cosh 门", "cosh gate", _call("cosh"),
       lambda n: (Local("sinh({0})", ("a0",), lambda a: evaluate_call("sinh", [float(a)])),), False),
    Op("sinh", "sinh 门", "sinh gate", _call("sinh"),
       lambda n: (Local("cosh({0})", ("a0",), lambda a: evaluate_call("cosh", [float(a)])),), False),
    Op("sech", "sech 门", "sech gate", _call("sech"),
       lambda n: (Local("-{0}·tanh({1})", ("out", "a0"), lambda o, a: -o * evaluate_call("tanh", [float(a)])),),
       False),
    Op("relu", "ReLU 门", "ReLU gate", lambda a: a if a > 0 else a * 0,
       lambda n: (Local("[{0} > 0]", ("a0",), lambda a: _one(a) if a > 0 else a * 0),), True),
    Op("softplus", "softplus 门", "softplus gate", _call("softplus"),
       lambda n: (Local("sigmoid({0})", ("a0",), lambda a: evaluate_call("sigmoid", [float(a)])),), False),
    Op("max", "最大值门", "max gate", lambda *a: max(a), _extreme_share(max), True),
    Op("min", "最小值门", "min gate", lambda *a: min(a), _extreme_share(min), True),
)}
BINARY_OPS = {"+": "add", "-": "sub", "*": "mul", "/": "div", "^": "pow"}
VARIADIC = ("max", "min")  # max(a, b, c, …): as many inputs as the call has


def arity(name: str) -> int:
    """How many inputs the gate takes (two for max and min unless a call has more)."""
    return 2 if name in VARIADIC else len(GATES[name].locals(2))

SYMBOLS = {"add": "{0} + {1}", "sub": "{0} - {1}", "mul": "{0}·{1}", "div": "{0}/{1}", "pow": "{0}^{1}",
            "neg": "-{0}"}

# Where a derivative does not exist, the convention used, in both languages.
KINK_NOTES = {
    "relu": ("ReLU 在 0 处不可导（左导数 0，右导数 1）；这里按框架的惯例取次梯度 0。",
             "ReLU has no derivative at 0 (left slope 0, right slope 1); as the frameworks do, we use the "
             "subgradient 0."),
    "abs": ("|a| 在 0 处不可导（左导数 -1，右导数 1）；这里取次梯度 0（即 sign(0) = 0）。",
            "|a| has no derivative at 0 (slopes -1 and 1); we use the subgradient 0, i.e. sign(0) = 0."),
    "max": ("多个参数并列最大时 max 不可导；这里把梯度平均分给并列的参数（与 PyTorch 的 maximum 相同）。",
            "max has no derivative where arguments tie for the largest; we split the gradient equally "
            "among the tied arguments (as PyTorch's maximum does)."),
    "min": ("多个参数并列最小时 min 不可导；这里把梯度平均分给并列的参数。",
            "min has no derivative where arguments tie for the smallest; we split the gradient equally "
            "among the tied arguments."),
    "sqrt": ("sqrt 在 0 处的斜率为无穷大，导数不存在（答 undefined）。",
             "sqrt has an infinite slope at 0, so the derivative does not exist there (answer 'undefined')."),
    "pow": ("幂在底数为 0（指数小于 1）或底数不为正（对指数求导，需要 ln 底数）时导数不存在（答 undefined）。",
            "The power has no derivative at base 0 with exponent below 1, nor with respect to the exponent "
            "when the base is not positive (that needs ln of the base): answer 'undefined'."),
}


def guarded(rule: Callable, exact: bool, args):
    """A rule's value, or None where it does not exist; floats unless this is the exact solve."""
    try:
        result = rule(*args)
    except (EvaluationError, ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None
    if result is None:
        return None
    if exact and isinstance(result, (Fraction, int)):
        result = Fraction(result)
        return result if _exact_size(result) <= MAX_EXACT_BITS else None
    result = float(result)
    return result if math.isfinite(result) else None


def at_kink(name: str, slot: int, args: list[float], out: float, constant_exponent: bool) -> bool:
    """Whether ∂out/∂(input at slot) does not exist at this point (a kink or a singularity),
    so that the convention of `KINK_NOTES` is used or the value is None."""
    a = args[slot]
    if name in ("relu", "abs") and a == 0:
        return True
    if name in ("max", "min") and sum(1 for v in args if v == a) > 1 and a == (max if name == "max" else min)(args):
        return True
    if name == "sqrt" and out == 0:
        return True
    if name == "pow":
        base, exponent = args
        if slot == 0 and base == 0 and exponent < 1:
            return True
        if slot == 1 and not constant_exponent and base <= 0:
            return True
    return False

