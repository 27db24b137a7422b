"""Every operation of the table on its own: each vector-Jacobian product against central finite
differences of the forward rule and against an independent derivative (SymPy or a hand-written
NumPy formula), over many random points; the shortcuts, texts and mistakes beside them."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.ops.table import OPERATIONS, Site, View

from ..sympy_model import activation as sympy_activation
from .test_gradcheck import EXAMPLE_VALUES as GRADCHECK_EXAMPLES
from .test_optim import EXAMPLE_VALUES as OPTIMIZER_EXAMPLES

FD_STEP = 1e-6
SETTINGS = settings(max_examples=40, deadline=None)
ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softplus")
LOSSES = ("half_sse", "mse", "bce")

entries = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False).map(lambda v: round(v, 3))


def arrays(shape):
    size = int(np.prod(shape)) if shape else 1
    return st.lists(entries, min_size=size, max_size=size).map(lambda v: np.array(v, dtype=float).reshape(shape))


def away_from_kinks(array):
    # finite differences straddling a kink measure neither slope: keep 1e-2 away from z = 0
    return np.where(np.abs(array) < 1e-2, np.where(array < 0, -0.5, 0.5), array)


def read(rule, values):
    # an optional input left out (a bias, a skip connection) is not passed
    return rule.compute(*(values[name] for name in rule.reads if name in values))


def central_difference(function, values, role, g):
    """∂<g, f>/∂(values[role]) entry by entry, f the forward rule as a function of one input."""
    base = np.array(values[role], dtype=float)
    gradient = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        shifted = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * FD_STEP
            trial = dict(values, **{role: moved if moved.ndim else float(moved)})
            shifted.append(np.sum(np.asarray(g) * np.asarray(function(trial))))
        gradient[index] = (shifted[0] - shifted[1]) / (2 * FD_STEP)
    return gradient


def check_vjps(name, values, g):
    op = OPERATIONS[name]

    def forward(vals):
        return read(op.forward, vals)

    out = forward(values)
    values = dict(values, out=out, g=g)
    for role, rule in op.vjps.items():
        if role not in values:
            continue
        stated = np.asarray(read(rule, values), dtype=float)
        expected = central_difference(forward, values, role, g)
        assert stated.shape == expected.shape, (name, role)
        assert np.allclose(stated, expected, rtol=1e-5, atol=1e-6), (name, role, stated, expected)
        if rule.shortcut is not None:
            reads, compute = rule.shortcut
            assert np.allclose(compute(*(values[r] for r in reads)), stated, rtol=1e-12, atol=1e-15)
    return values


# -- linear layers --------------------------------------------------------------------------------
@SETTINGS
@given(st.data(), st.integers(1, 4), st.integers(1, 4))
def test_dense_affine_gradients_match_finite_differences_and_the_textbook_formulas(data, n_out, n_in):
    W, a, b, s = (data.draw(arrays(shape)) for shape in ((n_out, n_in), (n_in,), (n_out,), (n_out,)))
    g = data.draw(arrays((n_out,)))
    values = check_vjps("affine.dense", {"W": W, "a": a, "b": b, "skip": s}, g)
    rules = OPERATIONS["affine.dense"].vjps
    # independent: ∂L/∂W_ij = g_i a_j, ∂L/∂a_j = Σ_i W_ij g_i, written out with einsum
    assert np.allclose(read(rules["W"], values), np.einsum("i,j->ij", g, a))
    assert np.allclose(read(rules["a"], values), np.einsum("ij,i->j", W, g))
    assert np.array_equal(read(rules["b"], values), g) and np.array_equal(read(rules["skip"], values), g)


@SETTINGS
@given(st.data(), st.integers(1, 4))
def test_dot_and_scalar_affine_gradients_match_finite_differences(data, n):
    w, a = data.draw(arrays((n,))), data.draw(arrays((n,)))
    b, g = data.draw(arrays(())), float(data.draw(arrays(())))
    values = check_vjps("affine.dot", {"W": w, "a": a, "b": float(b)}, g)
    assert np.allclose(read(OPERATIONS["affine.dot"].vjps["a"], values), g * w)
    check_vjps("affine.scalar", {"W": float(w[0]), "a": float(a[0])}, g)


def test_the_affine_rule_adds_whichever_addends_are_present():
    forward = OPERATIONS["affine.dense"].forward
    W, a = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, -1.0])
    assert np.array_equal(forward.compute(W, a), [-1.0, -1.0])
    assert np.array_equal(forward.compute(W, a, np.array([0.5, 0.5]), np.array([1.0, 2.0])), [0.5, 1.5])
    assert forward.written(Site((2, 2), 2)) == "{0}·{1}"
    assert forward.written(Site((2, 2), 4)) == "{0}·{1} + {2} + {3}"


# -- activations ----------------------------------------------------------------------------------
@SETTINGS
@pytest.mark.parametrize("name", ACTIVATIONS)
@given(data=st.data())
def test_activation_gradients_match_finite_differences_and_sympy(name, data):
    n = data.draw(st.integers(1, 4))
    z = away_from_kinks(data.draw(arrays((n,))))
    g = data.draw(arrays((n,)))
    values = check_vjps(name, {"z": z}, g)
    symbol = sp.Symbol("z", real=True)
    derivative = sp.lambdify(symbol, sp.diff(sympy_activation(name, symbol), symbol), "math")
    expected = g * np.array([float(derivative(float(v))) for v in z])
    assert np.allclose(read(OPERATIONS[name].vjps["z"], values), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name, slope", [("relu", 0), ("leaky_relu", Fraction(1, 10))])
def test_at_a_kink_the_stated_subgradient_is_used_and_said(name, slope):
    op = OPERATIONS[name]
    assert op.vjps["z"].compute(Fraction(1), Fraction(0)) == slope  # exact, and the frameworks' choice
    assert op.kink is not None and str(float(slope)).rstrip("0").rstrip(".") in op.kink[1]
    assert all(OPERATIONS[other].kink is None for other in ("sigmoid", "tanh", "softplus", "identity"))


def test_the_activation_step_is_written_as_a_tutor_writes_it():
    rule = OPERATIONS["sigmoid"].vjps["z"]
    assert rule.written(Site((3,), 1)) == "{0} ⊙ σ'({1})"
    assert rule.written(Site((), 1)) == "{0}·σ'({1})"


# -- softmax --------------------------------------------------------------------------------------
@SETTINGS
@given(st.data(), st.integers(2, 4))
def test_the_softmax_vjp_is_g_times_its_jacobian(data, n):
    z, g = data.draw(arrays((n,))), data.draw(arrays((n,)))
    values = check_vjps("softmax", {"z": z}, g)
    p = values["out"]
    jacobian = np.diag(p) - np.outer(p, p)  # independent: the Jacobian written out
    assert np.allclose(read(OPERATIONS["softmax"].vjps["z"], values), g @ jacobian, atol=1e-14)


@SETTINGS
@given(st.data(), st.integers(2, 4))
def test_softmax_cross_entropy_through_the_softmax_is_p_minus_t(data, n):
    z = data.draw(arrays((n,)))
    t = np.eye(n)[data.draw(st.integers(0, n - 1))]
    ce, softmax = OPERATIONS["softmax_ce"], OPERATIONS["softmax"]
    assert ce.through == "softmax"

    def loss(vals):
        return ce.forward.compute(softmax.forward.compute(vals["z"]), vals["t"])

    p = softmax.forward.compute(z)
    stated = ce.vjp_through.compute(p, t)
    assert np.allclose(stated, central_difference(loss, {"z": z, "t": t}, "z", 1.0), rtol=1e-5, atol=1e-7)


# -- losses ---------------------------------------------------------------------------------------
def _sympy_loss(name, ys, ts):
    n = len(ys)
    if name == "half_sse":
        return sum((y - t) ** 2 for y, t in zip(ys, ts)) / 2
    if name == "mse":
        return sum((y - t) ** 2 for y, t in zip(ys, ts)) / n
    return -sum(t * sp.log(y) + (1 - t) * sp.log(1 - y) for y, t in zip(ys, ts)) / n


@SETTINGS
@pytest.mark.parametrize("name", LOSSES)
@given(data=st.data())
def test_loss_gradients_match_finite_differences_and_sympy(name, data):
    n = data.draw(st.integers(1, 4))
    if name == "bce":
        y = data.draw(st.lists(st.floats(0.05, 0.95), min_size=n, max_size=n).map(np.array))
        t = data.draw(st.lists(st.sampled_from((0.0, 1.0)), min_size=n, max_size=n).map(np.array))
    else:
        y, t = data.draw(arrays((n,))), data.draw(arrays((n,)))
    values = check_vjps(name, {"y": y, "t": t}, 1.0)
    ys = sp.symbols(f"y0:{n}")
    expression = _sympy_loss(name, ys, [float(v) for v in t])
    point = dict(zip(ys, [float(v) for v in y]))
    expected = [float(sp.diff(expression, symbol).subs(point)) for symbol in ys]
    assert np.allclose(read(OPERATIONS[name].vjps["y"], values), expected, rtol=1e-9)
    assert np.isclose(read(OPERATIONS[name].forward, values), float(expression.subs(point)), rtol=1e-12)


@pytest.mark.parametrize("width, text", [(1, "½·(y - t)²"), (3, "½·Σ(y - t)²")])
def test_a_loss_is_written_for_its_width(width, text):
    forward = OPERATIONS["half_sse"].forward
    assert forward.written(Site((width,) if width > 1 else (), 2)).format("y", "t") == text
    assert OPERATIONS["mse"].vjps["y"].written(Site((3,), 2)) == "(2/3)·({0} - {1})"


# -- the table as a whole -------------------------------------------------------------------------
# Operations whose inputs are not the roles below: a site and values of their own.
OWN_SITES = {
    "conv1d": (Site((1, 3), 3), {"x": np.array([[1.0, -2.0, 0.5]]), "W": np.array([[[1.0, 0.5]]]),
                                 "b": np.array([0.25])}),
    "conv2d": (Site((1, 3, 3), 3), {"x": np.arange(9.0).reshape(1, 3, 3) - 4,
                                    "W": np.array([[[[1.0, 0.5], [-1.0, 2.0]]]]), "b": np.array([0.25])}),
    "maxpool": (Site((2, 2), 1), {"x": np.array([[1.0, -2.0], [0.5, 3.0]])}),
    "avgpool": (Site((2, 2), 1), {"x": np.array([[1.0, -2.0], [0.5, 3.0]])}),
    "flatten": (Site((2, 3), 1), {"x": np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.0]])}),
    "rnn_cell.scalar": (Site((), 5), {"Wx": 0.5, "x": -1.0, "Wh": 1.5, "h": 0.25, "b": 0.5}),
    "rnn_cell.dense": (Site((2, 1), 5), {"Wx": np.array([[0.5], [-1.0]]), "x": np.array([2.0]),
                                         "Wh": np.array([[1.0, -2.0], [0.5, 3.0]]), "h": np.array([0.25, -0.5]),
                                         "b": np.array([0.5, 0.0])}),
    "rnn_cell.sequence": (Site((2, 1), 5), {"Wx": np.array([[0.5], [-1.0]]), "x": np.array([[2.0], [-1.0]]),
                                            "Wh": np.array([[1.0, -2.0], [0.5, 3.0]]), "h": np.array([0.25, -0.5]),
                                            "b": np.array([0.5, 0.0])}),
    "linear.rows": (Site((2, 2), 2), {"W": np.array([[1.0, -2.0], [0.5, 3.0]]), "X": np.array([[2.0, -1.0], [0.5, 1.0]])}),
    "attention.scores": (Site((2, 2), 2), {"Q": np.array([[1.0, -2.0], [0.5, 3.0]]),
                                           "K": np.array([[2.0, -1.0], [0.5, 1.0]]),
                                           "g": np.array([[0.5, -1.0], [0.25, 2.0]])}),
    "softmax.rows": (Site((2, 2), 1), {"S": np.array([[1.0, -2.0], [0.5, 3.0]])}),
    "attention.mix": (Site((2, 2), 2), {"A": np.array([[0.75, 0.25], [0.5, 0.5]]), "V": np.array([[2.0, -1.0], [0.5, 1.0]]),
                                        "g": np.array([[0.5, -1.0], [0.25, 2.0]])}),
}


def _site_values(op):
    if op.name in OPTIMIZER_EXAMPLES:
        return Site((2,), len(op.forward.reads)), OPTIMIZER_EXAMPLES[op.name]
    if op.name in OWN_SITES:
        return OWN_SITES[op.name]
    if op.name == "affine.batch":  # three samples, one a row
        return Site((2, 2), 3), {"W": np.array([[1.0, -2.0], [0.5, 3.0]]), "b": np.array([0.25, 0.5]),
                                 "a": np.array([[2.0, -1.0], [0.5, 1.0], [-1.5, 0.25]])}
    if op.name.startswith("batch."):
        return Site((3, 2), 2), {"y": np.array([[0.25, 0.75], [0.5, 0.5], [0.875, 0.125]]),
                                 "t": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])}
    if op.name.startswith(("bn.", "ln.")):  # three samples of two features
        x = np.array([[1.0, -2.0], [0.5, 3.0], [2.0, 0.25]])
        axis = 0 if op.name.startswith("bn.") else 1
        return Site(x.shape, len(op.inputs)), {"x": x, "mu": x.mean(axis=axis), "var": x.var(axis=axis)}
    if op.name == "scale_shift":
        return Site((3, 2), 3), {"xhat": np.array([[1.0, -1.0], [0.5, 1.5], [-1.5, -0.5]]),
                                 "gamma": np.array([2.0, 0.5]), "beta": np.array([0.25, -1.0])}
    if op.name == "dropout":
        return Site((3,), 2), {"x": np.array([1.0, -2.0, 0.5]), "mask": np.array([1.0, 0.0, 1.0])}
    if op.name == "weight_decay":
        return Site((), 4), {"L": 0.5, "lam": 0.25, "w1": np.array([[1.0, -2.0]]), "w2": np.array([0.5, 3.0])}
    if op.name in GRADCHECK_EXAMPLES:
        return Site((), len(op.forward.reads)), GRADCHECK_EXAMPLES[op.name]
    if op.name.startswith("affine."):
        return Site((2, 2), 3), {"W": np.array([[1.0, -2.0], [0.5, 3.0]]), "a": np.array([2.0, -1.0]),
                                 "b": np.array([0.25, 0.5])}
    if op.name.startswith("gate."):  # a scalar gate: numbers, its inputs a0, a1, …
        return Site((), len(op.inputs)), dict(zip(op.inputs, (1.5, 0.75)))
    if op.name.startswith("objective."):  # one weight and its two constants, both namings offered
        return Site((), 3), {"w": 1.5, "p": 2.0, "q": 0.5, "x": 2.0, "t": 0.5}
    if op.phase == "loss":
        return Site((2,), 2), {"y": np.array([0.25, 0.5]), "t": np.array([1.0, 0.0])}
    if op.phase == "update":
        return Site((2,), 3), {"p": np.array([1.0, -1.0]), "eta": 0.5, "dp": np.array([0.5, 2.0])}
    return Site((2,), 1), {"z": np.array([0.75, -1.5])}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_rule_reads_what_its_formula_shows_and_every_mistake_is_a_different_answer(name):
    op = OPERATIONS[name]
    site, values = _site_values(op)
    values = dict(values, eta=0.5)
    present = [role for role in op.forward.reads if role in values]
    out = op.forward.compute(*(values[r] for r in present))
    values.update(out=out)
    values.setdefault("g", np.ones_like(np.asarray(out, dtype=float)) * 0.75)  # a site may bring its own
    if op.name == "softmax.explicit":  # its VJP reads the Jacobian step before it
        from solver.ops.softmax_explicit import jacobian
        values["J.z"] = jacobian(out)
    if op.name.endswith(".normalize"):  # a constant g gives ∂σ² = Σ g·(x - μ) = 0, where no slip shows
        values["g"] = values["g"] * np.arange(1, values["g"].size + 1).reshape(values["g"].shape)
    names = {key: key for key in values}
    names.update({"dW": "dW"})
    values["dW"] = np.array([[0.5, 0.25], [1.0, -0.5]])
    rules = [(op.forward, site), *((rule, site) for role, rule in op.vjps.items()
                                   if role in values or role not in op.optional)]  # an absent input has no step
    if op.vjp_through is not None:
        rules.append((op.vjp_through, site))
    rules += [(rule.local.rule, site) for rule in op.vjps.values() if rule.local is not None]
    for rule, where in rules:
        reads = [r for r in rule.reads if r in values]
        text = rule.written(Site(where.shape, len(reads)))
        assert text.format(*reads), name  # every placeholder has a value to stand for
        right = np.asarray(rule.compute(*(values[r] for r in reads)), dtype=float)
        for mistake in rule.mistakes:
            # identity's f' = 1: forgetting it changes nothing (networks never put an identity node);
            # a piecewise-linear f keeps the sign, so f'(a) = f'(z) and that mistake cannot show
            if not mistake.applies(where) or name == "identity" or (
                    mistake.id == "activation_derivative_of_output" and name in ("relu", "leaky_relu")):
                continue
            wrong = mistake.value(View(values, names, lambda *a: op.forward.compute(*a), rule.compute, where))
            assert wrong is not None and not np.allclose(np.asarray(wrong, dtype=float), right), (name, mistake.id)


def test_every_mistake_the_table_names_is_in_the_catalogue():
    from solver.grading.mistakes import CATALOGUE

    named = {m.id for op in OPERATIONS.values()
             for rule in (op.forward, *op.vjps.values(), *((op.vjp_through,) if op.vjp_through else ()))
             for m in rule.mistakes}
    assert named and named <= set(CATALOGUE)


def test_exactness_is_stated_for_the_rational_operations_only():
    exact = {name for name, op in OPERATIONS.items() if op.exact}
    assert {"affine.dense", "relu", "leaky_relu", "identity", "half_sse", "mse", "sgd"} <= exact
    assert not exact & {"sigmoid", "tanh", "softplus", "softmax", "bce", "softmax_ce"}


@SETTINGS
@given(st.data(), st.sampled_from((0.25, 0.3, 0.05)))
def test_a_leaky_relu_with_its_own_slope_is_an_operation_of_the_table_too(data, slope):
    from solver.ops.table import operation

    op = operation("leaky_relu", (("slope", slope),))
    z = away_from_kinks(data.draw(arrays((3,))))
    g = data.draw(arrays((3,)))
    stated = op.vjps["z"].compute(g, z)
    assert np.allclose(stated, g * np.where(z > 0, 1.0, slope))
    assert np.allclose(stated, central_difference(lambda v: op.forward.compute(v["z"]), {"z": z}, "z", g), atol=1e-6)
    assert repr(slope) in op.kink[1]
    with pytest.raises(ValueError):
        operation("sigmoid", (("slope", slope),))
