"""The ``initgrade`` command: parses arguments and calls the library; nothing else."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder import demo, release
from autograder.reference import ASSIGNMENT_DIR


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="initgrade",
        description="Weight-initialization assignment kit: release the student folder, run the demo.",
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return demo.run_demo(args.out, experiments=args.experiment)
        written = release.write_release(release.render_release(), args.out)
        print(f"wrote {len(written)} files to {args.out}")
        return 0
    except (ValueError, FileNotFoundError) as error:
        print(f"initgrade {args.command}: error: {error}", file=sys.stderr)
        return 2
