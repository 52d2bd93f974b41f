"""Bad input to kg extract: one-line errors naming the file, never a traceback, never a hang."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli

GOOD = "Die Regierung in Wien traf sich am Montag mit Vertretern aus Prag.\n"


@pytest.fixture
def runner():
    return CliRunner()


def extract(runner, *args, input=None):
    return runner.invoke(cli, ["extract", *map(str, args)], input=input)


def last_line(text):
    return text.rstrip("\n").split("\n")[-1]


def test_empty_file(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_bytes(b"  \n\n \t\n")
    result = extract(runner, empty, blank)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.split("\n")[-4:] == [
        f"Error: {empty}: empty file; nothing to extract",
        f"Error: {blank}: empty file; nothing to extract",
        "Error: 2 of 2 inputs failed (listed above); the others were extracted",
        "",
    ]


def test_binary_file_fails_and_the_other_input_is_still_read(runner, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = extract(runner, binary, good)
    assert result.exit_code == 1
    assert f"Error: {binary}: binary file, not text; pass .txt, .md, .html, .json or .jsonl\n" in (
        result.stderr
    )
    assert "1 articles, 1 sentences, " in result.stderr
    assert last_line(result.stderr) == (
        "Error: 1 of 2 inputs failed (listed above); the others were extracted"
    )


def test_legacy_encoding_is_detected(runner, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(GOOD.replace("Prag", "Österreichs Nachbarn").encode("cp1252"))
    result = extract(runner, path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert f"Warning: {path}: not UTF-8; read as cp125" in result.stderr
    [document] = json.loads(result.stdout)
    assert document["sentences"] == 1 and document["lang"] == "de"


def test_undetectable_encoding_is_a_clear_error(runner, tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 20)
    result = extract(runner, path)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"0 articles, 0 sentences, 0 claims\n"
        f"Error: {path}: not UTF-8 and the encoding cannot be detected; convert it to UTF-8\n"
    )


def test_huge_file_is_refused_before_it_is_read(runner, tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing written
    result = extract(runner, huge)
    assert result.exit_code == 1
    assert (
        f"Error: {huge}: 50,000,000 bytes is over the limit of 10,000,000; "
        "raise it with --max-bytes\n" in result.stderr
    )


def test_limit_is_configurable(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD * 20, encoding="utf-8")
    refused = extract(runner, path, "--max-bytes", "1000")
    assert refused.exit_code == 1
    assert (
        f"Error: {path}: 1,340 bytes is over the limit of 1,000; raise it with --max-bytes\n"
        in (refused.stderr)
    )
    assert extract(runner, path, "--max-bytes", "2000").exit_code == 0


def test_stdin_over_the_limit(runner):
    result = extract(runner, "-", "--max-bytes", "100", input=GOOD * 3)
    assert result.exit_code == 1
    assert (
        "Error: <stdin>: more than 100 bytes; raise the limit with --max-bytes\n" in result.stderr
    )


def test_empty_stdin_does_not_hang(runner):
    result = extract(runner, "-", input="")
    assert result.exit_code == 1
    assert "Error: <stdin>: empty file; nothing to extract\n" in result.stderr


def test_malformed_jsonl_line_names_file_and_line_and_the_rest_is_processed(runner, tmp_path):
    path = tmp_path / "batch.jsonl"
    rows = [
        json.dumps({"id": "ok-1", "text": GOOD}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "ok-3", "text": GOOD.replace("Montag", "Dienstag")}),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = extract(runner, path)
    assert result.exit_code == 1
    assert result.stderr.startswith("ok-1: 1 sentences, ")
    assert "\nok-3: 1 sentences, " in result.stderr
    assert (
        f"Error: {path}:2: not JSON: Unterminated string starting at; one article object a line\n"
        in result.stderr
    )
    assert last_line(result.stderr) == (
        "Error: 1 of 3 inputs failed (listed above); the others were extracted"
    )


def test_unsupported_language_warns_and_still_finds_entities(runner, tmp_path):
    path = tmp_path / "it.txt"
    path.write_text(
        "La NATO ha discusso a lungo con Washington il futuro della missione comune in Europa.\n\n"
        "I ministri si sono incontrati di nuovo martedì per preparare il vertice di primavera.\n",
        encoding="utf-8",
    )
    result = extract(runner, path, "--format", "json")
    assert result.exit_code == 0
    [document] = json.loads(result.stdout)
    article_id = document["article"]["id"]
    assert document["lang"] == "it" and document["claims"] == []
    found = {entity["id"] for entity in document["entities"]}
    assert {"NATO", "USA"} <= found
    assert (
        f"Warning: {article_id}: language 'it' is not supported (en, sv, de, fr, es); "
        f"entities only ({len(found)} found)\n" in result.stderr
    )


def test_not_an_article_object(runner, tmp_path):
    path = tmp_path / "list.json"
    path.write_text("42", encoding="utf-8")
    result = extract(runner, path)
    assert result.exit_code == 1
    assert f'Error: {path}: an article must be a JSON object with a "text" field\n' in result.stderr


def test_missing_input(runner, tmp_path):
    result = extract(runner, tmp_path / "nowhere.txt")
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'nowhere.txt'}: no such file or directory\n" in result.stderr


def test_article_of_boilerplate_only_says_so(runner, tmp_path):
    path = tmp_path / "ads.md"
    path.write_text(
        "---\nid: ads-only\n---\nAdvertisement\n\nShare this article\n", encoding="utf-8"
    )
    result = extract(runner, path)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == (
        "ads-only: 0 sentences, no claims\n"
        "Warning: ads-only: no text left after removing boilerplate\n"
        "1 articles, 0 sentences, 0 claims\n"
    )
