"""The one way a command reports a user's mistake: a short message, exit code 2, no traceback."""

from __future__ import annotations

import click


class UserError(click.ClickException):
    """An error caused by what the user gave us (bad code, bad file, bad answer format)."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        from readers import printable  # a message may quote a file's text: never let it drive the terminal

        click.echo(printable(f"error: {self.format_message()}"), err=True, file=file)
