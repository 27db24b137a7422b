"""Run every bench/bench_*.py module's `main()` in turn: `python -m bench [name ...]`."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def run(selected: list[str]) -> None:
    # Only the leading names select benchmarks: `scale --parts export` must not also run bench_export.
    options = next((index for index, arg in enumerate(selected) if arg.startswith("-")), len(selected))
    selected = selected[:options]
    names = sorted(info.name for info in pkgutil.iter_modules(bench.__path__) if info.name.startswith("bench_"))
    for name in names:
        if selected and name.removeprefix("bench_") not in selected and name not in selected:
            continue
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()
        print(flush=True)


if __name__ == "__main__":
    run(sys.argv[1:])
