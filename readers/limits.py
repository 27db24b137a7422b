"""What one kind of file may hold. Each reader's caller picks the limits that suit its files."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 2_000_000
    max_depth: int = 16            # nested arrays/objects/tables, and parts of one dotted TOML key
    max_string: int = 200_000      # characters of one string (as written, escapes included)
    max_digits: int = 24           # digits of one number literal
    max_magnitude: float = 1e15    # |number|; non-finite numbers (inf, nan, 1e400) are always refused
    max_items: int = 100_000       # entries of one list

    def describe(self) -> str:
        return (f"at most {self.max_bytes:,} bytes, {self.max_depth} levels of nesting, strings of "
                f"{self.max_string:,} characters, numbers of {self.max_digits} digits up to {self.max_magnitude:g}, "
                f"lists of {self.max_items:,} items")
