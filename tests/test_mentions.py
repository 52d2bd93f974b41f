"""Mentions found and resolved in sentences of each language (loaders.mentions).

Every case is a sentence written for these tests, the article date, and the exact mentions:
(entity id, surface text, rule, agent id or None, is_adjective).
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.paths import loaders_data_dir
from loaders.gazetteer import Gazetteer
from loaders.lemmas import lemmatize
from loaders.mentions import Mention, Named, find_mentions, slugify
from loaders.sentences import Sentence

PUTIN = "person:vladimir-putin"

CASES = [
    (
        "en-title-adjective-capital-topic",
        "en",
        "2022-03-01",
        "Russian President Vladimir Putin and Xi Jinping met in Beijing to oppose NATO expansion.",
        [
            ("RUS", "Russian President Vladimir Putin", "title+name", PUTIN, False),
            ("CHN", "Xi Jinping", "office-holder", "person:xi-jinping", False),
            ("CHN", "Beijing", "capital", None, False),
            ("topic:nato-expansion", "NATO expansion", "topic", None, False),
        ],
    ),
    (
        "en-institution-acronyms-genitive",
        "en",
        "2022-03-01",
        "The Chinese foreign ministry said the U.S. and the EU's sanctions hurt China's"
        " sovereignty.",
        [
            ("CHN", "Chinese foreign ministry", "demonym", None, False),
            ("USA", "U.S.", "name", None, False),
            ("EU", "EU", "acronym", None, False),
            ("topic:sanctions", "sanctions", "topic", None, False),
            ("CHN", "China", "name", None, False),
            ("topic:sovereignty", "sovereignty", "topic", None, False),
        ],
    ),
    (
        "en-country-or-organisation-before-title",
        "en",
        "2024-02-01",
        "UN Secretary-General António Guterres, US President Joe Biden and Russia's Lavrov met"
        " near the Sea of Japan.",
        [
            (
                "UN",
                "UN Secretary-General António Guterres",
                "title+name",
                "person:antonio-guterres",
                False,
            ),
            ("USA", "US President Joe Biden", "title+name", "person:joe-biden", False),
            ("RUS", "Russia", "name", None, False),
            ("RUS", "Lavrov", "office-holder", "person:sergei-lavrov", False),
            ("region:sea-of-japan", "Sea of Japan", "region", None, False),
        ],
    ),  # fmt: skip
    (
        "en-institution-office-person",
        "en",
        "2024-10-01",
        "Chinese foreign ministry spokesman Lin Jian answered Japan's defense ministry.",
        [
            (
                "CHN",
                "Chinese foreign ministry spokesman Lin Jian",
                "title+name",
                "person:lin-jian",
                False,
            ),
            ("JPN", "Japan", "name", None, False),
        ],
    ),  # fmt: skip
    (
        "es-the-text-names-the-office",
        "es",
        "2025-06-01",
        "El presidente mexicano Andrés Manuel López Obrador criticó al gobierno ruso.",
        [
            (
                "MEX",
                "presidente mexicano Andrés Manuel López Obrador",
                "title+name",
                "person:andres-manuel-lopez-obrador",
                False,
            ),
            ("RUS", "gobierno ruso", "demonym", None, False),
        ],
    ),
    (
        "en-former-office-holder-stays-a-person",
        "en",
        "2025-06-01",
        "Former US President Joe Biden met Mexican President López Obrador.",
        [
            ("USA", "US", "name", None, False),
            ("person:joe-biden", "President Joe Biden", "title+name", None, False),
            (
                "MEX",
                "Mexican President López Obrador",
                "title+name",
                "person:andres-manuel-lopez-obrador",
                False,
            ),
        ],
    ),  # fmt: skip
    (
        "en-office-dates",
        "en",
        "2023-06-01",
        "Trump called Biden weak, and Lavrov agreed with Stoltenberg on nothing.",
        [
            ("person:donald-trump", "Trump", "name", None, False),
            ("USA", "Biden", "office-holder", "person:joe-biden", False),
            ("RUS", "Lavrov", "office-holder", "person:sergei-lavrov", False),
            ("NATO", "Stoltenberg", "office-holder", "person:jens-stoltenberg", False),
        ],
    ),
    (
        "en-office-dates-later",
        "en",
        "2025-03-01",
        "Trump called Biden weak, and Lavrov agreed with Stoltenberg on nothing.",
        [
            ("USA", "Trump", "office-holder", "person:donald-trump", False),
            ("person:joe-biden", "Biden", "name", None, False),
            ("RUS", "Lavrov", "office-holder", "person:sergei-lavrov", False),
            ("person:jens-stoltenberg", "Stoltenberg", "name", None, False),
        ],
    ),
    (
        "en-ambiguous-names",
        "en",
        "2024-01-10",
        "Georgia's governor met Jordan Peterson, while Jordan and Turkey hosted talks.",
        [
            ("JOR", "Jordan", "context", None, False),
            ("TUR", "Turkey", "context", None, False),
        ],
    ),
    (
        "en-ambiguous-by-cue",
        "en",
        "2024-01-10",
        "Georgia accused Russia of occupying Abkhazia; Congo said nothing in Kinshasa.",
        [
            ("GEO", "Georgia", "context", None, False),
            ("RUS", "Russia", "name", None, False),
            ("region:abkhazia", "Abkhazia", "region", None, False),
            ("COD", "Congo", "context", None, False),
            ("COD", "Kinshasa", "capital", None, False),
        ],
    ),
    (
        "en-longest-match-and-case",
        "en",
        "2024-01-10",
        "The Republic of China and who else? The WHO and the West back the two-state solution.",
        [
            ("TWN", "Republic of China", "name", None, False),
            ("WHO", "WHO", "acronym", None, False),
            ("group:west", "the West", "context", None, False),
            ("topic:two-state-solution", "two-state solution", "topic", None, False),
        ],
    ),
    (
        "sv-genitives-affixes",
        "sv",
        "2022-02-04",
        "Rysslands president Putin och Kinas ledare Xi motsätter sig Natos expansion och EU:s"
        " sanktioner.",
        [
            ("RUS", "Rysslands president Putin", "title+name", PUTIN, False),
            ("CHN", "Kinas ledare Xi", "title+name", "person:xi-jinping", False),
            ("topic:nato-expansion", "Natos expansion", "topic", None, False),
            ("EU", "EU", "acronym", None, False),
            ("topic:sanctions", "sanktioner", "topic", None, False),
        ],
    ),
    (
        "sv-adjectives-seats",
        "sv",
        "2022-02-24",
        "Ryska trupper gick in i Ukraina, enligt Vita huset och FN:s säkerhetsråd, medan kinesiska"
        " diplomater tiger och västmakterna kräver vapenvila.",
        [
            ("RUS", "Ryska trupper", "demonym", None, False),
            ("UKR", "Ukraina", "name", None, False),
            ("USA", "Vita huset", "seat", None, False),
            ("UNSC", "FN:s säkerhetsråd", "name", None, False),
            ("CHN", "kinesiska diplomater", "demonym", None, False),
            ("group:west", "västmakterna", "group", None, False),
            ("topic:ceasefire", "vapenvila", "topic", None, False),
        ],
    ),
    (
        "sv-adjective-modifier-hyphen-compound",
        "sv",
        "2023-09-01",
        "Det ryske ministern kritiserade Nato-expansionen i Östersjön.",
        [
            ("RUS", "ryske ministern", "demonym", None, False),
            ("topic:nato-expansion", "Nato-expansionen", "topic", None, False),
            ("region:baltic-sea", "Östersjön", "region", None, False),
        ],
    ),
    (
        "de-title-adjective-compound",
        "de",
        "2023-05-01",
        "Der russische Präsident Wladimir Putin kritisierte die Nato-Osterweiterung und die"
        " Sanktionen des Westens gegen Russlands Wirtschaft.",
        [
            ("RUS", "russische Präsident Wladimir Putin", "title+name", PUTIN, False),
            ("topic:nato-expansion", "Nato-Osterweiterung", "topic", None, False),
            ("topic:sanctions", "Sanktionen", "topic", None, False),
            ("group:west", "des Westens", "group", None, False),
            ("RUS", "Russlands", "affix", None, False),
        ],
    ),
    (
        "de-inflected-adjective",
        "de",
        "2023-05-01",
        "Mit chinesischen Schiffen im Südchinesischen Meer droht Peking Taiwan.",
        [
            ("CHN", "chinesischen", "demonym", None, True),
            ("region:south-china-sea", "Südchinesischen Meer", "region", None, False),
            ("CHN", "Peking", "capital", None, False),
            ("TWN", "Taiwan", "name", None, False),
        ],
    ),
    (
        "de-seat-versus-institution",
        "de",
        "2023-05-01",
        "Die Bundesregierung und die österreichische Bundesregierung widersprechen Moskaus"
        " Darstellung.",
        [
            ("DEU", "Bundesregierung", "seat", None, False),
            ("AUT", "österreichische Bundesregierung", "demonym", None, False),
            ("RUS", "Moskaus", "capital", None, False),
        ],
    ),
    (
        "fr-title-after-adjective-institution",
        "fr",
        "2023-05-01",
        "Le président russe Vladimir Poutine a dénoncé l'élargissement de l'OTAN et le"
        " gouvernement américain, selon l'Élysée.",
        [
            ("RUS", "président russe Vladimir Poutine", "title+name", PUTIN, False),
            ("topic:nato-expansion", "élargissement de l'OTAN", "topic", None, False),
            ("USA", "gouvernement américain", "demonym", None, False),
            ("FRA", "Élysée", "seat", None, False),
        ],
    ),
    (
        "fr-elision-plural-adjective",
        "fr",
        "2023-05-01",
        "Les forces russes ont frappé l'Ukraine; les navires chinois patrouillent près de Taïwan.",
        [
            ("RUS", "forces russes", "demonym", None, False),
            ("UKR", "Ukraine", "name", None, False),
            ("CHN", "chinois", "demonym", None, True),
            ("TWN", "Taïwan", "name", None, False),
        ],
    ),
    (
        "es-institution-capital-acronym",
        "es",
        "2023-05-01",
        "El gobierno ruso y Pekín rechazan la expansión de la OTAN, según la ONU.",
        [
            ("RUS", "gobierno ruso", "demonym", None, False),
            ("CHN", "Pekín", "capital", None, False),
            ("topic:nato-expansion", "expansión de la OTAN", "topic", None, False),
            ("UN", "ONU", "acronym", None, False),
        ],
    ),
    (
        "es-inflected-adjectives",
        "es",
        "2023-05-01",
        "Las tropas rusas y las empresas estadounidenses salieron de Ucrania y de EE.UU.",
        [
            ("RUS", "tropas rusas", "demonym", None, False),
            ("USA", "estadounidenses", "demonym", None, True),
            ("UKR", "Ucrania", "name", None, False),
            ("USA", "EE.UU.", "name", None, False),
        ],
    ),
    (
        "en-unresolved-names-leave-room",
        "en",
        "2023-01-01",
        "In Xi'an, leaders of the West Bank and the West African bloc met New Jersey officials.",
        [
            ("region:west-bank", "West Bank", "region", None, False),
        ],
    ),
    (
        "en-first-names-and-places",
        "en",
        "2023-01-01",
        "Chad Smith flew to Chad and Guinea.",
        [
            ("TCD", "Chad", "context", None, False),
            ("GIN", "Guinea", "context", None, False),
        ],
    ),
    (
        "en-foreign-names-that-are-english-words",
        "en",
        "2023-01-01",
        "Island states and Rhode Island watched as Maurice Smith met Iceland's leaders.",
        [("ISL", "Iceland", "name", None, False)],
    ),
    (
        "de-island-is-iceland",
        "de",
        "2023-01-01",
        "Island und Norwegen unterstützen die Ukraine.",
        [
            ("ISL", "Island", "name", None, False),
            ("NOR", "Norwegen", "name", None, False),
            ("UKR", "Ukraine", "name", None, False),
        ],
    ),
    (
        "sv-people-nouns-and-adjectives",
        "sv",
        "2024-01-01",
        "Ryssarna och kineserna möttes, men kinesiska fartyg stannade.",
        [
            ("RUS", "Ryssarna", "demonym", None, False),
            ("CHN", "kineserna", "demonym", None, False),
            ("CHN", "kinesiska", "demonym", None, True),
        ],
    ),
    (
        "fr-people-nouns-are-capitalised",
        "fr",
        "2024-01-01",
        "Les Russes ont rencontré les navires russes.",
        [
            ("RUS", "Russes", "demonym", None, False),
            ("RUS", "russes", "demonym", None, True),
        ],
    ),
    (
        "sv-alternate-names",
        "sv",
        "2023-01-01",
        "USA:s och Storbritanniens besked till Vitryssland, Nordkorea och Sovjetunionen.",
        [
            ("USA", "USA", "name", None, False),
            ("GBR", "Storbritanniens", "affix", None, False),
            ("BLR", "Vitryssland", "name", None, False),
            ("PRK", "Nordkorea", "name", None, False),
            ("SUN", "Sovjetunionen", "name", None, False),
        ],
    ),
    (
        "de-topic-word-order",
        "de",
        "2023-01-01",
        "Moskau lehnt die Osterweiterung der Nato ab, Taiwan die Ein-China-Politik.",
        [
            ("RUS", "Moskau", "capital", None, False),
            ("topic:nato-expansion", "Osterweiterung der Nato", "topic", None, False),
            ("TWN", "Taiwan", "name", None, False),
            ("topic:one-china-policy", "Ein-China-Politik", "topic", None, False),
        ],
    ),
    (
        "en-dateline-and-brussels",
        "en",
        "2021-12-04",
        "MOSCOW, Dec. 4 - Moscow and Brussels disagree.",
        [
            ("RUS", "Moscow", "capital", None, False),
            ("EU", "Brussels", "seat", None, False),
        ],
    ),
    (
        "en-compound-topic",
        "en",
        "2022-06-01",
        "Turkey opposes Sweden's NATO membership and Finland's bid to join NATO.",
        [
            ("TUR", "Turkey", "context", None, False),
            ("topic:sweden-nato-membership", "Sweden's NATO membership", "topic", None, False),
            ("topic:finland-nato-membership", "Finland's bid to join NATO", "topic", None, False),
        ],
    ),
    (
        "sv-closed-compounds",
        "sv",
        "2022-06-01",
        "Turkiet stoppar svenskt Natomedlemskap, sade Natotoppen.",
        [
            ("TUR", "Turkiet", "name", None, False),
            ("topic:sweden-nato-membership", "svenskt Natomedlemskap", "topic", None, False),
            ("NATO", "Natotoppen", "compound", None, False),
        ],
    ),
    (
        "es-america-is-not-the-usa",
        "es",
        "2022-06-01",
        "Argentina y España en América del Sur y en América.",
        [
            ("ARG", "Argentina", "name", None, False),
            ("ESP", "España", "name", None, False),
            ("region:south-america", "América del Sur", "region", None, False),
        ],
    ),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _found(text: str, lang: str, date: str, gazetteer: Gazetteer, offset: int = 0) -> list[Mention]:
    sentence = Sentence(text, offset, offset + len(text), lang, 0)
    return find_mentions(sentence, gazetteer, date=date)


@pytest.mark.parametrize(
    ("lang", "date", "text", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_mentions(lang, date, text, expected, gazetteer):
    mentions = _found(text, lang, date, gazetteer)
    got = [
        (m.entity.id, m.text, m.rule, m.agent.id if m.agent else None, m.is_adjective)
        for m in mentions
    ]
    assert got == expected


def test_offsets_point_into_the_article_text(gazetteer):
    article = "Headline.\n\nThe Kremlin and NATO’s chief met."
    start = article.index("The")
    mentions = _found(article[start:], "en", "2020-01-01", gazetteer, offset=start)
    assert [(m.entity.id, m.start, m.end) for m in mentions] == [
        ("RUS", 15, 22),
        ("NATO", 27, 31),
    ]
    assert [article[m.start : m.end] for m in mentions] == ["Kremlin", "NATO"]


def test_mention_carries_english_label_and_type(gazetteer):
    [mention] = _found("Moskva svarade.", "sv", "2020-01-01", gazetteer)
    assert mention.entity.label == "Russia"
    assert mention.entity.type == "Country"


def test_date_defaults_to_today(gazetteer):
    sentence = Sentence("Putin spoke.", 0, 12, "en", 0)
    [mention] = find_mentions(sentence, gazetteer)
    assert (mention.entity.id, mention.agent.id if mention.agent else None) == ("RUS", PUTIN)


@pytest.mark.parametrize(
    ("date", "entity"),
    [("2019-06-01T08:30:00Z", "person:joe-biden"), ("2022-06-01T08:30:00+02:00", "USA")],
)
def test_timestamps_count_by_their_day(date, entity, gazetteer):
    [mention] = _found("Biden spoke.", "en", date, gazetteer)
    assert mention.entity.id == entity


def test_unsupported_language_still_finds_proper_names(gazetteer):
    mentions = _found("Ryssland og Kina samarbeider mot NATO.", "no", "2022-01-01", gazetteer)
    assert [m.entity.id for m in mentions] == ["RUS", "CHN", "NATO"]


def test_no_mentions_in_lower_case_homographs(gazetteer):
    assert (
        _found(
            "Tell us who cooks turkey and china for the west wing.", "en", "2022-01-01", gazetteer
        )
        == []
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Nato-expansion", "nato-expansion"),
        ("One China policy", "one-china-policy"),
        ("Élargissement de l'OTAN", "elargissement-de-l-otan"),
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("  Straße  ", "strasse"),
        ("EU:s sanktioner", "eu-s-sanktioner"),
        ("", ""),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


@given(st.text())
def test_slugify_is_idempotent(text):
    assert slugify(slugify(text)) == slugify(text)


@given(st.text())
def test_slugify_is_lowercase_ascii_words(text):
    slug = slugify(text)
    assert slug == "" or all(
        part and part.isascii() and part == part.lower() for part in slug.split("-")
    )


def _two_bergs(tmp_path):
    folder = tmp_path / "gazetteer"
    shutil.copytree(loaders_data_dir() / "gazetteer", folder)
    with (folder / "persons.tsv").open("a", encoding="utf-8") as persons:
        persons.write("person:ada-berg\tAda Berg\t*\tAda Berg|Berg\n")
        persons.write("person:bo-berg\tBo Berg\t*\tBo Berg|Berg\n")
    with (folder / "offices.tsv").open("a", encoding="utf-8") as offices:
        offices.write("person:ada-berg\thead_of_state\tISL\t2020-01-01\t2022-01-01\n")
    return Gazetteer.load(folder)


def _article(sentences: list[str], lang: str, date: str, gazetteer: Gazetteer) -> list[list]:
    """Mentions of each sentence of one article, with one memory of named persons."""
    named = Named()
    offset, result = 0, []
    for text in sentences:
        sentence = Sentence(text, offset, offset + len(text), lang, 0)
        mentions = find_mentions(sentence, gazetteer, date=date, named=named)
        result.append(
            [(m.entity.id, m.text, m.rule, m.agent.id if m.agent else None) for m in mentions]
        )
        offset += len(text) + 1
    return result


def test_a_shared_surname_is_never_guessed_not_even_by_office(tmp_path):
    gazetteer = _two_bergs(tmp_path)
    assert _found("Berg spoke.", "en", "2021-06-01", gazetteer) == []
    assert _article(["Berg spoke."], "en", "2021-06-01", gazetteer) == [[]]
    [full] = _found("Bo Berg spoke.", "en", "2023-06-01", gazetteer)
    assert (full.entity.id, full.rule) == ("person:bo-berg", "name")


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("Bo Berg arrived in Oslo.", ("person:bo-berg", "Berg", "surname", None)),
        ("Ada Berg arrived in Oslo.", ("ISL", "Berg", "surname", "person:ada-berg")),
    ],
)
def test_a_shared_surname_takes_the_person_named_in_full_earlier(first, expected, tmp_path):
    gazetteer = _two_bergs(tmp_path)
    _, second = _article([first, "Berg spoke."], "en", "2021-06-01", gazetteer)
    assert second == [expected]


def test_a_shared_surname_stays_unresolved_when_both_were_named(tmp_path):
    gazetteer = _two_bergs(tmp_path)
    sentences = ["Ada Berg met Bo Berg.", "Berg spoke."]
    assert _article(sentences, "en", "2023-06-01", gazetteer)[1] == []


def test_a_surname_not_listed_alone_resolves_after_the_full_name(gazetteer):
    sentences = [
        "Storbritanniens premiärminister Boris Johnson besökte Kiev.",
        "Johnson lovade stöd.",
        "Johnsons besked välkomnades.",
    ]
    _, second, third = _article(sentences, "sv", "2022-04-09", gazetteer)
    assert second == [("GBR", "Johnson", "surname", "person:boris-johnson")]
    assert third == [("GBR", "Johnsons", "surname", "person:boris-johnson")]
    assert _article(sentences[1:], "sv", "2022-04-09", gazetteer) == [[], []]


@pytest.mark.parametrize(
    ("word", "lang", "lemma"),
    [
        ("Rysslands", "sv", "Ryssland"),
        ("anslöt", "sv", "ansluta"),
        ("russischen", "de", "russisch"),
        ("sagte", "de", "sagen"),
        ("sanctions", "en", "sanction"),
        ("menacé", "fr", "menacer"),
        ("amenazó", "es", "amenazar"),
    ],
)
def test_lemmas_of_the_low_memory_dictionaries(word, lang, lemma):
    assert lemmatize(word, lang) == lemma
