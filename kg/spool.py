"""The spool: claims not yet stored, kept as JSONL so that ``kg load --claims`` replays them.

When Neo4j is down or fails mid-run, ``Store.load_claims`` appends the claims of every article not
yet stored to a spool file. The default file is new for each run, under ``$KG_SPOOL_DIR``, else
``$XDG_STATE_HOME/kg/spool``, else ``~/.local/state/kg/spool``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from kg.claims import Claim, write_claims
from kg.errors import StoreError

__all__ = ["append_claims", "default_spool_path", "spool_dir"]


def spool_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the folder that holds spool files."""
    environ = os.environ if environ is None else environ
    if environ.get("KG_SPOOL_DIR"):
        return Path(environ["KG_SPOOL_DIR"])
    state = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "kg" / "spool"


def default_spool_path(environ: Mapping[str, str] | None = None) -> Path:
    """Return a fresh spool file name for this run (the file is created only when needed)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return spool_dir(environ) / f"load-{stamp}-{os.getpid()}.jsonl"


def append_claims(path: Path, claims: Iterable[Claim]) -> int:
    """Append claims to the spool file as JSONL; return how many were written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            return write_claims(claims, handle)
    except OSError as err:
        raise StoreError(f"{path}: cannot write the spool: {err.strerror}") from err
