"""How busy other processes keep the machine while a benchmark runs.

``OtherLoad`` samples ``/proc/<pid>/stat`` twice a second in a thread and sums the CPU time used,
during the measurement, by every process that is not this one or one of its descendants. Counting
from the process tree rather than from ``getrusage(RUSAGE_CHILDREN)`` matters here: initgrade's fork
server ignores SIGCHLD, so its workers are reaped by the kernel and their CPU time never reaches
any parent's rusage. A process that starts and ends between two samples is missed, so the figure
is a lower bound.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def processes() -> dict[int, tuple[int, float]]:
    """``{pid: (parent pid, CPU seconds so far)}`` for every process visible in /proc."""
    table = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone since the listing
            table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return table


def descendants(table: dict[int, tuple[int, float]], root: int) -> set[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found, stack = set(), [root]
    while stack:
        pid = stack.pop()
        found.add(pid)
        stack.extend(children.get(pid, []))
    return found


class OtherLoad:
    """``with OtherLoad() as meter: ...`` then ``meter.cores``: other processes' CPU seconds per second."""

    def __init__(self, interval: float = 0.5):
        self.interval, self.cores = interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> OtherLoad:
        self._start = time.perf_counter()
        self._first = {pid: cpu for pid, (_, cpu) in processes().items()}  # a new pid starts from 0
        self._last: dict[int, float] = {}
        self._thread.start()
        return self

    def _sample(self) -> None:
        table = processes()
        ours = descendants(table, os.getpid())
        for pid, (_, cpu) in table.items():
            if pid not in ours:
                self._last[pid] = cpu

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        used = sum(cpu - self._first.get(pid, 0.0) for pid, cpu in self._last.items())
        self.cores = max(0.0, used) / (time.perf_counter() - self._start)
