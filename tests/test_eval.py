"""kg eval: the GUIDE's matching rules, figures that agree with ../shared/eval/score.py, errors.

The gold files in tests/data/eval are written for these tests (gold.jsonl: four short articles;
pred.jsonl: hand-made predictions covering each matching rule). The agreement tests run the
reference scorer, when ../shared/eval is present next to the repository, on the development set
and on predictions derived from it, and compare every figure it prints.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.claims import write_claims
from kg.cli import cli
from kg.errors import InputError, KgError
from kg.evaluate import (
    Counts,
    GoldArticle,
    GoldClaim,
    Prediction,
    draft_gold,
    evaluate,
    normalise_name,
    object_names,
    read_gold,
    read_predictions,
)
from kg.schema import Schema
from loaders import EXTRACTOR, extract_paths

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "eval"
SHARED = ROOT.parent / "shared" / "eval"
SCORER, DEV = SHARED / "score.py", SHARED / "dev.jsonl"
needs_shared = pytest.mark.skipif(
    not (SCORER.is_file() and DEV.is_file()),
    reason=f"the reference scorer and development set are not at {SHARED}",
)
SCHEMA = Schema.load()


def gold(*claims: GoldClaim, lang: str = "en") -> list[GoldArticle]:
    return [GoldArticle(id="a1", lang=lang, claims=claims)]


def claim(s, p, o, *, polarity="positive", core=True, aliases=()):
    return GoldClaim(s, p, o, polarity, core, tuple(aliases), names=object_names(o, None, aliases))


def predict(s, p, o, *, label=None, polarity="positive", article="a1"):
    return Prediction(article, s, p, o, label, polarity, names=object_names(o, label))


def counts_of(articles, predictions):
    return evaluate(articles, predictions, schema=SCHEMA).totals


# --- the matching rules ------------------------------------------------------------------------


def test_symmetric_predicates_match_either_direction():
    articles = gold(claim("FRA", "MEETS", "DEU"), claim("SWE", "AGREES_WITH", "FIN"))
    predictions = [predict("DEU", "MEETS", "FRA"), predict("FIN", "AGREES_WITH", "SWE")]
    assert counts_of(articles, predictions) == Counts(tp=2, fp=0, found=2, core=2)


def test_directed_predicates_do_not_match_reversed():
    articles = gold(claim("DEU", "CRITICIZES", "IRN"))
    assert counts_of(articles, [predict("IRN", "CRITICIZES", "DEU")]) == Counts(fp=1, core=1)


def test_polarity_must_agree():
    articles = gold(claim("RUS", "ATTACKS", "FIN", polarity="negative"))
    assert counts_of(articles, [predict("RUS", "ATTACKS", "FIN")]) == Counts(fp=1, core=1)
    negative = predict("RUS", "ATTACKS", "FIN", polarity="negative")
    assert counts_of(articles, [negative]) == Counts(tp=1, found=1, core=1)


def test_topic_aliases_match_label_or_slug_without_accents_or_punctuation():
    articles = gold(
        claim("FRA", "OPPOSES", "topic:nato-expansion", aliases=["élargissement de l'OTAN"])
    )
    by_label = predict("FRA", "OPPOSES", "topic:x", label="Elargissement de l’Otan")
    by_slug = predict("FRA", "OPPOSES", "topic:elargissement-de-l-otan", label="something else")
    by_gold_slug = predict("FRA", "OPPOSES", "topic:y", label="NATO expansion")
    for prediction in (by_label, by_slug, by_gold_slug):
        assert counts_of(articles, [prediction]) == Counts(tp=1, found=1, core=1)
    other = predict("FRA", "OPPOSES", "topic:nato", label="NATO")
    assert counts_of(articles, [other]) == Counts(fp=1, core=1)


def test_aliases_apply_to_topics_only():
    articles = gold(claim("SWE", "MEMBER_OF", "NATO", aliases=["Nato"]))
    by_label = predict("SWE", "MEMBER_OF", "topic:nato", label="Nato")
    assert counts_of(articles, [by_label]) == Counts(fp=1, core=1)


def test_non_core_claims_are_neither_found_nor_false():
    articles = gold(claim("IRN", "ATTACKS", "ISR", core=False))
    assert counts_of(articles, [predict("IRN", "ATTACKS", "ISR")]) == Counts()


def test_a_prediction_takes_the_core_claim_before_a_non_core_id_match():
    articles = gold(
        claim("POL", "OPPOSES", "topic:migration-pact", core=False),
        claim("POL", "OPPOSES", "topic:eu-migration-pact", aliases=["migration pact"]),
    )
    prediction = predict("POL", "OPPOSES", "topic:migration-pact", label="migration pact")
    assert counts_of(articles, [prediction]) == Counts(tp=1, found=1, core=1)


def test_a_second_name_for_a_found_claim_counts_neither_way():
    articles = gold(claim("HUN", "OPPOSES", "topic:nato-expansion", aliases=["NATO enlargement"]))
    predictions = [
        predict("HUN", "OPPOSES", "topic:nato-expansion"),
        predict("HUN", "OPPOSES", "topic:nato-enlargement"),
    ]
    assert counts_of(articles, predictions) == Counts(tp=1, found=1, core=1)


def test_duplicates_count_once_in_either_direction_for_symmetric_predicates():
    articles = gold()
    predictions = [
        predict("FRA", "MEETS", "DEU"),
        predict("DEU", "MEETS", "FRA"),
        predict("FRA", "MEETS", "DEU"),
        predict("FRA", "CRITICIZES", "DEU"),
        predict("DEU", "CRITICIZES", "FRA"),
    ]
    assert counts_of(articles, predictions) == Counts(fp=3)


def test_predictions_match_only_their_own_article():
    articles = [
        GoldArticle("a1", "en", (claim("FRA", "MEETS", "DEU"),)),
        GoldArticle("a2", "en", ()),
    ]
    report = evaluate(articles, [predict("FRA", "MEETS", "DEU", article="a2")], schema=SCHEMA)
    assert report.per_article == {"a1": Counts(core=1), "a2": Counts(fp=1)}


def test_empty_predictions_miss_every_core_claim():
    articles = read_gold(DATA / "gold.jsonl", schema=SCHEMA)
    report = evaluate(
        articles, read_predictions(DATA / "empty.jsonl", schema=SCHEMA), schema=SCHEMA
    )
    assert report.totals == Counts(tp=0, fp=0, found=0, core=7)
    assert (report.totals.precision, report.totals.recall, report.totals.f1) == (0.0, 0.0, 0.0)
    assert len(report.misses) == 7
    assert report.false_positives == []


@given(st.text())
def test_normalise_name_is_idempotent(text):
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert re.fullmatch(r"([a-z0-9]+( [a-z0-9]+)*)?", once)


# --- the small gold file -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_report():
    articles = read_gold(DATA / "gold.jsonl", schema=SCHEMA)
    return evaluate(articles, read_predictions(DATA / "pred.jsonl", schema=SCHEMA), schema=SCHEMA)


def test_small_gold_figures(small_report):
    assert small_report.totals == Counts(tp=4, fp=4, found=4, core=7)
    assert small_report.totals.precision == 0.5
    assert small_report.totals.recall == 4 / 7
    assert small_report.per_predicate == {
        "AGREES_WITH": Counts(tp=1, found=1, core=1),
        "ATTACKS": Counts(fp=1, core=1),
        "CONCERNED_ABOUT": Counts(core=1),
        "CRITICIZES": Counts(fp=2, core=1),
        "MEETS": Counts(tp=1, found=1, core=1),
        "OPPOSES": Counts(tp=2, found=2, core=2),
        "SANCTIONS": Counts(fp=1),
    }
    assert small_report.per_language == {
        "en": Counts(tp=3, fp=2, found=3, core=5),
        "sv": Counts(tp=1, fp=1, found=1, core=2),
        "unknown": Counts(fp=1),
    }
    assert small_report.unknown_articles == ["t-xx-9"]


def test_small_gold_misses_and_false_positives(small_report):
    misses = [
        (m.article, m.lang, m.claim.subject, m.claim.predicate, m.claim.object, m.claim.polarity)
        for m in small_report.misses
    ]
    assert misses == [
        ("t-en-1", "en", "RUS", "ATTACKS", "FIN", "negative"),
        (
            "t-en-1",
            "en",
            "JPN",
            "CONCERNED_ABOUT",
            "topic:north-korean-missile-launches",
            "positive",
        ),
        ("t-sv-1", "sv", "DEU", "CRITICIZES", "IRN", "positive"),
    ]
    false = [
        (f.article, f.prediction.subject, f.prediction.predicate, f.prediction.object)
        for f in small_report.false_positives
    ]
    assert false == [
        ("t-en-1", "RUS", "ATTACKS", "FIN"),
        ("t-en-1", "FIN", "CRITICIZES", "RUS"),
        ("t-sv-1", "IRN", "CRITICIZES", "DEU"),
        ("t-nolang", "CAN", "SANCTIONS", "IRN"),
    ]
    assert small_report.false_positives[2].prediction.evidence == (
        "Tyskland fördömde Irans attacker mot Israel."
    )


TABLE = """\
                            P      R     F1    tp    fp  found  core
