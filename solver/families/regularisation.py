"""Regularisation: L2 in the loss (weight decay) or inverted dropout with a given mask, on a
small dense network.

- `l2`: L = L_data + (λ/2)·Σ‖W‖² over the weights only; each weight's gradient adds λ·W to the
  data's (two paths the trace adds), the biases get none. Named mistakes: decaying the bias, the
  ½/2 of λ·W, dropping one of the two paths.
- `dropout`: the hidden layer's output goes through y = a ⊙ mask / (1 − p) with p = 0.5 and the
  mask given; backward the gradient passes the kept units only, with the same 1/(1 − p).
  Named mistakes: forgetting the 1/(1 − p) (forward or backward), letting the gradient through
  the dropped units.
Why Adam + L2 is not AdamW is the optimizer family's lesson (its adam-l2 and adamw options).
"""

from __future__ import annotations

from solver.families.base import Family, Option
from solver.families.networks import ACTIVATION_CHOICES, STRUCTURES, _sizes, build_network_problem
from solver.formats.codes import CodeError
from solver.layers import DENSE, LayerShape
from solver.layers.dropout import Dropout
from solver.network import Structure

KINDS = ("l2", "dropout")
DROP_P = 0.5  # the kept units double: a hand multiplies by 2


def _structure(options: tuple[str, ...]) -> Structure:
    kind, sizes, activation = options[0], _sizes(options[1]), options[2]
    n_in, hidden, n_out = sizes
    layers = [LayerShape(DENSE, n_in, hidden, activation, True), LayerShape(DENSE, hidden, n_out, "identity", True)]
    if kind == "l2":
        return Structure(tuple(layers), "half_sse", weight_decay=True)
    return Structure((layers[0], Dropout((hidden,), DROP_P), layers[1]), "half_sse")


def _normalise(options):
    kind, sizes, activation = options
    parsed = _sizes(sizes)
    if len(parsed) != 3 or max(parsed) > 3:
        raise CodeError(f"layer sizes '{sizes}': one hidden layer, e.g. 2-3-1 (up to 3 units a layer); "
                        f"for example regularisation:{kind}:2-3-1:relu:d1#1")
    return (kind, "-".join(map(str, parsed)), activation)


STRUCTURES["regularisation"] = _structure

REGULARISATION = Family(
    "regularisation", "正则化：损失里的 L2 项（权重衰减，只含权重）或按给定掩码的反向缩放 dropout（乘 1/(1 - p)）",
    "regularisation: L2 in the loss (weight decay, weights only) or inverted dropout with a given mask (times 1/(1 - p))",
    (Option("kind", "l2", "l2 (weight decay in the loss) or dropout (with a given mask, p = 0.5)", KINDS),
     Option("sizes", "2-2-1", "layer sizes: one hidden layer, e.g. 2-3-1"),
     Option("activation", "relu", "activation of the hidden layer", ACTIVATION_CHOICES)),
    build_network_problem, _normalise,
)
