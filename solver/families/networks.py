"""The network families: chain2, neuron, mlp, softmax-ce, residual and deep-chain.

Each one fixes a `Structure` from its options, then draws hand-friendly numbers for it. Drawing
is vectorised over seeds, so a batch of problems costs one pass and every problem in it equals
the one its own code gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Callable

import numpy as np

from solver import ops
from solver.formats.codes import FIRST_GENERATOR, CodeError, ProblemCode
from solver.families.base import POOLS, Family, Option, dusty_rows, seeds_array, target_pool
from solver.network import DECAY, DENSE, DOT, SCALAR, LayerShape, Structure, build_template, forward_template, grad
from solver.formats.network_file import network_problem
from solver.rng import draws
from solver.trace import solve_values

MAX_ATTEMPTS = 96  # enough that even a family accepting one draw in six almost never runs out
# Generator 2 of the earlier families (neuron, mlp, softmax-ce, residual) also draws again when a
# step value is the rounding dust of an exact 0, as issue 15's families always did: softmax-ce's
# ∂L/∂a1 = W2ᵀ·(p - y) is exactly 0 where a column of W2 repeats one number (p - y sums to 0), and
# printed -2.776e-17. Generator 1 keeps its draws: the codes already issued name them.
CLEAN_GENERATOR = 2
KINK_DUST = 1e-9  # a pre-activation this close to a ReLU kink is on it


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split("-"))
    except ValueError:
        raise CodeError(f"layer sizes '{text}' must look like 2-3-1") from None
    if len(sizes) < 2 or len(sizes) > 5 or not all(1 <= n <= 4 for n in sizes):
        raise CodeError(f"layer sizes '{text}': 2 to 5 layers of 1 to 4 units, e.g. 2-3-1")
    return sizes


def _dense_structure(sizes, activations, loss, bias=True, skip=None, samples=None, weight_decay=False) -> Structure:
    layers = tuple(
        LayerShape(DENSE, n_in, n_out, act, bias)
        for n_in, n_out, act in zip(sizes[:-1], sizes[1:], activations)
    )
    return Structure(layers, loss, skip, samples, weight_decay)


# The structures of families declared in modules of their own (batch-mlp, normalisation, ...),
# by family name: each takes the code's options.
STRUCTURES: dict[str, Callable[[tuple[str, ...]], Structure]] = {}


def structure_for(code: ProblemCode) -> Structure:
    return _structure(code.family, code.options)


@lru_cache(maxsize=256)
def _structure(family: str, options: tuple[str, ...]) -> Structure:
    if family == "chain2":
        return Structure((LayerShape(SCALAR, 1, 1, options[0], False), LayerShape(SCALAR, 1, 1, "identity", False)),
                         "half_sse")
    if family == "deep-chain":
        depth = int(options[0])
        return Structure(tuple(LayerShape(SCALAR, 1, 1, options[1], False) for _ in range(depth)), "half_sse")
    if family == "neuron":
        n = int(options[0])
        return Structure((LayerShape(DOT, n, 1, options[1], True),), options[2])
    if family == "mlp":
        sizes = _sizes(options[0])
        return _dense_structure(sizes, [options[1]] * (len(sizes) - 1), options[2])
    if family == "softmax-ce":
        sizes = _sizes(options[0])
        return _dense_structure(sizes, [options[1]] * (len(sizes) - 2) + ["softmax"], "softmax_ce")
    if family == "residual":
        width = int(options[0])
        return _dense_structure((width, width, width), [options[1], "identity"], "half_sse", skip=(0, 2))
    if family in STRUCTURES:
        return STRUCTURES[family](options)
    raise KeyError(family)


@dataclass(frozen=True)
class _Slot:
    name: str
    pool: str  # which Pools field the entries come from, or "targets"/"label" (softmax one-hot)
    shape: tuple[int, ...]
    offset: int
    size: int


@lru_cache(maxsize=256)
def _layout(st: Structure) -> tuple[tuple[_Slot, ...], int]:
    """Where each given value's entries sit in one problem's row of random draws."""
    last = st.layers[-1]
    activations = [s.activation for s in st.layers if isinstance(s, LayerShape)]
    kinked = any(ops.ACTIVATIONS[a].kink is not None for a in activations)
    unsquashed = any(a in UNSQUASHED for a in activations)
    inputs = "kink_inputs" if kinked else "gentle_inputs" if unsquashed else "inputs"
    entries: list[tuple[str, str, tuple[int, ...]]] = [("x", inputs, st.sample_shape(st.input_shape()))]
    for layer in range(1, st.depth + 1):
        shape = st.layers[layer - 1]
        if not isinstance(shape, LayerShape):  # another layer type: its parameters say their pools
            entries += [(param.id(layer, st.depth), param.pool, param.shape) for param in shape.parameters()]
            entries += [(const.id(layer, st.depth), const.pool, st.sample_shape(const.shape))
                        for const in shape.constants()]
            continue
        entries.append((st.weight(layer), "weights",
                        {SCALAR: (), DOT: (shape.n_in,), DENSE: (shape.n_out, shape.n_in)}[shape.kind]))
        if shape.bias:
            biases = "kink_biases" if ops.ACTIVATIONS[shape.activation].kink is not None else "biases"
            entries.append((st.bias(layer), biases, (shape.n_out,) if shape.kind == DENSE else ()))
    t_shape = st.sample_shape(last.output_shape())
    if st.loss in ("softmax_ce", "ce"):
        entries.append(("t", "label", t_shape))
    else:
        entries.append(("t", "targets", t_shape))
    entries.append(("eta", "rates", ()))
    if st.weight_decay:
        entries.append((DECAY, "decays", ()))
    slots, offset = [], 0
    for name, pool, shape in entries:
        size = 1 if pool == "label" else int(np.prod(shape, dtype=int))
        slots.append(_Slot(name, pool, shape, offset, size))
        offset += size
    return tuple(slots), offset


@dataclass(frozen=True)
class _Table:
    """Every column's pool laid end to end, so one draw row maps to values in three array ops."""

    sizes: np.ndarray  # pool size of each column
    bases: np.ndarray  # where each column's pool starts in `values`
    values: np.ndarray
    # How each given value is cut from a row block of draws: (name, column, stop, shape), with
    # shape None for a number (one column), () for a vector (a plain slice), else the matrix
    # shape; and the labels (softmax targets) as (column, classes).
    cuts: tuple[tuple[str, int, int, tuple[int, ...] | None], ...]
    label: tuple[int, int] | None


