"""`quizapp import` never builds a path from an id it has not checked (issue 13: a bank id
`../../dir/important` overwrote important.toml; an absolute question id created a file elsewhere)."""

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.cli import main

from .conftest import make_questions

HOSTILE_BANK_IDS = ["../../victim/important", "../banks/mine", "/tmp/abs", "mine/../../x", "..", ".", "",
                    "Mine", "mine\n", "a" * 300, "mine.toml", "x\x00y", "..\\..\\win"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def json_export(bank_id, question_id=None):
    question = {**make_questions()[4].to_dict(), "id": question_id or f"{bank_id}.q"}
    return {"format": "quizapp", "version": 1, "answers": True, "drills": [],
            "banks": [{"id": bank_id, "title": {"zh": "甲", "en": "A"}, "questions": [question["id"]]}],
            "questions": [question]}


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def world(tmp_path, monkeypatch):
    """A home whose own bank and a neighbouring 'important.toml' must both survive."""
    home = tmp_path / "a" / "b" / "home"
    (home / "banks").mkdir(parents=True)
    (home / "banks" / "mine.toml").write_text("# the user's own bank\n", encoding="utf-8")
    victim = tmp_path / "a" / "victim"
    victim.mkdir()
    (victim / "important.toml").write_text("precious\n", encoding="utf-8")
    monkeypatch.setenv("QUIZAPP_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "a" / "b"))  # where the old validator's temp file went
    return tmp_path


def assert_untouched(world, before):
    assert files_under(world) == before
    assert (world / "a" / "victim" / "important.toml").read_text(encoding="utf-8") == "precious\n"
    assert (world / "a" / "b" / "home" / "banks" / "mine.toml").read_text(encoding="utf-8") == "# the user's own bank\n"


@pytest.mark.parametrize("bank_id", ["../../victim/important", "../../../a/victim/important", "../banks/mine",
                                     "../../b/home/banks/mine"])
def test_a_json_bank_id_cannot_reach_outside_the_banks_folder(world, bank_id):
    source = world / "in.json"
    source.write_text(json.dumps(json_export(bank_id)), encoding="utf-8")
    before = files_under(world)
    result = run("import", source)
    assert result.exit_code == 2 and "is not valid" in result.output and "Traceback" not in result.output
    assert_untouched(world, before)


def test_an_absolute_question_id_creates_no_file(world):
    target = world / "elsewhere"
    source = world / "in.json"
    data = json_export("fine", question_id=f"{target}.q")
    data["banks"][0]["questions"] = []
    source.write_text(json.dumps(data), encoding="utf-8")
    before = files_under(world)
    result = run("import", source)
    assert result.exit_code == 2 and "question id" in result.output
    assert not target.with_suffix(".toml").exists() and not (world / "elsewhere.toml").exists()
    assert_untouched(world, before)


@pytest.mark.parametrize("column", ["bank", "id"])
def test_a_csv_bank_or_id_column_cannot_reach_outside(world, column):
    from quizapp.export.csvfmt import COLUMNS as HEADER

    row = {name: "" for name in HEADER}
    row.update(kind="question", bank="fine", id="fine.q", type="numeric", topics="chain-rule", difficulty="1",
               section="beyond", prompt_zh="问", prompt_en="Q", answer_zh="答", answer_en="A", value="1")
    row[column] = "../../victim/important" if column == "bank" else "../../victim/important.q"
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerow(row)
    source = world / "in.csv"
    source.write_text(out.getvalue(), encoding="utf-8")
    before = files_under(world)
    result = run("import", source)
    assert result.exit_code == 2 and "in.csv:2" in result.output and "not valid" in result.output
    assert_untouched(world, before)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bank_id=st.one_of(st.sampled_from(HOSTILE_BANK_IDS),
                         st.text(alphabet=st.sampled_from("./\\a-z0A~\x00 \n:"), max_size=12)))
def test_fuzzed_bank_ids_write_only_inside_the_banks_folder(world, bank_id):
    source = world / "in.json"
    source.write_text(json.dumps(json_export(bank_id)), encoding="utf-8")
    home = world / "a" / "b" / "home"
    outside_before = [p for p in files_under(world) if not p.startswith("a/b/home/banks/") and p != "in.json"]
    result = run("import", source)
    assert "Traceback" not in result.output and result.exit_code in (0, 2)
    outside_after = [p for p in files_under(world) if not p.startswith("a/b/home/banks/") and p != "in.json"]
    assert outside_after == outside_before
    assert (home / "banks" / "mine.toml").read_text(encoding="utf-8") == "# the user's own bank\n"
    for written in (home / "banks").iterdir():
        written.name == "mine.toml" or written.unlink()  # each example starts from the same folder


def test_bank_file_refuses_ids_that_are_not_slugs(tmp_path, monkeypatch):
    from quizapp import paths

    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    assert paths.user_bank_file("my-bank") == tmp_path / "banks" / "my-bank.toml"
    for bad in HOSTILE_BANK_IDS:
        with pytest.raises(ValueError):
            paths.user_bank_file(bad)


@pytest.mark.parametrize("mangle, message", [
    (lambda d: d.update(banks=[None]), "banks[0]: must be an object, not null"),
    (lambda d: d.update(banks=[7]), "banks[0]: must be an object, not a number"),
    (lambda d: d["banks"][0].update(title="x"), "banks[0].title: must be an object, not a string"),
    (lambda d: d.update(questions=[None]), "questions[0]: must be an object, not null"),
    (lambda d: d.update(questions=["q"]), "questions[0]: must be an object, not a string"),
    (lambda d: d["questions"][0].update(prompt=None), "questions[0].prompt: must be an object, not null"),
    (lambda d: d["questions"][0].update(prompt={"zh": 1, "en": "x"}), "questions[0].prompt.zh: must be a string"),
    (lambda d: d["questions"][0].update(points=[3]), "questions[0].points[0]: must be an object"),
    (lambda d: d["questions"][0].update(difficulty="2"), "questions[0].difficulty: must be a whole number"),
    (lambda d: d.update(drills={"a": 1}), '"drills" must be a list'),
])
def test_wrong_structure_in_an_import_is_named(tmp_path, monkeypatch, mangle, message):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path / "home"))
    data = json_export("fine")
    mangle(data)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", source)
    assert result.exit_code == 2, result.output
    assert message in result.output and f"{source}:" in result.output
    assert not (tmp_path / "home" / "banks").exists()
