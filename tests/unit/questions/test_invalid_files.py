"""Every kind of problem the schema rejects is reported as `file:line: field: what is wrong`."""

from __future__ import annotations

import pytest

from questions import validate_file
from tests.unit.questions.banktext import HEADER, bank, line_of, question, write


def errors_of(tmp_path, text):
    path = write(tmp_path, text)
    return path, validate_file(path)


def assert_one(tmp_path, text, line, field, words):
    path, errors = errors_of(tmp_path, text)
    assert len(errors) == 1, errors
    prefix = f"{path}:{line}: {field}: "
    assert errors[0].startswith(prefix), errors[0]
    assert words in errors[0][len(prefix):], errors[0]


def test_a_valid_file_has_no_errors(tmp_path):
    kinds = ("open", "single", "truefalse", "numeric", "symbolic", "step")
    _, errors = errors_of(tmp_path, bank(*(question(kind, kind) for kind in kinds)))
    assert errors == []


def test_toml_syntax_error_reports_tomllibs_line(tmp_path):
    text = bank() + "\nbroken = = 1\n"
    assert_one(tmp_path, text, line_of(text, "broken"), "toml", "not valid TOML")


def test_missing_bank_table(tmp_path):
    assert_one(tmp_path, question(), 1, "bank", "missing [bank]")


@pytest.mark.parametrize("line, field, words", [
    ('id = "Bad Id"', "bank.id", "lowercase"),
    ('title = { zh = "测试" }', "bank.title.en", "missing"),
    ('title = { zh = "测试", en = "   " }', "bank.title.en", "must not be empty"),
    ('title = "Test"', "bank.title", "must be a table"),
    ("version = 0", "bank.version", "whole number"),
    ('colour = "red"', "bank.colour", "unknown field"),
])
def test_bank_header_problems(tmp_path, line, field, words):
    header = HEADER.replace('title = { zh = "测试", en = "Test" }', line) if line.startswith("title") else \
        HEADER.replace('id = "t"', line) if line.startswith("id") else \
        HEADER.replace("version = 1", line) if line.startswith("version") else HEADER + line + "\n"
    text = bank(question(), header=header)
    assert_one(tmp_path, text, line_of(text, line), field, words)


def test_unknown_top_level_key(tmp_path):
    text = "author = \"me\"\n" + bank()
    assert_one(tmp_path, text, 1, "author", "unknown field")


def test_no_questions(tmp_path):
    assert_one(tmp_path, HEADER, 1, "questions", "at least one question")


def test_missing_field_points_at_the_question_header(tmp_path):
    text = bank(question("one"), question("two").replace('section = "三"\n', ""))
    second = line_of(text, "[[questions]]", after=line_of(text, 't.one'))
    assert_one(tmp_path, text, second, "questions[2].section", "missing")


@pytest.mark.parametrize("old, new, field, words", [
    ('id = "t.one"', 'id = "t.One"', "questions[1].id", "must look like"),
    ('id = "t.one"', 'id = "other.one"', "questions[1].id", "must start with the bank id 't.'"),
    ('id = "t.one"', "id = 7", "questions[1].id", "must look like"),
    ('type = "open"', 'type = "essay"', "questions[1].type", "not a question type"),
    ('topics = ["chain-rule"]', 'topics = ["Chain Rule"]', "questions[1].topics", "kebab-case"),
    ('topics = ["chain-rule"]', "topics = []", "questions[1].topics", "non-empty list"),
    ("difficulty = 1", "difficulty = 4", "questions[1].difficulty", "must be 1, 2 or 3"),
    ("difficulty = 1", 'difficulty = "1"', "questions[1].difficulty", "must be 1, 2 or 3"),
    ("difficulty = 1", "difficulty = true", "questions[1].difficulty", "must be 1, 2 or 3"),
    ('section = "三"', 'section = "五"', "questions[1].section", "must be one of"),
    ('prompt = { zh = "问题", en = "A question" }', 'prompt = { en = "A question" }', "questions[1].prompt.zh",
     "missing"),
    ('prompt = { zh = "问题", en = "A question" }', 'prompt = { zh = "问题", en = "" }', "questions[1].prompt.en",
     "must not be empty"),
    ('prompt = { zh = "问题", en = "A question" }', 'prompt = { zh = "问题", en = 3 }', "questions[1].prompt.en",
     "must be a string"),
    ('prompt = { zh = "问题", en = "A question" }', 'prompt = { zh = "问题", en = "Q", fr = "Q" }',
     "questions[1].prompt.fr", "unknown language"),
    ('answer = { zh = "答案", en = "An answer" }', 'answer = "An answer"', "questions[1].answer", "must be a table"),
])
def test_common_field_problems(tmp_path, old, new, field, words):
    text = bank(question("one").replace(old, new))
    assert_one(tmp_path, text, line_of(text, new), field, words)


