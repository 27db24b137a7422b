"""Grading what a learner types for a step: numbers, vectors, matrices, formulas and 'undefined'.

`grade_step` grades one step of a problem the way a tutor marks working on paper:
1. against the true value (within tolerance: see `solver.grading.compare`);
2. against the value the step has when the learner's own earlier answers are used (error
   carried forward): right given an earlier wrong answer is "consistent" and credited;
3. against the value each named mistake attached to the step would give (see
   `solver.grading.mistakes`), so that feedback can say which mistake it was and show the right formula.
Every verdict carries its message in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

import numpy as np

from solver.bilingual import pick
from solver.fmt import format_scalar, to_jsonable
from solver.grading.compare import (
    FIGURES, MIN_FIGURES, ZERO_NOISE, Comparison, Level, Tolerance, compare, conform, entry_names, figures_right,
    format_any, format_number, is_numeric, shape_text,
)
from solver.grading.symbolic import compare_expressions, parse_formula, variables_of
from solver.grading.mistakes import CATALOGUE
from solver.parsing.parser import ParseError, is_undefined, parse_answer
from solver.trace import Problem

# "more_digits": right to fewer significant figures than asked; like "refused", the step is asked again.
VERDICTS = ("correct", "close", "consistent", "more_digits", "wrong", "refused")
ASK_AGAIN = ("refused", "more_digits")


@dataclass(frozen=True)
class Verdict:
    correct: bool
    verdict: str  # one of VERDICTS
    message_zh: str
    message_en: str
    mistake: str | None = None  # a solver.grading.mistakes.CATALOGUE id
    carried_forward: bool = False
    expected: Any = None  # the true value (float, array, formula text, or None: does not exist)
    received: Any = None  # the parsed answer; None when refused
    # What is wrong without giving the right value away, for a learner about to try again
    # (None: the message gives nothing away).
    short_zh: str | None = None
    short_en: str | None = None

    @property
    def asks_again(self) -> bool:
        """Not a final answer: unreadable, or right but short of the figures asked for."""
        return self.verdict in ASK_AGAIN

    def message(self, language: str = "en", *, give_away: bool = True) -> str:
        """The grader's message; without `give_away`, without the right value in it."""
        if not give_away and self.short_en is not None:
            return pick(self.short_zh, self.short_en, language, "\n")
        return pick(self.message_zh, self.message_en, language, "\n")

    def to_dict(self) -> dict:
        return {
            "correct": self.correct,
            "verdict": self.verdict,
            "message": self.message_en,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "mistake": self.mistake,
            "carried_forward": self.carried_forward,
            "expected": _jsonable(self.expected),
            "received": _jsonable(self.received),
            "short_zh": self.short_zh,
            "short_en": self.short_en,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Verdict":
        def value(raw):
            return np.asarray(raw, dtype=float) if isinstance(raw, list) else raw

        return cls(bool(data["correct"]), data["verdict"], data["message_zh"], data["message_en"],
                   data.get("mistake"), bool(data.get("carried_forward", False)),
                   value(data.get("expected")), value(data.get("received")),
                   data.get("short_zh"), data.get("short_en"))


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool)):
        return value
    if is_numeric(value):
        return to_jsonable(value)
    return str(value)  # a SymPy expression


def _refused(error: ParseError, expected: Any) -> Verdict:
    return Verdict(False, "refused", f"无法读取这个答案：{error.message_zh}",
                   f"could not read that answer: {error.message_en}", expected=expected)


def _shape_refused(received: Any, expected: Any) -> Verdict:
    """A step answered in another shape (and not as a named mistake such as a transpose): not
    an answer to this step yet, so it is refused with the shape wanted and asked again at no cost."""
    want_zh, want_en = shape_text(expected)
    got_zh, got_en = shape_text(received)
    turned = np.ndim(received) == 2 and np.shape(received) == np.shape(expected)[::-1]
    return Verdict(False, "refused",
                   f"形状不对：这一步要{want_zh}，你给的是{got_zh}{'（是不是转置了？）' if turned else ''}。"
                   "这次不算作答，请重新输入。",
                   f"wrong shape: this step wants {want_en}, you gave {got_en}{' (transposed?)' if turned else ''}. "
                   "Not counted: answer again.", expected=expected)


