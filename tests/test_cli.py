"""The kg command line as a whole: help, version, one-line errors with exit codes (2 usage,
1 runtime), tracebacks only with --debug, and every command documented with an example (C8)."""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

from kg import __version__
from kg.cli import cli
from kg.errors import ConfigError


def walk(group: click.Group, path: tuple[str, ...] = ()):
    """Yield (command path, command) for every command and group below ``group``."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*path, name))


COMMANDS = list(walk(cli))


def test_help_lists_every_group(runner):
    result = runner.invoke(cli, ["--help"], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")
    listed = result.stdout.split("Commands:\n", 1)[1]
    names = [line.split()[0] for line in listed.splitlines() if line.startswith("  ")]
    assert names == sorted(cli.commands)
    assert {"config", "db"} <= set(names)


def test_short_help_option(runner):
    assert runner.invoke(cli, ["-h"]).stdout == runner.invoke(cli, ["--help"]).stdout


def test_version(runner):
    result = runner.invoke(cli, ["--version"], catch_exceptions=False)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"kg, version {__version__}\n",
        "",
    )


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(path) for path, _ in COMMANDS]
)
def test_every_command_has_help_with_an_example(path, command):
    # sqlite-utils' test_commands_have_help, plus STYLE C8: an unwrapped (\b) example that runs
    # this very command.
    assert command.help, f"kg {' '.join(path)} has no docstring"
    example = command.help.split("\b", 1)[1] if "\b" in command.help else ""
    assert f"kg {' '.join(path)}" in example, f"kg {' '.join(path)} has no \\b example"


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(path) for path, _ in COMMANDS]
)
def test_every_command_answers_help(runner, path, command):
    result = runner.invoke(cli, [*path, "--help"], prog_name="kg", catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Usage: kg {' '.join(path)} ")


def test_unknown_command_is_a_usage_error(runner):
    result = runner.invoke(cli, ["nope"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "Error: No such command 'nope'."


def test_bad_option_value_is_a_usage_error(runner):
    result = runner.invoke(cli, ["db", "status", "--port", "seven"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--port': 'seven' is not a valid integer."
    )


def test_runtime_error_is_one_line_and_exit_1(runner):
    result = runner.invoke(cli, ["db", "start", "--heap", "lots"])
    assert isinstance(result.exception, SystemExit)  # no other exception: no traceback
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: --heap: 'lots' is not a memory size; use e.g. 512m or 1g\n"


def test_debug_lets_the_library_error_through(runner):
    result = runner.invoke(cli, ["--debug", "db", "start", "--heap", "lots"])
    assert isinstance(result.exception, ConfigError)
    assert str(result.exception) == "--heap: 'lots' is not a memory size; use e.g. 512m or 1g"


def run_kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
        check=False,
    )


def test_a_real_process_prints_no_traceback_without_debug():
    plain = run_kg("db", "status", "--heap", "lots")
    assert (plain.returncode, plain.stdout) == (1, "")
    assert plain.stderr == "Error: --heap: 'lots' is not a memory size; use e.g. 512m or 1g\n"
    debug = run_kg("--debug", "db", "status", "--heap", "lots")
    assert debug.returncode == 1
    assert debug.stderr.startswith("Traceback (most recent call last):\n")
    assert debug.stderr.endswith(
        "kg.errors.ConfigError: --heap: 'lots' is not a memory size; use e.g. 512m or 1g\n"
    )
