"""Shared fixtures: a real Neo4j for the whole session, a clean database per test, a CLI runner.

The session starts its own Neo4j with kg.server (its own home in a temporary folder, free ports,
stopped at the end), so tests never touch a user's data or running server. If it cannot start,
every test that needs it FAILS with the reason; nothing is skipped.

To run the same tests against another server (docker compose, a remote one), set
KG_TEST_NEO4J_URI, KG_TEST_NEO4J_USER (default neo4j), KG_TEST_NEO4J_PASSWORD and
KG_TEST_NEO4J_DATABASE (default neo4j). THAT DATABASE IS WIPED: every test that uses
``clean_neo4j`` (or ``store``) deletes all its nodes, constraints and indexes first.

Every test runs with KG_CONFIG pointing at a temporary file and without NEO4J_* or KG_HOME /
KG_NEO4J_* variables, so no test reads or writes the user's configuration.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import Driver, GraphDatabase

from kg import server as runtime
from kg.config import ENVIRONMENT, SERVER_ENVIRONMENT, ServerSettings, Settings
from kg.config import load_server_settings as _load_server_settings
from kg.errors import KgError
from kg.store import Store

# Read before _isolated_environment removes the user's variables.
_TEST_SERVER = {
    "uri": os.environ.get("KG_TEST_NEO4J_URI"),
    "user": os.environ.get("KG_TEST_NEO4J_USER") or "neo4j",
    "password": os.environ.get("KG_TEST_NEO4J_PASSWORD"),
    "database": os.environ.get("KG_TEST_NEO4J_DATABASE") or "neo4j",
}
# The Maven cache is shared with the user's `kg db start` on purpose: resolved once per machine.
_CACHE = _load_server_settings().cache


def free_ports(count: int) -> list[int]:
    """Return ``count`` distinct TCP ports on 127.0.0.1 that were free a moment ago."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in sockets:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in sockets]


def make_server(home: Path, *, heap: str = "512m") -> ServerSettings:
    """Return settings for a private Neo4j in ``home`` on free ports (small memory for tests)."""
    bolt, http = free_ports(2)
    return ServerSettings(
        home=home.resolve(),
        port=bolt,
        http_port=http,
        heap=heap,
        pagecache="128m",
        cache=_CACHE,
    )


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        config = tmp_path_factory.mktemp("config") / "config.toml"
        patch.setenv("KG_CONFIG", str(config))
        names = [*ENVIRONMENT.values(), *SERVER_ENVIRONMENT.values()]
        for name in names:
            if name != "KG_CACHE_DIR":
                patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings of the session's Neo4j: KG_TEST_NEO4J_URI's server, or one started here."""
    if _TEST_SERVER["uri"]:
        yield Settings(
            uri=_TEST_SERVER["uri"],
            user=_TEST_SERVER["user"] or "neo4j",
            password=_TEST_SERVER["password"],
            database=_TEST_SERVER["database"] or "neo4j",
        )
        return
    server = make_server(tmp_path_factory.mktemp("neo4j-home"))
    settings = Settings(
        uri=server.uri, user="neo4j", password=secrets.token_urlsafe(16), database="neo4j"
    )
    try:
        runtime.start(server, settings=settings, timeout=300)
    except KgError as err:
        pytest.fail(f"the test Neo4j did not start: {err}", pytrace=False)
    try:
        yield settings
    finally:
        runtime.stop(server)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Settings) -> Iterator[Driver]:
    """A driver connected to the session's Neo4j."""
    with ExitStack() as stack:
        try:
            auth = neo4j_settings.auth
            driver = stack.enter_context(GraphDatabase.driver(neo4j_settings.uri, auth=auth))
            driver.verify_connectivity()
        except Exception as err:  # whatever it is (no password, refused, unreachable): fail
            pytest.fail(f"Neo4j not usable at {neo4j_settings.uri}: {err}", pytrace=False)
        yield driver


def wipe(driver: Driver, database: str) -> None:
    """Delete every node and relationship, and drop every constraint and index but lookups."""
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    for record in constraints:
        name = record["name"].replace("`", "``")
        driver.execute_query(f"DROP CONSTRAINT `{name}` IF EXISTS", database_=database)
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    )
    for record in indexes:
        name = record["name"].replace("`", "``")
        driver.execute_query(f"DROP INDEX `{name}` IF EXISTS", database_=database)


@pytest.fixture
def clean_neo4j(neo4j_driver: Driver, neo4j_settings: Settings) -> Driver:
    """The session's driver, on a database wiped empty (no nodes, constraints or indexes)."""
    wipe(neo4j_driver, neo4j_settings.database)
    return neo4j_driver


@pytest.fixture
def runner() -> CliRunner:
    """click's CliRunner; stdout and stderr are kept apart (click >= 8.2)."""
    return CliRunner()


# ---------------------------------------------------------------------------------------------
# Store fixtures (owned by the store helper): a `store` fixture built on `clean_neo4j` that
# re-applies the schema (constraints) goes below this line.
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def store(clean_neo4j: Driver, neo4j_settings: Settings) -> Store:
    """A kg.store.Store on the wiped session database, with the schema's constraints applied."""
    store = Store(clean_neo4j, neo4j_settings.database, uri=neo4j_settings.uri)
    store.ensure_schema()
    return store


@pytest.fixture
def env(store: Store, neo4j_settings: Settings, tmp_path: Path) -> dict[str, str]:
    """Environment for kg commands on the session's Neo4j (wiped, schema applied): NEO4J_* of
    its bolt:// URI, and a private config file and spool folder."""
    return {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "NEO4J_DATABASE": neo4j_settings.database,
        "KG_CONFIG": str(tmp_path / "config.toml"),
        "KG_SPOOL_DIR": str(tmp_path / "spool"),
    }
