"""What a learner making each named mistake of the conv, pool and rnn drills writes, built from
the mistakes' definitions and the problem's values or network description (not from solver/ops),
for the grader's property tests (test_grade_properties.py). `independent_mistakes` gives None
for the steps the common oracle there covers (losses, updates)."""

from __future__ import annotations

import numpy as np

SPATIAL_KINDS = ("conv", "dkernel", "dconv_bias", "dconv_input", "pool", "dpool", "flatten", "dflatten")


def _correlate(x, K):
    """Valid cross-correlation of one channel x with one kernel K, by windows."""
    out = tuple(n - k + 1 for n, k in zip(x.shape, K.shape))
    y = np.zeros(out)
    for i in np.ndindex(*out):
        y[i] = np.sum(x[tuple(slice(a, a + k) for a, k in zip(i, K.shape))] * K)
    return y


def _conv_layer(problem):
    layer = problem.network["layers"][0]
    W = np.asarray(layer["W"], dtype=float)[0]  # (C, *K): one output channel
    x = np.asarray(problem.network["x"], dtype=float)  # (C, *S)
    return x, W, layer["b"][0], layer["padding"]


def _windows(shape, kernel, stride):
    """Each window's cells, window by window in reading order."""
    out = tuple((n - kernel) // stride + 1 for n in shape)
    for i in np.ndindex(*out):
        yield i, [tuple(a * stride + o for a, o in zip(i, offset)) for offset in np.ndindex(*(kernel,) * len(shape))]


def independent_mistakes(problem, spec) -> list[tuple[str, object]] | None:
    if spec.kind in SPATIAL_KINDS:
        return spatial_mistakes(problem, spec)
    if problem.family == "rnn":
        return rnn_mistakes(problem, spec)
    if problem.family == "attention":
        return attention_mistakes(problem, spec)
    return None


def _softmax(S, axis):
    E = np.exp(S - S.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


def attention_mistakes(problem, spec) -> list[tuple[str, object]] | None:
    v = problem.values
    Q, K, V, A, X = (np.asarray(v[name], dtype=float) for name in ("Q", "K", "V", "A", "X"))
    root = np.sqrt(Q.shape[1])
    if spec.kind in ("project", "mix", "dprojection_input"):
        return []
    if spec.kind == "scores":
        return [("attention_forgot_scale", Q @ K.T)]
    if spec.kind == "softmax":  # each column summing to 1: the softmax down the columns
        return [("softmax_wrong_axis", _softmax(np.asarray(v["S"], dtype=float), axis=0))]
    upstream = {"dsoftmax": "dL/dA", "dquery": "dL/dS", "dkey": "dL/dS", "dweights": "dL/dO", "dvalues": "dL/dO"}
    g = np.asarray(v[upstream[spec.kind]], dtype=float) if spec.kind in upstream else None
    if spec.kind == "dsoftmax":
        return [("softmax_wrong_axis", A * (g - np.sum(g * A, axis=0, keepdims=True)))]
    if spec.kind == "dquery":
        return [("attention_forgot_scale", g @ K)]
    if spec.kind == "dkey":
        return [("attention_forgot_scale", g.T @ Q), ("transposed", g @ Q / root)]
    if spec.kind == "dweights":
        return [("transposed", V @ g.T)]
    if spec.kind == "dvalues":
        return [("transposed", A @ g)]
    if spec.kind == "dprojection":  # ∂L/∂W = gᵀ·X; Xᵀ·g has its shape when W is square
        upstream = np.asarray(v[spec.deps[0]], dtype=float)
        return [("transposed", X.T @ upstream)] if X.shape[1] == upstream.shape[1] else []
    return None


def rnn_mistakes(problem, spec) -> list[tuple[str, object]] | None:
    v, truth = problem.values, problem.values[spec.id]
    if spec.kind in ("rnn_cell", "activate", "dweight_xh", "dweight_hh", "dbias"):
        return []
    if spec.kind == "dact":  # ∂L/∂z_t = ∂L/∂h_t ⊙ (1 - h_t²)
        step = spec.id.removeprefix("dL/dz")
        g, h, z = (np.asarray(v[name], dtype=float) for name in (f"dL/dh{step}", f"h{step}", f"z{step}"))
        return [("forgot_activation_derivative", g), ("activation_derivative_of_output", g * (1 - np.tanh(h) ** 2)),
                ("activation_for_derivative", g * h)]
    if spec.kind == "dhidden":  # ∂L/∂h_(t-1) = W_hhᵀ·δ_t
        step = int(spec.id.removeprefix("dL/dh")) + 1
        delta, W = np.asarray(v[f"dL/dz{step}"], dtype=float), np.asarray(v["W_hh"], dtype=float)
        out = [("bptt_forgot_recurrent_weight", delta)]
        if W.ndim == 2:
            out.append(("transposed", W @ delta))
        return out
    if spec.kind == "sum_paths":  # a time step's share left out: the other one alone, or the others' sum
        shares = [np.asarray(v[path], dtype=float) for path in spec.deps]
        return [("bptt_dropped_time_step", sum(shares) - share) for share in shares]
    return None


def spatial_mistakes(problem, spec) -> list[tuple[str, object]]:
    v, truth = problem.values, problem.values[spec.id]
    if spec.kind == "conv":
        x, W, b, padding = _conv_layer(problem)
        xp = np.pad(x, [(0, 0)] + [(padding, padding)] * (x.ndim - 1))
        flipped = W[(slice(None), *(slice(None, None, -1),) * (W.ndim - 1))]  # the kernel turned half round
        wrong = sum(_correlate(xp[c], flipped[c]) for c in range(len(W))) + b
        return [("conv_flipped_kernel", wrong.reshape(np.shape(truth)))]
    if spec.kind == "dkernel":
        spatial = tuple(range(1 - np.ndim(problem.network["x"]), 0))  # x is (C, *S) in the description
        return [("conv_flipped_kernel", np.flip(truth, axis=spatial))]
    if spec.kind == "dconv_input":
        x, W, _, padding = _conv_layer(problem)
        k = W.shape[1:]
        g = np.asarray(v["dL/dy"], dtype=float).reshape([n + 2 * padding - m + 1 for n, m in zip(x.shape[1:], k)])
        full = np.pad(g, [(m - 1, m - 1) for m in k])
        wrong = np.stack([_correlate(full, W[c]) for c in range(len(W))])  # the kernel not flipped
        crop = tuple(slice(padding, padding + n) for n in x.shape[1:])
        return [("conv_backward_unflipped", wrong[(slice(None), *crop)].reshape(np.shape(truth)))]
    if spec.kind in ("pool", "dpool"):
        layer = problem.network["layers"][0]
        kernel, stride, size = layer["kernel"], layer["stride"], layer["kernel"] ** np.ndim(v["x"])
        if layer["type"] == "avgpool":
            return [("avgpool_forgot_division", np.asarray(truth) * size)]  # a sum, or g itself, without the 1/k
        if spec.kind == "pool":
            return []
        g, everywhere = np.asarray(v["dL/dp"], dtype=float), np.zeros(np.shape(v["x"]))
        for i, cells in _windows(np.shape(v["x"]), kernel, stride):
            for cell in cells:
                everywhere[cell] += g[i]
        return [("maxpool_gradient_everywhere", everywhere)]
    if spec.kind == "flatten":
        source = np.asarray(v[spec.deps[0]], dtype=float)
        return [("flatten_column_order", source.T.reshape(-1))] if min(source.shape) > 1 else []
    return []


def recognised_mistakes(codes, independent_mistakes) -> set[str]:
    """Grade each mistake's value (from `independent_mistakes(problem, spec)`, the definitions)
    at its step of each code, and return the mistakes the grader named. Asserts on the way that
    every step's attached mistakes are exactly the modelled ones and that each graded value is
    called wrong with a mistake giving that number. A value equal to the truth there (b1 = g1 when
    b0 = 0), or None (not modelled at that step), has nothing to tell apart and is passed over."""
    from solver.generate import problem_from_code
    from solver.grading.compare import Level, Tolerance, compare
    from solver.grading.grade import grade_step

    tol, recognised = Tolerance(), set()
    same_number = lambda a, b: b is not None and compare(a, b, tol).level == Level.PRECISE  # noqa: E731
    for code in codes:
        problem = problem_from_code(code)
        for spec in problem.template.steps:
            truth = problem.values[spec.id]
            mistakes = independent_mistakes(problem, spec)
            assert {m for m, _ in mistakes} == {m.id for m in spec.mistakes}, (code, spec.id)
            for mistake, value in mistakes:
                if value is None or same_number(value, truth):
                    continue
                same = {m for m, other in mistakes if same_number(value, other)}
                verdict = grade_step(problem, spec.id, repr(value))
                assert verdict.verdict == "wrong" and verdict.mistake in same, (code, spec.id, mistake, verdict)
                recognised.add(mistake)
    return recognised
