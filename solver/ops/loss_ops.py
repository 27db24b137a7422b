"""The losses as operations (solver.ops.losses has their numbers): their formulas, named mistakes
and what a loss says where the operation feeding it cancels part of its gradient."""

from __future__ import annotations

from solver.ops.losses import LOSSES, Loss, written_for_width
from solver.ops.operation import OpMistake, Operation, Rule, Simplification, Site, WorkingRule


MEAN_LOSSES = ("mse", "bce")  # averaged over the outputs: a 1/n people forget


def _loss_mistakes(name: str) -> tuple[OpMistake, ...]:
    if name == "half_sse":
        return (OpMistake("half_factor", lambda v: 2 * v.forward(v["y"], v["t"])),
                OpMistake("half_factor", lambda v: v.forward(v["y"], v["t"]) / 2))
    if name in MEAN_LOSSES:
        # Summed instead of averaged; with one output the two agree and the grader drops it.
        return (OpMistake("mean_factor", lambda v: v.site.width * v.forward(v["y"], v["t"])),)
    return ()


def _gradient_mistakes(name: str) -> tuple[OpMistake, ...]:
    if name == "ce":  # -t/p: the sign of the log's derivative
        return (OpMistake("ce_gradient_sign", lambda v: -v.rule(v["y"], v["t"])),)
    mistakes = [OpMistake("sign_error_residual", lambda v: -v.rule(v["y"], v["t"]))]
    if name == "half_sse":
        mistakes += [OpMistake("half_factor", lambda v: 2 * (v["y"] - v["t"])),
                     OpMistake("half_factor", lambda v: (v["y"] - v["t"]) / 2)]
    if name == "mse":
        mistakes.append(OpMistake("square_factor", lambda v: v.rule(v["y"], v["t"]) / 2))
    if name in MEAN_LOSSES:
        mistakes.append(OpMistake("mean_factor", lambda v: v.site.width * v.rule(v["y"], v["t"])))
    return tuple(mistakes)


def _sigmoid_bce_working(site: Site) -> WorkingRule:
    width = site.width
    text = "{0} - {1}" if width == 1 else f"({{0}} - {{1}}) / {width}"
    return WorkingRule(("y", "t"), lambda a, t: (a - t) / width, text, after=True)


# σ'(z) = a(1 - a) cancels the denominator of ∂L/∂a = (a - t) / (a(1 - a)) / n.
def _softmax_ce_working(site: Site) -> WorkingRule:
    return WorkingRule(("y", "t"), lambda p, t: p - t, "{0} - {1}", after=True)


SIMPLIFICATIONS = {
    "ce": {"softmax.explicit": Simplification(_softmax_ce_working, (
        "J·(-t/p) 的第 i 项是 -tᵢ + pᵢ·Σⱼ tⱼ，而 Σ t = 1：于是 ∂L/∂z = p - t。fused 的 softmax_ce 正是直接用这个结果。",
        "Entry i of J·(-t/p) is -tᵢ + pᵢ·Σⱼ tⱼ, and Σ t = 1: so ∂L/∂z = p - t, the result a fused softmax "
        "cross-entropy uses directly.",
    ))},
    "bce": {"sigmoid": Simplification(_sigmoid_bce_working, (
        "sigmoid 输出配交叉熵时，σ'(z) = a(1 - a) 正好约掉 ∂L/∂a 的分母：∂L/∂z = a - t（n 个输出时再除以 n），面试常问这个捷径。",
        "With a sigmoid output and cross-entropy, σ'(z) = a(1 - a) cancels the denominator of ∂L/∂a: "
        "∂L/∂z = a - t (divided by n for n outputs), the shortcut interviewers ask for.",
    ))},
}


def loss_operation(loss: Loss) -> Operation:
    formula, gradient_formula = loss.formula, loss.gradient_formula
    forward = Rule(("y", "t"), loss.forward, lambda site: written_for_width(formula, site.width), "loss",
                   _loss_mistakes(loss.name))
    if loss.name == "softmax_ce":
        # -Σ t·ln p has no tidy gradient in p alone; at the logits it is p - t.
        return Operation(
            loss.name, ("y", "t"), forward, {}, exact=loss.rational, phase="loss", reduces=True,
            through="softmax",
            vjp_through=Rule(("y", "t"), loss.gradient, "{0} - {1}", "softmax_grad",
                             (OpMistake("softmax_sign", lambda v: v["t"] - v["y"]),)),
        )
    return Operation(
        loss.name, ("y", "t"), forward,
        {"y": Rule(("y", "t"), loss.gradient, lambda site: written_for_width(gradient_formula, site.width), "dloss",
                   _gradient_mistakes(loss.name))},
        exact=loss.rational, phase="loss", reduces=True, simplifies=SIMPLIFICATIONS.get(loss.name, {}),
    )


OPERATIONS = {op.name: op for op in (loss_operation(loss) for loss in LOSSES.values())}