UNSQUASHED = ("identity", "relu", "leaky_relu", "softplus")
# Pools of the given values other layer types and options have (a Param's `pool`), by difficulty.
EXTRA_POOLS = {
    "decays": {1: (0.25, 0.5), 2: (0.1, 0.2, 0.25, 0.5), 3: (0.01, 0.05, 0.1, 0.2)},
    "scales": {1: (0.5, 1.0, 2.0), 2: (0.5, 0.75, 1.0, 1.5, 2.0), 3: (0.5, 0.8, 1.0, 1.2, 1.5)},
    "shifts": {1: (-0.5, 0.0, 0.5), 2: (-0.5, -0.25, 0.0, 0.25, 0.5), 3: (-0.5, -0.2, 0.0, 0.1, 0.3)},
    "masks": {1: (0.0, 1.0, 1.0), 2: (0.0, 1.0, 1.0), 3: (0.0, 1.0, 1.0)},  # two kept in three
}
PLAINER = {"kink_inputs": "gentle_inputs", "gentle_inputs": "inputs", "kink_biases": "biases"}


@lru_cache(maxsize=256)
def _table(st: Structure, difficulty: int) -> _Table:
    pools = POOLS[difficulty]
    slots, total = _layout(st)
    sizes, bases, values = np.zeros(total, np.uint64), np.zeros(total, np.intp), []
    cuts, label = [], None
    for slot in slots:
        if slot.pool == "label":
            pool = tuple(float(i) for i in range(slot.shape[0]))
            label = (slot.offset, slot.shape[0])
        else:
            if slot.pool == "targets":
                pool = target_pool(getattr(st.layers[-1], "activation", "identity"), st.loss, difficulty)
            elif slot.pool in EXTRA_POOLS:
                pool = EXTRA_POOLS[slot.pool][difficulty]
            else:
                name = slot.pool
                while not getattr(pools, name):  # a difficulty without a special pool takes the plainer one
                    name = PLAINER[name]
                pool = getattr(pools, name)
            shape = None if not slot.shape else () if len(slot.shape) == 1 else slot.shape
            cuts.append((slot.name, slot.offset, slot.offset + slot.size, shape))
        sizes[slot.offset:slot.offset + slot.size] = len(pool)
        bases[slot.offset:slot.offset + slot.size] = len(values)
        values.extend(pool)
    return _Table(sizes, bases, np.asarray(values, dtype=float), tuple(cuts), label)


