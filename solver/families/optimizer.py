"""optimizer: two or three steps of momentum, RMSprop, Adam, Adam + L2 or AdamW on one weight.

Every step follows torch.optim's definitions, with the gradient computed afresh at the current
weight of L(w) = ½·p·(w - q)²:

- momentum (SGD, dampening 0):  b = μ·b + g,  w = w - η·b
- RMSprop:                      v = α·v + (1 - α)·g²,  w = w - η·g / (√v + ε)
- Adam:                         m = β1·m + (1 - β1)·g,  v = β2·v + (1 - β2)·g²,
                                m̂ = m / (1 - β1^t),  v̂ = v / (1 - β2^t),  w = w - η·m̂ / (√v̂ + ε)
- Adam + L2 (torch Adam's weight_decay = λ, i.e. (λ/2)·w² in the loss): g + λ·w goes into m and v
- AdamW (torch AdamW): w = w·(1 - η·λ) first, then the Adam step with the plain gradient

Each moment estimate is a step of its own. Adam + L2 and AdamW are drawn alike so that the
same code's numbers show them differ: each problem's note gives where the other would end.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from solver.families.base import POOLS, Family, Option, dusty_steps, target_pool
from solver.families.update_steps import operation_step
from solver.fmt import format_value
from solver.formats.codes import FIRST_GENERATOR, CodeError, ProblemCode
from solver.ops.objectives import OBJECTIVES
from solver.rng import pick
from solver.trace import Description, Mistake, Problem, StepSpec, Template, fraction_array, solve_values

OPTIMIZERS = ("momentum", "rmsprop", "adam", "adam_l2", "adamw")
MODELS = ("weight", "chain2")  # one weight of L = ½·p·(w - q)², or the article's two-weight chain
MAX_STEPS = 3
# Generator 2 also draws again when a step value is rounding dust beside the largest: momentum can
# land w exactly on q, where g3 = p·(w2 - q) is 0 on paper and 1.735e-17 in floating point.
CLEAN_GENERATOR = 2
EPS = 1e-8  # torch's default ε for RMSprop and Adam

# The hyperparameters a hand can carry at d1, torch's usual values by d3.
HYPER = {
    1: {"mu": (0.5,), "alpha": (0.5,), "beta1": (0.5,), "beta2": (0.5, 0.75), "lam": (0.5,)},
    2: {"mu": (0.5, 0.9), "alpha": (0.9,), "beta1": (0.9,), "beta2": (0.99, 0.999), "lam": (0.1, 0.25)},
    3: {"mu": (0.9,), "alpha": (0.99,), "beta1": (0.9,), "beta2": (0.999,), "lam": (0.01, 0.05, 0.1)},
}
RATES = {1: (0.25, 0.5), 2: (0.1, 0.25, 0.5), 3: (0.01, 0.05, 0.1, 0.2)}
MAGNITUDE = {1: 20.0, 2: 100.0, 3: float("inf")}
ADAMS = ("adam", "adam_l2", "adamw")
DECAYS = ("adam_l2", "adamw")


def hyperparameters(optimizer: str) -> tuple[str, ...]:
    if optimizer == "momentum":
        return ("mu",)
    if optimizer == "rmsprop":
        return ("alpha", "eps")
    return ("beta1", "beta2", "eps") + (("lam",) if optimizer != "adam" else ())


def state(optimizer: str) -> tuple[str, ...]:
    """The optimiser's state before the first step, all zeros (torch's b is the first g = μ·0 + g)."""
    return {"momentum": ("b0",), "rmsprop": ("v0",)}.get(optimizer, ("m0", "v0"))


QUADRATIC = OBJECTIVES["quadratic"]  # L(w) = ½·p·(w - q)², the one-weight objective of the table
loss, gradient = QUADRATIC.loss, QUADRATIC.gradient


def _gradient_step(k: int, objective: str) -> StepSpec:
    first, second = OBJECTIVES[objective].roles  # the constants, given as p and q whatever their roles
    return operation_step(f"g{k}", f"objective.{objective}", {"w": f"w{k - 1}", first: "p", second: "q"},
                          (f"第{k}步：在 w{k - 1} 处重新计算梯度 ∂L/∂w",
                           f"step {k}: the gradient dL/dw, computed afresh at w{k - 1}"), gradient_of="w")


@dataclass(frozen=True)
class Slots:
    """The ids one parameter's optimiser steps read and write at step k: the one weight's are
    w0, g1, m1, …; a network's carry the parameter's name (m_w1[2])."""

    w_in: str  # the parameter before the step
    w_out: str  # after it
    grad: str  # its freshly computed gradient
    b: str
    b_prev: str
    m: str
    m_prev: str
    v: str
    v_prev: str
    mhat: str
    vhat: str
    wd: str  # AdamW's decayed parameter
    grad_l2: str  # the gradient with L2's λ·w added
    symbol: str = "w"  # how labels call the parameter
    of_zh: str = ""  # "w1 的" for a network's parameter, in labels
    of_en: str = ""  # " of w1"


def one_weight_slots(k: int) -> Slots:
    return Slots(f"w{k - 1}", f"w{k}", f"g{k}", f"b{k}", f"b{k - 1}", f"m{k}", f"m{k - 1}", f"v{k}", f"v{k - 1}",
                 f"mhat{k}", f"vhat{k}", f"wd{k}", f"g{k}_l2")


def _adam_from(c, k: int, s: Slots, base, g) -> float:
    """Where an Adam step from the moments before step k ends, with gradient g, starting at base."""
    m = c["beta1"] * c[s.m_prev] + (1 - c["beta1"]) * g
    v = c["beta2"] * c[s.v_prev] + (1 - c["beta2"]) * g * g
    mhat, vhat = m / (1 - c["beta1"] ** k), v / (1 - c["beta2"] ** k)
    return base - c["eta"] * mhat / (vhat ** 0.5 + c["eps"])


def _as_adamw(k: int, s: Slots):
    # decoupled decay where L2 was asked: the decay outside the moments, the plain gradient inside
    def value(c):
        w = c[s.w_in]
        return _adam_from(c, k, s, w * (1 - c["eta"] * c["lam"]), c[s.grad])
    return value


def _as_l2(k: int, s: Slots):
    # L2 where decoupled decay was asked: λ·w inside the gradient, no decay outside
    def value(c):
        w = c[s.w_in]
        return _adam_from(c, k, s, w, c[s.grad] + c["lam"] * w)
    return value


def _steps(optimizer: str, k: int, objective: str) -> list[StepSpec]:
    return [_gradient_step(k, objective), *update_steps(optimizer, k, one_weight_slots(k))]


def update_steps(optimizer: str, k: int, s: Slots) -> list[StepSpec]:
    """Step k of the optimiser on one parameter, from its gradient `s.grad`: each estimate a step."""
    prev, g, zh, en = s.w_in, s.grad, s.of_zh, s.of_en
    steps = []
    if optimizer == "adam_l2":
        steps.append(operation_step(
            s.grad_l2, "weight_decay.l2", {"dp": g, "lam": "lam", "p": prev},
            (f"第{k}步：{zh}梯度加上 L2 项的梯度 λ·{s.symbol}", f"step {k}: the gradient{en} with the L2 term's λ·{s.symbol} added"),
            extra=(Mistake("adamw_l2_confused", lambda c, g=g: c[g]),)))
        g = s.grad_l2
    w = s.w_out
    after = (f"第{k}步更新后的 {s.symbol}", f"{s.symbol} after step {k}")
    if optimizer == "momentum":
        steps += [
            operation_step(s.b, "momentum.buffer", {"b": s.b_prev, "mu": "mu", "dp": g},
                           (f"第{k}步：{zh}动量缓冲 {s.b}", f"step {k}: the momentum buffer{en} {s.b}")),
            operation_step(w, "momentum.step", {"p": prev, "eta": "eta", "b": s.b, "dp": g}, after),
        ]
        return steps
    if optimizer == "rmsprop":
        steps += [
            operation_step(s.v, "moment.second", {"v": s.v_prev, "beta": "alpha", "dp": g},
                           (f"第{k}步：{zh}梯度平方的滑动平均 {s.v}", f"step {k}: the running mean of g²{en}, {s.v}")),
            operation_step(w, "rmsprop.step", {"p": prev, "eta": "eta", "dp": g, "v": s.v, "eps": "eps"}, after),
        ]
        return steps
    steps += [
        operation_step(s.m, "moment.first", {"m": s.m_prev, "beta": "beta1", "dp": g},
                       (f"第{k}步：{zh}一阶矩（梯度的滑动平均）{s.m}", f"step {k}: the first moment{en} (running mean of g) {s.m}")),
        operation_step(s.v, "moment.second", {"v": s.v_prev, "beta": "beta2", "dp": g},
                       (f"第{k}步：{zh}二阶矩（g² 的滑动平均）{s.v}", f"step {k}: the second moment{en} (running mean of g²) {s.v}")),
        operation_step(s.mhat, "bias_correction", {"m": s.m, "beta": "beta1", "t": k},
                       (f"第{k}步：{zh}偏差修正后的一阶矩", f"step {k}: the bias-corrected first moment{en}")),
        operation_step(s.vhat, "bias_correction", {"m": s.v, "beta": "beta2", "t": k},
                       (f"第{k}步：{zh}偏差修正后的二阶矩", f"step {k}: the bias-corrected second moment{en}")),
    ]
    base = prev
    extra = ()
    if optimizer == "adamw":
        steps.append(operation_step(s.wd, "weight_decay.decoupled", {"p": prev, "eta": "eta", "lam": "lam"},
                                    (f"第{k}步：{zh}先做解耦的权重衰减", f"step {k}: the decoupled weight decay{en}, first")))
        base = s.wd
        extra = (Mistake("adamw_l2_confused", _as_l2(k, s)),)
    elif optimizer == "adam_l2":
        extra = (Mistake("adamw_l2_confused", _as_adamw(k, s)),)
    steps.append(operation_step(w, "adam.step", {"p": base, "eta": "eta", "mhat": s.mhat, "vhat": s.vhat,
                                                 "eps": "eps"}, after, extra=extra))
    return steps


# How the constants p and q are written: linreg's are the training pair (x, t), as gd writes them.
CONSTANT_NAMES = {"quadratic": {}, "linreg": {"p": "x", "q": "t"}}


@lru_cache(maxsize=64)
def optimizer_template(optimizer: str, steps: int, objective: str = "quadratic") -> Template:
    specs = []
    for k in range(1, steps + 1):
        specs += _steps(optimizer, k, objective)
    given = ("w0", "eta", "p", "q", *hyperparameters(optimizer), *state(optimizer))
    names = {"eta": "η", "mu": "μ", "alpha": "α", "beta1": "β1", "beta2": "β2", "eps": "ε", "lam": "λ",
             **CONSTANT_NAMES[objective]}
    for k in range(1, steps + 1):
        names.update({f"mhat{k}": f"m̂{k}", f"vhat{k}": f"v̂{k}", f"wd{k}": f"w̃{k - 1}", f"g{k}_l2": f"g̃{k}"})
    # each step's moments and update follow its gradient: phase headings would cut every step up
    return Template(given, tuple(specs), names, phase_headings=False)


# -- drawing --------------------------------------------------------------------------------------
def draw(optimizer: str, steps: int, difficulty: int, seed: int, generator: int = FIRST_GENERATOR) -> dict:
    """Numbers a hand can follow: the first gradient is not 0, nothing outgrows the difficulty's
    bound, and the steps end lower than they started. Adam + L2 and AdamW draw alike (each
    draw kind for both), so that one seed shows the two methods on the same numbers."""
    checked = DECAYS if optimizer in DECAYS else (optimizer,)
    given = {}
    for attempt in range(24):
        given = _draw_once(optimizer, difficulty, seed, attempt * 16)
        if all(_kind(name, steps, given, difficulty, generator) for name in checked):
            break
    return given


def _draw_once(optimizer: str, difficulty: int, seed: int, stream: int) -> dict:
    pools, hyper = POOLS[difficulty], HYPER[difficulty]
    seeds = np.asarray([seed], dtype=np.uint64)

    def one(pool, offset):
        return float(pick(pool, seeds, stream + offset, 1)[0, 0])

    given = {
        "w0": one(pools.inputs, 0),
        "eta": one(RATES[difficulty], 1),
        "p": one((1.0, 2.0) if difficulty == 1 else (0.5, 1.0, 2.0), 2),
        "q": one(target_pool("identity", "half_sse", difficulty), 3),
    }
    for offset, name in enumerate(hyperparameters(optimizer), start=4):
        given[name] = EPS if name == "eps" else one(hyper[name], offset)
    given.update({name: 0.0 for name in state(optimizer)})
    return given


def _kind(optimizer: str, steps: int, given: dict, difficulty: int, generator: int = FIRST_GENERATOR) -> bool:
    if gradient(given["w0"], given["p"], given["q"]) == 0:
        return False
    template = optimizer_template(optimizer, steps)
    values = solve_values(template, given)
    numbers = [v for v in values.values() if isinstance(v, float)]
    if not all(np.isfinite(numbers)) or max(map(abs, numbers)) > MAGNITUDE[difficulty]:
        return False
    if generator >= CLEAN_GENERATOR and dusty_steps(template, values):
        return False
    final = values[f"w{steps}"]
    return loss(final, given["p"], given["q"]) < loss(given["w0"], given["p"], given["q"])


# -- the problem ----------------------------------------------------------------------------------
def optimizer_settings(optimizer: str, steps: int, given: dict) -> dict:
    """The network file's `optimizer` object, in torch.optim's names."""
    settings: dict = {"name": "adamw" if optimizer == "adamw" else "adam" if optimizer in ADAMS else optimizer,
                      "steps": steps}
    if optimizer == "momentum":
        settings["momentum"] = given["mu"]
    elif optimizer == "rmsprop":
        settings.update(alpha=given["alpha"], eps=given["eps"])
    else:
        settings.update(beta1=given["beta1"], beta2=given["beta2"], eps=given["eps"])
    if optimizer in DECAYS:  # torch's weight_decay argument: coupled (L2) for Adam, decoupled for AdamW
        settings["weight_decay"] = given["lam"]
    return settings


def description(optimizer: str, steps: int, given: dict, objective: str = "quadratic") -> dict:
    """The problem in the network file's terms: `objective` and `w0` instead of layers, torch's names."""
    settings = optimizer_settings(optimizer, steps, given)
    first, second = OBJECTIVES[objective].roles
    network = {"objective": {"kind": objective, first: given["p"], second: given["q"]}, "w0": given["w0"],
               "lr": given["eta"], "optimizer": settings}
    return network


RULES = {
    "momentum": ("b = μ·b + g，w = w - η·b（PyTorch SGD 动量，dampening = 0，b0 = 0）",
                 "b = μ·b + g, w = w - η·b (PyTorch SGD momentum, dampening 0, b0 = 0)"),
    "rmsprop": ("v = α·v + (1 - α)·g²，w = w - η·g / (√v + ε)（v0 = 0）",
                "v = α·v + (1 - α)·g², w = w - η·g / (√v + ε) (v0 = 0)"),
    "adam": ("m = β1·m + (1 - β1)·g，v = β2·v + (1 - β2)·g²，m̂ = m / (1 - β1^t)，v̂ = v / (1 - β2^t)，"
             "w = w - η·m̂ / (√v̂ + ε)（m0 = v0 = 0，t 从 1 开始）",
             "m = β1·m + (1 - β1)·g, v = β2·v + (1 - β2)·g², m̂ = m / (1 - β1^t), v̂ = v / (1 - β2^t), "
             "w = w - η·m̂ / (√v̂ + ε) (m0 = v0 = 0, t from 1)"),
}
RULES["adam_l2"] = (RULES["adam"][0] + "；损失里另有 (λ/2)·w²，所以进入 m 和 v 的梯度是 g + λ·w",
                    RULES["adam"][1] + "; the loss also has (λ/2)·w², so the gradient going into m and v is g + λ·w")
RULES["adamw"] = ("AdamW：每一步先 w̃ = w·(1 - η·λ)，再做 Adam 的更新 w = w̃ - η·m̂ / (√v̂ + ε)；" + RULES["adam"][0],
                  "AdamW: each step first w̃ = w·(1 - η·λ), then the Adam update w = w̃ - η·m̂ / (√v̂ + ε); "
                  + RULES["adam"][1])
NAMES = {"momentum": ("动量 SGD", "SGD with momentum"), "rmsprop": ("RMSprop", "RMSprop"),
         "adam": ("Adam", "Adam"), "adam_l2": ("Adam + L2 正则", "Adam with L2 in the loss"),
         "adamw": ("AdamW（解耦权重衰减）", "AdamW (decoupled weight decay)")}


def _describe(optimizer: str, steps: int, given: dict, objective: str = "quadratic") -> Description:
    constants = CONSTANT_NAMES[objective]
    shown = ", ".join(f"{constants.get(name, name)} = {format_value(given[name])}"
                      for name in ("w0", "eta", "p", "q", *hyperparameters(optimizer)))
    loss_text = OBJECTIVES[objective].loss_text
    for key, symbol in (("eta", "η"), ("mu", "μ"), ("alpha", "α"), ("beta1", "β1"), ("beta2", "β2"),
                        ("eps", "ε"), ("lam", "λ")):
        shown = shown.replace(f"{key} =", f"{symbol} =")
    (name_zh, name_en), (rule_zh, rule_en) = NAMES[optimizer], RULES[optimizer]
    return Description(
        description(optimizer, steps, given, objective),
        f"损失 L(w) = {loss_text}，{shown}。用 {name_zh} 走 {steps} 步：{rule_zh}。"
        f"每一步先在当前的 w 处重新求梯度 g，再写出每个估计量和更新后的 w。",
        f"Loss L(w) = {loss_text} with {shown}. Take {steps} steps of {name_en}: {rule_en}. "
        f"Each step computes the gradient g afresh at the current w; write every estimate and the updated w.",
        key="given",
    )


def network_description(optimizer: str, steps: int, given: dict, network: dict) -> dict:
    """A network's description with the optimiser: its file reads back into the same problem."""
    return {**network, "optimizer": optimizer_settings(optimizer, steps, given)}


