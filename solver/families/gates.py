"""gates: small CS231n-style expressions, worked gate by gate through their computational graph.

Each problem is an expression drawn from shapes that exercise the patterns of backprop through
gates: an add gate hands its upstream gradient to every input unchanged (it distributes), a
multiply gate hands each input the upstream times the *other* input (it swaps), a max gate
routes the whole gradient to the larger input only, and a value used twice (fan-out) adds the
gradients from both uses. The working is the learner's own `--expr` path (solver.expression);
this family draws the expression and its point, and names the mistake of each pattern.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np

from solver.expression import build_graph, expression_problem
from solver.formats.codes import ProblemCode
from solver.families.base import Family, Option
from solver.parsing.expression_input import candidate_variables
from solver.parsing.parser import free_variables, parse_expression
from solver.rng import pick
from solver.trace import Mistake, Problem, StepSpec

PATTERNS = ("mixed", "add", "multiply", "max", "fanout")

# (expression, the patterns it exercises, the lowest difficulty it appears at)
SHAPES = (
    ("(x + y)*z", {"add", "multiply"}, 1),
    ("x*y + z", {"add", "multiply"}, 1),
    ("max(x, y)*z", {"max", "multiply"}, 1),
    ("x*y + x*z", {"fanout", "add", "multiply"}, 1),
    ("max(x, y) + max(y, z)", {"max", "fanout", "add"}, 1),
    ("(x + y)*(y + z)", {"fanout", "add", "multiply"}, 2),
    ("max(x + y, z)*w", {"max", "add", "multiply"}, 2),
    ("x*y + max(x, z)", {"fanout", "max", "multiply", "add"}, 2),
    ("(x*y + z)*(x + w)", {"fanout", "add", "multiply"}, 3),
    ("max(x*y, z*w) + x", {"fanout", "max", "multiply", "add"}, 3),
    ("1/(1 + exp(-(w*x + b)))", {"multiply", "add"}, 3),
)
VALUES = {1: (-3.0, -2.0, -1.0, 1.0, 2.0, 3.0), 2: (-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0),
          3: (-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)}


def shapes(pattern: str, difficulty: int) -> tuple[str, ...]:
    return tuple(text for text, patterns, lowest in SHAPES
                 if lowest <= difficulty and (pattern == "mixed" or pattern in patterns))


@lru_cache(maxsize=256)
def _graph(text: str) -> tuple:
    return tuple(build_graph(parse_expression(text, candidate_variables(text)), "f"))


@lru_cache(maxsize=256)
def _solved(text: str, point: tuple[tuple[str, float], ...]) -> Problem:
    """The expression's worked graph at the point: drawing checks it, building decorates it."""
    return expression_problem(text, dict(point), "f")


def _node_values(text: str, point: dict) -> list[tuple[float, ...]]:
    """The arguments of every max gate at the point."""
    problem = _solved(text, tuple(point.items()))
    nodes = _graph(text)
    return [tuple(problem.values[o] if o in problem.values else float(node.constants[o]) for o in node.operands)
            for node in nodes if node.op == "max"]


def draw(pattern: str, difficulty: int, seed: int) -> tuple[str, dict]:
    seeds = np.asarray([seed], dtype=np.uint64)
    options = shapes(pattern, difficulty)
    text, point = options[0], {}
    for attempt in range(24):
        stream = attempt * 8
        text = options[int(pick(tuple(range(len(options))), seeds, stream, 1)[0, 0])]
        names = [v for v in candidate_variables(text) if v in _free(text)]
        drawn = pick(VALUES[difficulty], seeds, stream + 1, len(names))[0]
        point = {name: float(value) for name, value in zip(names, drawn)}
        if not any(len(set(args)) < len(args) for args in _node_values(text, point)):
            break
    return text, point


def _free(text: str) -> set[str]:
    return free_variables(parse_expression(text, candidate_variables(text)))


LOCAL = re.compile(r"∂(?P<node>[^/]+)/∂(?P<operand>.+)")


def _local_mistakes(node, operand: str) -> tuple[Mistake, ...]:
    """What a learner gets wrong about one gate's local gradient (an add gate's 1 is never asked:
    its mistake shows in the gradient step)."""
    if list(node.operands).count(operand) != 1:
        return ()
    if node.op == "mul":
        return (Mistake("multiply_gate_not_swapped", lambda c, o=operand: c[o]),)
    if node.op == "max":
        return (Mistake("max_gate_wrong_route", lambda c, sid=f"∂{node.id}/∂{operand}": 1 - c[sid]),)
    return ()


def _terms(spec: StepSpec, output: str) -> list[tuple[str | None, str]]:
    """(upstream gradient or None at the output, local gradient) of each path a gradient step adds."""
    deps, terms, position = spec.deps, [], 0
    while position < len(deps):
        if deps[position].startswith(f"d{output}/d"):
            terms.append((deps[position], deps[position + 1]))
            position += 2
        else:
            terms.append((None, deps[position]))
            position += 1
    return terms


def _gradient_mistakes(spec: StepSpec, output: str, nodes: dict) -> tuple[Mistake, ...]:
    terms = _terms(spec, output)

    def term(c, up, local):
        return (c[up] if up else 1) * c[local]

    mistakes = []
    for index, (up, local) in enumerate(terms):
        match = LOCAL.fullmatch(local)
        gate = nodes.get(match["node"]) if match else None
        if gate is not None and gate.op == "add":
            # the upstream halved between the add gate's two inputs, on this path
            mistakes.append(Mistake("add_gate_split", lambda c, up=up, local=local: sum(
                term(c, u, l) for u, l in terms) - term(c, up, local) / 2))
        if len(terms) > 1:
            mistakes.append(Mistake("fanout_path_dropped", lambda c, up=up, local=local: term(c, up, local)))
    return tuple(mistakes)


def gates_problem(text: str, point: dict, code: str | None) -> Problem:
    problem = _solved(text, tuple(point.items()))
    nodes = {node.id: node for node in _graph(text)}
    steps = []
    for spec in problem.template.steps:
        mistakes: tuple[Mistake, ...] = ()
        local = LOCAL.fullmatch(spec.id)
        if local and local["node"] in nodes:
            mistakes = _local_mistakes(nodes[local["node"]], local["operand"])
        elif spec.kind == "grad":
            mistakes = _gradient_mistakes(spec, "f", nodes)
        steps.append(replace(spec, mistakes=spec.mistakes + mistakes) if mistakes else spec)
    return replace(problem, family="gates", code=code, template=replace(problem.template, steps=tuple(steps)))


def build(code: ProblemCode) -> Problem:
    text, point = draw(code.options[0], code.difficulty, code.seed)
    return gates_problem(text, point, str(code))


GATES = Family(
    "gates", "计算图里的门：加法门分发、乘法门交换、max 门路由、分叉处梯度相加（CS231n 风格）",
    "computational-graph gates, CS231n style: add distributes, multiply swaps, max routes, fan-out sums",
    (Option("pattern", "mixed", "the pattern every drawn expression exercises: mixed, add, multiply, max or fanout",
            PATTERNS),),
    build,
)
