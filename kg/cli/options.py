"""Options shared by several commands (sqlite-utils' output_options idea)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from kg.config import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["neo4j_options", "settings_from"]


def neo4j_options(func: F) -> F:
    """Add --uri, --user, --password and --database (kg.config reads the environment)."""
    options = [
        click.option(
            "--uri", help="Neo4j URI [env var: NEO4J_URI; default: bolt://127.0.0.1:7687]."
        ),
        click.option("--user", help="Neo4j user [env var: NEO4J_USER; default: neo4j]."),
        click.option(
            "--password",
            help="Neo4j password [env var: NEO4J_PASSWORD; default: the one kg db start stored].",
        ),
        click.option(
            "--database", help="Neo4j database [env var: NEO4J_DATABASE; default: neo4j]."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(kwargs: dict[str, Any]) -> Settings:
    """Resolve Settings from the neo4j_options values (removed from kwargs)."""
    options = {key: kwargs.pop(key, None) for key in ("uri", "user", "password", "database")}
    return load_settings(options)
