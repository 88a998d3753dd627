"""Gradescope's autograder harness, reproduced on this machine, and one submission measured in it.

    install(zip_path) -> set-up log          unpacks into /autograder/source, runs setup.sh
    grade(upload, user_id, ...) -> Graded    /autograder/submission, metadata, run_autograder

As Gradescope does: the zip is unpacked into ``/autograder/source`` (with each member's mode),
``run_autograder`` is copied to ``/autograder/run_autograder``, ``setup.sh`` runs once from the source
folder, and for each submission the upload lies in ``/autograder/submission``, the submitter in
``/autograder/submission_metadata.json``, and ``/autograder/run_autograder`` runs as root, here with
CAP_SYS_ADMIN dropped from its bounding set (Docker's default), optionally in a cgroup with
Gradescope's default limits (``memory.Cgroup``: 768 MiB, half a CPU). ``setup.sh`` takes torch from
the index pip is configured with (``INITGRADE_TORCH_INDEX=pip``).

    .venv/bin/python benchmarks/gradescope.py [--repeat R]      (root; rewrites /autograder)

builds the zip, sets it up, and grades ``examples/submissions/s001_correct`` R times in that cgroup:
wall time, the tree's peak memory, score and isolation level.
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
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/autograder")
VENV = Path("/opt/initgrade")
KIT_ROOT = Path(__file__).resolve().parent.parent
DROP_SYS_ADMIN = ["setpriv", "--bounding-set", "-sys_admin", "--"]


@dataclass
class Graded:
    status: int
    results: dict
    wall: float
    peak: int | None
    stdout: str
    stderr: str


def install(zip_path: Path) -> str:
    """Unpack ``zip_path`` as Gradescope does and run its ``setup.sh``; return its output, or raise
    ``RuntimeError`` holding it when the set-up fails."""
    shutil.rmtree(ROOT, ignore_errors=True)
    shutil.rmtree(VENV, ignore_errors=True)
    source = ROOT / "source"
    source.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            target = source / info.filename
            target.write_bytes(archive.read(info))
            target.chmod((info.external_attr >> 16) & 0o777)
    shutil.copy2(source / "run_autograder", ROOT / "run_autograder")
    environment = {**os.environ, "INITGRADE_TORCH_INDEX": "pip"}
    done = subprocess.run(
        ["bash", "./setup.sh"], cwd=source, env=environment, capture_output=True, text=True, timeout=1800
    )
    log = done.stdout + done.stderr
    if done.returncode != 0:
        raise RuntimeError(f"setup.sh failed (exit {done.returncode}):\n{log[-4000:]}")
    return log


def grade(
    upload: Path, user_id: int | list[int], *, cgroup=None, metadata: str | None = None, landlock: bool = True
) -> Graded:
    """Put ``upload`` (a folder's contents, or one file) in /autograder/submission as the Gradescope
    user ``user_id`` (several for a group), run ``run_autograder`` without CAP_SYS_ADMIN, and read
    results.json. ``metadata`` replaces the metadata file's text; ``cgroup`` (``memory.Cgroup``)
    holds the run; ``landlock=False`` runs it on a kernel that refuses Landlock, as kernels older
    than 5.13 do (``kernel_refusals.py --landlock``)."""
    submission = ROOT / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    shutil.rmtree(ROOT / "results", ignore_errors=True)
    if Path(upload).is_dir():
        shutil.copytree(upload, submission)
    else:
        submission.mkdir()
        shutil.copy(upload, submission / Path(upload).name)
    users = [{"id": i, "email": f"{i}@example.edu", "name": f"Student {i}"} for i in _listed(user_id)]
    text = metadata if metadata is not None else json.dumps({"id": 1, "users": users, "submission_method": "upload"})
    (ROOT / "submission_metadata.json").write_text(text)
    prefix = cgroup.entering() if cgroup else []
    if not landlock:
        prefix += [sys.executable, str(Path(__file__).resolve().parent / "kernel_refusals.py"), "--landlock"]
    started = time.perf_counter()
    done = subprocess.run(
        [*prefix, *DROP_SYS_ADMIN, str(ROOT / "run_autograder")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    wall = time.perf_counter() - started
    results = json.loads((ROOT / "results" / "results.json").read_text())
    return Graded(done.returncode, results, wall, cgroup.peak() if cgroup else None, done.stdout, done.stderr)


def _listed(user_id: int | list[int]) -> list[int]:
    return user_id if isinstance(user_id, list) else [user_id]


def measure(repeat: int) -> tuple[float, list[Graded]]:
    """Build the zip, install it (its ``setup.sh`` seconds are returned) and grade ``s001_correct``
    as user 4242 ``repeat`` times, each in a fresh cgroup with Gradescope's default limits."""
    from memory import Cgroup

    with tempfile.TemporaryDirectory() as scratch:
        zip_path = Path(scratch) / "autograder.zip"
        secret = Path(scratch) / "secret"
        secret.write_text("benchmark secret\n")
        initgrade = [sys.executable, "-m", "autograder", "gradescope", "--out", str(zip_path)]
        subprocess.run([*initgrade, "--secret-file", str(secret)], check=True, cwd=KIT_ROOT)
        started = time.perf_counter()
        install(zip_path)
        setup = time.perf_counter() - started
    runs = []
    for run in range(repeat):
        cgroup = Cgroup(f"initgrade-gradescope-{os.getpid()}-{run}")
        try:
            runs.append(grade(KIT_ROOT / "examples" / "submissions" / "s001_correct", 4242, cgroup=cgroup))
        finally:
            cgroup.remove()
    return setup, runs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="gradings measured (default 3)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    setup, runs = measure(args.repeat)
    print(f"setup.sh: {setup:.0f} s")
    for run, graded in enumerate(runs):
        level = graded.results["extra_data"]["isolation"]
        print(f"run {run + 1}: {graded.wall:.1f} s, peak {graded.peak / 2**20:.0f} MiB, ", end="")
        print(f"score {graded.results['score']}, level {level}, exit {graded.status}")
    walls, peaks = [r.wall for r in runs], [r.peak / 2**20 for r in runs]
    print(f"median {statistics.median(walls):.1f} s (max {max(walls):.1f} s), peak memory max {max(peaks):.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
