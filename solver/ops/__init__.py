"""The operations every problem is built from: start here.

- `operation`: what an operation is, its forward rule beside its vector-Jacobian products,
  formulas, exactness, kink convention and named mistakes;
- `table`: the one table of every operation (`OPERATIONS`), gathered from the modules of their
  concepts (`affine`, `activation_ops`, `loss_ops`, `descent`, `gate_ops`, `conv`, `recurrent`, …);
- `activations`, `losses`, `objectives`, `linalg`: the numeric rules those operations are made of;
- `gates`: the scalar gates of a learner's own expression (`quizapp expr`), with local derivatives.

The names below are the rules themselves, for code that needs one directly (`ops.softmax`).
"""

from solver.ops.activations import (
    ACTIVATIONS, HIDDEN_ACTIVATIONS, LEAKY_SLOPE, Activation, activation, kink_note, softmax,
)
from solver.ops.linalg import descend, dot, matvec, matvec_transposed, outer, scale, transpose
from solver.ops.losses import LOSSES, Loss, written_for_width

__all__ = [
    "ACTIVATIONS", "HIDDEN_ACTIVATIONS", "LEAKY_SLOPE", "LOSSES", "Activation", "Loss",
    "activation", "descend", "dot", "kink_note", "matvec", "matvec_transposed", "outer", "scale", "softmax", "transpose",
    "written_for_width",
]

# The table last: importing any module of the package builds the whole table once.
from solver.ops import table  # noqa: E402,F401
