"""The one exception tree of kg.

    KgError                  anything kg reports to a user as one line
    ├── InputError           a bad file, record or option value (names file:line)
    ├── SchemaError          a type or predicate outside schema/kg.toml, or a bad schema file
    ├── UnknownQuery         a canned query name that the catalogue does not hold
    ├── ConfigError          a setting that is missing or malformed
    ├── ServerError          the local Neo4j runtime (kg db) cannot be resolved, started or stopped
    └── StoreError           Neo4j is unreachable or rejected a statement

The library raises these and never prints; kg.cli turns them into ``Error: ...`` and exit 1.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "InputError",
    "KgError",
    "SchemaError",
    "ServerError",
    "StoreError",
    "UnknownQuery",
]


class KgError(Exception):
    """Base class: a problem the user can fix, reported in one line."""


class InputError(KgError):
    """A bad input file, record or value."""


class SchemaError(KgError):
    """A type or predicate outside the schema, or a malformed schema file."""


class UnknownQuery(KgError):
    """A canned query name that the catalogue does not hold."""


class ConfigError(KgError):
    """A missing or malformed setting."""


class ServerError(KgError):
    """The local Neo4j runtime cannot be resolved, started or stopped."""


class StoreError(KgError):
    """Neo4j is unreachable or rejected a statement."""
