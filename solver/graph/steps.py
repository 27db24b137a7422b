"""A graph's step trace, derived: forward steps in order, the loss, the backward steps, the updates.

Backward, the nodes are visited in reverse order. Each input whose gradient is needed (it is,
or depends on, a value in `graph.wrt`) gets one step from its operation's vector-Jacobian
product, reading the upstream gradient of the node. A value that feeds several nodes gets one
step per path (`dL/dx_main`, `dL/dx_skip`) and a step adding them, which the trace names as
such: gradients that meet at a value add. A loss that declares `through` (softmax
cross-entropy) takes its gradient straight at the input of the operation it goes through.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

import numpy as np

from solver.graph.derivative import derivative_steps
from solver.graph.graph import Graph, Node, Words
from solver.graph.local import local_steps
from solver.ops.table import DECAY_RATE, OPERATIONS, Operation, Rule, Site, View, WorkingRule, operation
from solver.trace import Mistake, StepSpec, Template, Working


def grad(value: str) -> str:
    return f"dL/d{value}"


def pretty(step_id: str) -> str:
    if step_id == "eta":
        return "η"
    if step_id.startswith("dL/d"):
        return "∂L/∂" + step_id[4:]
    local = re.fullmatch(r"d([^/]+)/d([^/]+)", step_id)  # a local Jacobian: da2/dz2
    if local:
        return f"∂{local.group(1)}/∂{local.group(2)}"
    return step_id


def _per_output(function: Callable, reduces: bool) -> Callable:
    """A rule over the last axis, for an output that is one number: the losses sum over the
    last axis, which a number does not have (and in a batch the last axis is the batch)."""

    def per_problem(y, t):
        result = np.asarray(function(np.asarray(y)[..., None], np.asarray(t)[..., None]))
        if not reduces:
            result = result[..., 0]
        return result.item() if result.ndim == 0 else result

    return per_problem


class _Use:
    """One node's use of its operation: the site, and where each name a rule reads is found."""

    def __init__(self, graph: Graph, node: Node):
        self.node = node
        self.op: Operation = operation(node.op, node.params)
        present = dict(node.inputs)
        self.present = tuple(role for role in self.op.inputs if role in present)
        first = present[self.present[0]]
        self.names = {role: present[role] for role in self.present}
        self.names["out"] = node.id
        self.names["g"] = graph.grad_id(node.id)
        offers = {DECAY_RATE} if DECAY_RATE in graph.given else set()
        for role in self.present:
            self.names["d" + role] = graph.grad_id(present[role])
            rule = self.op.vjps.get(role)
            if rule is not None and rule.local is not None:
                self.names["J." + role] = f"d{node.id}/d{present[role]}"
            producer = graph.node(present[role])
            if producer is not None and OPERATIONS[producer.op].inputs == ("z",):
                # an activation's output: its weighted sum is there to be mistaken for it
                self.names[role + ".pre"] = producer.inputs[0][1]
                offers.add(role + ".pre")
        self.site = Site(tuple(graph.shapes[first]), len(self.present), frozenset(offers))
        self.scalar_reduce = self.op.reduces and not self.site.shape
        self.forward = self.compute(self.op.forward, reduces=True)

    def reads(self, rule: Rule) -> tuple[str, ...]:
        return tuple(self.names[name] for name in rule.reads if name in self.names)

    def compute(self, rule: Rule, reduces: bool) -> Callable:
        return _per_output(rule.compute, reduces) if self.scalar_reduce else rule.compute

    def mistakes(self, rule: Rule, compute: Callable) -> tuple[Mistake, ...]:
        bound = []
        for mistake in rule.mistakes:
            if not mistake.applies(self.site):
                continue
            bound.append(Mistake(mistake.id, _bind(mistake.value, self.names, self.forward, compute, self.site)))
        return tuple(bound)

    def shortcut(self, rule: Rule):
        if rule.shortcut is None:
            return None
        reads, compute = rule.shortcut
        return tuple(self.names[name] for name in reads), compute

    def working(self, rule: WorkingRule, step_id: str) -> Working:
        reads = tuple(self.names[name] for name in rule.reads)
        if rule.lhs is not None:
            return Working(rule.lhs, rule.written(self.site), reads, rule.compute, rule.after)
        compute = rule.compute  # the line ends in the step's own value: it reads that last, unused
        return Working("{%d}" % len(reads), rule.written(self.site), (*reads, step_id),
                       lambda *values: compute(*values[:-1]), rule.after)

    def spec(self, step_id: str, phase: str, rule: Rule, label, reduces: bool) -> StepSpec:
        compute = self.compute(rule, reduces)
        note, note_at = self.op.kink or (None, None), None
        if self.op.kink is not None and self.op.kink_at is not None:  # said only where it is met
            note, note_at = (None, None), (*self.op.kink, self._kink_at())
        return StepSpec(step_id, phase, rule.kind, self.reads(rule), compute, rule.written(self.site),
                        label[0], label[1], self.mistakes(rule, compute), note[0], note[1],
                        shortcut=self.shortcut(rule),
                        working=tuple(self.working(work, step_id) for work in rule.working), note_at=note_at)

    def _kink_at(self) -> Callable:
        """Whether this node's inputs meet the operation's kink, from a problem's values."""
        inputs, kink_at = tuple(self.names[role] for role in self.present), self.op.kink_at
        return lambda values: kink_at(*(values[name] for name in inputs))


