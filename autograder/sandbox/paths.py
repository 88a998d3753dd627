"""Which directories a worker may read: the system's and Python's, never a hidden path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc")
DEVICES = ("null", "zero", "random", "urandom")
ETC_FOR_ROOT = ("localtime", "timezone", "ld.so.cache", "passwd", "group", "nsswitch.conf", "hosts", "os-release")


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


def first_unreadable(uid: int, folders: list[Path]) -> Path | None:
    """The first of ``folders`` that the user id ``uid`` (no groups) cannot list, or None: asked of
    a child that becomes ``uid``, as only the kernel knows (this process may read everything)."""
    child = os.fork()
    if child == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        except OSError:
            os._exit(255)
        for number, folder in enumerate(folders[:250], start=1):
            try:
                os.listdir(folder)
            except OSError:
                os._exit(number)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    code = os.waitstatus_to_exitcode(status)
    return None if code == 0 else folders[code - 1] if code <= len(folders) else Path("/")
