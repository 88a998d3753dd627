"""Which directories a worker may read: the system's and Python's, never a hidden path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc")
DEVICES = ("null", "zero", "random", "urandom")


def visible_dirs(hidden: list[Path]) -> list[Path]:
    """System directories and the directories Python imports from, outermost only, leaving out
    those that are or lie inside a hidden path. A hidden path may still lie inside one of them
    (a kit installed into site-packages): each level of confinement covers those itself."""
    candidates = [Path(p) for p in SYSTEM_DIRS]
    candidates += [Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path) if p]
    chosen: list[Path] = []
    for path in candidates:
        if not path.is_absolute() or not path.exists() or path == Path("/"):
            continue
        path = Path(os.path.normpath(path))
        if any(path == h or inside(path, h) for h in hidden):
            continue
        if not any(path == c or inside(path, c) for c in chosen):
            chosen = [c for c in chosen if not inside(c, path)] + [path]
    return chosen


def inside(path: Path, parent: Path) -> bool:
    """Whether ``path`` lies strictly below ``parent``."""
    return path != parent and parent in path.parents
