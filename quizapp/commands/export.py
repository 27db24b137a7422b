"""`quizapp export`: write banks' questions and generated drills as JSON, Markdown, CSV, Anki or Moodle files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quizapp.errors import UserError
from quizapp.wording import count_of

FORMAT_NAMES = ("json", "markdown", "csv", "anki", "gift", "moodle-xml")


@click.command()
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; the extension picks the format (.json .md .csv .apkg .gift .xml). "
                   "'-' writes to standard output (JSON unless --format says otherwise).")
@click.option("--format", "format_name", type=click.Choice(FORMAT_NAMES), help="Format, overriding the extension.")
@click.option("--bank", "banks", multiple=True, metavar="ID", help="Only this bank (repeatable).")
@click.option("--tag", "--topic", "tags", multiple=True, metavar="TOPIC", help="Only questions with this topic (repeatable).")
@click.option("--type", "types", multiple=True, metavar="TYPE", help="Only this question type (repeatable).")
@click.option("--family", "families", multiple=True, metavar="FAMILY",
              help="Add generated drills of this family, e.g. mlp or mlp:2-2-1:relu:mse (repeatable).")
@click.option("--difficulty", type=click.IntRange(1, 3), default=1, show_default=True, help="Drill difficulty.")
@click.option("--count", type=int, default=10, show_default=True, help="Drills per family.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=0, show_default=True,
              help="Same seed, same drills.")
@click.option("--no-answers", is_flag=True, help="Leave answers and solutions out (a sheet to hand out).")
@click.option("--lang", type=click.Choice(("zh", "en", "both")), default="both", show_default=True)
@click.option("--force", is_flag=True, help="Replace an existing file.")
def export(output: Path, format_name: str | None, banks: tuple[str, ...], tags: tuple[str, ...],
           types: tuple[str, ...], families: tuple[str, ...], difficulty: int, count: int, seed: int,
           no_answers: bool, lang: str, force: bool) -> None:
    """Export questions and drills to a file for printing, spreadsheets, Anki or Moodle."""
    from quizapp.export import collect, export_set, export_to_stream, format_for
    from quizapp.export.selection import Selection

    to_stdout = str(output) == "-"
    if to_stdout:
        format_name = format_name or "json"
        if format_name == "anki" and sys.stdout.isatty():
            raise UserError("an Anki deck is binary: with -o - redirect standard output to a file or a pipe")
        if format_name == "markdown" and not no_answers:
            raise UserError("Markdown with answers is two files (worksheet and answer key): with -o - "
                            "add --no-answers, or give a file name")
    format_name = format_for(output, format_name)
    if (difficulty != 1 or count != 10 or seed != 0) and not families:
        raise UserError("--difficulty, --count and --seed choose generated drills: add --family FAMILY")
    selection = Selection(banks=banks, tags=tags, types=types, families=families,
                          difficulty=difficulty, count=count, seed=seed)
    items = collect(selection)
    if to_stdout:
        stream = sys.stdout.buffer  # bytes: an Anki deck is binary, and the text formats are UTF-8
        export_to_stream(items, stream, format_name, lang=lang, answers=not no_answers)
        click.echo(f"wrote {count_of(len(items.questions), 'question')} and {count_of(len(items.drills), 'drill')} "
                   "to standard output",
                   err=True)
        return
    written = export_set(items, output, format_name, lang=lang, answers=not no_answers, force=force)
    click.echo(f"wrote {count_of(len(items.questions), 'question')} and {count_of(len(items.drills), 'drill')} to "
               + ", ".join(str(path) for path in written))


COMMANDS = [export]