# -- numbers, vectors, matrices, 'undefined' -------------------------------------------------------
def _parse_value(text: str) -> Any:
    """A float, a float array or None ('undefined'); ParseError for anything else."""
    value = parse_answer(text)
    if isinstance(value, str):
        return None
    if not is_numeric(value):
        raise ParseError("expected a number, a vector or a matrix", "这里要填一个数、向量或矩阵", None)
    return value


def _value_off(received: float, expected: float) -> tuple[str, str, str, str]:
    """Why one number is wrong: a 0 for a value that is not 0, a flipped sign, or just how far;
    (zh, en) with the right value, then (zh, en) without it."""
    value, wrote = format_any(expected), format_any(received)
    if abs(expected) <= ZERO_NOISE:
        return (f"不对：这个值恰好是 0，你写的是 {wrote}。", f"not right: this value is exactly 0; you wrote {wrote}.",
                f"不对：你写的是 {wrote}。", f"not right: you wrote {wrote}.")
    if received == 0:
        small_zh = "梯度再小也有大小和正负，" if abs(expected) < 1e-3 else ""
        small_en = " A vanishing gradient still has a size and a sign." if abs(expected) < 1e-3 else ""
        return (f"不对：这个值不是 0，{small_zh}它约为 {value}。", f"not right: this value is not 0, it is about {value}.{small_en}",
                f"不对：这个值不是 0。{small_zh.rstrip('，')}", f"not right: this value is not 0.{small_en}")
    if figures_right(-received, expected, FIGURES) >= MIN_FIGURES:
        return (f"符号反了：正确值约为 {value}。", f"the sign is wrong: the value is about {value}.",
                "符号反了。", "the sign is wrong.")
    return (f"不对：正确值约为 {value}，你写的是 {wrote}。", f"not right: the value is about {value}; you wrote {wrote}.",
            f"不对：你写的是 {wrote}。", f"not right: you wrote {wrote}.")


def _off_message(received: Any, expected: Any, result: Comparison) -> tuple[str, str, str, str]:
    """Why a parsed value is not the expected one: existence, shape, entries, or just how far;
    (zh, en) with the right value, then (zh, en) without it."""
    if expected is None:
        return ("这里的导数不存在，应当写 undefined（不存在）；给出的数只是一种约定的取值。",
                "the derivative does not exist here: answer 'undefined'; a number would only be a convention.",
                "不对：想一想这里的导数是否存在。", "not right: does the derivative exist here?")
    if received is None:
        return (f"这个值是存在的：它等于 {format_any(expected)}。", f"this value exists: it is {format_any(expected)}.",
                "这个值是存在的。", "this value exists.")
    if not result.shape_ok:
        want_zh, want_en = shape_text(expected)
        got_zh, got_en = shape_text(received)
        zh, en = f"形状不对：应为{want_zh}，你给的是{got_zh}", f"wrong shape: expected {want_en}, got {got_en}"
        if np.ndim(received) == 2 and np.shape(received) == np.shape(expected)[::-1]:
            zh, en = zh + "。是不是转置了？", en + ": did you transpose?"
        else:
            zh, en = zh + "。", en + "."
        return zh, en, zh, en
    if np.ndim(expected) == 0:
        return _value_off(float(received), float(expected))
    zh_entries, en_entries = entry_names(result.off_entries)
    return (f"{zh_entries}元素不对；正确值约为 {format_any(expected)}。",
            f"off at {en_entries}; the value is about {format_any(expected)}.",
            f"{zh_entries}元素不对。", f"off at {en_entries}.")


def _near_message(expected: Any, result: Comparison, figures: int) -> tuple[str, str]:
    """Right as far as it goes: ask for more figures, without giving the value away."""
    right = result.fewest_figures
    if np.ndim(expected) == 0:
        return (f"请多保留几位：你的答案只有前 {right} 位有效数字是对的，这里要 {figures} 位有效数字。",
                f"keep more digits: your answer is right to {right} significant figures; give {figures}.")
    zh_entries, en_entries = entry_names(result.near_entries)
    return (f"请多保留几位：{zh_entries}元素只有前 {right} 位有效数字是对的，这里要 {figures} 位有效数字。",
            f"keep more digits: {en_entries} right only to {right} significant figures; give {figures}.")


def _close_message(received: Any, expected: Any, result: Comparison) -> tuple[str, str]:
    if np.ndim(expected) == 0 and float(expected) != 0:
        percent = f"{format_scalar(100 * result.worst_rel, 2)}%"
        return (f"接近：与正确值 {format_any(expected)} 相差 {percent}。", f"close: within {percent} of {format_any(expected)}.")
    return (f"接近：正确值为 {format_any(expected)}。", f"close: the value is {format_any(expected)}.")


