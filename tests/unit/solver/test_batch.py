"""The batch API (bulk export) gives exactly the problems the codes give one at a time."""

from __future__ import annotations

import numpy as np
import pytest

from solver.generate import generate_batch, problem_from_code


@pytest.mark.parametrize(
    "code",
    ["chain2:tanh:d1#0", "mlp:2-3-1:sigmoid:half_sse:d2#0", "softmax-ce:2-2-3:relu:d3#0",
     "residual:2:relu:d1#0", "neuron:3:sigmoid:bce:d2#0", "deep-chain:5:tanh:d3#0"],
)
def test_batch_equals_single_problems(code):
    batch = generate_batch(code, range(100, 140))
    assert len(batch) == 40
    for index in (0, 7, 39):
        single = problem_from_code(batch.code_of(index))
        from_batch = batch.problem(index)
        assert from_batch.code == single.code
        for name, value in single.values.items():
            np.testing.assert_array_equal(np.asarray(from_batch.values[name]), np.asarray(value), err_msg=name)


def test_one_seed_mixes_the_same_in_python_integers_as_in_numpy():
    from solver.rng import _mix, _mix_int

    for seed in (0, 1, 42, 2**63 - 1, 2**64 - 1, 123456789123):
        assert _mix_int(seed) == int(_mix(np.asarray([seed], dtype=np.uint64))[0])
