"""Settings for reaching Neo4j and running the local server, resolved in one place.

Order: command-line options, then environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
NEO4J_DATABASE), then the config file (``$KG_CONFIG``, else ``$XDG_CONFIG_HOME/kg/config.toml``,
else ``~/.config/kg/config.toml``, section ``[neo4j]``), then defaults.
The password is never printed: ``Settings.masked()`` is what ``kg config show`` renders.

The local server that ``kg db`` runs (``ServerSettings``) resolves the same way: options, then
KG_HOME, KG_NEO4J_PORT, KG_NEO4J_HTTP_PORT, KG_NEO4J_HEAP, KG_NEO4J_PAGECACHE, KG_CACHE_DIR, then
the config file's ``[server]`` section, then defaults (home ``$XDG_DATA_HOME/kg/neo4j``, Maven
cache ``$XDG_CACHE_HOME/kg``, Bolt 7687, HTTP 7474, heap 1g, page cache 512m).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kg.errors import ConfigError

__all__ = [
    "DEFAULTS",
    "ENVIRONMENT",
    "SERVER_ENVIRONMENT",
    "ServerSettings",
    "Settings",
    "config_path",
    "load_server_settings",
    "load_settings",
    "save_settings",
]

DEFAULTS: dict[str, str | None] = {
    "uri": "bolt://127.0.0.1:7687",
    "user": "neo4j",
    "password": None,
    "database": "neo4j",
}
# setting -> environment variable
ENVIRONMENT = {
    "uri": "NEO4J_URI",
    "user": "NEO4J_USER",
    "password": "NEO4J_PASSWORD",
    "database": "NEO4J_DATABASE",
}


@dataclass(frozen=True, slots=True)
class Settings:
    uri: str
    user: str
    password: str | None
    database: str
    origin: tuple[tuple[str, str], ...] = ()

    @property
    def auth(self) -> tuple[str, str]:
        if self.password is None:
            raise ConfigError(
                "no Neo4j password set; set NEO4J_PASSWORD, pass --password, "
                "or run: kg db start (it generates one)"
            )
        return (self.user, self.password)

    def masked(self) -> dict[str, str]:
        """Return the settings for display, with the password masked."""
        return {
            "uri": self.uri,
            "user": self.user,
            "password": "********" if self.password else "(not set)",
            "database": self.database,
        }

    def source_of(self, key: str) -> str:
        return dict(self.origin).get(key, "default")


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """Return the path of the TOML config file."""
    environ = os.environ if environ is None else environ
    if environ.get("KG_CONFIG"):
        return Path(environ["KG_CONFIG"])
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "kg" / "config.toml"


def read_config(path: Path) -> dict[str, Any]:
    """Read the config file; a missing file is an empty config, a broken one an error.

    A section or key kg does not know (a typo such as ``pasword``) and a value that is not a
    string or a whole number are errors naming the file: ignoring them would fail later and
    elsewhere (a wrong password, a default port).
    """
    try:
        with path.open("rb") as handle:
            config = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the config file: {err}") from err
    for name, table in config.items():
        known = _SECTIONS.get(name)
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: {name}: a setting outside [neo4j] and [server]")
        if known is None:
            raise ConfigError(f"{path}: [{name}]: unknown section; kg reads [neo4j] and [server]")
        for key, value in table.items():
            if key not in known:
                raise ConfigError(
                    f"{path}: [{name}] {key}: unknown setting; known: {', '.join(known)}"
                )
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise ConfigError(f"{path}: [{name}] {key}: must be a string or a whole number")
    return config


def load_settings(
    options: Mapping[str, str | None] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve the Neo4j settings: options, then environment, then config file, then defaults."""
    environ = os.environ if environ is None else environ
    options = options or {}
    path = config_path(environ)
    section = read_config(path).get("neo4j", {})
    values: dict[str, str | None] = {}
    origin: list[tuple[str, str]] = []
    for key, default in DEFAULTS.items():
        if options.get(key) is not None:
            values[key], where = options[key], "option"
        elif environ.get(ENVIRONMENT[key]):
            values[key], where = environ[ENVIRONMENT[key]], ENVIRONMENT[key]
        elif section.get(key) is not None:
            values[key], where = str(section[key]), str(path)
        else:
            values[key], where = default, "default"
        origin.append((key, where))
    return Settings(
        uri=str(values["uri"]),
        user=str(values["user"]),
        password=values["password"],
        database=str(values["database"]),
        origin=tuple(origin),
    )


