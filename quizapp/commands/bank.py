"""`quizapp bank list | validate | add`: the question banks, and bringing your own."""

from __future__ import annotations

import json
from pathlib import Path

import click

from quizapp.errors import UserError
from quizapp.wording import count_of


@click.group()
def bank() -> None:
    """List the question banks, check bank files, add your own (format: docs/banks.md)."""


@bank.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print banks, counts and errors as JSON.")
def list_banks(as_json: bool) -> None:
    """Show every bank with its question counts by type and where it comes from."""
    from questions import load_banks
    from quizapp import paths
    from readers import printable

    result = load_banks(paths.user_banks_dir())
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    for item in result.banks:
        counts = ", ".join(f"{kind} {n}" for kind, n in item.counts_by_type().items())
        # Validation refuses control characters in texts; paths and messages are cleaned too.
        click.echo(printable(f"{item.id}  {item.title_zh} / {item.title_en}", keep_newlines=False))
        click.echo(f"    {count_of(len(item.questions), 'question')} ({counts})")
        click.echo(printable(f"    {item.path}", keep_newlines=False))
    total = len(result.questions)
    click.echo(printable(f"{count_of(len(result.banks), 'bank')}, {count_of(total, 'question')}; your banks folder: {paths.user_banks_dir()}"))
    if result.errors:
        click.echo(f"{count_of(len(result.errors), 'problem')}; the files they are in were skipped:", err=True)
        for message in result.errors:
            click.echo(printable(f"  {message}", keep_newlines=False), err=True)


@bank.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check bank files; print every problem as file:line: field: what is wrong."""
    from questions.loader import check_file

    errors: list[str] = []
    owner: dict[str, Path] = {}
    seen: set[Path] = set()
    for path in files:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        check = check_file(path)
        errors.extend(check.errors)
        if check.bank is not None:
            # Files checked together must be able to load together.
            if check.bank.id in owner:
                errors.append(f"{path}:{_bank_id_line(check)}: bank.id: '{check.bank.id}' is also the id of "
                              f"{owner[check.bank.id]}")
            owner.setdefault(check.bank.id, path)
    if errors:
        from readers import printable

        for message in errors:
            click.echo(printable(message, keep_newlines=False), err=True)
        raise UserError(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found")
    click.echo("ok")


@bank.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace your earlier version of the same bank (same bank id).")
def add(file: Path, replace: bool) -> None:
    """Check a bank file and copy it into your banks folder, refusing ids already in use."""
    from questions.loader import check_text, load_banks, read_bank_text
    from quizapp import paths

    text, error = read_bank_text(file)
    if error is not None:
        raise UserError(error)
    check = check_text(text, str(file), file)
    if check.errors:
        for message in check.errors:
            click.echo(message, err=True)
        raise UserError(f"{file} is not a valid bank; nothing was added")
    new = check.bank
    folder = paths.user_banks_dir()
    try:
        target = paths.user_bank_file(new.id)  # the validator checked the id; a path is built only from a valid one
    except ValueError as error:
        raise UserError(f"{file}: {error}; nothing was added") from None
    if target.exists() and not replace:
        raise UserError(f"you already have a bank '{new.id}' ({target}); use --replace to replace it")
    existing = load_banks(folder)
    clashes = []
    for other in existing.banks:
        if other.path is not None and other.path == target:
            continue  # the version being replaced
        if other.id == new.id:
            clashes.append(f"bank id '{new.id}' is already used by {other.path}")
        taken = {q.id for q in other.questions}
        same = [q.id for q in new.questions if q.id in taken]
        if same:
            listed = ", ".join(same[:3]) + (f" and {len(same) - 3} more" if len(same) > 3 else "")
            clashes.append(f"question ids already used by {other.path}: {listed}")
    if clashes:
        raise UserError(f"{file}: " + "; ".join(clashes) + "; rename the bank id (and its question ids)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        from quizapp.files import replace_file

        replace_file(target, text.encode("utf-8"))
    except OSError as error:
        raise UserError(f"cannot write {target}: {error.strerror or error}") from None
    click.echo(f"added bank '{new.id}' ({count_of(len(new.questions), 'question')}) as {target}")


def _bank_id_line(check) -> int:
    from questions.checks import Location

    return check.line_of(Location(("bank",), ("id",)))


COMMANDS = [bank]
