"""loaders: article text to typed claims, without a database.

Public API (the rest is internal to the stages)::

    EXTRACTOR                        the extractor name and version written into every claim
    read_articles(inputs, errors=)   files, directories and "-" to Article objects
    Pipeline.load()                  load every data file once
    extract_article(article, pipeline=)   one article to an ArticleResult (claims, sentences, ...)
    extract_articles(articles, jobs=)     many articles, in order, optionally in N processes
    extract_paths(inputs, errors=)   read_articles + extract_articles
    extract_file(path)               the claims of one file (raises on bad input)

    >>> from loaders import extract_file
    >>> claims = extract_file("examples/sv-sverige-nato.md")
"""

from __future__ import annotations

from kg.claims import Extractor

# Bump the version whenever extraction behaviour changes (STYLE.md N9); every claim carries it.
# Defined before the imports below: loaders.assemble imports it while this package initialises.
EXTRACTOR = Extractor(name="rules", version="3")

from loaders.articles import DEFAULT_MAX_BYTES, read_articles  # noqa: E402
from loaders.batch import extract_articles, extract_file, extract_paths  # noqa: E402
from loaders.pipeline import ArticleResult, Pipeline, extract_article  # noqa: E402

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTRACTOR",
    "ArticleResult",
    "Pipeline",
    "extract_article",
    "extract_articles",
    "extract_file",
    "extract_paths",
    "read_articles",
]
