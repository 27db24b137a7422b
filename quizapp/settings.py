"""The learner's settings, kept as TOML in the user's folder (paths.settings_path()).

Loading never fails: a missing file gives the defaults; a malformed file or a bad value gives
the defaults for what is unusable plus a warning in `Settings.warnings` for the UI to show.
Saving writes a temporary file and renames it over the old one, so a crash mid-save leaves
either the old settings or the new, never half a file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

LANGUAGES = ("zh", "en", "both")
DIFFICULTIES = (1, 2, 3)
FIGURES = (2, 3, 4)
# The themes the app can show: Textual's built-in ones (the app registers none of its own). Kept
# here rather than read from Textual so that `quizapp config` never imports the UI; a Pilot test
# checks the list against the running app's.
APP_THEMES = ("ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe",
              "catppuccin-latte", "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki", "gruvbox",
              "monokai", "nord", "rose-pine", "rose-pine-dawn", "rose-pine-moon", "solarized-dark",
              "solarized-light", "textual-dark", "textual-light", "tokyo-night")


def _settings_limits():
    from readers import Limits

    # A handful of flat keys: anything bigger or deeper is not a settings file.
    return Limits(max_bytes=64_000, max_depth=4, max_string=MAX_PATH, max_digits=24, max_magnitude=1e15,
                  max_items=100)


MAX_PATH = 1000  # characters of the remembered export file


@dataclass(frozen=True)
class Settings:
    language: str = "both"
    theme: str = "textual-dark"
    new_per_day: int = 10
    difficulty: int = 1
    # Significant figures a numeric answer is held to (solver.grading.compare.FIGURES by default). Only
    # fewer than 4 can be chosen: an answer written to 4 significant figures is always accepted.
    figures: int = 4
    # The file the last export from the app wrote, offered again the next time ("" until then).
    export_path: str = ""
    # What was wrong with the file we loaded (not saved).
    warnings: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("warnings")
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        """Settings from a dict, keeping the default (with a warning) for every unusable value."""
        defaults = cls()
        values: dict = {}
        warnings: list[str] = []
        known = {f.name for f in fields(cls) if f.name != "warnings"}
        data = _upgraded(data)
        for key in sorted(set(data) - known):
            warnings.append(f"unknown setting {key!r} ignored")
        for name in sorted(known & set(data)):
            value = data[name]
            problem = _check(name, value)
            if problem:
                warnings.append(f"{name}: {problem}; using {getattr(defaults, name)!r}")
            else:
                values[name] = value
        return replace(defaults, **values, warnings=tuple(warnings))

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Never fails: an unreadable, malformed or hostile file gives the defaults and a warning,
        so that every command, `config` above all (the way to repair the file), still runs."""
        from readers import ReadError, read_toml

        from quizapp import paths

        path = Path(path) if path is not None else paths.settings_path()
        try:
            data = read_toml(path, _settings_limits())
        except ReadError as error:
            if error.message == "no such file":
                return cls()
            return cls(warnings=(f"{error}; using the defaults",))
        return cls.from_dict(data)

    def save(self, path: Path | None = None) -> Path:
        import tomli_w

        from quizapp import paths

        if path is None:
            paths.ensure_home()
            path = paths.settings_path()
        path = Path(path)
        for name, value in self.to_dict().items():
            problem = _check(name, value)
            if problem:
                raise ValueError(f"{name}: {problem}")
        from quizapp.files import replace_file

        return replace_file(path, tomli_w.dumps(self.to_dict()).encode("utf-8"))


def _upgraded(data: dict) -> dict:
    """Settings saved before answers were graded in significant figures had a relative
    `tolerance`: keep what it meant (5e-4 is 4 figures, 5e-3 is 3, looser is 2)."""
    if "tolerance" not in data or "figures" in data:
        return data
    data = dict(data)
    tolerance = data.pop("tolerance")
    if isinstance(tolerance, (int, float)) and not isinstance(tolerance, bool) and tolerance > 0:
        data["figures"] = 4 if tolerance <= 5e-4 else 3 if tolerance <= 5e-3 else 2
    return data


def _check(name: str, value) -> str | None:
    """Why `value` cannot be setting `name`, or None when it can."""
    if name == "language":
        return None if value in LANGUAGES else f"must be one of {', '.join(LANGUAGES)}"
    if name == "theme":
        return None if isinstance(value, str) and value.strip() else "must be a theme name"
    if name == "new_per_day":
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000
        return None if ok else "must be a whole number from 0 to 1000"
    if name == "difficulty":
        ok = isinstance(value, int) and not isinstance(value, bool) and value in DIFFICULTIES
        return None if ok else "must be 1, 2 or 3"
    if name == "figures":
        ok = isinstance(value, int) and not isinstance(value, bool) and value in FIGURES
        return None if ok else "must be 2, 3 or 4 (significant figures)"
    if name == "export_path":
        ok = isinstance(value, str) and len(value) <= MAX_PATH and value.isprintable()
        return None if ok else f"must be a file path of at most {MAX_PATH} characters"
    return "unknown setting"
