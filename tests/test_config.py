"""kg.config: precedence (options > environment > config file > defaults), the 0600 file the
password is stored in, the server settings, and `kg config show` never revealing a password."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kg.cli import cli
from kg.config import (
    ServerSettings,
    Settings,
    load_server_settings,
    load_settings,
    save_settings,
)
from kg.errors import ConfigError

SECRET = "s3cret-Pa55word-never-shown"


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_defaults_without_anything(tmp_path):
    settings = load_settings(environ={"KG_CONFIG": str(tmp_path / "none.toml")})
    assert settings == Settings(
        uri="bolt://127.0.0.1:7687",
        user="neo4j",
        password=None,
        database="neo4j",
        origin=(
            ("uri", "default"),
            ("user", "default"),
            ("password", "default"),
            ("database", "default"),
        ),
    )


def test_options_beat_environment_beat_file_beat_defaults(tmp_path):
    config = write(
        tmp_path / "config.toml",
        '[neo4j]\nuri = "bolt://file:1"\nuser = "file-user"\npassword = "file-pw"\n',
    )
    environ = {"KG_CONFIG": str(config), "NEO4J_URI": "bolt://env:2", "NEO4J_PASSWORD": "env-pw"}
    settings = load_settings({"uri": "bolt://option:3", "database": None}, environ=environ)
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "bolt://option:3",
        "file-user",
        "env-pw",
        "neo4j",
    )
    assert [settings.source_of(key) for key in ("uri", "user", "password", "database")] == [
        "option",
        str(config),
        "NEO4J_PASSWORD",
        "default",
    ]


def test_config_path_follows_kg_config_then_xdg(tmp_path):
    from kg.config import config_path

    assert config_path({"KG_CONFIG": "/x/kg.toml"}) == Path("/x/kg.toml")
    assert config_path({"XDG_CONFIG_HOME": "/xdg"}) == Path("/xdg/kg/config.toml")


def test_save_settings_merges_and_writes_mode_0600(tmp_path):
    config = write(tmp_path / "config.toml", '[neo4j]\nuser = "alice"\n\n[server]\nport = "7690"\n')
    config.chmod(0o644)
    environ = {"KG_CONFIG": str(config)}
    assert save_settings({"password": 'with "quotes" \\ and'}, environ=environ) == config
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    settings = load_settings(environ=environ)
    assert (settings.user, settings.password) == ("alice", 'with "quotes" \\ and')
    assert load_server_settings(environ=environ).port == 7690


def test_save_settings_creates_the_folder(tmp_path):
    config = tmp_path / "new" / "kg" / "config.toml"
    save_settings({"uri": "bolt://127.0.0.1:7699"}, environ={"KG_CONFIG": str(config)})
    assert config.read_text() == '[neo4j]\nuri = "bolt://127.0.0.1:7699"\n'
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


def test_a_broken_config_file_is_one_line(tmp_path):
    config = write(tmp_path / "config.toml", "[neo4j\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"KG_CONFIG": str(config)})
    assert str(caught.value).startswith(f"{config}: cannot read the config file: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[neo4j]\npasword = "x"\n', "[neo4j] pasword: unknown setting; known: uri, user, "
         "password, database"),
        ('[server]\nhep = "2g"\n', "[server] hep: unknown setting; known: home, port, "
         "http_port, heap, pagecache, cache"),
        ('[neoj4]\nuri = "bolt://x:1"\n', "[neoj4]: unknown section; kg reads [neo4j] and "
         "[server]"),
        ('password = "x"\n', "password: a setting outside [neo4j] and [server]"),
        ('[neo4j]\npassword = ["a", "b"]\n', "[neo4j] password: must be a string or a whole "
         "number"),
        ("[server]\nport = true\n", "[server] port: must be a string or a whole number"),
    ],
)  # fmt: skip
def test_a_config_file_with_an_unknown_or_malformed_setting_is_one_line(tmp_path, text, problem):
    config = write(tmp_path / "config.toml", text)
    for load in (load_settings, load_server_settings):
        with pytest.raises(ConfigError) as caught:
            load(environ={"KG_CONFIG": str(config)})
        assert str(caught.value) == f"{config}: {problem}"


def test_server_defaults_follow_xdg(tmp_path):
    environ = {
        "KG_CONFIG": str(tmp_path / "none.toml"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    assert load_server_settings(environ=environ) == ServerSettings(
        home=tmp_path / "data" / "kg" / "neo4j",
        port=7687,
        http_port=7474,
        heap="1g",
        pagecache="512m",
        cache=tmp_path / "cache" / "kg",
    )


def test_server_options_beat_environment_beat_file(tmp_path):
    config = write(
        tmp_path / "config.toml", '[server]\nport = 7701\nheap = "2g"\npagecache = "1g"\n'
    )
    environ = {
        "KG_CONFIG": str(config),
        "KG_HOME": str(tmp_path / "env-home"),
        "KG_NEO4J_PORT": "7702",
        "KG_NEO4J_HEAP": "768m",
        "KG_CACHE_DIR": str(tmp_path / "cache"),
    }
    server = load_server_settings({"port": 7703, "home": None}, environ=environ)
    assert server == ServerSettings(
        home=tmp_path / "env-home",
        port=7703,
        http_port=7474,
        heap="768m",
        pagecache="1g",
        cache=tmp_path / "cache",
    )
    assert server.uri == "bolt://127.0.0.1:7703"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"KG_NEO4J_PORT": "abc"}, "KG_NEO4J_PORT: 'abc' is not a port number; use 1-65535"),
        (
            {"KG_NEO4J_HTTP_PORT": "70000"},
            "KG_NEO4J_HTTP_PORT: '70000' is not a port number; use 1-65535",
        ),
        (
            {"KG_NEO4J_HEAP": "lots"},
            "KG_NEO4J_HEAP: 'lots' is not a memory size; use e.g. 512m or 1g",
        ),
        (
            {"KG_NEO4J_PAGECACHE": "512"},
            "KG_NEO4J_PAGECACHE: '512' is not a memory size; use e.g. 512m or 1g",
        ),
    ],
    ids=["port", "http-port", "heap", "pagecache"],
)
def test_bad_server_settings_name_the_variable_and_the_fix(tmp_path, environ, message):
    with pytest.raises(ConfigError) as caught:
        load_server_settings(environ={"KG_CONFIG": str(tmp_path / "none.toml"), **environ})
    assert str(caught.value) == message


def test_bad_server_setting_in_the_file_names_the_file(tmp_path):
    config = write(tmp_path / "config.toml", '[server]\nheap = "big"\n')
    with pytest.raises(ConfigError) as caught:
        load_server_settings(environ={"KG_CONFIG": str(config)})
    assert (
        str(caught.value)
        == f"{config} [server] heap: 'big' is not a memory size; use e.g. 512m or 1g"
    )


def test_missing_password_tells_how_to_get_one():
    settings = Settings(uri="bolt://127.0.0.1:7687", user="neo4j", password=None, database="neo4j")
    with pytest.raises(ConfigError) as caught:
        _ = settings.auth
    assert str(caught.value) == (
        "no Neo4j password set; set NEO4J_PASSWORD, pass --password, "
        "or run: kg db start (it generates one)"
    )


def test_config_show_masks_the_password(runner, tmp_path, monkeypatch):
    config = write(tmp_path / "config.toml", f'[neo4j]\npassword = "{SECRET}"\n')
    monkeypatch.setenv("KG_CONFIG", str(config))
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7688")
    result = runner.invoke(cli, ["config", "show"], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"config file: {config}\n"
        "uri       bolt://127.0.0.1:7688   (NEO4J_URI)\n"
        "user      neo4j   (default)\n"
        f"password  ********   ({config})\n"
        "database  neo4j   (default)\n"
    )


def test_config_show_with_password_option_never_prints_it(runner):
    result = runner.invoke(cli, ["config", "show", "--password", SECRET], catch_exceptions=False)
    assert result.exit_code == 0
    assert "password  ********   (option)\n" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_config_show_without_password(runner):
    result = runner.invoke(cli, ["config", "show"], catch_exceptions=False)
    assert "password  (not set)   (default)\n" in result.stdout
