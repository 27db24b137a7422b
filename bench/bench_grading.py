"""Grading latency per answer: numeric steps and symbolic (formula) steps, median and p99.

Answers are the kinds learners type: right to 4 significant figures, right to full precision,
plain wrong, a named mistake, and for formulas several equivalent rewrites and wrong ones.
Each is graded once through `grade_step`, as `quizapp check` and the drill do. The baseline,
measured in the same run on the same numeric texts, is the least any checker does: `float()`
of the text and one tolerance comparison. Wall time and CPU time (this machine is shared) are
both shown. Target: p99 under 20 ms for symbolic answers.
"""

from __future__ import annotations

import statistics
import time

SYMBOLIC_TARGET_MS = 20.0
NUMERIC_CODES = (
    "chain2:sigmoid:d2#{}",
    "mlp:2-3-1:sigmoid:half_sse:d2#{}",
    "mlp:3-2-2:tanh:mse:d3#{}",
    "softmax-ce:2-2-3:relu:d2#{}",
    "residual:2:relu:d2#{}",
    "neuron:3:sigmoid:bce:d1#{}",
    "deep-chain:5:sigmoid:d2#{}",
    "gd:linreg:4:d2#{}",
)
SYMBOLIC_ANSWERS = {
    "sigmoid": ("sigmoid(z)*(1 - sigmoid(z))", "sigmoid(z) - sigmoid(z)^2", "exp(-z)/(1 + exp(-z))^2",
                "exp(z)/(1+exp(z))^2", "1/(1+e^(-z)) * (1 - 1/(1+e^(-z)))", "sigmoid(z)*(1 + sigmoid(z))",
                "sigmoid(z)", "exp(-z)/(1+exp(-z))"),
    "tanh": ("1 - tanh(z)^2", "(1 - tanh(z))*(1 + tanh(z))", "4/(exp(z) + exp(-z))^2", "1 - tanh(z)*tanh(z)",
             "1 - tanh(z)", "tanh(z)^2 - 1", "2*tanh(z)"),
    "softplus": ("sigmoid(z)", "1/(1+exp(-z))", "exp(z)/(1+exp(z))", "log(1+exp(z))", "1 - sigmoid(-z)"),
    "identity": ("1", "z", "0"),
}


def _write(value) -> str:
    import numpy as np

    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return f"{float(array):.4g}"
    return "[" + ", ".join(_write(row) for row in array) + "]"


def numeric_answers(seeds: int) -> list[tuple[object, str, str]]:
    """(problem, step id, typed text): right, precise, wrong and mistaken answers."""
    import numpy as np

    from solver.generate import problem_from_code

    out = []
    for pattern in NUMERIC_CODES:
        for seed in range(seeds):
            problem = problem_from_code(pattern.format(seed))
            for step_id in problem.answers:
                value = problem.values[step_id]
                if value is None or isinstance(value, str):
                    continue
                out.append((problem, step_id, _write(value)))
                out.append((problem, step_id, _write(np.asarray(value, dtype=float) * 1.1 + 0.3)))
                for mistake in problem.spec(step_id).mistakes[:1]:
                    try:
                        wrong = mistake.compute(problem.values)
                    except (ArithmeticError, ValueError, TypeError, KeyError):
                        continue
                    if wrong is not None:
                        out.append((problem, step_id, _write(wrong)))
    return out


def symbolic_answers(seeds: int) -> list[tuple[object, str, str]]:
    from solver.generate import problem_from_code

    out = []
    for name, texts in SYMBOLIC_ANSWERS.items():
        for seed in range(seeds):
            problem = problem_from_code(f"activation-derivative:{name}:d1#{seed}")
            out.extend((problem, "f'(z)", text) for text in texts)
    return out


def _time(calls, before=None) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each call (`before` runs untimed ahead of each)."""
    wall, cpu = [], []
    for call in calls:
        if before is not None:
            before()
        w0, c0 = time.perf_counter(), time.thread_time()
        call()
        cpu.append((time.thread_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return wall, cpu


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _row(name: str, wall: list[float], cpu: list[float], baseline_median: float | None = None) -> str:
    median = statistics.median(wall)
    ratio = f"  x{median / baseline_median:,.0f} baseline" if baseline_median else ""
    return (f"{name:<30} n={len(wall):>5}  wall median {median:7.3f} ms  p99 {_p(wall, 0.99):7.3f} ms   "
            f"cpu median {statistics.median(cpu):7.3f} ms  p99 {_p(cpu, 0.99):7.3f} ms{ratio}")


def main(seeds: int = 6) -> dict:
    from solver.grading.grade import grade_step

    numeric = numeric_answers(seeds)
    symbolic = symbolic_answers(2)
    # Warm up: SymPy's import and caches are start-up costs, not per-answer latency.
    for problem, step_id, text in numeric[:20] + symbolic[:10]:
        grade_step(problem, step_id, text)

    def bare(text, expected):
        def call():
            try:
                abs(float(text) - float(expected)) <= 5e-4 * abs(float(expected))
            except ValueError:
                pass
        return call

    scalar = [(p, s, t) for p, s, t in numeric if not t.startswith("[")]
    base_wall, base_cpu = _time(bare(t, p.values[s]) for p, s, t in scalar)
    num_wall, num_cpu = _time((lambda p=p, s=s, t=t: grade_step(p, s, t)) for p, s, t in numeric)
    sca_wall, sca_cpu = _time((lambda p=p, s=s, t=t: grade_step(p, s, t)) for p, s, t in scalar)
    # SymPy caches what it has built: empty the cache before each formula, so that every answer
    # costs what a learner's new formula costs, not a repeat's.
    from sympy.core.cache import clear_cache

    sym_wall, sym_cpu = _time(((lambda p=p, s=s, t=t: grade_step(p, s, t)) for p, s, t in symbolic), clear_cache)

    base_median = statistics.median(base_wall)
    print("grading latency per answer (grade_step), against float() + one comparison")
    print(_row("baseline: float() + compare", base_wall, base_cpu))
    print(_row("numeric, scalars", sca_wall, sca_cpu, base_median))
    print(_row("numeric, all (incl. arrays)", num_wall, num_cpu, base_median))
    print(_row("symbolic f'(z)", sym_wall, sym_cpu, base_median))
    p99, cpu_p99 = _p(sym_wall, 0.99), _p(sym_cpu, 0.99)
    for what, value in (("wall", p99), ("cpu", cpu_p99)):
        verdict = "meets" if value < SYMBOLIC_TARGET_MS else "MISSES"
        print(f"symbolic p99 {value:.2f} ms ({what}) {verdict} the target of {SYMBOLIC_TARGET_MS:.0f} ms")
    if p99 >= SYMBOLIC_TARGET_MS > cpu_p99:
        print("(wall time above CPU time means waiting for a core: other work on this machine)")
    return {"numeric_p99_ms": _p(num_wall, 0.99), "symbolic_p99_ms": p99, "baseline_median_ms": base_median}


if __name__ == "__main__":
    main()
