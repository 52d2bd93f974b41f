"""The kg command line: one click group; each command group lives in a module of this package.

Errors: every ``KgError`` becomes ``Error: <one line>`` on stderr and exit 1, translated once in
``KgGroup.invoke``; click's usage errors exit 2. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from kg import __version__
from kg.errors import KgError


class KgGroup(click.Group):
    """A group that turns library errors into one-line messages (translated once, here)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as err:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(err)) from err
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (kg ... | head): not an error
            raise SystemExit(0) from None
        except KeyboardInterrupt:
            click.echo("Aborted.", err=True)
            raise SystemExit(130) from None


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="kg")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """kg: a knowledge graph of international relations.

    \b
    Extract typed claims from articles, store them in Neo4j, query and draw them:
      kg db start
      kg extract examples/ -o claims.jsonl
      kg load examples/
      kg query run stance-on-topic -p topic=topic:nato-expansion
      kg viz -o graph.html
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _register() -> None:
    # Imported here so that each command module can import `cli` helpers from this package.
    from kg.cli import config_cmd, db, eval_cmd, export, extract, load, query, schema_cmd, viz

    for module in (db, config_cmd, eval_cmd, export, extract, load, schema_cmd, query, viz):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()
