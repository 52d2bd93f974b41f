"""kg load, kg delete article, kg stats: the store's write side and its counts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from kg.claims import Article, Claim, Extractor, read_claims
from kg.cli.options import neo4j_options, settings_from
from kg.errors import KgError
from kg.spool import default_spool_path
from kg.store import DEFAULT_BATCH_SIZE, LoadReport, Stats, Store

__all__ = ["COMMANDS", "open_store"]


def open_store(ctx: click.Context, kwargs: dict[str, Any], *, verify: bool = True) -> Store:
    """Connect to Neo4j from the neo4j_options; the context closes the driver at the end."""
    return ctx.with_resource(Store.connect(settings_from(kwargs), verify=verify))


@click.command("load")
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "--claims",
    "claim_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
    help="Store claims extracted earlier (JSONL from kg extract, or a spool). Repeatable.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Claims per transaction.",
)
@click.option(
    "--spool",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="KG_SPOOL",
    show_envvar=True,
    help="Where claims not stored go when Neo4j fails "
    "[default: a new file in $KG_SPOOL_DIR, else ~/.local/state/kg/spool].",
)
@neo4j_options
@click.pass_context
def load_command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    claim_files: tuple[Path, ...],
    batch_size: int,
    spool: Path | None,
    **kwargs: Any,
) -> None:
    """Extract articles and store their claims in Neo4j, or store claims extracted earlier.

    Loading is idempotent: an article already stored with the same claims is skipped, and one
    extracted by a newer extractor version replaces the old claims. If Neo4j fails, the claims
    of every article not yet stored are saved to a spool file that --claims replays.

    \b
    Examples:
      kg load examples/
      kg load --claims claims.jsonl
      kg extract articles/ | kg load --claims -
    """
    if not inputs and not claim_files:
        raise click.UsageError("give INPUT files or directories, or --claims FILE")
    store = open_store(ctx, kwargs, verify=False)
    spool = spool or default_spool_path()
    errors: list[KgError] = []
    with _progress(inputs, claim_files) as bar:
        if claim_files:
            report = store.load_claims(
                _claims(claim_files, store.check_claim),
                batch_size=batch_size,
                progress=bar.update,
                spool=spool,
            )
        else:
            articles = _extracted(inputs, errors, bar)
            report = store.load_articles(articles, batch_size=batch_size, spool=spool)
    _finish(report, errors)


def _progress(inputs: tuple[str, ...], claim_files: tuple[Path, ...]) -> Any:
    """A progress bar on stderr over claims (for --claims) or input files."""
    if claim_files:
        total = sum(_count_lines(path) for path in claim_files)
        return click.progressbar(length=total, label="Loading claims", file=sys.stderr)
    return click.progressbar(length=len(_files(inputs)), label="Loading", file=sys.stderr)


def _count_lines(path: Path) -> int:
    if str(path) == "-":
        return 0
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def _claims(paths: tuple[Path, ...], check: Callable[[Claim], None]) -> Iterator[Claim]:
    """The claims of the files in order; one outside the schema is an error naming file:line."""
    for path in paths:
        if str(path) == "-":
            yield from read_claims(sys.stdin, name="<stdin>", check=check)
        else:
            yield from read_claims(path, check=check)


def _files(inputs: tuple[str, ...]) -> list[str]:
    """Return the article files the inputs name (directories expanded as the readers do)."""
    from loaders.articles import SUFFIXES

    files: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file())
            files.extend(str(p) for p in children if p.suffix.lower() in SUFFIXES)
        else:
            files.append(item)
    return files


def _extracted(
    inputs: tuple[str, ...], errors: list[KgError], bar: Any
) -> Iterator[tuple[Article, Extractor, tuple[Claim, ...]]]:
    """Extract the articles of each input file in turn, advancing the bar file by file."""
    from dataclasses import replace

    from loaders import EXTRACTOR
    from loaders.batch import extract_paths
    from loaders.pipeline import Pipeline

    pipeline = Pipeline.load()
    for name in _files(inputs):
        for result in extract_paths([name], errors=errors, pipeline=pipeline):
            yield replace(result.article, lang=result.lang), EXTRACTOR, result.claims
        bar.update(1)


def _finish(report: LoadReport, errors: list[KgError]) -> None:
    report.failed.extend(str(error) for error in errors)
    for error in errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"Loaded {report.summary()}", err=True)
    if errors:
        raise click.ClickException(f"{len(errors)} input(s) failed; the first: {errors[0]}")


@click.group("delete")
def delete_group() -> None:
    """Remove things from the graph (summaries are recomputed).

    \b
    Example:
      kg delete article seed-0001
    """


@delete_group.command("article")
@click.argument("article_id")
@neo4j_options
@click.pass_context
def delete_article_command(ctx: click.Context, article_id: str, **kwargs: Any) -> None:
    """Remove an article and its claims; recompute the relationships they fed.

    \b
    Example:
      kg delete article seed-0001
    """
    removed = open_store(ctx, kwargs).delete_article(article_id)
    click.echo(f"Deleted article {article_id} and its {removed} claims", err=True)


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON document.")
@neo4j_options
@click.pass_context
def stats_command(ctx: click.Context, as_json: bool, **kwargs: Any) -> None:
    """Count nodes, relationships, claims by predicate, articles by source; the date range.

    \b
    Examples:
      kg stats
      kg stats --json
    """
    stats = open_store(ctx, kwargs).stats()
    if as_json:
        click.echo(json.dumps(stats.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_stats(stats))


def render_stats(stats: Stats) -> str:
    """Return the stats as aligned text tables."""
    lines = ["Nodes"]
    lines += [f"  {label:<20} {n:>10,}" for label, n in stats.nodes.items()]
    lines.append("Relationships")
    lines += [f"  {kind:<20} {n:>10,}" for kind, n in stats.relationships.items() if n]
    lines.append("Claims by predicate and polarity")
    lines += [f"  {p:<20} {q:<9} {n:>10,}" for p, q, n in stats.claims]
    lines.append("Articles by source and language")
    lines += [f"  {s or '(none)':<30} {lang or '?':<4} {n:>8,}" for s, lang, n in stats.articles]
    first, last = stats.first_published or "-", stats.last_published or "-"
    lines.append(f"Published {first} .. {last}")
    return "\n".join(lines)


COMMANDS = [load_command, delete_group, stats_command]
