"""Loading built-in and user banks together: bad files are skipped, the rest load."""

from __future__ import annotations

from questions import LoadResult, load_banks
from questions.checks import Location
from questions.loader import LineIndex
from tests.unit.questions.banktext import HEADER, bank, line_of, question, write


def test_without_a_user_folder_only_builtin_banks_load(tmp_path):
    builtin = load_banks(None)
    assert load_banks(tmp_path / "does-not-exist").to_dict() == builtin.to_dict()
    assert any(b.id == "article" for b in builtin.banks)


def test_user_banks_load_after_the_builtin_ones(tmp_path):
    write(tmp_path, bank(question("one"), question("two", "numeric")), "mine.toml")
    result = load_banks(tmp_path)
    assert result.errors == []
    assert result.banks[-1].id == "t" and result.banks[-1].path == tmp_path / "mine.toml"
    assert [q.id for q in result.questions[-2:]] == ["t.one", "t.two"]
    assert result.by_id("t.two").value == 0.25
    assert result.by_id("t.two").tolerances() == {"rel_tol": 0.0, "abs_tol": 0.001}
    assert result.by_id("t.missing") is None
    assert result.by_id("article.chain-rule-role").section == "四"


def test_a_bad_file_is_skipped_and_the_others_load(tmp_path):
    write(tmp_path, bank(question("one").replace("difficulty = 1", "difficulty = 0")), "a-bad.toml")
    write(tmp_path, "[bank\n", "b-broken.toml")
    write(tmp_path, bank(question("one"), header=HEADER.replace('"t"', '"good"')).replace("t.one", "good.one"),
          "c-good.toml")
    result = load_banks(tmp_path)
    assert [b.id for b in result.banks][-1] == "good"
    assert "t" not in [b.id for b in result.banks]
    assert len(result.errors) == 2
    assert result.errors[0].startswith(f"{tmp_path / 'a-bad.toml'}:")
    assert "questions[1].difficulty" in result.errors[0]
    assert result.errors[1].startswith(f"{tmp_path / 'b-broken.toml'}:1: toml: not valid TOML")


def test_a_user_bank_reusing_a_bank_id_is_skipped(tmp_path):
    text = bank(question("one"), header=HEADER.replace('"t"', '"article"')).replace("t.one", "article.one")
    write(tmp_path, text, "clash.toml")
    result = load_banks(tmp_path)
    assert [b.id for b in result.banks].count("article") == 1
    assert result.by_id("article.one") is None
    assert len(result.errors) == 1
    id_line = line_of(text, 'id = "article"')
    assert result.errors[0].startswith(f"{tmp_path / 'clash.toml'}:{id_line}: bank.id: ")
    assert "already used by" in result.errors[0]


def test_only_toml_files_are_read(tmp_path):
    write(tmp_path, "not a bank", "notes.txt")
    write(tmp_path, "not a bank", ".mine.toml.tmp")
    assert load_banks(tmp_path).errors == []


def test_questions_are_in_bank_then_file_order():
    result = load_banks(None)
    assert result.questions == [q for b in result.banks for q in b.questions]
    assert isinstance(result, LoadResult)


def test_line_index_of_dotted_keys_and_sub_tables():
    text = '[bank]\nid = "x"\n\n[[questions]]\n"id" = "x.a"\nprompt.zh = "问"\n[questions.answer]\nen = "A"\n' \
           '[[questions.points]]\nid = "p"\n[[questions]]\nid = "x.b"\n'
    index = LineIndex(text)
    first, second = (("questions", 0),), (("questions", 1),)
    assert index.line_of(Location(("bank",), ("id",))) == 2
    assert index.line_of(Location(first, ("id",))) == 5
    assert index.line_of(Location(first, ("prompt", "zh"))) == 6
    assert index.line_of(Location(first, ("prompt", "en"))) == 6   # the key that holds it
    assert index.line_of(Location(first, ("answer", "zh"))) == 7   # its table's header
    assert index.line_of(Location((*first, ("points", 0)), ("id",))) == 10
    assert index.line_of(Location(second, ("id",))) == 12
    assert index.line_of(Location(second, ("type",))) == 11
    assert index.line_of(Location((), ("questions",))) == 4


def test_by_id_finds_every_question_and_sees_banks_added_after_a_lookup(tmp_path):
    write(tmp_path, bank(question("one"), question("two", "numeric")), "mine.toml")
    result = load_banks(tmp_path)
    assert [result.by_id(q.id) for q in result.questions] == result.questions
    assert result.by_id("t.one") is result.questions[-2]
    mine = result.banks.pop()
    assert result.by_id("t.one") is None
    result.banks.append(mine)  # the index is rebuilt when the banks change
    assert result.by_id("t.two") is mine.questions[-1]
    assert LoadResult().by_id("t.one") is None
