import pytest

from solver.generate import problem_from_code

from quizapp.export.selection import ExportItems, Selection, collect


UNDEFINED_CODE = "activation-derivative:relu:d2#10"  # f'(0) of ReLU: the answer is "undefined"


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("QUIZAPP_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def drill_items() -> ExportItems:
    """Drills of several families: scalars, vectors, a formula step and an undefined derivative."""
    items = ExportItems()
    for family, difficulty in (("chain2", 1), ("neuron", 2), ("activation-derivative", 2), ("gd", 1)):
        items.drills.extend(collect(Selection(families=(family,), difficulty=difficulty, count=2, seed=11)).drills)
    items.drills.append(problem_from_code(UNDEFINED_CODE))
    return items
