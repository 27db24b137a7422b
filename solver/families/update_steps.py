"""Steps of the operation table's update operations, bound to a problem's value ids.

Several optimiser steps in a row (momentum, RMSprop, Adam over t = 1, 2, 3) are not one graph's
single update: each step reads the moments and parameters the step before it wrote. A family
that unrolls them asks here for one `StepSpec` per operation use: `inputs` maps the operation's
roles to value ids, or to numbers written straight into the formula (Adam's t in 1 - β^t). The
step's compute, formula and named mistakes all come from the table, as solver.graph's do.
"""

from __future__ import annotations

from collections import ChainMap
from typing import Mapping

from solver.fmt import format_value
from solver.ops.table import OPERATIONS, Site, View
from solver.trace import Mistake, StepSpec

Words = tuple[str, str]


def operation_step(step_id: str, op_name: str, inputs: Mapping[str, str | float], label: Words,
                   shape: tuple[int, ...] = (), extra: tuple = (), gradient_of: str | None = None) -> StepSpec:
    """`step_id` computed by the forward rule of `op_name` from `inputs` (or, with `gradient_of`,
    by its rule for the gradient of that input: an objective's dL/dw, which reads no upstream
    gradient); `extra` adds the family's own mistakes (ones that need more than this operation's
    inputs)."""
    op = OPERATIONS[op_name]
    rule = op.forward if gradient_of is None else op.vjps[gradient_of]
    phase = op.phase if gradient_of is None else "backward"
    constants = {f"#{role}": value for role, value in inputs.items() if not isinstance(value, str)}
    names = {role: (value if isinstance(value, str) else f"#{role}") for role, value in inputs.items()}
    deps: list[str] = []
    placeholders = []
    for role in rule.reads:
        if isinstance(inputs[role], str):
            placeholders.append("{%d}" % len(deps))
            deps.append(inputs[role])
        else:
            placeholders.append(format_value(inputs[role]))
    site = Site(shape, len(rule.reads))
    text = rule.written(site).format(*placeholders)
    compute = _spliced(rule.compute, tuple(isinstance(inputs[role], str) for role in rule.reads),
                       tuple(inputs[role] for role in rule.reads))
    mistakes = tuple(
        Mistake(mistake.id, _bound(mistake.value, names, constants, rule.compute, site))
        for mistake in rule.mistakes if mistake.applies(site)
    ) + tuple(extra)
    return StepSpec(step_id, phase, rule.kind, tuple(deps), compute, text, label[0], label[1], mistakes)


def _spliced(compute, is_dep: tuple[bool, ...], items: tuple):
    if all(is_dep):
        return compute

    def with_constants(*values):
        it = iter(values)
        return compute(*(next(it) if dep else item for dep, item in zip(is_dep, items)))
    return with_constants


def _bound(value, names, constants, compute, site):
    def mistake(values):
        return value(View(ChainMap(constants, values), names, compute, compute, site))
    return mistake
