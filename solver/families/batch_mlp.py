"""The mini-batch MLP: m = 2-4 samples through a small dense network, the loss their mean.

What it drills is where the batch shows: the 1/m enters once, at the loss's gradient
(∂L/∂Y = (Y - T)/m), and then every parameter's gradient sums over the samples — ∂W = δᵀ·X,
∂b = Σₙ δₙ — each step labelled with its shapes ((m×in)·(in×out) → m×out). The named mistakes
are the batch's own: forgetting the 1/m, dividing by m again, taking one sample's gradient for
the batch's, not summing the bias over the samples.
"""

from __future__ import annotations

from solver.families.base import Family, Option
from solver.families.networks import (
    ACTIVATION_CHOICES, LOSS_CHOICES, STRUCTURES, _check_activation_loss, _dense_structure, _sizes,
    build_network_problem,
)
from solver.formats.codes import CodeError

SAMPLES = (2, 3, 4)


def _structure(options: tuple[str, ...]):
    samples, sizes, activation, loss = options
    sizes = _sizes(sizes)
    return _dense_structure(sizes, [activation] * (len(sizes) - 2) + [_output(activation, loss)], loss,
                            samples=int(samples))


def _output(activation: str, loss: str) -> str:
    """The output layer: a sigmoid under cross-entropy, else the identity (a regression head),
    so that every target is one the output can reach."""
    return "sigmoid" if loss == "bce" else "identity"


def _normalise(options):
    samples, sizes, activation, loss = options
    if not samples.isdigit() or int(samples) not in SAMPLES:
        raise CodeError(f"samples '{samples}' must be 2 to 4; for example batch-mlp:3:2-2-1:relu:half_sse:d1#1")
    parsed = _sizes(sizes)
    if len(parsed) > 3 or max(parsed) > 3:
        raise CodeError(f"layer sizes '{sizes}': at most one hidden layer of up to 3 units for a batch worked by "
                        f"hand, e.g. 2-2-1")
    if loss == "bce":
        _check_activation_loss("sigmoid", loss)
    return (str(int(samples)), "-".join(map(str, parsed)), activation, loss)


STRUCTURES["batch-mlp"] = _structure

BATCH_MLP = Family(
    "batch-mlp", "小批量全连接网络：m 个样本的平均损失，∂W 对样本求和（1/m 只出现一次），∂b 按样本求和，每步标出形状",
    "a mini-batch MLP: the mean loss over m samples, ∂W summed over the samples (the 1/m once), ∂b summed over "
    "the batch, every step with its shapes",
    (Option("samples", "2", "samples in the mini-batch, 2-4"),
     Option("sizes", "2-2-1", "layer sizes, e.g. 2-2-1 or 2-3-2 (one hidden layer at most)"),
     Option("activation", "relu", "activation of the hidden layer", ACTIVATION_CHOICES),
     Option("loss", "half_sse", "loss of each sample (the batch takes their mean)", LOSS_CHOICES)),
    build_network_problem, _normalise,
)
