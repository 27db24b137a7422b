"""optimizer: every step against torch.optim's algorithms transcribed on their own, the gradients
against central differences, hand-friendly numbers at d1, and every named mistake recognised."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.families.networks import structure_for
from solver.families.optimizer import OPTIMIZERS, optimizer_problem
from solver.generate import problem_from_code, read_code
from solver.network import forward_template
from solver.trace import solve_values
from tests.unit.solver.families.own_mistakes import recognised_mistakes

SETTINGS = settings(max_examples=30, deadline=None)
codes = st.builds(lambda o, n, d, s: f"optimizer:{o}:{n}:d{d}#{s}", st.sampled_from(OPTIMIZERS), st.integers(1, 3),
                  st.integers(1, 3), st.integers(0, 2**63 - 1))


def torch_steps(optimizer: str, given: dict, steps: int) -> dict:
    """The optimisers as torch.optim's docs write them (one parameter, gradients from autograd
    replaced by the derivative of ½·p·(w - q)² [+ (λ/2)·w²]), every intermediate kept."""
    w, lr, p, q = given["w0"], given["eta"], given["p"], given["q"]
    out = {}
    buf = m = v = 0.0
    for t in range(1, steps + 1):
        grad = p * (w - q)
        out[f"g{t}"] = grad
        if optimizer == "momentum":
            buf = given["mu"] * buf + grad if t > 1 else grad  # torch: buf = clone(grad) at the first step
            out[f"b{t}"] = buf
            w = w - lr * buf
        elif optimizer == "rmsprop":
            alpha = given["alpha"]
            v = alpha * v + (1 - alpha) * grad * grad
            out[f"v{t}"] = v
            w = w - lr * grad / (math.sqrt(v) + given["eps"])
        else:
            b1, b2, eps = given["beta1"], given["beta2"], given["eps"]
            if optimizer == "adam_l2":
                grad = grad + given["lam"] * w
                out[f"g{t}_l2"] = grad
            if optimizer == "adamw":
                decayed = w * (1 - lr * given["lam"])
                out[f"wd{t}"] = decayed
            m = b1 * m + (1 - b1) * grad
            v = b2 * v + (1 - b2) * grad * grad
            out[f"m{t}"], out[f"v{t}"] = m, v
            mhat, vhat = m / (1 - b1 ** t), v / (1 - b2 ** t)
            out[f"mhat{t}"], out[f"vhat{t}"] = mhat, vhat
            w = (decayed if optimizer == "adamw" else w) - lr * mhat / (math.sqrt(vhat) + eps)
        out[f"w{t}"] = w
    return out


def _assert_matches(problem, expected: dict, label) -> None:
    assert set(problem.template.step_ids) == set(expected), label
    for name, value in expected.items():
        assert math.isclose(problem.values[name], value, rel_tol=1e-12, abs_tol=1e-12), (label, name)


@SETTINGS
@given(codes)
def test_every_step_is_what_torch_optim_computes(code):
    problem = problem_from_code(code)
    optimizer, steps = problem.code.split(":")[1], int(problem.code.split(":")[2])
    _assert_matches(problem, torch_steps(optimizer, problem.given, steps), code)


hyper = st.sampled_from((0.0, 0.3, 0.5, 0.9, 0.99, 0.999))
reals = st.floats(-3, 3, allow_nan=False, allow_subnormal=False)


@SETTINGS
@given(st.sampled_from(OPTIMIZERS), st.integers(1, 3), reals, st.floats(0.01, 1), st.floats(0.1, 3), reals,
       hyper, hyper, st.floats(0, 1))
def test_any_numbers_follow_torch_optim_too(optimizer, steps, w0, eta, p, q, beta1, beta2, lam):
    given_values = {"w0": w0, "eta": eta, "p": p, "q": q, "mu": beta1, "alpha": beta2, "beta1": beta1, "beta2": beta2,
                    "eps": 1e-8, "lam": lam, "b0": 0.0, "m0": 0.0, "v0": 0.0}
    problem = optimizer_problem(optimizer, steps, given_values, None)
    _assert_matches(problem, torch_steps(optimizer, given_values, steps), optimizer)


@SETTINGS
@given(codes)
def test_each_gradient_is_the_central_difference_of_the_loss_at_the_current_weight(code):
    problem = problem_from_code(code)
    v, h = problem.values, 1e-6
    p, q, lam = v["p"], v["q"], v.get("lam", 0.0)

    def loss(w, l2):
        return p * (w - q) ** 2 / 2 + (lam / 2 * w * w if l2 else 0.0)

    for k in range(1, int(code.split(":")[2]) + 1):
        w = v[f"w{k - 1}"]
        numeric = (loss(w + h, False) - loss(w - h, False)) / (2 * h)
        assert math.isclose(v[f"g{k}"], numeric, rel_tol=1e-6, abs_tol=1e-6), (code, k)
        if f"g{k}_l2" in v:
            numeric = (loss(w + h, True) - loss(w - h, True)) / (2 * h)
            assert math.isclose(v[f"g{k}_l2"], numeric, rel_tol=1e-6, abs_tol=1e-6), (code, k)


def test_d1_numbers_are_hand_friendly_and_the_steps_go_downhill():
    for optimizer in OPTIMIZERS:
        for seed in range(40):
            problem = problem_from_code(f"optimizer:{optimizer}:3:d1#{seed}")
            for name, value in problem.given.items():
                assert name == "eps" or value * 4 == round(value * 4), (optimizer, seed, name)
            assert problem.values["g1"] != 0
            assert max(abs(value) for value in problem.values.values()) <= 20, (optimizer, seed)
            p, q = problem.given["p"], problem.given["q"]
            assert p * (problem.values["w3"] - q) ** 2 < p * (problem.given["w0"] - q) ** 2, (optimizer, seed)


def test_adam_with_l2_and_adamw_end_apart_and_each_says_where_the_other_ends():
    for seed in range(10):
        l2, decoupled = (problem_from_code(f"optimizer:{o}:2:d2#{seed}") for o in ("adam_l2", "adamw"))
        assert l2.given == decoupled.given  # the same numbers, so the difference is the method's
        assert not math.isclose(l2.values["w2"], decoupled.values["w2"], rel_tol=1e-3)
        assert "AdamW" in l2.notes[0][1] and "L2" in decoupled.notes[0][1]


def test_the_description_is_in_torch_terms():
    network = problem_from_code("optimizer:adamw:2:d3#1").network
    assert network["optimizer"]["name"] == "adamw" and network["optimizer"]["steps"] == 2
    assert {"beta1", "beta2", "eps", "weight_decay"} <= set(network["optimizer"])
    assert network["objective"]["kind"] == "quadratic" and "w0" in network and "lr" in network
    assert problem_from_code("optimizer:adam_l2:2:d3#1").network["optimizer"]["weight_decay"] > 0


# -- named mistakes, from the definitions ---------------------------------------------------------
def independent_mistakes(problem, spec) -> list[tuple[str, object]]:
    """(mistake id, what a learner making it writes) on one step of an optimizer problem."""
    v, sid, truth = problem.values, spec.id, problem.values[spec.id]
    name = problem.network["optimizer"]["name"]
    optimizer = "adam_l2" if name == "adam" and "weight_decay" in problem.network["optimizer"] else name
    k = int("".join(ch for ch in sid.split("_")[0] if ch.isdigit()))
    w = v[f"w{k - 1}"]
    lam, eta = v.get("lam"), v["eta"]
    if sid == f"g{k}":
        return [("sign_error_residual", -truth), ("half_factor", 2 * truth), ("half_factor", truth / 2)]
    if sid == f"g{k}_l2":
        return [("weight_decay_factor", v[f"g{k}"] + 2 * lam * w), ("weight_decay_factor", v[f"g{k}"] + lam * w / 2),
                ("adamw_l2_confused", v[f"g{k}"])]
    if sid == f"wd{k}":
        return [("decay_without_learning_rate", w * (1 - lam)), ("update_sign", w * (1 + eta * lam))]
    grad = v.get(f"g{k}_l2", v[f"g{k}"])
    if sid == f"b{k}":
        return [("momentum_dampened", v["mu"] * v[f"b{k - 1}"] + (1 - v["mu"]) * grad), ("momentum_buffer_dropped", grad)]
    if sid in (f"m{k}", f"v{k}"):
        beta = v["alpha"] if optimizer == "rmsprop" else v["beta1" if sid[0] == "m" else "beta2"]
        old = v[f"{sid[0]}{k - 1}"]
        if sid[0] == "m":
            return [("moment_weights_swapped", (1 - beta) * old + beta * grad)]
        return [("second_moment_not_squared", beta * old + (1 - beta) * grad),
                ("moment_weights_swapped", (1 - beta) * old + beta * grad * grad)]
    if sid in (f"mhat{k}", f"vhat{k}"):
        raw, beta = (v[f"m{k}"], v["beta1"]) if sid[0] == "m" else (v[f"v{k}"], v["beta2"])
        out = [("forgot_bias_correction", raw), ("bias_correction_wrong_step", raw / (1 - beta ** (k + 1)))]
        if k > 1:
            out.append(("bias_correction_wrong_step", raw / (1 - beta ** (k - 1))))
        return out
    assert sid == f"w{k}"
    if optimizer == "momentum":
        b = v[f"b{k}"]
        return [("update_sign", w + eta * b), ("forgot_learning_rate", w - b), ("momentum_buffer_dropped", w - eta * grad)]
    if optimizer == "rmsprop":
        root = math.sqrt(v[f"v{k}"]) + v["eps"]
        return [("update_sign", w + eta * grad / root), ("forgot_sqrt_second_moment", w - eta * grad / (v[f"v{k}"] + v["eps"]))]
    base = v.get(f"wd{k}", w)
    mhat, vhat, eps = v[f"mhat{k}"], v[f"vhat{k}"], v["eps"]
    out = [("update_sign", base + eta * mhat / (math.sqrt(vhat) + eps)),
           ("forgot_sqrt_second_moment", base - eta * mhat / (vhat + eps))]
    if optimizer in ("adam_l2", "adamw"):
        g = v[f"g{k}"] + (lam * w if optimizer == "adamw" else 0.0)  # the other method's gradient
        start = w if optimizer == "adamw" else w * (1 - eta * lam)
        m = v["beta1"] * v[f"m{k - 1}"] + (1 - v["beta1"]) * g
        s = v["beta2"] * v[f"v{k - 1}"] + (1 - v["beta2"]) * g * g
        out.append(("adamw_l2_confused",
                    start - eta * (m / (1 - v["beta1"] ** k)) / (math.sqrt(s / (1 - v["beta2"] ** k)) + eps)))
    return out


SHOWCASE = ("optimizer:momentum:3:d1#2", "optimizer:rmsprop:2:d2#4", "optimizer:adam:3:d1#1",
            "optimizer:adam_l2:2:d1#5", "optimizer:adamw:3:d2#7")


def test_every_attached_mistake_is_the_definition_and_the_grader_names_it():
    recognised = recognised_mistakes(SHOWCASE, independent_mistakes)
    assert {"momentum_dampened", "momentum_buffer_dropped", "moment_weights_swapped", "second_moment_not_squared",
            "forgot_bias_correction", "bias_correction_wrong_step", "forgot_sqrt_second_moment",
            "weight_decay_factor", "decay_without_learning_rate", "adamw_l2_confused"} <= recognised


# -- on the article's chain x -> w1 -> σ -> w2 -> y ----------------------------------------------------
CHAIN = structure_for(read_code("chain2:sigmoid:d1#0"))


def torch_update(optimizer: str, state: dict, w: float, grad: float, t: int, h: dict) -> float:
    """One parameter's step as torch.optim writes it; `state` is that parameter's, kept between steps."""
    if optimizer == "momentum":
        state["buf"] = h["mu"] * state["buf"] + grad if t > 1 else grad
        return w - h["eta"] * state["buf"]
    if optimizer == "rmsprop":
        state["v"] = h["alpha"] * state["v"] + (1 - h["alpha"]) * grad * grad
        return w - h["eta"] * grad / (math.sqrt(state["v"]) + h["eps"])
    if optimizer == "adam_l2":
        grad = grad + h["lam"] * w
    start = w * (1 - h["eta"] * h["lam"]) if optimizer == "adamw" else w
    state["m"] = h["beta1"] * state["m"] + (1 - h["beta1"]) * grad
    state["v"] = h["beta2"] * state["v"] + (1 - h["beta2"]) * grad * grad
    mhat, vhat = state["m"] / (1 - h["beta1"] ** t), state["v"] / (1 - h["beta2"] ** t)
    return start - h["eta"] * mhat / (math.sqrt(vhat) + h["eps"])


chain_codes = st.builds(lambda o, n, d, s: f"optimizer:{o}:{n}:chain2:d{d}#{s}", st.sampled_from(OPTIMIZERS),
                        st.integers(1, 3), st.integers(1, 3), st.integers(0, 2**63 - 1))


@settings(max_examples=20, deadline=None)
@given(chain_codes)
def test_on_the_chain_every_step_is_a_fresh_pass_and_torch_optims_update(code):
    problem = problem_from_code(code)
    optimizer, steps = code.split(":")[1], int(code.split(":")[2])
    h, v = problem.given, problem.values
    w1, w2, x, t_ = h["w1"], h["w2"], h["x"], h["t"]
    states = {"w1": {"buf": 0.0, "m": 0.0, "v": 0.0}, "w2": {"buf": 0.0, "m": 0.0, "v": 0.0}}
    for t in range(1, steps + 1):
        a1 = 1 / (1 + math.exp(-w1 * x))
        y = w2 * a1
        g2, g1 = (y - t_) * a1, (y - t_) * w2 * a1 * (1 - a1) * x
        suffix = "" if t == 1 else f"[{t}]"
        assert math.isclose(v[f"dL/dw2{suffix}"], g2, rel_tol=1e-9, abs_tol=1e-12), (code, t)
        assert math.isclose(v[f"dL/dw1{suffix}"], g1, rel_tol=1e-9, abs_tol=1e-12), (code, t)
        w2, w1 = torch_update(optimizer, states["w2"], w2, g2, t, h), torch_update(optimizer, states["w1"], w1, g1, t, h)
        after = "_new" if t == steps else f"[{t}]"
        assert math.isclose(v[f"w2{after}"], w2, rel_tol=1e-9, abs_tol=1e-12), (code, t)
        assert math.isclose(v[f"w1{after}"], w1, rel_tol=1e-9, abs_tol=1e-12), (code, t)


def test_on_the_chain_d1_is_hand_friendly_and_goes_downhill():
    for optimizer in OPTIMIZERS:
        for seed in range(8):
            problem = problem_from_code(f"optimizer:{optimizer}:2:chain2:d1#{seed}")
            assert max(abs(float(value)) for value in problem.values.values()) <= 20
            end = {k: problem.values[k] for k in ("x", "t", "eta")} | {
                "w1": problem.values["w1_new"], "w2": problem.values["w2_new"]}
            assert solve_values(forward_template(CHAIN), end)["L"] < problem.values["L"], (optimizer, seed)
