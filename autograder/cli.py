"""The ``initgrade`` command: parses arguments and calls the library; nothing else."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder import batch, demo, release
from autograder.reference import ASSIGNMENT_DIR
from autograder.reports.table import format_table


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="initgrade",
        description="Weight-initialization assignment kit: release the student folder, grade, run the demo.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "demo",
        help="train the reference on digits and plot the comparison",
        description="Train one network per initializer with the reference "
        "solution and write the plots, results.json and a summary table.",
    )
    run.add_argument(
        "--out",
        type=Path,
        default=Path("demo-output"),
        help="folder for the plots and results.json (default: demo-output)",
    )
    run.add_argument(
        "--experiment",
        action="append",
        choices=["shallow_relu", "deep_relu", "deep_tanh"],
        help="run only this experiment (repeatable; default: all three)",
    )

    rel = commands.add_parser(
        "release",
        help="generate the student folder from solutions/",
        description="Write the student release: solution regions replaced by "
        "stubs, helpers, public tests, answers template and README copied.",
    )
    rel.add_argument("--out", type=Path, default=ASSIGNMENT_DIR, help=f"folder to write (default: {ASSIGNMENT_DIR})")
    grade = commands.add_parser(
        "grade",
        help="grade submission folders with the hidden suite",
        description="Grade each submission folder (its name is the student id): "
        "writes DIR/<student_id>/results.json (Gradescope format) and DIR/grades.csv, "
        "and prints a table. Exits 0 when every submission was graded, whatever the scores.",
    )
    grade.add_argument(
        "submissions",
        nargs="+",
        type=Path,
        metavar="SUBMISSION",
        help="a folder with the student's initializers.py and training.py",
    )
    grade.add_argument("--out", type=Path, required=True, help="folder for the reports (created if missing)")
    grade.add_argument(
        "--seed",
        type=int,
        default=0,
        help="fixes every random choice of the hidden suite, to reproduce a grade (default: 0)",
    )
    return parser


def _grade(args) -> int:
    outcome = batch.grade_batch(
        args.submissions,
        args.out,
        seed=args.seed,
        progress=lambda r: print(f"graded {r.student_id}: {r.total:g}/{r.possible:g}", file=sys.stderr, flush=True),
    )
    print(format_table(outcome.results))
    print(f"reports written to {args.out}/ (grades.csv and <student_id>/results.json)")
    for error in outcome.internal_errors:
        print(f"initgrade grade: internal error: {error}", file=sys.stderr)
    return 1 if outcome.internal_errors else 0


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return demo.run_demo(args.out, experiments=args.experiment)
        if args.command == "grade":
            return _grade(args)
        written = release.write_release(release.render_release(), args.out)
        print(f"wrote {len(written)} files to {args.out}")
        return 0
    except (ValueError, FileNotFoundError) as error:
        print(f"initgrade {args.command}: error: {error}", file=sys.stderr)
        return 2
