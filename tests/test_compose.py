"""docker-compose.yml agrees with the local runtime (same Neo4j version and memory), publishes on
127.0.0.1 only, takes the password from the environment, and has volumes and a healthcheck.

Where the docker CLI has the compose plugin, `docker compose config` validates the file too
(client side, no engine needed); the other checks read the YAML, so they run everywhere."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kg.config import ENVIRONMENT, load_server_settings
from kg.server import neo4j_version

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def neo4j() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]["neo4j"]


def test_image_is_the_runtime_version(neo4j):
    assert neo4j["image"] == f"neo4j:{neo4j_version()}-community"


def test_ports_are_published_on_localhost_only(neo4j):
    assert neo4j["ports"] == ["127.0.0.1:7687:7687", "127.0.0.1:7474:7474"]


def test_password_comes_from_the_environment_and_is_required(neo4j):
    auth = neo4j["environment"]["NEO4J_AUTH"]
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]+\}", auth), auth


def test_memory_matches_kg_db_start(tmp_path, neo4j):
    defaults = load_server_settings(environ={"KG_CONFIG": str(tmp_path / "none.toml")})
    environment = neo4j["environment"]
    assert {
        key: value for key, value in environment.items() if key.startswith("NEO4J_server_memory")
    } == {
        "NEO4J_server_memory_heap_initial__size": defaults.heap,
        "NEO4J_server_memory_heap_max__size": defaults.heap,
        "NEO4J_server_memory_pagecache_size": defaults.pagecache,
    }


def test_named_volumes_for_data_and_logs(neo4j):
    assert neo4j["volumes"] == ["data:/data", "logs:/logs"]
    assert yaml.safe_load(COMPOSE.read_text())["volumes"] == {"data": None, "logs": None}


def test_healthcheck_asks_cypher_shell(neo4j):
    check = neo4j["healthcheck"]
    assert check["test"][0] == "CMD-SHELL"
    assert check["test"][1].startswith("cypher-shell -u neo4j -p ")
    assert "RETURN 1" in check["test"][1]


def test_env_example_commits_no_password_and_names_only_known_variables():
    pairs = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert pairs["NEO4J_PASSWORD"] == ""
    assert set(pairs) <= set(ENVIRONMENT.values())
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def has_compose() -> bool:
    if shutil.which("docker") is None:
        return False
    done = subprocess.run(
        ["docker", "compose", "version"], capture_output=True, timeout=30, check=False
    )
    return done.returncode == 0


def compose_config(**variables: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "COMPOSE_"))}
    return subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "--env-file", os.devnull, "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**environ, **variables},
        check=False,
    )


def test_docker_compose_config_accepts_the_file_where_the_client_exists():
    if not has_compose():
        pytest.skip("no docker compose plugin here; the YAML checks above cover the file")
    assert compose_config(NEO4J_PASSWORD="a-password-for-tests").returncode == 0
    missing = compose_config()
    assert missing.returncode != 0
    assert "set NEO4J_PASSWORD" in missing.stderr
