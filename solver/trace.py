"""Step traces: the whiteboard working of a problem, one step at a time.

A problem family builds a `Template` once per structure (sizes, activations, loss) and caches it.
A template is an ordered list of `StepSpec`s: each names the steps it depends on and holds the
function that computes its value from theirs, next to the formula a tutor would write.
Solving a problem is running those functions in order over the given values (`solve_values`).
Because every step is a function of earlier steps, the grader can re-run the trace with a
learner's own earlier answers substituted (error carried forward) or with a mistake applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from functools import cached_property, lru_cache
from fractions import Fraction
from operator import itemgetter
from typing import Any, Callable, Iterator, Mapping, NamedTuple

import numpy as np

from solver.bilingual import pick
from solver.fmt import format_exact, format_value, to_jsonable, value_text

Value = Any  # a float, a NumPy array, or None where a derivative does not exist

@dataclass(frozen=True, slots=True)
class Mistake:
    """A named mistake people make on a step, as the value that mistake would produce.

    `compute(ctx)` gets every value known so far (given values and earlier steps, with the
    learner's own answers substituted) and returns what the learner would have written, or None
    where the mistake cannot be told apart on this problem.
    """

    id: str
    compute: Callable[[Mapping[str, Value]], Value]


@dataclass(frozen=True, slots=True)
class Working:
    """A line a tutor writes beside a step, for the reader only (neither graded nor in JSON):
    `σ'(z1) = a1·(1 - a1) = 0.3775·(1 - 0.3775) = 0.2350`, the fact people get wrong.

    `lhs` and `expression` are written over `reads` ({0}, {1}, ...) as a step's expression is;
    `compute` takes the values of `reads` and gives the very number the step uses. `after` puts
    the line below the step's own, as a shortcut to the same value is (∂L/∂z = a - t for a
    sigmoid with cross-entropy).
    """

    lhs: str
    expression: str
    reads: tuple[str, ...]
    compute: Callable[..., Value]
    after: bool = False

    def formula(self, names: Mapping[str, str]) -> str:
        shown = [names.get(r, r) for r in self.reads]
        return f"{self.lhs.format(*shown)} = {self.expression.format(*shown)}"


@dataclass(frozen=True, slots=True)
class StepSpec:
    id: str
    phase: str
    kind: str
    deps: tuple[str, ...]
    compute: Callable[..., Value]
    expression: str  # right-hand side with {0}, {1}, ... standing for deps, e.g. "{0}·{1} + {2}"
    label_zh: str
    label_en: str
    mistakes: tuple[Mistake, ...] = ()
    note_zh: str | None = None
    note_en: str | None = None
    tolerance: float | None = None  # relative tolerance override for grading this step
    # The same value from other known steps, cheaper: σ'(z) read off a = σ(z) as a·(1 - a), as
    # a tutor would. (reads, compute). Only when no answer of the learner stands in: with
    # overrides the step must follow its own formula, from its own `deps`.
    shortcut: tuple[tuple[str, ...], Callable[..., Value]] | None = None
    working: tuple[Working, ...] = ()  # lines of working shown beside the step
    # A note that holds only at some values, (zh, en, holds(values)): the subgradient used where
    # a ReLU's z is exactly 0, the first of tied maxima in a max-pool window. A problem states it,
    # before `note_zh`/`note_en`, only where its values meet it (`notes`).
    note_at: tuple[str, str, Callable[[Mapping[str, Value]], bool]] | None = None

    def notes(self, values: Mapping[str, Value]) -> tuple[str | None, str | None]:
        """(zh, en) of the notes that hold for one problem's values, or (None, None)."""
        if self.note_at is None or not self.note_at[2](values):
            return self.note_zh, self.note_en
        zh, en = self.note_at[0], self.note_at[1]
        if self.note_en:
            return f"{zh}\n{self.note_zh}", f"{en}\n{self.note_en}"
        return zh, en

    def formula(self, names: Mapping[str, str]) -> str:
        return f"{names.get(self.id, self.id)} = " + self.expression.format(
            *(names.get(d, d) for d in self.deps)
        )

    def substituted(self, values: Mapping[str, Value], written: dict[str, str] | None = None) -> str:
        """The formula with numbers in; `written` caches each value's text across steps.

        A negative number goes in parentheses (`2·(-1)`, never `2·-1`), unless the formula has
        them already around it, as a function's argument (`σ(-0.5)`, not `σ((-0.5))`), or it
        leads a sum (`-0.5 - 0.1·0.3`).
        """
        return substitute(self.expression, self.deps, values, written)


def substitute(expression: str, reads: tuple[str, ...], values: Mapping[str, Value],
               written: dict[str, str] | None = None) -> str:
    """`expression` with the values of `reads` written in, as `StepSpec.substituted` does."""
    if written is None:
        written = {}
    bare = _bare_positions(expression)
    operands = []
    for position, d in enumerate(reads):
        text = written.get(d)
        if text is None:
            text = written[d] = format_value(values[d])
        if text[:1] == "-" and position not in bare:
            text = f"({text})"
        operands.append(text)
    return expression.format(*operands)


