"""Ending a worker: every process it started killed and reaped, every file its user left removed."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import time
from pathlib import Path

SHARED_SCRATCH = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"))  # where any user may create files


def kill_everything(worker: int, *, own_uid: int | None) -> None:
    """Kill the worker and every process it started, however it detached, and reap them.

    The caller (the supervisor) is a child subreaper, so orphans come back to it; when the worker
    ran as a user id of its own (``own_uid``), every process of that user is killed as well."""
    for kill in (os.kill, os.killpg):
        try:
            kill(worker, signal.SIGKILL)
        except OSError:
            pass
    if own_uid is not None:
        _kill_user(own_uid)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for child in _children(os.getpid()):
            try:
                os.kill(child, signal.SIGKILL)
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            return
        time.sleep(0.01)


def remove_files_of(uid: int, folders=SHARED_SCRATCH) -> None:
    """Remove what the user ``uid`` created directly in ``folders`` (the shared scratch folders)."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid == uid:
                    remove_tree(Path(entry.path))
            except OSError:
                pass


def remove_tree(path: Path) -> None:
    """Remove ``path`` and what it holds, even folders their owner made unreadable (mode 000)."""
    if not path.is_dir() or path.is_symlink():
        path.unlink(missing_ok=True)
        return
    os.chmod(path, stat.S_IRWXU)
    for top, folders, _ in os.walk(path):  # top-down: each folder is opened before it is walked
        for name in folders:
            if not os.path.islink(os.path.join(top, name)):
                os.chmod(os.path.join(top, name), stat.S_IRWXU)
    shutil.rmtree(path)


def _kill_user(uid: int) -> None:
    pid = os.fork()
    if pid == 0:
        try:
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat_line = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat_line.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found
