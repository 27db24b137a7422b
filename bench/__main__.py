"""`python -m bench` (make bench): run every bench/bench_*.py module's main() in turn."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    folder = Path(__file__).parent
    names = sorted(info.name for info in pkgutil.iter_modules([str(folder)]) if info.name.startswith("bench_"))
    if argv:  # `python -m bench startup export` runs only those
        names = [name for name in names if name.removeprefix("bench_") in argv]
    for name in names:
        print(f"== {name}")
        importlib.import_module(f"bench.{name}").main()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
