"""The memory a grading run needs, and whether this machine (or its container) has that much.

Each judge grades with its own fork server and one worker at a time. Measured at every isolation
level in a cgroup holding the whole process tree (``benchmarks/memory.py``), one judge's tree
peaked at 441 MiB; ``MEMORY_PER_JUDGE`` leaves a margin over that. With several judges, the
process that hands them submissions and writes the reports comes on top (``MEMORY_BATCH``): a
batch with two judges peaked at 924 MiB, under the 1,120 MiB these give. The
memory there is the smaller of the machine's (``MemTotal``) and its cgroup's limit (v2
``memory.max``, v1 ``memory.limit_in_bytes``), as a container sets it.
"""

from __future__ import annotations

from pathlib import Path

MiB = 2**20
MEMORY_PER_JUDGE = 480 * MiB
MEMORY_BATCH = 160 * MiB


class NotEnoughMemory(RuntimeError):
    """This machine cannot give the run the memory it needs; the message names both amounts."""


def memory_ceiling() -> tuple[int, str]:
    """``(bytes, where that limit comes from)``: the most memory this process's tree may use."""
    found = [(_meminfo("MemTotal"), "the machine's memory")]
    for limit in _cgroup_limits():
        try:
            ceiling = limit.read_text().strip()
        except OSError:
            continue
        if ceiling.isdigit() and int(ceiling) < 2**60:
            found.append((int(ceiling), "the container's memory limit"))
    return min(found)


def memory_needed(judges: int) -> int:
    """The memory ``judges`` judges need together, the batch's own process included."""
    return judges * MEMORY_PER_JUDGE + (MEMORY_BATCH if judges > 1 else 0)


def judges_that_fit(most: int) -> int:
    """The most judges, up to ``most`` and at least 1, whose memory fits in the memory there is."""
    ceiling, _ = memory_ceiling()
    return max([n for n in range(1, most + 1) if memory_needed(n) <= ceiling], default=1)


def check_memory(judges: int) -> None:
    """Raise ``NotEnoughMemory`` when ``judges`` judges would not fit in the memory there is."""
    needed, (ceiling, where) = memory_needed(judges), memory_ceiling()
    if ceiling < needed:
        fits = max((n for n in range(1, judges) if memory_needed(n) <= ceiling), default=0)
        advice = f"grade with --workers {fits}" if fits else "give the machine or container more memory"
        raise NotEnoughMemory(
            f"grading with {judges} worker(s) needs about {needed // MiB:,} MiB and {where} is "
            f"{ceiling // MiB:,} MiB; {advice}"
        )


def _meminfo(key: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) * 1024
    return 2**62


def _cgroup_limits() -> list[Path]:
    """The memory limit files of this process's cgroups, v2 and v1, where mounted."""
    found = []
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            found.append(Path("/sys/fs/cgroup") / path.lstrip("/") / "memory.max")
        elif "memory" in controllers.split(","):
            found.append(Path("/sys/fs/cgroup/memory") / path.lstrip("/") / "memory.limit_in_bytes")
    return found