def describe_network_steps(optimizer: str, steps: int, network: dict) -> Description:
    settings = network["optimizer"]
    shown = ", ".join(f"{SYMBOLS.get(key, key)} = {format_value(value)}" for key, value in settings.items()
                      if key not in ("name", "steps"))
    (name_zh, name_en), (rule_zh, rule_en) = NAMES[optimizer], RULES[optimizer]
    return Description(
        network,
        f"网络和数值见下表（η = {format_value(network['lr'])}，{shown}）。用 {name_zh} 训练 {steps} 步：{rule_zh}；"
        f"每个参数各有自己的状态。每一步先在当前参数下做正向和反向传播，再写出每个参数的估计量和更新后的值。",
        f"The network and its numbers are in the table (η = {format_value(network['lr'])}, {shown}). Train it for "
        f"{steps} steps of {name_en}: {rule_en}; each parameter keeps its own state. Each step runs the forward and "
        f"backward pass at the current parameters, then writes every parameter's estimates and its updated value.",
        key="given",
    )


SYMBOLS = {"momentum": "μ", "alpha": "α", "beta1": "β1", "beta2": "β2", "eps": "ε", "weight_decay": "λ"}


def _contrast(optimizer: str, steps: int, given: dict, values: dict, objective: str) -> tuple[tuple[str, str], ...]:
    """Adam + L2 and AdamW from the same numbers: where the other one ends, so the difference shows."""
    if optimizer not in ("adam_l2", "adamw"):
        return ()
    other = "adamw" if optimizer == "adam_l2" else "adam_l2"
    theirs = solve_values(optimizer_template(other, steps, objective), given)[f"w{steps}"]
    ours = values[f"w{steps}"]
    a, b = format_value(ours), format_value(theirs)
    if optimizer == "adam_l2":
        return ((f"同样的数用 AdamW（解耦衰减）会停在 w{steps} = {b}，而 Adam + L2 停在 {a}：L2 的 λ·w 进了梯度，"
                 f"和梯度一起被 √v̂ 除掉，所以两者不同。",
                 f"With the same numbers AdamW (decoupled decay) would end at w{steps} = {b}, Adam + L2 at {a}: "
                 f"L2's λ·w enters the gradient and is divided by √v̂ with it, so the two differ."),)
    return ((f"同样的数用 Adam + L2 会停在 w{steps} = {b}，而 AdamW 停在 {a}：AdamW 的衰减 w·(1 - η·λ) 不经过 m 和 v，"
             f"不会被 √v̂ 缩放。",
             f"With the same numbers Adam with L2 in the loss would end at w{steps} = {b}, AdamW at {a}: AdamW's decay "
             f"w·(1 - η·λ) bypasses m and v, so √v̂ does not rescale it."),)