all                     0.500  0.571  0.533     4     4      4     7

by predicate                P      R     F1    tp    fp  found  core
  AGREES_WITH           1.000  1.000  1.000     1     0      1     1
  ATTACKS               0.000  0.000  0.000     0     1      0     1
  CONCERNED_ABOUT       0.000  0.000  0.000     0     0      0     1
  CRITICIZES            0.000  0.000  0.000     0     2      0     1
  MEETS                 1.000  1.000  1.000     1     0      1     1
  OPPOSES               1.000  1.000  1.000     2     0      2     2
  SANCTIONS             0.000  0.000  0.000     0     1      0     0

by language                 P      R     F1    tp    fp  found  core
  en                    0.600  0.600  0.600     3     2      3     5
  sv                    0.500  0.500  0.500     1     1      1     2
  unknown               0.000  0.000  0.000     0     1      0     0
"""

MISSES = """
misses: 3 core gold claims not found
  t-en-1  RUS ATTACKS FIN (negative)
      note: denied planning to attack
  t-en-1  JPN CONCERNED_ABOUT topic:north-korean-missile-launches
  t-sv-1  DEU CRITICIZES IRN

false positives: 4 claims that match no gold
  t-en-1  RUS ATTACKS FIN
      “Russia denied planning to attack Finland.”
  t-en-1  FIN CRITICIZES RUS
      “Russia denied planning to attack Finland.”
  t-sv-1  IRN CRITICIZES DEU
      “Tyskland fördömde Irans attacker mot Israel.”
  t-nolang  CAN SANCTIONS IRN
      “Canada sanctioned Iran's oil sector.”
