"""The syntax tree of a parsed answer, and how to write it back as text.

Frozen dataclasses, so equal answers compare equal and trees can be cached or used as keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

PREFIX_POWER = 30  # -x^2 is -(x^2), and 2*-3 still reads as 2*(-3)


@dataclass(frozen=True, slots=True)
class Num:
    value: Fraction  # exact: 0.1 is 1/10, 1.5e-3 is 3/2000


@dataclass(frozen=True, slots=True)
class Var:
    name: str


@dataclass(frozen=True, slots=True)
class Const:
    name: str  # "e" or "pi"


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-"
    operand: "Node"


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # "+", "-", "*", "/", "^"
    left: "Node"
    right: "Node"


@dataclass(frozen=True, slots=True)
class Call:
    name: str  # canonical: "ln" is read as "log"
    args: tuple["Node", ...]


Node = Num | Var | Const | Unary | Binary | Call


def free_variables(node: Node) -> set[str]:
    if isinstance(node, Var):
        return {node.name}
    if isinstance(node, Unary):
        return free_variables(node.operand)
    if isinstance(node, Binary):
        return free_variables(node.left) | free_variables(node.right)
    if isinstance(node, Call):
        return set().union(*(free_variables(a) for a in node.args))
    return set()


_TEXT_PRECEDENCE = {"+": 10, "-": 10, "*": 20, "/": 20, "^": 40}


def to_text(node: Node) -> str:
    """The expression written back in answer syntax, with only the parentheses it needs."""
    if isinstance(node, Num):
        value = node.value
        return str(value.numerator) if value.denominator == 1 else _decimal_or_fraction(value)
    if isinstance(node, (Var, Const)):
        return node.name
    if isinstance(node, Unary):
        inner = to_text(node.operand)
        wrap = (isinstance(node.operand, Binary) and node.operand.op != "^") or inner.startswith("-")
        return f"-({inner})" if wrap else f"-{inner}"
    if isinstance(node, Binary):
        power = _TEXT_PRECEDENCE[node.op]
        left, right = to_text(node.left), to_text(node.right)
        if _needs_parentheses(node.left, power, node.op == "^"):
            left = f"({left})"
        if _needs_parentheses(node.right, power, node.op != "^"):
            right = f"({right})"
        symbol = "^" if node.op == "^" else f" {node.op} " if node.op in "+-" else node.op
        return f"{left}{symbol}{right}"
    return f"{node.name}(" + ", ".join(to_text(a) for a in node.args) + ")"


def _needs_parentheses(child: Node, power: int, strict: bool) -> bool:
    if isinstance(child, Unary) or (isinstance(child, Num) and child.value < 0):
        return power >= PREFIX_POWER
    if isinstance(child, Num) and child.value.denominator != 1 and power >= 20:
        return "/" in _decimal_or_fraction(child.value)
    if not isinstance(child, Binary):
        return False
    child_power = _TEXT_PRECEDENCE[child.op]
    return child_power < power or (strict and child_power == power)


def _decimal_or_fraction(value: Fraction) -> str:
    text = repr(float(value))
    return text if Fraction(text) == value else f"{value.numerator}/{value.denominator}"
