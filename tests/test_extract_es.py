"""Spanish extraction: sentences written for these tests and the exact claims they state."""

from __future__ import annotations

import pytest
from extract_cases import Case, extract

from loaders.resources import Resources

CASES = [
    Case(
        "postposed-adjective",
        "España condenó el ataque ruso contra Ucrania.",
        [("ESP", "CRITICIZES", "RUS", "positive"), ("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "passive",
        "Venezuela fue criticada por Colombia.",
        [("COL", "CRITICIZES", "VEN", "positive")],
    ),
    Case(
        "ambos-paises",
        "México y Chile firmaron un acuerdo. Ambos países criticaron a Perú.",
        [
            ("CHL", "CRITICIZES", "PER", "positive"),
            ("MEX", "AGREES_WITH", "CHL", "positive"),
            ("MEX", "CRITICIZES", "PER", "positive"),
        ],
    ),
    Case(
        "negation",
        "Argentina no apoya a Venezuela.",
        [("ARG", "SUPPORTS", "VEN", "negative")],
    ),
    Case(
        "denial",
        "Rusia niega haber atacado a Ucrania.",
        [("RUS", "ATTACKS", "UKR", "negative")],
    ),
    Case(
        "conditional",
        "Si Rusia invade Moldavia, la OTAN respondería.",
        [],
    ),
    Case(
        "sanctions",
        "Estados Unidos impuso sanciones a Cuba.",
        [("USA", "SANCTIONS", "CUB", "positive")],
    ),
    Case(
        "leader-after-entity",
        "El presidente chileno Gabriel Boric criticó a Venezuela.",
        [
            ("CHL", "CRITICIZES", "VEN", "positive"),
            ("person:gabriel-boric", "LEADER_OF", "CHL", "positive"),
        ],
    ),
    Case(
        "apposition-before-meeting",
        "El canciller ruso, Serguéi Lavrov, se reunió con su homólogo chino en Pekín.",
        [("RUS", "MEETS", "CHN", "positive")],
    ),
    Case(
        "participle-passive",
        "Israel fue condenado por la ONU.",
        [("UN", "CRITICIZES", "ISR", "positive")],
    ),
    Case(
        "genitive-agent",
        "Chile ha condenado los ataques de Rusia contra Ucrania.",
        [("CHL", "CRITICIZES", "RUS", "positive"), ("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "noun-phrase-topic",
        "Argentina rechaza la instalación de bases militares extranjeras en el Atlántico Sur.",
        [("ARG", "OPPOSES", "topic:instalacion-de-bases-militares-extranjeras", "positive")],
    ),
    Case(
        "light-noun-skipped",
        "Colombia expresó su preocupación por el aumento de la violencia en la frontera.",
        [("COL", "CONCERNED_ABOUT", "topic:violencia-en-la-frontera", "positive")],
    ),
    Case(
        "state-standin-head",
        "Perú apoya al gobierno boliviano.",
        [("PER", "SUPPORTS", "BOL", "positive")],
    ),
    Case(
        "gazetteer-topic",
        "Uruguay se opone a las sanciones unilaterales.",
        [("URY", "OPPOSES", "topic:sanctions", "positive")],
    ),
    Case(
        "null-subject",
        "España condenó el ataque. Además, pidió a Rusia retirar sus tropas.",
        [("ESP", "DEMANDS", "RUS", "positive")],
    ),
    Case(
        "null-subject-after-relative",
        "Chile convocó a su embajador, para lo cual pidió garantías a Bolivia.",
        [("CHL", "DEMANDS", "BOL", "positive")],
    ),
    Case(
        "demonstrative-organization",
        "Venezuela abandonó la OEA. Cuba criticó a dicha organización.",
        [("CUB", "CRITICIZES", "OAS", "positive"), ("VEN", "MEMBER_OF", "OAS", "negative")],
    ),
    Case(
        "leader-after-heads-verb",
        "El gobierno encabezado por Gustavo Petro criticó a Israel.",
        [
            ("COL", "CRITICIZES", "ISR", "positive"),
            ("person:gustavo-petro", "LEADER_OF", "COL", "positive"),
        ],
    ),
    Case(
        "clitic-one-antecedent",
        "El embajador argentino llegó a Caracas. Venezuela lo acusó de espionaje.",
        [("VEN", "CRITICIZES", "ARG", "positive")],
    ),
    Case(
        "clitic-ambiguous-left-unresolved",
        "Rusia atacó Ucrania. La OTAN la condenó.",
        [("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "fear-of-an-invasion-is-about-the-invader",
        "Estonia teme una invasión rusa.",
        [("EST", "CONCERNED_ABOUT", "RUS", "positive")],
    ),
    Case(
        "alarm-about-a-phrase",
        "Guatemala está alarmada por la violencia de las pandillas.",
        [("GTM", "CONCERNED_ABOUT", "topic:violencia-de-las-pandillas", "positive")],
    ),
    Case(
        "breaking-ties",
        "Bolivia anunció la ruptura de los lazos diplomáticos con Israel.",
        [("BOL", "SANCTIONS", "ISR", "positive")],
    ),
    Case(
        "la-nacion-after-a-sentence-about-a-state",
        "Paraguay recordó sus derechos. La nación sudamericana criticó a Bolivia.",
        [("PRY", "CRITICIZES", "BOL", "positive")],
    ),
    Case(
        "el-pais-with-an-adjective",
        "Brasil firmó un acuerdo con China. El país sudamericano también apoya a Rusia.",
        [("BRA", "AGREES_WITH", "CHN", "positive"), ("BRA", "SUPPORTS", "RUS", "positive")],
    ),
    Case(
        "adverb-and-time-before-the-object",
        "Eslovenia reconoció oficialmente el martes al Estado palestino.",
        [("SVN", "SUPPORTS", "PSE", "positive")],
    ),
    Case(
        "regular-participle",
        "Cuba ha denunciado a Estados Unidos.",
        [("CUB", "CRITICIZES", "USA", "positive")],
    ),
    Case(
        "future-passive-is-no-subject",
        "México anunció que esta violación será denunciada ante la Corte Internacional de "
        "Justicia.",
        [],
    ),
    Case(
        "reported-illegal-act-accuses-its-actor",
        "Según Bolivia, las acciones de Chile son ilegales.",
        [("BOL", "CRITICIZES", "CHL", "positive")],
    ),
    Case(
        "cause-of-concern",
        "Filipinas expresó su preocupación debido a las maniobras de China.",
        [("PHL", "CONCERNED_ABOUT", "CHN", "positive")],
    ),
    Case(
        "cause-that-is-a-place-is-no-object",
        "Chile está preocupado a causa de la guerra en Ucrania.",
        [],
    ),
    Case(
        "inclusion-extends-the-list",
        "China reivindica el mar de China Meridional, incluidas las islas Paracel.",
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
def test_extract_es(case, resources):
    assert extract(case.text, lang="es", resources=resources) == case.expected
