"""The memory a grading run needs, and whether this machine (or its container) has it.

Each judge grades with its own fork server and one worker at a time; measured at every isolation
level (``benchmarks/memory.py``), the whole process tree of one judge peaks below
``MEMORY_PER_JUDGE``. The memory available is the smaller of the kernel's estimate
(``MemAvailable``) and what this process's cgroup still allows (v2 ``memory.max``, v1
``memory.limit_in_bytes``), as a container sets it.
"""

from __future__ import annotations

from pathlib import Path

MiB = 2**20
MEMORY_PER_JUDGE = 640 * MiB


class NotEnoughMemory(RuntimeError):
    """This machine cannot give the run the memory it needs; the message names both amounts."""


def available_memory() -> tuple[int, str]:
    """``(bytes, where the limit comes from)``: the memory this process's tree may still use."""
    found = [(_meminfo("MemAvailable"), "the machine's available memory")]
    for limit, usage in _cgroup_files():
        try:
            ceiling, used = limit.read_text().strip(), int(usage.read_text())
        except (OSError, ValueError):
            continue
        if ceiling.isdigit() and int(ceiling) < 2**60:
            found.append((int(ceiling) - used, f"the container's memory limit of {int(ceiling) // MiB:,} MiB"))
    return min(found)


def check_memory(judges: int) -> None:
    """Raise ``NotEnoughMemory`` when ``judges`` judges would not fit in the memory available."""
    needed = judges * MEMORY_PER_JUDGE
    available, where = available_memory()
    if available < needed:
        fits = max(available // MEMORY_PER_JUDGE, 0)
        advice = f"grade with --workers {fits}" if fits else "give the machine or container more memory"
        raise NotEnoughMemory(
            f"grading with {judges} worker(s) needs about {needed // MiB:,} MiB ({MEMORY_PER_JUDGE // MiB} MiB each) "
            f"and {available // MiB:,} MiB are available ({where}); {advice}"
        )


def _meminfo(key: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) * 1024
    return 2**62


def _cgroup_files() -> list[tuple[Path, Path]]:
    """``(limit, usage)`` files of this process's memory cgroup, v2 and v1, where mounted."""
    pairs = []
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            folder = Path("/sys/fs/cgroup") / path.lstrip("/")
            pairs.append((folder / "memory.max", folder / "memory.current"))
        elif "memory" in controllers.split(","):
            folder = Path("/sys/fs/cgroup/memory") / path.lstrip("/")
            pairs.append((folder / "memory.limit_in_bytes", folder / "memory.usage_in_bytes"))
    return pairs
