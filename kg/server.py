"""The local Neo4j runtime behind ``kg db``: resolve the server with Maven, start, stop, status.

Neo4j publishes no server tarball on Maven Central, but the Community server's parts are there.
Maven copies their closure once into ``<cache>/neo4j-<version>/lib`` (reused when complete) and kg
runs Neo4j's own server entry point, ``org.neo4j.server.CommunityEntryPoint``, the one the
packaged server runs, with a ``neo4j.conf`` generated in the server home:

    <home>/conf/neo4j.conf   from kg/_data/neo4j/neo4j.conf.template, rewritten on every start
    <home>/data              databases and the auth store
    <home>/logs/neo4j.log    the server's log ("Started."); console.log holds the JVM's own output
    <home>/run/neo4j.pid     pid of the running server

The Neo4j version is the ``neo4j.version`` property of kg/_data/neo4j/pom.xml, and nowhere else;
docker-compose.yml uses the same image tag (a test checks it). The library raises ``ServerError``
and never prints; ``kg db`` renders the results.

>>> from kg.config import load_server_settings, load_settings
>>> result = start(load_server_settings(), settings=load_settings())  # doctest: +SKIP
>>> result.status.uri  # doctest: +SKIP
'bolt://127.0.0.1:7687'
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.config import ServerSettings, Settings, save_settings
from kg.errors import ServerError
from kg.paths import runtime_dir

__all__ = [
    "ENTRY_POINT",
    "ServerStatus",
    "StartResult",
    "StopResult",
    "find_java",
    "neo4j_version",
    "resolve",
    "start",
    "status",
    "stop",
]

log = logging.getLogger(__name__)

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
# Neo4j 5.26 LTS supports Java 17 and 21 (operations manual, "System requirements"); 2025.x
# needs 21, and a newer JDK on PATH (e.g. Temurin 25) is not supported by 5.26.
JAVA_VERSIONS = (17, 21)
DOCKER_HINT = "or run Neo4j in Docker instead: docker compose up -d"
MAVEN_TIMEOUT = 600.0
JVM_DIRS = (Path("/usr/lib/jvm"), Path("/usr/lib64/jvm"))


@dataclass(frozen=True, slots=True)
class ServerStatus:
    """What ``kg db status`` reports about the server in one home."""

    is_running: bool
    version: str
    uri: str
    http_uri: str
    home: Path
    data_dir: Path
    log_file: Path
    pid: int | None


@dataclass(frozen=True, slots=True)
class StartResult:
    status: ServerStatus
    was_running: bool
    seconds: float
    config_saved: Path | None  # where a generated password (and the URI) were stored


@dataclass(frozen=True, slots=True)
class StopResult:
    was_running: bool
    pid: int | None
    seconds: float


def neo4j_version() -> str:
    """Return the Neo4j version kg runs: the ``neo4j.version`` property of the runtime's pom."""
    pom = runtime_dir() / "pom.xml"
    namespace = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ElementTree.parse(pom).find("m:properties/m:neo4j.version", namespace)
    if node is None or not node.text:
        raise ServerError(f"{pom}: no <neo4j.version> property; restore the file from git")
    return node.text.strip()


def find_java(
    *,
    environ: Mapping[str, str] | None = None,
    jvm_dirs: Sequence[Path] = JVM_DIRS,
) -> Path:
    """Return a java binary Neo4j 5.26 runs on: $JAVA_HOME, then PATH, then ``jvm_dirs/*``."""
    found: list[str] = []
    for candidate in _java_candidates(os.environ if environ is None else environ, jvm_dirs):
        major = _java_major(candidate)
        if major in JAVA_VERSIONS:
            return candidate
        found.append(f"Java {major} at {candidate}")
    wanted = " or ".join(str(v) for v in JAVA_VERSIONS)
    if not found:
        raise ServerError(
            "java not found; install a JDK 17 (apt-get install openjdk-17-jre-headless) "
            + DOCKER_HINT
        )
    raise ServerError(
        f"Neo4j {neo4j_version()} needs Java {wanted}, found only {', '.join(found)}; "
        f"install one (apt-get install openjdk-17-jre-headless) and set JAVA_HOME, {DOCKER_HINT}"
    )


