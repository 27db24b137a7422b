"""Feed-forward networks as step traces: forward pass, loss, backward pass, one update.

A network is a list of layers, each `W`, optional `b` and an activation, plus the input `x`,
the target `t`, a loss, a learning rate and optionally one skip connection that adds a
layer's output (or the input) into a later layer's pre-activation. A layer is one of three
kinds, read off the shape of W:
- scalar: W a number, input and output numbers (the article's chain x -> w1 -> w2 -> y);
- dot:    W a vector, a neuron with several inputs and one output;
- dense:  W a matrix (rows = outputs, columns = inputs).
The template (formulas, dependencies, compute functions, named mistakes) depends only on this
structure and is cached; the numbers then flow through NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from solver import ops
from solver.trace import Mistake, StepSpec, Template, fraction_array, solve_values

SCALAR, DOT, DENSE = "scalar", "dot", "dense"


@dataclass(frozen=True)
class LayerShape:
    kind: str
    n_in: int
    n_out: int
    activation: str
    bias: bool
    slope: float = ops.LEAKY_SLOPE  # leaky ReLU's negative-side slope (unused by other activations)


@dataclass(frozen=True)
class Structure:
    layers: tuple[LayerShape, ...]
    loss: str
    skip: tuple[int, int] | None = None  # (source layer, target layer); source 0 is the input x

    def __hash__(self) -> int:
        # Structures key the template caches on every solve: hash the nested tuples once.
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.layers, self.loss, self.skip))

    @property
    def depth(self) -> int:
        return len(self.layers)

    def suffix(self, layer: int) -> str:
        return "" if self.depth == 1 else str(layer)

    def weight(self, layer: int) -> str:
        return ("W" if self.layers[layer - 1].kind == DENSE else "w") + self.suffix(layer)

    def bias(self, layer: int) -> str:
        return "b" + self.suffix(layer)

    def output(self, layer: int) -> str:
        """Id of a layer's output; layer 0 is the input."""
        if layer == 0:
            return "x"
        if layer == self.depth and all(s.kind == SCALAR for s in self.layers):
            return "y"
        return "a" + self.suffix(layer)

    def pre_activation(self, layer: int) -> str:
        if self.layers[layer - 1].activation == "identity":
            return self.output(layer)
        return "z" + self.suffix(layer)

    def given_names(self) -> tuple[str, ...]:
        names = ["x", "t", "eta"]
        for layer in range(1, self.depth + 1):
            names.append(self.weight(layer))
            if self.layers[layer - 1].bias:
                names.append(self.bias(layer))
        return tuple(names)

    @cached_property
    def rational(self) -> bool:
        return ops.LOSSES[self.loss].rational and all(
            ops.ACTIVATIONS[s.activation].rational for s in self.layers
        )


def grad(name: str) -> str:
    return f"dL/d{name}"


# -- the three layer kinds: forward rule beside the rules of its backward pass ------------------
@dataclass(frozen=True)
class LayerRules:
    forward: object  # (W, a) -> W·a
    weight_grad: object  # (delta, a) -> dL/dW
    input_grad: object  # (W, delta) -> dL/da_prev
    weight_grad_text: str
    input_grad_text: str


RULES = {
    SCALAR: LayerRules(lambda W, a: W * a, lambda d, a: d * a, lambda W, d: W * d, "{0}·{1}", "{0}·{1}"),
    DOT: LayerRules(ops.dot, ops.scale, lambda W, d: ops.scale(d, W), "{0}·{1}", "{1}·{0}"),
    DENSE: LayerRules(ops.matvec, ops.outer, ops.matvec_transposed, "{0}·{1}ᵀ", "{0}ᵀ·{1}"),
}


def _affine(rules: LayerRules, with_bias: bool, with_skip: bool):
    forward = rules.forward
    if with_bias and with_skip:
        return lambda W, a, b, s: forward(W, a) + b + s
    if with_bias:
        return lambda W, a, b: forward(W, a) + b
    if with_skip:
        return lambda W, a, s: forward(W, a) + s
    return forward


