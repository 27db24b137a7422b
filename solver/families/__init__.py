"""The problem families, by name. Each builds a solved `Problem` from a `ProblemCode`."""

from __future__ import annotations

from solver.families.activation_derivative import ACTIVATION_DERIVATIVE
from solver.families.attention import ATTENTION
from solver.families.base import DIFFICULTIES, Family, Option
from solver.families.batch_mlp import BATCH_MLP
from solver.families.gates import GATES
from solver.families.gd import GD
from solver.families.gradcheck import GRADCHECK
from solver.families.networks import NETWORK_FAMILIES
from solver.families.normalisation import NORMALISATION
from solver.families.optimizer import OPTIMIZER
from solver.families.recurrent import RNN
from solver.families.regularisation import REGULARISATION
from solver.families.softmax_jacobian import SOFTMAX_JACOBIAN
from solver.families.spatial import SPATIAL_FAMILIES

FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (*NETWORK_FAMILIES, GD, ACTIVATION_DERIVATIVE, OPTIMIZER, *SPATIAL_FAMILIES, RNN, ATTENTION,
                   BATCH_MLP, NORMALISATION, REGULARISATION, SOFTMAX_JACOBIAN, GRADCHECK, GATES)
}

__all__ = ["DIFFICULTIES", "FAMILIES", "Family", "Option"]
