"""The README's session runs as written: every `kg` command in its session block, in order,
against the test Neo4j (`kg db start` is the one step the session fixture already did)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def session_commands() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"A session:\n\n```\n(.*?)```", readme, re.S)
    assert block, "README.md lost its 'A session:' code block"
    return [shlex.split(line)[1:] for line in block.group(1).splitlines() if line.startswith("kg ")]


def test_readme_session_runs(env, tmp_path, monkeypatch):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    commands = session_commands()
    assert [args[0] for args in commands] == ["db", "extract", "load", "query", "viz"]
    outputs = {}
    for args in commands[1:]:
        result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stderr)
        outputs[args[0]] = result.stdout
    assert "ESP" in outputs["extract"] and "SUPPORTS" in outputs["extract"]
    # Spain's support for the two-state solution, from the Spanish example article
    stance = outputs["query"].splitlines()
    assert any(line.split()[:2] == ["SUPPORTS", "ESP"] for line in stance), outputs["query"]
    assert (tmp_path / "graph.html").is_file()
