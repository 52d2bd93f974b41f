"""Read the project's TSV data files: comments and blank lines skipped, a header, then rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.errors import ConfigError

__all__ = ["data_rows"]


def data_rows(
    path: Path, width: int, *, strip: bool = True
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Yield ("file:line", fields) for each data row; the first non-comment row is a header.

    A row with another number of tab-separated fields is a ConfigError naming file and line.
    ``strip=False`` keeps surrounding spaces (for fields that are regular expressions).
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read data file: {err.strerror}; reinstall kg") from err
    header_seen = False
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        fields = tuple(f.strip() for f in line.split("\t")) if strip else tuple(line.split("\t"))
        if len(fields) != width:
            raise ConfigError(
                f"{path}:{number}: expected {width} tab-separated fields, got {len(fields)}"
            )
        yield f"{path}:{number}", fields