"""


def test_cli_table_with_misses(runner, monkeypatch):
    monkeypatch.chdir(DATA)
    result = runner.invoke(
        cli, ["eval", "gold.jsonl", "pred.jsonl", "--misses"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert result.stdout == TABLE + MISSES
    assert result.stderr == (
        "Warning: 1 article ids in pred.jsonl are not in gold.jsonl and were not scored: t-xx-9\n"
    )


def test_cli_table_without_misses(runner):
    args = ["eval", str(DATA / "gold.jsonl"), str(DATA / "pred.jsonl")]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, TABLE)


def test_cli_reads_predictions_from_standard_input(runner):
    pred = (DATA / "pred.jsonl").read_text(encoding="utf-8")
    args = ["eval", str(DATA / "gold.jsonl"), "-"]
    result = runner.invoke(cli, args, input=pred, catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, TABLE)
    gold_file = DATA / "gold.jsonl"
    assert result.stderr == (
        f"Warning: 1 article ids in standard input are not in {gold_file} and were not scored: "
        "t-xx-9\n"
    )
    bad = (DATA / "pred-no-subject.jsonl").read_text(encoding="utf-8")
    result = runner.invoke(cli, args, input=bad)
    assert result.stderr == (
        'Error: <stdin>:2: missing object "subject" with an "id"; write claims as kg extract does\n'
    )


def test_cli_json_holds_every_figure(runner, small_report):
    args = ["eval", str(DATA / "gold.jsonl"), str(DATA / "pred.jsonl"), "--format", "json"]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document == json.loads(json.dumps(small_report.to_dict()))
    assert {k: document[k] for k in ("precision", "recall", "tp", "fp", "found", "core")} == {
        "precision": 0.5,
        "recall": 4 / 7,
        "tp": 4,
        "fp": 4,
        "found": 4,
        "core": 7,
    }
    assert document["per_predicate"]["CRITICIZES"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "tp": 0,
        "fp": 2,
        "found": 0,
        "core": 1,
    }
    assert document["misses"][0] == {
        "article": "t-en-1",
        "lang": "en",
        "s": "RUS",
        "p": "ATTACKS",
        "o": "FIN",
        "o_aliases": [],
        "polarity": "negative",
        "core": True,
        "note": "denied planning to attack",
    }
    assert document["false_positives"][3] == {
        "lang": "unknown",
        "article": "t-nolang",
        "subject": "CAN",
        "predicate": "SANCTIONS",
        "object": "IRN",
        "label": "IRN",
        "polarity": "positive",
        "evidence": "Canada sanctioned Iran's oil sector.",
    }
    assert document["unknown_articles"] == ["t-xx-9"]


def test_cli_without_pred_scores_what_kg_extract_finds(runner, tmp_path):
    errors: list[KgError] = []
    claims = [c for r in extract_paths([DATA / "gold.jsonl"], errors=errors) for c in r.claims]
    assert errors == []
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as stream:
        write_claims(claims, stream)
    gold_file = str(DATA / "gold.jsonl")
    by_file = runner.invoke(cli, ["eval", gold_file, str(pred), "--format", "json"])
    by_itself = runner.invoke(cli, ["eval", gold_file, "--format", "json"], catch_exceptions=False)
    assert (by_itself.exit_code, by_file.exit_code) == (0, 0)
    assert json.loads(by_itself.stdout) == json.loads(by_file.stdout)
    version = f"{EXTRACTOR.name} {EXTRACTOR.version}"
    assert by_itself.stderr == f"extracted {len(claims)} claims from 4 articles ({version})\n"


def test_cli_without_pred_reports_articles_it_cannot_extract(runner, tmp_path):
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text('{"id": "x1", "lang": "en", "claims": []}\n', encoding="utf-8")
    result = runner.invoke(cli, ["eval", str(gold_file)])
    assert result.exit_code == 1
    # The first line is the article reader's own message (loaders.articles), naming file:line.
    first, last = result.stderr.splitlines()
    assert first.startswith(f"Error: {gold_file}:1: ") and '"text"' in first
    assert last == "Error: 1 gold articles could not be extracted (listed above)"


# --- bad input: one line naming file:line and the fix -------------------------------------------

PREDICATES = ", ".join(SCHEMA.predicate_names)
BAD_GOLD = [
    ("bad-json.jsonl", "2: not JSON: Expecting value (column 26); write one gold article per line"),
    ("bad-predicate.jsonl", '1: claim 1: "p": "OPPOSE" is not a predicate; did you mean OPPOSES?'),
    (
        "bad-entity.jsonl",
        "3: claim 2: \"s\": 'Poland' is not an entity id; use an ISO 3166 alpha-3 code (RUS), "
        "an acronym (NATO) or group:, person:, topic:, region: and a slug (topic:nato-expansion)",
    ),
    (
        "bad-polarity.jsonl",
        '1: claim 1: "polarity" must be "positive" or "negative", not "denied"',
    ),
    (
        "duplicate-id.jsonl",
        "2: article id 't-en-2' is already used on line 1; give every article its own id",
    ),
    ("no-claims.jsonl", '1: missing "claims" list; write "claims": [] for none'),
]


@pytest.mark.parametrize(("name", "message"), BAD_GOLD, ids=[name for name, _ in BAD_GOLD])
def test_bad_gold_line_is_one_line_naming_file_and_line(runner, name, message):
    path = DATA / name
    result = runner.invoke(cli, ["eval", str(path), str(DATA / "empty.jsonl")])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {path}:{message}\n"


def test_bad_prediction_line_names_file_and_line(runner):
    pred = DATA / "pred-no-subject.jsonl"
    result = runner.invoke(cli, ["eval", str(DATA / "gold.jsonl"), str(pred)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f'Error: {pred}:2: missing object "subject" with an "id"; write claims as kg extract does\n'
    )


def test_unknown_predicate_without_a_close_match_lists_the_valid_ones(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "x", "claims": [{"s": "FRA", "p": "LIKES", "o": "DEU"}]}\n')
    with pytest.raises(InputError) as caught:
        read_gold(path, schema=SCHEMA)
    assert str(caught.value) == (
        f'{path}:1: claim 1: "p": "LIKES" is not a predicate; one of {PREDICATES}'
    )


def test_gold_that_is_not_utf8_is_one_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"id": "x", "title": "\xe9t\xe9", "claims": []}\n')
    with pytest.raises(InputError) as caught:
        read_gold(path, schema=SCHEMA)
    assert (
        str(caught.value) == f"{path}: not UTF-8 text (invalid continuation byte); save it as UTF-8"
    )


# --- agreement with the reference scorer ----------------------------------------------------------


def run_scorer(gold_path: Path, pred_path: Path) -> tuple[dict, dict, list[str]]:
    """Return score.py's JSON, its per-predicate table (tp, fp, core) and its error lines."""
    command = [sys.executable, str(SCORER), str(gold_path), str(pred_path)]
    as_json = subprocess.run([*command, "--json"], capture_output=True, text=True, check=True)
    as_text = subprocess.run([*command, "--errors"], capture_output=True, text=True, check=True)
    row = re.compile(r"(\S+) +[\d.]+ +[\d.]+ +[\d.]+ +(\d+) +(\d+) +(\d+)")
    table = {
        m[1]: (int(m[2]), int(m[3]), int(m[4]))
        for line in as_text.stdout.splitlines()
        if (m := row.fullmatch(line))
    }
    errors = [line for line in as_text.stdout.splitlines() if line[:3] in ("FP ", "FN ")]
    return json.loads(as_json.stdout), table, errors