def _java_candidates(environ: Mapping[str, str], jvm_dirs: Sequence[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    paths = []
    if environ.get("JAVA_HOME"):
        paths.append(Path(environ["JAVA_HOME"]) / "bin" / "java")
    on_path = shutil.which("java", path=environ.get("PATH", os.defpath))
    if on_path:
        paths.append(Path(on_path))
    for folder in jvm_dirs:
        paths.extend(sorted(folder.glob("*/bin/java")))
    for path in paths:
        if not path.is_file():
            continue
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            yield path


def _java_major(java: Path) -> int:
    try:
        done = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return 0
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr)
    if not match:
        return 0
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def resolve(
    cache: Path,
    *,
    version: str | None = None,
    environ: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Return the folder of the server's jars, resolving them with Maven on first use."""
    version = version or neo4j_version()
    root = cache / f"neo4j-{version}"
    lib = root / "lib"
    if _is_complete(lib, version):
        return lib
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root / ".lock"):  # another start may be resolving the same cache right now
        if _is_complete(lib, version):
            return lib
        if progress is not None:
            progress(f"Fetching Neo4j {version} with Maven into {root} (first start only)")
        _run_maven(root, version, os.environ if environ is None else environ)
    return lib


def _is_complete(lib: Path, version: str) -> bool:
    # lib/ appears only by an atomic rename after Maven succeeded.
    return (lib / f"neo4j-server-{version}.jar").is_file()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_maven(root: Path, version: str, environ: Mapping[str, str]) -> None:
    maven = shutil.which("mvn", path=environ.get("PATH", os.defpath))
    if maven is None:
        raise ServerError(
            f"mvn not found (needed once to fetch Neo4j {version}); "
            f"install Maven (apt-get install maven) {DOCKER_HINT}"
        )
    shutil.copyfile(runtime_dir() / "pom.xml", root / "pom.xml")
    partial = root / "lib.partial"
    shutil.rmtree(partial, ignore_errors=True)
    command = [
        maven,
        "-q",
        "-B",
        "-f",
        str(root / "pom.xml"),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={partial}",
        "-DincludeScope=runtime",
    ]
    log.info("resolving Neo4j %s with Maven into %s", version, root)
    maven_log = root / "maven.log"
    try:
        with maven_log.open("w") as output:
            done = subprocess.run(
                command,
                env=dict(environ),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=MAVEN_TIMEOUT,
                check=False,
            )
    except subprocess.TimeoutExpired as err:
        raise ServerError(
            f"Maven did not resolve Neo4j {version} within {MAVEN_TIMEOUT:.0f} s; see {maven_log}"
        ) from err
    if done.returncode != 0 or not _is_complete(partial, version):
        raise ServerError(
            f"Maven could not resolve Neo4j {version} ({_tail(maven_log)}); see {maven_log}"
        )
    shutil.rmtree(root / "target", ignore_errors=True)
    shutil.rmtree(root / "lib", ignore_errors=True)  # an incomplete one, e.g. a jar removed
    partial.rename(root / "lib")


def start(
    server: ServerSettings,
    *,
    settings: Settings,
    timeout: float = 180.0,
    progress: Callable[[str], None] | None = None,
) -> StartResult:
    """Start the server in ``server.home`` unless it runs; wait until Bolt answers.

    ``timeout`` bounds the wait for Bolt after the server process started (the first start
    also fetches Neo4j with Maven, bounded separately).

    When ``settings`` has no password, generate one and store it (with the URI) in the config
    file, mode 0600, where the other commands find it. ``progress`` hears about slow steps.
    """
    began = time.monotonic()
    (server.home / "run").mkdir(parents=True, exist_ok=True)
    with _locked(server.home / "run" / "kg-start.lock"):  # two starts at once: one server
        current = status(server)
        if current.is_running:
            return StartResult(current, was_running=True, seconds=0.0, config_saved=None)
        saved = _start(server, settings, timeout, progress)
    return StartResult(status(server), False, time.monotonic() - began, saved)


def _start(
    server: ServerSettings,
    settings: Settings,
    timeout: float,
    progress: Callable[[str], None] | None,
) -> Path | None:
    java = find_java()
    version = neo4j_version()
    lib = resolve(server.cache, version=version, progress=progress)
    _check_ports_free(server)
    password, saved = _password(settings, server)
    _write_conf(server)
    if not (server.home / "data" / "databases" / "system").is_dir():
        _set_initial_password(java, lib, server, password)
    since = _log_sizes(server.home)
    pid = _spawn(java, lib, server, version)
    _pid_file(server.home).write_text(f"{pid}\n")
    # The timeout counts from the spawn: a first Maven download must not eat into it.
    deadline = time.monotonic() + timeout
    _wait_for_bolt(server, (settings.user, password), pid, deadline, since=since)
    return saved


def _password(settings: Settings, server: ServerSettings) -> tuple[str, Path | None]:
    if settings.password is not None:
        return settings.password, None
    password = secrets.token_urlsafe(24)
    return password, save_settings({"uri": server.uri, "password": password})


def _check_ports_free(server: ServerSettings) -> None:
    for port, option in ((server.port, "--port"), (server.http_port, "--http-port")):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            # Neo4j binds with SO_REUSEADDR too, so a port in TIME_WAIT is not "in use".
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError as err:
                raise ServerError(
                    f"port {port} on 127.0.0.1 is in use (another Neo4j?); "
                    f"choose another with {option}"
                ) from err


def _write_conf(server: ServerSettings) -> None:
    home = server.home
    folders = {name: home / name for name in ("conf", "data", "logs", "run", "import")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    template = string.Template((runtime_dir() / "neo4j.conf.template").read_text())
    text = template.substitute(
        bolt_port=server.port,
        http_port=server.http_port,
        data_dir=folders["data"],
        logs_dir=folders["logs"],
        run_dir=folders["run"],
        import_dir=folders["import"],
        heap=server.heap,
        pagecache=server.pagecache,
    )
    (folders["conf"] / "neo4j.conf").write_text(text)


def _server_env(server: ServerSettings) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "NEO4J_PASSWORD"}
    env["NEO4J_HOME"] = str(server.home)
    env["NEO4J_CONF"] = str(server.home / "conf")
    return env


def _set_initial_password(java: Path, lib: Path, server: ServerSettings, password: str) -> None:
    # neo4j-admin's own way to set the password before the first start, so the server never
    # runs with the default neo4j/neo4j login. The password travels in an argument file
    # (picocli's @file, in a private temporary folder), not on the command line, where every
    # local user could read it in the process table.
    with tempfile.TemporaryDirectory(prefix="kg-") as folder:
        argument_file = Path(folder) / "password"
        argument_file.write_text(_quote_argument(password) + "\n", encoding="utf-8")
        command = [
            str(java),
            "-cp",
            f"{lib}/*",
            ADMIN_TOOL,
            "dbms",
            "set-initial-password",
            f"@{argument_file}",
        ]
        done = subprocess.run(
            command,
            env=_server_env(server),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if done.returncode != 0:
        reason = " ".join((done.stdout + done.stderr).replace(password, "********").split())
        raise ServerError(f"neo4j-admin could not set the initial password: {reason[-300:]}")


def _quote_argument(value: str) -> str:
    """Quote one argument for a picocli argument file: in double quotes, \\ and \" escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _spawn(java: Path, lib: Path, server: ServerSettings, version: str) -> int:
    home = server.home
    options = [
        line.strip()
        for line in (runtime_dir() / "jvm.options").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    argv = [
        str(java),
        f"-Xms{server.heap}",
        f"-Xmx{server.heap}",
        *options,
        # Marks the process as ours: status() checks them, so a reused pid is never taken for it.
        f"-Dkg.home={home}",
        f"-Dkg.neo4j.version={version}",
        "-cp",
        f"{lib}/*",
        ENTRY_POINT,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
    ]
    console = home / "logs" / "console.log"
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(console), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    # posix_spawn rather than Popen: the server outlives this process (setsid), and no Popen
    # object is left to warn about a child still running.
    return os.posix_spawn(str(java), argv, _server_env(server), file_actions=actions, setsid=True)


def _wait_for_bolt(
    server: ServerSettings,
    auth: tuple[str, str],
    pid: int,
    deadline: float,
    *,
    since: dict[Path, int],
) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    with GraphDatabase.driver(server.uri, auth=auth, connection_timeout=2.0) as driver:
        while True:
            if not _is_alive(pid):
                raise ServerError(
                    f"Neo4j exited while starting ({_tail(*_logs(server.home), since=since)}); "
                    f"see {server.home / 'logs'}"
                )
            try:
                # A plain session, not execute_query: that one retries with backoff and logs
                # a warning for every refused connection while the server is still starting.
                with driver.session(database="system") as session:
                    record = session.run("SHOW DEFAULT DATABASE YIELD currentStatus").single()
                if record is not None and record["currentStatus"] == "online":
                    return
            except AuthError as err:
                _terminate(pid)  # useless to anyone without the other password
                raise ServerError(
                    f"Neo4j in {server.home} rejected the password for {auth[0]!r}, so it was "
                    "stopped: its data was initialised with another one; set NEO4J_PASSWORD "
                    f"to that one, or remove {server.home / 'data'} to start afresh"
                ) from err
            except (DriverError, Neo4jError, OSError):
                pass  # not up yet
            if time.monotonic() > deadline:
                _terminate(pid)
                raise ServerError(
                    f"Neo4j did not answer on {server.uri} in time, so it was stopped; "
                    f"last log lines: {_tail(*_logs(server.home), since=since)}; "
                    f"see {server.home / 'logs'}"
                )
            time.sleep(0.5)


def stop(server: ServerSettings, *, timeout: float = 60.0) -> StopResult:
    """Stop the server in ``server.home`` with SIGTERM and wait until it has exited."""
    began = time.monotonic()
    pid = _running_pid(server.home)
    if pid is None:
        _pid_file(server.home).unlink(missing_ok=True)
        return StopResult(was_running=False, pid=None, seconds=0.0)
    os.kill(pid, signal.SIGTERM)
    while _is_alive(pid):
        if time.monotonic() - began > timeout:
            raise ServerError(
                f"Neo4j (pid {pid}) did not stop within {timeout:.0f} s; "
                f"see {server.home / 'logs' / 'neo4j.log'}; force it with: kill -9 {pid}"
            )
        time.sleep(0.2)
    _pid_file(server.home).unlink(missing_ok=True)
    return StopResult(was_running=True, pid=pid, seconds=time.monotonic() - began)


def _terminate(pid: int, timeout: float = 30.0) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _is_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _is_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def status(server: ServerSettings) -> ServerStatus:
    """Tell whether the server in ``server.home`` runs, and where; a running one reports its own
    version and ports (from its command line and generated neo4j.conf), not today's settings."""
    home = server.home
    pid = _running_pid(home)
    version, port, http_port = neo4j_version(), server.port, server.http_port
    if pid is not None:
        args = _process_args(pid) or []
        version = _system_property(args, "kg.neo4j.version") or version
        conf = _read_conf(home / "conf" / "neo4j.conf")
        port = _listen_port(conf.get("server.bolt.listen_address")) or port
        http_port = _listen_port(conf.get("server.http.listen_address")) or http_port
    return ServerStatus(
        is_running=pid is not None,
        version=version,
        uri=f"bolt://127.0.0.1:{port}",
        http_uri=f"http://127.0.0.1:{http_port}",
        home=home,
        data_dir=home / "data",
        log_file=home / "logs" / "neo4j.log",
        pid=pid,
    )


def _pid_file(home: Path) -> Path:
    return home / "run" / "neo4j.pid"


def _running_pid(home: Path) -> int | None:
    try:
        pid = int(_pid_file(home).read_text().strip())
    except (OSError, ValueError):
        return None
    args = _process_args(pid)
    if args is None or f"-Dkg.home={home}" not in args:
        return None
    return pid


def _is_alive(pid: int) -> bool:
    """Tell whether a process exists and is not a zombie (reaping it if it is our child)."""
    with contextlib.suppress(ChildProcessError, OSError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (macOS): kill(0) above is all we can know
    if state in ("Z", "X"):
        # Dead; if it is our child, reap it. Blocking is fine: a multi-threaded process shows
        # "Z" while its last threads exit, and waitpid(WNOHANG) would not reap it yet.
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)
        return False
    return True


def _process_args(pid: int) -> list[str] | None:
    """Return a live process's command line, or None when it is gone."""
    if not _is_alive(pid):
        return None
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return _ps_args(pid)
    return raw.decode(errors="replace").split("\0")[:-1] or None


def _ps_args(pid: int) -> list[str] | None:
    # Where there is no /proc (macOS), ask ps; arguments with spaces are split, which the
    # -Dkg.home check tolerates only for homes without spaces.
    done = subprocess.run(
        ["ps", "-o", "command=", "-p", str(pid)], capture_output=True, text=True, check=False
    )
    return done.stdout.split() or None


def _system_property(args: list[str], name: str) -> str | None:
    prefix = f"-D{name}="
    return next((arg[len(prefix) :] for arg in args if arg.startswith(prefix)), None)


def _read_conf(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def _listen_port(address: str | None) -> int | None:
    if address and address.rpartition(":")[2].isdigit():
        return int(address.rpartition(":")[2])
    return None


def _logs(home: Path) -> tuple[Path, ...]:
    return (home / "logs" / "console.log", home / "logs" / "neo4j.log")


def _log_sizes(home: Path) -> dict[Path, int]:
    """Return the log files' sizes now, so an error quotes only what this start wrote."""
    return {path: path.stat().st_size if path.is_file() else 0 for path in _logs(home)}


def _tail(*paths: Path, since: dict[Path, int] | None = None, lines: int = 3) -> str:
    """Return the last lines of the first of ``paths`` that has any, joined on one line."""
    for path in paths:
        try:
            with path.open("rb") as handle:
                handle.seek((since or {}).get(path, 0))
                text = handle.read().decode(errors="replace").splitlines()
        except OSError:
            continue
        text = [line.strip() for line in text if line.strip()]
        if text:
            return " | ".join(text[-lines:])
    return "no log lines"
