"""Solver throughput: generate + solve + trace, per network family, against bare NumPy.

Times are CPU time of this process (the machine is shared: wall time would measure the neighbours).
The baseline is a hand-written NumPy forward and backward pass of the same network (no
trace, no formulas), measured in the same run on the same machine: the ratio is what counts.
"""

from __future__ import annotations

import time

import numpy as np

from solver.families.networks import structure_for
from solver.generate import generate_batch, problem_from_code, read_code
from solver.network import DENSE

CODES = {
    "chain2": "chain2:sigmoid:d2#0",
    "neuron": "neuron:3:sigmoid:half_sse:d2#0",
    "mlp": "mlp:2-3-1:sigmoid:half_sse:d2#0",
    # d1 draws are checked hardest (values at most 20, the update lowers the loss): its
    # rejection sampling must stay about as cheap as d2's.
    "mlp d1": "mlp:2-3-1:sigmoid:half_sse:d1#0",
    "mlp relu d1": "mlp:2-3-1:relu:half_sse:d1#0",
    "softmax-ce": "softmax-ce:2-2-3:sigmoid:d2#0",
    "residual": "residual:2:relu:d2#0",
    "residual d1": "residual:2:relu:d1#0",
    "deep-chain": "deep-chain:5:sigmoid:d2#0",
}
BATCH = 10_000


def _rate(function, minimum_seconds: float = 0.6) -> float:
    """Calls per second of `function(i)`, best of three timed runs."""
    count, best = 0, 0.0
    n = 50
    while True:
        start = time.process_time()
        for i in range(n):
            function(i)
        elapsed = time.process_time() - start
        if elapsed > minimum_seconds / 3:
            break
        n *= 2
    for _ in range(3):
        start = time.process_time()
        for i in range(n):
            function(count + i)
        count += n
        best = max(best, n / (time.process_time() - start))
    return best


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def bare_numpy_problem(structure, rng):
    """Draw numbers and run forward, backward and update by hand, as a NumPy user would."""
    a = rng.standard_normal(structure.layers[0].n_in)
    inputs, pre = [a], []
    params = []
    for shape in structure.layers:
        W = rng.standard_normal((shape.n_out, shape.n_in)) if shape.kind == DENSE else rng.standard_normal(shape.n_in)
        b = rng.standard_normal(shape.n_out)
        params.append((W, b))
        z = (W @ a if shape.kind == DENSE else np.dot(W, a)) + b
        a = _sigmoid(z)
        pre.append(z)
        inputs.append(a)
    t = rng.standard_normal(a.shape)
    delta = (a - t) * a * (1 - a)
    updated = []
    for layer in range(len(params) - 1, -1, -1):
        W, b = params[layer]
        grad_W = np.outer(delta, inputs[layer]) if W.ndim == 2 else delta * inputs[layer]
        updated.append((W - 0.1 * grad_W.reshape(W.shape), b - 0.1 * delta))
        if layer:
            back = W.T @ delta if W.ndim == 2 else W * delta
            s = inputs[layer]
            delta = back * s * (1 - s)
    return 0.5 * np.sum((inputs[-1] - t) ** 2), updated


def main() -> None:
    print(f"{'family':<12}{'bare NumPy/s':>14}{'traced/s':>11}{'ratio':>8}{'+steps()/s':>12}{'ratio':>8}"
          f"{'batch/s':>11}{'batch ratio':>13}")
    for family, code in CODES.items():
        parsed = read_code(code)
        structure = structure_for(parsed)
        rng = np.random.default_rng(0)
        bare = _rate(lambda i: bare_numpy_problem(structure, rng))
        traced = _rate(lambda i: problem_from_code(parsed.with_seed(i)))
        rendered = _rate(lambda i: problem_from_code(parsed.with_seed(i)).steps(), minimum_seconds=0.3)
        batch = 0.0
        for _ in range(3):  # best of three, as `_rate` does: the neighbours only ever slow a run down
            start = time.process_time()
            generate_batch(parsed, np.arange(BATCH))
            batch = max(batch, BATCH / (time.process_time() - start))
        print(f"{family:<12}{bare:>14,.0f}{traced:>11,.0f}{traced / bare:>7.2f}x{rendered:>12,.0f}"
              f"{rendered / bare:>7.2f}x{batch:>11,.0f}{batch / bare:>12.1f}x", flush=True)
    print("traced: the Problem with every step's value beside the template's cached formulas;")
    print("+steps(): also every formula written out with its numbers (the worked solution as text)")
    print("targets (mlp): traced >= 0.3x bare NumPy, batch >= 10x")


if __name__ == "__main__":
    main()
