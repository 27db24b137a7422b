"""Question banks: bilingual interview and concept questions, their schema and loader.

`load_banks(user_dir)` reads the built-in banks and the user's; `validate_file(path)` checks one
file. The file format is described in docs/banks.md.
"""

from questions.loader import LoadResult, load_banks, validate_file
from questions.schema import SECTIONS, TYPES, Bank, Choice, Point, Question

__all__ = ["Bank", "Choice", "LoadResult", "Point", "Question", "SECTIONS", "TYPES", "load_banks",
           "validate_file"]
