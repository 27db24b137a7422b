import pytest

from solver.generate import problem_from_code

from quizapp.export.selection import BankInfo, ExportItems, Selection, collect


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


NASTY_EN = "Escape ~ = # { } : \\ <b>&amp;</b> ]]> \"quotes\"\nand a second line"


def make_questions():
    from questions import Choice, Point, Question

    def q(slug, kind, **fields):
        base = dict(id=f"mine.{slug}", type=kind, topics=("chain-rule", "backpropagation"), difficulty=2,
                    section="beyond", prompt_zh=f"题目 {slug}：求值。", prompt_en=f"Question {slug}: work it out.",
                    answer_zh="模型答案。", answer_en="Model answer.")
        base.update(fields)
        return Question(**base)

    return [
        q("open", "open", prompt_en=NASTY_EN, explanation_zh="解析", explanation_en="Why it is so.",
          points=(Point("sum", "加权和", "the weighted sum", ("加权和",), ("weighted sum",)),
                  Point("act", "激活", "the activation", ("激活",), ("activation",)))),
        q("single", "single", choices=(Choice("对的", "right {one}", True), Choice("错的", "wrong = no"),
                                        Choice("也错", "also wrong"))),
        q("multiple", "multiple", choices=(Choice("甲", "a", True), Choice("乙", "b", True),
                                            Choice("丙", "c", True), Choice("丁", "d"), Choice("戊", "e"))),
        q("truefalse", "truefalse", truth=False, note_zh="注意", note_en="Mind the sign."),
        q("numeric", "numeric", value=0.25, tolerance=0.001),
        q("numeric-default", "numeric", value=-12.5),
        q("symbolic", "symbolic", expression="sigmoid(z)*(1 - sigmoid(z))", variables=("z",)),
        q("step", "step", code="chain2:sigmoid:d1#7", step="dL/dw1"),
    ]


def write_bank(home, questions, bank_id="mine"):
    import tomli_w

    from questions import Bank

    folder = home / "banks"
    folder.mkdir(parents=True, exist_ok=True)
    bank = Bank(bank_id, "我的题库", "My bank", None, tuple(questions))
    path = folder / f"{bank_id}.toml"
    path.write_text(tomli_w.dumps(bank.to_dict()), encoding="utf-8")
    return path


@pytest.fixture
def questions():
    return make_questions()


@pytest.fixture
def question_items(questions):
    items = ExportItems()
    items.banks = [BankInfo("mine", "我的题库", "My bank")]
    items.questions = [("mine", q) for q in questions]
    return items
