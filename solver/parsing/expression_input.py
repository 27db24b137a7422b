"""What a learner types for a bring-your-own expression: `L = (x + y)*z`, and the point
`x=-2, y=5, z=-4` at which to work it. Each refusal says what is wrong, in English and Chinese.
"""

from __future__ import annotations

import re

from solver.parsing.parser import CONSTANTS, FUNCTIONS, ParseError, parse_answer
from solver.parsing.tokens import normalise, tokenize

_IDENTIFIER = re.compile(r"[^\W\d]\w*")


class ExpressionError(ValueError):
    """A bring-your-own expression that cannot be solved as given, with a bilingual reason."""

    def __init__(self, message_en: str, message_zh: str):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh


def parse_at(text: str) -> dict[str, float]:
    """`x=-2, y=5, z=-4` (commas or semicolons) as {"x": -2.0, ...}; ExpressionError if malformed."""
    values: dict[str, float] = {}
    if text:
        text = normalise(text)[0]  # as the expression is: ｘ is x, ＝ is =, ，is a comma
    if not text or not text.strip():
        raise ExpressionError("--at is empty: give values like x=-2, y=5", "--at 为空：请给出取值，例如 x=-2, y=5")
    for item in _top_level_items(text):
        if not item.strip():
            continue
        if "=" not in item:
            raise ExpressionError(
                f"expected name=value in --at, got '{item.strip()}' (a decimal comma? use a point: 0.5)",
                f"--at 中应为 名字=值，实际为 '{item.strip()}'（是否用了小数逗号？请用小数点：0.5）")
        name, raw = (part.strip() for part in item.split("=", 1))
        if not _IDENTIFIER.fullmatch(name) or name in FUNCTIONS or name in CONSTANTS or name.startswith("_"):
            raise ExpressionError(f"'{name}' in --at is not a usable variable name",
                                  f"--at 中的 '{name}' 不能用作变量名")
        if name in values:
            raise ExpressionError(f"'{name}' is given twice in --at", f"--at 中 '{name}' 出现了两次")
        try:
            value = parse_answer(raw)
        except ParseError as error:
            raise ExpressionError(f"bad value for {name} in --at: {error.message_en}",
                                  f"--at 中 {name} 的值有误：{error.message_zh}") from None
        if not isinstance(value, float):
            raise ExpressionError(f"the value of {name} in --at must be a number, got '{raw}'",
                                  f"--at 中 {name} 的值必须是一个数，实际为 '{raw}'")
        values[name] = value
    return values


_SEPARATORS = ",;，；"


def _top_level_items(text: str) -> list[str]:
    """`text` cut at the separators outside brackets, so that `x=max(1, 2), y=3` is two items."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([（":
            depth += 1
        elif char in ")]）":
            depth = max(depth - 1, 0)
        elif char in _SEPARATORS and depth == 0:
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    return items


def split_name(text: str) -> tuple[str | None, str]:
    if "=" not in text:
        return None, text
    left, right = text.split("=", 1)
    name = left.strip()
    if not _IDENTIFIER.fullmatch(name) or name in FUNCTIONS or name in CONSTANTS or name.startswith("_"):
        raise ExpressionError(f"'{name}' cannot name the output: write e.g. L = (x + y)*z",
                              f"'{name}' 不能作为输出的名字：请写成例如 L = (x + y)*z")
    return name, right


def candidate_variables(text: str) -> list[str]:
    """Names in the text that are neither functions nor constants (nor called like functions)."""
    tokens = tokenize(text)
    names = []
    for token, following in zip(tokens, tokens[1:]):
        if token.kind == "name" and following.text != "(" and token.text.lower() not in FUNCTIONS \
                and token.text not in CONSTANTS and not token.text.startswith("_") and token.text not in names:
            names.append(token.text)
    return names
