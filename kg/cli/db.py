"""kg db: start, stop and inspect the local Neo4j server (kg.server does the work)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import server as runtime
from kg.cli.options import neo4j_options, settings_from
from kg.config import ServerSettings, load_server_settings

F = TypeVar("F", bound=Callable[..., Any])


def server_options(func: F) -> F:
    """Add --home, --port, --http-port, --heap and --pagecache (kg.config reads the rest)."""
    options = [
        click.option(
            "--home",
            type=click.Path(file_okay=False, path_type=Path),
            help=(
                "Server home (data, logs, conf) "
                "[env var: KG_HOME; default: ~/.local/share/kg/neo4j]."
            ),
        ),
        click.option("--port", type=int, help="Bolt port [env var: KG_NEO4J_PORT; default: 7687]."),
        click.option(
            "--http-port", type=int, help="HTTP port [env var: KG_NEO4J_HTTP_PORT; default: 7474]."
        ),
        click.option("--heap", help="JVM heap, e.g. 1g [env var: KG_NEO4J_HEAP; default: 1g]."),
        click.option(
            "--pagecache",
            help="Page cache, e.g. 512m [env var: KG_NEO4J_PAGECACHE; default: 512m].",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def server_from(kwargs: dict[str, Any]) -> ServerSettings:
    """Resolve ServerSettings from the server_options values (removed from kwargs)."""
    keys = ("home", "port", "http_port", "heap", "pagecache")
    return load_server_settings({key: kwargs.pop(key, None) for key in keys})


@click.group("db")
def db_group() -> None:
    """Start, stop and inspect the local Neo4j server (Neo4j Community, run with Java).

    \b
      kg db start
      kg db status
      kg db stop
    """


def say(message: str) -> None:
    """Report progress on stderr (stdout is for results)."""
    click.echo(message, err=True)


@db_group.command("start")
@server_options
@neo4j_options
@click.option(
    "--timeout", type=float, default=180.0, show_default=True, help="Seconds to wait for Bolt."
)
def start(timeout: float, **kwargs: Any) -> None:
    """Start the local Neo4j server and wait until Bolt answers; harmless when it runs.

    The first start fetches Neo4j with Maven (a few minutes), later ones reuse it. Without a
    password set, it generates one and stores it in the config file (mode 0600).

    \b
      kg db start
      kg db start --port 7688 --http-port 7475 --home /tmp/kg-neo4j
    """
    server, settings = server_from(kwargs), settings_from(kwargs)
    result = runtime.start(server, settings=settings, timeout=timeout, progress=say)
    status = result.status
    if result.was_running:
        click.echo(f"Neo4j {status.version} is already running at {status.uri} (pid {status.pid})")
    else:
        click.echo(f"Neo4j {status.version} started at {status.uri} in {result.seconds:.1f} s")
    if result.config_saved is not None:
        click.echo(f"Generated a password; stored with the URI in {result.config_saved}", err=True)
    elif settings.uri != status.uri:
        source = settings.source_of("uri")
        click.echo(
            f"Note: other kg commands use {settings.uri} (from {source}); "
            f"to use this server: export NEO4J_URI={status.uri}",
            err=True,
        )


@db_group.command("stop")
@server_options
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait.")
def stop(timeout: float, **kwargs: Any) -> None:
    """Stop the local Neo4j server (SIGTERM, then wait for it to exit).

    \b
      kg db stop
      kg db stop --home /tmp/kg-neo4j
    """
    result = runtime.stop(server_from(kwargs), timeout=timeout)
    if result.was_running:
        click.echo(f"Neo4j stopped (pid {result.pid}) in {result.seconds:.1f} s")
    else:
        click.echo("Neo4j is not running")


@db_group.command("status")
@server_options
def status(**kwargs: Any) -> None:
    """Print whether the local Neo4j server runs: version, URI, data dir, pid.

    Exits 0 when it runs and 3 when it does not (as `systemctl status` does).

    \b
      kg db status
      kg db status --home /tmp/kg-neo4j
    """
    status = runtime.status(server_from(kwargs))
    click.echo(f"state     {'running' if status.is_running else 'stopped'}")
    click.echo(f"version   {status.version}")
    click.echo(f"uri       {status.uri}")
    click.echo(f"http      {status.http_uri}")
    click.echo(f"data dir  {status.data_dir}")
    click.echo(f"log       {status.log_file}")
    click.echo(f"pid       {status.pid if status.pid is not None else '-'}")
    if not status.is_running:
        raise SystemExit(3)


COMMANDS = [db_group]
