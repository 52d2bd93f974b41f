"""Synthetic entities shared by the benchmarks: valid, distinct ids of every entity type."""

from __future__ import annotations

from kg.claims import Entity

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def synthetic_entity(type_name: str, n: int) -> Entity:
    """Return the n-th synthetic entity of a type (Country AAA, ORG0, group:group-0, ...)."""
    if type_name == "Country":
        code = LETTERS[n // 676 % 26] + LETTERS[n // 26 % 26] + LETTERS[n % 26]
        return Entity(code, f"Country {code}", type_name)
    if type_name == "Organization":
        return Entity(f"ORG{n}", f"Organisation {n}", type_name)
    prefix = type_name.lower()
    return Entity(f"{prefix}:{prefix}-{n}", f"{type_name} {n}", type_name)
