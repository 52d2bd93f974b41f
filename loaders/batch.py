"""Run the pipeline over many articles, in order, in one process or in N worker processes.

Each worker loads the ``Pipeline`` once (the pool's initializer) and results come back in input
order, so the output is byte-identical for any number of jobs. A failure inside one article is
reported in ``errors`` and does not stop the others.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO

from kg.claims import Article, Claim
from kg.errors import InputError, KgError
from loaders.articles import DEFAULT_MAX_BYTES, read_articles
from loaders.pipeline import ArticleResult, Pipeline, extract_article

__all__ = ["extract_articles", "extract_file", "extract_paths"]

log = logging.getLogger(__name__)

# The worker's pipeline: set once per worker process by the pool initializer (not a cache of the
# parent process; a fresh process has no other way to receive the loaded data).
# A failure to load is kept and sent back with the first article, where the parent raises it.
_WORKER_PIPELINE: Pipeline | KgError | None = None


class _LoadFailed(Exception):
    """A worker could not load the pipeline (bad data files): fatal for the whole batch."""


def _start_worker(lang: str | None, with_entities: bool) -> None:
    global _WORKER_PIPELINE
    try:
        _WORKER_PIPELINE = Pipeline.load(lang=lang, with_entities=with_entities)
    except KgError as err:
        _WORKER_PIPELINE = err


def _extract_in_worker(article: Article) -> ArticleResult | KgError:
    assert _WORKER_PIPELINE is not None, "the pool initializer loads the pipeline"
    if isinstance(_WORKER_PIPELINE, KgError):
        raise _LoadFailed(_WORKER_PIPELINE)
    return _extract_safely(article, _WORKER_PIPELINE)


def _extract_safely(article: Article, pipeline: Pipeline) -> ArticleResult | KgError:
    try:
        return extract_article(article, pipeline=pipeline)
    except KgError as err:
        return err
    except Exception as err:  # a bug in a stage must not lose the rest of the batch
        log.exception("extraction of article %s failed", article.id)
        return KgError(f"article {article.id}: extraction failed: {type(err).__name__}: {err}")


def extract_articles(
    articles: Iterable[Article],
    *,
    errors: list[KgError],
    pipeline: Pipeline | None = None,
    jobs: int = 1,
    lang: str | None = None,
    with_entities: bool = False,
) -> Iterator[ArticleResult]:
    """Yield one result per article, in input order; failures go to ``errors``.

    With ``jobs`` > 1 the articles are spread over that many processes; ``pipeline`` is then
    ignored and each worker loads its own with ``lang`` and ``with_entities``.
    """
    if jobs <= 1:
        pipeline = pipeline or Pipeline.load(lang=lang, with_entities=with_entities)
        for article in articles:
            yield from _keep(_extract_safely(article, pipeline), errors)
        return
    window = jobs * 16  # articles in flight: enough to keep every worker busy, bounded memory
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(lang, with_entities)
    ) as pool:
        pending: deque[Future[ArticleResult | KgError]] = deque()
        for article in articles:
            pending.append(pool.submit(_extract_in_worker, article))
            if len(pending) >= window:
                yield from _keep(_result(pending.popleft()), errors)
        while pending:
            yield from _keep(_result(pending.popleft()), errors)


def _result(future: Future[ArticleResult | KgError]) -> ArticleResult | KgError:
    try:
        return future.result()
    except _LoadFailed as failed:
        raise failed.args[0] from None


def _keep(outcome: ArticleResult | KgError, errors: list[KgError]) -> Iterator[ArticleResult]:
    if isinstance(outcome, KgError):
        errors.append(outcome)
    else:
        yield outcome


def extract_paths(
    inputs: Iterable[str | Path],
    *,
    errors: list[KgError],
    jobs: int = 1,
    lang: str | None = None,
    with_entities: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: IO[bytes] | None = None,
    skipped: list[Path] | None = None,
    warnings: list[str] | None = None,
    pipeline: Pipeline | None = None,
) -> Iterator[ArticleResult]:
    """Read every input (files, directories, "-") and extract each article, in order.

    ``errors`` receives what failed, ``warnings`` what was read with a caveat (a legacy text
    encoding), ``skipped`` the files in directories that are not articles.
    """
    read_errors: list[InputError] = []
    articles = _collect(
        read_articles(
            inputs,
            errors=read_errors,
            max_bytes=max_bytes,
            stdin=stdin,
            skipped=skipped,
            warnings=warnings,
        ),
        read_errors,
        errors,
    )
    yield from extract_articles(
        articles,
        errors=errors,
        pipeline=pipeline,
        jobs=jobs,
        lang=lang,
        with_entities=with_entities,
    )


def _collect(
    articles: Iterator[Article], read_errors: list[InputError], errors: list[KgError]
) -> Iterator[Article]:
    """Pass articles on and move read errors into ``errors`` as soon as they happen."""
    for article in articles:
        errors.extend(read_errors)
        read_errors.clear()
        yield article
    errors.extend(read_errors)
    read_errors.clear()


def extract_file(path: str | Path, *, pipeline: Pipeline | None = None) -> list[Claim]:
    """Return the claims of every article in one file or directory; raise on any bad input.

    The claims are in article order, and sorted within each article.
    """
    errors: list[KgError] = []
    claims = [
        claim
        for result in extract_paths([path], errors=errors, pipeline=pipeline)
        for claim in result.claims
    ]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise type(errors[0])(f"{errors[0]}{more}")
    return claims
