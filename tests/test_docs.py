"""The documentation is true: every command in docs/ runs, shown outputs match, links resolve.

Every ``$ `` line of every ```console block in docs/*.md (whoever wrote the page) runs in a
fresh folder holding copies of examples/ and docs/ (the rest of the checkout linked in), with
``kg`` on PATH and NEO4J_* naming the session's Neo4j, on a database that holds the examples
(wiped and loaded once per page). A command that exits non-zero fails the page, naming
page:line. Output lines shown under a command are compared with its standard output,
whitespace-normalised: all of it, or, when the shown output ends with a line ``...``, its first
lines. Commands without shell syntax run in-process (fast); pipes, redirections, variables and
non-kg commands run under bash. ``kg db start`` in a page starts a server of its own (a private
KG_HOME on free ports), stopped after the page.

The generated part of docs/data-model.md (between ``<!-- schema:begin -->`` and
``<!-- schema:end -->``) must match schema/kg.toml; regenerate it with
``.venv/bin/python tests/test_docs.py``. After a change that alters what the commands print,
``KG_DOCS_UPDATE=1 pytest tests/test_docs.py`` writes the new outputs into the pages (review the
diff: it is the documentation).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.schema import Schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
BIN = Path(sys.executable).parent  # where the venv's kg script lives
# The rest of the checkout, linked (not copied) into the page's folder: pages only read it.
LINKED = (".venv", "benchmarks", "kg", "loaders", "pyproject.toml", "queries", "schema", "tests")
_FENCE = re.compile(r"^\s*```(\S*)")
_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SCHEMA_BLOCK = re.compile(r"<!-- schema:begin -->\n(.*?)<!-- schema:end -->", re.S)


@dataclass
class Command:
    page: str
    line: int
    text: str
    expected: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"docs/{self.page}:{self.line}"


def console_commands(path: Path) -> list[Command]:
    """Return the ``$ `` lines of the page's ```console blocks, each with the output shown."""
    commands: list[Command] = []
    fence: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        opening = _FENCE.match(line)
        if opening and fence is None:
            fence = opening.group(1) or "text"
            continue
        if opening:
            fence = None
            continue
        if fence != "console":
            continue
        if line.startswith("$ "):
            commands.append(Command(path.name, number, line[2:].strip()))
        elif commands and commands[-1].line < number:
            commands[-1].expected.append(line)
    return commands


def _page_commands() -> list[tuple[str, list[Command]]]:
    pages = [(path.name, console_commands(path)) for path in PAGES]
    return [(name, commands) for name, commands in pages if commands]


def pipeline_stages(text: str) -> list[list[str]] | None:
    """Split a line into the argument lists of ``echo ... | kg ...`` stages, or None when bash
    must run it (other programs, redirections, globs, expansions outside single quotes)."""
    stages, current, quote = [], "", None
    for char in text:
        if quote == "'":
            quote = None if char == "'" else quote
        elif quote == '"':
            if char in "$`\\":
                return None
            quote = None if char == '"' else quote
        elif char in "'\"":
            quote = char
        elif char == "|":
            stages.append(current)
            current = ""
            continue
        elif char in "&;<>()$`\\*?[]{}~#":
            return None
        current += char
    stages.append(current)
    words = [shlex.split(stage) for stage in stages]
    if not all(words) or words[-1][0] != "kg":
        return None
    if any(stage[0] != "kg" and (stage[0] != "echo" or index) for index, stage in enumerate(words)):
        return None  # only a first `echo` feeds kg; everything else is kg
    return words


def normalise(lines: list[str]) -> list[str]:
    words = [" ".join(line.split()) for line in lines]
    while words and not words[-1]:
        words.pop()
    return words


@dataclass
class Workspace:
    """A folder like the repository root (examples/, docs/) and the environment commands get."""

    folder: Path
    env: dict[str, str]

    def run(self, command: Command) -> tuple[int, str, str]:
        """Run one line: kg (and echo) pipelines in-process, anything else under bash."""
        stages = pipeline_stages(command.text)
        if stages is None:
            done = subprocess.run(
                ["bash", "-c", "set -o pipefail\n" + command.text],
                cwd=self.folder,
                env={**os.environ, **self.env},
                capture_output=True,
                text=True,
                timeout=600,
            )
            return done.returncode, done.stdout, done.stderr
        code, stdout, stderr = 0, "", ""
        for words in stages:
            if words[0] == "echo":
                stdout = " ".join(words[1:]) + "\n"
                continue
            result = CliRunner().invoke(cli, words[1:], input=stdout, env=self.env)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise AssertionError(f"{command.where}: {command.text}: raised") from (
                    result.exception
                )
            code = result.exit_code or code  # as bash's pipefail
            stdout, stderr = result.stdout, stderr + result.stderr
        return code, stdout, stderr


