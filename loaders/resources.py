"""Everything extraction reads from data files, loaded once and passed explicitly (no caches).

``Resources.load()`` reads the schema, the gazetteer and each language's relation lexicon; the
pipeline loads it once per process (once per worker with ``--jobs``) and hands it to every stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import ConfigError
from kg.paths import loaders_data_dir
from kg.schema import Schema
from loaders.gazetteer import Gazetteer
from loaders.predicates import Lexicon

__all__ = ["LANGUAGES", "Resources"]

# The languages with a relation lexicon; the same file names exist in each folder.
LANGUAGES = ("de", "en", "es", "fr", "sv")


@dataclass(frozen=True, slots=True)
class Resources:
    """The schema, the gazetteer and the relation lexicons of every supported language."""

    schema: Schema
    gazetteer: Gazetteer
    lexicons: dict[str, Lexicon]
    leader_offices: frozenset[str]

    @classmethod
    def load(cls, data_dir: Path | None = None, *, schema: Schema | None = None) -> Resources:
        """Load the schema, the gazetteer and all lexicons; raise ConfigError on bad data."""
        data_dir = data_dir or loaders_data_dir()
        schema = schema or Schema.load()
        lexicons = {
            lang: Lexicon.load(data_dir / lang, lang=lang, schema=schema) for lang in LANGUAGES
        }
        return cls(
            schema=schema,
            gazetteer=Gazetteer.load(),
            lexicons=lexicons,
            leader_offices=_leader_offices(data_dir / "leader_offices.tsv"),
        )

    def lexicon(self, lang: str | None) -> Lexicon | None:
        """Return the lexicon for a language code, or None when the language has none."""
        return self.lexicons.get(lang or "")

    def require_lexicon(self, lang: str) -> Lexicon:
        """Return the lexicon for a language code; raise ConfigError when there is none."""
        lexicon = self.lexicons.get(lang)
        if lexicon is None:
            raise ConfigError(f"no relation lexicon for language {lang!r}; have {LANGUAGES}")
        return lexicon


def _leader_offices(path: Path) -> frozenset[str]:
    """Read the offices whose holder is LEADER_OF the entity (one name a line, # comments)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror}") from err
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
