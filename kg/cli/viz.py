"""kg viz: draw claims as one self-contained interactive HTML file (kg.html does the work)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from kg import html
from kg.catalogue import Catalogue
from kg.claims import Claim, read_claims
from kg.cli.export import claim_filter_options, filter_from
from kg.cli.options import neo4j_options, settings_from
from kg.drawable import ClaimSelection, graph_from_claims, select_claims
from kg.errors import InputError
from kg.schema import Schema
from kg.store import ClaimFilter, Store

__all__ = ["COMMANDS", "entity_ids"]


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"-p {pair!r}: expected KEY=VALUE, e.g. -p actor=CHN")
        values[key.strip()] = value
    return values


def entity_ids(rows: Iterable[dict[str, Any]], schema: Schema) -> set[str]:
    """Return the entity ids a query's rows name: string values (or list items) of an id's form."""
    found: set[str] = set()
    stack: list[Any] = [value for row in rows for value in row.values()]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, str) and any(t.matches(value) for t in schema.entity_types.values()):
            found.add(value)
    return found


def _from_query(store: Store, name: str, pairs: tuple[str, ...], f: ClaimFilter) -> list[Claim]:
    """Claims among the entities that a canned query names (its parameters and its rows)."""
    query = Catalogue.load().get(name)
    params = query.bind(_params(pairs), schema=store.schema)
    rows = store.read(query.cypher, params).data()
    ids = entity_ids([*rows, params], store.schema)  # the actor asked about, and those returned
    return [c for c in store.read_claims(f) if c.subject.id in ids and c.object.id in ids]


def _selection(f: ClaimFilter) -> ClaimSelection:
    return ClaimSelection(
        actor=f.actor,
        depth=f.depth,
        predicates=f.predicates or (),
        since=f.since,
        until=f.until,
        min_evidence=f.min_evidence,
        source=f.source,
        lang=f.lang,
    )


@click.command("viz")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The HTML file to write (one self-contained file).",
)
@click.option(
    "--claims",
    "claims_file",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Draw a claims JSONL file instead of Neo4j (no database).",
)
@click.option("--query", "query_name", help="Draw the entities a canned query returns.")
@click.option(
    "-p",
    "--param",
    "pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter of --query (repeatable).",
)
@click.option(
    "--size",
    "size_by",
    type=click.Choice(["evidence", "pagerank"]),
    default="evidence",
    show_default=True,
    help="Node size: claims naming the entity, or PageRank of the drawn graph.",
)
@click.option(
    "--title", default="kg: international relations", show_default=True, help="The page's title."
)
@claim_filter_options
@neo4j_options
@click.pass_context
def viz_command(
    ctx: click.Context,
    output: Path,
    claims_file: Path | None,
    query_name: str | None,
    pairs: tuple[str, ...],
    size_by: str,
    title: str,
    **kwargs: Any,
) -> None:
    """Draw claims as an interactive HTML network that opens offline.

    \b
      kg viz -o graph.html
      kg viz -o china.html --actor CHN --depth 2 --since 2024
      kg viz -o partners.html --query partners -p actor=NATO
      kg viz --claims claims.jsonl -o graph.html --size pagerank
    """
    if pairs and not query_name:
        raise InputError("-p sets a parameter of --query; add --query NAME")
    schema = Schema.load()
    claim_filter = filter_from(kwargs)
    selection = _selection(claim_filter)
    if claims_file is not None:
        if query_name:
            raise InputError("--query runs in Neo4j; drop it or drop --claims")
        claims = select_claims(read_claims(claims_file), selection, schema=schema)
    else:
        store = ctx.with_resource(Store.connect(settings_from(kwargs), schema=schema))
        if query_name:
            claims = _from_query(store, query_name, pairs, claim_filter)
        else:
            claims = list(store.read_claims(claim_filter))
    described = [f"query {query_name}" if query_name else "", selection.describe()]
    filters = "; ".join(part for part in described if part)
    drawable = graph_from_claims(claims, schema=schema, filters=filters)
    if size_by == "pagerank":
        drawable = html.with_pagerank(drawable)
    size = html.write_html(drawable, output, schema=schema, title=title)
    graph = drawable.graph
    click.echo(
        f"wrote {output}: {html.count(graph.number_of_nodes(), 'entity', 'entities')}, "
        f"{html.count(graph.number_of_edges(), 'relation')}, {size / 1e6:.1f} MB",
        err=True,
    )


COMMANDS = [viz_command]