@pytest.fixture
def workspace(store, neo4j_settings, tmp_path, monkeypatch) -> Iterator[Workspace]:
    """A fresh folder and a database holding the examples (the state every page starts from)."""
    folder = tmp_path / "repo"
    shutil.copytree(ROOT / "examples", folder / "examples")
    shutil.copytree(DOCS, folder / "docs")
    for name in LINKED:  # read by commands such as loaders/data/build_gazetteer.py --check
        if (ROOT / name).exists():
            (folder / name).symlink_to(ROOT / name)
    from conftest import free_ports

    bolt, http = free_ports(2)
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password or "",
        "NEO4J_DATABASE": neo4j_settings.database,
        "KG_CONFIG": str(tmp_path / "config.toml"),
        "KG_SPOOL_DIR": str(tmp_path / "spool"),
        # For a page that runs `kg db start`: a server of its own, small, on free ports.
        "KG_HOME": str(tmp_path / "neo4j-home"),
        "KG_NEO4J_PORT": str(bolt),
        "KG_NEO4J_HTTP_PORT": str(http),
        "KG_NEO4J_HEAP": "256m",
        "KG_NEO4J_PAGECACHE": "64m",
    }
    monkeypatch.chdir(folder)
    space = Workspace(folder, env)
    loaded = space.run(Command("(setup)", 0, "kg load examples/"))
    assert loaded[0] == 0, loaded[2]
    try:
        yield space
    finally:
        if (tmp_path / "neo4j-home").exists():
            space.run(Command("(teardown)", 0, "kg db stop"))


PAGE_COMMANDS = _page_commands()


@pytest.mark.parametrize(
    "commands", [c for _, c in PAGE_COMMANDS], ids=[name for name, _ in PAGE_COMMANDS]
)
def test_every_command_of_the_page_runs(workspace, commands):
    updates: list[tuple[Command, list[str]]] = []
    for command in commands:
        code, stdout, stderr = workspace.run(command)
        assert code == 0, f"{command.where}: `{command.text}` exited {code}:\n{stderr}{stdout}"
        shown = normalise(command.expected)
        if not shown:
            continue
        got = normalise(stdout.splitlines())
        if shown[-1] == "...":
            shown = shown[:-1]
            got = got[: len(shown)]
        if os.environ.get("KG_DOCS_UPDATE") == "1":
            lines = stdout.rstrip("\n").splitlines()
            if command.expected and command.expected[-1].strip() == "...":
                lines = [*lines[: len(shown)], "..."]
            updates.append((command, lines))
            continue
        assert got == shown, f"{command.where}: `{command.text}` printed other lines than shown"
    if updates:
        update_outputs(DOCS / commands[0].page, updates)