def test_duplicate_id_in_one_file_points_at_the_second(tmp_path):
    text = bank(question("one"), question("one"))
    second = line_of(text, 'id = "t.one"', after=line_of(text, 'id = "t.one"'))
    assert_one(tmp_path, text, second, "questions[2].id", "already used by questions[1]")


def test_missing_required_field_of_a_type(tmp_path):
    text = bank(question("n", "numeric", body=""))
    assert_one(tmp_path, text, line_of(text, "[[questions]]"), "questions[1].value", "numeric question needs it")


def test_misspelt_field_is_reported(tmp_path):
    text = bank(question("n", "numeric", body="value = 1.0\ntolerence = 0.1\n"))
    assert_one(tmp_path, text, line_of(text, "tolerence"), "questions[1].tolerence", "unknown field")


def test_field_of_another_type(tmp_path):
    text = bank(question("o", "open", extra="truth = true\n"))
    assert_one(tmp_path, text, line_of(text, "truth"), "questions[1].truth", "only by truefalse")


def test_open_question_needs_two_points(tmp_path):
    one_point = ('[[questions.points]]\nid = "p1"\ntext = { zh = "一", en = "one" }\n'
                 'keywords = { zh = ["一"], en = ["one"] }\n')
    text = bank(question("o", "open", body=one_point))
    assert_one(tmp_path, text, line_of(text, "[[questions.points]]"), "questions[1].points", "at least 2")


@pytest.mark.parametrize("old, new, field, words", [
    ('keywords = { zh = ["二"], en = ["two"] }', 'keywords = { zh = ["二"], en = [] }',
     "questions[1].points[2].keywords.en", "non-empty list"),
    ('keywords = { zh = ["二"], en = ["two"] }', 'keywords = { zh = ["二"], en = [""] }',
     "questions[1].points[2].keywords.en", "non-empty string"),
    ('keywords = { zh = ["二"], en = ["two"] }', 'keywords = { en = ["two"] }',
     "questions[1].points[2].keywords.zh", "missing"),
    ('id = "p2"', 'id = "p1"', "questions[1].points[2].id", "used by another point"),
    ('id = "p2"', 'id = "P 2"', "questions[1].points[2].id", "lowercase"),
    ('text = { zh = "要点二", en = "point two" }', 'text = { zh = "要点二", en = "" }',
     "questions[1].points[2].text.en", "must not be empty"),
])
def test_point_problems(tmp_path, old, new, field, words):
    text = bank(question("o", "open").replace(old, new))
    assert_one(tmp_path, text, line_of(text, new, after=line_of(text, "[[questions.points]]") + 1), field, words)


def test_point_without_keywords_points_at_its_header(tmp_path):
    text = bank(question("o").replace('keywords = { zh = ["二"], en = ["two"] }\n', ""))
    second_point = line_of(text, "[[questions.points]]", after=line_of(text, 'id = "p1"'))
    assert_one(tmp_path, text, second_point, "questions[1].points[2].keywords", "missing")


CHOICE = '[[questions.choices]]\ntext = {{ zh = "选项{0}", en = "choice {0}" }}\ncorrect = {1}\n\n'


def choices(*correct: bool) -> str:
    return "".join(CHOICE.format(i, "true" if right else "false") for i, right in enumerate(correct))


@pytest.mark.parametrize("kind, body, words", [
    ("single", choices(False, False), "exactly one correct choice, has 0"),
    ("single", choices(True, True, False), "exactly one correct choice, has 2"),
    ("multiple", choices(False, False, False), "at least one correct choice"),
    ("single", choices(True), "has 1 choices; a single question needs 2 to 6"),
    ("multiple", choices(True, *([False] * 6)), "has 7 choices; a multiple question needs 2 to 6"),
])
def test_choice_count_and_correctness(tmp_path, kind, body, words):
    text = bank(question("c", kind, body=body))
    # A problem with the choices as a whole points at the first of them.
    assert_one(tmp_path, text, line_of(text, "[[questions.choices]]"), "questions[1].choices", words)


def test_choice_correct_must_be_boolean(tmp_path):
    text = bank(question("c", "single", body=choices(True, False).replace("correct = false", 'correct = "no"')))
    assert_one(tmp_path, text, line_of(text, 'correct = "no"'), "questions[1].choices[2].correct",
               "true or false")


