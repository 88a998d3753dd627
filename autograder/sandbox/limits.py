"""Resource limits of a worker: memory, CPU time, file size, processes, open files."""

from __future__ import annotations

import os
import resource
import signal
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    """Resource limits of one worker (bytes and seconds)."""

    memory: int = 3 * 1024**3  # address space added on top of what the preloaded worker maps
    cpu_seconds: int = 900
    file_size: int = 16 * 1024**2
    processes: int = 64  # processes and threads the worker may add to what its user already runs
    open_files: int = 256
    tmp_size: int = 64 * 1024**2  # each of /tmp, /dev/shm and the submission's folder; the worker's own folder
    folder_entries: int = 10_000  # files and folders in the worker's own folder


DEFAULT_LIMITS = Limits()


def set_limits(limits: Limits, *, user_tasks: int) -> None:
    """Apply the resource limits to this process (inherited by everything it starts).

    The kernel counts processes per user, so the worker may start ``limits.processes`` beyond
    the ``user_tasks`` its user runs already (0 for a user id of its own)."""
    caps = [
        (resource.RLIMIT_AS, _mapped_bytes() + limits.memory),
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_FSIZE, limits.file_size),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_NPROC, user_tasks + limits.processes),
    ]
    for which, value in caps:
        resource.setrlimit(which, (value, value))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing


def tasks_of(uid: int) -> int:
    """Processes and threads the user ``uid`` runs now, as the kernel counts them for RLIMIT_NPROC."""
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if int(fields["Uid"].split()[0]) == uid:
            count += int(fields["Threads"])
    return count


def folder_over_limits(folder: Path, limits: Limits) -> bool:
    """Whether ``folder`` holds more than ``limits.tmp_size`` bytes on disk or more than
    ``limits.folder_entries`` entries (a folder on the host's disk has no size of its own)."""
    used, entries, pending = 0, 0, [str(folder)]
    while pending:
        try:
            listing = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in listing:
            entries += 1
            try:
                used += entry.stat(follow_symlinks=False).st_blocks * 512
            except OSError:
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
        if used > limits.tmp_size or entries > limits.folder_entries:
            return True
    return False


def _mapped_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0
