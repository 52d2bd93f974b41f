"""The local Neo4j runtime (kg.server, kg db) against real servers: the session's, and a spare one
in its own home on other ports for start/stop, so the session server is never disturbed."""

from __future__ import annotations

import os
import re
import socket
import stat
import tomllib
from pathlib import Path

import pytest
from conftest import free_ports, make_server
from neo4j import GraphDatabase

from kg import server as runtime
from kg.cli import cli
from kg.errors import ServerError

VERSION = runtime.neo4j_version()


def test_smoke_write_and_read_through_the_driver(clean_neo4j, neo4j_settings):
    clean_neo4j.execute_query(
        "CREATE (:Country {id: $id, label: $label})",
        id="country:SWE",
        label="Sweden",
        database_=neo4j_settings.database,
    )
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (c:Country) RETURN c.id AS id, c.label AS label",
        database_=neo4j_settings.database,
    )
    assert [record.data() for record in records] == [{"id": "country:SWE", "label": "Sweden"}]


def test_clean_neo4j_starts_empty(clean_neo4j, neo4j_settings):
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (n) RETURN count(n) AS nodes", database_=neo4j_settings.database
    )
    assert records[0]["nodes"] == 0


def test_neo4j_version_matches_the_running_session_server(neo4j_driver):
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition", database_="system"
    )
    assert [record.data() for record in records] == [
        {"name": "Neo4j Kernel", "versions": [VERSION], "edition": "community"}
    ]


def db(runner, *args: str):
    return runner.invoke(cli, ["db", *args])