def _judge(received: Any, expected: Any, tol: Tolerance) -> Verdict:
    result = compare(received, expected, tol)
    received = conform(received, expected)
    if result.level == Level.PRECISE:
        return Verdict(True, "correct", "正确。", "correct.", expected=expected, received=received)
    if result.level == Level.CLOSE:
        zh, en = _close_message(received, expected, result)
        return Verdict(True, "close", zh, en, expected=expected, received=received)
    if result.level == Level.NEAR:
        zh, en = _near_message(expected, result, tol.figures)
        return Verdict(False, "more_digits", zh, en, expected=expected, received=received)
    zh, en, short_zh, short_en = _off_message(received, expected, result)
    return Verdict(False, "wrong", zh, en, expected=expected, received=received, short_zh=short_zh, short_en=short_en)


def grade_number(text: str, expected: Any, *, figures: int | None = None, rel_tol: float | None = None,
                 abs_tol: float | None = None) -> Verdict:
    """Grade a number, vector or matrix (or 'undefined' where `expected` is None).

    By default each entry is asked for to `figures` significant figures (4): see `solver.grading.compare`.
    A caller with a tolerance of its own passes `rel_tol` and/or `abs_tol` instead: accepted
    within max(rel_tol·|expected|, abs_tol), "correct" inside 4-figure rounding, else "close".
    """
    try:
        received = _parse_value(text)
    except ParseError as error:
        return _refused(error, expected)
    if isinstance(expected, (list, tuple)) or (is_numeric(expected) and not isinstance(expected, np.ndarray)):
        expected = np.asarray(expected, dtype=float) if isinstance(expected, (list, tuple)) else float(expected)
    return _judge(received, expected, Tolerance.make(figures, rel_tol, abs_tol))


def precision_note(figures: int | None = None) -> tuple[str, str]:
    """(zh, en) sentence stating the precision asked for, to show with a problem."""
    figures = FIGURES if figures is None else int(figures)
    return (f"精度：每个数值保留 {figures} 位有效数字（例如 0.02689、-1.171e-5、123.5）；很小的值也不等于 0，符号也要对。",
            f"Precision: give every value to {figures} significant figures (e.g. 0.02689, -1.171e-5, 123.5); "
            "a tiny value is not 0, and its sign counts.")


# -- formulas --------------------------------------------------------------------------------------
def grade_expression(text: str, expected: str, variables=None) -> Verdict:
    """Grade a formula (e.g. f'(z)) against our reference formula `expected`, in parser syntax."""
    names = tuple(variables) if variables is not None else variables_of(expected)
    if is_undefined(text):
        return Verdict(False, "wrong", f"这个式子是存在的：{expected}。", f"this formula exists: {expected}.",
                       expected=expected, received=None)
    try:
        node = parse_formula(text, names)
    except ParseError as error:
        return _refused(error, expected)
    match = compare_expressions(node, parse_formula(expected, names), names)
    received = _formula_value(node)
    if match.equal:
        return Verdict(True, "correct", "正确，与参考答案等价。", "correct: equivalent to the reference.",
                       expected=expected, received=received)
    zh, en = f"不对：参考答案是 {expected}。", f"not right: the reference is {expected}."
    short_zh, short_en = "不对：与参考答案不等价。", "not right: not equivalent to the reference."
    if match.counterexample is not None:
        point, got, want = match.counterexample
        at = ", ".join(f"{name} = {format_number(value)}" for name, value in point.items())
        got_text = "undefined" if got is None else format_number(got)
        short_zh = f"不对：在 {at} 处你的式子等于 {got_text}，而正确值是 {format_number(want)}。"
        short_en = f"not right: at {at} yours gives {got_text} but the derivative is {format_number(want)}."
        zh, en = f"{short_zh}参考答案：{expected}。", f"{short_en} Reference: {expected}."
    return Verdict(False, "wrong", zh, en, expected=expected, received=received, short_zh=short_zh, short_en=short_en)


def _formula_value(node):
    from solver.parsing.parser import to_sympy

    return to_sympy(node)


