"""Export question sets: JSON (canonical), Markdown, CSV, Anki, Moodle GIFT and Moodle XML.

`FORMATS` names each format with its file extension; `export_set` writes a collected set to a
path, atomically, and returns the files it wrote (Markdown writes a worksheet and an answer key).
Writers import their heavy libraries (genanki, the solver) inside their functions.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from quizapp.errors import UserError
from quizapp.export.selection import ExportItems, Selection, collect

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    summary: str


FORMATS = {
    "json": Format("json", ".json", "canonical quizapp JSON (importable)"),
    "markdown": Format("markdown", ".md", "printable worksheet plus an answer key file"),
    "csv": Format("csv", ".csv", "one row per question or drill step (importable)"),
    "anki": Format("anki", ".apkg", "Anki deck"),
    "gift": Format("gift", ".gift", "Moodle GIFT"),
    "moodle-xml": Format("moodle-xml", ".xml", "Moodle XML"),
}


def format_for(path: Path, name: str | None = None) -> str:
    """The format named, else the one the file extension implies."""
    if name:
        if name not in FORMATS:
            raise UserError(f"unknown format '{name}'; expected one of {', '.join(FORMATS)}")
        return name
    suffix = Path(path).suffix.lower()
    for format_ in FORMATS.values():
        if format_.extension == suffix:
            return format_.name
    known = ", ".join(f.extension for f in FORMATS.values())
    raise UserError(f"cannot tell the format from '{Path(path).name}': use --format or an extension ({known})")


def planned_files(path: Path, format_name: str, answers: bool = True) -> list[Path]:
    if format_name == "markdown" and answers:
        from quizapp.export.markdown import answers_path

        return [path, answers_path(path)]
    return [path]


def export_set(items: ExportItems, path: Path | str, format_name: str | None = None, *, lang: str = "both",
               answers: bool = True, force: bool = False, progress: Progress | None = None) -> list[Path]:
    """Write `items` to `path`; every file appears whole or not at all. Returns the files written."""
    from quizapp.export import atomic

    path = Path(path)
    format_name = format_for(path, format_name)
    if lang not in ("zh", "en", "both"):
        raise UserError(f"unknown language '{lang}'; expected zh, en or both")
    for target in planned_files(path, format_name, answers):
        atomic.check_target(target, force)
    with _collector_paused():
        return _write(items, path, format_name, lang, answers, force, progress)


@contextmanager
def _collector_paused():
    """Rendering thousands of problems allocates millions of small acyclic objects; Python's
    cycle collector would walk all of them again and again (it cost ~40% of a JSON export)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _write(items, path: Path, format_name: str, lang: str, answers: bool, force: bool, progress) -> list[Path]:
    from quizapp.export import atomic

    if format_name == "anki":
        from quizapp.export import anki

        atomic.write_with(path, lambda temp: anki.write(items, temp, lang, answers, progress), force)
        written = [path]
    elif format_name == "markdown":
        from quizapp.export import markdown

        def fill_both(temps: list[Path]) -> None:
            with ExitStack() as files:
                sheet, *key = [files.enter_context(open(temp, "wb")) for temp in temps]
                markdown.write_files(items, sheet, key[0] if key else None, lang, answers, progress)

        # A worksheet without its answer key is half an export: both files are replaced, or neither.
        written = atomic.write_together(planned_files(path, format_name, answers), fill_both, force)
    else:
        def fill(temp: Path) -> None:
            with open(temp, "wb") as out:
                _write_stream(items, out, format_name, lang, answers, progress)

        written = [atomic.write_with(path, fill, force)]
    if progress:
        progress(len(items.drills), len(items.drills))
    return written


def _write_stream(items, out, format_name: str, lang: str, answers: bool, progress) -> None:
    """JSON, CSV, GIFT or Moodle XML to the binary file `out`, a chunk of drills at a time."""
    if format_name == "json":
        from quizapp.export import jsonfmt

        jsonfmt.write(items, out, answers, progress)
        return
    pending: list[str] = []
    size = 0
    for piece in _pieces(format_name)(items, lang, answers, progress):
        pending.append(piece)
        size += len(piece)
        if size > WRITE_SIZE:
            out.write("".join(pending).encode("utf-8"))
            pending, size = [], 0
    out.write("".join(pending).encode("utf-8"))


WRITE_SIZE = 1 << 18  # characters gathered before one write: few system calls, no file-sized string


def export_to_stream(items: ExportItems, stream, format_name: str, *, lang: str = "both", answers: bool = True,
                     progress: Progress | None = None) -> None:
    """Write `items` to a binary stream (standard output for `-o -`): one file's formats only.

    Markdown with answers is two files, so it is refused here; Anki's deck is written to a
    private temporary folder first (genanki writes to paths) and then copied to the stream.
    """
    if format_name not in FORMATS:
        raise UserError(f"unknown format '{format_name}'; expected one of {', '.join(FORMATS)}")
    if lang not in ("zh", "en", "both"):
        raise UserError(f"unknown language '{lang}'; expected zh, en or both")
    with _collector_paused():
        if format_name == "markdown":
            if answers:
                raise UserError("Markdown with answers is two files (worksheet and answer key): with -o - "
                                "add --no-answers, or give a file name")
            from quizapp.export import markdown

            markdown.write_files(items, stream, None, lang, False, progress)
        elif format_name == "anki":
            import shutil
            import tempfile

            from quizapp.export import anki

            folder = tempfile.mkdtemp(prefix="quizapp-anki-")
            try:
                deck = Path(folder) / "deck.apkg"
                anki.write(items, deck, lang, answers, progress)
                with open(deck, "rb") as handle:
                    shutil.copyfileobj(handle, stream)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        else:
            _write_stream(items, stream, format_name, lang, answers, progress)
    stream.flush()


def _pieces(format_name: str):
    if format_name == "csv":
        from quizapp.export.csvfmt import pieces
    elif format_name == "gift":
        from quizapp.export.gift import pieces
    else:
        from quizapp.export.moodle_xml import pieces
    return pieces


__all__ = ["FORMATS", "ExportItems", "Format", "Selection", "collect", "export_set", "export_to_stream",
           "format_for"]
