"""How fast initgrade grades, from the command line, side by side with ``nbgrader autograde``.

Builds N submission folders from the kit's own material, then times (wall clock, each run in a
fresh output folder): one submission graded cold by ``initgrade grade``, the batch of N with
``--workers W`` and the benchmark's course secret, (unless --skip-nbgrader) stock ``nbgrader
autograde`` on the same N as notebooks of an in-kernel nbgrader course (``nbgrader_course.py``), and
(unless --skip-kit-course) ``initgrade nbgrader autograde --workers W`` on the same N as notebooks of
the kit's own nbgrader course (``kit_course.py``), whose gradebook scores must equal the batch's
student by student. Each timed run also records how many cores other processes kept busy meanwhile
(``load_meter.py``), so a result taken on a shared machine says so. See benchmarks/README.md.

    .venv/bin/python benchmarks/grading_speed.py --write-results
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import runpy
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import kit_course
import nbgrader_course
from load_meter import OtherLoad

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# nbgrader runs `alembic` (its database migrations) from PATH, so the venv's bin goes first.
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
# The kit's course would take a course secret from the environment before its own file: only the file counts here.
ENV.pop("INITGRADE_SECRET", None)
INITGRADE = [str(BIN / "initgrade")] if (BIN / "initgrade").exists() else [sys.executable, "-m", "autograder"]
NBGRADER = [str(BIN / "nbgrader")] if (BIN / "nbgrader").exists() else [sys.executable, "-m", "nbgrader"]
GOALS = {"single": 5.0, 100: 240.0}  # seconds: one submission, and a batch of 100
#: The kit's course against stock nbgrader, per submission, with 2 workers: at least this many times faster.
KIT_COURSE_GOAL = 10.0
#: The course secret of the batch and of the kit's course, fixed so that every run grades with the same seeds.
SECRET = "grading-speed-benchmark-course-secret"
BATCH_SEEDS = "--secret-file course_secret"  # the batch's option, as the table shows it


@dataclass
class Run:
    """One timed command: wall seconds, cores other processes kept busy, 1-minute load before."""

    wall: float
    other_cores: float
    load_before: float


def sources() -> list[tuple[str, str, Path, str | None]]:
    """(origin, expected, base folder, corpus entry) in the order submissions cycle through.

    ``expected`` is "full" (correct code), "zero" (the blank stubs) or "loses" (mistakes); a corpus
    entry's SOURCE is appended to its MODULE of solutions/, as tests/autograder/hidden/test_corpus.py does."""
    examples = sorted((ROOT / "examples" / "submissions").iterdir())
    found = [
        ("examples/" + examples[0].name, "full", examples[0], None),
        ("assignment (stubs)", "zero", ROOT / "assignment", None),
    ]
    found += [("examples/" + folder.name, "loses", folder, None) for folder in examples[1:]]
    for kind, expected in (("right", "full"), ("wrong", "loses")):
        for entry in sorted((ROOT / "tests" / "corpus" / kind).glob("*.py")):
            found.append((f"corpus/{kind}/{entry.stem}", expected, ROOT / "solutions", str(entry)))
    return found


