"""A problem code names its numbers forever: every pinned code still gives exactly its numbers."""

from __future__ import annotations

import pytest

from solver.formats.codes import CodeError
from solver.generate import generate_batch, problem_from_code, read_code

from .golden import GOLDEN_FILE, compute, encode, golden_codes, load, record


def test_every_golden_code_gives_exactly_its_pinned_numbers():
    pinned = load()
    assert sorted(pinned) == sorted(golden_codes()), f"{GOLDEN_FILE.name} lists other codes than golden_codes()"
    computed = compute()
    changed = [code for code in pinned if encode(pinned[code]) != encode(computed[code])]
    assert not changed, (
        f"{len(changed)} issued codes now give other numbers, e.g. {changed[:3]}; a change to drawing "
        f"needs a new generator (solver/formats/codes.py), not new numbers for old codes"
    )


def test_the_fixtures_cover_every_family_and_difficulty():
    from solver.families import DIFFICULTIES, FAMILIES

    seen = {(read_code(code).family, read_code(code).difficulty) for code in golden_codes()}
    assert seen == {(family, d) for family in FAMILIES for d in DIFFICULTIES}
    assert len(golden_codes()) >= 300


def test_the_batch_path_gives_the_pinned_numbers_too():
    pinned = load()
    for code in ("mlp:2-3-1:sigmoid:half_sse:d1#0", "residual:2:relu:d1#0", "softmax-ce:2-2-3:sigmoid:d2#0"):
        batch = generate_batch(code, [0, 1, 42])
        for index in range(3):
            assert encode(record(batch.problem(index))) == encode(pinned[batch.code_of(index)])


def test_a_changed_number_fails_the_comparison():
    """The comparison is exact: one ulp off in one step of one code is a change."""
    import math

    pinned = load()
    code = "chain2:sigmoid:d2#42"
    entry = record(problem_from_code(code))
    entry["steps"]["dL/dw1"] = math.nextafter(entry["steps"]["dL/dw1"], math.inf)
    assert encode(entry) != encode(pinned[code])


def test_generator_one_is_what_a_code_without_a_marker_means():
    plain, marked = read_code("mlp:d2#42"), read_code("mlp:2-3-1:sigmoid:half_sse:d2:g1#42")
    assert plain == marked and plain.generator == 1
    assert str(marked) == "mlp:2-3-1:sigmoid:half_sse:d2#42"
    assert encode(record(problem_from_code(marked))) == encode(load()[str(plain)])


@pytest.mark.parametrize(("code", "known"), [("mlp:2-3-1:sigmoid:half_sse:d2:g3#42", "g1, g2"),
                                           ("chain2:d1:g2#1", "g1"), ("chain2:d1:g99#1", "g1"), ("gd:d1:g0#3", "g1")])
def test_an_unknown_generator_is_refused_clearly(code, known):
    with pytest.raises(CodeError, match=rf"no generator g\d+ \(this quizapp knows {known}\)"):
        problem_from_code(code)


@pytest.mark.parametrize("code", ["mlp:g2:d2#1", "mlp:2-3-1:g2#1", "g2#1"])
def test_a_generator_marker_goes_right_after_the_difficulty(code):
    with pytest.raises(CodeError):
        read_code(code)


def test_a_later_generator_dispatches_while_old_codes_keep_their_numbers(monkeypatch):
    """What the next drawing change will do: register generator 2; g1 codes are untouched."""
    from dataclasses import replace

    from solver import families
    from solver.generate import problem_from_code as solve

    chain2 = families.FAMILIES["chain2"]

    def second(code):
        problem = chain2.build(code.with_seed(code.seed + 1))
        return replace(problem, code=str(code))

    monkeypatch.setitem(families.FAMILIES, "chain2", replace(chain2, later={2: second}))
    old = solve("chain2:sigmoid:d1#42")
    new = solve("chain2:sigmoid:d1:g2#42")
    assert new.code == "chain2:sigmoid:d1:g2#42"
    assert encode(record(old)) == encode(load()["chain2:sigmoid:d1#42"])
    assert encode(record(new)) != encode(record(old))
