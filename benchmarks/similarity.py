"""How long ``initgrade similarity`` takes on a class: ``--students`` (300) submissions compared.

    .venv/bin/python benchmarks/similarity.py [--students 300] [--repeat 3]

The submissions are the validity run's correct ones (``validity.py``: the reference with a random
set of the corpus's correct implementations in place of its own functions), so every pair shares
most of its code: the most work a comparison can be asked (a class of independent work shares far
less, and pairs with no fingerprint in common are not compared at all). Prints the median wall time
of ``--repeat`` runs of the command, from a new process, and the goal (under a minute on two cores).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import validity
from grading_speed import INITGRADE, timed

GOAL_SECONDS = 60


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300, help="submissions compared (300)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the command (3)")
    args = parser.parse_args(argv)
    for name in ("students", "repeat"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1; received {getattr(args, name)}")
    with tempfile.TemporaryDirectory(prefix="initgrade-similarity-bench-") as scratch:
        work = Path(scratch)
        validity.make_submissions(work, validity.corpus("right"), [], right_count=args.students, wrong_seeds=0)
        students = sorted((work / "submissions").iterdir())
        runs = []
        for k in range(args.repeat):
            command = [*INITGRADE, "similarity", *map(str, students), "--out", str(work / f"report{k}")]
            runs.append(timed(command, work / f"log{k}.txt").wall)  # exits if the command fails
    median = statistics.median(runs)
    verdict = "met" if median < GOAL_SECONDS else "MISSED"
    print(f"{args.students} submissions compared: {', '.join(f'{r:.1f}' for r in runs)} s (median {median:.1f} s)")
    print(f"goal: under {GOAL_SECONDS} s on two cores: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
