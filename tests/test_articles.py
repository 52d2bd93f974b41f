"""Readers: text and Markdown with front matter, HTML, JSON, JSONL, directories, stdin."""

from __future__ import annotations

import io
import json

import pytest

from kg.claims import Article
from kg.errors import InputError
from loaders.articles import normalise_date, read_articles
from loaders.clean import article_id

BODY = "Norway and Denmark signed a fisheries deal on Tuesday."


def read(*inputs, stdin=None, max_bytes=10_000_000):
    errors: list[InputError] = []
    articles = list(read_articles(inputs, errors=errors, stdin=stdin, max_bytes=max_bytes))
    return articles, [str(e) for e in errors]


def test_text_file_without_metadata_gets_a_hash_id(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BODY + "\n", encoding="utf-8")
    assert read(path) == ([Article(id=article_id(BODY), text=BODY + "\n")], [])


def test_same_text_read_twice_gets_the_same_id(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("  " + BODY.replace(" ", "  ") + "\n\n", encoding="utf-8")
    articles, errors = read(tmp_path / "a.txt", tmp_path / "b.txt")
    assert errors == [] and articles[0].id == articles[1].id


def test_markdown_front_matter_and_markup(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\nid: oslo-1\ntitle: Fish deal\nurl: https://example.org/fish\npublished: 2024-03-05\n"
        "source: Example Post\nlang: EN\n---\n"
        "# Fish deal\n\n**Norway** and [Denmark](https://x) agreed.\n",
        encoding="utf-8",
    )
    assert read(path) == (
        [
            Article(
                id="oslo-1",
                text="Fish deal\n\nNorway and Denmark agreed.\n",
                title="Fish deal",
                url="https://example.org/fish",
                published="2024-03-05",
                source="Example Post",
                lang="en",
            )
        ],
        [],
    )


def test_front_matter_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: a\nurl: [unclosed\n---\nText.\n", encoding="utf-8")
    unclosed = tmp_path / "open.md"
    unclosed.write_text("---\ntitle: a\nText.\n", encoding="utf-8")
    articles, errors = read(path, unclosed)
    assert articles == []
    assert errors == [
        f"{path}:3: front matter: expected ',' or ']', but got '<stream end>'; fix the YAML",
        f"{unclosed}:1: front matter has no closing '---'; add one after the metadata",
    ]


@pytest.mark.parametrize(
    "value", ["!!timestamp not-a-date", "!!float abc", "!!int abc", "!!bool maybe"]
)
def test_front_matter_tag_that_yaml_cannot_construct_is_an_input_error(tmp_path, value):
    path = tmp_path / "tagged.md"
    path.write_text(f"---\npublished: {value}\n---\nText.\n", encoding="utf-8")
    articles, errors = read(path)
    assert (articles, errors) == (
        [],
        [
            f"{path}:2: front matter: a tagged value YAML cannot read; "
            "remove the tag or quote the value"
        ],
    )


def test_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": BODY, "lang": "en", "claims": [], "published": None}),
        "{not json",
        json.dumps({"id": "x3", "title": "no text"}),
        "",
        json.dumps(["a list"]),
        json.dumps({"id": 5, "text": "Chile and Peru met.", "source": "Wire"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = read(path)
    assert articles == [
        Article(id="x1", text=BODY, lang="en"),
        Article(id="5", text="Chile and Peru met.", source="Wire"),
    ]
    assert errors == [
        f"{path}:2: not JSON: Expecting property name enclosed in double quotes;"
        " one article object a line",
        f'{path}:3: missing field "text"',
        f'{path}:5: an article must be a JSON object with a "text" field',
    ]


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": BODY, "title": "T"}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": "m1", "text": "A met B."}, {"id": "m2"}]), encoding="utf-8")
    articles, errors = read(one, many)
    assert articles == [
        Article(id=article_id(BODY), text=BODY, title="T"),
        Article(id="m1", text="A met B."),
    ]
    assert errors == [f'{many}[1]: missing field "text"']


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Deal signed | Example Post</title>"
        '<meta property="og:url" content="https://example.org/deal">'
        '<meta name="date" content="2024-05-01">'
        '<meta property="og:site_name" content="Example Post"></head>'
        "<body><nav>Home | World | Sport</nav><article><h1>Deal signed</h1>"
        "<p>Norway and Denmark signed a fisheries agreement on Monday after long talks in Oslo.</p>"
        "<p>Sweden welcomed the agreement and said it hoped to join the arrangement next year.</p>"
        "</article><footer>Contact us</footer></body></html>",
        encoding="utf-8",
    )
    articles, errors = read(path)
    assert errors == []
    assert [(a.title, a.url, a.published, a.source) for a in articles] == [
        ("Deal signed", "https://example.org/deal", "2024-05-01", "Example Post")
    ]
    assert articles[0].text == (
        "Deal signed\n\n"
        "Norway and Denmark signed a fisheries agreement on Monday after long talks in Oslo.\n\n"
        "Sweden welcomed the agreement and said it hoped to join the arrangement next year."
    )


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second one.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First one.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y", encoding="utf-8")
    errors: list[InputError] = []
    skipped: list = []
    articles = list(read_articles([tmp_path], errors=errors, skipped=skipped))
    assert [a.text for a in articles] == ["First one.", "Second one."]
    assert skipped == [tmp_path / "notes.csv"] and errors == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"id": "s1", "text": "A met B."}\n', Article(id="s1", text="A met B.")),
        (b"---\nid: s2\n---\nA met B.\n", Article(id="s2", text="A met B.\n")),
    ],
    ids=["jsonl", "text-with-front-matter"],
)
def test_stdin_format_is_recognised(data, expected):
    assert read("-", stdin=io.BytesIO(data)) == ([expected], [])


