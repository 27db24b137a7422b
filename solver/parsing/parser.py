"""A safe parser for what learners type: numbers, vectors, matrices and small formulas.

Nothing typed here is ever handed to Python (`eval`, `exec`) or to SymPy's string parsers
(`sympify`, `parse_expr`): a Pratt parser walks our own tokens over a whitelist of operators,
names and functions, and `to_sympy` builds SymPy objects node by node. Limits are structural,
checked while parsing and before anything large is computed: input length, nesting depth,
literal exponents, the size of numbers and of exact fractions.
"""

from __future__ import annotations

import difflib
import keyword
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterable

import numpy as np

from solver.parsing.tree import PREFIX_POWER, Binary, Call, Const, Node, Num, Unary, Var, free_variables, to_text
from solver.parsing.evaluation import ARITHMETIC, EvaluationError, evaluate_call
from solver.parsing.symbolic import MAX_EXACT_BITS, evaluate, to_sympy
from solver.parsing.tokens import MAX_LENGTH, ParseError, Token, tokenize

__all__ = [
    "Answer", "Binary", "Call", "Const", "EvaluationError", "FUNCTIONS", "MAX_DEPTH", "MAX_EXPONENT",
    "MAX_LENGTH", "MAX_NUMBER", "Node", "Num", "ParseError", "Unary", "Var", "evaluate", "free_variables",
    "is_undefined", "parse_answer", "parse_expression", "to_sympy", "to_text",
]

MAX_DEPTH = 50
MAX_EXPONENT = 1000
MAX_NUMBER = 1e300

# function name -> (least, most) number of arguments
FUNCTIONS: dict[str, tuple[int, int]] = {
    "exp": (1, 1), "log": (1, 1), "ln": (1, 1), "sqrt": (1, 1), "abs": (1, 1), "sigmoid": (1, 1),
    "tanh": (1, 1), "cosh": (1, 1), "sinh": (1, 1), "sech": (1, 1), "relu": (1, 1), "softplus": (1, 1), "max": (2, 10), "min": (2, 10),
}
CONSTANTS = ("e", "pi")
ALIASES = {"\u03c3": "sigmoid"}  # σ(z), as our own formulas and hints write the sigmoid
UNDEFINED_WORDS = ("undefined", "undef", "none", "dne", "不存在", "无定义", "未定义")
Answer = Any  # float | Fraction | np.ndarray | "undefined" | sympy.Expr




@dataclass(frozen=True, slots=True)
class _Folded:
    """What is known of a constant sub-expression while parsing: its float value and exact form."""

    value: float
    exact: Fraction | None


_INFIX = {"+": 10, "-": 10, "*": 20, "/": 20, "^": 40, "**": 40}


def _error(en: str, zh: str, column: int | None) -> ParseError:
    return ParseError(en, zh, column)


