"""Security: injection through every input an attacker controls, and the password kept secret.

* Cypher injection through ``kg query run -p`` values, query names, ``kg cypher -p`` and file
  names: values are driver parameters, names only look up the catalogue, and labels and
  relationship types come only from the schema (a claims file cannot smuggle one in).
* HTML and script injection through article text, titles, entity labels, source names and the
  page title into ``kg viz``: the page, parsed with an HTML parser, holds no element, attribute
  or script that came from the data; the data travels intact as JSON.
* Terminal escape sequences in the data never reach a ``--format table`` output.
* ``kg cypher`` without ``--write`` cannot change the database, whatever the statement.
* The password never appears in the output of ``kg db start/status/stop``, ``kg config show``,
  connection errors or ``--debug`` logging, nor in the server's files (grep of everything).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import free_ports

from kg.claims import Article, Claim, Entity, Evidence, Extractor, claim_sort_key, write_claims
from kg.cli import cli

# ---------------------------------------------------------------- hostile data

SCRIPT = "</script><script>alert('text')</script>"
IMG = '<img src=x onerror="alert(1)">'
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m"
HOSTILE_TITLE = '"><svg onload=alert(document.cookie)>'
HOSTILE_SOURCE = "<iframe src=javascript:alert(2)></iframe>"
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # every control character but "\n"


def hostile_claims() -> list[Claim]:
    china = Entity("CHN", f"China {IMG}{ESCAPES}", "Country")
    russia = Entity("RUS", "Russia <b onmouseover=alert(3)>", "Country")
    topic = Entity("topic:nato-expansion", "NATO expansion <!-- -->{{7*7}}", "Topic")
    article = Article(
        id="hostile-1",
        title=HOSTILE_TITLE,
        url="javascript:alert(4)",
        published="2025-01-02",
        source=HOSTILE_SOURCE,
    )
    sentence = f"China {SCRIPT} criticised Russia {ESCAPES} again."
    claims = [
        Claim(
            china,
            "CRITICIZES",
            russia,
            Evidence(sentence, 0, len(sentence), "en"),
            article,
            Extractor("rules", "1"),
        ),
        Claim(
            china,
            "OPPOSES",
            topic,
            Evidence(sentence, 0, len(sentence), "en"),
            article,
            Extractor("rules", "1"),
        ),
    ]
    return sorted(claims, key=claim_sort_key)


def write_file(path: Path, claims: list[Claim]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        write_claims(claims, handle)
    return path


@pytest.fixture
def loaded(store, env, tmp_path):
    """The session database holding the hostile claims (through kg load)."""
    path = write_file(tmp_path / "hostile.jsonl", hostile_claims())
    kg(env, "load", "--claims", str(path))
    return store


def kg(env: dict[str, str], *args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), env=env)
    if ok:
        assert result.exit_code == 0, (result.stderr, result.exception)
    else:
        assert isinstance(result.exception, SystemExit), result.exception  # no traceback
        assert result.exit_code == 1, result.stderr
        # One error line, the last (kg load's progress label may come before it).
        errors = [line for line in result.stderr.splitlines() if "Error" in line]
        assert errors == result.stderr.splitlines()[-1:], result.stderr
        assert errors[0].startswith("Error: "), result.stderr
    return result


def graph_state(store) -> dict[str, object]:
    """Every node and relationship with its properties, and the schema objects."""
    nodes = store.read(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id, n.name"
    ).data()
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.name) AS a, type(r) AS type, "
        "properties(r) AS props, coalesce(b.id, b.name) AS b ORDER BY a, type, b"
    ).data()
    return {
        "nodes": sorted(json.dumps(n, sort_keys=True, default=str) for n in nodes),
        "relationships": sorted(json.dumps(r, sort_keys=True, default=str) for r in rels),
        "constraints": sorted(r["name"] for r in store.read("SHOW CONSTRAINTS YIELD name")),
        "indexes": sorted(r["name"] for r in store.read("SHOW INDEXES YIELD name")),
    }


# ---------------------------------------------------------------- HTML


@dataclass
class Page(HTMLParser):
    """Every element and attribute of a page, and the text of its scripts and title."""

    tags: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    title: str = ""
    _in: str | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("script", "title"):
            self._in = tag
            if tag == "script":
                self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "title":
            self.title += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def benign_page(tmp_path: Path) -> Page:
    china, russia = Entity("CHN", "China", "Country"), Entity("RUS", "Russia", "Country")
    evidence = Evidence("China criticised Russia.", 0, 24, "en")
    claim = Claim(
        china, "CRITICIZES", russia, evidence, Article(id="plain"), Extractor("rules", "1")
    )
    path = write_file(tmp_path / "benign.jsonl", [claim])
    kg({}, "viz", "--claims", str(path), "-o", str(tmp_path / "benign.html"))
    return parse(tmp_path / "benign.html")


def check_page(page: Page, benign: Page, title: str) -> None:
    # The same kinds of element as a page drawn from harmless data: none came from the data.
    assert {tag for tag, _ in page.tags} == {tag for tag, _ in benign.tags}
    attributes = [(name, value or "") for _, attrs in page.tags for name, value in attrs]
    assert [name for name, _ in attributes if name.startswith("on")] == []
    assert [value for _, value in attributes if "javascript:" in value.lower()] == []
    # Three scripts: the data as JSON (not run), and the two we ship, unchanged.
    assert [attrs for attrs, _ in page.scripts] == [
        {"type": "application/json", "id": "kg-data"},
        {},
        {},
    ]
    assert [text for _, text in page.scripts[1:]] == [text for _, text in benign.scripts[1:]]
    assert page.title == title
    data = json.loads(page.scripts[0][1])
    labels = sorted(node["label"] for node in data["nodes"])
    assert labels == [
        f"China {IMG}{ESCAPES}",
        "NATO expansion <!-- -->{{7*7}}",
        "Russia <b onmouseover=alert(3)>",
    ]
    evidence = [item for edge in data["edges"] for item in edge["kg"]["evidence"]]
    assert {item["title"] for item in evidence} == {HOSTILE_TITLE}
    assert {item["source"] for item in evidence} == {HOSTILE_SOURCE}
    assert {item["sentence"] for item in evidence} == {
        f"China {SCRIPT} criticised Russia {ESCAPES} again."
    }


@pytest.mark.parametrize("origin", ["claims-file", "neo4j"])
def test_viz_keeps_hostile_text_as_data(loaded, env, tmp_path, origin):
    output = tmp_path / "hostile.html"
    title = "<script>alert('title')</script>"
    source = ["--claims", str(tmp_path / "hostile.jsonl")] if origin == "claims-file" else []
    kg(env, "viz", *source, "-o", str(output), "--title", title)
    check_page(parse(output), benign_page(tmp_path), title)


# ---------------------------------------------------------------- terminal escapes


def test_table_output_carries_no_terminal_escape_sequence(loaded, env, tmp_path):
    names = "MATCH (e:Entity) RETURN e.id AS id, e.name AS name ORDER BY id"
    table = kg(env, "cypher", names).stdout
    assert CONTROL.findall(table) == []
    first = table.splitlines()[2].split(maxsplit=1)
    assert first == [
        "CHN",
        'China <img src=x onerror="alert(1)">\ufffd[2J\ufffd]0;pwned\ufffd\ufffd31m',
    ]
    # JSON keeps the data exactly (json escapes control characters itself).
    rows = [
        json.loads(line)
        for line in kg(env, "cypher", names, "--format", "json").stdout.split("\n")
        if line
    ]
    assert rows[0] == {"id": "CHN", "name": f"China {IMG}{ESCAPES}"}
    evidence = kg(
        env, "query", "run", "evidence", "-p", "subject=CHN", "-p", "predicate=CRITICIZES",
        "-p", "object=RUS",
    ).stdout  # fmt: skip
    assert CONTROL.findall(evidence) == [] and "\ufffd]0;pwned\ufffd" in evidence
    article = tmp_path / "escapes.txt"
    article.write_text(f"France condemned Russia on Tuesday {ESCAPES} in Geneva.\n")
    extracted = kg(env, "extract", str(article), "--format", "table").stdout
    assert CONTROL.findall(extracted) == []
    assert extracted.splitlines()[1].startswith("FRA ")


# ---------------------------------------------------------------- Cypher injection

INJECTIONS = [
    "CHN'}) DETACH DELETE n //",
    'CHN"}) DETACH DELETE n //',
    "CHN`) DETACH DELETE n //",
    "x' OR 1=1 WITH 1 AS x MATCH (n) DETACH DELETE n //",
    "$actor",
    "\\u0027}) DETACH DELETE n //",
    "CHN\x00; MATCH (n) DETACH DELETE n",
]


@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_query_parameters_are_values_never_cypher(loaded, env, value):
    before = graph_state(loaded)
    for args in (
        ["query", "run", "partners", "-p", f"actor={value}"],
        ["query", "run", "evidence", "-p", f"subject={value}", "-p", "predicate=CRITICIZES",
         "-p", f"object={value}"],
        ["query", "run", "stance-on-topic", "-p", f"topic={value}", "--format", "json"],
        ["cypher", "MATCH (e:Entity {id: $id}) RETURN e.id AS id", "-p", f"id={value}"],
        ["cypher", "RETURN $v AS v", "-p", f"v={value}", "--format", "json"],
    ):  # fmt: skip
        result = CliRunner().invoke(cli, args, env=env)
        assert isinstance(result.exception, SystemExit | None), result.exception
        if result.exit_code == 0:
            assert result.stderr in ("0 rows\n", "1 row\n"), (args, result.stderr)
        else:  # refused as a value (a typed parameter, say): one line
            assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
    echoed = kg(env, "cypher", "RETURN $v AS v", "-p", f"v={value}", "--format", "json").stdout
    assert json.loads(echoed) == {"v": value}
    assert graph_state(loaded) == before


def test_typed_query_parameters_refuse_cypher(loaded, env):
    result = kg(env, "query", "run", "partners", "-p", "actor=CHN", "-p",
                "limit=1 MATCH (n) DETACH DELETE n", ok=False)  # fmt: skip
    assert "limit" in result.stderr
    assert loaded.read("MATCH (n) RETURN count(n) AS n").records[0]["n"] > 0


NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "../queries/partners",
    "partners.cypher",
    "partners'",
    'partners"',
    "`partners`",
    "partners\x00",
    "..",
    "",
]


@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
def test_query_names_only_look_up_the_catalogue(env, name):
    for command in ("run", "show"):
        result = kg(env, "query", command, name, ok=False)
        assert result.stderr.startswith(f"Error: unknown query {name!r}"), result.stderr
        assert result.stdout == "" and "root:" not in result.stderr


def test_file_names_with_quotes_and_shell_syntax_are_only_names(store, env, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = 'it\'s "quoted" `tick` $(touch owned) ; rm -rf x {{1}}.md'
    (folder / name).write_text("---\nid: quoted-1\n---\nFrance condemned Russia.\n")
    result = subprocess.run(
        [sys.executable, "-m", "kg", "load", str(folder / name)],
        env={**os.environ, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "owned").exists()
    ids = store.read("MATCH (c:Claim)-[:STATED_IN]->(a) RETURN a.id AS a, c.predicate AS p")
    assert ids.data() == [{"a": "quoted-1", "p": "CRITICIZES"}]
    output = tmp_path / 'it\'s "a" `graph`.html'
    kg(env, "viz", "-o", str(output))
    assert output.is_file()


def test_labels_and_types_come_only_from_the_schema(loaded, env, tmp_path):
    before = graph_state(loaded)
    (claim,) = [c for c in hostile_claims() if c.predicate == "CRITICIZES"]
    record = claim.to_dict()
    bad_type = {**record, "subject": {**record["subject"], "type": "Country`) DETACH DELETE n //"}}
    bad_predicate = {**record, "predicate": "CRITICIZES]->() DETACH DELETE r //"}
    for number, bad in enumerate((bad_type, bad_predicate)):
        path = tmp_path / f"bad{number}.jsonl"
        path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
        result = kg(env, "load", "--claims", str(path), ok=False)
        assert "DETACH DELETE" in result.stderr.splitlines()[-1], result.stderr
    for args in (
        ["viz", "-o", str(tmp_path / "x.html"), "--predicates", "OPPOSES`]->() DELETE r //"],
        ["analyze", "--predicates", "OPPOSES]->() DETACH DELETE n //"],
        ["export", "--format", "nt", "-o", str(tmp_path / "x.nt"), "--predicates", "X` //"],
    ):
        result = kg(env, *args, ok=False)
        assert "OPPOSES" in result.stderr or "X` //" in result.stderr
    assert graph_state(loaded) == before


# ---------------------------------------------------------------- kg cypher is read-only

WRITES = [
    "CREATE (n:Scratch {id: 'x'})",
    "MERGE (n:Entity {id: 'XKX'}) RETURN n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Entity) SET n.name = 'owned'",
    "MATCH (n:Entity) REMOVE n.name",
    "MATCH (n:Entity) SET n:Owned",
    "MATCH (a:Entity), (b:Entity) CREATE (a)-[:OWNS]->(b)",
    "CREATE INDEX owned IF NOT EXISTS FOR (n:Entity) ON (n.owned)",
    "CREATE CONSTRAINT owned IF NOT EXISTS FOR (n:Owned) REQUIRE n.id IS UNIQUE",
    "DROP CONSTRAINT entity_id",
    "DROP INDEX claim_triple",
    "CALL db.createLabel('Owned')",
    "CALL db.createProperty('owned')",
    "CALL db.createRelationshipType('OWNS')",
    "CALL { CREATE (:Scratch) } IN TRANSACTIONS",
    "LOAD CSV FROM 'file:///etc/passwd' AS row CREATE (:Scratch {line: row[0]})",
    "CALL apoc.create.node(['Scratch'], {})",
    "CALL apoc.cypher.runWrite('CREATE (:Scratch)', {})",
    "CREATE DATABASE owned",
    "CREATE USER owner SET PASSWORD 'owned-password'",
    "FOREACH (x IN [1] | CREATE (:Scratch))",
    "MATCH (n:Entity) WITH n CALL (n) { SET n.owned = true } RETURN count(*)",
]


@pytest.mark.parametrize("statement", WRITES, ids=range(len(WRITES)))
def test_cypher_without_write_cannot_change_the_database(loaded, env, statement):
    before = graph_state(loaded)
    result = kg(env, "cypher", statement, ok=False)
    assert "Traceback" not in result.stderr
    assert graph_state(loaded) == before


def test_load_csv_cannot_read_server_files(loaded, env):
    result = kg(env, "cypher", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", ok=False)
    assert "root:" not in result.stderr + result.stdout


# ---------------------------------------------------------------- the password


def run_kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


class CommandLineWatch:
    """Scan every process's command line (/proc) in a thread, for a secret, until stopped."""

    def __init__(self, secret: str) -> None:
        import threading

        self.secret = secret.encode()
        self.seen: list[str] = []
        self.scans = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._scan, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _scan(self) -> None:
        while not self._stop.is_set():
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    args = cmdline.read_bytes()
                except OSError:
                    continue
                if self.secret in args:
                    self.seen.append(args.replace(b"\0", b" ").decode(errors="replace")[:200])
            self.scans += 1
            self._stop.wait(0.01)


