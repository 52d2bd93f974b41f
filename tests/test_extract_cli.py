"""kg extract end to end: formats, summary, determinism across --jobs, offsets (no database)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.claims import read_claims
from kg.cli import cli
from kg.errors import KgError
from loaders import Pipeline, extract_file, extract_paths

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "extract"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.load(with_entities=True)


@pytest.fixture(scope="module")
def examples_jsonl(runner):
    result = runner.invoke(cli, ["extract", str(EXAMPLES), str(DATA)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result


def test_summary_reports_every_article(examples_jsonl, runner):
    documents = json.loads(
        runner.invoke(
            cli, ["extract", str(EXAMPLES), str(DATA), "--format", "json"], catch_exceptions=False
        ).stdout
    )
    expected = [
        f"{d['article']['id']}: {d['sentences']} sentences, "
        + (f"{len(d['claims'])} claims" if d["claims"] else "no claims")
        for d in documents
    ]
    sentences = sum(d["sentences"] for d in documents)
    claims = sum(len(d["claims"]) for d in documents)
    expected.append(f"{len(documents)} articles, {sentences} sentences, {claims} claims")
    assert examples_jsonl.stderr.splitlines() == expected
    assert len(documents) == 9


def test_jsonl_is_the_claim_contract(examples_jsonl):
    claims = list(read_claims(io.StringIO(examples_jsonl.stdout)))
    assert [json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in claims] == (
        examples_jsonl.stdout.splitlines(keepends=True)
    )
    assert {c.extractor.name for c in claims} == {"rules"}


def test_sentence_counts_and_no_claims_are_reported(runner):
    result = runner.invoke(
        cli, ["extract", str(DATA / "en-border-talks.md"), str(DATA / "no-actors.txt")]
    )
    lines = result.stderr.splitlines()
    assert lines[0].startswith("test-en-border: 5 sentences, ")
    assert lines[1] == "test-quiet: 1 sentences, no claims"


def test_output_is_identical_for_any_number_of_jobs(runner, examples_jsonl, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for path in sorted(EXAMPLES.glob("*.md")):
            body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
            for copy in range(4):
                handle.write(json.dumps({"id": f"{path.stem}-{copy}", "text": body}) + "\n")
    outputs = []
    for jobs in ("1", "2", "2"):
        out = tmp_path / f"claims-{jobs}-{len(outputs)}.jsonl"
        result = runner.invoke(
            cli, ["extract", str(corpus), "--jobs", jobs, "-o", str(out)], catch_exceptions=False
        )
        assert result.exit_code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_output_file_matches_stdout(runner, examples_jsonl, tmp_path):
    out = tmp_path / "claims.jsonl"
    result = runner.invoke(cli, ["extract", str(EXAMPLES), str(DATA), "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == examples_jsonl.stdout


def test_json_format_is_inferred_from_the_output_name(runner, tmp_path):
    out = tmp_path / "articles.json"
    result = runner.invoke(cli, ["extract", str(DATA / "mixed-sv-en.txt"), "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == [
        {
            "article": {
                "id": "test-mixed",
                "url": None,
                "title": None,
                "published": "2023-10-02",
                "source": None,
                "lang": "sv",
            },
            "lang": "sv",
            "other_languages": ["en"],
            "sentences": 4,
            "claims": [],
            "entities": [],
            "warnings": [],
        }
    ]


def test_table_format(runner, examples_jsonl):
    result = runner.invoke(
        cli, ["extract", str(EXAMPLES), str(DATA), "--format", "table"], catch_exceptions=False
    )
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["subject", "predicate", "object", "polarity", "conf", "evidence"]
    claims = list(read_claims(io.StringIO(examples_jsonl.stdout)))
    assert [line.split()[:4] for line in lines[1:]] == [
        [c.subject.id, c.predicate, c.object.id, c.polarity] for c in claims
    ]


def test_forced_language(runner):
    result = runner.invoke(
        cli, ["extract", str(DATA / "mixed-sv-en.txt"), "--lang", "DE", "--format", "json"]
    )
    [document] = json.loads(result.stdout)
    assert (document["lang"], document["other_languages"]) == ("de", [])


@pytest.mark.parametrize("value", ["swedish", "s", "sv_se"])
def test_bad_language_option_is_a_usage_error(runner, value):
    result = runner.invoke(cli, ["extract", str(DATA), "--lang", value])
    assert result.exit_code == 2
    assert f"Invalid value for --lang: {value!r} is not a language code such as sv" in result.stderr


def test_evidence_offsets_point_into_the_cleaned_text(pipeline):
    errors: list[KgError] = []
    results = list(extract_paths([EXAMPLES, DATA], errors=errors, pipeline=pipeline))
    assert errors == []
    for result in results:
        text = result.article.text
        assert "Share this article" not in text and "Advertisement" not in text
        for sentence in result.sentences:
            assert text[sentence.start : sentence.end] == sentence.text
        for claim in result.claims:
            assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
            assert claim.evidence.lang == result.lang or claim.evidence.lang in {
                s.lang for s in result.sentences
            }


def test_the_command_has_help_with_an_example(runner):
    result = runner.invoke(cli, ["extract", "--help"])
    assert result.exit_code == 0
    assert "kg extract examples/ -o claims.jsonl" in result.stdout


def test_extract_file_raises_on_bad_input(tmp_path, pipeline):
    path = tmp_path / "two-bad.jsonl"
    path.write_text('{"id": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(KgError) as caught:
        extract_file(path, pipeline=pipeline)
    assert str(caught.value) == f'{path}:1: missing field "text" (and 1 more)'