def test_start_twice_status_stop_on_a_spare_server(runner, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("KG_CONFIG", str(config))
    server = make_server(tmp_path / "home")
    where = ["--home", str(server.home), "--port", str(server.port)]
    memory = ["--http-port", str(server.http_port), "--heap", "512m", "--pagecache", "128m"]

    first = db(runner, "start", *where, *memory)
    assert first.exit_code == 0, first.stderr
    assert re.fullmatch(
        rf"Neo4j {VERSION} started at bolt://127\.0\.0\.1:{server.port} in \d+\.\d s\n",
        first.stdout,
    )
    assert first.stderr == f"Generated a password; stored with the URI in {config}\n"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    stored = tomllib.loads(config.read_text())["neo4j"]
    assert stored["uri"] == server.uri
    password = stored["password"]
    assert len(password) >= 24
    pid = int((server.home / "run" / "neo4j.pid").read_text())

    second = db(runner, "start", *where, *memory)
    assert (second.exit_code, second.stderr) == (0, "")
    assert second.stdout == (
        f"Neo4j {VERSION} is already running at bolt://127.0.0.1:{server.port} (pid {pid})\n"
    )

    with monkeypatch.context() as env:
        env.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
        elsewhere = db(runner, "start", *where, *memory)
    assert (elsewhere.exit_code, elsewhere.stdout) == (0, second.stdout)
    assert elsewhere.stderr == (
        "Note: other kg commands use bolt://127.0.0.1:1 (from NEO4J_URI); "
        f"to use this server: export NEO4J_URI={server.uri}\n"
    )

    status = db(runner, "status", "--home", str(server.home))
    assert (status.exit_code, status.stderr) == (0, "")
    assert status.stdout == (
        f"state     running\nversion   {VERSION}\nuri       bolt://127.0.0.1:{server.port}\n"
        f"http      http://127.0.0.1:{server.http_port}\ndata dir  {server.home / 'data'}\n"
        f"log       {server.home / 'logs' / 'neo4j.log'}\npid       {pid}\n"
    )
    with GraphDatabase.driver(server.uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one", database_="neo4j")
    assert records[0]["one"] == 1

    stopped = db(runner, "stop", "--home", str(server.home))
    assert stopped.exit_code == 0
    assert re.fullmatch(rf"Neo4j stopped \(pid {pid}\) in \d+\.\d s\n", stopped.stdout)
    assert not Path(f"/proc/{pid}").exists()
    assert not (server.home / "run" / "neo4j.pid").exists()

    after = db(runner, "status", "--home", str(server.home))
    assert after.exit_code == 3
    assert after.stdout.splitlines()[0] == "state     stopped"
    assert after.stdout.splitlines()[-1] == "pid       -"
    again = db(runner, "stop", "--home", str(server.home))
    assert (again.exit_code, again.stdout) == (0, "Neo4j is not running\n")

    # Its data keeps the generated password: another one is refused and the server stopped.
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    refused = db(runner, "start", *where, *memory)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: Neo4j in {server.home} rejected the password for 'neo4j', so it was stopped: "
        "its data was initialised with another one; set NEO4J_PASSWORD to that one, "
        f"or remove {server.home / 'data'} to start afresh\n"
    )
    assert runtime.status(server).is_running is False
    for result in (first, second, status, stopped, after, refused):
        assert password not in result.stdout + result.stderr


def test_start_refuses_a_port_in_use(runner, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = db(runner, "start", "--home", str(tmp_path), "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: port {port} on 127.0.0.1 is in use (another Neo4j?); choose another with --port\n"
    )
    assert not (tmp_path / "run" / "neo4j.pid").exists()


def test_status_of_a_fresh_home(runner, tmp_path):
    http = free_ports(1)[0]
    result = db(
        runner, "status", "--home", str(tmp_path), "--port", "7999", "--http-port", str(http)
    )
    assert result.exit_code == 3
    assert result.stdout == (
        f"state     stopped\nversion   {VERSION}\nuri       bolt://127.0.0.1:7999\n"
        f"http      http://127.0.0.1:{http}\ndata dir  {tmp_path / 'data'}\n"
        f"log       {tmp_path / 'logs' / 'neo4j.log'}\npid       -\n"
    )


def test_status_ignores_a_pid_file_of_another_process(tmp_path):
    server = make_server(tmp_path)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "neo4j.pid").write_text(f"{os.getpid()}\n")  # alive, but not Neo4j
    assert runtime.status(server).is_running is False
    assert runtime.status(server).pid is None
    assert runtime.stop(server) == runtime.StopResult(was_running=False, pid=None, seconds=0.0)
    assert not (tmp_path / "run" / "neo4j.pid").exists()


def fake_java(folder: Path, version: str) -> Path:
    """A stand-in `java` that only reports a version (the real JDKs here are all supported)."""
    java = folder / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2025-09-16' >&2\n")
    java.chmod(0o755)
    return java


def test_find_java_without_any_java(tmp_path):
    with pytest.raises(ServerError) as caught:
        runtime.find_java(environ={"PATH": str(tmp_path)}, jvm_dirs=())
    assert str(caught.value) == (
        "java not found; install a JDK 17 (apt-get install openjdk-17-jre-headless) "
        "or run Neo4j in Docker instead: docker compose up -d"
    )


def test_find_java_refuses_an_unsupported_version_and_skips_to_a_supported_one(tmp_path):
    newer = fake_java(tmp_path / "jdk-25", "25")
    with pytest.raises(ServerError) as caught:
        runtime.find_java(environ={"JAVA_HOME": str(tmp_path / "jdk-25"), "PATH": ""}, jvm_dirs=())
    assert str(caught.value) == (
        f"Neo4j {VERSION} needs Java 17 or 21, found only Java 25 at {newer}; install one "
        "(apt-get install openjdk-17-jre-headless) and set JAVA_HOME, "
        "or run Neo4j in Docker instead: docker compose up -d"
    )
    jvm = tmp_path / "jvm"
    fake_java(jvm / "jdk-8", "1.8.0_402")
    good = fake_java(jvm / "jdk-17", "17.0.13")
    found = runtime.find_java(
        environ={"JAVA_HOME": str(tmp_path / "jdk-25"), "PATH": ""}, jvm_dirs=(jvm,)
    )
    assert found == good


def test_resolve_without_maven_names_what_to_install(tmp_path):
    heard: list[str] = []
    with pytest.raises(ServerError) as caught:
        runtime.resolve(tmp_path, environ={"PATH": str(tmp_path)}, progress=heard.append)
    assert heard == [
        f"Fetching Neo4j {VERSION} with Maven into {tmp_path / f'neo4j-{VERSION}'} "
        "(first start only)"
    ]
    assert str(caught.value) == (
        f"mvn not found (needed once to fetch Neo4j {VERSION}); install Maven "
        "(apt-get install maven) or run Neo4j in Docker instead: docker compose up -d"
    )


def test_resolve_reuses_a_complete_cache_without_maven(tmp_path):
    lib = tmp_path / f"neo4j-{VERSION}" / "lib"
    lib.mkdir(parents=True)
    (lib / f"neo4j-server-{VERSION}.jar").write_bytes(b"")
    heard: list[str] = []
    assert runtime.resolve(tmp_path, environ={"PATH": str(tmp_path)}, progress=heard.append) == lib
    assert heard == []