def update_outputs(path: Path, updates: list[tuple[Command, list[str]]]) -> None:
    """Write the outputs a run printed under their commands (KG_DOCS_UPDATE=1, for maintainers)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for command, output in sorted(updates, key=lambda update: -update[0].line):
        lines[command.line : command.line + len(command.expected)] = output
    path.write_text("\n".join(lines), encoding="utf-8")


def test_the_pages_have_commands_to_run():
    names = {name for name, _ in PAGE_COMMANDS}
    assert {"installation.md", "loading.md", "cypher.md", "extending.md"} <= names


def test_console_blocks_hold_commands_only_after_a_prompt():
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"```console\n(.*?)```", text, re.S):
            first = block.splitlines()[0] if block.strip() else ""
            assert first.startswith("$ "), f"{path.name}: a console block starts with {first!r}"


# ---------------------------------------------------------------- links


def prose(text: str) -> str:
    """Return the text without fenced code blocks or inline code (links there are not links)."""
    lines, fence = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            fence = not fence
            continue
        lines.append("" if fence else re.sub(r"`[^`]*`", "", line))
    return "\n".join(lines)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found = set()
    for line in prose(path.read_text(encoding="utf-8")).splitlines():
        if match := _HEADING.match(line):
            found.add(slug(match.group(2)))
    return found


def relative_links(path: Path) -> Iterator[str]:
    for target in _LINK.findall(prose(path.read_text(encoding="utf-8"))):
        if not re.match(r"[a-z][a-z0-9+.-]*:", target):
            yield target


@pytest.mark.parametrize("path", [*PAGES, ROOT / "README.md"], ids=lambda p: p.name)
def test_relative_links_resolve(path):
    broken = []
    for target in relative_links(path):
        file, _, anchor = target.partition("#")
        resolved = (path.parent / file).resolve() if file else path
        missing_anchor = anchor and resolved.suffix == ".md" and anchor not in anchors(resolved)
        if not resolved.exists() or missing_anchor:
            broken.append(target)
    assert broken == [], f"{path.name}: links that resolve to nothing"


def test_the_index_links_every_page():
    linked = {target.partition("#")[0] for target in relative_links(DOCS / "README.md")}
    pages = {path.name for path in PAGES} - {"README.md"}
    assert pages - linked == set(), "docs/README.md does not link these pages"
    readme = set(relative_links(ROOT / "README.md"))
    assert "docs/README.md" in readme


# ---------------------------------------------------------------- generated from the schema


def schema_section(schema: Schema) -> str:
    """Return the part of docs/data-model.md generated from schema/kg.toml."""
    actors = [name for name in schema.type_names if schema.entity_type(name).is_actor]
    edges: dict[tuple[str, str, bool], list[str]] = {}
    for name in schema.predicate_names:
        predicate = schema.predicate(name)
        for subject in _collapse(list(predicate.subject), actors):
            for obj in _collapse(list(predicate.object), actors):
                edges.setdefault((subject, obj, predicate.symmetric), []).append(name)
    lines = ["```mermaid", "flowchart LR"]
    for node in dict.fromkeys(end for key in edges for end in key[:2]):
        text = " / ".join(actors) if node == "Actor" else node
        lines.append(f"    {node}([{text}])")
    for (subject, obj, symmetric), names in edges.items():
        arrow = "<-->" if symmetric else "-->"
        lines.append(f"    {subject} {arrow}|{'<br>'.join(names)}| {obj}")
    lines += ["```", ""]
    lines += [
        "| predicate | family | direction | subject | object | meaning | PLOVER / CAMEO |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in schema.predicate_names:
        p = schema.predicate(name)
        direction = "symmetric" if p.symmetric else "directed"
        codes = " / ".join(code for code in (p.plover, p.cameo) if code)
        subject = ", ".join(_collapse(list(p.subject), actors))
        obj = ", ".join(_collapse(list(p.object), actors))
        lines.append(
            f"| `{name}` | {p.family} | {direction} | {subject} | {obj} | {p.description} "
            f"| {codes} |"
        )
    lines += ["", "| entity type | id form | actor | meaning |", "|---|---|---|---|"]
    for name in schema.type_names:
        t = schema.entity_type(name)
        lines.append(
            f"| `{t.label}` | `{t.id_pattern}` | {'yes' if t.is_actor else 'no'} "
            f"| {t.description} |"
        )
    return "\n".join(lines) + "\n"


def _collapse(types: list[str], actors: list[str]) -> list[str]:
    """Name the four actor types together as Actor when all of them are allowed."""
    if set(actors) <= set(types):
        return ["Actor", *[t for t in types if t not in actors]]
    return types


def test_data_model_diagram_and_tables_match_the_schema():
    page = (DOCS / "data-model.md").read_text(encoding="utf-8")
    block = _SCHEMA_BLOCK.search(page)
    assert block, "docs/data-model.md lost its <!-- schema:begin --> ... <!-- schema:end --> part"
    assert block.group(1) == schema_section(Schema.load()), (
        "docs/data-model.md is stale; regenerate it with: .venv/bin/python tests/test_docs.py"
    )


def write_schema_section() -> None:
    path = DOCS / "data-model.md"
    page = path.read_text(encoding="utf-8")
    section = schema_section(Schema.load())
    new = _SCHEMA_BLOCK.sub(lambda _: f"<!-- schema:begin -->\n{section}<!-- schema:end -->", page)
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    write_schema_section()