def assert_agrees(gold_path: Path, pred_path: Path) -> None:
    expected, table, errors = run_scorer(gold_path, pred_path)
    report = evaluate(
        read_gold(gold_path, schema=SCHEMA),
        read_predictions(pred_path, schema=SCHEMA),
        schema=SCHEMA,
    )
    totals = report.totals
    assert {
        "precision": totals.precision,
        "recall": totals.recall,
        "f1": totals.f1,
        "tp": totals.tp,
        "fp": totals.fp,
        "core": totals.core,
        "found": totals.found,
    } == {key: value for key, value in expected.items() if key != "per_predicate"}
    assert {
        name: {"precision": c.precision, "recall": c.recall, "f1": c.f1}
        for name, c in report.per_predicate.items()
    } == expected["per_predicate"]
    assert {name: (c.tp, c.fp, c.core) for name, c in report.per_predicate.items()} == table
    assert [line for line in errors if line.startswith("FP ")] == [
        f"FP {f.article}: {f.prediction.subject} {f.prediction.predicate} "
        f"{f.prediction.object} ({f.prediction.polarity})"
        for f in report.false_positives
    ]
    assert [line for line in errors if line.startswith("FN ")] == [
        f"FN {m.article}: {m.claim.subject} {m.claim.predicate} {m.claim.object} "
        f"({m.claim.polarity})"
        for m in report.misses
    ]


