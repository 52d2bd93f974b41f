"""kg eval: precision, recall and F1 of the extractor (or of a claims file) against a gold file."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from kg.errors import InputError, KgError
from kg.evaluate import (
    Counts,
    Prediction,
    Report,
    draft_gold,
    evaluate,
    normalise_name,
    object_names,
    predictions_from_claims,
    read_gold,
    read_predictions,
)
from kg.schema import Schema
from loaders import DEFAULT_MAX_BYTES, EXTRACTOR, extract_paths

__all__ = ["COMMANDS", "annotate_command", "eval_command"]

_WIDTH = 100


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument(
    "pred",
    required=False,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
    help="table: for a terminal; json: one object with every figure, miss and false positive.",
)
@click.option(
    "--misses",
    is_flag=True,
    help="Also list the core gold claims not found and the false positives with their sentences.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes when kg extracts the gold articles itself (no PRED).",
)
def eval_command(gold: Path, pred: Path | None, fmt: str, misses: bool, jobs: int) -> None:
    """Score claims against a gold file: precision, recall and F1, per predicate and language.

    GOLD holds one annotated article a line (docs/evaluation.md). PRED holds claims as kg extract
    writes them (- reads standard input), their article.id equal to the gold ids; without PRED,
    kg extracts the gold articles' text itself and scores what it finds.

    \b
    Examples:
      kg eval gold.jsonl
      kg eval gold.jsonl claims.jsonl --misses
      kg eval gold.jsonl --format json > scores.json
      kg extract gold.jsonl | kg eval gold.jsonl -
    """
    schema = Schema.load()
    articles = read_gold(gold, schema=schema)
    report = evaluate(articles, _predictions(gold, pred, schema=schema, jobs=jobs), schema=schema)
    if report.unknown_articles:
        unknown = report.unknown_articles
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        click.echo(
            f"Warning: {len(unknown)} article ids in {_source(pred)} are not in {gold} "
            f"and were not scored: {', '.join(unknown[:5])}{more}",
            err=True,
        )
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(report, misses=misses), nl=False)


@click.command("annotate")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Write the gold file to FILE instead of standard output.",
)
@click.option(
    "--blank",
    is_flag=True,
    help="Leave every article's claims empty instead of drafting them with the extractor.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse input files (for .jsonl: articles) larger than this.",
)
def annotate_command(inputs: tuple[str, ...], output: str, blank: bool, max_bytes: int) -> None:
    """Start a gold file from articles: one line each, with its text and draft claims to correct.

    Reads what kg extract reads (.txt, .md, .html, .json, .jsonl, directories, -). The drafted
    claims are the extractor's, each with its sentence as the note: delete the wrong ones, add
    what it missed, mark implicit ones "core": false, then score with kg eval (docs/evaluation.md).

    \b
    Examples:
      kg annotate my-articles/ -o gold.jsonl
      kg annotate article.html --blank >> gold.jsonl
    """
    schema = Schema.load()
    errors: list[KgError] = []
    results = extract_paths(inputs, errors=errors, max_bytes=max_bytes)
    count = 0
    with click.open_file(output, "w", encoding="utf-8", lazy=False) as stream:
        for result in results:
            claims = () if blank else result.claims
            record = draft_gold(result.article, claims, schema=schema, lang=result.lang)
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    click.echo(f"{count} articles written for annotation", err=True)
    if errors:
        for error in errors:
            click.echo(f"Error: {error}", err=True)
        raise InputError(f"{len(errors)} inputs failed (listed above); the others were written")


def _source(pred: Path | None) -> str:
    return "standard input" if str(pred) == "-" else str(pred)


def _predictions(gold: Path, pred: Path | None, *, schema: Schema, jobs: int) -> list[Prediction]:
    if pred is None:
        return _extract(gold, jobs=jobs)
    if str(pred) == "-":
        return read_predictions(sys.stdin, schema=schema, name="<stdin>")
    return read_predictions(pred, schema=schema)


def _extract(gold: Path, *, jobs: int) -> list[Prediction]:
    """Run the extractor on the gold articles' text (each gold line is also an article line)."""
    errors: list[KgError] = []
    results = list(extract_paths([gold], errors=errors, jobs=jobs))
    if errors:
        for error in errors:
            click.echo(f"Error: {error}", err=True)
        raise InputError(f"{len(errors)} gold articles could not be extracted (listed above)")
    predictions = predictions_from_claims(c for result in results for c in result.claims)
    click.echo(
        f"extracted {len(predictions)} claims from {len(results)} articles "
        f"({EXTRACTOR.name} {EXTRACTOR.version})",
        err=True,
    )
    return predictions


def render_table(report: Report, *, misses: bool = False) -> str:
    """Return the report as text for a terminal: figures, then (optionally) misses and errors."""
    lines = [_header(""), _figures("all", report.totals)]
    for title, table in (("predicate", report.per_predicate), ("language", report.per_language)):
        lines += ["", _header(f"by {title}")]
        lines += [_figures(f"  {key}", counts) for key, counts in table.items()]
    if misses:
        lines += ["", f"misses: {len(report.misses)} core gold claims not found"]
        for miss in report.misses:
            claim = miss.claim
            lines.append(
                f"  {miss.article}  {_triple(claim.subject, claim.predicate, claim.object)}"
                + (" (negative)" if claim.polarity == "negative" else "")
            )
            if claim.note:
                lines.append(_indent(f"note: {claim.note}"))
        lines += ["", f"false positives: {len(report.false_positives)} claims that match no gold"]
        for false in report.false_positives:
            prediction = false.prediction
            lines.append(
                f"  {false.article}  "
                f"{_triple(prediction.subject, prediction.predicate, prediction.object)}"
                + _label(prediction)
                + (" (negative)" if prediction.polarity == "negative" else "")
            )
            if prediction.evidence:
                lines.append(_indent(f"“{' '.join(prediction.evidence.split())}”"))
    return "\n".join(lines) + "\n"


def _header(title: str) -> str:
    return f"{title:<22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'found':>6} {'core':>5}"


def _figures(name: str, counts: Counts) -> str:
    return (
        f"{name:<22} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f} "
        f"{counts.tp:5} {counts.fp:5} {counts.found:6} {counts.core:5}"
    )


def _triple(subject: str, predicate: str, obj: str) -> str:
    return f"{subject} {predicate} {obj}"


def _label(prediction: Prediction) -> str:
    """Show a topic's label when its id does not say it: the name to add to o_aliases."""
    label = prediction.label
    if not prediction.object.startswith("topic:"):
        return ""
    if not label or normalise_name(label) in object_names(prediction.object):
        return ""
    return f" [{label}]"


def _indent(text: str) -> str:
    return textwrap.fill(
        text,
        width=_WIDTH,
        initial_indent="      ",
        subsequent_indent="      ",
        break_on_hyphens=False,
    )


COMMANDS = [annotate_command, eval_command]