@pytest.mark.slow
def test_password_appears_in_no_output_no_log_no_command_line_and_no_server_file(tmp_path):
    # A private server started by kg db start itself, with a password that needs quoting.
    password = "pa ss\"wo'rd\\#x $HOME " + os.urandom(6).hex()
    wrong = "wrong-" + password[::-1]
    bolt, http = free_ports(2)
    home, config = tmp_path / "home", tmp_path / "config.toml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))} | {
        "KG_HOME": str(home),
        "KG_CONFIG": str(config),
        "KG_NEO4J_PORT": str(bolt),
        "KG_NEO4J_HTTP_PORT": str(http),
        "KG_NEO4J_HEAP": "512m",
        "KG_NEO4J_PAGECACHE": "128m",
        "NEO4J_URI": f"bolt://127.0.0.1:{bolt}",
        "NEO4J_PASSWORD": password,
    }
    if "KG_CACHE_DIR" in os.environ:
        env["KG_CACHE_DIR"] = os.environ["KG_CACHE_DIR"]
    outputs = []
    with CommandLineWatch(password) as watch:
        started = run_kg("--debug", "db", "start", env=env)
    outputs.append(started)
    try:
        assert started.returncode == 0, started.stderr[-2000:]
        # neo4j-admin set the password from an argument file, not from its command line.
        assert watch.seen == [] and watch.scans > 10
        for args in (
            ["db", "status"],
            ["--debug", "db", "status"],
            ["config", "show"],
            ["--debug", "config", "show"],
            ["--debug", "cypher", "RETURN 1 AS one"],
            ["--debug", "stats"],
            ["cypher", "RETURN 1 AS one", "--password", wrong],
            ["--debug", "cypher", "RETURN 1 AS one", "--password", wrong],
            ["cypher", "ALTER CURRENT USER SET PASSWORD FROM $old TO $new", "-p",
             f"old={password}", "-p", f"new={wrong}"],
        ):  # fmt: skip
            outputs.append(run_kg(*args, env=env))
        refused = outputs[-3]
        assert refused.returncode == 1 and "refused the login" in refused.stderr
        assert outputs[-1].returncode == 1  # read-only: the password was not changed
        assert run_kg("cypher", "RETURN 1 AS one", env=env).stdout == "one\n---\n1\n"
    finally:
        outputs.append(run_kg("--debug", "db", "stop", env=env))
    assert outputs[-1].returncode == 0, outputs[-1].stderr
    for done in outputs:
        text = done.stdout + done.stderr
        assert password not in text, done.args
        assert wrong not in text, done.args
    leaking = [
        str(path)
        for path in [*home.rglob("*"), config]
        if path.is_file() and password.encode() in path.read_bytes()
    ]
    assert leaking == []