@pytest.fixture(scope="module")
def dev_predictions(tmp_path_factory):
    errors: list[KgError] = []
    claims = [c for result in extract_paths([DEV], errors=errors) for c in result.claims]
    assert errors == []
    path = tmp_path_factory.mktemp("eval") / "dev-pred.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        write_claims(claims, stream)
    return path


@needs_shared
def test_agrees_with_score_py_on_the_development_set(dev_predictions):
    assert_agrees(DEV, dev_predictions)


@needs_shared
def test_kg_eval_on_the_development_set_extracts_what_kg_extract_does(runner, dev_predictions):
    by_file = runner.invoke(cli, ["eval", str(DEV), str(dev_predictions), "--format", "json"])
    by_itself = runner.invoke(cli, ["eval", str(DEV), "--format", "json"], catch_exceptions=False)
    assert (by_itself.exit_code, by_file.exit_code) == (0, 0)
    assert json.loads(by_itself.stdout) == json.loads(by_file.stdout)


def test_agrees_with_score_py_on_the_small_gold_file():
    if not SCORER.is_file():
        pytest.skip(f"the reference scorer is not at {SCORER}")
    assert_agrees(DATA / "gold.jsonl", DATA / "pred.jsonl")


def perturbed_predictions(gold_path: Path, seed: int) -> list[str]:
    """Predictions derived from gold claims, each bent by one rule (or none), in a random order."""
    rng = random.Random(seed)
    lines = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        for claim in article["claims"]:
            s, p, o = claim["s"], claim["p"], claim["o"]
            polarity, label = claim.get("polarity", "positive"), None
            bends = ["same", "reverse", "polarity", "alias", "slug", "other", "twice", "both"]
            bend = rng.choice(bends)
            if bend == "reverse":
                s, o = o, s
            elif bend == "polarity":
                polarity = "negative" if polarity == "positive" else "positive"
            elif bend in ("alias", "slug") and claim.get("o_aliases"):
                alias = rng.choice(claim["o_aliases"])
                label = alias if bend == "alias" else "unrelated words"
                o = (
                    "topic:x"
                    if bend == "alias"
                    else "topic:" + normalise_name(alias).replace(" ", "-")
                )
            elif bend == "other":
                o = rng.choice(["USA", "topic:peace", "region:crimea"])
            ends = [(s, o), (s, o)] if bend == "twice" else [(s, o)]
            if bend == "both":  # a pair the gold does not hold, in both directions
                ends = [(s, "XKX"), ("XKX", s)]
            for s, o in ends:
                lines.append(
                    json.dumps(
                        {
                            "article": {"id": article["id"]},
                            "subject": {"id": s},
                            "predicate": p,
                            "object": {"id": o, "label": label or o},
                            "polarity": polarity,
                        }
                    )
                )
    lines.append(
        json.dumps(
            {
                "article": {"id": "not-in-gold"},
                "subject": {"id": "USA"},
                "predicate": "MEETS",
                "object": {"id": "CHN"},
            }
        )
    )
    rng.shuffle(lines)
    return lines