def _draw_given(st: Structure, difficulty: int, seeds, attempt) -> dict:
    """Given values for every seed: arrays with a leading batch axis, from one row of draws.

    `attempt` numbers the redraws of a seed whose numbers were unkind; one per seed, or one for
    all. `seeds` is an array, or one seed as a Python int (then a tuple of attempts gives one
    row per attempt).
    """
    table = _table(st, difficulty)
    drawn = table.values[table.bases + (draws(seeds, attempt, len(table.sizes)) % table.sizes).astype(np.intp)]
    count = drawn.shape[0]
    given = {}
    for name, start, stop, shape in table.cuts:
        if shape is None:
            given[name] = drawn[:, start]
        elif not shape:
            given[name] = drawn[:, start:stop]
        else:
            given[name] = drawn[:, start:stop].reshape((count, *shape))
    if table.label is not None:
        column, classes = table.label
        given["t"] = np.eye(classes)[drawn[:, column].astype(np.intp)]
    return given


# Beyond this |z| a sigmoid or tanh saturates and the gradients shrink to a few ten-thousandths:
# fine for deep-chain (that is its lesson), unkind in an easy problem.
SATURATION = {1: 2.5, 2: 4.0, 3: np.inf}
# No given and no step value larger than this: a d1 problem is worked with a pencil.
MAGNITUDE = {1: 20.0, 2: np.inf, 3: np.inf}
FLAT = 1e-12  # a gradient entry this small is zero (rounding dust of an exact 0)
MIN_SPREAD = 0.2  # a normalised variance below this: the samples (or features) are nearly alike


@dataclass(frozen=True)
class _Checks:
    kinks: tuple[str, ...]  # pre-activations that must stay off a ReLU kink
    saturating: tuple[str, ...]  # pre-activations that must stay below the saturation bound
    bound: float
    gradients: tuple[str, ...]  # every parameter's gradient: not all of them may be 0
    updated: tuple[tuple[str, str], ...]  # (given name, the value to put there) after the update
    magnitude: float
    spreads: tuple[str, ...] = ()  # normalisation variances: all samples (features) alike teach nothing
    # The families of issue 15 ask every weight's gradient to be nonzero somewhere (a dropout mask
    # over dead units would leave nothing to work out); the earlier families keep their draws.
    each_weight: tuple[str, ...] = ()
    # The step values of those families and of generator 2, none of which may be rounding dust of an exact 0.
    steps: tuple[str, ...] = ()


@lru_cache(maxsize=256)
def _checks(st: Structure, difficulty: int, family: str, generator: int = FIRST_GENERATOR) -> _Checks:
    layers = tuple((layer, shape) for layer, shape in enumerate(st.layers, start=1) if isinstance(shape, LayerShape))
    kinks = tuple(st.pre_activation(layer) for layer, shape in layers
                  if ops.ACTIVATIONS[shape.activation].kink is not None)
    saturating = ()
    if family != "deep-chain" and np.isfinite(SATURATION[difficulty]):
        saturating = tuple(st.pre_activation(layer) for layer, shape in layers
                           if shape.activation in ("sigmoid", "tanh", "softplus"))
    parameters = {name for _, name, _ in st.parameters()}
    updated = tuple((name, name + "_new" if name in parameters else name) for name in st.given_names())
    spreads = tuple("var" + st.suffix(layer) for layer, shape in enumerate(st.layers, start=1)
                    if getattr(shape, "prefix", None) in ("bn", "ln"))
    newer = st.samples is not None or st.weight_decay or not all(isinstance(s, LayerShape) for s in st.layers)
    each_weight = tuple(grad(name) for _, name, param in st.parameters() if param.decayed) if newer else ()
    clean = newer or generator >= CLEAN_GENERATOR
    steps = tuple(step.id for step in build_template(st).steps) if clean else ()
    return _Checks(kinks, saturating, SATURATION[difficulty], tuple(grad(p) for p in sorted(parameters)),
                   updated, MAGNITUDE[difficulty], spreads, each_weight, steps)