@lru_cache(maxsize=1024)
def _bare_positions(expression: str) -> frozenset[int]:
    """Placeholders where a negative number needs no parentheses of its own: a function's
    argument ({0} in "σ({0})", both in "max({0}, {1})"), the whole right-hand side ("{0}"), and
    the first term of a sum ("{0} - {1}·{2}" reads -0.5 - 0.1·0.3, "½·({0} - {1})²" ½·(-0.5 - 1)²)."""
    bare = set()
    for match in re.finditer(r"\{(\d+)\}", expression):
        before, after = expression[:match.start()], expression[match.end():]
        opens = before.endswith("(") or (before.endswith(", ") and "(" in before)
        closes = after.startswith(")") or after.startswith(",")
        starts_a_sum = (before == "" or before.endswith("(")) and (after == "" or after[:3] in (" - ", " + "))
        if (opens and closes) or starts_a_sum:
            bare.add(int(match.group(1)))
    return frozenset(bare)


@dataclass(frozen=True)
class Template:
    """The steps of one problem structure, in evaluation (topological) order."""

    given: tuple[str, ...]  # names of the given values (x, t, W1, b1, ..., eta)
    steps: tuple[StepSpec, ...]
    display_names: Mapping[str, str] = field(default_factory=dict)
    # True when a step can be undefined (None) by itself, e.g. a derivative at a kink. Steps
    # after a None are None too; without it that check is skipped (it is on the hot path).
    nullable: bool = False
    # Forward / loss / backward / update headings help a network's solution; over one function
    # (activation-derivative) or alternating gradient and update steps (gd) they only get in the way.
    phase_headings: bool = True

    def __post_init__(self) -> None:
        known = set(self.given)
        for spec in self.steps:
            missing = [d for d in spec.deps if d not in known]
            if missing:
                raise ValueError(f"step {spec.id} depends on {missing} before they exist")
            known.add(spec.id)

    @cached_property
    def plan(self) -> tuple[tuple[str, Callable[..., Value], tuple[str, ...]], ...]:
        """(id, compute, deps) of each step: what solving reads, without attribute look-ups."""
        return tuple((spec.id, spec.compute, spec.deps) for spec in self.steps)

    @cached_property
    def fast_plan(self) -> tuple[tuple[str, Callable[..., Value], Callable, bool], ...]:
        """(id, compute, fetch, unary) of each step, shortcuts taken: the plain solve.

        `fetch(values)` is an itemgetter of the step's inputs; it returns the value itself
        when there is one input (`unary`) and a tuple otherwise.
        """
        plan = []
        for spec in self.steps:
            reads, compute = spec.shortcut or (spec.deps, spec.compute)
            fetch = itemgetter(*reads) if reads else _no_inputs
            plan.append((spec.id, compute, fetch, len(reads) == 1))
        return tuple(plan)

    @cached_property
    def formulas(self) -> dict[str, str]:
        """Each step's formula in symbols: the same for every problem of this template."""
        return {spec.id: spec.formula(self.display_names) for spec in self.steps}

    @cached_property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(spec.id for spec in self.steps)

    def spec(self, step_id: str) -> StepSpec:
        for spec in self.steps:
            if spec.id == step_id:
                return spec
        raise KeyError(step_id)


def _no_inputs(values: Mapping[str, Value]) -> tuple:
    return ()


def solve_values(
    template: Template, given: Mapping[str, Value], overrides: Mapping[str, Value] | None = None
) -> dict[str, Value]:
    """Run every step in order. `overrides` replaces a step's value by one the learner gave."""
    values: dict[str, Value] = dict(given)
    if not overrides and not template.nullable:
        # The hot path (every generated problem): no None to watch for, shortcuts allowed.
        for step_id, compute, fetch, unary in template.fast_plan:
            values[step_id] = compute(fetch(values)) if unary else compute(*fetch(values))
        return values
    for step_id, compute, deps in template.plan:
        if overrides and step_id in overrides:
            values[step_id] = overrides[step_id]
            continue
        args = [values[d] for d in deps]
        if any(a is None for a in args):
            values[step_id] = None
        else:
            values[step_id] = compute(*args)
    return values


class Step(NamedTuple):
    """One step as a person reads it: label, formula, substitution, value. A named tuple, so the
    exporters can read the fields by name and `step_record(*step)` still takes it whole."""

    id: str
    phase: str
    kind: str
    label_zh: str
    label_en: str
    formula: str
    substituted: str
    value: Value
    exact: str | None
    depends_on: tuple[str, ...]
    note_zh: str | None = None
    note_en: str | None = None

    def label(self, language: str) -> str:
        return pick(self.label_zh, self.label_en, language)

    def to_dict(self) -> dict:
        return step_record(*self)


def step_record(id, phase, kind, label_zh, label_en, formula, substituted, value, exact, depends_on,
                note_zh=None, note_en=None) -> dict:
    """A step as JSON: `Step.to_dict`, and `Problem.to_dict` without building Step objects."""
    data = {
        "id": id,
        "phase": phase,
        "label": {"zh": label_zh, "en": label_en},
        "formula": formula,
        "substituted": substituted,
        "value": to_jsonable(value),
        "exact": exact,
        "depends_on": list(depends_on),
    }
    if note_en:
        data["note"] = {"zh": note_zh, "en": note_en}
    return data