def test_missing_file(tmp_path):
    assert read(tmp_path / "nope.txt") == (
        [],
        [f"{tmp_path / 'nope.txt'}: no such file or directory"],
    )


def test_jsonl_is_read_line_by_line_with_a_limit_per_article(tmp_path):
    path = tmp_path / "big.jsonl"
    rows = [
        json.dumps({"id": "a", "text": "Short."}),
        json.dumps({"id": "b", "text": "Long. " * 200}),
        '{"id": "c", "text": "Caf\xe9."}',
        json.dumps({"id": "d", "text": "Also short."}),
    ]
    path.write_bytes(b"\n".join(r.encode("latin-1") for r in rows) + b"\n")
    articles, errors = read(path, max_bytes=200)
    assert [a.id for a in articles] == ["a", "d"]
    assert errors == [
        f"{path}:2: over the limit of 200 bytes; raise it with --max-bytes",
        f"{path}:3: not UTF-8 (invalid continuation byte); JSON Lines must be UTF-8",
    ]


def test_stdin_jsonl_is_streamed_past_the_sniffed_head():
    rows = [json.dumps({"id": f"s{n}", "text": f"Article {n}. " + "x" * 500}) for n in range(40)]
    data = ("\n".join(rows) + "\n").encode("utf-8")
    assert len(data) > 8192
    articles, errors = read("-", stdin=io.BytesIO(data), max_bytes=1000)
    assert errors == [] and [a.id for a in articles] == [f"s{n}" for n in range(40)]


def test_stdin_html_is_recognised():
    page = (
        "<html><head><title>Summit ends</title></head><body><article>"
        "<p>The summit in Lisbon ended on Friday with a joint statement on fisheries and ports.</p>"
        "<p>Delegates agreed to meet again in the autumn to review progress on the new rules.</p>"
        "</article></body></html>"
    )
    articles, errors = read("-", stdin=io.BytesIO(page.encode("utf-8")))
    assert errors == []
    assert [(a.title, a.text) for a in articles] == [
        (
            "Summit ends",
            "The summit in Lisbon ended on Friday with a joint statement on fisheries and ports."
            "\n\nDelegates agreed to meet again in the autumn to review progress on the new rules.",
        )
    ]


def test_html_without_article_text(tmp_path):
    path = tmp_path / "empty.htm"
    path.write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    assert read(path) == ([], [f"{path}: no article text found in the HTML"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-07", "2024-03-07"),
        ("2024-03-07T10:00:00+01:00", "2024-03-07"),
        ("2024/3/7", "2024-03-07"),
        ("Thu, 07 Mar 2024 10:00:00 GMT", "2024-03-07"),
        ("March 7, 2024", "2024-03-07"),
        ("7 Mar 2024", "2024-03-07"),
        ("2024-02-30", "2024-02-30"),
        ("spring 2024", "spring 2024"),
    ],
)
def test_published_dates_are_normalised_when_recognisable(value, expected):
    assert normalise_date(value) == expected


def test_jsonl_published_date_is_normalised(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "d", "text": BODY, "published": "May 1, 2023"}) + "\n")
    assert read(path) == ([Article(id="d", text=BODY, published="2023-05-01")], [])
