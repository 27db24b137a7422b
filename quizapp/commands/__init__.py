"""Command-line subcommands, one module per area; `quizapp.cli` registers them."""