@dataclass(frozen=True)
class Problem:
    """A solved problem: what is given, the full trace, and which steps the learner is asked for.

    The network description and the prompts are made on demand by `describe` (they cost
    more than the solve itself and bulk work often needs neither). `exact_given` holds the
    given values as Fractions (or a function making them on demand) when every operation of
    the template is rational, so that exact forms can be worked out; else None. `notes` are (zh, en) remarks on this
    instance, e.g. a ReLU evaluated exactly at its kink.
    """

    family: str
    code: str | None
    template: Template
    given: Mapping[str, Value]
    values: Mapping[str, Value]
    answers: tuple[str, ...]
    describe: Callable[[], "Description"]
    exact_given: Mapping[str, Value] | Callable[[], Mapping[str, Value] | None] | None = None
    notes: tuple[tuple[str, str], ...] = ()

    @cached_property
    def _description(self) -> "Description":
        return self.describe()

    @property
    def network(self) -> dict:
        return self._description.network

    @property
    def description_key(self) -> str:
        """The key the network (or the given values) goes under in `to_dict`."""
        return self._description.key

    @property
    def prompt_zh(self) -> str:
        return self._description.prompt_zh

    @property
    def prompt_en(self) -> str:
        return self._description.prompt_en

    def prompt(self, language: str) -> str:
        return pick(self.prompt_zh, self.prompt_en, language, "\n\n")

    def spec(self, step_id: str) -> StepSpec:
        return self.template.spec(step_id)

    def value(self, step_id: str) -> Value:
        return self.values[step_id]

    def recompute(self, overrides: Mapping[str, Value]) -> dict[str, Value]:
        """Values of every step when the learner's answers stand in for the true ones."""
        return solve_values(self.template, self.given, overrides)

    def exact_values(self) -> dict[str, Value] | None:
        source = self.exact_given
        if callable(source):  # made on demand: Fractions cost more than the whole float solve
            source = source()
        if source is None:
            return None
        try:
            return solve_values(self.template, source)
        except (TypeError, ZeroDivisionError):
            return None

    def steps(self) -> list[Step]:
        return list(self.step_fields())

    def step_fields(self) -> Iterator[Step]:
        """Each step, in order, as a `Step` (a named tuple: cheap enough for bulk export)."""
        formulas = self.template.formulas
        exact = self.exact_values()
        written: dict[str, str] = {}  # a value feeds several steps: write it once
        values = self.values
        for spec in self.template.steps:
            exact_text = None
            if exact is not None and spec.id in exact:
                exact_text = format_exact(exact[spec.id])
            yield Step(spec.id, spec.phase, spec.kind, spec.label_zh, spec.label_en, formulas[spec.id],
                   spec.substituted(values, written), values[spec.id], exact_text, spec.deps,
                   *spec.notes(values))

    def working(self) -> dict[str, tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]]:
        """Per step with lines of working: (lines before its own, lines after), each line as
        (formula, substituted, value text)."""
        lines = {}
        names, values, written = self.template.display_names, self.values, {}
        for spec in self.template.steps:
            if not spec.working:
                continue
            before, after = [], []
            for work in spec.working:
                args = [values.get(r) for r in work.reads]
                if any(a is None for a in args):
                    continue
                line = (work.formula(names), substitute(work.expression, work.reads, values, written),
                        value_text(work.compute(*args)))
                (after if work.after else before).append(line)
            lines[spec.id] = (before, after)
        return lines

    def step(self, step_id: str) -> Step:
        for step in self.steps():
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def to_dict(self) -> dict:
        data = {
            "code": self.code,
            "family": self.family,
            self.description_key: self.network,
            "prompt": {"zh": self.prompt_zh, "en": self.prompt_en},
            "steps": [step_record(*fields) for fields in self.step_fields()],
            "answers": list(self.answers),
        }
        if self.notes:
            data["notes"] = [{"zh": zh, "en": en} for zh, en in self.notes]
        return data


@dataclass(frozen=True)
class Description:
    """What a person reads about a problem before solving it."""

    network: dict
    prompt_zh: str
    prompt_en: str
    key: str = "network"  # "given" for families that are not networks (gd, activation-derivative)


def as_fraction(value: float) -> Fraction:
    """The Fraction a person means by a decimal: 0.1 is 1/10, not the nearest binary double."""
    return _fraction_of(float(value))


@lru_cache(maxsize=4096)
def _fraction_of(value: float) -> Fraction:
    # Given values come from small pools (halves, quarters, tenths): parsing each one's text
    # again was most of the cost of an exact form. Fractions are immutable, so sharing is safe.
    return Fraction(repr(value))


def fraction_array(value: Value) -> Value:
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return as_fraction(array.item())
    exact = np.empty(array.shape, dtype=object)
    exact.flat[:] = [_fraction_of(item) for item in array.ravel().tolist()]
    return exact
