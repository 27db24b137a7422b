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
