"""Which key points of a model answer a learner's free text mentions.

A hint shown before the learner rates their own answer, not a verdict. A point is covered when
the text has one of its keywords (either language: learners mix them) or states one of its
formulas; a point whose formula the text gets wrong (`w = w + η·g` for `w - eta*g`) is not
covered, whatever keywords it also has.

Keywords:
- Text and keywords are compared after NFKC (full-width letters and digits become ASCII) and
  case folding.
- A keyword with a Chinese character matches as a substring, ignoring whitespace.
- A keyword with formula symbols (`f'(z)`, `(y - t)·a1`, `w·x + b`) matches literally, ignoring
  spaces and multiplication signs: a prime, a sign or a bracket must be there. `−` is `-`, `′`
  is `'`, `←` and `:=` are `=`.
- Any other keyword matches whole words: "rate" does not match "accurate". Words are runs of
  letters and digits; everything else separates them, and a phrase also matches with its words
  run together, so "back-propagation", "back propagation" and "backpropagation" are one keyword.
  A final plural -s/-es/-ies is ignored.

Formulas (`formulas = ["w - eta*g"]`) are in answer syntax over a small vocabulary (`FORMULA_NAMES`).
Each `=` of the text (or `←`, `:=`) gives the expressions on either side; the learner's usual
names are read as ours (η, lr, α -> eta; ∂L/∂w, dL/dW, ∇L, grad -> g; W, θ -> w; y_true ->
t; ŷ -> y), and an expression is parsed by the solver's own whitelisting parser (never eval)
and compared with the formula at a few points.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from questions.checks import FORMULA_NAMES
from questions.schema import Point

_SYMBOLIC = re.compile(r"[()'=+*/^·∂←∇]|\s-\s|\b\w-\w\b")
_TIMES = str.maketrans({"·": "", "*": "", "×": "", "′": "'", "’": "'", "−": "-", "←": "="})
_STOPS = re.compile(r"[,;，。；：:\n、]|\b(?:where|with|and|then|so|which|i\.e)\b")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x2FA1F or 0x3000 <= code <= 0x303F)


def _words(folded: str) -> list[str]:
    words, current = [], []
    for char in folded:
        if char.isalnum() and not _is_cjk(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _forms(word: str) -> set[str]:
    """The word and its singular guesses: weights -> weight, biases -> bias, entries -> entry."""
    forms = {word}
    if len(word) >= 4 and word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
    return forms


def _literal(folded: str) -> str:
    return "".join(folded.replace(":=", "=").translate(_TIMES).split())


# --- formulas in free text ------------------------------------------------------------------------

# Longest first: the learner's names for the quantities of FORMULA_NAMES.
_NAME_RULES = tuple((re.compile(pattern), name) for pattern, name in (
    (r"[∂d]\s*[le]\s*/\s*[∂d]\s*(?:w|θ|theta)\w*|∇\s*_?\s*(?:w|θ)?\s*l|\bgrad(?:ient)?s?\b|梯度", " g "),
    (r"[∂d]\s*[le]\s*/\s*[∂d]\s*y\b", " g "),
    (r"\bη\b|η|\beta\b|\blr\b|\balpha\b|α|\blearning[_ ]rate\b|学习率", " eta "),
    (r"\by_?\{?true\}?|\btarget\b|\by_?label\b", " t "),
    (r"ŷ|\by_?hat\b|\by_?pred\b", " y "),
    (r"\b(?:w|θ|theta)\d*\b|\bweights?\b|权重", " w "),
    (r"\b([azxb])\d+\b", r" \1 "),
))
_IMPLICIT = re.compile(r"(?<=[\w)])\s+(?=[\w(])|(?<=\d)(?=[a-z(])|(?<=\))(?=[\w(])")


def _as_formula_text(segment: str) -> str:
    for pattern, name in _NAME_RULES:
        segment = pattern.sub(name, segment)
    segment = segment.replace("·", "*").replace("×", "*").replace("−", "-")
    return _IMPLICIT.sub("*", segment.strip())


_CJK_ASIDE = re.compile(r"\([^()]*[\u3400-\u9fff][^()]*\)")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\u3000-\u303f]+")


def _candidates(folded: str) -> list[str]:
    """Expressions the text equates to something: each side of every `=`, trimmed of prose."""
    text = folded.replace(":=", "=").replace("←", "=").replace("->", "=")
    text = _CJK_RUN.sub("\n", _CJK_ASIDE.sub(" ", text))  # Chinese around a formula is prose
    found = []
    for statement in _STOPS.split(text):
        sides = statement.split("=")
        if len(sides) < 2:
            continue
        for index, side in enumerate(sides):
            words = side.strip().rstrip(".。!?！？").split()
            # Prose may run into a formula on either side: keep the words nearest the `=`.
            keep = words[:8] if index > 0 else words[-8:]
            found.append(" ".join(keep))
    return found


_POINTS = ({"w": 0.7, "b": -0.4, "x": 1.3, "z": 0.45, "a": 0.61, "y": 0.9, "t": -0.35, "eta": 0.17, "g": 1.9},
           {"w": -1.2, "b": 0.8, "x": -0.6, "z": -1.1, "a": 0.27, "y": -0.5, "t": 1.4, "eta": 0.6, "g": -0.8})


@lru_cache(maxsize=4096)
def _parsed(text: str):
    """The expression and its values at the probe points, or None when it is not a formula."""
    from solver.parsing.parser import ParseError, evaluate, free_variables, parse_expression

    try:
        node = parse_expression(text, FORMULA_NAMES)
        variables = frozenset(free_variables(node))
        if not variables:
            return None
        return variables, tuple(evaluate(node, point) for point in _POINTS)
    except (ParseError, ArithmeticError, ValueError, TypeError):
        return None


def _formula_in(candidate: str):
    """The longest reading of a candidate as a formula, (variables, values, whole): prose words
    at its far end are dropped; `whole` says nothing but plain words was dropped, so that a
    formula cut short (`w·x` of `w·x + b(...)`) is not taken for a different formula."""
    words = candidate.split()
    for drop in range(min(len(words), 6)):
        for kept, dropped in ((words[:len(words) - drop], words[len(words) - drop:]), (words[drop:], words[:drop])):
            if kept:
                parsed = _parsed(_as_formula_text(" ".join(kept)))
                if parsed is not None:
                    return (*parsed, all(word.isalpha() for word in dropped))
    return None


def _same(values: Sequence[float], other: Sequence[float]) -> bool:
    return all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) for a, b in zip(values, other, strict=True))


class _Text:
    """A learner's answer, prepared once for all the keywords and formulas tried on it."""

    def __init__(self, text: str) -> None:
        folded = _fold(text)
        self.compact = "".join(folded.split())
        self.literal = _literal(folded)
        self.words = _words(folded)
        self._folded = folded
        self._formulas = None

    @property
    def formulas(self) -> list:
        if self._formulas is None:
            self._formulas = [f for f in map(_formula_in, _candidates(self._folded)) if f is not None]
        return self._formulas

    def has_phrase(self, keyword_words: Sequence[str]) -> bool:
        target = "".join(keyword_words)
        wanted = _forms(target)
        longest = max(len(form) for form in wanted)
        for start in range(len(self.words)):
            joined = ""
            for word in self.words[start:]:
                joined += word
                if len(joined) > longest + 3:  # + the longest plural ending
                    break
                if _forms(joined) & wanted:
                    return True
        return False

    def has(self, keyword: str) -> bool:
        folded = _fold(keyword)
        if any(_is_cjk(char) for char in folded):
            return "".join(folded.split()) in self.compact
        keyword_words = _words(folded)
        if not keyword_words or _SYMBOLIC.search(folded):  # a formula: its symbols count
            literal = _literal(folded)
            return bool(literal) and literal in self.literal
        return self.has_phrase(keyword_words)

    def formula_verdict(self, formulas: Iterable[str]) -> bool | None:
        """True if the text states one of the formulas, False if it states a different formula in
        the same quantities (a flipped sign, a missing factor), None if it states neither."""
        verdict = None
        for formula in formulas:
            reference = _parsed(formula)
            if reference is None:
                continue
            names, values = reference
            for variables, stated, whole in self.formulas:
                if _same(stated, values):
                    return True
                if whole and len(variables & names) >= 2:
                    verdict = False
        return verdict


def keywords_of(point: Point) -> tuple[str, ...]:
    return (*point.keywords_zh, *point.keywords_en)


def point_covered(prepared: _Text, point: Point) -> bool:
    formula = prepared.formula_verdict(point.formulas) if point.formulas else None
    if formula is not None:
        return formula
    return any(prepared.has(keyword) for keyword in keywords_of(point))


def match(text: str, points: Iterable[Point]) -> list[bool]:
    """For each point, whether `text` covers it (see the module docstring)."""
    prepared = _Text(text or "")
    return [point_covered(prepared, point) for point in points]
