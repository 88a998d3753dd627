"""Every speed goal of the kit, each measured against its baseline in the same run.

    .venv/bin/python benchmarks/goals.py [--repeat 5] [--gradescope] [--validity] [--test-suite]

The baseline of the first two goals is the floor every Python grader of this assignment pays:
``python -c "import torch, numpy"``, timed here ``--repeat`` times, beside what a new process pays
to take one ``torch.optim`` step (``FIRST_STEP``: what grading a student's ``train`` costs at
least, printed for comparison, not a goal). Then, each a median of
``--repeat`` runs unless said otherwise, wall clock from a new process:

* one submission cold: ``initgrade grade s001 --out DIR --seed 0`` (``examples/submissions/s001_correct``);
* a batch of ``--batch`` (20) submissions built as ``grading_speed.py`` builds them (the sample
  submissions, the stubs, the corpus), ``--workers 2`` with a course secret, once, per submission;
* nbgrader (once each, on the same ``--batch`` submissions as notebooks): stock ``nbgrader
  autograde`` of the in-kernel course against ``initgrade nbgrader autograde --workers 2`` of the
  kit's course (``nbgrader_course.py``, ``kit_course.py``), per submission;
* with ``--gradescope`` (root, a writable cgroup; it rebuilds ``/autograder`` and ``/opt/initgrade``):
  the autograder zip installed by its ``setup.sh`` and one upload graded by its ``run_autograder``
  without CAP_SYS_ADMIN in a cgroup of 768 MiB and half a CPU (``gradescope.py``), with the peak
  memory of the whole process tree;
* with ``--validity``: ``validity.py``'s run of ``--validity-right`` (1000) correct submissions and
  every wrong entry once, graded by one batch;
* with ``--test-suite``: the README's test command (``.venv/bin/python -m pytest``) in a fresh clone
  of this repository's HEAD, with a virtual environment installed as the README says (untimed).

Each line says the goal, the measurement and whether it is met. The goals are those of
docs/speed.md. Exit status 0 whether or not they are met; 1 when a measured command fails.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import grading_speed
from grading_speed import INITGRADE, fresh, make_submissions, timed, write_secret

ROOT = Path(__file__).resolve().parent.parent
FLOOR_COMMAND = [sys.executable, "-c", "import torch, numpy"]
#: what running a student's ``train`` costs a new process at least: torch, then one optimizer step
#: (whose first call imports torch._dynamo)
FIRST_STEP = (
    "m = torch.nn.Linear(2, 2); o = torch.optim.SGD(m.parameters(), lr=0.1); "
    "m(torch.ones(1, 2)).sum().backward(); o.step()"
)
FIRST_STEP_COMMAND = [sys.executable, "-c", f"import torch, numpy; {FIRST_STEP}"]


def line(goal: str, measured: str, met: bool) -> str:
    return f"{goal:<58} {measured:<52} {'met' if met else 'MISSED'}"


def floor_and_single(work: Path, repeat: int) -> tuple[float, float, float]:
    """Median wall seconds of the torch-import floor, of a new process's first optimizer step and
    of one cold submission, taken in turn."""
    floor, first_step, single = [], [], []
    sample = ROOT / "examples" / "submissions" / "s001_correct"
    for k in range(repeat):
        floor.append(timed(FLOOR_COMMAND, work / f"floor{k}.log").wall)
        first_step.append(timed(FIRST_STEP_COMMAND, work / f"first_step{k}.log").wall)
        run = fresh(work / "single" / f"run{k}")
        command = [*INITGRADE, "grade", str(sample), "--out", str(run / "out"), "--seed", "0"]
        single.append(timed(command, run / "log.txt").wall)
    return statistics.median(floor), statistics.median(first_step), statistics.median(single)


def batch(work: Path, students: list[Path], secret: Path) -> float:
    out = fresh(work / "batch")
    command = [*INITGRADE, "grade", *map(str, students), "--out", str(out / "out"), "--workers", "2"]
    return timed([*command, "--secret-file", str(secret)], out / "log.txt").wall / len(students)


def nbgrader_ratio(work: Path, students: list[Path], secret: Path) -> tuple[float, float]:
    """Per-submission seconds of stock nbgrader and of the kit's course (2 judges)."""
    stock = grading_speed.time_nbgrader(work, students)["runs"][0].wall
    kit = grading_speed.time_kit_course(work, students, secret, SimpleNamespace(workers=2))["runs"][0].wall
    return stock / len(students), kit / len(students)