@pytest.mark.parametrize("kind, body, key, field, words", [
    ("truefalse", 'truth = "yes"\n', "truth", "questions[1].truth", "true or false"),
    ("numeric", "value = nan\n", "value", "toml", "nan is not a finite number"),  # the bounded reader refuses it
    ("numeric", 'value = "0.25"\n', "value", "questions[1].value", "finite number"),
    ("numeric", "value = 1.0\ntolerance = -0.1\n", "tolerance", "questions[1].tolerance", ">= 0"),
    ("symbolic", 'expression = "sigmoid(z"\nvariables = ["z"]\n', "expression", "questions[1].expression",
     "does not parse"),
    ("symbolic", 'expression = "y + 1"\nvariables = ["z"]\n', "expression", "questions[1].expression",
     "unknown name 'y'"),
    ("symbolic", 'expression = "z"\nvariables = ["2z"]\n', "variables", "questions[1].variables",
     "not a variable name"),
    ("symbolic", 'expression = "z"\nvariables = []\n', "variables", "questions[1].variables", "non-empty list"),
    ("step", 'code = "nosuchfamily:d1#7"\nstep = "dL/dw1"\n', "code", "questions[1].code", "not a problem code"),
    ("step", 'code = "chain2:d1"\nstep = "dL/dw1"\n', "code", "questions[1].code", "seed"),
    ("step", 'code = "chain2:d1#7"\nstep = "dL/dw9"\n', "step", "questions[1].step",
     "is not a step of chain2"),
])
def test_type_specific_problems(tmp_path, kind, body, key, field, words):
    text = bank(question("x", kind, body=body))
    assert_one(tmp_path, text, line_of(text, key + " ="), field, words)


def test_errors_in_a_later_question_name_it_and_its_lines(tmp_path):
    text = bank(question("one"), question("two", "numeric"), question("three", "truefalse", body="truth = 1\n"))
    assert_one(tmp_path, text, line_of(text, "truth = 1"), "questions[3].truth", "true or false")


def test_every_problem_of_a_file_is_reported(tmp_path):
    text = bank(question("one").replace("difficulty = 1", "difficulty = 9"),
                question("two").replace('section = "三"', 'section = "x"'))
    _, errors = errors_of(tmp_path, text)
    assert [e.split(": ")[1] for e in errors] == ["questions[1].difficulty", "questions[2].section"]


def test_keys_inside_multiline_strings_and_arrays_do_not_confuse_lines(tmp_path):
    tricky = question("one").replace(
        'answer = { zh = "答案", en = "An answer" }',
        'answer.zh = """\n[[questions]]\nid = "t.fake"\n"""\nanswer.en = \'\'\'\nsection = 1\n\'\'\'')
    tricky = tricky.replace('topics = ["chain-rule"]', 'topics = [\n  "chain-rule",  # ] x = [\n  "a-b",\n]')
    text = bank(tricky, question("two").replace('section = "三"', 'section = "x"'))
    assert_one(tmp_path, text, line_of(text, 'section = "x"'), "questions[2].section", "must be one of")
    text = bank(tricky.replace("difficulty = 1", "difficulty = 5"))
    assert_one(tmp_path, text, line_of(text, "difficulty = 5"), "questions[1].difficulty", "must be 1, 2 or 3")


def test_sub_table_form_points_at_its_header(tmp_path):
    text = bank(question("one").replace('prompt = { zh = "问题", en = "A question" }\n', "")
                .replace("[[questions.points]]", '[questions.prompt]\nzh = "问题"\n\n[[questions.points]]', 1))
    assert_one(tmp_path, text, line_of(text, "[questions.prompt]"), "questions[1].prompt.en", "missing")


def test_not_utf8(tmp_path):
    path = tmp_path / "bank.toml"
    text = bank() + "\n"
    path.write_bytes(text.encode("utf-8") + b"# \xff\xfe\n")
    errors = validate_file(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:{text.count(chr(10)) + 1}: file: not UTF-8")


def test_too_large(tmp_path, monkeypatch):
    from dataclasses import replace

    import questions.loader

    monkeypatch.setattr(questions.loader, "BANK_LIMITS", replace(questions.loader.BANK_LIMITS, max_bytes=100))
    path = write(tmp_path, bank())
    errors = validate_file(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:1: file: too large")


def test_missing_file(tmp_path):
    assert validate_file(tmp_path / "nope.toml") == [f"{tmp_path / 'nope.toml'}:1: file: no such file"]


def test_brackets_and_quotes_inside_strings_do_not_confuse_lines(tmp_path):
    text = bank(question("one").replace(
        'answer = { zh = "答案", en = "An answer" }',
        'answer = { zh = "a \\" [ {", en = \'b [ " #\' }  # ] {\ntopics2 = 1'))
    assert_one(tmp_path, text, line_of(text, "topics2 = 1"), "questions[1].topics2", "unknown field")
