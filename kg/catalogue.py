"""The catalogue of canned, read-only Cypher queries: one ``queries/*.cypher`` file a query.

A file carries its own metadata in ``//`` comment lines at the top (datasette's canned queries)::

    // name: partners
    // title: Partners of an actor
    // description: Who cooperates with, supports, agrees with or meets the actor.
    // param: actor id required NATO  The actor's entity id.
    // param: limit int 25 10  Rows to return at most.
    // returns: partner, name, predicates, claims, articles, sources
    MATCH ...

``param`` reads ``NAME TYPE DEFAULT EXAMPLE [DESCRIPTION]``; DEFAULT ``required`` makes the
parameter mandatory and ``null`` passes no value. The body's ``$names`` (found after stripping
comments and strings) must be exactly the declared parameters, so header and query cannot drift.
Adding a file adds a query, with no code change.

>>> catalogue = Catalogue.load()
>>> query = catalogue.get("partners")
>>> query.bind({"actor": "NATO"})["limit"]
25
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import paths
from kg.errors import InputError, SchemaError, UnknownQuery
from kg.schema import Schema

__all__ = ["PARAM_TYPES", "Catalogue", "Param", "Query", "named_parameters"]

_HEADER = re.compile(r"//\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*?)\s*$")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Comments, string literals and backticked names, in the order Cypher's lexer would see them.
_NOT_CODE = re.compile(
    r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`", re.DOTALL
)
_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_KEYS = ("name", "title", "description", "param", "returns")


def named_parameters(cypher: str) -> list[str]:
    """Return the sorted ``$names`` of a Cypher text, ignoring comments and strings.

    >>> named_parameters("MATCH (a {id: $actor}) // $not_this\\nRETURN '$nor_this', $limit")
    ['actor', 'limit']
    """
    code = _NOT_CODE.sub(" ", cypher)
    return sorted(set(_DOLLAR.findall(code)))


def _to_int(text: str) -> int:
    return int(text)


def _to_float(text: str) -> float:
    return float(text)


def _to_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "1"):
        return True
    if lowered in ("false", "no", "0"):
        return False
    raise ValueError("expected true or false")


def _to_date(text: str) -> str:
    # Article.published is stored as an ISO date string, so the parameter travels as one too;
    # parsing first rejects 2022-13-01 instead of silently comparing strings.
    return dt.date.fromisoformat(text).isoformat()


def _to_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _to_entity_id(text: str, schema: Schema) -> str:
    value = text.strip()
    if not any(entity_type.matches(value) for entity_type in schema.entity_types.values()):
        raise ValueError("not an entity id (e.g. RUS, NATO, group:west, topic:nato-expansion)")
    return value


def _to_predicate(text: str, schema: Schema) -> str:
    return schema.predicate(text.strip().upper()).name


def _to_predicates(text: str, schema: Schema) -> list[str]:
    return [_to_predicate(item, schema) for item in _to_list(text)]


# type name -> converter(text, schema); the schema checks ids and predicates.
PARAM_TYPES: dict[str, Callable[[str, Schema], Any]] = {
    "str": lambda text, schema: text,
    "int": lambda text, schema: _to_int(text),
    "float": lambda text, schema: _to_float(text),
    "bool": lambda text, schema: _to_bool(text),
    "date": lambda text, schema: _to_date(text),
    "list": lambda text, schema: _to_list(text),
    "id": _to_entity_id,
    "predicate": _to_predicate,
    "predicates": _to_predicates,
}


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter of a canned query."""

    name: str
    type: str
    default: str | None
    example: str
    description: str = ""
    is_required: bool = False

    def convert(self, text: str, schema: Schema) -> Any:
        """Convert a command-line value to the Python value sent to Neo4j."""
        return PARAM_TYPES[self.type](text, schema)

    @property
    def usage(self) -> str:
        default = "required" if self.is_required else f"default {self.default or 'null'}"
        return f"{self.name} ({self.type}, {default}, e.g. {self.example})"


@dataclass(frozen=True, slots=True)
class Query:
    """A canned query: its header metadata and its Cypher text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    cypher: str
    path: Path

    @property
    def param_names(self) -> list[str]:
        return [param.name for param in self.params]

    @property
    def example(self) -> str:
        """Return a ``kg query run`` command line that uses every parameter's example."""
        options = " ".join(f"-p {param.name}={param.example}" for param in self.params)
        return f"kg query run {self.name} {options}".rstrip()

    def bind(self, values: Mapping[str, str], *, schema: Schema | None = None) -> dict[str, Any]:
        """Convert raw ``key=value`` strings into driver parameters, filling in defaults.

        Raises InputError naming the query and listing the valid parameters when a value is
        unknown, missing or malformed.
        """
        schema = schema or Schema.load()
        valid = ", ".join(param.usage for param in self.params) or "none"
        unknown = sorted(set(values) - set(self.param_names))
        if unknown:
            raise InputError(
                f"unknown parameter {unknown[0]!r} for query {self.name!r}; valid: {valid}"
            )
        bound: dict[str, Any] = {}
        for param in self.params:
            text = values.get(param.name, param.default)
            if text is None and param.is_required:
                raise InputError(
                    f"missing parameter {param.name!r} for query {self.name!r}; "
                    f"pass -p {param.name}=VALUE; valid: {valid}"
                )
            bound[param.name] = None if text is None else self._convert(param, text, schema)
        return bound

    def _convert(self, param: Param, text: str, schema: Schema) -> Any:
        try:
            return param.convert(text, schema)
        except (ValueError, SchemaError) as err:
            raise InputError(
                f"parameter {param.name!r} of query {self.name!r}: bad {param.type} "
                f"{text!r}: {err}; e.g. -p {param.name}={param.example}"
            ) from None