def _bad_rows(st: Structure, values: dict, difficulty: int, family: str,
              generator: int = FIRST_GENERATOR) -> np.ndarray:
    """Rows to draw again: a ReLU kink, saturation at low difficulty, an overflow, values too
    large for a hand (d1), gradients that are all 0, or an update that does not lower the loss.

    (An update that switches a ReLU unit off is kept: the problem says so in a note.)
    """
    checks = _checks(st, difficulty, family, generator)
    loss = values["L"]
    count = len(loss)
    bad = ~np.isfinite(loss)
    if checks.kinks:
        # Decimal inputs leave rounding dust: 0.1·3 - 0.3 is 5.6e-17, a kink on paper.
        bad |= np.abs(_side_by_side(values, checks.kinks, count)).min(axis=1) < KINK_DUST
    if checks.saturating:
        bad |= np.abs(_side_by_side(values, checks.saturating, count)).max(axis=1) > checks.bound
    bad |= np.abs(_side_by_side(values, checks.gradients, count)).max(axis=1) < FLAT
    for weight in checks.each_weight:
        bad |= np.abs(values[weight].reshape(count, -1)).max(axis=1) < FLAT
    if checks.steps:
        bad |= dusty_rows(_side_by_side(values, checks.steps, count).astype(float))
    if checks.spreads:
        bad |= _side_by_side(values, checks.spreads, count).min(axis=1) < MIN_SPREAD
    if checks.magnitude < np.inf:
        # NaN compares False, so `not <=` catches it along with the large values.
        bad |= ~(np.abs(_side_by_side(values, tuple(values), count)).max(axis=1) <= checks.magnitude)
    # One more forward pass, on the updated parameters: the step must go downhill.
    after = solve_values(forward_template(st), {name: values[source] for name, source in checks.updated})
    bad |= ~(after["L"] < loss)
    return bad


def _side_by_side(values: dict, names: tuple[str, ...], count: int) -> np.ndarray:
    """The entries of several per-problem values as one (count, entries) array."""
    if len(names) == 1:
        return values[names[0]].reshape(count, -1)
    return np.concatenate([values[name].reshape(count, -1) for name in names], axis=1)


def sample_given(st: Structure, difficulty: int, seeds, family: str = "",
                 generator: int = FIRST_GENERATOR) -> tuple[dict, dict]:
    """(given, values) for every seed, each array with a leading batch axis."""
    seeds = seeds_array(seeds)
    template = build_template(st)
    given = _draw_given(st, difficulty, seeds, 0)
    values = solve_values(template, given)
    rows = np.flatnonzero(_bad_rows(st, values, difficulty, family, generator))
    attempt = 0
    if len(rows):
        # Rows are independent: only the redrawn ones are solved and checked again, and their
        # values written in place (the same numbers a solve of the whole batch gives them).
        values = {name: np.array(value) for name, value in values.items()}
    while len(rows) and attempt < MAX_ATTEMPTS:
        attempt += 1
        fresh = solve_values(template, _draw_given(st, difficulty, seeds[rows], attempt))
        for name, value in values.items():
            value[rows] = fresh[name]
        rows = rows[_bad_rows(st, fresh, difficulty, family, generator)]
    return {name: values[name] for name in given}, values


# The batch drawing of each generator (see solver/formats/codes.py).
BATCH_SAMPLERS = {FIRST_GENERATOR: sample_given, CLEAN_GENERATOR: partial(sample_given, generator=CLEAN_GENERATOR)}

# A single problem draws its first few attempts at once: a batch of four costs about what a
# batch of one does, and it spares the redraw that unkind numbers would otherwise need.
LOOKAHEAD = 4
_ATTEMPTS = tuple(range(LOOKAHEAD))


def build_network_problem(code: ProblemCode):
    st = structure_for(code)
    # One seed, LOOKAHEAD streams: the seed is mixed once and broadcast over the attempts.
    given = _draw_given(st, code.difficulty, code.seed, _ATTEMPTS)
    template = build_template(st)
    values = solve_values(template, given)
    bad = _bad_rows(st, values, code.difficulty, code.family, code.generator).tolist()
    if not all(bad):
        # The first kind attempt: the same numbers the batch path reaches by redrawing in turn.
        row = bad.index(False)
        # `values` holds the given values first, then the steps: one pass takes this row of both.
        solved = {name: value.item(row) if value.ndim == 1 else value[row] for name, value in values.items()}
        single = {name: solved[name] for name in given}
        return network_problem(st, single, code.family, str(code), values=solved)
    given, values = sample_given(st, code.difficulty, [code.seed], code.family, code.generator)
    single = {name: _unbatch(value) for name, value in given.items()}
    solved = {name: _unbatch(value) for name, value in values.items()}
    return network_problem(st, single, code.family, str(code), values=solved)


