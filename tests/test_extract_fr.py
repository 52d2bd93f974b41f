"""French extraction: sentences written for these tests and the exact claims they state."""

from __future__ import annotations

import pytest
from extract_cases import Case, extract

from loaders.resources import Resources

CASES = [
    Case(
        "postposed-adjective",
        "La France condamne l’invasion russe de l’Ukraine.",
        [("FRA", "CRITICIZES", "RUS", "positive"), ("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "passive",
        "L’Iran a été critiqué par l’Allemagne.",
        [("DEU", "CRITICIZES", "IRN", "positive")],
    ),
    Case(
        "les-deux-pays",
        "Le Maroc et l’Espagne ont signé un accord. Les deux pays ont critiqué l’Algérie.",
        [
            ("ESP", "CRITICIZES", "DZA", "positive"),
            ("MAR", "AGREES_WITH", "ESP", "positive"),
            ("MAR", "CRITICIZES", "DZA", "positive"),
        ],
    ),
    Case(
        "denial",
        "La Russie nie vouloir attaquer la Moldavie.",
        [("RUS", "ATTACKS", "MDA", "negative")],
    ),
    Case(
        "conditional",
        "Si la Chine attaque Taïwan, les États-Unis pourraient réagir.",
        [],
    ),
    Case(
        "demand",
        "La Suède exhorte la Turquie à ratifier le protocole.",
        [("SWE", "DEMANDS", "TUR", "positive")],
    ),
    Case(
        "concern",
        "Le Japon est préoccupé par la Corée du Nord.",
        [("JPN", "CONCERNED_ABOUT", "PRK", "positive")],
    ),
    Case(
        "mutual-break",
        "Le Maroc et l’Algérie ont rompu leurs relations diplomatiques.",
        [("DZA", "SANCTIONS", "MAR", "positive"), ("MAR", "SANCTIONS", "DZA", "positive")],
    ),
    Case(
        "asked-not-done",
        "Le Canada appelle les pays voisins à soutenir la paix.",
        [],
    ),
    Case(
        "participle-passive",
        "Israël a été accusé par l’Afrique du Sud de génocide.",
        [("ZAF", "CRITICIZES", "ISR", "positive")],
    ),
    Case(
        "noun-phrase-topic",
        "L'Italie s'oppose à la construction de nouvelles bases militaires en Méditerranée.",
        [("ITA", "OPPOSES", "topic:construction-de-nouvelles-bases-militaires", "positive")],
    ),
    Case(
        "light-noun-skipped",
        "Le Canada est préoccupé par l'intensification des essais de missiles balistiques.",
        [("CAN", "CONCERNED_ABOUT", "topic:essais-de-missiles-balistiques", "positive")],
    ),
    Case(
        "name-inside-phrase",
        "La Turquie rejette la création d'une zone tampon au nord de la Syrie.",
        [("TUR", "OPPOSES", "topic:creation-d-une-zone-tampon", "positive")],
    ),
    Case(
        "gazetteer-topic-inside-phrase",
        "Le Brésil est contre toute forme d'expansion de l'OTAN vers l'est.",
        [("BRA", "OPPOSES", "topic:nato-expansion", "positive")],
    ),
    Case(
        "state-standin-head",
        "Paris soutient le peuple ukrainien.",
        [("FRA", "SUPPORTS", "UKR", "positive")],
    ),
    Case(
        "vague-phrase",
        "L'Inde est inquiète face à d'éventuelles conséquences.",
        [],
    ),
    Case(
        "membership-stance",
        "La Hongrie s'oppose à l'adhésion de l'Ukraine à l'OTAN.",
        [("HUN", "OPPOSES", "topic:ukraine-nato-membership", "positive")],
    ),
    Case(
        "demonstrative-organization",
        "Le Japon a critiqué l'OTAN. Pékin exhorte les membres de cette alliance à la retenue.",
        [("CHN", "DEMANDS", "NATO", "positive"), ("JPN", "CRITICIZES", "NATO", "positive")],
    ),
    Case(
        "leader-after-heads-verb",
        "Le gouvernement dirigé par Giorgia Meloni a critiqué la Tunisie.",
        [
            ("ITA", "CRITICIZES", "TUN", "positive"),
            ("person:giorgia-meloni", "LEADER_OF", "ITA", "positive"),
        ],
    ),
    Case(
        "clitic-one-antecedent",
        "Le président ukrainien était à Paris. La Russie l'a critiqué.",
        [("RUS", "CRITICIZES", "UKR", "positive")],
    ),
    Case(
        "clitic-ambiguous-left-unresolved",
        "La Russie a attaqué l'Ukraine. L'UE l'a condamnée.",
        [("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "clitic-coordinated-verb",
        "Pékin a convoqué l'ambassadeur américain et l'a accusé d'ingérence.",
        [("CHN", "CRITICIZES", "USA", "positive")],
    ),
    Case(
        "speaker-office-with-demonym",
        "« Nous condamnons fermement la Russie », a déclaré le ministre grec des Affaires "
        "étrangères.",
        [("GRC", "CRITICIZES", "RUS", "positive")],
    ),
    Case(
        "vague-head-about-a-place",
        "La Belgique s'inquiète de la situation au Soudan.",
        [("BEL", "CONCERNED_ABOUT", "SDN", "positive")],
    ),
    Case(
        "fear-of-an-attack-is-about-the-attacker",
        "Vilnius dit craindre une attaque russe.",
        [("LTU", "CONCERNED_ABOUT", "RUS", "positive")],
    ),
    Case(
        "breaking-relations",
        "Le Niger a annoncé la rupture de ses relations diplomatiques avec l'Ukraine.",
        [("NER", "SANCTIONS", "UKR", "positive")],
    ),
    Case(
        "elle-for-a-state",
        "La Chine a signé un accord avec l'Iran. Elle soutient aussi la Russie.",
        [("CHN", "AGREES_WITH", "IRN", "positive"), ("CHN", "SUPPORTS", "RUS", "positive")],
    ),
    Case(
        "withdrawal",
        "L'Arménie a annoncé son retrait de l'OTSC.",
        [("ARM", "MEMBER_OF", "CSTO", "negative")],
    ),
    Case(
        "adverb-and-time-before-the-object",
        "La Norvège a reconnu jeudi officiellement l'État de Palestine.",
        [("NOR", "SUPPORTS", "PSE", "positive")],
    ),
    Case(
        "recognising-a-state",
        "L'Irlande reconnaît l'État de Palestine.",
        [("IRL", "SUPPORTS", "PSE", "positive")],
    ),
    Case(
        "owner-ends-the-topic-id",
        "L'Espagne salue la décision de l'Arabie saoudite de rétablir ses relations avec l'Iran.",
        [("ESP", "SUPPORTS", "topic:decision-de-l-arabie-saoudite", "positive")],
    ),
    Case(
        "inclusion-extends-the-list",
        "Pékin revendique la mer de Chine méridionale, y compris les îles Paracels.",
        [
            ("CHN", "CLAIMS", "region:paracel-islands", "positive"),
            ("CHN", "CLAIMS", "region:south-china-sea", "positive"),
        ],
    ),
    Case(
        "regular-participle",
        "Israël a bombardé le Liban.",
        [("ISR", "ATTACKS", "LBN", "positive")],
    ),
    Case(
        "denial-as-participle",
        "Pékin a démenti avoir fourni des armes à la Russie.",
        [("CHN", "AIDS", "RUS", "negative")],
    ),
    Case(
        "future-passive",
        "La Russie sera condamnée par la Belgique.",
        [("BEL", "CRITICIZES", "RUS", "positive")],
    ),
    Case(
        "reported-illegal-act-accuses-its-actor",
        "Le Japon a affirmé que la Russie occupe illégalement les îles Kouriles.",
        [
            ("JPN", "CRITICIZES", "RUS", "positive"),
            ("RUS", "ATTACKS", "region:kuril-islands", "positive"),
        ],
    ),
    Case(
        "illegal-with-no-actor-accuses-nobody",
        "La Chine a déclaré que l'immigration illégale aux États-Unis augmente.",
        [],
    ),
    Case(
        "cause-of-concern",
        "Le Japon est inquiet en raison des manœuvres de la Chine.",
        [("JPN", "CONCERNED_ABOUT", "CHN", "positive")],
    ),
    Case(
        "cause-of-concern-is-a-group-of-members",
        "La Chine est préoccupée par d'éventuels risques en raison des exercices du pacte "
        "entre les États-Unis, le Japon, l'Inde et l'Australie (Quad) dans la région.",
        [
            ("AUS", "MEMBER_OF", "QUAD", "positive"),
            ("CHN", "CONCERNED_ABOUT", "QUAD", "positive"),
            ("IND", "MEMBER_OF", "QUAD", "positive"),
            ("JPN", "MEMBER_OF", "QUAD", "positive"),
            ("USA", "MEMBER_OF", "QUAD", "positive"),
        ],
    ),
    Case(
        "postposed-inclusion",
        "Pékin revendique la mer de Chine méridionale, les îles Paracels incluses.",
        [
            ("CHN", "CLAIMS", "region:paracel-islands", "positive"),
            ("CHN", "CLAIMS", "region:south-china-sea", "positive"),
        ],
    ),
]


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_extract_fr(case, resources):
    assert extract(case.text, lang="fr", resources=resources) == case.expected
