"""kg: a knowledge graph of international relations.

Articles become typed claims with provenance (``loaders``), stored in Neo4j (``kg.store``),
queried with canned Cypher (``kg.catalogue``), analysed with networkx and drawn as HTML.
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.claims import Article, Claim, Entity, Evidence, read_claims, write_claims
from kg.errors import InputError, KgError, SchemaError, StoreError
from kg.schema import Schema

__all__ = [
    "Article",
    "Claim",
    "Entity",
    "Evidence",
    "InputError",
    "KgError",
    "Schema",
    "SchemaError",
    "StoreError",
    "__version__",
    "read_claims",
    "write_claims",
]
