"""The project works when installed from a built wheel: build it, install it into a fresh virtual
environment, run `kg --version`, and find schema, queries and the Neo4j runtime files through the
package's own API (kg.paths), not through the checkout.

To stay fast and offline, the wheel is built without build isolation, and the new environment
sees this environment's dependencies through a .pth file (only the wheel itself is installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from kg.paths import queries_dir, schema_file
from kg.server import neo4j_version

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "kg", "loaders", "schema", "queries")
PROBE = """
import json, kg, kg.paths, kg.schema, kg.server
schema = kg.schema.Schema.load()
print(json.dumps({
    "kg": kg.__file__,
    "schema_file": str(kg.paths.schema_file()),
    "schema_text": kg.paths.schema_file().read_text(),
    "entity_types": sorted(schema.entity_types),
    "queries": sorted(p.name for p in kg.paths.queries_dir().glob("*.cypher")),
    "neo4j_version": kg.server.neo4j_version(),
    "loaders_data": kg.paths.loaders_data_dir().is_dir(),
}))
"""


def run(*command: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        check=False,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the freshly built wheel installed; returns its bin/ folder."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"  # a copy, so the build leaves nothing in the checkout
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        elif path.is_file():
            shutil.copy2(path, source / name)
    python = sys.executable
    run(python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", base, ".",
        cwd=source)  # fmt: skip
    (wheel,) = base.glob("kg_ir-*.whl")
    venv = base / "venv"
    run(python, "-m", "venv", "--without-pip", venv)
    (site,) = venv.glob("lib/python*/site-packages")
    (site / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(python, "-m", "pip", "--python", venv / "bin" / "python", "install", "--no-deps", "-q",
        wheel)  # fmt: skip
    return venv / "bin"


@pytest.mark.slow
def test_kg_version_from_the_wheel(installed):
    from kg import __version__

    assert run(installed / "kg", "--version") == f"kg, version {__version__}\n"


@pytest.mark.slow
def test_data_files_are_found_through_the_installed_package(installed):
    found = json.loads(run(installed / "python", "-c", PROBE, cwd=installed))
    venv = installed.parent
    assert Path(found["kg"]).is_relative_to(venv)  # the wheel's copy, not the checkout
    assert Path(found["schema_file"]).is_relative_to(venv)
    assert found["schema_text"] == schema_file().read_text()
    assert found["entity_types"] != []
    # queries/ may still be empty in the checkout; the sets must match either way.
    assert found["queries"] == sorted(p.name for p in queries_dir().glob("*.cypher"))
    assert found["neo4j_version"] == neo4j_version()
    assert found["loaders_data"] is True
