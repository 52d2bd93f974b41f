"""Relation extraction: lexicons load and match, and the mechanisms (frames, attribution,
negation, references) behave as specified, in sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.paths import lexicon_dir
from kg.schema import Schema
from loaders.lemmas import lemmatize
from loaders.predicates import Lexicon, match_triggers, normalize_token, tokenize, tokenize_entry

LANGS = ("de", "en", "es", "fr", "sv")
FILES = (
    "attribution.tsv",
    "conditionals.tsv",
    "function_words.tsv",
    "hedges.tsv",
    "negation.tsv",
    "predicates.tsv",
    "pronouns.tsv",
    "references.tsv",
)


@pytest.fixture(scope="module")
def schema() -> Schema:
    return Schema.load()


def _triggers(lexicon: Lexicon, text: str) -> list[tuple[str, str, str]]:
    lowers = [normalize_token(m.group()) for m in tokenize(text)]

    def lemma(i: int) -> str:
        return lemmatize(lowers[i], lexicon.lang).lower()

    return [
        (" ".join(lowers[m.start : m.end]), m.trigger.predicate, m.trigger.polarity)
        for m in match_triggers(lexicon, lowers, lemma)
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_the_same_files(lang):
    assert {p.name for p in lexicon_dir(lang).glob("*.tsv")} >= set(FILES)


@pytest.mark.parametrize("lang", LANGS)
def test_lexicon_loads_and_covers_every_predicate_but_leader(lang, schema):
    lexicon = Lexicon.load(lexicon_dir(lang), lang=lang, schema=schema)
    predicates = {
        trigger.predicate
        for table in (lexicon.triggers, lexicon.prefix_triggers)
        for triggers in table.values()
        for trigger in triggers
    }
    assert predicates == set(schema.predicate_names) - {"LEADER_OF"}


def test_entry_tokens_split_like_text():
    assert tokenize_entry("s’opposer à") == ("s", "'", "opposer", "à")
    assert tokenize_entry("sanktion*") == ("sanktion*",)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "They condemned it and called on others.",
            [("condemned", "CRITICIZES", "positive"), ("called on", "DEMANDS", "positive")],
        ),
        ("en", "Oslo left the bloc.", [("left", "MEMBER_OF", "negative")]),
        (
            "sv",
            "De motsätter sig sanktionerna.",
            [("motsätter sig", "OPPOSES", "positive"), ("sanktionerna", "SANCTIONS", "positive")],
        ),
        (
            "de",
            "Sie kritisierten die Sanktionen.",
            [("kritisierten", "CRITICIZES", "positive"), ("sanktionen", "SANCTIONS", "positive")],
        ),
        ("fr", "Ils s’opposent à l’accord.", [("s ' opposent", "OPPOSES", "positive")]),
        (
            "es",
            "Condenó la invasión.",
            [("condenó", "CRITICIZES", "positive"), ("invasión", "ATTACKS", "positive")],
        ),
    ],
    ids=["en-verbs", "en-leave", "sv-reflexive", "de-prefix", "fr-elision", "es-noun"],
)
def test_triggers_match_lemmas_and_expressions(lang, text, expected, schema):
    lexicon = Lexicon.load(lexicon_dir(lang), lang=lang, schema=schema)
    assert _triggers(lexicon, text) == expected


def test_unknown_predicate_is_a_config_error(tmp_path: Path, schema):
    for name in FILES:
        (tmp_path / name).write_text((lexicon_dir("en") / name).read_text(encoding="utf-8"))
    with (tmp_path / "predicates.tsv").open("a", encoding="utf-8") as handle:
        handle.write("befriend\tLIKES\tpositive\tverb\t0.8\n")
    with pytest.raises(ConfigError, match=r"predicates.tsv:\d+: unknown predicate 'LIKES'"):
        Lexicon.load(tmp_path, lang="en", schema=schema)


def test_bad_frame_is_a_config_error(tmp_path: Path, schema):
    for name in FILES:
        (tmp_path / name).write_text((lexicon_dir("en") / name).read_text(encoding="utf-8"))
    (tmp_path / "predicates.tsv").write_text("befriend\tSUPPORTS\tpositive\tadverb\t0.8\n")
    with pytest.raises(ConfigError, match=r"predicates.tsv:1: frame 'adverb' is not one of"):
        Lexicon.load(tmp_path, lang="en", schema=schema)


@pytest.fixture(scope="module")
def resources():
    from loaders.resources import Resources

    return Resources.load()


def _claims(text: str, lang: str, resources):
    from kg.claims import Article
    from loaders.relations import extract_claims
    from loaders.sentences import split_sentences

    article = Article(id="t", text=text, lang=lang, published="2024-03-01")
    return extract_claims(article, split_sentences(text, lang=lang), resources)


def test_hedge_lowers_confidence(resources):
    plain = _claims("Russia attacked Ukraine.", "en", resources)
    hedged = _claims("Russia reportedly attacked Ukraine.", "en", resources)
    assert [(c.subject.id, c.object.id, c.confidence) for c in plain] == [("RUS", "UKR", 0.8)]
    assert [(c.subject.id, c.object.id, c.confidence) for c in hedged] == [("RUS", "UKR", 0.56)]
    assert "hedge" in hedged[0].rules


def test_reported_speech_is_attributed_to_the_speaker(resources):
    claims = _claims("Sverige skickar vapen till Ukraina, säger Ulf Kristersson.", "sv", resources)
    assert [(c.subject.id, c.predicate, c.object.id) for c in claims] == [("SWE", "AIDS", "UKR")]
    assert claims[0].attributed_to is not None and claims[0].attributed_to.id == "SWE"


def test_person_for_state_keeps_the_person_as_agent(resources):
    claims = _claims("Vladimir Putin criticised NATO.", "en", resources)
    assert [(c.subject.id, c.predicate, c.object.id) for c in claims] == [
        ("RUS", "CRITICIZES", "NATO")
    ]
    assert claims[0].agent is not None and claims[0].agent.id == "person:vladimir-putin"


def test_claims_carry_evidence_extractor_and_rules(resources):
    text = "Intro. Canada condemned Iran."
    (claim,) = _claims(text, "en", resources)
    assert (claim.evidence.start, claim.evidence.end, claim.evidence.text) == (7, 29, text[7:29])
    assert claim.evidence.lang == "en"
    assert (claim.extractor.name, claim.article.text) == ("rules", "")
    assert claim.rules == ("trigger:condemn", "subject:name")


def test_output_is_deterministic(resources):
    text = "Egypt and Qatar held talks. The two countries criticised Israel and Iran."
    first = [c.to_dict() for c in _claims(text, "en", resources)]
    assert first == [c.to_dict() for c in _claims(text, "en", resources)]
    assert len(first) == 5


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "fr",
            "La Suède s'oppose à la formation de blocs fermés dans la région.",
            ("topic:closed-blocs", "blocs fermés"),
        ),
        (
            "fr",
            "Le Japon est préoccupé par le renforcement grandissant des liens entre "
            "la Chine et la Russie, a-t-il dit.",
            ("topic:liens-entre-la-chine", "liens entre la Chine et la Russie"),
        ),
        (
            "es",
            "Chile rechazó «la explotación de recursos naturales en aguas disputadas».",
            (
                "topic:explotacion-de-recursos-naturales",
                "la explotación de recursos naturales en aguas disputadas",
            ),
        ),
    ],
    ids=["fr-gazetteer-topic-as-written", "fr-light-noun", "es-phrase-in-quotes"],
)
def test_topic_label_is_the_phrase_as_written(lang, text, expected, resources):
    claims = _claims(text, lang, resources)
    assert [(c.object.id, c.object.label) for c in claims] == [expected]


def test_titled_person_speaks_for_the_state_in_an_undated_article(resources):
    from kg.claims import Article
    from loaders.relations import extract_claims
    from loaders.sentences import split_sentences

    text = "La canciller Alicia Bárcena viajó a Lima. Luego Bárcena pidió garantías a Ecuador."
    article = Article(id="t", text=text, lang="es", published=None)
    claims = extract_claims(article, split_sentences(text, lang="es"), resources)
    assert [(c.subject.id, c.predicate, c.object.id, c.agent and c.agent.id) for c in claims] == [
        ("MEX", "DEMANDS", "ECU", "person:alicia-barcena")
    ]


def test_a_state_reference_takes_the_state_just_named(resources):
    text = (
        "Sverige skickar vapen till Ukraina. "
        "Det är Ryssland som bär ansvaret för dess aggression mot Ukraina."
    )
    claims = _claims(text, "sv", resources)
    assert [(c.subject.id, c.predicate, c.object.id) for c in claims] == [
        ("SWE", "AIDS", "UKR"),
        ("RUS", "ATTACKS", "UKR"),
    ]


def test_regular_participles_match_their_infinitive(schema):
    lexicon = Lexicon.load(lexicon_dir("fr"), lang="fr", schema=schema)
    assert _triggers(lexicon, "envahie, exigés, averti") == [
        ("envahie", "ATTACKS", "positive"),
        ("exigés", "DEMANDS", "positive"),
        ("averti", "THREATENS", "positive"),
    ]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "sv",
            "Norge gick på måndagen med i Nato som alliansens nya medlem.",
            [("NOR", "MEMBER_OF", "NATO")],
        ),
        (
            "fr",
            "La Hongrie s'est jointe à la Pologne pour s'opposer aux sanctions.",
            [
                ("HUN", "COOPERATES_WITH", "POL"),
                ("HUN", "OPPOSES", "topic:sanctions"),
                ("POL", "OPPOSES", "topic:sanctions"),
            ],
        ),
    ],
    ids=["sv-join-as-member", "fr-join-to-oppose"],
)
def test_join_is_cooperation_only_with_what_follows_it(lang, text, expected, resources):
    claims = _claims(text, lang, resources)
    assert sorted((c.subject.id, c.predicate, c.object.id) for c in claims) == expected