def _bind(value, names, forward, rule, site):
    return lambda values: value(View(values, names, forward, rule, site))


def _needed(graph: Graph) -> set[str]:
    """Values whose gradient the trace works out: those asked for and everything depending on them."""
    needed = set(graph.wrt)
    for node in graph.nodes:
        if any(value in needed for _, value in node.inputs):
            needed.add(node.id)
    return needed


def forward_steps(graph: Graph) -> list[StepSpec]:
    steps = []
    for node in graph.nodes:
        use = _Use(graph, node)
        steps.append(use.spec(node.id, use.op.phase, use.op.forward, node.label, reduces=True))
    return steps


def backward_steps(graph: Graph) -> list[StepSpec]:
    needed = _needed(graph)
    uses = {node.id: _Use(graph, node) for node in graph.nodes}
    # Who consumes each needed value, in forward order: several consumers means paths that add.
    consumers: dict[str, list[tuple[str, str]]] = {}
    for node in graph.nodes:
        for role, value in node.inputs:
            if value in needed and role in OPERATIONS[node.op].vjps:
                consumers.setdefault(value, []).append((node.id, role))
    pending: dict[str, dict[tuple[str, str], StepSpec]] = {}
    fused: set[str] = set()
    steps: list[StepSpec] = []
    for node in reversed(graph.nodes):
        if node.id not in needed or node.id in fused:
            continue
        use = uses[node.id]
        op = use.op
        if op.through is not None:
            producer = graph.node(node.input(op.inputs[0]))
            if producer is None or producer.op != op.through:
                raise ValueError(f"{node.id} ({op.name}) must follow a {op.through} node")
            target = producer.inputs[0][1]
            steps.append(use.spec(graph.grad_id(target), "backward", op.vjp_through, graph.grad_labels[target],
                                  reduces=False))
            fused.add(producer.id)
            continue
        for role, rule in op.vjps.items():
            value = use.names.get(role)
            if value is None or value not in needed:
                continue
            paths = consumers[value]
            label = graph.grad_labels[value]
            if rule.local is not None:  # the local derivative first, as a step of its own
                steps.append(use.spec(use.names["J." + role], "backward", rule.local.rule, rule.local.label,
                                      reduces=False))
            if len(paths) == 1:
                steps.append(_simplified(use.spec(graph.grad_id(value), "backward", rule, label, reduces=False),
                                         node, uses[graph.loss]))
                continue
            suffix, zh, en = _path_names(paths, uses)[paths.index((node.id, role))]
            pending.setdefault(value, {})[(node.id, role)] = use.spec(
                f"{graph.grad_id(value)}_{suffix}", "backward", rule, (f"{label[0]}（{zh}）", f"{label[1]} ({en})"),
                reduces=False)
            if len(pending[value]) == len(paths):  # the last path in: every gradient meeting here is known
                words = [uses[node].op.path_word(role) for node, role in paths]
                steps.extend(_meeting(graph.grad_id(value), [pending[value][path] for path in paths], label, words))
    return steps


def _simplified(spec: StepSpec, node: Node, loss: _Use) -> StepSpec:
    """The step at the input of the operation feeding the loss, with the loss's short form of
    it where the two cancel (sigmoid into cross-entropy: ∂L/∂z = a - t) and the note saying why."""
    simplification = loss.op.simplifies.get(node.op)
    if simplification is None or loss.names.get("y") != node.id:
        return spec
    zh, en = simplification.note
    if spec.note_en:
        zh, en = f"{spec.note_zh}\n{zh}", f"{spec.note_en}\n{en}"
    return replace(spec, working=spec.working + (loss.working(simplification.working(loss.site), spec.id),),
                   note_zh=zh, note_en=en)


def _path_names(paths: list[tuple[str, str]], uses: dict) -> list[tuple[str, str, str]]:
    """(id suffix, zh, en) of each path into a value: the operations' words (main, skip),
    numbered where several paths share one (x feeding three weighted sums: main1, main2, main3)."""
    words = [uses[node].op.path_word(role) for node, role in paths]
    suffixes = [word.suffix for word in words]
    names = []
    for position, word in enumerate(words):
        if suffixes.count(word.suffix) == 1:
            names.append((word.suffix, word.zh, word.en))
        else:
            k = suffixes[:position + 1].count(word.suffix)
            names.append((f"{word.suffix}{k}", f"{word.zh} {k}", f"{word.en} {k}"))
    return names


