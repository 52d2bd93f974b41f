"""Locate the project's data: schema/, queries/ and loaders/data (the only module that knows).

In a source checkout (editable install or running from the tree) the top-level folders are used
directly; in an installed wheel they are package data under ``kg/_schema`` and ``kg/_queries``
(mapped in pyproject.toml), so both layouts give the same files.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = [
    "lexicon_dir",
    "loaders_data_dir",
    "queries_dir",
    "runtime_dir",
    "schema_dir",
    "schema_file",
]

_CHECKOUT = Path(__file__).resolve().parent.parent


def _locate(folder: str, package: str) -> Path:
    if (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT / folder
    # kg._schema and kg._queries have no __init__.py: importlib.resources gives a namespace
    # package's MultiplexedPath, whose str() is not a path, so go from kg's own folder instead.
    return Path(__file__).resolve().parent.joinpath(*package.split(".")[1:])


def schema_dir() -> Path:
    """Return the folder holding kg.toml."""
    return _locate("schema", "kg._schema")


def schema_file() -> Path:
    """Return the schema's single source of truth, schema/kg.toml."""
    return schema_dir() / "kg.toml"


def queries_dir() -> Path:
    """Return the folder of canned queries (one .cypher file a query)."""
    return _locate("queries", "kg._queries")


def loaders_data_dir() -> Path:
    """Return loaders/data: gazetteers and per-language lexicons."""
    return Path(str(resources.files("loaders"))) / "data"


def lexicon_dir(lang: str) -> Path:
    """Return the folder of lexicons for one language code (same file names in every language)."""
    return loaders_data_dir() / lang


def runtime_dir() -> Path:
    """Return kg/_data/neo4j: the Maven project and settings of the local Neo4j runtime."""
    return Path(str(resources.files("kg"))) / "_data" / "neo4j"
