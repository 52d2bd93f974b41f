"""kg query, kg cypher, kg analyze: the read side of the graph, and its network analytics."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import click
import neo4j
import neo4j.graph
import neo4j.time

from kg import network
from kg.catalogue import Catalogue, Param
from kg.cli.options import neo4j_options, settings_from
from kg.errors import InputError, StoreError
from kg.store import Store, write_entity_properties

__all__ = ["COMMANDS", "parse_pairs", "render", "terminal_text"]

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "csv")
ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])
# C0 and C1 control characters and DEL: in a table for a terminal, text from articles must not
# move the cursor, retitle the window or clear the screen (ESC [ 2 J, OSC 0 ; ... BEL, CSI 0x9b).
_WHITESPACE_CONTROL = re.compile(r"[\t\n\r\v\f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def format_option(func: F) -> F:
    """Add --format table|json|csv (table by default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format: an aligned table, JSON lines, or CSV with a header.",
    )(func)


def param_option(func: F) -> F:
    """Add the repeatable -p KEY=VALUE."""
    return click.option(
        "-p",
        "--param",
        "pairs",
        multiple=True,
        metavar="KEY=VALUE",
        help="A query parameter (repeatable).",
    )(func)


def parse_pairs(pairs: Sequence[str]) -> dict[str, str]:
    """Split -p KEY=VALUE options into a dict; InputError on a malformed one."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"-p {pair!r}: expected KEY=VALUE, e.g. -p actor=CHN")
        values[key.strip()] = value
    return values


def _cypher_value(text: str) -> Any:
    """An ad-hoc parameter: JSON when it parses (5, true, [1, 2], null), else the string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _plain(value: Any) -> Any:
    """Turn driver values (nodes, relationships, paths, temporal values) into JSON-able ones."""
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return [_plain(node) for node in value.nodes]
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return value.iso_format()
    if isinstance(value, neo4j.time.Duration):
        return str(value)
    return value


def terminal_text(text: str) -> str:
    """Return text safe to print in a table row: line breaks and tabs become spaces, other
    control characters U+FFFD, so no escape sequence from the data reaches the terminal."""
    return _CONTROL.sub("\ufffd", _WHITESPACE_CONTROL.sub(" ", text))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:.6g}"
    return json.dumps(value, ensure_ascii=False)


