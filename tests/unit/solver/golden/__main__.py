"""Check the golden fixtures, or (`--update`, deliberately) rewrite them; see __init__.py."""

from __future__ import annotations

import sys

from tests.unit.solver.golden import GOLDEN_FILE, compute, encode, load, write


def main(argv: list[str]) -> int:
    entries = compute()
    if "--update" in argv:
        write(entries)
        print(f"wrote {len(entries)} codes to {GOLDEN_FILE}")
        return 0
    pinned = load()
    changed = [code for code in entries if code not in pinned or encode(pinned[code]) != encode(entries[code])]
    for code in changed:
        print(f"changed: {code}")
    print(f"{len(entries)} codes, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
