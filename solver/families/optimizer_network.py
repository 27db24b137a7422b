"""The optimisers on a small network: each step a fresh forward and backward pass, then every
parameter's moment estimates and update, as torch.optim does for each tensor of a model.

Step 1 is the network's own trace (z1, a1, y, L, dL/dy, …, dL/dw1); step k > 1 writes the same
values with `[k]` (z1[2], dL/dw1[2]) from the parameters step k - 1 left, `w1[k-1]`; the last
step's parameters are `w1_new`. Each parameter p keeps its own state: `buf_p[k]`, `m_p[k]`, `v_p[k]`,
`mhat_p[k]`, `vhat_p[k]` (and AdamW's `wd_p[k]`, Adam + L2's `dL/dp[k]_l2`), starting from zeros.
The network is any the network files describe; the optimizer family draws the article's chain2.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np

from solver.families.base import dusty_steps
from solver.families.optimizer import (EPS, HYPER, MAGNITUDE, Slots, hyperparameters, update_steps)
from solver.graph import Repeat, trace
from solver.network import Structure, forward_template, network_graph
from solver.rng import pick
from solver.trace import Problem, Template, solve_values

STATE = {"momentum": ("buf",), "rmsprop": ("v",)}  # torch calls it momentum_buffer; b would read as a bias


def state_names(optimizer: str) -> tuple[str, ...]:
    return STATE.get(optimizer, ("m", "v"))


def parameters(st: Structure) -> tuple[str, ...]:
    """The trained parameters, in the order the network's updates come (last layer first)."""
    return tuple(update.parameter for update in network_graph(st).updates)


def parameter_after(p: str, step: int, steps: int) -> str:
    if step == 0:
        return p
    return f"{p}_new" if step == steps else f"{p}[{step}]"


def _renaming(st: Structure, k: int, steps: int) -> dict[str, str]:
    graph = network_graph(st)
    names = {p: parameter_after(p, k - 1, steps) for p in parameters(st)}
    if k > 1:
        for value in (*graph.given, *(node.id for node in graph.nodes)):
            names[graph.grad_id(value)] = f"{graph.grad_id(value)}[{k}]"
        names.update({node.id: f"{node.id}[{k}]" for node in graph.nodes})
    return names


def _slots(p: str, k: int, steps: int, gradient: str) -> Slots:
    return Slots(parameter_after(p, k - 1, steps), parameter_after(p, k, steps), gradient,
                 f"buf_{p}[{k}]", f"buf_{p}[{k - 1}]", f"m_{p}[{k}]", f"m_{p}[{k - 1}]", f"v_{p}[{k}]", f"v_{p}[{k - 1}]",
                 f"mhat_{p}[{k}]", f"vhat_{p}[{k}]", f"wd_{p}[{k}]", f"{gradient}_l2",
                 symbol=p, of_zh=f"{p} 的", of_en=f" of {p}")


@lru_cache(maxsize=64)
def network_optimizer_template(st: Structure, optimizer: str, steps: int) -> Template:
    graph = network_graph(st)
    specs, names = [], {}
    for k in range(1, steps + 1):
        renaming = _renaming(st, k, steps)
        iteration = trace(replace(graph, updates=(), repeat=Repeat(1, renaming, forward=True)))
        specs += iteration.steps
        names.update(iteration.display_names)
        for p in parameters(st):
            slots = _slots(p, k, steps, renaming.get(graph.grad_id(p), graph.grad_id(p)))
            specs += update_steps(optimizer, k, slots)
            names.update({slots.mhat: f"m̂_{p}[{k}]", slots.vhat: f"v̂_{p}[{k}]", slots.wd: f"w̃_{p}[{k}]",
                          slots.grad_l2: f"g̃_{p}[{k}]"})
    for spec in specs:
        names.setdefault(spec.id, spec.id.replace("dL/d", "∂L/∂", 1))
    names.update({"eta": "η", "mu": "μ", "alpha": "α", "beta1": "β1", "beta2": "β2", "eps": "ε", "lam": "λ"})
    given = (*graph.given, *hyperparameters(optimizer),
             *(f"{state}_{p}[0]" for p in parameters(st) for state in state_names(optimizer)))
    return Template(given, tuple(specs), names, phase_headings=False)


def with_state(st: Structure, optimizer: str, given: dict) -> dict:
    """The given values with every parameter's optimiser state at zero, shaped like it."""
    state = {f"{name}_{p}[0]": np.zeros_like(np.asarray(given[p], dtype=float)) if np.ndim(given[p]) else 0.0
             for p in parameters(st) for name in state_names(optimizer)}
    return {**given, **state}


def final_loss(st: Structure, values: dict, steps: int) -> float:
    """The loss at the parameters the last step leaves."""
    after = {name: values[name] for name in network_graph(st).given}
    after.update({p: values[parameter_after(p, steps, steps)] for p in parameters(st)})
    return float(solve_values(forward_template(st), after)["L"])


def draw_hyperparameters(optimizer: str, difficulty: int, seed: int, stream: int) -> dict:
    seeds = np.asarray([seed], dtype=np.uint64)
    hyper = {}
    for offset, name in enumerate(hyperparameters(optimizer)):
        hyper[name] = EPS if name == "eps" else float(pick(HYPER[difficulty][name], seeds, stream + offset, 1)[0, 0])
    return hyper


def kind(st: Structure, optimizer: str, steps: int, given: dict, difficulty: int, clean: bool = False) -> bool:
    """Steps a hand can follow: nothing outgrows the difficulty's bound, and they end lower;
    `clean` (the family's generator 2): no step value is rounding dust beside the largest."""
    template = network_optimizer_template(st, optimizer, steps)
    values = solve_values(template, with_state(st, optimizer, given))
    entries = np.concatenate([np.asarray(v, dtype=float).ravel() for v in values.values()])
    if not np.all(np.isfinite(entries)) or np.abs(entries).max() > MAGNITUDE[difficulty]:
        return False
    if clean and dusty_steps(template, values):
        return False
    return final_loss(st, values, steps) < values["L"]


def network_optimizer_problem(st: Structure, optimizer: str, steps: int, given: dict, network: dict,
                              code: str | None, family: str = "optimizer") -> Problem:
    """`given` holds the network's values and the hyperparameters; `network` describes it (its
    layers, loss, `lr` and `optimizer`), as a network file does."""
    from solver.families.optimizer import describe_network_steps

    template = network_optimizer_template(st, optimizer, steps)
    full = with_state(st, optimizer, given)
    values = solve_values(template, full)
    return Problem(family, code, template, full, values, template.step_ids,
                   lambda: describe_network_steps(optimizer, steps, network))

