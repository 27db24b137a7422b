"""Where quizapp keeps the user's things.

Everything (database, user banks, settings) lives under one folder: `$QUIZAPP_HOME` when set
(the tests use it), else the platform's user data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quizapp"


def home() -> Path:
    override = os.environ.get("QUIZAPP_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def ensure_home() -> Path:
    folder = home()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def database_path() -> Path:
    return home() / "progress.sqlite3"


def user_banks_dir() -> Path:
    return home() / "banks"


def settings_path() -> Path:
    return home() / "settings.toml"


def user_bank_file(bank_id: str) -> Path:
    """The file `<banks folder>/<bank_id>.toml`, for an id that is a plain slug.

    Ids come from files other people wrote: an id such as `../../x` or `/tmp/x` must never
    become a path. The id is checked against the bank id pattern before any path is built,
    and the result is checked to sit directly in the banks folder.
    """
    from questions.schema import BANK_ID, MAX_BANK_ID_LENGTH

    if not isinstance(bank_id, str) or len(bank_id) > MAX_BANK_ID_LENGTH or not BANK_ID.fullmatch(bank_id):
        raise ValueError(f"bank id {bank_id!r} is not a valid id (lowercase letters, digits and single "
                         f"hyphens, at most {MAX_BANK_ID_LENGTH} characters)")
    folder = user_banks_dir()
    target = folder / f"{bank_id}.toml"
    # The rename that writes the file replaces a symlink named so, never what it points at.
    if os.path.normpath(target.parent) != os.path.normpath(folder) or target.name != f"{bank_id}.toml":
        raise ValueError(f"bank id {bank_id!r} would be written outside {folder}")
    return target
