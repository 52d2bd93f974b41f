"""The gazetteer's data files load, agree with the schema, and are checked (loaders.gazetteer)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.paths import loaders_data_dir
from kg.schema import Schema
from loaders.gazetteer import Gazetteer, Node, normalise, tokenize

DATA = loaders_data_dir() / "gazetteer"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_every_entity_id_fits_the_schema(gazetteer):
    schema = Schema.load()
    for entity in gazetteer.entities.values():
        schema.check_entity(entity.id, entity.type)


def test_guide_ids_are_present(gazetteer):
    expected = {
        "RUS": "Country", "CHN": "Country", "USA": "Country", "TWN": "Country",
        "PSE": "Country", "XKX": "Country", "SUN": "Country", "GBR": "Country",
        "NATO": "Organization", "EU": "Organization", "UN": "Organization",
        "UNSC": "Organization", "AUKUS": "Organization", "G7": "Organization",
        "group:west": "Group", "group:houthis": "Group", "group:wagner": "Group",
        "region:south-china-sea": "Region", "region:falkland-islands": "Region",
        "region:western-sahara": "Region", "region:crimea": "Region",
        "topic:nato-expansion": "Topic", "topic:one-china-policy": "Topic",
        "topic:taiwan-independence": "Topic",
        "person:vladimir-putin": "Person",
    }  # fmt: skip
    assert {id_: gazetteer.entities[id_].type for id_ in expected} == expected


def test_every_country_has_a_name_in_each_language():
    rows = [line.split("\t") for line in (DATA / "countries.tsv").read_text().splitlines()]
    langs: dict[str, set[str]] = {}
    for row in rows[3:]:
        langs.setdefault(row[0], set()).add(row[2])
    assert len(langs) > 240
    assert {id_ for id_, seen in langs.items() if seen != {"en", "sv", "de", "fr", "es"}} == set()


def test_generated_countries_are_up_to_date():
    script = loaders_data_dir() / "build_gazetteer.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")


def _collisions(node: Node, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    actors = {e.entity.id for e in node.entries if e.kind != "person"}
    if len(actors) > 1 and not node.ambiguities:
        found.append(path)
    for key, child in node.children.items():
        found += _collisions(child, (*path, key))
    return found


def test_no_form_names_two_entities_without_an_ambiguity_rule(gazetteer):
    assert _collisions(gazetteer.names) == []


def test_offices_of_one_entity_do_not_overlap(gazetteer):
    by_slot: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for offices in gazetteer.offices.values():
        for office in offices:
            key = (office.entity.id, office.office)
            by_slot.setdefault(key, []).append((office.start, office.end or "9999-12-31"))
    overlaps = []
    for key, spans in by_slot.items():
        if key[1] == "spokesperson":
            continue  # several spokespersons serve at once
        spans.sort()
        overlaps += [key for (_, end), (start, _) in itertools.pairwise(spans) if start < end]
    assert overlaps == []


def test_office_on_dates(gazetteer):
    biden = "person:joe-biden"
    assert gazetteer.office_on(biden, "2021-01-19") is None
    assert gazetteer.office_on(biden, "2021-01-20").entity.id == "USA"
    assert gazetteer.office_on(biden, "2025-01-19").entity.id == "USA"
    assert gazetteer.office_on(biden, "2025-01-20") is None
    rutte = "person:mark-rutte"
    assert gazetteer.office_on(rutte, "2020-01-01").entity.id == "NLD"
    assert gazetteer.office_on(rutte, "2024-08-01") is None
    assert gazetteer.office_on(rutte, "2025-01-01").entity.id == "NATO"


def test_normalise_and_tokenize():
    assert [normalise(w) for w in ("Pékin", "EU:s", "China's", "Erdoğan", "Straße")] == [
        "pekin", "eu", "china", "erdogan", "strasse",
    ]  # fmt: skip
    assert tokenize("l'OTAN och USA:s Nato-expansion") == [
        (0, 1, "l"), (2, 6, "OTAN"), (7, 10, "och"), (11, 16, "USA:s"),
        (17, 21, "Nato"), (22, 31, "expansion"),
    ]  # fmt: skip


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "gazetteer"
    shutil.copytree(DATA, target)
    return target


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        ("groups.tsv", "group:new\t\ten\tThe New", "group:new has no label; give it on its"),
        ("capitals.tsv", "XYZ\t\t*\tXyzville", "unknown id 'XYZ'; define it in a names file first"),
        ("regions.tsv", "region:x\tX\tit\tX", "unknown language 'it'; use * or one of"),
        ("topics.tsv", "topic:x\tX\ten", "expected 4 tab-separated fields, got 3"),
        ("offices.tsv", "person:joe-biden\thead_of_state\tUSA\t2021\t", "dates must be YYYY-MM-DD"),
        ("offices.tsv", "NATO\thead\tUSA\t2021-01-01\t", "NATO is not a person"),
        ("affixes.tsv", "sv\ts\t\tthree", "minimum stem length must be a number, not 'three'"),
    ],
    ids=["no-label", "unknown-id", "unknown-lang", "short-row", "bad-date", "not-a-person",
         "bad-affix"],
)  # fmt: skip
def test_bad_data_names_file_and_line(tmp_path, file, line, message):
    folder = _copy(tmp_path)
    number = _append(folder / file, line)
    with pytest.raises(ConfigError) as error:
        Gazetteer.load(folder)
    assert str(error.value).startswith(f"{folder / file}:{number}: {message}")


def test_missing_folder_and_file(tmp_path):
    with pytest.raises(ConfigError, match="gazetteer folder not found"):
        Gazetteer.load(tmp_path / "nowhere")
    folder = _copy(tmp_path)
    (folder / "titles.tsv").unlink()
    with pytest.raises(ConfigError, match="titles.tsv: gazetteer file missing"):
        Gazetteer.load(folder)