# -- one step of a problem -------------------------------------------------------------------------
def _ancestors(problem: Problem, step_id: str) -> list[str]:
    """The earlier steps this step's value depends on, directly or not, in trace order."""
    template = problem.template
    step_ids = set(template.step_ids)
    needed, stack = set(), [step_id]
    while stack:
        for dep in template.spec(stack.pop()).deps:
            if dep in step_ids and dep not in needed:
                needed.add(dep)
                stack.append(dep)
    return [s for s in template.step_ids if s in needed]


def _learner_values(problem: Problem, step_id: str, earlier: Mapping[str, Any]) -> dict[str, Any]:
    """Earlier answers that can stand in for the true values: ancestors, in the right shape."""
    out = {}
    for ancestor in _ancestors(problem, step_id):
        if ancestor not in earlier:
            continue
        value, truth = earlier[ancestor], problem.values[ancestor]
        if isinstance(value, str) and value == "undefined":
            value = None
        if value is None or (is_numeric(value) and is_numeric(truth)
                             and np.shape(conform(value, truth)) == np.shape(truth)):
            out[ancestor] = value if value is None else conform(value, truth)
    return out


def _step_tolerance(problem: Problem, step_id: str, figures: int | None = None) -> Tolerance:
    """A step's own relative tolerance when it sets one, else the figures asked for."""
    own = problem.spec(step_id).tolerance
    return Tolerance.make(rel=own, abs_=0.0) if own is not None else Tolerance.make(figures)


def _carried_from(problem: Problem, step_id: str, learner: Mapping[str, Any]) -> list[str]:
    """The learner's earlier answers this step's value is computed from, directly or through
    steps the learner did not answer. An answer cuts the chain: with dL/dz1 answered, dL/dw1
    reads the learner's dL/dz1, whatever they wrote for y before it."""
    template = problem.template
    step_ids = set(template.step_ids)
    found, seen, stack = set(), set(), [step_id]
    while stack:
        for dep in template.spec(stack.pop()).deps:
            if dep not in step_ids or dep in seen:
                continue
            seen.add(dep)
            if dep in learner:
                found.add(dep)
            else:
                stack.append(dep)
    return [s for s in template.step_ids if s in found]


# Steps where the sign of a gradient can slip on its own, beyond the loss's own y - t.
SIGN_KINDS = ("dact", "dweight", "dbias", "dinput", "skip", "sum_paths", "batch_dweight", "batch_dbias", "batch_dinput",
              "ddecay", "norm_dmean", "norm_dvar", "norm_dx", "norm_dmu", "norm_dsigma", "norm_dgamma", "norm_dbeta",
              "norm_dxhat", "ddropout")


def _mistake_values(problem: Problem, step_id: str, contexts: list[Mapping[str, Any]], tol: Tolerance):
    """(mistake id, value) for each attached mistake that gives something other than the truth;
    then the mistakes recognisable on any step of a kind: a transposed matrix, a flipped sign."""
    truth = problem.values[step_id]
    spec = problem.spec(step_id)
    candidates = []
    for ctx in contexts:
        for mistake in spec.mistakes:
            try:
                candidates.append((mistake.id, mistake.compute(ctx)))
            except (ArithmeticError, ValueError, TypeError, KeyError, IndexError):
                continue
    if is_numeric(truth) and np.ndim(truth) == 2:
        candidates.append(("transposed", np.asarray(truth).T))
    if is_numeric(truth) and spec.kind in SIGN_KINDS:
        # Against the value from the learner's own earlier answers first: the sign slipped here.
        candidates += [("sign_flipped", -np.asarray(ctx[step_id], dtype=float)) for ctx in contexts
                       if is_numeric(ctx.get(step_id))]
    seen = []
    for mistake_id, value in candidates:
        if value is None or not is_numeric(value) or not np.all(np.isfinite(np.asarray(value, dtype=float))):
            continue
        if compare(value, truth, tol).level == Level.PRECISE:
            continue  # indistinguishable from the right answer on this problem
        seen.append((mistake_id, value))
    return seen


def _mistake_verdict(problem: Problem, step_id: str, mistake_id: str, received: Any, expected: Any) -> Verdict:
    info = CATALOGUE.get(mistake_id)
    formula = problem.template.spec(step_id).formula(problem.template.display_names)
    value = format_any(expected)
    if info is None:  # a family attached an id the catalogue lacks: still say it is wrong
        return Verdict(False, "wrong", f"不对。正确的式子是 {formula}。", f"not right. The right formula: {formula}.",
                       mistake_id, False, expected, received)
    short_zh = f"不对：你可能{info.name_zh}。{info.advice_zh}"
    short_en = f"not right: a common slip gives exactly this, {info.name_en}. {info.advice_en}"
    return Verdict(
        False, "wrong",
        f"{short_zh}正确的式子是 {formula}，正确值约为 {value}。",
        f"{short_en} The right formula: {formula}; the value is about {value}.",
        mistake_id, False, expected, received, short_zh, short_en,
    )


