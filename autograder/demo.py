"""``initgrade demo``: the kit's main job on its own material.

1. the training comparison on the reference solution, the initializer experiments and the transfer
   experiment (pre-trained weights against training from scratch) -> OUT/comparison/ (plots,
   results.json);
2. the sample submissions in examples/submissions/ graded -> OUT/grades/ (grades.csv and
   <student_id>/results.json), with the table printed.

The comparison script ``compare.py`` imports its sibling modules by their plain names, exactly
as it does in a student's folder, so it runs in a child Python process whose module path starts
at ``solutions/``; nothing of the reference enters the instructor's process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from autograder import batch
from autograder.reference import KIT_ROOT, solutions_dir
from autograder.reports.console import format_table

EXAMPLES_DIR = KIT_ROOT / "examples" / "submissions"


def run_comparison(out: Path, *, experiments: list[str] | None = None, data: str = "digits") -> int:
    """Run ``solutions/compare.py`` writing its plots and ``results.json`` to ``out``; return its
    exit status (0 on success). Its table goes to this process's standard output."""
    command = [sys.executable, str(solutions_dir() / "compare.py"), "--out", str(out), "--data", data]
    for name in experiments or []:
        command += ["--experiment", name]
    return subprocess.run(command, check=False).returncode


def run_demo(out: Path, *, experiments: list[str] | None = None, seed: int = 0) -> int:
    """Both parts of the demo; returns 0 when both succeeded. Raises ``ValueError`` when ``out``
    is an existing file."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out must be a folder; received {out}, which is a file")
    status = run_comparison(out / "comparison", experiments=experiments)
    examples = sorted(p for p in EXAMPLES_DIR.iterdir() if p.is_dir())
    graded = batch.grade_batch(examples, out / "grades", seed=seed, workers=1)
    print(f"\nsample submissions from {EXAMPLES_DIR.relative_to(KIT_ROOT)}/, graded (seed {seed}):")
    print(format_table(graded.results))
    print(f"comparison in {out / 'comparison'}/, grades in {out / 'grades'}/")
    return status or (1 if graded.grader_errors or graded.internal_errors else 0)
