"""Grading a batch of submissions into an output folder.

grade_batch(submissions, out, *, seed):
    check the arguments -> grade each submission -> DIR/<student_id>/results.json
                                                  -> DIR/grades.csv
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder.grading import grade_submission
from autograder.reports.grades_csv import write_grades_csv
from autograder.reports.gradescope import write_results_json
from autograder.results import GradingResults


@dataclass
class BatchOutcome:
    results: list[GradingResults] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)


def check_submissions(paths: list[Path], out: Path) -> list[Path]:
    """The submission folders, or ``ValueError`` naming every path that cannot be graded."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("no submissions given; pass one or more submission folders")
    missing = [str(p) for p in paths if not p.is_dir()]
    if missing:
        raise ValueError(f"a submission must be a folder holding the student's .py files; not a folder: {missing}")
    names = [p.resolve().name for p in paths]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"student ids (folder names) must be unique; repeated: {repeated}")
    out = Path(out).resolve()
    inside = [str(p) for p in paths if out == p.resolve() or p.resolve() in out.parents]
    if inside:
        raise ValueError(f"--out must not be inside a submission; received {out} inside {inside}")
    return paths


def grade_batch(paths: list[Path], out: Path, *, seed: int = 0, progress=None) -> BatchOutcome:
    """Grade every submission; write its results.json as soon as it is graded, grades.csv last.

    ``progress(results)`` is called after each submission (the CLI prints a line)."""
    outcome = BatchOutcome()
    for folder in check_submissions(paths, out):
        results, run = grade_submission(folder, seed=seed, student_id=folder.resolve().name)
        write_results_json(results, Path(out) / results.student_id / "results.json")
        outcome.results.append(results)
        outcome.internal_errors += [f"{results.student_id}: {error}" for error in run.internal_errors]
        if progress:
            progress(results)
    write_grades_csv(outcome.results, Path(out) / "grades.csv")
    return outcome