def optimizer_problem(optimizer: str, steps: int, given: dict, code: str | None,
                      objective: str = "quadratic") -> Problem:
    """The problem of these given values (the family draws them on the quadratic; a learner's file
    may bring linreg's pair too)."""
    template = optimizer_template(optimizer, steps, objective)
    values = solve_values(template, given)
    rational = optimizer == "momentum"
    return Problem(
        family="optimizer", code=code, template=template, given=given, values=values, answers=template.step_ids,
        describe=lambda: _describe(optimizer, steps, given, objective),
        exact_given=(lambda: {name: fraction_array(value) for name, value in given.items()}) if rational else None,
        notes=_contrast(optimizer, steps, given, values, objective),
    )


def build(code: ProblemCode) -> Problem:
    optimizer, steps = code.options[0], int(code.options[1])
    if code.options[2] != "weight":
        return _build_on_network(code, optimizer, steps)
    return optimizer_problem(optimizer, steps, draw(optimizer, steps, code.difficulty, code.seed, code.generator),
                             str(code))


# A model option -> the network family (and its options) whose draw the steps start from.
NETWORK_MODELS = {"chain2": ("chain2", ("sigmoid",))}
SEED_STRIDE = 1_000_003  # a redraw starts the network from another seed of its family


def _build_on_network(code: ProblemCode, optimizer: str, steps: int) -> Problem:
    """The article's chain x -> w1 -> σ -> w2 -> y drawn as its family draws it, then trained for
    `steps` steps; a redraw when the steps end higher than they start or outgrow the difficulty."""
    from solver.families.networks import build_network_problem, structure_for
    from solver.families.optimizer_network import draw_hyperparameters, kind, network_optimizer_problem
    from solver.formats.codes import MAX_SEED

    family, options = NETWORK_MODELS[code.options[2]]
    checked = DECAYS if optimizer in DECAYS else (optimizer,)
    for attempt in range(24):
        start = ProblemCode(family, options, code.difficulty, (code.seed + attempt * SEED_STRIDE) % (MAX_SEED + 1))
        network = build_network_problem(start)
        st = structure_for(start)
        given = {**network.given, **draw_hyperparameters(optimizer, code.difficulty, code.seed, attempt * 16)}
        if all(kind(st, name, steps, given, code.difficulty, code.generator >= CLEAN_GENERATOR) for name in checked):
            break
    described = network_description(optimizer, steps, given, network.network)
    return network_optimizer_problem(st, optimizer, steps, given, described, str(code))


def _normalise(options):
    optimizer, steps, model = options
    if not steps.isdigit() or not 1 <= int(steps) <= MAX_STEPS:
        raise CodeError(f"optimizer steps '{steps}' must be 1 to {MAX_STEPS}; for example optimizer:adam:2:weight:d1#1")
    return (optimizer, str(int(steps)), model)


OPTIMIZER = Family(
    "optimizer", "动量、RMSprop、Adam、Adam + L2 与 AdamW 的几步更新（按 torch.optim 的定义），每个矩估计都是一步",
    "a few steps of momentum, RMSprop, Adam, Adam + L2 or AdamW as torch.optim defines them; every moment a step",
    (Option("optimizer", "adam", "momentum, rmsprop, adam, adam_l2 (L2 in the loss) or adamw (decoupled decay)",
            OPTIMIZERS),
     Option("steps", "2", f"number of steps, 1-{MAX_STEPS}"),
     Option("model", "weight", "what is optimised: weight (one weight of L = ½·p·(w - q)²) or chain2 "
                               "(the article's chain x -> w1 -> σ -> w2 -> y)", MODELS)),
    build, _normalise, later={CLEAN_GENERATOR: build},
)