def _pretty(step_id: str) -> str:
    if step_id == "eta":
        return "η"
    if step_id.startswith("dL/d"):
        return "∂L/∂" + step_id[4:]
    return step_id


LAYER_WORDS = {"zh": "第{}层", "en": "layer {}"}


def _forward_steps(st: Structure) -> list[StepSpec]:
    steps = []
    for layer, shape in enumerate(st.layers, start=1):
        rules = RULES[shape.kind]
        deps = [st.weight(layer), st.output(layer - 1)]
        expression = "{0}·{1}"
        if shape.bias:
            deps.append(st.bias(layer))
            expression += " + {%d}" % (len(deps) - 1)
        with_skip = st.skip is not None and st.skip[1] == layer
        if with_skip:
            deps.append(st.output(st.skip[0]))
            expression += " + {%d}" % (len(deps) - 1)
        pre = st.pre_activation(layer)
        steps.append(
            StepSpec(
                pre, "forward", "affine", tuple(deps), _affine(rules, shape.bias, with_skip),
                expression,
                f"第{layer}层的加权和" + ("（含跳跃连接）" if with_skip else ""),
                f"layer {layer} weighted sum" + (" (with the skip connection)" if with_skip else ""),
            )
        )
        if shape.activation == "identity":
            continue
        out = st.output(layer)
        if st.loss == "softmax_ce" and layer == st.depth:
            steps.append(StepSpec(out, "forward", "softmax", (pre,), ops.softmax, "softmax({0})",
                                  "softmax 输出的概率", "softmax probabilities"))
            continue
        act = ops.activation(shape.activation, shape.slope)
        note_zh = note_en = None
        if act.kink is not None:
            note_zh, note_en = _kink_notes(act.name, shape.slope)
        steps.append(
            StepSpec(out, "forward", "activate", (pre,), act.forward, f"{act.symbol}({{0}})",
                     f"第{layer}层的激活输出", f"layer {layer} activation", (), note_zh, note_en)
        )
    return steps


def _kink_notes(name: str, leaky_slope: float = ops.LEAKY_SLOPE) -> tuple[str, str]:
    slope = repr(float(leaky_slope)) if name == "leaky_relu" else "0"
    return (
        f"{name} 在 z = 0 处不可导；这里与常见框架一致，在 0 处取次梯度 {slope}。",
        f"{name} is not differentiable at z = 0; as the common frameworks do, we use the subgradient {slope} there.",
    )


def _output_width(st: Structure) -> int:
    last = st.layers[-1]
    return last.n_out if last.kind == DENSE else 1


def _with_width(text: str, st: Structure) -> str:
    """A loss formula for this output: n written out, and no Σ over a single number."""
    width = _output_width(st)
    if width == 1:
        text = text.replace("(1/n)·", "").replace("(2/n)·", "2·").replace(" / n", "").replace("Σ", "")
    return text.replace("/n)", f"/{width})").replace(" / n", f" / {width}")


def _per_output(function, st: Structure, reduces: bool):
    """A loss rule for this network's output.

    The losses sum over the last axis. A scalar output has no such axis, and in a batch the
    last axis is the batch itself, so give each problem's output an axis of length one.
    """
    if _output_width(st) != 1 or st.layers[-1].kind == DENSE:
        return function

    def per_problem(y, t):
        result = np.asarray(function(np.asarray(y)[..., None], np.asarray(t)[..., None]))
        if not reduces:
            result = result[..., 0]
        return result.item() if result.ndim == 0 else result

    return per_problem


# Activations whose value is mistaken for their derivative (σ(z) for σ'(z)): the ones whose
# derivative is written from the value, a(1 - a) and 1 - a².
VALUE_FOR_DERIVATIVE = ("sigmoid", "tanh")
MEAN_LOSSES = ("mse", "bce")  # averaged over the outputs: a 1/n people forget


