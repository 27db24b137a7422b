"""The one way a command reports a user's mistake: a short message, exit code 2, no traceback."""

from __future__ import annotations

import click


class UserError(click.ClickException):
    """An error caused by what the user gave us (bad code, bad file, bad answer format).

    The message is what the command line prints. `en` and `zh`, when the source of the error
    wrote both, let a screen show the learner's language instead of both lines."""

    exit_code = 2

    def __init__(self, message: str, *, en: str | None = None, zh: str | None = None) -> None:
        super().__init__(message)
        self.en = en if en is not None else message
        self.zh = zh

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        from readers import printable  # a message may quote a file's text: never let it drive the terminal

        click.echo(printable(f"error: {self.format_message()}"), err=True, file=file)