def parse_query(path: Path) -> Query:
    """Read one .cypher file and check its header against its body; InputError names file:line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read the query: {err}") from err
    header: dict[str, list[tuple[int, str]]] = {key: [] for key in _KEYS}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _HEADER.fullmatch(line.strip())
        if not line.lstrip().startswith("//"):
            break
        if match and match["key"] in header:
            header[match["key"]].append((number, match["value"]))
    title = header["title"]
    if not title or not title[0][1]:
        raise InputError(f"{path}:1: query has no title; add a line '// title: <one line>'")
    name = _parse_name(path, header["name"])
    params = tuple(_parse_param(path, number, value) for number, value in header["param"])
    _check_params(path, params, named_parameters(text))
    returns = tuple(column.strip() for _, value in header["returns"] for column in value.split(","))
    return Query(
        name=name,
        title=title[0][1],
        description=" ".join(value for _, value in header["description"]),
        params=params,
        returns=tuple(column for column in returns if column),
        cypher=text,
        path=path,
    )


def _parse_name(path: Path, lines: list[tuple[int, str]]) -> str:
    if lines and lines[0][1] != path.stem:
        number, value = lines[0]
        raise InputError(
            f"{path}:{number}: query name {value!r} differs from the file name; "
            f"rename the file to {value}.cypher or fix the name"
        )
    if not _NAME.fullmatch(path.stem):
        raise InputError(
            f"{path}:1: bad query name {path.stem!r}; use lower-case words joined by '-'"
        )
    return path.stem


def _parse_param(path: Path, number: int, value: str) -> Param:
    parts = value.split(None, 4)
    if len(parts) < 4:
        raise InputError(
            f"{path}:{number}: malformed param {value!r}; "
            "write '// param: NAME TYPE DEFAULT EXAMPLE [DESCRIPTION]'"
        )
    name, type_name, default, example = parts[:4]
    if not _PARAM_NAME.fullmatch(name):
        raise InputError(f"{path}:{number}: bad parameter name {name!r}")
    if type_name not in PARAM_TYPES:
        raise InputError(
            f"{path}:{number}: unknown parameter type {type_name!r}; "
            f"valid: {', '.join(sorted(PARAM_TYPES))}"
        )
    return Param(
        name=name,
        type=type_name,
        default=None if default in ("required", "null") else default,
        example=example,
        description=parts[4] if len(parts) > 4 else "",
        is_required=default == "required",
    )


def _check_params(path: Path, params: tuple[Param, ...], used: list[str]) -> None:
    declared = [param.name for param in params]
    if len(set(declared)) != len(declared):
        raise InputError(f"{path}:1: a parameter is declared twice: {', '.join(declared)}")
    undeclared = sorted(set(used) - set(declared))
    if undeclared:
        raise InputError(
            f"{path}:1: ${undeclared[0]} is used but not declared; "
            f"add '// param: {undeclared[0]} TYPE DEFAULT EXAMPLE'"
        )
    unused = sorted(set(declared) - set(used))
    if unused:
        raise InputError(f"{path}:1: parameter {unused[0]!r} is declared but never used")


@dataclass(frozen=True, slots=True)
class Catalogue:
    """All canned queries, by name, read from a folder of .cypher files."""

    queries: dict[str, Query]

    @classmethod
    def load(cls, directory: Path | None = None) -> Catalogue:
        """Read every .cypher file of the folder (queries/ by default)."""
        directory = directory or paths.queries_dir()
        files = sorted(directory.glob("*.cypher"))
        return cls({query.name: query for query in map(parse_query, files)})

    def __iter__(self) -> Iterator[Query]:
        return iter(self.queries[name] for name in sorted(self.queries))

    def __len__(self) -> int:
        return len(self.queries)

    @property
    def names(self) -> list[str]:
        return sorted(self.queries)

    def markdown(self) -> str:
        """Return the catalogue as a Markdown page (docs/queries.md is this, generated)."""
        lines = [
            "# Canned queries",
            "",
            "Generated from the headers of `queries/*.cypher` by",
            "`kg query docs > docs/queries.md`; a test fails when this page and the files drift",
            "apart. Run one with",
            "`kg query run NAME -p KEY=VALUE ... [--format table|json|csv]`.",
            "Evidence is counted as articles and distinct sources (outlets), never raw mentions.",
            "",
        ]
        lines += [f"- [`{q.name}`](#{q.name}): {q.title}" for q in self]
        for query in self:
            lines += ["", f"## {query.name}", "", f"**{query.title}.** {query.description}", ""]
            if query.params:
                lines += [
                    "| parameter | type | default | example | meaning |",
                    "|---|---|---|---|---|",
                ]
                for p in query.params:
                    default = "required" if p.is_required else (p.default or "none")
                    lines.append(
                        f"| `{p.name}` | {p.type} | {default} | `{p.example}` | {p.description} |"
                    )
                lines.append("")
            lines += [f"Returns: {', '.join(f'`{c}`' for c in query.returns)}.", ""]
            lines += ["```console", f"$ {query.example}", "```"]
        return "\n".join(lines) + "\n"

    def get(self, name: str) -> Query:
        """Return a query, or raise UnknownQuery with a did-you-mean suggestion."""
        try:
            return self.queries[name]
        except KeyError:
            pass
        close = difflib.get_close_matches(name, self.names, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownQuery(f"unknown query {name!r}{hint} (kg query list shows all)")
