"""kg export, kg validate, kg import (RDF with provenance, GraphML, CSV) and kg schema export."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import export, ntriples, ontology, rdf
from kg.claims import Claim, read_claims
from kg.cli.load import open_store
from kg.cli.options import neo4j_options
from kg.errors import InputError
from kg.schema import Schema
from kg.store import ClaimFilter

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["COMMANDS", "SCHEMA_COMMANDS", "claim_filter_options", "filter_from"]

_FILTERS = ("actor", "depth", "predicates", "since", "until", "min_evidence", "source", "lang")


def claim_filter_options(func: F) -> F:
    """Add the claim filters of kg viz: --actor/--depth, --predicates, --since/--until, ..."""
    options = [
        click.option("--actor", help="Only claims within --depth hops of this entity id."),
        click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Hops from --actor."),
        click.option("--predicates", help="Comma-separated predicates, e.g. OPPOSES,SANCTIONS."),
        click.option("--since", help="Articles published on or after YYYY[-MM[-DD]]."),
        click.option("--until", help="Articles published on or before YYYY[-MM[-DD]]."),
        click.option("--min-evidence", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Only triples stated in at least this many articles."),
        click.option("--source", help="Only articles from this source."),
        click.option("--lang", help="Only articles in this language (en, sv, de, fr, es)."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def filter_from(kwargs: dict[str, Any]) -> ClaimFilter:
    """Build a ClaimFilter from the claim_filter_options values (removed from kwargs)."""
    values = {key: kwargs.pop(key, None) for key in _FILTERS}
    predicates = values.pop("predicates")
    return ClaimFilter(
        predicates=tuple(p.strip() for p in predicates.split(",") if p.strip())
        if predicates
        else None,
        **{key: value for key, value in values.items() if value is not None},
    )


def _claims(
    ctx: click.Context, claims_file: Path | None, kwargs: dict[str, Any]
) -> Iterator[Claim]:
    """Claims from --claims FILE, or from Neo4j through the filters."""
    claim_filter = filter_from(kwargs)
    if claims_file is not None:
        if claim_filter != ClaimFilter():
            raise InputError("the filters select claims in Neo4j; drop them or drop --claims")
        return read_claims(claims_file)
    return open_store(ctx, kwargs).read_claims(claim_filter)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(export.FORMATS),
    required=True,
    help="ttl, nt, nq, trig, jsonld (RDF with PROV-O provenance), graphml or csv.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Output file ('-' for stdout, RDF only); for csv a folder.",
)
@click.option(
    "--claims",
    "claims_file",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Export a claims JSONL file instead of Neo4j.",
)
@click.option(
    "--base",
    envvar="KG_RDF_BASE",
    show_envvar=True,
    help="IRI under which entity, article and claim IRIs are minted.",
)
@click.option(
    "--wikidata",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="TSV of entity id and Wikidata QID for the owl:sameAs links of RDF formats "
    "[default: the gazetteer's loaders/data/gazetteer/wikidata.tsv].",
)
@click.option("--no-wikidata", is_flag=True, help="Write no owl:sameAs links to Wikidata.")
@claim_filter_options
@neo4j_options
@click.pass_context
def export_command(
    ctx: click.Context,
    /,
    fmt: str,
    output: Path,
    claims_file: Path | None,
    base: str | None,
    wikidata: Path | None,
    no_wikidata: bool,
    **kwargs: Any,
) -> None:
    """Export claims as RDF, GraphML or CSV, from Neo4j (with the filters of kg viz) or a file.

    \b
      kg export --format trig -o claims.trig
      kg export --format nq -o - --actor CHN --depth 2 | gzip > chn.nq.gz
      kg export --format csv -o out/ --predicates OPPOSES,SANCTIONS --since 2022
      kg export --format ttl --claims claims.jsonl -o claims.ttl
    """  # fmt: skip
    vocabulary = rdf.Vocabulary.from_schema(Schema.load(), base=base)
    if no_wikidata and wikidata:
        raise InputError("--wikidata and --no-wikidata exclude each other; drop one")
    mapping = None if no_wikidata else rdf.read_wikidata(wikidata or rdf.gazetteer_wikidata_file())
    claims = _claims(ctx, claims_file, kwargs)
    count = export.export_claims(claims, output, fmt=fmt, vocabulary=vocabulary, wikidata=mapping)
    click.echo(f"exported {count} claims as {fmt} to {output}", err=True)


@click.command("validate")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
def validate_command(file: Path) -> None:
    """Check an RDF file against the SHACL shapes generated from the schema.

    Prints one violation a line on stdout; exits 1 when there is any.

    \b
      kg validate claims.trig
    """
    vocabulary = rdf.Vocabulary.from_schema(Schema.load())
    violations = ontology.validate(rdf.read_rdf(file), vocabulary)
    for violation in violations:
        click.echo(str(violation))
    if violations:
        raise InputError(f"{file}: {len(violations)} violations of the kg shapes (listed above)")
    click.echo(f"{file}: conforms to the kg shapes", err=True)


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@neo4j_options
@click.pass_context
def import_command(ctx: click.Context, /, file: Path, **kwargs: Any) -> None:
    """Load the claims of an RDF file (as kg export writes them) into Neo4j.

    N-Triples and N-Quads are streamed (any size); other formats are read whole first.

    \b
      kg import claims.trig
    """
    claims = ntriples.read_rdf_claims(file, rdf.Vocabulary.from_schema(Schema.load()))
    report = open_store(ctx, kwargs).load_claims(claims)
    click.echo(report.summary(), err=True)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld"]),
    default="ttl",
    show_default=True,
    help="RDF format.",
)
@click.option("--shapes", is_flag=True, help="Export the SHACL shapes instead of the ontology.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default="-",
    show_default=True,
    help="Output file ('-' for stdout).",
)
def schema_export_command(fmt: str, shapes: bool, output: Path) -> None:
    """Export the schema as an OWL ontology, or as SHACL shapes (--shapes).

    \b
      kg schema export --format ttl
      kg schema export --shapes -o shapes.ttl
    """  # fmt: skip
    vocabulary = rdf.Vocabulary.from_schema(Schema.load())
    graph = ontology.shapes(vocabulary) if shapes else ontology.ontology(vocabulary)
    text = graph.serialize(format=rdf.FORMATS[fmt][0])
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


COMMANDS = [export_command, validate_command, import_command]
# Subcommands of `kg schema` (kg/cli/schema_cmd.py adds them to its group).
SCHEMA_COMMANDS = [schema_export_command]