def _names(problem: Problem, step_ids) -> str:
    names = problem.template.display_names
    return "、".join(names.get(s, s) for s in step_ids), ", ".join(names.get(s, s) for s in step_ids)


def grade_step(problem: Problem, step_id: str, text: str, earlier: Mapping[str, Any] | None = None,
               *, figures: int | None = None) -> Verdict:
    """Grade the learner's `text` for one step, given their earlier answers (step id -> parsed value).

    `figures` is the learner's setting of significant figures (default 4); a step that sets its
    own tolerance keeps it."""
    spec = problem.spec(step_id)  # KeyError for a step the problem does not have
    expected = problem.values[step_id]
    if isinstance(expected, str):
        return grade_expression(text, expected)
    try:
        received = _parse_value(text)
    except ParseError as error:
        return _refused(error, expected)
    tol = _step_tolerance(problem, step_id, figures)
    received = conform(received, expected)
    against_truth = compare(received, expected, tol)
    if against_truth.level == Level.PRECISE:
        return _judge(received, expected, tol)

    learner = _learner_values(problem, step_id, dict(earlier or {}))
    carried_from = _carried_from(problem, step_id, learner)
    wrong_before = [s for s in carried_from
                    if not compare(learner[s], problem.values[s], _step_tolerance(problem, s, figures)).accepted]
    recomputed = None
    if learner:
        try:
            recomputed = problem.recompute(learner)
        except (ArithmeticError, ValueError, TypeError):
            recomputed = None
    carried = recomputed[step_id] if recomputed is not None else None
    against_carried = compare(received, carried, tol) if recomputed is not None else None

    def carried_verdict(level: Level) -> Verdict:
        if level == Level.NEAR:
            zh, en = _near_message(carried, against_carried, tol.figures)
            return Verdict(False, "more_digits", zh, en, expected=expected, received=received)
        if not wrong_before:  # earlier answers were only rounded: this is plain correct work
            if level == Level.CLOSE:
                zh, en = _close_message(received, carried, against_carried)
                return Verdict(True, "close", zh, en, expected=expected, received=received)
            return Verdict(True, "correct", "正确（按你前面取整后的数值计算）。",
                           "correct (from your own rounded earlier values).", expected=expected, received=received)
        names_zh, names_en = _names(problem, wrong_before)
        return Verdict(
            True, "consistent",
            f"这一步由你前面算出的 {names_zh} 正确推出，计入得分（前面的错不重复扣分）；不过正确值约为 {format_any(expected)}。",
            f"this follows correctly from your earlier value of {names_en} (error carried forward), so it is "
            f"credited; the true value is about {format_any(expected)}.",
            None, True, expected, received,
        )

    if against_carried is not None and against_carried.level == Level.PRECISE:
        return carried_verdict(Level.PRECISE)
    contexts = [recomputed] if recomputed is not None else []
    contexts.append(problem.values)
    mistakes = _mistake_values(problem, step_id, contexts, tol)
    for mistake_id, value in mistakes:
        if compare(received, value, tol).level == Level.PRECISE:
            return _mistake_verdict(problem, step_id, mistake_id, received, expected)
    # Right to fewer figures (or inside a caller's band): the truth first, then the carried value.
    if against_truth.level >= Level.NEAR:
        return _judge(received, expected, tol)
    if against_carried is not None and against_carried.level >= Level.NEAR:
        return carried_verdict(against_carried.level)
    for mistake_id, value in mistakes:
        if compare(received, value, tol).level >= Level.NEAR:
            return _mistake_verdict(problem, step_id, mistake_id, received, expected)
    if is_numeric(received) and is_numeric(expected) and np.shape(received) != np.shape(expected):
        return _shape_refused(received, expected)
    verdict = _judge(received, expected, tol)
    if expected is None and spec.note_en:  # why it does not exist, and which convention a number would be
        verdict = replace(verdict, message_zh=f"{verdict.message_zh}{spec.note_zh}",
                          message_en=f"{verdict.message_en} {spec.note_en}")
    return verdict
