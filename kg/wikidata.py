"""Wikidata QIDs of entities: loaders/data/gazetteer/wikidata.tsv (loaders/data/build_wikidata.py).

Read by the store (an entity node's ``wikidata`` property) and by the RDF export (owl:sameAs).
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.paths import loaders_data_dir

__all__ = ["gazetteer_wikidata_file", "read_wikidata"]


def gazetteer_wikidata_file() -> Path:
    """Return the gazetteer's QIDs, loaders/data/gazetteer/wikidata.tsv (build_wikidata.py)."""
    return loaders_data_dir() / "gazetteer" / "wikidata.tsv"


def read_wikidata(path: Path) -> dict[str, str]:
    """Read a TSV of entity id, Wikidata QID and an optional source into a mapping id -> QID.

    The header (``id<TAB>wikidata[<TAB>source]``), comments and blank lines are skipped.
    """
    mapping: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read: {err}") from err
    is_first = True
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        if is_first and line.startswith("id\t"):  # the header
            is_first = False
            continue
        is_first = False
        fields = line.split("\t")
        if len(fields) not in (2, 3) or not re.fullmatch(r"Q[1-9][0-9]*", fields[1].strip()):
            raise InputError(
                f"{path}:{number}: expected an entity id, a tab and a QID like Q159; fix the line"
            )
        mapping[fields[0].strip()] = fields[1].strip()
    return mapping
