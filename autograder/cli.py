"""The ``initgrade`` command: parses arguments and calls the library; nothing else."""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from pathlib import Path

from autograder.platforms.commands import (
    Parser,
    add_platform_commands,
    add_submissions,
    existing_file,
    file_in_folder,
    folder_to_write,
    one_line,
    positive,
    seed,
    share,
    submission,
)
from autograder.reference import ASSIGNMENT_DIR, SOLUTIONS_DIR
from autograder.reports.console import format_table, grader_error_lines, unloadable_lines
from autograder.reports.progress import Progress
from autograder.sandbox.confine import EnvironmentProblem
from autograder.sandbox.launcher import ForkServer
from autograder.sandbox.levels import TRUST_OPTION
from autograder.sandbox.resources import NotEnoughMemory
from autograder.secret import SECRET_VARIABLE, given_secret


def _build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="initgrade",
        description="Weight-initialization assignment kit: release the student folder, grade, run the demo, "
        "train the transfer part's source network, make and grade an nbgrader course, write a GitHub Classroom "
        "template repository.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "demo",
        help="train the reference on digits and plot the comparison",
        description="Train one network per initializer with the reference solution, and the pre-trained "
        "network against training from scratch (transfer), and write the plots, results.json and a summary "
        "table; then grade the sample submissions.",
    )
    run.add_argument(
        "--out",
        type=folder_to_write,
        default=Path("demo-output"),
        help="folder for the plots and results.json (default: demo-output)",
    )
    run.set_defaults(run=_demo)
    run.add_argument(
        "--experiment",
        action="append",
        choices=["shallow_relu", "deep_relu", "deep_tanh", "transfer"],
        help="run only this experiment (repeatable; default: all four)",
    )

    rel = commands.add_parser(
        "release",
        help="generate the student folder from solutions/",
        description="Write the student release: solution regions replaced by "
        "stubs, helpers, public tests, answers template and README copied.",
    )
    rel.add_argument(
        "--out", type=folder_to_write, default=ASSIGNMENT_DIR, help=f"folder to write (default: {ASSIGNMENT_DIR})"
    )
    rel.set_defaults(run=_release)

    pretrain = commands.add_parser(
        "pretrain",
        help="train the source network of the transfer part and write its checkpoint",
        description="Train the network Part 4 (transfer learning) starts from: [64, 64, 32, 10], ReLU, "
        "He-normal from seed 0, 20 epochs of SGD on the ten digits of the source task, on one thread, so the "
        "same weights come out on every machine. Writes its state dict with torch.save; the same bytes at "
        "every run. The release copies solutions/pretrained_digits.pt to students: run `initgrade release` "
        "after writing it there.",
    )
    pretrain.add_argument(
        "--out",
        type=file_in_folder,
        default=SOLUTIONS_DIR / "pretrained_digits.pt",
        help=f"the checkpoint to write, in a folder that exists (default: {SOLUTIONS_DIR / 'pretrained_digits.pt'})",
    )
    pretrain.set_defaults(run=_pretrain)
    grade = commands.add_parser(
        "grade",
        help="grade submissions with the hidden suite",
        description="Grade each submission (a folder, a .zip or an .ipynb notebook; its name is the "
        "student id) in a sandboxed worker. Writes DIR/<student_id>/results.json (Gradescope format) "
        "and feedback.html, and for the class DIR/grades.csv, DIR/junit.xml and DIR/summary.html "
        "(pass rate per test, score histogram). Submissions already graded in DIR are kept unless "
        "--force. Exits 0 when every submission was graded, whatever the scores, also when some could "
        "not be loaded (not a zip, not a notebook, empty, ...: they score 0 with their status, listed on "
        "stderr and in summary.html); 1 if the grader itself failed on one (it is marked grader error, not "
        "scored, and graded again next run) or the output could not be written; 2 for a wrong call.",
    )
    grade.set_defaults(run=_grade)
    add_submissions(grade)
    grade.add_argument("--out", type=folder_to_write, required=True, help="folder for the reports (created if missing)")
    seeds = grade.add_mutually_exclusive_group()
    seeds.add_argument(
        "--seed",
        type=seed,
        help="one seed for every student instead of per-student seeds, to reproduce a grade "
        "(each report states the seed it was graded with)",
    )
    seeds.add_argument(
        "--secret-file",
        type=existing_file,
        help="file holding the course secret from which per-student seeds derive "
        f"(default: the {SECRET_VARIABLE} environment variable)",
    )
    grade.add_argument(
        "--workers",
        type=positive,
        help=f"submissions graded at once (default: the number of cores, {os.cpu_count() or 1} here, or fewer "
        "if the machine's or container's memory holds fewer; each needs about 480 MiB)",
    )
    grade.add_argument("--force", action="store_true", help="grade again submissions already graded in --out")
    grade.add_argument(
        TRUST_OPTION,
        action="store_true",
        help="only for code you trust: where no isolation is available (not root, no user namespaces, no "
        "Landlock), run it with resource limits only instead of refusing; every report says so",
    )
    grade.add_argument(
        "--written-scores",
        type=existing_file,
        metavar="FILE.csv",
        help="points given by hand to the written answers: a CSV with student_id and one column per question "
        "(q1_1 or Q1.1, ...); an empty cell, or a student without a row, stays pending. Merged into every "
        "report, also of students graded earlier, without grading their code again; a run without it shows "
        "every written answer pending",
    )
    _add_similarity(commands)
    add_platform_commands(commands)
    return parser


