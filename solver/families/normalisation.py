"""Normalisation: batch norm in training mode over a mini-batch of m = 3-4 samples (1-2
features), or layer norm over each sample's 3-4 features.

The forward pass is a tutor's decomposition — μ, the biased σ², x̂ = (x − μ)/√(σ² + ε), then
γ ⊙ x̂ + β, with ε = 1e-5 as `F.batch_norm(training=True)` and `F.layer_norm` default to — and the
backward pass asks ∂γ, ∂β and ∂x, whose three paths (direct, through the mean, through the
variance) add. Dropping one of them, dividing the variance by m − 1, or not summing ∂γ and ∂β
over the samples are the named mistakes. (Two samples would make batch norm's x̂ = ±1 whatever x
is, so ∂L/∂x = 0 and nothing is left to drill: the family starts at three.)
"""

from __future__ import annotations

from solver.families.base import Family, Option
from solver.families.networks import STRUCTURES, build_network_problem
from solver.formats.codes import CodeError
from solver.layers.norm import DEFAULT_EPS, BatchNorm, LayerNorm
from solver.network import Structure

EXAMPLE = "normalisation:batch:3:1:d1#1"


def _structure(options: tuple[str, ...]) -> Structure:
    norm, samples, features = options[0], int(options[1]), int(options[2])
    layer = (BatchNorm if norm == "batch" else LayerNorm)(features, DEFAULT_EPS)
    return Structure((layer,), "half_sse", samples=samples if samples > 1 else None)


def _normalise(options):
    norm, samples, features = options
    if not samples.isdigit() or not features.isdigit():
        raise CodeError(f"samples and features are numbers; for example {EXAMPLE}")
    samples, features = int(samples), int(features)
    if norm == "batch" and not (3 <= samples <= 4 and 1 <= features <= 2):
        raise CodeError(f"batch norm takes 3-4 samples of 1-2 features; for example {EXAMPLE}")
    if norm == "layer" and not (1 <= samples <= 4 and 3 <= features <= 4):
        raise CodeError("layer norm takes 1-4 samples of 3-4 features; for example normalisation:layer:1:3:d3#1")
    return (norm, str(samples), str(features))


STRUCTURES["normalisation"] = _structure

NORMALISATION = Family(
    "normalisation", "归一化：训练模式的批归一化（或层归一化），先算 μ、σ²、x̂，再求 ∂γ、∂β 和经三条路径的 ∂x",
    "normalisation: batch norm in training mode (or layer norm): μ, σ², x̂, then ∂γ, ∂β and ∂x along its three paths",
    (Option("norm", "batch", "batch (over the samples) or layer (over each sample's features)", ("batch", "layer")),
     Option("samples", "3", "samples: 3-4 for batch norm, 1-4 for layer norm"),
     Option("features", "1", "features per sample: 1-2 for batch norm, 3-4 for layer norm")),
    build_network_problem, _normalise,
)
