"""Small bank files for tests: a valid base that each test breaks in one way."""

from __future__ import annotations

from pathlib import Path

HEADER = '''[bank]
id = "t"
title = { zh = "测试", en = "Test" }
version = 1
'''

POINTS = '''[[questions.points]]
id = "p1"
text = { zh = "要点一", en = "point one" }
keywords = { zh = ["一"], en = ["one"] }

[[questions.points]]
id = "p2"
text = { zh = "要点二", en = "point two" }
keywords = { zh = ["二"], en = ["two"] }
'''

TYPE_LINES = {
    "open": "",
    "single": '''[[questions.choices]]
text = { zh = "对", en = "right" }
correct = true

[[questions.choices]]
text = { zh = "错", en = "wrong" }
''',
    "truefalse": "truth = true\n",
    "numeric": "value = 0.25\ntolerance = 0.001\n",
    "symbolic": 'expression = "sigmoid(z)*(1 - sigmoid(z))"\nvariables = ["z"]\n',
    "step": 'code = "chain2:d1#7"\nstep = "dL/dw1"\n',
}


def question(slug: str = "one", kind: str = "open", body: str | None = None, extra: str = "") -> str:
    """A valid [[questions]] block; `body` replaces its type-specific part, `extra` is appended."""
    specific = TYPE_LINES[kind] if body is None else body
    text = f'''
[[questions]]
id = "t.{slug}"
type = "{kind}"
topics = ["chain-rule"]
difficulty = 1
section = "三"
prompt = {{ zh = "问题", en = "A question" }}
answer = {{ zh = "答案", en = "An answer" }}
{extra}'''
    if kind in ("single", "multiple"):
        return text + specific
    return text + specific + (POINTS if kind == "open" and body is None else "")


def bank(*questions: str, header: str = HEADER) -> str:
    return header + "".join(questions or (question(),))


def line_of(text: str, snippet: str, after: int = 0) -> int:
    """1-based number of the first line after line `after` that contains `snippet`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > after and snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not in the text")


def write(folder: Path, text: str, name: str = "bank.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
