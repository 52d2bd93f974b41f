"""kg schema: show the schema (schema/kg.toml) and apply its constraints and indexes to Neo4j."""

from __future__ import annotations

from typing import Any

import click

from kg.cli.export import schema_export_command
from kg.cli.load import open_store
from kg.cli.options import neo4j_options
from kg.schema import Schema
from kg.store import schema_statements

__all__ = ["COMMANDS", "render_schema"]


@click.group("schema")
def schema_group() -> None:
    """Show the schema or apply it to Neo4j (it lives in schema/kg.toml).

    \b
    Examples:
      kg schema show
      kg schema apply
    """


@schema_group.command("show")
@click.option("--cypher", is_flag=True, help="Print the constraint and index statements instead.")
def show_command(cypher: bool) -> None:
    """Print the entity types, predicate families and predicates.

    \b
    Examples:
      kg schema show
      kg schema show --cypher > constraints.cypher
    """
    schema = Schema.load()
    if cypher:
        click.echo("\n".join(f"{statement};" for statement in schema_statements(schema)))
    else:
        click.echo(render_schema(schema))


@schema_group.command("apply")
@neo4j_options
@click.pass_context
def apply_command(ctx: click.Context, **kwargs: Any) -> None:
    """Create the constraints and indexes in Neo4j (idempotent; kg load does it too).

    \b
    Example:
      kg schema apply
    """
    store = open_store(ctx, kwargs)
    statements = store.ensure_schema()
    click.echo(f"Applied {len(statements)} constraints and indexes at {store.uri}", err=True)


def render_schema(schema: Schema) -> str:
    """Return the schema as readable text."""
    lines = [f"Schema version {schema.version}", "", "Entity types"]
    for name in schema.type_names:
        kind = schema.entity_type(name)
        role = "actor" if kind.is_actor else "object only"
        lines.append(f"  {name:<13} {kind.id_pattern:<38} {role:<11} {kind.description}")
    lines += ["", "Families"]
    for family in schema.families.values():
        lines.append(f"  {family.name:<13} {family.description}")
    lines += ["", "Predicates"]
    for name in schema.predicate_names:
        spec = schema.predicate(name)
        direction = "symmetric" if spec.symmetric else "directed"
        lines.append(f"  {name:<18} {spec.family:<11} {direction:<9} {spec.description}")
        lines.append(f"  {'':<18} subject: {', '.join(spec.subject)}")
        lines.append(f"  {'':<18} object:  {', '.join(spec.object)}")
        codes = "; ".join(x for x in (spec.plover, spec.cameo) if x)
        lines.append(f"  {'':<18} PLOVER/CAMEO: {codes}")
    return "\n".join(lines)


schema_group.add_command(schema_export_command)  # kg schema export: the RDF ontology and shapes
COMMANDS = [schema_group]