def _loss_step(st: Structure) -> StepSpec:
    loss = ops.LOSSES[st.loss]
    forward = _per_output(loss.forward, st, reduces=True)
    out = st.output(st.depth)
    mistakes = ()
    if st.loss == "half_sse":
        mistakes = (Mistake("half_factor", lambda c: 2 * forward(c[out], c["t"])),
                    Mistake("half_factor", lambda c: forward(c[out], c["t"]) / 2))
    elif st.loss in MEAN_LOSSES:
        # Summed instead of averaged; with one output the two agree and the grader drops it.
        width = _output_width(st)
        mistakes = (Mistake("mean_factor", lambda c: width * forward(c[out], c["t"])),)
    return StepSpec("L", "loss", "loss", (out, "t"), forward, _with_width(loss.formula, st), "损失", "loss",
                    mistakes)


def _output_gradient(st: Structure) -> StepSpec:
    loss = ops.LOSSES[st.loss]
    gradient = _per_output(loss.gradient, st, reduces=False)
    out = st.output(st.depth)
    mistakes = [Mistake("sign_error_residual", lambda c: -gradient(c[out], c["t"]))]
    if st.loss == "half_sse":
        mistakes += [
            Mistake("half_factor", lambda c: 2 * (c[out] - c["t"])),
            Mistake("half_factor", lambda c: (c[out] - c["t"]) / 2),
        ]
    if st.loss == "mse":
        mistakes.append(Mistake("square_factor", lambda c: gradient(c[out], c["t"]) / 2))
    if st.loss in MEAN_LOSSES:
        width = _output_width(st)
        mistakes.append(Mistake("mean_factor", lambda c: width * gradient(c[out], c["t"])))
    return StepSpec(grad(out), "backward", "dloss", (out, "t"), gradient, _with_width(loss.gradient_formula, st),
                    "损失对输出的梯度", "gradient of the loss with respect to the output", tuple(mistakes))


def _delta_step(st: Structure, layer: int) -> StepSpec | None:
    """dL/dz for a layer with a non-identity activation; None when z is the output itself."""
    shape = st.layers[layer - 1]
    if shape.activation == "identity":
        return None
    pre, out = st.pre_activation(layer), st.output(layer)
    if st.loss == "softmax_ce" and layer == st.depth:
        return StepSpec(grad(pre), "backward", "softmax_grad", (out, "t"), lambda p, t: p - t, "{0} - {1}",
                        "softmax 交叉熵对 logits 的梯度", "gradient of softmax cross-entropy at the logits",
                        (Mistake("softmax_sign", lambda c: c["t"] - c[out]),))
    act = ops.activation(shape.activation, shape.slope)
    upstream = grad(out)
    note_zh = note_en = None
    if act.kink is not None:
        note_zh, note_en = _kink_notes(act.name, shape.slope)
    times = "·" if shape.kind != DENSE else " ⊙ "
    shortcut = None
    if act.derivative_from_output is not None:
        from_output = act.derivative_from_output
        shortcut = ((upstream, out), lambda g, a: g * from_output(a))
    return StepSpec(
        grad(pre), "backward", "dact", (upstream, pre), lambda g, z: g * act.derivative(z),
        f"{{0}}{times}{act.symbol}'({{1}})",
        f"第{layer}层预激活的梯度", f"gradient at layer {layer}'s pre-activation",
        (
            Mistake("forgot_activation_derivative", lambda c: c[upstream]),
            Mistake("activation_derivative_of_output", lambda c: c[upstream] * act.derivative(c[out])),
        ) + ((Mistake("activation_for_derivative", lambda c: c[upstream] * c[out]),)
             if shape.activation in VALUE_FOR_DERIVATIVE else ()),
        note_zh, note_en, shortcut=shortcut,
    )


