"""``initgrade demo``: run the training comparison on the reference solution.

The comparison script ``compare.py`` imports its sibling modules by their plain names, exactly
as it does in a student's folder, so it runs in a child Python process whose module path starts
at ``solutions/``; nothing of the reference enters the instructor's process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from autograder.reference import solutions_dir


def run_demo(out: Path, *, experiments: list[str] | None = None, data: str = "digits") -> int:
    """Run ``solutions/compare.py`` writing its plots and ``results.json`` to ``out``; return its
    exit status (0 on success). Its table goes to this process's standard output. Raises
    ``ValueError`` when ``out`` is an existing file."""
    if Path(out).exists() and not Path(out).is_dir():
        raise ValueError(f"--out must be a folder; received {out}, which is a file")
    command = [sys.executable, str(solutions_dir() / "compare.py"), "--out", str(out), "--data", data]
    for name in experiments or []:
        command += ["--experiment", name]
    return subprocess.run(command, check=False).returncode