@needs_shared
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_score_py_on_bent_predictions(tmp_path, seed):
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(perturbed_predictions(DEV, seed)) + "\n", encoding="utf-8")
    assert_agrees(DEV, pred)


# --- kg annotate: a gold file to start from ------------------------------------------------------


def test_annotate_drafts_what_kg_eval_then_finds_in_full(runner, tmp_path):
    gold_file = tmp_path / "gold.jsonl"
    args = ["annotate", str(ROOT / "examples"), "-o", str(gold_file)]
    drafted = runner.invoke(cli, args, catch_exceptions=False)
    assert (drafted.exit_code, drafted.stderr) == (0, "6 articles written for annotation\n")
    records = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines()]
    articles = read_gold(gold_file, schema=SCHEMA)
    assert [a.lang for a in articles] == ["de", "en", "en", "es", "fr", "sv"]
    core = sum(len(a.claims) for a in articles)
    scored = runner.invoke(cli, ["eval", str(gold_file), "--format", "json"])
    figures = json.loads(scored.stdout)
    assert (figures["tp"], figures["fp"], figures["found"], figures["core"]) == (
        core,
        0,
        core,
        core,
    )
    assert figures["f1"] == 1.0
    first = records[0]["claims"][0]
    assert set(first) == {"s", "p", "o", "o_aliases", "polarity", "core", "note"}
    assert first["note"] in records[0]["text"]


def test_annotate_drafts_each_claim_once():
    errors: list[KgError] = []
    (result,) = extract_paths([ROOT / "examples" / "sv-sverige-nato.md"], errors=errors)
    symmetric = [c for c in result.claims if SCHEMA.predicate(c.predicate).symmetric]
    assert symmetric, "the example states a symmetric claim"
    swapped = [replace(c, subject=c.object, object=c.subject) for c in symmetric]
    once = draft_gold(result.article, result.claims, schema=SCHEMA, lang=result.lang)
    again = draft_gold(
        result.article, [*result.claims, *swapped, *result.claims], schema=SCHEMA, lang=result.lang
    )
    assert again == once
    drafted = [(c["p"], frozenset((c["s"], c["o"]))) for c in once["claims"]]
    for claim in symmetric:
        pair = frozenset((claim.subject.id, claim.object.id))
        assert drafted.count((claim.predicate, pair)) == 1


def test_annotate_blank_leaves_claims_to_the_analyst(runner):
    args = ["annotate", str(ROOT / "examples" / "sv-sverige-nato.md"), "--blank"]
    result = runner.invoke(cli, args, catch_exceptions=False)
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["claims"] == []
    assert (record["lang"], record["title"]) == ("sv", "Sverige blir Natos 32:a medlem")
    assert record["text"].startswith("Sverige gick på torsdagen med i Nato")


def test_annotate_reports_inputs_it_cannot_read(runner, tmp_path):
    missing = tmp_path / "missing.md"
    result = runner.invoke(cli, ["annotate", str(missing)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "0 articles written for annotation\n"
        f"Error: {missing}: no such file or directory\n"
        "Error: 1 inputs failed (listed above); the others were written\n"
    )