def _meeting(total_id: str, partials: list[StepSpec], label, words) -> list[StepSpec]:
    ids = tuple(spec.id for spec in partials)
    count = len(ids)
    both_zh, both_en = ("两条路径相加", "both paths added") if count == 2 else (f"{count} 条路径相加", f"{count} paths added")
    named = [word.dropped for word in words if word.dropped]

    def dropped(position: int) -> str:
        return words[position].dropped or (named[0] if named else "dropped_skip_path")

    if count == 2:  # one path left out: the other one alone
        mistakes = tuple(Mistake(dropped(1 - position), _alone(path)) for position, path in enumerate(ids))
    else:  # one path left out: the sum of the others
        mistakes = tuple(Mistake(dropped(position), _without(ids, position)) for position in range(count))
    total = StepSpec(
        total_id, "backward", "sum_paths", ids, _adder(count), " + ".join("{%d}" % i for i in range(count)),
        f"{label[0]}（{both_zh}）", f"{label[1]} ({both_en})", mistakes,
    )
    return [*partials, total]


def _without(ids: tuple[str, ...], position: int):
    kept = ids[:position] + ids[position + 1:]

    def others(values):
        total = values[kept[0]]
        for step_id in kept[1:]:
            total = total + values[step_id]
        return total
    return others


def _adder(count: int) -> Callable:
    if count == 2:
        return lambda a, b: a + b

    def add(*terms):
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        return total
    return add


def _alone(step_id: str):
    return lambda values: values[step_id]


def update_steps(graph: Graph) -> list[StepSpec]:
    steps = []
    for update in graph.updates:
        op = OPERATIONS[update.op]
        node = Node(update.step_id, update.op,
                    (("p", update.parameter), ("eta", update.rate), ("dp", graph.grad_id(update.parameter))),
                    update.label)
        use = _Use(graph, node)
        steps.append(use.spec(node.id, op.phase, op.forward, update.label, reduces=True))
    return steps


def _iteration(graph: Graph, k: int) -> Graph:
    """Iteration k of a repeated graph: every value, gradient and update under its name there."""
    repeat = graph.repeat
    names = {value: text.format(k=k, prev=k - 1) for value, text in repeat.names.items()}

    def name(value: str) -> str:
        return names.get(value, value)

    def words(label: Words) -> Words:
        return (label[0].format(k=k, prev=k - 1), label[1].format(k=k, prev=k - 1))

    nodes = tuple(replace(node, id=name(node.id), label=words(node.label),
                          inputs=tuple((role, name(value)) for role, value in node.inputs))
                  for node in graph.nodes)
    updates = tuple(replace(update, parameter=name(update.parameter), rate=name(update.rate),
                            label=words(update.label), id=name(update.step_id))
                    for update in graph.updates)
    values = (*graph.given, *(node.id for node in graph.nodes))
    return Graph(
        tuple(name(value) for value in graph.given), nodes, name(graph.loss), tuple(name(v) for v in graph.wrt),
        {name(value): shape for value, shape in graph.shapes.items()},
        {name(value): words(label) for value, label in graph.grad_labels.items()},
        updates, graph.display,
        gradient_ids={name(value): name(graph.grad_id(value)) for value in values},
    )


def _repeated(graph: Graph) -> Template:
    """The iterations one after the other. Gradient and update steps alternate, so phase
    headings would interrupt every pair: the template has none."""
    steps: list[StepSpec] = []
    for k in range(1, graph.repeat.times + 1):
        iteration = _iteration(graph, k)
        if graph.repeat.forward:
            steps += forward_steps(iteration)
        steps += backward_steps(iteration) + update_steps(iteration)
    given = _iteration(graph, 1).given
    names = {spec.id: pretty(spec.id) for spec in steps}
    names.update({name: pretty(name) for name in given})
    names.update(graph.display)
    return Template(given, tuple(steps), names, phase_headings=False)


def trace(graph: Graph, backward: bool = True) -> Template:
    """The graph's whiteboard working as a `Template`; without `backward`, only the forward pass
    and the loss (what a sampler re-runs on updated parameters). A graph that repeats
    (`Graph.repeat`) is unrolled: its iterations' gradient and update steps, one after another."""
    if graph.repeat is not None and backward:
        return _repeated(graph)
    if graph.style == "local":
        return Template(graph.given, tuple(local_steps(graph)[0]), {})
    if graph.style == "derivative":
        return derivative_steps(graph)
    steps = forward_steps(graph)
    if not backward:
        return Template(graph.given, tuple(steps), {})
    steps += backward_steps(graph) + update_steps(graph)
    names = {spec.id: pretty(spec.id) for spec in steps}
    names.update({name: pretty(name) for name in graph.given})
    names.update(graph.display)
    return Template(graph.given, tuple(steps), names)
