"""kg config: show the resolved settings (password masked)."""

from __future__ import annotations

from typing import Any

import click

from kg.cli.options import neo4j_options, settings_from
from kg.config import config_path


@click.group("config")
def config_group() -> None:
    """Show where kg finds Neo4j and with which settings.

    \b
      kg config show
    """


@config_group.command("show")
@neo4j_options
def show(**kwargs: Any) -> None:
    """Print the resolved settings and where each came from; the password is masked.

    \b
      kg config show
      NEO4J_URI=bolt://127.0.0.1:7688 kg config show
    """
    settings = settings_from(kwargs)
    click.echo(f"config file: {config_path()}")
    for key, value in settings.masked().items():
        click.echo(f"{key:9} {value}   ({settings.source_of(key)})")


COMMANDS = [config_group]