def _layer_backward(st: Structure, layer: int) -> list[StepSpec]:
    shape = st.layers[layer - 1]
    rules = RULES[shape.kind]
    steps = []
    delta_step = _delta_step(st, layer)
    if delta_step is not None:
        steps.append(delta_step)
    delta = grad(st.pre_activation(layer))
    W, prev = st.weight(layer), st.output(layer - 1)

    weight_mistakes = []
    if layer > 1 and st.layers[layer - 2].activation != "identity":
        # The previous layer's weighted sum z where its activation a belongs: δ·zᵀ for δ·aᵀ.
        z_prev = st.pre_activation(layer - 1)
        weight_mistakes.append(Mistake("preactivation_for_activation",
                                       lambda c: rules.weight_grad(c[delta], c[z_prev])))
    if shape.kind in (SCALAR, DOT):
        weight_mistakes.append(Mistake("weight_for_input", lambda c: rules.weight_grad(c[delta], c[W])))
    else:
        weight_mistakes.append(Mistake("transposed", lambda c: ops.transpose(rules.weight_grad(c[delta], c[prev]))))
    steps.append(StepSpec(grad(W), "backward", "dweight", (delta, prev), rules.weight_grad,
                          rules.weight_grad_text, f"第{layer}层权重的梯度", f"gradient of layer {layer}'s weights",
                          tuple(weight_mistakes)))
    if shape.bias:
        steps.append(StepSpec(grad(st.bias(layer)), "backward", "dbias", (delta,), lambda d: d, "{0}",
                              f"第{layer}层偏置的梯度", f"gradient of layer {layer}'s bias"))

    skip_source = st.skip[0] if st.skip else None
    needs_input_grad = layer > 1 or skip_source == 0
    if not needs_input_grad:
        return steps
    steps.extend(_input_gradient(st, layer, delta))
    return steps


def _input_gradient(st: Structure, layer: int, delta: str) -> list[StepSpec]:
    shape = st.layers[layer - 1]
    rules = RULES[shape.kind]
    W, prev = st.weight(layer), st.output(layer - 1)
    dW = grad(W)
    mistakes = [Mistake("updated_weight_in_backward",
                        lambda c: rules.input_grad(c[W] - c["eta"] * c[dW], c[delta]))]
    if shape.kind in (SCALAR, DOT):
        mistakes.append(Mistake("weight_for_input", lambda c: rules.weight_grad(c[delta], c[prev])
                                if shape.kind == DOT else c[prev] * c[delta]))
    elif shape.n_in == shape.n_out:
        mistakes.append(Mistake("transposed", lambda c: ops.matvec(c[W], c[delta])))
    label_zh, label_en = f"传回第{layer - 1}层输出的梯度", f"gradient passed back to layer {layer - 1}'s output"
    if layer == 1:
        label_zh, label_en = "传回输入的梯度", "gradient passed back to the input"
    is_skip_source = st.skip is not None and st.skip[0] == layer - 1
    if not is_skip_source:
        return [StepSpec(grad(prev), "backward", "dinput", (W, delta), rules.input_grad, rules.input_grad_text,
                         label_zh, label_en, tuple(mistakes))]
    main, side = grad(prev) + "_main", grad(prev) + "_skip"
    target_delta = grad(st.pre_activation(st.skip[1]))
    return [
        StepSpec(main, "backward", "dinput", (W, delta), rules.input_grad, rules.input_grad_text,
                 label_zh + "（主路径）", label_en + " (main path)", tuple(mistakes)),
        StepSpec(side, "backward", "skip", (target_delta,), lambda d: d, "{0}",
                 label_zh + "（跳跃路径）", label_en + " (skip path)"),
        StepSpec(grad(prev), "backward", "sum_paths", (main, side), lambda a, b: a + b, "{0} + {1}",
                 label_zh + "（两条路径相加）", label_en + " (both paths added)",
                 (Mistake("dropped_skip_path", lambda c: c[main]), Mistake("dropped_skip_path", lambda c: c[side]))),
    ]