def _unbatch(value: np.ndarray):
    if value.ndim == 1:
        return float(value[0])
    return value[0]


def _check_activation_loss(activation: str, loss: str) -> None:
    if loss == "bce" and activation != "sigmoid":
        raise CodeError("loss bce needs a sigmoid output; for example neuron:3:sigmoid:bce:d1#1")


def _normalise_neuron(options):
    n, activation, loss = options
    if not n.isdigit() or not 1 <= int(n) <= 4:
        raise CodeError(f"neuron inputs '{n}' must be 1 to 4; for example neuron:3:sigmoid:half_sse:d1#1")
    _check_activation_loss(activation, loss)
    return (str(int(n)), activation, loss)


def _normalise_mlp(options):
    sizes, activation, loss = options
    _check_activation_loss(activation, loss)
    return ("-".join(str(n) for n in _sizes(sizes)), activation, loss)


def _normalise_softmax(options):
    sizes = _sizes(options[0])
    if sizes[-1] < 2:
        raise CodeError("softmax needs at least 2 output classes; for example softmax-ce:2-2-3:sigmoid:d1#1")
    return ("-".join(map(str, sizes)), options[1])


def _normalise_range(name, low, high, example):
    def check(options):
        value = options[0]
        if not value.isdigit() or not low <= int(value) <= high:
            raise CodeError(f"{name} '{value}' must be {low} to {high}; for example {example}")
        return (str(int(value)), *options[1:])

    return check


ACTIVATION_CHOICES = ops.HIDDEN_ACTIVATIONS
LOSS_CHOICES = ("half_sse", "mse", "bce")

# chain2 and deep-chain have no generator 2: their values are products along one path, with no
# sum that can cancel, and y - t at dust leaves every gradient flat, which generator 1 redraws.
CLEANER = {CLEAN_GENERATOR: build_network_problem}

NETWORK_FAMILIES = (
    Family("chain2", "文章中的两层标量链：x → w1 → f → w2 → y，损失 ½(y - t)²",
           "the article's two-weight chain x -> w1 -> f -> w2 -> y with loss ½(y - t)²",
           (Option("activation", "sigmoid", "activation of the first layer", ACTIVATION_CHOICES),),
           build_network_problem),
    Family("neuron", "单个神经元：n 个输入加偏置，任选激活和损失",
           "one neuron: n inputs plus a bias, any activation and loss",
           (Option("inputs", "3", "number of inputs, 1-4"),
            Option("activation", "sigmoid", "activation", ACTIVATION_CHOICES),
            Option("loss", "half_sse", "loss", LOSS_CHOICES)),
           build_network_problem, _normalise_neuron, later=CLEANER),
    Family("mlp", "小型全连接网络，含矩阵和向量，求每个 W 和 b 的梯度",
           "a small fully connected network with vectors and matrices; gradients for every W and b",
           (Option("sizes", "2-3-1", "layer sizes, e.g. 2-3-1 or 3-2-2"),
            Option("activation", "sigmoid", "activation of every layer", ACTIVATION_CHOICES),
            Option("loss", "half_sse", "loss", LOSS_CHOICES)),
           build_network_problem, _normalise_mlp, later=CLEANER),
    Family("softmax-ce", "softmax 输出加交叉熵损失：∂L/∂z = p - y",
           "a softmax output with cross-entropy loss: dL/dz = p - y",
           (Option("sizes", "2-2-3", "layer sizes; the last is the number of classes"),
            Option("activation", "sigmoid", "activation of the hidden layers", ACTIVATION_CHOICES)),
           build_network_problem, _normalise_softmax, later=CLEANER),
    Family("residual", "带跳跃连接的残差块：梯度沿两条路径回传并相加",
           "a residual block with a skip connection: the gradient flows along both paths and adds",
           (Option("width", "2", "width of the block, 1-3"),
            Option("activation", "relu", "activation inside the block", ACTIVATION_CHOICES)),
           build_network_problem, _normalise_range("width", 1, 3, "residual:2:relu:d1#1"), later=CLEANER),
    Family("deep-chain", "很深的标量链：梯度是各层局部导数的连乘，演示梯度消失",
           "a deep scalar chain: the gradient is a product of local derivatives, showing vanishing gradients",
           (Option("depth", "4", "number of layers, 3-8"),
            Option("activation", "sigmoid", "activation", ("sigmoid", "tanh"))),
           build_network_problem, _normalise_range("depth", 3, 8, "deep-chain:4:sigmoid:d1#1")),
)