def save_settings(updates: Mapping[str, str], *, environ: Mapping[str, str] | None = None) -> Path:
    """Merge keys into the config file's [neo4j] section; the file is written with mode 0600."""
    path = config_path(environ)
    config = read_config(path)
    section = dict(config.get("neo4j", {}))
    section.update(updates)
    config["neo4j"] = section
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, table in config.items():
        if not isinstance(table, dict):
            continue
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {_toml_string(str(value))}" for key, value in table.items())
        lines.append("")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    os.chmod(path, 0o600)
    return path


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def with_password(settings: Settings, password: str) -> Settings:
    return replace(settings, password=password)


# server setting -> environment variable
SERVER_ENVIRONMENT = {
    "home": "KG_HOME",
    "port": "KG_NEO4J_PORT",
    "http_port": "KG_NEO4J_HTTP_PORT",
    "heap": "KG_NEO4J_HEAP",
    "pagecache": "KG_NEO4J_PAGECACHE",
    "cache": "KG_CACHE_DIR",
}
_MEMORY = re.compile(r"[1-9][0-9]*[kmgKMG]")
# config file section -> its keys
_SECTIONS = {"neo4j": tuple(DEFAULTS), "server": tuple(SERVER_ENVIRONMENT)}


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """Where and how the local Neo4j server runs (``kg db``); its Bolt URI follows the port."""

    home: Path
    port: int
    http_port: int
    heap: str
    pagecache: str
    cache: Path

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


def _server_defaults(environ: Mapping[str, str]) -> dict[str, str]:
    data = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    cache = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return {
        "home": str(Path(data) / "kg" / "neo4j"),
        "port": "7687",
        "http_port": "7474",
        "heap": "1g",
        "pagecache": "512m",
        "cache": str(Path(cache) / "kg"),
    }


def load_server_settings(
    options: Mapping[str, str | int | Path | None] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> ServerSettings:
    """Resolve the local server's settings: options, then environment, config file, defaults."""
    environ = os.environ if environ is None else environ
    options = options or {}
    path = config_path(environ)
    section = read_config(path).get("server", {})
    values: dict[str, str] = {}
    where: dict[str, str] = {}
    for key, default in _server_defaults(environ).items():
        variable = SERVER_ENVIRONMENT[key]
        if options.get(key) is not None:
            values[key], where[key] = str(options[key]), f"--{key.replace('_', '-')}"
        elif environ.get(variable):
            values[key], where[key] = environ[variable], variable
        elif section.get(key) is not None:
            values[key], where[key] = str(section[key]), f"{path} [server] {key}"
        else:
            values[key], where[key] = default, "default"
    for key in ("heap", "pagecache"):
        if not _MEMORY.fullmatch(values[key]):
            raise ConfigError(
                f"{where[key]}: {values[key]!r} is not a memory size; use e.g. 512m or 1g"
            )
    return ServerSettings(
        home=Path(values["home"]).expanduser().resolve(),
        port=_port(values["port"], where["port"]),
        http_port=_port(values["http_port"], where["http_port"]),
        heap=values["heap"].lower(),
        pagecache=values["pagecache"].lower(),
        cache=Path(values["cache"]).expanduser().resolve(),
    )


def _port(value: str, where: str) -> int:
    if value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    raise ConfigError(f"{where}: {value!r} is not a port number; use 1-65535")
