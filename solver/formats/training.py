"""A network file's training keys: `optimizer`, and one-weight problems (`objective`, `w0`).

`optimizer` = {name, steps, …} with torch.optim's names and defaults trains a network, or one
weight, for `steps` steps, each from freshly computed gradients:

- `sgd` (plain gradient descent; the one-weight gd family's steps, up to 6);
- `momentum` (`momentum` required: torch's default 0 is plain SGD);
- `rmsprop` (`alpha` 0.99, `eps` 1e-8);
- `adam` (`beta1` 0.9, `beta2` 0.999, `eps` 1e-8, `weight_decay` λ: torch's `Adam(weight_decay=λ)`,
  λ·w added to the gradient, i.e. L2);
- `adamw` (the same, its `weight_decay` decoupled: w·(1 - η·λ) before the step; torch's default 0.01).

A one-weight problem has `objective` ({kind: quadratic, p, q}: ½·p·(w - q)², or {kind: linreg, x, t}:
½·(w·x - t)²), `w0` and `lr` instead of layers; its top-level `weight_decay` (L2 in the loss) is the
same steps as Adam's own. Every problem reads back from the description it prints.
"""

from __future__ import annotations

import numbers
from typing import Any

from solver.formats.network_file import NetworkError
from solver.trace import Problem

