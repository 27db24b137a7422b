"""gradcheck: a gradient check by hand, the way CS231n teaches it.

With a stated h the learner evaluates f(w + h) and f(w - h), the central difference
n = (f(w + h) - f(w - h)) / (2h), the analytic a = f'(w), the relative error
r = |a - n| / max(|a|, |n|) and reads the verdict off it: r < 1e-7 good, r > 1e-2 wrong, in between
suspicious unless something explains it.

- `smooth`: f(w) = c3·w³ + c2·w². For a cubic the central difference is off by exactly c3·h², so
  the relative error shows the O(h²) truncation error (and a smaller h shrinks it as h²).
- `kink`: f(w) = relu(w·x + b) at a w whose two probes w ± h fall on both sides of the kink:
  a correct analytic gradient and a relative error far above 1e-2 that the kink explains.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np

from solver.families.base import POOLS, Family, Option
from solver.families.update_steps import operation_step
from solver.fmt import format_value
from solver.formats.codes import ProblemCode
from solver.rng import pick
from solver.trace import Description, Mistake, Problem, StepSpec, Template, fraction_array, solve_values

CASES = ("smooth", "kink")
GOOD, WRONG = 1e-7, 1e-2  # CS231n's thresholds on the relative error

STEPS = {1: (0.1,), 2: (0.1, 0.01), 3: (0.01, 0.001)}
CUBES = {1: (1.0, -1.0), 2: (0.5, 1.0, -1.0, 2.0), 3: (0.5, 1.0, -1.0, 2.0, -0.5)}
SQUARES = {1: (-1.0, 0.0, 1.0), 2: (-1.0, -0.5, 0.0, 0.5, 1.0), 3: (-1.0, -0.5, 0.0, 0.5, 1.0)}
# where w·x + b sits between the probes, as a share of the half-width |x|·h
STRADDLE = {1: (-0.5, 0.5), 2: (-0.5, 0.5, 0.25), 3: (-0.75, -0.25, 0.25, 0.75)}


# The two probes agree in their leading digits, which the difference cancels.
KEEP_DIGITS = ("两个探测值的前几位相同，相减时会抵消：保留全部位数再做差分（h 越小越要紧）。",
               "The two probes share their leading digits, which the difference cancels: keep every digit "
               "for the difference (the more so the smaller h).")


def polynomial_text(c3: float, c2: float) -> str:
    """c3·w³ + c2·w² as a person writes it: w³ - 0.5·w², -w³, 2·w³ + w²."""
    text = ""
    for coefficient, power in ((c3, "w³"), (c2, "w²")):
        if coefficient == 0:
            continue
        size = abs(coefficient)
        term = power if size == 1 else f"{format_value(size)}·{power}"
        if not text:
            text = ("-" if coefficient < 0 else "") + term
        else:
            text += (" - " if coefficient < 0 else " + ") + term
    return text


def _relu(z):
    return z if z > 0 else z * 0


def smooth_f(w, c3, c2):
    return c3 * w * w * w + c2 * w * w


def kink_f(w, x, b):
    return _relu(w * x + b)


def _one_sided(f, args):
    def value(c):
        w, h = c["w"], c["h"]
        rest = [c[name] for name in args]
        return (c["f(w+h)"] - f(w, *rest)) / h
    return value


def _one_sided_back(f, args):
    def value(c):
        w, h = c["w"], c["h"]
        rest = [c[name] for name in args]
        return (f(w, *rest) - c["f(w-h)"]) / h
    return value


@lru_cache(maxsize=8)
def gradcheck_template(case: str) -> Template:
    if case == "smooth":
        f, args = smooth_f, ("c3", "c2")
        probe = "{1}·({0} %(s)s {3})³ + {2}·({0} %(s)s {3})²"
        analytic = StepSpec("analytic", "backward", "dloss", ("w", "c3", "c2"), lambda w, c3, c2: 3 * c3 * w * w + 2 * c2 * w,
                            "3·{1}·{0}² + 2·{2}·{0}", "解析梯度 a = f'(w)", "the analytic gradient a = f'(w)")
    else:
        f, args = kink_f, ("x", "b")
        probe = "max(0, ({0} %(s)s {3})·{1} + {2})"
        analytic = StepSpec("analytic", "backward", "dloss", ("w", "x", "b"),
                            lambda w, x, b: x if w * x + b > 0 else x * 0, "{1}·[{0}·{1} + {2} > 0]",
                            "解析梯度 a = f'(w)（ReLU 的导数：z > 0 时为 1，否则为 0）",
                            "the analytic gradient a = f'(w) (ReLU's derivative: 1 where z > 0, else 0)")
    deps = ("w", *args, "h")
    note = KEEP_DIGITS if case == "smooth" else (None, None)  # a kink's probes share no digits to lose
    steps = (
        StepSpec("f(w+h)", "forward", "probe", deps, lambda w, p, q, h: f(w + h, p, q), probe % {"s": "+"},
                 "在 w + h 处的函数值", "f at w + h", note_zh=note[0], note_en=note[1]),
        StepSpec("f(w-h)", "forward", "probe", deps, lambda w, p, q, h: f(w - h, p, q), probe % {"s": "-"},
                 "在 w - h 处的函数值", "f at w - h", note_zh=note[0], note_en=note[1]),
        operation_step("numeric", "numeric.central", {"f_plus": "f(w+h)", "f_minus": "f(w-h)", "h": "h"},
                       ("数值梯度 n（中心差分）", "the numerical gradient n (central difference)"),
                       extra=(Mistake("one_sided_difference", _one_sided(f, args)),
                              Mistake("one_sided_difference", _one_sided_back(f, args)))),
        analytic,
        operation_step("rel_error", "relative_error", {"a": "analytic", "n": "numeric"},
                       ("相对误差 r = |a - n| / max(|a|, |n|)", "the relative error r = |a - n| / max(|a|, |n|)")),
    )
    return Template(("w", *args, "h"), steps, {"numeric": "n", "analytic": "a", "rel_error": "r"},
                    phase_headings=False)


def draw(case: str, difficulty: int, seed: int) -> dict:
    seeds = np.asarray([seed], dtype=np.uint64)

    def one(pool, stream):
        return float(pick(pool, seeds, stream, 1)[0, 0])

    for attempt in range(16):
        s = attempt * 8
        h = one(STEPS[difficulty], s)
        if case == "smooth":
            given = {"w": one(POOLS[difficulty].inputs, s + 1), "c3": one(CUBES[difficulty], s + 2),
                     "c2": one(SQUARES[difficulty], s + 3), "h": h}
            if 3 * given["c3"] * given["w"] ** 2 + 2 * given["c2"] * given["w"] != 0:
                return given
            continue
        x = one((-2.0, -1.0, 1.0, 2.0), s + 1)
        b = one(POOLS[difficulty].biases, s + 2)
        z = one(STRADDLE[difficulty], s + 3) * abs(x) * h
        # w from the kink's side it should sit on; its decimal rounded as a person writes it
        w = float(round(Fraction(repr(z)) / Fraction(repr(x)) - Fraction(repr(b)) / Fraction(repr(x)), 12))
        return {"w": w, "x": x, "b": b, "h": h}
    return given


def verdict(r: float, case: str) -> tuple[str, str]:
    shown = format_value(r)
    if r < GOOD:
        return (f"r = {shown} < 1e-7：解析梯度可信。", f"r = {shown} < 1e-7: the analytic gradient is right.")
    if r > WRONG and case == "kink":
        return (f"r = {shown} > 1e-2，按阈值看是错的；但 w - h 和 w + h 落在 ReLU 拐点的两侧，差分量的是两段斜率的混合，"
                f"解析梯度 a 本身没错。检查时应避开拐点（或取更小的 h，使两个探测点在同一侧）。",
                f"r = {shown} > 1e-2 reads as wrong, but w - h and w + h fall on both sides of ReLU's kink, so the "
                f"difference measures a mix of the two slopes: the analytic a is right. Check away from kinks "
                f"(or with an h small enough that both probes sit on one side).")
    if r > WRONG:
        return (f"r = {shown} > 1e-2：解析梯度很可能有错。", f"r = {shown} > 1e-2: the analytic gradient is most likely wrong.")
    return (f"r = {shown} 在 1e-7 与 1e-2 之间，属于可疑区间。这里原因清楚：三次函数的中心差分恰好偏 c3·h²（截断误差 O(h²)），"
            f"h 缩小 10 倍，误差缩小 100 倍；a 是对的。",
            f"r = {shown} is between 1e-7 and 1e-2, the suspicious band. Here the cause is known: for a cubic the central "
            f"difference is off by exactly c3·h² (its O(h²) truncation error), so an h ten times smaller makes it a "
            f"hundred times smaller; a is right.")


def _describe(case: str, given: dict) -> Description:
    h = format_value(given["h"])
    if case == "smooth":
        function = f"f(w) = {polynomial_text(given['c3'], given['c2'])}"
    else:
        function = f"f(w) = relu(w·x + b)，x = {format_value(given['x'])}，b = {format_value(given['b'])}"
    function_en = function.replace("，", ", ")
    w = format_value(given["w"])
    return Description(
        {"case": case, "function": function_en, **given},
        f"对 {function} 在 w = {w} 处做梯度检查，h = {h}：算出 f(w + h)、f(w - h)、中心差分 n = (f(w + h) - f(w - h)) / (2h)、"
        f"解析梯度 a = f'(w)，以及相对误差 r = |a - n| / max(|a|, |n|)（CS231n 的约定；a = n = 0 时 r = 0），再按 "
        f"r < 1e-7 可信、r > 1e-2 有错、其间可疑给出结论。",
        f"Check the gradient of {function_en} at w = {w} with h = {h}: compute f(w + h), f(w - h), the central "
        f"difference n = (f(w + h) - f(w - h)) / (2h), the analytic a = f'(w) and the relative error "
        f"r = |a - n| / max(|a|, |n|) (CS231n's convention; r = 0 when a = n = 0), then judge it: r < 1e-7 good, "
        f"r > 1e-2 wrong, suspicious in between.",
        key="given",
    )


def gradcheck_problem(case: str, given: dict, code: str | None) -> Problem:
    template = gradcheck_template(case)
    values = solve_values(template, given)
    return Problem("gradcheck", code, template, given, values, template.step_ids, lambda: _describe(case, given),
                   lambda: {name: fraction_array(value) for name, value in given.items()},
                   (verdict(values["rel_error"], case),))


def build(code: ProblemCode) -> Problem:
    case = code.options[0]
    return gradcheck_problem(case, draw(case, code.difficulty, code.seed), str(code))


GRADCHECK = Family(
    "gradcheck", "梯度检查：中心差分、解析梯度、相对误差与结论（含 ReLU 拐点的情形）",
    "gradient checking: central difference, analytic gradient, relative error and the verdict (a ReLU kink too)",
    (Option("case", "smooth", "smooth (a cubic: the O(h²) error) or kink (probes straddling ReLU's kink)", CASES),),
    build,
)
