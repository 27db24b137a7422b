"""The operations every problem is built from: start here.

- `table`: the operation table, each operation's forward rule beside its vector-Jacobian
  products, formulas, exactness, kink convention and named mistakes (`OPERATIONS`);
- `activations`, `losses`, `linalg`: the numeric rules the table is made of;
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

# The table last: it registers the operations of the modules beside it (batch, regularisation, ...),
# which build on its classes, so whichever of them is imported first finds the table complete.
from solver.ops import table  # noqa: E402,F401
