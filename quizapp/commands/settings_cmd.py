"""`quizapp config`: show or change a setting (the same settings as the app's Settings screen)."""

from __future__ import annotations

import click

from quizapp.errors import UserError


def _parse(name: str, text: str):
    """The typed value of setting `name` from the command line's text."""
    from quizapp.settings import APP_THEMES

    if name == "theme" and text not in APP_THEMES:
        raise UserError(f"no theme {text!r}; themes: {', '.join(APP_THEMES)}")
    if name in ("new_per_day", "difficulty", "figures"):
        try:
            return int(text)
        except ValueError:
            raise UserError(f"{name} must be a whole number, not {text!r}") from None
    return text


@click.command()
@click.argument("name", required=False)
@click.argument("value", required=False)
def config(name: str | None, value: str | None) -> None:
    """Show all settings, show one (NAME), or change one (NAME VALUE)."""
    from dataclasses import replace

    from quizapp.settings import Settings

    settings = Settings.load()
    for warning in settings.warnings:
        click.echo(f"warning: {warning}", err=True)
    current = settings.to_dict()
    if name is None:
        for key, setting in current.items():
            click.echo(f"{key} = {setting!r}")
        return
    if name not in current:
        raise UserError(f"unknown setting {name!r}; settings: {', '.join(current)}")
    if value is None:
        click.echo(repr(current[name]))
        return
    updated = replace(settings, **{name: _parse(name, value)}, warnings=())
    try:
        path = updated.save()
    except ValueError as error:
        raise UserError(str(error)) from None
    except OSError as error:
        raise UserError(f"could not save the settings: {error}") from None
    click.echo(f"{name} = {getattr(updated, name)!r}  ({path})")


COMMANDS = [config]
