"""Hypothesis strategies for problem codes: every family, its options, difficulties and seeds."""

from __future__ import annotations

from hypothesis import strategies as st

from solver.formats.codes import MAX_SEED

HIDDEN = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softplus")
SIZES = ("1-1", "2-1", "2-2-1", "2-3-1", "3-2-2", "1-2-1", "2-2-2-1")

seeds = st.integers(min_value=0, max_value=MAX_SEED)
difficulties = st.integers(min_value=1, max_value=3)


def _code(family: str, *options: str):
    return lambda d, s: ":".join([family, *options, f"d{d}"]) + f"#{s}"


def _options():
    return st.one_of(
        st.sampled_from(HIDDEN).map(lambda a: _code("chain2", a)),
        st.tuples(st.integers(1, 4), st.sampled_from(HIDDEN), st.sampled_from(("half_sse", "mse")))
        .map(lambda o: _code("neuron", str(o[0]), o[1], o[2])),
        st.integers(1, 4).map(lambda n: _code("neuron", str(n), "sigmoid", "bce")),
        st.tuples(st.sampled_from(SIZES), st.sampled_from(HIDDEN), st.sampled_from(("half_sse", "mse")))
        .map(lambda o: _code("mlp", *o)),
        st.sampled_from(("2-2-1", "3-2-1")).map(lambda s: _code("mlp", s, "sigmoid", "bce")),
        st.tuples(st.sampled_from(("2-3", "2-2-3", "3-2-2", "2-3-3")), st.sampled_from(HIDDEN))
        .map(lambda o: _code("softmax-ce", *o)),
        st.tuples(st.integers(1, 3), st.sampled_from(HIDDEN)).map(lambda o: _code("residual", str(o[0]), o[1])),
        st.tuples(st.integers(3, 8), st.sampled_from(("sigmoid", "tanh")))
        .map(lambda o: _code("deep-chain", str(o[0]), o[1])),
    )


network_codes = st.builds(lambda make, d, s: make(d, s), _options(), difficulties, seeds)


def _layer_options():
    """The families of issue 15 built on the layer types (mini-batches, normalisation, dropout,
    softmax's Jacobian): codes like the others, beyond the SymPy model of test_gradients."""
    return st.one_of(
        st.tuples(st.integers(2, 4), st.sampled_from(("2-2-1", "2-3-2")), st.sampled_from(HIDDEN))
        .map(lambda o: _code("batch-mlp", str(o[0]), o[1], o[2], "half_sse")),
        st.sampled_from((("batch", "3", "1"), ("batch", "4", "2"), ("layer", "1", "3"), ("layer", "2", "4")))
        .map(lambda o: _code("normalisation", *o)),
        st.tuples(st.sampled_from(("softmax", "sigmoid")), st.integers(1, 3), st.integers(2, 3))
        .map(lambda o: _code("softmax-jacobian", o[0], str(o[1]), str(o[2]))),
        st.tuples(st.sampled_from(("l2", "dropout")), st.sampled_from(HIDDEN))
        .map(lambda o: _code("regularisation", o[0], "2-2-1", o[1])),
    )


layer_codes = st.builds(lambda make, d, s: make(d, s), _layer_options(), difficulties, seeds)
gd_codes = st.builds(
    lambda objective, steps, d, s: f"gd:{objective}:{steps}:d{d}#{s}",
    st.sampled_from(("quadratic", "linreg")), st.integers(1, 6), difficulties, seeds,
)
activation_codes = st.builds(
    lambda name, d, s: f"activation-derivative:{name}:d{d}#{s}",
    st.sampled_from(("identity", "sigmoid", "tanh", "softplus", "relu", "leaky_relu", "sgn")), difficulties, seeds,
)
any_codes = st.one_of(network_codes, gd_codes, activation_codes, layer_codes)
