"""Reading typed answers: Unicode clean-up and the tokenizer under `solver.parsing.parser`.

People type answers with whatever their keyboard or input method gives them: full-width digits
from a Chinese IME, the typographic minus `−`, `×`, `·` and `÷`, superscript powers copied from
a textbook. We map those to the plain operators one character at a time, remembering for every
cleaned character which column of the original text it came from, so that error messages point
at what the person actually typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from solver.bilingual import pick

MAX_LENGTH = 500
MAX_DECIMAL_EXPONENT = 400  # 1e400 is already past the 1e300 number limit; refuse before building it
_LARGEST = 10**300


class ParseError(ValueError):
    """A refusal of a typed answer: a short bilingual message and the column it concerns (1-based)."""

    def __init__(self, message_en: str, message_zh: str, column: int | None = None):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh
        self.column = column

    def __str__(self) -> str:
        return self.message_en

    def message(self, language: str) -> str:
        return pick(self.message_zh, self.message_en, language, "\n")


# Characters a person means as an ASCII operator, beyond what NFKC already folds.
_OPERATOR_LOOKALIKES = {
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u00d7": "*",  # multiplication sign
    "\u00b7": "*",  # middle dot
    "\u22c5": "*",  # dot operator
    "\u2219": "*",  # bullet operator
    "\u2217": "*",  # asterisk operator
    "\u00f7": "/",  # division sign
    "\u2215": "/",  # division slash
    "\u2044": "/",  # fraction slash (NFKC turns ½ into 1⁄2)
    "\u3001": ",",  # ideographic comma
    "\u3010": "[",  # CJK brackets
    "\u3011": "]",
    "\u03c0": "pi",  # π
}
_SUPERSCRIPTS = {
    "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4",
    "\u2075": "5", "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9",
    "\u207b": "-", "\u207a": "+",
}


def normalise(text: str) -> tuple[str, list[int]]:
    """The cleaned text and, for each of its characters, the 1-based column it came from."""
    out: list[str] = []
    origin: list[int] = []
    in_superscript = False
    for index, char in enumerate(text):
        column = index + 1
        if char in _SUPERSCRIPTS:
            # x² is x^2; a run like x⁻¹⁰ is one exponent, x^-10.
            piece = _SUPERSCRIPTS[char] if in_superscript else "^" + _SUPERSCRIPTS[char]
            in_superscript = True
        else:
            in_superscript = False
            if char in _OPERATOR_LOOKALIKES:
                piece = _OPERATOR_LOOKALIKES[char]
            elif char.isspace():
                piece = " "
            elif unicodedata.category(char) == "Cf":
                piece = ""  # zero-width and direction marks: invisible, so never what was meant
            else:
                piece = unicodedata.normalize("NFKC", char)
                piece = "".join(_OPERATOR_LOOKALIKES.get(c, c) for c in piece)
        out.append(piece)
        origin.extend([column] * len(piece))
    return "".join(out), origin


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "num", "name", "op", "end"
    text: str
    column: int  # 1-based, in the original text
    value: Fraction | None = None


_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?")
_NAME = re.compile(r"[^\W\d]\w*")
_OPERATORS = ("**", "+", "-", "*", "/", "^", "(", ")", "[", "]", ",")


def _number_value(text: str, exponent_text: str | None, column: int) -> Fraction:
    if exponent_text is not None and abs(int(exponent_text)) > MAX_DECIMAL_EXPONENT:
        raise ParseError(
            f"number '{text}' at column {column} is out of range (the limit is 1e300)",
            f"第 {column} 列的数 '{text}' 超出范围（上限 1e300）",
            column,
        )
    value = Fraction(text)
    if abs(value) > _LARGEST:
        raise ParseError(
            f"number '{text}' at column {column} is too large (the limit is 1e300)",
            f"第 {column} 列的数 '{text}' 太大（上限 1e300）",
            column,
        )
    return value


def tokenize(text: str) -> list[Token]:
    """Tokens of `text`, ending with an "end" token; ParseError on anything outside the whitelist."""
    if len(text) > MAX_LENGTH:
        raise ParseError(
            f"answer too long ({len(text)} characters; the limit is {MAX_LENGTH})",
            f"答案太长（{len(text)} 个字符，上限 {MAX_LENGTH}）",
        )
    clean, origin = normalise(text)
    if len(clean) > 2 * MAX_LENGTH:
        raise ParseError(
            f"answer too long after normalisation (the limit is {MAX_LENGTH} characters)",
            f"答案规范化后太长（上限 {MAX_LENGTH} 个字符）",
        )
    tokens: list[Token] = []
    position = 0
    while position < len(clean):
        char = clean[position]
        column = origin[position]
        if char == " ":
            position += 1
            continue
        number = _NUMBER.match(clean, position)
        if number:
            tokens.append(Token("num", number.group(0), column,
                                _number_value(number.group(0), number.group(1), column)))
            position = number.end()
            continue
        name = _NAME.match(clean, position)
        if name:
            tokens.append(Token("name", name.group(0), column))
            position = name.end()
            continue
        for operator in _OPERATORS:
            if clean.startswith(operator, position):
                tokens.append(Token("op", operator, column))
                position += len(operator)
                break
        else:
            raise _unexpected_character(char, clean[position + 1:position + 2], column)
    end_column = (origin[-1] + 1) if origin else 1
    tokens.append(Token("end", "", end_column))
    return tokens


def _unexpected_character(char: str, following: str, column: int) -> ParseError:
    if char in "'\"`":
        return ParseError(f"quotes are not allowed (column {column}): type a number or an expression",
                          f"不能使用引号（第 {column} 列）：请输入数或表达式", column)
    if char == "." and not following[:1].isidentifier():
        return ParseError(f"unexpected '.' at column {column}", f"第 {column} 列出现意外的 '.'", column)
    if char == ".":
        return ParseError(f"unexpected '.' at column {column}: attribute access is not allowed",
                          f"第 {column} 列出现意外的 '.'：不允许属性访问", column)
    if char == "=":
        return ParseError(f"unexpected '=' at column {column}: type only the value, e.g. 0.25",
                          f"第 {column} 列出现意外的 '='：只需输入值，例如 0.25", column)
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    return ParseError(f"unexpected character '{shown}' at column {column}",
                      f"第 {column} 列出现无法识别的字符 '{shown}'", column)