def _add_similarity(commands) -> None:
    from autograder.review.similarity import MIN_SHARED, THRESHOLD

    similar = commands.add_parser(
        "similarity",
        help="report code the submissions share, for a person to read",
        description="Compare every two submissions (folders, .zip files, notebooks: their initializers.py and "
        "training.py, or a notebook's code cells; nothing is run) with copydetect's winnowed fingerprints, "
        "ignoring names, strings, comments and layout, and the starter code of the student release. Writes "
        "DIR/similarity.csv (every pair with shared code, both directions' share, highest first) and "
        f"DIR/similarity.html (the pairs flagged: a score at or above the threshold over {MIN_SHARED} shared "
        "tokens or more, shared code marked side by side). A high score is evidence for a person to read, never "
        "a verdict. A submission that cannot be read is listed and skipped. Exits 0 when the report is written, "
        "whatever the scores; 2 for a wrong call.",
    )
    similar.set_defaults(run=_similarity)
    add_submissions(similar)
    similar.add_argument(
        "--out", type=folder_to_write, required=True, help="folder for the report (created if missing)"
    )
    similar.add_argument(
        "--against",
        nargs="+",
        type=submission,
        default=[],
        metavar="SUBMISSION",
        help="also compare each submission with these (earlier terms' submissions, solutions/ for a leaked "
        "answer key); never with each other",
    )
    similar.add_argument(
        "--threshold",
        type=share,
        default=THRESHOLD,
        help=f"the score from which a pair is flagged (with {MIN_SHARED} shared tokens or more), from 0 to 1 "
        f"(default: {THRESHOLD})",
    )


def _demo(args) -> int:
    from autograder import demo

    return demo.run_demo(args.out, experiments=args.experiment)


def _release(args) -> int:
    from autograder import release

    written = release.write_release(release.render_release(), args.out)
    print(f"wrote {len(written)} files to {args.out}")
    return 0


def _pretrain(args) -> int:
    from autograder.release import pretrained

    pretrained.write_checkpoint(args.out, pretrained.train_source_network())
    print(f"wrote {args.out}: the source network's state dict, to load with torch.load(weights_only=True)")
    return 0


