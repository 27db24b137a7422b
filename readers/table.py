"""CSV rows, with a field limit that fits our own exports (a long answer is more than the csv
module's default 128 KB) and is still bounded."""

from __future__ import annotations

import csv
import io

from readers.errors import ReadError
from readers.limits import Limits


def read_csv_rows(text: str, name: str, limits: Limits = Limits(), required: tuple[str, ...] = ()) -> list[dict]:
    """The rows of a CSV text with a header line, as dicts; ReadError `name:line: ...`."""
    if len(text) > limits.max_bytes:
        raise ReadError(name, 1, f"too large: more than {limits.max_bytes:,} characters")
    previous = csv.field_size_limit()
    csv.field_size_limit(limits.max_string)  # process-wide in the csv module: restored below
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    rows: list[dict] = []
    try:
        fieldnames = reader.fieldnames or ()
        missing = [column for column in required if column not in fieldnames]
        if missing:
            raise ReadError(name, 1, f"not a quizapp CSV export: column '{missing[0]}' is missing")
        for row in reader:
            if len(rows) >= limits.max_items:
                raise ReadError(name, reader.line_num, f"more than {limits.max_items:,} rows")
            if None in row:  # more cells than the header has columns
                raise ReadError(name, reader.line_num, f"{len(fieldnames) + len(row[None])} cells; the header has "
                                                       f"{len(fieldnames)} columns")
            rows.append(row)
    except csv.Error as error:
        message = str(error)
        if "field larger than field limit" in message:
            message = f"a cell of more than {limits.max_string:,} characters"
        # The csv module counts the lines it has finished; the error is in the next one.
        raise ReadError(name, reader.line_num + 1, f"not valid CSV: {message}") from None
    finally:
        csv.field_size_limit(previous)
    return rows
