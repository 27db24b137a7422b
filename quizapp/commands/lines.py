"""Reading the learner's answers one line at a time, for the line sessions (`drill --plain`,
`quiz --plain`); no commands of its own."""

from __future__ import annotations

import sys

import click


def read_line(echo: bool) -> str | None:
    """The next line of standard input without its line ending, or None at the end of input.
    `echo` shows it: piped answers are not echoed by a terminal, and the transcript should read well."""
    line = sys.stdin.readline()
    if not line:
        return None
    line = line.rstrip("\r\n")
    if echo:
        click.echo(line)
    return line
