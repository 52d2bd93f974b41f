"""kg db: the local Neo4j runtime (filled by the Foundation issue)."""

from __future__ import annotations

import click


@click.group("db")
def db_group() -> None:
    """Start, stop and inspect the local Neo4j server."""


COMMANDS = [db_group]