def _similarity(args) -> int:
    from autograder.review.similarity import MIN_SHARED, compare
    from autograder.review.similarity_report import write_similarity

    comparison = compare(args.submissions, args.against, threshold=args.threshold)
    table, page = write_similarity(comparison, args.out)
    above = comparison.above()
    print(
        f"compared {comparison.documents} submission(s)"
        + (f" and {comparison.against} to compare them against" if comparison.against else "")
        + f": {len(comparison.pairs)} pair(s) share code, {len(above)} flagged (a score of {args.threshold:g} "
        f"or more, over {MIN_SHARED} shared tokens or more)"
    )
    for pair in above:
        shares = f"{pair.first_share:.0%} and {pair.second_share:.0%}"
        print(f"  {pair.first.student_id} and {pair.second.student_id}: {shares}")
    print(f"report written to {table} and {page}; a high score is evidence for a person to read, never a verdict")
    for source, reason in comparison.skipped:
        print(f"initgrade similarity: skipped {source}: {one_line(reason)}", file=sys.stderr)
    return 0


def _secret(args) -> str:
    secret = given_secret(args.secret_file)
    if not secret and args.seed is None:
        print(
            f"initgrade grade: note: no course secret (--secret-file or {SECRET_VARIABLE}); "
            "per-student seeds follow from the student ids alone",
            file=sys.stderr,
        )
    return secret


def _grade(args) -> int:
    # With one judge, in this process, its fork server starts first, to import torch while this
    # process imports the grader (pytest, the hidden suite's modules): 0.2-0.3 s sooner ready.
    server = ForkServer() if args.workers == 1 or len(args.submissions) == 1 else None
    from autograder import batch

    try:
        batch.plan_batch(args.submissions, args.out)  # a wrong call is refused before any note
        secret = _secret(args)
    except ValueError:
        if server is not None:
            server.close()
        raise

    show = Progress(sys.stderr)
    outcome = batch.grade_batch(
        args.submissions,
        args.out,
        seed=args.seed,
        secret=secret,
        workers=args.workers,
        force=args.force,
        trusted=args.trusted_code,
        written_scores=args.written_scores,
        private=[args.secret_file] if args.secret_file else [],
        progress=show.update,
        server=server,
    )
    show.finish()
    print(format_table(outcome.results))
    if outcome.skipped:
        print(f"kept {len(outcome.skipped)} earlier grades (--force grades them again): {', '.join(outcome.skipped)}")
    print(
        f"reports written to {args.out}/: grades.csv, junit.xml, summary.html, "
        "<student_id>/results.json and <student_id>/feedback.html"
    )
    for line in unloadable_lines("initgrade grade", outcome.results):
        print(line, file=sys.stderr)
    for line in grader_error_lines("initgrade grade", outcome.grader_errors, outcome.internal_errors):
        print(line, file=sys.stderr)
    # Submissions that could not be loaded leave the status 0: each has its final grade (0, with its
    # status and reason, kept on the next run like any grade), a rerun would change nothing, and the
    # Gradescope and CI wrappers must publish it; they are listed above, with their status in
    # grades.csv and results.json for CI to read. 1 says the machine or the grader failed.
    return 1 if outcome.grader_errors or outcome.internal_errors else 0


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    # Frozen objects are left out of the interpreter's last collection at exit, which over
    # torch's and pytest's objects would take most of a second and free nothing that matters.
    atexit.register(gc.freeze)
    try:
        return args.run(args)
    except (ValueError, FileNotFoundError) as error:
        print(f"initgrade {args.command}: error: {one_line(error)}", file=sys.stderr)
        return 2
    except (EnvironmentProblem, NotEnoughMemory) as problem:  # the machine's set-up: nothing was graded
        print(f"initgrade {args.command}: error: {problem}", file=sys.stderr)
        return 1
    except OSError as error:  # the machine: a full disk, a file system turned read-only, ...
        lines = getattr(error, "lines", None)  # batch.OutputProblem: what is complete, how to go on
        print(
            "\n".join(lines(f"initgrade {args.command}"))
            if lines
            else f"initgrade {args.command}: error: {one_line(error)}",
            file=sys.stderr,
        )
        return 1
