"""schema/kg.toml as kg.schema.Schema reads it, and what the store derives from it (no database)."""

from __future__ import annotations

import pytest

from kg.cli.schema_cmd import render_schema
from kg.errors import SchemaError
from kg.schema import Schema
from kg.store import CONSTRAINTS, INDEXES, schema_statements

# The vocabulary of ../shared/eval/GUIDE.md ("Relations (v1)"): the schema may add, never rename.
GUIDE_PREDICATES = {
    "SUPPORTS": False,
    "OPPOSES": False,
    "CRITICIZES": False,
    "CONCERNED_ABOUT": False,
    "COOPERATES_WITH": True,
    "MEETS": True,
    "AGREES_WITH": True,
    "DEMANDS": False,
    "THREATENS": False,
    "SANCTIONS": False,
    "AIDS": False,
    "MOBILIZES_AGAINST": False,
    "ATTACKS": False,
    "CLAIMS": False,
    "MEMBER_OF": False,
    "LEADER_OF": False,
}
GUIDE_TYPES = {"Country", "Organization", "Group", "Person", "Topic", "Region"}


@pytest.fixture(scope="module")
def schema() -> Schema:
    return Schema.load()


def test_every_guide_predicate_with_its_symmetry(schema):
    assert {name: schema.predicate(name).symmetric for name in GUIDE_PREDICATES} == (
        GUIDE_PREDICATES
    )
    assert set(schema.entity_types) >= GUIDE_TYPES


@pytest.mark.parametrize(
    ("subject", "predicate", "obj", "allowed"),
    [
        ("Country", "OPPOSES", "Topic", True),
        ("Country", "CRITICIZES", "Topic", False),
        ("Person", "LEADER_OF", "Country", True),
        ("Country", "LEADER_OF", "Country", False),
        ("Country", "ATTACKS", "Region", True),
        ("Organization", "MEMBER_OF", "Country", False),
        ("Topic", "SUPPORTS", "Country", False),
    ],
)
def test_allowed_subject_and_object_types(schema, subject, predicate, obj, allowed):
    assert schema.allows(subject, predicate, obj) is allowed


def test_unknown_names_are_errors_that_list_the_valid_ones(schema):
    with pytest.raises(SchemaError, match=r"^unknown predicate 'LIKES'; valid: AGREES_WITH, AIDS"):
        schema.predicate("LIKES")
    with pytest.raises(SchemaError, match=r"^entity id 'china' is not a valid Country id"):
        schema.check_entity("china", "Country")


def test_constraint_and_index_statements_come_from_the_schema(schema):
    statements = schema_statements(schema)
    per_type = [
        f"CREATE INDEX {schema.entity_type(n).label.lower()}_id IF NOT EXISTS "
        f"FOR (n:`{schema.entity_type(n).label}`) ON (n.id)"
        for n in schema.type_names
    ]
    assert statements == [*CONSTRAINTS, *INDEXES, *per_type]
    assert all("IF NOT EXISTS" in statement for statement in statements)  # idempotent


def test_schema_show_lists_every_type_and_predicate(schema):
    text = render_schema(schema)
    lines = text.splitlines()
    for name in schema.type_names:
        assert any(line.startswith(f"  {name} ") for line in lines), name
    for name in schema.predicate_names:
        spec = schema.predicate(name)
        direction = "symmetric" if spec.symmetric else "directed"
        assert f"  {name:<18} {spec.family:<11} {direction:<9} {spec.description}" in lines
