"""Model answers of step questions written from the solver's own values.

A step question's texts (prompt, answer, note, explanation) may hold placeholders in braces that
are filled when the bank loads, from the problem its `code` names, so the explanation can never
disagree with the numbers on screen:

- `{z1}`, `{dL/dw1}`, `{x}`: a step's or a given value, as the solver prints it;
- `{(x)}`: the same, in parentheses when negative, for products such as `0.5·{(x)}`;
- `{sigmoid'(z1)}`, `{tanh'(z1)}`, `{relu'(z1)}`: that activation's derivative at a value;
- `{dL/dz1 / dL/dz4}`: the ratio of two values (spaces around the `/`), e.g. to compare gradients;
- `{{` and `}}`: literal braces.

No numbers are written by hand, so a change in what a code produces cannot leave a stale one.
Pure functions over a problem's values; the loader supplies the problem (no I/O here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_DERIVATIVE = re.compile(r"^(sigmoid|tanh|relu)'\((.+)\)$")
DERIVATIVE_FUNCTIONS = ("sigmoid", "tanh", "relu")


class TemplateError(ValueError):
    """A placeholder that names nothing the problem has."""


@dataclass(frozen=True)
class Placeholder:
    """One `{...}`: what it computes from the named values."""

    kind: str  # "value", "paren", "derivative" or "ratio"
    names: tuple[str, ...]
    function: str | None = None


def has_placeholders(text: str) -> bool:
    return "{" in text or "}" in text


def parse_placeholder(inner: str, known: Callable[[str], bool]) -> Placeholder:
    """Read the text between braces; `known(name)` says whether the problem has that value."""
    inner = inner.strip()
    if known(inner):  # first, as step ids may look like syntax: f'(z0), dL/dw1
        return Placeholder("value", (inner,))
    if inner.startswith("(") and inner.endswith(")") and known(inner[1:-1].strip()):
        return Placeholder("paren", (inner[1:-1].strip(),))
    derivative = _DERIVATIVE.match(inner)
    if derivative and known(derivative.group(2).strip()):
        return Placeholder("derivative", (derivative.group(2).strip(),), derivative.group(1))
    top, slash, bottom = inner.partition(" / ")
    if slash and known(top.strip()) and known(bottom.strip()):
        return Placeholder("ratio", (top.strip(), bottom.strip()))
    raise TemplateError(f"{{{inner}}} names no value of the problem")


def placeholders(text: str, known: Callable[[str], bool]) -> list[Placeholder]:
    """Every placeholder of `text`, raising TemplateError for the first that is not understood."""
    found = []
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) is not None:
            found.append(parse_placeholder(match.group(1), known))
    return found


def fill(text: str, values: Mapping[str, object], format_value: Callable[[object], str],
         derivative: Callable[[str, object], object]) -> str:
    """`text` with its placeholders replaced.

    `values` maps step ids and given names to values; `format_value` writes one as the solver
    does; `derivative(function, value)` is the named activation's derivative (None if undefined).
    """
    def known(name: str) -> bool:
        return name in values

    def replace(match: re.Match) -> str:
        if match.group(1) is None:
            return match.group(0)[0]
        placeholder = parse_placeholder(match.group(1), known)
        value = _evaluate(placeholder, values, derivative)
        written = format_value(value)
        if placeholder.kind == "paren" and written.startswith("-"):
            return f"({written})"
        return written

    return _PLACEHOLDER.sub(replace, text)


def _evaluate(placeholder: Placeholder, values: Mapping[str, object], derivative) -> object:
    first = values[placeholder.names[0]]
    if placeholder.kind == "derivative":
        return derivative(placeholder.function, first)
    if placeholder.kind == "ratio":
        second = values[placeholder.names[1]]
        if first is None or second is None:
            return None
        try:
            top, bottom = float(first), float(second)
        except TypeError:
            raise TemplateError(f"{{{placeholder.names[0]} / {placeholder.names[1]}}}: "
                                f"a ratio needs two single numbers") from None
        return None if bottom == 0.0 else top / bottom
    return first