OPTIMIZER_NAMES = ("sgd", "momentum", "rmsprop", "adam", "adamw")
OBJECTIVE_ROLES = {"quadratic": ("p", "q"), "linreg": ("x", "t")}
DEFAULTS = {"alpha": 0.99, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
ADAMW_DECAY = 0.01  # torch.optim.AdamW's default weight_decay
ONE_WEIGHT_KEYS = {"objective", "w0", "lr", "optimizer", "weight_decay"}
SETTINGS = {"sgd": {"name", "steps"}, "momentum": {"name", "steps", "momentum"},
            "rmsprop": {"name", "steps", "alpha", "eps"},
            "adam": {"name", "steps", "beta1", "beta2", "eps", "weight_decay"},
            "adamw": {"name", "steps", "beta1", "beta2", "eps", "weight_decay"}}


def is_one_weight(network: Any) -> bool:
    return isinstance(network, dict) and "objective" in network


def is_trained(network: Any) -> bool:
    """A network (with layers) trained by an optimiser for several steps."""
    return isinstance(network, dict) and "optimizer" in network and "objective" not in network


def _number(value: Any, where: str, low: float | None = None, high: float | None = None,
            open_high: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise NetworkError(f"{where}: expected a number, got {type(value).__name__} {value!r}"[:200])
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise NetworkError(f"{where}: must be a finite number")
    if low is not None and value < low or high is not None and (value >= high if open_high else value > high):
        bound = f"below {high:g}" if open_high else f"at most {high:g}"
        raise NetworkError(f"{where}: {value:g} is out of range; expected {low:g} or more and {bound}")
    return value


def read_optimizer(settings: Any, most_sgd_steps: int) -> tuple[str, int, dict]:
    """(the optimizer as the family names it, steps, hyperparameters) from `optimizer`."""
    from solver.families.optimizer import EPS, MAX_STEPS

    if not isinstance(settings, dict):
        raise NetworkError("optimizer: expected an object such as {name: adam, steps: 2}")
    name = settings.get("name")
    if name not in OPTIMIZER_NAMES:
        raise NetworkError(f"optimizer.name: unknown {name!r}; expected one of {', '.join(OPTIMIZER_NAMES)}"[:200])
    extra = sorted(set(settings) - SETTINGS[name])
    if extra:
        raise NetworkError(f"optimizer.{extra[0]}: not a setting of {name}; it takes {', '.join(sorted(SETTINGS[name]))}")
    most = most_sgd_steps if name == "sgd" else MAX_STEPS
    steps = settings.get("steps", 1)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= most:
        raise NetworkError(f"optimizer.steps: expected a whole number of steps from 1 to {most}, got {steps!r}"[:200])
    hyper: dict = {}
    if name == "momentum":
        if "momentum" not in settings:
            raise NetworkError("optimizer.momentum: missing (torch's default 0 would be plain SGD: use name sgd)")
        hyper["mu"] = _number(settings["momentum"], "optimizer.momentum", 0.0, 1.0, open_high=True)
    elif name == "rmsprop":
        hyper["alpha"] = _number(settings.get("alpha", DEFAULTS["alpha"]), "optimizer.alpha", 0.0, 1.0, open_high=True)
    elif name in ("adam", "adamw"):
        for key in ("beta1", "beta2"):
            hyper[key] = _number(settings.get(key, DEFAULTS[key]), f"optimizer.{key}", 0.0, 1.0, open_high=True)
        decay = settings.get("weight_decay", ADAMW_DECAY if name == "adamw" else 0.0)
        hyper["lam"] = _number(decay, "optimizer.weight_decay", 0.0)
        if name == "adam":
            if hyper["lam"]:
                name = "adam_l2"
            else:
                del hyper["lam"]
    if name not in ("sgd", "momentum"):
        hyper["eps"] = _number(settings.get("eps", EPS), "optimizer.eps", 0.0, 1.0)
        if hyper["eps"] == 0:
            raise NetworkError("optimizer.eps: must be more than 0 (it keeps √v + ε away from 0)")
    return name, steps, hyper


def read_one_weight(network: dict) -> tuple[str, str, int, dict]:
    """(objective kind, optimizer as the families name it, steps, given values); NetworkError
    naming the key where the description is wrong."""
    from solver.families.gd import MAX_STEPS as GD_STEPS

    unknown = sorted(set(network) - ONE_WEIGHT_KEYS)
    if unknown:
        raise NetworkError(f"{unknown[0]}: unknown key for a one-weight problem; "
                           f"expected {', '.join(sorted(ONE_WEIGHT_KEYS))}")
    objective = network["objective"]
    if not isinstance(objective, dict):
        raise NetworkError("objective: expected an object such as {kind: quadratic, p: 2, q: 1}")
    kind = objective.get("kind")
    if kind not in OBJECTIVE_ROLES:
        raise NetworkError(f"objective.kind: unknown {kind!r}; expected one of {', '.join(OBJECTIVE_ROLES)}"[:200])
    first, second = OBJECTIVE_ROLES[kind]
    extra = sorted(set(objective) - {"kind", first, second})
    if extra:
        raise NetworkError(f"objective.{extra[0]}: unknown key; a {kind} objective has {first} and {second}")
    for key in (first, second):
        if key not in objective:
            raise NetworkError(f"objective.{key}: missing")
    for key in ("w0", "lr"):
        if key not in network:
            raise NetworkError(f"{key}: missing")
    given = {"w0": _number(network["w0"], "w0"), "eta": _number(network["lr"], "lr", 0.0),
             "p": _number(objective[first], f"objective.{first}"), "q": _number(objective[second], f"objective.{second}")}
    if given["eta"] == 0:
        raise NetworkError("lr: must be more than 0")
    name, steps, hyper = read_optimizer(network.get("optimizer", {"name": "sgd"}), GD_STEPS)
    decay = network.get("weight_decay")
    if decay is not None and _number(decay, "weight_decay", 0.0):
        if name == "adam":
            name, hyper["lam"] = "adam_l2", float(decay)  # L2 in the loss: the very steps of Adam's weight_decay
        elif name == "adamw":
            raise NetworkError("weight_decay: AdamW decays the weight itself (optimizer.weight_decay); "
                               "L2 in the loss goes with adam")
        else:
            raise NetworkError(f"weight_decay: {name} with L2 in the loss is not drilled yet; use adam or adamw")
    given.update(hyper)
    if name != "sgd":
        from solver.families.optimizer import state

        given.update({slot: 0.0 for slot in state(name)})
    return kind, name, steps, given


def problem_from_one_weight(network: dict) -> Problem:
    kind, name, steps, given = read_one_weight(network)
    if name == "sgd":
        from solver.families.gd import gd_problem

        return gd_problem(kind, steps, given, None)
    from solver.families.optimizer import optimizer_problem

    return optimizer_problem(name, steps, given, None, objective=kind)


def problem_from_trained_network(network: dict) -> Problem:
    """A network with `optimizer`: its layers read as every network's are, then the steps."""
    from solver.families.optimizer import network_description
    from solver.families.optimizer_network import network_optimizer_problem
    from solver.formats.network_file import read_network

    name, steps, hyper = read_optimizer(network["optimizer"], 6)
    st, given = read_network({key: value for key, value in network.items() if key != "optimizer"})
    given = {**given, **hyper}
    plain = {key: value for key, value in network.items() if key != "optimizer"}
    return network_optimizer_problem(st, name, steps, given, network_description(name, steps, given, plain),
                                     None, family="network")
