"""Plain gradient descent as operations: the step p - η·∂L/∂p, and the one-weight objectives a
descent runs on (solver.ops.objectives has their numbers)."""

from __future__ import annotations

from solver.ops import linalg
from solver.ops.objectives import OBJECTIVES, Objective
from solver.ops.operation import OpMistake, Operation, Rule

SGD = Operation(
    "sgd", ("p", "eta", "dp"),
    Rule(("p", "eta", "dp"), linalg.descend, "{0} - {1}·{2}", "update",
         (OpMistake("update_sign", lambda v: v["p"] + v["eta"] * v["dp"]),
          OpMistake("forgot_learning_rate", lambda v: v["p"] - v["dp"]))),
    {}, exact=True, phase="update",
)


def objective_operation(objective: Objective) -> Operation:
    first, second = objective.roles
    reads = ("w", first, second)
    mistakes = (OpMistake("sign_error_residual", lambda v: -v.rule(v["w"], v[first], v[second])),
                OpMistake("half_factor", lambda v: 2 * v.rule(v["w"], v[first], v[second])),
                OpMistake("half_factor", lambda v: v.rule(v["w"], v[first], v[second]) / 2))
    if objective.name == "linreg":
        # dL/dw = (w·x - t)·x: multiplying by the weight instead of the input
        mistakes += (OpMistake("weight_for_input", lambda v: (v["w"] * v["x"] - v["t"]) * v["w"]),)
    return Operation(
        f"objective.{objective.name}", reads,
        Rule(reads, objective.loss, objective.loss_formula, "loss"),
        {"w": Rule(reads, objective.gradient, objective.gradient_text, "dloss", mistakes)},
        exact=True, phase="loss",
    )


OPERATIONS = {op.name: op for op in (SGD, *(objective_operation(objective) for objective in OBJECTIVES.values()))}
