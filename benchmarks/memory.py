"""Memory and time of one submission at every isolation level, in a container-sized cgroup.

For each environment of ``environments.py`` that grades (root; root without CAP_SYS_ADMIN with a
Python every user can read, and with this interpreter; an ordinary user with and without user
namespaces), ``initgrade grade`` grades
``examples/submissions/s001_correct`` cold (a new process: the judge and its fork server import
torch) inside a fresh cgroup that holds the whole process tree, with Gradescope's default
container limits: 768 MiB of memory and half a CPU (a CFS quota of 50 ms per 100 ms). Reported:
wall time, score, isolation level reached, and the tree's peak memory as the cgroup counted it
(``memory.max_usage_in_bytes`` in cgroup v1, ``memory.peak`` in v2).

    .venv/bin/python benchmarks/memory.py [--repeat R] [--write-results]

Needs root and a writable memory and cpu cgroup (v1 or v2).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from environments import KIT_ROOT, make_environments, unavailable

SUBMISSION = KIT_ROOT / "examples" / "submissions" / "s001_correct"
GRADING = ["root", "container", "container-own-python", "user", "user-no-userns"]
MEMORY_LIMIT = 768 * 2**20
CPU_QUOTA_US, CPU_PERIOD_US = 50_000, 100_000
RESULTS = Path(__file__).resolve().parent / "memory.md"


class Cgroup:
    """A fresh memory and cpu cgroup (v2 where it is mounted alone, else v1) with the limits."""

    def __init__(self, name: str):
        v2 = Path("/sys/fs/cgroup/cgroup.controllers").exists()
        self.folders = (
            [Path("/sys/fs/cgroup") / name] if v2 else [Path(f"/sys/fs/cgroup/{c}/{name}") for c in ("memory", "cpu")]
        )
        for folder in self.folders:
            folder.mkdir()
        if v2:
            (self.folders[0] / "memory.max").write_text(str(MEMORY_LIMIT))
            (self.folders[0] / "cpu.max").write_text(f"{CPU_QUOTA_US} {CPU_PERIOD_US}")
            self._peak = self.folders[0] / "memory.peak"
        else:
            (self.folders[0] / "memory.limit_in_bytes").write_text(str(MEMORY_LIMIT))
            (self.folders[1] / "cpu.cfs_period_us").write_text(str(CPU_PERIOD_US))
            (self.folders[1] / "cpu.cfs_quota_us").write_text(str(CPU_QUOTA_US))
            self._peak = self.folders[0] / "memory.max_usage_in_bytes"

    def entering(self) -> list[str]:
        """A command prefix that moves the shell into the cgroup, then runs the rest."""
        moves = "; ".join(f"echo $$ > {folder / 'cgroup.procs'}" for folder in self.folders)
        return ["sh", "-c", f'{moves}; exec "$@"', "sh"]

    def peak(self) -> int:
        return int(self._peak.read_text())

    def remove(self) -> None:
        for folder in self.folders:
            for _ in range(100):  # the last processes of the tree may still be exiting
                try:
                    folder.rmdir()
                    break
                except OSError:
                    time.sleep(0.05)


def measure(environment, run: int) -> dict:
    """Grade the submission once in ``environment`` inside a fresh cgroup."""
    out = environment.folder("out") / "graded"
    cgroup = Cgroup(f"initgrade-memory-{environment.name}-{os.getpid()}-{run}")
    try:
        arguments = ["-m", "autograder", "grade", SUBMISSION, "--out", out, "--seed", "0", "--workers", "1"]
        started = time.perf_counter()
        done = environment.run(arguments, timeout=900, prefix=cgroup.entering())
        wall = time.perf_counter() - started
        peak = cgroup.peak()
    finally:
        cgroup.remove()
    if done.returncode != 0:
        raise RuntimeError(f"initgrade failed in {environment.name} (exit {done.returncode}): {done.stderr[-2000:]}")
    report = json.loads((out / SUBMISSION.name / "results.json").read_text())
    return {"wall": wall, "peak": peak, "score": report["score"], "level": report["extra_data"]["isolation"]}


def table(measured: dict[str, list[dict]]) -> str:
    lines = [
        "| environment | isolation level | score | wall time, runs (s) | median (s) "
        "| peak memory of the tree, runs (MiB) | largest (MiB) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, runs in measured.items():
        walls, peaks = [r["wall"] for r in runs], [r["peak"] / 2**20 for r in runs]
        lines.append(
            f"| {name} | {runs[0]['level']} | {runs[0]['score']:g} | {', '.join(f'{w:.1f}' for w in walls)} "
            f"| {statistics.median(walls):.1f} | {', '.join(f'{p:.0f}' for p in peaks)} | {max(peaks):.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per environment (default 3)")
    parser.add_argument("--write-results", action="store_true", help=f"write the table to {RESULTS.name}")
    args = parser.parse_args(argv)
    reason = unavailable()
    if reason:
        print(f"memory.py: cannot measure here: {reason}", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="initgrade-memory-"))
    try:
        environments = make_environments(base)
        measured = {name: [measure(environments[name], run) for run in range(args.repeat)] for name in GRADING}
    finally:
        shutil.rmtree(base, ignore_errors=True)
    limits = f"{MEMORY_LIMIT // 2**20} MiB of memory, {CPU_QUOTA_US / CPU_PERIOD_US:g} CPU"
    text = (
        f"# One submission in a cgroup of {limits}\n\nMeasured with `benchmarks/memory.py --repeat {args.repeat} "
        f"--write-results` on {subprocess.run(['date', '-u'], capture_output=True, text=True).stdout.strip()}, "
        f"{os.cpu_count()} cores.\n\n{table(measured)}\n"
    )
    print(text)
    if args.write_results:
        RESULTS.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
