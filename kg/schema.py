"""The schema: entity types, predicate families and predicates, read from schema/kg.toml.

Everything that needs the closed vocabulary (extraction, Neo4j constraints, queries' docs, RDF,
the visualisation legend) asks a ``Schema``; nothing repeats it in code.

>>> schema = Schema.load()
>>> schema.predicate("OPPOSES").family
'hostile'
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import paths
from kg.errors import SchemaError

__all__ = ["EntityType", "Family", "Predicate", "Schema"]


@dataclass(frozen=True, slots=True)
class EntityType:
    name: str
    label: str
    id_pattern: str
    is_actor: bool
    description: str
    shape: str
    color: str
    # Labels are the article's own words (any language); the stored name is then a label from
    # English text, or the words of the id's slug (the slug of the English label, GUIDE.md).
    labels_as_written: bool = False

    def matches(self, entity_id: str) -> bool:
        """Return True when the id has this type's form."""
        return re.fullmatch(self.id_pattern, entity_id) is not None


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    description: str
    color: str
    sign: int


@dataclass(frozen=True, slots=True)
class Predicate:
    name: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    symmetric: bool
    family: str
    plover: str
    cameo: str
    description: str


@dataclass(frozen=True, slots=True)
class Schema:
    version: str
    namespaces: dict[str, str]
    entity_types: dict[str, EntityType]
    families: dict[str, Family]
    predicates: dict[str, Predicate]

    @classmethod
    def load(cls, path: Path | None = None) -> Schema:
        """Read and check schema/kg.toml (or another file of the same form)."""
        path = path or paths.schema_file()
        try:
            with path.open("rb") as handle:
                raw = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise SchemaError(f"{path}: cannot read the schema: {err}") from err
        try:
            return cls._from_raw(raw)
        except (KeyError, TypeError, ValueError) as err:
            raise SchemaError(f"{path}: malformed schema: {err}") from err

    @classmethod
    def _from_raw(cls, raw: dict[str, Any]) -> Schema:
        types = {
            name: EntityType(
                name=name,
                label=str(spec["label"]),
                id_pattern=str(spec["id_pattern"]),
                is_actor=bool(spec["is_actor"]),
                description=str(spec["description"]),
                shape=str(spec["shape"]),
                color=str(spec["color"]),
                labels_as_written=bool(spec.get("labels_as_written", False)),
            )
            for name, spec in raw["entity_types"].items()
        }
        families = {
            name: Family(name, str(spec["description"]), str(spec["color"]), int(spec["sign"]))
            for name, spec in raw["families"].items()
        }
        predicates = {}
        for name, spec in raw["predicates"].items():
            predicate = Predicate(
                name=name,
                subject=tuple(spec["subject"]),
                object=tuple(spec["object"]),
                symmetric=bool(spec["symmetric"]),
                family=str(spec["family"]),
                plover=str(spec["plover"]),
                cameo=str(spec["cameo"]),
                description=str(spec["description"]),
            )
            unknown = (set(predicate.subject) | set(predicate.object)) - set(types)
            if unknown:
                raise ValueError(f"predicate {name} names unknown types {sorted(unknown)}")
            if predicate.family not in families:
                raise ValueError(f"predicate {name} has unknown family {predicate.family!r}")
            predicates[name] = predicate
        return cls(str(raw["version"]), dict(raw["namespaces"]), types, families, predicates)

    @property
    def predicate_names(self) -> list[str]:
        return sorted(self.predicates)

    @property
    def type_names(self) -> list[str]:
        return sorted(self.entity_types)

    def predicate(self, name: str) -> Predicate:
        """Return a predicate, or raise SchemaError naming the valid ones."""
        try:
            return self.predicates[name]
        except KeyError:
            valid = ", ".join(self.predicate_names)
            raise SchemaError(f"unknown predicate {name!r}; valid: {valid}") from None

    def entity_type(self, name: str) -> EntityType:
        """Return an entity type, or raise SchemaError naming the valid ones."""
        try:
            return self.entity_types[name]
        except KeyError:
            valid = ", ".join(self.type_names)
            raise SchemaError(f"unknown entity type {name!r}; valid: {valid}") from None

    def check_entity(self, entity_id: str, type_name: str) -> None:
        """Raise SchemaError unless the id has the form its type requires."""
        entity_type = self.entity_type(type_name)
        if not entity_type.matches(entity_id):
            raise SchemaError(
                f"entity id {entity_id!r} is not a valid {type_name} id "
                f"(expected {entity_type.id_pattern})"
            )

    def check_claim(self, subject_type: str, predicate: str, object_type: str) -> None:
        """Raise SchemaError unless the predicate allows these subject and object types."""
        spec = self.predicate(predicate)
        if subject_type not in spec.subject:
            raise SchemaError(f"{predicate} does not allow a {subject_type} subject")
        if object_type not in spec.object:
            raise SchemaError(f"{predicate} does not allow a {object_type} object")

    def allows(self, subject_type: str, predicate: str, object_type: str) -> bool:
        """Return True when the predicate exists and allows these types."""
        spec = self.predicates.get(predicate)
        return spec is not None and subject_type in spec.subject and object_type in spec.object