def _update_steps(st: Structure) -> list[StepSpec]:
    steps = []
    for layer in range(st.depth, 0, -1):
        params = [st.weight(layer)] + ([st.bias(layer)] if st.layers[layer - 1].bias else [])
        for name in params:
            g = grad(name)
            what_zh = "权重" if name == st.weight(layer) else "偏置"
            what_en = "weights" if name == st.weight(layer) else "bias"
            steps.append(StepSpec(
                f"{name}_new", "update", "update", (name, "eta", g), ops.descend,
                "{0} - {1}·{2}", f"更新后的第{layer}层{what_zh}", f"layer {layer} {what_en} after the update",
                (
                    Mistake("update_sign", lambda c, n=name, g=g: c[n] + c["eta"] * c[g]),
                    Mistake("forgot_learning_rate", lambda c, n=name, g=g: c[n] - c[g]),
                ),
            ))
    return steps


@lru_cache(maxsize=512)
def build_template(st: Structure) -> Template:
    steps = _forward_steps(st) + [_loss_step(st)]
    if st.loss != "softmax_ce":
        steps.append(_output_gradient(st))
    for layer in range(st.depth, 0, -1):
        steps.extend(_layer_backward(st, layer))
    steps.extend(_update_steps(st))
    names = {spec.id: _pretty(spec.id) for spec in steps}
    names.update({name: _pretty(name) for name in st.given_names()})
    return Template(st.given_names(), tuple(steps), names)


@lru_cache(maxsize=512)
def forward_template(st: Structure) -> Template:
    """Only the forward pass and the loss: what the sampler re-runs on the updated parameters
    to see whether the step lowered the loss."""
    steps = _forward_steps(st) + [_loss_step(st)]
    return Template(st.given_names(), tuple(steps), {})


def updated_given(st: Structure, values: dict) -> dict:
    """The given values with every parameter replaced by its value after the update."""
    given = {name: values[name] for name in st.given_names()}
    for layer, shape in enumerate(st.layers, start=1):
        for name in (st.weight(layer), *((st.bias(layer),) if shape.bias else ())):
            given[name] = values[name + "_new"]
    return given


def switched_off(st: Structure, values: dict) -> list[str]:
    """ReLU pre-activations with an entry the update turns from positive to <= 0 (same input):
    that unit stops passing gradient for this example, which a learner should be told."""
    relu = [st.pre_activation(layer) for layer, shape in enumerate(st.layers, start=1) if shape.activation == "relu"]
    if not relu:
        return []
    after = solve_values(forward_template(st), updated_given(st, values))
    return [pre for pre in relu
            if np.any((np.asarray(values[pre], dtype=float) > 0) & (np.asarray(after[pre], dtype=float) <= 1e-9))]


def solve_network(st: Structure, given: dict) -> dict:
    """All step values for the given numbers (arrays may carry a leading batch axis)."""
    return solve_values(build_template(st), given)


def exact_given(st: Structure, given: dict) -> dict | None:
    if not st.rational:
        return None
    return {name: fraction_array(value) for name, value in given.items()}


def kink_hits(st: Structure, values: dict) -> list[tuple[str, str]]:
    """Pre-activations that sit exactly on a ReLU kink, where the derivative does not exist,
    each with the subgradient used there (0 for ReLU, the slope for leaky ReLU)."""
    hits = []
    for layer, shape in enumerate(st.layers, start=1):
        if ops.ACTIVATIONS[shape.activation].kink is not None:
            pre = st.pre_activation(layer)
            if np.any(np.abs(np.asarray(values[pre], dtype=float)) < 1e-9):  # rounding dust counts
                hits.append((pre, repr(shape.slope) if shape.activation == "leaky_relu" else "0"))
    return hits
