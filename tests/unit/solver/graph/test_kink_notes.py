"""A kink's convention is said where the kink is met, and only there: ReLU's subgradient on the steps
of a layer whose z has an entry exactly 0, not on every ReLU step of every problem."""

from __future__ import annotations

from solver.formats.network_file import problem_from_network
from solver.generate import problem_from_code


def _network(first_bias: float, activation: str = "relu") -> dict:
    # z1 = W1·x + b1 = [b, 0.5 + b]: its first entry is on the kink when b = 0; z2 = 0.5 stays off it.
    return {"x": [1.0, -1.0], "t": [1.0], "loss": "half_sse", "lr": 0.1,
            "layers": [{"W": [[1.0, 1.0], [1.0, 0.5]], "b": [first_bias, first_bias], "activation": activation},
                       {"W": [[1.0, -1.0]], "b": [1.0], "activation": "relu"}]}


def _noted(problem) -> dict[str, str]:
    return {step.id: step.note_en for step in problem.steps() if step.note_en}


def test_a_z_exactly_on_the_kink_gets_the_note_on_its_two_steps_only():
    problem = problem_from_network(_network(0.0))
    assert problem.values["z1"][0] == 0 and problem.values["z2"][0] != 0
    noted = _noted(problem)
    assert sorted(noted) == ["a1", "dL/dz1"]  # layer 2's ReLU steps meet no kink: nothing to say
    assert all(note.startswith("ReLU is not differentiable at z = 0") and "subgradient 0" in note
               for note in noted.values())
    zh = {step.id: step.note_zh for step in problem.steps() if step.note_zh}
    assert sorted(zh) == ["a1", "dL/dz1"] and all("次梯度 0" in note for note in zh.values())
    assert [step["id"] for step in problem.to_dict()["steps"] if "note" in step] == ["a1", "dL/dz1"]


def test_off_the_kink_no_step_says_it():
    assert _noted(problem_from_network(_network(0.25))) == {}
    for code in ("chain2:relu:d2#1", "mlp:2-2-1:relu:mse:d1#0", "residual:2:relu:d1#0"):  # drawn off the kink
        assert _noted(problem_from_code(code)) == {}, code


def test_leaky_relu_states_its_own_slope_where_it_is_met():
    network = _network(0.0, "leaky_relu")
    network["layers"][0]["slope"] = 0.2
    noted = _noted(problem_from_network(network))
    assert sorted(noted) == ["a1", "dL/dz1"] and all("subgradient 0.2" in note for note in noted.values())