def render(keys: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> None:
    """Write rows to stdout as an aligned table, JSON lines or CSV."""
    rows = [[_plain(value) for value in row] for row in rows]
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([_cell(value) for value in row] for row in rows)
    else:
        cells = [[terminal_text(_cell(value)) for value in row] for row in rows]
        keys = [terminal_text(key) for key in keys]
        widths = [max([len(k)] + [len(r[i]) for r in cells]) for i, k in enumerate(keys)]
        lines = [keys, ["-" * w for w in widths], *cells]
        for line in lines:
            click.echo("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())


def _open_store(ctx: click.Context, kwargs: dict[str, Any]) -> Store:
    return ctx.with_resource(Store.connect(settings_from(kwargs)))


# ---------------------------------------------------------------- kg query


@click.group("query")
def query_group() -> None:
    """List, show and run the canned queries (queries/*.cypher).

    \b
      kg query list
      kg query show stance-on-topic
      kg query run stance-on-topic -p topic=topic:nato-expansion
    """


def _param_summary(param: Param) -> str:
    """actor (required), limit=25 (a default), [since] (optional, no default)."""
    if param.is_required:
        return param.name
    return f"{param.name}={param.default}" if param.default is not None else f"[{param.name}]"


@query_group.command("list")
@format_option
def list_command(fmt: str) -> None:
    """List the canned queries with their parameters.

    \b
      kg query list
      kg query list --format json
    """
    rows = [[q.name, q.title, " ".join(map(_param_summary, q.params))] for q in Catalogue.load()]
    render(["name", "title", "params"], rows, fmt)


@query_group.command("show")
@click.argument("name")
def show_command(name: str) -> None:
    """Print a canned query: its header and its Cypher.

    \b
      kg query show partners
    """
    query = Catalogue.load().get(name)
    click.echo(query.cypher, nl=False)
    click.echo(f"// example: {query.example}", err=True)


@query_group.command("docs")
def docs_command() -> None:
    """Print the catalogue as Markdown (the source of docs/queries.md).

    \b
      kg query docs > docs/queries.md
    """
    click.echo(Catalogue.load().markdown(), nl=False)


@query_group.command("run")
@click.argument("name")
@param_option
@format_option
@click.option("--timeout", type=click.FloatRange(min=0.001), help="Seconds before Neo4j gives up.")
@neo4j_options
@click.pass_context
def run_command(
    ctx: click.Context,
    name: str,
    pairs: tuple[str, ...],
    fmt: str,
    timeout: float | None,
    **kwargs: Any,
) -> None:
    """Run a canned query; parameters are checked against its header.

    \b
      kg query run partners -p actor=NATO
      kg query run stance-on-topic -p topic=topic:nato-expansion --format csv
      kg query run evidence -p subject=RUS -p predicate=ATTACKS -p object=UKR --format json
    """
    query = Catalogue.load().get(name)
    params = query.bind(parse_pairs(pairs))
    result = _open_store(ctx, kwargs).read(query.cypher, params, timeout=timeout)
    render(result.keys or query.returns, [list(r.values()) for r in result], fmt)
    click.echo(f"{len(result)} {'row' if len(result) == 1 else 'rows'}", err=True)


# ---------------------------------------------------------------- kg cypher


@click.command("cypher")
@click.argument("cypher")
@param_option
@click.option("--write", "is_write", is_flag=True, help="Allow the query to write.")
@format_option
@click.option("--timeout", type=click.FloatRange(min=0.001), help="Seconds before Neo4j gives up.")
@neo4j_options
@click.pass_context
def cypher_command(
    ctx: click.Context,
    cypher: str,
    pairs: tuple[str, ...],
    is_write: bool,
    fmt: str,
    timeout: float | None,
    **kwargs: Any,
) -> None:
    """Run ad-hoc Cypher, read-only unless --write; values travel as driver parameters.

    A -p value is read as JSON when it parses (5, true, ["a", "b"]), else as a string.

    \b
      kg cypher "MATCH (c:Country) RETURN c.id, c.name ORDER BY c.id"
      kg cypher 'MATCH (e:Entity {id: $id}) RETURN e.name' -p id=CHN
      kg cypher "MATCH (e:Entity {id: 'XKX'}) SET e.name = 'Kosovo'" --write
    """
    params = {key: _cypher_value(value) for key, value in parse_pairs(pairs).items()}
    store = _open_store(ctx, kwargs)
    try:
        if is_write:
            result = store.write(cypher, params)
        else:
            result = store.read(cypher, params, timeout=timeout)
    except StoreError as err:
        code = getattr(err.__cause__, "code", None) or ""
        if "AccessMode" in code:  # the server refused a write in the read transaction
            raise StoreError(f"{err}; add --write to let kg cypher write") from err.__cause__
        raise
    render(result.keys, [list(r.values()) for r in result], fmt)
    click.echo(f"{len(result)} {'row' if len(result) == 1 else 'rows'}", err=True)


# ---------------------------------------------------------------- kg analyze


@click.command("analyze")
@click.option("--predicates", help="Comma-separated predicates to keep (default: all).")
@click.option("--since", type=ISO_DATE, help="First publication date (inclusive).")
@click.option("--until", type=ISO_DATE, help="Last publication date (inclusive).")
@click.option(
    "--min-articles",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Keep relations stated in at least this many articles.",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Entities to print (0: all).",
)
@click.option("--no-write", is_flag=True, help="Do not write the metrics back to Neo4j.")
@format_option
@neo4j_options
@click.pass_context
def analyze_command(
    ctx: click.Context,
    predicates: str | None,
    since: datetime | None,
    until: datetime | None,
    min_articles: int,
    top: int,
    no_write: bool,
    fmt: str,
    **kwargs: Any,
) -> None:
    """Compute degree, PageRank, signed blocs and stance similarity; write them to the entities.

    Blocs: cooperative predicates pull actors together, hostile ones push them apart (signed
    modularity); the properties degree, pagerank, bloc, similar_to and similarity are written
    on each :Entity for Cypher and kg viz.

    \b
      kg analyze
      kg analyze --since 2024-01-01 --min-articles 2 --top 10
      kg analyze --predicates SUPPORTS,OPPOSES,COOPERATES_WITH --no-write --format csv
    """
    store = _open_store(ctx, kwargs)
    query = Catalogue.load().get("network-edges")
    values = {"min_articles": str(min_articles)}
    if predicates is not None:
        values["predicates"] = predicates
    for key, date in (("since", since), ("until", until)):
        if date is not None:
            values[key] = date.date().isoformat()
    params = query.bind(values, schema=store.schema)
    graph = network.from_records(store.read(query.cypher, params).data(), schema=store.schema)
    analysis = network.analyze(graph, schema=store.schema)
    if not no_write:
        write_entity_properties(
            store, [{"id": m.id, "properties": m.properties()} for m in analysis.metrics]
        )
    shown = analysis.metrics[:top] if top else analysis.metrics
    keys = ["id", "name", "type", "degree", "pagerank", "bloc", "similar_to", "similarity"]
    render(keys, [[getattr(m, key) for key in keys] for m in shown], fmt)
    wrote = "not written (--no-write)" if no_write else "written to Neo4j"
    click.echo(
        f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} relations, "
        f"{len(analysis.blocs)} blocs; metrics {wrote}",
        err=True,
    )


COMMANDS = [query_group, cypher_command, analyze_command]
