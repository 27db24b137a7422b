"""Settings load/save: tolerant of a bad file, atomic on save."""

from __future__ import annotations

import pytest

from quizapp import paths
from quizapp.settings import Settings


def test_defaults_when_there_is_no_file(home):
    settings = Settings.load()
    assert settings == Settings()
    assert (settings.language, settings.theme, settings.new_per_day, settings.difficulty, settings.figures) == (
        "both", "textual-dark", 10, 1, 4)
    assert settings.warnings == ()


def test_save_then_load_round_trips(home):
    saved = Settings(language="zh", theme="textual-light", new_per_day=3, difficulty=2, figures=3)
    path = saved.save()
    assert path == paths.settings_path()
    assert Settings.load() == saved
    assert 'language = "zh"' in path.read_text(encoding="utf-8")
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temporary file left


def test_malformed_file_gives_defaults_and_a_warning(home):
    home.mkdir(parents=True)
    paths.settings_path().write_text("language = [unclosed\n", encoding="utf-8")
    settings = Settings.load()
    assert settings == Settings()
    assert len(settings.warnings) == 1 and "not valid TOML" in settings.warnings[0]


def test_bad_values_fall_back_one_by_one(home):
    home.mkdir(parents=True)
    paths.settings_path().write_text(
        'language = "fr"\nnew_per_day = 4\ndifficulty = 7\nfigures = 5\ncolour = "red"\n', encoding="utf-8")
    settings = Settings.load()
    assert settings.new_per_day == 4
    assert (settings.language, settings.difficulty, settings.figures) == ("both", 1, 4)
    assert len(settings.warnings) == 4
    assert any("colour" in w for w in settings.warnings)


def test_save_refuses_bad_values_and_keeps_the_old_file(home):
    Settings(new_per_day=5).save()
    with pytest.raises(ValueError):
        Settings(language="fr").save()
    assert Settings.load().new_per_day == 5


def test_save_is_atomic_a_failed_write_leaves_the_old_file(home, monkeypatch):
    Settings(new_per_day=5).save()
    import os

    def broken_replace(src, dst):
        raise OSError("disk gone")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", broken_replace)
        with pytest.raises(OSError):
            Settings(new_per_day=9).save()
    assert Settings.load().new_per_day == 5
    assert [p.name for p in paths.settings_path().parent.iterdir()] == ["settings.toml"]


def test_default_figures_are_the_graders():
    from solver.grading.compare import FIGURES

    assert Settings().figures == FIGURES


@pytest.mark.parametrize("tolerance, figures", [(5e-4, 4), (1e-3, 3), (5e-3, 3), (0.05, 2)])
def test_an_old_relative_tolerance_becomes_significant_figures(home, tolerance, figures):
    home.mkdir(parents=True)
    paths.settings_path().write_text(f"tolerance = {tolerance}\n", encoding="utf-8")
    settings = Settings.load()
    assert settings.figures == figures and settings.warnings == ()