def make_submissions(work: Path, count: int) -> list[dict]:
    """Write ``work/submissions/s001`` ... with initializers.py and training.py; return the manifest
    (also written to ``work/submissions.json``)."""
    folder = fresh(work / "submissions")
    manifest, cycle = [], sources()
    for index in range(count):
        origin, expected, base, entry = cycle[index % len(cycle)]
        target = folder / f"s{index + 1:03d}"
        target.mkdir(parents=True)
        for module in ("initializers", "training"):
            shutil.copy(base / f"{module}.py", target / f"{module}.py")
        if entry:
            code = runpy.run_path(entry)
            with (target / f"{code['MODULE']}.py").open("a") as stream:
                stream.write("\n\n# --- the student's version ---\n" + code["SOURCE"])
        manifest.append({"student": target.name, "origin": origin, "expected": expected})
    (work / "submissions.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def timed(command: list[str], log: Path, cwd: Path | None = None) -> Run:
    """Run ``command`` (output to ``log``) while measuring other processes' load; exit unless it exits 0."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with log.open("w") as out, OtherLoad() as others:
        status = subprocess.run(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT).returncode
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{' '.join(command[:3])} ... exited with status {status}; see {log}")
    summary = f"{wall:7.1f} s, others {others.cores:.2f} cores, load before {load:.2f}: {' '.join(command[:4])} ..."
    print(summary, file=sys.stderr, flush=True)
    return Run(round(wall, 2), round(others.cores, 2), round(load, 2))


def fresh(folder: Path) -> Path:
    """``folder``, emptied (or created)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def initgrade_scores(out: Path) -> dict[str, tuple[float, float]]:
    with (out / "grades.csv").open() as stream:
        return {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(stream)}


def write_secret(work: Path) -> Path:
    """``work/course_secret``, holding ``SECRET``, readable by its owner alone (as a course's secret is)."""
    path = work / "course_secret"
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as stream:
        stream.write(SECRET + "\n")
    return path


def time_initgrade(work: Path, students: list[Path], secret_file: Path, args) -> dict:
    """Time one submission cold (``--seed 0``) ``--repeat`` times, then the batch (per-student seeds from
    ``secret_file``) ``--batch-repeat`` times; each run in a fresh folder ``work/<single|batch>/runK``
    holding its ``log.txt`` and its reports ``out/``."""
    timings = {"single": [], "batch": []}
    for kind, count, chosen, options in (
        ("single", args.repeat, students[:1], ["--seed", "0"]),
        ("batch", args.batch_repeat, students, ["--workers", str(args.workers), "--secret-file", str(secret_file)]),
    ):
        for k in range(count):
            run = fresh(work / kind / f"run{k + 1}")
            command = [*INITGRADE, "grade", *map(str, chosen), "--out", str(run / "out"), *options]
            timings[kind].append(timed(command, run / "log.txt"))
    return {**timings, "scores": initgrade_scores(run / "out")}


def time_nbgrader(work: Path, students: list[Path]) -> dict:
    """Build the course, submit every student as a notebook, time one ``nbgrader autograde``."""
    course = fresh(work / "nbgrader")
    release = nbgrader_course.build_course(course, ROOT / "solutions", NBGRADER, ENV)
    for folder in students:
        nbgrader_course.submit(course, release, folder.name, folder)
    run = timed([*NBGRADER, "autograde", nbgrader_course.ASSIGNMENT, "--force"], work / "nbgrader.log", cwd=course)
    possible = nbgrader_course.POSSIBLE
    return {"runs": [run], "scores": {s: (v, possible) for s, v in nbgrader_course.scores(course).items()}}


def time_kit_course(work: Path, students: list[Path], secret_file: Path, args) -> dict:
    """Make the kit's course with ``secret_file``, submit every student as a notebook, time one whole
    ``initgrade nbgrader autograde`` (the kit's grading, then nbgrader's recording in the gradebook)."""
    course = fresh(work / "kit-course")
    release = kit_course.build_course(course, secret_file, INITGRADE, NBGRADER, ENV)
    for folder in students:
        kit_course.submit(course, release, folder.name, folder)
    command = [*INITGRADE, "nbgrader", "autograde", kit_course.ASSIGNMENT, "--course", str(course)]
    run = timed([*command, "--workers", str(args.workers), "--force"], work / "kit-course.log")
    return {"runs": [run], "scores": kit_course.scores(course)}


def differing(expected: dict, got: dict) -> list[str]:
    """Each student of ``expected`` whose (score, max score) in ``got`` is missing or another, with both."""
    return [
        f"{student}: {got.get(student, 'no grade')} in the kit's course, {scores} from initgrade grade"
        for student, scores in sorted(expected.items())
        if student not in got or any(abs(a - b) > 1e-6 for a, b in zip(got[student], scores))
    ]


def tally(manifest: list[dict], scores: dict) -> dict[str, str]:
    """Per expected outcome: how many submissions scored full marks, zero, or in between."""
    lines = {}
    for expected in ("full", "zero", "loses"):
        students = [m["student"] for m in manifest if m["expected"] == expected]
        got = [scores[student] for student in students if student in scores]
        full = sum(score == possible for score, possible in got)
        zero = sum(score == 0 for score, _ in got)
        missing = f", {len(students) - len(got)} not graded" if len(got) < len(students) else ""
        lines[expected] = f"{len(students)}: {full} full, {zero} zero, {len(got) - full - zero} partial{missing}"
    return lines


def row(label: str, runs: list[Run], count: int, goal: float | None = None) -> str:
    """A table row: each run's wall time, the median, the median per submission, others' load, the goal."""
    middle = statistics.median(run.wall for run in runs)
    verdict = "" if goal is None else f"<= {goal:g} s: {'met' if middle <= goal else 'missed'}"
    walls, others = (
        ", ".join(f"{getattr(r, f):{p}}" for r in runs) for f, p in (("wall", ".1f"), ("other_cores", ".2f"))
    )
    return f"| {label} | {walls} | {middle:.1f} | {middle / count:.2f} | {others} | {verdict} |"


def median_wall(runs: list[Run]) -> float:
    return statistics.median(run.wall for run in runs)


def report(summary: dict) -> str:
    """The results table, in Markdown."""
    n, w, grade, nb = summary["submissions"], summary["workers"], summary["initgrade"], summary.get("nbgrader")
    kit = summary.get("kit_course")
    runs = [*grade["single"], *grade["batch"], *(nb["runs"] if nb else []), *(kit["runs"] if kit else [])]
    busiest = max(run.other_cores for run in runs)
    rows = [
        "| | |",
        "| --- | --- |",
        f"| date (`date -u`) | {summary['date']} |",
        f"| machine | {summary['cores']} cores (`nproc`); Python {summary['python']}; {summary['versions']} |",
        f"| otherwise idle? | {'yes' if busiest < 0.25 else 'no'}: other processes kept up to {busiest:.2f} cores "
        "busy during a timed run (each run's figure below) |",
        "",
        "| measurement | runs (s) | median (s) | per submission (s) | other cores busy | goal |",
        "| --- | --- | --- | --- | --- | --- |",
        row("one submission, cold: `initgrade grade s001 --seed 0`", grade["single"], 1, GOALS["single"]),
        row(f"{n} submissions: `initgrade grade --workers {w} {BATCH_SEEDS}`", grade["batch"], n, GOALS.get(n)),
    ]
    if nb:
        ratio = median_wall(nb["runs"]) / median_wall(grade["batch"])
        rows += [
            row(f"{n} notebooks, stock in-kernel course: `nbgrader autograde initialization --force`", nb["runs"], n),
            f"| ratio stock nbgrader / initgrade (batch), per submission | | | {ratio:.1f}x | | |",
        ]
    if kit:
        command = f"initgrade nbgrader autograde initialization --workers {w} --force"
        rows.append(row(f"{n} notebooks, the kit's course: `{command}`", kit["runs"], n))
    if nb and kit:
        ratio = median_wall(nb["runs"]) / median_wall(kit["runs"])
        goal = f">= {KIT_COURSE_GOAL:g}x with 2 workers: " + (
            ("met" if ratio >= KIT_COURSE_GOAL else "missed") if w == 2 else f"not judged here (--workers {w})"
        )
        rows.append(f"| ratio stock nbgrader / the kit's course, per submission | | | {ratio:.1f}x | | {goal} |")
    if kit:
        same = n - len(summary["kit_course_differs"])
        rows.append(f"| the kit's course scores equal to the batch's, student by student | | | {same} of {n} | | all |")
    routes = {  # column heading: key of its tally in the summary
        "initgrade": "initgrade_tally",
        "stock nbgrader": "nbgrader_tally",
        "the kit's course": "kit_course_tally",
    }
    rows += ["", f"| submissions expected to score | {' | '.join(routes)} |", "| --- " * (1 + len(routes)) + "|"]
    for expected, words in (("full", "full marks"), ("zero", "zero (stubs)"), ("loses", "less (mistakes)")):
        cells = [summary.get(key, {}).get(expected, "-") for key in routes.values()]
        rows.append(f"| {words} | {' | '.join(cells)} |")
    return "\n".join(rows) + "\n"


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=100, help="submissions to build and grade (default 100)")
    parser.add_argument("--workers", type=int, default=2, help="initgrade --workers for the batch (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="cold single-submission runs (default 3)")
    parser.add_argument("--batch-repeat", type=int, default=1, help="timed batch runs (default 1)")
    parser.add_argument("--out", type=Path, help="working folder, kept (default: a temporary folder, removed)")
    parser.add_argument(
        "--skip-nbgrader", action="store_true", help="do not build and time the stock in-kernel nbgrader course"
    )
    parser.add_argument(
        "--skip-kit-course",
        action="store_true",
        help="do not build and time the kit's own nbgrader course (initgrade nbgrader autograde)",
    )
    parser.add_argument("--write-results", action="store_true", help="write the table to benchmarks/results.md")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    if min(args.submissions, args.workers, args.repeat, args.batch_repeat) < 1:
        sys.exit("--submissions, --workers, --repeat and --batch-repeat must be at least 1")
    work = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="grading-speed-"))
    try:
        manifest = make_submissions(work, args.submissions)
        students = [work / "submissions" / entry["student"] for entry in manifest]
        secret_file = write_secret(work)
        summary = {
            "date": subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip(),
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "versions": ", ".join(f"{p} {metadata.version(p)}" for p in ("torch", "numpy", "nbgrader")),
            "submissions": args.submissions,
            "workers": args.workers,
            "initgrade": time_initgrade(work, students, secret_file, args),
        }
        summary["initgrade_tally"] = tally(manifest, summary["initgrade"]["scores"])
        if not args.skip_nbgrader:
            summary["nbgrader"] = time_nbgrader(work, students)
            summary["nbgrader_tally"] = tally(manifest, summary["nbgrader"]["scores"])
        if not args.skip_kit_course:
            summary["kit_course"] = time_kit_course(work, students, secret_file, args)
            summary["kit_course_tally"] = tally(manifest, summary["kit_course"]["scores"])
            summary["kit_course_differs"] = differing(summary["initgrade"]["scores"], summary["kit_course"]["scores"])
        table = report(summary)
        print(table)
        (work / "summary.json").write_text(json.dumps({**summary, "manifest": manifest}, indent=1, default=asdict))
        if summary.get("kit_course_differs"):
            wrong = "\n  ".join(summary["kit_course_differs"])
            print(f"the kit's course and initgrade grade scored students differently:\n  {wrong}", file=sys.stderr)
            return 1
        if args.write_results:
            command = shlex.join(["benchmarks/grading_speed.py", *(sys.argv[1:] if argv is None else argv)])
            title = "# Grading speed: initgrade, stock nbgrader autograde and the kit's nbgrader course"
            heading = f"{title}\n\nMeasured with `{command}`.\n\n"
            (ROOT / "benchmarks" / "results.md").write_text(heading + table)
    finally:
        if not args.out:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
