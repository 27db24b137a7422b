"""The `quizapp` command. With no subcommand it opens the terminal app."""

from __future__ import annotations

import sys

import click

from quizapp import __version__


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizapp")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Drill forward and backward propagation: interview questions and hand-checked backprop."""
    ctx.ensure_object(dict)["open_app"] = open_app  # for `drill`, which opens the app in a terminal
    if ctx.invoked_subcommand is None:
        open_app()


def open_app(**options) -> None:
    """Run the terminal app (`make_app` options: e.g. `start_problem`)."""
    from quizapp.app import make_app

    make_app(**options).run()


def _register() -> None:
    # Each area keeps its commands in its own module under quizapp/commands/ (a `COMMANDS`
    # list), so that areas grow independently. Command modules import heavy libraries
    # (SymPy, genanki) inside their functions: this runs on every start of the app.
    import importlib
    import pkgutil

    from quizapp import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"quizapp.commands.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