def gradescope(repeat: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak (MiB) of ``repeat`` Gradescope gradings."""
    import gradescope as harness

    _, runs = harness.measure(repeat)
    for graded in runs:
        if graded.status != 0:
            sys.exit(f"run_autograder exited with status {graded.status}:\n{graded.stderr[-2000:]}")
    return statistics.median(r.wall for r in runs), max(r.peak / 2**20 for r in runs)


def validity(work: Path, right: int) -> tuple[int, float, int]:
    """(submissions, wall seconds, misjudged) of one validity run."""
    import validity as run

    plan = run.make_submissions(work, run.corpus("right"), run.corpus("wrong"), right_count=right, wrong_seeds=1)
    started = time.perf_counter()
    results = run.grade(work, plan, 2)
    seconds = time.perf_counter() - started
    return len(results), seconds, sum(1 for r in results if run.misjudgement(r, plan[r.student_id]))


def test_suite(work: Path) -> float:
    """Wall seconds of the README's test command in a fresh clone under a path with a space."""
    clone = work / "fresh clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    venv = clone / ".venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-e", "."], cwd=clone, check=True)
    started = time.perf_counter()
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=clone)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"the test suite failed (exit {done.returncode}) after {seconds:.0f} s")
    return seconds


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of the floor and of one cold submission (5)")
    parser.add_argument("--batch", type=int, default=20, help="submissions of the batch and the nbgrader runs (20)")
    parser.add_argument("--gradescope", action="store_true", help="also Gradescope's harness (root; see above)")
    parser.add_argument("--validity", action="store_true", help="also the validity run")
    parser.add_argument("--validity-right", type=int, default=1000, help="correct submissions of it (1000)")
    parser.add_argument("--test-suite", action="store_true", help="also the README's test command, fresh clone")
    args = parser.parse_args(argv)
    for name in ("repeat", "batch", "validity_right"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1; received {getattr(args, name)}")
    return args


def main(argv=None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="initgrade-goals-") as scratch:
        work = Path(scratch)
        floor, first_step, single = floor_and_single(work, args.repeat)
        manifest = make_submissions(work, args.batch)
        students = [work / "submissions" / entry["student"] for entry in manifest]
        secret = write_secret(work)
        each = batch(work, students, secret)
        stock, kit = nbgrader_ratio(work, students, secret)
        lines = [
            f"floor: `python -c 'import torch, numpy'` {floor:.2f} s (median of {args.repeat})",
            f"not a goal: a new process's first torch.optim step {first_step:.2f} s = {first_step / floor:.2f}x",
            line(
                "one submission cold <= 1.5x the floor",
                f"{single:.2f} s = {single / floor:.2f}x",
                single <= 1.5 * floor,
            ),
            line(
                f"a batch of {args.batch}, 2 workers, <= 0.30x the floor each",
                f"{each:.2f} s each = {each / floor:.2f}x",
                each <= 0.30 * floor,
            ),
            line(
                "nbgrader through the kit >= 8x stock nbgrader",
                f"{stock:.2f} s against {kit:.2f} s each = {stock / kit:.1f}x",
                stock >= 8 * kit,
            ),
        ]
        if args.gradescope:
            wall, peak = gradescope(args.repeat)
            lines.append(line("Gradescope (0.5 CPU, 768 MiB) <= 6 s", f"{wall:.1f} s, peak {peak:.0f} MiB", wall <= 6))
        if args.validity:
            count, seconds, misjudged = validity(work / "validity", args.validity_right)
            measured = f"{count} in {seconds:.0f} s, {misjudged} misjudged"
            lines.append(line("validity run >= 1,000 submissions <= 5 min", measured, seconds <= 300 and not misjudged))
        if args.test_suite:
            seconds = test_suite(work)
            lines.append(line("README's test command <= 10 min", f"{seconds / 60:.1f} min", seconds <= 600))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
