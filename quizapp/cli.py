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
    if ctx.invoked_subcommand is None:
        from quizapp.app import make_app

        make_app().run()


def _register() -> None:
    # Each area keeps its commands in its own module so that they can grow independently.
    from quizapp.commands import solve as solve_commands

    modules = (solve_commands,)
    for module in modules:
        for command in module.COMMANDS:
            main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
