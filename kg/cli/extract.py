"""kg extract: articles to claims (no database needed)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import click

from kg.claims import write_claims
from kg.cli.query import terminal_text
from kg.errors import InputError, KgError
from loaders import DEFAULT_MAX_BYTES, ArticleResult, extract_paths

__all__ = ["COMMANDS", "extract"]

FORMATS = ("jsonl", "json", "table")
_LANG = re.compile(r"[a-z]{2,3}")
_EXCERPT = 60


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Write claims to FILE instead of standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="jsonl: one claim a line; json: one document per article; table: for a terminal. "
    "[default: json if -o ends in .json, else jsonl]",
)
@click.option("--lang", default="auto", show_default=True, help="auto, or a language code (sv).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes; the output is the same for any number.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse input files (for .jsonl: articles) larger than this.",
)
def extract(
    inputs: tuple[str, ...], output: str, fmt: str | None, lang: str, jobs: int, max_bytes: int
) -> None:
    """Extract claims from articles (.txt, .md, .html, .json, .jsonl, directories, -).

    Claims go to standard output (or -o FILE); a summary of sentences and claims per article
    goes to standard error. Exit 1 when some input failed; the others are still extracted.

    \b
    Examples:
      kg extract examples/ -o claims.jsonl
      kg extract article.html --format table
      cat articles.jsonl | kg extract - --jobs 2 > claims.jsonl
    """
    lang = lang.lower()
    if lang != "auto" and not _LANG.fullmatch(lang):
        raise click.BadParameter(f"{lang!r} is not a language code such as sv", param_hint="--lang")
    fmt = fmt or ("json" if output.endswith(".json") else "jsonl")
    errors: list[KgError] = []
    skipped: list[Path] = []
    warnings: list[str] = []
    results = extract_paths(
        inputs,
        errors=errors,
        jobs=jobs,
        lang=None if lang == "auto" else lang,
        with_entities=fmt == "json",
        max_bytes=max_bytes,
        skipped=skipped,
        warnings=warnings,
    )
    with click.open_file(output, "w", encoding="utf-8", lazy=False) as stream:
        counts = _write(_report(results), stream, fmt)
    _summarise(counts, errors, skipped, warnings)


def _report(results: Iterable[ArticleResult]) -> Iterator[ArticleResult]:
    """Pass results on, telling stderr what each article gave (nothing is dropped silently)."""
    for result in results:
        claims = f"{len(result.claims)} claims" if result.claims else "no claims"
        click.echo(f"{result.article.id}: {len(result.sentences)} sentences, {claims}", err=True)
        for warning in result.warnings:
            click.echo(f"Warning: {warning}", err=True)
        yield result


def _write(results: Iterable[ArticleResult], stream: IO[str], fmt: str) -> tuple[int, int, int]:
    articles = sentences = claims = 0
    if fmt == "json":
        stream.write("[")
    for result in results:
        if fmt == "jsonl":
            write_claims(result.claims, stream)
        elif fmt == "json":
            text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
            stream.write(("\n" if not articles else ",\n") + text)
        else:
            _write_table(result, stream, header=not articles)
        articles += 1
        sentences += len(result.sentences)
        claims += len(result.claims)
    if fmt == "json":
        stream.write("\n]\n" if articles else "]\n")
    return articles, sentences, claims


def _write_table(result: ArticleResult, stream: IO[str], *, header: bool) -> None:
    if header:
        stream.write(_row("subject", "predicate", "object", "polarity", "conf", "evidence"))
    for claim in result.claims:
        excerpt = " ".join(terminal_text(claim.evidence.text).split())
        if len(excerpt) > _EXCERPT:
            excerpt = excerpt[: _EXCERPT - 1] + "…"
        confidence = f"{claim.confidence:.2f}"
        stream.write(
            _row(
                claim.subject.id,
                claim.predicate,
                claim.object.id,
                claim.polarity,
                confidence,
                excerpt,
            )
        )


def _row(subject: str, predicate: str, obj: str, polarity: str, conf: str, evidence: str) -> str:
    return f"{subject:<22} {predicate:<17} {obj:<30} {polarity:<8} {conf:<4} {evidence}\n"


def _summarise(
    counts: tuple[int, int, int], errors: list[KgError], skipped: list[Path], warnings: list[str]
) -> None:
    articles, sentences, claims = counts
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    for path in skipped:
        click.echo(f"Skipped: {path} (not .txt, .md, .html, .htm, .json or .jsonl)", err=True)
    click.echo(f"{articles} articles, {sentences} sentences, {claims} claims", err=True)
    if errors:
        for error in errors:
            click.echo(f"Error: {error}", err=True)
        total = articles + len(errors)
        raise InputError(
            f"{len(errors)} of {total} inputs failed (listed above); the others were extracted"
        )


COMMANDS = [extract]