class _Parser:
    def __init__(self, text: str, variables: Iterable[str]):
        self.tokens: list[Token] = tokenize(text)
        self.position = 0
        self.depth = 0
        self.variables = tuple(variables)
        self.folded: dict[int, _Folded | None] = {}

    # -- token plumbing -------------------------------------------------------------------------
    def peek(self) -> Token:
        return self.tokens[self.position]

    def advance(self) -> Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def enter(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error(f"too deeply nested at column {column} (the limit is {MAX_DEPTH} levels)",
                         f"第 {column} 列嵌套太深（上限 {MAX_DEPTH} 层）", column)

    def leave(self) -> None:
        self.depth -= 1

    def expect_closer(self, closer: str, opener: Token) -> None:
        token = self.peek()
        if token.kind == "op" and token.text == closer:
            self.advance()
            return
        if token.kind == "end":
            kind_en, kind_zh = ("parenthesis", "括号") if opener.text == "(" else ("bracket", "方括号")
            raise _error(f"unbalanced {kind_en} at column {opener.column}: '{opener.text}' is never closed",
                         f"第 {opener.column} 列的{kind_zh} '{opener.text}' 没有闭合", opener.column)
        raise self.stray(token)

    def stray(self, token: Token) -> ParseError:
        """The error for a token that cannot follow a complete operand."""
        column = token.column
        if token.kind == "num" and self.tokens[self.position - 1].kind == "num":
            return _error(f"two numbers in a row at column {column}: a space inside a number, or a missing operator?",
                          f"第 {column} 列连续出现两个数：数中间有空格，还是缺少运算符？", column)
        if token.kind in ("num", "name") or token.text in ("(", "["):
            previous = self.tokens[self.position - 1].text
            wanted = f"{previous}*{token.text}" + ("…)" if token.text == "(" else "…]" if token.text == "[" else "")
            return _error(
                f"missing operator between '{previous}' and '{token.text}' at column {column}: write {wanted}?",
                f"第 {column} 列 '{previous}' 与 '{token.text}' 之间缺少运算符：是否应写作 {wanted}？",
                column)
        if token.text in (")", "]"):
            kind_en, kind_zh = ("parenthesis", "括号") if token.text == ")" else ("bracket", "方括号")
            return _error(f"unbalanced {kind_en} at column {column}: '{token.text}' without an opening one",
                          f"第 {column} 列的{kind_zh} '{token.text}' 没有对应的左{kind_zh}", column)
        if token.text == ",":
            previous, following = self.tokens[self.position - 1], self.tokens[self.position + 1]
            if previous.kind == "num" and following.kind == "num" and "." not in previous.text:
                suggestion = f"{previous.text}.{following.text}"
                return _error(f"decimal comma at column {column}: use a decimal point: {suggestion}?",
                              f"第 {column} 列使用了小数逗号：请用小数点，是否为 {suggestion}？", column)
            return _error(f"unexpected ',' at column {column}: separate values only inside [ ] or a function's ( )",
                          f"第 {column} 列出现意外的 ','：逗号只能用在 [ ] 或函数的括号中", column)
        return _error(f"unexpected '{token.text}' at column {column}",
                      f"第 {column} 列出现意外的 '{token.text}'", column)

    # -- expressions ----------------------------------------------------------------------------
    def expression(self, min_power: int = 0) -> Node:
        left = self.prefix()
        while True:
            token = self.peek()
            power = _INFIX.get(token.text) if token.kind == "op" else None
            if power is None or power <= min_power:
                return left
            self.advance()
            if token.text in ("^", "**"):
                self.enter(token.column)
                right = self.expression(power - 1)  # right-associative: 2^3^2 is 2^(3^2)
                self.leave()
                left = self.power(left, right, token)
            else:
                right = self.expression(power)
                left = self.binary(token.text, left, right, token)

    def prefix(self) -> Node:
        token = self.advance()
        if token.kind == "num":
            node = Num(token.value)
            self.folded[id(node)] = _Folded(float(token.value), token.value)
            return node
        if token.kind == "name":
            return self.name(token)
        if token.text in ("-", "+"):
            self.enter(token.column)
            operand = self.expression(PREFIX_POWER)
            self.leave()
            if token.text == "+":
                return operand
            node = Unary("-", operand)
            inner = self.folded.get(id(operand))
            self.folded[id(node)] = None if inner is None else _Folded(
                -inner.value, None if inner.exact is None else -inner.exact)
            return node
        if token.text == "(":
            self.enter(token.column)
            if self.peek().text == ")":
                raise _error(f"empty parentheses at column {token.column}",
                             f"第 {token.column} 列是空括号", token.column)
            node = self.expression()
            self.expect_closer(")", token)
            self.leave()
            return node
        if token.text == "[":
            raise _error(f"a vector or matrix at column {token.column} must be the whole answer",
                         f"第 {token.column} 列的向量或矩阵必须是整个答案", token.column)
        if token.kind == "end":
            if self.position == 1:
                raise _error("empty answer", "答案为空", None)
            previous = self.tokens[self.position - 2]
            raise _error(f"incomplete answer: something is missing after '{previous.text}' at column "
                         f"{previous.column}",
                         f"答案不完整：第 {previous.column} 列的 '{previous.text}' 之后缺少内容", previous.column)
        if token.text == ")":
            raise self._stray_closer(token)
        raise _error(f"unexpected '{token.text}' at column {token.column}",
                     f"第 {token.column} 列出现意外的 '{token.text}'", token.column)

    def _stray_closer(self, token: Token) -> ParseError:
        return _error(f"unbalanced parenthesis at column {token.column}: ')' without an opening one",
                      f"第 {token.column} 列的括号 ')' 没有对应的左括号", token.column)

    def name(self, token: Token) -> Node:
        text, column = token.text, token.column
        following = self.peek()
        canonical = ALIASES.get(text, text.lower())
        if canonical in FUNCTIONS and text not in self.variables:
            if following.text != "(":
                raise _error(f"'{text}' at column {column} is a function: write {canonical}(…)",
                             f"第 {column} 列的 '{text}' 是函数：请写成 {canonical}(…)", column)
            return self.call(canonical, token)
        if text in self.variables or text in CONSTANTS:
            if following.text == "(":
                raise _error(f"missing operator between '{text}' and '(' at column {following.column}: "
                             f"write {text}*(…)?",
                             f"第 {following.column} 列 '{text}' 与 '(' 之间缺少运算符：是否应写作 {text}*(…)？",
                             following.column)
            if text in self.variables:
                node: Node = Var(text)
                self.folded[id(node)] = None
            else:
                node = Const(text)
                self.folded[id(node)] = _Folded(math.e if text == "e" else math.pi, None)
            return node
        raise self.unknown_name(text, column)

    def unknown_name(self, text: str, column: int) -> ParseError:
        if text.startswith("_") or keyword.iskeyword(text):
            return _error(f"'{text}' at column {column} is not allowed: only numbers, operators, "
                          f"{self.allowed_names()} may be used",
                          f"第 {column} 列的 '{text}' 不被允许：只能使用数、运算符、{self.allowed_names()}", column)
        candidates = [*self.variables, *FUNCTIONS, *CONSTANTS]
        close = difflib.get_close_matches(text, candidates, n=1, cutoff=0.6)
        if not close:
            close = [c for c in candidates if c.lower() == text.lower()]
        if close:
            return _error(f"unknown name '{text}' at column {column}: did you mean {close[0]}?",
                          f"第 {column} 列的名字 '{text}' 无法识别：是否想写 {close[0]}？", column)
        return _error(f"unknown name '{text}' at column {column}: allowed are {self.allowed_names()}",
                      f"第 {column} 列的名字 '{text}' 无法识别：可用的有 {self.allowed_names()}", column)

    def allowed_names(self) -> str:
        names = ", ".join(self.variables) if self.variables else "-"
        return f"variables {names}; e, pi; functions {', '.join(FUNCTIONS)}"

    def call(self, name: str, token: Token) -> Node:
        opener = self.advance()
        self.enter(opener.column)
        args: list[Node] = []
        if self.peek().text == ")":
            raise _error(f"{name}() at column {token.column} needs an argument",
                         f"第 {token.column} 列的 {name}() 缺少参数", token.column)
        while True:
            args.append(self.expression())
            if self.peek().text == ",":
                self.advance()
                continue
            self.expect_closer(")", opener)
            break
        self.leave()
        least, most = FUNCTIONS[name]
        if not least <= len(args) <= most:
            wanted = str(least) if least == most else f"{least} to {most}"
            raise _error(f"{name} at column {token.column} takes {wanted} argument(s), got {len(args)}",
                         f"第 {token.column} 列的 {name} 需要 {wanted} 个参数，实际为 {len(args)} 个", token.column)
        canonical = "log" if name == "ln" else name
        node = Call(canonical, tuple(args))
        folded = [self.folded.get(id(a)) for a in args]
        if any(f is None for f in folded):
            self.folded[id(node)] = None
            return node
        try:
            value = evaluate_call(canonical, [f.value for f in folded])
        except EvaluationError as error:
            raise _error(f"{error.message_en} (column {token.column})",
                         f"{error.message_zh}（第 {token.column} 列）", token.column) from None
        exact = None
        if canonical in ("abs", "relu", "max", "min") and all(f.exact is not None for f in folded):
            exacts = [f.exact for f in folded]
            exact = {"abs": lambda: abs(exacts[0]), "relu": lambda: max(exacts[0], Fraction(0)),
                     "max": lambda: max(exacts), "min": lambda: min(exacts)}[canonical]()
        self.folded[id(node)] = self.checked(_Folded(value, exact), token)
        return node

    def checked(self, folded: _Folded, token: Token) -> _Folded:
        if not math.isfinite(folded.value) or abs(folded.value) > MAX_NUMBER:
            raise _error(f"the value at column {token.column} is too large (the limit is 1e300)",
                         f"第 {token.column} 列的值太大（上限 1e300）", token.column)
        exact = folded.exact
        if exact is not None and exact.numerator.bit_length() + exact.denominator.bit_length() > MAX_EXACT_BITS:
            exact = None
        return _Folded(folded.value, exact)

    def binary(self, op: str, left: Node, right: Node, token: Token) -> Node:
        node = Binary(op, left, right)
        a, b = self.folded.get(id(left)), self.folded.get(id(right))
        if op == "/" and b is not None and b.value == 0 and (b.exact is None or b.exact == 0):
            raise _error(f"division by zero at column {token.column}",
                         f"第 {token.column} 列除以零", token.column)
        if a is None or b is None:
            self.folded[id(node)] = None
            return node
        if a.exact is not None and b.exact is not None:
            exact = ARITHMETIC[op](a.exact, b.exact)
            value = float(exact) if abs(exact) <= MAX_NUMBER else math.inf
        else:
            exact = None
            value = ARITHMETIC[op](a.value, b.value) if op != "/" or b.value else math.inf
        self.folded[id(node)] = self.checked(_Folded(value, exact), token)
        return node

    def power(self, base: Node, exponent: Node, token: Token) -> Node:
        node = Binary("^", base, exponent)
        a, b = self.folded.get(id(base)), self.folded.get(id(exponent))
        column = token.column
        if b is not None and abs(b.value) > MAX_EXPONENT:
            raise _error(f"exponent at column {column} is too large ({b.value:g}; the limit is {MAX_EXPONENT})",
                         f"第 {column} 列的指数太大（{b.value:g}，上限 {MAX_EXPONENT}）", column)
        if a is None or b is None:
            self.folded[id(node)] = None
            return node
        if a.value == 0 and b.value < 0:
            raise _error(f"division by zero at column {column}: 0 to a negative power",
                         f"第 {column} 列除以零：0 的负数次幂", column)
        integral = b.value == int(b.value)
        if a.value < 0 and not integral:
            raise _error(f"a negative number to a fractional power at column {column} is not a real number",
                         f"第 {column} 列负数的分数次幂不是实数", column)
        if a.value != 0 and b.value * math.log10(abs(a.value)) > 300:
            raise _error(f"the value at column {column} is too large (the limit is 1e300)",
                         f"第 {column} 列的值太大（上限 1e300）", column)
        value = math.pow(a.value, b.value) if a.value != 0 or b.value > 0 else 1.0
        exact = None
        if a.exact is not None and b.exact is not None and b.exact.denominator == 1:
            size = a.exact.numerator.bit_length() + a.exact.denominator.bit_length()
            if size * abs(b.exact.numerator) <= MAX_EXACT_BITS:
                exact = a.exact ** int(b.exact)
                value = float(exact)
        self.folded[id(node)] = self.checked(_Folded(value, exact), token)
        return node

    # -- whole answers --------------------------------------------------------------------------
    def finish(self) -> None:
        token = self.peek()
        if token.kind != "end":
            raise self._stray_closer(token) if token.text == ")" else self.stray(token)

    def array(self) -> list:
        """`[a, b]` or `[[a, b], [c, d]]`, every entry a constant expression."""
        opener = self.advance()
        rows: list = []
        matrix = self.peek().text == "["
        if self.peek().text == "]":
            raise _error(f"empty vector at column {opener.column}", f"第 {opener.column} 列是空向量", opener.column)
        while True:
            if matrix:
                if self.peek().text != "[":
                    raise _error(f"expected a row '[…]' at column {self.peek().column}: a matrix is [[1, 2], [3, 4]]",
                                 f"第 {self.peek().column} 列应为一行 '[…]'：矩阵写作 [[1, 2], [3, 4]]",
                                 self.peek().column)
                row_opener = self.peek()
                row = self.array_row()
                if rows and len(row) != len(rows[0]):
                    raise _error(f"ragged matrix: row {len(rows) + 1} (column {row_opener.column}) has {len(row)} "
                                 f"{'entry' if len(row) == 1 else 'entries'}, row 1 has {len(rows[0])}",
                                 f"矩阵各行长度不一：第 {len(rows) + 1} 行（第 {row_opener.column} 列）有 {len(row)} "
                                 f"个元素，第 1 行有 {len(rows[0])} 个", row_opener.column)
                rows.append(row)
            else:
                rows.append(self.entry())
            if self.peek().text == ",":
                self.advance()
                continue
            self.expect_closer("]", opener)
            return rows

    def array_row(self) -> list:
        opener = self.advance()
        if self.peek().text == "[":
            raise _error(f"at most two levels of brackets (a matrix) are allowed, column {self.peek().column}",
                         f"最多两层方括号（矩阵），第 {self.peek().column} 列", self.peek().column)
        if self.peek().text == "]":
            raise _error(f"empty row at column {opener.column}", f"第 {opener.column} 列是空行", opener.column)
        row = [self.entry()]
        while self.peek().text == ",":
            self.advance()
            row.append(self.entry())
        self.expect_closer("]", opener)
        return row

    def entry(self) -> _Folded:
        start = self.peek()
        if start.text == "[":
            raise _error(f"unexpected '[' at column {start.column}: a vector's entries are numbers",
                         f"第 {start.column} 列出现意外的 '['：向量的元素应为数", start.column)
        node = self.expression()
        folded = self.folded.get(id(node))
        if folded is None:
            raise _error(f"entries of a vector or matrix must be numbers (column {start.column})",
                         f"向量或矩阵的元素必须是数（第 {start.column} 列）", start.column)
        return folded


def is_undefined(text: str) -> bool:
    return text.strip().lower() in UNDEFINED_WORDS


def parse_expression(text: str, variables: Iterable[str] = ()) -> Node:
    """The AST of `text`; ParseError (never anything else) on input outside the whitelist."""
    if not isinstance(text, str):
        raise ParseError("the answer must be text", "答案必须是文本", None)
    parser = _Parser(text, variables)
    node = parser.expression()
    parser.finish()
    return node


def parse_answer(text: str, variables: Iterable[str] = (), *, exact: bool = False) -> Answer:
    """A typed answer as a float (Fraction with exact=True), NumPy array, "undefined" or SymPy expression."""
    if not isinstance(text, str):
        raise ParseError("the answer must be text", "答案必须是文本", None)
    if len(text) <= MAX_LENGTH and is_undefined(text):
        return "undefined"
    parser = _Parser(text, variables)
    if parser.peek().text == "[":
        rows = parser.array()
        parser.finish()
        if exact and all(_all_exact(row) for row in rows):
            return np.array(_map_rows(rows, lambda f: f.exact), dtype=object)
        return np.array(_map_rows(rows, lambda f: f.value), dtype=float)
    node = parser.expression()
    parser.finish()
    folded = parser.folded.get(id(node))
    if folded is None:
        return to_sympy(node)
    if folded.exact is not None:
        return folded.exact if exact else float(folded.exact)
    return folded.value


def _all_exact(row) -> bool:
    return all(_all_exact(item) for item in row) if isinstance(row, list) else row.exact is not None


def _map_rows(rows, function):
    return [_map_rows(item, function) if isinstance(item, list) else function(item) for item in rows]
